import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{src-shared,src-main,src-renderer,test,bench}/**/*.test.{ts,tsx}'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
