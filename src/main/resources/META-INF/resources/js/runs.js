// The runs list: every run with its progress; running runs follow their event stream live.

import { api, follow } from './api.js';
import { el, replace, num, usd, when, progressBar } from './dom.js';
import { errorPanel, statusBadge, stalledNote } from './run-nav.js';

const PAGE = 25;

export function render(root, { query }) {
  const offset = Math.max(0, Number(query.offset) || 0);
  const streams = new Map();
  const body = el('tbody');
  const pager = el('div', { class: 'pager' });
  replace(root,
    el('section', { class: 'panel' },
      el('div', { class: 'panel-head' },
        el('h1', {}, 'Runs'),
        el('a', { class: 'button primary', href: '#/new' }, 'New run')),
      // The table scrolls sideways inside its panel on a narrow screen, so the page keeps the screen's width.
      el('div', { class: 'table-scroll' }, el('table', { class: 'table runs-table' },
        el('thead', {}, el('tr', {},
          ['Recipe', 'Status', 'Progress', 'Accepted', 'Rejected', 'Failed', 'Cost', 'Created', ''].map((h) => el('th', {}, h)))),
        body)),
      pager));

  async function load() {
    try {
      const page = await api.runs(offset, PAGE);
      closeStreams();
      if (page.items.length === 0) {
        replace(body, el('tr', {}, el('td', { colspan: 9, class: 'empty' },
          'No runs yet. ', el('a', { href: '#/new' }, 'Start one'), ' — with no model configured, the offline demo model writes and judges.')));
      } else {
        replace(body, page.items.map(row));
      }
      replace(pager,
        offset > 0 ? el('a', { href: `#/runs?offset=${Math.max(0, offset - PAGE)}` }, '← Newer') : null,
        el('span', { class: 'muted' }, `${num(page.total === 0 ? 0 : offset + 1)}–${num(offset + page.items.length)} of ${num(page.total)}`),
        offset + PAGE < page.total ? el('a', { href: `#/runs?offset=${offset + PAGE}` }, 'Older →') : null);
    } catch (e) {
      replace(root, errorPanel(e));
    }
  }

  function row(run) {
    const tr = el('tr', { dataset: { run: run.id } });
    let shown = run;
    // Progress events carry the counts and whether the run is stale; a stale event, when its worker last reported.
    const update = (changes) => fill(tr, shown = { ...shown, ...changes });
    fill(tr, run);
    if (run.status === 'running') {
      streams.set(run.id, follow(run.id, update, () => {
        streams.delete(run.id);
        api.runs(offset, PAGE).then((page) => {
          const fresh = page.items.find((r) => r.id === run.id);
          if (fresh) fill(tr, fresh);
        }).catch(() => {});
      }, update));
    }
    return tr;
  }

  function fill(tr, run) {
    const link = `#/runs/${encodeURIComponent(run.id)}`;
    tr.classList.toggle('stalled', Boolean(run.stale));
    replace(tr,
      el('td', {}, el('a', { href: link, class: 'strong' }, run.recipe ?? run.id),
        el('div', { class: 'muted small' }, run.id.slice(0, 8))),
      el('td', {}, statusBadge(run),
        run.stale ? el('div', { class: 'small stalled-note' }, stalledNote(run)) : null,
        run.error ? el('div', { class: 'small error-text', title: run.error }, run.error) : null),
      el('td', { class: 'progress-cell' }, progressBar(run.done ?? 0, run.total ?? run.planned ?? 0)),
      el('td', { class: 'num' }, num(run.accepted)),
      el('td', { class: 'num' }, num(run.rejected)),
      el('td', { class: 'num' }, num(run.failed)),
      el('td', { class: 'num' }, usd(run.costUsd)),
      el('td', { class: 'small' }, when(run.createdAt)),
      el('td', { class: 'actions' }, actions(run)));
  }

  function actions(run) {
    const act = (label, fn, cls) => el('button', { class: `button small ${cls ?? ''}`, type: 'button', onclick: async (e) => {
      e.target.disabled = true;
      try {
        await fn(run.id);
      } catch (err) {
        alertError(err);
      }
      load();
    } }, label);
    // A stale run has no process to wait for: resuming takes it up where it stopped, and it may be deleted.
    if (run.status === 'running' && !run.stale) return act('Cancel', api.cancel);
    const resumable = run.status !== 'completed';
    return [
      resumable ? act('Resume', api.resume) : null,
      act('Delete', (id) => confirm('Delete this run and its dialogues?') ? api.remove(id) : null, 'danger'),
    ];
  }

  function closeStreams() {
    streams.forEach((close) => close());
    streams.clear();
  }

  load();
  return closeStreams;
}

function alertError(err) {
  window.alert(`${err.title ?? 'Error'}: ${err.message}`);
}
