/**
 * Names of TLS building blocks as the engines print them, made comparable and judged.
 *
 * Firefox gives IANA names ("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "x25519",
 * "RSA-PSS-SHA256"); Chromium's DevTools protocol gives bulk ciphers ("AES_128_GCM", with the
 * MAC appended by the adapter: "AES_128_CBC HMAC-SHA1"), "X25519" and numeric signature
 * schemes. OpenSSL-style names ("ECDHE-RSA-AES128-SHA") turn up in hand-made fixtures and
 * other tools. Everything here accepts all three and never throws on strings it does not know:
 * "unrecognised" is an answer, not an error.
 */

/** A TLS version in Onlooker's canonical spelling. QUIC always carries TLS 1.3 (RFC 9001). */
export type TlsVersion = 'SSLv2' | 'SSLv3' | 'TLSv1.0' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3' | 'QUIC';

const VERSION_RANK: Record<TlsVersion, number> = {
  SSLv2: 2,
  SSLv3: 3,
  'TLSv1.0': 10,
  'TLSv1.1': 11,
  'TLSv1.2': 12,
  'TLSv1.3': 13,
  QUIC: 13,
};

const VERSION_LABEL: Record<TlsVersion, string> = {
  SSLv2: 'SSL 2.0',
  SSLv3: 'SSL 3.0',
  'TLSv1.0': 'TLS 1.0',
  'TLSv1.1': 'TLS 1.1',
  'TLSv1.2': 'TLS 1.2',
  'TLSv1.3': 'TLS 1.3',
  QUIC: 'QUIC (TLS 1.3)',
};

/**
 * Any engine's version string → canonical form, or undefined when it is not a version Onlooker
 * knows. "TLSv1.3", "TLS 1.3", "tls1_3", "TLSv1" (Firefox's spelling of 1.0), "SSL 3.0", "QUIC".
 */
export function normaliseTlsVersion(raw: string | undefined): TlsVersion | undefined {
  if (!raw) return undefined;
  const s = raw.trim();
  if (/^quic$/i.test(s)) return 'QUIC';
  const m = /^(TLS|SSL)\s*v?\s*(\d)(?:[._](\d))?$/i.exec(s);
  if (!m) return undefined;
  const family = (m[1] ?? '').toUpperCase();
  const major = Number(m[2]);
  const minor = m[3] === undefined ? 0 : Number(m[3]);
  if (family === 'SSL') {
    if (minor !== 0) return undefined;
    return major === 2 ? 'SSLv2' : major === 3 ? 'SSLv3' : undefined;
  }
  if (major !== 1 || minor > 3) return undefined;
  return `TLSv1.${minor}` as TlsVersion;
}

/** A number that orders versions (TLS 1.2 → 12, TLS 1.3 and QUIC → 13); undefined if unknown. */
export function tlsVersionRank(raw: string | undefined): number | undefined {
  const v = normaliseTlsVersion(raw);
  return v && VERSION_RANK[v];
}

/**
 * Orders two version strings: negative when `a` is older, 0 when equal, positive when newer;
 * undefined when either is not a known version (unknown must never compare as "old" or "new").
 */
export function compareTlsVersions(a: string | undefined, b: string | undefined): number | undefined {
  const ra = tlsVersionRank(a);
  const rb = tlsVersionRank(b);
  return ra === undefined || rb === undefined ? undefined : ra - rb;
}

/** "TLSv1.2" → "TLS 1.2" for people; unknown strings come back as given. */
export function tlsVersionLabel(raw: string): string {
  const v = normaliseTlsVersion(raw);
  return v ? VERSION_LABEL[v] : raw;
}

/** Why a cipher is weak, most serious first. `not-aead` is the catch-all for other non-AEAD ciphers. */
export type CipherProblem = 'null' | 'export' | 'anon' | 'rc4' | 'des' | '3des' | 'md5' | 'cbc' | 'not-aead';

/** Severity order used when listing problems. */
const CIPHER_PROBLEMS: readonly CipherProblem[] = ['null', 'export', 'anon', 'rc4', 'des', '3des', 'md5', 'cbc', 'not-aead'];

export interface CipherInfo {
  /** true: authenticated encryption (GCM, CCM, ChaCha20-Poly1305); undefined: cannot tell. */
  aead: boolean | undefined;
  problems: CipherProblem[];
  /** From the suite name (ECDHE/DHE vs plain RSA); undefined for bulk-only names. */
  forwardSecrecy: boolean | undefined;
  /** False when the name matched nothing Onlooker knows. */
  recognised: boolean;
}

const BLOCK_CIPHER = /^(AES|AES128|AES256|CAMELLIA|CAMELLIA128|CAMELLIA256|ARIA|ARIA128|ARIA256|SEED|IDEA)$/;
const AEAD_TOKEN = /^(GCM|CCM|CCM8|POLY1305|CHACHA20|OCB)$/;

/**
 * Classifies a cipher-suite or bulk-cipher name. `protocol` helps where the name alone does not:
 * every TLS 1.3 suite is AEAD with forward secrecy, so a missing name is fine there.
 */
export function classifyCipher(name: string | undefined, protocol?: string): CipherInfo {
  const tls13 = (tlsVersionRank(protocol) ?? 0) >= 13;
  if (!name || !name.trim()) {
    return tls13
      ? { aead: true, problems: [], forwardSecrecy: true, recognised: false }
      : { aead: undefined, problems: [], forwardSecrecy: undefined, recognised: false };
  }
  const tokens = name
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  const has = (re: RegExp) => tokens.some((t) => re.test(t));
  const found = new Set<CipherProblem>();
  if (has(/^E?NULL$/)) found.add('null');
  if (has(/^EXP(ORT)?(\d+)?$/)) found.add('export');
  if (has(/^(ANON|ADH|AECDH|ANULL)$/)) found.add('anon');
  if (has(/^RC4/)) found.add('rc4');
  const tripleDes = has(/^(3DES|DES3|CBC3)$/) || (has(/^DES$/) && has(/^EDE$/));
  if (tripleDes) found.add('3des');
  else if (has(/^DES(40)?$/)) found.add('des');
  if (has(/^MD5$/)) found.add('md5');
  const aeadMarker = has(AEAD_TOKEN);
  // Counter/stream modes with a separate MAC (RFC 9189's GOST "…_CTR_OMAC"): not AEAD, not CBC.
  const otherMode = has(/^(CTR|CNT|CFB|OFB)$/);
  const blockCipher = has(BLOCK_CIPHER) || tripleDes || found.has('des');
  // CBC is spelled out in IANA and Chromium names; OpenSSL names imply it ("AES128-SHA").
  if (has(/^CBC3?$/) || (blockCipher && !aeadMarker && !otherMode)) found.add('cbc');

  const recognised = aeadMarker || blockCipher || otherMode || found.size > 0;
  let aead: boolean | undefined;
  if (found.has('null')) aead = false;
  else if (aeadMarker) aead = true;
  else if (recognised) aead = false;
  else aead = tls13 ? true : undefined;
  if (aead === false && found.size === 0) found.add('not-aead');

  return {
    aead,
    problems: CIPHER_PROBLEMS.filter((p) => found.has(p)),
    forwardSecrecy: tls13 ? true : suiteForwardSecrecy(tokens),
    recognised,
  };
}

function suiteForwardSecrecy(tokens: string[]): boolean | undefined {
  if (tokens.some((t) => /^(ECDHE|DHE|EDH|EECDH)$/.test(t))) return true;
  // IANA: TLS_RSA_WITH_… / TLS_PSK_WITH_…; TLS 1.3 suites (TLS_AES_…, TLS_CHACHA20_…) are ephemeral.
  if (tokens[0] === 'TLS') {
    const withAt = tokens.indexOf('WITH');
    if (withAt < 0) return true;
    const kx = tokens.slice(1, withAt);
    if (kx.length === 0) return undefined;
    return kx.some((t) => /^(ECDHE|DHE)$/.test(t)) ? true : false;
  }
  // OpenSSL: a name starting with the bulk cipher has static RSA key exchange ("AES128-SHA").
  const first = tokens[0] ?? '';
  if (/^(AES\d*|DES|RC4|CAMELLIA\d*|SEED|IDEA|NULL)$/.test(first) && tokens.includes('SHA')) return false;
  return undefined;
}

/**
 * Chromium's `keyExchange` on TLS 1.2 ("ECDHE_RSA", "DHE_RSA", "RSA"): forward secret or not.
 * Empty (what Chromium sends for TLS 1.3) or unknown → undefined.
 */
export function keyExchangeForwardSecrecy(keyExchange: string | undefined): boolean | undefined {
  if (!keyExchange) return undefined;
  const k = keyExchange.toUpperCase();
  if (/(^|[^A-Z])(ECDHE|DHE)([^A-Z]|$)/.test(k)) return true;
  if (/^(RSA|PSK|RSA_PSK|ECDH_RSA|ECDH_ECDSA|DH_RSA|DH_DSS)$/.test(k)) return false;
  return undefined;
}

/** A key-exchange group, named and judged. */
export interface GroupInfo {
  /** The IANA / common name ("X25519MLKEM768", "P-256"). */
  name: string;
  /** Resists a future quantum computer recording today's traffic ("harvest now, decrypt later"). */
  postQuantum: boolean;
  /** Classical + post-quantum combined (both must break). */
  hybrid: boolean;
  /** A pre-standard draft (Kyber) that browsers have since replaced with ML-KEM. */
  draft: boolean;
  recognised: boolean;
}

const GROUPS: Record<string, Omit<GroupInfo, 'recognised'>> = {};
function group(names: string[], info: Omit<GroupInfo, 'recognised'>): void {
  for (const n of names) GROUPS[n] = info;
}
const classical = (name: string) => ({ name, postQuantum: false, hybrid: false, draft: false });
group(['x25519', 'ecdhx25519'], classical('X25519'));
group(['x448'], classical('X448'));
group(['secp256r1', 'p256', 'prime256v1', 'ecdhp256'], classical('P-256'));
group(['secp384r1', 'p384', 'ecdhp384'], classical('P-384'));
group(['secp521r1', 'p521', 'ecdhp521'], classical('P-521'));
for (const bits of [2048, 3072, 4096, 6144, 8192]) group([`ffdhe${bits}`], classical(`ffdhe${bits}`));
const hybrid = (name: string, draft = false) => ({ name, postQuantum: true, hybrid: true, draft });
// Firefox prints the ML-KEM hybrid as "mlkem768x25519"; IANA and Chromium say "X25519MLKEM768".
group(['x25519mlkem768', 'mlkem768x25519'], hybrid('X25519MLKEM768'));
group(['secp256r1mlkem768', 'p256mlkem768', 'mlkem768secp256r1', 'mlkem768p256'], hybrid('SecP256r1MLKEM768'));
group(['secp384r1mlkem1024', 'p384mlkem1024', 'mlkem1024secp384r1', 'mlkem1024p384'], hybrid('SecP384r1MLKEM1024'));
group(['x25519kyber768draft00', 'x25519kyber768', 'xyber768d00', 'kyber768x25519'], hybrid('X25519Kyber768Draft00', true));
group(['p256kyber768draft00', 'secp256r1kyber768draft00'], hybrid('P256Kyber768Draft00', true));
for (const n of [512, 768, 1024]) group([`mlkem${n}`], { name: `MLKEM${n}`, postQuantum: true, hybrid: false, draft: false });

/** Names a key-exchange group and tells whether it is post-quantum. Undefined for an empty name. */
export function keyExchangeGroupInfo(raw: string | undefined): GroupInfo | undefined {
  if (!raw || !raw.trim()) return undefined;
  const key = raw.toLowerCase().replace(/[^a-z0-9]/g, '');
  const known = GROUPS[key];
  if (known) return { ...known, recognised: true };
  // A group we have no entry for yet still announces itself by its PQ component's name.
  const pq = /mlkem|kyber|xyber|ntru|frodo|hqc/.test(key);
  const classicalPart = /x25519|x448|secp|p256|p384|p521/.test(key);
  return { name: raw.trim(), postQuantum: pq, hybrid: pq && classicalPart, draft: /kyber|xyber|draft/.test(key), recognised: false };
}

/**
 * TLS SignatureScheme code points (RFC 8446 §4.2.3 and the IANA registry) → the names reports
 * carry. Firefox hands over names ("RSA-PSS-SHA256"); Chromium hands over the code point, so this
 * table speaks Firefox's spelling and both engines' reports read alike. ML-DSA (draft-ietf-tls-mldsa)
 * has no Firefox name yet; it gets the algorithm's own ("ML-DSA-65").
 */
const SIGNATURE_SCHEMES: Record<number, string> = {
  0x0201: 'RSA-PKCS1-SHA1',
  0x0203: 'ECDSA-SHA1',
  0x0401: 'RSA-PKCS1-SHA256',
  0x0501: 'RSA-PKCS1-SHA384',
  0x0601: 'RSA-PKCS1-SHA512',
  0x0403: 'ECDSA-P256-SHA256',
  0x0503: 'ECDSA-P384-SHA384',
  0x0603: 'ECDSA-P521-SHA512',
  0x0804: 'RSA-PSS-SHA256',
  0x0805: 'RSA-PSS-SHA384',
  0x0806: 'RSA-PSS-SHA512',
  0x0807: 'ED25519',
  0x0808: 'ED448',
  0x0809: 'RSA-PSS-PSS-SHA256',
  0x080a: 'RSA-PSS-PSS-SHA384',
  0x080b: 'RSA-PSS-PSS-SHA512',
  0x0904: 'ML-DSA-44',
  0x0905: 'ML-DSA-65',
  0x0906: 'ML-DSA-87',
};

/** A SignatureScheme code point (Chromium's `serverSignatureAlgorithm`, 2052) → "RSA-PSS-SHA256". */
export function signatureSchemeName(code: number): string | undefined {
  return SIGNATURE_SCHEMES[code];
}

/** A hash too weak for signatures. */
export type WeakHash = 'sha1' | 'md5';

/**
 * The weak hash a signature scheme or signature algorithm uses, if any. Accepts names
 * ("RSA-PKCS1-SHA1", "ecdsa_sha1", "sha1WithRSAEncryption", "md5WithRSAEncryption") and code
 * points as numbers or strings (513, "0x0201"). TLS 1.2 code points put the hash in the high
 * byte (1 = MD5, 2 = SHA-1) and the signature algorithm (1-3) in the low byte.
 */
export function signatureWeakHash(scheme: string | number | undefined): WeakHash | undefined {
  if (scheme === undefined) return undefined;
  const text = typeof scheme === 'number' ? '' : scheme.trim();
  let code: number | undefined;
  if (typeof scheme === 'number') code = scheme;
  else if (/^0x[0-9a-f]{1,4}$/i.test(text)) code = parseInt(text.slice(2), 16);
  else if (/^\d{1,5}$/.test(text)) code = Number(text);
  if (code !== undefined) {
    const hash = code >> 8;
    const sig = code & 0xff;
    if (sig >= 1 && sig <= 3 && hash === 1) return 'md5';
    if (sig >= 1 && sig <= 3 && hash === 2) return 'sha1';
    return undefined;
  }
  if (/md5/i.test(text)) return 'md5';
  // "sha1" or "sha-1" not followed by a digit (so SHA-128/SHA-1xx forms cannot match by accident).
  if (/sha-?1(?!\d)/i.test(text)) return 'sha1';
  return undefined;
}

/** True when the scheme or algorithm signs with SHA-1. */
export function isSha1Signature(scheme: string | number | undefined): boolean {
  return signatureWeakHash(scheme) === 'sha1';
}

/**
 * Whether a certificate's public key is too short: RSA/DSA/DH below 2048 bits, elliptic
 * curves below 224. Undefined when the algorithm is not one of these or the size is unknown.
 */
export function isShortPublicKey(algorithm: string | undefined, bits: number | undefined): boolean | undefined {
  if (!algorithm || bits === undefined || !Number.isFinite(bits)) return undefined;
  const a = algorithm.toUpperCase();
  if (/RSA|DSA|^DH/.test(a) && !/ECDSA/.test(a)) return bits < 2048;
  if (/^EC|ECDSA|ECDH/.test(a)) return bits < 224;
  return undefined;
}
