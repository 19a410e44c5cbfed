/**
 * Where the run-wide loopback services are, as seen from a test file.
 *
 * Owns: the name of the environment variable global-setup.ts sets to the base URL of the
 * services it started (tests/support/revocation-server.ts), and reading it.
 * Must never: start services itself (a test that needs its own modes starts its own server).
 */
export const TEST_SERVICES_URL_ENV = 'SEALDESK_TEST_SERVICES_URL';

/** Base URL of the run-wide services, e.g. http://127.0.0.1:18080; throws when not started. */
export function testServicesUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env[TEST_SERVICES_URL_ENV];
  if (url === undefined || url === '') {
    throw new Error(
      `${TEST_SERVICES_URL_ENV} is not set: the test services start in ` +
        'tests/support/global-setup.ts, so run tests through vitest with vitest.config.ts.',
    );
  }
  return url;
}
