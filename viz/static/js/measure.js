/* /measure?id= : details, localisation diff, trace table and diffusion graph of one measure.
 * Three independent requests, so a failing trace does not blank the details (and vice versa). */
(function (global) {
  'use strict';
  const PG = global.PG;
  const el = PG.el;
  const root = document.getElementById('measure');
  const id = root.dataset.id;

  // ------------------------------------------------------------------ departments
  /** Normalise one department mention: {id, name (canonical), as_printed, role, rule}. */
  function dept(d) {
    if (d === null || d === undefined) return null;
    if (typeof d !== 'object') return {name: String(d), as_printed: String(d)};
    return {
      id: PG.pick(d, 'id', 'department_id'),
      name: PG.pick(d, 'name', 'canonical', 'canonical_name', 'department_name', 'department.name'),
      as_printed: PG.pick(d, 'as_printed', 'printed', 'printed_name'),
      role: PG.pick(d, 'role'),
      rule: PG.pick(d, 'rule', 'method'),
      rank: PG.pick(d, 'rank'),
    };
  }
  function deptList(v) {
    if (v === undefined || v === null) return [];
    return (Array.isArray(v) ? v : [v]).map(dept).filter(Boolean);
  }
  /** "省科技厅 → 广东省科学技术厅": the text as printed, then the canonical body it resolves to. */
  function deptNode(d) {
    const printed = d.as_printed;
    const canon = d.name;
    const parts = [];
    if (printed) parts.push(el('span', {class: 'as-printed', title: '原文写法 (as printed)'}, printed));
    if (canon && canon !== printed) {
      if (printed) parts.push(el('span', {class: 'arrow', 'aria-label': '即'}, ' → '));
      parts.push(PG.link('department', d.id, canon));
    } else if (d.id && printed) {
      parts[parts.length - 1] = PG.link('department', d.id, printed);
    } else if (!printed) {
      parts.push(PG.link('department', d.id, canon || d.id));
    }
    if (d.rule && /order|presum|first|顺序|推定/i.test(String(d.rule))) {
      parts.push(el('span', {class: 'muted rule', title: '牵头单位由排列顺序推定'}, '（按顺序推定）'));
    }
    return el('span', {class: 'dept', 'data-role': d.role || ''}, parts);
  }
  function deptCell(list) {
    if (!list.length) return el('span', {class: 'muted'}, '—');
    const wrap = el('span', {class: 'depts'});
    list.forEach((d, i) => { if (i) wrap.appendChild(document.createTextNode('、')); wrap.appendChild(deptNode(d)); });
    return wrap;
  }
  /** Split a measure's department list by role (lead / co / shared / guide). */
  function byRole(m) {
    const out = {guide: [], lead: [], co: [], shared: []};
    const all = deptList(PG.pick(m, 'departments', 'leads', 'responsible'));
    for (const d of all) (out[d.role] || out.co).push(d);
    for (const r of Object.keys(out)) {
      const extra = PG.pick(m, r, r + 's', r + '_departments', r === 'guide' ? 'guiding_departments' : '_none');
      if (extra) out[r] = out[r].concat(deptList(extra));
    }
    return out;
  }

  // ------------------------------------------------------------------ details
  function renderDetail(m) {
    const sec = document.getElementById('measure-detail');
    const title = PG.pick(m, 'title', 'name') || '（无标题举措）';
    document.title = title + ' · policygraph';
    const national = PG.isNational(m);
    const docId = PG.pick(m, 'document_id', 'document.id');
    const docTitle = PG.pick(m, 'document.title', 'document_title', 'document.number') || docId;
    const regionId = PG.pick(m, 'region_id', 'region.id');
    const regionName = PG.pick(m, 'region_name', 'region.name') || regionId;
    const batch = PG.pick(m, 'batch', 'batch_number', 'batch.number');
    const roles = byRole(m);
    const dl = el('dl', {class: 'props measure-props'});
    const row = (k, v) => { if (v !== undefined && v !== null && v !== '') dl.append(el('dt', null, k), el('dd', null, v)); };
    row('编号 (id)', el('code', null, PG.pick(m, 'id') || id));
    row('层级', el('span', {class: 'badge level-' + (national ? 'national' : 'local')}, PG.levelZh(PG.pick(m, 'level'))));
    row('地区', regionId ? PG.link('region', regionId, regionName) : regionName);
    row('文件', docId ? PG.link('document', docId, docTitle) : undefined);
    row('批次', batch !== undefined ? '第' + batch + '批' : undefined);
    row('类别', PG.pick(m, 'category'));
    row('推广范围', PG.pick(m, 'scope'));
    row('状态', PG.pick(m, 'status', 'batch_role'));
    row('指导部门', roles.guide.length ? deptCell(roles.guide) : undefined);
    row('牵头部门', roles.lead.length ? deptCell(roles.lead) : undefined);
    row('共同负责（按职责分工）', roles.shared.length ? deptCell(roles.shared) : undefined);
    row('配合部门', roles.co.length ? deptCell(roles.co) : undefined);
    row('原文部门', PG.pick(m, 'departments_printed'));
    const lines = [PG.pick(m, 'line_start', 'provenance.line_start'), PG.pick(m, 'line_end', 'provenance.line_end')];
    row('原文位置', lines[0] !== undefined ? '第 ' + lines[0] + (lines[1] !== undefined ? '–' + lines[1] : '') + ' 行' : undefined);
    const parents = listAdapts(m, 'parent');
    if (parents.length) {
      row('改编自（国家举措）', el('span', null, parents.map((p, i) => [i ? '、' : '',
        PG.link('measure', p.id, p.title || p.id), p.score !== undefined ? el('span', {class: 'muted'}, ' 相似度 ' + PG.fmt(p.score)) : ''])));
    }
    const content = PG.pick(m, 'content', 'text');
    sec.replaceChildren(
      el('h1', {id: 'measure-title'}, title),
      dl,
      content ? el('section', {class: 'content'}, el('h2', null, '主要内容'), el('p', {class: 'measure-content'}, content))
        : el('p', {class: 'muted'}, national && !PG.pick(m, 'title') ? '该举措在原文中只列出数量，没有标题与内容（如军民深度融合类）。' : '原文没有内容文字。'));
    renderDiff(m, parents);
  }

  /** ADAPTS links out of (parent) or into (children) this measure, normalised. */
  function listAdapts(m, which) {
    const keys = which === 'parent' ? ['adapts', 'parents', 'parent', 'national', 'adapts_to', 'national_parent']
      : ['adapted_by', 'children', 'localisations'];
    let v;
    for (const k of keys) { v = m[k]; if (v) break; }
    if (!v) return [];
    return (Array.isArray(v) ? v : [v]).map((a) => (typeof a === 'object' ? {
      id: PG.pick(a, 'id', 'measure_id', 'national_id', 'to', 'measure.id'),
      title: PG.pick(a, 'title', 'measure.title', 'national_title'),
      score: PG.pick(a, 'score', 'properties.score'),
      method: PG.pick(a, 'method', 'properties.method'),
      reuse_ratio: PG.pick(a, 'reuse_ratio', 'properties.reuse_ratio', 'diff.reuse_ratio'),
      diff: PG.pick(a, 'diff'),
    } : {id: String(a)}));
  }

  // ------------------------------------------------------------------ localisation diff
  function renderDiff(m, parents) {
    const box = document.getElementById('measure-diff');
    const d = PG.pick(m, 'diff', 'localisation_diff', 'adapts_diff') || (parents.find((p) => p.diff) || {}).diff;
    if (!d || typeof d !== 'object') return;
    const local = d.local_text || '';
    const nat = d.national_text || '';
    const kept = d.kept || [];
    box.hidden = false;
    box.replaceChildren(
      el('h2', {id: 'diff-title'}, '与国家举措对比 (localisation diff)'),
      el('p', {class: 'diff-legend'},
        el('mark', {class: 'diff-kept'}, '保留 kept'), ' ', el('ins', {class: 'diff-added'}, '新增 added'), ' ',
        el('del', {class: 'diff-dropped'}, '删去 dropped'),
        d.reuse_ratio !== undefined ? ' · 复用率 ' + (100 * d.reuse_ratio).toFixed(0) + '%' : '',
        d.local_novelty !== undefined ? ' · 新增比例 ' + (100 * d.local_novelty).toFixed(0) + '%' : ''),
      el('div', {class: 'diff-cols'},
        el('div', null, el('h3', null, '地方文本'),
          el('p', {class: 'diff-text diff-local'}, mixed(local, kept.map((k) => [k.local_start, k.local_end, 'kept'])
            .concat((d.added || []).map((a) => [a.start, a.end, 'added']))))),
        el('div', null, el('h3', null, '国家文本'),
          el('p', {class: 'diff-text diff-national'}, mixed(nat, kept.map((k) => [k.national_start, k.national_end, 'kept'])
            .concat((d.dropped || []).map((a) => [a.start, a.end, 'dropped'])))))));
  }
  /** Text with typed spans [start, end, kind] highlighted. */
  function mixed(text, segs) {
    const out = [];
    let pos = 0;
    segs.filter((s) => s[0] !== undefined && s[1] !== undefined).sort((a, b) => a[0] - b[0]).forEach(([s, e, kind]) => {
      if (s < pos) return;
      if (s > pos) out.push(text.slice(pos, s));
      const tag = kind === 'dropped' ? 'del' : kind === 'added' ? 'ins' : 'mark';
      out.push(el(tag, {class: 'diff-' + kind}, text.slice(s, e)));
      pos = e;
    });
    if (pos < text.length) out.push(text.slice(pos));
    return out;
  }

  // ------------------------------------------------------------------ trace table
  function traceRows(body) {
    return PG.listOf(body, 'localisations', 'localizations', 'rows', 'trace', 'items', 'results', 'events');
  }
  function cellRegion(r) {
    const rid = PG.pick(r, 'region_id', 'region.id');
    return PG.link('region', rid, PG.pick(r, 'region_name', 'region.name', 'region') || rid);
  }
  function leadsOf(r) {
    let lead = deptList(PG.pick(r, 'lead', 'leads', 'lead_departments', 'lead_department'));
    if (!lead.length && PG.pick(r, 'lead_as_printed', 'lead_name', 'lead_id')) {
      lead = [{id: r.lead_id, name: r.lead_name, as_printed: r.lead_as_printed, rule: r.lead_rule}];
    }
    const shared = deptList(PG.pick(r, 'shared', 'shared_departments'));
    let co = deptList(PG.pick(r, 'co', 'co_departments', 'co_leads', 'others'));
    const all = deptList(PG.pick(r, 'departments'));
    if (!lead.length && all.length) {
      lead = all.filter((d) => d.role === 'lead');
      co = co.concat(all.filter((d) => d.role === 'co'));
      shared.push.apply(shared, all.filter((d) => d.role === 'shared'));
    }
    return {lead: lead, co: co, shared: shared};
  }
  function renderTrace(body) {
    const box = document.getElementById('trace-body');
    const rows = traceRows(body);
    if (!rows.length) {
      box.replaceChildren(el('p', {class: 'muted'}, '没有找到该举措的地方落实记录（或这是地方举措：见上方“改编自”）。'));
      return;
    }
    const head = ['地区', '层级', '地方举措', '文件', '日期', '时滞', '牵头部门（原文 → 规范名）', '配合部门', '匹配', '复用率'];
    const tbody = el('tbody');
    for (const r of rows) {
      const L = leadsOf(r);
      const mid = PG.pick(r, 'measure_id', 'local_measure_id', 'local.id', 'measure.id', 'id');
      const docId = PG.pick(r, 'document_id', 'document.id');
      const lag = PG.pick(r, 'lag_days', 'lag', 'lag_months');
      const score = PG.pick(r, 'score', 'adapts_score', 'adapts.score');
      const method = PG.pick(r, 'method', 'adapts_method', 'adapts.method');
      const reuse = PG.pick(r, 'reuse_ratio', 'adapts.reuse_ratio');
      const leadCell = L.lead.length ? deptCell(L.lead)
        : L.shared.length ? el('span', null, el('span', {class: 'muted'}, '共同负责：'), deptCell(L.shared)) : deptCell([]);
      tbody.appendChild(el('tr', {'data-region-id': PG.pick(r, 'region_id', 'region.id') || ''},
        el('th', {scope: 'row'}, cellRegion(r)),
        el('td', null, PG.levelZh(PG.pick(r, 'level', 'region_level'))),
        el('td', null, mid ? PG.link('measure', mid, PG.pick(r, 'title', 'measure_title', 'local.title', 'measure.title') || mid) : '—'),
        el('td', null, docId ? PG.link('document', docId, PG.pick(r, 'document_title', 'document.title', 'document_number') || docId) : '—'),
        el('td', {class: 'nowrap'}, PG.fmt(PG.pick(r, 'date', 'document_date', 'promoted_date'))),
        el('td', {class: 'num'}, lag === undefined ? '—' : PG.fmt(lag) + (r.lag_days !== undefined || typeof lag === 'number' ? ' 天' : '')),
        el('td', null, leadCell),
        el('td', null, deptCell(L.co)),
        el('td', {class: 'num'}, score === undefined ? '—' : PG.fmt(score), method ? el('div', {class: 'muted small'}, method) : null),
        el('td', {class: 'num'}, reuse === undefined ? '—' : (100 * reuse).toFixed(0) + '%')));
    }
    box.replaceChildren(
      el('p', {class: 'muted'}, '共 ' + rows.length + ' 处地方落实。时滞 = 地方文件日期减国家推广日期。'),
      el('div', {class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': '扩散轨迹表'},
        el('table', {class: 'trace', id: 'trace-table'},
          el('caption', {class: 'visually-hidden'}, '该举措在各地的落实情况'),
          el('thead', null, el('tr', null, head.map((h) => el('th', {scope: 'col'}, h)))), tbody)));
  }

  // ------------------------------------------------------------------ go
  PG.api(PG.apiPath('measure', id)).then(renderDetail, (err) => PG.showError(document.getElementById('measure-detail'), err, '举措加载失败'));
  PG.api('/api/trace?measure=' + encodeURIComponent(id)).then(renderTrace, (err) => {
    const box = document.getElementById('trace-body');
    if (err.status === 404 || err.status === 422) {
      // a local measure has no trace of its own: say so instead of alarming the reader
      box.replaceChildren(el('p', {class: 'muted'}, err.message, err.hint ? '（' + err.hint + '）' : ''));
    } else PG.showError(box, err, '扩散轨迹加载失败');
  });
  PG.graphView('/api/graph?focus=' + encodeURIComponent(id) + '&depth=2', document.getElementById('measure-graph'));
})(window);
