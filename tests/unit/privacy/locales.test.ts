/**
 * The privacy page's messages: every key the code names exists in English and German with the
 * same placeholders, German is a translation, and no privacy_ key is left unused.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HISTORY_EVENT_MESSAGES } from '../../../lib/i18n/keys';
import { loadMessages } from '../cert/i18n';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const en = loadMessages('en');
const de = loadMessages('de');
const own = (m: Record<string, unknown>) => Object.keys(m).filter((k) => k.startsWith('privacy_'));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.(ts|tsx)$/.test(name) ? [readFileSync(path, 'utf8')] : [];
  });
}
const code = ['components/privacy', 'lib/privacy', 'entrypoints/privacy'].flatMap((d) => sources(join(root, d))).join('\n');
/** Keys built at run time from data (event kinds, import failure reasons). */
const dynamic = [
  ...Object.values(HISTORY_EVENT_MESSAGES).flatMap((m) => [m.title, m.detail]),
  'privacy_import_quota',
  'privacy_import_unreadable',
];
const named = [...new Set([...code.matchAll(/'(privacy_[a-z0-9_]+)'/g)].map((m) => m[1]!))];

describe('privacy page messages', () => {
  it('every key named in the code, or built from data, exists in both locales', () => {
    const missing = [...named, ...dynamic].filter((k) => !en[k] || !de[k]);
    expect(missing).toEqual([]);
  });

  it('English and German have the same keys and placeholders', () => {
    expect(own(de).sort()).toEqual(own(en).sort());
    for (const key of own(en)) {
      expect(Object.keys(de[key]?.placeholders ?? {}), key).toEqual(Object.keys(en[key]?.placeholders ?? {}));
      for (const m of [en[key]!, de[key]!]) {
        const used = [...m.message.matchAll(/\$([A-Za-z0-9_]+)\$/g)].map((x) => x[1]!.toLowerCase());
        for (const name of used) expect(m.placeholders?.[name]?.content, `${key} $${name}$`).toMatch(/^\$\d$/);
      }
    }
  });

  it('German is a translation (the same only for names and abbreviations)', () => {
    const same = own(en)
      .filter((k) => de[k]?.message === en[k]?.message)
      .sort();
    expect(same).toEqual(['privacy_cert_subject_org', 'privacy_col_tls', 'privacy_field_ech', 'privacy_field_proxy']);
  });

  it('no privacy_ key is unused', () => {
    const used = new Set([...named, ...dynamic]);
    expect(own(en).filter((k) => !used.has(k))).toEqual([]);
  });
});
