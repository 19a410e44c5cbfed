/**
 * The one way the renderer talks to main: `contractClient.call(method, input)` and
 * `contractClient.on(event, listener)`. In Electron it uses the functions the preload exposed
 * on `window.sealdesk`; in a browser it uses the web door's WebSocket (token from the URL's
 * #token=...), except for large byte ranges (documents.readRange), which go as `POST /call`
 * to the same door: Chromium moves a large HTTP body several times faster than a large
 * WebSocket message. Owns: transport and framing. Must never: keep a PIN/passphrase after the call
 * that carries it, or import anything but types from preload/contract.
 */
import type {
  EventName,
  EventPayload,
  Input,
  MethodName,
  Output,
  Result,
  SealdeskBridge,
  WireEvent,
  WireReply,
} from '../../../preload/contract';

export interface ContractClient {
  call<M extends MethodName>(method: M, input: Input<M>): Promise<Result<Output<M>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Told when the connection is lost (web door only). */
  onDisconnect(listener: () => void): () => void;
}

declare global {
  interface Window {
    sealdesk?: SealdeskBridge;
  }
}

function bridgeClient(bridge: SealdeskBridge): ContractClient {
  return {
    call: (method, input) =>
      (bridge.methods[method] as (i: unknown) => Promise<Result<never>>)(input),
    on: (event, listener) =>
      (bridge.on[event] as (l: (p: unknown) => void) => () => void)(
        listener as (p: unknown) => void,
      ),
    onDisconnect: () => () => undefined,
  };
}

const disconnected = (): Result<never> => ({
  ok: false,
  error: { code: 'CONTRACT_DISCONNECTED', message: 'Disconnected / 连接已断开' },
});

/** Decodes a reply frame: JSON text, or binary (u32 header length, JSON header, raw fields). */
export function decodeReply(data: string | ArrayBuffer): WireReply {
  if (typeof data === 'string') return JSON.parse(data) as WireReply;
  const view = new DataView(data);
  const len = view.getUint32(0);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(data, 4, len))) as WireReply;
  if (!header.result.ok || !header.binary) return header;
  const value = { ...(header.result.value as Record<string, unknown>) };
  let at = 4 + len;
  for (const { key, length } of header.binary) {
    value[key] = new Uint8Array(data, at, length);
    at += length;
  }
  return { id: header.id, result: { ok: true, value } };
}

/**
 * Byte ranges from this length on go over HTTP (POST /call) rather than the WebSocket: a large
 * body is faster over HTTP, many small ones over the open WebSocket (a browser runs at most six
 * HTTP requests to one host at a time).
 */
const HTTP_READ_MIN = 256 * 1024;

const overHttp = (method: string, input: unknown): boolean =>
  method === 'documents.readRange' &&
  typeof input === 'object' &&
  input !== null &&
  (input as { length?: unknown }).length !== undefined &&
  Number((input as { length: unknown }).length) >= HTTP_READ_MIN;

/** One call as POST /call to the web door (same token, same framing as a WebSocket reply). */
async function httpCall(
  callUrl: string,
  token: string,
  id: number,
  method: string,
  input: unknown,
) {
  try {
    const res = await fetch(callUrl, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ id, method, input }),
      cache: 'no-store',
    });
    if (!res.ok) return disconnected();
    const json = (res.headers.get('Content-Type') ?? '').startsWith('application/json');
    return decodeReply(json ? await res.text() : await res.arrayBuffer()).result as Result<never>;
  } catch {
    return disconnected();
  }
}

export function webSocketClient(
  url: string,
  http?: { readonly callUrl: string; readonly token: string },
): ContractClient {
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  const opened = new Promise<boolean>((resolve) => {
    ws.addEventListener('open', () => resolve(true));
    ws.addEventListener('error', () => resolve(false));
    ws.addEventListener('close', () => resolve(false));
  });
  let next = 1;
  const pending = new Map<number, (r: Result<never>) => void>();
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const disconnectListeners = new Set<() => void>();
  ws.addEventListener('message', (e: MessageEvent<string | ArrayBuffer>) => {
    if (typeof e.data === 'string' && e.data.startsWith('{"event"')) {
      const ev = JSON.parse(e.data) as WireEvent;
      for (const l of listeners.get(ev.event) ?? []) l(ev.payload);
      return;
    }
    const reply = decodeReply(e.data);
    pending.get(reply.id)?.(reply.result as Result<never>);
    pending.delete(reply.id);
  });
  ws.addEventListener('close', () => {
    for (const done of pending.values()) done(disconnected());
    pending.clear();
    for (const l of disconnectListeners) l();
  });
  return {
    async call(method, input) {
      if (http && overHttp(method, input))
        return httpCall(http.callUrl, http.token, next++, method, input);
      if (!(await opened)) return disconnected();
      const id = next++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, method, input }));
      });
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const l = listener as (p: unknown) => void;
      set.add(l);
      return () => {
        set.delete(l);
      };
    },
    onDisconnect(listener) {
      disconnectListeners.add(listener);
      return () => {
        disconnectListeners.delete(listener);
      };
    },
  };
}

function createClient(): ContractClient {
  if (window.sealdesk) return bridgeClient(window.sealdesk);
  const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return webSocketClient(`${scheme}://${location.host}/ws?token=${encodeURIComponent(token)}`, {
    callUrl: `${location.origin}/call`,
    token,
  });
}

export const contractClient: ContractClient = createClient();

/** A failure that crossed the boundary, with its message already in the session's language. */
export class ContractFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Calls and unwraps: the value, or a thrown ContractFailure the UI shows. */
export async function invoke<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
  const r = await contractClient.call(method, input);
  if (!r.ok) throw new ContractFailure(r.error.code, r.error.message);
  return r.value;
}
