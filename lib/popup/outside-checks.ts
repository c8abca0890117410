/**
 * The identity section's outside checks: links to crt.sh (the certificate in Certificate
 * Transparency logs, by SHA-256) and to SSL Labs (a test of the server, by host name). Plain
 * links the user may click; Onlooker itself fetches nothing. Offered only where they make
 * sense and reveal nothing local: an encrypted page of a public host (no loopback or LAN
 * name or address, no bare IP, which SSL Labs refuses), and for crt.sh a known fingerprint.
 */
import { connectionLocality, isIpLiteral } from '@/lib/report/address';
import type { ConnectionReport } from '@/lib/report/types';

export interface OutsideChecks {
  /** https://crt.sh/?q=<sha256 hex>, when the leaf's SHA-256 is known. */
  crtsh?: string;
  /** https://www.ssllabs.com/ssltest/analyze.html?d=<host>. */
  ssllabs?: string;
}

/** "9A:5B:…" (either case) → "9a5b…"; undefined unless it is 32 bytes of hex. */
export function sha256Hex(fingerprint: string | undefined): string | undefined {
  const hex = fingerprint?.replace(/:/g, '').toLowerCase();
  return hex && /^[0-9a-f]{64}$/.test(hex) ? hex : undefined;
}

export function outsideChecks(main: ConnectionReport | undefined): OutsideChecks {
  if (!main || (main.scheme !== 'https' && main.scheme !== 'wss') || main.error) return {};
  const host = main.host.toLowerCase();
  // The IP actually connected to counts too (a public name on a LAN address is local), unless a proxy hides it.
  if (!host.includes('.') || isIpLiteral(host) || connectionLocality(host, main.proxy ? undefined : main.ip)) return {};
  const out: OutsideChecks = { ssllabs: `https://www.ssllabs.com/ssltest/analyze.html?d=${encodeURIComponent(host)}` };
  const hex = sha256Hex(main.tls?.certificates[0]?.sha256);
  if (hex) out.crtsh = `https://crt.sh/?q=${hex}`;
  return out;
}
