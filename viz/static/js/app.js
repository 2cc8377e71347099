/* policygraph pages: shared helpers. Plain ES2017, no build step, no dependencies.
 *
 * Every page is a server-rendered shell; the data comes from the JSON API (/api/...), the same
 * URLs the page shows as its "JSON" source. DOM is built with text nodes only (never innerHTML
 * with data), so a measure title containing markup cannot inject anything.
 */
(function (global) {
  'use strict';
  const PG = (global.PG = global.PG || {});

  /** Error thrown for a non-2xx API answer; carries the API's {"error","message","hint"}. */
  class ApiError extends Error {
    constructor(status, body, url) {
      const msg = (body && (body.message || body.detail)) || ('HTTP ' + status);
      super(typeof msg === 'string' ? msg : JSON.stringify(msg));
      this.status = status;
      this.code = (body && body.error) || (status === 404 ? 'not_found' : 'http_' + status);
      this.hint = (body && body.hint) || null;
      this.url = url;
    }
  }
  PG.ApiError = ApiError;

  /** GET a JSON URL; throws ApiError with the API's message on failure. */
  PG.api = async function (url, opts) {
    let resp;
    try {
      resp = await fetch(url, Object.assign({headers: {Accept: 'application/json'}}, opts || {}));
    } catch (e) {
      if (e && e.name === 'AbortError') throw e;
      throw new ApiError(0, {error: 'network', message: '无法连接服务器 (cannot reach the server)',
        hint: '请检查 policygraph 服务是否仍在运行。'}, url);
    }
    let body = null;
    const text = await resp.text();
    try { body = text ? JSON.parse(text) : null; } catch (e) { body = {message: text.slice(0, 300)}; }
    if (!resp.ok) throw new ApiError(resp.status, body, url);
    return body;
  };

  /** Tiny DOM builder: el('a', {href: u, class: 'x'}, 'text', childNode, [more]). */
  function el(tag, attrs) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const k of Object.keys(attrs)) {
        const v = attrs[k];
        if (v === null || v === undefined || v === false) continue;
        if (k === 'class') node.className = v;
        else if (k === 'text') node.textContent = v;
        else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
        else if (k === 'dataset') Object.assign(node.dataset, v);
        else node.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (let i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }
  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach((c) => append(node, c)); return; }
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  PG.el = el;

  PG.qs = function (name) { return new URLSearchParams(global.location.search).get(name); };

  const PAGE = {measure: '/measure', region: '/region', department: '/department', document: '/document'};
  /** URL of the HTML page for an entity kind ('measure', 'Region', ...) and id. */
  PG.pageUrl = function (kind, id) {
    const base = PAGE[String(kind || '').toLowerCase()];
    return base && id !== undefined && id !== null ? base + '?id=' + encodeURIComponent(id) : null;
  };
  /** A link to an entity page, or plain text when there is no page or no id. */
  PG.link = function (kind, id, text) {
    const href = PG.pageUrl(kind, id);
    const label = text === undefined || text === null || text === '' ? id : text;
    if (!href) return document.createTextNode(label === undefined || label === null ? '—' : String(label));
    return el('a', {href: href, class: 'entity entity-' + String(kind).toLowerCase(), title: String(id)}, String(label));
  };
  /** /api path for an entity (measure ids contain '/', which the API routes as {id:path}). */
  /** "Show more" for a long list sent a page at a time (the API's `page`: {limit, offset,
   *  next_offset}; its counts describe the whole list): says how many there are and how many
   *  are shown, and on click calls load(offset, limit), which appends the rows and resolves to
   *  {page, added}. Null when there is no next page. */
  PG.more = function (page, total, shown, noun, load) {
    if (!page || page.next_offset === null || page.next_offset === undefined) return null;
    const p = PG.el('p', {class: 'page-more'}, '共 ' + total + ' ' + noun + '，已显示 ' + shown + '。');
    const btn = PG.el('button', {type: 'button', class: 'page-more-button'}, '显示更多');
    btn.addEventListener('click', () => {
      btn.disabled = true;
      load(page.next_offset, page.limit).then((res) => {
        const after = PG.more(res.page, total, shown + res.added, noun, load);
        if (after) p.replaceWith(after); else p.remove();
      }, (err) => { btn.disabled = false; PG.showError(p, err, '加载失败'); });
    });
    p.appendChild(btn);
    return p;
  };
  /** `url` with limit/offset set (replacing any already there). */
  PG.paged = function (url, offset, limit) {
    const u = new URL(url, global.location.href);
    u.searchParams.set('offset', String(offset));
    if (limit) u.searchParams.set('limit', String(limit));
    return u.pathname + u.search;
  };

  PG.apiPath = function (kind, id) {
    const seg = {measure: 'measures', region: 'regions', department: 'departments', document: 'documents'}[kind];
    return '/api/' + seg + '/' + encodeURIComponent(id);
  };

  /** First non-empty value among keys (dotted paths allowed): the API contract fixes endpoints,
   *  not every field name, so renderers read a few plausible spellings. */
  PG.pick = function (obj) {
    if (!obj || typeof obj !== 'object') return undefined;
    for (let i = 1; i < arguments.length; i++) {
      let v = obj;
      for (const part of String(arguments[i]).split('.')) {
        v = v && typeof v === 'object' ? v[part] : undefined;
      }
      if (v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)) return v;
    }
    return undefined;
  };
  /** The list in an answer that may be a bare array or {items|results|rows|...: [...]}. */
  PG.listOf = function (body) {
    if (Array.isArray(body)) return body;
    if (!body || typeof body !== 'object') return [];
    for (const k of arguments.length > 1 ? Array.prototype.slice.call(arguments, 1)
      : ['items', 'results', 'rows', 'measures', 'localisations', 'localizations', 'trace', 'data']) {
      if (Array.isArray(body[k])) return body[k];
    }
    return [];
  };

  /** A readable error box (role=alert) instead of a blank page. */
  PG.showError = function (container, err, what) {
    container.replaceChildren();
    const box = el('div', {class: 'error', role: 'alert'},
      el('h2', null, err.status === 404 ? '未找到 (not found)' : '出错了 (error)'),
      el('p', {class: 'error-message'}, what ? what + '：' : '', err.message || String(err)),
      err.hint ? el('p', {class: 'error-hint'}, '提示：', err.hint) : null,
      el('p', {class: 'error-meta'},
        err.code ? el('code', null, err.code) : null,
        err.status ? ' · HTTP ' + err.status : '',
        err.url ? [' · ', el('a', {href: err.url}, PG.readableUrl(err.url))] : ''));
    container.appendChild(box);
    return box;
  };

  /** URL for display: percent-escapes decoded so Chinese ids read as Chinese. */
  PG.readableUrl = function (url) {
    try { return decodeURI(url).replace(/%2F/gi, '/'); } catch (e) { return url; }
  };

  PG.loading = function (container, text) {
    container.replaceChildren(el('p', {class: 'loading', role: 'status'}, text || '加载中…'));
  };

  /** Value to text: lists joined with 、 (the Chinese enumeration comma), numbers as they are. */
  PG.fmt = function (v) {
    if (v === undefined || v === null || v === '') return '—';
    if (Array.isArray(v)) return v.map(PG.fmt).join('、');
    if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(2);
    if (typeof v === 'boolean') return v ? '是' : '否';
    if (typeof v === 'object') return JSON.stringify(v);
    return String(v);
  };

  /** Definition list of an object's scalar fields (keys in `skip` left out). */
  PG.propsList = function (obj, skip, labels) {
    const dl = el('dl', {class: 'props'});
    for (const k of Object.keys(obj || {})) {
      const v = obj[k];
      if ((skip && skip.indexOf(k) >= 0) || v === null || v === undefined || v === '') continue;
      if (typeof v === 'object' && !Array.isArray(v)) continue;
      if (Array.isArray(v) && v.some((x) => x && typeof x === 'object')) continue;
      dl.appendChild(el('dt', null, (labels && labels[k]) || k));
      dl.appendChild(el('dd', null, PG.fmt(v)));
    }
    return dl;
  };

  /** Which page an object in a list belongs to, from its key name or its own fields. */
  PG.kindOf = function (key, obj) {
    const k = String(key || '').toLowerCase();
    const lab = obj && (obj.label || obj.kind || obj.type || obj._label);
    if (typeof lab === 'string' && PAGE[lab.toLowerCase()]) return lab.toLowerCase();
    if (/measure|adapt|localis|localiz|parent|children_measures/.test(k)) return 'measure';
    if (/department|dept|lead|co_|guide|shar/.test(k)) return 'department';
    if (/document|doc|plan|cite|derived/.test(k)) return 'document';
    if (/region|province|cit(y|ies)|children|part_of|country/.test(k)) return 'region';
    return null;
  };

  /** Display name of an entity-ish object. */
  PG.nameOf = function (o) {
    if (o === null || o === undefined) return '—';
    if (typeof o !== 'object') return String(o);
    return PG.pick(o, 'name', 'title', 'short', 'as_printed', 'number', 'id') || '—';
  };

  /** Section listing an array field: linked names plus a few useful facts per item. */
  PG.listSection = function (key, items, heading) {
    const kind = PG.kindOf(key, items[0]);
    const ul = el('ul', {class: 'entity-list'});
    for (const it of items) {
      if (it === null || typeof it !== 'object') { ul.appendChild(el('li', null, PG.fmt(it))); continue; }
      const id = PG.pick(it, 'id', 'measure_id', 'document_id', 'region_id', 'department_id');
      const facts = [];
      for (const f of ['level', 'role', 'as_printed', 'date', 'number', 'region_name', 'batch', 'count', 'measure_count', 'score', 'method']) {
        if (it[f] !== undefined && it[f] !== null && it[f] !== '' && String(it[f]) !== PG.nameOf(it)) facts.push(f + ': ' + PG.fmt(it[f]));
      }
      ul.appendChild(el('li', null, PG.link(PG.kindOf(key, it) || kind, id, PG.nameOf(it)),
        facts.length ? el('span', {class: 'facts'}, ' (' + facts.join('；') + ')') : null));
    }
    return el('section', {class: 'list-section'},
      el('h2', null, heading || key, ' ', el('span', {class: 'count'}, '(' + items.length + ')')), ul);
  };

  /** Debounce: search-as-you-type must not send one request per keystroke. */
  PG.debounce = function (fn, ms) {
    let t = null;
    return function () {
      const args = arguments;
      clearTimeout(t);
      t = setTimeout(() => fn.apply(this, args), ms);
    };
  };

  /** Internal method and rule names explained in words (the name itself stays in the tooltip). */
  const METHOD_ZH = {
    'ngram-tfidf+title-fuzz': '标题与正文相似度匹配',
    'ngram-tfidf+title-fuzz/hungarian': '标题与正文相似度匹配（文件内一一对应）',
    'category-position': '按类别内的排列位置匹配（无标题，仅供参考）',
    'untitled': '无标题举措，按位置对应',
    'untitled-unpaired': '无标题举措，未能对应',
    'stated-first-leads': '原文规定排在首位者牵头',
    'stated-lead': '原文写明牵头单位',
    'stated-shared': '原文写明按职责分工共同负责',
    'presumed-first-listed': '原文未写明，按排列顺序推定首位牵头',
    'guiding-department': '国家清单中的指导部门',
    'counterpart': '与国家指导部门同一条线（对口）',
    'shift': '与所有国家指导部门都不在同一条线（转移）',
    'sidecar': '由用户提供的附加元数据文件',
    'document-number': '由文号推断',
    'number-prefix': '由文号前缀推断',
    'cited-number': '由引用的上级文号推断',
  };
  PG.methodZh = function (name) {
    if (!name) return null;
    const s = String(name);
    return METHOD_ZH[s] || METHOD_ZH[s.split('/')[0]] || null;
  };
  /** A method name as words, with the internal name kept in the tooltip for researchers. */
  PG.methodNode = function (name, cls) {
    if (!name) return null;
    return el('span', {class: cls || 'muted small', title: '方法代码：' + name}, PG.methodZh(name) || String(name));
  };

  /** A document's name for people: its title, else its 文号, else its source file (never "file:…"). */
  PG.docName = function (d) {
    if (!d) return '—';
    if (d.title) return d.title;
    if (d.number) return d.number;
    const file = d.source_file || String(d.id || '').replace(/^file:/, '');
    return '未注明标题的文件（' + file + '）';
  };

  PG.isNational = function (m) {
    const lvl = String(PG.pick(m, 'level', 'region_level', 'properties.level') || '').toLowerCase();
    return lvl === 'national' || lvl === 'country' || lvl === '国家' || lvl === '全国';
  };
  PG.levelZh = function (lvl) {
    const s = String(lvl || '').toLowerCase();
    return {national: '国家', country: '国家', province: '省级', provincial: '省级', city: '市级',
      prefecture: '市级', municipal: '市级', county: '县级'}[s] || (lvl ? String(lvl) : '—');
  };
})(window);
