// Accessible SVG charts as strings (d3-scale for positions, d3-shape for paths): no script, no network, stable bytes.
import { scaleLinear, scalePoint } from 'd3-scale';
import { area, line } from 'd3-shape';
import type { DriftPattern, StandardGlance, TrendSeries } from './model.js';
import { formatScore } from './words.js';

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const n1 = (x: number): string => formatScore(x);

function frame(id: string, width: number, height: number, title: string, desc: string, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="${id}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc">` +
    `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(desc)}</desc>${body}</svg>`
  );
}

/** One standard's index on a 0–100 track, with its interval as a band. */
export function meterChart(id: string, s: StandardGlance): string {
  const width = 320;
  const height = 34;
  const x = scaleLinear().domain([0, 100]).range([6, width - 6]);
  const hasInterval = s.fidelity.low !== undefined && s.fidelity.high !== undefined;
  const desc =
    `Fidelity index ${n1(s.fidelity.value)} out of 100` +
    (hasInterval ? `, 95% interval ${n1(s.fidelity.low as number)} to ${n1(s.fidelity.high as number)}` : '') +
    `; ${s.meets} in line, ${s.drifts} drifting.`;
  const ticks = [0, 50, 100]
    .map((t) => `<line class="tick" x1="${n1(x(t))}" x2="${n1(x(t))}" y1="8" y2="26"/><text class="axis" x="${n1(x(t))}" y="33" text-anchor="middle">${t}</text>`)
    .join('');
  const band = hasInterval
    ? `<rect class="band" x="${n1(x(s.fidelity.low as number))}" y="11" width="${n1(Math.max(1, x(s.fidelity.high as number) - x(s.fidelity.low as number)))}" height="12" rx="3"/>`
    : '';
  const body =
    `<line class="track" x1="${n1(x(0))}" x2="${n1(x(100))}" y1="17" y2="17"/>${ticks}${band}` +
    `<circle class="${s.lowEvidence ? 'point thin' : 'point'}" cx="${n1(x(s.fidelity.value))}" cy="17" r="6"/>`;
  return frame(id, width, height, `${s.label}: fidelity index`, desc, body);
}

/** Drift patterns as horizontal bars of moments marked. */
export function driftBarsChart(id: string, patterns: readonly DriftPattern[]): string {
  const rowHeight = 26;
  const labelWidth = 230;
  const width = 640;
  const height = patterns.length * rowHeight + 24;
  const max = Math.max(1, ...patterns.map((p) => p.count));
  const x = scaleLinear().domain([0, max]).nice().range([labelWidth, width - 50]);
  const rows = patterns
    .map((p, i) => {
      const y = i * rowHeight + 4;
      const label = p.label.length > 34 ? `${p.label.slice(0, 33)}…` : p.label;
      return (
        `<text class="label" x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escapeXml(label)}</text>` +
        `<rect class="bar" x="${labelWidth}" y="${y + 3}" width="${n1(Math.max(1, x(p.count) - labelWidth))}" height="${rowHeight - 8}" rx="2"/>` +
        `<text class="value" x="${n1(x(p.count) + 6)}" y="${y + 15}">${p.count}</text>`
      );
    })
    .join('');
  const axisY = patterns.length * rowHeight + 8;
  const ticks = x
    .ticks(4)
    .filter((t) => Number.isInteger(t))
    .map((t) => `<text class="axis" x="${n1(x(t))}" y="${axisY + 12}" text-anchor="middle">${t}</text>`)
    .join('');
  const desc = patterns.map((p) => `${p.label}: ${p.count}`).join('; ') + '.';
  return frame(id, width, height, 'Drift patterns: moments marked', desc, `<line class="track" x1="${labelWidth}" x2="${width - 50}" y1="${axisY}" y2="${axisY}"/>${rows}${ticks}`);
}

type Point = TrendSeries['points'][number];

/** A standard's index period by period: a line, its interval band, flagged drops marked ▼. */
export function trendChart(id: string, program: string, series: TrendSeries): string {
  const width = 250;
  const height = 150;
  const margin = { top: 12, right: 12, bottom: 26, left: 30 };
  const x = scalePoint<string>()
    .domain(series.points.map((p) => p.period))
    .range([margin.left, width - margin.right])
    .padding(0.3);
  const y = scaleLinear().domain([0, 100]).range([height - margin.bottom, margin.top]);
  const px = (p: Point): number => x(p.period) ?? margin.left;
  const withBand = series.points.filter((p) => p.low !== undefined && p.high !== undefined);
  const bandPath = area<Point>()
    .x(px)
    .y0((p) => y(p.low as number))
    .y1((p) => y(p.high as number))
    .digits(1)(withBand);
  const linePath = line<Point>()
    .x(px)
    .y((p) => y(p.value))
    .digits(1)(series.points);
  const grid = [0, 50, 100]
    .map((t) => `<line class="grid" x1="${margin.left}" x2="${width - margin.right}" y1="${n1(y(t))}" y2="${n1(y(t))}"/><text class="axis" x="${margin.left - 4}" y="${n1(y(t) + 3)}" text-anchor="end">${t}</text>`)
    .join('');
  const every = Math.ceil(series.points.length / 4);
  const labels = series.points
    .map((p, i) =>
      i % every === 0 ? `<text class="axis" x="${n1(px(p))}" y="${height - 8}" text-anchor="middle">${escapeXml(p.label)}</text>` : '',
    )
    .join('');
  const points = series.points
    .map((p) =>
      p.flagged
        ? `<path class="flag" d="M${n1(px(p) - 6)},${n1(y(p.value) - 4)}h12l-6,10z"/>`
        : `<circle class="point" cx="${n1(px(p))}" cy="${n1(y(p.value))}" r="3"/>`,
    )
    .join('');
  const desc =
    series.points
      .map((p) => `${p.label}: ${n1(p.value)}${p.low !== undefined && p.high !== undefined ? ` (${n1(p.low)} to ${n1(p.high)})` : ''}${p.flagged ? ', a flagged drop' : ''}`)
      .join('; ') + '.';
  const body =
    grid +
    (bandPath && withBand.length > 1 ? `<path class="band" d="${bandPath}"/>` : '') +
    (linePath && series.points.length > 1 ? `<path class="line" d="${linePath}"/>` : '') +
    points +
    labels;
  return frame(id, width, height, `${program}: ${series.label} by period`, desc, body);
}
