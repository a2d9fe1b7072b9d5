import { test, expect } from '@playwright/test';
import { hydrated, login, logoutButton, signIn } from './helpers';

test('a user updates contact details and changes the password, then logs in with it', async ({ page }) => {
  await login(page, 'r430105');
  await page.goto('/profile');
  await hydrated(page);
  const contact = page.locator('form.settings-form:has([data-action="save-profile"])');
  const password = page.locator('form.settings-form:has([data-action="change-password"])');
  // What each form answers stands right after it.
  const contactSaved = page.locator('form.settings-form:has([data-action="save-profile"]) + [role="status"]');
  const contactRefused = page.locator('form.settings-form:has([data-action="save-profile"]) + [role="alert"]');
  const passwordChanged = page.locator('form.settings-form:has([data-action="change-password"]) + [role="status"]');
  const passwordRefused = page.locator('form.settings-form:has([data-action="change-password"]) + [role="alert"]');

  await contact.locator('input[name="phone"]').fill('0731-12345678');
  await contact.locator('[data-action="save-profile"]').click();
  await expect(contactSaved).toHaveText('已保存');
  await expect(contact.locator('input[name="phone"]')).toHaveValue('0731-12345678');

  // The e-mail is where reset links go: changing it asks for the password.
  await contact.locator('input[name="email"]').fill('kaifu@hn.edu.cn');
  await contact.locator('[data-action="save-profile"]').click();
  await expect(contactRefused).toContainText('修改电子邮件需要输入当前密码');
  await contact.locator('input[name="password"]').fill('Jyxx@2026');
  await contact.locator('[data-action="save-profile"]').click();
  await expect(contactSaved).toHaveText('已保存');

  await password.locator('input[name="current"]').fill('Jyxx@2026');
  await password.locator('input[name="new"]').fill('short');
  await password.locator('input[name="repeat"]').fill('short');
  await password.locator('[data-action="change-password"]').click();
  await expect(passwordRefused).toContainText('新密码至少 8 位');
  await password.locator('input[name="new"]').fill('Kaifu2026x');
  await password.locator('input[name="repeat"]').fill('Kaifu2026x');
  await password.locator('[data-action="change-password"]').click();
  await expect(passwordChanged).toContainText('密码已修改');

  await logoutButton(page).click();
  await expect(page).toHaveURL(/\/login/);
  await hydrated(page);
  await signIn(page, 'r430105', 'Kaifu2026x');
  await expect(page).toHaveURL(/\/report/);
});
