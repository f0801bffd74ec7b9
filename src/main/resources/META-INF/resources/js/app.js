// Hash routing: each page is a module whose render(root, params) draws it and returns a function
// that stops whatever the page keeps running (event streams, timers, key handlers).

import { el, replace } from './dom.js';
import * as runs from './runs.js';
import * as newRun from './new-run.js';
import * as dashboard from './dashboard.js';
import * as dialogues from './dialogues.js';
import * as review from './review.js';
import * as exporting from './export.js';

const routes = [
  [/^\/?$/, runs, () => ({})],
  [/^\/runs$/, runs, () => ({})],
  [/^\/new$/, newRun, () => ({})],
  [/^\/runs\/([^/]+)$/, dashboard, (m) => ({ id: m[1] })],
  [/^\/runs\/([^/]+)\/dialogues$/, dialogues, (m) => ({ id: m[1] })],
  [/^\/runs\/([^/]+)\/dialogues\/(\d+)$/, dialogues, (m) => ({ id: m[1], seq: Number(m[2]) })],
  [/^\/runs\/([^/]+)\/review$/, review, (m) => ({ id: m[1] })],
  [/^\/runs\/([^/]+)\/export$/, exporting, (m) => ({ id: m[1] })],
];

const root = document.getElementById('view');
let stop = () => {};

function route() {
  const [rawPath, search = ''] = location.hash.replace(/^#/, '').split('?');
  const path = decodeURIComponent(rawPath);
  stop();
  stop = () => {};
  for (const [pattern, page, params] of routes) {
    const match = path.match(pattern);
    if (match) {
      const query = Object.fromEntries(new URLSearchParams(search));
      document.querySelectorAll('[data-nav]').forEach((a) =>
        a.classList.toggle('active', a.dataset.nav === (page === newRun ? 'new' : 'runs')));
      replace(root);
      stop = page.render(root, { ...params(match), query }) ?? (() => {});
      return;
    }
  }
  replace(root, el('section', { class: 'panel' }, el('h1', {}, 'Not found'),
    el('p', {}, 'No page at ', el('code', {}, path), '. ', el('a', { href: '#/' }, 'Back to the runs'), '.')));
}

window.addEventListener('hashchange', route);
route();
