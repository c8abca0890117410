/**
 * The one safe-text path (lib/safe-text.ts) and the components that must use it: every text a
 * certificate, a backup or a page can set (host names included) is shown with bidi controls
 * and C0/C1 controls made visible. The component half renders the popup's and the privacy
 * page's parts with such text everywhere and fails if any raw control reaches the output, so a
 * component that bypasses the helper is caught.
 */
import { h } from 'preact';
import { describe, expect, it, vi } from 'vitest';
import { linkedomDom, type DomElement } from './dom';
import { HostsSection } from '../../components/popup/HostsSection';
import { VerdictHeader } from '../../components/popup/VerdictHeader';
import { ChartsSection } from '../../components/privacy/ChartsSection';
import { EventList } from '../../components/privacy/EventList';
import { ExcludedHosts } from '../../components/privacy/ExcludedHosts';
import { SiteView } from '../../components/privacy/SiteView';
import { VisitDetails } from '../../components/privacy/VisitDetails';
import type { SiteView as SiteData, VisitView } from '../../lib/history/queries';
import type { CertificateRecord } from '../../lib/history/schema';
import { msg } from '../../lib/popup/message';
import { createFormats } from '../../lib/privacy/format';
import { displayText, neutralise, safeText } from '../../lib/safe-text';
import { makeT } from './cert/i18n';

vi.mock('../../lib/privacy/uplot-draw', () => ({ drawPercentLine: () => () => undefined, drawBars: () => () => undefined }));

/** Raw characters that must never reach the screen: bidi embeddings/overrides/isolate openers, marks, C0/C1 controls. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const RAW_CONTROL = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066\u2067]/;
/** A host name as a hostile backup or certificate could set it. */
const HOST = 'moc.knab\u202E\u0007\u009B\u2066x.test';
const TEXT = 'Evil\u202EOrg\u0000\u200F';

describe('safeText', () => {
  it.each([
    ['\u202Emoc.knab', '⟨U+202E⟩moc.knab'],
    ['a\u0000b\u0007c\u001Fd\u007Fe\u009Bf', 'a⟨U+0000⟩b⟨U+0007⟩c⟨U+001F⟩d⟨U+007F⟩e⟨U+009B⟩f'],
    ['\u2066\u2067\u2068\u2069\u200E\u200F\u061C', '⟨U+2066⟩⟨U+2067⟩⟨U+2068⟩⟨U+2069⟩⟨U+200E⟩⟨U+200F⟩⟨U+061C⟩'],
    ['\u202A\u202B\u202C\u202D', '⟨U+202A⟩⟨U+202B⟩⟨U+202C⟩⟨U+202D⟩'],
    ['bank.example', 'bank.example'],
    ['日本.example', '日本.example'],
  ])('%j → %j', (input, out) => {
    expect(safeText(input)).toBe(out);
    expect(RAW_CONTROL.test(safeText(input))).toBe(false);
  });

  it('caps with an ellipsis, never splitting a surrogate pair', () => {
    expect(safeText('x'.repeat(500))).toBe(`${'x'.repeat(200)}…`);
    expect(safeText(`${'x'.repeat(199)}😀`)).toBe(`${'x'.repeat(199)}…`);
    expect(displayText('x'.repeat(500)).omitted).toBe(300);
  });

  it('is the same neutralisation as the certificate views use', () => {
    expect(safeText(TEXT)).toBe(neutralise(TEXT));
  });
});

const { mount } = linkedomDom();
const en = makeT('en');
const f = createFormats('en');
const T0 = Date.UTC(2026, 10, 20, 12);
const siteHref = (x: string) => `#site=${encodeURIComponent(x)}`;

/** Text and attribute values a person or a screen reader gets (hrefs are not shown). */
function shown(el: DomElement): string[] {
  const out = [el.textContent ?? ''];
  for (const node of el.querySelectorAll('*')) {
    for (const a of node.attributes) if (a.name !== 'href') out.push(a.value);
  }
  return out;
}

function expectNoRawControls(el: DomElement) {
  const bad = shown(el).filter((s) => RAW_CONTROL.test(s));
  expect(bad).toEqual([]);
  // Still there, visibly: the helper replaced, not dropped.
  expect(el.textContent).toContain('⟨U+202E⟩');
}

const visit: VisitView = {
  key: T0,
  time: T0,
  host: HOST,
  scheme: 'https',
  verdict: 'custom-root',
  tls: 'TLSv1.3',
  certId: 3,
  reloads: 0,
} as VisitView;
const cert: CertificateRecord = {
  sha256: 'AA:BB',
  id: 3,
  subject: `CN=${TEXT}`,
  issuer: `CN=${TEXT}`,
  subjectCN: TEXT,
  issuerOrg: TEXT,
  issuerCN: TEXT,
  serialNumber: TEXT,
  notBefore: T0 - 86_400_000,
  notAfter: T0 + 86_400_000,
  sans: [HOST, TEXT],
  rootBuiltIn: false,
  hosts: [HOST],
  firstSeen: T0,
  lastSeen: T0,
};

describe('components show host names and certificate/backup text only through the safe-text path', () => {
  it('privacy: visit details', () => {
    expectNoRawControls(mount(h(VisitDetails, { detail: { visit, cert }, siteHref, onClose: () => undefined, t: en.t, f })));
  });

  it('privacy: events', () => {
    const events = [{ id: 1, time: T0, host: HOST, kind: 'cert-changed' as const, from: TEXT, to: TEXT }];
    expectNoRawControls(mount(h(EventList, { events, onMarkSeen: () => undefined, siteHref, labelledBy: 'x', t: en.t, f })));
  });

  it('privacy: a site page with its certificate timeline', () => {
    const data: SiteData = {
      site: {
        host: HOST,
        firstSeen: T0,
        lastSeen: T0,
        visits: 1,
        reloads: 0,
        httpVisits: 0,
        snap: { scheme: 'https', verdict: 'secure', tls: 'TLSv1.3' },
      },
      visits: [visit],
      certificates: [{ cert: { id: 3, sha256: 'AA:BB', issuerOrg: TEXT, subjectCN: TEXT }, firstSeen: T0, lastSeen: T0, visits: 1 }],
      events: [],
    };
    expectNoRawControls(
      mount(
        h(SiteView, {
          host: HOST,
          data,
          hrefOf: () => '#',
          onMarkSeen: () => undefined,
          onShowAll: () => undefined,
          onDelete: () => undefined,
          t: en.t,
          f,
        }),
      ),
    );
  });

  it('privacy: charts (issuers, plain-HTTP sites)', () => {
    const stats = {
      visits: 1,
      sites: 1,
      httpsShareByDay: [],
      tlsVersions: {},
      verdicts: {},
      topIssuers: [{ issuer: TEXT, visits: 1, sites: 1 }],
      httpSites: [{ host: HOST, lastSeen: T0, visits: 1, httpVisits: 1 }],
    };
    expectNoRawControls(mount(h(ChartsSection, { stats, siteHref, t: en.t, f })));
  });

  it('privacy: excluded hosts (a backup can set them)', () => {
    expectNoRawControls(mount(h(ExcludedHosts, { hosts: [HOST], onAdd: () => undefined, onRemove: () => undefined, t: en.t, f })));
  });

  it('popup: the header and the hosts list', () => {
    expectNoRawControls(
      mount(
        h(VerdictHeader, {
          header: { kind: 'secure', host: HOST, title: msg('verdict_secure'), sentence: msg('verdict_secure'), more: [], alerts: [] },
          t: en.t,
        }),
      ),
    );
    const hosts = {
      rows: [{ host: HOST, scheme: 'https', count: 1, fromCache: false, main: true, insecure: false, error: TEXT }],
      dropped: 0,
      pageEncrypted: true,
      mixed: [{ kind: 'image', label: msg('popup_mixed_subresource'), url: `http://${HOST}/`, problem: true }],
    };
    expectNoRawControls(mount(h(HostsSection, { hosts: hosts as never, t: en.t })));
  });
});
