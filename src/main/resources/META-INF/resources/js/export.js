// Export: choose training formats and a split, and download the package (training files, card,
// charts, report and manifest) as one zip.

import { api } from './api.js';
import { el, replace, plural } from './dom.js';
import { runHeader, errorPanel } from './run-nav.js';

const FORMATS = [
  ['openai', 'OpenAI chat', 'JSONL for OpenAI fine-tuning, with per-turn weights'],
  ['trl', 'TRL', 'JSONL with messages, for Hugging Face TRL'],
  ['sharegpt', 'ShareGPT', 'JSONL conversations, for LLaMA-Factory and Axolotl'],
  ['alpaca', 'Alpaca', 'instruction / input / output JSONL'],
  ['parquet', 'Parquet', 'one table, for the Hugging Face Hub'],
];
// Preference pairs from revisions: a rewritten turn against the one it replaced, with the same history.
const PREFERENCE_FORMATS = [
  ['dpo', 'TRL DPO / ORPO', 'prompt, chosen and rejected as messages; JSONL and Parquet'],
  ['kto', 'TRL KTO', 'prompt and completion with a true / false label; JSONL and Parquet'],
  ['openai-preference', 'OpenAI preference', 'input messages, preferred and non-preferred output'],
];
const SPLITS = [
  ['1', 'all in train'],
  ['0.9,0.1', 'train 90 % · validation 10 %'],
  ['0.8,0.1,0.1', 'train 80 % · validation 10 % · test 10 %'],
];

export function render(root, { id }) {
  let stopped = false;
  const header = el('div');
  const form = el('form', { class: 'panel export-form', id: 'export-form' });
  replace(root, header, form);
  load();
  return () => { stopped = true; };

  async function load() {
    try {
      const report = await api.run(id);
      if (stopped) return;
      replace(header, runHeader(id, 'export', report));
      show(report);
    } catch (e) {
      if (!stopped) replace(root, runHeader(id, 'export'), errorPanel(e));
    }
  }

  function show(report) {
    const accepted = report.counts?.accepted ?? 0;
    const margin = el('input', { type: 'text', name: 'min-margin', id: 'min-margin', placeholder: 'recipe’s (1.0)', class: 'split-input', inputmode: 'decimal' });
    const custom = el('input', { type: 'text', name: 'custom-split', id: 'custom-split', placeholder: 'e.g. 0.7,0.2,0.1', class: 'split-input' });
    const link = el('a', { class: 'button primary', id: 'download', download: '' }, 'Download zip');
    const url = el('code', { class: 'small', id: 'export-url' });
    const problem = el('p', { class: 'error-text', id: 'export-problem' });
    const saved = el('p', { class: 'ok-text', id: 'export-done' });

    const update = () => {
      const data = new FormData(form);
      const formats = data.getAll('format');
      const split = data.get('split') === 'custom' ? custom.value.trim() : data.get('split');
      const minMargin = margin.value.trim() || undefined;
      const href = api.exportUrl(id, formats, split, minMargin);
      link.setAttribute('href', href);
      url.textContent = decodeURIComponent(href);
      const bad = formats.length === 0 ? 'Choose at least one format.'
        : split && !/^\d*\.?\d+(,\d*\.?\d+){0,2}$/.test(split) ? 'A split is one to three shares, such as 0.9,0.1.'
          : minMargin && !/^\d*\.?\d+$/.test(minMargin) ? 'The margin is a number from 0 up, such as 1.5.' : '';
      problem.textContent = bad;
      link.classList.toggle('disabled', Boolean(bad));
      link.setAttribute('aria-disabled', bad ? 'true' : 'false');
    };

    replace(form,
      el('h1', {}, 'Export'),
      report.notice ? el('p', { class: 'notice' }, report.notice) : null,
      el('p', { id: 'export-summary' }, plural(accepted, 'accepted dialogue'),
        report.status === 'running' ? ' so far (the run is still going)' : '', '.'),
      el('fieldset', {}, el('legend', {}, 'Formats'), FORMATS.map(([value, label, note], i) => el('label', { class: 'check' },
        el('input', { type: 'checkbox', name: 'format', value, checked: i === 0 }),
        el('span', {}, el('strong', {}, label), el('span', { class: 'small muted' }, ` — ${note}`))))),
      el('fieldset', {}, el('legend', {}, 'Preference pairs'), PREFERENCE_FORMATS.map(([value, label, note]) => el('label', { class: 'check' },
        el('input', { type: 'checkbox', name: 'format', value }),
        el('span', {}, el('strong', {}, label), el('span', { class: 'small muted' }, ` — ${note}`)))),
        el('label', { class: 'check' }, el('span', {}, 'minimum margin (judge points): '), margin)),
      el('fieldset', {}, el('legend', {}, 'Split'), SPLITS.map(([value, label], i) => el('label', { class: 'check' },
        el('input', { type: 'radio', name: 'split', value, checked: i === 1 }), el('span', {}, label))),
        el('label', { class: 'check' }, el('input', { type: 'radio', name: 'split', value: 'custom' }), el('span', {}, 'shares: '), custom)),
      el('p', { class: 'small muted' }, 'Splits keep each plan cell spread across them and near duplicates together. The zip holds the training files per format and split, provenance, a dataset card (README.md), charts, report.json and manifest.json.'),
      el('div', { class: 'actions-row' }, link, url),
      problem, saved);
    form.addEventListener('input', update);
    form.addEventListener('change', update);
    // Fetched first, so that a refused export (say, shares that do not add up) shows its problem
    // here instead of being saved as a file.
    link.addEventListener('click', async (e) => {
      e.preventDefault();
      if (link.classList.contains('disabled') || link.getAttribute('aria-busy') === 'true') return;
      link.setAttribute('aria-busy', 'true');
      problem.textContent = '';
      try {
        const { blob, fileName } = await api.download(link.getAttribute('href'));
        const save = el('a', { href: URL.createObjectURL(blob), download: fileName });
        document.body.appendChild(save);
        save.click();
        save.remove();
        setTimeout(() => URL.revokeObjectURL(save.href), 60_000);
        problem.textContent = '';
        replace(saved, `Downloaded ${fileName}.`);
      } catch (err) {
        problem.textContent = err.message;
      } finally {
        link.removeAttribute('aria-busy');
      }
    });
    update();
  }
}
