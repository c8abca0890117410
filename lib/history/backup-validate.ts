/**
 * Checks a whole JSON backup, field by field, against one description of the format (the
 * SHAPES below), before anything is written. A backup is attacker-controlled: every value is
 * type-checked and capped, times must be real, plausible dates and counts small safe integers,
 * prototype keys and unknown fields are refused. The output is built from the description's
 * keys only, so it holds nothing the file added.
 *
 * The first bad value stops the check; it is described as data (`BackupProblem`: where and
 * why, with numbers as numbers), never as an English sentence, so the page can say it in the
 * user's language (lib/privacy/import-message.ts).
 *
 * Long files are checked in slices that yield to the event loop (`createYielder`), so the page
 * keeps painting its progress bar.
 */
import { HISTORY_EVENT_KINDS, type SiteSnapshot } from './changes';
import { SCHEMES, VERDICTS } from './codes';
import type { ExportedCertificate, ExportedEvent, ExportedSite, ExportedVisit, HistoryExport } from './export';
import { EXPORT_FORMAT, EXPORT_VERSION } from './export';
import { withDefined } from '@/lib/optional';
import { EXPECTATION_KINDS, EXPECTATION_LIMITS, normaliseExpectation, type Expectation } from '@/lib/watch/expectations';

/** Why a value was refused. Each has a message (lib/privacy/import-message.ts). */
export const IMPORT_REASONS = [
  'missing',
  'not-object',
  'not-text',
  'not-number',
  'not-boolean',
  'not-list',
  'not-whole',
  'too-long',
  'too-many',
  'time-range',
  'count-range',
  'unknown-value',
  'forbidden-key',
  'unknown-field',
  'bad-base64',
  'bad-host',
] as const;
export type ImportReason = (typeof IMPORT_REASONS)[number];

/** The lists of a backup, in the order they are checked. */
export const BACKUP_SECTIONS = ['visits', 'certificates', 'sites', 'events', 'expectations'] as const;
/** Sections a file of an older format version may lack: section → the version that added it. */
const SECTION_SINCE: Partial<Record<BackupSection, number>> = { expectations: 2 };
export type BackupSection = (typeof BACKUP_SECTIONS)[number];

/** A value that made the backup unusable: where it is and why. */
export interface RowProblem {
  kind: 'row';
  /** The list it is in; absent for the envelope's own fields. */
  section?: BackupSection;
  /** Position in that list, 0-based (the page shows it 1-based). */
  index?: number;
  /** Field path inside the entry ("snap.scheme", "hosts[3]"); absent when the entry itself is wrong. */
  field?: string;
  reason: ImportReason;
  /** For too-long / too-many / count-range: the largest allowed. */
  limit?: number;
  /** For time-range: the allowed span, ms. */
  from?: number;
  to?: number;
  /** For forbidden-key / unknown-field: the key (file text: show it safely). */
  key?: string;
}

/** Why a backup cannot be imported. */
export type BackupProblem =
  | { kind: 'not-json' }
  | { kind: 'not-backup' }
  | { kind: 'no-version' }
  | { kind: 'newer'; version: number }
  | { kind: 'too-large'; limit: number }
  | RowProblem;

/** A refused backup; `problem` says why (the message is for logs and tests, in English). */
export class HistoryImportError extends Error {
  override name = 'HistoryImportError';
  constructor(readonly problem: BackupProblem) {
    super(`Invalid backup: ${JSON.stringify(problem)}`);
  }
}

// ---- limits ---------------------------------------------------------------------------------

/** Earliest plausible visit / event time: no history of this kind predates 1990. */
export const EARLIEST_TIME = Date.UTC(1990, 0, 1);
/** How far in the future a time may be (clocks of two machines disagree a little). */
export const FUTURE_MARGIN_MS = 2 * 86_400_000;
/** Certificate validity: UTCTime starts in 1950; 9999-12-31 is the standard "no expiry". */
const VALIDITY_FROM = Date.UTC(1950, 0, 1);
const VALIDITY_TO = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/** Longest host name (RFC 1035). */
export const HOST_MAX = 253;
/** DER of one certificate, in bytes, and as base64 characters. */
export const DER_MAX_BYTES = 64 * 1024;
const DER_MAX_BASE64 = Math.ceil(DER_MAX_BYTES / 3) * 4;
/** Short protocol names ("TLSv1.3", "HTTP/2", cipher and group names). */
const NAME_MAX = 128;
/** SHA-256 fingerprints as colon hex are 95 characters; a little slack for other spellings. */
const HASH_MAX = 128;
/** Distinguished names and organisations; real ones are far shorter. */
const DN_MAX = 4096;
/** Reloads of one visit; a site's counters are recomputed, but capped all the same. */
const RELOADS_MAX = 1_000_000;
const SITE_COUNT_MAX = 1_000_000_000;
/** Entries per list of the backup, and per list inside an entry. */
const SECTION_MAX: Readonly<Record<BackupSection, number>> = {
  visits: 2_000_000,
  certificates: 1_000_000,
  sites: 1_000_000,
  events: 1_000_000,
  expectations: EXPECTATION_LIMITS.count,
};
const HOSTS_PER_CERT_MAX = 100_000;
const SANS_MAX = 10_000;

/** Keys that could reach an object's prototype if a later step copied them. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Characters no host name has (it comes from URL.hostname: ASCII, punycode). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_IN_HOST = /[\s\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069/\\]/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

// ---- the format, described ------------------------------------------------------------------

type Field =
  | { type: 'text'; max: number; host?: boolean; base64?: boolean }
  | { type: 'time'; validity?: boolean }
  | { type: 'count'; max: number }
  | { type: 'flag' }
  | { type: 'oneOf'; list: readonly string[] }
  | { type: 'texts'; max: number; items: number; host?: boolean }
  | { type: 'object'; shape: Shape<object> };
type Spec = Field & { optional?: true };
/** Every field of `T` described (the compiler insists when a field is added to a record). */
type Shape<T> = { readonly [K in keyof Required<T>]: Spec };

const host = { type: 'text', max: HOST_MAX, host: true } as const;
const hash = { type: 'text', max: HASH_MAX } as const;
const name = { type: 'text', max: NAME_MAX } as const;
const dn = { type: 'text', max: DN_MAX } as const;
const time = { type: 'time' } as const;
const flag = { type: 'flag' } as const;
const opt = <F extends Field>(f: F): F & { optional: true } => ({ ...f, optional: true });

const VISIT: Shape<ExportedVisit> = {
  time,
  host,
  scheme: { type: 'oneOf', list: SCHEMES },
  verdict: { type: 'oneOf', list: VERDICTS },
  tls: opt(name),
  cipher: opt(name),
  group: opt(name),
  /** IPv6 with a zone is under 64 characters. */
  ip: opt({ type: 'text', max: 64 }),
  httpVersion: opt(name),
  ech: opt(flag),
  privateDns: opt(flag),
  /** "type host:port". */
  proxy: opt({ type: 'text', max: HOST_MAX + 32 }),
  cert: opt(hash),
  reloads: opt({ type: 'count', max: RELOADS_MAX }),
};

const CERTIFICATE: Shape<ExportedCertificate> = {
  sha256: hash,
  der: opt({ type: 'text', max: DER_MAX_BASE64, base64: true }),
  subject: dn,
  issuer: dn,
  subjectCN: opt(dn),
  subjectOrg: opt(dn),
  issuerCN: opt(dn),
  issuerOrg: opt(dn),
  notBefore: opt({ type: 'time', validity: true }),
  notAfter: opt({ type: 'time', validity: true }),
  /** 20 bytes in colon hex is 59 characters; some engines print decimal. */
  serialNumber: opt({ type: 'text', max: 256 }),
  sans: opt({ type: 'texts', max: 1024, items: SANS_MAX }),
  spkiSha256: opt(hash),
  rootBuiltIn: opt(flag),
  hosts: { type: 'texts', max: HOST_MAX, items: HOSTS_PER_CERT_MAX, host: true },
  firstSeen: time,
  lastSeen: time,
};

const SNAPSHOT: Shape<SiteSnapshot> = {
  scheme: { type: 'oneOf', list: SCHEMES },
  verdict: { type: 'oneOf', list: VERDICTS },
  tls: opt(name),
  certSha256: opt(hash),
  issuerOrg: opt(dn),
  issuer: opt(dn),
  spki: opt(hash),
  publicRoot: opt(flag),
  ech: opt(flag),
  expiringWarned: opt(hash),
  echLostAt: opt(time),
  tlsDowngradeAt: opt(time),
};

const SITE: Shape<ExportedSite> = {
  host,
  firstSeen: time,
  lastSeen: time,
  visits: { type: 'count', max: SITE_COUNT_MAX },
  reloads: opt({ type: 'count', max: SITE_COUNT_MAX }),
  httpVisits: opt({ type: 'count', max: SITE_COUNT_MAX }),
  cert: opt(hash),
  snap: { type: 'object', shape: SNAPSHOT },
};

const EVENT: Shape<ExportedEvent> = {
  time,
  host,
  kind: { type: 'oneOf', list: HISTORY_EVENT_KINDS },
  from: opt(dn),
  to: opt(dn),
  ack: opt(time),
};

const EXPECTATION: Shape<Expectation> = {
  host,
  subdomains: flag,
  kind: { type: 'oneOf', list: EXPECTATION_KINDS },
  value: { type: 'text', max: EXPECTATION_LIMITS.value },
  created: time,
};

const SECTION_SHAPES: Readonly<Record<BackupSection, Shape<object>>> = {
  visits: VISIT,
  certificates: CERTIFICATE,
  sites: SITE,
  events: EVENT,
  expectations: EXPECTATION,
};

// ---- checking -------------------------------------------------------------------------------

/** Thrown inside the checker; turned into a `RowProblem` with the entry's place. */
class Refusal {
  constructor(
    readonly field: string | undefined,
    readonly reason: ImportReason,
    readonly extra: Partial<RowProblem> = {},
  ) {}
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

function isPlainArray(x: unknown): x is unknown[] {
  return Array.isArray(x) && Object.getPrototypeOf(x) === Array.prototype;
}

const join = (path: string | undefined, key: string) => (path ? `${path}.${key}` : key);

/** Span of plausible "seen" times: 1990 to now + a margin. */
interface Bounds {
  from: number;
  to: number;
}

function checkText(v: unknown, f: Extract<Field, { type: 'text' }>, path: string): string {
  if (typeof v !== 'string') throw new Refusal(path, 'not-text');
  if (v.length > f.max) throw new Refusal(path, 'too-long', { limit: f.max });
  if (f.host && NOT_IN_HOST.test(v)) throw new Refusal(path, 'bad-host');
  if (f.base64 && (v.length % 4 !== 0 || !BASE64.test(v))) throw new Refusal(path, 'bad-base64');
  return v;
}

function checkValue(v: unknown, f: Field, path: string, seen: Bounds): unknown {
  switch (f.type) {
    case 'text':
      return checkText(v, f, path);
    case 'time': {
      if (typeof v !== 'number' || Number.isNaN(v)) throw new Refusal(path, 'not-number');
      const span = f.validity ? { from: VALIDITY_FROM, to: VALIDITY_TO } : seen;
      if (!(v >= span.from && v <= span.to)) throw new Refusal(path, 'time-range', span);
      return v;
    }
    case 'count':
      if (typeof v !== 'number' || Number.isNaN(v)) throw new Refusal(path, 'not-number');
      if (!Number.isInteger(v)) throw new Refusal(path, 'not-whole');
      if (v < 0 || v > f.max) throw new Refusal(path, 'count-range', { limit: f.max });
      return v;
    case 'flag':
      if (typeof v !== 'boolean') throw new Refusal(path, 'not-boolean');
      return v;
    case 'oneOf':
      if (typeof v !== 'string') throw new Refusal(path, 'not-text');
      if (!f.list.includes(v)) throw new Refusal(path, 'unknown-value');
      return v;
    case 'texts': {
      if (!isPlainArray(v)) throw new Refusal(path, 'not-list');
      if (v.length > f.items) throw new Refusal(path, 'too-many', { limit: f.items });
      const item = { type: 'text', max: f.max, host: f.host } as const;
      return v.map((x, i) => checkText(x, item, `${path}[${i}]`));
    }
    case 'object':
      return checkObject(v, f.shape, path, seen);
  }
}

const fieldLists = new WeakMap<Shape<object>, [string, Spec][]>();
/** A shape's fields as a list, made once (a million rows would otherwise make a million). */
function fieldsOf(shape: Shape<object>): [string, Spec][] {
  let list = fieldLists.get(shape);
  if (!list) fieldLists.set(shape, (list = Object.entries(shape) as [string, Spec][]));
  return list;
}

/** A new object with exactly the described fields of `x`, each checked. */
function checkObject(x: unknown, shape: Shape<object>, path: string | undefined, seen: Bounds): Record<string, unknown> {
  if (!isPlainObject(x)) throw new Refusal(path, 'not-object');
  for (const key of Object.keys(x)) {
    if (FORBIDDEN_KEYS.has(key)) throw new Refusal(path, 'forbidden-key', { key });
    if (!Object.hasOwn(shape, key)) throw new Refusal(path, 'unknown-field', { key });
  }
  const out: Record<string, unknown> = {};
  for (const [key, spec] of fieldsOf(shape)) {
    const v = x[key];
    const at = join(path, key);
    if (v === undefined) {
      if (!spec.optional) throw new Refusal(at, 'missing');
      continue;
    }
    out[key] = checkValue(v, spec, at, seen);
  }
  return out;
}

/** Options of `validateBackup`. */
export interface ValidateOptions {
  /** "Now" for the plausible-time check, ms. */
  now?: number;
  /** Rows checked so far of `total` (all lists together). */
  onProgress?: (done: number, total: number) => void;
  /**
   * Awaited between rows; yields to the event loop now and then (see `createYielder`), and
   * always when `force` is set.
   */
  pause?: (force?: boolean) => Promise<void> | undefined;
}

const ENVELOPE_KEYS = new Set(['format', 'version', 'schemaVersion', 'exportedAt', ...BACKUP_SECTIONS]);

/**
 * Checks a parsed backup completely and returns it typed and rebuilt, or throws a
 * `HistoryImportError`. Nothing is written.
 */
export async function validateBackup(raw: unknown, options: ValidateOptions = {}): Promise<HistoryExport> {
  const now = options.now ?? Date.now();
  const seen: Bounds = { from: EARLIEST_TIME, to: now + FUTURE_MARGIN_MS };
  const refuse = (problem: BackupProblem): never => {
    throw new HistoryImportError(problem);
  };
  const at = (r: Refusal, section?: BackupSection, index?: number): RowProblem => {
    const p: RowProblem = { kind: 'row', reason: r.reason, ...r.extra };
    return withDefined(p, { section, index, field: r.field });
  };

  if (!isPlainObject(raw) || raw['format'] !== EXPORT_FORMAT) return refuse({ kind: 'not-backup' });
  const version = raw['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return refuse({ kind: 'no-version' });
  if (version > EXPORT_VERSION) return refuse({ kind: 'newer', version: Math.min(version, Number.MAX_SAFE_INTEGER) });

  const lists = {} as Record<BackupSection, unknown[]>;
  let schemaVersion = 0;
  let exportedAt: number;
  try {
    for (const key of Object.keys(raw)) {
      if (FORBIDDEN_KEYS.has(key)) throw new Refusal(undefined, 'forbidden-key', { key });
      if (!ENVELOPE_KEYS.has(key)) throw new Refusal(undefined, 'unknown-field', { key });
    }
    if (raw['schemaVersion'] !== undefined) {
      schemaVersion = checkValue(raw['schemaVersion'], { type: 'count', max: 1_000_000 }, 'schemaVersion', seen) as number;
    }
    if (raw['exportedAt'] === undefined) throw new Refusal('exportedAt', 'missing');
    exportedAt = checkValue(raw['exportedAt'], time, 'exportedAt', seen) as number;
    for (const section of BACKUP_SECTIONS) {
      const list = raw[section];
      const since = SECTION_SINCE[section];
      if (list === undefined && since !== undefined && version < since) {
        lists[section] = [];
        continue;
      }
      if (list === undefined) throw new Refusal(section, 'missing');
      if (!isPlainArray(list)) throw new Refusal(section, 'not-list');
      if (list.length > SECTION_MAX[section]) throw new Refusal(section, 'too-many', { limit: SECTION_MAX[section] });
      lists[section] = list;
    }
  } catch (err) {
    if (err instanceof Refusal) return refuse(at(err));
    throw err;
  }

  const total = BACKUP_SECTIONS.reduce((n, s) => n + lists[s].length, 0);
  const out = { visits: [], certificates: [], sites: [], events: [], expectations: [] } as Record<BackupSection, object[]>;
  let done = 0;
  // The phase is announced before the first row, with a yield so the page can show it: a file
  // checked within one slice would otherwise go from "reading" to its outcome unseen.
  options.onProgress?.(0, total);
  await options.pause?.(true);
  for (const section of BACKUP_SECTIONS) {
    const shape = SECTION_SHAPES[section];
    const list = lists[section];
    const into = out[section];
    for (let i = 0; i < list.length; i++) {
      try {
        const row = checkObject(list[i], shape, undefined, seen);
        // An expectation's value must also be what its kind allows (a key is a base64 SHA-256).
        if (section === 'expectations' && !normaliseExpectation(row)) throw new Refusal('value', 'unknown-value');
        into.push(row);
      } catch (err) {
        if (err instanceof Refusal) return refuse(at(err, section, i));
        throw err;
      }
      done++;
      const p = options.pause?.();
      if (p) {
        options.onProgress?.(done, total);
        await p;
      }
    }
  }
  options.onProgress?.(done, total);
  return {
    format: EXPORT_FORMAT,
    version,
    schemaVersion,
    exportedAt,
    visits: out.visits as ExportedVisit[],
    certificates: out.certificates as ExportedCertificate[],
    sites: out.sites as ExportedSite[],
    events: out.events as ExportedEvent[],
    expectations: out.expectations as Expectation[],
  };
}

/**
 * A pause function that yields to the event loop once `sliceMs` of work have passed since the
 * last yield and returns undefined (no await, no cost) otherwise.
 */
export function createYielder(sliceMs = 12): () => Promise<void> | undefined {
  let since = performance.now();
  const tick =
    typeof MessageChannel === 'function'
      ? () =>
          new Promise<void>((resolve) => {
            // A message task runs before timers' 4 ms clamp would let it: yields without idling.
            const ch = new MessageChannel();
            ch.port1.onmessage = () => {
              ch.port1.close();
              resolve();
            };
            ch.port2.postMessage(undefined);
          })
      : () => new Promise<void>((resolve) => setTimeout(resolve, 0));
  return (force = false) => {
    const t = performance.now();
    if (!force && t - since < sliceMs) return undefined;
    return tick().then(() => {
      since = performance.now();
    });
  };
}
