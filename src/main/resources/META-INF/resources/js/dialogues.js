// Dialogue browser: filters (state, cell, score range, gate, text, tag) and the sort kept in the
// address, a paged list (by keyset when sorted), accept or reject of the whole filtered selection,
// and the chosen dialogue as a chat with its tags, a person's edit, verdict, versions and reviews.

import { api, query } from './api.js';
import { el, replace, num, plural, cellLabel, badge } from './dom.js';
import { chat, criteria } from './chat.js';
import { runHeader, errorPanel } from './run-nav.js';
import { editor } from './edit.js';

const PAGE = 50;
const STATES = ['accepted', 'rejected', 'failed', 'planned', 'generating', 'generated', 'judging', 'revising'];
const FILTERS = ['status', 'cell', 'minScore', 'maxScore', 'gate', 'q', 'tag'];
const SORTS = { seq: 'plan', score: 'score', length: 'length', date: 'date' };

export function render(root, { id, seq, query: q }) {
  const enc = encodeURIComponent(id);
  const filters = Object.fromEntries(FILTERS.filter((k) => q[k]).map((k) => [k, q[k]]));
  const offset = Math.max(0, Number(q.offset) || 0);
  const sorting = q.sort ? { sort: q.sort, order: q.order === 'desc' ? 'desc' : 'asc' } : {};
  const paging = q.sort ? (q.after ? { after: q.after } : {}) : (offset ? { offset } : {});
  const link = (s, extra = {}) => `#/runs/${enc}/dialogues${s === undefined ? '' : '/' + s}${query({ ...filters, ...sorting, ...extra })}`;

  const header = el('div');
  const filterBar = el('form', { class: 'panel filters', id: 'filters' });
  const list = el('div', { class: 'panel dialogue-list', id: 'dialogue-list' });
  const detail = el('div', { class: 'panel dialogue-detail', id: 'dialogue-detail' });
  replace(root, header, filterBar, el('div', { class: 'browser' }, list, detail));
  replace(detail, el('p', { class: 'muted' }, 'Choose a dialogue on the left.'));

  let stopped = false;
  load();
  return () => { stopped = true; };

  async function load() {
    try {
      const [report, page] = await Promise.all([api.run(id), api.dialogues(id, { ...filters, ...sorting, ...paging, limit: PAGE })]);
      if (stopped) return;
      replace(header, runHeader(id, 'dialogues', report));
      showFilters(report);
      showList(page);
      if (seq !== undefined) showDialogue(seq);
    } catch (e) {
      if (!stopped) replace(root, runHeader(id, 'dialogues'), errorPanel(e));
    }
  }

  function showFilters(report) {
    const dims = Object.entries(report.acceptanceByValue ?? {});
    const chosenCell = Object.fromEntries((filters.cell ?? '').split(',').filter(Boolean).map((p) => {
      const at = p.indexOf(':');
      return [p.slice(0, at), p.slice(at + 1)];
    }));
    const select = (name, label, options, value) => el('label', { class: 'field inline' }, el('span', {}, label),
      el('select', { name, dataset: { filter: name } }, el('option', { value: '' }, 'any'),
        options.map((o) => el('option', { value: o, selected: o === value }, o))));
    replace(filterBar,
      select('status', 'State', STATES, filters.status),
      dims.map(([dim, values]) => select(`cell:${dim}`, dim, Object.keys(values), chosenCell[dim])),
      el('label', { class: 'field inline' }, el('span', {}, 'Score'),
        el('input', { name: 'minScore', type: 'number', min: 1, max: 5, step: 0.1, value: filters.minScore ?? '', placeholder: 'min', class: 'score-input' }),
        '–',
        el('input', { name: 'maxScore', type: 'number', min: 1, max: 5, step: 0.1, value: filters.maxScore ?? '', placeholder: 'max', class: 'score-input' })),
      select('gate', 'Rejected by', Object.keys(report.rejectedByGate ?? {}), filters.gate),
      el('label', { class: 'field inline' }, el('span', {}, 'Text'),
        el('input', { name: 'q', id: 'filter-q', type: 'search', value: filters.q ?? '', placeholder: 'words in a turn' })),
      el('label', { class: 'field inline' }, el('span', {}, 'Tag'),
        el('input', { name: 'tag', id: 'filter-tag', type: 'text', value: filters.tag ?? '', placeholder: 'any' })),
      el('label', { class: 'field inline' }, el('span', {}, 'Sort'),
        el('select', { name: 'sort', id: 'filter-sort' }, Object.entries(SORTS).map(([k, label]) =>
          el('option', { value: k, selected: k === (sorting.sort ?? 'seq') }, label))),
        el('select', { name: 'order', id: 'filter-order' },
          el('option', { value: 'asc', selected: sorting.order !== 'desc' }, 'ascending'),
          el('option', { value: 'desc', selected: sorting.order === 'desc' }, 'descending'))),
      el('button', { type: 'submit', class: 'button small primary' }, 'Filter'),
      el('a', { href: `#/runs/${enc}/dialogues`, class: 'small' }, 'Clear'));
    filterBar.onsubmit = (e) => {
      e.preventDefault();
      const data = new FormData(filterBar);
      const cell = [...data.entries()].filter(([k, v]) => k.startsWith('cell:') && v).map(([k, v]) => `${k.slice(5)}:${v}`).join(',');
      const chosen = { status: data.get('status'), cell, minScore: data.get('minScore'), maxScore: data.get('maxScore'), gate: data.get('gate'),
        q: data.get('q'), tag: data.get('tag') };
      if (data.get('sort') !== 'seq' || data.get('order') === 'desc') Object.assign(chosen, { sort: data.get('sort'), order: data.get('order') });
      location.hash = `#/runs/${enc}/dialogues${query(chosen)}`;
    };
    filterBar.querySelectorAll('select').forEach((s) => s.addEventListener('change', () => filterBar.requestSubmit()));
  }

  function showList(page) {
    replace(list,
      el('div', { class: 'list-head' }, el('strong', { id: 'dialogue-count' }, plural(page.total, 'dialogue')),
        el('a', { class: 'small', href: `#/runs/${enc}/review${query(filters)}` }, 'Review these →')),
      page.total ? bulkBar(page.total) : null,
      page.items.length === 0 ? el('p', { class: 'muted' }, 'No dialogue matches.') : el('ul', { class: 'items' },
        page.items.map((item) => el('li', {},
          el('a', { href: link(item.seq, paging), class: item.seq === seq ? 'item active' : 'item', dataset: { seq: item.seq } },
            el('span', { class: 'item-top' }, el('span', { class: 'strong' }, `#${item.seq}`), badge(item.state),
              item.score !== null && item.score !== undefined ? el('span', { class: 'score-pill' }, num(item.score, 2)) : null),
            el('span', { class: 'small muted item-cell' }, cellLabel(item.cell)),
            (item.tags ?? []).length ? el('span', { class: 'small item-tags' }, item.tags.map((t) => el('span', { class: 'person-tag' }, t))) : null,
            item.gate ? el('span', { class: 'small error-text' }, `${item.gate}: ${item.reason ?? ''}`) : null,
            el('span', { class: 'small item-preview' }, firstLine(item.dialogue)))))),
      q.sort ? el('div', { class: 'pager' },
        q.after ? el('a', { href: link(undefined) }, '← First page') : null,
        page.next ? el('a', { href: link(undefined, { after: page.next }), id: 'next-page' }, 'Next →') : null)
        : el('div', { class: 'pager' },
          offset > 0 ? el('a', { href: link(undefined, { offset: Math.max(0, offset - PAGE) }) }, '← Previous') : null,
          el('span', { class: 'muted small' }, page.total ? `${num(offset + 1)}–${num(offset + page.items.length)}` : ''),
          offset + PAGE < page.total ? el('a', { href: link(undefined, { offset: offset + PAGE }) }, 'Next →') : null));
  }

  /** Accept or reject every dialogue the filters select, each as a decision of its own. */
  function bulkBar(total) {
    const result = el('p', { class: 'small', id: 'bulk-result', 'aria-live': 'polite' });
    const run = async (action) => {
      replace(result, `${action === 'reject' ? 'Rejecting' : 'Accepting'} ${plural(total, 'dialogue')}…`);
      try {
        const done = await api.decideAll(id, filters, { action });
        const refused = done.refused.map((r) => `#${r.seq} ${r.gate}: ${r.reason}`).join('; ');
        replace(result, `${action === 'reject' ? 'Rejected' : 'Accepted'} ${num(done.decided)} of ${num(done.selected)}`
          + (done.skipped ? `, ${num(done.skipped)} already so` : '') + (refused ? `; refused by a gate: ${refused}` : ''));
        const page = await api.dialogues(id, { ...filters, ...sorting, ...paging, limit: PAGE });
        if (!stopped) {
          showList(page);
          const shown = list.querySelector('#bulk-result');
          if (shown) shown.replaceWith(result);
          else list.append(el('div', { class: 'bulk' }, result));
        }
      } catch (e) {
        replace(result, `not done: ${e.message}`);
      }
    };
    return el('div', { class: 'bulk', id: 'bulk' },
      el('button', { type: 'button', class: 'button small', id: 'bulk-accept', onclick: () => run('accept') }, 'Accept all'),
      el('button', { type: 'button', class: 'button small', id: 'bulk-reject', onclick: () => run('reject') }, 'Reject all'),
      result);
  }

  async function showDialogue(n) {
    try {
      const item = await api.dialogue(id, n);
      if (!stopped) replace(detail, tagEditor(id, item), editor(id, item, () => showDialogue(n)), dialogueView(id, item));
    } catch (e) {
      if (!stopped) replace(detail, errorPanel(e));
    }
  }
}

/** A dialogue's tags, each removable, and a field to add one. */
function tagEditor(runId, item) {
  const box = el('div', { class: 'tags', id: 'dialogue-tags' });
  const show = (tags) => {
    const input = el('input', { type: 'text', id: 'tag-input', placeholder: 'add a tag', maxlength: 100 });
    const form = el('form', { class: 'tag-form' }, input, el('button', { type: 'submit', class: 'button small', id: 'tag-add' }, 'Tag'));
    form.onsubmit = async (e) => {
      e.preventDefault();
      if (input.value.trim()) show((await api.addTag(runId, item.seq, input.value.trim())).tags);
    };
    replace(box, el('span', { class: 'small muted' }, 'Tags:'),
      tags.map((t) => el('span', { class: 'person-tag', dataset: { tag: t } }, t,
        el('button', { type: 'button', class: 'tag-remove', title: `remove ${t}`, 'aria-label': `remove tag ${t}`,
          onclick: async () => show((await api.removeTag(runId, item.seq, t)).tags) }, '×'))),
      form);
  };
  show(item.tags ?? []);
  return box;
}

/** One dialogue with its state, verdict, versions and reviews; shared with the review page. */
export function dialogueView(runId, item, { showReviews = true } = {}) {
  const versions = [...(item.versions ?? [])].sort((a, b) => a.version - b.version);
  const body = el('div', { class: 'version-body' });
  const tabs = el('div', { class: 'versions', role: 'tablist' });

  function showVersion(index) {
    const latest = index === null;
    const v = latest ? { dialogue: item.dialogue, verdict: item.verdict } : versions[index];
    const previousIndex = latest ? versions.length - 2 : index - 1;
    const previous = previousIndex >= 0 && versions.length > 1 ? versions[previousIndex].dialogue : undefined;
    tabs.querySelectorAll('button').forEach((b) => b.classList.toggle('active', Number(b.dataset.index) === (latest ? versions.length - 1 : index)));
    replace(body,
      previous ? el('p', { class: 'small muted' }, `Highlighted: turns changed from version ${versions[previousIndex].version}.`) : null,
      chat(v.dialogue, v.verdict, previous),
      el('h3', {}, 'Judge'), criteria(v.verdict));
  }

  if (versions.length > 1) {
    replace(tabs, el('span', { class: 'small muted' }, 'Versions:'), versions.map((v, i) => el('button', {
      type: 'button', class: 'button small', role: 'tab', dataset: { index: i, version: v.version },
      onclick: () => showVersion(i === versions.length - 1 ? null : i),
    }, `v${v.version}`, v.score !== null && v.score !== undefined ? ` · ${num(v.score, 2)}` : '')));
  }
  showVersion(null);

  return el('article', { class: 'dialogue', dataset: { seq: item.seq } },
    el('div', { class: 'dialogue-head' },
      el('h2', {}, `Dialogue #${item.seq}`), badge(item.state),
      item.score !== null && item.score !== undefined ? el('span', { class: 'score-pill', id: 'dialogue-score' }, `score ${num(item.score, 2)}`) : null),
    el('p', { class: 'small cell-line' }, cellLabel(item.cell)),
    item.gate ? el('p', { class: 'notice error-text', id: 'dialogue-gate' }, `Rejected by ${item.gate}`, item.reason ? `: ${item.reason}` : '') : null,
    versions.length > 1 ? tabs : null,
    body,
    showReviews ? reviews(item.reviews) : null);
}

/**
 * People's reviews of a dialogue, each reviewer's latest (a review replaces that person's earlier
 * ones), and the judge's re-check when it was asked again.
 */
export function reviews(all) {
  const latest = new Map();
  humanReviews(all).forEach((r) => latest.set(r.reviewer ?? 'anonymous', r));
  const list = [...latest.values()];
  const rechecks = (all ?? []).filter((r) => r.kind === 'judge-recheck');
  return el('div', { class: 'reviews', id: 'reviews' }, el('h3', {}, 'Reviews'),
    !list.length ? el('p', { class: 'muted small' }, 'No review yet.') : el('ul', {}, list.map((r) => el('li', { class: 'review' },
      el('strong', {}, r.reviewer ?? 'anonymous'), ': ',
      [r.score !== null && r.score !== undefined ? `score ${r.score}` : null,
        r.accept === true ? 'accept' : r.accept === false ? 'reject' : null].filter(Boolean).join(', ')))),
    rechecks.map((r) => el('p', { class: 'small muted recheck' },
      `The judge, asked again: ${num(r.score, 2)}${r.accept === true ? ', accept' : r.accept === false ? ', reject' : ''}`)));
}

/** The reviews people made (not the judge's re-checks). */
export function humanReviews(all) {
  return (all ?? []).filter((r) => (r.kind ?? 'human') === 'human');
}

function firstLine(dialogue) {
  const text = dialogue?.turns?.[0]?.content ?? '';
  return text.length > 90 ? text.slice(0, 90) + '…' : text;
}
