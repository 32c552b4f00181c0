// Four projects: unit (beside the code), integration (real PostgreSQL + Kafka, per
// service), e2e (every service as a real process) and web (the console in Chromium). `./salesflow test` runs them all.
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
// jose ships only ES modules; jest runs CommonJS, so swc compiles it like our own code.
const transformIgnorePatterns = ['/node_modules/(?!(\\.pnpm/jose@[^/]+/node_modules/)?jose/)'];
// Generated Prisma clients import their TypeScript siblings with a .js suffix.
const moduleNameMapper = { '^(\\.{1,2}/.*)\\.js$': '$1' };
const common = {
  transform,
  transformIgnorePatterns,
  moduleNameMapper,
  testEnvironment: 'node',
  // Production bundles built by scripts/check-deploy.sh repeat the packages' names.
  modulePathIgnorePatterns: ['<rootDir>/.local/'],
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  // Applies to hooks too; starting processes and waiting for Kafka takes seconds, not ms.
  testTimeout: 300_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{packages,services}/*/src/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{packages,services,examples}/*/test/**/*.integration.spec.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.js',
    },
    {
      ...common,
      displayName: 'web',
      testMatch: ['<rootDir>/tests/web/**/*.web.spec.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.js',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/tests/e2e/**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.js',
    },
  ],
};
