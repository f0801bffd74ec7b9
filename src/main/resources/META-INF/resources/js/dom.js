// Building the page. Every piece of text goes in as a text node: dialogues are model output and
// must never be read as markup, so nothing here assigns innerHTML.

const SVG = 'http://www.w3.org/2000/svg';

/**
 * Creates an element. attrs: plain attributes, plus `class`, `on<event>` handlers and `dataset`;
 * children: nodes, strings (added as text), numbers, or null/false (skipped); arrays are flattened.
 */
export function el(tag, attrs = {}, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** Like {@link el}, for SVG elements. */
export function svg(tag, attrs = {}, ...children) {
  return build(document.createElementNS(SVG, tag), attrs, children);
}

function build(node, attrs, children) {
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2), value);
    } else if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (key === 'style') {
      // Through the CSSOM, which the page's content security policy allows (style attributes it does not).
      node.style.cssText = value;
    } else if (key === 'value' && 'value' in node) {
      node.value = value;
    } else if (key === 'checked' && 'checked' in node) {
      node.checked = Boolean(value);
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) {
      append(node, child);
    } else if (child instanceof Node) {
      node.appendChild(child);
    } else {
      node.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Replaces a node's children. */
export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** A number with thousands separators, or a dash when missing. */
export function num(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  return Number(value).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** "1 dialogue", "3 dialogues". */
export function plural(n, word) {
  return `${num(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** Dollars, with more digits for small amounts. */
export function usd(value) {
  if (value === null || value === undefined) return '–';
  return '$' + Number(value).toFixed(value !== 0 && Math.abs(value) < 1 ? 4 : 2);
}

/** A share as a percentage. */
export function pct(part, whole) {
  return whole > 0 ? Math.round((100 * part) / whole) + ' %' : '–';
}

/** A cell {dim: value} as "dim: value · dim: value". */
export function cellLabel(cell) {
  return Object.entries(cell ?? {}).map(([k, v]) => `${k}: ${v}`).join(' · ');
}

/** A short, readable date. */
export function when(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** A length of time, roughly: "40 s", "4 min", "3 h", "2 days". */
export function duration(ms) {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : plural(Math.round(hours / 24), 'day');
}

/** A progress bar: done of total, with the percentage as text. */
export function progressBar(done, total, attrs = {}) {
  const share = total > 0 ? Math.min(100, Math.round((100 * done) / total)) : 0;
  return el('div', { class: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100,
      'aria-valuenow': share, ...attrs },
    el('div', { class: 'progress-fill', style: `width: ${share}%` }),
    el('span', { class: 'progress-label' }, `${share} % · ${num(done)} / ${num(total)}`));
}

/** A status badge. */
export function badge(status) {
  return el('span', { class: `badge badge-${String(status ?? 'unknown').replace(/[^a-z-]/g, '')}` }, status ?? 'unknown');
}
