/**
 * Which strings of an indirect object are decrypted (ISO 32000-2 §7.6.2): all of them, except
 * "any hexadecimal strings representing the value of the Contents key in a Signature
 * dictionary" (/Type /Sig or /DocTimeStamp), which are stored in clear. The trailer /ID, the
 * /Encrypt dictionary and xref streams are excluded by the caller (document.ts); objects inside
 * object streams are never decrypted individually (§7.5.7).
 *
 * Owns: the walk over one object's values. Must never: recurse (iterative), or touch streams'
 * data (document.streamData decrypts those).
 */
import { PdfDict, PdfStream, PdfString, type PdfObject } from './objects';

/**
 * Decrypts every string of an indirect object (§7.6.2), except the /Contents of a signature
 * dictionary (/Type /Sig or /DocTimeStamp), which is stored in clear. Iterative, in place on
 * fresh containers (the parsed object is not shared yet).
 */
export function decryptStrings(obj: PdfObject, decrypt: (b: Uint8Array) => Uint8Array): PdfObject {
  const one = (v: PdfObject): PdfObject =>
    v instanceof PdfString ? new PdfString(decrypt(v.bytes), v.hex) : v;
  if (obj instanceof PdfString) return one(obj);
  const stack: (PdfDict | PdfObject[])[] = [];
  if (obj instanceof PdfDict) stack.push(obj);
  else if (obj instanceof PdfStream) stack.push(obj.dict);
  else if (Array.isArray(obj)) stack.push(obj);
  while (stack.length) {
    const c = stack.pop()!;
    if (c instanceof PdfDict) {
      const type = c.getName('Type');
      const isSig = type === 'Sig' || type === 'DocTimeStamp';
      for (const [k, v] of c.map) {
        if (v instanceof PdfString) {
          if (!(isSig && k === 'Contents')) c.map.set(k, one(v));
        } else if (v instanceof PdfDict || Array.isArray(v)) stack.push(v);
      }
    } else {
      for (let i = 0; i < c.length; i++) {
        const v = c[i]!;
        if (v instanceof PdfString) c[i] = one(v);
        else if (v instanceof PdfDict || Array.isArray(v)) stack.push(v);
      }
    }
  }
  return obj;
}
