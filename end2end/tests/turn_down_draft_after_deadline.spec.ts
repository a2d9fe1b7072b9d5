import { test, expect, Page } from '@playwright/test';
import { login, schoolPage, setClock } from './helpers';

// The world moves on while a page is open or a device is offline. In
// December, after every November journey: it passes a county deadline.

async function openDecember(page: Page, school: string) {
  await login(page, school);
  await page.goto('/school?y=2026&m=12');
  await expect(page.locator('body[data-hydrated]')).toBeAttached();
  await expect(schoolPage(page).heading).toHaveText('2026年12月月度数据');
}

test('after a lost answer the page shows the truth, not a stale error', async ({ browser, request }) => {
  await setClock(request, '2026-12-02T10:00:00+08:00');
  const context = await browser.newContext();
  const page = await context.newPage();
  await openDecember(page, 's4301030001');
  const form = schoolPage(page);
  // December's first save (from November's values), then 月更新确认 —
  // which commits on the server while its answer is lost on the way.
  await form.save.click();
  await expect(form.saveStatus).toHaveText('已保存');
  await page.route('**/api/confirm_month', async (route) => {
    await route.fetch();
    await route.abort('connectionreset');
  });
  await expect(form.confirm).toBeEnabled();
  await form.confirm.click();
  await expect(form.state).toHaveAttribute('data-state', 'confirmed', { timeout: 10000 });
  await expect(form.state).toHaveText('已确认');
  await expect(page.locator('.school-month p.error')).toHaveCount(0);
  await context.close();
});

test('a draft for a month that closed meanwhile is shown as not accepted, and can be discarded', async ({ browser, request }) => {
  await setClock(request, '2026-12-02T10:00:00+08:00');
  const context = await browser.newContext();
  const page = await context.newPage();
  await openDecember(page, 's4301020001');
  const form = schoolPage(page);
  const students = form.field('students');
  await expect(students).toBeEditable();
  await form.save.click();
  await expect(form.saveStatus).toHaveText('已保存');
  const stored = await students.inputValue();
  const typed = String(Number(stored) + 3);

  // Offline on the evening of the deadline, the school edits.
  await context.setOffline(true);
  await students.fill(typed);
  await form.save.click();
  await expect(form.saveStatus).toContainText('修改已保存在本机');

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
  await expect(form.saveStatus).not.toContainText('联网后自动发送');

  await expect(panel.locator('[data-action="discard"]')).toHaveText('放弃本机修改');
  await panel.locator('[data-action="discard"]').click();
  await expect(panel).toHaveCount(0);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('jyxx:draft:')))).toEqual([]);
  await context.close();
});
