// samestory's web page: the story list, a story's side-by-side comparison, search and live updates.
//
// Article content is untrusted. It only ever reaches the page as text (`textContent`, text nodes,
// attribute values set with setAttribute on non-URL attributes); links are made only for http(s) URLs.
// No HTML string is ever parsed: the server's Content-Security-Policy enforces Trusted Types, so an
// assignment to innerHTML would throw.
'use strict';

(() => {
  const view = document.getElementById('view');
  const liveText = document.getElementById('live-text');
  const live = document.getElementById('live');
  const searchForm = document.getElementById('search-form');
  const searchInput = document.getElementById('search-input');

  const PAGE = 30;

  // ---- DOM helpers -------------------------------------------------------------------------------

  /** An element with properties and children; strings become text nodes, null/false are skipped. */
  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    setProps(el, props);
    append(el, children);
    return el;
  }

  function setProps(el, props) {
    if (!props) return;
    for (const [key, value] of Object.entries(props)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') el.setAttribute('class', value);
      else if (key === 'text') el.textContent = String(value);
      else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, String(value));
    }
  }

  function append(el, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }

  const SVG = 'http://www.w3.org/2000/svg';

  function svg(tag, attrs, ...children) {
    const el = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs || {})) el.setAttribute(key, String(value));
    append(el, children);
    return el;
  }

  /** The URL when it is http(s), else null: javascript:, data: and the like never become links. */
  function safeUrl(raw) {
    if (typeof raw !== 'string' || raw.length > 4000) return null;
    try {
      const url = new URL(raw);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch {
      return null;
    }
  }

  /** A link to an outside page, or plain text when the URL is not http(s). */
  function outsideLink(raw, text) {
    const href = safeUrl(raw);
    if (!href) return h('span', { class: 'nolink', text: text ?? String(raw ?? '') });
    return h('a', { href, rel: 'noopener noreferrer nofollow', target: '_blank', text: text ?? href });
  }

  function storyLink(id, text) {
    return h('a', { href: `#/story/${encodeURIComponent(String(id))}`, text });
  }

  function fmtTime(iso) {
    if (!iso) return 'undated';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return String(iso);
    return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  }

  function plural(n, one, many) {
    return `${n} ${n === 1 ? one : many || `${one}s`}`;
  }

  function label(key) {
    const words = String(key).replace(/_/g, ' ');
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  function isObject(v) {
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  }

  // ---- the API -----------------------------------------------------------------------------------

  async function api(path) {
    const res = await fetch(path, { headers: { Accept: 'application/json' } });
    let body = null;
    try {
      body = await res.json();
    } catch {
      body = null;
    }
    if (!res.ok) {
      const message = body && typeof body.error === 'string' ? body.error : `${res.status} ${res.statusText}`;
      const err = new Error(message);
      err.status = res.status;
      throw err;
    }
    return body;
  }

  // ---- routing -----------------------------------------------------------------------------------

  let renderToken = 0;
  let current = { route: null, soft: null };

  function parseHash() {
    const hash = location.hash.replace(/^#/, '') || '/';
    const [path, query = ''] = hash.split('?');
    return { path, params: new URLSearchParams(query) };
  }

  async function route(soft = false) {
    const token = ++renderToken;
    const { path, params } = parseHash();
    const story = path.match(/^\/story\/(\d+)$/);
    try {
      let node;
      if (story) node = await storyView(story[1], soft);
      else if (path === '/search') node = await searchView(params.get('q') || '', Number(params.get('offset')) || 0);
      else node = await listView(Number(params.get('offset')) || 0, params.get('outlet') || '');
      if (token !== renderToken || node === null) return;
      const y = window.scrollY;
      view.replaceChildren(node);
      if (soft) window.scrollTo(0, y);
      else window.scrollTo(0, 0);
    } catch (err) {
      if (token !== renderToken) return;
      document.title = 'samestory';
      view.replaceChildren(
        h('section', { class: 'error-view' },
          h('h1', { text: err.status === 404 ? 'Not found' : 'Something went wrong' }),
          h('p', { class: 'error', text: err.message }),
          h('p', null, h('a', { href: '#/', text: '← all stories' }))));
    }
  }

  window.addEventListener('hashchange', () => route(false));

  searchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const q = searchInput.value.trim();
    location.hash = q ? `#/search?q=${encodeURIComponent(q)}` : '#/';
  });

  // ---- the story list ----------------------------------------------------------------------------

  async function listView(offset, outlet) {
    const query = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
    if (outlet) query.set('outlet', outlet);
    const page = await api(`/api/stories?${query}`);
    document.title = 'Stories — samestory';
    const heading = outlet ? `Stories with ${outlet}` : 'Stories';
    return h('section', { class: 'list-view' },
      h('h1', { text: heading }),
      outlet ? h('p', null, h('a', { href: '#/', text: '← all outlets' })) : null,
      page.stories.length === 0
        ? h('p', { class: 'empty', text: offset ? 'No more stories.' : 'No stories yet: ingest some articles.' })
        : storyList(page.stories),
      pager(offset, page.more, (o) => `#/?offset=${o}${outlet ? `&outlet=${encodeURIComponent(outlet)}` : ''}`));
  }

  function pager(offset, more, href) {
    if (!offset && !more) return null;
    return h('nav', { class: 'pager' },
      offset > 0 ? h('a', { href: href(Math.max(0, offset - PAGE)), text: '← newer' }) : h('span'),
      more ? h('a', { href: href(offset + PAGE), text: 'older →' }) : h('span'));
  }

  function storyList(stories) {
    const times = stories.flatMap((s) => [Date.parse(s.first_seen), Date.parse(s.last_seen)]).filter(Number.isFinite);
    const axis = { min: Math.min(...times), max: Math.max(...times) };
    return h('ol', { class: 'stories' }, stories.map((s) => storyItem(s, axis)));
  }

  function storyItem(s, axis) {
    const reporting = new Set(s.reporting_outlets || s.outlets);
    const copies = s.copies || 0;
    return h('li', { class: 'story', 'data-story': s.id },
      h('div', { class: 'headline' }, storyLink(s.id, s.headline)),
      h('div', { class: 'meta' },
        h('span', { class: 'count', text: plural(s.article_count, 'article') }),
        copies ? h('span', { class: 'copies', text: ` (${plural(copies, 'copy', 'copies')})` }) : null,
        ' · ', h('span', { text: plural(s.outlets.length, 'outlet') }),
        ' · ', h('time', { datetime: s.first_seen, text: fmtTime(s.first_seen) }),
        ' – ', h('time', { datetime: s.last_seen, text: fmtTime(s.last_seen) })),
      h('div', { class: 'outlets' }, s.outlets.map((o) => h('a', {
        class: reporting.has(o) ? 'chip' : 'chip copy-only',
        href: `#/?outlet=${encodeURIComponent(o)}`,
        title: reporting.has(o) ? `stories with ${o}` : `${o} only republished others' reports here`,
        text: o,
      }))),
      spanTimeline(s, axis));
  }

  /** A small bar on the page's time axis from the story's first to last article. */
  function spanTimeline(s, axis) {
    const first = Date.parse(s.first_seen);
    const last = Date.parse(s.last_seen);
    const width = 1000;
    const span = axis.max - axis.min;
    const pos = (t) => (span > 0 ? ((t - axis.min) / span) * (width - 8) + 4 : width / 2);
    const x1 = pos(first);
    const x2 = Math.max(pos(last), x1 + 1);
    return svg('svg', { class: 'span', viewBox: `0 0 ${width} 12`, preserveAspectRatio: 'none', role: 'img', 'aria-label': `from ${fmtTime(s.first_seen)} to ${fmtTime(s.last_seen)}` },
      svg('line', { x1: 0, x2: width, y1: 6, y2: 6, class: 'axis' }),
      svg('rect', { x: x1 - 3, y: 2, width: x2 - x1 + 6, height: 8, rx: 4, class: 'bar' },
        svg('title', null, `${fmtTime(s.first_seen)} – ${fmtTime(s.last_seen)}`)));
  }

  // ---- one story ---------------------------------------------------------------------------------

  let shownStory = null;

  async function storyView(id, soft) {
    const story = await api(`/api/stories/${id}`);
    // A story merged into an older one answers as that one: show its own address.
    if (String(story.id) !== String(id)) history.replaceState(null, '', `#/story/${encodeURIComponent(String(story.id))}`);
    const stamp = `${story.id}:${story.article_count}:${story.last_seen}`;
    if (soft && shownStory === stamp) return null;
    shownStory = stamp;
    document.title = `${story.headline} — samestory`;
    const c = story.comparison || {};
    const ctx = { outlets: (c.outlets || []).map((o) => o.outlet), articles: new Map() };
    for (const a of story.articles || []) ctx.articles.set(a.id, a);

    const copies = story.copies ?? (story.articles || []).filter((a) => a.copy).length;
    // A part the comparison lacks, or has nothing in, gets no section.
    const sections = [];
    for (const [key, title, render] of SECTIONS) {
      if (present(c[key])) sections.push(section(key, title, render(c[key], ctx)));
    }
    sections.push(...otherSections(c, ctx));
    if ((story.articles || []).some((a) => a.copy)) {
      sections.push(section('copies', 'Copies', copiesTable(story.articles, ctx)));
    }
    if (present(story.articles)) sections.push(section('articles', 'Articles', articleList(story.articles)));

    return h('article', { class: 'story-view', 'data-story': story.id },
      h('p', null, h('a', { href: '#/', text: '← all stories' })),
      h('h1', { class: 'headline', text: story.headline }),
      h('p', { class: 'meta' },
        plural(story.article_count, 'article'),
        copies ? ` (${plural(copies, 'copy', 'copies')})` : '',
        ` from ${plural(ctx.outlets.length, 'outlet')} · `,
        h('time', { datetime: story.first_seen, text: fmtTime(story.first_seen) }), ' – ',
        h('time', { datetime: story.last_seen, text: fmtTime(story.last_seen) }),
        present(story.merged_from) ? h('span', { class: 'merged', text: ` · merged with ${story.merged_from.map((m) => `#${m}`).join(', ')}` }) : null),
      sections);
  }

  function section(key, title, body) {
    return h('section', { class: `part part-${key.replace(/[^a-z0-9_-]/gi, '')}`, 'data-part': key },
      h('h2', { text: title }), body);
  }

  /** The parts of a comparison with their own view, in page order. Parts not named here are still shown,
   *  by the generic view (see otherSections). */
  const SECTIONS = [
    ['summary', 'Summary', (v) => (v.length ? h('ul', { class: 'summary' }, v.map((s) => h('li', { text: s }))) : empty())],
    ['timeline', 'Timeline', (v, ctx) => timeline(v, ctx)],
    ['outlets', 'Outlets', (v, ctx) => outletsTable(v, ctx)],
    ['shared_facts', 'Reported by several outlets', (v, ctx) => alignedTable(v, ctx, 'facts')],
    ['unique_facts', 'Reported by one outlet only', (v) => uniqueFacts(v)],
    ['quotes', 'Quotes, aligned across outlets', (v, ctx) => alignedTable(v, ctx, 'quotes')],
    ['disagreements', 'Where outlets disagree', (v, ctx) => disagreements(v, ctx)],
    ['entities', 'People and organizations', (v) => entities(v)],
  ];

  /** Parts shown elsewhere on the page or not worth a section. */
  const NOT_SECTIONS = new Set(['story', 'headline', 'article_count', 'earliest']);

  function otherSections(c, ctx) {
    const named = new Set(SECTIONS.map(([key]) => key));
    return Object.keys(c)
      .filter((key) => !named.has(key) && !NOT_SECTIONS.has(key) && present(c[key]))
      .map((key) => section(key, label(key), generic(c[key], ctx)));
  }

  /** Whether a part of the comparison has anything to show: not absent, null, blank, or empty. */
  function present(value) {
    if (value === null || value === undefined || value === false) return false;
    if (Array.isArray(value)) return value.length > 0;
    if (isObject(value)) return Object.values(value).some(present);
    if (typeof value === 'string') return value.trim().length > 0;
    return true;
  }

  function empty() {
    return h('p', { class: 'empty', text: 'None.' });
  }

  function outletOf(ctx, articleId) {
    const a = ctx.articles.get(articleId);
    return a ? a.outlet || '' : '';
  }

  function timeline(entries, ctx) {
    if (!entries.length) return empty();
    const times = entries.map((e) => Date.parse(e.time)).filter(Number.isFinite);
    const min = Math.min(...times);
    const max = Math.max(...times);
    const width = 1000;
    const rows = ctx.outlets.length || 1;
    const height = rows * 18 + 10;
    const pos = (t) => (max > min ? ((t - min) / (max - min)) * (width - 20) + 10 : width / 2);
    const chart = svg('svg', { class: 'timeline-chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'articles over time, one row per outlet' },
      ctx.outlets.map((o, i) => svg('line', { x1: 0, x2: width, y1: i * 18 + 14, y2: i * 18 + 14, class: 'axis' })),
      entries.filter((e) => Number.isFinite(Date.parse(e.time))).map((e) => {
        const row = Math.max(0, ctx.outlets.indexOf(e.outlet));
        return svg('circle', { cx: pos(Date.parse(e.time)), cy: row * 18 + 14, r: 6, class: e.copy_of ? 'dot copy' : 'dot' },
          svg('title', null, `${e.outlet}: ${e.title || e.id} (${fmtTime(e.time)})${e.copy_of ? ' — a copy' : ''}`));
      }));
    const list = h('ol', { class: 'timeline' }, entries.map((e) => h('li', { 'data-article': e.id },
      h('time', { datetime: e.time || '', text: fmtTime(e.time) }), ' ',
      h('span', { class: 'outlet', text: e.outlet }), ' ',
      e.url ? outsideLink(e.url, e.title || e.url) : h('span', { class: 'title', text: e.title || e.id }),
      e.copy_of ? h('span', { class: 'badge', text: `copy of ${outletOf(ctx, e.copy_of) || e.copy_of}` }) : null)));
    return [chart, list];
  }

  function outletsTable(outlets, ctx) {
    if (!outlets.length) return empty();
    return h('table', { class: 'outlets-table' },
      h('thead', null, h('tr', null, h('th', { text: 'Outlet' }), h('th', { text: 'Articles' }), h('th', { text: 'First' }))),
      h('tbody', null, outlets.map((o) => {
        const first = ctx.articles.get(o.articles[0]);
        return h('tr', null,
          h('td', { text: o.outlet }),
          h('td', { text: String(o.articles.length) }),
          h('td', { text: first ? fmtTime(first.published || first.ingested) : '' }));
      })));
  }

  /** Rows of statements aligned across outlets, side by side: one column per outlet. Works for any list
   *  of objects with `versions` (each with `outlet` and `text`); other fields of a row or a version (a
   *  speaker, a value) are shown beside the text. */
  function alignedTable(rows, ctx, kind) {
    if (!rows.length) return empty();
    const present = new Set(rows.flatMap((r) => (r.versions || []).map((v) => v.outlet)));
    const outlets = ctx.outlets.filter((o) => present.has(o));
    for (const o of present) if (!outlets.includes(o)) outlets.push(o);
    // Quotes carry their speaker (`null` when no outlet makes it clear): a column of its own.
    const speakers = rows.some((r) => 'speaker' in r);
    return h('div', { class: 'scroll' },
      h('table', { class: `aligned ${kind}` },
        h('thead', null, h('tr', null,
          h('th', { class: 'rowhead', text: '' }),
          speakers ? h('th', { class: 'speaker-col', scope: 'col', text: 'Speaker' }) : null,
          outlets.map((o) => h('th', { scope: 'col', text: o })))),
        h('tbody', null, rows.map((row, i) => h('tr', { class: 'row' },
          h('th', { class: 'rowhead', scope: 'row' },
            h('span', { text: `${i + 1}` }), h('br'),
            h('span', { class: 'small', text: plural(new Set((row.versions || []).map((v) => v.outlet)).size, 'outlet') }),
            extras(row, ['outlets', 'versions', 'speaker'])),
          speakers ? h('td', { class: 'speaker-col' }, row.speaker
            ? h('span', { class: 'speaker', text: row.speaker })
            : h('span', { class: 'small', text: 'not clear' })) : null,
          outlets.map((o) => h('td', null, (row.versions || []).filter((v) => v.outlet === o).map((v) => h('div', { class: 'version', 'data-article': v.article },
            h('p', { class: 'text', text: v.text }),
            attribution(v, row),
            extras(v, ['outlet', 'article', 'text', 'speaker', 'cue', 'quoted_by']))))))))));
  }

  /** Who said a quote, as one outlet reports it: `— Name, said` (and who quoted them, when nested). An
   *  outlet naming someone else than the row's speaker is marked. */
  function attribution(v, row) {
    if (!v.speaker && !v.cue && !v.quoted_by) return null;
    const differs = v.speaker && row.speaker && v.speaker !== row.speaker;
    return h('p', { class: differs ? 'attribution differs' : 'attribution' },
      '— ', v.speaker ? h('span', { class: 'speaker', text: v.speaker }) : h('span', { class: 'small', text: 'unattributed' }),
      v.cue ? h('span', { class: 'cue', text: `, ${v.cue}` }) : null,
      v.quoted_by ? h('span', { class: 'quoted-by', text: ` (quoted by ${v.quoted_by})` }) : null,
      differs ? h('span', { class: 'badge', text: 'other speaker' }) : null);
  }


  /** Scalar fields of an object other than `skip`, as small labelled notes. */
  function extras(obj, skip) {
    const notes = Object.entries(obj).filter(([k, v]) => !skip.includes(k) && v !== null && v !== undefined && typeof v !== 'object');
    const nested = Object.entries(obj).filter(([k, v]) => !skip.includes(k) && v !== null && typeof v === 'object');
    if (!notes.length && !nested.length) return null;
    return h('div', { class: 'extras' },
      notes.map(([k, v]) => h('span', { class: `note note-${k.replace(/[^a-z0-9_-]/gi, '')}` }, h('b', { text: `${label(k)}: ` }), String(v))),
      nested.map(([k, v]) => h('details', null, h('summary', { text: label(k) }), generic(v, null))));
  }

  /** Points on which outlets disagree: what about, then each outlet's value and the sentence it is from. */
  function disagreements(items, ctx) {
    return h('div', { class: 'disagreements' }, items.map((d) => h('div', { class: 'disagreement', 'data-kind': d.kind || '' },
      h('h3', null, d.kind ? h('span', { class: `kind kind-${String(d.kind).replace(/[^a-z_]/g, '')}`, text: label(d.kind) }) : null, ' ', d.subject || ''),
      h('table', { class: 'claims' },
        h('thead', null, h('tr', null, ['Outlet', 'Says', 'In'].map((t) => h('th', { text: t })))),
        h('tbody', null, (d.claims || []).map((c) => h('tr', { 'data-article': c.article || '' },
          h('td', { class: 'outlet', text: c.outlet || outletOf(ctx, c.article) }),
          h('td', { class: 'value' }, h('b', { text: c.value ?? '' })),
          h('td', { class: 'text', text: c.text ?? '' }))))))));
  }

  /** The people and organizations named, with the roles each outlet gives them. */
  function entities(items) {
    const kinds = [['person', 'People'], ['organization', 'Organizations']];
    const other = items.filter((e) => !kinds.some(([k]) => k === e.kind));
    const groups = kinds.map(([k, title]) => [title, items.filter((e) => e.kind === k)]);
    if (other.length) groups.push(['Others', other]);
    return h('div', { class: 'columns entities' }, groups.filter(([, list]) => list.length).map(([title, list]) => h('div', { class: 'column' },
      h('h3', { text: title }),
      h('ul', { class: 'entity-list' }, list.map((e) => h('li', { class: 'entity', 'data-kind': e.kind || '' },
        h('b', { class: 'name', text: e.name }),
        h('span', { class: 'small', text: ` · ${plural((e.outlets || []).length, 'outlet')}${e.mentions ? ` · ${plural(e.mentions, 'mention')}` : ''}${e.quotes ? ` · ${plural(e.quotes, 'quote')}` : ''}` }),
        (e.roles || []).length
          ? h('ul', { class: 'roles' }, e.roles.map((r) => h('li', null,
            h('span', { class: 'role', text: r.role }),
            (r.outlets || []).length ? h('span', { class: 'small', text: ` (${r.outlets.join(', ')})` }) : null)))
          : null))))));
  }

  function uniqueFacts(groups) {
    if (!groups.length) return empty();
    return h('div', { class: 'columns' }, groups.map((g) => h('div', { class: 'column' },
      h('h3', { text: g.outlet }),
      h('ul', null, (g.facts || []).map((f) => h('li', { text: typeof f === 'string' ? f : JSON.stringify(f) }))))));
  }

  function copiesTable(articles, ctx) {
    const copies = articles.filter((a) => a.copy);
    if (!copies.length) return h('p', { class: 'empty', text: 'No article here is a copy of another.' });
    return h('table', { class: 'copies-table' },
      h('thead', null, h('tr', null, ['Copy', 'Of', 'Kind', 'Similarity'].map((t) => h('th', { text: t })))),
      h('tbody', null, copies.map((a) => {
        const original = ctx.articles.get(a.copy.of);
        return h('tr', null,
          h('td', null, h('b', { text: a.outlet || 'unknown outlet' }), ' ', a.title || a.id),
          h('td', null, h('b', { text: original ? original.outlet || 'unknown outlet' : '' }), ' ', original ? original.title || original.id : a.copy.of),
          h('td', { text: a.copy.kind }),
          h('td', { text: `${Math.round(a.copy.similarity * 100)}%` }));
      })));
  }

  function articleList(articles) {
    if (!articles.length) return empty();
    return h('div', { class: 'articles' }, articles.map((a) => h('details', { class: 'article', 'data-article': a.id },
      h('summary', null,
        h('b', { text: a.outlet || 'unknown outlet' }), ' — ', a.title || '(untitled)', ' ',
        h('span', { class: 'small', text: fmtTime(a.published || a.ingested) })),
      h('dl', { class: 'facts' },
        a.url ? [h('dt', { text: 'URL' }), h('dd', null, outsideLink(a.url))] : null,
        a.byline ? [h('dt', { text: 'By' }), h('dd', { text: a.byline })] : null,
        a.lang ? [h('dt', { text: 'Language' }), h('dd', { text: a.lang })] : null,
        a.copy ? [h('dt', { text: 'Copy of' }), h('dd', { text: `${a.copy.of} (${a.copy.kind}, ${Math.round(a.copy.similarity * 100)}%)` })] : null),
      (a.paragraphs || []).map((p) => h('p', { text: p })))));
  }

  /** Any JSON value as nested lists, definition lists and text; aligned rows become a side-by-side table. */
  function generic(value, ctx, key) {
    if (Array.isArray(value)) {
      if (!value.length) return empty();
      if (ctx && value.every((v) => isObject(v) && Array.isArray(v.versions))) return alignedTable(value, ctx, 'generic');
      if (value.every((v) => !isObject(v) && !Array.isArray(v))) {
        return h('ul', { class: 'generic' }, value.map((v) => h('li', null, scalar(v, key))));
      }
      return h('ol', { class: 'generic' }, value.map((v) => h('li', null, generic(v, ctx, key))));
    }
    if (isObject(value)) {
      return h('dl', { class: 'generic' }, Object.entries(value).map(([k, v]) => [h('dt', { text: label(k) }), h('dd', null, generic(v, ctx, k))]));
    }
    return scalar(value, key);
  }

  function scalar(v, key) {
    if (v === null || v === undefined) return h('span', { class: 'small', text: '—' });
    if (typeof v === 'string' && /url|link|href/i.test(key || '')) return outsideLink(v);
    return h('span', { text: String(v) });
  }

  // ---- search ------------------------------------------------------------------------------------

  async function searchView(q, offset) {
    searchInput.value = q;
    document.title = `${q} — search — samestory`;
    if (!q.trim()) return h('section', null, h('h1', { text: 'Search' }), h('p', { text: 'Type words to find in titles and texts.' }));
    const limit = 20;
    const [stories, hits] = await Promise.all([
      offset ? Promise.resolve(null) : api(`/api/stories?${new URLSearchParams({ q, limit: '10' })}`),
      api(`/api/search?${new URLSearchParams({ q, limit: String(limit), offset: String(offset) })}`),
    ]);
    return h('section', { class: 'search-view' },
      h('h1', null, 'Search: ', h('q', { text: q })),
      stories ? [h('h2', { text: 'Stories' }), stories.stories.length ? storyList(stories.stories) : empty()] : null,
      h('h2', { text: 'Articles' }),
      hits.hits.length
        ? h('ol', { class: 'hits', start: offset + 1 }, hits.hits.map((hit) => h('li', { class: 'hit' },
          h('div', { class: 'headline' }, storyLink(hit.story, hit.title || '(untitled)')),
          h('div', { class: 'meta' }, hit.outlet || 'unknown outlet', ' · ', fmtTime(hit.published)),
          h('p', { class: 'snippet' }, hit.snippet.map((part) => (part.hit ? h('mark', { text: part.text }) : part.text))))))
        : h('p', { class: 'empty', text: offset ? 'No more matches.' : 'No article matches.' }),
      hits.more || offset
        ? h('nav', { class: 'pager' },
          offset ? h('a', { href: `#/search?q=${encodeURIComponent(q)}&offset=${Math.max(0, offset - limit)}`, text: '← previous' }) : h('span'),
          hits.more ? h('a', { href: `#/search?q=${encodeURIComponent(q)}&offset=${offset + limit}`, text: 'more →' }) : h('span'))
        : null);
  }

  // ---- live updates ------------------------------------------------------------------------------

  let generation = null;
  let refreshTimer = null;

  function connect() {
    if (!('EventSource' in window)) {
      liveText.textContent = 'no live updates';
      return;
    }
    const events = new EventSource('/api/events');
    events.addEventListener('change', (event) => {
      let change;
      try {
        change = JSON.parse(event.data);
      } catch {
        return;
      }
      live.classList.add('on');
      liveText.textContent = `live · ${plural(change.articles, 'article')} · ${plural(change.stories, 'story', 'stories')}`;
      if (generation !== null && change.generation !== generation) scheduleRefresh();
      generation = change.generation;
    });
    events.addEventListener('error', () => {
      live.classList.remove('on');
      liveText.textContent = 'reconnecting…';
    });
  }

  /** Re-renders the current view, at most once a second, keeping the scroll position. */
  function scheduleRefresh() {
    if (refreshTimer !== null) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      if (!view.querySelector('details[open]')) route(true);
    }, 1000);
  }

  connect();
  route(false);
})();
