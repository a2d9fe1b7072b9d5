import { test, expect } from '@playwright/test';
import { hydrated, login, loginForm, logoutButton, menuLink, reportPage, reportReady, signIn } from './helpers';

test('a city reviewer sees its counties, switches month without reload, expands 直属 and logs out', async ({ page }) => {
  await login(page, 'r430100');
  await reportReady(page);
  await expect(page.locator('header .who')).toContainText('长沙市-市级审核员');
  const menu: [string, string][] = [
    ['/report', '数据上报'],
    ['/fill', '本级填报'],
    ['/notices', '通知通告'],
    ['/profile', '个人设置'],
  ];
  for (const [href, label] of menu) {
    await expect(menuLink(page, href)).toBeVisible();
    await expect(menuLink(page, href)).toContainText(label);
  }
  await expect(page.locator('footer')).toContainText('客服电话：4008980910');

  const { table } = reportPage(page);
  await expect(table.locator('tr.sum')).toContainText('合计');
  await expect(table.locator('tr.child[data-code="430104"]')).toContainText('岳麓区');
  await expect(table.locator('tr.child[data-code="430102"]')).toContainText('芙蓉区');
  await expect(table.locator('tr.child')).toHaveCount(9);

  const heading = page.locator('.report-head h2');
  const first = await heading.textContent();
  expect(first).toMatch(/^\d{4}年\d{1,2}月上报数据$/);

  // A marker on window survives only if the page is not reloaded.
  await page.evaluate(() => ((window as any).__noReload = true));
  const active = page.locator('.picker a.month.active');
  const current = Number(await active.getAttribute('data-month'));
  const previous = current === 1 ? 12 : current - 1;
  if (current === 1) {
    await page.locator('select[data-picker="year"]').selectOption(String(Number(first!.slice(0, 4)) - 1));
  }
  await page.locator(`.picker a.month[data-month="${previous}"]`).click();
  await expect(page.locator(`.picker a.month[data-month="${previous}"]`)).toHaveClass(/active/);
  await expect(heading).toContainText(`${previous}月上报数据`);
  expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);

  const sumCells = table.locator('tr.sum td.num');
  await expect(sumCells.first()).not.toHaveText('0');

  await reportReady(page);
  await reportPage(page).expandDirect.click();
  await expect(table.locator('tr.school').first()).toBeVisible();
  await expect(table.locator('tr.school').first()).toContainText('长沙市第');

  // 退出 leaves with a full page load of /login (the router may show
  // /login first): wait for that new page before asking for another.
  await page.evaluate(() => ((window as any).__beforeLogout = true));
  await logoutButton(page).click();
  await expect(page).toHaveURL(/\/login/);
  await page.waitForFunction(() => !(window as any).__beforeLogout && document.readyState === 'complete');
  // The page may send the browser on to /login before it has loaded:
  // wait only for the answer, then for where the browser ends up.
  await page.goto('/report', { waitUntil: 'commit' });
  await expect(page).toHaveURL(/\/login/);
});

test('a county reviewer cannot open a sibling county by URL', async ({ page }) => {
  await login(page, 'r430104');
  await page.goto('/report?region=430102');
  await expect(page.locator('.report [role=alert]')).toHaveText('未找到');
});

test('a wrong password says so without telling whether the account exists', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await signIn(page, 'r430100', 'wrong-password');
  await expect(loginForm(page).form.locator('[role="alert"]')).toHaveText('用户名或密码错误');
});
