/**
 * The watch settings: desktop alerts (opt-in, behind the optional `notifications` permission)
 * and the list of per-site expectations, each editable and deletable. Presentational: the
 * permission request and storage writes are the parent's (through lib/privacy/privacy-io.ts).
 */
import { useState } from 'preact/hooks';
import { expectationId, normaliseExpectation, shortKey, type Expectation } from '@/lib/watch/expectations';
import { safeParam, safeText } from '@/lib/safe-text';
import type { Lang } from './types';

/** Props of {@link AlertsSetting}. */
export interface AlertsSettingProps extends Lang {
  enabled: boolean;
  /** Turning on must ask for the permission inside the click: the parent does it synchronously. */
  onChange: (on: boolean) => void;
  /** The permission was refused on the last attempt. */
  denied: boolean;
}

export function AlertsSetting({ enabled, onChange, denied, t }: AlertsSettingProps) {
  return (
    <div class="settings-group">
      <div class="field field-check">
        <input
          id="s-alerts"
          type="checkbox"
          checked={enabled}
          aria-describedby="s-alerts-hint"
          onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked)}
        />
        <label for="s-alerts">{t('notify_setting_label')}</label>
      </div>
      <p id="s-alerts-hint" class="hint">
        {t('notify_setting_hint')}
      </p>
      {denied && (
        <p class="hint is-error" role="alert">
          {t('notify_permission_denied')}
        </p>
      )}
    </div>
  );
}

/** Props of {@link ExpectationList}. */
export interface ExpectationListProps extends Lang {
  list: readonly Expectation[];
  onChange: (next: Expectation[]) => void;
}

function siteLabel(e: Expectation, t: Lang['t']): string {
  return e.subdomains ? t('expect_with_subdomains', [safeParam(e.host)]) : safeText(e.host);
}

export function ExpectationList({ list, onChange, t }: ExpectationListProps) {
  const [editing, setEditing] = useState<string>();
  const [draft, setDraft] = useState('');
  const [invalid, setInvalid] = useState(false);
  return (
    <div class="settings-group">
      <p class="hint">{t('expect_settings_intro')}</p>
      {list.length === 0 ? (
        <p class="muted">{t('expect_settings_none')}</p>
      ) : (
        <table class="expect-table">
          <thead>
            <tr>
              <th scope="col">{t('expect_col_site')}</th>
              <th scope="col">{t('expect_col_kind')}</th>
              <th scope="col">{t('expect_col_value')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('expect_edit')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((e) => {
              const id = expectationId(e);
              const inputId = `expect-edit-${list.indexOf(e)}`;
              return (
                <tr key={id} data-expectation={id}>
                  <td>{siteLabel(e, t)}</td>
                  <td>{t(e.kind === 'issuer' ? 'expect_kind_issuer' : 'expect_kind_key')}</td>
                  <td>
                    {editing === id ? (
                      <form
                        class="field field-inline"
                        onSubmit={(ev) => {
                          ev.preventDefault();
                          const field = (ev.currentTarget as HTMLFormElement).querySelector('input');
                          const next = normaliseExpectation({ ...e, value: field?.value ?? draft });
                          setInvalid(!next);
                          if (!next) return;
                          onChange(list.map((x) => (expectationId(x) === id ? next : x)));
                          setEditing(undefined);
                        }}
                      >
                        <label for={inputId} class="visually-hidden">
                          {t('expect_edit_label', [safeParam(e.host)])}
                        </label>
                        <input
                          id={inputId}
                          type="text"
                          value={draft}
                          spellcheck={false}
                          autocomplete="off"
                          aria-invalid={invalid}
                          onInput={(ev) => setDraft((ev.currentTarget as HTMLInputElement).value)}
                        />
                        <button type="submit">{t('expect_save')}</button>
                        <button type="button" onClick={() => setEditing(undefined)}>
                          {t('expect_cancel')}
                        </button>
                        {invalid && (
                          <p class="hint is-error" role="alert">
                            {t('expect_invalid')}
                          </p>
                        )}
                      </form>
                    ) : (
                      <span class="expect-value" title={e.kind === 'key' ? e.value : undefined}>
                        {e.kind === 'key' ? shortKey(e.value) : safeText(e.value)}
                      </span>
                    )}
                  </td>
                  <td class="expect-actions">
                    {editing !== id && (
                      <button
                        type="button"
                        onClick={() => {
                          setEditing(id);
                          setDraft(e.value);
                          setInvalid(false);
                        }}
                      >
                        {t('expect_edit')}
                      </button>
                    )}
                    <button
                      type="button"
                      aria-label={t('expect_delete_label', [safeParam(e.host)])}
                      onClick={() => onChange(list.filter((x) => expectationId(x) !== id))}
                    >
                      {t('expect_delete')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
