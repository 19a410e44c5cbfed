/**
 * The shape the UI sees: what preload/index.ts exposes on `window.sealdesk` in Electron, and
 * what the renderer's web client offers over the WebSocket. Types only.
 *
 * `methods` holds one function per contract method (keys are the method names); `on` holds
 * one subscribe function per event, returning its unsubscribe function.
 */
import type { EventName, EventPayload } from './events';
import type { Input, MethodName, Output } from './methods';
import type { Result } from './result';

export type MethodFunctions = {
  readonly [M in MethodName]: (input: Input<M>) => Promise<Result<Output<M>>>;
};
export type EventSubscribers = {
  readonly [E in EventName]: (listener: (payload: EventPayload<E>) => void) => () => void;
};
export interface SealdeskBridge {
  readonly methods: MethodFunctions;
  readonly on: EventSubscribers;
  /**
   * Electron only (webUtils.getPathForFile): the path of a file dropped on the window, '' when
   * it has none. Absent in a browser, which never reveals a dropped file's path.
   */
  readonly pathForFile?: (file: Blob) => string;
}

/** The WebSocket frames of the web door (text frames are JSON; see main/web). */
export interface WireCall {
  readonly id: number;
  readonly method: string;
  readonly input: unknown;
}
export interface WireReply {
  readonly id: number;
  readonly result: Result<unknown>;
  /** Top-level Uint8Array fields of `result.value` sent after the JSON in a binary frame. */
  readonly binary?: readonly { readonly key: string; readonly length: number }[];
}
export interface WireEvent {
  readonly event: string;
  readonly payload: unknown;
}
