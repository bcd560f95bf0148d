// The monthly review chart: a Vega-Lite spec of the report's figures, rendered headless by Vega to
// SVG, then to PNG by resvg (prebuilt binary in the npm package). The libraries are loaded on first
// use, so starting the bot does not pay for them. Labels on the bars carry the same numbers as the
// report's text.
import type { ReportFigures } from '../rules/report-figures.js';
import { shortMonth } from '../rules/report-figures.js';

/** Width of the PNG in pixels (the height follows the chart's aspect ratio). */
export const CHART_WIDTH = 1200;
const FONT = 'DejaVu Sans';

export interface RenderedChart {
  png: Uint8Array;
  svg: string;
  width: number;
  height: number;
}

const SUMMARY_BARS = ['On time', 'Late', 'Missing', 'Not yet due'] as const;

/** The chart as a Vega-Lite spec (exported so tests can read the numbers it plots). */
export function reportChartSpec(f: ReportFigures): Record<string, unknown> {
  const delivered = f.delivered.flatMap((d) =>
    f.months.map((m, i) => ({ month: shortMonth(m), method: d.label, n: d.counts[i] })),
  );
  // The label sits on top of the month's stack and reads the month's number of deliveries.
  const totals = f.months.map((m, i) => ({
    month: shortMonth(m),
    top: f.delivered.reduce((n, d) => n + d.counts[i]!, 0),
    n: f.deliveredTotals[i],
  }));
  const s = f.summaries;
  const summaries = [s.onTime, s.late, s.missing, s.notYetDue].map((n, i) => ({
    standing: SUMMARY_BARS[i],
    n,
  }));
  const monthAxis = {
    field: 'month',
    type: 'ordinal',
    title: null,
    sort: f.months.map(shortMonth),
    axis: { labelAngle: 0 },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `Monthly review, ${f.monthLabel}: ${f.scopeLabel}`, fontSize: 16 },
    config: { font: FONT, view: { stroke: null }, background: 'white' },
    // Methods and summary standings are different colour scales (shared by default in a concat).
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
    hconcat: [
      {
        title: 'TA delivered by month and method (label: deliveries)',
        width: 420,
        height: 240,
        layer: [
          {
            data: { values: delivered },
            mark: 'bar',
            encoding: {
              x: monthAxis,
              y: { field: 'n', type: 'quantitative', stack: 'zero', title: 'Delivery methods used' },
              color: { field: 'method', type: 'nominal', title: 'Method' },
            },
          },
          {
            data: { values: totals },
            mark: { type: 'text', dy: -8, fontSize: 12 },
            encoding: {
              x: monthAxis,
              y: { field: 'top', type: 'quantitative' },
              text: { field: 'n', type: 'quantitative' },
            },
          },
        ],
      },
      {
        title: `Summaries due in ${f.monthLabel} (R1)`,
        width: 280,
        height: 240,
        data: { values: summaries },
        encoding: {
          x: {
            field: 'standing',
            type: 'ordinal',
            title: null,
            sort: [...SUMMARY_BARS],
            axis: { labelAngle: 0 },
          },
          y: { field: 'n', type: 'quantitative', title: 'Summaries' },
        },
        layer: [
          {
            mark: 'bar',
            encoding: {
              color: {
                field: 'standing',
                type: 'nominal',
                legend: null,
                scale: { domain: [...SUMMARY_BARS], range: ['#2e7d32', '#f9a825', '#c62828', '#90a4ae'] },
              },
            },
          },
          {
            mark: { type: 'text', dy: -8, fontSize: 12 },
            encoding: { text: { field: 'n', type: 'quantitative' } },
          },
        ],
      },
    ],
  };
}

export async function renderReportChart(f: ReportFigures): Promise<RenderedChart> {
  const [vega, vegaLite, { Resvg }] = await Promise.all([
    import('vega'),
    import('vega-lite'),
    import('@resvg/resvg-js'),
  ]);
  const compiled = vegaLite.compile(reportChartSpec(f) as never).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  const rendered = new Resvg(svg, {
    fitTo: { mode: 'width', value: CHART_WIDTH },
    font: { loadSystemFonts: true, defaultFontFamily: FONT },
    background: 'white',
  }).render();
  return { png: rendered.asPng(), svg, width: rendered.width, height: rendered.height };
}
