/**
 * Worker-thread entry of directory verification: receives { id, file } messages, answers
 * { id, result } with a DocumentVerification (plain data). Built as its own bundle entry
 * (scripts/build.mjs: out/cli/verify-worker.js) and run from sources with tsx.
 *
 * Owns: rebuilding the per-run context (anchors from DER, validation time, policy) once per
 * worker. Must never: exit on a bad file: every document problem is a result.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadAlgorithmPolicy } from './algorithm-policy';
import { ParsedCertificate } from './parsed-certificate';
import { verifyDocument } from './verify-document';

export interface VerifyWorkerData {
  readonly anchorsDer: readonly Uint8Array[];
  readonly at: string | null;
  readonly online: boolean;
  readonly policyFile: string | null;
}

const data = workerData as VerifyWorkerData;
const anchors = data.anchorsDer.map((d) => ParsedCertificate.fromDer(d, 'trust anchor'));
const policy = loadAlgorithmPolicy(data.policyFile ?? undefined);
const port = parentPort;
port?.on('message', (m: { id: number; file: string }) => {
  verifyDocument(m.file, {
    trustAnchors: anchors,
    ...(data.at ? { at: new Date(data.at) } : {}),
    online: data.online,
    policy,
  }).then(
    (result) => port.postMessage({ id: m.id, result }),
    (e: unknown) =>
      port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) }),
  );
});
