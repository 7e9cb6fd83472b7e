import { useEffect, useRef } from 'react';
import type uPlot from 'uplot';
import { mountPlot, plotAxes, plotColors } from '../../components/plot.tsx';
import { CURVE_CHART_HEIGHT } from './curve-height.ts';

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
    const colors = plotColors(element);
    const compact = new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 });
    const whole = new Intl.NumberFormat(lang);
    const options: Omit<uPlot.Options, 'width' | 'height'> = {
      padding: [12, 16, 0, 0],
      // The page draws its own legend and table: uPlot's would change height with its values.
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(10, max * 1.05)] } },
      axes: plotAxes(
        colors,
        { values: (_u, splits) => splits.map((n) => (Number.isInteger(n) ? whole.format(n) : '')) },
        { size: 56, values: (_u, splits) => splits.map((n) => compact.format(n)) },
      ),
      series: [
        {},
        {
          label: draftLabel,
          stroke: colors.accent,
          width: 2.5,
          points: { show: false },
        },
        {
          label: savedLabel,
          stroke: colors.muted,
          width: 1.5,
          dash: [6, 4],
          points: { show: false },
        },
      ],
    };
    return mountPlot(
      element,
      CURVE_CHART_HEIGHT,
      options,
      dataOf(latest.current.draft, latest.current.saved),
      plot,
    );
  }, [lang, draftLabel, savedLabel]);

  useEffect(() => {
    plot.current?.setData(dataOf(draft, saved));
  }, [draft, saved]);

  return <div className="chart curve-chart" ref={container} aria-hidden="true" />;
}
