import { h } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { linkedomDom } from '../dom';
import { ExpectSection, wildcardBase } from '../../../components/cert/ExpectCertificate';
import { OutsideChecksSection } from '../../../components/popup/OutsideChecksSection';
import type { Expectation } from '../../../lib/watch/expectations';
import { makeT } from './i18n';

const { window, mount } = linkedomDom();
const en = makeT('en');
const KEY = 'q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=';

describe('ExpectSection', () => {
  it('offers the issuing organisation and the key; a click stores the host, or its parent with subdomains', async () => {
    const onExpect = vi.fn((_: Expectation) => Promise.resolve(true));
    const el = mount(
      h(ExpectSection, {
        host: 'www.bank.example',
        leaf: { issuerOrg: 'DigiCert Inc', spkiSha256: KEY },
        current: [],
        onExpect,
        now: 7,
        t: en.t,
      }),
    );
    const issuer = el.querySelector('button.expect-issuer')!;
    expect(issuer.textContent).toContain('DigiCert Inc');
    await act(() => {
      issuer.dispatchEvent(new window.Event('click', { bubbles: true }));
    });
    expect(onExpect).toHaveBeenLastCalledWith({
      host: 'www.bank.example',
      subdomains: false,
      kind: 'issuer',
      value: 'DigiCert Inc',
      created: 7,
    });
    const box = el.querySelector('input[type="checkbox"]') as unknown as { checked: boolean; dispatchEvent(e: unknown): void };
    await act(() => {
      box.checked = true;
      box.dispatchEvent(new window.Event('change', { bubbles: true }));
    });
    await act(() => {
      el.querySelector('button.expect-key')!.dispatchEvent(new window.Event('click', { bubbles: true }));
    });
    expect(onExpect).toHaveBeenLastCalledWith({ host: 'bank.example', subdomains: true, kind: 'key', value: KEY, created: 7 });
    expect(el.textContent).toContain(en.t('expect_saved'));
    expect(wildcardBase('bank.example')).toBe('bank.example');
  });

  it('names the current expectation; hostile organisation names stay inert; nothing without facts', () => {
    const el = mount(
      h(ExpectSection, {
        host: 'bank.example',
        leaf: { issuerOrg: '<img src=x onerror=alert(1)>\u202Eevil' },
        current: [{ host: 'bank.example', subdomains: true, kind: 'issuer', value: 'DigiCert Inc', created: 1 }],
        onExpect: () => Promise.resolve(true),
        now: 1,
        t: en.t,
      }),
    );
    expect(el.querySelector('.expect-current')!.textContent).toContain('*.bank.example');
    expect(el.querySelector('img')).toBeNull();
    expect(el.textContent).not.toContain('\u202E');
    expect(
      mount(h(ExpectSection, { host: 'a.example', leaf: {}, current: [], onExpect: () => Promise.resolve(true), now: 1, t: en.t }))
        .textContent,
    ).toBe('');
  });
});

describe('OutsideChecksSection', () => {
  it('two plain links to third-party sites, each saying so; nothing when neither is known', () => {
    const el = mount(
      h(OutsideChecksSection, {
        checks: { crtsh: 'https://crt.sh/?q=ab', ssllabs: 'https://www.ssllabs.com/ssltest/analyze.html?d=a.example' },
        t: en.t,
      }),
    );
    const links = [...el.querySelectorAll('a')];
    expect(links.map((a) => [a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel')])).toEqual([
      ['https://crt.sh/?q=ab', '_blank', 'noopener noreferrer'],
      ['https://www.ssllabs.com/ssltest/analyze.html?d=a.example', '_blank', 'noopener noreferrer'],
    ]);
    for (const a of links) expect(a.textContent).toContain(en.t('outside_opens_third_party'));
    expect(mount(h(OutsideChecksSection, { checks: {}, t: en.t })).textContent).toBe('');
  });
});
