import { test, expect, request as apiRequest, APIRequestContext, Locator, Page } from '@playwright/test';
import {
  chooseLanguage, HAN, hydrated, loginForm, logoutButton, menuLink, PASSWORD, reportPage, reportReady,
  returnRow, setClock, signIn,
} from './helpers';

// The review journey of manual §2–§3 read in English: a county reviewer
// submits its report, the city returns it with a reason, the county
// re-submits. Every page is switched to English by the visible switch.
//
// Its own regions: 湖北省 (420000) / 武汉市 (420100) / 江岸区 (420102), which
// no other journey touches. Its month is November 2026, the only month open
// on the shared server (it starts at 2026-11-03; a later month would need
// the clock past November's deadlines, which close November for every
// region and would spoil the later Chinese journey in 长沙市). The clock
// stays inside the county window (2026-11-04, before the county deadline
// at the end of the 5th), so no deadline runs. The city may return a county
// only inside its own window: for the length of this journey the city
// window opens on day 1 instead of day 6 (windows may overlap; each level
// still closes before the one above), and the settings are put back after,
// whatever happens. Runs alone or in the full suite.

const PROVINCE = { code: '420000', name: '湖北省' };
const CITY = { code: '420100', name: '武汉市', login: 'r420100' };
const COUNTY = { code: '420102', name: '江岸区', login: 'r420102' };
const Y = '2026';
const M = '11';
const AT = '2026-11-04T10:00:00+08:00';

/** Region names are data: they stay Chinese in every language. */
const NAMES = [PROVINCE.name, CITY.name, COUNTY.name, '全国'];

/** The national admin's session for the settings (no page needed). */
async function asNationalAdmin(): Promise<APIRequestContext> {
  const api = await apiRequest.newContext({ baseURL: test.info().project.use.baseURL });
  const r = await api.post('/api/login', { form: { username: 'a000000', password: PASSWORD } });
  expect(r.status(), await r.text()).toBeLessThan(400);
  return api;
}

async function readSettings(api: APIRequestContext): Promise<any> {
  const r = await api.post('/api/get_settings');
  expect(r.ok(), await r.text()).toBeTruthy();
  return r.json();
}

async function saveSettings(api: APIRequestContext, settings: any) {
  const r = await api.post('/api/save_settings', { data: { settings } });
  expect(r.ok(), await r.text()).toBeTruthy();
}

/** Logs in on an English login page: the switch is clicked there, before signing in. */
async function loginInEnglish(page: Page, user: string) {
  await page.goto('/login');
  await hydrated(page);
  await chooseLanguage(page, 'en');
  const form = loginForm(page);
  await expect(form.form.locator('h2')).toHaveText('Sign in');
  await expect(form.submit).toHaveText('Sign in');
  await signIn(page, user);
  await expect(page).toHaveURL(/\/report/);
  await hydrated(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  // Chosen again while logged in: saved for the user (the next login, anywhere).
  await chooseLanguage(page, 'en');
}

async function openMonth(page: Page) {
  await page.goto(`/report?y=${Y}&m=${M}`);
  await reportReady(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
}

/**
 * The page's own words (header, menus, headings, buttons, table heads,
 * state cells, review bar, footer) with any Chinese left in them. Names of
 * regions are data and are taken out first; so is the language switch,
 * which names 中文 in Chinese on purpose, and the user's line (a region and
 * a person's name).
 */
async function chineseInChrome(page: Page): Promise<string[]> {
  const parts: [string, Locator][] = [
    ['brand', page.locator('header .brand')],
    ['menu', page.locator('header nav.menu')],
    ['logout', logoutButton(page)],
    ['heading', page.locator('.report-head h2')],
    ['trail', page.locator('.report-head nav.trail')],
    ['exports', page.locator('.report-head .exports')],
    ['month picker', page.locator('.report .picker')],
    ['review facts', page.locator('.review-bar .review-facts')],
    ['window rule', page.locator('.review-bar .rule')],
    ['review buttons', page.locator('.review-bar button')],
    ['why not', page.locator('.review-bar .why')],
    ['upload label', page.locator('.upload-form label')],
    ['table caption', page.locator('table.status caption')],
    ['table head', page.locator('table.status thead')],
    ['total row', page.locator('table.status tr.sum td').nth(1)],
    ['direct row', page.locator('table.status tr.direct button')],
    ['state cells', page.locator('table.status tr[data-state] td.state')],
    ['row buttons', page.locator('table.status td.ops button')],
    ['audit', page.locator('details.audit summary')],
    ['trend', page.locator('details.trend summary')],
    ['footer', page.locator('footer')],
  ];
  const found: string[] = [];
  for (const [what, locator] of parts) {
    for (let text of await locator.allInnerTexts()) {
      for (const name of NAMES) text = text.split(name).join('');
      if (HAN.test(text)) found.push(`${what}: ${text.trim()}`);
    }
  }
  return found;
}

test('in English: a county submits, its city returns it with a reason, the county re-submits', async ({ browser, request }) => {
  await setClock(request, AT);
  const admin = await asNationalAdmin();
  const before = await readSettings(admin);
  const cityCtx = await browser.newContext({ locale: 'zh-CN' });
  const countyCtx = await browser.newContext({ locale: 'zh-CN' });
  try {
    // The city window opens with the county's, for this journey only.
    const overlapping = JSON.parse(JSON.stringify(before));
    overlapping.windows.city.first_day = 1;
    await saveSettings(admin, overlapping);

    // The city reviewer opens the month, in English.
    const city = await cityCtx.newPage();
    await loginInEnglish(city, CITY.login);
    await expect(menuLink(city, '/report')).toHaveText('Reporting');
    await expect(city.locator('header .who')).toContainText('City reviewer');
    await expect(logoutButton(city)).toHaveText('Log out');
    await openMonth(city);
    const cityView = reportPage(city);
    const jiangan = cityView.child(COUNTY.code);
    await expect(jiangan).toHaveAttribute('data-state', 'pending');
    await expect(jiangan.locator('td.state')).toHaveText('Not submitted');
    await expect(cityView.ownState).toHaveAttribute('data-state', 'pending');
    await expect(cityView.ownState).toHaveText('Not submitted');
    await expect(cityView.table.locator('caption')).toHaveText('Reporting status');
    await expect(cityView.table.locator('thead')).toContainText('Students');
    await expect(cityView.table.locator('tr.sum')).toContainText('Total');
    // A county that has not submitted cannot be returned.
    const returnJiangan = jiangan.locator('[data-action="return"]');
    await expect(returnJiangan).toHaveText('Return for revision');
    await expect(returnJiangan).toBeDisabled();
    await city.evaluate(() => ((window as any).__noReload = true));

    // The county reviewer: upload the 月报文本, then submit.
    const county = await countyCtx.newPage();
    await loginInEnglish(county, COUNTY.login);
    await expect(county.locator('header .who')).toContainText('County reviewer');
    await openMonth(county);
    const own = reportPage(county);
    await expect(own.days).toHaveText('Days left for you to confirm this month: 2');
    await expect(own.ownState).toHaveAttribute('data-state', 'pending');
    await expect(own.ownState).toHaveText('Not submitted');
    await expect(own.submit).toHaveText('Submit');
    await expect(own.submit).toBeDisabled();
    await expect(own.upload).toHaveText('Upload monthly report document');
    await own.reportFile.setInputFiles({
      name: 'jiangan-2026-11.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Jiang’an district, November 2026: progress of education informatization.'),
    });
    await own.upload.click();
    await expect(own.uploaded).toHaveText('Uploaded: jiangan-2026-11.txt');
    await expect(own.submit).toBeEnabled();
    expect.soft(await chineseInChrome(county), 'Chinese left on the county page before submitting').toEqual([]);
    await own.submit.click();
    await expect(own.ownState).toHaveAttribute('data-state', 'submitted');
    await expect(own.ownState).toHaveText('Submitted');
    await expect(own.submit).toBeDisabled();

    // The city's open page turns without a reload; now it may return it.
    await expect(jiangan).toHaveAttribute('data-state', 'submitted', { timeout: 5000 });
    await expect(jiangan.locator('[data-action="download"]')).toHaveText('Download');
    expect(await city.evaluate(() => (window as any).__noReload)).toBe(true);
    await expect(returnJiangan).toBeEnabled();
    await returnJiangan.click();
    await expect(jiangan.locator('textarea[name="reason"]')).toHaveAttribute('placeholder', 'Enter the reason for returning the report for revision');
    await expect(jiangan.locator('[data-action="confirm-return"]')).toHaveText('OK');
    await jiangan.locator('[data-action="close"]').click();
    const reason = 'Student numbers differ too much from last month';
    await returnRow(jiangan, reason);
    await expect(jiangan).toHaveAttribute('data-state', 'returned');
    await expect(jiangan.locator('td.state')).toHaveText('Returned for revision');
    await expect(jiangan.locator('[data-action="cancel-return"]')).toHaveText('Cancel return');
    expect.soft(await chineseInChrome(city), 'Chinese left on the city page').toEqual([]);

    // The county sees why on its open page, and re-submits.
    await expect(own.ownState).toHaveAttribute('data-state', 'returned', { timeout: 5000 });
    await expect(own.ownState).toHaveText('Returned for revision');
    await expect(own.returnedBanner).toContainText('has been returned for revision by the level above');
    await expect(own.returnedBanner).toContainText(reason);
    await expect(own.submit).toHaveText('Re-submit');
    await expect(own.submit).toBeEnabled();
    expect.soft(await chineseInChrome(county), 'Chinese left on the returned county page').toEqual([]);
    await own.submit.click();
    await expect(own.ownState).toHaveAttribute('data-state', 'submitted');
    await expect(own.ownState).toHaveText('Submitted');
    await expect(own.returnedBanner).toHaveCount(0);

    // The city sees it back, live, and its audit log tells the story in English.
    await expect(jiangan).toHaveAttribute('data-state', 'submitted', { timeout: 5000 });
    await expect(jiangan.locator('td.state')).toHaveText('✓');
    expect(await city.evaluate(() => (window as any).__noReload)).toBe(true);
    await expect(cityView.audit.locator('summary')).toHaveText('Audit log');
    await cityView.audit.locator('summary').click();
    const audit = city.locator('.audit-table');
    await expect(audit).toContainText('Returned for revision');
    await expect(audit).toContainText('Re-submitted');
    await expect(audit).toContainText(reason);

    // The language stays with the page: a reload is English from the first byte.
    await county.reload();
    await reportReady(county);
    await expect(county.locator('html')).toHaveAttribute('lang', 'en');
    await expect(own.ownState).toHaveText('Submitted');
    expect.soft(await chineseInChrome(county), 'Chinese left on the submitted county page').toEqual([]);
  } finally {
    await saveSettings(admin, before);
    await admin.dispose();
    await cityCtx.close();
    await countyCtx.close();
  }
});
