import { test, expect } from '@playwright/test';
import { login, setClock } from './helpers';

test('two days before the county deadline, a county that has not reported finds a reminder from 系统', async ({ page, request }) => {
  await setClock(request, '2026-11-04T10:00:00+08:00');
  await login(page, 'r430181');
  await page.getByRole('link', { name: '通知通告' }).click();
  await expect(page).toHaveURL(/\/notices/);
  const reminder = page.locator('.notice-list li', { hasText: '【提醒】2026年11月数据请于11月5日前审核上报' });
  await expect(reminder).toHaveCount(1);
  await expect(reminder).toContainText('系统');
  await expect(reminder).toContainText('未读');
  await reminder.getByRole('link').click();
  await expect(page.locator('main')).toContainText('尚未上报');
});

test('the national admin finds the reminder setting at its default of 2 days', async ({ page }) => {
  await login(page, 'a000000');
  await page.goto('/admin/settings');
  await expect(page.locator('body[data-hydrated]')).toBeAttached();
  await expect(page.getByLabel('截止前提醒天数')).toHaveValue('2');
});
