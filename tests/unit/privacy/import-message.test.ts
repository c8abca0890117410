/**
 * An import's outcome in words: every refusal reason and problem has a message in both
 * languages, every placeholder is filled, and a German sentence carries no English text (no
 * parser or exception message can reach it: problems are data).
 */
import { describe, expect, it } from 'vitest';
import { IMPORT_REASONS, type BackupProblem, type ImportReason } from '../../../lib/history/backup-validate';
import { createFormats } from '../../../lib/privacy/format';
import { importOutcomeText, problemText, progressText, REASON_KEYS } from '../../../lib/privacy/import-message';
import { makeT } from '../cert/i18n';

const problems: BackupProblem[] = [
  { kind: 'not-json' },
  { kind: 'not-backup' },
  { kind: 'no-version' },
  { kind: 'newer', version: 7 },
  { kind: 'too-large', limit: 512 * 1024 * 1024 },
  { kind: 'row', field: 'exportedAt', reason: 'time-range', from: Date.UTC(1990, 0, 1), to: Date.UTC(2026, 11, 4) },
  { kind: 'row', section: 'visits', index: 1234, reason: 'not-object' },
  ...IMPORT_REASONS.map(
    (reason: ImportReason): BackupProblem => ({
      kind: 'row',
      section: 'certificates',
      index: 0,
      field: 'hosts[2]',
      reason,
      limit: 253,
      from: Date.UTC(1990, 0, 1),
      to: Date.UTC(2026, 11, 4),
      key: '__proto__',
    }),
  ),
];

describe('import messages', () => {
  it('every reason has its own message key', () => {
    expect(Object.keys(REASON_KEYS).sort()).toEqual([...IMPORT_REASONS].sort());
    expect(new Set(Object.values(REASON_KEYS)).size).toBe(IMPORT_REASONS.length);
  });

  for (const lang of ['en', 'de']) {
    it(`${lang}: every problem is a full sentence with every placeholder filled`, () => {
      const { t, messages } = makeT(lang);
      const f = createFormats(lang);
      for (const p of problems) {
        const text = problemText(p, t, f);
        expect(text, JSON.stringify(p)).not.toMatch(/\$[A-Z_]+\$|privacy_|undefined|NaN/);
        expect(text.length).toBeGreaterThan(10);
      }
      for (const key of Object.values(REASON_KEYS)) expect(messages[key], key).toBeDefined();
    });
  }

  it('German has no English sentence in it', () => {
    const { t } = makeT('de');
    const f = createFormats('de');
    const english = /\b(the|is|not|was|imported|field|entry|value|file)\b/i;
    for (const p of problems) {
      const text = importOutcomeText({ ok: false, problem: p }, t, f).text;
      // Field names and keys come from the file ("hosts[2]", "__proto__") and stay as they are.
      expect(text.replace(/„[^“]*“/g, ''), text).not.toMatch(english);
    }
    expect(importOutcomeText({ ok: false, problem: problems[6]! }, t, f).text).toBe(
      'Nichts wurde importiert: In „visits“, Eintrag 1.235: Das ist kein Objekt mit Feldern.',
    );
    expect(importOutcomeText({ ok: false, failure: 'write-failed' }, t, f)).toEqual({
      text: 'Nichts wurde importiert: Die Verlaufsdatenbank hat das Schreiben abgelehnt.',
      error: true,
    });
  });

  it('names the place 1-based, with the field and the limit (English)', () => {
    const { t } = makeT('en');
    const f = createFormats('en');
    expect(
      importOutcomeText(
        { ok: false, problem: { kind: 'row', section: 'visits', index: 2, field: 'host', reason: 'too-long', limit: 253 } },
        t,
        f,
      ),
    ).toEqual({ text: 'Nothing was imported: in “visits”, entry 3, field “host”: the text is longer than 253 characters.', error: true });
  });

  it('a key from the file is shown safely (bidi controls isolated and made visible)', () => {
    const { t } = makeT('en');
    const text = problemText(
      { kind: 'row', section: 'sites', index: 0, reason: 'unknown-field', key: 'evil\u202Etxt.exe' },
      t,
      createFormats('en'),
    );
    expect(text).not.toContain('\u202E');
  });

  it('progress says the phase and the counts', () => {
    const { t } = makeT('en');
    const f = createFormats('en');
    expect(progressText({ phase: 'reading', done: 0, total: 10 }, t, f)).toBe('Reading the file…');
    expect(progressText({ phase: 'checking', done: 1500, total: 20000 }, t, f)).toBe('Checking the backup: 1,500 of 20,000 entries…');
    expect(progressText({ phase: 'writing', done: 5000, total: 20000 }, t, f)).toBe('Importing: 5,000 of 20,000 entries…');
  });
});
