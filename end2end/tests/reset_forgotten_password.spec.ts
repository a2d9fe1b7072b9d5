import { test, expect } from '@playwright/test';
import { linkFor } from './helpers';

test('a user resets a forgotten password through the mailed link', async ({ page, request }) => {
  const address = 'r430112@jyxx.example';
  await page.goto('/login');
  await page.getByRole('link', { name: '忘记密码' }).click();
  await expect(page).toHaveURL(/\/forgot/);
  await expect(page.locator('body[data-hydrated]')).toBeAttached();
  await expect(page.getByAltText('验证码')).toBeVisible();
  const first = await page.locator('input[name=captcha_id]').inputValue();
  await page.getByRole('button', { name: '看不清，换一个' }).click();
  await expect(page.locator('input[name=captcha_id]')).not.toHaveValue(first);
  const id = await page.locator('input[name=captcha_id]').inputValue();
  const answer = await (await request.post('/api/test/captcha', { form: { id } })).text();

  await page.getByLabel('电子邮件').fill(address);
  await page.getByLabel('验证码').fill(answer);
  await page.getByRole('button', { name: '申请找回' }).click();
  await expect(page.getByRole('status')).toContainText('如果该电子邮件已注册');

  let link: string | undefined;
  await expect.poll(() => (link = linkFor(address)), { timeout: 10000 }).toBeTruthy();
  await page.goto(link!);
  await expect(page.locator('body[data-hydrated]')).toBeAttached();
  await page.getByLabel('新密码', { exact: true }).fill('Wangcheng9');
  await page.getByLabel('确认新密码').fill('Wangcheng9');
  await page.getByRole('button', { name: '重置密码' }).click();
  await expect(page.getByRole('status')).toContainText('密码已重置');

  await page.getByRole('link', { name: '去登录' }).click();
  await page.getByLabel('用户名').fill('r430112');
  await page.getByLabel('密码').fill('Wangcheng9');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/report/);
});
