// The header every page of one run shares: recipe, status and the run's tabs.

import { el, badge, duration } from './dom.js';

const TABS = [
  ['dashboard', 'Dashboard', ''],
  ['dialogues', 'Dialogues', '/dialogues'],
  ['review', 'Review', '/review'],
  ['export', 'Export', '/export'],
];

/** The header of a run's pages; `active` is one of dashboard, dialogues, review, export. */
export function runHeader(id, active, run) {
  const enc = encodeURIComponent(id);
  return el('div', { class: 'run-header' },
    el('div', { class: 'run-title' },
      el('a', { href: '#/', class: 'muted' }, 'Runs'), ' / ',
      el('h1', { id: 'run-recipe' }, run?.recipe ?? 'Run'),
      run ? statusBadge(run) : null,
      el('code', { class: 'run-id muted', title: id }, id.slice(0, 8))),
    el('nav', { class: 'tabs' }, TABS.map(([key, label, path]) =>
      el('a', { href: `#/runs/${enc}${path}`, class: key === active ? 'active' : null, dataset: { tab: key } }, label))));
}

/** A run's status badge; a run marked running that no worker reports on (stale) shows as stalled. */
export function statusBadge(run) {
  return badge(run.stale ? 'stalled' : run.status);
}

/** What a stalled run waits for: how long no worker has reported on it, and what Resume does. */
export function stalledNote(run, now = Date.now()) {
  const since = run.heartbeat ? Date.parse(run.heartbeat) : NaN;
  return (Number.isNaN(since) ? 'No worker has reported on this run.' : `No worker has reported for ${duration(now - since)}.`)
    + ' Resume to continue where it stopped.';
}

/** Shows an error in place of a page's content. */
export function errorPanel(error) {
  return el('section', { class: 'panel error-panel', role: 'alert' },
    el('h2', {}, error.title ?? 'Something went wrong'), el('p', {}, error.message ?? String(error)));
}
