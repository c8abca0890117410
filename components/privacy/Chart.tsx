/**
 * A canvas chart drawn by uPlot, which is imported only when a chart is first shown. The
 * canvas is hidden from assistive technology; each chart's figure carries a caption and a
 * data table instead. Redrawn when the colour scheme changes (the colours come from CSS).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Destroy } from '@/lib/privacy/uplot-draw';

/** What to draw: a percentage over time, or bars per category. */
export type ChartSpec =
  | { kind: 'percent-line'; x: number[]; y: number[]; label: string }
  | { kind: 'bars'; labels: string[]; counts: number[]; label: string };

export function Chart({ spec, failedText }: { spec: ChartSpec; failedText: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  const [scheme, setScheme] = useState(0);

  useEffect(() => {
    const media = matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => setScheme((n) => n + 1);
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, []);

  useEffect(() => {
    let destroy: Destroy | undefined;
    let live = true;
    import('@/lib/privacy/uplot-draw').then(
      (m) => {
        const el = ref.current;
        if (!live || !el) return;
        destroy =
          spec.kind === 'percent-line'
            ? m.drawPercentLine(el, { x: spec.x, y: spec.y }, spec.label)
            : m.drawBars(el, spec.labels, spec.counts, spec.label);
        el.dataset['drawn'] = 'true';
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
      destroy?.();
    };
  }, [spec, scheme]);

  return failed ? <p class="muted">{failedText}</p> : <div class="chart" ref={ref} aria-hidden="true" />;
}
