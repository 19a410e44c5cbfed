/**
 * Builds what the preload exposes on `window.sealdesk`: one function per contract method and
 * one subscribe function per event, with channel names derived from the contract.
 *
 * Owns: the shape of the exposed API (functions only, frozen). Takes the Electron objects as
 * parameters so tests can inject fakes (tests/unit/contract).
 * Must never: expose ipcRenderer, an event object, or anything but functions; validate here
 * (main/host parses every input, so a compromised renderer gains nothing by skipping this).
 */
import {
  EVENT_NAMES,
  METHOD_NAMES,
  eventChannel,
  methodChannel,
  type EventSubscribers,
  type MethodFunctions,
  type Result,
  type SealdeskBridge,
} from './contract';

/** The part of Electron's ipcRenderer the preload uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** The part of Electron's contextBridge the preload uses. */
export interface ContextBridgeLike {
  exposeInMainWorld(key: string, api: unknown): void;
}

export function buildBridge(ipc: IpcRendererLike): SealdeskBridge {
  const methods: Record<string, (input: unknown) => Promise<Result<unknown>>> = {};
  for (const m of METHOD_NAMES) {
    methods[m] = (input: unknown) =>
      ipc.invoke(methodChannel(m), input) as Promise<Result<unknown>>;
  }
  const on: Record<string, (listener: (payload: unknown) => void) => () => void> = {};
  for (const e of EVENT_NAMES) {
    on[e] = (listener) => {
      // The IPC event object (with its sender) never reaches the page: only the payload does.
      const wrapped = (_event: unknown, payload: unknown): void => listener(payload);
      const channel = eventChannel(e);
      ipc.on(channel, wrapped);
      return () => {
        ipc.removeListener(channel, wrapped);
      };
    };
  }
  return Object.freeze({
    methods: Object.freeze(methods) as unknown as MethodFunctions,
    on: Object.freeze(on) as unknown as EventSubscribers,
  });
}

/** Exposes the bridge as `window.sealdesk`. */
export function exposeContract(
  bridge: ContextBridgeLike,
  ipc: IpcRendererLike,
  /** Electron's webUtils.getPathForFile: the path of a dropped file (functions only). */
  pathForFile?: (file: Blob) => string,
): SealdeskBridge {
  const api: SealdeskBridge = pathForFile ? { ...buildBridge(ipc), pathForFile } : buildBridge(ipc);
  bridge.exposeInMainWorld('sealdesk', api);
  return api;
}
