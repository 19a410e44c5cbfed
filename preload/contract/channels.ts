/**
 * Channel names derived from the contract's method and event names, for ipcMain/ipcRenderer
 * and the WebSocket frames. Owns: the one naming rule. Must never: be typed by hand elsewhere.
 */
import type { EventName } from './events';
import type { MethodName } from './methods';

export const methodChannel = (m: MethodName): `sealdesk:call:${MethodName}` => `sealdesk:call:${m}`;
export const eventChannel = (e: EventName): `sealdesk:event:${EventName}` => `sealdesk:event:${e}`;
