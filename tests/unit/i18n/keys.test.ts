/**
 * `MessageKey` (lib/i18n/keys.ts) is derived from the English messages, so the compiler only
 * checks keys against English. German must have exactly the same keys, or a key the compiler
 * accepted would show as its raw name to German users.
 */
import { describe, expect, it } from 'vitest';
import { HISTORY_EVENT_KINDS } from '../../../lib/history/changes';
import { HISTORY_EVENT_MESSAGES } from '../../../lib/i18n/keys';
import { loadMessages } from '../cert/i18n';

describe('message keys', () => {
  it('German has exactly the English keys, each with a message', () => {
    const en = loadMessages('en');
    const de = loadMessages('de');
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
    for (const [key, m] of Object.entries(de)) expect(m.message, key).toBeTruthy();
  });

  it('every history event kind has its three messages, all different', () => {
    expect(Object.keys(HISTORY_EVENT_MESSAGES).sort()).toEqual([...HISTORY_EVENT_KINDS].sort());
    const keys = Object.values(HISTORY_EVENT_MESSAGES).flatMap((m) => [m.alert, m.title, m.detail]);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
