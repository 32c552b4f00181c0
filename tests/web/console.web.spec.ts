import { eventually } from '@salesflow/platform/testing';
import type { Browser, Page } from 'playwright-core';
import { type Stack, startTestStack } from '../e2e/support/stack-fixture';
import { launchChromium, screenshot } from './support/browser';

// scripts/seed-demo.js is shared with `./salesflow up`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { seedIdentity } = require('../../scripts/seed-demo.js') as {
  seedIdentity(stack: Stack): { tenantCode: string; adminEmail: string; password: string };
};

const REP_EMAIL = 'zhang.wei@demo.salesflow.local';
const UUID_PATH = '[0-9a-f-]{36}';

/**
 * The console in Debian's Chromium against the whole stack (every service a process, real
 * PostgreSQL and Kafka), on a phone-sized screen as a rep in the field has it. Each step
 * leaves a screenshot in .local/screenshots/web.
 */
describe('web console', () => {
  let stack: Stack;
  let browser: Browser;
  let password: string;

  beforeAll(async () => {
    stack = await startTestStack();
    password = seedIdentity(stack).password;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function phone(): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    return context.newPage();
  }

  async function signIn(page: Page, email: string) {
    await page.getByLabel('邮箱').fill(email);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录' }).click();
  }

  it('a rep signs in where they were going, records a lead, follows it up and converts it', async () => {
    const page = await phone();
    // Not signed in: the console sends them to login and keeps the place.
    await page.goto(`${stack.gatewayUrl}/leads`);
    await page.waitForURL(/\/login\?next=%2Fleads$/);
    await screenshot(page, '01-login');
    await signIn(page, REP_EMAIL);
    await page.waitForURL(/\/leads$/);
    await page.getByTestId('who-am-i').getByText('张伟').waitFor();
    await screenshot(page, '02-leads');

    // The form checks the email like the API does, before anything is sent.
    await page.getByRole('button', { name: '新建线索' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('姓名').fill('钱多多');
    await dialog.getByLabel('公司').fill('常州天成机电有限公司');
    await dialog.getByLabel('邮箱').fill('not-an-email');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByText('邮箱格式不正确').waitFor();
    await screenshot(page, '03-new-lead-invalid');
    await dialog.getByLabel('邮箱').fill('qian@tiancheng.example.cn');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(new RegExp(`/leads/${UUID_PATH}$`));
    await page.getByText('常州天成机电有限公司').first().waitFor();
    await screenshot(page, '04-lead-created');

    await page.getByLabel('跟进内容').fill('电话沟通，客户对B系列设备有兴趣，下周安排拜访');
    await page.getByLabel('结果').fill('有意向');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByTestId('follow-up').filter({ hasText: '电话沟通，客户对B系列设备有兴趣' }).waitFor();
    await screenshot(page, '05-followed-up');

    // Conversion shows the tenant's mapping first: company -> customer.name is the default rule.
    await page.getByRole('button', { name: '转为客户' }).click();
    const convert = page.getByRole('dialog');
    await convert.getByText('customer.name').waitFor();
    await screenshot(page, '06-convert-mapping');
    await convert.getByRole('button', { name: '转为客户' }).click();
    await page.waitForURL(new RegExp(`/customers/${UUID_PATH}$`));
    await page.getByRole('heading', { level: 1, name: '常州天成机电有限公司' }).waitFor();
    await page.getByTestId('customer-lifecycle').getByText('潜在', { exact: true }).waitFor();
    await screenshot(page, '07-customer-360');

    // The new lead reaches analytics through Kafka; the dashboard shows it, as a chart or a table.
    await page.getByRole('menuitem', { name: /仪表盘/ }).click();
    await page.getByText('线索来源分布').waitFor();
    await eventually(
      async () => {
        await page.reload();
        await page.getByText('线索总数').waitFor();
        return page.locator('.ant-statistic-content-value').first().textContent();
      },
      (total) => total === '1',
      { timeoutMs: 60_000, what: 'the dashboard counting the lead' },
    );
    await page.getByText('表格', { exact: true }).click();
    await page.getByRole('cell', { name: '官网' }).waitFor();
    await screenshot(page, '08-dashboard-table');
  });

  it('switches to English and back, remembering the choice', async () => {
    const page = await phone();
    await page.goto(`${stack.gatewayUrl}/login`);
    await signIn(page, REP_EMAIL);
    await page.waitForURL(/\/$/);
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await screenshot(page, '09-english');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login$/);
  });

  it('returns to login, keeping the place, when the API stops accepting the session', async () => {
    const page = await phone();
    await page.goto(`${stack.gatewayUrl}/login`);
    await signIn(page, REP_EMAIL);
    await page.waitForURL(/\/$/);
    // A token the gateway cannot verify, as after a key rotation or expiry.
    const stale = JSON.stringify({ accessToken: 'expired.token.value', refreshToken: 'x' });
    await page.evaluate(`localStorage.setItem('salesflow.session', ${JSON.stringify(stale)})`);
    await page.goto(`${stack.gatewayUrl}/customers`);
    await page.waitForURL(/\/login\?next=%2Fcustomers$/);
    await signIn(page, REP_EMAIL);
    await page.waitForURL(/\/customers$/);
  });
});
