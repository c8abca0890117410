/**
 * The one typed protocol between contexts, and the gate every message passes.
 *
 * Each message type declares, next to its request and response types, who may send it
 * (`from`) and a validator of its payload (`MESSAGES`). The map's type requires both for every
 * type, so a message cannot be added without deciding who may send it and what it may contain.
 * Who sent a message is read from the browser's `MessageSender` (filled in by the browser
 * process, so a compromised page cannot forge it), never from the payload: a content script
 * speaks only for its own tab and frame, and only Onlooker's own pages may read any tab's state
 * or start an inspection (which attaches the debugger).
 */
import { browser } from 'wxt/browser';
import {
  MIXED_CONTENT_KINDS,
  SECRET_FIELD_KINDS,
  type Engine,
  type MixedContentItem,
  type SecretFieldKind,
  type TabState,
  type TlsInfo,
} from '@/lib/report/types';
import { MAX_MIXED } from '@/lib/state/tracker';

/** What the popup needs to draw a tab: its state and what this browser can tell. */
export interface TabView {
  engine: Engine;
  state: TabState | null;
  /** Chromium: whether the debugger permission is granted (inspection possible without a prompt). */
  canInspect: boolean;
  /** Host permission for the tab's origin (Firefox MV3 may withhold it). */
  hostPermission: boolean;
  /**
   * Chromium: whether webRequest hands out `securityInfo` (the WebRequestSecurityInfo feature),
   * as this worker learned it from events since it started ('unknown' before any HTTPS page).
   * Absent on Firefox, which has its own API.
   */
  webRequestSecurityInfo?: 'on' | 'off' | 'unknown';
}

/** Outcome of the Chromium "Inspect" action. */
export type InspectResult = { ok: true; tls: TlsInfo; inspectedAt: number } | { ok: false; error: InspectError; detail?: string };

export type InspectError = 'not-supported' | 'permission-denied' | 'browser-page' | 'error-page' | 'attach-failed' | 'timeout' | 'no-tab';

/** What the page probe (content script) reports about the document it runs in. */
export interface PageProbe {
  /** `nextHopProtocol` of the navigation ("h2", "http/1.1", "h3"), empty when unknown. */
  protocol: string;
  mixed: MixedContentItem[];
  /** Secret fields that travel in clear (see PageFindings.secrets): each kind once. */
  secrets: SecretFieldKind[];
}

/**
 * The most a page probe may carry; anything larger is refused whole (a probe should clip to
 * these before sending). Lists are bounded by what a tab's state keeps anyway.
 */
export const PROBE_LIMITS = { items: MAX_MIXED, url: 2048, protocol: 32, secrets: SECRET_FIELD_KINDS.length } as const;

/**
 * Who may send a message, as the browser says:
 *  - 'extension-page': any of Onlooker's own pages (popup, privacy history), in a tab or not;
 *  - 'popup': only the popup page (popup.html), the one place the user starts an inspection;
 *  - 'content-script': a content script, which speaks only for the tab and frame it runs in.
 */
export type SenderRule = 'extension-page' | 'popup' | 'content-script';

/**
 * The one typed protocol: message type → who may send it, request and response.
 * Add a line here and TypeScript asks for its entry in `MESSAGES` (sender rule and validator).
 */
export interface Protocol {
  'get-tab': { from: 'extension-page'; req: { tabId: number }; res: TabView };
  inspect: { from: 'popup'; req: { tabId: number }; res: InspectResult };
  'page-probe': { from: 'content-script'; req: PageProbe; res: void };
}

export type MessageType = keyof Protocol;

/** Sends a typed message to the background and returns its typed answer. */
export function send<K extends MessageType>(type: K, req: Protocol[K]['req']): Promise<Protocol[K]['res']> {
  return browser.runtime.sendMessage({ type, ...req }) as Promise<Protocol[K]['res']>;
}

// ---------------------------------------------------------------------------------------------
// Senders

/**
 * The `MessageSender` fields the gate reads. Seen on Chromium 156 and Firefox 153: id, url,
 * origin, tab, frameId, documentId on both; documentLifecycle on Chromium; envType on Firefox
 * ("addon_child" for extension pages, "content_child" for content scripts).
 */
export interface RawSender {
  id?: string;
  url?: string;
  origin?: string;
  envType?: string;
  tab?: { id?: number };
  frameId?: number;
  documentId?: string;
  documentLifecycle?: string;
}

/** This extension as the browser names it: its id and the base URL of its pages. */
export interface SelfIdentity {
  id: string;
  /** `runtime.getURL('/')`: "chrome-extension://<id>/" or "moz-extension://<uuid>/". */
  base: string;
}

export interface ExtensionPageSender {
  kind: 'extension-page';
  /** Path of the sending page ("/popup.html"). */
  path: string;
}

/** A content script, with what the browser says about where it runs — its only authority. */
export interface ContentScriptSender {
  kind: 'content-script';
  tabId: number;
  frameId: number;
  /** The sending document's URL, as the browser recorded it. */
  url: string;
  /** Chromium: the sending document; absent on Firefox. */
  documentId?: string;
}

export type TrustedSender = ExtensionPageSender | ContentScriptSender;

export type SenderFor<R extends SenderRule> = R extends 'content-script' ? ContentScriptSender : ExtensionPageSender;

/** "scheme://host" of a URL, also for extension schemes (WHATWG gives those the origin "null"). */
function originKey(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

function parseUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

const isTabId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= 0x7fffffff;

/**
 * Tells an extension page from a content script by what the browser filled in.
 * Both engines set `id` to this extension's id for both kinds, and `tab` for an extension page
 * opened in a tab too, so neither tells them apart. The sending document's `url` does: it is
 * under the extension's own origin only for its pages (content scripts run in web documents;
 * `origin` and Firefox's `envType`, when given, must agree). Anything else, e.g. no id or no
 * URL, is refused.
 */
export function trustSender(sender: RawSender | undefined, self: SelfIdentity): TrustedSender | undefined {
  if (!sender || sender.id !== self.id) return undefined;
  const url = parseUrl(sender.url);
  const base = parseUrl(self.base);
  if (!url || !base) return undefined;
  const own = originKey(base);
  if (originKey(url) === own) {
    if (sender.origin !== undefined && sender.origin !== own) return undefined;
    if (sender.envType !== undefined && sender.envType !== 'addon_child') return undefined;
    return { kind: 'extension-page', path: url.pathname };
  }
  if (sender.origin === own) return undefined;
  if (sender.envType !== undefined && sender.envType !== 'content_child') return undefined;
  const tabId = sender.tab?.id;
  const frameId = sender.frameId;
  if (!isTabId(tabId) || !Number.isSafeInteger(frameId) || (frameId as number) < 0) return undefined;
  // A prerendered or back-forward-cached document is not what the tab shows.
  if (sender.documentLifecycle !== undefined && sender.documentLifecycle !== 'active') return undefined;
  const trusted: ContentScriptSender = { kind: 'content-script', tabId, frameId: frameId as number, url: url.href };
  if (typeof sender.documentId === 'string') trusted.documentId = sender.documentId;
  return trusted;
}

/** Whether a trusted sender may send a message of the given rule. */
export function allowed(rule: SenderRule, sender: TrustedSender): boolean {
  if (rule === 'content-script') return sender.kind === 'content-script';
  if (sender.kind !== 'extension-page') return false;
  return rule === 'extension-page' || sender.path === '/popup.html';
}

// ---------------------------------------------------------------------------------------------
// Payloads

/**
 * The own keys of a plain object when they are all among `keys`, else undefined. Arrays,
 * class instances, getters, symbol keys and prototype keys ("__proto__", "constructor") fail.
 */
function record(value: unknown, keys: readonly string[]): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return undefined;
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key !== 'string' || !keys.includes(key)) return undefined;
    const desc = Object.getOwnPropertyDescriptor(value, key);
    if (!desc || !('value' in desc)) return undefined;
  }
  return value as Record<string, unknown>;
}

const boundedString = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

const MIXED_KINDS: ReadonlySet<string> = new Set(MIXED_CONTENT_KINDS);
const SECRET_KINDS: ReadonlySet<string> = new Set(SECRET_FIELD_KINDS);

function tabRequest(raw: unknown): { tabId: number } | undefined {
  const r = record(raw, ['type', 'tabId']);
  return r && isTabId(r.tabId) ? { tabId: r.tabId } : undefined;
}

function mixedItem(raw: unknown): MixedContentItem | undefined {
  const r = record(raw, ['kind', 'url']);
  if (!r || typeof r.kind !== 'string' || !MIXED_KINDS.has(r.kind)) return undefined;
  if (!boundedString(r.url, PROBE_LIMITS.url)) return undefined;
  return { kind: r.kind as MixedContentItem['kind'], url: r.url };
}

/** A kind from SECRET_FIELD_KINDS (a Set: "constructor" or "__proto__" are not in it). */
function secretKind(raw: unknown): SecretFieldKind | undefined {
  return typeof raw === 'string' && SECRET_KINDS.has(raw) ? (raw as SecretFieldKind) : undefined;
}

/** A plain array of at most `max` items that all pass `item`, copied; undefined otherwise. */
function list<T>(raw: unknown, max: number, item: (value: unknown) => T | undefined): T[] | undefined {
  if (!Array.isArray(raw) || raw.length > max) return undefined;
  const out: T[] = [];
  for (let i = 0; i < raw.length; i++) {
    // Holes and extra properties on the array are refused like bad items.
    if (!Object.hasOwn(raw, i)) return undefined;
    const value = item(raw[i]);
    if (value === undefined) return undefined;
    out.push(value);
  }
  if (Reflect.ownKeys(raw).length !== raw.length + 1) return undefined;
  return out;
}

/** A page probe exactly as the probe builds it; one bad field refuses the whole message. */
export function parsePageProbe(raw: unknown): PageProbe | undefined {
  const r = record(raw, ['type', 'protocol', 'mixed', 'secrets']);
  if (!r || !boundedString(r.protocol, PROBE_LIMITS.protocol) || !/^[\x21-\x7e]*$/.test(r.protocol)) return undefined;
  const mixed = list(r.mixed, PROBE_LIMITS.items, mixedItem);
  const secrets = list(r.secrets, PROBE_LIMITS.secrets, secretKind);
  // The probe sends each kind once: a repeat is not something it builds.
  if (!mixed || !secrets || new Set(secrets).size !== secrets.length) return undefined;
  return { protocol: r.protocol, mixed, secrets };
}

/** Each message type's sender rule and payload validator (returns a fresh, clean request or undefined). */
export interface MessageSpec<K extends MessageType> {
  from: Protocol[K]['from'];
  parse(raw: unknown): Protocol[K]['req'] | undefined;
}

export const MESSAGES: { readonly [K in MessageType]: MessageSpec<K> } = {
  'get-tab': { from: 'extension-page', parse: tabRequest },
  inspect: { from: 'popup', parse: tabRequest },
  'page-probe': { from: 'content-script', parse: parsePageProbe },
};

/** A message that passed the gate: its type, its validated request and who sent it. */
export interface Admitted {
  type: MessageType;
  req: Protocol[MessageType]['req'];
  sender: TrustedSender;
}

export type Refusal = { refused: 'sender' | 'payload'; type: MessageType };

function messageType(value: unknown): MessageType | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' && Object.hasOwn(MESSAGES, type) ? (type as MessageType) : undefined;
}

/**
 * The gate: undefined for messages that are not Onlooker's (left to other listeners), a refusal
 * when the sender may not send this type or the payload is malformed, else the clean request.
 */
export function admit(message: unknown, rawSender: RawSender | undefined, self: SelfIdentity): Admitted | Refusal | undefined {
  const type = messageType(message);
  if (!type) return undefined;
  const spec = MESSAGES[type] as MessageSpec<MessageType>;
  const sender = trustSender(rawSender, self);
  if (!sender || !allowed(spec.from, sender)) return { refused: 'sender', type };
  const req = spec.parse(message);
  if (!req) return { refused: 'payload', type };
  return { type, req, sender };
}

export type Handlers = {
  [K in MessageType]: (req: Protocol[K]['req'], sender: SenderFor<Protocol[K]['from']>) => Promise<Protocol[K]['res']>;
};

function selfIdentity(): SelfIdentity {
  // getURL is typed for the build's own paths only; the root is not one of them.
  const runtime = browser.runtime as unknown as { id: string; getURL(path: string): string };
  return { id: runtime.id, base: runtime.getURL('/') };
}

/**
 * Registers the handlers synchronously (call at the worker's top level). Messages of other
 * shapes are left for other listeners; a refused message gets an error answer and reaches no
 * handler.
 */
export function listen(
  handlers: Handlers,
  {
    self = selfIdentity(),
    onMessage = browser.runtime.onMessage,
  }: { self?: SelfIdentity; onMessage?: Pick<typeof browser.runtime.onMessage, 'addListener'> } = {},
): void {
  onMessage.addListener((message: unknown, sender: RawSender) => {
    const admitted = admit(message, sender, self);
    if (!admitted) return undefined;
    if ('refused' in admitted) {
      return Promise.reject(new Error(`Onlooker refused a "${admitted.type}" message: bad ${admitted.refused}`));
    }
    const handler = handlers[admitted.type] as (req: Admitted['req'], sender: TrustedSender) => Promise<unknown>;
    return handler(admitted.req, admitted.sender);
  });
}
