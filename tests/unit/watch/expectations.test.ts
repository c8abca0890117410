import { describe, expect, it } from 'vitest';
import {
  brokenExpectations,
  expectationId,
  indexExpectations,
  normaliseExpectation,
  normaliseExpectations,
  withExpectation,
  withoutExpectation,
  type Expectation,
} from '../../../lib/watch/expectations';
import { verdict } from '../../../lib/report/verdict';
import { badgeSpec } from '../../../lib/report/badge';
import { loadState } from '../report/fixtures';

const KEY = 'q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=';
const issuer = (host: string, value: string, subdomains = false): Expectation => ({ host, subdomains, kind: 'issuer', value, created: 1 });

describe('expectations: stored values', () => {
  it('keeps well-formed entries, lower-cases hosts, refuses anything else', () => {
    expect(normaliseExpectation({ host: 'Bank.Example.', subdomains: false, kind: 'issuer', value: ' DigiCert Inc ', created: 5 })).toEqual(
      {
        host: 'bank.example',
        subdomains: false,
        kind: 'issuer',
        value: 'DigiCert Inc',
        created: 5,
      },
    );
    expect(normaliseExpectation({ host: 'bank.example', subdomains: true, kind: 'key', value: KEY, created: 5 })?.value).toBe(KEY);
    for (const bad of [
      null,
      [],
      { host: 'bank.example', subdomains: false, kind: 'key', value: 'not-a-digest', created: 5 },
      { host: 'bank.example', subdomains: false, kind: 'pin', value: 'x', created: 5 },
      { host: '<b>x</b>', subdomains: false, kind: 'issuer', value: 'x', created: 5 },
      { host: 'bank.example', subdomains: 'yes', kind: 'issuer', value: 'x', created: 5 },
      { host: 'bank.example', subdomains: false, kind: 'issuer', value: '', created: 5 },
      { host: 'bank.example', subdomains: false, kind: 'issuer', value: 'x'.repeat(257), created: 5 },
      { host: 'bank.example', subdomains: false, kind: 'issuer', value: 'x', created: -1 },
    ]) {
      expect(normaliseExpectation(bad)).toBeUndefined();
    }
  });

  it('one expectation per site, wildcard and kind: a second replaces the first; delete by id', () => {
    let list = withExpectation([], issuer('bank.example', 'A'));
    list = withExpectation(list, issuer('bank.example', 'B'));
    list = withExpectation(list, issuer('bank.example', 'C', true));
    expect(list.map((e) => e.value)).toEqual(['B', 'C']);
    list = withoutExpectation(list, expectationId(issuer('bank.example', '', true)));
    expect(list.map((e) => e.value)).toEqual(['B']);
    expect(normaliseExpectations('nonsense')).toEqual([]);
  });
});

describe('expectations: the index', () => {
  const index = indexExpectations([issuer('bank.example', 'A'), issuer('shop.example', 'S', true), issuer('www.other.example', 'O')]);

  it("finds a host's own expectations and its parents' wildcards only", () => {
    expect(index.forHost('bank.example').map((e) => e.value)).toEqual(['A']);
    expect(index.forHost('www.bank.example')).toEqual([]);
    expect(index.forHost('shop.example').map((e) => e.value)).toEqual(['S']);
    expect(index.forHost('a.b.SHOP.example').map((e) => e.value)).toEqual(['S']);
    expect(index.forHost('other.example')).toEqual([]);
    expect(index.forHost('notshop.example')).toEqual([]);
  });
});

describe('expectations: judging a certificate (recorded Firefox report)', () => {
  // Built from the recorded Firefox response of secure.test (tests/unit/report/recorded-states.ts),
  // whose leaf is issued by the organisation "Onlooker Test PKI" through a custom test root.
  const state = loadState('firefox-tls13-test-ca');
  const leaf = state.main!.tls!.certificates[0]!;

  it('a matching organisation (any case and spacing) breaks nothing; another one does', () => {
    expect(brokenExpectations(indexExpectations([issuer('secure.test', 'onlooker  TEST  pki')]), 'secure.test', leaf)).toEqual([]);
    expect(brokenExpectations(indexExpectations([issuer('secure.test', 'DigiCert Inc')]), 'secure.test', leaf)).toEqual([
      { expectation: issuer('secure.test', 'DigiCert Inc'), actual: 'Onlooker Test PKI' },
    ]);
  });

  it('a key expectation compares the SPKI digest; an unknown fact never breaks anything', () => {
    const keyed = indexExpectations([{ host: 'secure.test', subdomains: false, kind: 'key', value: KEY, created: 1 }]);
    expect(brokenExpectations(keyed, 'secure.test', leaf)).toHaveLength(1);
    expect(brokenExpectations(keyed, 'secure.test', { ...leaf, spkiSha256: KEY })).toEqual([]);
    const { spkiSha256: _s, issuerOrg: _o, ...bare } = leaf;
    expect(brokenExpectations(keyed, 'secure.test', { ...bare, issuer: '' })).toEqual([]);
    expect(brokenExpectations(indexExpectations([issuer('secure.test', 'X')]), 'secure.test', { ...bare, issuer: '' })).toEqual([]);
    expect(brokenExpectations(keyed, 'secure.test', undefined)).toEqual([]);
  });

  it('the verdict: "unexpected" over custom-root, its own reason first, badge EXP', () => {
    expect(verdict(state).kind).toBe('custom-root');
    const v = verdict(state, { expectations: indexExpectations([issuer('secure.test', 'DigiCert Inc')]) });
    expect(v.kind).toBe('unexpected');
    expect(v.reasons[0]).toEqual({ key: 'expect_reason_issuer', params: ['DigiCert Inc', 'Onlooker Test PKI'] });
    expect(v.reasons.some((r) => r.key === 'reason_custom_root')).toBe(true);
    expect(badgeSpec(v, 'https')).toMatchObject({ text: 'EXP', titleKey: 'expect_badge_title' });
    // Kept: the verdict is what it was.
    expect(verdict(state, { expectations: indexExpectations([issuer('secure.test', 'Onlooker Test PKI')]) }).kind).toBe('custom-root');
  });

  it('a page the browser blocked stays "broken": the browser validation is untouched', () => {
    const blocked = loadState('chromium-err-cert');
    const host = blocked.main!.host;
    expect(verdict(blocked, { expectations: indexExpectations([issuer(host, 'DigiCert Inc')]) }).kind).toBe('broken');
  });
});
