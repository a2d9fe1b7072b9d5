import { test, expect, Page } from '@playwright/test';
import { login, logoutButton, setClock } from './helpers';

// Shared office computers (issue: the browser never keeps or shows what is
// no longer true): after 退出 nothing of the last user is readable offline,
// the next user offline never gets another account's page, a URL offline is
// that URL's own page or a plain "not available offline", and 退出 made
// offline logs out at once and reaches the server when the network returns.

async function swReady(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
}

test('nothing of the last user stays readable after 退出, online or offline', async ({ browser, request }) => {
  await setClock(request, '2026-11-04T10:00:00+08:00');
  const context = await browser.newContext();
  const page = await context.newPage();

  // A county reviewer walks its pages, including its questionnaire (an
  // offline form, which keeps its page for this account) and the user list.
  await login(page, 'r430104');
  for (const url of ['/report?y=2026&m=11', '/fill', '/admin/users']) {
    await page.goto(url);
    await expect(page.locator('body[data-hydrated]')).toBeAttached();
  }
  await swReady(page);
  await page.evaluate(() => localStorage.setItem('jyxx:draft:r430104:fill:0', '{"x":1}'));
  await logoutButton(page).click();
  await expect(page).toHaveURL(/\/login/);
  // The page reloads itself on /login: read the device once it has.
  const drafts = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('r430104'))).catch(() => null);
  await expect.poll(drafts).toEqual([]);

  // Offline, none of its pages is there for the next person.
  await context.setOffline(true);
  for (const url of ['/admin/users', '/report?y=2026&m=11', '/fill']) {
    await page.goto(url);
    await expect(page.locator('body')).toContainText('此页面不支持离线访问');
  }
  await context.setOffline(false);

  // The next user: its own form works offline, exactly that URL; another
  // month's form and the county's table do not.
  await login(page, 's4301020001');
  await page.goto('/school?y=2026&m=11');
  await expect(page.locator('body[data-hydrated]')).toBeAttached();
  await swReady(page);
  await page.waitForTimeout(500);
  await context.setOffline(true);
  await page.goto('/school?y=2026&m=11');
  await expect(page.locator('.school-month h2')).toHaveText('2026年11月月度数据');
  await page.goto('/school?y=2026&m=10');
  await expect(page.locator('body')).toContainText('此页面不支持离线访问');
  await page.goto('/report?y=2026&m=11');
  await expect(page.locator('body')).toContainText('此页面不支持离线访问');

  // 退出 while offline: logged out on the device at once...
  await page.goto('/school?y=2026&m=11');
  await expect(page.locator('body[data-hydrated]')).toBeAttached();
  await logoutButton(page).click();
  await expect(page).toHaveURL(/\/login/);
  await page.waitForLoadState();
  await page.goto('/school?y=2026&m=11');
  await expect(page.locator('body')).toContainText('此页面不支持离线访问');
  // ... and on the server as soon as the network returns.
  await context.setOffline(false);
  await page.goto('/school?y=2026&m=11');
  await expect(page).toHaveURL(/\/login/);
  const me = await context.request.post('/api/get_me');
  expect(await me.text()).toBe('null');
  await context.close();
});
