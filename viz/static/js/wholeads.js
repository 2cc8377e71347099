/* /who-leads : the form and the answer, read from /api/who-leads. */
(function (global) {
  'use strict';
  const PG = global.PG;
  const el = PG.el;
  // How the wording was resolved (policygraph/questions/search.py resolve_measure's methods).
  const RESOLVED_BY = {id: '按 id', number: '按批次编号', key: '按地方文件编号', wording: '按名称相似度'};
  const box = document.getElementById('who-answer');
  const measure = PG.qs('measure');
  const region = PG.qs('region');
  if (!measure || !region) return;

  function names(list) {
    if (!list || !list.length) return el('span', {class: 'muted'}, '—');
    return el('span', null, list.map((d, i) => [i ? '、' : '', el('strong', {title: '规范名称：' + (d.canonical || '')}, d.as_printed || d.canonical),
      d.canonical && d.canonical !== d.as_printed ? el('span', {class: 'muted small'}, '（' + d.canonical + '）') : null]));
  }
  const limit = PG.qs('limit');  // answers per page (the API's default when absent)
  const url = '/api/who-leads?measure=' + encodeURIComponent(measure) + '&region=' + encodeURIComponent(region);
  function card(a) {
    return el('section', {class: 'who-card'},
      el('h2', null, (a.region ? a.region.name : '') + '：', a.shared_lead ? '共同负责 ' : '牵头 ', names(a.lead)),
      a.co.length ? el('p', null, '配合：', names(a.co)) : null,
      el('p', {class: 'muted small'}, '依据：', PG.methodNode(a.rule, 'small') || '—'),
      el('p', {class: 'small'}, '地方举措：', PG.link('measure', a.measure.id, a.measure.title || a.measure.id),
        a.document ? ['，见 ', PG.link('document', a.document.id, PG.docName(a.document))] : null));
  }
  /** Answers come a page at a time (the region's own first, then its cities'; the API counts
   * them all): say how many there are, offer the next page. */
  function more(b, shown) {
    const next = b.page.next_offset;
    if (next === null || next === undefined) return null;
    const c = b.counts;
    const p = el('p', {class: 'who-more'}, '共 ' + c.total + ' 条答案（本地区 ' + c.own + ' 条，下级地区 ' + c.below + ' 条，' +
      c.below_regions + ' 个地区），已显示 ' + shown + ' 条。');
    const btn = el('button', {type: 'button', class: 'who-more-button'}, '显示更多');
    btn.addEventListener('click', () => {
      btn.disabled = true;
      // the same page size (the API's default after a page of none)
      const per = b.page.limit ? '&limit=' + b.page.limit : '';
      PG.api(url + per + '&offset=' + next).then((nb) => {
        const cards = nb.answers.map(card);
        const after = more(nb, shown + cards.length);
        p.replaceWith(...cards, ...(after ? [after] : []));
      }, (err) => { btn.disabled = false; PG.showError(p, err, '加载失败'); });
    });
    p.appendChild(btn);
    return p;
  }
  PG.loading(box);
  PG.api(url + (limit ? '&limit=' + encodeURIComponent(limit) : '')).then((b) => {
    const parts = [el('p', null, '举措：', PG.link('measure', b.measure.id, (b.measure.batch ? '第' + b.measure.batch + '批' : '') + (b.measure.key ? '第' + b.measure.key + '项 ' : '') + (b.measure.title || b.measure.id)),
      el('span', {class: 'muted small'}, '（由“' + b.resolution.query + '”识别，' + (RESOLVED_BY[b.resolution.method] || '按名称相似度') + '）'),
      ' · 地区：', PG.link('region', b.region.id, b.region.name))];
    if (!b.answers.length) parts.push(el('p', {class: 'muted'}, b.note || '该地区已加载的文件中没有这项举措。'));
    for (const a of b.answers) parts.push(card(a));
    const after = more(b, b.answers.length);
    if (after) parts.push(after);
    box.replaceChildren(...parts);
  }, (err) => PG.showError(box, err, '查询失败'));
})(window);
