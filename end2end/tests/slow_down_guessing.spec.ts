import { test, expect } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import { hydrated, loginForm, PASSWORD } from './helpers';

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
  await hydrated(page);
  const f = loginForm(page);
  const alert = f.form.locator('[role="alert"]');
  await f.username.fill(user);
  for (let i = 0; i < 3; i++) {
    await f.password.fill(`wrong-${i}`);
    await f.submit.click();
    await expect(alert).toContainText('用户名或密码错误');
  }
  // The third failure brings the captcha, and a mail to the holder.
  await expect(f.form.locator('.captcha img')).toBeVisible();
  await expect.poll(() => mailsTo(`${user}@jyxx.example`).length, { timeout: 10000 }).toBeGreaterThan(0);

  await f.password.fill(PASSWORD);
  await f.captcha.fill('0000');
  await f.submit.click();
  await expect(alert).toContainText('验证码不正确');

  // A new captcha after every answer: the right one, with the right password.
  await expect(f.captcha).toHaveValue('');
  const id = await f.form.locator('input[name=captcha_id]').inputValue();
  const answer = await (await request.post('/api/test/captcha', { form: { id } })).text();
  await f.password.fill(PASSWORD);
  await f.captcha.fill(answer);
  await f.submit.click();
  await expect(page).toHaveURL(/\/report/);
});
