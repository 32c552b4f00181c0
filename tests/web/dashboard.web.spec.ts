import { eventually } from '@salesflow/platform/testing';
import type { Browser, Locator, Page } from 'playwright-core';
import { ApiClient } from '../e2e/support/api-client';
import { type Stack, startTestStack } from '../e2e/support/stack-fixture';
import { seriousAxeViolations } from './support/axe';
import { launchChromium, screenshot } from './support/browser';

// scripts/seed-demo.js is shared with `./salesflow up`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { seedIdentity } = require('../../scripts/seed-demo.js') as {
  seedIdentity(stack: Stack): { tenantCode: string; adminEmail: string; password: string };
};

const REP_EMAIL = 'zhang.wei@demo.salesflow.local'; // 张伟, 上海销售一部
const MANAGER_EMAIL = 'li.na@demo.salesflow.local'; // 李娜, manager of 上海销售一部
const TODAY = new Date().toISOString().slice(0, 10);
const MONTH = TODAY.slice(0, 7);

interface Created {
  id: string;
}

interface Kpis {
  total: { salesAmount: { amountMinor: number }; collections: { amountMinor: number } };
}

interface Funnel {
  stages: { name: string; entered: number; advanced: number }[];
}

/**
 * The dashboard in Chromium at 390x844 against the whole stack, from data made here through the
 * REST API: 张伟 signs ¥200,000.00 and collects ¥50,000.00 this month, moves two opportunities
 * (¥100,000.00 and ¥50,000.00) to 初步接触 and one of them on to 需求分析; 李娜 gives her
 * department a ¥1,000,000.00 contract target. Every card is read as a chart and as a table.
 */
describe('web console: dashboard', () => {
  let stack: Stack;
  let browser: Browser;
  let demo: { tenantCode: string; adminEmail: string; password: string };
  let manager: ApiClient;

  beforeAll(async () => {
    stack = await startTestStack();
    demo = seedIdentity(stack);
    browser = await launchChromium();
    const admin = new ApiClient(stack.gatewayUrl);
    await admin.login(demo.tenantCode, demo.adminEmail, demo.password);
    manager = new ApiClient(stack.gatewayUrl);
    await manager.login(demo.tenantCode, MANAGER_EMAIL, demo.password);
    const rep = new ApiClient(stack.gatewayUrl);
    await rep.login(demo.tenantCode, REP_EMAIL, demo.password);

    const customer = await rep.request('POST', '/api/v1/customers', { name: '苏州瑞丰自动化有限公司' });
    expect(customer.status).toBe(201);
    const customerId = (customer.body as Created).id;

    const contract = await rep.request('POST', '/api/v1/contracts', {
      number: 'HT-DASH-0001',
      title: '瑞丰 装配线改造',
      customerId,
      lines: [{ productLine: '自动化产线', amount: { amountMinor: 20_000_000, currency: 'CNY' } }],
    });
    expect(contract.status).toBe(201);
    const contractId = (contract.body as Created).id;
    expect((await rep.request('POST', `/api/v1/contracts/${contractId}/sign`, {})).status).toBe(200);
    const payment = await rep.request('POST', '/api/v1/payments', {
      contractId,
      amount: { amountMinor: 5_000_000, currency: 'CNY' },
      receivedOn: TODAY,
      reference: 'BANK-DASH-01',
    });
    expect(payment.status).toBe(201);

    const pipelines = (await admin.request('GET', '/api/v1/pipelines')).body as {
      items: { isDefault: boolean; stages: { id: string; name: string }[] }[];
    };
    const stageId = (name: string) =>
      pipelines.items.find((p) => p.isDefault)?.stages.find((s) => s.name === name)?.id ?? '';
    const opportunityIds: string[] = [];
    for (const [name, amountMinor] of [
      ['瑞丰 二期产线', 10_000_000],
      ['瑞丰 备件包', 5_000_000],
    ] as const) {
      const created = await rep.request('POST', '/api/v1/opportunities', {
        name,
        customerId,
        amount: { amountMinor, currency: 'CNY' },
      });
      expect(created.status).toBe(201);
      opportunityIds.push((created.body as Created).id);
    }
    for (const id of opportunityIds) {
      const moved = await rep.request('POST', `/api/v1/opportunities/${id}/stage`, { stageId: stageId('初步接触') });
      expect(moved.status).toBe(200);
    }
    const further = await rep.request('POST', `/api/v1/opportunities/${opportunityIds[0]}/stage`, {
      stageId: stageId('需求分析'),
    });
    expect(further.status).toBe(200);

    // Goals must first learn the org from identity's events; until then the department is unknown.
    const me = (await manager.request('GET', '/api/v1/me')).body as { department: { id: string } };
    await eventually(
      () =>
        manager.request('POST', '/api/v1/targets', {
          metric: 'CONTRACT_AMOUNT',
          period: MONTH,
          scope: 'DEPARTMENT',
          scopeId: me.department.id,
          value: 100_000_000,
        }),
      (res) => res.status === 201,
      { timeoutMs: 240_000, intervalMs: 1000, what: 'the department target' },
    );

    // Analytics counts from events: wait until it has them all before looking.
    await eventually(
      async () => {
        const kpis = (await manager.request('GET', `/api/v1/analytics/kpis?period=${MONTH}`)).body as Kpis;
        const funnel = (await manager.request('GET', `/api/v1/analytics/funnel?period=${MONTH}`)).body as Funnel;
        return { kpis, funnel };
      },
      ({ kpis, funnel }) =>
        kpis.total?.salesAmount.amountMinor === 20_000_000 &&
        kpis.total.collections.amountMinor === 5_000_000 &&
        funnel.stages?.some((s) => s.name === '需求分析' && s.entered === 1) === true &&
        funnel.stages.some((s) => s.name === '初步接触' && s.advanced === 1),
      { timeoutMs: 180_000, intervalMs: 2000, what: "analytics counting the month's facts" },
    );
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function phone(): Promise<Page> {
    // The console's CSP allows no inline script; axe is injected as one.
    const context = await browser.newContext({
      bypassCSP: true,
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    return context.newPage();
  }

  async function signIn(page: Page, email: string, next = '/') {
    await page.goto(`${stack.gatewayUrl}/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel('邮箱').fill(email);
    await page.getByLabel('密码').fill(demo.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((url) => url.pathname === next);
  }

  /** Checks the card draws its chart, then turns it to its table and returns that. */
  async function readAsTable(page: Page, card: Locator, title: string): Promise<Locator> {
    await card.getByRole('img', { name: title }).waitFor();
    await page
      .getByRole('radiogroup', { name: `${title}: 图表或表格` })
      .getByTitle('表格')
      .click();
    const table = card.locator('table');
    await table.waitFor();
    return table;
  }

  it("shows the month's KPIs, funnel, trend, leaderboard and targets as charts and as tables", async () => {
    const page = await phone();
    await signIn(page, MANAGER_EMAIL, '/');

    // ¥200,000.00 signed and ¥50,000.00 received; nobody rated a visit, so satisfaction is "—".
    const kpis = page.getByTestId('kpi-month');
    await kpis.getByText('本月业绩').waitFor();
    await page.getByTestId('kpi-salesAmount').getByText('¥200,000.00').waitFor();
    await page.getByTestId('kpi-collections').getByText('¥50,000.00').waitFor();
    await page.getByTestId('kpi-contracts').getByText('1', { exact: true }).waitFor();
    await page.getByTestId('kpi-satisfaction').getByText('—').waitFor();
    await screenshot(page, 'dashboard-01-kpis');

    // 初步接触: entered by both (¥150,000.00), one went on to 需求分析: 50 %.
    const funnel = page.getByTestId('dashboard-funnel');
    await funnel.scrollIntoViewIfNeeded();
    const funnelTable = await readAsTable(page, funnel, '销售漏斗');
    const firstContact = funnelTable.getByRole('row').filter({ hasText: '初步接触' });
    await firstContact.getByText('¥150,000.00').waitFor();
    await firstContact.getByText('50%').waitFor();
    await screenshot(page, 'dashboard-02-funnel-table');

    // The week holding today carries the whole month's ¥200,000.00 and ¥50,000.00.
    const trends = page.getByTestId('dashboard-trends');
    await trends.scrollIntoViewIfNeeded();
    const trendTable = await readAsTable(page, trends, '签约与回款趋势');
    const week = trendTable.getByRole('row').filter({ hasText: '¥200,000.00' });
    await week.getByText('¥50,000.00').waitFor();
    await screenshot(page, 'dashboard-03-trend-table');

    // 张伟 signed everything: first by sales amount.
    const leaderboard = page.getByTestId('dashboard-leaderboard');
    await leaderboard.scrollIntoViewIfNeeded();
    const leaderTable = await readAsTable(page, leaderboard, '排行榜');
    const leader = leaderTable.getByRole('row').filter({ hasText: '张伟' });
    await leader.getByText('¥200,000.00').waitFor();
    await leader.getByRole('cell', { name: '1', exact: true }).waitFor();
    await screenshot(page, 'dashboard-04-leaderboard-table');

    // ¥200,000.00 of the department's ¥1,000,000.00 is 20 %.
    const targets = page.getByTestId('dashboard-targets');
    await targets.scrollIntoViewIfNeeded();
    await targets.getByText('上海销售一部: ¥200,000.00 / ¥1,000,000.00 (20%)').waitFor();
    const targetTable = await readAsTable(page, targets, '目标完成');
    await targetTable.getByRole('row').filter({ hasText: '上海销售一部' }).getByText('20%').first().waitFor();
    await screenshot(page, 'dashboard-05-targets-table');

    // The year to date follows the picker and holds the month's sale too.
    await page.getByRole('combobox', { name: '周期类型' }).click();
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
      .getByText('年', { exact: true })
      .click();
    await kpis.getByText(`业绩指标 · ${MONTH.slice(0, 4)}`).waitFor();
    await page.getByTestId('kpi-salesAmount').getByText('¥200,000.00').waitFor();
    await screenshot(page, 'dashboard-06-year');
  }, 300_000);

  it('has no serious or critical accessibility violations on the dashboard at 390x844', async () => {
    const page = await phone();
    await signIn(page, MANAGER_EMAIL, '/');
    await page.getByText('线索来源分布').first().waitFor();
    await page.getByTestId('dashboard-targets').getByRole('img', { name: '目标完成' }).waitFor();
    const violations = await seriousAxeViolations(page);
    await screenshot(page, 'dashboard-07-axe');
    expect(violations).toEqual([]);
  }, 300_000);
});
