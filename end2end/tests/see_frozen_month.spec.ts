import { test, expect } from '@playwright/test';
import { hydrated, login, schoolPage, setClock } from './helpers';

// SPEC §5, the month lock: a school that opens a month its region has
// reported, or a month before it was in the system, sees every input and
// button disabled and reads why beside the form.
test('a school sees why a reported month cannot change', async ({ page, request }) => {
  await setClock(request, '2026-11-04T10:00:00+08:00');
  await login(page, 's4301030001');
  const form = schoolPage(page);

  await page.goto('/school?y=2026&m=10');
  await hydrated(page);
  await expect(form.heading).toHaveText('2026年10月月度数据');
  await expect(form.frozen).toContainText(/已上报2026年10月数据|上报已截止/);
  await expect(form.field('students')).toBeDisabled();
  await expect(form.save).toBeDisabled();
  await expect(form.confirm).toBeDisabled();

  // Years back: not a month of this school at all, and it says so.
  await page.goto('/school?y=2025&m=3');
  await hydrated(page);
  await expect(form.frozen).toContainText('不在本系统中填报');
  await expect(form.field('classes')).toBeDisabled();

  // A forged save of the closed month is refused by the server too.
  const forged = await page.request.post('/api/save_school_month', {
    data: {
      year: 2026, month: 10, base_version: 0, confirm_jumps: true,
      figures: { classes: 1, teachers: 1, students: 1, six_three: false, broadband: false, broadband_mbps: 0,
        multimedia_rooms: 0, teacher_spaces: 0, student_spaces: 0 },
    },
  });
  expect(forged.ok()).toBeFalsy();
  // The refusal travels as a typed value (the page words it in its own language).
  expect(await forged.text()).toContain('"Frozen"');

});
