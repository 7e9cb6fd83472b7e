import { useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatDay, formatNumber } from '../lib/format.ts';
import type { DailyValue } from '../lib/overview.ts';

export const CHART_HEIGHT = 240;

function cssVar(element: Element, name: string, fallback: string): string {
  return getComputedStyle(element).getPropertyValue(name).trim() || fallback;
}

export interface DailyChartProps {
  points: readonly DailyValue[];
  lang: string;
  /** The chart's name: the data table's caption and the series label. */
  label: string;
  /** The value column's header in the data table. */
  valueHeader: string;
  /** A value in words, for the readout and the table: "12 messages". */
  describeValue: (value: number) => string;
}

/**
 * A value per day (messages, karma) as bars drawn by uPlot on a canvas. The x axis is the day's
 * index, not a time scale: uPlot's time scales split at local midnight, our days are UTC days.
 */
export function DailyChart({ points, lang, label, valueHeader, describeValue }: DailyChartProps) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const readout = useRef<HTMLParagraphElement>(null);
  const latest = useRef(points);
  latest.current = points;
  // Kept in a ref: callers pass a new function each render, which must not rebuild the chart.
  const describeRef = useRef(describeValue);
  describeRef.current = describeValue;
  const describe = useCallback(
    (point: DailyValue | undefined) =>
      point ? `${formatDay(point.day, lang)}: ${describeRef.current(point.value)}` : '',
    [lang],
  );

  // Created once per language (the formatters depend on it); new data only calls setData.
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const accent = cssVar(element, '--chart-bar', '#c2410c');
    const muted = cssVar(element, '--text-muted', '#6b7280');
    const grid = cssVar(element, '--border', '#e5e7eb');
    const dayAt = (i: number) => latest.current[Math.round(i)]?.day;
    // The bar under the pointer, written straight into the DOM: no React render per mouse move.
    const showPoint = (index: number | null | undefined) => {
      if (readout.current)
        readout.current.textContent = describe(latest.current[index ?? latest.current.length - 1]);
    };
    const options: uPlot.Options = {
      width: Math.max(200, element.clientWidth),
      height: CHART_HEIGHT,
      padding: [12, 12, 0, 0],
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      scales: {
        x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] },
        y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.15))] },
      },
      axes: [
        {
          stroke: muted,
          grid: { show: false },
          ticks: { show: false },
          // Just the labels' height: uPlot's default (50 px) leaves a blank band under them.
          size: 28,
          space: 64,
          values: (_u, splits) =>
            splits.map((i) => {
              const day = Number.isInteger(i) ? dayAt(i) : undefined;
              return day ? formatDay(day, lang) : '';
            }),
        },
        {
          stroke: muted,
          grid: { stroke: grid, width: 1 },
          ticks: { show: false },
          size: 52,
          values: (_u, splits) => splits.map((n) => (Number.isInteger(n) ? formatNumber(n, lang) : '')),
        },
      ],
      hooks: { setCursor: [(u) => showPoint(u.cursor.idx)] },
      series: [
        {},
        {
          label,
          fill: accent,
          stroke: accent,
          width: 0,
          points: { show: false },
          // Optional in the types for custom builds; the npm build always has bars.
          ...(uPlot.paths.bars ? { paths: uPlot.paths.bars({ size: [0.7, 28], align: 0 }) } : {}),
        },
      ],
    };
    const data: uPlot.AlignedData = [latest.current.map((_p, i) => i), latest.current.map((p) => p.value)];
    const chart = new uPlot(options, data, element);
    plot.current = chart;
    showPoint(null);
    const resize = new ResizeObserver(() => {
      chart.setSize({ width: Math.max(200, element.clientWidth), height: CHART_HEIGHT });
    });
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [lang, label, describe]);

  useEffect(() => {
    const chart = plot.current;
    if (!chart) return;
    chart.setData([points.map((_p, i) => i), points.map((p) => p.value)]);
    if (chart.cursor.idx == null && readout.current) readout.current.textContent = describe(points.at(-1));
  }, [points, describe]);

  return (
    <>
      <p className="chart-readout" ref={readout} aria-hidden="true" />
      <div className="chart" ref={container} style={{ height: `${CHART_HEIGHT}px` }} aria-hidden="true" />
      {/* Tables ignore overflow clipping: the wrapper hides the data table from sight, not from screen readers. */}
      <div className="visually-hidden">
        <table className="visually-hidden">
          <caption>{label}</caption>
          <thead>
            <tr>
              <th scope="col">{t('overview.day')}</th>
              <th scope="col">{valueHeader}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.day}>
                <td>{formatDay(p.day, lang)}</td>
                <td>{formatNumber(p.value, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
