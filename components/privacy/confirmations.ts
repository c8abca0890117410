/** The confirmation dialog's texts for each destructive action. */
import type { ConfirmRequest } from './ConfirmDialog';
import type { DeleteRequest } from './DeleteHistory';
import type { Lang } from './types';
import { safeParam } from '@/lib/safe-text';

/** A confirmation waiting for the user, with what runs on "confirm". */
export interface Pending {
  request: ConfirmRequest;
  run: () => Promise<void>;
}

/** Something destructive: a deletion, or shortening the retention (which deletes now). */
export type Destructive = DeleteRequest | { kind: 'retention'; days: number };

export function confirmation(what: Destructive, { t, f }: Lang, run: () => Promise<void>): Pending {
  const confirmLabel = t('privacy_delete_confirm');
  switch (what.kind) {
    case 'site':
      return {
        run,
        request: {
          title: t('privacy_confirm_site_title', safeParam(what.host)),
          message: t('privacy_confirm_site', safeParam(what.host)),
          confirmLabel,
        },
      };
    case 'range':
      return {
        run,
        request: {
          title: t('privacy_confirm_range_title'),
          message: t('privacy_confirm_range', [f.date(what.from), f.date(what.to)]),
          confirmLabel,
        },
      };
    case 'all':
      return { run, request: { title: t('privacy_confirm_all_title'), message: t('privacy_confirm_all'), confirmLabel } };
    case 'retention':
      return {
        run,
        request: {
          title: t('privacy_confirm_retention_title'),
          message: t('privacy_confirm_retention', f.number(what.days)),
          confirmLabel,
        },
      };
  }
}
