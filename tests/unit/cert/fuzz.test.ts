/**
 * Fuzz suite for both certificate readers (issue 14): mutations of real certificates made by
 * fixtures.ts (bit flips, truncation, corrupt and huge lengths, deep nesting, long primitive
 * values, thousands of repeats, hostile text), from a fixed seed.
 *
 * `npm test` runs ONLOOKER_FUZZ_CASES (default 2,000) cases; `npm run fuzz` runs 100,000 and
 * prints the slowest. Each case must: not throw (nor end in the readers' last-resort
 * "internal" error), stay under 50 ms in each reader, give output within the caps, and, when
 * both readers accept it, give the same fields (tests/unit/cert/agreement.ts).
 *
 * Timing on a shared machine is noisy, so a case over the budget is timed again (best of
 * three) before it counts as slow: a real quadratic case stays slow, a scheduler hiccup does not.
 */
import { isDeepStrictEqual } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_DER_BYTES } from '../../../lib/cert/bytes';
import { MAX_LIST_ITEMS, MAX_TEXT_CHARS } from '../../../lib/cert/caps';
import { MAX_DER_DEPTH } from '../../../lib/cert/der';
import { parseCertificate } from '../../../lib/cert/parse';
import { summariseCertificate } from '../../../lib/cert/summary';
import type { CertDetails } from '../../../lib/cert/types';
import { expectedBrief } from './agreement';
import {
  DAY,
  ecKeys,
  makeIntermediate,
  makeLeaf,
  makeRoot,
  rsaKeys,
  sctExtension,
  sctListTls,
  logId,
  tlsFeatureExtension,
  x509,
} from './fixtures';
import { fuzzCase, longBooleanCert, nest } from './fuzz-cases';

const CASES = Number(process.env['ONLOOKER_FUZZ_CASES'] ?? 2000);
const SEED = Number(process.env['ONLOOKER_FUZZ_SEED'] ?? 14);
/**
 * The documented difference on malformed input: where a SAN or certificatePolicies value is
 * malformed *inside* (an entry with junk appended, a broken directoryName), x509's schemas and
 * the light reader's entry-by-entry decoding may keep different parts (one shows "[4]" where the
 * other shows a partial name; one drops the policy list where the other reads it). Identity
 * fields (names, validity, serial, key, signature, fingerprint, self-issued) must always agree;
 * on well-formed extensions everything agrees (summary.test.ts). Counted and printed, not failed.
 */
const EXTENSION_FIELDS: ReadonlySet<string> = new Set(['san', 'policies', 'validationLevel', 'cut']);

/** Per-case budget for each reader (issue 14). */
const BUDGET_MS = 50;

let bases: Uint8Array[] = [];

beforeAll(async () => {
  const [rootKeys, interKeys, rsaLeaf, ecLeaf] = await Promise.all([rsaKeys(), ecKeys('P-384'), rsaKeys(), ecKeys()]);
  const ROOT = 'CN=Fuzz Root, O=Fuzz CA, C=DE';
  const INTER = 'CN=Fuzz Intermediate, O=Fuzz CA, C=DE';
  const root = await makeRoot(ROOT, rootKeys);
  const inter = await makeIntermediate(INTER, interKeys, { name: ROOT, keys: rootKeys });
  const rsa = await makeLeaf({
    keys: rsaLeaf,
    issuer: { name: INTER, keys: interKeys },
    san: [
      { type: 'dns', value: 'fuzz.test' },
      { type: 'dns', value: '*.fuzz.test' },
      { type: 'ip', value: '192.0.2.1' },
      { type: 'ip', value: '2001:db8::1' },
      { type: 'email', value: 'a@fuzz.test' },
      { type: 'url', value: 'https://fuzz.test/' },
      { type: 'dn', value: 'CN=Directory, O=Fuzz' },
      { type: 'upn', value: 'user@fuzz.test' },
    ],
    policies: ['2.23.140.1.2.2'],
    extra: [sctExtension(sctListTls([{ logId: logId(1), timestamp: Date.UTC(2025, 0, 1) }])), tlsFeatureExtension([5])],
  });
  const ec = await makeLeaf({
    subject: [{ CN: ['\u202Eevil.test'] }, { O: ['Bank <b>Ltd</b>'] }, { OU: ['one', 'two'] }],
    keys: ecLeaf,
    issuer: { name: ROOT, keys: rootKeys },
    san: [{ type: 'dns', value: 'ec.fuzz.test' }],
    policies: ['2.23.140.1.1'],
    notAfter: new Date(Date.UTC(2051, 0, 1)),
    notBefore: new Date(Date.now() - DAY),
  });
  bases = [root, inter, rsa, ec].map((c: x509.X509Certificate) => new Uint8Array(c.rawData));
}, 60_000);

interface Timed {
  brief: Awaited<ReturnType<typeof summariseCertificate>> | Error;
  full: Awaited<ReturnType<typeof parseCertificate>> | Error;
  lightMs: number;
  fullMs: number;
}

/** Runs both readers; an exception is returned, not thrown, so it can be counted. */
async function run(b64: string): Promise<Timed> {
  const t0 = performance.now();
  const brief = await summariseCertificate(b64).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
  const t1 = performance.now();
  const full = await parseCertificate(b64).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
  const t2 = performance.now();
  return { brief, full, lightMs: t1 - t0, fullMs: t2 - t1 };
}

/** Paths in a reader's output that exceed the caps (derBase64 is the input itself). */
function overCaps(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return path !== 'derBase64' && value.length > MAX_TEXT_CHARS ? [path] : [];
  if (Array.isArray(value)) {
    const own = value.length > MAX_LIST_ITEMS ? [path] : [];
    return own.concat(value.flatMap((v, i) => overCaps(v, `${path}.${i}`)));
  }
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => overCaps(v, path ? `${path}.${k}` : k));
  return [];
}

interface Slow {
  index: number;
  op: string;
  bytes: number;
  ms: number;
}

function keepWorst(list: Slow[], item: Slow, n = 10): void {
  list.push(item);
  list.sort((a, b) => b.ms - a.ms);
  if (list.length > n) list.length = n;
}

/** Best of three further timings: what the case costs without scheduler noise. */
async function retime(b64: string, reader: 'light' | 'full'): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = await run(b64);
    best = Math.min(best, reader === 'light' ? t.lightMs : t.fullMs);
  }
  return best;
}

describe(`fuzz: ${CASES} mutated certificates, seed ${SEED}`, () => {
  it(
    'no exception, no case over 50 ms, no output over the caps, and the readers agree',
    async () => {
      const problems: string[] = [];
      const worstLight: Slow[] = [];
      const worstFull: Slow[] = [];
      const reasons = new Map<string, number>();
      let bothOk = 0;
      let extensionDiffs = 0;
      const note = (kind: string, c: { index: number; op: string; der: Uint8Array }, detail = '') => {
        if (problems.length < 20)
          problems.push(`#${c.index} ${kind} [${c.op}] ${detail} ${Buffer.from(c.der).toString('base64').slice(0, 200)}`);
      };
      const started = performance.now();
      for (let i = 0; i < CASES; i++) {
        if (i > 0 && i % 10_000 === 0) {
          const w = (l: Slow[]) => (l[0] ? `${l[0].ms.toFixed(1)} ms (#${l[0].index})` : '-');
          process.stderr.write(`fuzz: ${i} cases, ${problems.length} problems, worst light ${w(worstLight)}, worst full ${w(worstFull)}\n`);
        }
        const c = fuzzCase(SEED, i, bases);
        const b64 = Buffer.from(c.der).toString('base64');
        const t = await run(b64);
        keepWorst(worstLight, { index: i, op: c.op, bytes: c.der.length, ms: t.lightMs });
        keepWorst(worstFull, { index: i, op: c.op, bytes: c.der.length, ms: t.fullMs });
        if (t.brief instanceof Error) note('light reader threw', c, t.brief.message);
        if (t.full instanceof Error) note('full parser threw', c, t.full.message);
        if (t.brief instanceof Error || t.full instanceof Error) continue;
        const key = `${t.brief.ok ? 'ok' : t.brief.reason}/${t.full.ok ? 'ok' : t.full.reason}`;
        reasons.set(key, (reasons.get(key) ?? 0) + 1);
        if (!t.brief.ok && t.brief.reason === 'internal') note('light reader internal error', c, t.brief.detail);
        if (!t.full.ok && t.full.reason === 'internal') note('full parser internal error', c, t.full.detail);
        for (const p of [...overCaps(t.brief), ...overCaps(t.full)]) note('over the caps', c, p);
        if (t.brief.ok && t.full.ok) {
          bothOk++;
          const want = expectedBrief(t.full as CertDetails);
          const got = t.brief as unknown as Record<string, unknown>;
          const exp = want as unknown as Record<string, unknown>;
          const fields = [...new Set([...Object.keys(got), ...Object.keys(exp)])].filter((k) => !isDeepStrictEqual(got[k], exp[k]));
          const strict = fields.filter((f) => !EXTENSION_FIELDS.has(f));
          if (fields.length > strict.length) extensionDiffs++;
          if (strict.length) {
            const f = strict[0] as string;
            const show = (v: unknown) => JSON.stringify(v)?.slice(0, 300);
            note('readers disagree', c, `${strict.join(',')}: light ${show(got[f])} full ${show(exp[f])}`);
          }
        }
      }
      // Slow cases: time again before calling them slow.
      const confirmed: string[] = [];
      for (const [reader, list] of [
        ['light', worstLight],
        ['full', worstFull],
      ] as const) {
        for (const s of list.filter((x) => x.ms > BUDGET_MS)) {
          const best = await retime(Buffer.from(fuzzCase(SEED, s.index, bases).der).toString('base64'), reader);
          if (best > BUDGET_MS) confirmed.push(`${reader} #${s.index} [${s.op}] ${s.bytes} B: ${best.toFixed(1)} ms`);
        }
      }
      const fmt = (l: Slow[]) =>
        l
          .slice(0, CASES > 10_000 ? 10 : 3)
          .map((s) => `  #${s.index} ${s.ms.toFixed(1)} ms ${s.bytes} B [${s.op}]`)
          .join('\n');
      console.log(
        `fuzz: ${CASES} cases, seed ${SEED}, ${((performance.now() - started) / 1000).toFixed(1)} s; both readers accepted ${bothOk}, ` +
          `of which ${extensionDiffs} decode a malformed SAN or policies extension differently (documented)\n` +
          `results (light/full): ${[...reasons].map(([k, n]) => `${k} ${n}`).join(', ')}\n` +
          `slowest light reader cases:\n${fmt(worstLight)}\nslowest full parser cases:\n${fmt(worstFull)}`,
      );
      expect(problems).toEqual([]);
      expect(confirmed).toEqual([]);
    },
    Math.max(120_000, CASES * 100),
  );
});

describe('crafted certificates get a clear state, fast', () => {
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  const both = async (der: Uint8Array) => {
    const t = await run(b64(der));
    return {
      light: t.brief instanceof Error || t.brief.ok ? t.brief : t.brief.reason,
      full: t.full instanceof Error || t.full.ok ? t.full : t.full.reason,
      ms: Math.max(t.lightMs, t.fullMs),
    };
  };

  it('a long BOOLEAN under the size limit is refused as not DER (asn1js never sees it)', async () => {
    const r = await both(longBooleanCert(bases[2] as Uint8Array, 60_000));
    expect(r).toMatchObject({ light: 'not-der', full: 'not-der' });
  });

  it('a long primitive SET (always constructed in DER) is refused as not DER', async () => {
    // `npm run fuzz` case #84402 of seed 14: a 20 KB primitive SET in place of an element of the
    // certificate took asn1js 46 ms before the schema refused it.
    const c = fuzzCase(14, 84_402, bases);
    expect(c.op).toBe('long-primitive:11:20000');
    expect(await both(c.der)).toMatchObject({ light: 'not-der', full: 'not-der' });
  });

  it.each([80_000, 500_000, 1_200_000])('a %d-byte long-BOOLEAN certificate is too large', async (size) => {
    expect(await both(longBooleanCert(bases[2] as Uint8Array, size))).toMatchObject({ light: 'too-large', full: 'too-large' });
  });

  it('a certificate one byte over 64 KB is too large; the size check comes first', async () => {
    const der = new Uint8Array(MAX_DER_BYTES + 1);
    expect(await both(der)).toMatchObject({ light: 'too-large', full: 'too-large' });
  });

  it.each([MAX_DER_DEPTH + 1, 1000, 10_000])('nesting %d deep is too complex for both readers', async (depth) => {
    // Deep SEQUENCEs in place of the issuer name: the outline is a certificate, the depth is not.
    const deep = nest(depth, Uint8Array.from([0x05, 0x00]));
    const cert = nest(1, Uint8Array.from([...nest(1, Uint8Array.from([0x02, 0x01, 0x01, ...deep])), 0x30, 0x00, 0x03, 0x01, 0x00]));
    expect(await both(cert)).toMatchObject({ light: 'too-complex', full: 'too-complex' });
  });
});
