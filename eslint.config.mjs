// Strict, type-aware linting: floating promises are bugs in an editor extension and a cloud client.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Adapters reach the server only through the rule module's or the lint API's public entry. */
const SERVER_ENTRIES = {
  group: [
    '**/server/src/*',
    '!**/server/src/risk',
    '!**/server/src/risk/index*',
    '!**/server/src/api',
    '!**/server/src/api/index*',
    '!**/server/src/lsp',
    '**/server/src/lsp/*',
    '!**/server/src/lsp/protocol*',
  ],
  message:
    'Import the rule module only through its public entry (server/src/risk), the lint API (server/src/api) or the LSP protocol file (server/src/lsp/protocol).',
};

/** Only server/src/lsp speaks LSP; only client/ speaks to VS Code. */
const NO_EDITOR = [
  {
    group: ['vscode-languageserver*', 'vscode-languageclient*'],
    message: 'Only server/src/lsp may import the LSP libraries.',
  },
  { group: ['vscode'], message: 'Only client/ may import vscode.' },
];

/** The function package is reached only through its public entry (shared wire layer, env contract). */
const FUNCTION_ENTRY = {
  group: [
    '**/remediation-fn/src/*',
    '**/remediation-fn/src/**',
    '!**/remediation-fn/src/public',
    '!**/remediation-fn/src/public.ts',
  ],
  message: 'Reach remediation-fn only through its public entry, remediation-fn/src/public.',
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'out/**',
      '.e2e/**',
      'bench/.generated/**',
      'test/.tmp/**',
      'test/fixtures/**',
      'examples/**',
      'templates/**',
      'reports/**',
      '.stryker-tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test's describe/it return promises the runner itself awaits.
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['describe', 'it', 'test', 'suite', 'before', 'after'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  // Architecture: only the LSP layer may speak LSP, only client/ may import vscode.
  {
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/lsp/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: NO_EDITOR,
        },
      ],
    },
  },
  // The rule module is pure: no I/O, no editor or LSP, nothing of the analysis but safe-text.
  {
    files: ['server/src/risk/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...NO_EDITOR,
            {
              group: [
                'node:*',
                'fs',
                'fs/*',
                'path',
                'os',
                'child_process',
                'net',
                'http',
                'https',
                'worker_threads',
              ],
              message: 'server/src/risk is pure: no I/O (docs/architecture.md).',
            },
            {
              group: ['../*', '!../model', '../model/*', '!../model/safe-text'],
              message: 'server/src/risk depends on nothing of the analysis (only model/safe-text).',
            },
          ],
        },
      ],
    },
  },
  // Adapters reach the server and the function package only through their public entries.
  {
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [SERVER_ENTRIES, FUNCTION_ENTRY] }],
    },
  },
  // The function and the sandbox run outside any editor: no vscode, no LSP. The sandbox reaches the
  // function package through its public entry; the function bundles alone (no extension, no sandbox).
  {
    files: ['sandbox/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [SERVER_ENTRIES, ...NO_EDITOR, FUNCTION_ENTRY] }],
    },
  },
  {
    files: ['remediation-fn/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            SERVER_ENTRIES,
            ...NO_EDITOR,
            {
              group: ['**/client/src/**', '**/sandbox/src/**'],
              message: 'The function must not depend on the extension or the sandbox.',
            },
          ],
        },
      ],
    },
  },
  // The cloud core is plain Node, tested without an editor: only client/src/cloud/vscode adapts it.
  {
    files: ['client/src/cloud/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: 'client/src/cloud/core is plain Node: adapt it in cloud/vscode.' },
          ],
          patterns: [SERVER_ENTRIES, FUNCTION_ENTRY],
        },
      ],
    },
  },
);
