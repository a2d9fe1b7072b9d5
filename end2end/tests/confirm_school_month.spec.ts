import { test, expect } from '@playwright/test';
import { login, reportReady, setClock } from './helpers';

// SPEC §5 for schools: the county returns a direct school, the school's
// admin sees why on its open page, confirms again (月更新确认), and the
// county's open 直属 rows follow without a reload.
test('a returned school confirms its month and the county sees it live', async ({ browser, request }) => {
  await setClock(request, '2026-11-04T10:00:00+08:00');
  const countyCtx = await browser.newContext();
  const schoolCtx = await browser.newContext();
  const county = await countyCtx.newPage();
  const school = await schoolCtx.newPage();

  await login(county, 'r430103');
  await county.goto('/report?y=2026&m=11');
  await reportReady(county);
  await county.evaluate(() => ((window as any).__noReload = true));
  const table = county.getByRole('table', { name: '上报情况' });
  await table.getByRole('button', { name: /直属/ }).click();
  const row = table.locator('tr.school[data-code="4301030001"]');
  await expect(row).toBeVisible();

  await login(school, 's4301030001');
  await expect(school).toHaveURL(/\/school/);
  await expect(school.getByRole('link', { name: '月度数据' })).toBeVisible();
  await expect(school.getByRole('link', { name: '数据上报' })).toHaveCount(0);
  await expect(school.locator('.school-month h2')).toHaveText('2026年11月月度数据');
  await expect(school.locator('.school-month')).toContainText('班级数');

  // Make sure the school has confirmed (a draft confirms first).
  const confirm = school.getByRole('button', { name: '月更新确认' });
  if (await confirm.isEnabled()) {
    await confirm.click();
  }
  await expect(school.locator('.school-state')).toHaveText('已确认');
  await expect(confirm).toBeDisabled();
  await expect(row).toHaveAttribute('data-state', 'confirmed', { timeout: 5000 });

  // The county returns it with a reason.
  await row.getByRole('button', { name: '重报' }).click();
  await row.getByLabel('重报原因').fill('多媒体教室数有误');
  await row.getByRole('button', { name: '确定' }).click();
  await expect(table.locator('tr.school[data-code="4301030001"]')).toHaveAttribute('data-state', 'returned');

  // The school's open page shows why, and it confirms again.
  await expect(school.getByRole('alert')).toContainText('多媒体教室数有误', { timeout: 5000 });
  await expect(confirm).toBeEnabled();
  await confirm.click();
  await expect(school.locator('.school-state')).toHaveText('已确认');

  await expect(table.locator('tr.school[data-code="4301030001"]')).toHaveAttribute('data-state', 'confirmed', { timeout: 5000 });
  expect(await county.evaluate(() => (window as any).__noReload)).toBe(true);

  // A school admin reads no status table, even by calling the server fn.
  const crafted = await school.request.post('/api/get_report_table', { form: { year: '2026', month: '11' } });
  expect(await crafted.text()).toContain('NotFound');

  await countyCtx.close();
  await schoolCtx.close();
});
