/** Byte/text conversions shared by the parser and the PEM export. No dependencies. */

/** Largest DER accepted: real chains are a few KB; this bounds work on hostile input. */
export const MAX_DER_BYTES = 1024 * 1024;

/** Removes whitespace (PEM bodies and copied text wrap lines). */
export function normaliseBase64(text: string): string {
  return text.replace(/[\s]+/g, '');
}

/**
 * Strict base64 → bytes. Returns undefined for anything that is not base64, instead of letting
 * atob guess, so "not base64" and "not a certificate" stay distinct errors.
 */
export function base64ToBytes(text: string): Uint8Array | undefined {
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

export function bytesToBase64(bytes: Uint8Array): string {
  // Chunked so a large input never exceeds the argument limit of String.fromCharCode.
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
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
