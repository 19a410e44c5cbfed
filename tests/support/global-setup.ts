// Runs once before the test files: makes the test PKI (by code, see tests/fixtures/pki/README.md)
// into .cache/ so that every test file reads the same identities.
import { ensureTestPki } from '../fixtures/pki/make-pki';

export default async function setup(): Promise<void> {
  await ensureTestPki();
}
