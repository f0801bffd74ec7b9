// The JSON REST API under /api. Errors arrive as problem+json; they are thrown as ApiError with
// the problem's title, detail and failing fields.

/** A failed API call: status, title, detail and the field errors of a problem+json answer. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.title = problem.title || `HTTP ${status}`;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
  }
}

async function call(method, path, body) {
  const init = { method, headers: { Accept: 'application/json, application/problem+json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { detail: text.slice(0, 300) };
  }
  if (!response.ok) throw new ApiError(response.status, data ?? {});
  return data;
}

/** Fetches a file: its body as a Blob and the name the server gives it; problems are thrown as ApiError. */
async function download(path) {
  const response = await fetch(path);
  if (!response.ok) {
    let problem = {};
    try {
      problem = await response.json();
    } catch {
      // not problem+json: the status says enough
    }
    throw new ApiError(response.status, problem);
  }
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const fileName = (disposition.match(/filename="?([^";]+)"?/) ?? [])[1] ?? 'export.zip';
  return { blob: await response.blob(), fileName };
}

/** Builds a query string from the defined, non-empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') q.set(key, String(value));
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

const enc = encodeURIComponent;

export const api = {
  recipes: (offset = 0, limit = 100) => call('GET', `/api/recipes${query({ offset, limit })}`),
  recipe: (name) => call('GET', `/api/recipes/${enc(name)}`),
  validate: (yaml) => call('POST', '/api/recipes/validate', { yaml }),
  saveRecipe: (name, yaml) => call('PUT', `/api/recipes/${enc(name)}`, { yaml }),
  runs: (offset = 0, limit = 50) => call('GET', `/api/runs${query({ offset, limit })}`),
  start: (yaml) => call('POST', '/api/runs', { yaml }),
  run: (id) => call('GET', `/api/runs/${enc(id)}`),
  cancel: (id) => call('POST', `/api/runs/${enc(id)}/cancel`),
  resume: (id) => call('POST', `/api/runs/${enc(id)}/resume`),
  remove: (id) => call('DELETE', `/api/runs/${enc(id)}`),
  dialogues: (id, filters) => call('GET', `/api/runs/${enc(id)}/dialogues${query(filters)}`),
  dialogue: (id, seq) => call('GET', `/api/runs/${enc(id)}/dialogues/${enc(seq)}`),
  decideAll: (id, filters, body) => call('POST', `/api/runs/${enc(id)}/dialogues/decide${query(filters)}`, body),
  addTag: (id, seq, tag) => call('POST', `/api/runs/${enc(id)}/dialogues/${enc(seq)}/tags`, { tag }),
  removeTag: (id, seq, tag) => call('DELETE', `/api/runs/${enc(id)}/dialogues/${enc(seq)}/tags${query({ tag })}`),
  reviewer: () => call('GET', '/api/runs/reviewer'),
  review: (id, seq, review) => call('POST', `/api/runs/${enc(id)}/dialogues/${enc(seq)}/review`, review),
  edit: (id, seq, messages) => call('POST', `/api/runs/${enc(id)}/dialogues/${enc(seq)}/edit`, { messages }),
  download,
  exportUrl: (id, formats, split, minMargin) => `/api/runs/${enc(id)}/export.zip${query({ format: formats.join(','), split, minMargin })}`,
};

/**
 * Follows a run's progress over server-sent events. onProgress gets each `progress` event's data
 * (its `stale` says the run is marked running but no worker reports on it); onStale, when given,
 * gets the `stale` event's data ({runId, status, heartbeat}) when the run is found so; onEnd is
 * called once when the stream says `end` (the run stopped). Returns a function that closes the stream.
 */
export function follow(id, onProgress, onEnd, onStale) {
  const source = new EventSource(`/api/runs/${enc(id)}/events`);
  let ended = false;
  const finish = () => {
    if (ended) return;
    ended = true;
    source.close();
    onEnd?.();
  };
  const listen = (name, handle) => source.addEventListener(name, (e) => {
    try {
      handle(JSON.parse(e.data));
    } catch (err) {
      console.warn(`unreadable ${name} event`, err);
    }
  });
  listen('progress', onProgress);
  if (onStale) listen('stale', onStale);
  source.addEventListener('end', finish);
  // A closed stream (run gone, server restarted) is reported as ended rather than retried forever.
  source.onerror = () => {
    if (source.readyState === EventSource.CLOSED) finish();
  };
  return () => {
    ended = true;
    source.close();
  };
}
