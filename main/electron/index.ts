/**
 * The Electron main process: the ONLY importer of 'electron'. Creates the window with
 * contextIsolation, sandbox and no nodeIntegration, blocks navigation and new windows, serves a
 * strict CSP, and wires the contract (contract-ipc.ts) to the one host (main/host).
 * Must never: hold use-case logic; that is main/host's.
 */
import { app, BrowserWindow, dialog, ipcMain, session } from 'electron';
import { fileURLToPath } from 'node:url';
import { createSealdeskHost } from '../host/sealdesk-host';
import { registerContractHandlers } from './contract-ipc';

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const rendererDir = fileURLToPath(new URL('../../renderer/', import.meta.url));
let mainWindow: BrowserWindow | undefined;

const host = createSealdeskHost({
  door: 'electron',
  version: app.getVersion(),
  pickFiles: async (multiple) => {
    const options: Electron.OpenDialogOptions = {
      properties: multiple ? ['openFile', 'multiSelections'] : ['openFile'],
      filters: [{ name: 'PDF', extensions: ['pdf'] }],
    };
    const r = mainWindow
      ? await dialog.showOpenDialog(mainWindow, options)
      : await dialog.showOpenDialog(options);
    return r.canceled ? [] : r.filePaths;
  },
});

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
  mainWindow = win;
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = undefined;
  });
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  await win.loadFile(fileURLToPath(new URL('index.html', `file://${rendererDir}`)));
}

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (e) => e.preventDefault());
});

void app.whenReady().then(async () => {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  registerContractHandlers(ipcMain, host, () => mainWindow, rendererDir);
  await createWindow();
});

app.on('window-all-closed', () => {
  void host.dispose().finally(() => app.quit());
});
