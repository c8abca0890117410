/** The settings view: recording, retention, how pages are judged, excluded sites, deletion, backups. */
import { addHost, removeHost } from '@/lib/privacy/excluded-hosts';
import type { Settings } from '@/lib/settings';
import { Backup, type BackupProps } from './Backup';
import { DeleteHistory, type DeleteRequest } from './DeleteHistory';
import { ExcludedHosts } from './ExcludedHosts';
import { HistorySettings } from './HistorySettings';
import { VerdictSettings } from './VerdictSettings';
import { AlertsSetting, ExpectationList } from './WatchSettings';
import { useWatchSettings } from './use-watch-settings';
import type { Lang } from './types';

/** Props of {@link SettingsSection}. */
export interface SettingsSectionProps extends Lang, Omit<BackupProps, keyof Lang> {
  settings: Settings;
  onSettings: (patch: Partial<Settings>) => void;
  onRetention: (days: number) => void;
  onDelete: (request: DeleteRequest) => void;
  hostsListId?: string;
}

export function SettingsSection(props: SettingsSectionProps) {
  const { settings, onSettings, t, f } = props;
  const watch = useWatchSettings(onSettings);
  return (
    <div class="settings">
      <section aria-labelledby="set-history">
        <h2 id="set-history">{t('privacy_settings_heading')}</h2>
        <HistorySettings
          settings={settings}
          onHistoryEnabled={(historyEnabled) => onSettings({ historyEnabled })}
          onRetention={props.onRetention}
          t={t}
          f={f}
        />
      </section>
      <section aria-labelledby="set-verdicts">
        <h2 id="set-verdicts">{t('privacy_settings_verdicts_heading')}</h2>
        <VerdictSettings settings={settings} onLocalAsRemote={(localAsRemote) => onSettings({ localAsRemote })} t={t} f={f} />
      </section>
      <section aria-labelledby="set-expect">
        <h2 id="set-expect">{t('expect_settings_heading')}</h2>
        <ExpectationList list={watch.expectations} onChange={watch.setExpectations} t={t} f={f} />
        <AlertsSetting enabled={settings.alertsEnabled} denied={watch.alertsDenied} onChange={watch.onAlerts} t={t} f={f} />
      </section>
      <section aria-labelledby="set-excluded">
        <h2 id="set-excluded">{t('privacy_excluded_heading')}</h2>
        <ExcludedHosts
          hosts={settings.excludedHosts}
          onAdd={(host) => onSettings({ excludedHosts: addHost(settings.excludedHosts, host) })}
          onRemove={(host) => onSettings({ excludedHosts: removeHost(settings.excludedHosts, host) })}
          t={t}
          f={f}
        />
      </section>
      <section aria-labelledby="set-delete">
        <h2 id="set-delete">{t('privacy_delete_heading')}</h2>
        <DeleteHistory onRequest={props.onDelete} hostsListId={props.hostsListId} t={t} f={f} />
      </section>
      <section aria-labelledby="set-backup">
        <h2 id="set-backup">{t('privacy_backup_heading')}</h2>
        <Backup onExport={props.onExport} onImport={props.onImport} busy={props.busy} progress={props.progress} t={t} f={f} />
      </section>
    </div>
  );
}
