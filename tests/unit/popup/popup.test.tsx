/**
 * Renders the whole popup (presentational <Popup>) into a linkedom document for the captured
 * tab states and checks what people and assistive tech get: the verdict sentence, the onlooker
 * panel's real values, unknowns with reasons, tooltips wired to their terms, the Chromium
 * inspect flow, hostile certificate text kept inert — and that every string exists in en and de.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Popup, type PopupHandlers, type PopupProps } from '../../../components/popup/Popup';
import { HISTORY_EVENT_KINDS } from '../../../lib/history/changes';
import { briefChain, parseChainEntries, withDetails } from '../../../lib/popup/chain';
import type { TabView } from '../../../lib/messages';
import type { CertSummary, TabState } from '../../../lib/report/types';
import { b64, ecKeys, makeIntermediate, makeLeaf, makeRoot } from '../cert/fixtures';
import { loadMessages, makeT } from '../cert/i18n';
import { loadState, viewOf } from './fixtures';
import { firefoxRecording, RECORDED_INSPECTED_AT } from '../report/recorded-states';
import { linkedomDom, type DomElement } from '../dom';

const { window, mount } = linkedomDom();
const { Event } = window;
const en = makeT('en');
const de = makeT('de');
// When Firefox recorded secure.test: its leaf is valid then, as it was for the browser.
const NOW = firefoxRecording('tls13').details.timeStamp;
const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const HOSTILE_CN = '<img src=x onerror=alert(1)><script>alert(2)</script>';
const RTL_ORG = 'Bank\u202Egnp.exe';

let realChain: { ders: string[] };

beforeAll(async () => {
  const [rootKeys, caKeys, leafKeys] = await Promise.all([ecKeys(), ecKeys(), ecKeys()]);
  const rootName = 'CN=Popup Test Root, O=Popup Root Org';
  const caName = 'CN=Popup Test CA, O=Popup CA Org';
  const root = await makeRoot(rootName, rootKeys);
  const ca = await makeIntermediate(caName, caKeys, { name: rootName, keys: rootKeys });
  const leaf = await makeLeaf({
    subject: [{ CN: [HOSTILE_CN] }, { O: [RTL_ORG] }],
    keys: leafKeys,
    issuer: { name: caName, keys: caKeys },
    san: Array.from({ length: 3000 }, (_, i) => ({ type: 'dns' as const, value: `h${i}.secure.test` })),
    policies: ['2.23.140.1.2.2'],
  });
  realChain = { ders: [b64(leaf), b64(ca), b64(root)] };
});

const noop = () => {};
function handlers(over: Partial<PopupHandlers> = {}): PopupHandlers {
  return {
    onCopy: noop,
    onDownload: noop,
    onTryHttps: noop,
    onExpect: () => Promise.resolve(true),
    onInspectStart: noop,
    onInspectConfirm: noop,
    onInspectCancel: noop,
    onGrantHost: noop,
    ...over,
  };
}

function popup(view: TabView, over: Partial<PopupProps> = {}, t = en.t) {
  return mount(
    h(Popup, { view, chain: { status: 'none' }, inspect: { step: 'idle' }, now: NOW, handlers: handlers(), t, formatDate: fmt, ...over }),
  );
}

async function click(el: { dispatchEvent(e: unknown): boolean } | null | undefined) {
  if (!el) throw new Error('element not found');
  await act(() => {
    el.dispatchEvent(new Event('click', { bubbles: true }));
  });
}

const buttonByText = (root: DomElement, text: string) =>
  Array.from(root.querySelectorAll('button')).find((b) => (b.textContent ?? '').includes(text));

/** A state whose leaf carries the real chain's DER and hostile summary text. */
function hostileState(): TabState {
  const state = loadState('firefox-tls13-test-ca');
  const certificates: CertSummary[] = realChain.ders.map((der, i) => ({
    subject: i === 0 ? `O=${RTL_ORG},CN=${HOSTILE_CN}` : 'CN=x',
    issuer: 'CN=Popup Test CA',
    ...(i === 0 ? { subjectCN: HOSTILE_CN + 'L'.repeat(65536), subjectOrg: RTL_ORG } : {}),
    sans: i === 0 ? Array.from({ length: 3000 }, (_, n) => `h${n}.secure.test`) : [],
    sha256: 'AA:BB',
    der,
    ...(i === 2 ? { isBuiltInRoot: false, subjectCN: `Evil Root\u202E${'R'.repeat(5000)}` } : {}),
  }));
  state.main!.tls = { ...state.main!.tls!, certificates };
  return state;
}

describe('Popup: HTTPS page (Firefox, test CA)', () => {
  const view = viewOf(loadState('firefox-tls13-test-ca'));

  it('writes dates in the language of its messages, whatever the runtime locale', () => {
    const leaf = loadState('firefox-tls13-test-ca').main!.tls!.certificates[0]!;
    const shown = (t: typeof en.t) => {
      const el = mount(h(Popup, { view, chain: { status: 'none' }, inspect: { step: 'idle' }, now: NOW, handlers: handlers(), t }));
      return el.querySelector('.cert-identity .cert-validity time:last-of-type')?.textContent;
    };
    const inLang = (lang: string) =>
      new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'short', day: 'numeric' }).format(leaf.notAfter!);
    // The two differ ("Nov 20, 2026" / "20. Nov. 2026"), so one locale for both would fail one.
    expect(inLang('de')).not.toBe(inLang('en'));
    expect(shown(en.t)).toBe(inLang('en'));
    expect(shown(de.t)).toBe(inLang('de'));
  });

  it('writes numbers in the language of its messages: host requests, a verdict reason’s key size, the days left', () => {
    const state = loadState('firefox-mixed');
    const host = Object.values(state.hosts)[0]!;
    host.count = 12345;
    const shown = (t: typeof en.t) => popup(viewOf(state), {}, t).querySelector('.hosts')?.textContent ?? '';
    expect(shown(en.t)).toContain('12,345');
    expect(shown(de.t)).toContain('12.345');
    expect(shown(de.t)).not.toContain('12345');
    const weak = loadState('firefox-tls13-test-ca');
    const leaf = weak.main!.tls!.certificates[0]!;
    Object.assign(leaf, { publicKeyAlgorithm: 'RSA', publicKeyBits: 1024, notAfter: NOW + 1500 * 86_400_000 });
    const text = popup(viewOf(weak), {}, de.t).textContent ?? '';
    expect(text).toContain('1.024');
    expect(text).toContain('1.500');
    expect(text).not.toMatch(/\b1024\b|\b1500\b/);
  });

  it('marks the root ready and, with nothing to parse, complete', () => {
    const el = popup(view);
    const main = el.querySelector('main');
    expect(main?.getAttribute('data-ready')).toBe('true');
    expect(main?.getAttribute('data-complete')).toBe('true');
    expect(
      popup(view, { chain: { status: 'parsing' } })
        .querySelector('main')
        ?.getAttribute('data-complete'),
    ).toBe('false');
  });

  it('header: host as the only h1, verdict title, the first reason as the sentence, others listed', () => {
    const el = popup(view);
    expect(el.querySelectorAll('h1')).toHaveLength(1);
    expect(el.querySelector('h1')?.textContent).toBe('secure.test');
    expect(el.querySelector('.verdict-title')?.textContent).toBe(en.t('verdict_custom_root'));
    expect(el.querySelector('.verdict-sentence')?.textContent).toContain('Onlooker Test Root CA');
    expect(el.querySelectorAll('.verdict-more li').length).toBeGreaterThan(0);
    expect(el.querySelector('.verdict-custom-root svg[aria-hidden="true"]')).not.toBeNull();
  });

  it('onlooker panel: one plain line, observers as rows with the real IP and host name', async () => {
    const el = popup(view);
    const panel = el.querySelector('.onlookers')!;
    expect(panel.querySelector('h2')?.textContent).toBe(en.t('popup_onlookers_heading'));
    expect(panel.querySelector('.onlooker-headline')?.textContent).toBe(en.t('popup_onlooker_https'));
    const rows = Array.from(panel.querySelectorAll('li.observer'));
    expect(rows).toHaveLength(5);
    const resolver = rows[2]!;
    expect(resolver.querySelector('summary')?.textContent).toContain('198.18.0.2');
    expect(resolver.querySelector('summary')?.textContent).toContain('secure.test');
    // Each row opens to every item with its reason: drawn once focus (or the pointer) reaches
    // the list, before the key press (or click) that opens a row; not in the first render.
    expect(panel.querySelectorAll('li.exposure')).toHaveLength(0);
    await act(() => {
      // (linkedom does not bubble it from the summary; a browser does)
      panel.querySelector('ul.observers')!.dispatchEvent(new Event('focusin', { bubbles: true }));
    });
    expect(resolver.querySelectorAll('li.exposure')).toHaveLength(10);
    expect(resolver.querySelector('.observer-hint')?.textContent?.length).toBeGreaterThan(10);
    expect(panel.textContent).not.toContain(en.t('popup_try_https'));
  });

  it('identity from the summary while the DER is being parsed', () => {
    const el = popup(view, { chain: { status: 'parsing' } });
    const identity = el.querySelector('.cert-identity')!;
    expect(identity.getAttribute('aria-busy')).toBe('true');
    expect(identity.textContent).toContain('secure.test');
    expect(identity.textContent).toContain('Onlooker Test Sites');
    expect(identity.textContent).toContain(firefoxRecording('tls13').securityInfo.certificates[0]!.fingerprint!.sha256!);
    expect(identity.textContent).toContain(en.t('popup_identity_reading'));
    expect(el.querySelector('.cert-chain')?.textContent).toContain(en.t('popup_chain_reading'));
  });

  it('connection facts: every term is focusable and described by its tooltip', () => {
    const el = popup(view);
    const facts = el.querySelectorAll('.connection .fact');
    expect(facts).toHaveLength(12);
    for (const term of Array.from(el.querySelectorAll('.term-label'))) {
      expect(term.getAttribute('tabindex')).toBe('0');
      const tip = el.querySelector(`[id="${term.getAttribute('aria-describedby')}"]`);
      expect(tip?.getAttribute('role')).toBe('tooltip');
      expect(tip?.textContent?.length).toBeGreaterThan(10);
    }
    expect(el.querySelector('.fact-tls-version dd')?.textContent).toContain('TLS 1.3');
    expect(el.querySelector('.fact-ip dd')?.textContent).toContain('198.18.0.2');
  });

  it('no Inspect on Firefox', () => {
    expect(popup(view).querySelector('.inspect')).toBeNull();
  });
});

describe('Popup: plain HTTP', () => {
  it('says everything is visible and can be changed, and offers Try HTTPS', async () => {
    const onTryHttps = vi.fn();
    const state = loadState('plain-http');
    const el = popup(viewOf(state), { handlers: handlers({ onTryHttps }) });
    expect(el.querySelector('.onlooker-headline')?.textContent).toBe(en.t('popup_onlooker_http'));
    expect(el.querySelector('.cert-identity')?.textContent).toContain(en.t('popup_identity_http'));
    expect(el.querySelector('.fact-tls-version dd')?.textContent).toBe(en.t('popup_value_no_tls'));
    expect(el.querySelector('.fact-cipher dd')?.textContent).toBe(en.t('popup_value_not_used'));
    await click(buttonByText(el, en.t('popup_try_https')));
    // The recorded page's address as HTTPS on the default port: http://plain.test:8443/login → https://plain.test/login.
    const { hostname, pathname, search } = new URL(state.url);
    expect(onTryHttps).toHaveBeenCalledWith(`https://${hostname}${pathname}${search}`);
  });
});

describe('Popup: mixed content', () => {
  it('flags plain-HTTP hosts and lists the plain-HTTP content', () => {
    const state = loadState('firefox-mixed');
    // Hand-made: a plain-HTTP response on an HTTPS page, which neither recorded browser lets
    // through today (the recorded page's script was blocked, its image upgraded).
    state.hosts['cdn.example'] = { host: 'cdn.example', scheme: 'http', count: 1, ip: '203.0.113.9' };
    const el = popup(viewOf(state));
    const hosts = el.querySelector('.hosts')!;
    expect(hosts.querySelector('.hosts-warning')?.textContent).toBe(en.t('popup_hosts_mixed_flag'));
    const flagged = hosts.querySelector('.host-insecure');
    expect(flagged?.textContent).toContain('cdn.example');
    expect(flagged?.textContent).toContain(en.t('popup_host_insecure'));
    // What the page probe found in the recorded page: an http:// script, a form posting to http://, an http:// image.
    expect(hosts.querySelectorAll('.mixed')).toHaveLength(state.mixed.length);
    expect(hosts.querySelectorAll('.mixed-problem')).toHaveLength(2);
    const script = state.mixed.find((m) => m.kind === 'subresource')!;
    expect(script.url).toMatch(/^http:\/\/.*\.js$/);
    expect(hosts.textContent).toContain(script.url);
  });

  it('collapses a long host list behind a button with aria-expanded', async () => {
    const state = loadState('firefox-mixed');
    for (let i = 0; i < 30; i++) state.hosts[`h${i}.example`] = { host: `h${i}.example`, scheme: 'https', count: 1 };
    const total = Object.keys(state.hosts).length;
    expect(total).toBeGreaterThan(30);
    const el = popup(viewOf(state));
    expect(el.querySelectorAll('.host')).toHaveLength(8);
    const toggle = buttonByText(el, en.t('popup_show_all_hosts', [String(total)]));
    expect(toggle?.getAttribute('aria-expanded')).toBe('false');
    await click(toggle);
    expect(el.querySelectorAll('.host')).toHaveLength(total);
  });
});

describe('Popup: Chromium', () => {
  const uninspected = viewOf(loadState('chromium-uninspected'));

  it('unknown values say why: not inspected, or Chromium does not tell', () => {
    const el = popup(uninspected);
    expect(el.querySelector('.fact-tls-version dd')?.textContent).toBe(`${en.t('popup_unknown')} (${en.t('popup_why_not_inspected')})`);
    expect(el.querySelector('.fact-ocsp dd')?.textContent).toBe(`${en.t('popup_unknown')} (${en.t('popup_why_chromium')})`);
    expect(el.querySelector('.cert-identity')?.textContent).toContain(en.t('popup_identity_not_inspected'));
  });

  it('Inspect explains the debugging bar before anything happens, then confirms', async () => {
    const onInspectStart = vi.fn();
    const onInspectConfirm = vi.fn();
    const idle = popup(uninspected, { handlers: handlers({ onInspectStart }) });
    expect(idle.querySelector('.inspect')?.textContent).toContain(en.t('popup_inspect_why'));
    await click(buttonByText(idle, en.t('popup_inspect_start')));
    expect(onInspectStart).toHaveBeenCalled();
    render(null, idle as unknown as Element);

    const explain = popup(uninspected, { inspect: { step: 'explain' }, handlers: handlers({ onInspectConfirm }) });
    expect(explain.textContent).toContain(en.t('popup_inspect_bar'));
    expect(explain.textContent).toContain(en.t('popup_inspect_permission'));
    await click(buttonByText(explain, en.t('popup_inspect_confirm')));
    expect(onInspectConfirm).toHaveBeenCalled();
    render(null, explain as unknown as Element);

    // Permission already granted: still explains the bar, but announces no prompt.
    const granted = popup({ ...uninspected, canInspect: true }, { inspect: { step: 'explain' } });
    expect(granted.textContent).toContain(en.t('popup_inspect_bar'));
    expect(granted.textContent).not.toContain(en.t('popup_inspect_permission'));
  });

  it('progress and errors are announced in words', () => {
    const running = popup(uninspected, { inspect: { step: 'running' } });
    expect(running.querySelector('[role="status"]')?.textContent).toContain(en.t('popup_inspect_running'));
    expect(running.querySelector('.inspect')?.getAttribute('aria-busy')).toBe('true');
    render(null, running as unknown as Element);
    const failed = popup(uninspected, { inspect: { step: 'failed', error: { key: 'popup_inspect_error_timeout' } } });
    expect(failed.querySelector('[role="alert"]')?.textContent).toBe(en.t('popup_inspect_error_timeout'));
  });

  it('an inspected page shows the age of the inspection, and how it was seen when the inspection said', () => {
    const inspected = loadState('chromium-inspected');
    const later = RECORDED_INSPECTED_AT + 3 * 60_000;
    const el = popup(viewOf(inspected), { now: later });
    expect(el.querySelector('.inspect')?.textContent).toContain('3 min ago');
    expect(el.querySelector('.fact-group dd')?.textContent).toContain(inspected.main!.tls!.group);
    expect(el.querySelector('.fact-group dd')?.textContent).toContain(en.t('popup_note_pq_hybrid'));
    render(null, el as unknown as Element);
    // An inspection stored before inspections said how they saw the connection has no
    // inspectedBy (the recorded one has): no claim either way.
    const older = loadState('chromium-inspected');
    delete older.main!.tls!.inspectedBy;
    const silent = popup(viewOf(older), { now: later });
    expect(silent.querySelector('.inspect')?.textContent).not.toContain(en.t('popup_inspected_by_request'));
    expect(silent.querySelector('.inspect')?.textContent).not.toContain(en.t('popup_inspected_by_reload'));
    render(null, silent as unknown as Element);
    for (const [by, key] of [
      ['request', 'popup_inspected_by_request'],
      ['reload', 'popup_inspected_by_reload'],
    ] as const) {
      const state = loadState('chromium-inspected');
      state.main!.tls!.inspectedBy = by;
      const said = popup(viewOf(state), { now: later });
      expect(said.querySelector('.inspect')?.textContent).toContain(en.t(key));
      render(null, said as unknown as Element);
    }
  });

  it('an unparseable certificate gives a clear message; the rest still works', async () => {
    const state = loadState('chromium-inspected');
    // The recorded chain, damaged: the leaf cut in half, each CA with its TBSCertificate tag
    // changed from SEQUENCE to SET. Unchanged, all read fine (checked first), so the message
    // below comes from the damage and not from a stub that never was a certificate.
    const certs = state.main!.tls!.certificates;
    const fine = await parseChainEntries(certs);
    expect(fine.map((e) => e.result?.ok)).toEqual(certs.map(() => true));
    const damaged = certs.map((c, i) => {
      const bytes = Buffer.from(c.der!, 'base64');
      if (i === 0) return bytes.subarray(0, bytes.length >> 1).toString('base64');
      expect(bytes[4]).toBe(0x30);
      bytes[4] = 0x31;
      return bytes.toString('base64');
    });
    state.main!.tls!.certificates = certs.map((c, i) => ({ ...c, der: damaged[i]! }));
    const briefs = await briefChain(state.main!.tls!.certificates);
    expect(briefs.every((e) => e.brief?.ok === false)).toBe(true);
    const entries = await parseChainEntries(state.main!.tls!.certificates);
    expect(entries.every((e) => !e.result?.ok)).toBe(true);
    for (const chain of [
      briefs,
      entries,
      withDetails(
        briefs,
        entries.map((e) => e.result!),
      ),
    ]) {
      const el = popup(viewOf(state), { chain: { status: 'done', entries: chain } });
      const identity = el.querySelector('.cert-identity')!;
      expect(identity.querySelector('[role="note"]')?.textContent).toContain(en.t('popup_identity_parse_failed'));
      expect(identity.textContent).toContain(state.main!.host);
      expect(el.querySelector('.onlookers')).not.toBeNull();
      expect(el.querySelector('.fact-tls-version dd')?.textContent).toContain('TLS 1.3');
      // A collapsed entry that cannot be read says so; it never waits for details.
      expect(el.querySelector('.cert-chain')?.textContent).not.toContain(en.t('cert_details_reading'));
      render(null, el as unknown as Element);
    }
  });
});

describe('Popup: hostile certificates', () => {
  it('markup, RTL overrides, a 64 KB name and 3000 SANs stay inert text, capped', async () => {
    const state = hostileState();
    const view = viewOf(state);
    // While parsing: summaries only.
    const summary = popup(view, { chain: { status: 'parsing' } });
    expect(summary.querySelector('img')).toBeNull();
    expect(summary.querySelectorAll('script')).toHaveLength(0);
    expect(summary.textContent).toContain('<img src=x');
    expect(summary.textContent).toContain('Bank⟨U+202E⟩gnp.exe');
    expect(summary.textContent).not.toContain('\u202E');
    expect(summary.textContent!.length).toBeLessThan(20_000);
    expect(summary.querySelectorAll('.cert-identity .cert-list li').length).toBeLessThanOrEqual(10);
    render(null, summary as unknown as Element);

    // First view, read by the light reader: the real certificate, same guarantees, complete;
    // the collapsed entries' details are not parsed yet and say so when opened.
    const briefs = await briefChain(state.main!.tls!.certificates);
    expect(briefs.map((e) => e.brief?.ok)).toEqual([true, true, true]);
    const first = popup(view, { chain: { status: 'done', entries: briefs } });
    expect(first.querySelector('main')?.getAttribute('data-complete')).toBe('true');
    expect(first.querySelector('img')).toBeNull();
    expect(first.querySelectorAll('script')).toHaveLength(0);
    expect(first.querySelector('.cert-identity')?.textContent).toContain(HOSTILE_CN);
    expect(first.querySelector('.cert-identity')?.textContent).toContain(en.t('cert_level_ov'));
    expect(first.textContent).not.toContain('\u202E');
    expect(first.querySelectorAll('.cert-identity .cert-list li').length).toBeLessThanOrEqual(10);
    expect(first.querySelectorAll('.cert-chain-item')).toHaveLength(3);
    expect(first.querySelectorAll('.cert-chain-item details[open]')).toHaveLength(0);
    expect(first.querySelectorAll('.cert-chain-item [aria-busy="true"]')).toHaveLength(3);
    expect(first.querySelector('.cert-chain')?.textContent).toContain('Root Popup Test Root');
    expect(buttonByText(first, en.t('cert_download_chain'))).toBeDefined();
    render(null, first as unknown as Element);

    // With the details parsed: the same guarantees.
    const entries = withDetails(
      briefs,
      (await parseChainEntries(state.main!.tls!.certificates)).map((e) => e.result!),
    );
    expect(entries.map((e) => e.result?.ok)).toEqual([true, true, true]);
    expect(entries[2]?.isBuiltInRoot).toBe(false);
    const parsed = popup(view, { chain: { status: 'done', entries } });
    expect(parsed.querySelector('main')?.getAttribute('data-complete')).toBe('true');
    expect(parsed.querySelector('img')).toBeNull();
    expect(parsed.querySelectorAll('script')).toHaveLength(0);
    expect(parsed.querySelector('.cert-identity')?.textContent).toContain(HOSTILE_CN);
    expect(parsed.querySelector('.cert-identity')?.textContent).toContain(en.t('cert_level_ov'));
    expect(parsed.textContent).not.toContain('\u202E');
    expect(parsed.querySelectorAll('.cert-identity .cert-list li').length).toBeLessThanOrEqual(10);
    expect(parsed.querySelectorAll('.cert-chain-item')).toHaveLength(3);
    expect(buttonByText(parsed, en.t('cert_download_chain'))).toBeDefined();
    // The custom-root sentence names the root CN: isolated, its override shown, and capped.
    const sentence = parsed.querySelector('.verdict-sentence')?.textContent ?? '';
    expect(sentence).toMatch(/\u2068Evil Root⟨U\+202E⟩R+…\u2069/);
    expect(sentence.length).toBeLessThan(400);
  });

  it('collapsed chain entries ask for their details when opened or focused, and show them once parsed', async () => {
    const state = hostileState();
    const certs = state.main!.tls!.certificates;
    const briefs = await briefChain(certs);
    const onWantDetails = vi.fn();
    const el = popup(viewOf(state), { chain: { status: 'done', entries: briefs }, onWantDetails });
    const details = el.querySelectorAll('.cert-chain-item details');
    await act(() => {
      details[1]!.dispatchEvent(new Event('toggle'));
    });
    expect(onWantDetails).not.toHaveBeenCalled(); // a toggle that closed it
    (details[1] as unknown as { open: boolean }).open = true;
    await act(() => {
      details[1]!.dispatchEvent(new Event('toggle'));
    });
    expect(onWantDetails).toHaveBeenCalledTimes(1);
    await act(() => {
      el.querySelector('.cert-chain-list')!.dispatchEvent(new Event('focusin', { bubbles: true }));
    });
    expect(onWantDetails).toHaveBeenCalledTimes(2);
    render(null, el as unknown as Element);

    const parsed = (await parseChainEntries(certs)).map((e) => e.result!);
    const full = popup(viewOf(state), { chain: { status: 'done', entries: withDetails(briefs, parsed) }, onWantDetails });
    expect(full.querySelectorAll('.cert-chain-item [aria-busy="true"]')).toHaveLength(0);
    expect(full.querySelectorAll('.cert-chain-item dl')).toHaveLength(3);
    expect(full.querySelector('.cert-chain')?.textContent).toContain(en.t('cert_builtin_root_no'));
  });

  it('hands the chain PEM and a safe file name to onDownload', async () => {
    const onDownload = vi.fn();
    const state = hostileState();
    const entries = await parseChainEntries(state.main!.tls!.certificates);
    const el = popup(viewOf(state), { chain: { status: 'done', entries }, handlers: handlers({ onDownload }) });
    await click(buttonByText(el, en.t('cert_download_chain')));
    const [pem, name] = onDownload.mock.calls[0] as [string, string];
    expect(pem.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(3);
    expect(name).toMatch(/^[A-Za-z0-9._-]+\.pem$/);
  });
});

describe('Popup: strings', () => {
  const cases: [string, Partial<PopupProps>][] = [
    ['firefox-tls13-test-ca', {}],
    ['firefox-tls13-test-ca', { chain: { status: 'parsing' } }],
    ['plain-http', {}],
    ['firefox-mixed', {}],
    ['firefox-cached', {}],
    ['chromium-cached', {}],
    ['chromium-mixed', {}],
    ['firefox-proxy', {}],
    ['firefox-ech', {}],
    ['firefox-private-dns', {}],
    ['firefox-overridden-expired', {}],
    ['firefox-tls12-cbc', {}],
    ['chromium-uninspected', { inspect: { step: 'explain' } }],
    ['chromium-uninspected', { inspect: { step: 'asking' } }],
    ['chromium-uninspected', { inspect: { step: 'running' } }],
    ['chromium-inspected', { inspect: { step: 'failed', error: { key: 'popup_inspect_error_declined' } } }],
    ['chromium-err-cert', {}],
    ['localhost-http', {}],
    ['lan-router-http', {}],
  ];

  it('every key the popup uses exists in English and German with the same placeholders', () => {
    for (const { t, used } of [en, de]) {
      for (const [name, over] of cases) {
        const el = popup(viewOf(loadState(name)), over, t);
        render(null, el as unknown as Element);
      }
      const el = popup(viewOf(null), {}, t);
      render(null, el as unknown as Element);
      const el2 = popup(viewOf(loadState('firefox-tls13-test-ca'), { hostPermission: false }), {}, t);
      render(null, el2 as unknown as Element);
      const alerted = loadState('firefox-tls13-test-ca');
      alerted.alerts = HISTORY_EVENT_KINDS.map((kind, time) => ({ kind, time }));
      const el3 = popup(viewOf(alerted), { localAsRemote: true }, t);
      expect(el3.querySelectorAll('.verdict-alerts li')).toHaveLength(HISTORY_EVENT_KINDS.length);
      render(null, el3 as unknown as Element);
      expect(used.size).toBeGreaterThan(100);
    }
    const enMessages = loadMessages('en');
    const deMessages = loadMessages('de');
    const missing: string[] = [];
    for (const key of new Set([...en.used, ...de.used])) {
      const a = enMessages[key];
      const b = deMessages[key];
      if (!a || !b) {
        missing.push(key);
        continue;
      }
      expect(Object.keys(b.placeholders ?? {}).sort(), key).toEqual(Object.keys(a.placeholders ?? {}).sort());
    }
    expect(missing).toEqual([]);
  });

  it('every popup_ key is translated in both languages (no English left in German)', () => {
    const enMessages = loadMessages('en');
    const deMessages = loadMessages('de');
    const popupKeys = Object.keys(enMessages).filter((k) => k.startsWith('popup_'));
    expect(popupKeys.length).toBeGreaterThan(100);
    const same = popupKeys.filter((k) => deMessages[k]?.message === enMessages[k]?.message);
    // Proper names and codes are the same in both languages.
    const allowed = /^popup_(fact_(hsts|ct|ech|proxy)|exposure_short_(ip|cookies)|note_sct_count)$/;
    expect(same.filter((k) => !allowed.test(k))).toEqual([]);
    expect(popupKeys.filter((k) => !deMessages[k])).toEqual([]);
  });
});

describe('source rules', () => {
  it('no innerHTML / dangerouslySetInnerHTML in the popup', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const { fileURLToPath } = await import('node:url');
    for (const dir of ['../../../components/popup/', '../../../lib/popup/', '../../../entrypoints/popup/']) {
      const path = fileURLToPath(new URL(dir, import.meta.url));
      for (const file of readdirSync(path)) {
        const source = readFileSync(path + file, 'utf8');
        expect(source, file).not.toMatch(/innerHTML|dangerouslySetInnerHTML|insertAdjacentHTML|outerHTML/);
        // The parser is reached only through import(): no static import of it or of x509.
        expect(source, file).not.toMatch(/^\s*import[^(]*['"](@\/lib\/cert\/parse|@peculiar\/x509|.*\/cert\/parse)['"]/m);
      }
    }
  });
});
