/**
 * The sites never written to the history (a site and its subdomains). Adding one does not
 * delete what is already stored; the hint says so and "delete a site" is next to it.
 */
import { useState } from 'preact/hooks';
import { normaliseHostInput } from '@/lib/privacy/excluded-hosts';
import type { Lang } from './types';
import { safeParam, safeText } from '@/lib/safe-text';

/** Props of {@link ExcludedHosts}. */
export interface ExcludedHostsProps extends Lang {
  hosts: readonly string[];
  onAdd: (host: string) => void;
  onRemove: (host: string) => void;
}

/** The current value of a form's field, by id. */
export function fieldValue(e: Event, id: string): string | undefined {
  const form = e.currentTarget as HTMLFormElement | null;
  const field = form?.querySelector?.(`#${id}`) as HTMLInputElement | null | undefined;
  return field?.value;
}

export function ExcludedHosts({ hosts, onAdd, onRemove, t }: ExcludedHostsProps) {
  const [draft, setDraft] = useState('');
  const [error, setError] = useState(false);
  return (
    <div class="settings-group">
      <p id="x-hint" class="hint">
        {t('privacy_excluded_hint')}
      </p>
      {hosts.length === 0 ? (
        <p class="muted">{t('privacy_excluded_none')}</p>
      ) : (
        <ul class="chip-list" aria-label={t('privacy_excluded_heading')}>
          {hosts.map((h) => (
            <li key={h}>
              <span>{safeText(h)}</span>
              <button type="button" onClick={() => onRemove(h)} aria-label={t('privacy_excluded_remove_of', safeParam(h))}>
                {t('privacy_excluded_remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        class="field field-inline"
        onSubmit={(e) => {
          e.preventDefault();
          // The field's own value: a submit can come in the same turn as the last keystroke.
          const host = normaliseHostInput(fieldValue(e, 'x-add') ?? draft);
          setError(host === undefined);
          if (host !== undefined) {
            onAdd(host);
            setDraft('');
          }
        }}
      >
        <label for="x-add">{t('privacy_excluded_add_label')}</label>
        <input
          id="x-add"
          type="text"
          value={draft}
          placeholder="example.com"
          autocomplete="off"
          spellcheck={false}
          aria-invalid={error}
          aria-describedby={error ? 'x-error' : 'x-hint'}
          onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit">{t('privacy_excluded_add')}</button>
      </form>
      {error && (
        <p id="x-error" class="hint is-error" role="alert">
          {t('privacy_host_invalid')}
        </p>
      )}
    </div>
  );
}
