import { defineConfig } from 'vitest/config';

// Tests mirror the source: tests/unit for pure modules, tests/integration for real parts
// (pdfsig, mutool, qpdf, SoftHSM2, gnome-keyring, openssl TSA/OCSP, s3rver).
export default defineConfig({
  test: {
    include: [
      'tests/unit/**/*.test.ts',
      'tests/integration/**/*.test.ts',
      'tests/e2e/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    globalSetup: ['tests/support/global-setup.ts'],
  },
});
