/**
 * The Electron main process: the ONLY importer of 'electron'. Creates the window with
 * contextIsolation, sandbox and no nodeIntegration, blocks navigation and new windows, and
 * serves a strict CSP. The contract handlers (ipcMain, sender checks) arrive with the UI issue.
 */
import { app, BrowserWindow, session } from 'electron';
import { fileURLToPath } from 'node:url';

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

async function createWindow(): Promise<void> {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    title: 'Sealdesk',
    webPreferences: {
      preload: fileURLToPath(new URL('../../preload/index.cjs', import.meta.url)),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  await win.loadFile(fileURLToPath(new URL('../../renderer/index.html', import.meta.url)));
}

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (e) => e.preventDefault());
});

void app.whenReady().then(async () => {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  await createWindow();
});

app.on('window-all-closed', () => app.quit());
