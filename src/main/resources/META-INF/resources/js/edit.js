// A person's edit of a dialogue: the text of each user and assistant message in a field, everything else
// (an answer's tool calls, the tools' results) kept as the dialogue has it and sent back unchanged. The run's
// gates check the edit on the server; a refusal is shown with the gate that refused it.

import { api } from './api.js';
import { el, replace } from './dom.js';

/** An Edit button that opens the form under it; onSaved is called once an edit is stored. */
export function editor(runId, item, onSaved) {
  const box = el('div', { class: 'edit', id: 'dialogue-edit' });
  const turns = item.dialogue?.turns ?? [];
  if (!turns.length || !['accepted', 'rejected'].includes(item.state)) return box;
  const open = () => {
    const fields = turns.map((turn, i) => turn.role === 'tool' ? null
      : el('textarea', { class: 'edit-text', id: `edit-turn-${i + 1}`, rows: 3, value: turn.content ?? '' }));
    const result = el('p', { class: 'small', id: 'edit-result', 'aria-live': 'polite' });
    const form = el('form', { class: 'edit-form' },
      turns.map((turn, i) => el('label', { class: 'field', dataset: { turn: i + 1 } },
        el('span', { class: 'small muted' }, `#${i + 1} ${turn.role === 'tool' ? 'tool result (kept)' : turn.role}`,
          turn.toolCalls?.length ? ` · calls ${turn.toolCalls.map((c) => c.name).join(', ')} (kept)` : ''),
        fields[i] ?? el('pre', { class: 'tool-result-text small muted' }, turn.content))),
      el('div', { class: 'edit-actions' },
        el('button', { type: 'submit', class: 'button small', id: 'edit-save' }, 'Save edit'),
        el('button', { type: 'button', class: 'button small', id: 'edit-cancel', onclick: close }, 'Cancel')),
      result);
    form.onsubmit = async (e) => {
      e.preventDefault();
      replace(result, 'saving…');
      try {
        await api.edit(runId, item.seq, turns.map((turn, i) => message(turn, fields[i]?.value)));
        onSaved();
      } catch (err) {
        result.classList.add('error-text');
        replace(result, `not saved: ${err.message}`);
      }
    };
    replace(box, form);
  };
  function close() {
    replace(box, el('button', { type: 'button', class: 'button small', id: 'edit-open', onclick: open }, 'Edit'));
  }
  close();
  return box;
}

/** A turn as the edit body takes it: its text (the person's, when they could change it) and its tool fields. */
function message(turn, text) {
  const m = { role: turn.role, content: text ?? turn.content ?? '' };
  if (turn.toolCalls?.length) m.toolCalls = turn.toolCalls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args }));
  if (turn.toolCallId !== undefined && turn.toolCallId !== null) m.toolCallId = turn.toolCallId;
  return m;
}
