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

// 吴静 and 郑凯 are reps of 杭州销售部 (under 华东大区); 吴静 leaves and 郑凯 takes over.
const DEPARTING_EMAIL = 'wu.jing@demo.salesflow.local';
const SUCCESSOR_EMAIL = 'zheng.kai@demo.salesflow.local';
const HANDED_OVER = ['杭州西湖数控设备有限公司', '杭州钱塘包装机械有限公司'];

interface Department {
  id: string;
  name: string;
  parentId: string | null;
}

/**
 * Scenario 3 (issue 10) in Chromium on a desktop screen: the admin drags a department under
 * another one in the org tree, then marks an employee departed with a successor, and the
 * successor finds the departed colleague's customers in their own list.
 */
describe('admin flow', () => {
  let stack: Stack;
  let browser: Browser;
  let password: string;
  let admin: ApiClient;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    stack = await startTestStack();
    const demo = seedIdentity(stack);
    password = demo.password;
    admin = new ApiClient(stack.gatewayUrl);
    await admin.login(demo.tenantCode, demo.adminEmail, password);
    const departing = new ApiClient(stack.gatewayUrl);
    await departing.login(demo.tenantCode, DEPARTING_EMAIL, password);
    for (const name of HANDED_OVER) {
      const created = await departing.request('POST', '/api/v1/customers', { name, region: '华东', tier: 'B' });
      expect(created.status).toBe(201);
    }
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await stack?.stop();
  });

  async function desktop(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    contexts.push(context);
    return context.newPage();
  }

  async function signInAt(page: Page, path: string, email: string) {
    await page.goto(`${stack.gatewayUrl}/login?next=${encodeURIComponent(path)}`);
    await page.getByLabel('邮箱').fill(email);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(new RegExp(`${path.replaceAll('/', '\\/')}$`));
  }

  async function departments(): Promise<Department[]> {
    const answer = await admin.request('GET', '/api/v1/departments?view=flat');
    expect(answer.status).toBe(200);
    return (answer.body as { items: Department[] }).items;
  }

  it('the admin drags 杭州销售部 from 华东大区 onto 华南大区', async () => {
    const page = await desktop();
    await signInAt(page, '/admin/org', 'admin@demo.salesflow.local');
    const tree = page.getByTestId('org-tree');
    const node = (name: string) => tree.locator('.ant-tree-node-content-wrapper').filter({ hasText: name });
    await node('杭州销售部').waitFor();
    await screenshot(page, 'admin-01-org-tree');
    await node('杭州销售部').dragTo(node('华南大区'));
    await page.getByText('部门已移动: 杭州销售部').waitFor();
    await screenshot(page, 'admin-02-department-moved');
    const all = await departments();
    const byName = (name: string) => all.find((d) => d.name === name);
    expect(byName('杭州销售部')?.parentId).toBe(byName('华南大区')?.id);
  });

  it("the admin's other pages: roles' data scopes, settings, a custom field checked as the API does, a pipeline stage, conversion rules", async () => {
    const page = await desktop();
    await signInAt(page, '/admin/roles', 'admin@demo.salesflow.local');
    // Built-in roles: a rep sees their own records, a manager their department and below.
    await page.getByRole('row').filter({ hasText: 'sales_rep' }).getByText('本人', { exact: true }).waitFor();
    await page.getByRole('row').filter({ hasText: 'sales_manager' }).getByText('本部门及下级').waitFor();
    await screenshot(page, 'admin-02b-roles');
    await page.getByText('企业设置', { exact: true }).click();
    await page.getByText('企业代码: demo').waitFor();
    await screenshot(page, 'admin-02c-tenant-settings');
    await page.getByText('自定义字段', { exact: true }).click();
    await page.getByRole('button', { name: '新建自定义字段' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('名称').fill('年营业额');
    await dialog.getByLabel('字段键').fill('Annual-Revenue');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByText('小写字母开头，仅含小写字母、数字和下划线，最多 40 个字符').waitFor();
    await dialog.getByLabel('字段键').fill('annual_revenue');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.getByRole('row').filter({ hasText: 'annual_revenue' }).getByText('年营业额').waitFor();
    await screenshot(page, 'admin-02d-custom-field');

    // The default pipeline: 方案呈现 (proposal) at 60 %; the admin raises it to 65 %.
    await page.getByText('销售流程', { exact: true }).click();
    const proposal = page.getByRole('row').filter({ hasText: '方案呈现' });
    await proposal.getByText('60%').waitFor();
    await proposal.getByRole('button', { name: '方案呈现 ✎' }).click();
    await page.getByRole('dialog').getByLabel('赢单概率').fill('65');
    await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
    await proposal.getByText('65%').waitFor();
    await screenshot(page, 'admin-02e-pipeline');

    // The built-in conversion rules start with the lead's company filling customer.name.
    await page.getByText('线索转化规则', { exact: true }).click();
    const firstTarget = page.getByPlaceholder('customer.name').first();
    await firstTarget.waitFor();
    expect(await firstTarget.inputValue()).toBe('customer.name');
    await screenshot(page, 'admin-02f-conversion-rules');
  });

  it('the admin departs an employee, naming a successor; the successor sees the handed-over customers', async () => {
    const page = await desktop();
    await signInAt(page, '/admin/employees', 'admin@demo.salesflow.local');
    await page.getByPlaceholder('搜索').fill('吴静');
    await page.getByRole('button', { name: '搜索', exact: true }).click();
    await page.getByRole('row').filter({ hasText: '吴静' }).getByRole('button', { name: '吴静 ···' }).click();
    await page.getByRole('menuitem', { name: '离职' }).click();
    const dialog = page.getByRole('dialog');
    // Like the API, the form does not let anyone leave without a successor.
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByText('请填写此项').waitFor();
    await screenshot(page, 'admin-03-depart-needs-successor');
    await dialog.getByLabel('交接人').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '郑凯' }).click();
    await dialog.getByLabel('原因').fill('个人原因离职');
    await screenshot(page, 'admin-04-depart-with-successor');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.getByText('已办理离职并完成交接').waitFor();
    await screenshot(page, 'admin-05-departed');

    const listed = await admin.request('GET', `/api/v1/employees?q=${encodeURIComponent('吴静')}`);
    const [departed] = (listed.body as { items: { status: string; successorId: string }[] }).items;
    const successors = await admin.request('GET', `/api/v1/employees?q=${encodeURIComponent('郑凯')}`);
    const [successor] = (successors.body as { items: { id: string }[] }).items;
    expect(departed).toMatchObject({ status: 'departed', successorId: successor?.id });

    // crm hands the customers over when it hears of the departure (Kafka): wait for them.
    const successorPage = await desktop();
    await signInAt(successorPage, '/customers', SUCCESSOR_EMAIL);
    await eventually(
      async () => {
        await successorPage.reload();
        await successorPage.getByRole('table').waitFor();
        await successorPage.locator('.ant-spin-spinning').waitFor({ state: 'detached' });
        const names = await successorPage.getByRole('row').allTextContents();
        return HANDED_OVER.filter((name) => names.some((row) => row.includes(name)));
      },
      (seen) => seen.length === HANDED_OVER.length,
      { timeoutMs: 240_000, intervalMs: 2_000, what: "the departed rep's customers in the successor's list" },
    );
    await screenshot(successorPage, 'admin-06-successor-customers');
  });
});
