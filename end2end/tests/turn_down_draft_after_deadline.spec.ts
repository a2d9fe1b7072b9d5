import { test, expect, Page } from '@playwright/test';
import { login, setClock } from './helpers';

// The world moves on while a page is open or a device is offline. In
// December, after every November journey: it passes a county deadline.

async function openDecember(page: Page, school: string) {
  await login(page, school);
  await page.goto('/school?y=2026&m=12');
  await expect(page.locator('body[data-hydrated]')).toBeAttached();
  await expect(page.locator('.school-month h2')).toHaveText('2026年12月月度数据');
}

test('after a lost answer the page shows the truth, not a stale error', async ({ browser, request }) => {
  await setClock(request, '2026-12-02T10:00:00+08:00');
  const context = await browser.newContext();
  const page = await context.newPage();
  await openDecember(page, 's4301030001');
  // December's first save (from November's values), then 月更新确认 —
  // which commits on the server while its answer is lost on the way.
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.locator('.save-status')).toHaveText('已保存');
  await page.route('**/api/confirm_month', async (route) => {
    await route.fetch();
    await route.abort('connectionreset');
  });
  const confirm = page.getByRole('button', { name: '月更新确认' });
  await expect(confirm).toBeEnabled();
  await confirm.click();
  await expect(page.locator('.school-state')).toHaveText('已确认', { timeout: 10000 });
  await expect(page.locator('.school-month p.error')).toHaveCount(0);
  await context.close();
});

test('a draft for a month that closed meanwhile is shown as not accepted, and can be discarded', async ({ browser, request }) => {
  await setClock(request, '2026-12-02T10:00:00+08:00');
  const context = await browser.newContext();
  const page = await context.newPage();
  await openDecember(page, 's4301020001');
  const students = page.getByLabel('学生数', { exact: true });
  await expect(students).toBeEditable();
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.locator('.save-status')).toHaveText('已保存');
  const stored = await students.inputValue();
  const typed = String(Number(stored) + 3);

  // Offline on the evening of the deadline, the school edits.
  await context.setOffline(true);
  await students.fill(typed);
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.locator('.save-status')).toContainText('修改已保存在本机');

  // The county deadline passes meanwhile (the county is auto-submitted,
  // the school's month confirmed by the system).
  await setClock(request, '2026-12-06T09:00:00+08:00');
  await context.setOffline(false);
  await page.reload();
  await expect(page.locator('body[data-hydrated]')).toBeAttached();
  const panel = page.locator('.not-accepted');
  await expect(panel).toBeVisible({ timeout: 10000 });
  await expect(panel).toContainText('未被接受');
  await expect(panel.locator('.why')).toContainText('数据已冻结');
  await expect(panel.locator('tr.differs')).toContainText(typed);
  await expect(students).toHaveValue(stored);
  await expect(page.locator('.save-status')).not.toContainText('联网后自动发送');

  await panel.getByRole('button', { name: '放弃本机修改' }).click();
  await expect(panel).toHaveCount(0);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('jyxx:draft:')))).toEqual([]);
  await context.close();
});
