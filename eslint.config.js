// ESLint (flat config): typescript-eslint's recommended rules plus, with type information, the async
// rules that catch un-awaited promises (no-floating-promises) and promises passed where a plain value
// or callback is expected (no-misused-promises). The import rules of the house (no folder cycle, the
// runtime never imports the lab, imports across folders go through index.ts) are checked by
// scripts/check-folders.ts, which `npm run lint` runs after ESLint.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.cache/', 'reports/', 'models/', 'data/', 'scratch/'] },
  {
    files: ['**/*.ts', '**/*.mts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['vite.config.ts'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // `_name` marks a value taken apart only to leave it out (`const { x: _x, ...rest } = o`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Comma and short-circuit statements are used on purpose in tight loops.
      '@typescript-eslint/no-unused-expressions': 'off',
      // Fixed-column formats (PDB) read clearer with the spaces written out.
      'no-regex-spaces': 'off',
    },
  },
  {
    // Tests build deliberately malformed inputs and read loosely typed JSON answers.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
