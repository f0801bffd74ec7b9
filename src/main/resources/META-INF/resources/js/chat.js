// A dialogue as a chat: one bubble per turn, with the judge's score and reason on assistant turns, the
// model's reasoning collapsed above its answer, the tools an answer calls under it and each tool's result
// as a compact block naming its call and, against an earlier version, the changed turns highlighted with
// a word diff.

import { el, num } from './dom.js';

/**
 * The chat view of a dialogue. verdict: the judge's verdict for this version (per-turn scores by
 * 1-based position, masked turns); previous: the earlier version's dialogue to compare with.
 */
export function chat(dialogue, verdict, previous) {
  const turns = dialogue?.turns ?? [];
  if (!turns.length) return el('p', { class: 'muted' }, 'Not written yet.');
  const byTurn = new Map((verdict?.turns ?? []).map((t) => [t.turn, t]));
  const masked = new Set(verdict?.maskedTurns ?? []);
  const before = previous?.turns;
  const calls = new Map(turns.flatMap((t) => t.toolCalls ?? []).map((c) => [c.id, c]));
  return el('ol', { class: 'chat' }, turns.map((turn, i) => {
    const position = i + 1;
    const score = byTurn.get(position);
    const old = before ? before[i] : undefined;
    const changed = before !== undefined && (old === undefined || old.content !== turn.content || old.role !== turn.role
      || JSON.stringify(old.toolCalls ?? []) !== JSON.stringify(turn.toolCalls ?? []));
    if (turn.role === 'tool') return toolResult(turn, position, calls.get(turn.toolCallId), changed, old);
    const classes = ['turn', `turn-${turn.role === 'user' ? 'user' : 'assistant'}`];
    if (changed) classes.push('changed');
    if (masked.has(position)) classes.push('masked');
    return el('li', { class: classes.join(' '), dataset: { turn: position, role: turn.role } },
      el('div', { class: 'turn-meta' },
        el('span', { class: 'role' }, turn.role),
        el('span', { class: 'muted' }, `#${position}`),
        changed ? el('span', { class: 'tag tag-changed' }, old === undefined ? 'new' : 'changed') : null,
        masked.has(position) ? el('span', { class: 'tag tag-masked', title: 'scored under the turn floor: weight 0 in training files' }, 'masked') : null,
        score ? el('span', { class: `score score-${score.score}`, title: 'judge score for this turn' }, `${score.score}/5`) : null),
      reasoning(turn),
      turn.content || !turn.toolCalls?.length
        ? el('div', { class: 'bubble' }, changed && old ? wordDiff(old.content, turn.content) : turn.content) : null,
      toolCalls(turn),
      score?.reason ? el('div', { class: 'turn-reason small' }, score.reason) : null);
  }),
  before && before.length > turns.length
    ? el('li', { class: 'turn removed muted small' }, `${before.length - turns.length} turn(s) of the earlier version removed`) : null);
}

/**
 * The reasoning the model returned before an assistant turn, collapsed: it is not part of what the user
 * saw, and goes into training files only when an export asks for it. Model output, so text only.
 */
function reasoning(turn) {
  if (!turn.reasoning) return null;
  return el('details', { class: 'reasoning' },
    el('summary', { class: 'small muted' }, `reasoning (${turn.reasoning.length} characters)`),
    el('div', { class: 'reasoning-text small' }, turn.reasoning));
}

/** The tools an assistant turn calls: each call's name and its arguments as pretty JSON, as text. */
function toolCalls(turn) {
  if (!turn.toolCalls?.length) return null;
  return el('ul', { class: 'tool-calls' }, turn.toolCalls.map((call) => el('li', { class: 'tool-call', dataset: { callId: call.id } },
    el('div', { class: 'tool-call-head small' }, el('span', { class: 'muted' }, 'calls '), el('code', { class: 'tool-name' }, call.name)),
    el('pre', { class: 'tool-arguments' }, prettyJson(call.arguments)))));
}

/**
 * A tool's result: not something anyone said, so a compact block under the conversation's flow, naming the
 * call it answers (by the call's tool, or its id when no call in the dialogue has it).
 */
function toolResult(turn, position, call, changed, old) {
  const classes = ['turn', 'turn-tool'];
  if (changed) classes.push('changed');
  return el('li', { class: classes.join(' '), dataset: { turn: position, role: turn.role, callId: turn.toolCallId ?? '' } },
    el('div', { class: 'tool-result small' },
      el('div', { class: 'turn-meta' },
        el('span', { class: 'role' }, 'tool result'),
        call ? el('code', { class: 'tool-name' }, call.name)
          : el('span', { class: 'tag tag-unanswered', title: 'no call in this dialogue has this id' }, `call ${turn.toolCallId ?? '?'}`),
        el('span', { class: 'muted' }, `#${position}`),
        changed ? el('span', { class: 'tag tag-changed' }, old === undefined ? 'new' : 'changed') : null),
      el('pre', { class: 'tool-result-text' }, prettyJson(turn.content))));
}

/** JSON text indented for reading; text that is not JSON as it is. */
function prettyJson(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text ?? '';
  }
}

/** The judge's scores per criterion, with reasons. */
export function criteria(verdict) {
  if (!verdict) return el('p', { class: 'muted' }, 'Not judged yet.');
  return el('div', { class: 'verdict' },
    verdict.summary ? el('p', { class: 'verdict-summary' }, verdict.summary) : null,
    el('table', { class: 'table compact criteria' },
      el('tbody', {}, (verdict.scores ?? []).map((s) => el('tr', { dataset: { criterion: s.criterion } },
        el('th', {}, s.criterion),
        el('td', {}, el('span', { class: `score score-${s.score}` }, `${s.score}/5`)),
        el('td', { class: 'small' }, s.reason))))),
    el('p', { class: 'small muted' }, `weighted mean ${num(verdict.meanScore, 2)} · ${verdict.accepted ? 'accepted' : 'not accepted'} by the judge`,
      verdict.belowFloor?.length ? ` · under the floor: ${verdict.belowFloor.join(', ')}` : ''));
}

/**
 * Words removed (del) and added (ins) between two texts, by longest common subsequence of words
 * (each with its following space); each run of changes shows the removed words, then the added ones.
 */
export function wordDiff(before, after) {
  const a = before.split(/(?<=\s)/);
  const b = after.split(/(?<=\s)/);
  if (a.length * b.length > 250_000) return after;
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out = [];
  let removed = '';
  let added = '';
  const flush = () => {
    if (removed) out.push(el('del', {}, removed));
    if (removed && added && !/\s$/.test(removed)) out.push(' ');
    if (added) out.push(el('ins', {}, added));
    removed = '';
    added = '';
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      flush();
      out.push(a[i]);
      i++;
      j++;
    } else if (j < b.length && (i === a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
      added += b[j++];
    } else {
      removed += a[i++];
    }
  }
  flush();
  return out;
}
