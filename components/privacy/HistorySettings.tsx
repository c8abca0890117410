/**
 * History on/off and how long visits are kept. The retention is applied as soon as it is
 * changed (and daily by the background); shortening it deletes visits, so the page asks first.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Settings } from '@/lib/settings';
import type { Lang } from './types';

/** Props of {@link HistorySettings}. */
export interface HistorySettingsProps extends Lang {
  settings: Settings;
  onHistoryEnabled: (enabled: boolean) => void;
  onRetention: (days: number) => void;
}

const MIN_RETENTION = 1;
const MAX_RETENTION = 3650;

/** The days typed, or undefined when not a whole number in range. */
function parseRetention(text: string): number | undefined {
  if (!/^\s*\d{1,4}\s*$/.test(text)) return undefined;
  const n = Number(text);
  return n >= MIN_RETENTION && n <= MAX_RETENTION ? n : undefined;
}

export function HistorySettings({ settings, onHistoryEnabled, onRetention, t }: HistorySettingsProps) {
  const [draft, setDraft] = useState(String(settings.retentionDays));
  useEffect(() => setDraft(String(settings.retentionDays)), [settings.retentionDays]);
  const invalid = parseRetention(draft) === undefined;
  // From the field itself on "change": it can fire in the same turn as the last "input".
  const commit = (text: string = draft) => {
    const days = parseRetention(text);
    if (days !== undefined && days !== settings.retentionDays) onRetention(days);
  };

  return (
    <div class="settings-group">
      <div class="field field-check">
        <input
          id="s-enabled"
          type="checkbox"
          checked={settings.historyEnabled}
          aria-describedby="s-enabled-hint"
          onChange={(e) => onHistoryEnabled((e.currentTarget as HTMLInputElement).checked)}
        />
        <label for="s-enabled">{t('privacy_settings_enabled')}</label>
      </div>
      <p id="s-enabled-hint" class="hint">
        {t('privacy_settings_enabled_hint')}
      </p>
      <form
        class="field field-inline"
        onSubmit={(e) => {
          e.preventDefault();
          commit();
        }}
      >
        <label for="s-retention">{t('privacy_settings_retention')}</label>
        <input
          id="s-retention"
          type="number"
          inputMode="numeric"
          min={MIN_RETENTION}
          max={MAX_RETENTION}
          step={1}
          value={draft}
          aria-invalid={invalid}
          aria-describedby="s-retention-hint"
          onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)}
          onChange={(e) => commit((e.currentTarget as HTMLInputElement).value)}
        />
        <span>{t('privacy_settings_days')}</span>
        <button type="submit" disabled={invalid || parseRetention(draft) === settings.retentionDays}>
          {t('privacy_settings_apply')}
        </button>
      </form>
      <p id="s-retention-hint" class={`hint${invalid ? ' is-error' : ''}`}>
        {invalid ? t('privacy_settings_retention_invalid', [MIN_RETENTION, MAX_RETENTION]) : t('privacy_settings_retention_hint')}
      </p>
    </div>
  );
}
