import type { Scheme } from './types';

/** URL pieces the report needs. Parsing once per event keeps the hot path to one `new URL`. */
export interface UrlParts {
  scheme: Scheme;
  host: string;
  port?: number;
}

const SCHEMES: Record<string, Scheme> = {
  'https:': 'https',
  'http:': 'http',
  'wss:': 'wss',
  'ws:': 'ws',
  'file:': 'file',
  'chrome:': 'browser',
  'edge:': 'browser',
  'brave:': 'browser',
  'about:': 'browser',
  'moz-extension:': 'browser',
  'chrome-extension:': 'browser',
  'view-source:': 'browser',
  'resource:': 'browser',
  'devtools:': 'browser',
};

/** Splits a URL into scheme, host and explicit port; unparseable input yields scheme "other". */
export function urlParts(url: string): UrlParts {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { scheme: 'other', host: '' };
  }
  const scheme = SCHEMES[parsed.protocol] ?? 'other';
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return parsed.port ? { scheme, host, port: Number(parsed.port) } : { scheme, host };
}

/** True for schemes whose transport is encrypted. */
export function isEncryptedScheme(scheme: Scheme): boolean {
  return scheme === 'https' || scheme === 'wss';
}

/** "https://host:port" — the key for per-origin caches. */
export function originOf(url: string): string | undefined {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/** "HTTP/1.1 200 OK" → "HTTP/1.1"; "HTTP/2.0 200" → "HTTP/2". */
export function httpVersionFromStatusLine(statusLine: string | undefined): string | undefined {
  const match = statusLine ? /^HTTP\/(\d(?:\.\d)?)/.exec(statusLine) : null;
  if (!match?.[1]) return undefined;
  const version = match[1] === '2.0' ? '2' : match[1] === '3.0' ? '3' : match[1];
  return `HTTP/${version}`;
}

/** ALPN / nextHopProtocol ("h2", "http/1.1", "h3") → "HTTP/2", "HTTP/1.1", "HTTP/3". */
export function httpVersionFromAlpn(protocol: string | undefined): string | undefined {
  if (!protocol) return undefined;
  const p = protocol.toLowerCase();
  if (p === 'h2' || p === 'h2c') return 'HTTP/2';
  if (p === 'h3' || p.startsWith('h3-')) return 'HTTP/3';
  if (p === 'http/1.1') return 'HTTP/1.1';
  if (p === 'http/1.0') return 'HTTP/1.0';
  return undefined;
}

/** The URL without its fragment: a jump within a page is the same document. */
export function withoutHash(url: string): string {
  const i = url.indexOf('#');
  return i < 0 ? url : url.slice(0, i);
}
