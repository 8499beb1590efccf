// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const featureLibs = ['calendar', 'organization', 'catalogue', 'enquiries', 'oversight', 'notices', 'cases', 'deadlines', 'rejections', 'ratings', 'reports', 'evaluation'];

/** Libraries are used only through their index.ts (STYLE.md rule 2); nothing reaches into apps. */
const boundaries = [
  { group: ['@app/*/*'], message: 'Import a library only through its entry point (@app/<lib>), never a path inside it.' },
  { group: ['**/libs/**'], message: 'Import a library through its alias (@app/<lib>), not by a relative path.' },
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '*.config.js'] },
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
  {
    files: ['libs/**/*.ts'],
    ignores: ['libs/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...boundaries,
            { group: ['**/apps/**'], message: 'Libraries never import apps.' },
            { group: ['@app/testing'], message: 'Test helpers stay out of product code.' },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/platform/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...boundaries,
            { group: ['**/apps/**', '@app/testing'], message: 'Platform never imports apps or test helpers.' },
            { group: [...featureLibs, 'documents'].map((l) => `@app/${l}`), message: 'Platform sits below the feature libraries: it cannot import them.' },
          ],
        },
      ],
    },
  },
  {
    // Printed documents sit beside the platform: feature libraries pass them what to print.
    files: ['libs/documents/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...boundaries,
            { group: ['**/apps/**', '@app/testing'], message: 'Documents never import apps or test helpers.' },
            { group: featureLibs.map((l) => `@app/${l}`), message: 'Documents sit below the feature libraries: they are given what to print and import none of them.' },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...boundaries,
            { group: ['@nestjs/*', 'typeorm', 'bullmq', 'ioredis', 'pg'], message: 'libs/core is framework-free: no Nest, TypeORM or drivers.' },
            { group: ['@app/*'], message: 'libs/core depends on no other library.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'libs/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
