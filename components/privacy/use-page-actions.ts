/**
 * What the page's buttons do: settings, retention, deletion, export, import, marking events as
 * seen. Each runs through `run`, which puts its outcome (or failure) on the status line, and
 * destructive ones go through the confirmation dialog first.
 */
import { useState } from 'preact/hooks';
import type { ImportProgress } from '@/lib/history/import';
import * as actions from '@/lib/privacy/privacy-io';
import { importOutcomeText } from '@/lib/privacy/import-message';
import { actionFailureText } from '@/lib/privacy/action-message';
import type { Route } from '@/lib/privacy/route';
import type { Settings } from '@/lib/settings';
import { confirmation, type Pending } from './confirmations';
import type { DeleteRequest } from './DeleteHistory';
import type { StatusMessage } from './Notices';
import type { Lang } from './types';

/** What the page needs around the actions. */
export interface PageActionDeps extends Lang {
  settings: Settings;
  setSettings: (s: Settings) => void;
  route: Route;
  go: (r: Route) => void;
  /** The history changed here: re-read the views now. */
  bump: () => void;
}

export function usePageActions({ settings, setSettings, route, go, bump, t, f }: PageActionDeps) {
  const [status, setStatus] = useState<StatusMessage>();
  const [pending, setPending] = useState<Pending>();
  const [busy, setBusy] = useState(false);
  const [importProgress, setImportProgress] = useState<ImportProgress>();
  const lang = { t, f };

  /** Runs a user action; its result (or failure) goes to the status line. */
  const run = async (work: () => Promise<StatusMessage | string>) => {
    setBusy(true);
    try {
      const result = await work();
      setStatus(typeof result === 'string' ? { text: result } : result);
    } catch (err) {
      console.warn('Onlooker: a history action failed', err);
      setStatus({ text: actionFailureText(err, t), error: true });
    } finally {
      setBusy(false);
    }
  };

  const onSettings = (patch: Partial<Settings>) =>
    void run(async () => {
      setSettings(await actions.saveSettings(patch));
      return t('privacy_settings_saved');
    });

  const onRetention = (days: number) => {
    const apply = () =>
      run(async () => {
        setSettings(await actions.saveSettings({ retentionDays: days }));
        const { visits } = await actions.retain(days);
        bump();
        return t('privacy_retention_applied', [f.number(days), f.number(visits)]);
      });
    // Fewer days deletes visits now: ask first. More days deletes nothing.
    if (days < settings.retentionDays) setPending(confirmation({ kind: 'retention', days }, lang, apply));
    else void apply();
  };

  const onDelete = (request: DeleteRequest) =>
    setPending(
      confirmation(request, lang, () =>
        run(async () => {
          const { visits } =
            request.kind === 'site'
              ? await actions.removeSite(request.host)
              : request.kind === 'range'
                ? await actions.removeRange(request.from, request.to)
                : await actions.removeAll();
          bump();
          if (request.kind === 'site' && route.view === 'site' && route.host === request.host) go({ view: 'visits' });
          return t('privacy_deleted', f.number(visits));
        }),
      ),
    );

  const onExport = (kind: 'json' | 'csv') =>
    void run(async () => {
      await actions.downloadExport(kind);
      return t(kind === 'json' ? 'privacy_exported_json' : 'privacy_exported_csv');
    });

  const onImport = (file: File) =>
    void run(async () => {
      setStatus(undefined);
      try {
        const outcome = await actions.importFile(file, setImportProgress);
        if (outcome.ok) bump();
        return importOutcomeText(outcome, t, f);
      } finally {
        setImportProgress(undefined);
      }
    });

  const onMarkSeen = (ids: number[]) => void actions.markEventsSeen(ids).then(bump);

  const confirm = () => {
    const p = pending;
    setPending(undefined);
    void p?.run();
  };
  const cancel = () => setPending(undefined);

  return { status, busy, importProgress, pending, confirm, cancel, onSettings, onRetention, onDelete, onExport, onImport, onMarkSeen };
}
