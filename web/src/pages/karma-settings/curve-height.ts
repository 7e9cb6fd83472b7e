/** The curve chart's height, apart from the chart's module so that the page can reserve it without loading uPlot. */
export const CURVE_CHART_HEIGHT = 260;
