import { expect, Page, APIRequestContext } from '@playwright/test';

export const PASSWORD = 'Jyxx@2026';

export async function login(page: Page, user: string) {
  await page.goto('/login');
  await expect(page.locator('body[data-hydrated]')).toBeAttached();
  await page.getByLabel('用户名').fill(user);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/(report|school)/);
  await expect(page.locator('body[data-hydrated]')).toBeAttached();
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
