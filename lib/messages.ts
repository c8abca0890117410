import { browser } from 'wxt/browser';
import type { Engine, MixedContentItem, TabState, TlsInfo } from '@/lib/report/types';

/** What the popup needs to draw a tab: its state and what this browser can tell. */
export interface TabView {
  engine: Engine;
  state: TabState | null;
  /** Chromium: whether the debugger permission is granted (inspection possible without a prompt). */
  canInspect: boolean;
  /** Host permission for the tab's origin (Firefox MV3 may withhold it). */
  hostPermission: boolean;
}

/** Outcome of the Chromium "Inspect" action. */
export type InspectResult =
  | { ok: true; tls: TlsInfo; inspectedAt: number }
  | { ok: false; error: InspectError; detail?: string };

export type InspectError =
  | 'not-supported'
  | 'permission-denied'
  | 'browser-page'
  | 'error-page'
  | 'attach-failed'
  | 'timeout'
  | 'no-tab';

/** What the page probe (content script) reports about the document it runs in. */
export interface PageProbe {
  /** `nextHopProtocol` of the navigation ("h2", "http/1.1", "h3"), empty when unknown. */
  protocol: string;
  mixed: MixedContentItem[];
}

/**
 * The one typed protocol between contexts: message type → request and response.
 * Add a line here and both sides are type-checked.
 */
export interface Protocol {
  'get-tab': { req: { tabId: number }; res: TabView };
  inspect: { req: { tabId: number }; res: InspectResult };
  'page-probe': { req: PageProbe; res: void };
}

export type MessageType = keyof Protocol;
export type Message = { [K in MessageType]: { type: K } & Protocol[K]['req'] }[MessageType];

/** Sends a typed message to the background and returns its typed answer. */
export function send<K extends MessageType>(
  type: K,
  req: Protocol[K]['req'],
): Promise<Protocol[K]['res']> {
  return browser.runtime.sendMessage({ type, ...req }) as Promise<Protocol[K]['res']>;
}

/** The sender fields handlers use (the polyfill's MessageSender, narrowed). */
export interface Sender {
  tab?: { id?: number };
  frameId?: number;
}

export type Handlers = {
  [K in MessageType]: (req: Protocol[K]['req'], sender: Sender) => Promise<Protocol[K]['res']>;
};

const TYPES: ReadonlySet<string> = new Set<MessageType>(['get-tab', 'inspect', 'page-probe']);

/** Narrows an unknown runtime message to a protocol message. */
export function isMessage(value: unknown): value is Message {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string' &&
    TYPES.has((value as { type: string }).type)
  );
}

/**
 * Registers the handlers synchronously (call at the worker's top level). Messages of other
 * shapes are left for other listeners, so nothing answers what it does not understand.
 */
export function listen(handlers: Handlers): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: Sender) => {
    if (!isMessage(message)) return undefined;
    const handler = handlers[message.type] as (req: Message, sender: Sender) => Promise<unknown>;
    return handler(message, sender);
  });
}
