/**
 * The sentences of an import: its progress and its outcome, in the page's language. A refused
 * backup is described as data (lib/history/backup-validate.ts); every part of the sentence is a
 * message of its own, and what comes from the file (field names, keys) passes through
 * `safeParam`. No exception text or parser message is ever shown.
 */
import type { BackupProblem, ImportReason } from '@/lib/history/backup-validate';
import { EXPORT_VERSION } from '@/lib/history/export';
import type { ImportProgress, ImportResult } from '@/lib/history/import';
import { safeParam, type Translate } from '@/lib/popup/message';
import type { FileImportOutcome } from './privacy-io';
import type { Formats } from './format';
import type { MessageKey } from '@/lib/i18n/keys';

/** The message of each refusal reason (a Record, so a new reason without one does not compile). */
export const REASON_KEYS: Readonly<Record<ImportReason, MessageKey>> = {
  missing: 'privacy_import_reason_missing',
  'not-object': 'privacy_import_reason_not_object',
  'not-text': 'privacy_import_reason_not_text',
  'not-number': 'privacy_import_reason_not_number',
  'not-boolean': 'privacy_import_reason_not_boolean',
  'not-list': 'privacy_import_reason_not_list',
  'not-whole': 'privacy_import_reason_not_whole',
  'too-long': 'privacy_import_reason_too_long',
  'too-many': 'privacy_import_reason_too_many',
  'time-range': 'privacy_import_reason_time_range',
  'count-range': 'privacy_import_reason_count_range',
  'unknown-value': 'privacy_import_reason_unknown_value',
  'forbidden-key': 'privacy_import_reason_forbidden_key',
  'unknown-field': 'privacy_import_reason_unknown_field',
  'bad-base64': 'privacy_import_reason_bad_base64',
  'bad-host': 'privacy_import_reason_bad_host',
};

/** Why a backup was refused, as the sentence after "Nothing was imported:". */
export function problemText(p: BackupProblem, t: Translate, f: Formats): string {
  switch (p.kind) {
    case 'not-json':
      return t('privacy_import_problem_not_json');
    case 'not-backup':
      return t('privacy_import_problem_not_backup');
    case 'no-version':
      return t('privacy_import_problem_no_version');
    case 'newer':
      return t('privacy_import_problem_newer', [f.number(p.version), f.number(EXPORT_VERSION)]);
    case 'too-large':
      return t('privacy_import_problem_too_large', f.number(Math.round(p.limit / (1024 * 1024))));
    case 'row': {
      const reason = reasonText(p, t, f);
      const field = p.field !== undefined ? safeParam(p.field) : undefined;
      if (p.section !== undefined && p.index !== undefined) {
        const number = f.number(p.index + 1);
        return field !== undefined
          ? t('privacy_import_at_entry_field', [p.section, number, field, reason])
          : t('privacy_import_at_entry', [p.section, number, reason]);
      }
      return t('privacy_import_at_field', [field ?? '', reason]);
    }
  }
}

function reasonText(p: Extract<BackupProblem, { kind: 'row' }>, t: Translate, f: Formats): string {
  const key = REASON_KEYS[p.reason];
  switch (p.reason) {
    case 'too-long':
    case 'too-many':
    case 'count-range':
      return t(key, f.number(p.limit ?? 0));
    case 'time-range':
      return t(key, [f.date(p.from ?? NaN), f.date(p.to ?? NaN)]);
    case 'forbidden-key':
    case 'unknown-field':
      return t(key, safeParam(p.key ?? ''));
    default:
      return t(key);
  }
}

/** The status line after an import. */
export function importOutcomeText(outcome: FileImportOutcome, t: Translate, f: Formats): { text: string; error?: true } {
  if (outcome.ok) return { text: importedText(outcome.result, t, f) };
  if ('problem' in outcome) return { text: t('privacy_import_invalid', problemText(outcome.problem, t, f)), error: true };
  const key =
    outcome.failure === 'quota'
      ? 'privacy_import_quota'
      : outcome.failure === 'unreadable'
        ? 'privacy_import_unreadable'
        : 'privacy_import_write_failed';
  return { text: t(key), error: true };
}

function importedText(r: ImportResult, t: Translate, f: Formats): string {
  const history = t('privacy_imported', [
    f.number(r.visitsAdded),
    f.number(r.visitsSkipped),
    f.number(r.certificatesAdded),
    f.number(r.eventsAdded),
  ]);
  return r.expectationsAdded ? `${history} ${t('expect_imported', [f.number(r.expectationsAdded)])}` : history;
}

/** The label beside the progress bar. */
export function progressText(p: ImportProgress, t: Translate, f: Formats): string {
  if (p.phase === 'reading') return t('privacy_import_progress_reading');
  return t(p.phase === 'checking' ? 'privacy_import_progress_checking' : 'privacy_import_progress_writing', [
    f.number(p.done),
    f.number(p.total),
  ]);
}
