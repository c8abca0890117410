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
 */
/** Each kind, once, with whether it means the browser blocked the page over security. */
const BLOCKS_PAGE = {
  'cert-expired': true,
  'cert-untrusted': true,
  'cert-name': true,
  'cert-revoked': true,
  'cert-other': true,
  'tls-protocol': true,
  'secure-connection-failed': true,
  aborted: false,
  blocked: false,
  network: false,
} as const;

export type ErrorKind = keyof typeof BLOCKS_PAGE;

export const ERROR_KINDS = Object.keys(BLOCKS_PAGE) as readonly ErrorKind[];

/**
 * True when the browser refused the page over its certificate or TLS handshake. A report
 * without a kind (stored before kinds existed) is not known to be one.
 */
export function blockedBySecurity(report: { errorKind?: ErrorKind | undefined }): boolean {
  return report.errorKind !== undefined && BLOCKS_PAGE[report.errorKind] === true;
}
