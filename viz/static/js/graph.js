/* policygraph graph driver over the vendored vis-network standalone build.
 *
 * Why this file exists instead of pyvis's template: the layout must settle ONCE and then stop.
 * vis-network, left alone, keeps the force simulation running (endless jitter, a busy core, and
 * minutes of layout at ~1,500 nodes). Here we (1) seed positions randomly above a size threshold
 * (improvedLayout is O(n^2)), (2) stabilise with a bounded iteration budget while showing
 * progress, and (3) on 'stabilizationIterationsDone' switch physics off for good.
 *
 * The styling rules (colours, shapes, thresholds) come from viz/graph.py via window.PG_STYLE, and
 * PG.toVis mirrors viz/graph.py vis_data(), so the offline export and the pages look the same.
 */
(function (global) {
  'use strict';
  const PG = (global.PG = global.PG || {});

  function labelSet(style) { return Object.keys(style.labels || {}); }

  /** Schema label of an /api/graph node (mirrors viz/graph.py node_kind). */
  PG.nodeKind = function (node, style) {
    const labels = labelSet(style);
    if (labels.indexOf(node.group) >= 0) return node.group;
    if (labels.indexOf(node.label) >= 0) return node.label;
    const p = node.properties || {};
    for (const k of ['_label', 'label', 'kind']) if (labels.indexOf(p[k]) >= 0) return p[k];
    return String(node.group || node.label || 'Node');
  };

  /** Stable colour for a label; unknown labels: sum of code points mod palette (as in Python). */
  PG.labelColour = function (label, style) {
    if (style.labels[label]) return style.labels[label].color;
    let s = 0;
    for (const ch of String(label)) s += ch.codePointAt(0);
    return style.fallbackColours[s % style.fallbackColours.length];
  };

  function caption(node, style) {
    const p = node.properties || {};
    const labels = labelSet(style);
    const cands = [labels.indexOf(node.label) >= 0 ? null : node.label, p.short, p.name, p.title,
      node.title, p.number, node.id];
    let text = '';
    for (const c of cands) if (c !== undefined && c !== null && c !== '') { text = String(c); break; }
    const max = style.captionMaxChars || 16;
    return Array.from(text).length <= max ? text : Array.from(text).slice(0, max - 1).join('') + '…';
  }

  function tooltip(node, kind) {
    const p = node.properties || {};
    const lines = [kind + '  ' + node.id];
    const title = node.title || p.title || p.name;
    if (title && lines[0].indexOf(title) < 0) lines.push(String(title));
    for (const k of ['level', 'date', 'number', 'region_name', 'batch', 'category']) {
      if (p[k] !== undefined && p[k] !== null && p[k] !== '') lines.push(k + ': ' + p[k]);
    }
    return lines.join('\n');
  }

  /** /api/graph JSON -> vis-network items, keeping the raw node/edge for the side panel. */
  PG.toVis = function (graph, style) {
    const nodes = [];
    const byId = new Map();
    for (const n of (graph && graph.nodes) || []) {
      const id = String(n.id);
      if (byId.has(id)) continue;
      const kind = PG.nodeKind(n, style);
      const item = {id: id, label: caption(n, style), title: tooltip(n, kind), group: kind, raw: n};
      if (!style.labels[kind]) { item.color = PG.labelColour(kind, style); item.shape = 'ellipse'; }
      const lvl = String((n.properties || {}).level || '').toLowerCase();
      if (kind === 'Measure' && (lvl === 'national' || lvl === 'country' || lvl === '国家')) item.size = 22;
      byId.set(id, item);
      nodes.push(item);
    }
    const edges = [];
    ((graph && graph.edges) || []).forEach((e, i) => {
      const from = String(e.from), to = String(e.to);
      if (!byId.has(from) || !byId.has(to)) return;
      const st = style.edges[e.type] || {color: '#888888', dashes: false, width: 1};
      const p = e.properties || {};
      let tip = String(e.type || '');
      for (const k of Object.keys(p)) if (p[k] !== null && p[k] !== '' && p[k] !== undefined) tip += '\n' + k + ': ' + p[k];
      edges.push({id: 'e' + i + ':' + from + '->' + to + ':' + e.type, from: from, to: to, title: tip,
        color: {color: st.color}, dashes: st.dashes, width: st.width, type: e.type, raw: e});
    });
    return {nodes: nodes, edges: edges};
  };

  /** Options sized to the graph (mirrors viz/graph.py vis_options; base options come from Python). */
  PG.optionsFor = function (nNodes, nEdges, style) {
    const o = JSON.parse(JSON.stringify(style.options));
    const r = style.sizeRules;
    o.layout.improvedLayout = nNodes <= r.improvedLayoutMaxNodes;
    o.edges.smooth = nEdges <= r.smoothEdgesMaxEdges ? {type: 'continuous'} : false;
    let step = r.budget[r.budget.length - 1];
    for (const b of r.budget) if (b[0] === null || nNodes <= b[0]) { step = b; break; }
    o.physics.stabilization.iterations = step[1];
    o.physics.barnesHut.theta = step[2];
    o.interaction.hideEdgesOnDrag = nEdges > r.hideEdgesOnDragMinEdges;
    o.interaction.hideEdgesOnZoom = nEdges > r.hideEdgesOnZoomMinEdges;
    return o;
  };

  /** Draw vis items into `container`; returns {network, nodes, edges, state}.
   *  hooks: progress(done, total), ready(state). `state` is also exposed as window.pgGraphState
   *  so tests (and curious users in the console) can see the phase, physics flag and timing. */
  PG.renderGraph = function (container, data, options, hooks) {
    hooks = hooks || {};
    const vis = global.vis;
    const t0 = performance.now();
    const state = {phase: 'stabilizing', physics: true, nodes: data.nodes.length, edges: data.edges.length,
      iterations: options.physics && options.physics.stabilization ? options.physics.stabilization.iterations : 0,
      constructMs: null, ttiMs: null};
    global.pgGraphState = state;
    const nodes = new vis.DataSet(data.nodes);
    const edges = new vis.DataSet(data.edges);
    const hidden = new Set();
    // A DataView lets the label filter hide nodes without touching the data or re-running layout.
    const nodeView = new vis.DataView(nodes, {filter: (n) => !hidden.has(n.group)});
    const finish = (network) => {
      if (state.phase === 'ready') return;
      network.setOptions({physics: {enabled: false}}); // settle once, then stop: no endless jitter
      state.physics = false;
      state.phase = 'ready';
      state.ttiMs = Math.round(performance.now() - t0);
      if (hooks.ready) hooks.ready(state);
    };
    const network = new vis.Network(container, {nodes: nodeView, edges: edges}, options);
    state.constructMs = Math.round(performance.now() - t0);
    network.on('stabilizationProgress', (p) => { if (hooks.progress) hooks.progress(p.iterations, p.total); });
    network.once('stabilizationIterationsDone', () => finish(network));
    // Stabilisation can be disabled in options or have nothing to do (empty graph): no event then.
    if (!data.nodes.length || !(options.physics && options.physics.enabled && options.physics.stabilization &&
        options.physics.stabilization.enabled)) {
      setTimeout(() => finish(network), 0);
    }
    global.pgNetwork = network;
    return {
      network: network, nodes: nodes, edges: edges, state: state,
      setHidden(label, hide) { if (hide) hidden.add(label); else hidden.delete(label); nodeView.refresh(); },
      hiddenLabels() { return Array.from(hidden); },
    };
  };

  /** Legend with a checkbox per label: colour AND shape, and it doubles as the label filter. */
  PG.legend = function (container, style, present, onToggle) {
    const el = PG.el;
    container.replaceChildren();
    const list = el('ul', {class: 'legend-list'});
    const labels = Object.keys(style.labels).concat(present.filter((l) => !style.labels[l]));
    for (const lab of labels) {
      const st = style.labels[lab] || {color: PG.labelColour(lab, style), shape: 'ellipse', zh: ''};
      const id = 'legend-' + lab;
      const cb = el('input', {type: 'checkbox', id: id, checked: true, 'data-label': lab,
        onchange: (ev) => onToggle && onToggle(lab, !ev.target.checked)});
      list.appendChild(el('li', {class: present.indexOf(lab) >= 0 ? 'present' : 'absent'},
        cb, el('label', {for: id},
          el('span', {class: 'swatch shape-' + st.shape, style: '--swatch:' + st.color, 'aria-hidden': 'true'}),
          ' ', st.zh ? st.zh + ' ' : '', el('span', {class: 'legend-label'}, lab))));
    }
    container.appendChild(list);
    const edgeList = el('ul', {class: 'legend-edges'});
    for (const t of Object.keys(style.edges)) {
      const st = style.edges[t];
      edgeList.appendChild(el('li', null,
        el('span', {class: 'edge-swatch' + (st.dashes ? ' dashed' : ''), style: '--swatch:' + st.color, 'aria-hidden': 'true'}),
        ' ', el('code', null, t), st.zh ? ' ' + st.zh : ''));
    }
    container.appendChild(el('details', {class: 'legend-edges-box'}, el('summary', null, '关系类型 (edges)'), edgeList));
  };
})(window);
