/**
 * A number that goes up whenever the history changes after the page opened: views re-read
 * their data when it does. The first observation is the baseline, not a change, so opening the
 * page never reads the first page of visits twice. While the background writes every few
 * seconds, changes are taken at most once per REFRESH_MS: each one makes the list count again.
 */
const REFRESH_MS = 1500;

import { useEffect, useRef, useState } from 'preact/hooks';
import { watchHistory, type HistoryTick } from '@/lib/privacy/privacy-io';

export function useHistoryVersion(): { version: number; tick?: HistoryTick; bump: () => void } {
  const [state, setState] = useState<{ version: number; tick?: HistoryTick }>({ version: 0 });
  const last = useRef<string>();
  const lastBump = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => {
    const stop = watchHistory((tick) => {
      const key = `${tick.newest}|${tick.oldest}|${tick.flush}|${tick.events}|${tick.unseen}`;
      const changed = last.current !== undefined && last.current !== key;
      last.current = key;
      setState((s) => ({ ...s, tick }));
      if (!changed || timer.current !== undefined) return;
      const wait = Math.max(0, lastBump.current + REFRESH_MS - Date.now());
      timer.current = setTimeout(() => {
        timer.current = undefined;
        lastBump.current = Date.now();
        setState((s) => ({ ...s, version: s.version + 1 }));
      }, wait);
    });
    return () => {
      stop();
      clearTimeout(timer.current);
    };
  }, []);
  // The page's own deletions in the middle of the history move none of the signs: it says so.
  const bump = () => setState((s) => ({ ...s, version: s.version + 1 }));
  return { ...state, bump };
}
