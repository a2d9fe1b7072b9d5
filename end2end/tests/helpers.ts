import { expect, Page, APIRequestContext, Locator } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';

export const PASSWORD = 'Jyxx@2026';

// Elements are found by stable attributes (names, ids, `data-action`,
// `data-state`, `data-field`), never by rendered text, so every helper and
// journey works in both languages. Texts are asserted only where the words
// themselves are what is checked.

/** The login form's fields and button, in whatever language the page speaks. */
export function loginForm(page: Page) {
  const form = page.locator('form.login-form');
  return {
    form,
    username: form.locator('input[name="username"]'),
    password: form.locator('input[name="password"]'),
    captcha: form.locator('input[name="captcha"]'),
    submit: form.locator('button[data-action="login"]'),
  };
}

/** Fills and sends the login form of the page already open on /login. */
export async function signIn(page: Page, user: string, password = PASSWORD) {
  const f = loginForm(page);
  await f.username.fill(user);
  await f.password.fill(password);
  await f.submit.click();
}

export async function login(page: Page, user: string) {
  await page.goto('/login');
  await hydrated(page);
  await signIn(page, user);
  await expect(page).toHaveURL(/\/(report|school)/);
  await hydrated(page);
}

export async function hydrated(page: Page) {
  await expect(page.locator('body[data-hydrated]')).toBeAttached();
}

/** The language switch (header or login page): `zh-CN` or `en`. */
export async function chooseLanguage(page: Page, locale: 'zh-CN' | 'en') {
  const button = page.locator(`.language button[data-locale="${locale}"]`);
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).toHaveAttribute('lang', locale);
}

/** 退出 / Log out in the header. */
export function logoutButton(page: Page): Locator {
  return page.locator('header button[data-action="logout"]');
}

/** The main menu's entry for a path (/report, /fill, /notices, …). */
export function menuLink(page: Page, href: string): Locator {
  return page.locator(`nav.menu a[href="${href}"]`);
}

/** Moves the server's clock (test mode only) and runs due deadlines. */
export async function setClock(request: APIRequestContext, at: string) {
  const r = await request.post('/api/test/clock', { form: { at } });
  expect(r.ok(), await r.text()).toBeTruthy();
}

/** Waits until the report view has been taken over by the browser. */
export async function reportReady(page: Page) {
  await expect(page.locator('.report-head[data-ready]')).toBeAttached();
}

/** The controls of the report page (数据上报), by their stable attributes. */
export function reportPage(page: Page) {
  const table = page.locator('table.status');
  return {
    table,
    ownState: page.locator('.review-bar .own-state'),
    days: page.locator('.review-bar .days'),
    why: page.locator('.review-actions .why'),
    reportFile: page.locator('.upload-form input[type="file"][name="file"]'),
    upload: page.locator('.upload-form button[data-action="upload"]'),
    uploaded: page.locator('.upload-form [role="status"]'),
    submit: page.locator('.review-actions button[data-action="submit"]'),
    returnedBanner: page.locator('.report p.banner[role="alert"]'),
    expandDirect: table.locator('tr.direct button.expand'),
    child: (code: string) => table.locator(`tr.child[data-code="${code}"]`),
    school: (code: string) => table.locator(`tr.school[data-code="${code}"]`),
    audit: page.locator('details.audit'),
  };
}

/** 重报 with a reason on one row (a child region or a direct school). */
export async function returnRow(row: Locator, reason: string) {
  await row.locator('[data-action="return"]').click();
  await row.locator('textarea[name="reason"]').fill(reason);
  await row.locator('[data-action="confirm-return"]').click();
}

/** 取消 of a return on one row. */
export async function cancelReturn(row: Locator) {
  await row.locator('[data-action="cancel-return"]').click();
}

/** The school's monthly form (学校 → 月度数据). */
export function schoolPage(page: Page) {
  return {
    heading: page.locator('.school-month h2'),
    state: page.locator('.school-state'),
    field: (key: string) => page.locator(`#f-${key}`),
    last: (key: string) => page.locator(`tr[data-field="${key}"] td.last`),
    fieldError: (key: string) => page.locator(`tr[data-field="${key}"] .field-error`),
    save: page.locator('.school-month button[data-action="save"]'),
    saveStatus: page.locator('.save-status'),
    confirm: page.locator('button[data-action="confirm-month"]'),
    offline: page.locator('.banner.offline'),
    frozen: page.locator('.banner.frozen'),
  };
}

/** Han characters: none may be left in an English page's own words. */
export const HAN = /[\u4e00-\u9fff]/;

const OUTBOX = process.env.JYXX_OUTBOX ?? '/tmp/jyxx-dev/outbox';

/** The password link in the newest outbox mail to `address`, as a path. */
export function linkFor(address: string): string | undefined {
  if (!fs.existsSync(OUTBOX)) return undefined;
  for (const f of fs.readdirSync(OUTBOX).filter((f) => f.endsWith('.eml') && !f.startsWith('.'))) {
    const mail = fs.readFileSync(path.join(OUTBOX, f), 'utf8');
    if (!mail.includes(`To: ${address}`)) continue;
    const unfolded = mail.replace(/=\r?\n/g, '');
    const m = /token=3D([0-9a-f]{64})/.exec(unfolded);
    if (m) return `/reset?token=${m[1]}`;
  }
  return undefined;
}
