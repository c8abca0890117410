/**
 * uPlot drawing, loaded only with `import()` when the charts section is shown, so the visit
 * list's first paint never waits for the charting library. Colours come from the theme's CSS
 * variables, so dark mode applies; the caller redraws when the colour scheme changes.
 * Legends are off: the page shows its own captions and data tables (a canvas is not readable
 * by assistive technology, the tables are).
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { SeriesData } from './charts';

/** Removes the chart (and its resize observer). */
export type Destroy = () => void;

function colour(el: Element, name: string, fallback: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}

function axisStyle(el: Element): Pick<uPlot.Axis, 'stroke' | 'grid' | 'ticks'> {
  const fg = colour(el, '--muted', '#57606a');
  const grid = colour(el, '--border', '#d0d7de');
  return { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
}

function mount(el: HTMLElement, opts: Omit<uPlot.Options, 'width' | 'height'>, data: uPlot.AlignedData, height: number): Destroy {
  const chart = new uPlot({ ...opts, width: Math.max(200, el.clientWidth), height }, data, el);
  const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(200, el.clientWidth), height }));
  resize.observe(el);
  return () => {
    resize.disconnect();
    chart.destroy();
  };
}

/** A line over time (x in seconds), y in percent 0–100. */
export function drawPercentLine(el: HTMLElement, data: SeriesData, label: string): Destroy {
  const stroke = colour(el, '--ok', '#1a7f37');
  return mount(
    el,
    {
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: [0, 100] } },
      axes: [{ ...axisStyle(el) }, { ...axisStyle(el), size: 60, values: (_u, splits) => splits.map((v) => `${v} %`) }],
      series: [{}, { label, stroke, width: 2, fill: `${stroke}22`, points: { show: data.x.length < 40 } }],
    },
    [data.x, data.y],
    220,
  );
}

/** Vertical bars for categories. */
export function drawBars(el: HTMLElement, labels: readonly string[], counts: readonly number[], label: string): Destroy {
  const fill = colour(el, '--info', '#0969da');
  const x = labels.map((_, i) => i);
  const bars = uPlot.paths.bars?.({ size: [0.6, 80] });
  return mount(
    el,
    {
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false, range: [-0.5, labels.length - 0.5] }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
      axes: [
        { ...axisStyle(el), splits: () => x, values: (_u, splits) => splits.map((i) => labels[i] ?? '') },
        { ...axisStyle(el), size: 60 },
      ],
      series: [{}, { label, fill, stroke: fill, ...(bars ? { paths: bars } : {}), points: { show: false } }],
    },
    [x, [...counts]],
    220,
  );
}
