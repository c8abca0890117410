/**
 * Where an address points: this computer, the local network, or the internet.
 *
 * Pure string work, no DNS: a host name is judged only by what it literally says
 * ("localhost", an IP literal). Names like "router.lan" are judged by the IP the browser
 * actually connected to, which the caller passes separately.
 */

/** loopback: never leaves this computer; private / link-local: stays on the local network. */
export type AddressKind = 'loopback' | 'private' | 'link-local' | 'public';

/** "192.168.0.1" → [192, 168, 0, 1]; anything else → undefined (no shorthand forms: URL parsing already expanded them). */
function parseIPv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    bytes.push(n);
  }
  return bytes;
}

/**
 * An IPv6 literal → its eight 16-bit groups. Accepts brackets ("[::1]" as URL.hostname gives
 * it), a zone id ("fe80::1%eth0") and an embedded IPv4 tail ("::ffff:127.0.0.1").
 */
export function parseIPv6(text: string): number[] | undefined {
  let s = text.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (!s.includes(':')) return undefined;
  // An embedded IPv4 tail ("::ffff:127.0.0.1") becomes two hex groups, then one parser does the rest.
  const lastColon = s.lastIndexOf(':');
  const maybeV4 = s.slice(lastColon + 1);
  if (maybeV4.includes('.')) {
    const v4 = parseIPv4(maybeV4);
    if (!v4) return undefined;
    const hi = (((v4[0] ?? 0) << 8) | (v4[1] ?? 0)).toString(16);
    const lo = (((v4[2] ?? 0) << 8) | (v4[3] ?? 0)).toString(16);
    s = `${s.slice(0, lastColon + 1)}${hi}:${lo}`;
  }
  return parseGroups(s, 8);
}

function parseGroups(s: string, count: number): number[] | undefined {
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (!/^[0-9a-f]{1,4}$/i.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const left = parse(halves[0] ?? '');
  if (!left) return undefined;
  if (halves.length === 1) return left.length === count ? left : undefined;
  const right = parse(halves[1] ?? '');
  if (!right) return undefined;
  const missing = count - left.length - right.length;
  if (missing < 1) return undefined;
  return [...left, ...new Array<number>(missing).fill(0), ...right];
}

function classifyV4(b: number[]): AddressKind {
  const [a = 0, c = 0] = b;
  // 0.0.0.0/8 reaches this host on every desktop OS (the "0.0.0.0 day" attacks relied on it).
  if (a === 127 || a === 0) return 'loopback';
  if (a === 10 || (a === 172 && c >= 16 && c <= 31) || (a === 192 && c === 168)) return 'private';
  if (a === 169 && c === 254) return 'link-local';
  // Other reserved ranges stay 'public' on purpose: nothing shows their traffic stays near. One
  // is 198.18.0.0/15 (RFC 2544, benchmarking): "fake-IP" proxies (Clash, Surge, sing-box) hand
  // the browser an address in it for every site, and the traffic then goes to the internet. The
  // e2e test sites live there too, so they are judged as internet sites are.
  return 'public';
}

/** What kind of address an IP literal is; undefined when the text is not an IP literal. */
export function classifyIp(text: string): AddressKind | undefined {
  const v4 = parseIPv4(text.trim());
  if (v4) return classifyV4(v4);
  const v6 = parseIPv6(text);
  if (!v6) return undefined;
  const first = v6[0] ?? 0;
  const allZeroBefore = (n: number) => v6.slice(0, n).every((g) => g === 0);
  if (allZeroBefore(7) && (v6[7] === 1 || v6[7] === 0)) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d): judge the IPv4 address inside.
  if (allZeroBefore(5) && v6[5] === 0xffff) {
    const hi = v6[6] ?? 0;
    const lo = v6[7] ?? 0;
    return classifyV4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  }
  if ((first & 0xfe00) === 0xfc00) return 'private'; // fc00::/7 unique local
  if ((first & 0xffc0) === 0xfe80) return 'link-local'; // fe80::/10
  return 'public';
}

/** True when the text is an IPv4 or IPv6 literal (so no DNS lookup and no SNI happen for it). */
export function isIpLiteral(host: string): boolean {
  return classifyIp(host) !== undefined;
}

/** "localhost" and "*.localhost" (RFC 6761): browsers answer these with loopback themselves. */
export function isLocalhostName(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost');
}

/** The locality of a connection, and what told us. */
export interface Locality {
  kind: Exclude<AddressKind, 'public'>;
  /** The host name or IP that showed it, for the reason text. */
  evidence: string;
  by: 'host' | 'ip';
}

/**
 * Whether a connection stays on this computer or the local network, judged from the host name
 * first and then from the IP actually connected to. `ip` must be left out when the connection
 * went through a proxy: then the IP is the proxy's, and a local proxy says nothing about the site.
 */
export function connectionLocality(host: string, ip?: string): Locality | undefined {
  if (isLocalhostName(host)) return { kind: 'loopback', evidence: host, by: 'host' };
  const byHost = classifyIp(host);
  if (byHost && byHost !== 'public') return { kind: byHost, evidence: host, by: 'host' };
  if (byHost === 'public' || !ip) return undefined;
  const byIp = classifyIp(ip);
  if (byIp && byIp !== 'public') return { kind: byIp, evidence: ip, by: 'ip' };
  return undefined;
}
