/* /region?id=, /department?id=, /document?id= : one profile renderer for all three.
 * Scalar fields become a definition list; every list of related things (documents, measures,
 * departments, child regions, citations...) becomes a section of click-through links. The API
 * fixes the endpoints, so known fields get Chinese headings and unknown ones still show. */
(function (global) {
  'use strict';
  const PG = global.PG;
  const el = PG.el;
  const root = document.getElementById('profile');
  const kind = root.dataset.kind;
  const id = root.dataset.id;
  const body = document.getElementById('profile-body');

  const FIELD_ZH = {
    id: '编号 (id)', name: '名称', short: '简称', level: '层级', parent_id: '上级地区', title: '标题',
    number: '文号', issuer: '发文机关', date: '日期', region_id: '地区', region_name: '地区',
    source_file: '来源文件', sha256: 'SHA-256', encoding: '编码', layout: '版式', batch: '批次',
    batch_role: '批次角色', stub: '仅被引用（未载入）', converted_from_traditional: '由繁体转换',
    line: '条线', printed_names: '原文写法', measure_count: '举措数', loaded_at: '载入时间',
  };
  const LIST_ZH = {
    documents: '文件', measures: '举措', departments: '部门', children: '下级地区', regions: '地区',
    cities: '下级城市', leads: '牵头/负责的举措', led_measures: '牵头/负责的举措', cites: '引用的文件',
    cited_by: '被以下文件引用', derived_from: '依据文件', parents: '依据文件', parent: '上级',
    national: '对应的国家举措', counterparts: '其他地区的同一条线部门', line_peers: '同一条线的部门',
    coverage: '落实情况', promotes: '推广的举措',
  };

  function titleOf(obj) {
    return PG.pick(obj, 'name', 'title', 'number', 'id') || id;
  }

  /** Links for single related objects such as {parent: {id, name}} or region_id. */
  function linkedScalars(obj) {
    const dl = el('dl', {class: 'props'});
    const add = (k, v) => dl.append(el('dt', null, k), el('dd', null, v));
    if (obj.parent_id || (obj.parent && typeof obj.parent === 'object' && !Array.isArray(obj.parent))) {
      const p = obj.parent && typeof obj.parent === 'object' ? obj.parent : {id: obj.parent_id};
      add('上级地区', PG.link('region', p.id || obj.parent_id, PG.nameOf(p)));
    }
    if (kind !== 'region' && (obj.region_id || (obj.region && typeof obj.region === 'object'))) {
      const r = obj.region && typeof obj.region === 'object' ? obj.region : {id: obj.region_id, name: obj.region_name};
      add('地区', PG.link('region', r.id || obj.region_id, PG.nameOf(r)));
    }
    if (obj.document && typeof obj.document === 'object') add('文件', PG.link('document', obj.document.id, PG.nameOf(obj.document)));
    if (obj.batch && typeof obj.batch === 'object') add('批次', PG.nameOf(obj.batch));
    return dl.childNodes.length ? dl : null;
  }

  function render(data) {
    const entity = data && typeof data === 'object' && !Array.isArray(data)
      ? (data[kind] && typeof data[kind] === 'object' && !Array.isArray(data[kind]) ? Object.assign({}, data[kind], data) : data)
      : {value: data};
    const name = titleOf(entity);
    document.getElementById('profile-title').textContent = root.dataset.kindZh + '：' + name;
    document.title = name + ' · policygraph';
    const skip = ['parent_id', 'region_id', 'region_name'];
    const sections = [];
    for (const k of Object.keys(entity)) {
      const v = entity[k];
      if (Array.isArray(v) && v.length && v.some((x) => x && typeof x === 'object')) {
        sections.push(PG.listSection(k, v, LIST_ZH[k] || k));
      } else if (Array.isArray(v) && !v.length && LIST_ZH[k]) {
        sections.push(el('section', {class: 'list-section'}, el('h2', null, LIST_ZH[k], ' ', el('span', {class: 'count'}, '(0)')),
          el('p', {class: 'muted'}, '无')));
      } else if (v && typeof v === 'object' && !Array.isArray(v) && k !== kind && !['parent', 'region', 'document', 'batch'].includes(k)) {
        // nested summary objects (e.g. counts): show as their own small table
        sections.push(el('section', {class: 'list-section'}, el('h2', null, LIST_ZH[k] || k), PG.propsList(v)));
      }
    }
    body.replaceChildren(
      el('section', {class: 'profile-facts'}, linkedScalars(entity), PG.propsList(entity, skip, FIELD_ZH)),
      sections);
  }

  PG.api(PG.apiPath(kind, id)).then(render, (err) => PG.showError(body, err, root.dataset.kindZh + '加载失败'));
})(window);
