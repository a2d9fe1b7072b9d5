import { test, expect } from '@playwright/test';
import { login, reportReady, PASSWORD } from './helpers';

// A page whose session ended says so and offers 重新登录 — it never keeps
// showing a table that no longer updates. And the live stream comes back
// by itself after a proxy answered 503 for a while.
test('a table whose session ends says so and offers 重新登录', async ({ browser }) => {
  const watching = await browser.newContext();
  const table = await watching.newPage();
  await login(table, 'r430111');
  await table.goto('/report?y=2026&m=11');
  await reportReady(table);

  // The same account changes its password elsewhere: other sessions end.
  const elsewhere = await browser.newContext();
  const profile = await elsewhere.newPage();
  await login(profile, 'r430111');
  await profile.goto('/profile');
  await expect(profile.locator('body[data-hydrated]')).toBeAttached();
  const change = async (from: string, to: string) => {
    const form = profile.locator('form.settings-form:has([data-action="change-password"])');
    await form.locator('input[name="current"]').fill(from);
    await form.locator('input[name="new"]').fill(to);
    await form.locator('input[name="repeat"]').fill(to);
    await form.locator('[data-action="change-password"]').click();
    await expect(profile.locator('form.settings-form:has([data-action="change-password"]) + [role="status"]')).toContainText('密码已修改');
  };
  await change(PASSWORD, 'Yuhua2026x');

  const banner = table.locator('.session-ended');
  await expect(banner).toBeVisible({ timeout: 30000 });
  await expect(banner).toContainText('登录已失效');
  await expect(banner.locator('[data-action="login"]')).toHaveAttribute('href', '/login');
  await expect(banner.locator('[data-action="login"]')).toHaveText('重新登录');

  await change('Yuhua2026x', PASSWORD);
  await watching.close();
  await elsewhere.close();
});

test('live updates resume by themselves after the proxy answered 503', async ({ page }) => {
  await login(page, 'r430100');
  let refused = 0;
  let served = 0;
  await page.route('**/api/events', async (route) => {
    if (refused < 2) {
      refused += 1;
      await route.fulfill({ status: 503, body: 'upstream unavailable' });
    } else {
      served += 1;
      await route.continue();
    }
  });
  await page.goto('/report?y=2026&m=11');
  await reportReady(page);
  await expect.poll(() => served, { timeout: 30000 }).toBeGreaterThan(0);
  expect(refused).toBe(2);
  await expect(page.locator('.session-ended')).toHaveCount(0);
});
