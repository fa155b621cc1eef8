// kHtmlStyle and kHtmlScript (html_assets.h). The script is plain ES2017, no library.

#include "neardup/report/html_assets.h"

namespace neardup {

const char kHtmlStyle[] = R"(
body{font:15px/1.5 Georgia,serif;margin:2em auto;max-width:72em;color:#222;padding:0 1em}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:2px solid #ccc}
h3.story{font-size:1.15em;margin:1.8em 0 .4em;border-bottom:1px solid #ddd}
h4{font-size:1.02em;margin:1.2em 0 .2em}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25em .6em;vertical-align:top}
th{background:#f2f2f2;text-align:left}.num{text-align:right}
table.pair{width:100%;table-layout:fixed;margin:.4em 0}table.pair td{width:50%;overflow-wrap:anywhere}
.where{font:12px monospace;color:#666;display:block}
mark{background:#fff3a8;color:inherit}del{background:#fbd3d3;color:#900}ins{background:#cdeccd;color:#060;text-decoration:none}
.legend span{margin-right:1.2em}.small,.facts,.arts{color:#555;font-size:.9em}
.limit{background:#eef4fb;border:1px solid #bcd;padding:.5em .8em}
.toc ol{margin:.2em 0}.arts{margin:.1em 0;padding-left:1.2em}.facts{margin:.2em 0}
.controls{position:sticky;top:0;background:#fff;padding:.5em 0;border-bottom:1px solid #ddd;z-index:1}
.controls input,.controls select,.pager button{font:inherit;margin-right:.5em}.more{font-size:.85em;margin-right:.5em}
.controls input{width:22em;max-width:100%}.dp{margin-bottom:1.5em}.id{font:12px monospace;color:#666}
.first{font-weight:bold;color:#225}.story-item{margin:.3em 0}.story-item details{margin-left:1.2em}
)";

const char kHtmlScript[] = R"JS(
(function () {
  'use strict';
  const t0 = performance.now();
  const D = JSON.parse(document.getElementById('neardup-data').textContent);
  const tParsed = performance.now();
  const A = D.articles, P = D.pairs, S = D.stories;
  const VERDICTS = ['wholly-derived', 'partially-derived', 'non-derived'];
  const PAGE = 20, STORIES = 20, PARAS = 30;
  const $ = (id) => document.getElementById(id);
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = String(text);
    return e;
  }
  const label = (i) => A[i][1] || A[i][0];
  const safeUrl = (u) => (/^https?:\/\//i.test(u) ? u : '');
  const storyName = (s) => 'Story ' + (s + 1);
  const DATED = A.some((a) => a[3]);  // the input has dates: say who published first

  // "Headline — outlet · date · id · URL", each part only when the input has it.
  function describe(i, into) {
    const a = A[i];
    into.appendChild(el('span', 'title', label(i)));
    const rest = [a[2], a[3]].filter(Boolean).join(' · ');
    if (rest) into.appendChild(document.createTextNode(' — ' + rest));
    if (a[1]) into.appendChild(el('span', 'id', ' ' + a[0]));
    const url = safeUrl(a[4]);
    if (url) {
      into.appendChild(document.createTextNode(' · '));
      const link = el('a', '', a[4]);
      link.href = url;
      link.rel = 'noopener noreferrer';
      into.appendChild(link);
    } else if (a[4]) {
      into.appendChild(el('span', 'id', ' ' + a[4]));
    }
  }

  function segments(td, segs, onlyTag) {
    for (let i = 0; i + 1 < segs.length; i += 2) {
      const kind = segs[i], text = segs[i + 1];
      if (kind === 0) td.appendChild(document.createTextNode(text));
      else td.appendChild(el(kind === 1 ? 'mark' : onlyTag, '', text));
    }
  }

  function pairTable(p, pp) {
    const t = el('table', 'pair'), tr = t.insertRow();
    const l = tr.insertCell(), r = tr.insertCell();
    let where = A[p[0]][0] + ' ¶' + pp[0] + ' · similarity ' + pp[3].toFixed(2);
    if (pp[4] >= 0) where += ' · probability ' + pp[4].toFixed(2);
    l.appendChild(el('span', 'where', where));
    segments(l, pp[5], 'del');
    const flags = (pp[2] & 1 ? ' · identical' : '') + (pp[2] & 2 ? ' · one sentence' : '') +
        (pp[2] & 4 ? ' · in context' : '') + (pp[2] & 8 ? ' · near-verbatim' : '');
    r.appendChild(el('span', 'where', A[p[1]][0] + ' ¶' + pp[1] + flags));
    segments(r, pp[6], 'ins');
    return t;
  }

  function firstText(p) {
    if (p[7] === 2) return 'published at the same time';
    if (p[7] < 0) return 'which was published first: no date';
    return 'published first: ' + label(p[p[7]]) + ' (' + A[p[p[7]]][3] + ')';
  }

  function pairBlock(k) {
    const p = P[k], div = el('div', 'dp');
    div.id = 'dp' + k;
    const h = el('h4');
    h.appendChild(el('span', 'side', label(p[0])));
    h.appendChild(document.createTextNode(' ↔ '));
    h.appendChild(el('span', 'side', label(p[1])));
    div.appendChild(h);
    if (A[p[0]].slice(1, 5).some(Boolean) || A[p[1]].slice(1, 5).some(Boolean)) {
      const ul = el('ul', 'arts');
      for (const side of [0, 1]) {
        const li = el('li');
        li.appendChild(el('b', '', side === 0 ? 'left: ' : 'right: '));
        describe(p[side], li);
        ul.appendChild(li);
      }
      div.appendChild(ul);
    }
    const facts = el('p', 'facts');
    facts.appendChild(el('b', 'verdict', VERDICTS[p[2]]));
    let s = ' · ' + p[4] + '% of the left and ' + p[5] + '% of the right covered' +
        (p[2] < 2 ? ' · the copy: ' + (p[6] === 0 ? 'left' : 'right') : '') + ' · ' + p[8] +
        ' paragraph pair' + (p[8] === 1 ? '' : 's');
    if (p[9].length < p[8]) s += ' (' + p[9].length + ' on this page)';
    if (p[3] >= 0) s += ' · ' + storyName(p[3]);
    facts.appendChild(document.createTextNode(s));
    if (DATED) {
      facts.appendChild(document.createTextNode(' · '));
      facts.appendChild(el('span', 'first', firstText(p)));
    }
    div.appendChild(facts);
    const shown = Math.min(p[9].length, PARAS);
    for (let i = 0; i < shown; ++i) div.appendChild(pairTable(p, p[9][i]));
    if (shown < p[9].length) {
      const more = el('button', 'more', 'show all ' + p[9].length + ' paragraph pairs');
      more.addEventListener('click', () => {
        for (let i = shown; i < p[9].length; ++i) div.insertBefore(pairTable(p, p[9][i]), more);
        more.remove();
      });
      div.appendChild(more);
    }
    return div;
  }

  // Search: every word of the query must occur in the pair's names, fields or paragraph text.
  const hay = new Array(P.length);
  function haystack(k) {
    if (hay[k] === undefined) {
      const p = P[k], parts = [];
      for (const i of [p[0], p[1]]) parts.push(A[i].slice(0, 5).join(' '));
      for (const pp of p[9]) {
        for (const segs of [pp[5], pp[6]]) {
          for (let i = 1; i < segs.length; i += 2) parts.push(segs[i]);
        }
      }
      hay[k] = parts.join(' ').toLowerCase();
    }
    return hay[k];
  }
  const time = (k) => {
    const a = A[P[k][0]][5], b = A[P[k][1]][5];
    return a === null ? b : b === null ? a : Math.min(a, b);
  };
  const SORTS = {
    story: null,
    coverage: (x, y) => Math.max(P[y][4], P[y][5]) - Math.max(P[x][4], P[x][5]),
    pairs: (x, y) => P[y][8] - P[x][8],
    date: (x, y) => {
      const a = time(x), b = time(y);
      return a === b ? 0 : a === null ? 1 : b === null ? -1 : a - b;
    },
    outlet: (x, y) => A[P[x][0]][2].localeCompare(A[P[y][0]][2]),
  };

  let view = [], page = 0, story = -1;
  function apply() {
    const words = $('q').value.toLowerCase().split(/\s+/).filter(Boolean);
    const outlet = $('outlet').value, verdict = $('verdict').value;
    view = [];
    for (let k = 0; k < P.length; ++k) {
      const p = P[k];
      if (verdict === 'derived' ? p[2] > 1 : verdict !== '' && p[2] !== Number(verdict)) continue;
      if (outlet && A[p[0]][2] !== outlet && A[p[1]][2] !== outlet) continue;
      if (story >= 0 && p[3] !== story) continue;
      if (words.length && !words.every((w) => haystack(k).includes(w))) continue;
      view.push(k);
    }
    const cmp = SORTS[$('sort').value];
    if (cmp) view.sort((x, y) => cmp(x, y) || x - y);
    page = 0;
    render();
  }

  function render() {
    const list = $('pair-list'), pages = Math.max(1, Math.ceil(view.length / PAGE));
    list.textContent = '';
    const from = page * PAGE, to = Math.min(view.length, from + PAGE);
    const grouped = !SORTS[$('sort').value];
    let last = null;
    for (let i = from; i < to; ++i) {
      const p = P[view[i]];
      if (grouped && p[3] !== last) {
        last = p[3];
        const n = p[3] >= 0 ? (S[p[3]] || []).length : 0;
        list.appendChild(el('h3', 'story', p[3] >= 0 ? storyName(p[3]) + ': ' + n + ' articles'
                                                      : 'Not part of a story: non-derived pairs'));
      }
      list.appendChild(pairBlock(view[i]));
    }
    $('count').textContent = view.length
        ? 'Article pairs ' + (from + 1) + '–' + to + ' of ' + view.length + ' matching (' +
          P.length + ' on this page).' + (story >= 0 ? ' Showing ' + storyName(story) + ' only.' : '')
        : 'No article pair matches.';
    $('page').textContent = 'page ' + (page + 1) + ' of ' + pages;
    $('prev').disabled = page === 0;
    $('next').disabled = page + 1 >= pages;
  }

  // One line per story: its size, its earliest article, its outlets; the articles on a click.
  function storyItem(s) {
    const div = el('div', 'story-item'), members = S[s];
    div.appendChild(el('b', '', storyName(s) + ': ' + members.length + ' articles '));
    const show = el('button', 'more', 'its pairs');
    show.addEventListener('click', () => {
      story = s;
      apply();
      $('pairs').scrollIntoView();
    });
    div.appendChild(show);
    const dated = members.filter((i) => A[i][5] !== null);
    if (dated.length) {
      const first = dated.reduce((x, y) => (A[y][5] < A[x][5] ? y : x));
      div.appendChild(document.createTextNode('first: '));
      div.appendChild(el('span', 'title', label(first)));
      div.appendChild(document.createTextNode(' (' + [A[first][2], A[first][3]].filter(Boolean).join(', ') + ')'));
    }
    const outs = [...new Set(members.map((i) => A[i][2]).filter(Boolean))].sort();
    if (outs.length) div.appendChild(document.createTextNode(' · ' + outs.join(', ')));
    const details = el('details'), ul = el('ul', 'arts');
    details.appendChild(el('summary', 'small', 'its articles'));
    details.addEventListener('toggle', () => {
      if (ul.childElementCount) return;
      for (const i of members) {
        const li = el('li');
        describe(i, li);
        ul.appendChild(li);
      }
    });
    details.appendChild(ul);
    div.appendChild(details);
    return div;
  }
  const storyIds = Object.keys(S).map(Number).sort((x, y) => x - y);
  let storiesShown = 0;
  function moreStories() {
    const list = $('story-list'), end = Math.min(storyIds.length, storiesShown + STORIES);
    for (; storiesShown < end; ++storiesShown) list.appendChild(storyItem(storyIds[storiesShown]));
    $('more-stories').hidden = storiesShown >= storyIds.length;
    if (!storyIds.length) list.textContent = 'No story: no article pair on this page is derived.';
  }

  const outlets = new Map();
  for (const p of P) {
    for (const i of new Set([p[0], p[1]])) {
      if (A[i][2]) outlets.set(A[i][2], (outlets.get(A[i][2]) || 0) + 1);
    }
  }
  const select = $('outlet');
  for (const name of [...outlets.keys()].sort()) {
    const o = el('option', '', name + ' (' + outlets.get(name) + ')');
    o.value = name;
    select.appendChild(o);
  }
  select.hidden = outlets.size === 0;
  for (const id of ['q', 'outlet', 'verdict', 'sort']) $(id).addEventListener('input', apply);
  $('all-stories').addEventListener('click', () => {
    story = -1;
    apply();
  });
  $('prev').addEventListener('click', () => { --page; render(); $('pairs').scrollIntoView(); });
  $('next').addEventListener('click', () => { ++page; render(); $('pairs').scrollIntoView(); });
  $('more-stories').addEventListener('click', moreStories);
  moreStories();
  apply();
  const now = performance.now();
  window.neardupTiming = {parse_ms: tParsed - t0, render_ms: now - t0, ready_ms: now};
  document.documentElement.dataset.readyMs = String(Math.round(now));
})();
)JS";

}  // namespace neardup
