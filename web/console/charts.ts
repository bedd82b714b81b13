import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

/**
 * Charts with uPlot (small, canvas). Each chart is an image to assistive technology with a
 * summary label; the numbers it shows are also in a table next to it.
 */

export interface Interval {
  readonly label: string;
  readonly value: number | null;
  readonly low: number | null;
  readonly high: number | null;
}

function useChart(make: (element: HTMLElement, width: number) => uPlot, deps: readonly unknown[]) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const chart = make(element, Math.max(280, element.clientWidth));
    return () => chart.destroy();
  }, deps);
  return ref;
}

/** Treated minus holdout per play with its 95% interval: a dot and a whisker, zero marked. */
export function IntervalChart(props: { title: string; unit: string; rows: readonly Interval[] }) {
  const { rows } = props;
  const ref = useChart(
    (element, width) => {
      const xs = rows.map((_, i) => i);
      const bounds = rows
        .flatMap((row) => [row.low, row.high, row.value])
        .filter((v): v is number => v !== null);
      // At least one unit either side of zero, so an all-zero chart still has readable ticks.
      const span = Math.max(1, ...bounds.map(Math.abs));
      return new uPlot(
        {
          width,
          height: 220,
          legend: { show: false },
          cursor: { show: false },
          scales: {
            x: { time: false, range: [-0.5, rows.length - 0.5] },
            y: { range: [-span * 1.2, span * 1.2] },
          },
          axes: [
            {
              values: (_, ticks) =>
                // Two lines per label, so six play names fit side by side.
                ticks.map((tick) =>
                  Number.isInteger(tick) ? (rows[tick]?.label ?? '').replace(' ', '\n') : '',
                ),
              splits: () => xs,
              size: 50,
            },
            { label: props.unit, size: 60 },
          ],
          series: [
            {},
            {
              stroke: '#1d4ed8',
              width: 0,
              points: { show: true, size: 10, fill: '#1d4ed8' },
              paths: () => null,
            },
          ],
          hooks: {
            draw: [
              (chart) => {
                const { ctx } = chart;
                ctx.save();
                ctx.strokeStyle = '#6b7280';
                ctx.setLineDash([4, 4]);
                const zero = chart.valToPos(0, 'y', true);
                ctx.beginPath();
                ctx.moveTo(chart.bbox.left, zero);
                ctx.lineTo(chart.bbox.left + chart.bbox.width, zero);
                ctx.stroke();
                ctx.setLineDash([]);
                ctx.strokeStyle = '#1d4ed8';
                ctx.lineWidth = 2;
                rows.forEach((row, i) => {
                  if (row.low === null || row.high === null) return;
                  const x = chart.valToPos(i, 'x', true);
                  const [top, bottom] = [
                    chart.valToPos(row.high, 'y', true),
                    chart.valToPos(row.low, 'y', true),
                  ];
                  ctx.beginPath();
                  ctx.moveTo(x, top);
                  ctx.lineTo(x, bottom);
                  ctx.moveTo(x - 6, top);
                  ctx.lineTo(x + 6, top);
                  ctx.moveTo(x - 6, bottom);
                  ctx.lineTo(x + 6, bottom);
                  ctx.stroke();
                });
                ctx.restore();
              },
            ],
          },
        },
        [xs, rows.map((row) => row.value)],
        element,
      );
    },
    [rows],
  );
  const measured = rows.filter((row) => row.value !== null);
  const summary =
    measured.length === 0
      ? `${props.title}: no play has enough follow-up yet`
      : `${props.title}: ${measured.map((row) => `${row.label} ${row.value} (${row.low} to ${row.high})`).join('; ')}`;
  return html`<figure class="chart">
    <figcaption>${props.title}</figcaption>
    <div ref=${ref} role="img" aria-label=${summary}></div>
  </figure>`;
}

export interface TrendPoint {
  readonly asOf: string;
  readonly healthScore: number;
}

/** Health score per night. */
export function TrendChart(props: { points: readonly TrendPoint[] }) {
  const { points } = props;
  const ref = useChart(
    (element, width) =>
      new uPlot(
        {
          width,
          height: 220,
          legend: { show: false },
          // A week either side, so a first night is a dot in a readable range, not one in years.
          scales: {
            x: { range: (_, min, max) => [min - 7 * 86_400, max + 7 * 86_400] },
            y: { range: [0, 100] },
          },
          axes: [{}, { label: 'health', size: 50 }],
          series: [{}, { label: 'health', stroke: '#047857', width: 2, points: { show: points.length < 3 } }],
        },
        [
          points.map((point) => Date.parse(`${point.asOf}T00:00:00Z`) / 1000),
          points.map((point) => point.healthScore),
        ],
        element,
      ),
    [points],
  );
  const first = points[0];
  const last = points[points.length - 1];
  const summary =
    first && last
      ? `Health from ${first.healthScore} on ${first.asOf} to ${last.healthScore} on ${last.asOf}`
      : 'No health scores yet';
  return html`<figure class="chart">
    <figcaption>Health trend</figcaption>
    <div ref=${ref} role="img" aria-label=${summary}></div>
  </figure>`;
}
