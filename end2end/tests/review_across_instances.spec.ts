import { test, expect } from '@playwright/test';
import { login, reportReady, setClock } from './helpers';

// The review journey across two server instances on one PostgreSQL
// database behind nginx (scripts/multi.sh): the county works on one
// instance, the city on the other. Live updates, sessions and the uploaded
// 月报文本 cross instances through the proxy. Runs only when BASE_URL_2
// names the second instance.
const second = process.env.BASE_URL_2;

test('a county on one instance and its city on another review one month together', async ({ browser, request }) => {
  test.skip(!second, 'needs two instances (scripts/multi.sh)');
  await setClock(request, '2026-11-03T10:00:00+08:00');
  const countyCtx = await browser.newContext();
  const cityCtx = await browser.newContext({ baseURL: second });
  const county = await countyCtx.newPage();
  const city = await cityCtx.newPage();

  await login(city, 'r430100');
  await city.goto('/report?y=2026&m=11');
  await reportReady(city);
  const yuelu = city.locator('tr.child[data-code="430104"]');
  await expect(yuelu).toHaveAttribute('data-state', 'pending');
  await city.evaluate(() => ((window as any).__noReload = true));

  await login(county, 'r430104');
  await county.goto('/report?y=2026&m=11');
  await reportReady(county);
  await county.getByLabel('选择月报文本').setInputFiles({
    name: '岳麓区11月月报.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('岳麓区2026年11月教育信息化工作进展（跨实例）。'),
  });
  await county.getByRole('button', { name: '上传月报文本' }).click();
  await expect(county.getByRole('status')).toHaveText('已上传：岳麓区11月月报.txt');
  await county.getByRole('button', { name: '审核上报' }).click();
  await expect(county.locator('.own-state')).toHaveText('已上报');

  // The other instance's open page turns live, and serves the text.
  await expect(yuelu).toHaveAttribute('data-state', 'submitted', { timeout: 10000 });
  expect(await city.evaluate(() => (window as any).__noReload)).toBe(true);
  const href = await yuelu.getByRole('link', { name: '下载' }).getAttribute('href');
  const file = await city.request.get(href!);
  expect(file.ok()).toBeTruthy();
  expect(await file.text()).toContain('跨实例');

  // Into the city window (both instances' clocks move); the city returns
  // the county, which sees it live on its own instance and re-submits.
  await setClock(request, '2026-11-07T10:00:00+08:00');
  await city.reload();
  await reportReady(city);
  await yuelu.getByRole('button', { name: '重报' }).click();
  await yuelu.getByLabel('重报原因').fill('学生数与上月差异过大');
  await yuelu.getByRole('button', { name: '确定' }).click();
  await expect(yuelu).toHaveAttribute('data-state', 'returned');
  await expect(county.getByRole('alert').filter({ hasText: '要求重报' })).toContainText('学生数与上月差异过大', { timeout: 10000 });
  await county.getByRole('button', { name: '重新上报' }).click();
  await expect(county.locator('.own-state')).toHaveText('已上报');
  await expect(yuelu).toHaveAttribute('data-state', 'submitted', { timeout: 10000 });

  await countyCtx.close();
  await cityCtx.close();
});
