import { test, expect } from '@playwright/test';
import { hydrated, linkFor, signIn } from './helpers';

test('a user resets a forgotten password through the mailed link', async ({ page, request }) => {
  const address = 'r430112@jyxx.example';
  await page.goto('/login');
  await hydrated(page);
  await page.locator('form.login-form [data-action="forgot"]').click();
  await expect(page).toHaveURL(/\/forgot/);
  await hydrated(page);
  const form = page.locator('form.login-form');
  await expect(form.locator('.captcha img')).toBeVisible();
  const captchaId = form.locator('input[name="captcha_id"]');
  const first = await captchaId.inputValue();
  await form.locator('[data-action="refresh-captcha"]').click();
  await expect(captchaId).not.toHaveValue(first);
  const id = await captchaId.inputValue();
  const answer = await (await request.post('/api/test/captcha', { form: { id } })).text();

  await form.locator('input[name="email"]').fill(address);
  await form.locator('input[name="captcha"]').fill(answer);
  await form.locator('[data-action="request-reset"]').click();
  await expect(form.locator('[role="status"]')).toContainText('如果该电子邮件已注册');

  let link: string | undefined;
  await expect.poll(() => (link = linkFor(address)), { timeout: 10000 }).toBeTruthy();
  await page.goto(link!);
  await hydrated(page);
  await page.locator('input[name="new"]').fill('Wangcheng9');
  await page.locator('input[name="repeat"]').fill('Wangcheng9');
  await page.locator('[data-action="reset-password"]').click();
  await expect(page.locator('[role="status"]')).toContainText('密码已重置');

  await page.locator('[data-action="go-login"]').click();
  await expect(page).toHaveURL(/\/login/);
  await hydrated(page);
  await signIn(page, 'r430112', 'Wangcheng9');
  await expect(page).toHaveURL(/\/report/);
});
