/** Tab states captured from real browsers (tests/fixtures/reports), and a TabView around them. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TabView } from '../../../lib/messages';
import type { TabState } from '../../../lib/report/types';

export function loadState(name: string): TabState {
  const file = fileURLToPath(new URL(`../../fixtures/reports/${name}.json`, import.meta.url));
  return JSON.parse(readFileSync(file, 'utf8')) as TabState;
}

export function viewOf(state: TabState | null, over: Partial<TabView> = {}): TabView {
  return { engine: state?.main?.engine ?? 'chromium', state, canInspect: false, hostPermission: true, ...over };
}
