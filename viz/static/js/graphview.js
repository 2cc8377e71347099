/* The interactive graph panel used by /browse and /measure: fetch /api/graph, draw it, legend +
 * label filter, progress while the layout settles, side panel for the clicked node. */
(function (global) {
  'use strict';
  const PG = global.PG;
  const el = PG.el;

  function nodePanel(panel, item) {
    const raw = item.raw || {};
    const kind = item.group;
    const props = Object.assign({}, raw.properties || {});
    const href = PG.pageUrl(kind, raw.id);
    panel.replaceChildren(
      el('p', {class: 'node-kind'}, el('span', {class: 'badge', style: '--badge:' + PG.labelColour(kind, global.PG_STYLE)}, kind)),
      el('h4', {class: 'node-title'}, PG.nameOf(Object.assign({id: raw.id}, props, raw.title ? {title: raw.title} : {}))),
      el('p', null, el('code', {class: 'node-id'}, String(raw.id))),
      href ? el('p', null, el('a', {href: href, class: 'node-page-link'}, '打开页面 →')) : null,
      el('p', null, el('a', {href: '/browse?focus=' + encodeURIComponent(raw.id) + '&depth=1'}, '以此为中心浏览')),
      PG.propsList(props, ['id']));
  }

  /** Fetch `graphUrl` and render into the panel inside `root`. Returns a promise of the view. */
  PG.graphView = async function (graphUrl, root) {
    const style = global.PG_STYLE;
    const q = (sel) => root.querySelector(sel);
    const canvas = q('#graph');
    const bar = q('#graph-progress-bar');
    const text = q('#graph-progress-text');
    const panel = q('#node-panel');
    let body;
    try {
      body = await PG.api(graphUrl);
    } catch (err) {
      q('#graph-progress').hidden = true;
      PG.showError(canvas, err, '图数据加载失败');
      canvas.classList.add('graph-error');
      return null;
    }
    const data = PG.toVis(body, style);
    if (!data.nodes.length) {
      q('#graph-progress').hidden = true;
      canvas.replaceChildren(el('p', {class: 'muted empty'}, '没有可显示的节点。'));
      return null;
    }
    if (data.nodes.length > style.askBeforeDrawingNodes && !root.dataset.drawAnyway) {
      // a whole big corpus would freeze the tab for minutes: ask, and suggest a focus instead
      q('#graph-progress').hidden = true;
      canvas.replaceChildren(PG.el('div', {class: 'error', role: 'alert'},
        PG.el('p', null, '该图有 ' + data.nodes.length + ' 个节点、' + data.edges.length + ' 条关系，完整绘制可能需要几分钟。'),
        PG.el('p', null, '建议在上方输入一个中心节点 id（如举措或地区编号）只看它的邻域。'),
        PG.el('button', {type: 'button', onclick: () => {
          root.dataset.drawAnyway = '1';
          canvas.replaceChildren();
          q('#graph-progress').hidden = false;
          PG.graphView(graphUrl, root);
        }}, '仍然绘制')));
      return null;
    }
    const options = PG.optionsFor(data.nodes.length, data.edges.length, style);
    text.textContent = '正在布局 ' + data.nodes.length + ' 个节点、' + data.edges.length + ' 条关系…';
    const view = PG.renderGraph(canvas, data, options, {
      progress(done, total) {
        bar.max = total;
        bar.value = done;
        text.textContent = '正在布局… ' + Math.round((100 * done) / total) + '%';
      },
      ready(state) {
        bar.value = bar.max;
        text.textContent = data.nodes.length + ' 个节点，' + data.edges.length + ' 条关系；布局用时 ' +
          (state.ttiMs / 1000).toFixed(1) + ' 秒，物理模拟已停止（可拖动节点）。' +
          (body.truncated ? ' 结果已截断，可调整“最多节点”。' : '');
        root.dataset.graphReady = '1';
      },
    });
    const present = Array.from(new Set(data.nodes.map((n) => n.group)));
    PG.legend(q('#legend'), style, present, (label, hide) => view.setHidden(label, hide));
    view.network.on('click', (p) => {
      if (p.nodes && p.nodes.length) nodePanel(panel, view.nodes.get(p.nodes[0]));
    });
    view.network.on('doubleClick', (p) => {
      if (!p.nodes || !p.nodes.length) return;
      const item = view.nodes.get(p.nodes[0]);
      const href = PG.pageUrl(item.group, item.id);
      if (href) global.location.href = href;
    });
    const fit = document.getElementById('fit');
    if (fit) fit.addEventListener('click', () => view.network.fit({animation: false}));
    global.pgView = view;
    return view;
  };
})(window);
