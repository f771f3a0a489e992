// A windowed list for Preact on @tanstack/virtual-core: only the rows in (and just around) the
// scrolling box's view are in the DOM, each measured as drawn, so a list of thousands of rows of
// varying height stays as quick to scroll and to re-sort as one of a few dozen.
import { elementScroll, measureElement, observeElementOffset, observeElementRect, Virtualizer } from '@tanstack/virtual-core';
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';

export interface VirtualListOptions {
  count: number;
  /** The element that scrolls (overflow: auto) and holds the list. */
  scroller: () => HTMLElement | null;
  /** A row's height before it is measured, in px. */
  estimate: (index: number) => number;
  /** A row's stable key, so measured heights follow the row when the order changes. */
  key: (index: number) => number | string;
  overscan?: number;
}

export function useVirtualList(o: VirtualListOptions): Virtualizer<HTMLElement, HTMLElement> {
  const [, setDraws] = useState(0);
  const options = {
    count: o.count,
    getScrollElement: o.scroller,
    estimateSize: o.estimate,
    getItemKey: o.key,
    overscan: o.overscan ?? 4,
    observeElementRect,
    observeElementOffset,
    scrollToFn: elementScroll,
    measureElement,
    onChange: () => setDraws((n) => n + 1),
  };
  const [v] = useState(() => new Virtualizer<HTMLElement, HTMLElement>(options));
  v.setOptions(options);
  useEffect(() => v._didMount(), []);
  useLayoutEffect(() => v._willUpdate());
  return v;
}
