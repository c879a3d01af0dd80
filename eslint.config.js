// Lint rules whose main job is keeping the layering of ARCHITECTURE §2 from drifting:
// src-shared is pure; src-main and src-renderer never import each other; only
// src-main/electron imports electron.
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

const restrict = (message, { paths = [], patterns = [] }) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: paths.map((name) => ({ name, message })),
      patterns: patterns.map((group) => ({ group: [group], message })),
    },
  ],
});

export const layeringRules = [
  {
    files: ['src-shared/**/*.{ts,tsx}'],
    rules: {
      ...restrict('src-shared is pure TypeScript: no Node, Electron, DOM, src-main or src-renderer imports.', {
        paths: [...nodeBuiltins, 'electron', 'react-dom'],
        patterns: ['node:*', '**/src-main/**', '**/src-renderer/**', '../src-main/*', '../src-renderer/*'],
      }),
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['src-main/**/*.{ts,tsx}'],
    ignores: ['src-main/electron/**'],
    rules: restrict('Only src-main/electron may import electron; src-main never imports src-renderer.', {
      paths: ['electron'],
      patterns: ['**/src-renderer/**'],
    }),
  },
  {
    files: ['src-main/electron/**/*.{ts,tsx}'],
    rules: restrict('src-main never imports src-renderer.', { patterns: ['**/src-renderer/**'] }),
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: restrict('src-renderer runs in a sandboxed renderer: no Node, Electron or src-main imports.', {
      paths: [...nodeBuiltins, 'electron'],
      patterns: ['node:*', '**/src-main/**'],
    }),
  },
];

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'scratch/**', 'dist/**', 'out/**', '.cache/**', '**/assembly/**', '**/kernels/**', '**/generated/**', 'e2e/artifacts/**', 'sdk/templates/**'],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...layeringRules,
);
