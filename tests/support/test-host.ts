/**
 * A Sealdesk host for tests of the UI contract through main/host: a given throwaway data folder,
 * no token modules, no background augment task; and a call through the door (its input parsed by
 * the contract's schema) that gives the typed value or throws with the error's code.
 */
import { createSealdeskHost, type SealdeskHost } from '../../main/host/sealdesk-host';
import type { Input, MethodName, Output } from '../../preload/contract';

export function testHost(dataDir: string): SealdeskHost {
  return createSealdeskHost({
    door: 'web',
    version: '0.0.0-test',
    env: { SEALDESK_DATA_DIR: dataDir },
    tokenModules: [],
    augmentIntervalMs: 0,
  });
}

export async function callOk<M extends MethodName>(
  host: SealdeskHost,
  method: M,
  input: Input<M>,
): Promise<Output<M>> {
  const r = await host.call(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as Output<M>;
}
