/* Search-as-you-type over /api/measures?q= (debounced; stale answers discarded). */
(function (global) {
  'use strict';
  const PG = global.PG;
  const el = PG.el;
  const input = document.getElementById('q');
  const level = document.getElementById('level');
  const results = document.getElementById('results');
  const status = document.getElementById('search-status');
  const jsonLink = document.querySelector('.json-link');
  let controller = null;
  let seq = 0;

  function apiUrl(q) {
    const p = new URLSearchParams({q: q, limit: '30'});
    if (level.value) p.set('level', level.value);
    return '/api/measures?' + p.toString();
  }

  function resultItem(m, i) {
    const id = PG.pick(m, 'id', 'measure_id');
    const national = PG.isNational(m);
    const title = PG.pick(m, 'title', 'name') || '（无标题）';
    const doc = PG.pick(m, 'document_id', 'document.id');
    const region = PG.pick(m, 'region_name', 'region.name', 'region_id');
    const batch = PG.pick(m, 'batch', 'batch_number', 'batch.number');
    const score = PG.pick(m, 'score', 'rank_score');
    const snippet = String(PG.pick(m, 'snippet', 'content') || '');
    const local = PG.pick(m, 'localisations', 'localisation_count');
    return el('li', {class: 'result' + (national ? ' national' : ''), 'data-measure-id': id},
      el('a', {href: PG.pageUrl('measure', id), class: 'result-title', 'data-rank': i + 1}, title),
      el('div', {class: 'result-meta'},
        el('span', {class: 'badge level-' + (national ? 'national' : 'local')}, PG.levelZh(PG.pick(m, 'level'))),
        region ? el('span', null, region) : null,
        batch !== undefined ? el('span', null, '第' + batch + '批') : null,
        doc ? el('span', {class: 'doc'}, doc) : null,
        score !== undefined ? el('span', {class: 'muted'}, '相关度 ' + PG.fmt(score)) : null),
      snippet ? el('p', {class: 'snippet'}, snippet.slice(0, 90) + (snippet.length > 90 ? '…' : '')) : null,
      local !== undefined && national ? el('p', {class: 'result-local muted small'}, '地方落实 ' + local + ' 处') : null);
  }

  async function run() {
    const q = input.value.trim();
    const url = apiUrl(q);
    // keep the address shareable and the JSON link honest
    const page = new URL(global.location.href);
    if (q) page.searchParams.set('q', q); else page.searchParams.delete('q');
    if (level.value) page.searchParams.set('level', level.value); else page.searchParams.delete('level');
    global.history.replaceState(null, '', page.pathname + page.search);
    if (jsonLink) { jsonLink.href = url; jsonLink.textContent = url; }
    if (!q) { results.replaceChildren(); status.textContent = ''; return; }
    if (controller) controller.abort();
    controller = new AbortController();
    const mine = ++seq;
    status.textContent = '搜索中…';
    let body;
    try {
      body = await PG.api(url, {signal: controller.signal});
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      if (mine !== seq) return;
      status.textContent = '';
      results.replaceChildren(el('li', {class: 'result-error'}));
      PG.showError(results.firstChild, err, '搜索失败');
      return;
    }
    if (mine !== seq) return; // a newer query is already on its way
    const list = PG.listOf(body).slice();
    // National measures first (they are the roots of every trace); otherwise keep the API's ranking.
    list.sort((a, b) => Number(PG.isNational(b)) - Number(PG.isNational(a)));
    results.replaceChildren.apply(results, list.map(resultItem));
    const total = body && typeof body === 'object' && !Array.isArray(body) ? PG.pick(body, 'total', 'count') : undefined;
    status.textContent = list.length ? ('找到 ' + (total !== undefined ? total : list.length) + ' 条举措（国家层面在前）')
      : '没有找到包含“' + q + '”的举措。试试更短的关键词。';
  }

  const debounced = PG.debounce(run, 250);
  input.addEventListener('input', debounced);
  level.addEventListener('change', run);
  document.getElementById('search-form').addEventListener('submit', (ev) => { ev.preventDefault(); run(); });
  // Enter in the box with results open goes to the first hit; ArrowDown moves into the list.
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown') {
      const first = results.querySelector('a.result-title');
      if (first) { ev.preventDefault(); first.focus(); }
    }
  });
  if (input.value.trim()) run();
})(window);
