/**
 * One measured operation in its own process, so peak RSS belongs to that operation alone.
 * Usage: tsx tests/bench/measure.ts <mode> <input> <output> [p12 passphrase]
 * Prints one JSON line: { ms, peakRssMB, setupMs } (setupMs: key unlock, not in ms).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { Pkcs12Signer } from '../../main/sign/pkcs12-signer';
import { signPdf } from '../../main/sign/pades-signer';
import { readHashWrite } from './physical-limit';

const [mode, input, output, p12, passphrase] = process.argv.slice(2);
if (!mode || !input || !output)
  throw new Error('usage: measure.ts mode input output [p12 passphrase]');

let t0 = performance.now();
let setupMs = 0;
switch (mode) {
  case 'limit-sign':
    await readHashWrite(input, output);
    break;
  case 'limit-read':
    await readHashWrite(input, undefined);
    break;
  case 'sealdesk-sign': {
    // Unlocking the key (PBKDF2 over the .p12) is a fixed cost independent of the file: it is
    // measured and reported apart, not counted against the per-byte physical limit.
    const signer = await Pkcs12Signer.fromFile(p12!, passphrase!);
    setupMs = performance.now() - t0;
    t0 = performance.now();
    await signPdf({ input, output, signer });
    break;
  }
  case 'signpdf-sign': {
    // The peer: @signpdf/signpdf with its pdf-lib placeholder, as its README shows.
    const { PDFDocument } = await import('pdf-lib');
    const { pdflibAddPlaceholder } = await import('@signpdf/placeholder-pdf-lib');
    const { P12Signer } = await import('@signpdf/signer-p12');
    // The class, not the default instance: its CommonJS default export differs between loaders.
    const { SignPdf } = await import('@signpdf/signpdf');
    const signpdf = new SignPdf();
    const pdfDoc = await PDFDocument.load(await readFile(input), { updateMetadata: false });
    pdflibAddPlaceholder({ pdfDoc, reason: 'bench', contactInfo: '', name: 'bench', location: '' });
    const withPlaceholder = Buffer.from(await pdfDoc.save({ useObjectStreams: false }));
    const signer = new P12Signer(await readFile(p12!), { passphrase: passphrase! });
    const signed = await signpdf.sign(withPlaceholder, signer);
    await writeFile(output, signed);
    break;
  }
  default:
    throw new Error(`unknown mode ${mode}`);
}
const ms = performance.now() - t0;
const peakRssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify({ ms, peakRssMB, setupMs }) + '\n');
