/**
 * subjectAltName decoding, entry by entry, so one unusual entry (an otherName x509 cannot
 * decode) never hides the DNS names next to it. directoryName and otherName are handed to
 * a callback so this file stays free of @peculiar/x509.
 */
import { hexToColonHex } from './bytes';
import { MAX_LIST_ITEMS } from './caps';
import { decodeOid } from './der';
import { splitGeneralNames } from './structure';
import type { SanEntry } from './types';

/** IA5String bytes as text. Bytes above 0x7F are not IA5; latin-1 keeps them visible, not lost. */
function ia5(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return s;
}

/** IPv4 dotted, IPv6 in RFC 5952 short form; anything else as hex (it is malformed). */
function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  if (bytes.length !== 16) return hexToColonHex(Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(''));
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] as number) << 8) | (bytes[i + 1] as number));
  // Longest run of two or more zero groups becomes "::".
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** Decoders for the two forms that need x509 (names and otherName); they may throw. */
export interface SanHelpers {
  directoryName(nameDer: Uint8Array): string;
  otherName(generalNameDer: Uint8Array): string;
}

/**
 * Decodes GeneralNames; throws only when the outer SEQUENCE itself is malformed. Entries past
 * MAX_LIST_ITEMS are not decoded (the readers' output keeps only that many, counting the rest):
 * they become empty placeholders, so thousands of directoryNames cost nothing.
 */
export function decodeSan(value: Uint8Array, helpers: SanHelpers): SanEntry[] {
  return splitGeneralNames(value).map(({ tag, der, content }, i): SanEntry => {
    if (i >= MAX_LIST_ITEMS) return { type: 'other', value: '' };
    try {
      switch (tag) {
        case 1:
          return { type: 'email', value: ia5(content) };
        case 2:
          return { type: 'dns', value: ia5(content) };
        case 6:
          return { type: 'uri', value: ia5(content) };
        case 7:
          return { type: 'ip', value: formatIp(content) };
        case 4:
          return { type: 'dn', value: helpers.directoryName(content) };
        case 8:
          return { type: 'rid', value: decodeOid(content) };
        case 0:
          return { type: 'other', value: helpers.otherName(der) };
        default:
          return { type: 'other', value: `[${tag}]` };
      }
    } catch {
      return { type: 'other', value: `[${tag}]` };
    }
  });
}
