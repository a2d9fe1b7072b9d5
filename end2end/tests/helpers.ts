import { expect, Page, APIRequestContext } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';

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
