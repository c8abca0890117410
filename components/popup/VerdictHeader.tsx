/** The popup's first lines: icon, host, the verdict in one sentence, then the other reasons. */
import type { HeaderView } from '@/lib/popup/verdict-header';
import { text, type Translate } from '@/lib/popup/message';
import { VerdictIcon } from './VerdictIcon';
import { safeText } from '@/lib/safe-text';

/** Props of {@link VerdictHeader}. */
export interface VerdictHeaderProps {
  header: HeaderView;
  t: Translate;
}

export function VerdictHeader({ header, t }: VerdictHeaderProps) {
  return (
    <header class={`verdict verdict-${header.kind}`}>
      <VerdictIcon kind={header.kind} />
      <div class="verdict-text">
        <h1 class="verdict-host">
          <bdi>{header.host ? safeText(header.host) : t('popup_no_page')}</bdi>
        </h1>
        <p class="verdict-title">{text(t, header.title)}</p>
        <p class="verdict-sentence">{text(t, header.sentence)}</p>
        {header.alerts.length > 0 && (
          <ul class="verdict-alerts" aria-label={t('popup_alerts')}>
            {header.alerts.map((m, i) => (
              <li key={i}>{text(t, m)}</li>
            ))}
          </ul>
        )}
        {header.more.length > 0 && (
          <ul class="verdict-more" aria-label={t('popup_more_reasons')}>
            {header.more.map((m, i) => (
              <li key={i}>{text(t, m)}</li>
            ))}
          </ul>
        )}
      </div>
    </header>
  );
}
