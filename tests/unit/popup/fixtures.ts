/** The report fixtures (tests/unit/report/fixtures.ts), and a TabView around them. */
import type { TabView } from '../../../lib/messages';
import type { TabState } from '../../../lib/report/types';

export { loadState } from '../report/fixtures';

export function viewOf(state: TabState | null, over: Partial<TabView> = {}): TabView {
  return { engine: state?.main?.engine ?? 'chromium', state, canInspect: false, hostPermission: true, ...over };
}
