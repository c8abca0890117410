/**
 * The virtualised visit list: only the rows on screen (plus overscan) exist in the DOM, so
 * 100k visits render as fast as 50. A list (role="list", each row a listitem with its
 * position in the whole set) with one link per row; one row is in the tab order at a time
 * (roving tabindex) and the arrow keys, Page Up/Down, Home and End move between rows.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { VisitView } from '@/lib/history/queries';
import type { VisitListSource } from '@/lib/privacy/list-source';
import { useVirtualList } from './use-virtual-list';
import { Unknown } from './Unknown';
import { VerdictLabel } from './VerdictLabel';
import type { Lang } from './types';
import { safeText } from '@/lib/safe-text';

/** Row height in px; the CSS uses the same value (--row-height). */
const ROW_HEIGHT = 36;

/** Props of {@link VisitList}. */
export interface VisitListProps extends Lang {
  source: VisitListSource;
  /** Changes whenever the source gained rows (re-render). */
  version: number;
  /** Key of the query the source answers: a new one scrolls back to the top. */
  queryKey: string;
  /** The rows on screen are [start, end]: load them. */
  onRange: (start: number, end: number) => void;
  /** Hash link of a visit's details. */
  hrefOf: (visit: VisitView) => string;
  /** Key of the visit whose details are open, marked as current. */
  selected?: number;
  /** id of the element naming the list. */
  labelledBy: string;
}

// `version` is not read: a new value makes the parent pass new props, so the list re-renders.
export function VisitList({ source, queryKey, onRange, hrefOf, selected, labelledBy, t, f }: VisitListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [focusIndex, setFocusIndex] = useState(0);
  const pendingFocus = useRef(false);
  const total = source.count;
  const list = useVirtualList({ count: total, rowHeight: ROW_HEIGHT, getScrollElement: () => scrollRef.current });
  const range = list.range();

  // A new query starts at the top.
  useLayoutEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
    setFocusIndex(0);
  }, [queryKey]);

  // Also when the list grows (its total was counted): rows that were beyond it are now wanted.
  useEffect(() => {
    if (range) onRange(range.start, range.end);
  }, [range?.start, range?.end, source, total]);

  useLayoutEffect(() => {
    if (!pendingFocus.current) return;
    const link = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${focusIndex}"] a`);
    if (link) {
      pendingFocus.current = false;
      link.focus();
    }
  });

  const move = (to: number) => {
    const index = Math.max(0, Math.min(total - 1, to));
    setFocusIndex(index);
    pendingFocus.current = true;
    list.scrollToIndex(index);
  };
  const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 600) / ROW_HEIGHT) - 1);
  const onKeyDown = (e: KeyboardEvent, index: number) => {
    const keys: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + pageRows,
      PageUp: index - pageRows,
      Home: 0,
      End: total - 1,
    };
    const to = keys[e.key];
    if (to === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    move(to);
  };
  // The focused row may have scrolled out and been removed; keep one row tabbable anyway.
  const tabbable = range && (focusIndex < range.start || focusIndex > range.end) ? range.start : focusIndex;

  return (
    <div class="visit-list-frame">
      <div class="visit-row visit-head" aria-hidden="true">
        <span>{t('privacy_col_time')}</span>
        <span>{t('privacy_col_host')}</span>
        <span>{t('privacy_col_verdict')}</span>
        <span>{t('privacy_col_tls')}</span>
        <span>{t('privacy_col_ip')}</span>
      </div>
      <div class="visit-list" ref={scrollRef} role="list" aria-labelledby={labelledBy}>
        <div class="visit-list-space" style={{ height: `${list.totalSize}px` }}>
          {list.items.map((item) => {
            const v = source.row(item.index);
            return (
              <div
                key={v ? v.key : `i${item.index}`}
                role="listitem"
                class="visit-item"
                data-index={item.index}
                aria-setsize={source.counted ? total : -1}
                aria-posinset={item.index + 1}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {v ? (
                  <a
                    class={`visit-row${v.key === selected ? ' is-current' : ''}`}
                    href={hrefOf(v)}
                    tabIndex={item.index === tabbable ? 0 : -1}
                    aria-current={v.key === selected ? 'true' : undefined}
                    onKeyDown={(e) => onKeyDown(e, item.index)}
                    onFocus={() => setFocusIndex(item.index)}
                  >
                    <span class="cell-time">{f.dateTime(v.time)}</span>
                    <span class="cell-host">{safeText(v.host)}</span>
                    <span class="cell-verdict">
                      <VerdictLabel verdict={v.verdict} t={t} />
                    </span>
                    <span class="cell-tls">{v.tls ?? (v.scheme === 'http' ? t('privacy_no_tls') : <Unknown t={t} />)}</span>
                    <span class="cell-ip">{v.ip ?? <Unknown t={t} />}</span>
                  </a>
                ) : (
                  <span class="visit-row is-loading">{t('privacy_loading')}</span>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
