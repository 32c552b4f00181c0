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
  return demo;
}

module.exports = { seedDemo, seedIdentity };
