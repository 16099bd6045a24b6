/**
 * One jest run: unit specs beside the code (*.spec.ts) and integration specs in test/
 * (*.e2e-spec.ts) against a real Temporal server and a real PostgreSQL. The global setup starts
 * (or reuses, from TEMPORAL_ADDRESS / DATABASE_URL) those services once for the whole run.
 */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/workflows', '<rootDir>/activities', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 120_000,
  // Two cores: more parallel test files than that only fight over the Temporal server.
  maxWorkers: 2,
};
