/**
 * Byte and text conversions used across Onlooker (engines, certificate parser, history).
 * Dependency-free and strict: malformed input yields `undefined`, never a guess or a throw,
 * because certificate bytes come from pages and from user-supplied backups.
 */

/** Bytes (Firefox's `rawDER: number[]`, a Uint8Array…) → base64, chunked for large inputs. */
export function bytesToBase64(bytes: ArrayLike<number>): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...(Array.prototype.slice.call(bytes, i, i + 0x8000) as number[]));
  }
  return btoa(binary);
}

/** Removes whitespace (PEM bodies and copied text wrap lines). */
export function normaliseBase64(text: string): string {
  return text.replace(/\s+/g, '');
}

/** Strict base64 → bytes; undefined for anything that is not base64. */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> | undefined {
  const clean = normaliseBase64(text);
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return undefined;
  let binary: string;
  try {
    binary = atob(clean);
  } catch {
    return undefined;
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Upper-case, colon-separated hex ("9A:5B:…"), the form browsers show fingerprints in. */
export function colonHex(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (const b of bytes) parts.push(b.toString(16).padStart(2, '0').toUpperCase());
  return parts.join(':');
}

/** "0a1b…" (any case, optional colons) → "0A:1B:…". */
export function hexToColonHex(hex: string): string {
  const clean = hex.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  const padded = clean.length % 2 === 1 ? `0${clean}` : clean;
  return (padded.match(/../g) ?? []).join(':');
}

/** SHA-256 of base64 DER as colon hex, with WebCrypto; undefined for non-base64 input. */
export async function sha256ColonHex(base64: string): Promise<string | undefined> {
  const bytes = base64ToBytes(base64);
  if (!bytes) return undefined;
  return colonHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
}
