import { test, expect } from '@playwright/test';
import { hydrated, login, menuLink } from './helpers';

test('the national admin changes 客户服务 and every footer shows it; a reviewer has no 系统设置', async ({ page, browser }) => {
  await login(page, 'a000000');
  await menuLink(page, '/admin/settings').click();
  await expect(page).toHaveURL(/\/admin\/settings/);
  await hydrated(page);
  const form = page.locator('form.settings-admin');
  const county = form.locator('tr[data-level="3"]');
  const city = form.locator('tr[data-level="2"]');
  const phone = form.locator('[data-field="support-phone"]');
  const save = form.locator('[data-action="save"]');
  await expect(county.locator('[data-field="first-day"]')).toHaveValue('1');
  await city.locator('[data-field="last-day"]').fill('4');
  await save.click();
  await expect(form.locator('[role="alert"]')).toContainText('上报时间');
  await city.locator('[data-field="last-day"]').fill('10');
  await phone.fill('400-8980-911');
  await save.click();
  await expect(form.locator('[role="status"]')).toHaveText('已保存');

  const other = await browser.newContext();
  const p = await other.newPage();
  await login(p, 'r430104');
  await expect(p.locator('footer')).toContainText('客服电话：400-8980-911');
  await expect(menuLink(p, '/admin/settings')).toHaveCount(0);
  const crafted = await p.request.post('/api/get_settings');
  expect(await crafted.text()).toContain('NotFound');
  await other.close();

  // Put it back for the other journeys.
  await phone.fill('4008980910');
  await save.click();
  await expect(form.locator('[role="status"]')).toHaveText('已保存');
});
