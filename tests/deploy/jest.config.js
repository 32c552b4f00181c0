// The deploy tests (scripts/check-deploy.sh runs them):
//   node_modules/.bin/jest --config tests/deploy/jest.config.js
// They render the chart and the kustomize overlays and validate what comes out; the tools they
// use (helm-java, kubectl, the schema validator) are installed by `scripts/check-deploy.sh --tools`.
const { join } = require('node:path');

module.exports = {
  rootDir: join(__dirname, '..', '..'),
  displayName: 'deploy',
  testMatch: ['<rootDir>/tests/deploy/**/*.deploy.spec.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The production bundles scripts/check-deploy.sh builds there repeat the services' package names.
  modulePathIgnorePatterns: ['<rootDir>/.local/'],
  // Helm runs in a JVM; the first render of a run takes seconds.
  testTimeout: 120_000,
};
