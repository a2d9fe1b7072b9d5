import { test, expect } from '@playwright/test';
import { login, menuLink, reportPage, reportReady, returnRow, schoolPage, setClock } from './helpers';

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
  const view = reportPage(county);
  await view.expandDirect.click();
  const row = view.school('4301030001');
  await expect(row).toBeVisible();

  await login(school, 's4301030001');
  await expect(school).toHaveURL(/\/school/);
  await expect(menuLink(school, '/school')).toHaveText('月度数据');
  await expect(menuLink(school, '/report')).toHaveCount(0);
  const form = schoolPage(school);
  await expect(form.heading).toHaveText('2026年11月月度数据');
  await expect(school.locator('tr[data-field="classes"] th')).toHaveText('班级数');

  // Make sure the school has confirmed (a draft confirms first).
  if (await form.confirm.isEnabled()) {
    await form.confirm.click();
  }
  await expect(form.state).toHaveAttribute('data-state', 'confirmed');
  await expect(form.state).toHaveText('已确认');
  await expect(form.confirm).toBeDisabled();
  await expect(row).toHaveAttribute('data-state', 'confirmed', { timeout: 5000 });

  // The county returns it with a reason.
  await returnRow(row, '多媒体教室数有误');
  await expect(row).toHaveAttribute('data-state', 'returned');

  // The school's open page shows why, and it confirms again.
  await expect(form.state).toHaveAttribute('data-state', 'returned', { timeout: 5000 });
  await expect(school.locator('.school-month p.banner[role="alert"]')).toContainText('多媒体教室数有误');
  await expect(form.confirm).toBeEnabled();
  await expect(form.confirm).toHaveText('月更新确认');
  await form.confirm.click();
  await expect(form.state).toHaveAttribute('data-state', 'confirmed');

  await expect(row).toHaveAttribute('data-state', 'confirmed', { timeout: 5000 });
  expect(await county.evaluate(() => (window as any).__noReload)).toBe(true);

  // A school admin reads no status table, even by calling the server fn.
  const crafted = await school.request.post('/api/get_report_table', { form: { year: '2026', month: '11' } });
  expect(await crafted.text()).toContain('NotFound');

  await countyCtx.close();
  await schoolCtx.close();
});
