#!/usr/bin/env node
// The front end's weight, as a browser meets it: for the login page and the
// status table (/report as a county reviewer), the files of /pkg that the
// server-rendered page links (stylesheet, modulepreload, preload, script)
// and the static imports of those scripts, each fetched from the running
// server as brotli (the build's -q 11 file) and as plain bytes; then every
// bundle file of the site; each beside the reference.
//
//   node scripts/bundle_budget.mjs <base url> <site root>
//
// Run by scripts/bundle_budget.sh (make bench), which starts the server.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

// The reference of issue 15: the front end of leptos' `hackernews_axum`
// example, built with this project's toolchain and profile (wasm-release,
// wasm-opt -Oz), its JS + WASM measured side by side with ours.
const REFERENCE = { name: 'leptos hackernews_axum (issue 15)', raw: 605_537, brotli: 190_750 };
const COUNTY_REVIEWER = 'r430104';
const PASSWORD = 'Jyxx@2026';

const [base, site] = process.argv.slice(2);
if (!base || !site) {
  console.error('usage: bundle_budget.mjs <base url> <site root>');
  process.exit(2);
}

function request(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

function brotli11(buf) {
  return zlib.brotliCompressSync(buf, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
  }).length;
}

/** A file as served: plain bytes, and brotli as the server answers `Accept-Encoding: br`. */
async function served(url) {
  const plain = await request(url, { headers: { 'Accept-Encoding': 'identity' } });
  if (plain.status !== 200) throw new Error(`${url}: ${plain.status}`);
  const br = await request(url, { headers: { 'Accept-Encoding': 'br' } });
  const asBrotli = br.headers['content-encoding'] === 'br';
  return {
    raw: plain.body.length,
    // A file the build did not compress is compressed here (and marked).
    brotli: asBrotli ? br.body.length : brotli11(plain.body),
    precompressed: asBrotli,
    text: plain.body.toString('utf8'),
  };
}

/** The /pkg files a page's HTML links before it can run. */
function linked(html, pageUrl) {
  const out = [];
  for (const tag of html.match(/<(link|script)\b[^>]*>/gi) ?? []) {
    const attr = (name) => tag.match(new RegExp(`\\b${name}="([^"]*)"`, 'i'))?.[1];
    const rel = (attr('rel') ?? '').toLowerCase();
    const ref = tag.toLowerCase().startsWith('<link')
      ? (['stylesheet', 'modulepreload', 'preload'].includes(rel) ? attr('href') : undefined)
      : attr('src');
    if (!ref) continue;
    const url = new URL(ref, pageUrl);
    if (url.origin === new URL(pageUrl).origin && url.pathname.startsWith('/pkg/')) out.push(url.href);
  }
  return out;
}

/** A module's static imports (`import … from '…'`, `import '…'`, `export … from '…'`). */
function staticImports(js, jsUrl) {
  const out = [];
  const re = /(?:^|[;\n}])\s*(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+)["']/g;
  for (const m of js.matchAll(re)) out.push(new URL(m[1], jsUrl).href);
  return out;
}

/** Everything a page needs before it is interactive, fetched as served. */
async function pageNeeds(pagePath, cookie) {
  const pageUrl = new URL(pagePath, base).href;
  const page = await request(pageUrl, { headers: { 'Accept-Encoding': 'br', ...(cookie ? { Cookie: cookie } : {}) } });
  if (page.status !== 200) throw new Error(`${pagePath}: ${page.status}`);
  const html = (page.headers['content-encoding'] === 'br' ? zlib.brotliDecompressSync(page.body) : page.body).toString('utf8');
  const files = new Map();
  const queue = linked(html, pageUrl);
  while (queue.length) {
    const url = queue.shift();
    if (files.has(url)) continue;
    const f = await served(url);
    files.set(url, f);
    if (new URL(url).pathname.endsWith('.js')) queue.push(...staticImports(f.text, url));
  }
  return { files, html: { raw: Buffer.byteLength(html), wire: page.body.length } };
}

async function login(user) {
  const r = await request(new URL('/api/login', base), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: `username=${user}&password=${encodeURIComponent(PASSWORD)}`,
  });
  const cookies = [r.headers['set-cookie'] ?? []].flat().map((c) => c.split(';')[0]);
  if (!cookies.length) throw new Error(`login as ${user}: ${r.status} ${r.body}`);
  return cookies.join('; ');
}

const n = (x) => x.toLocaleString('en-US');
const ratio = (x) => (x / REFERENCE.brotli).toFixed(2);
const row = (what, files, raw, brotli) =>
  console.log(`${what.padEnd(46)} ${String(files).padStart(5)} ${n(raw).padStart(12)} ${n(brotli).padStart(12)} ${(files === '' ? '1.00' : ratio(brotli)).padStart(8)}`);

function sum(files) {
  let raw = 0;
  let brotli = 0;
  for (const f of files.values()) {
    raw += f.raw;
    brotli += f.brotli;
  }
  return { raw, brotli };
}

// Every bundle file of the site (not the compressed copies, not the manifest).
function allBundleFiles() {
  const pkg = path.join(site, 'pkg');
  const files = new Map();
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (!/\.(br|gz)$/.test(e.name) && e.name !== 'manifest.json') {
        const raw = fs.statSync(p).size;
        const brFile = `${p}.br`;
        const precompressed = fs.existsSync(brFile);
        files.set(path.relative(pkg, p), {
          raw,
          brotli: precompressed ? fs.statSync(brFile).size : brotli11(fs.readFileSync(p)),
          precompressed,
        });
      }
    }
  };
  walk(pkg);
  return files;
}

const manifest = JSON.parse(fs.readFileSync(path.join(site, 'pkg', 'manifest.json'), 'utf8'));
const pages = [
  ['login page (/login)', '/login', null],
  [`status table (/report, ${COUNTY_REVIEWER})`, '/report', await login(COUNTY_REVIEWER)],
];
console.log(`\n==> Front-end weight (build ${manifest.name}, ${manifest.profile ?? '?'} profile)`);
console.log('    before interactive: the /pkg files each page links, and their static imports; brotli as served');
console.log(`${'what'.padEnd(46)} ${'files'.padStart(5)} ${'raw bytes'.padStart(12)} ${'brotli'.padStart(12)} ${'× ref'.padStart(8)}`);
const details = [];
for (const [what, pagePath, cookie] of pages) {
  const { files, html } = await pageNeeds(pagePath, cookie);
  const s = sum(files);
  row(what, files.size, s.raw, s.brotli);
  details.push([what, files, html]);
}
const all = allBundleFiles();
const s = sum(all);
row('all bundle files', all.size, s.raw, s.brotli);
row(`reference: ${REFERENCE.name}`, '', REFERENCE.raw, REFERENCE.brotli);
console.log('    reference: the leptos 0.8 example `hackernews_axum` (JS + WASM), built with this toolchain and');
console.log('    profile and measured with brotli -q 11 side by side with this project (issue 15); a constant here.');
for (const [what, files, html] of details) {
  console.log(`  ${what}: the page ${n(html.raw)} bytes, ${n(html.wire)} on the wire; files:`);
  for (const [url, f] of files) {
    console.log(`    ${new URL(url).pathname.padEnd(48)} ${n(f.raw).padStart(12)} ${n(f.brotli).padStart(10)}${f.precompressed ? '' : '  (not precompressed: brotli -q 11 here)'}`);
  }
}
const missing = [...all.values()].filter((f) => !f.precompressed).length;
if (missing) console.log(`  ${missing} bundle file(s) without a .br copy (compressed here for the figures)`);
