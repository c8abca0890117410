/**
 * The visit list's data for the current filters. A filter change reads the first page at once
 * (in the event handler's turn, not after the next frame), and the newest request wins: an
 * answer to a query the user has already changed is dropped, so fast typing never shows stale
 * rows. The total is counted after the rows are on screen. When the history changes
 * underneath, the rows on screen are read again.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { VisitQuery } from '@/lib/history/queries';
import { countMatching, pageReader } from '@/lib/privacy/privacy-io';
import { queryKey } from '@/lib/privacy/filters';
import { VisitListSource } from '@/lib/privacy/list-source';

/** What the list renders from. `version` changes whenever the source gained rows or its total. */
export interface VisitSourceState {
  source?: VisitListSource;
  /** queryKey of the query `source` answers. */
  key?: string;
  version: number;
  error?: boolean;
}

/** How long after the rows are shown the count starts (so it never delays their paint). */
const COUNT_DELAY_MS = 30;

/**
 * `version` changes when the history changed (see useHistoryVersion): the list is read again.
 * Returns the state, `request(query)` to call from a filter's event handler, and `onRange`.
 */
export function useVisitSource(initial: VisitQuery, version: number) {
  const [state, setState] = useState<VisitSourceState>({ version: 0 });
  const latest = useRef(0);
  const query = useRef(initial);
  const visible = useRef({ start: 0, end: 50 });
  const current = useRef<VisitSourceState>(state);
  current.current = state;

  const load = useCallback((q: VisitQuery, refresh: boolean) => {
    const generation = ++latest.current;
    const key = queryKey(q);
    query.current = q;
    const read = pageReader(q);
    const next = refresh ? VisitListSource.reload(read, visible.current) : VisitListSource.open(read);
    next.then(
      (source) => {
        if (generation !== latest.current) return;
        setState((s) => ({ source, key, version: s.version + 1 }));
        if (source.counted) return;
        setTimeout(() => {
          if (generation !== latest.current) return;
          countMatching(q).then(
            (total) => {
              if (generation !== latest.current) return;
              source.total = total;
              setState((s) => ({ ...s, version: s.version + 1 }));
            },
            () => undefined,
          );
        }, COUNT_DELAY_MS);
      },
      () => {
        if (generation === latest.current) setState((s) => ({ ...s, key, error: true }));
      },
    );
  }, []);

  /** Shows the visits of `q` (call it from the event that changed the filters). */
  const request = useCallback(
    (q: VisitQuery) => {
      if (queryKey(q) !== queryKey(query.current) || !current.current.source) load(q, false);
    },
    [load],
  );

  useEffect(() => load(query.current, false), []);
  // The history changed: same query, rows read again where the list is scrolled to.
  const firstVersion = useRef(version);
  useEffect(() => {
    if (version !== firstVersion.current) load(query.current, true);
  }, [version]);

  /** The list shows rows [start, end]: load what is missing. */
  const onRange = useCallback((start: number, end: number) => {
    visible.current = { start, end };
    const { source } = current.current;
    if (!source || source.has(start, end)) return;
    void source.ensure(start, end).then((loaded) => {
      if (loaded && current.current.source === source) setState((s) => ({ ...s, version: s.version + 1 }));
    });
  }, []);

  return { ...state, request, onRange };
}
