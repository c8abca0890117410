/**
 * Messages above the page: the background's storage notice (writes failing, visits not saved,
 * oldest visits deleted to make room; until
 * dismissed), "history is off", and the outcome of the user's last action (a live region, so
 * screen readers hear "Deleted 1,234 visits" without focus moving).
 */
import type { HistoryNotice } from '@/lib/privacy/notice';
import type { Lang } from './types';

/** The result of the user's last action. */
export interface StatusMessage {
  text: string;
  /** Errors are announced assertively and drawn as such. */
  error?: boolean;
}

/** Props of {@link Notices}. */
export interface NoticesProps extends Lang {
  quota?: HistoryNotice;
  onDismissQuota: () => void;
  historyOff: boolean;
  settingsHref: string;
  status?: StatusMessage;
}

export function Notices({ quota, onDismissQuota, historyOff, settingsHref, status, t, f }: NoticesProps) {
  return (
    <div class="notices">
      {quota && (
        <div class="notice tone-warn" role="alert" data-notice="quota">
          {quota.failingSince !== undefined && <p>{t('privacy_storage_failing', [f.dateTime(quota.failingSince)])}</p>}
          {quota.dropped !== undefined && <p>{t('privacy_storage_dropped', [f.number(quota.dropped)])}</p>}
          {quota.quotaPruned !== undefined && quota.quotaPrunedAt !== undefined && (
            <p>{t('privacy_quota_notice', [f.number(quota.quotaPruned), f.dateTime(quota.quotaPrunedAt)])}</p>
          )}
          <button type="button" onClick={onDismissQuota}>
            {t('privacy_dismiss')}
          </button>
        </div>
      )}
      {historyOff && (
        <div class="notice tone-info" data-notice="off">
          <p>
            {t('privacy_history_off_notice')} <a href={settingsHref}>{t('privacy_nav_settings')}</a>
          </p>
        </div>
      )}
      <p class={`status-line${status?.error ? ' is-error' : ''}`} role="status" aria-live={status?.error ? 'assertive' : 'polite'}>
        {status?.text ?? ''}
      </p>
    </div>
  );
}
