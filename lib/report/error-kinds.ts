/**
 * Why a load failed, once the engine's error string is normalised. The adapters
 * (lib/engines/firefox.ts, chromium.ts) are the only code that reads `net::ERR_…`,
 * `SEC_ERROR_…` or NSS's sentences; everything after them reads `ConnectionReport.errorKind`.
 */

/**
 * Every error kind, once; the type is derived from it. `cert-*` and `tls-protocol` mean the
 * browser blocked the page over its certificate or TLS handshake (an error page, no content);
 * `secure-connection-failed` means it blocked the page over one of the two without saying which
 * (Firefox gives extensions only a localized sentence for most such failures);
 * `aborted` (cancelled, turned into a download) and `blocked` (by another extension or a
 * policy) mean the navigation did not replace the page; `network` is any other failure
 * (refused, DNS, reset).
 *
 * Each kind maps to what the browser refused the page over (`false`: it did not block the page
 * over security), so a sentence blames the certificate only when the browser said it was that.
 */
const REFUSED_OVER = {
  'cert-expired': 'certificate',
  'cert-untrusted': 'certificate',
  'cert-name': 'certificate',
  'cert-revoked': 'certificate',
  'cert-other': 'certificate',
  'tls-protocol': 'handshake',
  'secure-connection-failed': 'unknown',
  aborted: false,
  blocked: false,
  network: false,
} as const satisfies Record<string, RefusedOver | false>;

/**
 * What the browser blocked a page over: its certificate, the TLS handshake itself (an old
 * version, no cipher in common), or one of the two without saying which.
 */
export type RefusedOver = 'certificate' | 'handshake' | 'unknown';

export type ErrorKind = keyof typeof REFUSED_OVER;

export const ERROR_KINDS = Object.keys(REFUSED_OVER) as readonly ErrorKind[];

/**
 * True when the browser refused the page over its certificate or TLS handshake. A report
 * without a kind (stored before kinds existed) is not known to be one.
 */
export function blockedBySecurity(report: { errorKind?: ErrorKind | undefined }): boolean {
  return refusedOver(report) !== undefined;
}

/** What the browser refused the page over; undefined when it did not block it over security. */
export function refusedOver(report: { errorKind?: ErrorKind | undefined }): RefusedOver | undefined {
  return (report.errorKind !== undefined && REFUSED_OVER[report.errorKind]) || undefined;
}
