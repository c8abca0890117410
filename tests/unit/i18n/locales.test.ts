/**
 * Every language in public/_locales is complete and its placeholders intact, measured against
 * English with the same check as scripts/locales-check.mjs: a missing or extra key, an empty
 * message, or a placeholder renamed, dropped, added or given another `$n` fails here. A
 * language must also be a translation (not English copied over), and the right-to-left ones
 * must lay the pages out right to left.
 */
import { describe, expect, it } from 'vitest';
import { directionOf } from '../../../lib/i18n/locale';
// @ts-expect-error: a plain .mjs script without type declarations
import { checkLocale, localeNames, readLocale } from '../../../scripts/locales-check.mjs';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const names = localeNames() as string[];
const en = readLocale('en') as Messages;
const others = names.filter((n) => n !== 'en');

describe('_locales', () => {
  it('has English, German and at least six more languages, one of them right to left', () => {
    expect(names).toContain('de');
    expect(others.length).toBeGreaterThanOrEqual(7);
    expect(others.filter((n) => directionOf(readLocale(n).popup_lang.message) === 'rtl').length).toBeGreaterThanOrEqual(1);
  });

  describe.each(others)('%s', (lang) => {
    const msgs = readLocale(lang) as Messages;

    it('has exactly the English keys, none empty, placeholders intact', () => {
      expect(checkLocale(en, msgs)).toEqual({ missing: [], extra: [], empty: [], placeholders: [] });
    });

    it('is a translation: most messages differ from English', () => {
      const same = Object.keys(en).filter((k) => msgs[k]?.message === en[k]?.message);
      // Names, abbreviations and protocol terms (TLS, HSTS, ClientHello…) stay as they are.
      expect(same.length / Object.keys(en).length).toBeLessThan(0.12);
    });

    it('names its own language in popup_lang and privacy_lang, and keeps the product name', () => {
      const tag = lang.replace('_', '-');
      expect(msgs.popup_lang?.message).toBe(tag);
      expect(msgs.privacy_lang?.message).toBe(tag);
      expect(msgs.extName?.message).toBe('Onlooker');
    });
  });
});

describe('the check itself', () => {
  const base: Messages = {
    a: { message: 'Hello $NAME$', placeholders: { name: { content: '$1' } } },
    b: { message: 'Plain' },
  };

  it('finds a missing, an extra and an empty key', () => {
    const p = checkLocale(base, { a: base.a, c: { message: 'x' } }) as Record<string, string[]>;
    expect(p.missing).toEqual(['b']);
    expect(p.extra).toEqual(['c']);
    expect(checkLocale(base, { ...base, b: { message: ' ' } }).empty).toEqual(['b']);
  });

  it('finds a renamed, dropped or renumbered placeholder and a lone dollar sign', () => {
    const bad = (a: Messages['a']) => (checkLocale(base, { ...base, a }).placeholders as string[]).length;
    expect(bad({ message: 'Hallo $NAME$', placeholders: { name: { content: '$1' } } })).toBe(0);
    expect(bad({ message: 'Hallo $NAMN$', placeholders: { namn: { content: '$1' } } })).toBeGreaterThan(0);
    expect(bad({ message: 'Hallo', placeholders: { name: { content: '$1' } } })).toBeGreaterThan(0);
    expect(bad({ message: 'Hallo $NAME$', placeholders: { name: { content: '$2' } } })).toBeGreaterThan(0);
    expect(bad({ message: 'Hallo $NAME$ $', placeholders: { name: { content: '$1' } } })).toBeGreaterThan(0);
  });
});

describe('directionOf', () => {
  it('is rtl for Arabic, Hebrew and Persian, ltr otherwise and for nonsense', () => {
    for (const l of ['ar', 'he', 'fa', 'ar_EG', 'he-IL']) expect(directionOf(l)).toBe('rtl');
    for (const l of ['en', 'de', 'pt_BR', 'zh_CN', 'ja', '', undefined, '!!']) expect(directionOf(l)).toBe('ltr');
  });
});
