/**
 * Deleting a site, a time range, or everything. The buttons only ask: the page shows the
 * confirmation dialog and deletes after "Delete" there.
 */
import { useState } from 'preact/hooks';
import { dayEnd, dayStart } from '@/lib/privacy/filters';
import { normaliseHostInput } from '@/lib/privacy/excluded-hosts';
import { fieldValue } from './ExcludedHosts';
import type { Lang } from './types';

/** A deletion the user asked for (to be confirmed). */
export type DeleteRequest =
  | { kind: 'site'; host: string }
  | { kind: 'range'; from: number; to: number; fromText: string; toText: string }
  | { kind: 'all' };

/** Props of {@link DeleteHistory}. */
export interface DeleteHistoryProps extends Lang {
  onRequest: (request: DeleteRequest) => void;
  /** Suggestions for the site field (id of a datalist on the page). */
  hostsListId?: string;
}

export function DeleteHistory({ onRequest, hostsListId, t }: DeleteHistoryProps) {
  const [site, setSite] = useState('');
  const [siteError, setSiteError] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [rangeError, setRangeError] = useState(false);

  return (
    <div class="settings-group">
      <form
        class="field field-inline"
        onSubmit={(e) => {
          e.preventDefault();
          const host = normaliseHostInput(fieldValue(e, 'd-site') ?? site);
          setSiteError(host === undefined);
          if (host !== undefined) onRequest({ kind: 'site', host });
        }}
      >
        <label for="d-site">{t('privacy_delete_site_label')}</label>
        <input
          id="d-site"
          type="text"
          list={hostsListId}
          value={site}
          autocomplete="off"
          spellcheck={false}
          aria-invalid={siteError}
          aria-describedby={siteError ? 'd-site-error' : undefined}
          onInput={(e) => setSite((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit" class="danger">
          {t('privacy_delete_site')}
        </button>
      </form>
      {siteError && (
        <p id="d-site-error" class="hint is-error" role="alert">
          {t('privacy_host_invalid')}
        </p>
      )}
      <form
        class="field field-inline"
        aria-labelledby="d-range-label"
        onSubmit={(e) => {
          e.preventDefault();
          const fromText = fieldValue(e, 'd-from') ?? from;
          const toText = fieldValue(e, 'd-to') ?? to;
          const start = dayStart(fromText);
          const end = dayEnd(toText);
          const ok = start !== undefined && end !== undefined && start <= end;
          setRangeError(!ok);
          if (ok) onRequest({ kind: 'range', from: start, to: end, fromText, toText });
        }}
      >
        <span id="d-range-label">{t('privacy_delete_range_label')}</span>
        <label for="d-from">{t('privacy_filter_from')}</label>
        <input id="d-from" type="date" value={from} required onInput={(e) => setFrom((e.currentTarget as HTMLInputElement).value)} />
        <label for="d-to">{t('privacy_filter_to')}</label>
        <input id="d-to" type="date" value={to} required onInput={(e) => setTo((e.currentTarget as HTMLInputElement).value)} />
        <button type="submit" class="danger">
          {t('privacy_delete_range')}
        </button>
      </form>
      {rangeError && (
        <p class="hint is-error" role="alert">
          {t('privacy_range_invalid')}
        </p>
      )}
      <div class="field field-inline">
        <button type="button" class="danger" onClick={() => onRequest({ kind: 'all' })}>
          {t('privacy_delete_all')}
        </button>
      </div>
    </div>
  );
}
