// New run (#/new, or #/new?recipe=<name> to open one): pick a recipe or edit its YAML; the server validates as you type (errors shown next to
// the YAML, each with the line of its field) and previews the plan's coverage before you start.

import { api, ApiError } from './api.js';
import { el, replace, num, plural } from './dom.js';
import { barList, heatGrid } from './charts.js';

const VALIDATE_DELAY_MS = 350;

export function render(root, { query = {} } = {}) {
  let timer = null;
  let generation = 0;
  let valid = false;
  let chosen = query.recipe;

  const picker = el('ul', { class: 'recipe-list', id: 'recipe-list' });
  const yaml = el('textarea', { id: 'recipe-yaml', class: 'code', spellcheck: 'false', rows: 18, wrap: 'off',
    'aria-label': 'Recipe YAML', placeholder: 'Pick a recipe on the left, or paste a recipe here.' });
  const count = el('input', { id: 'run-count', type: 'number', min: 1, step: 1, class: 'count-input', 'aria-label': 'Dialogues' });
  const countError = el('div', { class: 'field-error', id: 'count-error' });
  const status = el('div', { class: 'validation-status', id: 'validation-status' });
  const errors = el('ul', { class: 'field-errors', id: 'recipe-errors' });
  const preview = el('div', { class: 'plan-preview', id: 'plan-preview' });
  const start = el('button', { class: 'button primary', id: 'start-run', type: 'button', disabled: true }, 'Start run');
  const save = el('button', { class: 'button', id: 'save-recipe', type: 'button', disabled: true }, 'Save recipe');
  const saved = el('span', { class: 'muted small', id: 'save-status' });

  replace(root,
    el('div', { class: 'new-run' },
      el('section', { class: 'panel recipes-panel' }, el('h2', {}, 'Recipes'), picker),
      el('section', { class: 'panel editor-panel' },
        el('div', { class: 'panel-head' }, el('h1', {}, 'New run'), status),
        el('div', { class: 'editor' },
          el('div', { class: 'editor-main' }, yaml),
          el('aside', { class: 'editor-side' },
            el('label', { class: 'field' }, el('span', {}, 'Dialogues to plan'), count, countError),
            el('h3', {}, 'Problems'), errors)),
        el('div', { class: 'actions-row' }, start, save, saved)),
      el('section', { class: 'panel preview-panel' }, el('h2', {}, 'Plan coverage'), preview)));

  yaml.addEventListener('input', () => schedule());
  count.addEventListener('input', () => {
    const n = Number(count.value);
    if (Number.isInteger(n) && n > 0) {
      yaml.value = withCount(yaml.value, n);
      schedule();
    }
  });
  start.addEventListener('click', startRun);
  save.addEventListener('click', saveRecipe);

  loadRecipes();
  if (query.recipe) pick(query.recipe);
  return () => clearTimeout(timer);

  async function loadRecipes() {
    try {
      const page = await api.recipes(0, 100);
      if (page.items.length === 0) {
        replace(picker, el('li', { class: 'muted' }, 'No recipes in the recipes folder.'));
        return;
      }
      replace(picker, page.items.map((r) => el('li', {},
        el('button', { type: 'button', class: 'recipe-card', dataset: { recipe: r.name }, onclick: () => pick(r.name) },
          el('span', { class: 'strong' }, r.name),
          el('span', { class: 'small' }, r.description ?? ''),
          el('span', { class: 'muted small' }, `${r.language} · ${plural(r.count, 'dialogue')} · ${r.mode ?? 'whole'}`)))));
      markChosen();
    } catch (e) {
      replace(picker, el('li', { class: 'error-text' }, e.message));
    }
  }

  function markChosen() {
    picker.querySelectorAll('.recipe-card').forEach((b) => b.classList.toggle('active', b.dataset.recipe === chosen));
  }

  async function pick(name) {
    chosen = name;
    markChosen();
    try {
      const recipe = await api.recipe(name);
      yaml.value = recipe.yaml;
      count.value = recipe.recipe?.count ?? '';
      saved.textContent = '';
      validate();
    } catch (e) {
      showProblems(e);
    }
  }

  function schedule() {
    valid = false;
    start.disabled = true;
    replace(status, el('span', { class: 'muted' }, 'Checking…'));
    clearTimeout(timer);
    timer = setTimeout(validate, VALIDATE_DELAY_MS);
  }

  async function validate() {
    clearTimeout(timer);
    const mine = ++generation;
    if (!yaml.value.trim()) {
      showProblems(null);
      replace(status);
      replace(preview, el('p', { class: 'muted' }, 'The plan appears here once the recipe is valid.'));
      return;
    }
    try {
      const result = await api.validate(yaml.value);
      if (mine !== generation) return;
      valid = true;
      showProblems(null);
      if (document.activeElement !== count) count.value = result.recipe?.count ?? count.value;
      replace(status, el('span', { class: 'ok-text', id: 'valid-mark' }, '✓ Valid recipe'));
      showPlan(result.plan, result.recipe?.dimensions ?? {});
    } catch (e) {
      if (mine !== generation) return;
      valid = false;
      showProblems(e);
      replace(preview, el('p', { class: 'muted' }, 'Fix the problems to see the plan.'));
    }
    start.disabled = !valid;
    save.disabled = !valid;
  }

  function showProblems(error) {
    replace(countError);
    yaml.classList.toggle('invalid', Boolean(error));
    if (!error) {
      replace(errors, el('li', { class: 'muted' }, 'None.'));
      return;
    }
    replace(status, el('span', { class: 'error-text' }, error.title ?? 'Invalid'));
    const list = error instanceof ApiError && error.errors.length ? error.errors : [{ field: '', message: error.message }];
    replace(errors, list.map((problem) => {
      const line = lineOf(yaml.value, problem.field);
      if (problem.field === 'count') countError.textContent = problem.message;
      return el('li', { class: 'field-error-item', dataset: { field: problem.field ?? '' } },
        problem.field ? el('code', {}, problem.field) : null,
        line ? el('button', { type: 'button', class: 'link small', onclick: () => selectLine(yaml, line) }, `line ${line}`) : null,
        el('div', {}, problem.message));
    }));
  }

  /** The plan's dialogues per dimension value, every value of the recipe shown, unplanned ones at 0. */
  function showPlan(plan, dimensions) {
    if (!plan || !Array.isArray(plan.cells)) {
      replace(preview, el('p', { class: 'muted' }, 'No plan preview available.'));
      return;
    }
    const dims = Object.keys(plan.cells[0]?.cell ?? {});
    const byValue = dims.map((dim) => {
      const totals = new Map((dimensions[dim] ?? []).map((v) => [v, 0]));
      for (const c of plan.cells) totals.set(c.cell[dim], (totals.get(c.cell[dim]) ?? 0) + c.dialogues);
      return el('div', { class: 'chart-block' }, el('h3', {}, dim),
        barList([...totals].map(([label, value]) => ({ label, value }))));
    });
    replace(preview,
      el('p', { id: 'plan-summary', class: 'strong' },
        `${plural(plan.total, 'dialogue')} over ${plural(plan.cells.length, 'cell')}`),
      dims.length >= 2 ? el('div', { class: 'chart-block' }, el('h3', {}, `${dims[0]} × ${dims[1]}`),
        heatGrid(plan.cells, dims[0], dims[1], (c) => c.dialogues, null, dimensions)) : null,
      el('div', { class: 'chart-row' }, byValue));
  }

  async function startRun() {
    start.disabled = true;
    try {
      const run = await api.start(yaml.value);
      location.hash = `#/runs/${encodeURIComponent(run.id)}`;
    } catch (e) {
      showProblems(e);
      start.disabled = false;
    }
  }

  async function saveRecipe() {
    const name = (yaml.value.match(/^name:\s*["']?([^"'\n#]+?)["']?\s*(#.*)?$/m) ?? [])[1];
    if (!name) return;
    try {
      await api.saveRecipe(name, yaml.value);
      saved.textContent = `Saved as ${name}.`;
      loadRecipes();
    } catch (e) {
      showProblems(e);
    }
  }
}

/** The YAML with its top-level count set to n (added after the name when missing). */
export function withCount(text, n) {
  if (/^count:.*$/m.test(text)) return text.replace(/^count:.*$/m, `count: ${n}`);
  if (/^name:.*$/m.test(text)) return text.replace(/^(name:.*)$/m, `$1\ncount: ${n}`);
  return `count: ${n}\n${text}`;
}

/**
 * The 1-based line where a field path such as `dimensions.topic` or `judge.rubric[1].name` is
 * written, found by walking the keys by indentation; null when it cannot be found.
 */
export function lineOf(text, field) {
  if (!field) return null;
  const keys = field.split('.').map((k) => k.replace(/\[\d+\]/g, '')).filter(Boolean);
  const lines = text.split('\n');
  let from = 0;
  let indent = -1;
  let found = null;
  for (const key of keys) {
    const pattern = new RegExp(`^(\\s*)(- )?["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*:`);
    let hit = null;
    for (let i = from; i < lines.length; i++) {
      const m = lines[i].match(pattern);
      const lineIndent = lines[i].search(/\S/);
      if (found !== null && lineIndent >= 0 && lineIndent <= indent && !m) break;
      if (m && m[1].length > indent) {
        hit = i;
        indent = m[1].length + (m[2] ? 2 : 0);
        break;
      }
    }
    if (hit === null) return found;
    found = hit + 1;
    from = hit + 1;
  }
  return found;
}

function selectLine(textarea, line) {
  const lines = textarea.value.split('\n');
  const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  textarea.focus();
  textarea.setSelectionRange(start, start + lines[line - 1].length);
  const lineHeight = textarea.scrollHeight / Math.max(lines.length, 1);
  textarea.scrollTop = Math.max(0, (line - 3) * lineHeight);
}
