import { test, expect, BrowserContext, Page } from '@playwright/test';

// Time to interactive on a county office's line: 1.6 Mbps down, 150 ms
// round trip, a CPU 4× slower than this machine's, for the login page and
// the status table (/report as a county reviewer), cold (an empty cache)
// and warm (the same browser again). "Interactive" is `body[data-hydrated]`,
// which the app sets once hydration has run. Printed, not asserted.

const NETWORK = {
  offline: false,
  latency: 150, // ms, round trip
  downloadThroughput: (1.6e6 / 8), // bytes per second
  uploadThroughput: (768e3 / 8),
};
const CPU_SLOWDOWN = 4;
const COUNTY_REVIEWER = 'r430104';

test.use({ locale: 'zh-CN' });

/** The moment `body[data-hydrated]` appears, in ms since navigation start. */
function watchHydration() {
  const w = window as any;
  const seen = () => {
    if (w.__hydratedAt === undefined && document.body?.hasAttribute('data-hydrated')) {
      w.__hydratedAt = performance.now();
    }
  };
  new MutationObserver(seen).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-hydrated'] });
}

async function throttle(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', NETWORK);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
}

interface Load { interactive: number; readable: number; bytes: number }

/** Loads `path` and answers when it became interactive, and the bytes that came over the network until then. */
async function load(page: Page, path: string): Promise<Load> {
  await page.goto(path, { waitUntil: 'commit' });
  await expect(page.locator('body[data-hydrated]')).toBeAttached({ timeout: 120_000 });
  return page.evaluate(() => {
    const at = (window as any).__hydratedAt as number;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const before = resources.filter((r) => r.responseEnd <= at);
    const bytes = nav.transferSize + before.reduce((s, r) => s + r.transferSize, 0);
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    return { interactive: at, readable: paint ? paint.startTime : NaN, bytes };
  });
}

const ms = (x: number) => `${(x / 1000).toFixed(2)} s`.padStart(8);
const kb = (x: number) => `${(x / 1000).toFixed(0)} kB`.padStart(8);
function report(what: string, cold: Load, warm: Load) {
  console.log(
    `${what.padEnd(36)} cold: interactive ${ms(cold.interactive)} (first paint ${ms(cold.readable)}, ${kb(cold.bytes)} transferred)` +
      ` | warm: interactive ${ms(warm.interactive)} (${kb(warm.bytes)})`,
  );
}

test('login page', async ({ browser }) => {
  const context = await browser.newContext();
  await context.addInitScript(watchHydration);
  const page = await context.newPage();
  await throttle(context, page);
  const cold = await load(page, '/login');
  const warm = await load(page, '/login');
  report('login page (/login)', cold, warm);
  await context.close();
});

test('status table of a county', async ({ browser }) => {
  const context = await browser.newContext();
  const r = await context.request.post('/api/login', { form: { username: COUNTY_REVIEWER, password: 'Jyxx@2026' } });
  expect(r.ok(), await r.text()).toBeTruthy();
  await context.addInitScript(watchHydration);
  const page = await context.newPage();
  await throttle(context, page);
  const cold = await load(page, '/report');
  await expect(page.locator('table.status')).toBeVisible();
  const warm = await load(page, '/report');
  report(`status table (/report, ${COUNTY_REVIEWER})`, cold, warm);
  await context.close();
});
