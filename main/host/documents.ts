/**
 * Document questions the doors ask before any key is used: does this PDF need an open password?
 * Owns: probing a document without keeping it open. Must never: keep or log a password.
 */
import { isSealdeskError } from '../errors/sealdesk-error';
import { PdfDocument } from '../pdf/document';

/** True when `path` is an encrypted PDF that the empty user password does not open. */
export async function needsOpenPassword(path: string): Promise<boolean> {
  try {
    const doc = await PdfDocument.open(path, { fileName: path });
    await doc.close();
    return false;
  } catch (e) {
    if (isSealdeskError(e, 'PDF_PASSWORD_REQUIRED')) return true;
    // Any other problem (missing file, damaged PDF) is reported by the signing step itself.
    return false;
  }
}
