import { test, expect } from '@playwright/test';
import { login } from './helpers';

test('a user updates contact details and changes the password, then logs in with it', async ({ page }) => {
  await login(page, 'r430105');
  await page.goto('/profile');
  await expect(page.locator('body[data-hydrated]')).toBeAttached();
  await page.getByLabel('联系电话').fill('0731-12345678');
  await page.locator('.settings-form').first().getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('status')).toHaveText('已保存');
  await expect(page.getByLabel('联系电话')).toHaveValue('0731-12345678');

  // The e-mail is where reset links go: changing it asks for the password.
  await page.getByLabel('电子邮件', { exact: true }).fill('kaifu@hn.edu.cn');
  await page.locator('.settings-form').first().getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('alert')).toContainText('修改电子邮件需要输入当前密码');
  await page.getByLabel('当前密码（修改电子邮件时需要）').fill('Jyxx@2026');
  await page.locator('.settings-form').first().getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('status')).toHaveText('已保存');

  await page.getByLabel('当前密码', { exact: true }).fill('Jyxx@2026');
  await page.getByLabel('新密码', { exact: true }).fill('short');
  await page.getByLabel('确认新密码').fill('short');
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page.getByRole('alert')).toContainText('新密码至少 8 位');
  await page.getByLabel('新密码', { exact: true }).fill('Kaifu2026x');
  await page.getByLabel('确认新密码').fill('Kaifu2026x');
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page.getByRole('status').filter({ hasText: '密码已修改' })).toBeVisible();

  await page.getByRole('button', { name: '退出' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('用户名').fill('r430105');
  await page.getByLabel('密码').fill('Kaifu2026x');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/report/);
});
