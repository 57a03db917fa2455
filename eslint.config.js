// ESLint with typescript-eslint rather than Biome: the type-aware rules (no-floating-promises,
// no-misused-promises, await-thenable) catch a forgotten `await` on a DynamoDB or SES call,
// which in this product means a reminder marked SENT before it was sent. Biome has no
// equivalent that uses the type checker.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/', 'node_modules/', 'cdk.out/', 'coverage/', '.local-data/', 'bench-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // `import { type X }` leaves a side-effect import behind under verbatimModuleSyntax, which
      // drags a module (and zod with it) into the sidebar bundle for a type: use `import type`.
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
          message: "Use `import * as z from 'zod'`: the named import pulls all of zod into the Apps Script bundle.",
        },
      ],
    },
  },
  // A reader follows a function top to bottom: past 80 lines (blank lines and comments not
  // counted) it is split into named steps, or says in an eslint-disable comment why it stays whole.
  {
    files: ['lambdas/**/*.ts', 'addon/src/**/*.ts', 'shared/**/*.ts', 'cdk/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }] },
  },
  // Imports flow inward to shared/: each side is fenced from the other at any folder depth.
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'node:*',
                '@aws-sdk/*',
                'hono',
                'hono/*',
                'pdfmake',
                'pdfmake/*',
                'nodemailer',
                'nodemailer/*',
                'date-holidays',
                '**/addon/**',
                '**/lambdas/**',
              ],
              message: 'shared/ is pure: no I/O, no Node, no AWS, neither side.',
            },
          ],
        },
      ],
    },
  },
  {
    // What runs in Apps Script and in the HtmlService pages: no Node, no AWS, nothing of the backend.
    files: ['addon/src/**/*.ts', 'addon/sidebar/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', '@aws-sdk/*', 'hono', 'hono/*', '**/lambdas/**'],
              message:
                'The add-on runs in Apps Script and the browser: it reaches the backend over HTTP only, and shares code through shared/.',
            },
          ],
        },
      ],
    },
  },
  {
    // Only the local workbench (addon/local) may run the add-on beside the backend.
    files: ['lambdas/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/addon/**'], message: 'The backend does not import the add-on; shared code lives in shared/.' }],
        },
      ],
    },
  },
  {
    // Jest's asymmetric matchers (expect.stringMatching, expect.objectContaining) are typed `any`,
    // and tests read HTTP response bodies as loose JSON.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The emulation's HTTP worker: plain JS in a Node worker thread.
    files: ['addon/local/**/*.mjs'],
    languageOptions: { globals: { fetch: 'readonly', AbortSignal: 'readonly' } },
  },
);
