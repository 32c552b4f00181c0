import { eventually } from '@salesflow/platform/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ApiClient } from '../e2e/support/api-client';
import { type Stack, startTestStack } from '../e2e/support/stack-fixture';
import { type AxeViolation, seriousAxeViolations } from './support/axe';
import { launchChromium, screenshot } from './support/browser';

// scripts/seed-demo.js is shared with `./salesflow up`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { seedIdentity } = require('../../scripts/seed-demo.js') as {
  seedIdentity(stack: Stack): { tenantCode: string; adminEmail: string; password: string };
};

// 孙浩 manages 杭州销售部, whose reps are 吴静 and 郑凯 (the demo org).
const MANAGER_EMAIL = 'sun.hao@demo.salesflow.local';
const REP_EMAIL = 'zheng.kai@demo.salesflow.local';
const PROJECT = '华东渠道拓展';
const TASK = '拜访杭州西湖数控，确认三季度订单';
const OWN_TASK = '整理本周拜访纪要';
const CUSTOMER = '杭州钱塘包装机械有限公司';
const HOUR = 3_600_000;

interface Task {
  id: string;
  title: string;
  assigneeId: string;
  dueAt: string | null;
  projectId: string | null;
}

/** "YYYY-MM-DD HH:mm" of an instant on a Shanghai wall clock (UTC+8, no daylight saving). */
function shanghaiWallClock(instant: Date): string {
  return new Date(instant.getTime() + 8 * HOUR).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * The tasks & projects pages, the customer card's custom fields and the dashboard's chart/table
 * toggle, in Chromium on a desktop screen against the whole stack: every form filled and
 * submitted, its result visible, bad input refused next to the field with nothing changed.
 */
describe('tasks, projects and custom fields', () => {
  let stack: Stack;
  let browser: Browser;
  let password: string;
  let manager: ApiClient;
  let rep: ApiClient;
  let ownTaskId: string;
  let customerId: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    stack = await startTestStack();
    const demo = seedIdentity(stack);
    password = demo.password;
    const admin = new ApiClient(stack.gatewayUrl);
    await admin.login(demo.tenantCode, demo.adminEmail, password);
    manager = new ApiClient(stack.gatewayUrl);
    await manager.login(demo.tenantCode, MANAGER_EMAIL, password);
    rep = new ApiClient(stack.gatewayUrl);
    await rep.login(demo.tenantCode, REP_EMAIL, password);

    // The manager's own task, due in two hours: inside the default one-day lead time, so goals'
    // reminder job sends goals.task.due_soon to him while the other steps run.
    const own = await manager.request('POST', '/api/v1/tasks', {
      title: OWN_TASK,
      dueAt: new Date(Date.now() + 2 * HOUR).toISOString(),
    });
    expect(own.status).toBe(201);
    ownTaskId = (own.body as Task).id;

    // The tenant's custom fields, one of each type crm knows; the revenue is required.
    const fields = [
      { key: 'annual_revenue', label: '年营业额', type: 'number', required: true },
      { key: 'founded_on', label: '成立日期', type: 'date' },
      { key: 'credit_level', label: '信用等级', type: 'single_select', options: ['A', 'B', 'C'] },
      { key: 'channels', label: '采购渠道', type: 'multi_select', options: ['线上', '电话', '拜访'] },
      { key: 'remark', label: '备注', type: 'text' },
    ];
    for (const field of fields) {
      const created = await admin.request('POST', '/api/v1/custom-fields', field);
      expect(created.status).toBe(201);
    }
    const customer = await manager.request('POST', '/api/v1/customers', {
      name: CUSTOMER,
      region: '华东',
      customFields: { annual_revenue: 1200000, credit_level: 'B' },
    });
    expect(customer.status).toBe(201);
    customerId = (customer.body as { id: string }).id;
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await stack?.stop();
  });

  async function desktop(height = 900): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1280, height },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
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

  async function pick(page: Page, option: string) {
    // antd lists the visible options apart from the (hidden) accessible ones.
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
      .locator('.ant-select-item-option')
      .filter({ hasText: option })
      .click();
  }

  async function tasksOf(client: ApiClient, query: string): Promise<Task[]> {
    const answer = await client.request('GET', `/api/v1/tasks?${query}`);
    expect(answer.status).toBe(200);
    return (answer.body as { items: Task[] }).items;
  }

  it('the manager starts a project and gives a rep a task in it, due in three hours', async () => {
    const page = await desktop();
    await signInAt(page, '/projects', MANAGER_EMAIL);
    // The tasks/projects switcher is named in Chinese, not antd's "segmented control".
    await page.getByRole('radiogroup', { name: '任务与项目页面' }).waitFor();
    await page.getByRole('button', { name: '新建项目' }).click();
    const projectDialog = page.getByRole('dialog');
    // A name is required, as goals requires it: nothing is sent without one.
    await projectDialog.getByRole('button', { name: '保存' }).click();
    await projectDialog.getByText('请填写此项').waitFor();
    expect(((await manager.request('GET', '/api/v1/projects')).body as { items: unknown[] }).items).toHaveLength(0);
    await projectDialog.getByLabel('项目名称').fill(PROJECT);
    await projectDialog.getByRole('button', { name: '保存' }).click();
    await page.getByRole('heading', { name: PROJECT }).waitFor();
    await screenshot(page, 'tasks-01-project');

    const dueAt = new Date(Date.now() + 3 * HOUR);
    await page.getByRole('button', { name: '新建任务' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('任务', { exact: true }).fill(TASK);
    await dialog.getByLabel('负责人').click();
    await pick(page, '郑凯');
    await dialog.getByLabel('截止').fill(shanghaiWallClock(dueAt));
    await dialog.getByLabel('截止').press('Enter');
    await dialog.getByLabel('优先级').click();
    await pick(page, 'P1');
    // The project's page fills in the project.
    await dialog.locator('.ant-select-content', { hasText: PROJECT }).waitFor();
    await screenshot(page, 'tasks-02-new-task');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.getByRole('heading', { name: TASK }).waitFor();
    await page.getByTestId('task-assignee').getByText('郑凯').waitFor();
    // Three hours away is inside the tenant's one-day reminder lead time: "due soon".
    await page.getByTestId('task-due').getByText('即将到期').waitFor();
    await screenshot(page, 'tasks-03-task-detail');

    const [task] = await tasksOf(rep, 'view=mine');
    expect(task?.title).toBe(TASK);
    expect(task?.assigneeId).toBe(rep.employeeId());
    // The picker has minutes: the seconds of "now" are dropped.
    expect(new Date(task?.dueAt ?? '').getTime()).toBe(Math.floor(dueAt.getTime() / 60_000) * 60_000);
    const projects = (await manager.request('GET', '/api/v1/projects')).body as { items: { id: string }[] };
    expect(task?.projectId).toBe(projects.items[0]?.id);
  });

  it('the manager comments with a rating and reassigns the task to 吴静', async () => {
    const [task] = await tasksOf(rep, 'view=mine');
    const page = await desktop();
    await signInAt(page, `/tasks/${task?.id}`, MANAGER_EMAIL);
    await page.getByRole('heading', { name: TASK }).waitFor();
    // An empty comment is refused before it is sent, as goals would refuse it.
    await page.getByRole('button', { name: '发表评论' }).click();
    await page.getByText('请填写此项').waitFor();
    await page.getByLabel('评论').fill('先电话确认采购负责人，再约拜访');
    // He assigned it, so he may rate it; each star is named by its number.
    await page.getByRole('radio', { name: '4 星', exact: true }).click();
    await page.getByRole('button', { name: '发表评论' }).click();
    await page.getByTestId('task-comment').getByText('先电话确认采购负责人，再约拜访').waitFor();
    await page.getByTestId('task-comment').getByText('(4/5)').waitFor();
    await screenshot(page, 'tasks-04-comment');

    await page.getByLabel('负责人', { exact: true }).click();
    await pick(page, '吴静');
    await page.getByRole('button', { name: '转派' }).click();
    await page.getByTestId('task-assignee').getByText('吴静').waitFor();
    await screenshot(page, 'tasks-05-reassigned');
    const changed = (await manager.request('GET', `/api/v1/tasks/${task?.id}`)).body as Task;
    expect(changed.assigneeId).not.toBe(rep.employeeId());
    expect(await tasksOf(rep, 'view=mine')).toHaveLength(0);
    const comments = (await manager.request('GET', `/api/v1/tasks/${task?.id}/comments`)).body as {
      items: { body: string; rating: number | null }[];
    };
    expect(comments.items).toEqual([expect.objectContaining({ body: '先电话确认采购负责人，再约拜访', rating: 4 })]);
  });

  it('a task for a project archived meanwhile is refused next to the project field, and nothing is created', async () => {
    const page = await desktop();
    await signInAt(page, '/tasks', MANAGER_EMAIL);
    await page.getByRole('button', { name: '新建任务' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('任务', { exact: true }).fill('准备季度复盘材料');
    await dialog.getByLabel('项目').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByText(PROJECT).waitFor();

    // Someone archives the project while the form is open.
    const projects = (await manager.request('GET', '/api/v1/projects')).body as {
      items: { id: string; version: number }[];
    };
    const project = projects.items[0];
    const archived = await manager.request(
      'PATCH',
      `/api/v1/projects/${project?.id}`,
      { status: 'archived' },
      { 'If-Match': `"${project?.version}"` },
    );
    expect(archived.status).toBe(200);

    await pick(page, PROJECT);
    await dialog.getByRole('button', { name: '保存' }).click();
    const projectField = dialog.locator('.ant-form-item').filter({ has: page.getByLabel('项目') });
    await projectField.getByText('is archived').waitFor();
    await screenshot(page, 'tasks-06-archived-project-refused');
    const titles = (await tasksOf(manager, 'view=team')).map((t) => t.title);
    expect(titles).not.toContain('准备季度复盘材料');
  });

  it('the due-soon reminder arrives in the bell and opens its task; the list calls it out', async () => {
    await eventually(
      async () =>
        ((await manager.request('GET', '/api/v1/notifications')).body as { items: { subject: { id: string } }[] })
          .items,
      (items) => items.some((n) => n.subject.id === ownTaskId),
      // A fresh broker's consumer group may take minutes before the first notification.
      { timeoutMs: 400_000, intervalMs: 1_000, what: 'the due-soon notification' },
    );
    const page = await desktop();
    await signInAt(page, '/tasks', MANAGER_EMAIL);
    await page.getByTestId('due-reminder').getByText('即将到期: 1').waitFor();
    await page.getByRole('row').filter({ hasText: OWN_TASK }).getByText('即将到期').waitFor();
    await screenshot(page, 'tasks-07-due-reminder');
    await page.getByRole('button', { name: /通知/ }).click();
    // Worded in the console's language from the notification's kind and parameters (the stored
    // text is English); the due time is formatted in the browser's zone, so only its shape is fixed.
    const reminder = page.getByTestId('notification').filter({ hasText: OWN_TASK });
    await reminder.getByText('任务即将到期', { exact: true }).waitFor();
    await reminder
      .getByText(new RegExp(`^任务「${OWN_TASK}」将于 \\d{4}年\\d{1,2}月\\d{1,2}日 \\d{2}:\\d{2} 到期。$`))
      .waitFor();
    expect(await reminder.textContent()).not.toContain('A task is due soon');
    await reminder.click();
    await page.waitForURL(new RegExp(`/tasks/${ownTaskId}$`));
    await page.getByRole('heading', { name: OWN_TASK }).waitFor();
    await screenshot(page, 'tasks-08-opened-from-bell');
  }, 600_000);

  it('the customer card shows the custom fields by type and edits them; a cleared required field changes nothing', async () => {
    // Tall enough that the selects' dropdowns open below them and stay put.
    const page = await desktop(1400);
    await signInAt(page, `/customers/${customerId}`, MANAGER_EMAIL);
    const card = page.getByTestId('custom-fields');
    await card.getByTestId('custom-field-annual_revenue').getByText('1,200,000').waitFor();
    await card.getByTestId('custom-field-credit_level').getByText('B').waitFor();
    await screenshot(page, 'tasks-09-custom-fields');

    await card.getByRole('button', { name: '编辑' }).click();
    await card.getByLabel('年营业额').fill('');
    await card.getByRole('button', { name: '保存' }).click();
    await card.locator('.ant-form-item').filter({ hasText: '年营业额' }).getByText('请填写此项').waitFor();
    await screenshot(page, 'tasks-10-required-field');
    const unchanged = (await manager.request('GET', `/api/v1/customers/${customerId}`)).body as {
      customFields: Record<string, unknown>;
    };
    expect(unchanged.customFields).toEqual({ annual_revenue: 1200000, credit_level: 'B' });

    await card.getByLabel('年营业额').fill('1500000');
    await card.getByLabel('成立日期').fill('2015-03-09');
    // Tab, not Enter: Enter in a field submits the form (the save button is inside it).
    await card.getByLabel('成立日期').press('Tab');
    await card.getByLabel('信用等级').click();
    await pick(page, 'A');
    await card.getByLabel('采购渠道').click();
    await pick(page, '线上');
    await pick(page, '拜访');
    await page.keyboard.press('Escape');
    await card.getByLabel('备注').fill('  年底集中采购 ');
    await card.getByRole('button', { name: '保存' }).click();
    await page.getByText('自定义字段已保存').waitFor();
    await card.getByTestId('custom-field-annual_revenue').getByText('1,500,000').waitFor();
    await card.getByTestId('custom-field-founded_on').getByText('2015-03-09').waitFor();
    await card.getByTestId('custom-field-channels').getByText('拜访').waitFor();
    await screenshot(page, 'tasks-11-custom-fields-saved');
    const saved = (await manager.request('GET', `/api/v1/customers/${customerId}`)).body as {
      customFields: Record<string, unknown>;
    };
    expect(saved.customFields).toEqual({
      annual_revenue: 1500000,
      founded_on: '2015-03-09',
      credit_level: 'A',
      channels: ['线上', '拜访'],
      remark: '年底集中采购',
    });
  });

  it('has no serious or critical accessibility violations on the tasks, projects and customer pages at 390x844', async () => {
    const [task] = await tasksOf(manager, 'view=team');
    const projects = (await manager.request('GET', '/api/v1/projects?status=archived')).body as {
      items: { id: string }[];
    };
    // The console's CSP allows no inline script; axe is injected as one.
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      isMobile: true,
      hasTouch: true,
      bypassCSP: true,
    });
    contexts.push(context);
    const page = await context.newPage();
    await signInAt(page, '/tasks', MANAGER_EMAIL);
    const pages: [string, string, string][] = [
      ['/tasks', '我的任务', 'tasks'],
      [`/tasks/${task?.id}`, '评论与反馈', 'task'],
      ['/projects', '项目名称', 'projects'],
      [`/projects/${projects.items[0]?.id}`, '项目任务', 'project'],
      [`/customers/${customerId}`, '自定义字段', 'customer'],
    ];
    const found: Record<string, AxeViolation[]> = {};
    for (const [path, landmark, name] of pages) {
      await page.goto(`${stack.gatewayUrl}${path}`);
      await page.getByText(landmark).first().waitFor();
      found[name] = await seriousAxeViolations(page);
      await screenshot(page, `tasks-axe-${name}`);
    }
    expect(found).toEqual({ tasks: [], task: [], projects: [], project: [], customer: [] });
  }, 300_000);

  it('the dashboard chart is also a table, behind a toggle named in the reader’s language', async () => {
    const page = await desktop();
    await signInAt(page, '/', MANAGER_EMAIL);
    const toggle = page.getByRole('radiogroup', { name: '线索来源分布: 图表或表格' });
    await toggle.waitFor();
    await page.getByRole('img', { name: '线索来源分布' }).waitFor();
    await toggle.getByText('表格').click();
    await page.getByRole('columnheader', { name: '来源' }).waitFor();
    await screenshot(page, 'tasks-12-dashboard-table');
  });
});
