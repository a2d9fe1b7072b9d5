import { test, expect } from '@playwright/test';
import { hydrated, login, menuLink, setClock } from './helpers';

test('two days before the county deadline, a county that has not reported finds a reminder from 系统', async ({ page, request }) => {
  await setClock(request, '2026-11-04T10:00:00+08:00');
  await login(page, 'r430181');
  await menuLink(page, '/notices').click();
  await expect(page).toHaveURL(/\/notices/);
  // The system writes its reminders in Chinese (not yet in both languages).
  const reminder = page.locator('.notice-list li', { hasText: '【提醒】2026年11月数据请于11月5日前审核上报' });
  await expect(reminder).toHaveCount(1);
  await expect(reminder.locator('.meta')).toContainText('系统');
  await expect(reminder.locator('.tag.unread-mark')).toBeVisible();
  await reminder.locator('a.title').click();
  await expect(page.locator('.notice-content')).toContainText('尚未上报');
});

test('the national admin finds the reminder setting at its default of 2 days', async ({ page }) => {
  await login(page, 'a000000');
  await page.goto('/admin/settings');
  await hydrated(page);
  await expect(page.locator('form.settings-admin [data-field="reminder-days"]')).toHaveValue('2');
});
