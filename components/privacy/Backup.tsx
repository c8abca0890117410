/**
 * Export (JSON backup, CSV of visits) and import of a JSON backup. The file input is a real,
 * labelled control; while an import runs a labelled progress bar shows its phase (reading,
 * checking, writing); its outcome is announced by the page's status line.
 */
import { useRef } from 'preact/hooks';
import type { ImportProgress } from '@/lib/history/import';
import { progressText } from '@/lib/privacy/import-message';
import type { Lang } from './types';

/** Props of {@link Backup}. */
export interface BackupProps extends Lang {
  onExport: (kind: 'json' | 'csv') => void;
  onImport: (file: File) => void;
  /** An export or import is running: buttons wait. */
  busy: boolean;
  /** The running import's progress; absent when none runs. */
  progress?: ImportProgress | undefined;
}

export function Backup({ onExport, onImport, busy, progress, t, f }: BackupProps) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div class="settings-group">
      <div class="button-row">
        <button type="button" disabled={busy} onClick={() => onExport('json')}>
          {t('privacy_export_json')}
        </button>
        <button type="button" disabled={busy} onClick={() => onExport('csv')}>
          {t('privacy_export_csv')}
        </button>
      </div>
      <p class="hint">{t('privacy_export_hint')}</p>
      <div class="field field-inline">
        <label for="b-import">{t('privacy_import_label')}</label>
        <input
          id="b-import"
          ref={input}
          type="file"
          accept="application/json,.json"
          disabled={busy}
          onChange={(e) => {
            const file = (e.currentTarget as HTMLInputElement).files?.[0];
            if (file) onImport(file);
            // The same file can be chosen again (e.g. after fixing it).
            if (input.current) input.current.value = '';
          }}
        />
      </div>
      {progress && (
        <div class="field import-progress" data-phase={progress.phase}>
          <label for="b-import-progress">{progressText(progress, t, f)}</label>
          {/* Reading has no known end: an indeterminate bar (no value). */}
          {progress.phase === 'reading' ? (
            <progress id="b-import-progress" />
          ) : (
            <progress id="b-import-progress" max={Math.max(1, progress.total)} value={progress.done} />
          )}
        </div>
      )}
      <p class="hint">{t('privacy_import_hint')}</p>
    </div>
  );
}
