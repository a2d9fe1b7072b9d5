import { test, expect, request as apiRequest } from '@playwright/test';
import { cancelReturn, login, reportPage, reportReady, returnRow, setClock } from './helpers';

// One journey of manual §2–§3 on 长沙市 / 岳麓区 in November 2026, the
// server's clock moved across the county deadline into the city window.
// The Chinese journey: elements are found by their attributes, and the
// Chinese words the reviewers read are checked on the way.
test('county uploads and submits; the city sees it live, returns it, the county re-submits; the city cancels a second return', async ({ browser, request }) => {
  await setClock(request, '2026-11-03T10:00:00+08:00');
  const cityCtx = await browser.newContext();
  const countyCtx = await browser.newContext();
  const city = await cityCtx.newPage();
  const county = await countyCtx.newPage();

  await login(city, 'r430100');
  await city.goto('/report?y=2026&m=11');
  await reportReady(city);
  const cityView = reportPage(city);
  const yuelu = cityView.child('430104');
  await expect(yuelu).toHaveAttribute('data-state', 'pending');
  await city.evaluate(() => ((window as any).__noReload = true));

  await login(county, 'r430104');
  await county.goto('/report?y=2026&m=11');
  await reportReady(county);
  const own = reportPage(county);
  await expect(own.days).toHaveText('截至您本月确认还有3天');
  await expect(own.submit).toBeDisabled();
  await expect(own.submit).toHaveText('审核上报');
  await expect(own.why).toHaveText('请先上传月报文本');
  await own.reportFile.setInputFiles({
    name: '岳麓区11月月报.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('岳麓区2026年11月教育信息化工作进展。'),
  });
  await own.upload.click();
  await expect(own.uploaded).toHaveText('已上传：岳麓区11月月报.txt');
  await expect(own.submit).toBeEnabled();
  await own.submit.click();
  await expect(own.ownState).toHaveAttribute('data-state', 'submitted');
  await expect(own.ownState).toHaveText('已上报');

  // The city's open page turns without a reload.
  await expect(yuelu).toHaveAttribute('data-state', 'submitted', { timeout: 5000 });
  await expect(yuelu.locator('[data-action="download"]')).toHaveText('下载');
  expect(await city.evaluate(() => (window as any).__noReload)).toBe(true);

  // Into the city window: the other counties are auto-submitted.
  await setClock(request, '2026-11-07T10:00:00+08:00');
  const furong = cityView.child('430102');
  await expect(furong).toHaveAttribute('data-state', 'auto_submitted', { timeout: 5000 });

  // 重报 with a reason.
  await expect(yuelu.locator('[data-action="return"]')).toHaveText('重报');
  await returnRow(yuelu, '学生数与上月差异过大');
  await expect(yuelu).toHaveAttribute('data-state', 'returned');

  // The county sees the banner and re-submits outside its window.
  await expect(own.ownState).toHaveAttribute('data-state', 'returned', { timeout: 5000 });
  await expect(own.returnedBanner).toContainText('要求重报');
  await expect(own.returnedBanner).toContainText('学生数与上月差异过大');
  await expect(own.submit).toHaveText('重新上报');
  await expect(own.submit).toBeEnabled();
  await own.submit.click();
  await expect(own.ownState).toHaveAttribute('data-state', 'submitted');
  await expect(own.ownState).toHaveText('已上报');
  await expect(yuelu).toHaveAttribute('data-state', 'submitted', { timeout: 5000 });

  // A second return, cancelled before the county acts.
  await returnRow(furong, '误操作');
  await expect(furong).toHaveAttribute('data-state', 'returned');
  await expect(furong.locator('[data-action="cancel-return"]')).toHaveText('取消');
  await cancelReturn(furong);
  await expect(furong).toHaveAttribute('data-state', 'auto_submitted');

  // The audit view tells the story.
  await cityView.audit.locator('summary').click();
  await expect(city.locator('.audit-table')).toContainText('取消重报');

  // The city cannot return a county of another city, whatever it sends.
  const crafted = await city.request.post('/api/return_region', {
    form: { year: '2026', month: '11', child: '430202', reason: '越权' },
  });
  expect(crafted.ok()).toBeFalsy();
  expect(await crafted.text()).toContain('NotFound');
  const skip = await city.request.post('/api/return_region', {
    form: { year: '2026', month: '11', child: '430000', reason: '越级' },
  });
  expect(await skip.text()).toContain('NotFound');

  await cityCtx.close();
  await countyCtx.close();
});

test('an open table catches up by itself after its live connection drops', async ({ page, request }) => {
  await setClock(request, '2026-11-12T09:00:00+08:00');
  await login(page, 'r430000');
  await page.goto('/report?y=2026&m=11');
  await reportReady(page);
  await page.evaluate(() => ((window as any).__noReload = true));
  const changsha = reportPage(page).child('430100');
  await expect(changsha).toHaveAttribute('data-state', 'auto_submitted');
  // The connection drops, and while it is down the city re-submits.
  const dropped = await request.post('/api/test/drop_events');
  expect(dropped.ok()).toBeTruthy();
  const cityApi = await apiRequest.newContext({ baseURL: test.info().project.use.baseURL });
  const login_ = await cityApi.post('/api/login', { form: { username: 'r430100', password: 'Jyxx@2026' } });
  expect(login_.status()).toBeLessThan(400);
  const uploaded = await cityApi.post('/api/upload_report_text', {
    multipart: { year: '2026', month: '11', file: { name: '长沙市月报.txt', mimeType: 'text/plain', buffer: Buffer.from('长沙市月报') } },
  });
  expect(uploaded.ok(), await uploaded.text()).toBeTruthy();
  const submitted = await cityApi.post('/api/submit_report', { form: { year: '2026', month: '11' } });
  expect(submitted.ok(), await submitted.text()).toBeTruthy();
  await expect(changsha).toHaveAttribute('data-state', 'submitted', { timeout: 10000 });
  expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);
  await cityApi.dispose();
});
