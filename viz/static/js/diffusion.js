/* Diffusion pictures shared by pages: the national -> province -> city tree, the adoption curve
 * and the map (both drawn by the server as SVG/PNG: /api/charts/...). Each picture names its JSON
 * source and offers SVG and PNG downloads. */
(function (global) {
  'use strict';
  const PG = global.PG;
  const el = PG.el;

  function lagText(n) { return n === null || n === undefined ? '日期不详' : n + ' 天'; }

  /** One node of /api/tree: region, date, lag from the notice and from the level above. */
  function treeNode(n, depth) {
    const region = n.region || {};
    const facts = [];
    if (depth > 0) {
      facts.push(n.date ? n.date : '日期不详');
      facts.push('距国家通知 ' + lagText(n.lag_days));
      if (depth > 1 && n.lag_from_parent_days !== null && n.lag_from_parent_days !== undefined) {
        facts.push('距上级 ' + n.lag_from_parent_days + ' 天');
      }
    } else if (n.date) facts.push('国家推广 ' + n.date);
    const measures = (n.measures || []).map((m) => PG.link('measure', m.id, (m.key ? m.key + ' ' : '') + (m.title || m.id)));
    const head = el('div', {class: 'tree-head' + (n.adopted ? '' : ' not-adopted')},
      depth === 0 ? el('strong', null, '国家') : PG.link('region', region.id, region.name || region.id),
      ' ', el('span', {class: 'muted small'}, facts.join(' · ')),
      n.adopted ? null : el('span', {class: 'muted small'}, '（本级未采纳，其下级采纳）'),
      measures.length ? el('div', {class: 'tree-measures small'}, measures.reduce((acc, a, i) => acc.concat(i ? ['；', a] : [a]), []),
        n.measure_count > measures.length ? el('span', {class: 'muted'}, ' 等 ' + n.measure_count + ' 项') : null) : null);
    const kids = (n.children || []).map((c) => treeNode(c, depth + 1));
    return el('li', {class: 'tree-level-' + depth, 'data-region-id': region.id || ''}, head, kids.length ? el('ul', null, kids) : null);
  }

  PG.renderTree = function (box, body) {
    if (!body.tree || !(body.tree.children || []).length) {
      box.replaceChildren(el('p', {class: 'muted'}, '尚未载入任何地方落实该举措的文件。'));
      return;
    }
    box.replaceChildren(
      el('p', {class: 'muted'}, '国家 → 省 → 地级市，按采纳日期排列；共 ' + body.regions + ' 个地区采纳。'),
      el('ul', {class: 'diffusion-tree', id: 'diffusion-tree'}, treeNode(body.tree, 0)));
  };

  /** A server-drawn picture with its downloads and JSON source. */
  PG.picture = function (id, src, alt, json) {
    const svg = src.replace('{fmt}', 'svg');
    const png = src.replace('{fmt}', 'png');
    return el('figure', {class: 'chart', id: id},
      el('img', {src: svg, alt: alt, loading: 'lazy'}),
      el('figcaption', {class: 'muted small'}, alt, ' · 下载 ',
        el('a', {href: svg, download: ''}, 'SVG'), ' · ', el('a', {href: png, download: ''}, 'PNG'),
        json ? [' · 数据 ', el('a', {href: json, class: 'json-link'}, 'JSON')] : null));
  };

  /** The curve and the map for ?measure= or ?batch=, with a shade and level switch for the map. */
  PG.renderAdoption = function (box, query) {
    const q = query;  // e.g. 'measure=...' or 'batch=3'
    const map = el('div', {class: 'map-slot'});
    let shade = 'adoption';
    let level = 'province';
    function drawMap() {
      map.replaceChildren(PG.picture('adoption-map', '/api/charts/map.{fmt}?' + q + '&level=' + level + '&shade=' + shade,
        (level === 'city' ? '地级市' : '省级') + (shade === 'lag' ? '采纳时滞地图' : '采纳地图') +
        '（斜线：未加载该地区文件；灰色：已加载文件，无该批方案；浅色：已加载该批方案，未采纳）', '/api/adoption?' + q));
    }
    function toggle(label, name, values, current, set) {
      const group = el('span', {class: 'toggle', role: 'group', 'aria-label': label});
      for (const [v, text] of values) {
        const b = el('button', {type: 'button', 'aria-pressed': String(v === current), 'data-value': v}, text);
        b.addEventListener('click', () => {
          group.querySelectorAll('button').forEach((x) => x.setAttribute('aria-pressed', String(x === b)));
          set(v);
          drawMap();
        });
        group.appendChild(b);
      }
      return group;
    }
    box.replaceChildren(
      PG.picture('adoption-curve', '/api/charts/adoption.{fmt}?' + q, '采纳曲线（累计采纳）与时滞分布', '/api/adoption?' + q),
      el('div', {class: 'map-controls'},
        toggle('地图着色', 'shade', [['adoption', '按采纳'], ['lag', '按时滞']], shade, (v) => { shade = v; }), ' ',
        toggle('地图层级', 'level', [['province', '省级'], ['city', '地级市']], level, (v) => { level = v; })),
      map);
    drawMap();
  };
})(window);
