import { test, expect, Page, Browser, BrowserContext, APIRequestContext } from '@playwright/test';
import { login, schoolPage, setClock } from './helpers';

const SCHOOL = 's4301020001';

async function openForm(page: Page) {
  await page.goto('/school?y=2026&m=11');
  await expect(page.locator('body[data-hydrated]')).toBeAttached();
  await expect(schoolPage(page).heading).toHaveText('2026年11月月度数据');
}

/** The county returns the school's month if it was confirmed, so it can be edited. */
async function makeEditable(context: BrowserContext) {
  const county = await context.request.post('/api/login', { form: { username: 'r430102', password: 'Jyxx@2026' } });
  expect(county.status()).toBeLessThan(400);
  await context.request.post('/api/return_school', {
    form: { year: '2026', month: '11', school: '4301020001', reason: '请核对学生数' },
  });
  await context.request.post('/api/logout');
}

/** The school's admin on its form of a month open for editing. */
async function editableForm(browser: Browser, request: APIRequestContext) {
  await setClock(request, '2026-11-04T10:00:00+08:00');
  const setup = await browser.newContext();
  await makeEditable(setup);
  await setup.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, SCHOOL);
  await openForm(page);
  const students = schoolPage(page).field('students');
  const teachers = schoolPage(page).field('teachers');
  await expect(students).toBeEditable();
  return { context, page, students, teachers };
}

test('the school form keeps every edit through a dropped network and a reload, then saves', async ({ browser, request }) => {
  const { context, page, students, teachers } = await editableForm(browser, request);
  const form = schoolPage(page);
  const rooms = form.field('multimedia_rooms');
  // Last month's value stands beside the field.
  await expect(form.last('students')).not.toHaveText('-');

  // Messages as the user types, naming the field.
  const classes = await form.field('classes').inputValue();
  await rooms.fill(String(Number(classes) + 1));
  await expect(form.fieldError('multimedia_rooms')).toContainText('不能多于班级数');
  await rooms.fill(String(Number(classes)));
  await expect(form.fieldError('multimedia_rooms')).toHaveCount(0);
  await students.fill('abc');
  await expect(form.fieldError('students')).toContainText('学生数应为不小于 0 的整数');

  // The network drops mid-edit.
  const oldStudents = Number((await form.last('students').innerText()).replace(/,/g, ''));
  const newStudents = String(oldStudents + 7);
  await students.fill(newStudents);
  await context.setOffline(true);
  await expect(form.offline).toBeVisible();
  await expect(form.offline).toContainText('当前处于离线状态');
  const newTeachers = String(Number(await teachers.inputValue()) + 1);
  await teachers.fill(newTeachers);
  await form.save.click();
  await expect(form.saveStatus).toContainText('修改已保存在本机');
  await expect(page.locator('.banner.offline .waiting')).toContainText('学生数');
  await expect(page.locator('.banner.offline .waiting')).toContainText('教师数');

  // Reloading while offline finds the form and the edits.
  await page.reload();
  await expect(page.locator('body[data-hydrated]')).toBeAttached();
  await expect(students).toHaveValue(newStudents);
  await expect(teachers).toHaveValue(newTeachers);
  await expect(form.offline).toBeVisible();

  // Back online: the pending edits go by themselves.
  await context.setOffline(false);
  await expect(form.saveStatus).toHaveText('已保存', { timeout: 10000 });
  const check = await context.request.post('/api/get_school_month', { form: { year: '2026', month: '11' } });
  const saved = await check.json();
  expect(saved.figures.students).toBe(Number(newStudents));
  expect(saved.figures.teachers).toBe(Number(newTeachers));
  await context.close();
});

test('two editors of one record: the later save shows both versions and the user chooses', async ({ browser }) => {
  const a = await browser.newContext();
  const b = await browser.newContext();
  const pa = await a.newPage();
  const pb = await b.newPage();
  await login(pa, SCHOOL);
  await openForm(pa);
  await login(pb, SCHOOL);
  await openForm(pb);

  const fa = schoolPage(pa);
  const fb = schoolPage(pb);
  const base = Number(await fa.field('students').inputValue());
  await fa.field('students').fill(String(base + 1));
  await fa.save.click();
  await expect(fa.saveStatus).toHaveText('已保存');

  await fb.field('students').fill(String(base + 2));
  await fb.save.click();
  const conflict = pb.locator('.conflict');
  await expect(conflict).toBeVisible();
  await expect(conflict.locator('tr.differs')).toContainText(String(base + 2));
  await expect(conflict.locator('tr.differs')).toContainText(String(base + 1));
  await expect(conflict.locator('[data-action="use-mine"]')).toHaveText('使用本机的值');
  await conflict.locator('[data-action="use-mine"]').click();
  await expect(fb.saveStatus).toHaveText('已保存');

  const check = await b.request.post('/api/get_school_month', { form: { year: '2026', month: '11' } });
  expect((await check.json()).figures.students).toBe(base + 2);
  await a.close();
  await b.close();
});

test('a send asked for while a save is on its way waits for it: no conflict with oneself', async ({ browser, request }) => {
  const { context, page, students, teachers } = await editableForm(browser, request);

  // A slow network: every save takes a while to arrive.
  await page.route('**/api/save_school_month', async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  const form = schoolPage(page);
  const newStudents = String(Number(await students.inputValue()) + 2);
  await students.fill(newStudents);
  await form.save.click();
  await expect(form.saveStatus).toHaveText('正在保存…');
  // Meanwhile the user types on, and the network flickers back "online",
  // which sends what is waiting.
  const newTeachers = String(Number(await teachers.inputValue()) + 2);
  await teachers.fill(newTeachers);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));

  await expect(form.saveStatus).toHaveText('已保存', { timeout: 10000 });
  await expect(page.locator('.conflict')).toHaveCount(0);
  const check = await context.request.post('/api/get_school_month', { form: { year: '2026', month: '11' } });
  const saved = await check.json();
  expect(saved.figures.students).toBe(Number(newStudents));
  expect(saved.figures.teachers).toBe(Number(newTeachers));
  await context.close();
});
