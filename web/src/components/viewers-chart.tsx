import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import { peakRows, tickUnit, type ViewerPoint } from '../lib/stages.ts';
import { CHART_HEIGHT } from './daily-chart.tsx';
import { CountChart, type CountShape, type PlotColors } from './plot.tsx';

/** Rows of the screen reader's table: a month of 5-minute slots would be thousands. */
const TABLE_ROWS = 24;

export interface ViewersChartProps {
  points: readonly ViewerPoint[];
  lang: string;
  /** The chart's name: the data table's caption. */
  label: string;
  /** A count in words, for the readout and the table: "12 viewers". */
  describeValue: (value: number) => string;
}

const dataOf = (points: readonly ViewerPoint[]): uPlot.AlignedData => [
  points.map((p) => p.at / 1000),
  points.map((p) => p.value),
];

/**
 * Viewers over time (snapshots, and the live count as the last point) as a stepped area drawn by
 * uPlot: a count holds until the next snapshot, it does not slope between them. Times are the
 * browser's local time, formatted by Intl in the page's language.
 */
export function ViewersChart({ points, lang, label, describeValue }: ViewersChartProps) {
  const { t } = useTranslation();
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
  const when = useCallback((point: ViewerPoint) => formats.moment.format(point.at), [formats]);
  // Built once per language and tick unit.
  const shape = useCallback(
    (colors: PlotColors): CountShape => ({
      x: { time: true },
      xAxis: {
        space: 72,
        values: (_u, splits) => splits.map((s) => formats.tick.format(s * 1000)),
      },
      series: {
        stroke: colors.accent,
        width: 2,
        fill: `${colors.accent}33`,
        ...(uPlot.paths.stepped ? { paths: uPlot.paths.stepped({ align: 1 }) } : {}),
      },
    }),
    [formats],
  );
  const rows = useMemo(() => peakRows(points, TABLE_ROWS), [points]);
  return (
    <CountChart
      points={points}
      lang={lang}
      label={label}
      height={CHART_HEIGHT}
      dataOf={dataOf}
      when={when}
      describeValue={describeValue}
      shape={shape}
      headers={[t('viewers.from'), t('viewers.peak')]}
      rows={rows.map((r) => ({ key: r.from, cells: [formats.moment.format(r.from), describeValue(r.peak)] }))}
    />
  );
}
