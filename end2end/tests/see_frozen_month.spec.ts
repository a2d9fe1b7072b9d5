import { test, expect } from '@playwright/test';
import { login, setClock } from './helpers';

// SPEC §5, the month lock: a school that opens a month its region has
// reported, or a month before it was in the system, sees every input and
// button disabled and reads why beside the form.
test('a school sees why a reported month cannot change', async ({ page, request }) => {
  await setClock(request, '2026-11-04T10:00:00+08:00');
  await login(page, 's4301030001');

  await page.goto('/school?y=2026&m=10');
  await expect(page.locator('body[data-hydrated]')).toBeAttached();
  await expect(page.locator('.school-month h2')).toHaveText('2026年10月月度数据');
  await expect(page.locator('.banner.frozen')).toContainText(/已上报2026年10月数据|上报已截止/);
  await expect(page.locator('#f-students')).toBeDisabled();
  await expect(page.getByRole('button', { name: '保存' })).toBeDisabled();
  await expect(page.getByRole('button', { name: '月更新确认' })).toBeDisabled();

  // Years back: not a month of this school at all, and it says so.
  await page.goto('/school?y=2025&m=3');
  await expect(page.locator('body[data-hydrated]')).toBeAttached();
  await expect(page.locator('.banner.frozen')).toContainText('不在本系统中填报');
  await expect(page.locator('#f-classes')).toBeDisabled();

  // A forged save of the closed month is refused by the server too.
  const forged = await page.request.post('/api/save_school_month', {
    data: {
      year: 2026, month: 10, base_version: 0, confirm_jumps: true,
      figures: { classes: 1, teachers: 1, students: 1, six_three: false, broadband: false, broadband_mbps: 0,
        multimedia_rooms: 0, teacher_spaces: 0, student_spaces: 0 },
    },
  });
  expect(forged.ok()).toBeFalsy();
  expect(await forged.text()).toContain('数据已冻结');

});
