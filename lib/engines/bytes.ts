/** Bytes (as Firefox's `rawDER: number[]` or a Uint8Array) → base64, without Node's Buffer. */
export function bytesToBase64(bytes: ArrayLike<number>): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const slice = Array.prototype.slice.call(bytes, i, i + CHUNK) as number[];
    binary += String.fromCharCode(...slice);
  }
  return btoa(binary);
}
