// Small charts drawn by hand: HTML bars and tables, inline SVG for the histogram and lines.
// Labels come from data (dimension values, gate names) and go in as text only.

import { el, svg, num } from './dom.js';

/**
 * Horizontal bars: rows of {label, value, total?, note?}. With total, the bar shows value of total
 * (e.g. accepted of planned); otherwise bars are relative to the largest value.
 */
export function barList(rows, { format = (v) => num(v), className = '' } = {}) {
  const max = Math.max(1, ...rows.map((r) => r.total ?? r.value));
  return el('div', { class: `bars ${className}` }, rows.map((r) => {
    const whole = r.total ?? max;
    const share = whole > 0 ? (100 * r.value) / whole : 0;
    const width = r.total !== undefined ? (100 * r.total) / max : 100;
    return el('div', { class: 'bar-row', dataset: { label: r.label } },
      el('span', { class: 'bar-label', title: r.label }, r.label),
      el('span', { class: 'bar-track', style: `width: ${width}%` },
        el('span', { class: 'bar-fill', style: `width: ${share}%` })),
      el('span', { class: 'bar-value' }, r.total !== undefined ? `${format(r.value)} / ${format(r.total)}` : format(r.value),
        r.note ? el('span', { class: 'muted' }, ` ${r.note}`) : null));
  }));
}

/**
 * A table of dimension A's values (rows) by dimension B's values (columns), each cell shaded by
 * value(cell) summed over the cells with those two values. cells: [{cell: {dim: value}}].
 * With secondary, each square shows "value / secondary". values: every value of each dimension (so
 * that values no cell has show as empty rows and columns); by default those the cells have.
 */
export function heatGrid(cells, dimA, dimB, value, secondary, values = {}) {
  const rows = values[dimA] ?? [...new Set(cells.map((c) => c.cell[dimA]))];
  const cols = values[dimB] ?? [...new Set(cells.map((c) => c.cell[dimB]))];
  const sum = new Map();
  const sumSecondary = new Map();
  for (const c of cells) {
    const key = c.cell[dimA] + '\u0000' + c.cell[dimB];
    sum.set(key, (sum.get(key) ?? 0) + value(c));
    if (secondary) sumSecondary.set(key, (sumSecondary.get(key) ?? 0) + secondary(c));
  }
  const max = Math.max(1, ...sum.values());
  return el('table', { class: 'heat' },
    el('thead', {}, el('tr', {}, el('th', {}), cols.map((c) => el('th', { title: c }, c)))),
    el('tbody', {}, rows.map((r) => el('tr', {}, el('th', { title: r }, r), cols.map((c) => {
      const key = r + '\u0000' + c;
      const v = sum.get(key) ?? 0;
      const of = sumSecondary.get(key) ?? 0;
      const text = secondary ? `${num(v)} / ${num(of)}` : num(v);
      const short = secondary && v < of;
      return el('td', { style: `--heat: ${(v / max).toFixed(3)}`, class: [v === 0 ? 'zero' : '', short ? 'short' : ''].join(' ').trim() || null,
        title: short ? `${num(of - v)} short of the plan` : null }, text);
    })))));
}

/** A vertical histogram in SVG: bins of {label, value, muted?}, with counts over the bars. */
export function histogram(bins, { height = 160 } = {}) {
  const width = 40 * bins.length + 20;
  const max = Math.max(1, ...bins.map((b) => b.value));
  const plot = height - 36;
  return svg('svg', { class: 'histogram', viewBox: `0 0 ${width} ${height}`, width: '100%', height, role: 'img',
      'aria-label': bins.map((b) => `${b.label}: ${b.value}`).join(', ') },
    bins.map((b, i) => {
      const h = (plot * b.value) / max;
      const x = 10 + i * 40;
      return svg('g', { 'data-bin': b.label },
        svg('rect', { x: x + 4, y: 16 + plot - h, width: 32, height: Math.max(h, b.value > 0 ? 1 : 0), rx: 2,
          class: b.muted ? 'bin-muted' : 'bin' }),
        svg('text', { x: x + 20, y: 12 + plot - h, 'text-anchor': 'middle', class: 'chart-value' }, String(b.value)),
        svg('text', { x: x + 20, y: height - 6, 'text-anchor': 'middle', class: 'chart-axis' }, b.label));
    }));
}

/**
 * Lines in SVG over a shared x axis: points [{x, ...series}], series [{key, label, color}], on one
 * y scale from 0 to yMax. Points flagged with `mark` get a red dot on the x axis (e.g. a gate tripped).
 */
export function lineChart(points, series, { height = 190, width = 560, yMax = 1 } = {}) {
  const left = 28;
  const right = width - 8;
  const top = 10;
  const bottom = height - 24;
  const xs = points.map((p) => p.x);
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs, xMin + 1);
  const sx = (x) => left + ((right - left) * (x - xMin)) / (xMax - xMin);
  const sy = (y) => bottom - ((bottom - top) * Math.min(y, yMax)) / yMax;
  return el('div', { class: 'line-chart' },
    svg('svg', { viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img' },
      [0, yMax / 2, yMax].map((y) => [
        svg('line', { x1: left, x2: right, y1: sy(y), y2: sy(y), class: 'chart-grid' }),
        svg('text', { x: left - 4, y: sy(y) + 4, 'text-anchor': 'end', class: 'chart-axis' }, num(y, 1)),
      ]),
      series.map((s) => {
        const path = points.filter((p) => typeof p[s.key] === 'number')
          .map((p, i) => `${i ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p[s.key]).toFixed(1)}`).join(' ');
        return svg('path', { d: path, fill: 'none', stroke: s.color, 'stroke-width': 2, 'data-series': s.key });
      }),
      points.filter((p) => p.mark).map((p) => svg('circle', { cx: sx(p.x), cy: bottom, r: 4, class: 'chart-mark' },
        svg('title', {}, p.mark))),
      svg('text', { x: left, y: height - 6, class: 'chart-axis' }, num(xMin)),
      svg('text', { x: right, y: height - 6, 'text-anchor': 'end', class: 'chart-axis' }, num(xMax))),
    el('div', { class: 'legend' }, series.map((s) => el('span', {},
      el('i', { style: `background: ${s.color}` }), s.label))));
}
