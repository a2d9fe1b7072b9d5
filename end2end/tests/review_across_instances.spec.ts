import { test, expect } from '@playwright/test';
import { login, reportPage, reportReady, returnRow, setClock } from './helpers';

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
  const yuelu = reportPage(city).child('430104');
  await expect(yuelu).toHaveAttribute('data-state', 'pending');
  await city.evaluate(() => ((window as any).__noReload = true));

  await login(county, 'r430104');
  await county.goto('/report?y=2026&m=11');
  await reportReady(county);
  const own = reportPage(county);
  await own.reportFile.setInputFiles({
    name: '岳麓区11月月报.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('岳麓区2026年11月教育信息化工作进展（跨实例）。'),
  });
  await own.upload.click();
  await expect(own.uploaded).toHaveText('已上传：岳麓区11月月报.txt');
  await own.submit.click();
  await expect(own.ownState).toHaveAttribute('data-state', 'submitted');

  // The other instance's open page turns live, and serves the text.
  await expect(yuelu).toHaveAttribute('data-state', 'submitted', { timeout: 10000 });
  expect(await city.evaluate(() => (window as any).__noReload)).toBe(true);
  const href = await yuelu.locator('[data-action="download"]').getAttribute('href');
  const file = await city.request.get(href!);
  expect(file.ok()).toBeTruthy();
  expect(await file.text()).toContain('跨实例');

  // Into the city window (both instances' clocks move); the city returns
  // the county, which sees it live on its own instance and re-submits.
  await setClock(request, '2026-11-07T10:00:00+08:00');
  await city.reload();
  await reportReady(city);
  await returnRow(yuelu, '学生数与上月差异过大');
  await expect(yuelu).toHaveAttribute('data-state', 'returned');
  await expect(own.ownState).toHaveAttribute('data-state', 'returned', { timeout: 10000 });
  await expect(own.returnedBanner).toContainText('学生数与上月差异过大');
  await own.submit.click();
  await expect(own.ownState).toHaveAttribute('data-state', 'submitted');
  await expect(yuelu).toHaveAttribute('data-state', 'submitted', { timeout: 10000 });

  await countyCtx.close();
  await cityCtx.close();
});
