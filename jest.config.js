/**
 * One jest run: unit specs beside the code (*.spec.ts) and integration specs in test/
 * (*.e2e-spec.ts) against a real Temporal server and a real PostgreSQL. The global setup starts
 * (or reuses, from TEMPORAL_ADDRESS / DATABASE_URL) those services once for the whole run.
 */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/workflows', '<rootDir>/activities', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  // Type errors are `npm run typecheck`'s job (CI runs it first); ts-jest only transpiles.
  transform: { '^.+\\.ts$': 'ts-jest' },
  // The path aliases of tsconfig.json (@domain/…, @db/…), one source of truth.
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 120_000,
  // Two cores: more parallel test files than that only fight over the Temporal server.
  maxWorkers: 2,
};
