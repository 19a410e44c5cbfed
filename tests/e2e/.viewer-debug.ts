import { startViewerSession } from './viewer-session';
import { fixturePdf } from '../support/fixture-pdfs';
const s = await startViewerSession();
s.page.on('console', (m) => console.log('CONSOLE', m.type(), m.text().slice(0, 300)));
s.page.on('pageerror', (e) => console.log('PAGEERROR', e.message.slice(0, 500)));
try {
  const p = await fixturePdf(process.argv[2] as 'cjk-contract');
  await s.page.getByTestId('open-document').click();
  await s.page.getByTestId('open-path').fill(p);
  await s.page.getByTestId('open-path').press('Enter');
  await new Promise((r) => setTimeout(r, 8000));
  console.log(await s.page.evaluate(`document.querySelector('.ant-tabs')?.outerHTML.slice(0, 3000)`));
  console.log('reads', s.reads.calls, s.reads.bytes, s.reads.maxLength);
  await s.shot('debug');
} finally { await s.close(); }
