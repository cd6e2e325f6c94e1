// Charts as inline SVG, no library: grouped bars and lines, each with a legend and axis labels.
import { h, s } from './dom.js';

/** Muted colors for the series, in the order of the statistics' `names`. */
export const PALETTE = ['#2f5d8a', '#8a9bb0', '#3a8d6e', '#b5852f', '#a63d40', '#7b5ea7', '#d06f2b', '#4f9fb8', '#6b6b6b'];

const FONT = 12;
const BASE_WIDTH = 1120;
const PLOT_HEIGHT = 240;
const MARGIN = { left: 64, right: 20, bottom: 78 };

/** Rough width of a text in px: CJK characters are square, others about 0.6 em. */
function textWidth(text, size = FONT) {
  let width = 0;
  for (const ch of String(text)) width += ch.codePointAt(0) > 0x2e80 ? size : size * 0.6;
  return width;
}

/** A label cut into at most `maxLines` lines of `maxWidth` px, the last one ending in … if cut. */
function wrapLabel(text, maxWidth, maxLines = 2) {
  const lines = [];
  let line = '';
  for (const ch of String(text)) {
    if (line && textWidth(line + ch) > maxWidth) {
      lines.push(line);
      line = '';
    }
    line += ch;
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1].slice(0, -1)}…`;
  return kept;
}

/** A y scale with whole-number ticks: { max, step }. */
export function niceScale(maxValue, tickCount = 5) {
  if (!(maxValue > 0)) return { max: tickCount, step: 1 };
  const raw = maxValue / tickCount;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const normalized = raw / magnitude;
  const nice = normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 5 ? 5 : 10;
  const step = Math.max(1, nice * magnitude);
  return { max: Math.ceil(maxValue / step) * step, step };
}

/** Legend items laid out in rows across `width`; returns { node, height }. */
function legend(series, width, x0) {
  const items = [];
  let x = x0;
  let y = 0;
  for (const item of series) {
    const itemWidth = 18 + textWidth(item.name) + 20;
    if (x + itemWidth > width && x > x0) {
      x = x0;
      y += 20;
    }
    items.push(
      s(
        'g',
        { class: 'legend-item', transform: `translate(${x},${y})` },
        s('rect', { x: 0, y: 2, width: 12, height: 12, rx: 2, fill: item.color }),
        s('text', { x: 18, y: 12, 'font-size': FONT }, item.name),
      ),
    );
    x += itemWidth;
  }
  return { node: s('g', { class: 'legend', transform: 'translate(0,12)' }, items), height: y + 20 + 20 };
}

/** Shared frame: size, legend, grid with y ticks, axes, axis labels and category labels. */
function frame({ title, categories, series, maxValue, xLabel, yLabel, minBand }) {
  const width = Math.max(BASE_WIDTH, MARGIN.left + MARGIN.right + categories.length * minBand);
  const leg = legend(series, width - MARGIN.right, MARGIN.left);
  const top = leg.height + 8;
  const height = top + PLOT_HEIGHT + MARGIN.bottom;
  const plot = { x: MARGIN.left, y: top, width: width - MARGIN.left - MARGIN.right, height: PLOT_HEIGHT };
  const scale = niceScale(maxValue);
  const yOf = (v) => plot.y + plot.height - (v / scale.max) * plot.height;
  const band = plot.width / categories.length;

  const svg = s('svg', {
    class: ['chart-svg', width > BASE_WIDTH ? 'wide' : null],
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': title,
  });
  svg.appendChild(s('title', {}, title));
  svg.appendChild(leg.node);

  const grid = s('g', { class: 'grid' });
  for (let v = 0; v <= scale.max; v += scale.step) {
    const y = yOf(v);
    grid.appendChild(s('line', { x1: plot.x, x2: plot.x + plot.width, y1: y, y2: y, class: v === 0 ? 'axis' : 'gridline' }));
    grid.appendChild(s('text', { x: plot.x - 8, y: y + 4, 'text-anchor': 'end', 'font-size': FONT, class: 'tick' }, String(v)));
  }
  svg.appendChild(grid);
  svg.appendChild(s('line', { class: 'axis', x1: plot.x, x2: plot.x, y1: plot.y, y2: plot.y + plot.height }));

  const labels = s('g', { class: 'x-labels' });
  categories.forEach((category, i) => {
    const cx = plot.x + band * (i + 0.5);
    const lines = wrapLabel(category, Math.max(band - 6, FONT * 2));
    const text = s('text', { x: cx, y: plot.y + plot.height + 18, 'text-anchor': 'middle', 'font-size': FONT, class: 'tick' });
    text.appendChild(s('title', {}, category));
    lines.forEach((line, n) => text.appendChild(s('tspan', { x: cx, dy: n === 0 ? 0 : FONT + 3 }, line)));
    labels.appendChild(text);
  });
  svg.appendChild(labels);

  svg.appendChild(
    s('text', { class: 'axis-label', x: plot.x + plot.width / 2, y: height - 12, 'text-anchor': 'middle', 'font-size': FONT + 1 }, xLabel),
  );
  const yLabelX = 16;
  const yLabelY = plot.y + plot.height / 2;
  svg.appendChild(
    s(
      'text',
      { class: 'axis-label', x: yLabelX, y: yLabelY, 'text-anchor': 'middle', 'font-size': FONT + 1, transform: `rotate(-90 ${yLabelX} ${yLabelY})` },
      yLabel,
    ),
  );
  return { svg, plot, band, yOf };
}

function maxOf(categories, series, value) {
  let max = 0;
  categories.forEach((_, i) => series.forEach((item) => (max = Math.max(max, Number(value(i, item.key)) || 0))));
  return max;
}

function emptyChart(testid, title) {
  return h('div', { class: 'chart chart-empty', testid, role: 'img', 'aria-label': title }, '所选期间暂无数据');
}

/**
 * Grouped vertical bars: one group per category, one bar per series.
 * `value(categoryIndex, seriesKey)` gives each number.
 */
export function groupedBarChart({ title, categories, series, value, xLabel, yLabel = '数量（件）', testid }) {
  if (categories.length === 0) return emptyChart(testid, title);
  const minBand = series.length * 6 + 12;
  const maxValue = maxOf(categories, series, value);
  const { svg, plot, band, yOf } = frame({ title, categories, series, maxValue, xLabel, yLabel, minBand });
  const groupPad = Math.min(band * 0.25, 40);
  const barWidth = Math.max(2, (band - groupPad) / series.length);
  const bars = s('g', { class: 'bars' });
  categories.forEach((category, i) => {
    const x0 = plot.x + band * i + groupPad / 2;
    series.forEach((item, j) => {
      const v = Number(value(i, item.key)) || 0;
      const y = yOf(v);
      const x = x0 + j * barWidth;
      const rect = s('rect', { x: x + 0.5, y, width: Math.max(1, barWidth - 1), height: plot.y + plot.height - y, fill: item.color });
      rect.appendChild(s('title', {}, `${category} · ${item.name}：${v}`));
      bars.appendChild(rect);
      if (v > 0 && barWidth >= 16) {
        bars.appendChild(s('text', { x: x + barWidth / 2, y: y - 4, 'text-anchor': 'middle', 'font-size': 10, class: 'bar-value' }, String(v)));
      }
    });
  });
  svg.appendChild(bars);
  return h('div', { class: 'chart', testid }, svg);
}

/** One line per series over the categories (e.g. months), with a dot on every value. */
export function lineChart({ title, categories, series, value, xLabel, yLabel = '数量（件）', testid }) {
  if (categories.length === 0) return emptyChart(testid, title);
  const maxValue = maxOf(categories, series, value);
  const { svg, plot, band, yOf } = frame({ title, categories, series, maxValue, xLabel, yLabel, minBand: 48 });
  const xOf = (i) => plot.x + band * (i + 0.5);
  const lines = s('g', { class: 'lines' });
  for (const item of series) {
    const points = categories.map((_, i) => [xOf(i), yOf(Number(value(i, item.key)) || 0)]);
    if (points.length > 1) {
      lines.appendChild(
        s('polyline', { points: points.map(([x, y]) => `${x},${y}`).join(' '), fill: 'none', stroke: item.color, 'stroke-width': 2 }),
      );
    }
    points.forEach(([x, y], i) => {
      const dot = s('circle', { cx: x, cy: y, r: 3.5, fill: '#fff', stroke: item.color, 'stroke-width': 2 });
      dot.appendChild(s('title', {}, `${categories[i]} · ${item.name}：${Number(value(i, item.key)) || 0}`));
      lines.appendChild(dot);
    });
  }
  svg.appendChild(lines);
  return h('div', { class: 'chart', testid }, svg);
}
