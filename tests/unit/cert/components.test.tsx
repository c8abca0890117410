/**
 * Renders the certificate components with Preact into a linkedom document (already installed
 * through wxt; preact-render-to-string is not a dependency) and checks that hostile text stays
 * text, long content collapses behind real buttons, and every message key exists in en and de.
 */
import { parseHTML } from 'linkedom';
import { h, render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CertChain } from '../../../components/cert/CertChain';
import { CertIdentity } from '../../../components/cert/CertIdentity';
import { ctLogNames } from '../../../lib/cert/ct-logs';
import { parseCertificate } from '../../../lib/cert/parse';
import type { CertDetails } from '../../../lib/cert/types';
import { DAY, b64, ecKeys, makeLeaf, makeRoot } from './fixtures';
import { loadMessages, makeT } from './i18n';
import { directionOf } from '../../../lib/i18n/locale';
// @ts-expect-error: a plain .mjs script without type declarations
import { localeNames } from '../../../scripts/locales-check.mjs';

const { document, Event } = parseHTML('<!doctype html><html><body></body></html>');
const i18n = makeT('en');
const { t } = i18n;
const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const HOSTILE_CN = '<img src=x onerror=alert(1)>';
let hostile: CertDetails;
let longCn: CertDetails;
let root: CertDetails;
let rootB64: string;

function ok(r: Awaited<ReturnType<typeof parseCertificate>>): CertDetails {
  if (!r.ok) throw new Error(r.reason);
  return r;
}

beforeAll(async () => {
  vi.stubGlobal('document', document);
  const [caKeys, keys] = await Promise.all([ecKeys(), ecKeys()]);
  const rootCert = await makeRoot('CN=Component Root, O=Root Org', caKeys);
  rootB64 = b64(rootCert);
  root = ok(await parseCertificate(rootB64));
  const issuer = { name: 'CN=Component Root, O=Root Org', keys: caKeys };
  hostile = ok(
    await parseCertificate(
      b64(
        await makeLeaf({
          subject: [{ CN: [HOSTILE_CN] }, { O: ['Bank\u202Egnp.exe'] }],
          keys,
          issuer,
          san: Array.from({ length: 40 }, (_, i) => ({ type: 'dns' as const, value: `h${i}.test` })),
          policies: ['2.23.140.1.1'],
        }),
      ),
    ),
  );
  longCn = ok(await parseCertificate(b64(await makeLeaf({ subject: [{ CN: ['L'.repeat(16384)] }], keys, issuer }))));
});

afterAll(() => {
  vi.unstubAllGlobals();
});

let container: ReturnType<typeof document.createElement>;
afterEach(() => {
  if (container) render(null, container as unknown as Element);
});

function mount(vnode: ComponentChild): ReturnType<typeof document.createElement> {
  container = document.createElement('div');
  document.body.appendChild(container);
  render(vnode, container as unknown as Element);
  return container;
}

async function click(el: { dispatchEvent(e: unknown): boolean } | null | undefined) {
  if (!el) throw new Error('element not found');
  await act(() => {
    el.dispatchEvent(new Event('click', { bubbles: true }));
  });
}

function buttonByText(root: ReturnType<typeof document.createElement>, text: string) {
  return Array.from(root.querySelectorAll('button')).find((b) => (b.textContent ?? '').includes(text));
}

describe('CertIdentity', () => {
  it('renders hostile names as text: no element is created from them', () => {
    const el = mount(h(CertIdentity, { cert: hostile, t, onCopy: () => {}, now: hostile.notBefore + DAY, formatDate: fmt }));
    expect(el.querySelector('img')).toBeNull();
    expect(el.querySelectorAll('script')).toHaveLength(0);
    expect(el.textContent).toContain(HOSTILE_CN);
    // The RTL override is shown, not obeyed, and flagged.
    expect(el.textContent).toContain('Bank⟨U+202E⟩gnp.exe');
    expect(el.textContent).not.toContain('\u202E');
    expect(el.textContent).toContain(t('cert_hidden_chars'));
    expect(el.innerHTML).toContain('&lt;img');
  });

  it.each((localeNames() as string[]).filter((l) => directionOf(loadMessages(l).popup_lang?.message) === 'rtl'))(
    'keeps a hostile name inert in a right-to-left page (%s): overrides shown as tokens, each value isolated in <bdi>',
    (lang: string) => {
      const rtl = makeT(lang).t;
      const el = mount(h(CertIdentity, { cert: hostile, t: rtl, onCopy: () => {}, now: hostile.notBefore + DAY, formatDate: fmt }));
      el.setAttribute('dir', directionOf(lang));
      expect(el.textContent).toContain('Bank⟨U+202E⟩gnp.exe');
      expect(el.textContent).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
      expect(el.textContent).toContain(rtl('cert_hidden_chars'));
      // The hostile value sits in its own <bdi>, so its direction cannot reorder the Arabic label.
      const isolated = Array.from(el.querySelectorAll('bdi')).map((b) => b.textContent);
      expect(isolated).toContain('Bank⟨U+202E⟩gnp.exe');
      expect(el.querySelector('img')).toBeNull();
    },
  );

  it('shows organisation, level, issuer and a healthy validity', () => {
    const el = mount(h(CertIdentity, { cert: hostile, t, onCopy: () => {}, now: hostile.notBefore + DAY, formatDate: fmt }));
    expect(el.querySelector('h2')?.textContent).toBe(t('cert_identity_heading'));
    expect(el.querySelectorAll('dt').length).toBe(el.querySelectorAll('dd').length);
    expect(el.querySelector('.cert-level-ev')?.textContent).toBe(t('cert_level_ev'));
    expect(el.textContent).toContain('Component Root — Root Org');
    expect(el.querySelector('time')?.getAttribute('datetime')).toBe(new Date(hostile.notBefore).toISOString());
    expect(el.textContent).toContain(t('cert_days_left', [String(Math.floor((hostile.notAfter - hostile.notBefore - DAY) / DAY))]));
    expect(el.querySelector('.cert-validity .cert-warn')).toBeNull();
    expect(el.querySelector('.cert-validity-valid .cert-ok')).not.toBeNull();
  });

  it('warns when fewer than 14 days are left, and when expired', async () => {
    const soon = mount(h(CertIdentity, { cert: hostile, t, onCopy: () => {}, now: hostile.notAfter - 5 * DAY - 1000, formatDate: fmt }));
    expect(soon.querySelector('.cert-validity-expiring .cert-warn')?.textContent).toBe(t('cert_expiring_soon', ['5', '14']));
    render(null, soon as unknown as Element);
    const gone = mount(h(CertIdentity, { cert: hostile, t, onCopy: () => {}, now: hostile.notAfter + 1, formatDate: fmt }));
    expect(gone.querySelector('.cert-validity-expired')?.textContent).toContain(t('cert_expired'));
  });

  it('collapses 40 SANs to 10 behind a keyboard-reachable toggle', async () => {
    const el = mount(h(CertIdentity, { cert: hostile, t, onCopy: () => {}, formatDate: fmt }));
    const list = el.querySelector('ul.cert-list');
    expect(list?.querySelectorAll('li')).toHaveLength(10);
    const toggle = buttonByText(el, t('cert_show_all', ['40']));
    expect(toggle?.getAttribute('type')).toBe('button');
    expect(toggle?.getAttribute('aria-expanded')).toBe('false');
    expect(toggle?.getAttribute('aria-controls')).toBe(list?.getAttribute('id'));
    await click(toggle);
    expect(el.querySelector('ul.cert-list')?.querySelectorAll('li')).toHaveLength(40);
    expect(buttonByText(el, t('cert_show_less'))?.getAttribute('aria-expanded')).toBe('true');
  });

  it('copies the SHA-256 fingerprint through onCopy', async () => {
    const onCopy = vi.fn();
    const el = mount(h(CertIdentity, { cert: hostile, t, onCopy, formatDate: fmt }));
    const button = el.querySelector(`button[aria-label="${t('cert_copy_sha256')}"]`);
    expect(el.textContent).toContain(hostile.sha256);
    await click(button);
    expect(onCopy).toHaveBeenCalledWith(hostile.sha256);
    expect(el.querySelector('[role="status"]')?.textContent).toBe(t('cert_copied'));
  });

  it('caps a 16 KB CN, counts every left-out character, reveals what was read, and points to the PEM', async () => {
    const el = mount(h(CertIdentity, { cert: longCn, t, onCopy: () => {}, formatDate: fmt }));
    expect((el.textContent ?? '').length).toBeLessThan(5000);
    expect(el.textContent).toContain(t('cert_more_chars', [16384 - 200]));
    expect(el.textContent).toContain('16,184');
    expect(el.querySelector('.cert-cut')?.textContent).toContain('15,360');
    await click(buttonByText(el, t('cert_show_full_text')));
    expect(el.textContent).toContain('L'.repeat(1024));
    expect(el.textContent).toContain(t('cert_more_chars', [16384 - 1024]));
  });
});

describe('CertChain', () => {
  it('lists each certificate with its details and downloads PEM', async () => {
    const onDownload = vi.fn();
    const el = mount(
      h(CertChain, {
        entries: [{ result: hostile }, { result: root, isBuiltInRoot: false }],
        t,
        onDownload,
        formatDate: fmt,
      }),
    );
    expect(el.querySelector('img')).toBeNull();
    const items = el.querySelectorAll('li.cert-chain-item');
    expect(items).toHaveLength(2);
    expect(items[0]?.querySelector('.cert-role')?.textContent).toBe(t('cert_role_leaf'));
    expect(items[1]?.querySelector('.cert-role')?.textContent).toBe(t('cert_role_root'));
    expect(items[0]?.querySelector('summary')?.textContent).toContain(HOSTILE_CN);
    const text = el.textContent ?? '';
    for (const s of [
      'ecdsa-with-SHA256',
      'EC · P-256',
      'serverAuth, clientAuth',
      'digitalSignature, keyEncipherment',
      'http://ocsp.ca.test',
      'http://ca.test/ca.crt',
      'http://crl.ca.test/ca.crl',
      '2.23.140.1.1',
    ]) {
      expect(text).toContain(s);
    }
    // A root the browser does not ship is called out: that is how interception shows.
    expect(items[1]?.textContent).toContain(t('cert_builtin_root_no'));
    expect(items[0]?.textContent).not.toContain(t('cert_builtin_root'));

    await click(buttonByText(items[0] as never, t('cert_download_pem')));
    const [pem, name] = onDownload.mock.calls[0] as [string, string];
    expect(pem.startsWith('-----BEGIN CERTIFICATE-----\n')).toBe(true);
    expect(name).toBe('img_src_x_onerror_alert_1_.pem');

    await click(buttonByText(el, t('cert_download_chain')));
    const [chain] = onDownload.mock.calls[1] as [string, string];
    expect(chain.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
  });

  it('shows SCTs, must-staple and the SHA-1 warning when present', () => {
    const sha1: CertDetails = {
      ...root,
      signature: { ...root.signature, name: 'sha1WithRSAEncryption', usesSha1: true, weak: true },
      mustStaple: true,
      sct: {
        count: 1,
        scts: [
          { version: 0, logIdBase64: 'AAAA', logIdHex: '00', timestamp: Date.UTC(2026, 0, 2), hashAlgorithm: 4, signatureAlgorithm: 3 },
        ],
      },
    };
    const el = mount(h(CertChain, { entries: [{ result: sha1, isBuiltInRoot: true }], t, onDownload: () => {}, formatDate: fmt }));
    const text = el.textContent ?? '';
    expect(text).toContain(t('cert_sig_sha1'));
    expect(text).toContain(t('cert_sct_count', ['1']));
    expect(text).toContain('2026-01-02');
    expect(text).toContain('AAAA');
    expect(text).toContain(t('cert_builtin_root_yes'));
  });

  it('names the logs of embedded SCTs from the snapshot, and an unknown log by its id', async () => {
    const ctLogs = ctLogNames(await import('../../../lib/cert/ct-log-list'));
    const [knownId, known] = Object.entries((await import('../../../lib/cert/ct-log-list')).CT_LOGS)[0]!;
    const unknownId = Buffer.alloc(32, 7).toString('base64');
    const sct = (logIdBase64: string) => ({
      version: 0,
      logIdBase64,
      logIdHex: '',
      timestamp: Date.UTC(2026, 0, 2),
      hashAlgorithm: 4,
      signatureAlgorithm: 3,
    });
    const withScts: CertDetails = { ...root, sct: { count: 2, scts: [sct(knownId), sct(unknownId)] } };
    const el = mount(h(CertChain, { entries: [{ result: withScts }], t, onDownload: () => {}, formatDate: fmt, ctLogs }));
    const text = el.textContent ?? '';
    const operator = ctLogs.lookup(knownId)!.operator;
    expect(text).toContain(t('cert_sct_log_named', [known[0], operator]));
    expect(text).toContain(t('cert_sct_unknown_log', [unknownId]));
    expect(text).toContain(t('cert_sct_list_date', [fmt(Date.parse(`${ctLogs.date}T00:00:00Z`))]));
    // Without the snapshot (the history page before it loads) the ids alone, as before.
    const bare = mount(h(CertChain, { entries: [{ result: withScts }], t, onDownload: () => {}, formatDate: fmt }));
    expect(bare.textContent).toContain(unknownId);
    expect(bare.textContent).not.toContain(known[0]);
  });

  it('shows a parse error in place and keeps the other certificates', () => {
    const el = mount(
      h(CertChain, {
        entries: [
          { result: { ok: false, reason: 'not-base64' }, summary: { subject: 'CN=broken.test', issuer: 'CN=x', subjectCN: 'broken.test' } },
          { result: root },
        ],
        t,
        onDownload: () => {},
        formatDate: fmt,
      }),
    );
    expect(el.textContent).toContain(t('cert_error_not_base64'));
    expect(el.querySelector('summary')?.textContent).toContain('broken.test');
    expect(el.querySelectorAll('li.cert-chain-item')).toHaveLength(2);
    // No DER for the broken one: only the root can be downloaded, and no chain button.
    expect(el.querySelectorAll('button').length).toBeGreaterThan(0);
    expect(buttonByText(el, t('cert_download_chain'))).toBeUndefined();
  });
});

describe('messages', () => {
  it('every key the components used exists in en and de', () => {
    const en = loadMessages('en');
    const de = loadMessages('de');
    // Keys computed from data (levels, roles, error reasons) that these renders may not have hit.
    for (const level of ['ev', 'ov', 'iv', 'dv', 'unknown']) i18n.used.add(`cert_level_${level}`).add(`cert_level_${level}_hint`);
    for (const role of ['leaf', 'intermediate', 'root']) i18n.used.add(`cert_role_${role}`);
    for (const r of ['empty', 'not_base64', 'too_large', 'not_der', 'not_certificate', 'internal']) i18n.used.add(`cert_error_${r}`);
    for (const s of ['ip', 'email', 'uri', 'dn', 'rid', 'other']) i18n.used.add(`cert_san_${s}`);
    expect(i18n.used.size).toBeGreaterThan(40);
    for (const key of i18n.used) {
      expect(key).toMatch(/^cert_[a-z0-9_]+$/);
      expect(en[key], `en ${key}`).toBeDefined();
      expect(de[key], `de ${key}`).toBeDefined();
    }
  });

  it('en and de have the same cert_ keys and placeholders', () => {
    const en = loadMessages('en');
    const de = loadMessages('de');
    const keys = (m: typeof en) =>
      Object.keys(m)
        .filter((k) => k.startsWith('cert_'))
        .sort();
    expect(keys(de)).toEqual(keys(en));
    for (const k of keys(en)) {
      expect(Object.keys(de[k]?.placeholders ?? {}), k).toEqual(Object.keys(en[k]?.placeholders ?? {}));
      for (const name of Object.keys(en[k]?.placeholders ?? {})) {
        expect(de[k]?.message, k).toContain(`$${name.toUpperCase()}$`);
        expect(en[k]?.message, k).toContain(`$${name.toUpperCase()}$`);
      }
    }
  });
});
