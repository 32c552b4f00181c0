// The demo logins, in a module of their own (no database, no Prisma) so that the start
// script and the e2e tests can print and use exactly what the seed creates.
export const DEMO_TENANT_CODE = 'demo';
export const DEMO_TENANT_NAME = '华东智能装备有限公司';
export const DEMO_ADMIN_EMAIL = 'admin@demo.salesflow.local';
/** Every demo employee's password. */
export const DEMO_PASSWORD = 'Salesflow!2026';
