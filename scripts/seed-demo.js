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
    // After the check-ins, so daily reports are pre-filled from them.
    const { seedFieldReportDemoData } = require(join(ROOT, 'services/field/dist/seed/report-demo-data.js'));
    await seedFieldReportDemoData(field, reps);
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
  if (existing.items.length > 0) return demo;
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
  return demo;
}

module.exports = { seedDemo, seedIdentity };
