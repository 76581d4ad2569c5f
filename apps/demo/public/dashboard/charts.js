// Plain SVG bar charts (stacked when there are several series), built with DOM calls so no text is parsed as markup.
// @ts-check

const SVG = 'http://www.w3.org/2000/svg';
export const COLORS = ['#07c160', '#1485ee', '#fa9d3b', '#8c8c8c', '#b455e6'];
const WIDTH = 640;
const HEIGHT = 180;
const LEFT = 36;
const BOTTOM = 22;

/** @param {string} name @param {Record<string, string | number>} attributes */
function el(name, attributes) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

/** A round step for the value axis: 1, 2, 5, 10, 20, 50, … so that about four lines fit. @param {number} max */
export function niceStep(max) {
  const rough = Math.max(1, max) / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  for (const factor of [1, 2, 5, 10]) if (rough <= factor * power) return Math.max(1, factor * power);
  return 10 * power;
}

/**
 * A bar per day, its series stacked, with a value axis and every seventh day labelled.
 * @param {{ days: string[], series: import('./series.js').Series[] }} data
 * @param {string} title the chart's accessible name
 * @returns {SVGSVGElement}
 */
export function barChart(data, title) {
  const { days, series } = data;
  const totals = days.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const step = niceStep(Math.max(0, ...totals));
  const top = Math.max(step, Math.ceil(Math.max(0, ...totals) / step) * step);
  const plotHeight = HEIGHT - BOTTOM - 8;
  const slot = (WIDTH - LEFT) / Math.max(1, days.length);
  const y = (/** @type {number} */ value) => HEIGHT - BOTTOM - (value / top) * plotHeight;

  const svg = /** @type {SVGSVGElement} */ (el('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', class: 'chart' }));
  const name = el('title', {});
  name.textContent = title;
  svg.append(name);
  for (let value = 0; value <= top; value += step) {
    svg.append(el('line', { x1: LEFT, x2: WIDTH, y1: y(value), y2: y(value), class: 'grid' }));
    const label = el('text', { x: LEFT - 6, y: y(value) + 4, 'text-anchor': 'end', class: 'axis' });
    label.textContent = String(value);
    svg.append(label);
  }
  days.forEach((day, i) => {
    let base = 0;
    series.forEach((s, k) => {
      const value = s.values[i] ?? 0;
      if (value === 0) return;
      const bar = el('rect', { x: LEFT + i * slot + slot * 0.15, width: slot * 0.7, y: y(base + value), height: y(base) - y(base + value), fill: COLORS[k % COLORS.length] ?? '#999' });
      const tip = el('title', {});
      tip.textContent = `${day} · ${s.label}: ${value}`;
      bar.append(tip);
      svg.append(bar);
      base += value;
    });
    if (i % 7 === days.length % 7 || i === days.length - 1) {
      const last = i === days.length - 1;
      const label = el('text', { x: last ? WIDTH : LEFT + i * slot + slot / 2, y: HEIGHT - 6, 'text-anchor': last ? 'end' : 'middle', class: 'axis' });
      label.textContent = day.slice(5);
      svg.append(label);
    }
  });
  return svg;
}

/**
 * The series' names with their colours and totals, e.g. "■ to a friend 12".
 * @param {import('./series.js').Series[]} series
 */
export function legend(series) {
  const list = document.createElement('ul');
  list.className = 'legend';
  series.forEach((s, k) => {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = COLORS[k % COLORS.length] ?? '#999';
    item.append(swatch, `${s.label} `);
    const total = document.createElement('b');
    total.textContent = String(s.values.reduce((a, b) => a + b, 0));
    item.append(total);
    list.append(item);
  });
  return list;
}
