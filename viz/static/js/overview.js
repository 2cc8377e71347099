/* Home page overview: batches, documents, the who-leads form. Each block is one API call. */
(function (global) {
  'use strict';
  const PG = global.PG;
  const el = PG.el;

  const batchBox = document.getElementById('overview-batches');
  PG.api('/api/batches').then((list) => {
    if (!list.length) {
      batchBox.replaceChildren(el('p', {class: 'muted'}, '尚未加载国家推广清单。'));
      return;
    }
    batchBox.replaceChildren(el('ul', {class: 'entity-list', id: 'batch-list'}, list.map((b) => el('li', null,
      el('strong', null, '第' + b.number + '批'), ' ', b.notice_number ? PG.link('document', b.notice_number, b.notice_number) : '',
      el('span', {class: 'facts'}, '（' + (b.date || '日期不详') + '，' + (b.measure_count || b.measures_loaded) + ' 项举措）'), ' ',
      el('a', {href: '/coverage?batch=' + b.number}, '覆盖情况与地图')))));
  }, (err) => PG.showError(batchBox, err, '批次加载失败'));

  const docBox = document.getElementById('overview-documents');
  PG.api('/api/documents?limit=8').then((page) => {
    docBox.replaceChildren(
      el('p', null, el('span', {class: 'stat', id: 'document-total'}, String(page.total)), ' 份文件已加载 · ',
        el('a', {href: '/documents'}, '全部文件')),
      el('ul', {class: 'entity-list'}, page.items.map((d) => el('li', null,
        PG.link('document', d.id, PG.docName(d)),
        el('span', {class: 'facts'}, '（' + PG.levelZh(d.level) + '，' + (d.date || '日期不详') + '，' + d.measures + ' 项）')))));
  }, (err) => PG.showError(docBox, err, '文件加载失败'));
})(window);
