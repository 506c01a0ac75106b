// Bar charts for the dashboard, drawn by uPlot on a canvas (no inline style attributes, no <style> elements: the
// page's strict CSP holds; uPlot sets sizes through the CSSOM and ships its CSS as a file). Categories are the
// x values 0…n−1 with their names on the axis; long category lists are drawn as horizontal bars.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface BarSeries {
  labels: string[];
  values: number[];
  /** What one bar counts, for the chart's accessible name. */
  unit: string;
  /** Horizontal bars: names on the left, one row each (categories); else columns (periods). */
  horizontal: boolean;
}

const BAR = '#0b4f8a';
const FONT = '12px "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
const charts = new Set<{ plot: uPlot; box: HTMLElement; series: BarSeries }>();

/** A category's name on the axis: an office's without 上海市 and with 人社局 for short; the table has it whole. */
const short = (label: string) => {
  const s = label.replace(/^上海市/, '').replace('人力资源和社会保障局', '人社局');
  return s.length > 14 ? `${s.slice(0, 13)}…` : s;
};

const heightOf = (series: BarSeries) => (series.horizontal ? Math.max(120, series.labels.length * 26 + 40) : 220);

/** Integer ticks only: counts of reports. */
const countSplits = (_u: uPlot, _axis: number, min: number, max: number) => {
  const span = Math.max(1, max - min);
  const step = Math.max(1, Math.ceil(span / 5));
  const out: number[] = [];
  for (let v = 0; v <= max; v += step) out.push(v);
  return out;
};

function options(series: BarSeries, width: number): uPlot.Options {
  const n = series.labels.length;
  const index = series.labels.map((_, i) => i);
  // Period labels thin out when there are more than fit; category labels are all shown.
  const every = series.horizontal ? 1 : Math.max(1, Math.ceil((n * 48) / Math.max(width - 60, 1)));
  const labelAxis: uPlot.Axis = {
    side: series.horizontal ? 3 : 2,
    font: FONT,
    stroke: '#1b1b1b',
    grid: { show: false },
    ticks: { show: false },
    splits: () => index,
    values: (_u, splits) => splits.map((i) => (i % every === 0 ? short(series.labels[i] ?? '') : '')),
    size: series.horizontal ? 16 + Math.max(...series.labels.map((l) => short(l).length), 2) * 12 : 36,
    gap: 4,
  };
  const countAxis: uPlot.Axis = { side: series.horizontal ? 2 : 3, font: FONT, stroke: '#3d3d3d', grid: { stroke: '#dde3ea', width: 1 }, splits: countSplits, size: 40 };
  return {
    width,
    height: heightOf(series),
    legend: { show: false },
    cursor: { show: false },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    scales: {
      // Horizontal: the first (largest) category on top, as in the table.
      x: { time: false, range: [-0.5, n - 0.5], ...(series.horizontal ? { ori: 1 as const, dir: -1 as const } : {}) },
      y: { range: (_u, _min, max) => [0, Math.max(1, Math.ceil(max * 1.1))], ...(series.horizontal ? { ori: 0 as const } : {}) },
    },
    axes: [labelAxis, countAxis],
    series: [{}, { label: series.unit, stroke: BAR, fill: BAR, width: 0, points: { show: false }, paths: uPlot.paths.bars!({ size: [0.7, 40], align: 0 }) }],
  };
}

/** Draws the chart into `box` (sized to its width) and keeps it fitted as the window changes. */
export function barChart(box: HTMLElement, series: BarSeries): void {
  const width = Math.max(200, box.clientWidth);
  const plot = new uPlot(options(series, width), [series.labels.map((_, i) => i), series.values], box);
  charts.add({ plot, box, series });
}

export function clearCharts(): void {
  for (const chart of charts) chart.plot.destroy();
  charts.clear();
}

let pending = 0;
function refit(): void {
  for (const { plot, box, series } of charts) {
    const width = Math.max(200, box.clientWidth);
    if (Math.abs(width - plot.width) > 1) plot.setSize({ width, height: heightOf(series) });
  }
}
addEventListener('resize', () => {
  cancelAnimationFrame(pending);
  pending = requestAnimationFrame(refit);
});
// Printed at the paper's width, not the screen's.
addEventListener('beforeprint', refit);
addEventListener('afterprint', refit);
