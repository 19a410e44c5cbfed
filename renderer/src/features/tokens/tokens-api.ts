/** The identities feature's calls to main. The passphrase goes straight into the call. */
import { invoke } from '../../app/contract-client';

export const tokensApi = {
  list: () => invoke('identities.list', {}),
  addP12: (path: string, passphrase: string) => invoke('identities.addP12', { path, passphrase }),
  removeP12: (path: string) => invoke('identities.removeP12', { path }),
};
