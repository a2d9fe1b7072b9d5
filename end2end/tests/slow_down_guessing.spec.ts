import { test, expect } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import { PASSWORD } from './helpers';

const OUTBOX = process.env.JYXX_OUTBOX ?? '/tmp/jyxx-dev/outbox';

function mailsTo(address: string): string[] {
  if (!fs.existsSync(OUTBOX)) return [];
  return fs
    .readdirSync(OUTBOX)
    .filter((f) => f.endsWith('.eml') && !f.startsWith('.'))
    .map((f) => fs.readFileSync(path.join(OUTBOX, f), 'utf8'))
    .filter((m) => m.includes(`To: ${address}`));
}

test('after a few wrong passwords the login asks for the captcha and tells the holder', async ({ page, request }) => {
  const user = 'r430121';
  await page.goto('/login');
  await expect(page.locator('body[data-hydrated]')).toBeAttached();
  await page.getByLabel('用户名').fill(user);
  for (let i = 0; i < 3; i++) {
    await page.getByLabel('密码').fill(`wrong-${i}`);
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('alert')).toContainText('用户名或密码错误');
  }
  // The third failure brings the captcha, and a mail to the holder.
  await expect(page.getByAltText('验证码')).toBeVisible();
  await expect.poll(() => mailsTo(`${user}@jyxx.example`).length, { timeout: 10000 }).toBeGreaterThan(0);

  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByLabel('验证码').fill('0000');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('alert')).toContainText('验证码不正确');

  // A new captcha after every answer: the right one, with the right password.
  await expect(page.getByLabel('验证码')).toHaveValue('');
  const id = await page.locator('input[name=captcha_id]').inputValue();
  const answer = await (await request.post('/api/test/captcha', { form: { id } })).text();
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByLabel('验证码').fill(answer);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/report/);
});
