import { test, expect, Page } from '@playwright/test';
import * as fs from 'fs';
import { linkFor, login } from './helpers';

async function hydrated(page: Page) {
  await expect(page.locator('body[data-hydrated]')).toBeAttached();
}

test('the national admin renames a region, creates and moves a school, and creates its admin', async ({ page }) => {
  await login(page, 'a000000');

  // 地区管理: walk down and rename.
  await page.getByRole('link', { name: '地区管理' }).click();
  await expect(page).toHaveURL(/\/admin\/regions/);
  await hydrated(page);
  await page.getByRole('link', { name: '湖南省' }).click();
  await page.locator('tr[data-code="430200"]').getByRole('link', { name: '株洲市' }).click();
  await expect(page.locator('.region-head h3')).toContainText('株洲市');
  await page.getByLabel('地区名称').fill('株洲市（测试）');
  await page.getByRole('button', { name: '重命名' }).click();
  await expect(page.locator('.region-head h3')).toContainText('株洲市（测试）');
  await page.getByLabel('地区名称').fill('株洲市');
  await page.getByRole('button', { name: '重命名' }).click();
  await expect(page.locator('.region-head h3')).not.toContainText('测试');

  // 学校管理: a bad code is refused in place, then the school is created.
  await page.goto('/admin/schools?region=430104');
  await hydrated(page);
  await page.getByRole('button', { name: '新增学校' }).click();
  const form = page.locator('form.school-form');
  await form.getByLabel('学校代码').fill('43010');
  await form.getByLabel('学校名称').fill('岳麓区测试小学');
  await form.getByLabel('管理地区代码').fill('430104');
  await form.getByRole('button', { name: '保存' }).click();
  await expect(form.getByRole('alert')).toContainText('10 位数字');
  await form.getByLabel('学校代码').fill('4301047777');
  await form.getByRole('button', { name: '保存' }).click();
  await expect(form).toBeHidden();
  await page.getByLabel('查询').fill('4301047777');
  await page.getByRole('button', { name: '查询' }).click();
  const row = page.locator('tr[data-code="4301047777"]');
  await expect(row).toContainText('岳麓区测试小学');

  // Move it to 开福区 (430105).
  await row.getByRole('button', { name: '编辑' }).click();
  await form.getByLabel('管理地区代码').fill('430105');
  await form.getByRole('button', { name: '保存' }).click();
  // No longer under 岳麓区: the list of 430104 no longer holds it.
  await expect(page.locator('main')).toContainText('没有符合条件的学校');
  await page.getByRole('link', { name: '清除' }).click();
  await page.getByLabel('查询').fill('4301047777');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(row).toContainText('开福区');

  // Its admin: created without a password; the mailed link sets it.
  await page.getByRole('link', { name: '用户管理' }).click();
  await expect(page).toHaveURL(/\/admin\/users/);
  await hydrated(page);
  await page.getByRole('button', { name: '新增用户' }).click();
  const uform = page.locator('form.user-form');
  await uform.getByLabel('用户名').fill('yl_test');
  await uform.getByLabel('姓名').fill('刘测试');
  await uform.getByLabel('角色').selectOption('学校管理员');
  await uform.getByLabel('学校代码').fill('4301047777');
  await uform.getByLabel('电子邮件').fill('yl_test@example.com');
  await uform.getByRole('button', { name: '创建' }).click();
  await expect(page.getByRole('status')).toContainText('设置密码的链接已发送');

  let link: string | undefined;
  await expect.poll(() => (link = linkFor('yl_test@example.com')), { timeout: 10000 }).toBeTruthy();
  const other = await page.context().browser()!.newContext({ baseURL: test.info().project.use.baseURL });
  const newcomer = await other.newPage();
  await newcomer.goto(link!);
  await hydrated(newcomer);
  await newcomer.getByLabel('新密码', { exact: true }).fill('Liuceshi88');
  await newcomer.getByLabel('确认新密码').fill('Liuceshi88');
  await newcomer.getByRole('button', { name: '重置密码' }).click();
  await expect(newcomer.getByRole('status')).toContainText('密码已重置');
  await newcomer.goto('/login');
  await hydrated(newcomer);
  await newcomer.getByLabel('用户名').fill('yl_test');
  await newcomer.getByLabel('密码').fill('Liuceshi88');
  await newcomer.getByRole('button', { name: '登录' }).click();
  await expect(newcomer).toHaveURL(/\/school/);
  await expect(newcomer.locator('body')).toContainText('岳麓区测试小学');

  // 停用: the account is out at once.
  await page.getByLabel('查询').fill('yl_test');
  await page.getByRole('button', { name: '查询' }).click();
  const urow = page.locator('tr[data-username="yl_test"]');
  await urow.getByRole('button', { name: '停用' }).click();
  await expect(urow).toContainText('已停用');
  await newcomer.reload();
  await expect(newcomer).toHaveURL(/\/login/);
  await other.close();
});

test('a province reviewer imports schools with a preview, fixes a row, and exports the list', async ({ page }) => {
  await login(page, 'r430000');
  await page.getByRole('link', { name: '批量导入' }).click();
  await expect(page).toHaveURL(/\/admin\/import/);
  await hydrated(page);

  const header = '学校代码,学校名称,学校类型,六三制,管理地区代码\n';
  const broken = header + '4301046601,导入一校,小学,是,430104\n4401066602,外省学校,小学,是,440106\n';
  await page.getByLabel('导入文件').setInputFiles({ name: 'schools.csv', mimeType: 'text/csv', buffer: Buffer.from(broken) });
  await page.getByRole('button', { name: '上传并预览' }).click();
  const preview = page.locator('.import-preview');
  await expect(preview).toContainText('共 2 行');
  await expect(preview.locator('.import-errors')).toContainText('第 3 行');
  await expect(preview.locator('.import-errors')).toContainText('不在您的管理范围内');
  await expect(preview.getByRole('button', { name: '确认导入' })).toBeDisabled();

  const fixed = header + '4301046601,导入一校,小学,是,430104\n4301056602,导入二校,初中,是,430105\n';
  await page.getByLabel('导入文件').setInputFiles({ name: 'schools.csv', mimeType: 'text/csv', buffer: Buffer.from(fixed) });
  await page.getByRole('button', { name: '上传并预览' }).click();
  await expect(preview).toHaveAttribute('data-errors', '0');
  await expect(preview.locator('.import-sample')).toContainText('导入二校');
  await preview.getByRole('button', { name: '确认导入' }).click();
  await expect(preview.getByRole('status')).toContainText('导入完成：共 2 行');

  await page.goto('/admin/schools?q=43010' + '46601');
  await hydrated(page);
  await expect(page.locator('tr[data-code="4301046601"]')).toContainText('导入一校');

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: '导出 XLSX' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('学校列表.xlsx');
  const saved = await file.path();
  expect(fs.readFileSync(saved!).subarray(0, 2).toString()).toBe('PK');

  // Any status table goes out as a file too.
  await page.goto('/report');
  await expect(page.locator('.report-head[data-ready]')).toBeAttached();
  const csv = page.waitForEvent('download');
  await page.getByRole('link', { name: '导出 CSV' }).click();
  const table = await csv;
  expect(table.suggestedFilename()).toMatch(/^湖南省\d{4}年\d{1,2}月上报情况\.csv$/);
  const text = fs.readFileSync((await table.path())!, 'utf8');
  expect(text).toContain('合计');
  expect(text).toContain('长沙市');

  // 年度趋势 of the province, month by month.
  await page.locator('details.trend summary').click();
  await expect(page.locator('svg.trend-chart circle').first()).toBeVisible();
  await expect(page.locator('.trend-table')).toContainText('学生数(人)');
  await page.getByLabel('趋势指标').selectOption('教师数(人)');
  await expect(page.locator('.trend-table')).toContainText('教师数(人)');
});
