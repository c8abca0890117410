/**
 * Firefox MV3 may withhold host permission: then Onlooker sees nothing of this site. Say so,
 * and offer the one click that fixes it (the parent makes the request in the click handler).
 */
import type { Translate } from '@/lib/popup/message';

/** Props of {@link HostPermissionNotice}. */
export interface HostPermissionNoticeProps {
  onGrant: () => void;
  t: Translate;
}

export function HostPermissionNotice({ onGrant, t }: HostPermissionNoticeProps) {
  return (
    <div class="notice" role="note">
      <p>{t('popup_host_permission_missing')}</p>
      <button type="button" onClick={onGrant}>
        {t('popup_host_permission_grant')}
      </button>
    </div>
  );
}
