// Lint: JavaScript's and typescript-eslint's recommended rules over every TypeScript file of the
// pack. Formatting is Prettier's (npm run format); no stylistic rule here, so the two never fight.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      'node_modules/**',
      'reports/**',
      'test-output/**',
      'bench/out/**',
      'plugins/crm/index.js',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // `_name` marks a parameter Artillery's hook signature requires but the function does not use.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // Processors and plugins export through module.exports where Artillery looks them up.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
);
