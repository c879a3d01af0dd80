import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src-shared/**/*.test.ts', 'src-main/**/*.test.ts', 'sdk/**/*.test.ts', 'plugins/**/*.test.ts', 'plugin-fixtures/**/*.test.ts', 'bench/**/*.test.ts', 'src-renderer/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', '**/assembly/**'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
