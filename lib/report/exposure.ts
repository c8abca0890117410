/**
 * Who sees what of one connection: the model behind the popup's "who can see this" table.
 *
 * The rules, in short (each item's `why` says the one that applied):
 * - HTTPS hides path, query, cookies and content from everyone but the site; plain HTTP shows
 *   them to everyone on the way, who can also change the page.
 * - Everyone on the way sees the server's IP, and when and how much data flows.
 * - The host name leaks to the way through the DNS lookup (unless encrypted DNS) and the TLS
 *   handshake's SNI (unless ECH). The resolver itself always sees the name it resolves.
 * - Before TLS 1.3 the certificate travels in the clear and names the site.
 * - The certificate authority learns of the visit only through an OCSP check.
 * - A proxy sees the name it is asked to reach and the timing; plain HTTP it reads entirely.
 * - A root added to this computer, or an overridden certificate error, means whoever holds that
 *   key could read the HTTPS content too: those items become "unknown", never "hidden".
 * - Whatever the browser did not say (ECH, encrypted DNS, OCSP on Chromium) is "unknown".
 * - A password or card field that travels in clear is named in the content everyone on the way
 *   can read: the one thing on the page a reader would want most.
 */
import { connectionLocality, isIpLiteral, isLocalhostName, type Locality } from './address';
import { tlsVersionRank } from './crypto-names';
import { blockedBySecurity } from './error-kinds';
import { reason } from './message-keys';
import type {
  CertSummary,
  ConnectionReport,
  ExposedItem,
  Exposure,
  MixedContentItem,
  ObserverId,
  ObserverView,
  PageFindings,
  ProxyInfo,
  Reason,
  TlsInfo,
} from './types';

/** Observers in display order: nearest to you first, the site last. */
export const OBSERVERS: readonly ObserverId[] = ['local-network', 'isp', 'dns-resolver', 'proxy', 'ca', 'site'];

/** Items in display order: what leaks even with HTTPS first, what HTTPS protects after. */
export const EXPOSED_ITEMS: readonly ExposedItem[] = [
  'ip',
  'hostname-dns',
  'hostname-sni',
  'certificate',
  'timing-size',
  'path',
  'query',
  'cookies',
  'content',
  'can-modify',
];

export interface ExposureOptions extends PageFindings {
  /**
   * The page's plain-HTTP content (TabState.mixed). Forms and subresources make "content" and
   * "can-modify" visible to the way even on an HTTPS page; browser-upgraded media do not.
   */
  mixed?: readonly MixedContentItem[];
  /** The user's "judge local sites like remote ones" setting: ignore loopback / LAN locality. */
  localAsRemote?: boolean;
}

type Items = Record<ExposedItem, Exposure>;
type Visibility = Exposure['visibility'];
/** How a proxy is reached: the hop to it is readable (http, socks) or encrypted (https). */
type ProxyKind = 'http' | 'https' | 'socks';

interface Context {
  host: string;
  /** The site's IP; undefined behind a proxy, where the browser only knows the proxy's. */
  siteIp?: string;
  encrypted: boolean;
  tls?: TlsInfo;
  /** 12 for TLS 1.2, 13 for TLS 1.3 / QUIC; undefined when not known. */
  tlsRank?: number;
  proxy?: ProxyInfo;
  proxyKind?: ProxyKind;
  /** Whether the proxy, not this computer, looks the name up. */
  proxyResolves?: boolean;
  /** A proxy on this computer (Tor, an antivirus, a debugging proxy): what it sends on is unknown. */
  proxyLocal: boolean;
  locality?: Locality;
  ipLiteral: boolean;
  /** A certificate error stopped the load before the request was sent. */
  blocked: boolean;
  /** Set when someone other than the site might hold the keys (custom root, overridden error). */
  interception?: Reason;
  path?: string;
  query?: string;
  mixedCount: number;
  /** Why readable content includes a secret the user types (the password first), if it does. */
  secret?: Reason;
}

/** What each observer can see of one connection, in OBSERVERS order (the proxy only when there is one). */
export function exposure(report: ConnectionReport, opts: ExposureOptions = {}): ObserverView[] {
  const observers = OBSERVERS.filter((o) => o !== 'proxy' || report.proxy);
  const same = (visibility: Visibility, why: Reason): ObserverView[] =>
    observers.map((observer) => ({ observer, items: list(fill(visibility, why)) }));

  if (report.scheme === 'file' || report.scheme === 'browser') return same('hidden', reason('exposure_no_network'));
  if (report.scheme === 'other') return same('unknown', reason('exposure_scheme_other'));
  // A cache hit made no connection: nobody saw this load (the first visit is another matter).
  if (report.fromCache || report.tlsUnknown === 'cached') return same('hidden', reason('exposure_from_cache'));

  const ctx = context(report, opts);
  return observers.map((observer) => {
    let items = VIEWS[observer](ctx);
    if (observer === 'local-network' || observer === 'isp' || observer === 'proxy') items = withSecret(ctx, withMixed(ctx, items));
    if (ctx.blocked) items = withBlocked(items);
    return { observer, items: list(items) };
  });
}

function context(report: ConnectionReport, opts: ExposureOptions): Context {
  const encrypted = report.scheme === 'https' || report.scheme === 'wss';
  const proxy = report.proxy;
  const ctx: Context = {
    host: report.host,
    encrypted,
    proxyLocal: false,
    ipLiteral: isIpLiteral(report.host),
    blocked: blockedBySecurity(report),
    mixedCount: encrypted ? (opts.mixed ?? []).filter((m) => m.kind !== 'upgraded').length : 0,
  };
  if (!proxy && report.ip) ctx.siteIp = report.ip;
  const secrets = opts.secrets ?? [];
  if (secrets.includes('password')) ctx.secret = reason('exposure_secret_password');
  else if (secrets.includes('card')) ctx.secret = reason('exposure_secret_card');
  const locality = opts.localAsRemote ? undefined : connectionLocality(report.host, proxy ? undefined : report.ip);
  if (locality) ctx.locality = locality;
  if (encrypted && report.tls) {
    ctx.tls = report.tls;
    const rank = tlsVersionRank(report.tls.protocol);
    if (rank !== undefined) ctx.tlsRank = rank;
    if (report.tls.overriddenError) ctx.interception = reason('exposure_override_risk');
    else if (report.tls.rootBuiltIn === false) ctx.interception = reason('exposure_custom_root');
  }
  if (proxy) {
    ctx.proxy = proxy;
    const type = proxy.type.toLowerCase();
    // Firefox's types are http, https, socks and socks4; anything else is treated like http,
    // the type that reveals the most, so an unknown proxy is never credited with hiding things.
    ctx.proxyKind = type === 'https' ? 'https' : type.startsWith('socks') ? 'socks' : 'http';
    const resolves = ctx.proxyKind === 'socks' ? proxy.proxyDns : true;
    if (resolves !== undefined) ctx.proxyResolves = resolves;
    ctx.proxyLocal = connectionLocality(proxy.host)?.kind === 'loopback';
  }
  try {
    const url = new URL(report.url);
    if (url.pathname) ctx.path = url.pathname;
    if (url.search) ctx.query = url.search;
  } catch {
    // An unparsable URL just leaves the values out; the visibility does not depend on them.
  }
  return ctx;
}

function item(visibility: Visibility, why: Reason, value?: string): Omit<Exposure, 'item'> {
  return value === undefined || value === '' ? { visibility, why } : { visibility, why, value };
}

function fill(visibility: Visibility, why: Reason): Items {
  const out = {} as Items;
  for (const name of EXPOSED_ITEMS) out[name] = { item: name, visibility, why };
  return out;
}

function set(items: Items, name: ExposedItem, e: Omit<Exposure, 'item'>): void {
  items[name] = { item: name, ...e };
}

function list(items: Items): Exposure[] {
  return EXPOSED_ITEMS.map((name) => items[name]);
}

/** Content items are the ones HTTPS protects. */
const CONTENT_ITEMS: readonly ExposedItem[] = ['path', 'query', 'cookies', 'content'];

const VIEWS: Record<ObserverId, (ctx: Context) => Items> = {
  'local-network': (ctx) => pathView(ctx, 'lan'),
  isp: (ctx) => pathView(ctx, 'wan'),
  'dns-resolver': resolverView,
  proxy: proxyView,
  ca: caView,
  site: siteView,
};

// ---- Rules shared by everyone on the way ----

/** The site name in the DNS lookup, as seen by the way from this computer to the resolver. */
function dnsOnPath(ctx: Context): Omit<Exposure, 'item'> {
  if (ctx.ipLiteral) return item('hidden', reason('exposure_no_dns_ip'));
  if (isLocalhostName(ctx.host)) return item('hidden', reason('exposure_no_dns_localhost'));
  const privateDns = ctx.tls?.privateDns;
  if (privateDns === true) return item('hidden', reason('exposure_dns_private'));
  if (privateDns === false) return item('visible', reason('exposure_dns_clear'), ctx.host);
  return item('unknown', reason('exposure_dns_unknown'));
}

/** The site name in the connection set-up: the Host header, or the TLS handshake's SNI. */
function sniOnPath(ctx: Context): Omit<Exposure, 'item'> {
  if (!ctx.encrypted) return item('visible', reason('exposure_host_header'), ctx.host);
  // RFC 6066 forbids IP literals in SNI: browsers send no name at all.
  if (ctx.ipLiteral) return item('hidden', reason('exposure_no_sni_ip'));
  const ech = ctx.tls?.ech;
  if (ech === true) return item('hidden', reason('exposure_ech'));
  if (ech === false) return item('visible', reason('exposure_sni_clear'), ctx.host);
  return item('unknown', reason('exposure_ech_unknown'));
}

function certName(cert: CertSummary | undefined): string | undefined {
  return cert ? cert.subjectCN || cert.subjectOrg || cert.subject || undefined : undefined;
}

function issuerName(cert: CertSummary): string | undefined {
  return cert.issuerCN || cert.issuerOrg || cert.issuer || undefined;
}

/** The certificate as the way sees it: in clear up to TLS 1.2, encrypted from TLS 1.3. */
function certOnPath(ctx: Context): Omit<Exposure, 'item'> {
  if (!ctx.encrypted) return item('hidden', reason('exposure_no_certificate'));
  if (ctx.tlsRank === undefined) return item('unknown', reason('exposure_cert_unknown'));
  if (ctx.tlsRank >= 13) return item('hidden', reason('exposure_cert_tls13'));
  const leaf = ctx.tls?.certificates[0];
  const subject = certName(leaf);
  const issuer = leaf && issuerName(leaf);
  const why = subject && issuer ? reason('exposure_cert_clear', subject, issuer) : reason('exposure_cert_clear_unnamed');
  return item('visible', why, subject);
}

function contentOnPath(ctx: Context, name: ExposedItem): Omit<Exposure, 'item'> {
  if (!ctx.encrypted) return item('visible', reason('exposure_plain_visible'), contentValue(ctx, name));
  if (ctx.interception) return item('unknown', ctx.interception);
  return item('hidden', reason('exposure_https_hides'));
}

function modifyOnPath(ctx: Context): Omit<Exposure, 'item'> {
  if (!ctx.encrypted) return item('visible', reason('exposure_plain_modify'));
  if (ctx.interception) return item('unknown', ctx.interception);
  return item('hidden', reason('exposure_tls_protects'));
}

function contentValue(ctx: Context, name: ExposedItem): string | undefined {
  if (name === 'path') return ctx.path;
  if (name === 'query') return ctx.query;
  return undefined;
}

// ---- Observers ----

/**
 * The local network ('lan': up to your router) and everyone on the way ('wan': your provider
 * and every network to the site, including past a proxy).
 */
function pathView(ctx: Context, segment: 'lan' | 'wan'): Items {
  if (ctx.proxy) return proxiedPathView(ctx, ctx.proxy, segment);
  if (ctx.locality?.kind === 'loopback') return fill('hidden', reason('exposure_loopback'));
  const items = fill('hidden', reason('exposure_stays_on_lan'));
  // A LAN destination never reaches the provider; the DNS lookup for its name still may.
  if (segment === 'wan' && ctx.locality) {
    set(items, 'hostname-dns', dnsOnPath(ctx));
    return items;
  }
  set(items, 'ip', item('visible', reason('exposure_ip_path'), ctx.siteIp));
  set(items, 'hostname-dns', dnsOnPath(ctx));
  set(items, 'hostname-sni', sniOnPath(ctx));
  set(items, 'certificate', certOnPath(ctx));
  set(items, 'timing-size', item('visible', reason('exposure_timing')));
  for (const name of CONTENT_ITEMS) set(items, name, contentOnPath(ctx, name));
  set(items, 'can-modify', modifyOnPath(ctx));
  return items;
}

function proxiedPathView(ctx: Context, proxy: ProxyInfo, segment: 'lan' | 'wan'): Items {
  if (ctx.proxyLocal) return fill('unknown', reason('exposure_local_proxy'));
  const items = fill('hidden', reason('exposure_proxy_tunnel'));
  const tunnelled = segment === 'lan' && ctx.proxyKind === 'https';
  // On the hop to the proxy only the proxy's address shows; past it, the site's (value unknown to us).
  set(
    items,
    'ip',
    segment === 'lan'
      ? item('hidden', reason('exposure_ip_proxy_only', `${proxy.host}:${proxy.port}`))
      : item('visible', reason('exposure_ip_beyond_proxy')),
  );
  if (ctx.proxyResolves === true) {
    set(
      items,
      'hostname-dns',
      segment === 'lan' ? item('hidden', reason('exposure_dns_by_proxy')) : item('unknown', reason('exposure_dns_by_proxy_unknown')),
    );
  } else if (ctx.proxyResolves === false) {
    set(items, 'hostname-dns', dnsOnPath(ctx));
  } else {
    set(items, 'hostname-dns', item('unknown', reason('exposure_proxy_dns_unknown')));
  }
  set(items, 'timing-size', item('visible', reason('exposure_timing')));
  if (tunnelled) return items;
  set(items, 'hostname-sni', proxiedSni(ctx));
  set(items, 'certificate', certOnPath(ctx));
  for (const name of CONTENT_ITEMS) set(items, name, contentOnPath(ctx, name));
  set(items, 'can-modify', modifyOnPath(ctx));
  return items;
}

/** The site name between you and the proxy (and past it): CONNECT and SOCKS name it in clear. */
function proxiedSni(ctx: Context): Omit<Exposure, 'item'> {
  if (!ctx.encrypted) return item('visible', reason('exposure_host_header'), ctx.host);
  if (ctx.proxyKind === 'http') return item('visible', reason('exposure_connect_clear'), ctx.host);
  if (ctx.proxyKind === 'socks' && ctx.proxyResolves === true) {
    return item('visible', reason('exposure_socks_clear'), ctx.host);
  }
  return sniOnPath(ctx);
}

function resolverView(ctx: Context): Items {
  if (ctx.ipLiteral) return fill('hidden', reason('exposure_no_dns_ip'));
  if (isLocalhostName(ctx.host)) return fill('hidden', reason('exposure_no_dns_localhost'));
  if (ctx.proxy && ctx.proxyResolves === true) return fill('hidden', reason('exposure_dns_by_proxy'));
  if (ctx.proxy && ctx.proxyResolves === undefined) return fill('unknown', reason('exposure_proxy_dns_unknown'));
  const items = fill('hidden', reason('exposure_not_on_path'));
  set(items, 'ip', item('visible', reason('exposure_dns_answers'), ctx.siteIp));
  const sees = ctx.tls?.privateDns === true ? 'exposure_dns_private_resolver_sees' : 'exposure_dns_resolver_sees';
  set(items, 'hostname-dns', item('visible', reason(sees), ctx.host));
  // A resolver can send you elsewhere; only a certificate check would notice.
  if (!ctx.encrypted) set(items, 'can-modify', item('visible', reason('exposure_dns_can_redirect')));
  else if (ctx.interception) set(items, 'can-modify', item('unknown', ctx.interception));
  else set(items, 'can-modify', item('hidden', reason('exposure_dns_redirect_caught')));
  return items;
}

function proxyView(ctx: Context): Items {
  const items = fill('visible', reason('exposure_timing'));
  set(items, 'ip', item('visible', reason('exposure_proxy_connects')));
  if (ctx.proxyResolves === true) set(items, 'hostname-dns', item('visible', reason('exposure_proxy_resolves'), ctx.host));
  else if (ctx.proxyResolves === false) set(items, 'hostname-dns', item('hidden', reason('exposure_proxy_gets_ip')));
  else set(items, 'hostname-dns', item('unknown', reason('exposure_proxy_dns_unknown')));
  if (!ctx.encrypted) set(items, 'hostname-sni', item('visible', reason('exposure_host_header'), ctx.host));
  else if (ctx.proxyKind !== 'socks' || ctx.proxyResolves === true) {
    set(items, 'hostname-sni', item('visible', reason('exposure_proxy_named'), ctx.host));
  } else set(items, 'hostname-sni', sniOnPath(ctx));
  set(items, 'certificate', certOnPath(ctx));
  for (const name of CONTENT_ITEMS) set(items, name, contentOnPath(ctx, name));
  set(items, 'can-modify', modifyOnPath(ctx));
  return items;
}

function caView(ctx: Context): Items {
  if (!ctx.encrypted) return fill('hidden', reason('exposure_ca_no_tls'));
  const items = fill('hidden', reason('exposure_ca_never'));
  const ocsp = ctx.tls?.ocspUsed;
  if (ocsp === true) {
    // The OCSP request carries the serial number, which the CA maps to the site it issued it for.
    set(items, 'hostname-sni', item('visible', reason('exposure_ca_ocsp_host'), ctx.host));
    set(items, 'certificate', item('visible', reason('exposure_ca_ocsp_cert'), ctx.tls?.certificates[0]?.serialNumber));
  } else if (ocsp === false) {
    set(items, 'hostname-sni', item('hidden', reason('exposure_ca_not_contacted')));
    set(items, 'certificate', item('hidden', reason('exposure_ca_not_contacted')));
  } else {
    set(items, 'hostname-sni', item('unknown', reason('exposure_ca_ocsp_unknown')));
    set(items, 'certificate', item('unknown', reason('exposure_ca_ocsp_unknown')));
  }
  return items;
}

function siteView(ctx: Context): Items {
  const items = fill('visible', reason('exposure_site_endpoint'));
  set(items, 'ip', item('visible', reason('exposure_site_own'), ctx.siteIp));
  set(items, 'hostname-dns', item('hidden', reason('exposure_site_no_dns')));
  set(items, 'hostname-sni', item('visible', reason('exposure_site_host'), ctx.host));
  set(
    items,
    'certificate',
    ctx.encrypted
      ? item('visible', reason('exposure_site_cert'), certName(ctx.tls?.certificates[0]))
      : item('hidden', reason('exposure_no_certificate')),
  );
  set(items, 'path', item('visible', reason('exposure_site_endpoint'), ctx.path));
  set(items, 'query', item('visible', reason('exposure_site_endpoint'), ctx.query));
  set(items, 'can-modify', item('visible', reason('exposure_site_writes')));
  return items;
}

// ---- Page-level adjustments ----

/** Plain-HTTP parts of an HTTPS page travel in the clear whatever the main connection did. */
function withMixed(ctx: Context, items: Items): Items {
  if (ctx.mixedCount === 0 || (ctx.proxy && ctx.proxyLocal)) return items;
  const out = { ...items };
  set(out, 'content', item('visible', reason('exposure_mixed_content', ctx.mixedCount)));
  set(out, 'can-modify', item('visible', reason('exposure_mixed_modify')));
  return out;
}

/** Readable content includes what is typed into the page's secret fields: say so where it is readable. */
function withSecret(ctx: Context, items: Items): Items {
  if (!ctx.secret || items.content.visibility !== 'visible') return items;
  return { ...items, content: { ...items.content, why: ctx.secret } };
}

/** A certificate error stops the browser before it sends the request: no path, no cookies. */
function withBlocked(items: Items): Items {
  const out = { ...items };
  const why = reason('exposure_blocked_before_request');
  for (const name of [...CONTENT_ITEMS, 'can-modify'] as const) set(out, name, item('hidden', why));
  return out;
}
