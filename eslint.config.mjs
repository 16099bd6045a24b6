// ESLint (flat config) with typescript-eslint: type-aware rules that catch lost promises, and the
// import boundaries the layout depends on (see README "Layout"). `npm run lint`; CI runs it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'crypto', 'child_process', 'net', 'http', 'https', 'os', 'url', 'util', 'stream', 'events', 'worker_threads', 'zlib', 'dns', 'tls', 'module', 'process', 'buffer', 'timers', 'vm'];
const FRAMEWORKS = ['@nestjs/*', 'typeorm', 'pg', 'class-validator', 'class-transformer', 'express', 'jsonwebtoken'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', '.tools/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Raw SQL rows are typed where they are read; `any` stays visible and rare, not forbidden.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Workflow code is deterministic: the Temporal workflow API, pure rules and the messages only.
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: ['@activities', '@activities/*'], allowTypeImports: true, message: 'Workflows import only the types of activities (proxyActivities<Activities>).' },
          { regex: '^(?!@temporalio/workflow$|@domain/|@temporal/messages$|@temporal/timeouts$|\\./|\\.\\./|@activities(/|$))', message: 'Workflows may import only @temporalio/workflow, the pure rules of @domain, @temporal/messages and the activity options of @temporal/timeouts.' },
        ],
      }],
    },
  },
  {
    // The domain is pure: rules and types, no framework, no I/O.
    files: ['libs/domain/**/*.ts'],
    ignores: ['libs/domain/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: [...NODE_BUILTINS, ...FRAMEWORKS, '@temporalio/*'], message: 'libs/domain is pure: no Nest, TypeORM, pg, class-validator, Temporal or Node built-ins.' },
          { group: ['@api/*', '@worker/*', '@db/*', '@config/*', '@contract/*', '@temporal/*', '@activities', '@activities/*', '@workflows', '@workflows/*'], message: 'libs/domain depends on nothing else of ours.' },
        ],
      }],
    },
  },
  {
    // Activities act on the world for workflows; they never reach into the HTTP application.
    files: ['activities/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ group: ['@api/*', '@worker/*'], message: 'activities/ never imports apps/.' }],
      }],
    },
  },
);
