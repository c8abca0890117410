/** Certificate-specific byte limits; the conversions themselves live in lib/bytes. */

/**
 * Largest DER accepted for one certificate. Real ones are 1–8 KB (a few with hundreds of SANs
 * reach ~30 KB); 64 KB bounds the work a hostile one can cause in either reader.
 */
export const MAX_DER_BYTES = 64 * 1024;

export { base64ToBytes, bytesToBase64, colonHex, hexToColonHex, normaliseBase64 } from '@/lib/bytes';
