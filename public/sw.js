// The service worker: lets an open form be reloaded while offline.
// Pages and /pkg files: network first, the last good copy when offline.
const CACHE = 'jyxx-shell-v1';

self.addEventListener('install', (event) => {
  self.skipWaiting();
  event.waitUntil(
    caches.open(CACHE).then((c) => c.addAll(['/pkg/jyxx.js', '/pkg/jyxx_bg.wasm', '/pkg/jyxx.css', '/favicon.svg'])),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  // Live events and server fns always go to the network.
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/files/')) return;
  if (req.mode === 'navigate') {
    event.respondWith(
      fetch(req)
        .then((resp) => {
          if (resp.ok) {
            const copy = resp.clone();
            caches.open(CACHE).then((c) => c.put(req, copy));
          }
          return resp;
        })
        .catch(() => caches.open(CACHE).then((c) => c.match(req, { ignoreSearch: false }))
          .then((hit) => hit || caches.open(CACHE).then((c) => c.match(req, { ignoreSearch: true })))
          .then((hit) => hit || new Response('<!doctype html><meta charset="utf-8"><p>当前离线，且本页尚未缓存。联网后重试。</p>',
            { headers: { 'Content-Type': 'text/html; charset=utf-8' } }))),
    );
    return;
  }
  if (url.pathname.startsWith('/pkg/') || url.pathname === '/favicon.svg') {
    // Network first here too: a new build keeps the same file names, and an
    // old bundle must never meet a new page.
    event.respondWith(
      fetch(req)
        .then((resp) => {
          if (resp.ok) {
            const copy = resp.clone();
            caches.open(CACHE).then((c) => c.put(req, copy));
          }
          return resp;
        })
        .catch(() => caches.open(CACHE).then((c) => c.match(req))),
    );
  }
});
