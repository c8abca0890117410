/** Certificate-specific byte limits; the conversions themselves live in lib/bytes. */

/** Largest DER accepted: real chains are a few KB; this bounds work on hostile input. */
export const MAX_DER_BYTES = 1024 * 1024;

export { base64ToBytes, bytesToBase64, colonHex, hexToColonHex, normaliseBase64 } from '@/lib/bytes';
