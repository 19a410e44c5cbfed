/**
 * The preload: exposes the contract's functions on window (never ipcRenderer itself). The
 * contract (preload/contract) and its functions arrive with the UI issue; for now it exposes
 * the version only.
 */
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('sealdesk', Object.freeze({ version: (): string => '0.1.0' }));
