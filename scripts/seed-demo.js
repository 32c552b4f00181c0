// Demo data for a living sales organisation. The org (identity) is seeded directly, because
// someone has to exist before anyone can log in; everything else goes through the public
// API as the demo people, the way the console would create it.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');
const { ROOT } = require('./stack');

function demoConstants() {
  return {
    ...require(join(ROOT, 'services/identity/dist/seed/demo-credentials.js')),
    ...require(join(ROOT, 'services/identity/dist/seed/demo-tenant.js')),
  };
}

/** Creates the demo tenant, org, roles and people (idempotent). */
function seedIdentity(stack) {
  execFileSync(process.execPath, [join(ROOT, 'services/identity/dist/seed/main.js')], {
    env: { ...process.env, DATABASE_URL: stack.databaseUrl('identity'), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const { DEMO_TENANT_CODE, DEMO_ADMIN_EMAIL, DEMO_PASSWORD } = demoConstants();
  return { tenantCode: DEMO_TENANT_CODE, adminEmail: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD };
}

async function api(stack, token, method, path, body) {
  const res = await fetch(`${stack.gatewayUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => undefined);
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const COMPANIES = [
  ['上海华信精密机械有限公司', '王建国', 'exhibition'],
  ['杭州云帆科技有限公司', '李晓梅', 'web'],
  ['苏州恒达自动化设备厂', '张伟', 'referral'],
  ['宁波海天包装材料有限公司', '陈静', 'campaign'],
  ['广州南方电气集团', '刘洋', 'cold_call'],
  ['深圳迅驰电子有限公司', '黄磊', 'web'],
  ['东莞宏图五金制品厂', '周丽', 'exhibition'],
  ['无锡远景新能源有限公司', '吴强', 'referral'],
  ['佛山美达家具有限公司', '郑芳', 'campaign'],
  ['南京金陵医药设备有限公司', '孙浩', 'web'],
  ['合肥星火智能制造有限公司', '马超', 'exhibition'],
  ['厦门鹭岛贸易有限公司', '林娜', 'cold_call'],
];

function claimsOf(accessToken) {
  return JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString('utf8'));
}

/**
 * Targets and check-ins have no public write API yet (their issues add it), so their demo
 * rows come from each service's own idempotent seed, run against its database. Who the reps
 * are comes from their logins, not from identity's tables.
 */
async function seedGoalsAndField(stack, sessions) {
  const employees = sessions.map(({ accessToken }) => {
    const claims = claimsOf(accessToken);
    return { id: claims.sub, tenantId: claims.tid, departmentId: claims.dept, departmentPath: claims.dpath };
  });
  const reps = employees.filter((_, i) => sessions[i].rep);
  const { createGoalsDatabase } = require(join(ROOT, 'services/goals/dist/database.js'));
  const { seedGoalsDemoData } = require(join(ROOT, 'services/goals/dist/seed/demo-data.js'));
  const goals = createGoalsDatabase(stack.databaseUrl('goals'));
  try {
    await seedGoalsDemoData(goals, employees);
  } finally {
    await goals.$disconnect();
  }
  const { createFieldDatabase } = require(join(ROOT, 'services/field/dist/database.js'));
  const { seedFieldDemoData } = require(join(ROOT, 'services/field/dist/seed/demo-data.js'));
  const field = createFieldDatabase(stack.databaseUrl('field'));
  try {
    await seedFieldDemoData(field, reps);
  } finally {
    await field.$disconnect();
  }
}

// name, industry, region, address, [lat, lng], tier, contact, title, birthday (MM-DD)
const CUSTOMERS = [
  [
    '上海浦江机电设备有限公司',
    '制造业',
    '华东',
    '上海市浦东新区张江路 88 号',
    [31.2035, 121.5905],
    'A',
    '陈建华',
    '采购总监',
    '03-12',
  ],
  [
    '上海申达精工科技有限公司',
    '制造业',
    '华东',
    '上海市闵行区莘庄工业区春东路 508 号',
    [31.0985, 121.3845],
    'B',
    '刘芳',
    '设备经理',
    '11-28',
  ],
  [
    '杭州西溪智造有限公司',
    '智能制造',
    '华东',
    '杭州市余杭区文一西路 969 号',
    [30.2795, 120.0215],
    'A',
    '王磊',
    '总经理',
    '12-01',
  ],
  [
    '杭州钱塘包装材料厂',
    '包装',
    '华东',
    '杭州市钱塘区 12 号大街 300 号',
    [30.3035, 120.3725],
    'C',
    '赵丽',
    '厂长',
    '06-18',
  ],
  [
    '广州珠江电气集团',
    '电气',
    '华南',
    '广州市黄埔区科学大道 182 号',
    [23.1655, 113.4485],
    'A',
    '黄伟',
    '采购部长',
    '11-30',
  ],
  [
    '广州白云五金制品有限公司',
    '五金',
    '华南',
    '广州市白云区太和镇 66 号',
    [23.3255, 113.3215],
    'B',
    '林静',
    '老板',
    '02-09',
  ],
  [
    '深圳南山电子科技有限公司',
    '电子',
    '华南',
    '深圳市南山区科技园南区 9 号',
    [22.5365, 113.9475],
    'A',
    '吴昊',
    '供应链总监',
    '12-05',
  ],
  [
    '深圳宝安精密模具厂',
    '模具',
    '华南',
    '深圳市宝安区福永街道 23 号',
    [22.6735, 113.8155],
    'C',
    '郑强',
    '厂长',
    '09-21',
  ],
];

/** Customers with coordinates, their contacts and a first follow-up, each by a rep; a public pool. */
async function seedCustomers(stack, sessions) {
  const admin = sessions[0];
  await api(stack, admin.accessToken, 'POST', '/api/v1/lead-pools', {
    name: '公海',
    public: true,
    claimLimit: 30,
    recycleAfterDays: 30,
  });
  const reps = sessions.filter((s) => s.rep);
  const year = new Date().getFullYear();
  for (const [
    i,
    [name, industry, region, address, [latitude, longitude], tier, contact, title, birthday],
  ] of CUSTOMERS.entries()) {
    const rep = reps[i % reps.length] ?? admin;
    const customer = await api(stack, rep.accessToken, 'POST', '/api/v1/customers', {
      name,
      industry,
      region,
      address,
      location: { latitude, longitude },
      tier,
      lifecycle: tier === 'C' ? 'prospect' : 'active',
      tags: tier === 'A' ? ['重点客户'] : [],
      groups: [tier === 'A' ? '重点客户' : '普通客户'],
    });
    const person = await api(stack, rep.accessToken, 'POST', `/api/v1/customers/${customer.id}/contacts`, {
      name: contact,
      title,
      phones: [`+86 139${String(20000000 + i * 104729).slice(0, 8)}`],
      birthday: `1980-${birthday}`,
    });
    // Visited over the past week with a follow-up three days later: the earliest are overdue now.
    const occurred = new Date(Date.now() - (7 - i) * 86_400_000);
    const next = new Date(occurred.getTime() + 3 * 86_400_000).toISOString().slice(0, 10);
    await api(stack, rep.accessToken, 'POST', '/api/v1/activities', {
      subjectType: 'customer',
      subjectId: customer.id,
      method: i % 2 === 0 ? 'visit' : 'phone',
      contactId: person.id,
      content: i % 2 === 0 ? `上门拜访${contact}，介绍 ${year} 年新品方案` : `电话沟通${contact}，确认需求与预算`,
      result: '客户有意向，待报价',
      nextStep: '准备方案与报价',
      nextFollowUpOn: next,
      occurredAt: occurred.toISOString(),
    });
  }
}

// title, description, priority, due in days from now (negative: overdue), status
const TASKS = [
  ['拜访上海浦江机电，确认三季度采购计划', '带上新品样册，争取框架合同', 'P0', -2, 'in_progress'],
  ['给杭州西溪智造发正式报价', '含安装与三年维保', 'P1', -1, 'todo'],
  ['整理华南区重点客户名单', '按 A/B/C 分级，标注负责人', 'P2', 3, 'todo'],
  ['深圳南山电子技术交流会', '邀请供应链总监与技术负责人参加', 'P1', 1, 'todo'],
  ['回款跟进：广州珠江电气首付款', '合同约定 30% 首付款', 'P0', -5, 'done'],
  ['更新季度销售漏斗', '清理超过 60 天未推进的商机', 'P3', 7, 'todo'],
];

/**
 * A project for the quarter with the reps as members, tasks handed out by the admin (some
 * already overdue, so reminders and the overdue list have something to show), and feedback.
 */
async function seedTasks(stack, sessions) {
  const admin = sessions[0];
  const reps = sessions.filter((s) => s.rep);
  const repIds = reps.map((s) => claimsOf(s.accessToken).sub);
  const project = await api(stack, admin.accessToken, 'POST', '/api/v1/projects', {
    name: '本季度重点客户攻坚',
    description: '围绕年度合同额目标，集中推进 A 类客户的签约与回款',
    memberIds: repIds,
    startDate: new Date().toISOString().slice(0, 10),
  });
  for (const [i, [title, description, priority, dueInDays, status]] of TASKS.entries()) {
    const rep = reps[i % Math.max(reps.length, 1)] ?? admin;
    const task = await api(stack, admin.accessToken, 'POST', '/api/v1/tasks', {
      title,
      description,
      priority,
      assigneeId: claimsOf(rep.accessToken).sub,
      dueAt: new Date(Date.now() + dueInDays * 86_400_000).toISOString(),
      projectId: project.id,
    });
    if (status !== 'todo') {
      await api(stack, rep.accessToken, 'PATCH', `/api/v1/tasks/${task.id}`, { status: 'in_progress' });
    }
    if (status === 'done') {
      await api(stack, rep.accessToken, 'PATCH', `/api/v1/tasks/${task.id}`, { status: 'done' });
      await api(stack, rep.accessToken, 'POST', `/api/v1/tasks/${task.id}/comments`, {
        body: '首付款已到账，凭证已上传',
      });
      await api(stack, admin.accessToken, 'POST', `/api/v1/tasks/${task.id}/comments`, {
        body: '跟进及时，回款节奏把握得好',
        rating: 5,
      });
    }
  }
}

// customer index, type, severity, title, where it ends (open, in_progress, resolved, closed),
// rating (0 = none), and how many hours ago it was opened (past its due time when still open).
const TICKETS = [
  [0, 'complaint', 'critical', '生产线主电机过热停机', 'open', 0, 6],
  [1, 'service', 'high', '数控机床季度保养', 'in_progress', 0, 30],
  [2, 'complaint', 'medium', '交货延期三天', 'closed', 2, 0],
  [3, 'service', 'low', '操作人员培训', 'resolved', 5, 0],
  [4, 'inquiry', 'low', '备件价格咨询', 'closed', 4, 0],
  [5, 'complaint', 'high', '发票抬头错误', 'resolved', 0, 0],
  [0, 'service', 'medium', '远程诊断软件升级', 'in_progress', 0, 0],
  [1, 'inquiry', 'medium', '延保政策咨询', 'open', 0, 0],
];
const RESOLUTIONS = {
  complaint: '现场排查并更换故障部件，客户确认恢复正常',
  service: '工程师上门完成服务并留存记录',
  inquiry: '已电话答复并发送资料',
};

/**
 * Service tickets in every status (some overdue, some rated) and a few satisfaction surveys,
 * through the API as the customers' reps; crm's demo seed then backdates the overdue ones, since
 * the API only opens tickets now.
 */
async function seedTickets(stack, sessions) {
  const admin = sessions[0].accessToken;
  const { items: customers } = await api(stack, admin, 'GET', '/api/v1/customers?limit=50');
  if (customers.length === 0) return;
  // Each ticket is opened (and so assigned to) the rep who owns the customer.
  const tokenOf = (employeeId) =>
    sessions.find((s) => claimsOf(s.accessToken).sub === employeeId)?.accessToken ?? admin;
  const ages = [];
  for (const [index, type, severity, title, end, rating, hoursAgo] of TICKETS) {
    const customer = customers[index % customers.length];
    const token = tokenOf(customer.ownerId);
    let ticket = await api(stack, token, 'POST', '/api/v1/tickets', { type, severity, customerId: customer.id, title });
    const move = async (status, extra = {}) => {
      ticket = await api(stack, token, 'POST', `/api/v1/tickets/${ticket.id}/status`, { status, ...extra });
    };
    if (end !== 'open') await move('in_progress', { comment: '已安排工程师跟进' });
    if (end === 'resolved' || end === 'closed') await move('resolved', { resolution: RESOLUTIONS[type] });
    if (end === 'closed') await move('closed');
    if (rating > 0) {
      await api(stack, token, 'POST', `/api/v1/tickets/${ticket.id}/rating`, {
        rating,
        comment: rating >= 4 ? '响应及时，很满意' : '处理太慢',
      });
    }
    if (hoursAgo > 0) ages.push({ ticketId: ticket.id, hours: hoursAgo });
  }
  for (const [i, customer] of customers.slice(0, 4).entries()) {
    await api(stack, admin, 'POST', `/api/v1/customers/${customer.id}/satisfaction-surveys`, {
      score: [5, 4, 3, 5][i],
      comment: ['合作愉快', '交付准时', '售后响应偏慢', '产品质量稳定'][i],
    });
  }
  const { createCrmDatabase } = require(join(ROOT, 'services/crm/dist/database.js'));
  const { ageDemoTickets } = require(join(ROOT, 'services/crm/dist/seed/demo-tickets.js'));
  const crm = createCrmDatabase(stack.databaseUrl('crm'));
  try {
    await ageDemoTickets(crm, ages);
  } finally {
    await crm.$disconnect();
  }
}

/**
 * Visit plans for the reps (today approved, next working day submitted, the one after a draft)
 * at their customers, which reach field's replica through crm's events: wait for them briefly.
 */
async function seedVisitPlans(stack, sessions) {
  const reps = sessions
    .filter((session) => session.rep)
    .map(({ accessToken }) => {
      const claims = claimsOf(accessToken);
      return { id: claims.sub, tenantId: claims.tid, departmentId: claims.dept, departmentPath: claims.dpath };
    });
  const { createFieldDatabase } = require(join(ROOT, 'services/field/dist/database.js'));
  const { seedVisitPlanDemoData } = require(join(ROOT, 'services/field/dist/seed/visit-plan-demo-data.js'));
  const field = createFieldDatabase(stack.databaseUrl('field'));
  try {
    for (let attempt = 0; attempt < 20 && (await field.customerReplica.count()) === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await seedVisitPlanDemoData(field, reps);
  } finally {
    await field.$disconnect();
  }
}

/** The demo tenant plus believable records created through the API by its people. */
async function seedDemo(stack) {
  const demo = seedIdentity(stack);
  const { DEMO_REP_EMAILS = [] } = demoConstants();
  const people = [demo.adminEmail, ...DEMO_REP_EMAILS];
  const sessions = [];
  for (const email of people) {
    const session = await api(stack, undefined, 'POST', '/api/v1/auth/login', {
      tenantCode: demo.tenantCode,
      email,
      password: demo.password,
    });
    sessions.push({ email, accessToken: session.accessToken, rep: email !== demo.adminEmail });
  }
  await seedGoalsAndField(stack, sessions);
  // Leads are only created on the first run: the admin's list tells whether the demo has them.
  const existing = await api(stack, sessions[0].accessToken, 'GET', '/api/v1/leads?limit=1');
  if (existing.items.length > 0) {
    await seedVisitPlans(stack, sessions);
    return demo;
  }
  for (const [i, [company, contact, source]] of COMPANIES.entries()) {
    const session = sessions[i % sessions.length];
    await api(stack, session.accessToken, 'POST', '/api/v1/leads', {
      name: contact,
      company,
      phone: `+86 138${String(10000000 + i * 7919).slice(0, 8)}`,
      email: `contact${i + 1}@example.cn`,
      source,
      notes: '展会/官网获取的意向客户，待首次电话沟通',
    });
  }
  await seedCustomers(stack, sessions);
  await seedTasks(stack, sessions);
  await seedTickets(stack, sessions);
  await seedVisitPlans(stack, sessions);
  return demo;
}

module.exports = { seedDemo, seedIdentity };
