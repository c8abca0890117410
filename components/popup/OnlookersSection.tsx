/**
 * "Who can see what": one row per observer, each showing at a glance what it sees (with the
 * real values: the IP, the host name, and whether the name leaked through DNS or SNI), and
 * opening to every item with the reason. Plain HTTP gets the blunt line and "Try HTTPS".
 */
import { useId, useState } from 'preact/hooks';
import { displayText } from '@/lib/safe-text';
import { exposedItemKey, observerKeys, visibilityKey } from '@/lib/report/labels';
import type { ExposedItem, Exposure } from '@/lib/report/types';
import { text, type Translate } from '@/lib/popup/message';
import type { ObserverRow, OnlookerView } from '@/lib/popup/onlookers';
import type { MessageKey } from '@/lib/i18n/keys';

/** Props of {@link OnlookersSection}. */
export interface OnlookersSectionProps {
  view: OnlookerView;
  /** The https:// address "Try HTTPS" opens; the button shows only with it. */
  httpsUrl?: string;
  onTryHttps: (url: string) => void;
  t: Translate;
}

/** Chip labels short enough for the collapsed row. The host-name item is SNI only when encrypted. */
const SHORT_KEYS: Record<ExposedItem, MessageKey> = {
  ip: 'popup_exposure_short_ip',
  'hostname-dns': 'popup_exposure_short_hostname_dns',
  'hostname-sni': 'popup_exposure_short_hostname_sni',
  certificate: 'popup_exposure_short_certificate',
  'timing-size': 'popup_exposure_short_timing_size',
  path: 'popup_exposure_short_path',
  query: 'popup_exposure_short_query',
  cookies: 'popup_exposure_short_cookies',
  content: 'popup_exposure_short_content',
  'can-modify': 'popup_exposure_short_can_modify',
};

function shortKey(item: ExposedItem, plainHttp: boolean): MessageKey {
  // Without TLS there is no SNI: the name travels in the request itself.
  if (item === 'hostname-sni' && plainHttp) return 'popup_exposure_short_hostname_request';
  return SHORT_KEYS[item];
}

/** A value inside a <summary>: plain capped text (no "show more" button: summaries must not hold controls). */
function chipValue(value: string): string {
  const shown = displayText(value, 48);
  return shown.omitted > 0 ? `${shown.text}…` : shown.text;
}

function Chips({ row, plainHttp, t }: { row: ObserverRow; plainHttp: boolean; t: Translate }) {
  if (row.sees.length === 0) {
    return <span class="chip chip-none">{t(row.unknown.length ? 'popup_onlooker_sees_unknown' : 'popup_onlooker_sees_nothing')}</span>;
  }
  return (
    <>
      {row.sees.map((e) => (
        <span key={e.item} class="chip chip-visible">
          {t(shortKey(e.item, plainHttp))}
          {e.value !== undefined && (
            <>
              {' '}
              <bdi class="chip-value">{chipValue(e.value)}</bdi>
            </>
          )}
        </span>
      ))}
      {row.unknown.length > 0 && <span class="chip chip-unknown">{t('popup_onlooker_unknown_count', [row.unknown.length])}</span>}
    </>
  );
}

function ExposureLine({ e, t }: { e: Exposure; t: Translate }) {
  return (
    <li class={`exposure exposure-${e.visibility}`}>
      <span class="exposure-state">{t(visibilityKey(e.visibility))}</span>
      <span class="exposure-item">
        {t(exposedItemKey(e.item))}
        {e.value !== undefined && (
          <>
            {': '}
            <bdi class="exposure-value">
              <code>{chipValue(e.value)}</code>
            </bdi>
          </>
        )}
      </span>
      <span class="exposure-why">{text(t, e.why)}</span>
    </li>
  );
}

export function OnlookersSection({ view, httpsUrl, onTryHttps, t }: OnlookersSectionProps) {
  const headingId = useId();
  // The rows start collapsed, and their bodies hold half the popup's elements: they are drawn
  // when first wanted — pointer or focus on the list (before the click or Enter that opens a
  // row), or a row opening by other means — not in the first render.
  const [bodies, setBodies] = useState(false);
  const want = bodies ? undefined : () => setBodies(true);
  return (
    <section class="panel onlookers" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('popup_onlookers_heading')}</h2>
      <p class={view.plainHttp ? 'onlooker-headline onlooker-headline-bad' : 'onlooker-headline'}>{text(t, view.headline)}</p>
      {view.notes.map((n, i) => (
        <p key={i} class="onlooker-note">
          {text(t, n)}
        </p>
      ))}
      {view.plainHttp && httpsUrl && (
        <p>
          <button type="button" class="button-primary" onClick={() => onTryHttps(httpsUrl)}>
            {t('popup_try_https')}
          </button>
        </p>
      )}
      <ul class="observers" {...(want ? { onPointerOver: want, onFocusIn: want } : {})}>
        {view.rows.map((row) => {
          const keys = observerKeys(row.observer);
          return (
            <li key={row.observer} class="observer">
              <details {...(want ? { onToggle: want } : {})}>
                <summary>
                  <span class="observer-name">{t(keys.name)}</span>
                  <span class="observer-chips">
                    <Chips row={row} plainHttp={view.plainHttp} t={t} />
                  </span>
                </summary>
                {bodies && (
                  <>
                    <p class="observer-hint">{t(keys.hint)}</p>
                    <ul class="exposures">
                      {[...row.sees, ...row.unknown, ...row.hidden].map((e) => (
                        <ExposureLine key={e.item} e={e} t={t} />
                      ))}
                    </ul>
                  </>
                )}
              </details>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
