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
  const created = [];
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
    created.push({ customer, rep });
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
  return created;
}

const cny = (yuan) => ({ amountMinor: Math.round(yuan * 100), currency: 'CNY' });

/**
 * crm part 2: products of three lines, a competitor, opportunities spread over the pipeline
 * (one per customer), and on the first customer a signed contract with a payment plan and a
 * first payment received.
 */
async function seedSales(stack, sessions, customers) {
  const admin = sessions[0];
  const products = [];
  for (const [name, productLine, price, cost] of [
    ['MX-200 数控机床', '机床', 580000, 410000],
    ['AR-6 工业机器人', '自动化', 320000, 215000],
    ['年度维保服务', '服务', 60000, 25000],
  ]) {
    products.push(
      await api(stack, admin.accessToken, 'POST', '/api/v1/products', {
        name,
        productLine,
        listPrice: cny(price),
        cost: cny(cost),
      }),
    );
  }
  await api(stack, admin.accessToken, 'POST', '/api/v1/competitors', {
    name: '德玛机床',
    strengths: '价格低，交期短',
    weaknesses: '售后网点少',
  });
  const { items: pipelines } = await api(stack, admin.accessToken, 'GET', '/api/v1/pipelines');
  const stages = Object.fromEntries(pipelines[0].stages.map((stage) => [stage.key, stage.id]));
  // Where each customer's opportunity stands: the funnel narrows towards signing.
  const path = ['prospecting', 'first_contact', 'needs_analysis', 'proposal', 'negotiation', 'won', 'lost'];
  const closeOn = new Date(Date.now() + 45 * 86_400_000).toISOString().slice(0, 10);
  let first;
  for (const [i, { customer, rep }] of customers.entries()) {
    const product = products[i % products.length];
    const amount = cny((product.listPrice.amountMinor / 100) * (1 + (i % 3)));
    const opportunity = await api(stack, rep.accessToken, 'POST', '/api/v1/opportunities', {
      name: `${customer.name.slice(0, 4)} ${product.name}`,
      customerId: customer.id,
      amount,
      expectedCloseOn: closeOn,
      productLine: product.productLine,
    });
    first ??= { opportunity, customer, rep, product };
    const target = i === 0 ? 'negotiation' : path[i % path.length];
    for (const key of path.slice(1, path.indexOf(target) + 1)) {
      if (key === 'won' && target !== 'won') continue;
      await api(stack, rep.accessToken, 'POST', `/api/v1/opportunities/${opportunity.id}/stage`, {
        stageId: stages[key],
        ...(key === 'lost' ? { lostReason: '价格过高' } : {}),
      });
      if (key === 'lost') break;
    }
  }
  if (!first) return;
  // The first customer signs: its opportunity is won, the customer becomes active.
  const { opportunity, customer, rep, product } = first;
  const contract = await api(stack, rep.accessToken, 'POST', '/api/v1/contracts', {
    number: `HT-${new Date().getFullYear()}-0001`,
    title: `${customer.name} 设备采购合同`,
    customerId: customer.id,
    opportunityId: opportunity.id,
    lines: [
      { productId: product.id, quantity: 1, amount: opportunity.amount },
      { productId: products[2].id, quantity: 1, amount: cny(60000) },
    ],
  });
  const today = new Date().toISOString().slice(0, 10);
  await api(stack, rep.accessToken, 'POST', `/api/v1/contracts/${contract.id}/sign`, { signedOn: today });
  const total = contract.totalAmount.amountMinor;
  const deposit = Math.round(total * 0.3);
  const plan = await api(stack, rep.accessToken, 'PUT', `/api/v1/contracts/${contract.id}/payment-plan`, {
    installments: [
      { dueOn: today, amount: { amountMinor: deposit, currency: 'CNY' } },
      {
        dueOn: new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10),
        amount: { amountMinor: total - deposit, currency: 'CNY' },
      },
    ],
  });
  await api(stack, rep.accessToken, 'POST', '/api/v1/payments', {
    contractId: contract.id,
    amount: { amountMinor: deposit, currency: 'CNY' },
    receivedOn: today,
    method: 'bank_transfer',
    reference: '首付款 30%',
    installmentId: plan.installments[0].id,
  });
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
  const customers = await seedCustomers(stack, sessions);
  await seedSales(stack, sessions, customers);
  return demo;
}

module.exports = { seedDemo, seedIdentity };
