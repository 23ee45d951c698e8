import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/setup/no-token-in-output.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests load native addons and ONNX sessions; two cores are all we have.
    pool: 'forks',
    maxWorkers: 2,
  },
});
