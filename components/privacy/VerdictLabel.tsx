import type { VerdictKind } from '@/lib/report/types';
import { verdictTitleKey } from '@/lib/report/labels';
import { verdictTone } from '@/lib/privacy/format';
import type { Translate } from './types';

/** A verdict as a small coloured label; the words carry the meaning, the colour repeats it. */
export function VerdictLabel({ verdict, t }: { verdict: VerdictKind; t: Translate }) {
  return <span class={`verdict-label tone-${verdictTone(verdict)}`}>{t(verdictTitleKey(verdict))}</span>;
}
