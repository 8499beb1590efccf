// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { ALLOWED, LIBS } from './architecture.config.js';

/** Libraries are used only through their index.ts (STYLE.md rule 2); nothing reaches into apps. */
const boundaries = [
  { group: ['@app/*/*'], message: 'Import a library only through its entry point (@app/<lib>), never a path inside it.' },
  { group: ['**/libs/**'], message: 'Import a library through its alias (@app/<lib>), not by a relative path.' },
];

/** The arrows of architecture.config.js (drawn in docs/architecture.md): a library imports only those. */
const libraryRules = LIBS.map((lib) => {
  const forbidden = LIBS.filter((other) => other !== lib && !ALLOWED[lib].includes(other));
  return {
    files: [`libs/${lib}/**/*.ts`],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...boundaries,
            { group: ['**/apps/**'], message: 'Libraries never import apps.' },
            ...(forbidden.length > 0
              ? [{ group: forbidden.map((l) => `@app/${l}`), message: `${lib} may import only ${ALLOWED[lib].join(', ') || 'nothing'} (architecture.config.js, docs/architecture.md).` }]
              : []),
            ...(lib === 'core' ? [{ group: ['@nestjs/*', 'typeorm', 'bullmq', 'ioredis', 'pg'], message: 'libs/core is framework-free: no Nest, TypeORM or drivers.' }] : []),
          ],
        },
      ],
    },
  };
});

/** An app never imports another app: each is its own process. */
const APPS = ['api', 'worker', 'launcher', 'console'];
const appRules = APPS.map((app) => ({
  files: [`apps/${app}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...boundaries,
          { group: APPS.filter((a) => a !== app).flatMap((a) => [`**/${a}/src/**`, `**/apps/${a}/**`]), message: 'An app never imports another app: move what both need into a library.' },
          { group: ['@app/testing'], message: 'Test helpers stay out of product code.' },
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '*.config.js', 'apps/console/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-function-type': 'off', // TypeORM's migration lists are typed Function[]
      'no-restricted-imports': ['error', { patterns: boundaries }],
    },
  },
  ...libraryRules,
  ...appRules,
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'libs/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
