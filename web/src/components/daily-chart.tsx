import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import { formatDay, formatNumber } from '../lib/format.ts';
import type { DailyValue } from '../lib/overview.ts';
import { CountChart, type CountShape, type PlotColors } from './plot.tsx';

export const CHART_HEIGHT = 240;

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

const dataOf = (points: readonly DailyValue[]): uPlot.AlignedData => [
  points.map((_p, i) => i),
  points.map((p) => p.value),
];

/**
 * A value per day (messages, karma) as bars drawn by uPlot on a canvas. The x axis is the day's
 * index, not a time scale: uPlot's time scales split at local midnight, our days are UTC days.
 */
export function DailyChart({ points, lang, label, valueHeader, describeValue }: DailyChartProps) {
  const { t } = useTranslation();
  const when = useCallback((point: DailyValue) => formatDay(point.day, lang), [lang]);
  // Built once per language (the formatters depend on it).
  const shape = useCallback(
    (colors: PlotColors, current: () => readonly DailyValue[]): CountShape => ({
      x: {
        time: false,
        range: (_u, min, max) => [min - 0.5, max + 0.5],
      },
      xAxis: {
        space: 64,
        values: (_u, splits) =>
          splits.map((i) => {
            const day = Number.isInteger(i) ? current()[Math.round(i)]?.day : undefined;
            return day ? formatDay(day, lang) : '';
          }),
      },
      series: {
        fill: colors.accent,
        stroke: colors.accent,
        width: 0,
        // Optional in the types for custom builds; the npm build always has bars.
        ...(uPlot.paths.bars ? { paths: uPlot.paths.bars({ size: [0.7, 28], align: 0 }) } : {}),
      },
    }),
    [lang],
  );
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
      headers={[t('overview.day'), valueHeader]}
      rows={points.map((p) => ({ key: p.day, cells: [formatDay(p.day, lang), formatNumber(p.value, lang)] }))}
    />
  );
}
