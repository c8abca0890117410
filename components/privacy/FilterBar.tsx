/**
 * Search, filters and sort of the visit list. Every control is labelled and fires on each
 * change (no "apply" button): queries are answered from indexes fast enough to follow typing.
 */
import type { FilterState } from '@/lib/privacy/filters';
import { isFiltered, parseSort, parseVerdict, SORTS, VERDICT_OPTIONS } from '@/lib/privacy/filters';
import { verdictTitleKey } from '@/lib/report/labels';
import type { Lang } from './types';
import type { MessageKey } from '@/lib/i18n/keys';

/** Props of {@link FilterBar}. */
export interface FilterBarProps extends Lang {
  filters: FilterState;
  onChange: (patch: Partial<FilterState>) => void;
  onClear: () => void;
  /** Suggestions for the site field. */
  hosts: readonly string[];
  /** Matching visits, once known. */
  total?: number;
}

const SORT_KEYS: Record<FilterState['sort'], MessageKey> = {
  'time-desc': 'privacy_sort_newest',
  'time-asc': 'privacy_sort_oldest',
  host: 'privacy_sort_host',
};

const value = (e: Event) => (e.currentTarget as HTMLInputElement | HTMLSelectElement).value;

export function FilterBar({ filters, onChange, onClear, hosts, total, t, f }: FilterBarProps) {
  return (
    <form class="filter-bar" role="search" aria-label={t('privacy_filters_label')} onSubmit={(e) => e.preventDefault()}>
      <div class="field field-search">
        <label for="f-text">{t('privacy_search_label')}</label>
        <input
          id="f-text"
          type="search"
          value={filters.text}
          placeholder={t('privacy_search_placeholder')}
          autocomplete="off"
          spellcheck={false}
          onInput={(e) => onChange({ text: value(e) })}
        />
      </div>
      <div class="field">
        <label for="f-verdict">{t('privacy_filter_verdict')}</label>
        <select id="f-verdict" value={filters.verdict} onChange={(e) => onChange({ verdict: parseVerdict(value(e)) })}>
          <option value="">{t('privacy_filter_verdict_all')}</option>
          {VERDICT_OPTIONS.map((v) => (
            <option key={v} value={v}>
              {t(verdictTitleKey(v))}
            </option>
          ))}
        </select>
      </div>
      <div class="field field-check">
        <input
          id="f-http"
          type="checkbox"
          checked={filters.httpOnly}
          onChange={(e) => onChange({ httpOnly: (e.currentTarget as HTMLInputElement).checked })}
        />
        <label for="f-http">{t('privacy_filter_http_only')}</label>
      </div>
      <div class="field">
        <label for="f-from">{t('privacy_filter_from')}</label>
        <input id="f-from" type="date" value={filters.from} max={filters.to || undefined} onChange={(e) => onChange({ from: value(e) })} />
      </div>
      <div class="field">
        <label for="f-to">{t('privacy_filter_to')}</label>
        <input id="f-to" type="date" value={filters.to} min={filters.from || undefined} onChange={(e) => onChange({ to: value(e) })} />
      </div>
      <div class="field">
        <label for="f-site">{t('privacy_filter_site')}</label>
        <input
          id="f-site"
          type="text"
          list="f-site-hosts"
          value={filters.site}
          placeholder={t('privacy_filter_site_placeholder')}
          autocomplete="off"
          spellcheck={false}
          onChange={(e) => onChange({ site: value(e) })}
        />
        <datalist id="f-site-hosts">
          {hosts.map((h) => (
            <option key={h} value={h} />
          ))}
        </datalist>
      </div>
      <div class="field">
        <label for="f-sort">{t('privacy_sort_label')}</label>
        <select id="f-sort" value={filters.sort} onChange={(e) => onChange({ sort: parseSort(value(e)) })}>
          {SORTS.map((s) => (
            <option key={s} value={s}>
              {t(SORT_KEYS[s])}
            </option>
          ))}
        </select>
      </div>
      <div class="field field-actions">
        <button type="button" onClick={onClear} disabled={!isFiltered(filters)}>
          {t('privacy_filters_clear')}
        </button>
        <output class="result-count" for="f-text f-verdict f-http f-from f-to f-site" aria-live="polite" data-total={total}>
          {total === undefined ? '' : t('privacy_result_count', f.number(total))}
        </output>
      </div>
    </form>
  );
}
