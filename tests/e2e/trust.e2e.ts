/**
 * Forged messages against the built extension in real Chromium and Firefox (issue 14, item 3).
 * A content script — what a compromised page renderer controls — may report only about its own
 * tab; it may not read another tab's state (URLs carry session tokens), start an inspection
 * (debugger attach + reload) or smuggle malformed payloads. Onlooker's own pages are answered.
 * How the content-script world is reached on each engine: tests/e2e/content-world.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BROWSERS, launch, startSites, waitFor, type Session, type TestPage } from './harness.ts';
import { sendFromContentScript, sendFromExtensionPage, type Outcome } from './content-world.ts';
import { tabState } from './state.ts';

const SECRET = 'session=tok-5f2c9e';
const refused = (o: Outcome) => 'err' in o && /refused/.test(o.err);

describe.each(BROWSERS)('messages are checked for their sender and payload (%s)', (browser) => {
  let sites: Awaited<ReturnType<typeof startSites>>;
  let session: Session;
  let victim: number;
  let attacker: { tabId: number; page: TestPage };
  const victimLoads = () => sites.requests.filter((r) => r.host === 'secure.test' && r.path === '/').length;

  beforeAll(async () => {
    sites = await startSites();
    session = await launch(browser, { rootCA: sites.pki.rootPath, sitesAddress: sites.address });
    victim = (await session.openPage(sites.url('secure.test', `/?${SECRET}`))).tabId;
    attacker = await session.openPage(sites.url('plain.test'));
    await waitFor('the victim tab state', async () => ((await tabState(session, victim))?.main ? true : undefined));
    // Two browsers launch per file; on a loaded 2-core machine a launch alone can take minutes.
  }, 240_000);
  afterAll(async () => {
    await session?.close();
    await sites?.close();
  });

  test("a content script cannot read any tab's state, its own included", async () => {
    for (const tabId of [victim, attacker.tabId, victim - 1, victim + 1, victim + 2]) {
      const outcome = await sendFromContentScript(session, attacker.tabId, attacker.page, { type: 'get-tab', tabId });
      expect(outcome, `get-tab ${tabId}`).toEqual({ err: expect.stringContaining('refused') });
      expect(JSON.stringify(outcome)).not.toContain(SECRET);
    }
  });

  test("an extension page is answered with the tab's state", async () => {
    const outcome = await sendFromExtensionPage(session, '/privacy.html', { type: 'get-tab', tabId: victim });
    expect(outcome).toMatchObject({ ok: { engine: browser, state: { tabId: victim } } });
    expect(JSON.stringify(outcome)).toContain(SECRET);
  });

  test('a content script cannot start an inspection; nor can a page other than the popup', async () => {
    const before = victimLoads();
    for (const tabId of [victim, attacker.tabId]) {
      expect(await sendFromContentScript(session, attacker.tabId, attacker.page, { type: 'inspect', tabId })).toSatisfy(refused);
    }
    expect(await sendFromExtensionPage(session, '/privacy.html', { type: 'inspect', tabId: victim })).toSatisfy(refused);
    // An inspection reloads the tab under the debugger: give one time to happen, then count loads.
    await new Promise((r) => setTimeout(r, 2000));
    expect(victimLoads()).toBe(before);
  });

  test('the popup is answered when it asks for an inspection (Chromium attaches and reloads)', async () => {
    const before = victimLoads();
    const outcome = await sendFromExtensionPage(session, `/popup.html?tab=${victim}`, { type: 'inspect', tabId: victim });
    if (browser === 'chromium') {
      expect(outcome).toMatchObject({ ok: { ok: true, tls: { source: 'chromium-debugger' } } });
      expect(victimLoads()).toBeGreaterThan(before);
    } else {
      // Firefox has no debugger API: the answer says inspection is not possible (not a refusal).
      expect(outcome).toMatchObject({ ok: { ok: false } });
    }
  });

  test('forged page probes are refused and never reach another tab', async () => {
    const send = (message: Record<string, unknown>) => sendFromContentScript(session, attacker.tabId, attacker.page, message);
    const form = { kind: 'form', url: 'http://plain.test/steal' };
    // Each forgery is otherwise well formed (secrets: []), so it is refused for what it forges.
    const probe = (fields: Record<string, unknown>) => ({ type: 'page-probe', protocol: 'h2', mixed: [], secrets: [], ...fields });
    const forged: [string, Record<string, unknown>][] = [
      ['kind __proto__', probe({ mixed: [{ kind: '__proto__', url: 'http://x.test/' }] })],
      ['unknown kind', probe({ mixed: [{ kind: 'script', url: 'http://x.test/' }] })],
      ['another tab named in the payload', probe({ mixed: [form], tabId: victim, frameId: 0 })],
      ['a list too long', probe({ mixed: Array.from({ length: 1000 }, () => form) })],
      ['a URL too long', probe({ mixed: [{ kind: 'form', url: `http://x.test/${'a'.repeat(100_000)}` }] })],
      ['a wrong type', probe({ protocol: 2 })],
      ['an unknown secret field kind', probe({ secrets: ['ssn'] })],
      ['a secret field kind __proto__', probe({ secrets: ['__proto__'] })],
      ['no secret fields said', { type: 'page-probe', protocol: 'h2', mixed: [form] }],
    ];
    for (const [what, message] of forged) expect(await send(message), what).toSatisfy(refused);
    // A well-formed probe is answered, and applies to the sender's own (plain-HTTP) tab only.
    expect(await send(probe({ mixed: [form] }))).toEqual({ ok: null });
    expect((await tabState(session, victim))?.mixed).toEqual([]);
    // Extension pages do not speak for a page.
    expect(await sendFromExtensionPage(session, '/privacy.html', probe({ mixed: [form] }))).toSatisfy(refused);
  });

  test("a content script's own report lands on its own HTTPS page", async () => {
    const own = await session.openPage(sites.url('hsts.test'));
    await waitFor('the page state', async () => ((await tabState(session, own.tabId))?.main ? true : undefined));
    const item = { kind: 'form', url: 'http://plain.test/own-form' };
    expect(
      await sendFromContentScript(session, own.tabId, own.page, { type: 'page-probe', protocol: 'h2', mixed: [item], secrets: [] }),
    ).toEqual({
      ok: null,
    });
    await expect.poll(async () => (await tabState(session, own.tabId))?.mixed, { timeout: 5000 }).toContainEqual(item);
    expect((await tabState(session, victim))?.mixed).toEqual([]);
    await own.page.close();
  });
});
