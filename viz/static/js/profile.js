/* /region?id=, /department?id=, /document?id= : profiles from /api/regions/{id},
 * /api/departments/{id}, /api/documents/{id} (shapes: policygraph/questions/profiles.py region_profile,
 * department_profile, document_view). Known sections get tables with click-through links; any
 * field the API adds later still shows, generically, so nothing is silently hidden. */
(function (global) {
  'use strict';
  const PG = global.PG;
  const el = PG.el;
  const root = document.getElementById('profile');
  const kind = root.dataset.kind;
  const id = root.dataset.id;
  const body = document.getElementById('profile-body');

  const FIELD_ZH = {
    id: '编号 (id)', name: '名称', short: '简称', level: '层级', title: '标题', number: '文号',
    issuer: '发文机关', date: '日期', region_name: '地区', source_file: '来源文件', sha256: 'SHA-256',
    encoding: '编码', layout: '版式', batch: '批次', batch_role: '批次角色', stub: '仅被引用（未载入）',
    converted_from_traditional: '由繁体转换', line: '条线', printed_names: '原文写法', loaded_at: '载入时间',
    measures: '举措', adopted: '已落实', below: '下级地区举措', below_regions: '有举措的下级地区', total: '合计', regions: '地区数',
  };
  const ROLE_ZH = {lead: '牵头', co: '配合', shared: '共同负责', guide: '指导'};
  const REL_ZH = {above: '上级', below: '下级', 'other-region': '其他地区'};
  const GROUP_ZH = {by_role: '按角色', by_level: '按层级', by_relation: '按关系'};

  /** A table: columns = [[header, row => node|text], ...]. `addRows(rows)` appends more. */
  function table(columns, rows, label) {
    const tr = (r) => el('tr', null, columns.map((c, i) => {
      const v = c[1](r);
      const cell = v === undefined || v === null || v === '' ? '—' : v;
      return i === 0 ? el('th', {scope: 'row'}, cell) : el('td', null, cell);
    }));
    const tbody = el('tbody', null, rows.map(tr));
    const box = el('div', {class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': label},
      el('table', {class: 'trace'},
        el('thead', null, el('tr', null, columns.map((c) => el('th', {scope: 'col'}, c[0])))), tbody));
    box.addRows = (more) => tbody.append(...more.map(tr));
    return box;
  }
  /** A paged list of the profile (the API sends one page and counts the whole): the table
   *  and, under it, "show more" reading the next page of the same answer. */
  function pagedTable(columns, rows, label, page, total, noun, pick) {
    const t = table(columns, rows, label);
    const more = PG.more(page, total, rows.length, noun, (offset, limit) =>
      PG.api(PG.paged(PG.apiPath(kind, id), offset, limit)).then((d) => {
        const got = pick(d);
        t.addRows(got.rows);
        return {page: got.page, added: got.rows.length};
      }));
    return more ? el('div', null, t, more) : t;
  }
  function section(title, count, content) {
    return el('section', {class: 'list-section'},
      el('h2', null, title, count === null ? '' : [' ', el('span', {class: 'count'}, '(' + count + ')')]),
      count === 0 ? el('p', {class: 'muted'}, '无') : content);
  }
  const mlink = (m) => PG.link('measure', PG.pick(m, 'id', 'measure_id'), PG.pick(m, 'title') || (m.untitled ? '（仅列数量，无标题）' : PG.pick(m, 'key', 'id', 'measure_id')));
  const adaptsCell = (m) => {
    const a = (m.adapts || [])[0];
    return a ? el('span', null, PG.link('measure', a.id, a.title || a.id), a.score !== undefined && a.score !== null
      ? el('span', {class: 'muted small'}, ' ' + PG.fmt(a.score)) : null) : null;
  };
  const regionLink = (r) => (r && r.id ? PG.link('region', r.id, PG.pick(r, 'name', 'short', 'id')) : null);

  function facts(obj, skip) {
    const dl = PG.propsList(obj, skip, FIELD_ZH);
    dl.querySelectorAll('dt').forEach((dt) => {
      if (dt.textContent === FIELD_ZH.level) dt.nextSibling.textContent = PG.levelZh(obj.level) + ' (' + obj.level + ')';
    });
    return dl;
  }
  function extraRows(dl, pairs) {
    for (const [k, v] of pairs) if (v) dl.prepend(el('dt', null, k), el('dd', null, v));
    return dl;
  }
  /** Whatever top-level keys the specific renderer did not use, shown generically. */
  function rest(data, used) {
    const out = [];
    for (const k of Object.keys(data)) {
      if (used.indexOf(k) >= 0) continue;
      const v = data[k];
      if (Array.isArray(v) && v.length && typeof v[0] === 'object') out.push(PG.listSection(k, v, k));
      else if (v && typeof v === 'object' && !Array.isArray(v)) out.push(el('section', {class: 'list-section'}, el('h2', null, k), PG.propsList(v)));
    }
    return out;
  }
  function counts(c) {
    if (!c) return null;
    const flat = {};
    for (const k of Object.keys(c)) {
      // grouped counts ({by_role: {guide: 6}}) read as 按角色·指导
      if (c[k] && typeof c[k] === 'object') for (const j of Object.keys(c[k])) flat[(GROUP_ZH[k] || k) + '·' + (ROLE_ZH[j] || REL_ZH[j] || PG.levelZh(j))] = c[k][j];
      else flat[k] = c[k];
    }
    return el('section', {class: 'counts'}, el('h2', null, '统计'), PG.propsList(flat, null, FIELD_ZH));
  }

  // ------------------------------------------------------------------ region
  function renderRegion(d) {
    const r = d.region || d;
    setTitle('地区', r.name || r.id);
    const dl = extraRows(facts(r, ['parent']), [['上级地区', regionLink(r.parent)]]);
    const measures = d.measures || [];
    const below = d.below || [];
    const out = [el('section', {class: 'profile-facts'}, dl), counts(d.counts)];
    const nOwn = (d.counts || {}).measures !== undefined ? d.counts.measures : measures.length;
    out.push(section('本级文件中的举措', nOwn, pagedTable([
      ['举措', mlink], ['文件', (m) => PG.link('document', m.document_id, m.document_id)], ['日期', (m) => m.date],
      ['批次', (m) => (m.batch ? '第' + m.batch + '批' : null)], ['改编自（国家举措）', adaptsCell]], measures, '本级举措',
    d.page, nOwn, '项本级举措', (x) => ({rows: x.measures || [], page: x.page}))));
    if (below.length) {
      // each city summarised (its own profile lists its measures): cities with measures first
      const count = (b) => (b.measure_count !== undefined ? b.measure_count : (b.measures || []).length);
      out.push(section('下级地区', below.length, table([
        ['地区', regionLink], ['层级', (b) => PG.levelZh(b.level)], ['举措数', (b) => String(count(b))],
        ['改编国家举措的', (b) => (b.adopted !== undefined ? String(b.adopted) : null)],
        ['举措', (b) => (count(b) ? PG.link('region', b.id, '查看 ' + (b.short || b.name || b.id) + ' 的举措') : null)]],
      below.filter((b) => count(b)).concat(below.filter((b) => !count(b))), '下级地区')));
    }
    for (const b of d.batches || []) {
      const adopted = b.adopted || [];
      const missing = b.not_adopted || [];
      out.push(section('第' + b.batch + '批国家举措：已落实 ' + adopted.length + '，未落实 ' + missing.length, null,
        el('div', {class: 'diff-cols'},
          el('div', null, el('h3', null, '已落实'), adopted.length ? null : el('p', {class: 'muted'}, '无'), el('ul', null, adopted.map((m) => el('li', null, mlink(m),
            (m.adopted_by || []).length ? el('span', {class: 'muted small'}, ' ← ', m.adopted_by.map((x, i) => [i ? '、' : '', PG.link('measure', x, x)])) : null)))),
          el('div', null, el('h3', null, '未落实'), el('ul', null, missing.map((m) => el('li', null, mlink(m))))))));
    }
    const deps = d.departments || [];
    out.push(section('本地区负责部门', deps.length, table([
      ['部门', (x) => PG.link('department', x.id, x.name || x.id)], ['条线', (x) => x.line],
      ['原文写法', (x) => PG.fmt(x.printed_names)], ['牵头', (x) => String(x.leads ?? '')], ['配合', (x) => String(x.co ?? '')],
      ['共同负责', (x) => String(x.shared ?? '')], ['合计', (x) => String(x.total ?? '')]], deps, '部门')));
    return out.concat(rest(d, ['region', 'measures', 'below', 'batches', 'departments', 'counts', 'page']));
  }

  // ------------------------------------------------------------------ department
  function renderDepartment(d) {
    const dep = d.department || d;
    setTitle('部门', dep.name || dep.id);
    const dl = extraRows(facts(dep, ['region', 'region_id']), [['地区', regionLink(dep.region || {id: dep.region_id})]]);
    const ms = d.measures || [];
    const cps = d.counterparts || [];
    const nMs = (d.counts || {}).total !== undefined ? d.counts.total : ms.length;
    const cc = d.counterpart_counts || {};
    const nCps = cc.total !== undefined ? cc.total : cps.length;
    const rel = cc.by_relation || {};
    const cpCounts = Object.keys(rel).length ? el('p', {class: 'muted'}, Object.keys(rel).map((k, i) =>
      (i ? '，' : '') + (REL_ZH[k] || k) + ' ' + rel[k]).join('') + '（上级、下级在前）') : null;
    return [el('section', {class: 'profile-facts'}, dl), counts(d.counts),
      section('负责的举措', nMs, pagedTable([
        ['举措', mlink], ['角色', (m) => ROLE_ZH[m.role] || m.role], ['原文写法', (m) => m.as_printed],
        ['依据', (m) => PG.methodNode(m.rule, 'small')], ['地区', (m) => regionLink(m.region || {id: m.region_id})],
        ['文件', (m) => PG.link('document', m.document_id, m.document_title || m.document_id)], ['改编自', adaptsCell]], ms, '负责的举措',
      d.page, nMs, '项举措', (x) => ({rows: x.measures || [], page: x.page}))),
      section('同一条线的对应部门', nCps, [cpCounts, pagedTable([
        ['部门', (c) => PG.link('department', c.id, c.name || c.id)], ['关系', (c) => REL_ZH[c.relation] || c.relation],
        ['地区', (c) => regionLink(c.region || {id: c.region_id})], ['层级', (c) => PG.levelZh(c.level)],
        ['牵头', (c) => String(c.leads ?? '')], ['合计', (c) => String(c.total ?? '')]], cps, '对应部门',
      d.counterparts_page, nCps, '个对应部门', (x) => ({rows: x.counterparts || [], page: x.counterparts_page}))]),
    ].concat(rest(d, ['department', 'measures', 'counterparts', 'counts', 'page', 'counterpart_counts', 'counterparts_page']));
  }

  // ------------------------------------------------------------------ document
  function renderDocument(d) {
    const doc = d.document || d;
    setTitle('文件', doc.title || doc.number || doc.id);
    const dl = extraRows(facts(doc, ['region_id']), [
      ['地区', regionLink(d.region || (doc.region_id ? {id: doc.region_id, name: doc.region_name} : null))],
      ['公布批次', d.announces_batch ? '第' + d.announces_batch.number + '批' : null]]);
    const ms = d.measures || [];
    const cites = d.cites || [];
    const citedBy = d.cited_by || [];
    const nCited = d.cited_by_count !== undefined ? d.cited_by_count : citedBy.length;
    return [el('section', {class: 'profile-facts'}, dl),
      section('文件中的举措', ms.length, table([
        ['序号', (m) => m.key], ['举措', mlink], ['类别', (m) => m.category], ['状态', (m) => m.status],
        ['责任部门（原文）', (m) => m.departments_printed], ['改编自（国家举措）', adaptsCell]], ms, '文件中的举措')),
      section('引用的上级文件 (DERIVED_FROM)', cites.length, table([
        ['文件', (c) => PG.link('document', c.id, c.title || c.number || c.id)], ['层数', (c) => String(c.depth ?? '')],
        ['引用方式', (c) => (c.citations || []).map((x) => (x.via === 'title' ? '按标题' : '按文号') + (x.cited_as ? '：' + x.cited_as : '')).join('；')],
        ['日期', (c) => c.date], ['已载入', (c) => (c.stub ? '否（仅引用）' : '是')]], cites, '引用的文件')),
      section('被以下文件引用', nCited, citedList(citedBy, d)),
    ].concat(rest(d, ['document', 'region', 'announces_batch', 'measures', 'cites', 'cited_by', 'cited_by_count', 'cited_by_page']));
  }

  /** The documents citing this one: a page of them (a batch's notice is cited by every plan). */
  function citedList(rows, d) {
    const li = (c) => el('li', null, PG.link('document', c.id, c.title || c.id),
      c.cited_as ? el('span', {class: 'muted small'}, ' 引作：' + c.cited_as) : null);
    const ul = el('ul', null, rows.map(li));
    const total = d.cited_by_count !== undefined ? d.cited_by_count : rows.length;
    const more = PG.more(d.cited_by_page, total, rows.length, '份引用文件', (offset, limit) =>
      PG.api(PG.paged(PG.apiPath(kind, id), offset, limit)).then((x) => {
        ul.append(...(x.cited_by || []).map(li));
        return {page: x.cited_by_page, added: (x.cited_by || []).length};
      }));
    return more ? el('div', null, ul, more) : ul;
  }

  function setTitle(zh, name) {
    document.getElementById('profile-title').textContent = zh + '：' + name;
    document.title = name + ' · policygraph';
  }

  const RENDER = {region: renderRegion, department: renderDepartment, document: renderDocument};
  PG.api(PG.apiPath(kind, id)).then((data) => body.replaceChildren(...RENDER[kind](data).filter(Boolean)),
    (err) => PG.showError(body, err, root.dataset.kindZh + '加载失败'));
})(window);
