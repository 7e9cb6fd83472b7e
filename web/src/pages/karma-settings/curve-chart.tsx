import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { CURVE_CHART_HEIGHT } from './curve-height.ts';

function cssVar(element: Element, name: string, fallback: string): string {
  return getComputedStyle(element).getPropertyValue(name).trim() || fallback;
}

export interface CurveChartProps {
  /** Cumulative karma of levels 1, 2, ...: the configuration being edited. */
  draft: readonly number[];
  /** The same for the stored configuration, drawn behind it for comparison; empty to leave out. */
  saved: readonly number[];
  draftLabel: string;
  savedLabel: string;
  lang: string;
}

function dataOf(draft: readonly number[], saved: readonly number[]): uPlot.AlignedData {
  const length = Math.max(draft.length, saved.length);
  const levels = Array.from({ length }, (_v, i) => i + 1);
  // uPlot takes null for "no point": a shorter curve (a lower maximum level) simply ends.
  return [levels, levels.map((_l, i) => draft[i] ?? null), levels.map((_l, i) => saved[i] ?? null)];
}

/**
 * Cumulative karma per level as lines (uPlot on a canvas), in its own chunk so that uPlot loads
 * only with the Levels tab. The page gives screen readers the same numbers as a table.
 */
export default function CurveChart({ draft, saved, draftLabel, savedLabel, lang }: CurveChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef({ draft, saved });
  latest.current = { draft, saved };

  // Created once per language and labels (formatters, legend); new numbers only call setData.
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const accent = cssVar(element, '--chart-bar', '#c2410c');
    const muted = cssVar(element, '--text-muted', '#6b7280');
    const grid = cssVar(element, '--border', '#e5e7eb');
    const compact = new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 });
    const whole = new Intl.NumberFormat(lang);
    const options: uPlot.Options = {
      width: Math.max(200, element.clientWidth),
      height: CURVE_CHART_HEIGHT,
      padding: [12, 16, 0, 0],
      // The page draws its own legend and table: uPlot's would change height with its values.
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(10, max * 1.05)] } },
      axes: [
        {
          stroke: muted,
          grid: { show: false },
          ticks: { show: false },
          size: 28,
          values: (_u, splits) => splits.map((n) => (Number.isInteger(n) ? whole.format(n) : '')),
        },
        {
          stroke: muted,
          grid: { stroke: grid, width: 1 },
          ticks: { show: false },
          size: 56,
          values: (_u, splits) => splits.map((n) => compact.format(n)),
        },
      ],
      series: [
        {},
        {
          label: draftLabel,
          stroke: accent,
          width: 2.5,
          points: { show: false },
        },
        {
          label: savedLabel,
          stroke: muted,
          width: 1.5,
          dash: [6, 4],
          points: { show: false },
        },
      ],
    };
    const chart = new uPlot(options, dataOf(latest.current.draft, latest.current.saved), element);
    plot.current = chart;
    const resize = new ResizeObserver(() => {
      chart.setSize({ width: Math.max(200, element.clientWidth), height: CURVE_CHART_HEIGHT });
    });
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [lang, draftLabel, savedLabel]);

  useEffect(() => {
    plot.current?.setData(dataOf(draft, saved));
  }, [draft, saved]);

  return <div className="chart curve-chart" ref={container} aria-hidden="true" />;
}
