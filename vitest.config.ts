import { defineConfig } from 'vitest/config'

// Unit tests are pure and start at once; the rest share a global setup (client build, test databases).
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    passWithNoTests: false,
    allowOnly: false,
    projects: [
      {
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', setupFiles: ['test/unit/client/all-messages.ts'] },
      },
      {
        test: {
          name: 'system',
          include: ['test/integration/**/*.test.ts', 'test/realtime/**/*.test.ts', 'test/browser/**/*.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
})
