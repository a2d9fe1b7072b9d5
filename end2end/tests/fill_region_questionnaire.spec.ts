import { test, expect } from '@playwright/test';
import { login } from './helpers';

test('the region admin fills 地区情况; the parent reads it; a reviewer opens a school read-only', async ({ page, browser }) => {
  await login(page, 'a430104');
  await page.goto('/fill');
  await expect(page.locator('body[data-hydrated]')).toBeAttached();
  await expect(page.getByRole('heading', { name: '地区情况' })).toBeVisible();
  const form = page.locator('.questionnaire-form');
  await form.getByRole('radiogroup', { name: '是否组织统一使用了教育资源公共服务平台' }).getByLabel('是').check();
  await form.getByLabel('平台网址：').fill('www.example');
  await expect(form.locator('.field-error').first()).toContainText('平台网址应以 http:// 或 https:// 开头');
  await form.getByLabel('平台网址：').fill('https://zy.yuelu.edu.cn');
  await form.getByRole('radiogroup', { name: '平台来源' }).getByLabel('市级提供').check();
  await form.getByRole('radiogroup', { name: '是否具有到校的教育城域网' }).getByLabel('是').check();
  await form.getByRole('button', { name: '保存' }).click();
  await expect(form.locator('.save-status')).toHaveText('已保存');
  await expect(form.locator('.updated')).toContainText('最后更新：岳麓区-地区管理员');

  const cityCtx = await browser.newContext();
  const city = await cityCtx.newPage();
  await login(city, 'r430100');
  await city.goto('/fill?region=430104');
  await expect(city.locator('body[data-hydrated]')).toBeAttached();
  await expect(city.getByLabel('平台网址：')).toHaveValue('https://zy.yuelu.edu.cn');
  await expect(city.getByLabel('平台网址：')).toBeDisabled();
  await expect(city.getByRole('button', { name: '保存' })).toHaveCount(0);

  // From the county's 直属 rows to one school's figures.
  await city.goto('/report?region=430104&y=2026&m=11');
  await expect(city.locator('.report-head[data-ready]')).toBeAttached();
  await city.getByRole('button', { name: /直属/ }).click();
  await city.locator('tr.school').first().locator('a').click();
  await expect(city.getByRole('table', { name: '月度数据' })).toContainText('学生数');
  await cityCtx.close();
});
