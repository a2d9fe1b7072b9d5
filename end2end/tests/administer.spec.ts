import { test, expect } from '@playwright/test';
import * as fs from 'fs';
import { hydrated, linkFor, login, menuLink, reportReady, signIn } from './helpers';

test('the national admin renames a region, creates and moves a school, and creates its admin', async ({ page }) => {
  await login(page, 'a000000');

  // 地区管理: walk down and rename.
  await menuLink(page, '/admin/regions').click();
  await expect(page).toHaveURL(/\/admin\/regions/);
  await hydrated(page);
  await page.locator('tr[data-code="430000"] a[href="/admin/regions?code=430000"]').click();
  await page.locator('tr[data-code="430200"] a[href="/admin/regions?code=430200"]').click();
  const head = page.locator('.region-head[data-code="430200"] h3');
  await expect(head).toContainText('株洲市');
  const rename = page.locator('form.rename');
  await rename.locator('input[data-field="name"]').fill('株洲市（测试）');
  await rename.locator('[data-action="rename"]').click();
  await expect(head).toContainText('株洲市（测试）');
  await rename.locator('input[data-field="name"]').fill('株洲市');
  await rename.locator('[data-action="rename"]').click();
  await expect(head).not.toContainText('测试');

  // 学校管理: a bad code is refused in place, then the school is created.
  await page.goto('/admin/schools?region=430104');
  await hydrated(page);
  await page.locator('[data-action="new"]').click();
  const form = page.locator('form.school-form');
  await form.locator('[data-field="code"]').fill('43010');
  await form.locator('[data-field="name"]').fill('岳麓区测试小学');
  await form.locator('[data-field="region"]').fill('430104');
  await form.locator('[data-action="save"]').click();
  await expect(form.locator('[role="alert"]')).toContainText('10 位数字');
  await form.locator('[data-field="code"]').fill('4301047777');
  await form.locator('[data-action="save"]').click();
  await expect(form).toBeHidden();
  const search = page.locator('form.search');
  await search.locator('input[type="search"]').fill('4301047777');
  await search.locator('[data-action="search"]').click();
  const row = page.locator('tr[data-code="4301047777"]');
  await expect(row).toContainText('岳麓区测试小学');

  // Move it to 开福区 (430105).
  await row.locator('[data-action="edit"]').click();
  await form.locator('[data-field="region"]').fill('430105');
  await form.locator('[data-action="save"]').click();
  // No longer under 岳麓区: the list of 430104 no longer holds it.
  await expect(row).toHaveCount(0);
  await expect(page.locator('main')).toContainText('没有符合条件的学校');
  await search.locator('[data-action="clear"]').click();
  await search.locator('input[type="search"]').fill('4301047777');
  await search.locator('[data-action="search"]').click();
  await expect(row).toContainText('开福区');

  // Its admin: created without a password; the mailed link sets it.
  await menuLink(page, '/admin/users').click();
  await expect(page).toHaveURL(/\/admin\/users/);
  await hydrated(page);
  await page.locator('[data-action="new"]').click();
  const uform = page.locator('form.user-form');
  await uform.locator('[data-field="username"]').fill('yl_test');
  await uform.locator('[data-field="name"]').fill('刘测试');
  await uform.locator('select[data-field="role"]').selectOption('3'); // 学校管理员
  await uform.locator('[data-field="school"]').fill('4301047777');
  await uform.locator('[data-field="email"]').fill('yl_test@example.com');
  await uform.locator('[data-action="create"]').click();
  await expect(page.locator('main [role="status"]')).toContainText('设置密码的链接已发送');

  let link: string | undefined;
  await expect.poll(() => (link = linkFor('yl_test@example.com')), { timeout: 10000 }).toBeTruthy();
  const other = await page.context().browser()!.newContext({ baseURL: test.info().project.use.baseURL });
  const newcomer = await other.newPage();
  await newcomer.goto(link!);
  await hydrated(newcomer);
  await newcomer.locator('input[name="new"]').fill('Liuceshi88');
  await newcomer.locator('input[name="repeat"]').fill('Liuceshi88');
  await newcomer.locator('[data-action="reset-password"]').click();
  await expect(newcomer.locator('[role="status"]')).toContainText('密码已重置');
  await newcomer.goto('/login');
  await hydrated(newcomer);
  await signIn(newcomer, 'yl_test', 'Liuceshi88');
  await expect(newcomer).toHaveURL(/\/school/);
  await expect(newcomer.locator('body')).toContainText('岳麓区测试小学');

  // 停用: the account is out at once.
  await search.locator('input[type="search"]').fill('yl_test');
  await search.locator('[data-action="search"]').click();
  const urow = page.locator('tr[data-username="yl_test"]');
  await urow.locator('[data-action="disable"]').click();
  await expect(urow).toHaveClass(/disabled/);
  await expect(urow).toContainText('已停用');
  await expect(urow.locator('[data-action="enable"]')).toBeVisible();
  await newcomer.reload();
  await expect(newcomer).toHaveURL(/\/login/);
  await other.close();
});

test('a province reviewer imports schools with a preview, fixes a row, and exports the list', async ({ page }) => {
  await login(page, 'r430000');
  await menuLink(page, '/admin/import').click();
  await expect(page).toHaveURL(/\/admin\/import/);
  await hydrated(page);

  const upload = page.locator('form.upload-import');
  const header = '学校代码,学校名称,学校类型,六三制,管理地区代码\n';
  const broken = header + '4301046601,导入一校,小学,是,430104\n4401066602,外省学校,小学,是,440106\n';
  await upload.locator('input[type="file"][name="file"]').setInputFiles({ name: 'schools.csv', mimeType: 'text/csv', buffer: Buffer.from(broken) });
  await upload.locator('[data-action="upload"]').click();
  const preview = page.locator('.import-preview');
  await expect(preview).toHaveAttribute('data-total', '2');
  await expect(preview).toContainText('共 2 行');
  await expect(preview.locator('.import-errors')).toContainText('第 3 行');
  await expect(preview.locator('.import-errors')).toContainText('不在您的管理范围内');
  await expect(preview.locator('[data-action="commit"]')).toBeDisabled();

  const fixed = header + '4301046601,导入一校,小学,是,430104\n4301056602,导入二校,初中,是,430105\n';
  await upload.locator('input[type="file"][name="file"]').setInputFiles({ name: 'schools.csv', mimeType: 'text/csv', buffer: Buffer.from(fixed) });
  await upload.locator('[data-action="upload"]').click();
  await expect(preview).toHaveAttribute('data-errors', '0');
  await expect(preview.locator('.import-sample')).toContainText('导入二校');
  await preview.locator('[data-action="commit"]').click();
  await expect(preview.locator('[role="status"]')).toContainText('导入完成：共 2 行');

  await page.goto('/admin/schools?q=43010' + '46601');
  await hydrated(page);
  await expect(page.locator('tr[data-code="4301046601"]')).toContainText('导入一校');

  const download = page.waitForEvent('download');
  await page.locator('main [data-action="export"]').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('学校列表.xlsx');
  const saved = await file.path();
  expect(fs.readFileSync(saved!).subarray(0, 2).toString()).toBe('PK');

  // Any status table goes out as a file too.
  await page.goto('/report');
  await reportReady(page);
  const csv = page.waitForEvent('download');
  await page.locator('.report-head [data-action="export-csv"]').click();
  const table = await csv;
  expect(table.suggestedFilename()).toMatch(/^湖南省\d{4}年\d{1,2}月上报情况\.csv$/);
  const text = fs.readFileSync((await table.path())!, 'utf8');
  expect(text).toContain('合计');
  expect(text).toContain('长沙市');

  // 年度趋势 of the province, month by month.
  await page.locator('details.trend summary').click();
  await expect(page.locator('svg.trend-chart circle').first()).toBeVisible();
  const trendTable = page.locator('.trend-table');
  await expect(trendTable).toContainText('学生数(人)');
  await page.locator('details.trend select[data-field="indicator"]').selectOption('1'); // 教师数
  await expect(trendTable).toContainText('教师数(人)');
});
