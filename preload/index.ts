/**
 * The preload: exposes the contract's functions on `window.sealdesk` (never ipcRenderer
 * itself). All the shape lives in expose-contract.ts, so tests can check it without Electron.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { exposeContract } from './expose-contract';

exposeContract(contextBridge, ipcRenderer, (file) => webUtils.getPathForFile(file as File));
