// The cwlog local console: a small hash-routed page over the JSON endpoints
// under /_cwlog/api/ (documented in src/local/README.md). Log data is only ever
// put in the page as text nodes (textContent), never parsed as HTML, and the
// server's Content-Security-Policy forbids inline script besides.
'use strict';

(() => {
  const main = document.getElementById('main');
  let info = { pollIntervalMs: 1000, templates: [] };
  let generation = 0; // bumped on every navigation: stale timers and fetches stop
  const PAGE = 100;

  // --- DOM helpers: text only ------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') node.textContent = String(v);
      else if (k === 'on') for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c === undefined || c === null || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }
  const svgNs = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, text) {
    const node = document.createElementNS(svgNs, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function link(route, params, text) {
    return el('a', { href: href(route, params), text });
  }
  function href(route, params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== '') q.set(k, v);
    const s = q.toString();
    return '#/' + route + (s ? '?' + s : '');
  }

  // --- formatting ----------------------------------------------------------
  function time(ms) {
    if (ms === null || ms === undefined) return '—';
    const d = new Date(ms);
    if (Number.isNaN(d.getTime())) return String(ms);
    return d.toISOString().replace('T', ' ').replace('Z', '');
  }
  function bytes(n) {
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let i = 0;
    let v = n;
    while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return (i ? v.toFixed(1) : String(v)) + ' ' + units[i];
  }
  const count = (n) => Number(n).toLocaleString('en-US');
  const retention = (d) => (d ? d + ' days' : 'Never expire');

  // --- data ----------------------------------------------------------------
  class ApiError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }
  async function api(path, params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== '') q.set(k, v);
    const res = await fetch('/_cwlog/api/' + path + (q.toString() ? '?' + q : ''), {
      headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store',
    });
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    if (res.status === 401) throw new ApiError(401, 'The console token is missing or wrong: open the address `cwlog local` printed at start.');
    if (!res.ok) throw new ApiError(res.status, (body && body.error) || 'HTTP ' + res.status);
    return body;
  }

  function page(title, ...content) {
    const h1 = el('h1', { tabindex: '-1', text: title });
    main.replaceChildren(h1, ...content.flat());
    document.title = title + ' — cwlog local';
    return h1;
  }
  function showError(where, err) {
    where.replaceChildren(el('p', { class: 'error', role: 'alert', text: err.message || String(err) }));
  }

  function table(id, columns, rows) {
    // columns: [{label, num?, name?}] (name: may be long and unbroken), rows: arrays of cells (Node or text)
    const cls = (c) => (c.num ? 'num' : c.name ? 'name' : null);
    const head = el('tr', {}, columns.map((c) => el('th', { scope: 'col', class: cls(c), text: c.label })));
    const body = rows.map((cells) => el('tr', {}, cells.map((cell, i) =>
      el('td', { 'data-label': columns[i].label, class: cls(columns[i]) }, cell))));
    return el('table', { class: 'data', id }, el('thead', {}, head), el('tbody', {}, body));
  }

  function pager(route, params, offset, total, shown) {
    const prev = offset > 0 ? link(route, { ...params, offset: Math.max(0, offset - PAGE) || undefined }, '← Previous') : null;
    const next = offset + shown < total ? link(route, { ...params, offset: offset + PAGE }, 'Next →') : null;
    const span = total ? `${count(offset + 1)}–${count(offset + shown)} of ${count(total)}` : 'none';
    return el('div', { class: 'pager' }, prev, el('span', { class: 'muted', text: span }), next);
  }

  function searchForm(label, value, onSubmit, id) {
    const input = el('input', { type: 'search', id, name: 'search', value: value || '', autocomplete: 'off' });
    return el('form', { class: 'bar', role: 'search', on: { submit: (e) => { e.preventDefault(); onSubmit(input.value); } } },
      el('label', { class: 'grow' }, label, input), el('button', { type: 'submit', text: 'Search' }));
  }

  // --- events as text, JSON fields as a table --------------------------------
  function flatten(value, prefix, out) {
    if (value !== null && typeof value === 'object' && Object.keys(value).length) {
      for (const [k, v] of Object.entries(value)) flatten(v, prefix ? prefix + '.' + k : k, out);
    } else {
      out.push([prefix, typeof value === 'string' ? value : JSON.stringify(value)]);
    }
    return out;
  }
  function eventItem(e) {
    const head = el('div', { class: 'event-head' },
      el('time', { datetime: new Date(e.timestamp).toISOString(), text: time(e.timestamp) }),
      el('span', { class: 'name', text: e.logStreamName }));
    const item = el('li', { 'data-event-id': e.eventId }, head, el('pre', { class: 'message', text: e.message }));
    const trimmed = e.message.trimStart();
    if (trimmed.startsWith('{')) {
      let parsed = null;
      try { parsed = JSON.parse(trimmed); } catch (err) { parsed = null; }
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        const rows = flatten(parsed, '', []).map(([k, v]) => [el('code', { text: k }), v]);
        item.append(el('details', { class: 'fields' }, el('summary', { text: `Fields (${rows.length})` }),
          table(null, [{ label: 'Field', name: true }, { label: 'Value', name: true }], rows)));
      }
    }
    return item;
  }

  // --- the volume chart: events per minute, as SVG built node by node --------
  function chart(series, start, label) {
    const n = series.length;
    const max = Math.max(1, ...series);
    const W = 600, H = 150, left = 40, bottom = 20, top = 8;
    const bw = (W - left) / n;
    const total = series.reduce((a, b) => a + b, 0);
    const root = svg('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${label}: ${count(total)} events in the last ${n} minutes, at most ${count(max)} per minute` });
    root.append(svg('text', { class: 'axis', x: 0, y: top + 8 }, count(max)));
    root.append(svg('text', { class: 'axis', x: 0, y: H - bottom }, '0'));
    root.append(svg('line', { class: 'base', x1: left, x2: W, y1: H - bottom, y2: H - bottom }));
    series.forEach((v, i) => {
      const h = ((H - bottom - top) * v) / max;
      const bar = svg('rect', { class: 'bar', x: left + i * bw + 0.5, y: H - bottom - h, width: Math.max(1, bw - 1), height: h });
      bar.append(svg('title', {}, `${time(start + i * 60000).slice(0, 16)} UTC: ${count(v)} events`));
      root.append(bar);
    });
    root.append(svg('text', { class: 'axis', x: left, y: H - 4 }, `−${n} min`));
    root.append(svg('text', { class: 'axis', x: W - 24, y: H - 4 }, 'now'));
    return root;
  }

  // --- pages ---------------------------------------------------------------
  async function groupsPage(params) {
    const offset = Number(params.get('offset')) || 0;
    const search = params.get('search') || '';
    const out = el('div', { id: 'groups' }, el('p', { class: 'muted', text: 'Loading…' }));
    page('Log groups', searchForm('Filter log groups (name contains)', search,
      (s) => { location.hash = href('groups', { search: s }); }, 'group-search'), out);
    const g = generation;
    try {
      const data = await api('groups', { search, offset, limit: PAGE });
      if (g !== generation) return;
      const rows = data.logGroups.map((x) => [
        link('group', { group: x.logGroupName }, x.logGroupName), count(x.eventCount), bytes(x.storedBytes),
        time(x.lastIngestionTime), retention(x.retentionInDays), x.logGroupClass, x.kmsKeyId || '—',
        Object.entries(x.tags).map(([k, v]) => k + '=' + v).join(', ') || '—',
      ]);
      out.replaceChildren(
        table('groups-table', [{ label: 'Log group', name: true }, { label: 'Events', num: true }, { label: 'Stored', num: true },
          { label: 'Last event (UTC)' }, { label: 'Retention' }, { label: 'Class' }, { label: 'KMS key', name: true }, { label: 'Tags', name: true }], rows),
        pager('groups', { search }, offset, data.total, rows.length));
    } catch (err) { showError(out, err); }
  }

  async function groupPage(params) {
    const group = params.get('group') || '';
    const offset = Number(params.get('offset')) || 0;
    const search = params.get('search') || '';
    const facts = el('div', {}, el('p', { class: 'muted', text: 'Loading…' }));
    const vol = el('figure', { id: 'group-volume' });
    const streams = el('div', { id: 'streams' });
    page(group,
      el('p', { class: 'crumbs' }, link('groups', {}, 'Log groups'), ' / ', el('span', { class: 'name', text: group })),
      el('div', { class: 'actions' },
        el('a', { class: 'button', href: href('events', { group }), text: 'Search log events' }),
        el('a', { class: 'button secondary', href: href('tail', { group }), text: 'Live tail' })),
      facts, el('h2', { text: 'Events per minute (ingestion time, last hour)' }), vol,
      el('h2', { text: 'Log streams' }),
      searchForm('Filter log streams (name contains)', search, (s) => { location.hash = href('group', { group, search: s }); }, 'stream-search'),
      streams);
    const g = generation;
    try {
      const [x, v, s] = await Promise.all([api('group', { group }), api('volume', { group }),
        api('streams', { group, search, offset, limit: PAGE })]);
      if (g !== generation) return;
      const dl = el('dl', { class: 'facts', id: 'group-facts' });
      const fact = (k, val) => dl.append(el('dt', { text: k }), el('dd', {}, val));
      fact('ARN', x.arn);
      fact('Events', count(x.eventCount));
      fact('Stored bytes', bytes(x.storedBytes));
      fact('Last event (UTC)', time(x.lastIngestionTime));
      fact('Retention', retention(x.retentionInDays));
      fact('Class', x.logGroupClass);
      fact('KMS key', x.kmsKeyId || '—');
      fact('Tags', Object.entries(x.tags).map(([k, t]) => k + '=' + t).join(', ') || '—');
      fact('Created (UTC)', time(x.creationTime));
      facts.replaceChildren(dl);
      vol.replaceChildren(chart(v.groups[0].events, v.start, group));
      const rows = s.logStreams.map((r) => [
        link('events', { group, stream: r.logStreamName }, r.logStreamName), time(r.lastEventTimestamp),
        time(r.firstEventTimestamp), count(r.eventCount), bytes(r.storedBytes),
      ]);
      streams.replaceChildren(
        table('streams-table', [{ label: 'Log stream', name: true }, { label: 'Last event (UTC)' }, { label: 'First event (UTC)' },
          { label: 'Events', num: true }, { label: 'Stored', num: true }], rows),
        pager('group', { group, search }, offset, s.total, rows.length));
    } catch (err) { showError(facts, err); }
  }

  const RANGES = [['5m', 5 * 60e3], ['1h', 3600e3], ['12h', 12 * 3600e3], ['1d', 86400e3], ['1w', 7 * 86400e3], ['all', 0]];

  function filterForm(params, route, withRange) {
    const filter = el('input', { type: 'text', id: 'filter', name: 'filter', value: params.get('filter') || '', placeholder: 'ERROR -Throttled   or   { $.level = "error" }', autocomplete: 'off', spellcheck: 'false' });
    const fields = [el('label', { class: 'grow' }, 'Filter pattern', filter)];
    let range; let start; let end;
    if (withRange) {
      range = el('select', { id: 'range', name: 'range' }, RANGES.map(([k]) => el('option', { value: k, text: k === 'all' ? 'All time' : 'Last ' + k })),
        el('option', { value: 'custom', text: 'Custom (UTC)' }));
      range.value = params.get('range') || (params.get('start') || params.get('end') ? 'custom' : '1h');
      const iso = (ms) => (ms ? new Date(Number(ms)).toISOString().slice(0, 16) : '');
      start = el('input', { type: 'datetime-local', id: 'start', value: iso(params.get('start')) });
      end = el('input', { type: 'datetime-local', id: 'end', value: iso(params.get('end')) });
      const custom = [el('label', {}, 'Start (UTC)', start), el('label', {}, 'End (UTC)', end)];
      const showCustom = () => custom.forEach((c) => { c.hidden = range.value !== 'custom'; });
      range.addEventListener('change', showCustom);
      showCustom();
      fields.push(el('label', {}, 'Time range', range), ...custom);
    }
    const form = el('form', { class: 'bar', id: 'filter-form' }, fields, el('button', { type: 'submit', text: withRange ? 'Search' : 'Apply' }));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const next = { group: params.get('group'), stream: params.get('stream'), filter: filter.value };
      if (withRange) {
        next.range = range.value;
        if (range.value === 'custom') {
          next.start = start.value ? Date.parse(start.value + 'Z') : undefined;
          next.end = end.value ? Date.parse(end.value + 'Z') : undefined;
        }
      }
      location.hash = href(route, next);
    });
    return form;
  }

  function crumbs(group, stream) {
    return el('p', { class: 'crumbs' }, link('groups', {}, 'Log groups'), ' / ', link('group', { group }, group),
      stream ? [' / ', el('span', { class: 'name', text: stream })] : null);
  }

  async function eventsPage(params) {
    const group = params.get('group') || '';
    const stream = params.get('stream') || '';
    const q = { group, stream, filter: params.get('filter') || '', limit: PAGE };
    const range = params.get('range') || (params.get('start') || params.get('end') ? 'custom' : '1h');
    const span = (RANGES.find(([k]) => k === range) || [])[1];
    if (span) q.start = Date.now() - span;
    if (range === 'custom') { q.start = params.get('start'); q.end = params.get('end'); }
    const list = el('ol', { class: 'events', id: 'events-list', 'aria-live': 'polite' });
    const status = el('p', { class: 'status-line', id: 'events-status', text: 'Searching…' });
    const more = el('div', { class: 'actions' });
    page(stream ? `Events: ${stream}` : `Events: ${group}`, crumbs(group, stream),
      el('div', { class: 'actions' }, el('a', { class: 'button secondary', href: href('tail', { group, stream, filter: q.filter }), text: 'Live tail' })),
      filterForm(params, 'events', true), status, list, more);
    const g = generation;
    let shown = 0;
    async function load(token) {
      try {
        const data = await api('events', { ...q, nextToken: token });
        if (g !== generation) return;
        for (const e of data.events) list.append(eventItem(e));
        shown += data.events.length;
        status.textContent = `${count(shown)} events` + (data.nextToken ? ` (searched up to ${time(data.searchedUpTo)} UTC)` : ' — searched completely');
        more.replaceChildren();
        if (data.nextToken) more.append(el('button', { type: 'button', id: 'load-more', text: 'Load more', on: { click: () => load(data.nextToken) } }));
      } catch (err) { showError(status, err); }
    }
    await load(undefined);
  }

  async function tailPage(params) {
    const group = params.get('group') || '';
    const stream = params.get('stream') || '';
    const filter = params.get('filter') || '';
    const interval = Math.min(2000, info.pollIntervalMs || 1000);
    const list = el('ol', { class: 'events', id: 'tail-list', 'aria-live': 'polite' });
    const status = el('p', { class: 'status-line', id: 'tail-status', 'data-poll-ms': interval, text: 'Starting…' });
    let paused = false;
    const pause = el('button', { type: 'button', id: 'tail-pause', class: 'secondary', text: 'Pause',
      on: { click: () => { paused = !paused; pause.textContent = paused ? 'Resume' : 'Pause'; } } });
    const clear = el('button', { type: 'button', class: 'secondary', text: 'Clear', on: { click: () => list.replaceChildren() } });
    page(`Live tail: ${stream || group}`, crumbs(group, stream), filterForm(params, 'tail', false),
      el('div', { class: 'actions' }, pause, clear), status, list);
    const g = generation;
    let cursor;
    let received = 0;
    const MAX_SHOWN = 1000;
    while (g === generation) {
      if (!paused) {
        try {
          const data = await api('tail', { group, stream, filter, cursor, limit: 500 });
          if (g !== generation) return;
          for (const e of data.events) list.append(eventItem(e));
          while (list.childElementCount > MAX_SHOWN) list.firstElementChild.remove();
          received += data.events.length;
          cursor = data.cursor;
          status.textContent = `Live: polling every ${interval / 1000} s; ${count(received)} events since the page opened`;
        } catch (err) {
          status.textContent = 'Error: ' + err.message;
          if (err.status === 401 || err.status === 404 || err.status === 400) return;
        }
      }
      await new Promise((r) => setTimeout(r, interval));
    }
  }

  async function volumePage(params) {
    const name = params.get('template') || '';
    const body = el('div', { id: 'volume' });
    const templates = info.templates || [];
    page(name ? `Volume: ${name}` : 'Volume by destination',
      templates.length
        ? el('nav', { 'aria-label': 'Destination templates' }, el('ul', {}, templates.map((t) =>
          el('li', {}, link('volume', { template: t.name }, t.name), ' ', el('code', { text: t.group })))))
        : el('p', { class: 'muted', text: 'Start cwlog local with --config FILE to chart the groups of each destination template (every tenant\'s group, say) side by side. Each group\'s own chart is on its page.' }),
      body);
    if (!name) return;
    const g = generation;
    try {
      const v = await api('volume', { template: name });
      if (g !== generation) return;
      body.replaceChildren(
        el('p', { class: 'muted', text: `Template ${v.template.group}: ${count(v.matchingGroups)} groups` + (v.matchingGroups > v.groups.length ? `, the ${v.groups.length} busiest shown` : '') + '. Events per minute by ingestion time, last hour.' }),
        el('div', { class: 'charts' }, v.groups.map((x) => el('figure', {},
          el('figcaption', {}, link('group', { group: x.logGroupName }, x.logGroupName)), chart(x.events, v.start, x.logGroupName)))));
    } catch (err) { showError(body, err); }
  }

  async function requestsPage() {
    const summary = el('p', { class: 'status-line', id: 'requests-status' });
    const body = el('div', { id: 'requests' });
    let paused = false;
    const pause = el('button', { type: 'button', class: 'secondary', text: 'Pause',
      on: { click: () => { paused = !paused; pause.textContent = paused ? 'Resume' : 'Pause'; } } });
    page('Recent requests', el('div', { class: 'actions' }, pause), summary, body);
    const g = generation;
    const interval = Math.min(2000, info.pollIntervalMs || 1000);
    while (g === generation) {
      if (!paused) {
        try {
          const data = await api('requests', { limit: 200 });
          if (g !== generation) return;
          const s = data.stats || {};
          summary.textContent = `${count(data.total)} requests since start (the last ${count(data.capacity)} kept); ` +
            `${count(s.errors || 0)} errors, ${count(s.faultsInjected || 0)} faults injected, ${count(s.eventsStored || 0)} events stored`;
          body.replaceChildren(table('requests-table', [{ label: 'Time (UTC)' }, { label: 'Operation' }, { label: 'Outcome' },
            { label: 'Fault injected' }, { label: 'Latency', num: true }, { label: 'Resource', name: true }, { label: 'Client' }],
          data.requests.map((r) => [time(r.time), r.operation || '—',
            el('span', { class: r.outcome === 'ok' ? 'outcome-ok' : 'outcome-bad', text: `${r.status || 'reset'} ${r.outcome}` }),
            r.fault ? el('span', { class: 'fault', text: r.fault }) : '—', r.latencyMs.toFixed(1) + ' ms',
            r.resourceArn || '—', r.remote])));
        } catch (err) { showError(body, err); return; }
      }
      await new Promise((r) => setTimeout(r, interval));
    }
  }

  // --- routing -------------------------------------------------------------
  const routes = { groups: groupsPage, group: groupPage, events: eventsPage, tail: tailPage, volume: volumePage, requests: requestsPage };
  function route() {
    generation++;
    const hash = location.hash.replace(/^#\/?/, '');
    const [name, query] = [hash.split('?')[0], hash.split('?').slice(1).join('?')];
    const render = routes[name] || groupsPage;
    for (const a of document.querySelectorAll('[data-nav]')) {
      const current = a.dataset.nav === name || (!routes[name] && a.dataset.nav === 'groups') ||
        (a.dataset.nav === 'groups' && ['group', 'events', 'tail'].includes(name));
      if (current) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    }
    render(new URLSearchParams(query)).catch((err) => showError(main, err));
    const h1 = main.querySelector('h1');
    if (h1 && document.activeElement !== document.body) h1.focus({ preventScroll: true });
  }
  window.addEventListener('hashchange', route);
  api('info').then((i) => { info = i; }).catch((err) => { info.error = err; })
    .finally(() => { if (info.error) showError(main, info.error); else route(); });
})();
