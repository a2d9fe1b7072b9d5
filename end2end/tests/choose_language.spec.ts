import { test, expect } from '@playwright/test';
import { PASSWORD } from './helpers';

// The language switch: on the login page and in the header, remembered on
// the device (cookie) and for the user (the next login, on a new device).
test('a user switches to English, keeps it across reloads and devices, and back to Chinese', async ({ browser }) => {
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const page = await ctx.newPage();
  await page.goto('/login');
  await expect(page.locator('body[data-hydrated]')).toBeAttached();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { name: '用户登录' })).toBeVisible();

  await page.locator('.language button[data-locale="en"]').click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('.language button[data-locale="en"]')).toHaveAttribute('aria-pressed', 'true');

  // The server renders the chosen language from the cookie: no flash of Chinese.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

  await page.getByLabel('Username').fill('r430104');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/report/);
  await expect(page.locator('body[data-hydrated]')).toBeAttached();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Reporting' })).toBeVisible();
  // Domain values are named in the page's language too.
  await expect(page.locator('header .who')).toContainText('County reviewer');
  await expect(page.locator('table.status thead')).toContainText('Students');
  // Chosen while logged in: saved for the user.
  await page.locator('.language button[data-locale="en"]').click();
  await ctx.close();

  // A new device with a Chinese browser: the login brings the user's language.
  const other = await browser.newContext({ locale: 'zh-CN' });
  const second = await other.newPage();
  await second.goto('/login');
  await expect(second.locator('body[data-hydrated]')).toBeAttached();
  await second.getByLabel('用户名').fill('r430104');
  await second.getByLabel('密码').fill(PASSWORD);
  await second.getByRole('button', { name: '登录' }).click();
  await expect(second).toHaveURL(/\/report/);
  await expect(second.locator('html')).toHaveAttribute('lang', 'en');
  await expect(second.getByRole('navigation').getByRole('link', { name: 'Reporting' })).toBeVisible();

  await second.locator('.language button[data-locale="zh-CN"]').click();
  await expect(second.getByRole('navigation').getByRole('link', { name: '数据上报' })).toBeVisible();
  // Switched in place: the names of roles and figures follow at once.
  await expect(second.locator('header .who')).toContainText('岳麓区-县级审核员');
  await expect(second.locator('table.status thead')).toContainText('学生数(人)');
  await expect(second.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await other.close();
});

test('an English browser gets English before any choice', async ({ browser }) => {
  const ctx = await browser.newContext({ locale: 'en-US' });
  const page = await ctx.newPage();
  await page.goto('/login');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await ctx.close();
});
