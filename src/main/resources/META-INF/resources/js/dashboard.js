// Run dashboard: progress and spend live from the event stream while the run goes on; funnel,
// gates, scores, coverage, diversity and tokens from the run's report, refreshed as it changes.

import { api, follow } from './api.js';
import { el, replace, num, usd, pct, plural, progressBar } from './dom.js';
import { barList, heatGrid, histogram, lineChart } from './charts.js';
import { runHeader, errorPanel, statusBadge, stalledNote } from './run-nav.js';

/** The report is recomputed over the whole run, so while it runs it is fetched at most this often. */
const REPORT_EVERY_MS = 2000;

/**
 * How long to wait between two reports of a running run, given how long the last one took: at least
 * REPORT_EVERY_MS, and four times the report's time, so that a large run's dashboard keeps the server
 * busy with reports a quarter of the time at most.
 */
export function reportGap(tookMs) {
  return Math.max(REPORT_EVERY_MS, 4 * tookMs);
}

export function render(root, { id }) {
  let closeStream = null;
  let timer = null;
  let lastReport = 0;
  let gap = REPORT_EVERY_MS;
  let stopped = false;
  /** The progress shown last, and when a worker last reported on the run (from the report or a stale event). */
  let shown = null;
  let heartbeat = null;

  const header = el('div');
  const live = el('section', { class: 'panel live', id: 'live' });
  const body = el('div', { class: 'dashboard', id: 'dashboard' });
  replace(root, header, live, body);

  refresh().then((report) => {
    if (report?.status === 'running') followLive();
  });

  return () => {
    stopped = true;
    clearTimeout(timer);
    closeStream?.();
  };

  function followLive() {
    closeStream = follow(id, showProgress, () => {
      closeStream = null;
      refresh();
    }, (stale) => {
      heartbeat = stale.heartbeat;
      if (shown) showProgress(shown);
    });
  }

  async function refresh() {
    clearTimeout(timer);
    timer = null;
    lastReport = Date.now();
    try {
      const report = await api.run(id);
      if (stopped) return null;
      gap = reportGap(Date.now() - lastReport);
      heartbeat = report.heartbeat;
      replace(header, runHeader(id, 'dashboard', report));
      if (report.status !== 'running' || !closeStream) showProgress(progressOf(report));
      showReport(report);
      const threshold = report.judgeHygiene?.human?.threshold;
      const bins = scoreBins(report, threshold);
      const target = body.querySelector('#score-histogram');
      if (target) {
        replace(target, bins.every((b) => b.value === 0) ? el('p', { class: 'muted' }, 'No judged dialogues yet.') : [histogram(bins),
          threshold ? el('p', { class: 'small muted' }, `grey: under the judge's threshold of ${num(threshold, 2)}`) : null]);
      }
      return report;
    } catch (e) {
      if (!stopped) replace(root, runHeader(id, 'dashboard'), errorPanel(e));
      return null;
    }
  }

  /** Progress events come often; the report follows them at most every reportGap. */
  function showProgress(p) {
    if (stopped) return;
    shown = p;
    const done = p.done ?? 0;
    // A stale run's items in flight belong to a worker that is gone, and nothing is being spent.
    const working = p.status === 'running' && !p.stale;
    live.classList.toggle('stalled', Boolean(p.stale));
    replace(live,
      el('div', { class: 'panel-head' },
        el('h2', {}, 'Progress'),
        el('div', { class: 'run-actions' }, statusBadge(p), actionButtons(p))),
      p.stale ? el('p', { class: 'notice', id: 'stalled-note' }, stalledNote({ heartbeat })) : null,
      progressBar(done, p.planned, { id: 'run-progress' }),
      el('dl', { class: 'stats' },
        stat('Accepted', num(p.accepted), 'stat-accepted'),
        stat('Rejected', num(p.rejected), 'stat-rejected'),
        stat('Failed', num(p.failed), 'stat-failed'),
        // With the response cache on, an item is stored GENERATING until the judge's first decision: writing and
        // judging are one count.
        working ? stat('In flight', `${num((p.generating ?? 0) + (p.judging ?? 0))} writing or judging · ${num(p.revising ?? 0)} revising`) : null,
        stat('Tokens', num(p.tokens), 'stat-tokens'),
        stat('Cost', usd(p.costUsd), 'stat-cost'),
        p.projectedCostUsd !== undefined && working ? stat('Projected cost', usd(p.projectedCostUsd)) : null,
        p.batches?.length ? stat('Batches', p.batches.map((b) =>
          `${b.role} ${b.status.replace('_', ' ')} ${num(b.completed + b.failed)}/${num(b.total)}`).join(' · '),
        'stat-batches') : null));
    if (p.status === 'running' && timer === null) {
      timer = setTimeout(refresh, Math.max(0, gap - (Date.now() - lastReport)));
    }
  }

  function actionButtons(p) {
    const button = (label, fn) => el('button', { type: 'button', class: 'button small', onclick: async (e) => {
      e.target.disabled = true;
      try {
        await fn(id);
      } catch (err) {
        window.alert(err.message);
      }
      closeStream?.();
      closeStream = null;
      const report = await refresh();
      if (report?.status === 'running') followLive();
    } }, label);
    // No process holds a stale run, so there is nothing to cancel; resuming takes it up where it stopped.
    if (p.stale) return button('Resume', api.resume);
    if (p.status === 'running') return button('Cancel', api.cancel);
    if (p.status !== 'completed') return button('Resume', api.resume);
    return null;
  }

  function showReport(r) {
    const counts = r.counts ?? {};
    const passedChecks = (counts.generated ?? 0) - (counts.rejectedByCheck ?? 0);
    replace(body,
      r.notice ? el('p', { class: 'notice', id: 'run-notice' }, r.notice) : null,
      r.error ? el('p', { class: 'notice error-text' }, r.error) : null,
      r.warnings?.length ? el('ul', { class: 'notice warnings', id: 'run-warnings' },
        r.warnings.map((w) => el('li', {}, w))) : null,
      el('div', { class: 'grid' },
        card('Funnel', 'funnel', barList([
          { label: 'planned', value: counts.planned ?? 0, total: counts.planned ?? 0 },
          { label: 'generated', value: counts.generated ?? 0, total: counts.planned ?? 0 },
          { label: 'passed checks', value: passedChecks, total: counts.planned ?? 0 },
          { label: 'accepted', value: counts.accepted ?? 0, total: counts.planned ?? 0, note: pct(counts.accepted ?? 0, counts.planned) },
        ], { className: 'funnel' }),
        el('p', { class: 'small muted' },
          `rejected by checks ${num(counts.rejectedByCheck)} · by the judge ${num(counts.rejectedByJudge)} · failed ${num(counts.failed)} · unfinished ${num(counts.unfinished)}`)),
        card('Rejected by gate', 'gates', Object.keys(r.rejectedByGate ?? {}).length
          ? barList(Object.entries(r.rejectedByGate).map(([gate, n]) => ({ label: gate, value: n })))
          : el('p', { class: 'muted' }, 'No rejections.'),
        Object.keys(r.piiFound ?? {}).length ? [el('h3', {}, 'Personal data and secrets found'),
          barList(Object.entries(r.piiFound).map(([type, n]) => ({ label: type, value: n })))] : null),
        card('Judge scores', 'scores',
          el('div', { id: 'score-histogram' }, el('p', { class: 'muted' }, 'Loading…')),
          Object.keys(r.meanScores ?? {}).length ? barList(Object.entries(r.meanScores).sort(([a], [b]) => (b === 'overall') - (a === 'overall')).map(([criterion, v]) =>
            ({ label: criterion, value: v, total: 5 })), { format: (v) => num(v, 2) }) : null),
        card('Coverage of cells', 'coverage', coverage(r)),
        card('Acceptance by value', 'acceptance', acceptance(r)),
        card('Diversity', 'diversity', diversity(r)),
        card('Tokens and cost', 'tokens', tokens(r)),
        card('Judge and revision', 'hygiene', hygiene(r))));
  }
}

/** The progress a report implies, in the shape of a progress event. */
function progressOf(r) {
  const c = r.counts ?? {};
  const total = r.tokens?.total ?? {};
  return {
    // done and total as the report counts them, the same numbers the runs list and the event stream show.
    status: r.status, stale: r.stale, planned: c.total ?? c.planned ?? 0, done: c.done ?? 0,
    accepted: c.accepted ?? 0, rejected: (c.rejectedByCheck ?? 0) + (c.rejectedByJudge ?? 0), failed: c.failed ?? 0,
    tokens: (total.input ?? 0) + (total.output ?? 0), costUsd: r.costUsd,
  };
}

/**
 * The report's judged dialogues per half point (the bins report.json and the dataset card show), bins that end at or
 * under the threshold muted.
 */
function scoreBins(report, threshold) {
  return Object.entries(report.scoreHistogram ?? {}).map(([label, value]) => ({
    label,
    value,
    muted: threshold !== undefined && Number(label.split('–')[1]) <= threshold,
  }));
}

function card(title, key, ...content) {
  return el('section', { class: 'panel card', id: `card-${key}` }, el('h2', {}, title), content);
}

function stat(label, value, id) {
  return el('div', { class: 'stat', id }, el('dt', {}, label), el('dd', {}, value));
}

/** A coverage cell key "topic=a|persona=b" as {topic: a, persona: b}. */
function parseCell(key) {
  if (key && typeof key === 'object') return key;
  return Object.fromEntries(String(key).split('|').map((part) => {
    const at = part.indexOf('=');
    return at < 0 ? [part, ''] : [part.slice(0, at), part.slice(at + 1)];
  }));
}

function coverage(r) {
  const c = r.coverage ?? {};
  const table = (c.table ?? []).map((row) => ({ ...row, cell: parseCell(row.cell) }));
  const dims = Object.keys(table[0]?.cell ?? {});
  return [
    el('p', { id: 'coverage-summary' }, el('strong', {}, `${num(c.cellsCovered)} of ${num(c.cells)} cells`),
      ' have an accepted dialogue',
      !c.cellsShort ? '.' : r.status === 'running' ? `; ${num(c.cellsShort)} not yet.` : `; ${num(c.cellsShort)} fell short of their plan.`),
    dims.length >= 2 ? el('div', {}, el('p', { class: 'small muted' }, `accepted / planned, ${dims[0]} × ${dims[1]}`),
      heatGrid(table, dims[0], dims[1], (row) => row.accepted, (row) => row.planned)) : null,
  ];
}

function acceptance(r) {
  const dims = Object.entries(r.acceptanceByValue ?? {});
  if (!dims.length) return el('p', { class: 'muted' }, 'Nothing planned yet.');
  return dims.map(([dim, values]) => el('div', { class: 'chart-block' }, el('h3', {}, dim),
    barList(Object.entries(values).map(([value, v]) => ({ label: value, value: v.accepted, total: v.planned })))));
}

const DIVERSITY = [
  ['distinct1', 'distinct-1', 'share of unique words'],
  ['distinct2', 'distinct-2', 'share of unique word pairs'],
  ['distinct3', 'distinct-3', 'share of unique word triples'],
  ['selfBleu', 'self-BLEU', 'overlap between dialogues (lower is more varied)'],
  ['compressionRatio', 'compression ratio', 'how well the text compresses (lower is more varied)'],
  ['topUserOpeningShare', 'top user opening', null],
  ['topAssistantOpeningShare', 'top assistant opening', null],
  ['cvChars', 'length variation', 'coefficient of variation of characters'],
  ['coverageEntropyNormalized', 'coverage entropy', 'evenness over cells, 1 is even'],
];

function diversity(r) {
  const d = r.diversity ?? {};
  if (!d.dialogues) return el('p', { class: 'muted' }, 'Measured once dialogues are accepted.');
  const rows = DIVERSITY.filter(([key]) => d[key] !== undefined && d[key] !== null).map(([key, label, note]) => {
    const opening = key === 'topUserOpeningShare' ? d.topUserOpening : key === 'topAssistantOpeningShare' ? d.topAssistantOpening : null;
    return el('tr', { dataset: { measure: key } }, el('th', {}, label), el('td', { class: 'num' }, num(d[key], 3)),
      el('td', { class: 'small muted' }, opening !== null ? `“${opening}”` : note));
  });
  const series = overTime(r);
  return [
    el('p', { class: 'small muted' }, `over ${plural(d.dialogues, 'accepted dialogue')}`),
    el('table', { class: 'table compact', id: 'diversity-table' }, el('tbody', {}, rows)),
    series ? el('div', { id: 'diversity-over-time' }, el('h3', {}, 'Over time'), series) : null,
  ];
}

/** Measures between 0 and 1 that show a run drifting into sameness, drawn over time. */
const OVER_TIME = [
  ['distinct2', 'distinct-2', '#2f5fd0'],
  ['selfBleu', 'self-BLEU', '#d0632f'],
  ['topAssistantOpeningShare', 'top assistant opening', '#8a4fd0'],
  ['coverageEntropyNormalized', 'coverage entropy', '#2f9d6a'],
];

/**
 * Diversity over time, when the report carries snapshots ({accepted, window: {...}, overall: {...},
 * tripped: [...]}): the sliding window's measures against the accepted count, tripped gates marked.
 */
function overTime(r) {
  const points = r.diversityOverTime;
  if (!Array.isArray(points) || points.length < 2) return null;
  const data = points.map((p, i) => ({
    ...(p.window ?? p.overall ?? p),
    x: typeof p.accepted === 'number' ? p.accepted : i,
    mark: Array.isArray(p.tripped) && p.tripped.length
      ? p.tripped.map((t) => `${t.gate ?? 'gate'}: ${t.reason ?? ''}`).join('; ') : null,
  }));
  const series = OVER_TIME.filter(([key]) => data.some((p) => typeof p[key] === 'number'))
    .map(([key, label, color]) => ({ key, label, color }));
  return [
    el('p', { class: 'small muted' }, 'over the last accepted dialogues (the gates\' window), by dialogues accepted',
      data.some((p) => p.mark) ? '; red: a diversity gate tripped' : ''),
    lineChart(data, series),
  ];
}

function tokens(r) {
  const roles = Object.entries(r.tokens ?? {});
  return [
    el('p', {}, el('strong', { id: 'cost' }, usd(r.costUsd)),
      r.costWithoutBatchUsd != null
        ? el('span', { class: 'small muted', id: 'cost-without-batch' }, ` · ${usd(r.costWithoutBatchUsd)} without batch mode`)
        : null,
      r.unpricedModels?.length ? el('span', { class: 'small muted' }, ` · no price for ${r.unpricedModels.join(', ')}`) : null),
    el('table', { class: 'table compact', id: 'tokens-table' },
      el('thead', {}, el('tr', {}, ['Role', 'Model', 'Input', 'Output', 'Calls'].map((h) => el('th', {}, h)))),
      el('tbody', {}, roles.map(([role, t]) => el('tr', { dataset: { role } },
        el('th', {}, role), el('td', { class: 'small' }, r.models?.[role] ?? ''),
        el('td', { class: 'num' }, num(t.input)), el('td', { class: 'num' }, num(t.output)),
        el('td', { class: 'num' }, role === 'total'
          ? num(Object.values(r.modelCalls ?? {}).reduce((a, b) => a + b, 0)) : num(r.modelCalls?.[role])))))),
    el('p', { class: 'small muted' }, `${num(r.cacheHits)} answers from the cache · ${num(r.durationSeconds, 1)} s`),
  ];
}

function hygiene(r) {
  const h = r.judgeHygiene ?? {};
  const rev = r.revision ?? {};
  const item = (label, value) => el('div', {}, el('dt', {}, label), el('dd', {}, value));
  return el('dl', { class: 'kv' },
    item('Revised', `${plural(rev.revised ?? 0, 'dialogue')}, ${num(rev.savedByRevision)} accepted thanks to revision`),
    item('Masked turns', num(r.maskedTurns)),
    h.consistency ? item('Judge consistency', h.consistency.dialogues
      ? `${pct(100 * (h.consistency.withinOneAgreement ?? 0), 100)} within one point over ${num(h.consistency.dialogues)} re-judged`
      : 'no re-judged dialogues') : null,
    h.lengthBias ? item('Length bias', `Spearman ${num(h.lengthBias.spearman, 2)}`) : null,
    h.human ? item('People vs judge', h.human.reviews
      ? `${num(h.human.reviews)} reviews · Spearman ${num(h.human.spearman, 2)} · κ ${num(h.human.cohensKappa, 2)}`
        + (h.human.suggestedThreshold ? ` · suggested threshold ${num(h.human.suggestedThreshold, 2)}` : '')
      : 'no reviews yet') : null);
}
