/* /coverage : batch x region table with filters (the query string is passed to the API as is). */
(function (global) {
  'use strict';
  const PG = global.PG;
  const el = PG.el;
  const box = document.getElementById('coverage-body');
  const params = new URLSearchParams(global.location.search);
  for (const [k, v] of params) {
    const input = document.getElementById('f-' + k);
    if (!input) continue;
    if (input.type === 'checkbox') input.checked = v === 'true';
    else input.dataset.want = v;
    if (input.tagName === 'INPUT' && input.type !== 'checkbox') input.value = v;
  }
  function fillSelect(id, values, label) {
    const s = document.getElementById(id);
    for (const [v, text] of values) s.appendChild(el('option', {value: v}, label ? label(text) : text));
    if (s.dataset.want) s.value = s.dataset.want;
  }
  ['f-level', 'f-scope'].forEach((id) => { const s = document.getElementById(id); if (s.dataset.want) s.value = s.dataset.want; });
  for (const k of Array.from(params.keys())) if (!params.get(k)) params.delete(k);

  PG.api('/api/coverage/table?' + params.toString()).then((t) => {
    PG.api('/api/batches').then((bs) => fillSelect('f-batch', bs.map((b) => [String(b.number), '第' + b.number + '批'])));
    fillSelect('f-line', t.lines.map((l) => [l, l]));
    if (!t.rows.length) {
      box.replaceChildren(el('p', {class: 'muted'}, '没有符合条件的地区。勾选“显示未加载文件的地区”可列出全部地区。'));
    } else {
      const head = ['地区', '层级', ...t.batches.map((b) => '第' + b.number + '批（' + b.size + '项）')];
      const rows = t.rows.map((r) => el('tr', {'data-region-id': r.region.id},
        el('th', {scope: 'row'}, PG.link('region', r.region.id, r.region.name)),
        el('td', null, PG.levelZh(r.region.level)),
        r.cells.map((c) => el('td', {class: 'cov', 'data-status': c.status, 'data-batch': c.batch, title: t.status_zh[c.status],
          // adopted: green, deeper with the share adopted
          style: c.status === 'adopted' ? 'background: hsl(150, 45%, ' + Math.round(92 - 30 * (c.ratio || 0)) + '%)' : null},
          c.status === 'adopted' ? c.adopted + ' / ' + c.size : c.status === 'not-adopted' ? '0 / ' + c.size : c.status === 'no-plan' ? '无方案' : '未加载'))));
      box.replaceChildren(el('p', {class: 'muted'}, t.rows.length + ' 个地区。'),
        el('div', {class: 'table-scroll'}, el('table', {class: 'trace', id: 'coverage-table'},
          el('thead', null, el('tr', null, head.map((h) => el('th', {scope: 'col'}, h)))), el('tbody', null, rows))));
    }
    if (t.filters.batch) {
      document.getElementById('coverage-pictures').hidden = false;
      PG.renderAdoption(document.getElementById('coverage-adoption'), 'batch=' + t.filters.batch);
    }
  }, (err) => PG.showError(box, err, '覆盖情况加载失败'));
})(window);
