// The service worker: lets an open form be reloaded while offline, and
// keeps nothing a later user of the device could read.
//
// - The bundle, the stylesheet and the public pages (/login, /forgot) live
//   in one cache per build; a new build's worker deletes every older cache,
//   so a page and a bundle of different builds never meet. The bundle's
//   files are named by their content (scripts/build.sh writes this build's
//   names into BUNDLE): one found in the cache is the file itself.
// - A logged-in page is kept only when the page itself asks (the offline
//   forms: 月度数据, 本级填报), in the cache of the account that asked
//   ("jyxx-u-<account>"), and is served offline only to that account, for
//   exactly that URL. Any other page offline reads "不支持离线访问".
// - 退出 removes the account's cache (see app/src/offline.rs); when it
//   happened offline, the page left a note ("/__logout" in the session
//   cache) and the first navigation online tells the server before
//   anything else.
const BUILD = '__BUILD__';
const BUNDLE = ['__BUNDLE__'];
const SHELL = `jyxx-${BUILD}-shell`;
const SESSION = 'jyxx-session';
const PUBLIC_PAGES = ['/login', '/forgot'];

self.addEventListener('install', (event) => {
  self.skipWaiting();
  event.waitUntil((async () => {
    const c = await caches.open(SHELL);
    await c.addAll([...BUNDLE, '/favicon.svg']);
    // Public pages as anyone sees them: without the session cookie.
    for (const p of PUBLIC_PAGES) {
      const r = await fetch(p, { credentials: 'omit' });
      if (r.ok && !r.redirected) await c.put(p, r);
    }
  })());
});

self.addEventListener('activate', (event) => {
  // Pages kept by another build go too: they would load this build's bundle.
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('jyxx-') && k !== SHELL && k !== SESSION)
        .map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function note(name) {
  const hit = await (await caches.open(SESSION)).match(name);
  return hit ? hit.text() : null;
}

/// A 退出 made offline reaches the server before the next page does.
async function flushLogout() {
  if ((await note('/__logout')) === null) return;
  try {
    const r = await fetch('/api/logout', { method: 'POST', credentials: 'same-origin', redirect: 'manual' });
    if (r.type === 'opaqueredirect' || r.ok || r.status < 500) {
      await (await caches.open(SESSION)).delete('/__logout');
    }
  } catch (_) {
    // Still offline: the note stays.
  }
}

function notOffline() {
  return new Response(
    '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>不支持离线访问</title>' +
      '<p>当前处于离线状态，此页面不支持离线访问。联网后重试。</p><p><a href="/login">登录</a></p></html>',
    { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } },
  );
}

async function offlinePage(req) {
  const url = new URL(req.url);
  if (PUBLIC_PAGES.includes(url.pathname)) {
    const hit = await (await caches.open(SHELL)).match(url.pathname);
    if (hit) return hit;
  }
  const account = await note('/__account');
  if (account && (await note('/__logout')) === null) {
    const hit = await (await caches.open(`jyxx-u-${account}`)).match(req);
    if (hit) return hit;
  }
  return notOffline();
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  // Live events, server fns and files always go to the network.
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/files/')) return;
  if (req.mode === 'navigate') {
    event.respondWith((async () => {
      await flushLogout();
      try {
        return await fetch(req);
      } catch (_) {
        return offlinePage(req);
      }
    })());
    return;
  }
  if (BUNDLE.includes(url.pathname)) {
    // Named by its content: this build's copy is the file, online or not.
    event.respondWith(
      caches.open(SHELL)
        .then((c) => c.match(req, { ignoreVary: true }))
        .then((hit) => hit || fetch(req)),
    );
    return;
  }
  if (url.pathname.startsWith('/pkg/') || url.pathname === '/favicon.svg') {
    // Network first: online, the server's current files; offline, this
    // build's copies.
    event.respondWith(
      fetch(req).catch(() => caches.open(SHELL).then((c) => c.match(req))),
    );
  }
});
