import { defineConfig } from 'vitest/config';

// Tests mirror the source: tests/unit for pure modules, tests/integration for real parts
// (pdfsig, mutool, qpdf, SoftHSM2, gnome-keyring, openssl TSA/OCSP, s3rver), tests/e2e for the
// UI in Debian Chromium. The browser tests run after the others, one file at a time: a page
// waiting on a busy 2-core machine is a flaky test, not a finding.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    globalSetup: ['tests/support/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'core',
          include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
