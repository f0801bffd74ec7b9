// Review mode: one dialogue at a time, driven by the keyboard or by the buttons under it (the same
// actions, for touch screens). 1–5 score it, a accepts, r rejects (both move on), j/k go to the
// next/previous one. Every action that changes the review posts the whole review (score and
// decision), so the latest review of a dialogue is always complete. The queue is read a page at a
// time as the reviewer moves on, so a run of any size can be reviewed to its end.

import { api, query } from './api.js';
import { el, replace, num } from './dom.js';
import { dialogueView, reviews, humanReviews } from './dialogues.js';
import { runHeader, errorPanel } from './run-nav.js';

const PAGE = 500;
const REVIEWER_KEY = 'parley.reviewer';
const FILTERS = ['status', 'cell', 'minScore', 'maxScore', 'gate'];

export function render(root, { id, query: q }) {
  const filters = Object.fromEntries(FILTERS.filter((k) => q[k]).map((k) => [k, q[k]]));
  let queue = [];
  let total = 0;
  let read = 0;
  let index = 0;
  let current = null;
  let review = { score: null, accept: null };
  let stopped = false;

  const header = el('div');
  const reviewer = el('input', { id: 'reviewer', type: 'text', placeholder: 'your name', value: localStorage.getItem(REVIEWER_KEY) ?? '' });
  const position = el('span', { id: 'review-position', class: 'strong' });
  const state = el('div', { id: 'review-state', class: 'review-state', 'aria-live': 'polite' });
  const view = el('div', { id: 'review-dialogue' });
  const button = (label, idName, action) => {
    const b = el('button', { type: 'button', class: 'button', id: idName }, label);
    b.addEventListener('click', () => act(action));
    return b;
  };
  const actions = el('div', { class: 'review-actions', id: 'review-actions' },
    ...[1, 2, 3, 4, 5].map((n) => button(String(n), `review-score-${n}`, String(n))),
    button('Accept', 'review-accept', 'a'), button('Reject', 'review-reject', 'r'),
    button('Previous', 'review-previous', 'k'), button('Next', 'review-next', 'j'));
  const keys = el('div', { class: 'panel shortcuts', id: 'shortcuts' },
    el('h3', {}, 'Keys'),
    el('dl', { class: 'keys' },
      key('1 – 5', 'score'), key('a', 'accept, next'), key('r', 'reject, next'), key('j', 'next'), key('k', 'previous')),
    el('label', { class: 'field' }, el('span', {}, 'Reviewer'), reviewer),
    el('p', { class: 'small muted' }, 'Reviews go into the run report, where they are compared with the judge.'));
  replace(root, header, el('div', { class: 'review-layout' },
    el('section', { class: 'panel' }, el('div', { class: 'panel-head' }, position, state), view, actions), keys));
  reviewer.addEventListener('change', () => localStorage.setItem(REVIEWER_KEY, reviewer.value.trim()));
  // With access control on, the server records every review for the signed-in principal: show that name.
  const signedIn = api.reviewer().then((who) => {
    if (who?.authenticated) {
      reviewer.value = who.name;
      reviewer.disabled = true;
      reviewer.title = 'reviews are recorded for the signed-in user';
    }
  }).catch(() => {});

  document.addEventListener('keydown', onKey);
  load();
  return () => {
    stopped = true;
    document.removeEventListener('keydown', onKey);
  };

  async function load() {
    try {
      const report = await api.run(id);
      if (stopped) return;
      replace(header, runHeader(id, 'review', report));
      await readMore();
      while (!stopped && q.seq && !queue.includes(Number(q.seq)) && read < total) await readMore();
      if (stopped) return;
      if (!queue.length) {
        replace(view, el('p', { class: 'muted' }, 'No written dialogue to review here.'));
        return;
      }
      const wanted = queue.indexOf(Number(q.seq));
      await signedIn;
      show(wanted >= 0 ? wanted : 0);
    } catch (e) {
      if (!stopped) replace(root, runHeader(id, 'review'), errorPanel(e));
    }
  }

  /** The next page of the queue; total is the filtered set's size, dialogues not yet written included. */
  async function readMore() {
    const page = await api.dialogues(id, { ...filters, limit: PAGE, offset: read });
    total = page.total;
    read += page.items.length;
    if (!page.items.length) read = total;
    queue.push(...page.items.filter((item) => item.dialogue).map((item) => item.seq));
  }

  async function show(i) {
    if (i >= queue.length && read < total) {
      try {
        await readMore();
      } catch (e) {
        showState(`could not read more: ${e.message}`);
      }
      if (stopped) return;
    }
    index = Math.max(0, Math.min(queue.length - 1, i));
    const seq = queue[index];
    history.replaceState(null, '', `#/runs/${encodeURIComponent(id)}/review${query({ ...filters, seq })}`);
    replace(position, `Dialogue ${num(index + 1)} of ${num(Math.max(total - (read - queue.length), queue.length))}`);
    try {
      current = await api.dialogue(id, seq);
      if (stopped || queue[index] !== seq) return;
      const mine = humanReviews(current.reviews).filter((r) => (r.reviewer ?? 'anonymous') === name());
      const last = mine[mine.length - 1];
      review = { score: last?.score ?? null, accept: last?.accept ?? null };
      replace(view, dialogueView(id, current, { showReviews: true }));
      showState(last ? 'saved' : '');
    } catch (e) {
      replace(view, errorPanel(e));
    }
  }

  function name() {
    return reviewer.value.trim() || 'anonymous';
  }

  function showState(note) {
    replace(state,
      el('span', { class: 'pill', id: 'review-score' }, `your score: ${review.score ?? '–'}`),
      el('span', { class: `pill ${review.accept === true ? 'ok' : review.accept === false ? 'bad' : ''}`, id: 'review-decision' },
        review.accept === true ? 'you accepted' : review.accept === false ? 'you rejected' : 'no decision yet'),
      note ? el('span', { class: 'small muted', id: 'review-note' }, note) : null);
  }

  async function post() {
    if (!current) return false;
    const seq = current.seq;
    const body = { reviewer: name() };
    if (review.score !== null) body.score = review.score;
    if (review.accept !== null) body.accept = review.accept;
    showState('saving…');
    try {
      await api.review(id, seq, body);
      const fresh = await api.dialogue(id, seq);
      if (current?.seq === seq) {
        current = fresh;
        const old = view.querySelector('#reviews');
        if (old) old.replaceWith(reviews(fresh.reviews));
        showState(`saved #${seq}`);
      }
      return true;
    } catch (e) {
      showState(`not saved: ${e.message}`);
      return false;
    }
  }

  async function onKey(e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.target.closest?.('input, textarea, select, button')) return;
    if (!['1', '2', '3', '4', '5', 'a', 'r', 'j', 'k'].includes(e.key)) return;
    e.preventDefault();
    await act(e.key);
  }

  /** One review action, from a key or a button: a score, accept, reject, next or previous. */
  async function act(action) {
    if (!queue.length) return;
    if (action >= '1' && action <= '5') {
      review.score = Number(action);
      await post();
    } else if (action === 'a' || action === 'r') {
      review.accept = action === 'a';
      if (await post()) {
        if (index < queue.length - 1 || read < total) show(index + 1);
        else showState(`saved #${current.seq} · the last one here`);
      }
    } else if (action === 'j') {
      show(index + 1);
    } else if (action === 'k') {
      show(index - 1);
    }
  }
}

function key(k, what) {
  return el('div', {}, el('dt', {}, el('kbd', {}, k)), el('dd', {}, what));
}
