/**
 * Small codes for the values every visit repeats (scheme, verdict, TLS version, cipher, group,
 * HTTP version), so a visit row stays far below 300 bytes.
 *
 * Pure and Dexie-free: the popup and the history page decode with it too.
 *
 * APPEND-ONLY. A code is an index into one of the lists below and is written to disk, so an
 * entry may never be removed, reordered or renamed; add new strings at the end. A value not in a
 * list is stored as the string itself, so an unknown cipher costs bytes but never information.
 */
import { VERDICT_KINDS, type Scheme, type VerdictKind } from '../report/types';
import { tlsVersionRank } from '../report/crypto-names';

/** Scheme codes: the index is stored in `VisitRecord.s`. */
export const SCHEMES: readonly Scheme[] = ['https', 'http', 'wss', 'ws', 'file', 'browser', 'other'];

/** Verdict codes: the index is stored in `VisitRecord.v` (the one list, append-only). */
export const VERDICTS: readonly VerdictKind[] = VERDICT_KINDS;

/**
 * TLS versions as the numbers people say them with the dot removed (13 = TLS 1.3), so that a
 * plain `<` tells a downgrade. Keys are the normalised strings of `TlsInfo.protocol`.
 */
const TLS_VERSION_NUMBERS: Readonly<Record<string, number>> = {
  SSLv3: 3,
  TLSv1: 10,
  'TLSv1.0': 10,
  'TLSv1.1': 11,
  'TLSv1.2': 12,
  'TLSv1.3': 13,
};
const TLS_VERSION_NAMES: Readonly<Record<number, string>> = {
  3: 'SSLv3',
  10: 'TLSv1',
  11: 'TLSv1.1',
  12: 'TLSv1.2',
  13: 'TLSv1.3',
};

/** Cipher names as Firefox (IANA) and Chromium (bulk cipher only) give them. Append only. */
export const CIPHERS: readonly string[] = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
  'TLS_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_RSA_WITH_AES_128_CBC_SHA',
  'TLS_RSA_WITH_AES_256_CBC_SHA',
  'TLS_RSA_WITH_3DES_EDE_CBC_SHA',
  'AES_128_GCM',
  'AES_256_GCM',
  'CHACHA20_POLY1305',
  'AES_128_CBC',
  'AES_256_CBC',
  '3DES_EDE_CBC',
];

/** Key-exchange groups, in the spelling of each engine (Firefox lower case, Chromium upper). */
export const GROUPS: readonly string[] = [
  'x25519',
  'X25519',
  'secp256r1',
  'P-256',
  'secp384r1',
  'P-384',
  'secp521r1',
  'P-521',
  'X25519MLKEM768',
  'mlkem768x25519',
  'X25519Kyber768Draft00',
  'xyber768d00',
  'ffdhe2048',
  'ffdhe3072',
];

/** HTTP versions as `ConnectionReport.httpVersion` spells them. Append only. */
export const HTTP_VERSIONS: readonly string[] = ['HTTP/1.1', 'HTTP/2', 'HTTP/3', 'HTTP/1.0', 'HTTP/0.9'];

/** A stored value: a code from a list, or the original string when the list lacks it. */
export type Coded = number | string;

/** Encodes `value` as its index in `list`, or keeps the string when unknown. */
export function encodeIn(list: readonly string[], value: string): Coded {
  const i = list.indexOf(value);
  return i >= 0 ? i : value;
}

/** Reverses `encodeIn`; an out-of-range code (written by a newer version) decodes to undefined. */
export function decodeIn(list: readonly string[], coded: Coded | undefined): string | undefined {
  if (coded === undefined) return undefined;
  if (typeof coded === 'string') return coded;
  return list[coded];
}

export function encodeScheme(scheme: Scheme): number {
  const i = SCHEMES.indexOf(scheme);
  return i >= 0 ? i : SCHEMES.indexOf('other');
}

export function decodeScheme(code: number): Scheme {
  return SCHEMES[code] ?? 'other';
}

/** Every VerdictKind is in the one list, so this never falls back to a wrong code. */
export function encodeVerdict(kind: VerdictKind): number {
  const i = VERDICTS.indexOf(kind);
  if (i < 0) throw new RangeError(`verdict kind missing from VERDICT_KINDS: ${String(kind)}`);
  return i;
}

export function decodeVerdict(code: number): VerdictKind {
  return VERDICTS[code] ?? 'unknown';
}

/** "TLSv1.3" → 13; an unknown protocol string is kept as it is. */
export function encodeTlsVersion(protocol: string): Coded {
  return TLS_VERSION_NUMBERS[protocol] ?? protocol;
}

export function decodeTlsVersion(coded: Coded | undefined): string | undefined {
  if (coded === undefined) return undefined;
  if (typeof coded === 'string') return coded;
  return TLS_VERSION_NAMES[coded] ?? `TLS(${coded})`;
}

/**
 * A comparable rank for a TLS version string, or undefined when the string is not a version we
 * can order (then no downgrade can be claimed: an unknown is never an alarm). The ranks are
 * crypto-names' (QUIC counts as TLS 1.3), so history and the popup order versions alike.
 */
export function tlsRank(protocol: string | undefined): number | undefined {
  return tlsVersionRank(protocol);
}
