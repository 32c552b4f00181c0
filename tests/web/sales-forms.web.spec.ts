import { eventually } from '@salesflow/platform/testing';
import type { Browser, Locator, Page } from 'playwright-core';
import { ApiClient } from '../e2e/support/api-client';
import { type Stack, startTestStack } from '../e2e/support/stack-fixture';
import { launchChromium, screenshot } from './support/browser';

// scripts/seed-demo.js is shared with `./salesflow up`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { seedIdentity } = require('../../scripts/seed-demo.js') as {
  seedIdentity(stack: Stack): { tenantCode: string; adminEmail: string; password: string };
};

const REP_EMAIL = 'zhang.wei@demo.salesflow.local'; // 张伟, 上海销售一部
const MANAGER_EMAIL = 'li.na@demo.salesflow.local'; // 李娜, manager of 上海销售一部
const UUID_PATH = '[0-9a-f-]{36}';
const CUSTOMER = '无锡恒通精密机械有限公司';
const TODAY = new Date().toISOString().slice(0, 10);

interface Created {
  id: string;
  version: number;
}

/**
 * The sales forms in Chromium against the whole stack, each filled, submitted and its result
 * seen, and each shown bad input that only the API can judge, its answer beside the field and
 * nothing changed: a new opportunity (board and customer page), a contract amended, refused
 * cancellation, a payment reversed, then the cancellation; a ticket reassigned; a company target
 * created and its value edited. Every step leaves a screenshot in .local/screenshots/web.
 */
describe('web console: sales forms', () => {
  let stack: Stack;
  let browser: Browser;
  let demo: { tenantCode: string; adminEmail: string; password: string };
  let admin: ApiClient;
  let manager: ApiClient;
  let rep: ApiClient;
  let customerId: string;

  beforeAll(async () => {
    stack = await startTestStack();
    demo = seedIdentity(stack);
    browser = await launchChromium();
    admin = new ApiClient(stack.gatewayUrl);
    await admin.login(demo.tenantCode, demo.adminEmail, demo.password);
    manager = new ApiClient(stack.gatewayUrl);
    await manager.login(demo.tenantCode, MANAGER_EMAIL, demo.password);
    rep = new ApiClient(stack.gatewayUrl);
    await rep.login(demo.tenantCode, REP_EMAIL, demo.password);
    const customer = await rep.request('POST', '/api/v1/customers', { name: CUSTOMER });
    expect(customer.status).toBe(201);
    customerId = (customer.body as Created).id;
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function desktop(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    return context.newPage();
  }

  async function signIn(page: Page, email: string, next = '/') {
    await page.goto(`${stack.gatewayUrl}/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel('邮箱').fill(email);
    await page.getByLabel('密码').fill(demo.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((url) => url.pathname === next);
  }

  /** Picks an option of the antd select that is open (its list is rendered apart from the field). */
  async function pickOption(page: Page, label: string) {
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
      .getByText(label, { exact: true })
      .click();
  }

  /** The form item (label, control and its error) holding the field labelled `label`. */
  const formItem = (dialog: Locator, label: string): Locator =>
    dialog.locator('.ant-form-item').filter({ has: dialog.page().getByLabel(label, { exact: true }) });

  async function count(client: ApiClient, path: string): Promise<number> {
    const res = await client.request('GET', path);
    expect(res.status).toBe(200);
    return (res.body as { items: unknown[] }).items.length;
  }

  it('opens opportunities from the customer page and the board; a stage rule changed meanwhile shows beside its field', async () => {
    const page = await desktop();
    await signIn(page, REP_EMAIL, `/customers/${customerId}`);
    await page.getByRole('heading', { level: 1, name: CUSTOMER }).waitFor();
    await page.getByRole('button', { name: '新建商机' }).click();
    const fromCustomer = page.getByRole('dialog');
    await fromCustomer.getByLabel('商机名称').fill('恒通 五轴加工中心');
    await fromCustomer.getByLabel('金额（元）').fill('450000');
    await screenshot(page, 'sales-forms-01-new-opportunity-from-customer');
    await fromCustomer.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(new RegExp(`/opportunities/${UUID_PATH}$`));
    await page.getByRole('heading', { level: 1, name: '恒通 五轴加工中心' }).waitFor();
    await page.getByTestId('opportunity-stage').getByText('潜在客户开发').waitFor();
    await screenshot(page, 'sales-forms-02-opportunity-opened');

    // From the board, with the customer picked. The dialog has read the pipeline; meanwhile an
    // admin makes the first stage require a product line, so only the API knows.
    await page.goto(`${stack.gatewayUrl}/opportunities`);
    await page.getByRole('button', { name: '新建商机' }).click();
    const fromBoard = page.getByRole('dialog');
    await fromBoard.getByText('销售流程').waitFor();
    const pipelines = (await admin.request('GET', '/api/v1/pipelines')).body as {
      items: { id: string; isDefault: boolean; stages: { id: string; position: number; requiredFields: string[] }[] }[];
    };
    const pipeline = pipelines.items.find((p) => p.isDefault);
    const first = [...(pipeline?.stages ?? [])].sort((a, b) => a.position - b.position)[0];
    const rule = await admin.request('PATCH', `/api/v1/pipelines/${pipeline?.id}/stages/${first?.id}`, {
      requiredFields: ['productLine'],
    });
    expect(rule.status).toBe(200);
    const before = await count(rep, '/api/v1/opportunities?limit=200');

    await fromBoard.getByLabel('客户').fill('恒通');
    await pickOption(page, CUSTOMER);
    await fromBoard.getByLabel('商机名称').fill('恒通 三坐标测量机');
    await fromBoard.getByRole('button', { name: '保存' }).click();
    await formItem(fromBoard, '产品线').getByText('is required to enter stage').waitFor();
    await screenshot(page, 'sales-forms-03-new-opportunity-api-field-error');
    expect(await count(rep, '/api/v1/opportunities?limit=200')).toBe(before);

    await fromBoard.getByLabel('产品线').fill('检测设备');
    await fromBoard.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(new RegExp(`/opportunities/${UUID_PATH}$`));
    await page.getByRole('heading', { level: 1, name: '恒通 三坐标测量机' }).waitFor();
    expect(await count(rep, '/api/v1/opportunities?limit=200')).toBe(before + 1);
    await page.goto(`${stack.gatewayUrl}/opportunities`);
    await page.getByRole('region', { name: '潜在客户开发', exact: true }).getByText('恒通 三坐标测量机').waitFor();
    await screenshot(page, 'sales-forms-04-board-with-new-opportunity');

    const restore = await admin.request('PATCH', `/api/v1/pipelines/${pipeline?.id}/stages/${first?.id}`, {
      requiredFields: first?.requiredFields ?? [],
    });
    expect(restore.status).toBe(200);
  }, 600_000);

  it('amends a signed contract, refuses to cancel it while paid, reverses the payment, then cancels', async () => {
    const draft = await rep.request('POST', '/api/v1/contracts', {
      number: 'HT-FORMS-0001',
      title: '恒通 五轴加工中心',
      customerId,
      lines: [{ productLine: '数控机床', amount: { amountMinor: 10_000_000, currency: 'CNY' } }],
    });
    expect(draft.status).toBe(201);
    const contractId = (draft.body as Created).id;
    expect((await rep.request('POST', `/api/v1/contracts/${contractId}/sign`, {})).status).toBe(200);
    const paid = await rep.request('POST', '/api/v1/payments', {
      contractId,
      amount: { amountMinor: 3_000_000, currency: 'CNY' },
      receivedOn: TODAY,
      reference: 'BANK-FORMS-01',
    });
    expect(paid.status).toBe(201);

    const page = await desktop();
    await signIn(page, REP_EMAIL, `/contracts/${contractId}`);
    // ¥100,000.00 signed, ¥30,000.00 received: ¥70,000.00 outstanding.
    await page.getByTestId('contract-outstanding').getByText('¥70,000.00').waitFor();

    // Amending below what was received: the API's refusal under the lines, the contract unchanged.
    await page.getByRole('button', { name: '合同变更' }).click();
    const amend = page.getByRole('dialog');
    await amend.getByLabel('金额（元） 1').fill('10000');
    await amend.getByTestId('contract-total').getByText('¥10,000.00').waitFor();
    await amend.getByRole('button', { name: '保存' }).click();
    await amend.getByText('may not fall below the 3000000 already received').waitFor();
    await screenshot(page, 'sales-forms-05-amend-below-received');
    const unchanged = (await rep.request('GET', `/api/v1/contracts/${contractId}`)).body as {
      totalAmount: { amountMinor: number };
    };
    expect(unchanged.totalAmount.amountMinor).toBe(10_000_000);

    // Two lines, ¥100,000.00 + ¥20,000.00 = ¥120,000.00; outstanding 120,000 - 30,000 = ¥90,000.00.
    await amend.getByLabel('金额（元） 1').fill('100000');
    await amend.getByRole('button', { name: '添加明细' }).click();
    await amend.getByLabel('产品线 2').fill('安装调试服务');
    await amend.getByLabel('金额（元） 2').fill('20000');
    await amend.getByTestId('contract-total').getByText('¥120,000.00').waitFor();
    await amend.getByRole('button', { name: '保存' }).click();
    await page.getByTestId('contract-amount').getByText('¥120,000.00').waitFor();
    await page.getByTestId('contract-outstanding').getByText('¥90,000.00').waitFor();
    await page.getByRole('cell', { name: '安装调试服务' }).waitFor();
    await screenshot(page, 'sales-forms-06-amended');

    // Cancelling asks for a reason and a confirmation, then the API refuses: money was received.
    await page.getByRole('button', { name: '作废合同' }).click();
    const cancel = page.getByRole('dialog');
    await cancel.getByRole('button', { name: '作废合同' }).click();
    await formItem(cancel, '作废原因').getByText('请填写此项').waitFor();
    await cancel.getByText('请勾选确认').waitFor();
    await cancel.getByLabel('作废原因').fill('客户项目取消');
    await cancel.getByText('我确认作废此合同').click();
    await cancel.getByRole('button', { name: '作废合同' }).click();
    await page.getByText('reverse them first').waitFor();
    await screenshot(page, 'sales-forms-07-cancel-refused');
    await cancel.getByRole('button', { name: '取消' }).click();
    await page.getByTestId('contract-status').getByText('已签约').waitFor();

    // The payment reversed (a reason is required): it stops counting, all ¥120,000.00 outstanding
    // again. The contract is re-read as the reversal moved its version (its ETag) on.
    const paymentRow = page.getByRole('row').filter({ hasText: 'BANK-FORMS-01' });
    await paymentRow.getByRole('button', { name: '冲销' }).click();
    const reverse = page.getByRole('dialog');
    await reverse.getByRole('button', { name: '冲销' }).click();
    await formItem(reverse, '冲销原因').getByText('请填写此项').waitFor();
    await reverse.getByLabel('冲销原因').fill('票据退回');
    await reverse.getByRole('button', { name: '冲销' }).click();
    await paymentRow.getByTestId('payment-status').getByText('已冲销').waitFor();
    await paymentRow.getByText('票据退回').waitFor();
    await page.getByTestId('contract-received').getByText('¥0.00').waitFor();
    await page.getByTestId('contract-outstanding').getByText('¥120,000.00').waitFor();
    await screenshot(page, 'sales-forms-08-payment-reversed');

    await page.getByRole('button', { name: '作废合同' }).click();
    await cancel.getByLabel('作废原因').fill('客户项目取消');
    await cancel.getByText('我确认作废此合同').click();
    await cancel.getByRole('button', { name: '作废合同' }).click();
    await page.getByTestId('contract-status').getByText('已作废').waitFor();
    await page.locator('.ant-descriptions').getByText('客户项目取消').waitFor();
    await screenshot(page, 'sales-forms-09-cancelled');
  }, 600_000);

  it('reassigns a ticket; an assignee who left meanwhile is refused beside the field', async () => {
    const open = (title: string) =>
      rep.request('POST', '/api/v1/tickets', { type: 'service', severity: 'high', customerId, title });
    const ticket = await open('五轴加工中心主轴异响');
    expect(ticket.status).toBe(201);
    const ticketId = (ticket.body as Created).id;
    const people = (await admin.request('GET', `/api/v1/employees?limit=200`)).body as {
      items: { id: string; name: string }[];
    };
    const zhaoMin = people.items.find((p) => p.name === '赵敏')?.id ?? '';
    const liuYang = people.items.find((p) => p.name === '刘洋')?.id ?? '';

    const page = await desktop();
    await signIn(page, MANAGER_EMAIL, `/tickets/${ticketId}`);
    await page.getByTestId('ticket-assignee').getByText('张伟').waitFor();
    await page.getByRole('button', { name: '转派' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('处理人').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByText('赵敏').waitFor();

    // 赵敏 is deactivated while the dialog is open; once crm has heard (a scratch ticket is
    // refused for her), picking her is refused beside the field and the ticket stays with 张伟.
    const deactivated = await admin.request('POST', `/api/v1/employees/${zhaoMin}/deactivate`, { reason: '离职交接' });
    expect(deactivated.status).toBe(200);
    const scratch = (await open('临时工单')).body as Created;
    await eventually(
      async () => {
        const res = await manager.request('POST', `/api/v1/tickets/${scratch.id}/assign`, { assigneeId: zhaoMin });
        if (res.status === 200) {
          await manager.request('POST', `/api/v1/tickets/${scratch.id}/assign`, { assigneeId: rep.employeeId() });
        }
        return res.status;
      },
      (status) => status === 400,
      { timeoutMs: 240_000, intervalMs: 1000, what: 'crm to learn 赵敏 is inactive' },
    );
    await pickOption(page, '赵敏');
    await dialog.getByRole('button', { name: '保存' }).click();
    await formItem(dialog, '处理人').getByText('is no longer active').waitFor();
    await screenshot(page, 'sales-forms-10-reassign-refused');
    const still = (await manager.request('GET', `/api/v1/tickets/${ticketId}`)).body as { assigneeId: string };
    expect(still.assigneeId).toBe(rep.employeeId());

    await dialog.getByLabel('处理人').click();
    await pickOption(page, '刘洋');
    await dialog.getByLabel('备注').fill('刘洋负责无锡片区');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.getByTestId('ticket-assignee').getByText('刘洋').waitFor();
    await page.locator('.ant-timeline').getByText('刘洋负责无锡片区').waitFor();
    await screenshot(page, 'sales-forms-11-reassigned');
    const moved = (await manager.request('GET', `/api/v1/tickets/${ticketId}`)).body as { assigneeId: string };
    expect(moved.assigneeId).toBe(liuYang);
  }, 600_000);

  it('creates a company target for a period and edits node values; a value its children do not sum to is refused', async () => {
    const page = await desktop();
    await signIn(page, demo.adminEmail, '/targets');
    await page.getByRole('button', { name: '新建公司目标' }).click();
    const create = page.getByRole('dialog');
    await create.getByLabel('周期').fill('2027');
    await create.getByLabel('目标值（元）').fill('5000000');
    await screenshot(page, 'sales-forms-12-new-root-target');
    await create.getByRole('button', { name: '保存' }).click();
    // ¥5,000,000.00 = 500,000,000 fen, as the API holds it.
    await page.getByRole('row').getByText('¥5,000,000.00').first().waitFor();
    const tree = (await admin.request('GET', '/api/v1/targets/tree?period=2027&metric=CONTRACT_AMOUNT')).body as {
      items: (Created & { scope: string; value: number })[];
    };
    const root = tree.items.find((n) => n.scope === 'TENANT');
    expect(root?.value).toBe(500_000_000);
    const rootRow = page.locator(`tr[data-row-key="${root?.id}"]`);

    await rootRow.getByRole('button', { name: '修改目标值' }).click();
    const edit = page.getByRole('dialog');
    expect(await edit.getByLabel('目标值（元）').inputValue()).toBe('5000000.00');
    await edit.getByLabel('目标值（元）').fill('6000000');
    await edit.getByRole('button', { name: '保存' }).click();
    await rootRow.getByText('¥6,000,000.00').waitFor();
    await screenshot(page, 'sales-forms-13-root-value-edited');

    // A department's share of all of it (goals must first learn the org from identity's events).
    const me = (await manager.request('GET', '/api/v1/me')).body as { department: { id: string } };
    await eventually(
      () =>
        admin.request('POST', '/api/v1/targets', {
          metric: 'CONTRACT_AMOUNT',
          period: '2027',
          scope: 'DEPARTMENT',
          scopeId: me.department.id,
          parentId: root?.id,
          value: 600_000_000,
        }),
      (res) => res.status === 201,
      { timeoutMs: 240_000, intervalMs: 1000, what: 'the department share' },
    );
    await page.reload();
    const filters = page.locator('form.ant-form-inline');
    await filters.getByLabel('周期').fill('2027');
    await filters.getByRole('button', { name: '搜索' }).click();
    await page.getByRole('row').filter({ hasText: '上海销售一部' }).waitFor();

    // ¥7,000,000.00 is not what its one child (¥6,000,000.00) sums to: refused beside the value.
    await rootRow.getByRole('button', { name: '修改目标值' }).click();
    await edit.getByLabel('目标值（元）').fill('7000000');
    await edit.getByRole('button', { name: '保存' }).click();
    await formItem(edit, '目标值（元）').getByText('its children sum to 600000000').waitFor();
    await screenshot(page, 'sales-forms-14-value-refused');
    const after = (await admin.request('GET', `/api/v1/targets/${root?.id}`)).body as { value: number };
    expect(after.value).toBe(600_000_000);
    await edit.getByRole('button', { name: '取消' }).click();
    await rootRow.getByText('¥6,000,000.00').waitFor();
  }, 600_000);
});
