// The console's pages: one hash route per page, data from the console's JSON API (/api/...) and the Step Functions
// actions it passes through (/api/sfn/<Action>). Every value is put into the page as text, never as markup.
import { renderGraph, stateStatuses } from './graph.js';

const POLL_MS = 1000;
const main = document.getElementById('main');
let routeSerial = 0; // a page's timers stop once another route is shown

// ------------------------------------------------------------------ helpers

function el(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') element.className = value;
    else if (key === 'dataset') Object.assign(element.dataset, value);
    else if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** An error the API answered, with its code and reason. */
class ApiError extends Error {
  constructor(code, message, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

async function request(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError('ConsoleUnreachable', `The console server did not answer ${method} ${path}: ${e.message}`, 0);
  }
  let json;
  try {
    json = await response.json();
  } catch (e) {
    throw new ApiError('BadAnswer', `${method} ${path} answered HTTP ${response.status} without JSON`, response.status);
  }
  if (!response.ok) {
    const code = json.error || (json.__type || '').split('#').pop() || `HTTP ${response.status}`;
    throw new ApiError(code, json.message || json.Message || JSON.stringify(json), response.status);
  }
  return json;
}

const api = {
  get: (path) => request('GET', `/api${path}`),
  post: (path, body) => request('POST', `/api${path}`, body),
  sfn: (action, body = {}) => request('POST', `/api/sfn/${action}`, body),
};

function showError(error) {
  const box = document.getElementById('error');
  document.getElementById('error-code').textContent = error.code ? `${error.code}:` : 'Error:';
  document.getElementById('error-message').textContent = error.message;
  box.hidden = false;
}

function clearError() {
  document.getElementById('error').hidden = true;
}

function time(epochSeconds) {
  if (epochSeconds === undefined || epochSeconds === null) return '';
  const date = typeof epochSeconds === 'number' ? new Date(epochSeconds * 1000) : new Date(epochSeconds);
  return Number.isNaN(date.getTime()) ? String(epochSeconds) : date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

function pretty(text) {
  if (text === undefined || text === null) return '';
  try {
    return JSON.stringify(typeof text === 'string' ? JSON.parse(text) : text, null, 2);
  } catch (e) {
    return String(text);
  }
}

function statusBadge(status, id) {
  return el('span', { class: `status ${status}`, id }, status);
}

function machineName(arn) {
  return (arn || '').split(':').pop();
}

function executionLink(arn, label) {
  return el('a', { href: `#/execution/${encodeURIComponent(arn)}` }, label || arn.split(':').slice(-2).join(':'));
}

async function allPages(action, body, listKey, limit = 20) {
  const items = [];
  let nextToken;
  for (let page = 0; page < limit; page++) {
    const answer = await api.sfn(action, nextToken ? { ...body, nextToken } : body);
    items.push(...(answer[listKey] || []));
    nextToken = answer.nextToken;
    if (!nextToken) break;
  }
  return items;
}

function every(ms, serial, task) {
  const tick = async () => {
    if (serial !== routeSerial) return;
    try {
      const again = await task();
      if (again === false) return;
    } catch (e) {
      showError(e);
    }
    if (serial === routeSerial) setTimeout(tick, ms);
  };
  setTimeout(tick, ms);
}

function table(headers, rows, attrs = {}) {
  return el('table', attrs,
    el('thead', {}, el('tr', {}, headers.map(h => typeof h === 'string' ? el('th', {}, h) : el('th', h.attrs, h.label)))),
    el('tbody', {}, rows));
}

// ------------------------------------------------------------------ state machines and starting an execution

async function machinesPage(serial, params) {
  const [machines, events] = await Promise.all([allPages('ListStateMachines', { maxResults: 100 }, 'stateMachines'),
    api.get('/events')]);
  if (serial !== routeSerial) return;
  const selected = params.get('start');
  const rows = machines.map(m => el('tr', { dataset: { machine: m.name }, class: m.stateMachineArn === selected ? 'selected' : '' },
    el('td', {}, el('strong', {}, m.name), el('div', { class: 'muted mono' }, m.stateMachineArn)),
    el('td', {}, m.type || 'STANDARD'),
    el('td', {}, time(m.creationDate)),
    el('td', {},
      el('button', { type: 'button', class: 'start', onclick: () => { location.hash = `#/machines?start=${encodeURIComponent(m.stateMachineArn)}`; } }, 'Start execution'), ' ',
      el('a', { href: `#/executions?machine=${encodeURIComponent(m.stateMachineArn)}` }, 'Executions'), ' ',
      el('a', { href: `#/machine/${encodeURIComponent(m.stateMachineArn)}` }, 'Graph'))));
  main.replaceChildren(el('h2', {}, 'State machines'),
    machines.length ? table(['Name', 'Type', 'Created', ''], rows, { id: 'machines' })
      : el('p', { class: 'muted' }, 'No state machines: the runtime has none registered.'));
  const machine = machines.find(m => m.stateMachineArn === selected);
  if (machine) main.append(startForm(machine, events));
}

function startForm(machine, events) {
  const input = el('textarea', { id: 'input', spellcheck: 'false', 'aria-label': 'execution input (JSON)' }, '{}');
  const inputError = el('div', { id: 'input-error', class: 'field-error', role: 'status' });
  const name = el('input', { type: 'text', id: 'execution-name', placeholder: 'name (optional)', size: 40 });
  const names = (events.events || []).map(e => e.name);
  // samples named after the machine first (promote-artifact-*.json for promote-artifact)
  names.sort((a, b) => Number(!a.startsWith(machine.name)) - Number(!b.startsWith(machine.name)) || a.localeCompare(b));
  const select = el('select', { id: 'event-select', 'aria-label': 'sample input' },
    el('option', { value: '' }, names.length ? 'Prefill from events/…' : (events.reason || 'No sample events')),
    names.map(n => el('option', { value: n }, n)));
  select.addEventListener('change', async () => {
    if (!select.value) return;
    try {
      const sample = await api.get(`/events/${encodeURIComponent(select.value)}`);
      input.value = sample.text;
      validate();
    } catch (e) {
      showError(e);
    }
  });
  const validate = () => {
    try {
      JSON.parse(input.value);
      inputError.textContent = '';
      input.classList.remove('invalid');
      return true;
    } catch (e) {
      inputError.textContent = `The input is not valid JSON: ${e.message}`;
      input.classList.add('invalid');
      return false;
    }
  };
  input.addEventListener('input', () => { if (inputError.textContent) validate(); });
  const start = el('button', { type: 'submit', id: 'start-button' }, 'Start');
  const form = el('form', { class: 'panel', id: 'start-form' },
    el('h3', {}, `Start an execution of ${machine.name}`),
    el('div', { class: 'row' }, select, name),
    input, inputError,
    el('div', { class: 'row' }, start));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearError();
    if (!validate()) return;
    const body = { stateMachineArn: machine.stateMachineArn, input: input.value };
    if (name.value.trim()) body.name = name.value.trim();
    start.disabled = true;
    try {
      const started = await api.sfn('StartExecution', body);
      location.hash = `#/execution/${encodeURIComponent(started.executionArn)}`;
    } catch (e) {
      showError(e);
    } finally {
      start.disabled = false;
    }
  });
  return form;
}

async function machinePage(serial, arn) {
  const machine = await api.sfn('DescribeStateMachine', { stateMachineArn: arn });
  if (serial !== routeSerial) return;
  const graph = el('div', { class: 'graph-box', id: 'graph-box' });
  main.replaceChildren(el('h2', {}, machine.name),
    el('p', { class: 'muted mono' }, machine.stateMachineArn),
    el('div', { class: 'legend' }, el('span', { class: 'catch' }, 'on error (Catch)')),
    el('div', { class: 'row' },
      el('a', { href: `#/machines?start=${encodeURIComponent(arn)}` }, 'Start execution'),
      el('a', { href: `#/executions?machine=${encodeURIComponent(arn)}` }, 'Executions')),
    graph,
    el('h3', {}, 'Definition'), el('pre', {}, pretty(machine.definition)));
  renderGraph(graph, JSON.parse(machine.definition));
}

// ------------------------------------------------------------------ executions

async function executionsPage(serial, params) {
  const machineArn = params.get('machine');
  const load = async () => {
    const machines = machineArn ? [{ stateMachineArn: machineArn }]
      : await allPages('ListStateMachines', { maxResults: 100 }, 'stateMachines');
    const lists = await Promise.all(machines.map(m =>
      allPages('ListExecutions', { stateMachineArn: m.stateMachineArn, maxResults: 100 }, 'executions', 3)));
    return lists.flat().sort((a, b) => (b.startDate || 0) - (a.startDate || 0));
  };
  const render = (executions) => {
    const rows = executions.map(e => el('tr', { dataset: { execution: e.executionArn } },
      el('td', {}, executionLink(e.executionArn, e.name)),
      el('td', {}, machineName(e.stateMachineArn)),
      el('td', {}, statusBadge(e.status)),
      el('td', {}, time(e.startDate)),
      el('td', {}, time(e.stopDate))));
    main.replaceChildren(
      el('h2', {}, machineArn ? `Executions of ${machineName(machineArn)}` : 'Executions'),
      executions.length ? table(['Name', 'State machine', 'Status', 'Started', 'Stopped'], rows, { id: 'executions' })
        : el('p', { class: 'muted' }, 'No executions yet.'));
  };
  const executions = await load();
  if (serial !== routeSerial) return;
  render(executions);
  every(POLL_MS * 2, serial, async () => {
    const fresh = await load();
    if (serial === routeSerial) render(fresh);
    return true;
  });
}

async function history(arn) {
  return allPages('GetExecutionHistory', { executionArn: arn, maxResults: 1000 }, 'events', 50);
}

function eventName(event) {
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventDetails') && value && value.name) return value.name;
  }
  return '';
}

function eventDetails(event) {
  const entry = Object.entries(event).find(([key]) => key.endsWith('EventDetails'));
  if (!entry) return '';
  const details = { ...entry[1] };
  for (const key of ['input', 'output', 'parameters']) {
    if (typeof details[key] === 'string') {
      try { details[key] = JSON.parse(details[key]); } catch (e) { /* shown as the text it is */ }
    }
  }
  return el('details', {}, el('summary', {}, 'details'), el('pre', {}, JSON.stringify(details, null, 2)));
}

async function executionPage(serial, arn) {
  const described = await api.sfn('DescribeExecution', { executionArn: arn });
  const machine = await api.sfn('DescribeStateMachine', { stateMachineArn: described.stateMachineArn });
  if (serial !== routeSerial) return;
  const definition = JSON.parse(machine.definition);
  const header = el('div');
  const graph = el('div', { class: 'graph-box', id: 'graph-box' });
  const io = el('div', { class: 'grid2' });
  const historyBox = el('div');
  main.replaceChildren(header,
    el('div', { class: 'legend' }, ['succeeded', 'failed', 'running', 'not-reached']
      .map(s => el('span', { class: s }, s.replace('-', ' '))), el('span', { class: 'catch' }, 'on error (Catch)')),
    graph, io, el('h3', {}, 'History'), historyBox);

  const render = (execution, events) => {
    const running = execution.status === 'RUNNING';
    header.replaceChildren(
      el('h2', {}, execution.name, ' ', statusBadge(execution.status, 'execution-status')),
      el('p', { class: 'muted mono' }, execution.executionArn),
      el('div', { class: 'row' },
        el('span', {}, 'State machine: ', el('a', { href: `#/machine/${encodeURIComponent(execution.stateMachineArn)}` }, machineName(execution.stateMachineArn))),
        el('span', {}, `Started ${time(execution.startDate)}`),
        execution.stopDate ? el('span', {}, `Stopped ${time(execution.stopDate)}`) : null,
        running ? el('button', { type: 'button', class: 'danger', id: 'stop-button', onclick: () => stop(execution) }, 'Stop') : null),
      execution.error || execution.cause ? el('div', { class: 'panel', id: 'execution-error' },
        el('strong', {}, execution.error || ''), el('div', { class: 'mono' }, execution.cause || '')) : '');
    renderGraph(graph, definition, stateStatuses(events, execution.status));
    io.replaceChildren(
      el('div', {}, el('h3', {}, 'Input'), el('pre', { id: 'execution-input' }, pretty(execution.input))),
      el('div', {}, el('h3', {}, 'Output'), el('pre', { id: 'execution-output' },
        execution.output !== undefined ? pretty(execution.output) : (running ? '(running)' : '(none)'))));
    historyBox.replaceChildren(table(['#', 'Type', 'State', 'Time', ''], events.map(e =>
      el('tr', { dataset: { event: e.id } }, el('td', { class: 'num' }, e.id), el('td', {}, e.type),
        el('td', {}, eventName(e)), el('td', {}, time(e.timestamp)), el('td', {}, eventDetails(e)))), { id: 'history' }));
  };
  const stop = async (execution) => {
    try {
      await api.sfn('StopExecution', { executionArn: execution.executionArn, error: 'Console.Stopped',
        cause: 'stopped from the console' });
    } catch (e) {
      showError(e);
    }
  };
  let drawn = '';
  const update = (execution, events) => {
    const signature = `${execution.status} ${events.length}`;
    if (signature !== drawn) render(execution, events); // redraw only what changed, not under the reader's eyes
    drawn = signature;
  };
  update(described, await history(arn));
  // live while running: poll until the execution ends, then draw it once more
  every(POLL_MS, serial, async () => {
    const execution = await api.sfn('DescribeExecution', { executionArn: arn });
    const events = await history(arn);
    if (serial !== routeSerial) return false;
    update(execution, events);
    return execution.status === 'RUNNING';
  });
}

// ------------------------------------------------------------------ approvals

const NAME_KEY = 'controlplane.console.name';

async function approvalsPage(serial) {
  const who = el('input', { type: 'text', id: 'approver-name', placeholder: 'your name', value: localStorage.getItem(NAME_KEY) || '' });
  who.addEventListener('change', () => localStorage.setItem(NAME_KEY, who.value.trim()));
  const list = el('div', { id: 'approvals' });
  main.replaceChildren(el('h2', {}, 'Promotions waiting for approval'),
    el('p', { class: 'muted' }, 'Approving resumes the promotion into its environment; rejecting fails it with your reason. ' +
      'The task token stays on the server: only its first and last characters are shown.'),
    el('div', { class: 'row' }, el('label', { for: 'approver-name' }, 'Decided by'), who), list);

  const decide = async (decision, approval, reason) => {
    clearError();
    const by = who.value.trim();
    if (!by) {
      showError(new ApiError('NameMissing', 'Enter your name in "Decided by" first: the decision records who made it.'));
      return;
    }
    localStorage.setItem(NAME_KEY, by);
    try {
      if (decision === 'approve') await api.post('/approvals/approve', { id: approval.id, approvedBy: by });
      else await api.post('/approvals/reject', { id: approval.id, rejectedBy: by, reason });
      await load();
    } catch (e) {
      showError(e);
    }
  };
  const load = async () => {
    const answer = await api.get('/approvals');
    if (serial !== routeSerial) return;
    const approvals = answer.approvals || [];
    if (!approvals.length) {
      list.replaceChildren(el('p', { class: 'muted', id: 'no-approvals' }, 'Nothing waits for approval.'));
      return;
    }
    list.replaceChildren(table(['Artifact', 'Version', 'Into', 'Commit', 'Bytes approved', 'Execution', 'Requested', 'Expires', 'Token', 'Decision'],
      approvals.map(a => {
        const reason = el('input', { type: 'text', class: 'reason', placeholder: 'reason for rejecting', size: 24 });
        return el('tr', { dataset: { approval: a.id } },
          el('td', {}, a.artifact), el('td', {}, a.publishedVersion), el('td', {}, a.environment),
          el('td', { class: 'mono' }, (a.commit || '').slice(0, 12)),
          el('td', { class: 'mono approved-bytes' },
            a.digest ? el('div', { title: a.digest }, 'digest ' + a.digest.slice(0, 12)) : '',
            ...(a.files || []).map(f => el('div', { title: f.key + ' sha256 ' + f.sha256 }, f.key.split('/').pop() + ' ' + f.sha256.slice(0, 12)))),
          el('td', {}, a.execution ? executionLink(a.execution) : ''),
          el('td', {}, time(a.requestedAt)), el('td', {}, time(a.expiresAt)), el('td', { class: 'mono token' }, a.token),
          el('td', {},
            el('div', { class: 'row' },
              el('button', { type: 'button', class: 'approve', onclick: () => decide('approve', a) }, 'Approve'),
              reason,
              el('button', { type: 'button', class: 'danger reject', onclick: () => {
                if (!reason.value.trim()) {
                  showError(new ApiError('ReasonMissing', 'Say why the promotion is rejected: the reason becomes the execution\'s cause.'));
                  return;
                }
                decide('reject', a, reason.value.trim());
              } }, 'Reject'))));
      }), { id: 'approvals-table' }));
  };
  await load();
  every(POLL_MS * 3, serial, async () => {
    // do not redraw under someone typing a reason
    if (document.activeElement && document.activeElement.classList.contains('reason')) return true;
    await load();
    return true;
  });
}

// ------------------------------------------------------------------ artifacts

async function artifactsPage(serial) {
  const answer = await api.get('/artifacts');
  if (serial !== routeSerial) return;
  const environments = answer.environments || [];
  const files = el('div', { id: 'artifact-files' });
  const who = el('input', { type: 'text', id: 'requester-name', placeholder: 'your name', value: localStorage.getItem(NAME_KEY) || '' });
  who.addEventListener('change', () => localStorage.setItem(NAME_KEY, who.value.trim()));
  const notice = el('p', { id: 'promotion-notice', class: 'muted' });
  // a promotion that stopped short (rejected, failed, stopped) is taken up again from where it is
  const retry = async (artifact, version) => {
    clearError();
    const by = who.value.trim();
    if (!by) {
      showError(new ApiError('NameMissing', 'Enter your name in "Requested by" first: the retry records who asked for it.'));
      return;
    }
    localStorage.setItem(NAME_KEY, by);
    try {
      const started = await api.post('/promotions/retry', { artifact, version, requestedBy: by });
      notice.replaceChildren(`Retry of ${artifact} ${version}: `, executionLink(started.execution),
        started.promoting ? ' holds the promotion and takes it on from where it stopped.' : ` is ${started.status}.`);
    } catch (e) {
      showError(e);
    }
  };
  const retriable = v => !v.branchSlug && environments.some(env => !v.environments.includes(env));
  const why = el('input', { type: 'text', id: 'rollback-reason', placeholder: 'why latest moves back', size: 32 });
  // latest moves back only by a person's explicit rollback, to a version released there before
  const rollback = async (artifact, environment, version) => {
    clearError();
    const by = who.value.trim();
    if (!by || !why.value.trim()) {
      showError(new ApiError('ReasonMissing', 'Enter your name in "Requested by" and the reason for the rollback first: both are recorded.'));
      return;
    }
    localStorage.setItem(NAME_KEY, by);
    try {
      const done = await api.post('/promotions/rollback', { artifact, environment, version, requestedBy: by, reason: why.value.trim() });
      await artifactsPage(serial);
      const fresh = document.getElementById('promotion-notice');
      if (fresh) fresh.replaceChildren(`latest of ${artifact} in ${environment} is back at ${version}: `, executionLink(done.execution));
    } catch (e) {
      showError(e);
    }
  };
  const olderThanLatest = (a, v, env) => {
    const current = a.versions.find(x => x.publishedVersion === a.latest[env]);
    return v.released && v.environments.includes(env) && current && (v.versionOrder || '') < (current.versionOrder || '');
  };
  const showFiles = async (artifact, environment) => {
    try {
      const listing = await api.get(`/artifacts/files?artifact=${encodeURIComponent(artifact)}&environment=${encodeURIComponent(environment)}`);
      files.replaceChildren(el('h3', {}, `${artifact} in ${environment}`),
        el('p', { class: 'muted mono' }, `s3://${listing.bucket}/${artifact}/`),
        listing.files.length ? table(['Key', { label: 'Size', attrs: { class: 'num' } }, 'Last modified'],
          listing.files.map(f => el('tr', {}, el('td', { class: 'mono' }, f.key), el('td', { class: 'num' }, f.size),
            el('td', {}, time(f.lastModified)))))
          : el('p', { class: 'muted' }, 'The bucket holds no files of this artifact.'));
    } catch (e) {
      showError(e);
    }
  };
  const sections = (answer.artifacts || []).map(a => el('section', { class: 'panel', dataset: { artifact: a.artifact } },
    el('h3', {}, a.artifact),
    el('div', { class: 'row' }, environments.map(env => el('span', {}, `${env}: `,
      a.latest[env] ? el('strong', {}, `latest ${a.latest[env]}`) : el('span', { class: 'muted' }, 'no latest'), ' ',
      el('button', { type: 'button', class: 'secondary', onclick: () => showFiles(a.artifact, env) }, 'files')))),
    table(['Version', 'Branch', 'Released', ...environments, 'Commit', 'Registered', 'Promotion'], a.versions.map(v =>
      el('tr', { dataset: { version: v.publishedVersion } },
        el('td', {}, v.publishedVersion, environments.filter(env => a.latest[env] === v.publishedVersion || a.latest[env] === v.version)
          .map(env => el('span', { class: 'badge latest' }, `latest in ${env}`))),
        el('td', {}, v.branchSlug || v.branch || 'default'),
        el('td', {}, v.released ? 'yes' : ''),
        environments.map(env => el('td', { class: v.environments.includes(env) ? 'in-env' : 'muted', dataset: { environment: env } },
          v.environments.includes(env) ? '✓' : '–', olderThanLatest(a, v, env) ? el('button', { type: 'button',
            class: 'secondary rollback', onclick: () => rollback(a.artifact, env, v.publishedVersion) }, 'roll back here') : '')),
        el('td', { class: 'mono' }, (v.commit || '').slice(0, 12)),
        el('td', {}, time(v.registeredAt)),
        el('td', {}, retriable(v) ? el('button', { type: 'button', class: 'secondary retry',
          onclick: () => retry(a.artifact, v.publishedVersion) }, 'Retry promotion') : ''))))));
  main.replaceChildren(el('h2', {}, 'Artifacts per environment'),
    el('div', { class: 'row' }, el('label', { for: 'requester-name' }, 'Requested by'), who,
      el('label', { for: 'rollback-reason' }, 'Rollback reason'), why), notice,
    sections.length ? el('div', {}, sections) : el('p', { class: 'muted' }, 'No artifact has been registered yet.'), files);
}

// ------------------------------------------------------------------ runs and cost

async function runsPage(serial, params) {
  const months = await api.get('/runs/months');
  if (serial !== routeSerial) return;
  if (!months.configured) {
    main.replaceChildren(el('h2', {}, 'Runs and cost'), el('p', { class: 'notice' }, months.reason));
    return;
  }
  const detail = el('div', { id: 'runs-detail' });
  const rows = months.months.map(m => el('tr', { class: 'clickable', dataset: { team: m.team, month: m.month },
    onclick: () => { location.hash = `#/runs?team=${encodeURIComponent(m.team)}&month=${m.month}`; } },
  el('td', {}, m.team), el('td', {}, m.month), el('td', { class: 'num' }, m.runs),
  el('td', { class: 'num' }, m.dbu.toFixed(2)), el('td', { class: 'num' }, `$${m.usd.toFixed(2)}`)));
  main.replaceChildren(el('h2', {}, 'Runs and cost by team and month'),
    rows.length ? table(['Team', 'Month', { label: 'Runs', attrs: { class: 'num' } }, { label: 'DBU', attrs: { class: 'num' } },
      { label: 'Estimated cost', attrs: { class: 'num' } }], rows, { id: 'costs' })
      : el('p', { class: 'muted' }, 'No run has been recorded yet.'), detail);
  const team = params.get('team'), month = params.get('month');
  if (!team || !month) return;
  const runs = await api.get(`/runs?team=${encodeURIComponent(team)}&month=${encodeURIComponent(month)}`);
  if (serial !== routeSerial) return;
  detail.replaceChildren(el('h3', {}, `Runs of ${runs.team} in ${runs.month}`),
    table(['Run', 'Script', 'Version', 'Env', 'Result', 'Started', 'Ended', 'Cluster', { label: 'DBU', attrs: { class: 'num' } },
      { label: 'Cost', attrs: { class: 'num' } }], runs.runs.map(r => el('tr', {},
      el('td', {}, r.runPageUrl ? el('a', { href: r.runPageUrl, target: '_blank', rel: 'noopener' }, r.runId) : r.runId),
      el('td', {}, `${r.project}/${r.script}`), el('td', {}, r.version), el('td', {}, r.environment),
      el('td', {}, r.resultState || r.lifeCycleState || '', r.stateMessage ? el('div', { class: 'muted' }, r.stateMessage) : null),
      el('td', {}, time(r.startTime)), el('td', {}, time(r.endTime)),
      el('td', {}, `${r.nodeTypeId || ''} ${r.minWorkers}–${r.maxWorkers}`),
      el('td', { class: 'num' }, r.dbu.toFixed(2)), el('td', { class: 'num' }, `$${r.usd.toFixed(2)}`))), { id: 'runs' }));
}

// ------------------------------------------------------------------ replication reports

async function replicationPage(serial) {
  const answer = await api.get('/replication/reports');
  if (serial !== routeSerial) return;
  const heading = el('h2', {}, 'Replication reports');
  if (!answer.configured || answer.reason) {
    main.replaceChildren(heading, el('p', { class: 'notice' }, answer.reason));
    return;
  }
  const rows = answer.reports.map(entry => {
    const r = entry.report || {};
    return el('tr', { dataset: { report: entry.key } },
      el('td', {}, entry.dataset), el('td', { class: 'mono' }, entry.runId), el('td', {}, time(entry.lastModified)),
      el('td', {}, entry.problem ? el('span', { class: 'status failed' }, entry.problem)
        : el('span', { class: `status ${r.inSync ? 'succeeded' : 'failed'}` }, r.inSync ? 'in sync' : 'out of sync')),
      el('td', { class: 'num' }, r.copied ? `${r.copied.objects} (${r.copied.bytes} B)` : ''),
      el('td', { class: 'num' }, r.deleted ?? ''),
      el('td', { class: 'num' }, r.skipped ? r.skipped.objects : ''),
      el('td', { class: 'num' }, r.failed ?? ''),
      el('td', { class: 'num' }, r.remaining ? `${r.remaining.copies} / ${r.remaining.deletes}` : ''),
      el('td', { class: 'num' }, r.durationMillis !== undefined ? `${(r.durationMillis / 1000).toFixed(1)} s` : ''),
      el('td', {}, (r.failures || []).length ? el('details', {}, el('summary', {}, `${r.failures.length} failures`),
        el('ul', {}, r.failures.map(f => el('li', {}, el('code', {}, f.key), ': ', f.reason)))) : ''));
  });
  main.replaceChildren(heading, el('p', { class: 'muted mono' }, `s3://${answer.bucket}/${answer.prefix}`),
    rows.length ? table(['Dataset', 'Run', 'Written', 'Outcome', { label: 'Copied', attrs: { class: 'num' } },
      { label: 'Deleted', attrs: { class: 'num' } }, { label: 'Skipped', attrs: { class: 'num' } },
      { label: 'Failed', attrs: { class: 'num' } }, { label: 'Remaining copies / deletes', attrs: { class: 'num' } },
      { label: 'Duration', attrs: { class: 'num' } }, 'Failures'], rows, { id: 'reports' })
      : el('p', { class: 'muted' }, 'No replication has reported yet.'));
}

async function faultsPage(serial) {
  const answer = await api.get('/faults');
  if (serial !== routeSerial) return;
  const heading = el('h2', {}, 'Active faults');
  if (answer.reason) {
    main.replaceChildren(heading, el('p', { class: 'notice' }, answer.reason));
    return;
  }
  const rows = ['aws', 'databricks'].flatMap(target =>
    (answer[target] || []).map(line => el('tr', {}, el('td', {}, target), el('td', { class: 'mono' }, line))));
  main.replaceChildren(heading,
    el('p', { class: 'muted' }, 'Injected with controlplane faults add ...; cleared with controlplane faults clear.'),
    rows.length ? table(['Where', 'Fault'], rows, { id: 'faults' }) : el('p', { class: 'muted' }, 'No faults are active.'));
}

// ------------------------------------------------------------------ routing

const routes = [
  [/^\/?$/, (s, p) => machinesPage(s, p), 'machines'],
  [/^\/machines$/, (s, p) => machinesPage(s, p), 'machines'],
  [/^\/machine\/(.+)$/, (s, p, m) => machinePage(s, decodeURIComponent(m[1])), 'machines'],
  [/^\/executions$/, (s, p) => executionsPage(s, p), 'executions'],
  [/^\/execution\/(.+)$/, (s, p, m) => executionPage(s, decodeURIComponent(m[1])), 'executions'],
  [/^\/approvals$/, (s) => approvalsPage(s), 'approvals'],
  [/^\/artifacts$/, (s) => artifactsPage(s), 'artifacts'],
  [/^\/runs$/, (s, p) => runsPage(s, p), 'runs'],
  [/^\/replication$/, (s) => replicationPage(s), 'replication'],
  [/^\/faults$/, (s) => faultsPage(s), 'faults'],
];

async function route() {
  const serial = ++routeSerial;
  clearError();
  const hash = location.hash.replace(/^#/, '') || '/machines';
  const [path, query] = hash.split('?');
  const params = new URLSearchParams(query || '');
  const match = routes.map(([pattern, page, nav]) => [pattern.exec(path), page, nav]).find(([m]) => m);
  document.querySelectorAll('#nav a').forEach(a => a.classList.toggle('active', !!match && a.dataset.route === match[2]));
  if (!match) {
    main.replaceChildren(el('h2', {}, 'Not found'), el('p', {}, `There is no page ${path}.`));
    return;
  }
  main.replaceChildren(el('p', { class: 'muted' }, 'Loading…'));
  try {
    await match[1](serial, params, match[0]);
  } catch (e) {
    if (serial !== routeSerial) return;
    showError(e);
    main.replaceChildren(el('p', { class: 'muted' }, 'This page could not be loaded; the reason is above.'));
  }
}

document.getElementById('error-close').addEventListener('click', clearError);
window.addEventListener('hashchange', route);
route();
