/**
 * @tanstack/virtual-core wired to Preact: one Virtualizer per list, re-rendering the component
 * when the visible range or the scroll position changes. Rows have a fixed height, so no row
 * is measured (measuring 100k rows is what makes lists slow).
 */
import { elementScroll, observeElementOffset, observeElementRect, Virtualizer, type VirtualItem } from '@tanstack/virtual-core';
import { useLayoutEffect, useReducer, useState } from 'preact/hooks';

/** Options of {@link useVirtualList}. */
export interface VirtualListOptions {
  count: number;
  /** Row height, px. */
  rowHeight: number;
  getScrollElement: () => HTMLElement | null;
  /** Rows rendered beyond the visible ones on each side (keyboard and fast scrolling). */
  overscan?: number;
}

/** What the list renders. */
export interface VirtualList {
  items: VirtualItem[];
  totalSize: number;
  /** Scrolls so that row `index` is visible. */
  scrollToIndex(index: number): void;
  /** First and last row index currently rendered, or undefined for an empty list. */
  range(): { start: number; end: number } | undefined;
}

export function useVirtualList({ count, rowHeight, getScrollElement, overscan = 10 }: VirtualListOptions): VirtualList {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const options = {
    count,
    getScrollElement,
    estimateSize: () => rowHeight,
    overscan,
    scrollToFn: elementScroll,
    observeElementRect,
    observeElementOffset,
    // A first render before the element is measured still shows a screenful of rows.
    initialRect: { width: 0, height: 800 },
    onChange: () => rerender(0),
  };
  const [virtualizer] = useState(() => new Virtualizer<HTMLElement, HTMLElement>(options));
  virtualizer.setOptions({ ...virtualizer.options, ...options });
  useLayoutEffect(() => virtualizer._didMount(), [virtualizer]);
  useLayoutEffect(() => virtualizer._willUpdate());

  const items = virtualizer.getVirtualItems();
  return {
    items,
    totalSize: virtualizer.getTotalSize(),
    scrollToIndex: (index) => virtualizer.scrollToIndex(index, { align: 'auto' }),
    range: () => (items.length ? { start: items[0]!.index, end: items[items.length - 1]!.index } : undefined),
  };
}
