/**
 * What each engine can tell an extension: the one place screens ask instead of branching on
 * `engine === 'chromium'`. The popup's facts and hosts, the Inspect offer and the README table
 * (tests/unit/engines/capabilities.test.ts holds the README to `readmeTable()`) read it.
 *
 * Pure data, no browser calls: what a *running* browser gives (Chromium's optional
 * `WebRequestSecurityInfo` feature) is learned from its events (chromium.ts, its listeners); this
 * table says what is possible at all and how.
 */
import type { Engine } from '@/lib/report/types';

/** How a fact can be had: on every load, only where an optional browser feature is on, after Inspect, or never. */
export type Availability = 'every-load' | 'feature' | 'inspect' | 'never';

export interface EngineCapabilities {
  /** TLS version, cipher, key exchange and signature scheme. */
  tlsDetails: Availability;
  /** The server's leaf certificate. */
  leafCertificate: readonly Availability[];
  /** The chain beyond the leaf. */
  chain: Availability;
  /** Whether the chain ends in a root the browser ships (the interception check). */
  rootBuiltIn: Availability;
  /** The browser's own HSTS state (preload list, earlier visits), not just this response's header. */
  hstsState: Availability;
  /** The HSTS / Alt-Svc headers the site sent (read from response headers). */
  securityHeaders: Availability;
  /** OCSP use and encrypted (private) DNS, which the engine reports with the TLS facts. */
  ocspAndPrivateDns: Availability;
  /** ECH. */
  ech: Availability;
  /** The proxy a request went through (absence then means none). */
  proxy: Availability;
  /** A certificate error the user clicked through, and which one. */
  overriddenError: readonly Availability[];
  /** The overridden error's category (expired, wrong name, untrusted). */
  overriddenCategory: Availability;
  /**
   * Where the main document's HTTP version comes from: the response's status line, or the
   * page's own timing data (Chromium writes "HTTP/1.1" in the status line for h2 and h3 too).
   */
  httpVersionFrom: 'status-line' | 'page-timing';
  /** "Inspect" (the debugger) exists and is worth offering. */
  inspect: boolean;
}

export const CAPABILITIES: Readonly<Record<Engine, EngineCapabilities>> = {
  firefox: {
    tlsDetails: 'every-load',
    leafCertificate: ['every-load'],
    chain: 'every-load',
    rootBuiltIn: 'every-load',
    hstsState: 'every-load',
    securityHeaders: 'every-load',
    ocspAndPrivateDns: 'every-load',
    ech: 'every-load',
    proxy: 'every-load',
    overriddenError: ['every-load'],
    overriddenCategory: 'every-load',
    httpVersionFrom: 'status-line',
    inspect: false,
  },
  chromium: {
    tlsDetails: 'inspect',
    leafCertificate: ['feature', 'inspect'],
    chain: 'inspect',
    rootBuiltIn: 'never',
    hstsState: 'never',
    securityHeaders: 'every-load',
    ocspAndPrivateDns: 'never',
    ech: 'inspect',
    proxy: 'never',
    overriddenError: ['feature'],
    overriddenCategory: 'never',
    httpVersionFrom: 'page-timing',
    inspect: true,
  },
};

export function capabilities(engine: Engine): EngineCapabilities {
  return CAPABILITIES[engine];
}

/** Whether a fact can ever be had on this engine (so "unknown" means "not this time", not "never"). */
export function ever(a: Availability | readonly Availability[]): boolean {
  return typeof a === 'string' ? a !== 'never' : a.some((x) => x !== 'never');
}

const WORDS: Record<Availability, string> = {
  'every-load': 'yes, on every load',
  feature: 'on every load with the `WebRequestSecurityInfo` feature on (see below)',
  inspect: 'after you click **Inspect**',
  never: 'no — the browser never says',
};

const words = (a: Availability | readonly Availability[]): string => (typeof a === 'string' ? WORDS[a] : a.map((x) => WORDS[x]).join('; '));

/** The README's "What each browser can tell" table, made from CAPABILITIES (English). */
export function readmeTable(): string {
  const rows: [string, (c: EngineCapabilities) => string][] = [
    ['Server IP', () => 'yes'],
    ['HTTP version', (c) => (c.httpVersionFrom === 'page-timing' ? "yes (from the page's own timing data)" : 'yes')],
    ['TLS version, cipher, key exchange, signature', (c) => words(c.tlsDetails)],
    ['Leaf certificate (names, issuer, validity, key)', (c) => words(c.leafCertificate)],
    ['Rest of the certificate chain', (c) => words(c.chain)],
    ['Root built into the browser (interception check)', (c) => words(c.rootBuiltIn)],
    ['HSTS the site asked for, HTTP/3 offered (response headers)', (c) => words(c.securityHeaders)],
    ["The browser's own HSTS state (preload list)", (c) => words(c.hstsState)],
    ['OCSP, private DNS', (c) => words(c.ocspAndPrivateDns)],
    ['ECH', (c) => words(c.ech)],
    ['A certificate error you clicked through', (c) => words(c.overriddenError)],
    ['…and which error it was', (c) => words(c.overriddenCategory)],
  ];
  const lines = ['| | Firefox | Chrome, Edge, Brave |', '|---|---|---|'];
  for (const [label, cell] of rows) lines.push(`| ${label} | ${cell(CAPABILITIES.firefox)} | ${cell(CAPABILITIES.chromium)} |`);
  return lines.join('\n');
}
