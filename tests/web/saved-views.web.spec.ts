import { eventually } from '@salesflow/platform/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ApiClient } from '../e2e/support/api-client';
import { type Stack, startTestStack } from '../e2e/support/stack-fixture';
import { launchChromium, screenshot } from './support/browser';

// scripts/seed-demo.js is shared with `./salesflow up`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { seedIdentity } = require('../../scripts/seed-demo.js') as {
  seedIdentity(stack: Stack): { tenantCode: string; adminEmail: string; password: string };
};

// 郑凯 and 吴静 are reps of 杭州销售部 in the demo org, 孙浩 its manager (he sees their leads).
const REP_EMAIL = 'zheng.kai@demo.salesflow.local';
const OTHER_REP_EMAIL = 'wu.jing@demo.salesflow.local';
const MANAGER_EMAIL = 'sun.hao@demo.salesflow.local';
const FAIR_LEAD = '展会客户 王磊';
const WEB_LEAD = '官网客户 李娜';
// 吴静's: the owner filter must leave it out.
const OTHER_REP_LEAD = '转介绍客户 赵敏';
const VIEW = '展会新线索';
const OWNER_VIEW = '郑凯的线索';

interface SavedView {
  id: string;
  name: string;
  filters: Record<string, unknown>;
}

/**
 * Saved views of the leads list in Chromium against the whole stack: save the current filters,
 * reload and apply the view (the list filtered), a duplicate name refused beside the name field
 * with nothing saved, delete; a manager filtering his team's leads by owner, saved and applied.
 */
describe('saved views of the leads list', () => {
  let stack: Stack;
  let browser: Browser;
  let password: string;
  let rep: ApiClient;
  let manager: ApiClient;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    stack = await startTestStack();
    const demo = seedIdentity(stack);
    password = demo.password;
    rep = new ApiClient(stack.gatewayUrl);
    await rep.login(demo.tenantCode, REP_EMAIL, password);
    for (const lead of [
      { name: FAIR_LEAD, source: 'exhibition' },
      { name: WEB_LEAD, source: 'web' },
    ]) {
      const created = await rep.request('POST', '/api/v1/leads', lead);
      expect(created.status).toBe(201);
    }
    const otherRep = new ApiClient(stack.gatewayUrl);
    await otherRep.login(demo.tenantCode, OTHER_REP_EMAIL, password);
    expect((await otherRep.request('POST', '/api/v1/leads', { name: OTHER_REP_LEAD, source: 'referral' })).status).toBe(
      201,
    );
    manager = new ApiClient(stack.gatewayUrl);
    await manager.login(demo.tenantCode, MANAGER_EMAIL, password);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stack?.stop();
  });

  async function views(of: ApiClient = rep): Promise<SavedView[]> {
    const answer = await of.request('GET', '/api/v1/saved-views?list=leads');
    expect(answer.status).toBe(200);
    return (answer.body as { items: SavedView[] }).items;
  }

  async function pick(page: Page, option: string) {
    // antd lists the visible options apart from the (hidden) accessible ones.
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
      .locator('.ant-select-item-option')
      .filter({ hasText: option })
      .click();
  }

  const row = (page: Page, name: string) => page.locator('.ant-table-row', { hasText: name });

  it('saves the filters, applies them after a reload, refuses a duplicate name and deletes', async () => {
    context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const page = await context.newPage();
    await page.goto(`${stack.gatewayUrl}/login?next=${encodeURIComponent('/leads')}`);
    await page.getByLabel('邮箱').fill(REP_EMAIL);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/leads$/);
    await row(page, FAIR_LEAD).waitFor();
    await row(page, WEB_LEAD).waitFor();

    // Filter by source 展会 and save that as a view.
    await page.getByLabel('来源').click();
    await pick(page, '展会');
    await page
      .getByRole('button', { name: '搜 索' })
      .or(page.getByRole('button', { name: '搜索' }))
      .first()
      .click();
    await eventually(
      () => row(page, WEB_LEAD).count(),
      (n) => n === 0,
      { what: 'the web lead filtered out' },
    );
    await page.getByRole('button', { name: '保存当前筛选' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('视图名称').fill(VIEW);
    await screenshot(page, 'saved-views-01-save');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const [saved] = await views();
    expect(saved).toMatchObject({ name: VIEW, filters: { source: 'exhibition' } });

    // After a reload the filters are gone; applying the view brings them back.
    await page.reload();
    await row(page, WEB_LEAD).waitFor();
    await row(page, FAIR_LEAD).waitFor();
    await page.getByLabel('已保存的筛选').click();
    await pick(page, VIEW);
    await eventually(
      () => row(page, WEB_LEAD).count(),
      (n) => n === 0,
      { what: 'the web lead filtered out' },
    );
    await row(page, FAIR_LEAD).waitFor();
    // The filter box shows the applied source too.
    await page.locator('.ant-form-inline .ant-select', { hasText: '展会' }).waitFor();
    await screenshot(page, 'saved-views-02-applied');

    // The same name again: the API's field error beside the name, nothing saved.
    await page.getByRole('button', { name: '保存当前筛选' }).click();
    await dialog.getByLabel('视图名称').fill(VIEW);
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog
      .locator('.ant-form-item', { has: page.getByLabel('视图名称') })
      .locator('.ant-form-item-explain-error', { hasText: 'is already the name of one of your views' })
      .waitFor();
    await screenshot(page, 'saved-views-03-duplicate');
    expect(await views()).toHaveLength(1);
    await dialog
      .getByRole('button', { name: '取消' })
      .or(dialog.getByRole('button', { name: '取 消' }))
      .first()
      .click();
    await dialog.waitFor({ state: 'hidden' });

    // Delete the picked view (asked first).
    await page.getByRole('button', { name: '删除视图' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '删除视图' }).click();
    await page.getByText('视图已删除').waitFor();
    await screenshot(page, 'saved-views-04-deleted');
    expect(await views()).toEqual([]);
  });

  it("lets a manager filter his team's leads by owner and save that as a view", async () => {
    await context?.close();
    context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const page = await context.newPage();
    await page.goto(`${stack.gatewayUrl}/login?next=${encodeURIComponent('/leads')}`);
    await page.getByLabel('邮箱').fill(MANAGER_EMAIL);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/leads$/);
    // His department's leads: both of 郑凯's and 吴静's.
    for (const name of [FAIR_LEAD, WEB_LEAD, OTHER_REP_LEAD]) await row(page, name).waitFor();
    // He may read pools (crm.*), so the pool box is there too.
    await page.getByLabel('线索池').waitFor();

    // Owner 郑凯: his two leads stay, 吴静's goes.
    await page.getByLabel('负责人').click();
    await pick(page, '郑凯');
    await page
      .getByRole('button', { name: '搜 索' })
      .or(page.getByRole('button', { name: '搜索' }))
      .first()
      .click();
    await eventually(
      () => row(page, OTHER_REP_LEAD).count(),
      (n) => n === 0,
      { what: "吴静's lead filtered out" },
    );
    await row(page, FAIR_LEAD).waitFor();
    await row(page, WEB_LEAD).waitFor();
    expect(await page.locator('.ant-table-row').count()).toBe(2);
    await screenshot(page, 'saved-views-05-owner');

    await page.getByRole('button', { name: '保存当前筛选' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('视图名称').fill(OWNER_VIEW);
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await views(manager)).toEqual([
      expect.objectContaining({ name: OWNER_VIEW, filters: { ownerId: rep.employeeId() } }),
    ]);

    // After a reload all three are back; the view filters by 郑凯 again and shows him in the box.
    await page.reload();
    await row(page, OTHER_REP_LEAD).waitFor();
    await page.getByLabel('已保存的筛选').click();
    await pick(page, OWNER_VIEW);
    await eventually(
      () => row(page, OTHER_REP_LEAD).count(),
      (n) => n === 0,
      { what: "吴静's lead filtered out by the view" },
    );
    await row(page, FAIR_LEAD).waitFor();
    await row(page, WEB_LEAD).waitFor();
    await page.locator('.ant-form-inline .ant-select', { hasText: '郑凯' }).waitFor();
    await screenshot(page, 'saved-views-06-owner-view');
  });
});
