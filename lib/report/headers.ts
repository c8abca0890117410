/**
 * The security-relevant response headers of a main document, read from the header list both
 * engines hand a non-blocking webRequest listener (`['responseHeaders']`).
 *
 * What a header says is what the *site asked for*, not what the browser does: the browser's own
 * HSTS state also comes from its preload list and earlier visits, which Chromium never shows
 * an extension. Screens must word it that way (lib/popup/connection.ts).
 */
import type { Scheme, SecurityHeaders } from './types';

/** One header as webRequest gives it (Chromium may give `binaryValue` instead of `value`). */
export interface RawHeader {
  name: string;
  value?: string;
}

/**
 * RFC 6797 §6.1: directives separated by ";", `max-age` required (delta-seconds, possibly
 * quoted), `includeSubDomains` and `preload` are bare tokens; names are case-insensitive and a
 * directive given twice makes the header invalid. An invalid header is ignored by the browser,
 * so it is reported as malformed, never as a policy.
 */
export function parseHsts(value: string): SecurityHeaders['hsts'] | 'malformed' {
  let maxAge: number | undefined;
  let includeSubDomains = false;
  let preload = false;
  const seen = new Set<string>();
  for (const part of value.split(';')) {
    const directive = part.trim();
    if (!directive) continue;
    const eq = directive.indexOf('=');
    const name = (eq < 0 ? directive : directive.slice(0, eq)).trim().toLowerCase();
    if (seen.has(name)) return 'malformed';
    seen.add(name);
    if (name === 'max-age') {
      if (eq < 0) return 'malformed';
      const raw = directive
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
      if (!/^\d+$/.test(raw)) return 'malformed';
      maxAge = Number(raw);
    } else if (name === 'includesubdomains') {
      includeSubDomains = true;
    } else if (name === 'preload') {
      preload = true;
    }
    // Unknown directives are ignored, as the RFC says.
  }
  if (maxAge === undefined || !Number.isFinite(maxAge)) return 'malformed';
  return { maxAge, includeSubDomains, preload };
}

/**
 * Whether an Alt-Svc value offers HTTP/3: an alternative whose protocol id is "h3" (RFC 9114;
 * drafts "h3-29" are not counted: current browsers no longer speak them). "clear" offers none.
 */
export function altSvcOffersH3(value: string): boolean {
  for (const alternative of value.split(',')) {
    const id = alternative.trim().split('=', 1)[0]!.trim().toLowerCase();
    if (id === 'h3') return true;
  }
  return false;
}

/**
 * The security headers of a response, or undefined when there is no header list to read.
 * HSTS counts only over HTTPS: browsers ignore it on plain HTTP (RFC 6797 §8.1), so it is not
 * reported there. Where a header repeats, browsers honour the first one; so does this.
 */
export function securityHeaders(headers: readonly RawHeader[] | undefined, scheme: Scheme): SecurityHeaders | undefined {
  if (!headers) return undefined;
  const out: SecurityHeaders = { h3Offered: false };
  let hstsSeen = false;
  for (const header of headers) {
    const name = header.name.toLowerCase();
    if (name === 'strict-transport-security') {
      if (hstsSeen || scheme !== 'https' || header.value === undefined) continue;
      hstsSeen = true;
      const hsts = parseHsts(header.value);
      if (hsts === 'malformed') out.hstsMalformed = true;
      else if (hsts) out.hsts = hsts;
    } else if (name === 'alt-svc' && header.value !== undefined && altSvcOffersH3(header.value)) {
      out.h3Offered = true;
    }
  }
  return out;
}
