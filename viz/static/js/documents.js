/* /documents : every loaded document, paged; by level, then region code, oldest first within a region. */
(function (global) {
  'use strict';
  const PG = global.PG;
  const el = PG.el;
  const box = document.getElementById('documents-body');
  const LIMIT = 100;
  const offset = Math.max(0, parseInt(PG.qs('offset') || '0', 10) || 0);

  PG.api('/api/documents?limit=' + LIMIT + '&offset=' + offset).then((page) => {
    const head = ['文件', '文号', '层级', '地区', '日期', '批次', '举措数', '来源文件'];
    const rows = page.items.map((d) => el('tr', {'data-document-id': d.id},
      el('th', {scope: 'row'}, PG.link('document', d.id, PG.docName(d)), d.stub ? el('span', {class: 'muted small'}, '（仅被引用，未加载）') : null),
      el('td', {class: 'nowrap'}, d.number || '—'),
      el('td', null, PG.levelZh(d.level)),
      el('td', null, d.region_id ? PG.link('region', d.region_id, d.region || d.region_id) : '—'),
      el('td', {class: 'nowrap'}, d.date || el('span', {class: 'muted'}, '未注明')),
      el('td', {class: 'num'}, d.batch ? '第' + d.batch + '批' : '—'),
      el('td', {class: 'num'}, String(d.measures)),
      el('td', {class: 'small'}, d.source_file || '—')));
    const nav = el('p', null,
      offset > 0 ? el('a', {href: '/documents?offset=' + Math.max(0, offset - LIMIT)}, '← 上一页') : null, ' ',
      offset + LIMIT < page.total ? el('a', {href: '/documents?offset=' + (offset + LIMIT)}, '下一页 →') : null);
    box.replaceChildren(
      el('p', {class: 'muted'}, '共 ' + page.total + ' 份（含仅被引用的文件），第 ' + (offset + 1) + '–' + Math.min(page.total, offset + LIMIT) + ' 份。'),
      el('div', {class: 'table-scroll'}, el('table', {class: 'trace', id: 'documents-table'},
        el('thead', null, el('tr', null, head.map((h) => el('th', {scope: 'col'}, h)))), el('tbody', null, rows))),
      nav);
  }, (err) => PG.showError(box, err, '文件列表加载失败'));
})(window);
