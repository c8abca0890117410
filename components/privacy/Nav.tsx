import type { View } from '@/lib/privacy/route';
import type { Lang } from './types';
import type { MessageKey } from '@/lib/i18n/keys';

const ITEMS: { view: View; key: MessageKey }[] = [
  { view: 'visits', key: 'privacy_nav_visits' },
  { view: 'events', key: 'privacy_nav_events' },
  { view: 'charts', key: 'privacy_nav_charts' },
  { view: 'settings', key: 'privacy_nav_settings' },
];

/** The page's sections as links (hash routes); the current one is marked for assistive tech. */
export function Nav({ current, unseen, t, f }: Lang & { current: View; unseen: number }) {
  return (
    <nav class="page-nav" aria-label={t('privacy_nav_label')}>
      <ul>
        {ITEMS.map(({ view, key }) => (
          <li key={view}>
            <a href={`#${view}`} aria-current={current === view ? 'page' : undefined}>
              {t(key)}
              {view === 'events' && unseen > 0 && (
                <>
                  <span class="count" aria-hidden="true">
                    {f.number(unseen)}
                  </span>
                  <span class="visually-hidden">{t('privacy_nav_unseen', f.number(unseen))}</span>
                </>
              )}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
