import { useCallback, useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatNumber } from '../lib/format.ts';
import { TableHead } from './table-head.tsx';

/**
 * What the uPlot charts share (the daily bars, viewers over time, the level curve): the theme's
 * colours, the axes' look and mounting at the container's width; and what the charts of counts
 * share besides: the chart itself, the readout above it and the table screen readers get instead.
 */

export interface PlotColors {
  accent: string;
  muted: string;
  grid: string;
}

/** Read from the container: the canvas cannot use CSS variables, and dark mode changes them. */
export function plotColors(element: Element): PlotColors {
  const style = getComputedStyle(element);
  const css = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    accent: css('--chart-bar', '#c2410c'),
    muted: css('--text-muted', '#6b7280'),
    grid: css('--border', '#e5e7eb'),
  };
}

/**
 * The x axis (labels only) and the y axis (labels and grid lines), muted, without ticks. The x
 * axis is just its labels' height: uPlot's default (50 px) leaves a blank band under them.
 */
export function plotAxes(colors: PlotColors, x: uPlot.Axis, y: uPlot.Axis): uPlot.Axis[] {
  return [
    { stroke: colors.muted, grid: { show: false }, ticks: { show: false }, size: 28, ...x },
    { stroke: colors.muted, grid: { stroke: colors.grid, width: 1 }, ticks: { show: false }, ...y },
  ];
}

/**
 * Draws a chart into `element` at its width and keeps it at its width; the returned function takes
 * it down. `plot` holds it meanwhile, for setData.
 */
export function mountPlot(
  element: HTMLElement,
  height: number,
  options: Omit<uPlot.Options, 'width' | 'height'>,
  data: uPlot.AlignedData,
  plot: { current: uPlot | null },
): () => void {
  const width = () => Math.max(200, element.clientWidth);
  const chart = new uPlot({ ...options, width: width(), height }, data, element);
  plot.current = chart;
  const resize = new ResizeObserver(() => chart.setSize({ width: width(), height }));
  resize.observe(element);
  return () => {
    resize.disconnect();
    chart.destroy();
    plot.current = null;
  };
}

/** What tells one chart of counts from another: its x scale and axis, and its series' look. */
export interface CountShape {
  x: uPlot.Scale;
  xAxis: uPlot.Axis;
  series: uPlot.Series;
}

export interface CountChartProps<P extends { value: number }> {
  points: readonly P[];
  lang: string;
  /** The chart's name: the series label and the data table's caption. */
  label: string;
  height: number;
  /** Module-level (or memoized): a new function rebuilds the chart. */
  dataOf: (points: readonly P[]) => uPlot.AlignedData;
  /** A point's day or time, for the readout: "Mar 3". Memoized: a new one rebuilds the chart. */
  when: (point: P) => string;
  /** A value in words, for the readout: "12 messages". */
  describeValue: (value: number) => string;
  /** Memoized on what it depends on: a new one rebuilds the chart. */
  shape: (colors: PlotColors, current: () => readonly P[]) => CountShape;
  /** The data table's column headers and rows, for screen readers. */
  headers: readonly [string, string];
  rows: readonly { key: string | number; cells: readonly [string, string] }[];
}

/**
 * A chart of counts: y from 0 with some headroom, whole numbers on its axis, no legend (the
 * readout above it says the point under the pointer, else the last one), no drag-zoom; and the
 * same numbers as a table for screen readers. Built again only when what its options depend on
 * changes; new points only call setData. `shape` reads the current points through `current`.
 */
export function CountChart<P extends { value: number }>({
  points,
  lang,
  label,
  height,
  dataOf,
  when,
  describeValue,
  shape,
  headers,
  rows,
}: CountChartProps<P>) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const readout = useRef<HTMLParagraphElement>(null);
  const latest = useRef(points);
  latest.current = points;
  // Kept in a ref: callers pass a new function each render, which must not rebuild the chart.
  const describeRef = useRef(describeValue);
  describeRef.current = describeValue;
  const describe = useCallback(
    (point: P | undefined) => (point ? `${when(point)}: ${describeRef.current(point.value)}` : ''),
    [when],
  );
  // Written straight into the DOM: no React render per mouse move.
  const show = useCallback(
    (index: number | null | undefined) => {
      if (readout.current)
        readout.current.textContent = describe(latest.current[index ?? latest.current.length - 1]);
    },
    [describe],
  );

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const colors = plotColors(element);
    const { x, xAxis, series } = shape(colors, () => latest.current);
    const dispose = mountPlot(
      element,
      height,
      {
        padding: [12, 12, 0, 0],
        legend: { show: false },
        cursor: { drag: { x: false, y: false }, points: { show: false } },
        scales: { x, y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.15))] } },
        axes: plotAxes(colors, xAxis, {
          size: 52,
          values: (_u, splits) => splits.map((n) => (Number.isInteger(n) ? formatNumber(n, lang) : '')),
        }),
        hooks: { setCursor: [(u) => show(u.cursor.idx)] },
        series: [{}, { label, points: { show: false }, ...series }],
      },
      dataOf(latest.current),
      plot,
    );
    show(null);
    return dispose;
  }, [lang, label, height, dataOf, shape, show]);

  useEffect(() => {
    const chart = plot.current;
    if (!chart) return;
    chart.setData(dataOf(points));
    if (chart.cursor.idx == null) show(null);
  }, [points, dataOf, show]);

  return (
    <>
      <p className="chart-readout" ref={readout} aria-hidden="true" />
      <div className="chart" ref={container} style={{ height: `${height}px` }} aria-hidden="true" />
      {/* Tables ignore overflow clipping: the wrapper hides the data table from sight, not from screen readers. */}
      <div className="visually-hidden">
        <table className="visually-hidden">
          <caption>{label}</caption>
          <TableHead columns={headers.map((label) => ({ label }))} />
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <td>{row.cells[0]}</td>
                <td>{row.cells[1]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
