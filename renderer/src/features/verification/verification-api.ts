/** The verification feature's calls to main. */
import type { Lang } from '../../../../preload/contract';
import { invoke } from '../../app/contract-client';

export const verificationApi = {
  verify: (docId: string) => invoke('verify.run', { docId }),
  report: (docId: string, format: 'html' | 'pdf', lang: Lang) =>
    invoke('verify.report', { document: { docId }, format, lang }),
};
