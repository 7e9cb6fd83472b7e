import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatNumber } from '../lib/format.ts';
import { peakRows, tickUnit, type ViewerPoint } from '../lib/stages.ts';
import { CHART_HEIGHT } from './daily-chart.tsx';

/** Rows of the screen reader's table: a month of 5-minute slots would be thousands. */
const TABLE_ROWS = 24;

function cssVar(element: Element, name: string, fallback: string): string {
  return getComputedStyle(element).getPropertyValue(name).trim() || fallback;
}

export interface ViewersChartProps {
  points: readonly ViewerPoint[];
  lang: string;
  /** The chart's name: the data table's caption. */
  label: string;
  /** A count in words, for the readout and the table: "12 viewers". */
  describeValue: (value: number) => string;
}

/**
 * Viewers over time (snapshots, and the live count as the last point) as a stepped area drawn by
 * uPlot: a count holds until the next snapshot, it does not slope between them. Times are the
 * browser's local time, formatted by Intl in the page's language.
 */
export function ViewersChart({ points, lang, label, describeValue }: ViewersChartProps) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const readout = useRef<HTMLParagraphElement>(null);
  const latest = useRef(points);
  latest.current = points;
  const describeRef = useRef(describeValue);
  describeRef.current = describeValue;
  const span = (points.at(-1)?.at ?? 0) - (points[0]?.at ?? 0);
  const unit = tickUnit(span);
  const formats = useMemo(
    () => ({
      tick: new Intl.DateTimeFormat(
        lang,
        unit === 'time' ? { hour: 'numeric', minute: '2-digit' } : { month: 'short', day: 'numeric' },
      ),
      moment: new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }),
    }),
    [lang, unit],
  );
  const describe = useCallback(
    (point: ViewerPoint | undefined) =>
      point ? `${formats.moment.format(point.at)}: ${describeRef.current(point.value)}` : '',
    [formats],
  );

  // Created once per language and tick unit; new data only calls setData.
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const accent = cssVar(element, '--chart-bar', '#c2410c');
    const muted = cssVar(element, '--text-muted', '#6b7280');
    const grid = cssVar(element, '--border', '#e5e7eb');
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
        x: { time: true },
        y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.15))] },
      },
      axes: [
        {
          stroke: muted,
          grid: { show: false },
          ticks: { show: false },
          size: 28,
          space: 72,
          values: (_u, splits) => splits.map((s) => formats.tick.format(s * 1000)),
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
          stroke: accent,
          width: 2,
          fill: `${accent}33`,
          points: { show: false },
          ...(uPlot.paths.stepped ? { paths: uPlot.paths.stepped({ align: 1 }) } : {}),
        },
      ],
    };
    const data: uPlot.AlignedData = [
      latest.current.map((p) => p.at / 1000),
      latest.current.map((p) => p.value),
    ];
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
  }, [lang, label, describe, formats]);

  useEffect(() => {
    const chart = plot.current;
    if (!chart) return;
    chart.setData([points.map((p) => p.at / 1000), points.map((p) => p.value)]);
    if (chart.cursor.idx == null && readout.current) readout.current.textContent = describe(points.at(-1));
  }, [points, describe]);

  const rows = useMemo(() => peakRows(points, TABLE_ROWS), [points]);
  return (
    <>
      <p className="chart-readout" ref={readout} aria-hidden="true" />
      <div className="chart" ref={container} style={{ height: `${CHART_HEIGHT}px` }} aria-hidden="true" />
      <div className="visually-hidden">
        <table className="visually-hidden">
          <caption>{label}</caption>
          <thead>
            <tr>
              <th scope="col">{t('viewers.from')}</th>
              <th scope="col">{t('viewers.peak')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.from}>
                <td>{formats.moment.format(r.from)}</td>
                <td>{describeValue(r.peak)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
