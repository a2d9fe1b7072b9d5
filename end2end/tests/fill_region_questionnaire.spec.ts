import { test, expect } from '@playwright/test';
import { hydrated, login, reportPage, reportReady } from './helpers';

test('the region admin fills 地区情况; the parent reads it; a reviewer opens a school read-only', async ({ page, browser }) => {
  await login(page, 'a430104');
  await page.goto('/fill');
  await hydrated(page);
  const form = page.locator('.questionnaire-form');
  await expect(form.locator('h2')).toHaveText('地区情况');
  const url = form.locator('input[name="platform_url"]');
  await form.locator('input[name="uses_platform"][value="true"]').check();
  await url.fill('www.example');
  await expect(form.locator('.field-error').first()).toContainText('平台网址应以 http:// 或 https:// 开头');
  await url.fill('https://zy.yuelu.edu.cn');
  await form.locator('input[name="platform_source"][value="1"]').check(); // 市级提供
  await form.locator('input[name="metro_network"][value="true"]').check();
  await form.locator('[data-action="save"]').click();
  await expect(form.locator('.save-status')).toHaveText('已保存');
  await expect(form.locator('.updated')).toContainText('最后更新：岳麓区-地区管理员');

  const cityCtx = await browser.newContext();
  const city = await cityCtx.newPage();
  await login(city, 'r430100');
  await city.goto('/fill?region=430104');
  await hydrated(city);
  const read = city.locator('.questionnaire-form input[name="platform_url"]');
  await expect(read).toHaveValue('https://zy.yuelu.edu.cn');
  await expect(read).toBeDisabled();
  await expect(city.locator('.questionnaire-form [data-action="save"]')).toHaveCount(0);

  // From the county's 直属 rows to one school's figures.
  await city.goto('/report?region=430104&y=2026&m=11');
  await reportReady(city);
  const view = reportPage(city);
  await view.expandDirect.click();
  await view.table.locator('tr.school td.school-name a').first().click();
  await expect(city.locator('table[data-table="school-month"]')).toContainText('学生数');
  await cityCtx.close();
});
