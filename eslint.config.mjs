// ESLint (flat config) with typescript-eslint: type-aware rules that catch lost promises, and the
// import boundaries the layout depends on (see README "Layout"). `npm run lint`; CI runs it.
import js from '@eslint/js';
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'crypto', 'child_process', 'net', 'http', 'https', 'os', 'url', 'util', 'stream', 'events', 'worker_threads', 'zlib', 'dns', 'tls', 'module', 'process', 'buffer', 'timers', 'vm'];
const FRAMEWORKS = ['@nestjs/*', 'typeorm', 'pg', 'class-validator', 'class-transformer', 'express', 'jsonwebtoken'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', '.tools/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // The web console's single-file components (apps/web): Vue's recommended rules, TypeScript in
  // <script setup lang="ts">. Their script is type-checked by vue-tsc (npm run typecheck), so the
  // type-aware lint rules run on the console's .ts files, not inside .vue.
  ...pluginVue.configs['flat/recommended'].map((c) => ({ ...c, files: ['apps/web/**/*.vue'] })),
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
    ...tseslint.configs.disableTypeChecked,
    files: ['apps/web/**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], projectService: false, project: null, program: null } },
    rules: {
      ...tseslint.configs.disableTypeChecked.rules,
      // vue-tsc's verbatimModuleSyntax already refuses a type imported as a value.
      '@typescript-eslint/consistent-type-imports': 'off',
      // Element Plus's slots and attributes read best on one line at 1366 px; Prettier is not used here.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/multi-word-component-names': 'off',
    },
  },
  {
    // The console runs in the browser: no Node built-ins; the API's code only through HTTP.
    files: ['apps/web/**/*.ts', 'apps/web/**/*.vue'],
    ignores: ['apps/web/vite.config.mts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: NODE_BUILTINS, message: 'The console runs in the browser.' },
          { group: ['@api/*', '@worker/*', '@db/*', '@config/*', '@contract/*', '@temporal/*', '@harness/*', '@activities', '@activities/*', '@workflows', '@workflows/*', '@nestjs/*', 'typeorm', 'pg'], message: 'The console talks to the API over HTTP; it shares only the pure rules of @domain.' },
        ],
      }],
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
