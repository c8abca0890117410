/**
 * How pages are judged. One setting for now: developers checking their own site on localhost
 * or the LAN want the verdict it would get on the internet instead of "local".
 */
import type { Settings } from '@/lib/settings';
import type { Lang } from './types';

/** Props of {@link VerdictSettings}. */
export interface VerdictSettingsProps extends Lang {
  settings: Settings;
  onLocalAsRemote: (value: boolean) => void;
}

export function VerdictSettings({ settings, onLocalAsRemote, t }: VerdictSettingsProps) {
  return (
    <div class="settings-group">
      <div class="field field-check">
        <input
          id="s-local-as-remote"
          type="checkbox"
          checked={settings.localAsRemote}
          aria-describedby="s-local-as-remote-hint"
          onChange={(e) => onLocalAsRemote((e.currentTarget as HTMLInputElement).checked)}
        />
        <label for="s-local-as-remote">{t('privacy_settings_local_as_remote')}</label>
      </div>
      <p id="s-local-as-remote-hint" class="hint">
        {t('privacy_settings_local_as_remote_hint')}
      </p>
    </div>
  );
}
