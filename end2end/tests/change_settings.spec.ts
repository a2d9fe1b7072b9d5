import { test, expect } from '@playwright/test';
import { login } from './helpers';

test('the national admin changes 客户服务 and every footer shows it; a reviewer has no 系统设置', async ({ page, browser }) => {
  await login(page, 'a000000');
  await page.getByRole('link', { name: '系统设置' }).click();
  await expect(page).toHaveURL(/\/admin\/settings/);
  await expect(page.locator('body[data-hydrated]')).toBeAttached();
  await expect(page.getByLabel('县级开始日')).toHaveValue('1');
  await page.getByLabel('市级截止日').fill('4');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('alert')).toContainText('上报时间');
  await page.getByLabel('市级截止日').fill('10');
  await page.getByLabel('客服电话').fill('400-8980-911');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('status')).toHaveText('已保存');

  const other = await browser.newContext();
  const p = await other.newPage();
  await login(p, 'r430104');
  await expect(p.locator('footer')).toContainText('客服电话：400-8980-911');
  await expect(p.getByRole('link', { name: '系统设置' })).toHaveCount(0);
  const crafted = await p.request.post('/api/get_settings');
  expect(await crafted.text()).toContain('NotFound');
  await other.close();

  // Put it back for the other journeys.
  await page.getByLabel('客服电话').fill('4008980910');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('status')).toHaveText('已保存');
});
