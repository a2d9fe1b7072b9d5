import { test, expect } from '@playwright/test';
import { chooseLanguage, hydrated, loginForm, menuLink, signIn } from './helpers';

// The language switch: on the login page and in the header, remembered on
// the device (cookie) and for the user (the next login, on a new device).
test('a user switches to English, keeps it across reloads and devices, and back to Chinese', async ({ browser }) => {
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const page = await ctx.newPage();
  await page.goto('/login');
  await hydrated(page);
  const heading = loginForm(page).form.locator('h2');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(heading).toHaveText('用户登录');

  await chooseLanguage(page, 'en');
  await expect(heading).toHaveText('Sign in');

  // The server renders the chosen language from the cookie: no flash of Chinese.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(heading).toHaveText('Sign in');
  await expect(loginForm(page).submit).toHaveText('Sign in');

  await hydrated(page);
  await signIn(page, 'r430104');
  await expect(page).toHaveURL(/\/report/);
  await hydrated(page);
  await expect(menuLink(page, '/report')).toHaveText('Reporting');
  // Domain values are named in the page's language too.
  await expect(page.locator('header .who')).toContainText('County reviewer');
  await expect(page.locator('table.status thead')).toContainText('Students');
  // Chosen while logged in: saved for the user.
  await chooseLanguage(page, 'en');
  await ctx.close();

  // A new device with a Chinese browser: the login brings the user's language.
  const other = await browser.newContext({ locale: 'zh-CN' });
  const second = await other.newPage();
  await second.goto('/login');
  await hydrated(second);
  await expect(second.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await signIn(second, 'r430104');
  await expect(second).toHaveURL(/\/report/);
  await expect(second.locator('html')).toHaveAttribute('lang', 'en');
  await expect(menuLink(second, '/report')).toHaveText('Reporting');

  await hydrated(second);
  await chooseLanguage(second, 'zh-CN');
  await expect(menuLink(second, '/report')).toHaveText('数据上报');
  // Switched in place: the names of roles and figures follow at once.
  await expect(second.locator('header .who')).toContainText('岳麓区-县级审核员');
  await expect(second.locator('table.status thead')).toContainText('学生数(人)');
  await other.close();
});

test('an English browser gets English before any choice', async ({ browser }) => {
  const ctx = await browser.newContext({ locale: 'en-US' });
  const page = await ctx.newPage();
  await page.goto('/login');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(loginForm(page).form.locator('h2')).toHaveText('Sign in');
  await ctx.close();
});
