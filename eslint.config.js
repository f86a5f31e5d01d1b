import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.datalyptica/', 'lab/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: globals.node } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // The core reports events; only src/cli and bin may write to the terminal.
      'no-console': 'error',
    },
  },
  { files: ['src/cli/**', 'bin/**', 'bench/**', 'test/**'], rules: { 'no-console': 'off' } },
);
