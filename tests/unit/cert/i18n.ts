/**
 * A `t` for tests that behaves like browser.i18n.getMessage on the real messages.json:
 * named placeholders whose content is $1…$9. It records every key it was asked for, so tests
 * can check that each one exists in every locale.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withNumbers, type Translate } from '@/lib/i18n/locale';

export interface Message {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

export function loadMessages(lang: string): Record<string, Message> {
  const file = fileURLToPath(new URL(`../../../public/_locales/${lang}/messages.json`, import.meta.url));
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, Message>;
}

export function makeT(lang = 'en') {
  const messages = loadMessages(lang);
  const used = new Set<string>();
  const lookup = (key: string, subs?: string | string[]): string => {
    const m = messages[key];
    if (!m) return key;
    const args = subs === undefined ? [] : Array.isArray(subs) ? subs : [subs];
    return m.message.replace(/\$([A-Za-z0-9_]+)\$/g, (whole, name: string) => {
      const content = m.placeholders?.[name.toLowerCase()]?.content;
      if (content === undefined) return whole;
      return content.replace(/\$(\d)/g, (_, n: string) => args[Number(n) - 1] ?? '');
    });
  };
  // Numbers formatted in the locale's own language, as lib/i18n `t` does.
  const numbered = withNumbers(lookup);
  const t: Translate = (key, subs) => {
    used.add(key);
    return numbered(key, subs);
  };
  return { t, used, messages };
}
