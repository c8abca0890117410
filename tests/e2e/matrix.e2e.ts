/**
 * The badssl-style matrix (tests/fixtures/matrix.mjs) in real Chromium and Firefox with the built
 * extension and default settings: each case's page, then its badge, verdict, reasons, popup
 * values and "who can see what" lines; on Chromium again after Inspect where the case says what
 * Inspect must add. Firefox's profile holds a real certificate override (cert_override.txt, the
 * file Firefox writes when a user clicks through) for the overridden case.
 *
 * ONLOOKER_E2E_QUICK=1 (`npm run test:e2e -- --quick`) runs only the cases marked `quick`.
 * ONLOOKER_MATRIX_OBSERVE=1 prints what each case really showed (to fill in the table).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createPki, DEFAULT_LEAVES } from '../fixtures/ca.mjs';
import { MATRIX, MATRIX_LEAVES, type Expectation, type MatrixCase } from '../fixtures/matrix.mjs';
import { verdict } from '../../lib/report/verdict.ts';
import { BROWSERS, REPO_ROOT, launch, startSites, waitFor, type BrowserName, type Session } from './harness.ts';
import { answered, inspect, tabState } from './state.ts';

type Messages = Record<string, { message: string }>;
const messages = JSON.parse(readFileSync(join(REPO_ROOT, 'public/_locales/en/messages.json'), 'utf8')) as Messages;
/** The literal parts of an English message (around its placeholders) that a rendered line must contain. */
const fragments = (key: string): string[] => {
  const m = messages[key];
  if (!m) throw new Error(`no message ${key}`);
  return m.message
    .split(/\$[A-Za-z0-9_]+\$/)
    .map((s) => s.trim())
    .filter((s) => s.length >= 4);
};

const QUICK = process.env['ONLOOKER_E2E_QUICK'] === '1';
const OBSERVE = process.env['ONLOOKER_MATRIX_OBSERVE'] === '1';
const cases = MATRIX.filter((c) => !QUICK || c.quick);

interface Seen {
  badge: string;
  verdict: string;
  reasons: string[];
  popup: string;
  onlookers: string;
  /** The leaf's chain entry, opened (its details are parsed from DER then). */
  leaf: string;
  /** The key-exchange group as the engine spelled it (the stored report). */
  group?: string;
  /** The "How this connection was made" view, opened (when a case expects lines of it). */
  handshake: string;
}

const popupText = (session: Session, tabId: number, openLeaf: boolean, openHandshake = false) =>
  waitFor('the complete popup', async () => {
    const popup = await session.openPopup(tabId).catch(() => undefined);
    if (!popup) return undefined;
    try {
      await popup.page.waitForSelector('main[data-complete="true"]', 15_000);
      const leaf = openLeaf
        ? await waitFor('the leaf certificate details', () =>
            popup.page.evaluate(() => {
              const item = document.querySelector('.cert-chain-item');
              const details = item?.querySelector('details');
              if (!item || !details) return undefined;
              if (!details.open) (details.querySelector('summary') as HTMLElement).click();
              return item.querySelector('dl') ? (item as HTMLElement).innerText : undefined;
            }),
          )
        : '';
      const handshake = openHandshake
        ? await waitFor('the handshake view', () =>
            popup.page.evaluate(() => {
              const details = document.querySelector<HTMLDetailsElement>('.handshake details');
              if (!details) return undefined;
              if (!details.open) (details.querySelector('summary') as HTMLElement).click();
              return details.querySelector('.hs-body') ? (details as HTMLElement).innerText : undefined;
            }),
          )
        : '';
      return await popup.page.evaluate(
        ([leafText, handshakeText]: [string, string]) => ({
          popup: document.body.innerText,
          onlookers: (document.querySelector('.onlookers') as HTMLElement | null)?.innerText ?? '',
          leaf: leafText,
          handshake: handshakeText,
        }),
        [leaf, handshake] as [string, string],
      );
    } finally {
      await popup.close();
    }
  });

/** What the tab shows once its badge is the one expected (or after a while, whatever it is). */
async function seen(session: Session, tabId: number, want: Expectation | undefined): Promise<Seen> {
  // The page's own response, not its commit's placeholder (a plain-HTTP response may trail it).
  await waitFor(
    'the tab report',
    async () => {
      const main = (await tabState(session, tabId))?.main;
      return main && answered(main) ? true : undefined;
    },
    20_000,
  );
  // The badge and reasons settle once the page probe (mixed content, HTTP version) has reported.
  const settle = Date.now() + (want && !OBSERVE ? 10_000 : 4_000);
  let badge = '';
  let reasons: string[] = [];
  for (;;) {
    badge = (await session.badge(tabId)).text;
    reasons = verdict((await tabState(session, tabId))!).reasons.map((r) => r.key);
    if (want && badge === want.badge && (want.reasons ?? []).every((r) => reasons.includes(r))) break;
    if (Date.now() > settle) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const state = (await tabState(session, tabId))!;
  const v = verdict(state);
  const group = state.main?.tls?.group;
  const openHandshake = [...(want?.handshake ?? []), ...(want?.says ?? []), ...(want?.unsaid ?? [])].length > 0;
  const shown = await popupText(session, tabId, OBSERVE || (want?.leaf ?? []).length > 0, openHandshake);
  return { badge, verdict: v.kind, reasons: v.reasons.map((r) => r.key), ...shown, ...(group ? { group } : {}) };
}

function check(what: string, got: Seen, want: Expectation): void {
  if (OBSERVE) {
    console.log(`MATRIX ${what}: ${JSON.stringify({ ...got, popup: undefined, onlookers: undefined })}\n--- popup ---\n${got.popup}\n---`);
    return;
  }
  expect(got.badge, `${what}: badge`).toBe(want.badge);
  expect(got.verdict, `${what}: verdict`).toBe(want.verdict);
  for (const r of want.reasons ?? []) expect(got.reasons, `${what}: reasons`).toContain(r);
  for (const r of want.absent ?? []) expect(got.reasons, `${what}: reasons`).not.toContain(r);
  if (want.group) expect(got.group, `${what}: key-exchange group as the engine spells it`).toBe(want.group);
  for (const v of want.leaf ?? []) expect(got.leaf, `${what}: leaf certificate shows ${v}`).toContain(v);
  for (const v of want.popup ?? []) expect(got.popup, `${what}: popup shows ${v}`).toContain(v);
  for (const v of want.handshake ?? []) expect(got.handshake, `${what}: handshake view shows ${v}`).toContain(v);
  for (const key of want.exposure ?? []) for (const f of fragments(key)) expect(got.onlookers, `${what}: exposure ${key}`).toContain(f);
  const all = `${got.popup}\n${got.handshake}`;
  for (const key of want.says ?? []) for (const f of fragments(key)) expect(all, `${what}: says ${key}`).toContain(f);
  for (const key of want.unsaid ?? []) for (const f of fragments(key)) expect(all, `${what}: does not say ${key}`).not.toContain(f);
}

const expectationFor = (c: MatrixCase, browser: BrowserName) => (browser === 'firefox' ? c.firefox : c.chromium);

describe.each(BROWSERS)('matrix (%s)', (browser) => {
  let sites: Awaited<ReturnType<typeof startSites>>;
  let session: Session;
  const mine = cases.filter((c) => expectationFor(c, browser) || (browser === 'chromium' && c.chromiumInspected));

  beforeAll(async () => {
    const pki = await createPki({ leaves: { ...DEFAULT_LEAVES, ...MATRIX_LEAVES } });
    sites = await startSites({ pki, matrix: true });
    // The override Firefox writes when a user clicks through: host:port, SHA-256 OID, fingerprint.
    const overrides = MATRIX.filter((c) => c.firefoxOverride).map(
      (c) => `${c.host}:${sites.ports.https}:\tOID.2.16.840.1.101.3.4.2.1\t${pki.leaves.get(c.host)?.sha256}\t\t\n`,
    );
    const certOverride = `# PSM Certificate Override Settings file\n# This is a generated file!  Do not edit.\n${overrides.join('')}`;
    session = await launch(browser, {
      rootCA: pki.rootPath,
      sitesAddress: sites.address,
      ...(browser === 'firefox' ? { firefoxProfileFiles: { 'cert_override.txt': certOverride } } : {}),
    });
  }, 240_000);
  afterAll(async () => {
    await session?.close();
    await sites?.close();
    await sites?.pki.dispose();
  });

  test.each(mine.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const { tabId } = await session.openPage(sites.url(c.host, c.path ?? '/'), { allowNavigationError: true });
    const want = expectationFor(c, browser);
    const got = await seen(session, tabId, want);
    if (want) check(`${c.id} (${browser})`, got, want);
    if (browser === 'chromium' && c.chromiumInspected) {
      const result = await inspect(session, tabId);
      if (!OBSERVE) expect(result, `${c.id}: inspection`).toMatchObject({ ok: true });
      check(`${c.id} (chromium, inspected)`, await seen(session, tabId, c.chromiumInspected), c.chromiumInspected);
    }
    if (c.id === 'post-quantum' && !OBSERVE) {
      // The page came from the Node 26 server, which offers no group but X25519MLKEM768.
      expect(sites.requests.some((r) => r.host === 'pq.test' && r.port === sites.ports.pq)).toBe(true);
    }
  });
});
