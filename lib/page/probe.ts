import type { PageProbe } from '@/lib/messages';
import { SECRET_FIELD_KINDS, type MixedContentItem, type MixedContentKind, type SecretFieldKind } from '@/lib/report/types';

/** At most this many references are reported per page: enough to show the problem, bounded in cost. */
export const LIMIT = 20;
/** Frames walked per page (same-origin and srcdoc frames nest; a page must not make us walk forever). */
const FRAME_LIMIT = 32;

/**
 * Where a page can send or load something, and what it is when that is plain HTTP. Order
 * matters: forms first, so a page cannot push its plain-HTTP form targets past LIMIT with
 * images. `prop` is the DOM property that gives the URL the browser will use: it trims
 * whitespace and newlines, resolves against `<base>` (and, in a srcdoc frame, the parent's
 * base), which raw attributes do not.
 */
interface Rule {
  selector: string;
  kind: MixedContentKind;
  prop: string;
  attr: string;
  applies?: (el: Element) => boolean;
}

const RULES: readonly Rule[] = [
  { selector: 'form', kind: 'form', prop: 'action', attr: 'action' },
  { selector: 'button[formaction], input[formaction]', kind: 'form', prop: 'formAction', attr: 'formaction', applies: isSubmitter },
  { selector: 'script[src], iframe[src], frame[src], embed[src]', kind: 'subresource', prop: 'src', attr: 'src' },
  { selector: 'object[data]', kind: 'subresource', prop: 'data', attr: 'data' },
  { selector: 'link[href]', kind: 'subresource', prop: 'href', attr: 'href', applies: isStylesheet },
  { selector: 'img[src], audio[src], video[src], source[src]', kind: 'upgraded', prop: 'src', attr: 'src' },
];

/** Any element a rule may match or contain: what a DOM change must touch to matter. */
export const WATCHED_ATTRIBUTES = ['action', 'formaction', 'type', 'autocomplete', 'src', 'href', 'data', 'rel'];

/**
 * Reads a property through the element's prototype chain, never from the element itself: a
 * form's named controls shadow its properties (`<input name="action">` makes `form.action`
 * that input, `<input name="getAttribute">` breaks `form.getAttribute`), so a page could hide
 * its target from a plain property read.
 */
export function reflect(el: object, prop: string): unknown {
  for (let proto = Object.getPrototypeOf(el) as object | null; proto; proto = Object.getPrototypeOf(proto) as object | null) {
    const desc = Object.getOwnPropertyDescriptor(proto, prop);
    if (desc) return desc.get ? desc.get.call(el) : desc.value;
  }
  return undefined;
}

/** Calls a DOM method through the prototype chain (see reflect). */
export function call<R>(el: object, method: string, ...args: unknown[]): R | undefined {
  const fn = reflect(el, method);
  return typeof fn === 'function' ? (fn.apply(el, args) as R) : undefined;
}

/** Whether `node` is an element matching `selector` (false for text nodes and documents). */
export function matches(node: object, selector: string): boolean {
  return call<boolean>(node, 'matches', selector) === true;
}

function attribute(el: Element, name: string): string | null {
  return call<string | null>(el, 'getAttribute', name) ?? null;
}

const ABSOLUTE = /^[a-z][a-z\d+.-]*:/i;

/**
 * The URL the browser will use for `el`'s rule. Browsers reflect it in the property; a DOM
 * without URL reflection (linkedom in the unit tests) gets the same resolution from the URL
 * parser, which also trims spaces and newlines. A form without an action submits to its own
 * document's URL, never to the base.
 */
export function urlOf(el: Element, rule: Pick<Rule, 'prop' | 'attr'>): string {
  const reflected = reflect(el, rule.prop);
  if (typeof reflected === 'string' && ABSOLUTE.test(reflected)) return reflected;
  const raw = attribute(el, rule.attr);
  const doc = reflect(el, 'ownerDocument') as Document | null;
  if (!raw?.trim()) return rule.prop === 'action' || rule.prop === 'formAction' ? String(doc?.URL ?? '') : '';
  try {
    return new URL(raw, String(reflect(el, 'baseURI') ?? doc?.baseURI ?? '')).href;
  } catch {
    return '';
  }
}

/** Buttons submit unless typed "button"/"reset"; inputs only as "submit" or "image". */
function isSubmitter(el: Element): boolean {
  const type = String(reflect(el, 'type') ?? attribute(el, 'type') ?? '').toLowerCase();
  if (matches(el, 'button')) return type !== 'button' && type !== 'reset';
  return type === 'submit' || type === 'image';
}

function isStylesheet(el: Element): boolean {
  return /(^|\s)stylesheet(\s|$)/i.test(attribute(el, 'rel') ?? '');
}

/** Plain-HTTP URLs as the browser serialises them (scheme lower-cased, whitespace gone). */
function isPlainHttp(url: string): boolean {
  return url.startsWith('http:');
}

/**
 * The secret a field declares: a password by `type=password` or an autocomplete token
 * current-/new-password, a payment card by any cc-* token (cc-number, cc-csc, cc-exp…). Only
 * these: names and ids are guesses, and a false alarm on every search box teaches people to
 * ignore the real one.
 */
export function secretKind(el: Element): SecretFieldKind | undefined {
  const type = String(attribute(el, 'type') ?? '')
    .trim()
    .toLowerCase();
  if (type === 'hidden') return undefined;
  if (matches(el, 'input') && type === 'password') return 'password';
  const tokens = String(attribute(el, 'autocomplete') ?? '')
    .toLowerCase()
    .split(/\s+/);
  if (tokens.includes('current-password') || tokens.includes('new-password')) return 'password';
  if (tokens.some((t) => t.startsWith('cc-'))) return 'card';
  return undefined;
}

const FIELDS = 'input, select, textarea';
const FORM_ACTION = { prop: 'action', attr: 'action' } as const;
/** What a secret field can be submitted with, besides its form's own action. */
const SUBMITTERS = RULES.find((r) => r.applies === isSubmitter)!;

/** The form a field belongs to: the browser's form owner (also `form=` outside it), or its ancestor. */
function formOf(el: Element): Element | null {
  const owner = reflect(el, 'form');
  if (owner && typeof owner === 'object') return owner as Element;
  return call<Element | null>(el, 'closest', 'form') ?? null;
}

/** Whether submitting `form` can send its fields to a plain-HTTP URL (its action or a submit button's). */
function postsInClear(form: Element): boolean {
  if (isPlainHttp(urlOf(form, FORM_ACTION))) return true;
  const buttons = call<NodeListOf<Element>>(form, 'querySelectorAll', SUBMITTERS.selector);
  return Array.from(buttons ?? []).some((b) => isSubmitter(b) && isPlainHttp(urlOf(b, SUBMITTERS)));
}

/**
 * Secret fields in `root` and below whose contents travel in clear: every one on a plain-HTTP
 * page (anyone on the way reads the page and can rewrite where it posts), on an HTTPS page only
 * those in a form that posts to plain HTTP (a field without such a form is sent by script, if
 * at all, to somewhere the page does not declare).
 */
function scanSecrets(root: Document | Element, out: MixedCollector): void {
  // A changed form or submit button changes what its fields do: look at the whole form.
  const form = matches(root, '*') ? formOf(root as Element) : null;
  const scope = form ?? root;
  const fields = [
    ...(matches(scope, FIELDS) ? [scope as Element] : []),
    ...Array.from(call<NodeListOf<Element>>(scope, 'querySelectorAll', FIELDS) ?? []),
  ];
  for (const field of fields) {
    if (out.secretsComplete) return;
    const kind = secretKind(field);
    if (!kind || out.hasSecret(kind)) continue;
    const owner = out.https ? formOf(field) : null;
    if (!out.https || (owner && postsInClear(owner))) out.addSecret(kind);
  }
}

/** What a collector hands out: the new items and secret kinds since the last take. */
export interface Found {
  mixed: MixedContentItem[];
  secrets: SecretFieldKind[];
}

/**
 * What was found on one page: mixed-content items each once, at most `limit`, and the secret
 * kinds (HTTPS pages only look for mixed content: on a plain-HTTP page everything is in clear).
 * `take()` hands out what was found since the last take, so a watcher reports only what is new.
 */
export class MixedCollector {
  private readonly seen = new Set<string>();
  private readonly all: MixedContentItem[] = [];
  private taken = 0;
  private readonly secrets = new Set<SecretFieldKind>();
  private secretsTaken = new Set<SecretFieldKind>();

  constructor(
    readonly limit = LIMIT,
    readonly https = true,
  ) {}

  /** No more mixed-content items are taken. */
  get full(): boolean {
    return this.all.length >= this.limit;
  }

  get secretsComplete(): boolean {
    return this.secrets.size >= SECRET_FIELD_KINDS.length;
  }

  /** Nothing more can be found: watching on would only cost. */
  get done(): boolean {
    return (this.full || !this.https) && this.secretsComplete;
  }

  hasSecret(kind: SecretFieldKind): boolean {
    return this.secrets.has(kind);
  }

  addSecret(kind: SecretFieldKind): void {
    this.secrets.add(kind);
  }

  add(kind: MixedContentKind, url: string): void {
    const key = `${kind} ${url}`;
    if (this.full || this.seen.has(key)) return;
    this.seen.add(key);
    this.all.push({ kind, url });
  }

  /** Forgets everything: the page is shown anew (back-forward cache) and its tab state was reset. */
  reset(): void {
    this.seen.clear();
    this.all.length = 0;
    this.taken = 0;
    this.secrets.clear();
    this.secretsTaken.clear();
  }

  take(): Found {
    const mixed = this.all.slice(this.taken);
    this.taken = this.all.length;
    // In SECRET_FIELD_KINDS order, as the message validator and the tab state expect.
    const secrets = SECRET_FIELD_KINDS.filter((k) => this.secrets.has(k) && !this.secretsTaken.has(k));
    this.secretsTaken = new Set(this.secrets);
    return { mixed, secrets };
  }
}

function check(el: Element, rule: Rule, out: MixedCollector): void {
  if (rule.applies && !rule.applies(el)) return;
  const url = urlOf(el, rule);
  if (isPlainHttp(url)) out.add(rule.kind, url);
}

/** Checks `root` itself and everything under it against one rule. */
function scanRule(root: Document | Element, rule: Rule, out: MixedCollector): void {
  if (matches(root, rule.selector)) check(root as Element, rule, out);
  const nodes = call<NodeListOf<Element>>(root, 'querySelectorAll', rule.selector);
  for (const el of Array.from(nodes ?? [])) {
    if (out.full) return;
    check(el, rule, out);
  }
}

/** Scans whole documents, rule by rule across all of them (so forms in any frame come first). */
export function scanDocuments(docs: readonly Document[], out: MixedCollector): void {
  if (out.https) for (const rule of RULES) for (const doc of docs) if (!out.full) scanRule(doc, rule, out);
  for (const doc of docs) scanSecrets(doc, out);
}

/** Scans an element that was added or changed, and its subtree. */
export function scanElement(el: Element, out: MixedCollector): void {
  if (out.https) for (const rule of RULES) if (!out.full) scanRule(el, rule, out);
  scanSecrets(el, out);
}

/**
 * The top document and every frame document it can reach: srcdoc and about:blank frames and
 * same-origin frames (cross-origin frames give no document: their own origin answers for them).
 */
export function accessibleDocuments(top: Document): Document[] {
  const docs = [top];
  for (let i = 0; i < docs.length && docs.length < FRAME_LIMIT; i++) {
    const frames = call<NodeListOf<Element>>(docs[i]!, 'querySelectorAll', 'iframe, frame');
    for (const frame of Array.from(frames ?? [])) {
      let doc: Document | null = null;
      try {
        doc = reflect(frame, 'contentDocument') as Document | null;
      } catch {
        doc = null;
      }
      if (doc && !docs.includes(doc) && docs.length < FRAME_LIMIT) docs.push(doc);
    }
  }
  return docs;
}

/** The collector for a page at `href`: mixed content is looked for on HTTPS pages only. */
export function collectorFor(href: string): MixedCollector {
  return new MixedCollector(LIMIT, href.startsWith('https:'));
}

/**
 * What the document itself reveals: the navigation's `nextHopProtocol`, on HTTPS pages
 * plain-HTTP references, and secret fields that travel in clear. Browsers upgrade passive mixed
 * content (images, media) to HTTPS before requesting it, block active content outright and never
 * request a form target until it is submitted, so webRequest never sees these as HTTP — only the
 * page does; and only the page knows what its fields ask for.
 */
export function probePage(doc: Document, perf: Pick<Performance, 'getEntriesByType'>, href: string, out = collectorFor(href)): PageProbe {
  const nav = perf.getEntriesByType('navigation')[0] as { nextHopProtocol?: string } | undefined;
  const protocol = nav?.nextHopProtocol ?? '';
  if (/^https?:/.test(href)) scanDocuments(accessibleDocuments(doc), out);
  return { protocol, ...out.take() };
}
