import { test, expect, request as apiRequest } from '@playwright/test';
import { login, reportReady, setClock } from './helpers';

// One journey of manual §2–§3 on 长沙市 / 岳麓区 in November 2026, the
// server's clock moved across the county deadline into the city window.
test('county uploads and submits; the city sees it live, returns it, the county re-submits; the city cancels a second return', async ({ browser, request }) => {
  await setClock(request, '2026-11-03T10:00:00+08:00');
  const cityCtx = await browser.newContext();
  const countyCtx = await browser.newContext();
  const city = await cityCtx.newPage();
  const county = await countyCtx.newPage();

  await login(city, 'r430100');
  await city.goto('/report?y=2026&m=11');
  await reportReady(city);
  const yuelu = city.locator('tr.child[data-code="430104"]');
  await expect(yuelu).toHaveAttribute('data-state', 'pending');
  await city.evaluate(() => ((window as any).__noReload = true));

  await login(county, 'r430104');
  await county.goto('/report?y=2026&m=11');
  await reportReady(county);
  await expect(county.getByText('截至您本月确认还有3天')).toBeVisible();
  const submit = county.getByRole('button', { name: '审核上报' });
  await expect(submit).toBeDisabled();
  await expect(county.locator('.review-actions .why')).toHaveText('请先上传月报文本');
  await county.getByLabel('选择月报文本').setInputFiles({
    name: '岳麓区11月月报.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('岳麓区2026年11月教育信息化工作进展。'),
  });
  await county.getByRole('button', { name: '上传月报文本' }).click();
  await expect(county.getByRole('status')).toHaveText('已上传：岳麓区11月月报.txt');
  await expect(submit).toBeEnabled();
  await submit.click();
  await expect(county.locator('.own-state')).toHaveText('已上报');

  // The city's open page turns without a reload.
  await expect(yuelu).toHaveAttribute('data-state', 'submitted', { timeout: 5000 });
  await expect(yuelu).toContainText('下载');
  expect(await city.evaluate(() => (window as any).__noReload)).toBe(true);

  // Into the city window: the other counties are auto-submitted.
  await setClock(request, '2026-11-07T10:00:00+08:00');
  const furong = city.locator('tr.child[data-code="430102"]');
  await expect(furong).toHaveAttribute('data-state', 'auto_submitted', { timeout: 5000 });

  // 重报 with a reason.
  await yuelu.getByRole('button', { name: '重报' }).click();
  await yuelu.getByLabel('重报原因').fill('学生数与上月差异过大');
  await yuelu.getByRole('button', { name: '确定' }).click();
  await expect(yuelu).toHaveAttribute('data-state', 'returned');

  // The county sees the banner and re-submits outside its window.
  await expect(county.getByRole('alert').filter({ hasText: '要求重报' })).toContainText('学生数与上月差异过大', { timeout: 5000 });
  const resubmit = county.getByRole('button', { name: '重新上报' });
  await expect(resubmit).toBeEnabled();
  await resubmit.click();
  await expect(county.locator('.own-state')).toHaveText('已上报');
  await expect(yuelu).toHaveAttribute('data-state', 'submitted', { timeout: 5000 });

  // A second return, cancelled before the county acts.
  await furong.getByRole('button', { name: '重报' }).click();
  await furong.getByLabel('重报原因').fill('误操作');
  await furong.getByRole('button', { name: '确定' }).click();
  await expect(furong).toHaveAttribute('data-state', 'returned');
  await furong.getByRole('button', { name: '取消' }).click();
  await expect(furong).toHaveAttribute('data-state', 'auto_submitted');

  // The audit view tells the story.
  await city.getByText('审核记录').click();
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
  const changsha = page.locator('tr.child[data-code="430100"]');
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
