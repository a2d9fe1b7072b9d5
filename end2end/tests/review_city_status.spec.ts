import { test, expect } from '@playwright/test';
import { login, reportReady } from './helpers';

test('a city reviewer sees its counties, switches month without reload, expands 直属 and logs out', async ({ page }) => {
  await login(page, 'r430100');
  await reportReady(page);
  await expect(page.locator('header')).toContainText('长沙市-市级审核员');
  for (const label of ['数据上报', '本级填报', '通知通告', '个人设置']) {
    await expect(page.getByRole('link', { name: label })).toBeVisible();
  }
  await expect(page.locator('footer')).toContainText('客服电话：4008980910');

  const table = page.getByRole('table', { name: '上报情况' });
  await expect(table).toContainText('合计');
  await expect(table).toContainText('岳麓区');
  await expect(table).toContainText('芙蓉区');
  await expect(table.locator('tr.child')).toHaveCount(9);

  const heading = page.locator('.report-head h2');
  const first = await heading.textContent();
  expect(first).toMatch(/^\d{4}年\d{1,2}月上报数据$/);

  // A marker on window survives only if the page is not reloaded.
  await page.evaluate(() => ((window as any).__noReload = true));
  const current = Number(/年(\d+)月/.exec(first!)![1]);
  const previous = current === 1 ? 12 : current - 1;
  if (current === 1) {
    await page.getByLabel('年份').selectOption(String(Number(first!.slice(0, 4)) - 1));
  }
  await page.getByRole('group', { name: '月份' }).getByText(`${previous}月`, { exact: true }).click();
  await expect(heading).toContainText(`${previous}月上报数据`);
  expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);

  const sumCells = table.locator('tr.sum td.num');
  await expect(sumCells.first()).not.toHaveText('0');

  await reportReady(page);
  await table.getByRole('button', { name: /直属/ }).click();
  await expect(table.locator('tr.school').first()).toBeVisible();
  await expect(table.locator('tr.school').first()).toContainText('长沙市第');

  await page.getByRole('button', { name: '退出' }).click();
  await expect(page).toHaveURL(/\/login/);
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
  await expect(page.locator('body[data-hydrated]')).toBeAttached();
  await page.getByLabel('用户名').fill('r430100');
  await page.getByLabel('密码').fill('wrong-password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('alert')).toHaveText('用户名或密码错误');
});
