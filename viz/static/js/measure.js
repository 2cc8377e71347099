/* /measure?id= : details, localisation diff, trace table and diffusion graph of one measure.
 * Three independent requests, so a failing trace does not blank the details (and vice versa). */
(function (global) {
  'use strict';
  const PG = global.PG;
  const el = PG.el;
  const root = document.getElementById('measure');
  const id = root.dataset.id;
  const STATUS_ZH = {'newly-promoted': '大力推广（新推广）', deepened: '深化实施'};
  const RULE_ZH = {'stated-first-leads': '原文：排在首位者牵头', 'stated-lead': '原文写明牵头',
    'stated-shared': '原文：按职责分工共同负责', 'presumed-first-listed': '按排列顺序推定牵头', 'guiding-department': '国家指导部门'};

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
    if (d.rule && /presum|推定/i.test(String(d.rule)) && (!d.role || d.role === 'lead')) {
      parts.push(el('span', {class: 'muted rule', title: RULE_ZH[d.rule] || d.rule}, '（按顺序推定）'));
    } else if (d.rule && RULE_ZH[d.rule] && parts[0] && parts[0].setAttribute) {
      parts[0].setAttribute('title', '原文写法；' + RULE_ZH[d.rule]);
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
    const all = deptList(PG.pick(m, 'responsibility.departments', 'departments', 'leads', 'responsible'));
    for (const d of all) (out[d.role] || out.co).push(d);
    for (const r of Object.keys(out)) {
      if (all.length) continue; // the full list already has every role
      const extra = PG.pick(m, r, r + 's', r + '_departments', r === 'guide' ? 'guiding_departments' : '_none');
      if (extra && typeof extra === 'object') out[r] = out[r].concat(deptList(extra));
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
    // an untitled plan reads 未注明标题的文件（its file）, never the internal file: id
    const docTitle = PG.pick(m, 'document.title', 'document_title', 'document.number') || PG.docName(m.document || {id: docId});
    const regionId = PG.pick(m, 'region_id', 'region.id');
    const regionName = PG.pick(m, 'region_name', 'region.name') || regionId;
    const batch = PG.pick(m, 'batch.number', 'batch_number', 'batch');
    const roles = byRole(m);
    const dl = el('dl', {class: 'props measure-props'});
    const row = (k, v) => { if (v !== undefined && v !== null && v !== '') dl.append(el('dt', null, k), el('dd', null, v)); };
    row('编号 (id)', el('code', null, PG.pick(m, 'id') || id));
    row('层级', el('span', {class: 'badge level-' + (national ? 'national' : 'local')}, PG.levelZh(PG.pick(m, 'level'))));
    row('地区', regionId ? PG.link('region', regionId, regionName) : regionName);
    row('文件', docId ? PG.link('document', docId, docTitle) : undefined);
    row('批次', batch !== undefined && typeof batch !== 'object' ? '第' + batch + '批' : undefined);
    row('类别', PG.pick(m, 'category'));
    row('推广范围', PG.pick(m, 'scope'));
    row('状态', STATUS_ZH[PG.pick(m, 'status')] || PG.pick(m, 'status'));
    row('指导部门', roles.guide.length ? deptCell(roles.guide) : undefined);
    row('牵头部门', roles.lead.length ? deptCell(roles.lead) : undefined);
    row('共同负责（按职责分工）', roles.shared.length ? deptCell(roles.shared) : undefined);
    row('配合部门', roles.co.length ? deptCell(roles.co) : undefined);
    row('原文部门', PG.pick(m, 'departments_printed'));
    const resp = m.responsibility || {};
    // The API's statement is English prose for scripts; the page says the same in Chinese words.
    row('牵头依据', resp.rule ? PG.methodNode(resp.rule, '') : undefined);
    const res = m.resolution;
    if (res && res.method === 'wording') {
      row('匹配方式', el('span', null, '按文字“' + res.query + '”匹配（得分 ' + PG.fmt(res.score) + '）',
        (res.alternatives || []).length ? el('span', {class: 'muted small'}, ' 其他候选：',
          res.alternatives.map((a, i) => [i ? '、' : '', PG.link('measure', a.id, a.title || a.id)])) : null));
    }
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
  /** Text with typed spans [start, end, kind, segmentText] highlighted. When the full text is not
   *  at hand (trace rows carry only the segments) the text is rebuilt from the segments, which
   *  cover it except for whitespace the diff ignores. */
  function mixed(text, segs) {
    const out = [];
    let pos = 0;
    segs = segs.filter((x) => x[0] !== undefined && x[0] !== null).sort((a, b) => a[0] - b[0]);
    for (const [s0, e0, kind, segText] of segs) {
      if (text && s0 < pos) continue;
      if (text && s0 > pos) out.push(text.slice(pos, s0));
      const tag = kind === 'dropped' ? 'del' : kind === 'added' ? 'ins' : 'mark';
      out.push(el(tag, {class: 'diff-' + kind}, text ? text.slice(s0, e0) : segText));
      pos = e0;
    }
    if (text && pos < text.length) out.push(text.slice(pos));
    return out;
  }

  /** Kept / added / dropped between a local measure and its national parent, side by side. */
  function diffView(d, localText, nationalText) {
    const kept = d.kept || [];
    return el('div', {class: 'diff'},
      el('p', {class: 'diff-legend'},
        el('mark', {class: 'diff-kept'}, '保留 kept'), ' ', el('ins', {class: 'diff-added'}, '新增 added'), ' ',
        el('del', {class: 'diff-dropped'}, '删去 dropped'),
        d.reuse_ratio !== undefined && d.reuse_ratio !== null ? ' · 复用率 ' + (100 * d.reuse_ratio).toFixed(0) + '%（国家文本被保留的比例）' : '',
        d.local_novelty !== undefined && d.local_novelty !== null ? ' · 新增比例 ' + (100 * d.local_novelty).toFixed(0) + '%' : ''),
      el('div', {class: 'diff-cols'},
        el('div', null, el('h3', null, '地方文本'),
          el('p', {class: 'diff-text diff-local'}, mixed(localText, kept.map((k) => [k.local_start, k.local_end, 'kept', k.text])
            .concat((d.added || []).map((a) => [a.start, a.end, 'added', a.text]))))),
        el('div', null, el('h3', null, '国家文本'),
          el('p', {class: 'diff-text diff-national'}, mixed(nationalText, kept.map((k) => [k.national_start, k.national_end, 'kept', k.text])
            .concat((d.dropped || []).map((a) => [a.start, a.end, 'dropped', a.text])))))));
  }

  async function renderOwnDiff(m, d, nationalId) {
    const box = document.getElementById('measure-diff');
    let nationalText = null;
    try {
      const nat = await PG.api(PG.apiPath('measure', nationalId));
      nationalText = PG.pick(nat, 'measure.content', 'content') || null;
    } catch (e) { /* fall back to the segments alone */ }
    const localText = PG.pick(m, 'content') || null;
    box.hidden = false;
    box.replaceChildren(el('h2', {id: 'diff-title'}, '与国家举措对比 (localisation diff)'),
      el('p', null, '国家举措：', PG.link('measure', nationalId, nationalId)),
      diffView(d, localText, nationalText));
  }

  // ------------------------------------------------------------------ trace table
  function leadsOf(r) {
    const resp = r.responsibility || {};
    let lead = deptList(PG.pick(resp, 'lead') || PG.pick(r, 'lead', 'leads', 'lead_departments'));
    let co = deptList(PG.pick(resp, 'co') || PG.pick(r, 'co', 'co_departments'));
    const shared = resp.shared === true || (lead.length && lead.every((d) => d.role === 'shared'));
    if (!lead.length && Array.isArray(resp.departments)) {
      const all = deptList(resp.departments);
      lead = all.filter((d) => d.role === 'lead' || d.role === 'shared');
      co = all.filter((d) => d.role === 'co');
    }
    return {lead: lead, co: co, shared: Boolean(shared), presumed: resp.presumed === true};
  }
  /** The diff opens in a full-width row under its trace row, not inside a narrow cell. */
  function diffToggle(tbody, r, span) {
    const btn = el('button', {type: 'button', class: 'link-button', 'aria-expanded': 'false'}, '对比');
    btn.addEventListener('click', () => {
      const tr = btn.closest('tr');
      let next = tr.nextElementSibling;
      if (next && next.classList.contains('diff-row')) {
        next.remove();
        btn.setAttribute('aria-expanded', 'false');
        return;
      }
      const title = PG.pick(r, 'region.name', 'region_name') || '';
      next = el('tr', {class: 'diff-row'}, el('td', {colspan: span},
        el('h3', null, title + '：地方文本与国家文本对比'), diffView(r.diff, null, null)));
      tr.after(next);
      btn.setAttribute('aria-expanded', 'true');
    });
    return btn;
  }
  // The trace comes a page at a time: at national scale a measure has thousands of localisations.
  const TRACE_PAGE = 20;
  const traceUrl = '/api/trace?measure=' + encodeURIComponent(id) + '&limit=' + TRACE_PAGE;
  function renderTrace(body) {
    const box = document.getElementById('trace-body');
    const rows = PG.listOf(body, 'localisations', 'localizations', 'rows', 'items');
    const nat = body.measure || {};
    const followed = PG.pick(body, 'resolution.followed_from');
    const intro = [];
    if (followed) {
      intro.push(el('p', null, '这是地方举措；下表是它所改编的国家举措 ',
        PG.link('measure', nat.id, nat.title || nat.id), ' 的地方落实（分页显示；本举措所在行在本页时高亮）。'));
    }
    const guides = deptList(body.guides);
    if (guides.length) intro.push(el('p', null, '国家指导部门：', deptCell(guides)));
    if (!rows.length) {
      box.replaceChildren(...intro, el('p', {class: 'muted'}, '尚未载入任何地方落实该举措的文件。'));
      return null;
    }
    const head = ['地区', '层级', '地方举措', '文件', '日期', '时滞', '牵头部门（原文 → 规范名）', '配合部门', '匹配', '复用率', '对比'];
    const tbody = el('tbody');
    const addRow = (r) => {
      const L = leadsOf(r);
      const mid = PG.pick(r, 'measure.id', 'measure_id', 'local_measure_id');
      const rid = PG.pick(r, 'region.id', 'region_id');
      const docId = PG.pick(r, 'document.id', 'document_id', 'measure.document_id');
      const lag = PG.pick(r, 'lag_days', 'lag');
      const score = PG.pick(r, 'adapts.score', 'score');
      const method = PG.pick(r, 'adapts.method', 'method');
      const reuse = PG.pick(r, 'adapts.reuse_ratio', 'diff.reuse_ratio', 'reuse_ratio');
      const leadCell = L.shared ? el('span', null, el('span', {class: 'muted'}, '共同负责：'), deptCell(L.lead)) : deptCell(L.lead);
      tbody.appendChild(el('tr', {'data-region-id': rid || '', 'data-measure-id': mid || ''},
        el('th', {scope: 'row'}, PG.link('region', rid, PG.pick(r, 'region.name', 'region_name', 'region.short') || rid),
          r.parent_region && r.parent_region.level !== 'country' ? el('div', {class: 'muted small'}, PG.link('region', r.parent_region.id, r.parent_region.name)) : null),
        el('td', null, PG.levelZh(PG.pick(r, 'level', 'measure.level', 'region.level'))),
        el('td', null, mid ? PG.link('measure', mid, PG.pick(r, 'measure.title', 'title') || mid) : '—'),
        el('td', null, docId ? PG.link('document', docId, PG.pick(r, 'document.title', 'document.number', 'document_title') || PG.docName(r.document || {id: docId})) : '—'),
        el('td', {class: 'nowrap'}, PG.fmt(PG.pick(r, 'date', 'measure.date', 'document.date'))),
        el('td', {class: 'num'}, lag === undefined ? '—' : PG.fmt(lag) + ' 天'),
        el('td', null, leadCell),
        el('td', null, deptCell(L.co)),
        el('td', {class: 'num'}, score === undefined ? '—' : PG.fmt(score), method ? el('div', null, PG.methodNode(method)) : null),
        el('td', {class: 'num'}, reuse === undefined ? '—' : (100 * reuse).toFixed(0) + '%'),
        el('td', null, r.diff ? diffToggle(tbody, r, head.length) : '—')));
    };
    rows.forEach(addRow);
    const c = body.counts || {};
    const total = c.total !== undefined ? c.total : rows.length;
    const byLevel = c.by_level || {};
    // A page of the trace (provinces first): the API counts them all, "show more" reads on.
    const more = PG.more(body.page, total, rows.length, '处地方落实', (offset, limit) =>
      PG.api(PG.paged(traceUrl, offset, limit)).then((nb) => {
        const got = PG.listOf(nb, 'localisations');
        got.forEach(addRow);
        return {page: nb.page, added: got.length};
      }));
    box.replaceChildren(...intro,
      el('p', {class: 'muted'}, '共 ' + total + ' 处地方落实' + (c.regions ? '，涉及 ' + c.regions + ' 个地区' : '') +
        (Object.keys(byLevel).length ? '（' + Object.keys(byLevel).map((k) => PG.levelZh(k) + ' ' + byLevel[k]).join('，') + '）' : '') +
        '。时滞 = 地方文件日期 − 国家推广日期（天）。'),
      el('div', {class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': '扩散轨迹表'},
        el('table', {class: 'trace', id: 'trace-table'},
          el('caption', {class: 'visually-hidden'}, '该举措在各地的落实情况'),
          el('thead', null, el('tr', null, head.map((h) => el('th', {scope: 'col'}, h)))), tbody)),
      more);
    return {rows: rows, nationalId: nat.id};
  }

  // ------------------------------------------------------------------ go
  /** /api/measures/{id} answers {measure, document, region, batch, responsibility, adapts, ...};
   *  flatten it so the renderer reads one object (a bare measure object also works). */
  function flatten(body) {
    if (!body || !body.measure || typeof body.measure !== 'object') return body;
    return Object.assign({}, body.measure, {document: body.document, region: body.region, batch: body.batch,
      responsibility: body.responsibility, adapts: body.adapts, adapted_by: body.adapted_by, resolution: body.resolution,
      diff: body.diff});
  }
  const detail = PG.api(PG.apiPath('measure', id)).then(flatten);
  detail.then((m) => {
    renderDetail(m);
  }, (err) => {
    PG.showError(document.getElementById('measure-detail'), err, '举措加载失败');
    // nothing to trace or draw for a measure that is not there: one clear message, not three
    if (err.status === 404) {
      document.getElementById('measure-trace').hidden = true;
      document.getElementById('measure-diffusion').hidden = true;
      document.getElementById('measure-tree').hidden = true;
    }
  });
  const trace = PG.api(traceUrl).then(renderTrace, (err) => {
    const box = document.getElementById('trace-body');
    if (err.status === 404 || err.status === 422 || err.status === 400) {
      // e.g. a local measure linked to no national one: say so plainly instead of alarming
      box.replaceChildren(el('p', {class: 'muted'}, err.message, err.hint ? '（' + err.hint + '）' : ''));
    } else PG.showError(box, err, '扩散轨迹加载失败');
    return null;
  });
  // The tree and pictures start from the national measure the trace resolved to.
  trace.then((t) => {
    const nid = t && t.nationalId;
    const treeBox = document.getElementById('tree-body');
    const adoptBox = document.getElementById('adoption-body');
    if (!nid) {
      treeBox.replaceChildren(el('p', {class: 'muted'}, '没有可画的扩散路径。'));
      adoptBox.replaceChildren();
      return;
    }
    PG.api('/api/tree?measure=' + encodeURIComponent(nid)).then((b) => PG.renderTree(treeBox, b),
      (err) => PG.showError(treeBox, err, '扩散路径加载失败'));
    PG.renderAdoption(adoptBox, 'measure=' + encodeURIComponent(nid));
  });
  Promise.all([detail, trace]).then(([m, t]) => {
    // the resolved id (the address may hold approximate wording): highlight our row, show our diff
    const mid = PG.pick(m, 'id');
    if (!t) return;
    const row = t.rows.find((r) => PG.pick(r, 'measure.id', 'measure_id') === mid);
    const tr = document.querySelector('#trace-table tr[data-measure-id="' + CSS.escape(mid) + '"]');
    if (tr) tr.classList.add('current');
    // its own row may be on a later page of the trace: the measure's own answer has its diff too
    const diff = (row && row.diff) || m.diff;
    if (diff && !PG.isNational(m)) renderOwnDiff(m, diff, t.nationalId);
  }, () => {});
})(window);
