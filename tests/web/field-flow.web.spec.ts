import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ApiClient } from '../e2e/support/api-client';
import { type Stack, startTestStack } from '../e2e/support/stack-fixture';
import { launchChromium, screenshot } from './support/browser';
import { waitForCustomerInField } from './support/field-database';

// scripts/seed-demo.js is shared with `./salesflow up`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { seedIdentity } = require('../../scripts/seed-demo.js') as {
  seedIdentity(stack: Stack): { tenantCode: string; adminEmail: string; password: string };
};

// 张伟 is a rep in 上海销售一部, whose manager (and so his supervisor) is 李娜.
const REP_EMAIL = 'zhang.wei@demo.salesflow.local';
const MANAGER_EMAIL = 'li.na@demo.salesflow.local';
const CUSTOMER = '上海张江精工机械有限公司';
// The customer's coordinates, and where the phone reports itself: the same point.
const AT_CUSTOMER = { latitude: 31.2035, longitude: 121.5914 };

/**
 * Scenario 2 (issue 10) in Chromium on a phone (390x844): the rep plans a visit and submits
 * the plan, the manager approves it, the rep checks in at the customer with the phone's
 * position and a photo, checks out, files the daily report, and the manager signs it off.
 */
describe('field flow on a phone', () => {
  let stack: Stack;
  let browser: Browser;
  let password: string;
  let rep: Page;
  let manager: Page;
  let customerId: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    stack = await startTestStack();
    const demo = seedIdentity(stack);
    password = demo.password;
    const api = new ApiClient(stack.gatewayUrl);
    await api.login(demo.tenantCode, REP_EMAIL, password);
    const created = await api.request('POST', '/api/v1/customers', {
      name: CUSTOMER,
      industry: '机械制造',
      region: '华东',
      address: '上海市浦东新区张江路 88 号',
      location: AT_CUSTOMER,
      tier: 'A',
    });
    expect(created.status).toBe(201);
    customerId = (created.body as { id: string }).id;
    await waitForCustomerInField(stack, customerId);
    browser = await launchChromium();
    rep = await phone({ geolocation: { ...AT_CUSTOMER, accuracy: 12 } });
    manager = await phone();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await stack?.stop();
  });

  async function phone(options: { geolocation?: { latitude: number; longitude: number; accuracy: number } } = {}) {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      ...(options.geolocation ? { geolocation: options.geolocation, permissions: ['geolocation'] } : {}),
    });
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

  /** A real JPEG, drawn on a canvas by the browser itself, as a phone camera would hand it over. */
  async function jpegPhoto(page: Page): Promise<Buffer> {
    // Evaluated in the page (as text: the tests compile without the DOM's types).
    const base64 = await page.evaluate<string>(`(() => {
      const canvas = document.createElement('canvas');
      canvas.width = 64;
      canvas.height = 48;
      const context = canvas.getContext('2d');
      context.fillStyle = '#1d4ed8';
      context.fillRect(0, 0, 64, 48);
      context.fillStyle = '#fff';
      context.fillRect(8, 8, 24, 16);
      return canvas.toDataURL('image/jpeg', 0.8).split(',')[1];
    })()`);
    return Buffer.from(base64, 'base64');
  }

  it('the rep plans a visit to the customer and submits the plan', async () => {
    await signInAt(rep, '/field', REP_EMAIL);
    await rep.getByText('#1').waitFor();
    await rep.getByLabel('客户').click();
    await rep.locator('.ant-select-item-option').filter({ hasText: CUSTOMER }).click();
    // The form checks the time as the API does (HH:MM), before anything is sent.
    await rep.getByLabel('时间').fill('25:00');
    await rep.getByRole('button', { name: '提交审批' }).click();
    await rep.getByText('时间格式为 HH:MM').waitFor();
    await screenshot(rep, 'field-01-plan-invalid-time');
    await rep.getByLabel('时间').fill('10:30');
    await rep.getByLabel('备注').fill('确认B系列设备选型');
    await rep.getByRole('button', { name: '提交审批' }).click();
    await rep.getByTestId('plan-status').getByText('待审批').waitFor();
    await rep.getByTestId('plan-visit').getByText(`10:30 ${CUSTOMER}`).waitFor();
    await screenshot(rep, 'field-02-plan-submitted');
  });

  it('the manager approves the plan from the approvals inbox; a rejection would need a comment', async () => {
    await signInAt(manager, '/approvals', MANAGER_EMAIL);
    const pending = manager.getByTestId('pending-item').filter({ hasText: '张伟' });
    await pending.getByText(`10:30 ${CUSTOMER}`).waitFor();
    await screenshot(manager, 'field-03-approvals-inbox');
    await pending.getByRole('button', { name: '退回' }).click();
    const dialog = manager.getByRole('dialog');
    await dialog.getByRole('button', { name: '退回' }).click();
    await dialog.getByText('退回须填写意见').waitFor();
    await screenshot(manager, 'field-04-reject-needs-comment');
    await dialog.getByRole('button', { name: '取消' }).click();
    await pending.getByRole('button', { name: '批准' }).click();
    await manager.getByRole('dialog').getByLabel('批示意见').fill('同意，注意收集竞品信息');
    await manager.getByRole('dialog').getByRole('button', { name: '批准' }).click();
    await pending.waitFor({ state: 'detached' });
    await screenshot(manager, 'field-05-plan-approved');

    // The team schedule of this week: 张伟's one plan, approved, with its one visit.
    await manager.getByText('团队日程', { exact: true }).click();
    await manager.waitForURL(/\/approvals\/schedule$/);
    await manager.getByRole('row').filter({ hasText: '张伟' }).getByText('1 · 已批准').waitFor();
    await screenshot(manager, 'field-05b-team-schedule');
    await manager.getByText('审批', { exact: true }).last().click();
    await manager.waitForURL(/\/approvals$/);
  });

  it('the rep checks in at the customer with the phone position and a photo, then checks out', async () => {
    await rep.reload();
    await rep.getByTestId('plan-status').getByText('已批准').waitFor();
    const visit = rep.getByTestId('plan-visit').filter({ hasText: CUSTOMER });
    await visit.getByRole('button', { name: '签到' }).click();
    const dialog = rep.getByRole('dialog');
    // The emulated position, to 5 decimals, and its accuracy.
    await dialog.getByTestId('position').getByText('31.20350, 121.59140 (±12 m)').waitFor();
    await dialog.getByTestId('photo-input').setInputFiles({
      name: 'visit.jpg',
      mimeType: 'image/jpeg',
      buffer: await jpegPhoto(rep),
    });
    await dialog.getByText('visit.jpg').waitFor();
    await dialog.getByLabel('备注').fill('与采购部刘经理面谈');
    await screenshot(rep, 'field-06-check-in-form');
    await dialog.getByRole('button', { name: '签到' }).click();
    const result = dialog.getByTestId('check-in-result');
    // The phone stands on the customer's coordinates: the haversine distance is 0 m, inside
    // the geofence (no warning), with the one photo stored.
    await result.getByText('0 m').waitFor();
    expect(await result.getByText('不在客户范围内').count()).toBe(0);
    await result.getByRole('row', { name: /现场照片\s*1/ }).waitFor();
    await screenshot(rep, 'field-07-checked-in');
    await dialog.getByRole('button', { name: '完成', exact: true }).click();

    await visit.getByRole('button', { name: '签退' }).click();
    await rep.getByRole('dialog').getByTestId('position').waitFor();
    await rep.getByRole('dialog').getByRole('button', { name: '签退' }).click();
    // The check-out closes the visit, and the answer shows its length.
    await rep.getByRole('dialog').getByTestId('check-in-result').getByText('拜访时长（分钟）').waitFor();
    await screenshot(rep, 'field-08-checked-out');
    await rep.getByRole('dialog').getByRole('button', { name: '完成', exact: true }).click();

    // The customer's 360 page lists the visit (today, by the rep).
    await rep.goto(`${stack.gatewayUrl}/customers/${customerId}`);
    const visits = rep.getByTestId('customer-visits');
    await visits.getByText(/^拜访 \(1\)$/).waitFor();
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    await visits.getByRole('row').filter({ hasText: today }).waitFor();
    await screenshot(rep, 'field-08b-customer-visits');
    await rep.goto(`${stack.gatewayUrl}/field`);
  });

  it('the rep files the daily report, pre-filled with the day, and submits it', async () => {
    await rep.getByText('日报', { exact: true }).click();
    await rep.waitForURL(/\/field\/daily-report$/);
    await rep.getByRole('button', { name: '生成今日日报' }).click();
    const figures = rep.getByTestId('report-figures');
    // One check-in today (the check-out is not one), at one customer.
    await figures.getByRole('row', { name: /签到次数\s*1$/ }).waitFor();
    await figures.getByRole('row', { name: /拜访客户\s*1$/ }).waitFor();
    await rep.getByLabel('客户反馈').fill('客户希望下月安排设备试用');
    await rep.getByLabel('心得').fill('提前准备竞品对比资料，沟通效率更高');
    await screenshot(rep, 'field-09-daily-report');
    await rep.getByRole('button', { name: '提交日报' }).click();
    await rep.getByTestId('report-status').getByText('已提交').waitFor();
    await screenshot(rep, 'field-10-daily-report-submitted');
  });

  it('the manager signs the daily report off, and the rep sees the comment', async () => {
    await manager.reload();
    await manager.getByRole('tab', { name: /日报/ }).click();
    const pending = manager.getByTestId('pending-item').filter({ hasText: '张伟' });
    await pending.getByText('客户希望下月安排设备试用').waitFor();
    await screenshot(manager, 'field-11-report-to-review');
    await pending.getByRole('button', { name: '签核' }).click();
    await manager.getByRole('dialog').getByLabel('批示意见').fill('很好，跟进试用安排');
    await manager.getByRole('dialog').getByRole('button', { name: '签核' }).click();
    await pending.waitFor({ state: 'detached' });

    await rep.reload();
    await rep.getByTestId('report-status').getByText('已签核').waitFor();
    await rep.getByText('主管意见: 很好，跟进试用安排').waitFor();
    await screenshot(rep, 'field-12-report-reviewed');
  });
});
