import { test, expect } from '@playwright/test';
import { hydrated, login } from './helpers';

test('the national admin publishes a pinned notice to 县级审核员; a county reviewer sees it first and unread; a school admin does not', async ({ browser }) => {
  const title = `关于做好11月数据上报工作的通知 ${Date.now()}`;
  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await login(admin, 'a000000');
  await admin.goto('/notices/new');
  await hydrated(admin);
  const form = admin.locator('form.notice-form');
  await form.locator('input[name="title"]').fill(title);
  const scope = form.locator('.scope');
  await expect(scope.locator('input[data-level="0"]')).toBeAttached(); // 国家级审核员
  await expect(scope).toContainText('国家级审核员');
  await scope.locator('input[data-level="3"]').check(); // 县级审核员
  const editor = form.locator('.editor[contenteditable="true"]');
  await editor.click();
  await admin.keyboard.type('各县级审核员：请于5日前完成审核上报。');
  await form.locator('input[data-field="pinned"]').check();
  await form.locator('input[data-field="attachments"]').setInputFiles({ name: '填报说明.txt', mimeType: 'text/plain', buffer: Buffer.from('填报说明：每月5日前完成。') });
  await form.locator('[data-action="save"]').click();
  await expect(admin).toHaveURL(/\/notices\/view\?id=\d+/);
  await expect(admin.locator('.notice h2')).toContainText(title);
  await expect(admin.locator('.notice .meta')).toContainText('全国-全国管理员');
  await expect(admin.locator('.notice .meta')).toContainText('县级审核员');

  const countyCtx = await browser.newContext();
  const county = await countyCtx.newPage();
  await login(county, 'r430104');
  await expect(county.locator('nav .badge')).toBeVisible();
  await county.goto('/notices');
  const first = county.locator('.notice-list li').first();
  await expect(first.locator('a.title')).toHaveText(title);
  await expect(first.locator('.tag.pin')).toHaveText('[置顶]');
  await expect(first.locator('.tag.unread-mark')).toHaveText('未读');
  await first.locator('a.title').click();
  await expect(county.locator('.notice-content')).toContainText('请于5日前完成审核上报');
  const [download] = await Promise.all([
    county.waitForEvent('download'),
    county.locator('.notice .attachments a[download]').first().click(),
  ]);
  expect(download.suggestedFilename()).toBe('填报说明.txt');
  await county.goto('/notices');
  await expect(county.locator('.notice-list li').first().locator('.tag.unread-mark')).toHaveCount(0);

  const schoolCtx = await browser.newContext();
  const school = await schoolCtx.newPage();
  await login(school, 's4301040001');
  await school.goto('/notices');
  await expect(school.locator('.notices')).not.toContainText(title);
  const id = /id=(\d+)/.exec(admin.url())![1];
  const crafted = await school.request.post('/api/get_notice', { form: { id } });
  expect(await crafted.text()).toContain('NotFound');

  await adminCtx.close();
  await countyCtx.close();
  await schoolCtx.close();
});
