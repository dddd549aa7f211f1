// The graph of a state machine's states, drawn from its definition as SVG with a layered layout (top to bottom),
// Map and Parallel states as nested groups, each state coloured by what the execution's history says of it.

const SVG_NS = 'http://www.w3.org/2000/svg';
const NODE_H = 44;
const MIN_W = 120;
const CHAR_W = 7.6;
const GAP_X = 28;
const GAP_Y = 46;
const PAD = 14;
const HEADER = 26;
const BRANCH_GAP = 18;
const SIDE_LANE = 26;
const TERMINAL_R = 7;

/** The states a state moves to, with the kind of transition. */
export function transitions(state) {
  const out = [];
  if (state.Type === 'Choice') {
    (state.Choices || []).forEach((choice, i) => out.push({ to: choice.Next, kind: 'choice', label: `rule ${i + 1}` }));
    if (state.Default) out.push({ to: state.Default, kind: 'default', label: 'default' });
  } else if (state.Next) {
    out.push({ to: state.Next, kind: 'next' });
  }
  (state.Catch || []).forEach(c => out.push({ to: c.Next, kind: 'catch' })); // dashed, no label: the legend says
  return out.filter(t => typeof t.to === 'string');
}

function isTerminal(state) {
  return state.End === true || state.Type === 'Succeed' || state.Type === 'Fail';
}

/** The nested machines of a Map (one) or a Parallel (one per branch). */
function innerMachines(state) {
  if (state.Type === 'Map') {
    const processor = state.ItemProcessor || state.Iterator;
    return processor && processor.States ? [processor] : [];
  }
  if (state.Type === 'Parallel') return (state.Branches || []).filter(b => b && b.States);
  return [];
}

/**
 * Lays out one machine's states: layers by longest forward path from StartAt (back edges found by depth-first
 * search are drawn beside the graph), then each layer ordered by where its predecessors are.
 */
export function layout(machine) {
  const states = machine.States || {};
  const names = Object.keys(states);
  const edges = [];
  names.forEach(from => transitions(states[from]).forEach(t => {
    if (states[t.to]) edges.push({ from, ...t });
  }));
  const out = new Map(names.map(n => [n, edges.filter(e => e.from === n)]));

  // depth-first from StartAt, then from anything not reached: visit order, back edges, reverse postorder
  const visitOrder = new Map();
  const onStack = new Set();
  const postorder = [];
  const back = new Set();
  const visit = (name) => {
    visitOrder.set(name, visitOrder.size);
    onStack.add(name);
    for (const e of out.get(name)) {
      if (onStack.has(e.to)) back.add(e);
      else if (!visitOrder.has(e.to)) visit(e.to);
    }
    onStack.delete(name);
    postorder.push(name);
  };
  const roots = states[machine.StartAt] ? [machine.StartAt, ...names] : names;
  roots.forEach(n => { if (!visitOrder.has(n)) visit(n); });

  const layer = new Map(names.map(n => [n, 0]));
  for (const name of postorder.slice().reverse()) {
    for (const e of out.get(name)) {
      if (!back.has(e)) layer.set(e.to, Math.max(layer.get(e.to), layer.get(name) + 1));
    }
  }

  const nodes = new Map(names.map(name => [name, sizeNode(name, states[name])]));
  const layerCount = names.length === 0 ? 0 : Math.max(...layer.values()) + 1;
  const layers = Array.from({ length: layerCount }, () => []);
  names.forEach(n => layers[layer.get(n)].push(n));

  // order each layer by its predecessors' centres (coordinates relative to the layer's centre line)
  const centre = new Map();
  layers.forEach((members, index) => {
    const key = (n) => {
      const preds = edges.filter(e => e.to === n && !back.has(e) && layer.get(e.from) < index && centre.has(e.from));
      return preds.length ? preds.reduce((sum, e) => sum + centre.get(e.from), 0) / preds.length : null;
    };
    members.sort((a, b) => {
      const ka = key(a), kb = key(b);
      if (ka !== null && kb !== null && ka !== kb) return ka - kb;
      return visitOrder.get(a) - visitOrder.get(b);
    });
    const width = members.reduce((sum, n) => sum + nodes.get(n).w, 0) + GAP_X * Math.max(0, members.length - 1);
    let x = -width / 2;
    members.forEach(n => { centre.set(n, x + nodes.get(n).w / 2); x += nodes.get(n).w + GAP_X; });
  });

  const starts = TERMINAL_R * 2 + GAP_Y / 2;
  let y = starts;
  let minX = 0, maxX = 0;
  layers.forEach(members => {
    const height = Math.max(...members.map(n => nodes.get(n).h));
    members.forEach(n => {
      const node = nodes.get(n);
      node.x = centre.get(n) - node.w / 2;
      node.y = y;
      minX = Math.min(minX, node.x);
      maxX = Math.max(maxX, node.x + node.w);
    });
    y += height + GAP_Y;
  });
  const sideLanes = edges.filter(e => back.has(e) || layer.get(e.to) <= layer.get(e.from)).length;
  const shift = -minX;
  nodes.forEach(node => { node.x += shift; });
  const contentW = maxX - minX;
  const w = Math.max(contentW + (sideLanes ? SIDE_LANE * (sideLanes + 1) : 0), MIN_W);
  const h = y - GAP_Y + GAP_Y / 2 + TERMINAL_R * 2;
  return {
    nodes, edges, back, layer, w, h, contentW,
    start: states[machine.StartAt] ? { x: shift, name: machine.StartAt } : null,
    ends: names.filter(n => isTerminal(states[n])),
  };
}

function sizeNode(name, state) {
  const text = Math.max(name.length, (state.Type || '').length + 2) * CHAR_W;
  const node = { name, state, w: Math.max(MIN_W, Math.ceil(text) + 24), h: NODE_H, inner: [] };
  const machines = innerMachines(state);
  if (machines.length) {
    node.inner = machines.map(layout);
    const innerW = node.inner.reduce((sum, l) => sum + l.w, 0) + BRANCH_GAP * (node.inner.length - 1);
    node.w = Math.max(node.w, innerW + 2 * PAD);
    node.h = HEADER + Math.max(...node.inner.map(l => l.h)) + PAD;
  }
  return node;
}

function svg(tag, attrs = {}, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  Object.entries(attrs).forEach(([k, v]) => { if (v !== undefined && v !== null) element.setAttribute(k, String(v)); });
  children.forEach(c => element.append(c));
  return element;
}

function text(x, y, content, cls, anchor = 'middle') {
  const t = svg('text', { x, y, class: cls, 'text-anchor': anchor });
  t.textContent = content;
  return t;
}

/** Draws a laid-out machine into the group, offset by (ox, oy). */
function draw(group, machineLayout, statuses) {
  const { nodes, edges, back, layer } = machineLayout;
  const edgeGroup = svg('g', { class: 'edges' });
  const nodeGroup = svg('g', { class: 'nodes' });
  group.append(edgeGroup, nodeGroup);

  if (machineLayout.start) {
    const first = nodes.get(machineLayout.start.name);
    const cx = first.x + first.w / 2;
    edgeGroup.append(svg('circle', { cx, cy: TERMINAL_R, r: TERMINAL_R, class: 'terminal' }),
      svg('path', { d: `M ${cx} ${TERMINAL_R * 2} L ${cx} ${first.y}`, class: 'edge', 'marker-end': 'url(#arrow)' }));
  }
  machineLayout.ends.forEach(name => {
    const node = nodes.get(name);
    const cx = node.x + node.w / 2;
    const bottom = node.y + node.h;
    const endY = bottom + GAP_Y / 2 + TERMINAL_R / 2;
    edgeGroup.append(svg('path', { d: `M ${cx} ${bottom} L ${cx} ${endY - TERMINAL_R - 1}`, class: 'edge end-edge',
      'marker-end': 'url(#arrow)' }),
    svg('circle', { cx, cy: endY, r: TERMINAL_R, class: 'terminal end' }));
  });

  let lane = 0;
  edges.forEach(e => {
    const a = nodes.get(e.from), b = nodes.get(e.to);
    let d, lx, ly;
    if (back.has(e) || layer.get(e.to) <= layer.get(e.from)) {
      lane += 1;
      const x = machineLayout.contentW + SIDE_LANE * lane;
      const sy = a.y + a.h / 2, ey = b.y + b.h / 2;
      d = `M ${a.x + a.w} ${sy} L ${x} ${sy} L ${x} ${ey} L ${b.x + b.w} ${ey}`;
      lx = x + 3; ly = (sy + ey) / 2;
    } else {
      const sx = a.x + a.w / 2, sy = a.y + a.h, ex = b.x + b.w / 2, ey = b.y;
      const dy = (ey - sy) / 2;
      d = `M ${sx} ${sy} C ${sx} ${sy + dy} ${ex} ${ey - dy} ${ex} ${ey}`;
      lx = (sx + ex) / 2 + 4; ly = sy + dy;
    }
    const path = svg('path', { d, class: `edge ${e.kind}`, 'data-from': e.from, 'data-to': e.to, 'marker-end': 'url(#arrow)' });
    edgeGroup.append(path);
    if (e.label && e.kind !== 'choice') edgeGroup.append(text(lx, ly, e.label, 'edge-label', 'start'));
  });

  nodes.forEach(node => {
    const status = statuses.get(node.name) || 'not-reached';
    const composite = node.inner.length > 0;
    const g = svg('g', {
      class: `state ${composite ? 'group ' : ''}status-${status}`,
      'data-state': node.name, 'data-type': node.state.Type, 'data-status': status,
      transform: `translate(${node.x} ${node.y})`,
    });
    const title = svg('title');
    title.textContent = `${node.name} (${node.state.Type}): ${status.replace('-', ' ')}`;
    g.append(title, svg('rect', { class: 'box', width: node.w, height: node.h, rx: 6 }));
    if (composite) {
      g.append(text(PAD, 17, node.name, 'name', 'start'), text(node.w - PAD, 17, node.state.Type, 'type', 'end'));
      const innerW = node.inner.reduce((sum, l) => sum + l.w, 0) + BRANCH_GAP * (node.inner.length - 1);
      let x = (node.w - innerW) / 2;
      node.inner.forEach(inner => {
        const branch = svg('g', { class: 'inner', transform: `translate(${x} ${HEADER})` });
        if (node.inner.length > 1) branch.append(svg('rect', { class: 'branch', x: -4, y: -4, width: inner.w + 8, height: inner.h + 8, rx: 4 }));
        draw(branch, inner, statuses);
        g.append(branch);
        x += inner.w + BRANCH_GAP;
      });
    } else {
      g.append(text(node.w / 2, 19, node.name, 'name'), text(node.w / 2, 34, node.state.Type, 'type'));
    }
    nodeGroup.append(g);
  });
}

/** Renders the definition into the container as an SVG; statuses maps state names to their outcome. */
export function renderGraph(container, definition, statuses = new Map()) {
  const machineLayout = layout(definition);
  const margin = 12;
  const width = machineLayout.w + 2 * margin;
  const height = machineLayout.h + 2 * margin;
  const root = svg('svg', { id: 'graph', class: 'graph', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': 'graph of the states' });
  const defs = svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7,
    markerHeight: 7, orient: 'auto-start-reverse' }, svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#7b8794' })));
  const body = svg('g', { transform: `translate(${margin} ${margin})` });
  root.append(defs, body);
  draw(body, machineLayout, statuses);
  container.replaceChildren(root);
  return root;
}

const FAILURE = /^(Task|LambdaFunction|Activity)(Failed|TimedOut|StartFailed|SubmitFailed|ScheduleFailed)$|^(Map|Parallel)State(Failed|Aborted)$|^MapRunFailed$/;
const SUCCESS = /^(Task|LambdaFunction|Activity)Succeeded$|^(Map|Parallel)StateSucceeded$/;

/**
 * What the history says of each state: 'running' (entered, not left, the execution still running), 'failed' (its
 * last entry failed, caught or not, or the execution ended inside it), 'succeeded' (its last entry left it
 * normally); states never entered are not in the map. Events are attributed to the state entry they follow in
 * their previousEventId chain, so Parallel branches and Map iterations interleaving do not mix.
 */
export function stateStatuses(events, executionStatus) {
  const byId = new Map(events.map(e => [e.id, e]));
  const entries = new Map();
  const owners = new Map();
  const ownerOf = (id) => {
    const seen = [];
    let current = id;
    let found = null;
    while (current && byId.has(current)) {
      if (owners.has(current)) { found = owners.get(current); break; }
      seen.push(current);
      const event = byId.get(current);
      if (event.type.endsWith('StateEntered')) { found = current; break; }
      if (event.type.endsWith('StateExited')) break;
      current = event.previousEventId;
    }
    seen.forEach(s => owners.set(s, found));
    return found;
  };
  const entryNamed = (id, name) => {
    let current = id;
    while (current && byId.has(current)) {
      const event = byId.get(current);
      if (event.type.endsWith('StateEntered') && event.stateEnteredEventDetails?.name === name) return current;
      current = event.previousEventId;
    }
    return null;
  };
  for (const event of [...events].sort((a, b) => a.id - b.id)) {
    const type = event.type;
    if (type.endsWith('StateEntered')) {
      entries.set(event.id, { name: event.stateEnteredEventDetails?.name, failed: type === 'FailStateEntered', exited: false });
    } else if (type.endsWith('StateExited')) {
      const entry = entries.get(entryNamed(event.previousEventId, event.stateExitedEventDetails?.name));
      if (entry) entry.exited = true;
    } else if (FAILURE.test(type)) {
      const entry = entries.get(ownerOf(event.previousEventId));
      if (entry) entry.failed = true;
    } else if (SUCCESS.test(type)) {
      const entry = entries.get(ownerOf(event.previousEventId));
      if (entry) entry.failed = false;
    }
  }
  const statuses = new Map();
  const open = new Set();
  for (const entry of entries.values()) {
    if (!entry.exited && !entry.failed) open.add(entry.name);
    statuses.set(entry.name, entry.failed ? 'failed' : 'succeeded'); // entries are in id order: the last one wins
  }
  open.forEach(name => statuses.set(name, executionStatus === 'RUNNING' ? 'running' : 'failed'));
  return statuses;
}
