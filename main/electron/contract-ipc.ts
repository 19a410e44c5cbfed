/**
 * ipcMain handlers generated from the contract: one `handle` per method on its derived
 * channel, every call checked in ONE place (the sender must be our window's main frame, loaded
 * from our own file:// renderer) and then passed to main/host, which parses the input with the
 * method's zod schema. Events go to our window on their derived channels.
 *
 * Owns: the sender check and the IPC wiring. Must never: run a use case itself, answer a frame
 * it did not create (iframes, other windows, navigated pages), or throw across IPC (failures
 * are Result values).
 */
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { pathToFileURL } from 'node:url';
import type { SealdeskHost } from '../host/sealdesk-host';
import {
  CONTRACT_ERROR_CODES,
  METHOD_NAMES,
  eventChannel,
  methodChannel,
  type Result,
} from '../../preload/contract';

/** True when the frame is the main frame of `win` showing a page under `rendererDir`. */
export function isTrustedFrame(
  frame: WebFrameMain | null,
  win: BrowserWindow | undefined,
  rendererDir: string,
): boolean {
  if (!frame || !win || win.isDestroyed()) return false;
  if (frame !== win.webContents.mainFrame) return false;
  const allowed = pathToFileURL(rendererDir).href.replace(/\/?$/, '/');
  return frame.url.startsWith(allowed);
}

export function registerContractHandlers(
  ipcMain: IpcMain,
  host: SealdeskHost,
  window: () => BrowserWindow | undefined,
  rendererDir: string,
): () => void {
  for (const m of METHOD_NAMES) {
    ipcMain.handle(
      methodChannel(m),
      async (event: IpcMainInvokeEvent, input: unknown): Promise<Result<unknown>> => {
        if (!isTrustedFrame(event.senderFrame, window(), rendererDir)) {
          return {
            ok: false,
            error: {
              code: CONTRACT_ERROR_CODES.forbiddenSender,
              message: 'This page may not call Sealdesk. / 此页面无权调用 Sealdesk。',
              category: 'usage',
            },
          };
        }
        return host.call(m, input);
      },
    );
  }
  const unsubscribe = host.subscribe((e, payload) => {
    const win = window();
    if (win && !win.isDestroyed()) win.webContents.send(eventChannel(e), payload);
  });
  return () => {
    unsubscribe();
    for (const m of METHOD_NAMES) ipcMain.removeHandler(methodChannel(m));
  };
}
