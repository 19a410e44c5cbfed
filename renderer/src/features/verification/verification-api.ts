/** The verification feature's calls to main. */
import { invoke } from '../../app/contract-client';

export const verificationApi = {
  verify: (docId: string) => invoke('verify.run', { docId }),
  report: (docId: string, format: 'html' | 'pdf') =>
    invoke('verify.report', { document: { docId }, format }),
};
