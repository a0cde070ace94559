/* chiso review report: the table (sort, filter, pages), the charts' wiring and the document view.
   Every string from a document reaches the DOM through textContent or setAttribute, never innerHTML.
   Document texts are parsed from their own JSON block only when that document is opened. */
(function () {
  "use strict";
  var T0 = performance.now();
  var DATA = JSON.parse(document.getElementById("chiso-data").textContent);
  var docs = DATA.docs, cat = DATA.catalogue || {}, kinds = DATA.kinds || {};
  var values = DATA.values.rows.map(function (row) {
    var r = {};
    DATA.values.cols.forEach(function (c, k) { r[c] = row[k]; });
    return r;
  });
  var PAGE = 50;
  var numFmt = new Intl.NumberFormat("vi-VN", {maximumFractionDigits: 2});
  var collator = new Intl.Collator("vi", {numeric: true, sensitivity: "base"});

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text, attrs) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (attrs) for (var k in attrs) if (attrs[k] !== undefined && attrs[k] !== null) e.setAttribute(k, String(attrs[k]));
    return e;
  }
  function fmt(v, unit) { return v === null || v === undefined ? "" : numFmt.format(v) + (unit === "percent" ? "%" : ""); }
  function label(ind) { return (cat[ind] && cat[ind].label) || ind; }
  function isCore(ind) { return !cat[ind] || cat[ind].core !== false; }
  var catOrder = {};
  Object.keys(cat).forEach(function (k, i) { catOrder[k] = i; });
  function indOrder(a, b) {
    var x = a in catOrder ? catOrder[a] : 1e6, y = b in catOrder ? catOrder[b] : 1e6;
    return x - y || collator.compare(a, b);
  }
  function docLabel(d) { return d.province + " · " + d.agency + " · " + d.period + " — " + d.source; }

  // ------------------------------------------------------------ filters
  function distinct(key, order) {
    var seen = {}, out = [];
    docs.forEach(function (d) { if (!(d[key] in seen)) { seen[d[key]] = 1; out.push(d[key]); } });
    return out.sort(order || collator.compare);
  }
  var periodStart = {};
  docs.forEach(function (d) { if (!(d.period in periodStart) || (d.period_start || "9") < periodStart[d.period]) periodStart[d.period] = d.period_start || "9999"; });
  function fill(select, items, text) {
    items.forEach(function (v) { select.appendChild(el("option", null, text ? text(v) : v, {value: v})); });
  }
  fill($("f-province"), distinct("province"));
  fill($("f-agency"), distinct("agency"));
  var periods = distinct("period");
  values.forEach(function (r) {   // a figure's own period (a year-to-date total in a monthly report)
    if (!(r.period in periodStart)) { periodStart[r.period] = r.period.replace(/-(M|Q|H|9M|Y)/, "-9"); periods.push(r.period); }
  });
  function byStart(a, b) { return collator.compare(periodStart[a], periodStart[b]) || collator.compare(a, b); }
  fill($("f-period"), periods.sort(byStart));
  var indSeen = {};
  values.forEach(function (r) { indSeen[r.indicator] = 1; });
  fill($("f-indicator"), Object.keys(indSeen).sort(indOrder), function (v) { return label(v) + " (" + v + ")"; });

  var state = {sort: null, dir: 1, page: 0};
  function filters() {
    return {view: $("f-view").value, province: $("f-province").value, agency: $("f-agency").value,
            period: $("f-period").value, indicator: $("f-indicator").value, kind: $("f-kind").value,
            scope: $("f-scope").value,
            q: $("f-search").value.trim().toLowerCase()};
  }
  function docOk(d, f) {
    return (!f.province || d.province === f.province) && (!f.agency || d.agency === f.agency) &&
           (!f.period || d.period === f.period);
  }
  // whose figure: "" = every scope, "own" = the report's own subject, else one level (scope_level)
  var SCOPES = DATA.levels || {};
  function scopeOk(r, f) { return !f.scope || (f.scope === "own" ? !r.scope : r.scope === f.scope); }
  function scopeName(level, unit) { return level ? (unit ? unit + " (" + (SCOPES[level] || level) + ")" : SCOPES[level] || level) : ""; }
  function scopeText(r) { return scopeName(r.scope, r.scope_unit); }
  // the figure's own period, and the document's when it differs
  function periodText(r) { return r.period + (r.doc_period ? " (văn bản: " + r.doc_period + ")" : ""); }
  function indOk(ind, f) { return f.indicator === "*" ? true : f.indicator ? ind === f.indicator : isCore(ind); }

  // ------------------------------------------------------------ table
  // a column: {title, key(row) -> sortable value, cell(row) -> Node|string, num}
  function docCols() {
    return [
      {title: "Tỉnh", key: function (r) { return docs[r.d].province; }},
      {title: "Cơ quan", key: function (r) { return docs[r.d].agency; }},
      {title: "Kỳ", key: function (r) { return periodStart[docs[r.d].period] + docs[r.d].period; },
       cell: function (r) { return docs[r.d].period; }},
    ];
  }
  // a corrected figure (normalize.corrections) says so, with the extracted value
  var FIELD_NAMES = {indicator: "chỉ số", kind: "loại", scope_level: "phạm vi", scope_unit: "đơn vị", period: "kỳ"};
  function wasText(r) {
    var o = r.original || {};
    if (!Object.keys(o).length) return "đã thêm · added";
    return "gốc · was " + Object.keys(o).map(function (k) {
      var v = o[k];
      if (k === "value") return fmt(v, r.unit);
      if (k === "scope_level") return FIELD_NAMES[k] + ": " + (v ? SCOPES[v] || v : DATA.own);
      if (k === "kind") return FIELD_NAMES[k] + ": " + (kinds[v] || v);
      return (FIELD_NAMES[k] || k) + ": " + (v === null || v === undefined || v === "" ? "∅" : v);
    }).join(", ");
  }
  function valueCell(r) {
    var a = el("a", "val" + (r.conflict ? " conflict" : "") + (r.corrected ? " corrected" : ""), fmt(r.value, r.unit),
               {href: "#doc=" + r.d + "&at=" + r.start, "data-doc": r.d, "data-start": r.start,
                title: (r.corrected ? "✎ " + wasText(r) + "\n" : "") +
                       (r.columns ? r.columns.map(function (p) { return p[0] + ": " + p[1]; }).join("\n") : r.evidence || "") +
                       (r.conflict ? "\n≠ " + (r.other_values || "") : "")});
    return a;
  }
  // a table row's quote with its column headers (report/tables.py)
  function evidenceCell(r) {
    var span = el("span", "quote", r.evidence);
    if (!r.columns) return span;
    var box = el("div"), t = el("table", "plain row-headers"), h = el("tr"), c = el("tr");
    r.columns.forEach(function (p) { h.appendChild(el("th", null, p[0])); c.appendChild(el("td", null, p[1])); });
    t.appendChild(h); t.appendChild(c);
    box.appendChild(t);
    return box;
  }
  function longView(f) {
    var rows = values.filter(function (r) {
      var d = docs[r.d];
      if ((f.province && d.province !== f.province) || (f.agency && d.agency !== f.agency) ||
          (f.period && r.period !== f.period && d.period !== f.period) || !indOk(r.indicator, f) || (f.kind && r.kind !== f.kind) || !scopeOk(r, f)) return false;
      return !f.q || (docs[r.d].source + " " + (r.evidence || "") + " " + r.indicator + " " + label(r.indicator)).toLowerCase().indexOf(f.q) >= 0;
    });
    var cols = docCols().concat([
      {title: "Kỳ số liệu", key: function (r) { return (periodStart[r.period] || "") + r.period; }, cell: periodText},
      {title: "Chỉ số", key: function (r) { return label(r.indicator); },
       cell: function (r) { var s = el("span", null, label(r.indicator)); s.appendChild(el("small", null, " " + r.indicator)); return s; }},
      {title: "Loại", key: function (r) { return r.kind; }, cell: function (r) { return kinds[r.kind] || r.kind; }},
      {title: "Phạm vi", key: function (r) { return scopeText(r); }},
      {title: "Phân loại", key: function (r) { return r.qualifier || ""; }},
      {title: "Giá trị", num: true, key: function (r) { return r.value; },
       cell: function (r) {
         if (!r.corrected) return valueCell(r);
         var box = el("span", "fixed");
         box.appendChild(valueCell(r));
         box.appendChild(el("small", "was", " (" + wasText(r) + ")"));
         return box;
       }},
      {title: "Tr.", num: true, key: function (r) { return r.page; }},
      {title: "Câu gốc · evidence", key: function (r) { return r.evidence || ""; }, cell: evidenceCell},
      {title: "Tệp", key: function (r) { return docs[r.d].source; }},
    ]);
    return {rows: rows, cols: cols};
  }
  function wideView(f) {
    // one row per report × scope (the report's own row first), like the store's `wide` view
    var byRow = {}, present = {}, scoped = {};
    values.forEach(function (r) {
      if (r.qualifier || !indOk(r.indicator, f) || (f.kind && r.kind !== f.kind) || !scopeOk(r, f)) return;
      var k = r.indicator + (r.kind === "actual" ? "" : "|" + r.kind);
      var rk = r.d + "|" + (r.scope || "") + "|" + (r.scope_unit || "");
      if (r.scope) (scoped[r.d] = scoped[r.d] || {})[rk] = {scope: r.scope, scope_unit: r.scope_unit};
      (byRow[rk] = byRow[rk] || {})[k] = byRow[rk][k] || r;
    });
    var rows = [], bare = [];
    docs.filter(function (d) { return d.copy_of == null && docOk(d, f) && (!f.q || d.source.toLowerCase().indexOf(f.q) >= 0); })
      .forEach(function (d) {
        if (!hasFigures[d.i]) { bare.push(d); return; }      // cover letters, decisions: listed apart
        if (f.scope === "" || f.scope === "own") rows.push({d: d.i, v: byRow[d.i + "||"] || {}, scope: null});
        Object.keys(scoped[d.i] || {}).sort(collator.compare).forEach(function (rk) {
          var sc = scoped[d.i][rk];
          rows.push({d: d.i, v: byRow[rk], scope: sc.scope, scope_unit: sc.scope_unit});
        });
      });
    rows.forEach(function (r) { for (var k in r.v) present[k] = 1; });
    var keys = Object.keys(present).sort(function (a, b) {
      var x = a.split("|"), y = b.split("|");
      return indOrder(x[0], y[0]) || collator.compare(x[1] || "", y[1] || "");
    });
    var cols = docCols().concat([{title: "Tệp", key: function (r) { return docs[r.d].source; },
                                  cell: function (r) { return el("small", null, docs[r.d].source.split("/").pop(), {title: docs[r.d].source}); }},
                                 {title: "Phạm vi", key: function (r) { return scopeText(r); }}],
                                keys.map(function (k) {
      var p = k.split("|");
      var th = el("span", null, label(p[0]) + (p[1] ? " (" + (kinds[p[1]] || p[1]) + ")" : ""));
      th.appendChild(el("small", null, " " + p[0]));
      return {title: th, num: true, key: function (r) { return r.v[k] ? r.v[k].value : null; },
              cell: function (r) { return r.v[k] ? valueCell(r.v[k]) : ""; }};
    }));
    return {rows: rows, cols: cols, bare: bare};
  }
  var hasFigures = {};
  values.forEach(function (r) { hasFigures[r.d] = 1; });
  function renderBare(list) {
    var box = $("no-figures"), ul = box.querySelector("ul");
    box.hidden = !list.length;
    box.querySelector("summary").textContent = "Văn bản không có số liệu · documents without figures (" + list.length + ")";
    ul.textContent = "";
    list.forEach(function (d) {
      var li = el("li");
      li.appendChild(el("button", "jump", docLabel(d), {type: "button", "data-doc": d.i}));
      ul.appendChild(li);
    });
  }
  function compare(a, b) {
    if (a === b) return 0;
    if (a === null || a === undefined || a === "") return 1;     // empty cells last whatever the direction
    if (b === null || b === undefined || b === "") return -1;
    if (typeof a === "number" && typeof b === "number") return (a - b) * state.dir;
    return collator.compare(String(a), String(b)) * state.dir;
  }
  function renderTable() {
    var f = filters();
    var view = f.view === "long" ? longView(f) : wideView(f);
    var rows = view.rows, cols = view.cols;
    renderBare(view.bare || []);
    if (state.sort !== null && state.sort < cols.length) {
      var key = cols[state.sort].key;
      rows = rows.map(function (r, i) { return [key(r), i, r]; })
        .sort(function (x, y) { return compare(x[0], y[0]) || x[1] - y[1]; }).map(function (x) { return x[2]; });
    }
    var pages = Math.max(1, Math.ceil(rows.length / PAGE));
    state.page = Math.min(state.page, pages - 1);
    var grid = $("grid"), thead = grid.tHead, tbody = grid.tBodies[0];
    thead.textContent = ""; tbody.textContent = "";
    var tr = el("tr");
    cols.forEach(function (c, i) {
      var th = el("th", (c.num ? "num " : "") + "sortable", null, {"data-col": i, scope: "col"});
      if (typeof c.title === "string") th.textContent = c.title; else th.appendChild(c.title);
      if (state.sort === i) th.appendChild(el("span", "arrow", state.dir > 0 ? " ▲" : " ▼"));
      tr.appendChild(th);
    });
    thead.appendChild(tr);
    var frag = document.createDocumentFragment();
    rows.slice(state.page * PAGE, (state.page + 1) * PAGE).forEach(function (r) {
      var tr = el("tr");
      cols.forEach(function (c) {
        var td = el("td", c.num ? "num" : null);
        var v = c.cell ? c.cell(r) : c.key(r);
        if (v instanceof Node) td.appendChild(v); else td.textContent = v === null || v === undefined ? "" : String(v);
        tr.appendChild(td);
      });
      frag.appendChild(tr);
    });
    tbody.appendChild(frag);
    grid.setAttribute("data-rows", rows.length);
    var pager = $("pager");
    pager.textContent = "";
    var prev = el("button", null, "‹ trước", {type: "button", "data-page": state.page - 1});
    var next = el("button", null, "sau ›", {type: "button", "data-page": state.page + 1});
    prev.disabled = state.page === 0; next.disabled = state.page >= pages - 1;
    pager.appendChild(prev);
    pager.appendChild(el("span", null, rows.length ? (state.page * PAGE + 1) + "–" + Math.min(rows.length, (state.page + 1) * PAGE) +
      " / " + rows.length + " dòng · trang " + (state.page + 1) + "/" + pages : "không có dòng nào · no rows"));
    pager.appendChild(next);
  }
  $("grid").tHead.addEventListener("click", function (e) {
    var th = e.target.closest("th[data-col]");
    if (!th) return;
    var i = +th.getAttribute("data-col");
    state.dir = state.sort === i ? -state.dir : 1;
    state.sort = i;
    renderTable();
  });
  $("pager").addEventListener("click", function (e) {
    var b = e.target.closest("button[data-page]");
    if (b && !b.disabled) { state.page = +b.getAttribute("data-page"); renderTable(); }
  });
  ["f-view", "f-province", "f-agency", "f-period", "f-indicator", "f-kind", "f-scope"].forEach(function (id) {
    $(id).addEventListener("change", function () { state.page = 0; if (id === "f-view") state.sort = null; renderTable(); });
  });
  var searchTimer;
  $("f-search").addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(function () { state.page = 0; renderTable(); }, 150);
  });

  // ------------------------------------------------------------ document view
  // Each document's text is gzip + base64 in its own JSON block ({z, marks}), inflated on first open.
  var blobs = {}, texts = {}, shown = null, seq = 0;
  function blob(i) {
    if (!(i in blobs)) blobs[i] = JSON.parse($("doc-text-" + i).textContent);
    return blobs[i];
  }
  function inflate(b64) {
    var bin = atob(b64), bytes = new Uint8Array(bin.length);
    for (var k = 0; k < bin.length; k++) bytes[k] = bin.charCodeAt(k);
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
  }
  function textOf(i) {
    var b = blob(i);
    if (i in texts) return Promise.resolve(texts[i]);
    if (b.z === null || b.z === undefined || typeof DecompressionStream === "undefined") return Promise.resolve(null);
    return inflate(b.z).then(function (t) { texts[i] = t; return t; }, function () { return null; });
  }
  fill($("doc-select"), docs.map(function (d) { return String(d.i); }), function (i) { return docLabel(docs[+i]); });

  function groups(marks, chosenOnly) {
    // overlapping figure spans become one highlight carrying all their labels
    var out = [], cur = null;
    marks.forEach(function (m) {
      if (chosenOnly && !m[7]) return;
      if (cur && m[0] < cur.e) { cur.e = Math.max(cur.e, m[1]); cur.items.push(m); return; }
      cur = {s: m[0], e: m[1], items: [m]};
      out.push(cur);
    });
    return out;
  }
  // a mark as shown: the figure as a person corrected it (m[13], report/build.py MARK_FIX) or as extracted
  function shownFigure(m) {
    var f = m[13];
    return f ? {indicator: f[1], value: f[0], kind: f[2], scope_level: f[3], scope_unit: f[4], period: f[5], state: m[12]}
             : {indicator: m[2], value: m[3], kind: m[5], scope_level: m[9], scope_unit: m[10], period: m[11], state: m[12]};
  }
  var STATES = {rejected: "đã loại · rejected", corrected: "đã sửa · corrected", added: "đã thêm · added"};
  function tagText(m) {
    var f = shownFigure(m);
    return f.indicator + " · " + fmt(f.value, m[4]) + " · " + (kinds[f.kind] || f.kind) + (m[6] ? " · " + m[6] : "") +
           " · " + (f.scope_level ? scopeName(f.scope_level, f.scope_unit) : DATA.own) + (f.period ? " · " + f.period : "") +
           (f.state ? " · " + STATES[f.state] : "");
  }
  // The store's spans count code points, JavaScript's strings UTF-16 units: they differ past U+FFFF
  // (an emoji, a math letter), so a text with such a character gets a map from one to the other.
  function unitsOf(text) {
    if (!/[\uD800-\uDFFF]/.test(text)) return null;
    var map = [], u = 0;
    while (u < text.length) { map.push(u); u += text.codePointAt(u) > 0xFFFF ? 2 : 1; }
    map.push(u);
    return map;
  }
  function at(map, cp) { return map ? map[Math.min(cp, map.length - 1)] : cp; }
  function renderText(i, text) {
    var b = blob(i), box = $("doc-text");
    box.textContent = "";
    box.setAttribute("data-doc", i);
    if (text === null) {
      box.appendChild(el("p", "hint", "Không có toàn văn của văn bản này; dưới đây là các câu chứa số liệu. " +
                                     "The full text is not available; the figures' sentences follow."));
      values.forEach(function (r) {
        if (r.d !== i) return;
        var p = el("p", "quote-only");
        p.appendChild(el("mark", "fig", r.evidence, {"data-s": r.start, "data-e": r.end}));
        p.appendChild(el("span", "tag", r.indicator + " · " + fmt(r.value, r.unit) + " · " + (kinds[r.kind] || r.kind) +
                                        " · " + (r.scope ? scopeText(r) : DATA.own)));
        box.appendChild(p);
      });
      return;
    }
    var pos = 0, frag = document.createDocumentFragment(), U = unitsOf(text);
    groups(b.marks, $("doc-chosen-only").checked).forEach(function (g) {
      if (g.s > pos) frag.appendChild(document.createTextNode(text.slice(at(U, pos), at(U, g.s))));
      var s = Math.max(g.s, pos);
      var chosen = g.items.some(function (m) { return m[7]; });
      var state = g.items.filter(function (m) { return m[12]; }).map(function (m) { return " " + m[12]; })[0] || "";
      var mark = el("mark", "fig" + (chosen ? " chosen" : "") + state, text.slice(at(U, s), at(U, g.e)),
                    {"data-s": g.s, "data-e": g.e,
                     title: g.items.map(function (m) { return label(m[2]) + ": " + fmt(m[3], m[4]) + " (" + (kinds[m[5]] || m[5]) + ", " +
                                                                   (m[9] ? scopeName(m[9], m[10]) : DATA.own) + ")"; }).join("\n")});
      frag.appendChild(mark);
      frag.appendChild(el("span", "tag", g.items.map(tagText).join(" | ")));
      pos = Math.max(pos, g.e);
    });
    if (at(U, pos) < text.length) frag.appendChild(document.createTextNode(text.slice(at(U, pos))));
    box.appendChild(frag);
    rendered.forEach(function (f) { f(i, text); });
  }
  var rendered = [];     // what runs after a document is drawn (review.js marks the page's decisions)
  function showDoc(i) {
    var d = docs[i], head = $("doc-head"), my = ++seq;
    shown = i;
    $("doc-select").value = String(i);
    head.textContent = "";
    head.appendChild(el("b", null, docLabel(d)));
    head.appendChild(el("span", null, " · " + (d.format || "") + " · " + d.pages + " tr. · " + d.n_marks + " lần nêu số liệu · " +
                                       d.n_values + " số liệu chọn · " + d.n_findings + " phát hiện"));
    if (d.meta_sources)   // where each metadata field came from: the text, the folder and file names, the manifest
      head.appendChild(el("div", "meta-sources", "Nguồn siêu dữ liệu (metadata from): " + d.meta_sources));
    if (d.copy_of !== null && d.copy_of !== undefined)   // copies of one report: the table shows the authoritative one
      head.appendChild(el("div", "copies", "Bản sao của báo cáo (copy of): " + docs[d.copy_of].source));
    if (d.copies && d.copies.length)
      head.appendChild(el("div", "copies", "Các bản khác (other copies): " + d.copies.map(function (c) { return docs[c].source; }).join("; ")));
    return textOf(i).then(function (text) { if (my === seq) renderText(i, text); return my === seq; });
  }
  function jump(i, start) {
    i = +i;
    $("doc-chosen-only").checked = false;
    var at = start !== "" && start !== null && start !== undefined && !isNaN(+start) ? +start : null;
    try { history.replaceState(null, "", "#doc=" + i + (at !== null ? "&at=" + at : "")); } catch (e) { /* some file:// pages */ }
    return showDoc(i).then(function (current) {
      if (!current) return;
      var target = null;
      if (at !== null) {
        var marks = $("doc-text").querySelectorAll("mark[data-s]");
        for (var k = 0; k < marks.length; k++) {
          var s = +marks[k].getAttribute("data-s"), e = +marks[k].getAttribute("data-e");
          if (s <= at && at < Math.max(e, s + 1)) { target = marks[k]; break; }
          if (!target && s >= at) target = marks[k];
        }
      }
      if (!/\bfocus-/.test(document.body.className)) (target || $("document")).scrollIntoView({block: target ? "center" : "start"});
      if (target) {
        var old = document.querySelector(".flash");
        if (old) old.classList.remove("flash");
        target.classList.add("flash");
      }
    });
  }
  $("doc-select").addEventListener("change", function () { jump(this.value, null); });
  $("doc-chosen-only").addEventListener("change", function () { if (shown !== null) showDoc(shown); });
  document.addEventListener("click", function (e) {
    var a = e.target.closest("[data-doc]");
    if (!a || a.id === "doc-text" || a.tagName === "SELECT") return;
    e.preventDefault();
    jump(a.getAttribute("data-doc"), a.getAttribute("data-start"));
  });

  // what review.js needs of the document view
  window.chisoReport = {data: DATA, docs: docs, el: el, fmt: fmt, label: label, scopeName: scopeName, blob: blob,
                        textOf: textOf, shown: function () { return shown; }, shownFigure: shownFigure,
                        onRender: function (f) { rendered.push(f); }};

  // ------------------------------------------------------------ charts
  // one level at a time (the reports' own figures first); each chart's points also listed in a table
  var CH = DATA.charts || {charts: []};
  // A chart is drawn when it comes into view (a store of 1,000 reports has ~250 series a chart; three
  // charts drawn at load would double the time to ready), and drawn again when the level changes.
  var chartLevel = "", drawn = {}, seen = {};
  var io = typeof IntersectionObserver === "undefined" ? null : new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      if (!e.isIntersecting) return;
      var id = e.target.getAttribute("data-chart");
      seen[id] = 1;
      if (drawn[id] !== chartLevel) drawChart(CH.charts.filter(function (c) { return c.id === id; })[0]);
    });
  }, {rootMargin: "200px"});
  function drawCharts(level) {
    chartLevel = level;
    CH.charts.forEach(function (c) {
      var box = $("chart-" + c.id);
      box.setAttribute("data-level", level);
      box.setAttribute("data-traces", (c.by_level[level] || {traces: []}).traces.length);
      if (!io || seen[c.id]) drawChart(c);
      else { box.setAttribute("data-chart", c.id); io.observe(box); }
    });
  }
  function drawChart(c) {
    var level = chartLevel;
    drawn[c.id] = level;
    (function () {
      var box = $("chart-" + c.id), part = c.by_level[level] || {traces: [], table: []};
      box.setAttribute("data-drawn", level);
      box.setAttribute("data-traces", part.traces.length);
      box.setAttribute("data-level", level);
      var hint = box.querySelector("p.hint");
      if (!part.traces.length) {
        if (typeof Plotly !== "undefined" && box.classList.contains("js-plotly-plot")) Plotly.purge(box);
        box.textContent = "";
        box.appendChild(el("p", "hint", c.title + ": chưa có số liệu ở phạm vi này · no figures at this level"));
      } else if (typeof Plotly !== "undefined") {
        if (hint) box.textContent = "";
        var layout = JSON.parse(JSON.stringify(c.layout));
        layout.template = CH.template;
        // past ~40 series a legend is a wall of names: the hover and the table below name each point
        layout.showlegend = part.traces.filter(function (t) { return t.showlegend !== false; }).length <= 40;
        Plotly.react(box, part.traces, layout, {displaylogo: false, responsive: true, showLink: false,
                                                  showSendToCloud: false, showEditInChartStudio: false});
        if (!box.getAttribute("data-wired")) {
          box.setAttribute("data-wired", "1");
          box.on("plotly_click", function (ev) {
            var p = ev && ev.points && ev.points[0];
            if (p && p.customdata) jump(p.customdata[0], p.customdata[1]);
          });
        }
      }
      var tbody = $("chart-data-" + c.id).querySelector("tbody"), frag = document.createDocumentFragment();
      tbody.textContent = "";
      part.table.forEach(function (t) {   // [series, period, value, unit, doc, start, distinct values at the point]
        var tr = el("tr", t[6] > 1 ? "several" : null, null, {"data-series": t[0], "data-period": t[1], "data-value": t[2]});
        tr.appendChild(el("td", null, t[0]));
        tr.appendChild(el("td", null, t[1]));
        var td = el("td", "num");
        td.appendChild(el("a", "val", fmt(t[2], t[3]), {href: "#doc=" + t[4] + "&at=" + t[5], "data-doc": t[4], "data-start": t[5]}));
        if (t[6] > 1) td.appendChild(el("small", null, " · " + t[6] + " giá trị tại điểm này"));
        tr.appendChild(td);
        frag.appendChild(tr);
      });
      tbody.appendChild(frag);
    })();
  }
  var t0 = performance.now();
  $("chart-level").addEventListener("change", function () { drawCharts(this.value); });
  drawCharts($("chart-level").value);
  document.body.setAttribute("data-charts-ms", (performance.now() - t0).toFixed(1));

  // ------------------------------------------------------------ periods
  // 2025-M04, 2023-Q3, 2021-H1, 2022-9M, 2022-Y (vn/periods.py): first month, last month, length
  var LENGTHS = ["M", "Q", "H", "9M", "Y"];
  function parsePeriod(c) {
    var m = /^(\d{4})-(?:M(\d\d)|Q([1-4])|H([12])|(9M)|(Y))$/.exec(c || "");
    if (!m) return null;
    var y = +m[1];
    if (m[2]) return {y: y, a: +m[2], b: +m[2], len: "M"};
    if (m[3]) return {y: y, a: 3 * m[3] - 2, b: 3 * m[3], len: "Q"};
    if (m[4]) return {y: y, a: m[4] === "1" ? 1 : 7, b: m[4] === "1" ? 6 : 12, len: "H"};
    return m[5] ? {y: y, a: 1, b: 9, len: "9M"} : {y: y, a: 1, b: 12, len: "Y"};
  }
  function periodOrder(a, b) {
    var x = parsePeriod(a), y = parsePeriod(b);
    if (!x || !y) return (x ? -1 : y ? 1 : 0) || collator.compare(a, b);
    return (x.y - y.y) || (x.b - y.b) || (LENGTHS.indexOf(x.len) - LENGTHS.indexOf(y.len));
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  // every period of each length from the first to the last the archive has: the gaps show
  function periodRun(codes) {
    var out = {}, byLen = {};
    codes.forEach(function (c) {
      var p = parsePeriod(c);
      if (!p) { out[c] = 1; return; }
      var k = p.y * 12 + p.a, r = byLen[p.len] = byLen[p.len] || {lo: k, hi: k};
      r.lo = Math.min(r.lo, k); r.hi = Math.max(r.hi, k);
    });
    Object.keys(byLen).forEach(function (len) {
      var r = byLen[len];
      for (var k = r.lo; k <= r.hi; k++) {
        var y = Math.floor((k - 1) / 12), mo = k - 12 * y;
        var c = len === "M" ? y + "-M" + pad(mo) : len === "Q" ? (mo % 3 === 1 ? y + "-Q" + ((mo + 2) / 3) : null) :
                len === "H" ? (mo === 1 ? y + "-H1" : mo === 7 ? y + "-H2" : null) :
                mo === 1 ? y + "-" + len : null;
        if (c) out[c] = 1;
      }
    });
    return Object.keys(out).sort(periodOrder);
  }

  // ------------------------------------------------------------ comparison
  // rows: provinces as written (their 2025 province first); one copy of each report
  function provinceLabel(d) { return d.province_2025 + (d.province !== d.province_2025 ? " (" + d.province + ")" : ""); }
  function provinceKey(d) { return d.province_2025 + "\u0001" + d.province; }
  function provinceOrder(a, b) { return collator.compare(a, b); }
  var cmpInd = {}, cmpLevels = {};
  values.forEach(function (r) { cmpInd[r.indicator] = 1; if (r.scope) cmpLevels[r.scope] = 1; });
  fill($("cmp-indicator"), Object.keys(cmpInd).sort(indOrder), function (v) { return label(v) + " (" + v + ")"; });
  if (cmpInd.on_time_rate) $("cmp-indicator").value = "on_time_rate";
  fill($("cmp-level"), [""].concat(Object.keys(cmpLevels).sort(collator.compare)), function (v) { return v ? SCOPES[v] || v : DATA.own; });
  fill($("cmp-agency-kind"), distinct("agency_kind"));
  function compareValues() {
    var ind = $("cmp-indicator").value, lvl = $("cmp-level").value, kind = $("cmp-kind").value, ak = $("cmp-agency-kind").value;
    var cells = {}, rows = {}, cols = {};
    values.forEach(function (r) {
      if (r.indicator !== ind || r.qualifier || (r.scope || "") !== lvl || r.kind !== kind) return;
      var d = docs[r.d];
      if (ak && d.agency_kind !== ak) return;
      var rk = provinceKey(d);
      rows[rk] = d; cols[r.period] = 1;
      (cells[rk + "\t" + r.period] = cells[rk + "\t" + r.period] || []).push(r);
    });
    return {rows: Object.keys(rows).sort(provinceOrder), label: function (rk) { return provinceLabel(rows[rk]); },
            cols: Object.keys(cols).sort(periodOrder), cells: cells};
  }
  function compareCoverage() {
    var ak = $("cmp-agency-kind").value, cells = {}, rows = {}, periodsSeen = {};
    docs.forEach(function (d) {
      if (d.copy_of !== null && d.copy_of !== undefined) return;
      var rk = provinceKey(d);
      rows[rk] = d;
      periodsSeen[d.period] = 1;
      if (ak && d.agency_kind !== ak) return;
      (cells[rk + "\t" + d.period] = cells[rk + "\t" + d.period] || []).push(d);
    });
    return {rows: Object.keys(rows).sort(provinceOrder), label: function (rk) { return provinceLabel(rows[rk]); },
            cols: periodRun(Object.keys(periodsSeen)), cells: cells};
  }
  var cmpCsv = [];
  function renderCompare() {
    var coverage = $("cmp-mode").value === "coverage";
    ["cmp-indicator", "cmp-kind", "cmp-level"].forEach(function (id) { $(id).disabled = coverage; });
    var v = coverage ? compareCoverage() : compareValues();
    var grid = $("compare-grid"), thead = grid.tHead, tbody = grid.tBodies[0];
    thead.textContent = ""; tbody.textContent = "";
    grid.setAttribute("data-mode", coverage ? "coverage" : "values");
    var tr = el("tr");
    tr.appendChild(el("th", null, "Tỉnh (2025) · province"));
    v.cols.forEach(function (c) { tr.appendChild(el("th", "num", c, {scope: "col"})); });
    thead.appendChild(tr);
    cmpCsv = [["province_2025", "province"].concat(v.cols)];
    var frag = document.createDocumentFragment();
    v.rows.forEach(function (rk) {
      var tr = el("tr", null, null, {"data-province": rk.split("\u0001")[1]});
      tr.appendChild(el("th", null, v.label(rk), {scope: "row"}));
      var line = rk.split("\u0001");
      v.cols.forEach(function (c) {
        var items = v.cells[rk + "\t" + c] || [], td = el("td", "num" + (items.length ? "" : " z"), null, {"data-period": c});
        if (coverage) {
          td.textContent = items.length ? String(items.length) : "";
          if (items.length) td.setAttribute("title", items.map(function (d) { return d.agency + " — " + d.source; }).join("\n"));
          else td.setAttribute("title", "không có báo cáo · no report");
          line.push(items.length ? items.length : "");
        } else {
          items.forEach(function (r, k) {
            if (k) td.appendChild(el("br"));
            var a = valueCell(r);
            a.setAttribute("data-value", r.value);
            td.appendChild(a);
            if (items.length > 1 || r.scope_unit) td.appendChild(el("small", null, " " + (r.scope_unit ? r.scope_unit + " · " : "") + docs[r.d].agency));
          });
          if (items.length > 1) td.classList.add("several");
          line.push(items.map(function (r) { return r.value; }).join(" | "));
        }
        tr.appendChild(td);
      });
      cmpCsv.push(line);
      frag.appendChild(tr);
    });
    tbody.appendChild(frag);
    grid.setAttribute("data-rows", v.rows.length);
  }
  ["cmp-mode", "cmp-indicator", "cmp-kind", "cmp-level", "cmp-agency-kind"].forEach(function (id) {
    $(id).addEventListener("change", renderCompare);
  });

  // ------------------------------------------------------------ CSV of the current view
  // UTF-8 with a byte-order mark (Excel shows Vietnamese); a text cell that a spreadsheet would run as
  // a formula gets a leading ' as the exports do (normalize/export.py); numbers stay numbers.
  function csvCell(v) {
    if (v === null || v === undefined) return "";
    if (typeof v === "number") return String(v);
    var t = String(v);
    if (/^[=+\-@\t\r]/.test(t)) t = "'" + t;
    return /[",\n\r;]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
  }
  function csvText(rows) { return "\ufeff" + rows.map(function (r) { return r.map(csvCell).join(","); }).join("\r\n") + "\r\n"; }
  function download(name, rows) {
    var url = URL.createObjectURL(new Blob([csvText(rows)], {type: "text/csv;charset=utf-8"}));
    var a = el("a", null, null, {href: url, download: name});
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }
  function tableCsv() {
    var f = filters(), view = f.view === "long" ? longView(f) : wideView(f);
    var out = [view.cols.map(function (c) { return typeof c.title === "string" ? c.title : c.title.textContent; })];
    view.rows.forEach(function (r) {
      out.push(view.cols.map(function (c) {
        if (c.num) return c.key(r);
        var v = c.cell ? c.cell(r) : c.key(r);
        return v instanceof Node ? v.textContent : v;
      }));
    });
    return out;
  }
  $("csv-table").addEventListener("click", function () { download("chiso_" + filters().view + ".csv", tableCsv()); });
  $("csv-compare").addEventListener("click", function () {
    download("chiso_" + ($("cmp-mode").value === "coverage" ? "coverage" : "compare_" + $("cmp-indicator").value) + ".csv", cmpCsv);
  });

  // ------------------------------------------------------------ findings filter
  function filterFindings() {
    var sev = $("fd-severity").value, check = $("fd-check").value, q = $("fd-search").value.trim().toLowerCase(), n = 0;
    Array.prototype.forEach.call(document.querySelectorAll("#findings .sev-group"), function (g) {
      var shownSev = 0;
      Array.prototype.forEach.call(g.querySelectorAll(".check-group"), function (c) {
        var shownCheck = 0;
        Array.prototype.forEach.call(c.querySelectorAll(".finding-doc"), function (d) {
          var ok = (!sev || g.getAttribute("data-severity") === sev) && (!check || c.getAttribute("data-check") === check) &&
                   (!q || d.textContent.toLowerCase().indexOf(q) >= 0);
          d.hidden = !ok;
          if (ok) { shownCheck++; n += d.querySelectorAll("li.finding").length; }
        });
        c.hidden = !shownCheck;
        shownSev += shownCheck;
      });
      g.hidden = !shownSev;
    });
    $("fd-count").textContent = n + " phát hiện · findings shown";
  }
  if ($("fd-severity")) {
    ["fd-severity", "fd-check"].forEach(function (id) { $(id).addEventListener("change", filterFindings); });
    var fdTimer;
    $("fd-search").addEventListener("input", function () { clearTimeout(fdTimer); fdTimer = setTimeout(filterFindings, 150); });
  }

  // ------------------------------------------------------------ links
  // #doc=3&at=120 opens a sentence; #view=long&scope=commune&indicator=on_time_rate sets the table's
  // filters, #level=commune the charts' level: a view can be linked, and the page follows the hash
  // when it changes on an open page.
  var HASH_FILTERS = {view: "f-view", province: "f-province", agency: "f-agency", period: "f-period",
                      indicator: "f-indicator", kind: "f-kind", scope: "f-scope", q: "f-search", level: "chart-level",
                      fseverity: "fd-severity", fcheck: "fd-check",
                      compare: "cmp-indicator", cmode: "cmp-mode", ckind: "cmp-kind", clevel: "cmp-level", cagency: "cmp-agency-kind"};
  function follow() {
    var h = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
      var k = kv.indexOf("=");
      if (k > 0) { try { h[kv.slice(0, k)] = decodeURIComponent(kv.slice(k + 1).replace(/\+/g, " ")); } catch (e) { /* bad escape */ } }
    });
    var table = false, compare = false, findings = false;
    Object.keys(HASH_FILTERS).forEach(function (k) {
      if (!(k in h)) return;
      var box = $(HASH_FILTERS[k]);
      if (!box) return;
      if (box.tagName === "SELECT" && !Array.prototype.some.call(box.options, function (o) { return o.value === h[k]; })) return;
      box.value = h[k];
      if (k === "level") drawCharts(h[k]); else if (HASH_FILTERS[k].indexOf("fd-") === 0) findings = true; else if (HASH_FILTERS[k].indexOf("cmp-") === 0) compare = true; else table = true;
    });
    if (table) { state.page = 0; renderTable(); }
    if (compare) renderCompare();
    if (findings) filterFindings();
    // a linked view opens where it is shown
    var at = compare ? "compare" : table ? "table" : findings ? "findings" : "level" in h ? "charts" : null;
    // #focus=compare shows that view alone (to present it, or print it)
    var focus = h.focus && /^(overview|charts|table|compare|findings|document)$/.test(h.focus) ? h.focus : null;
    document.body.className = document.body.className.replace(/\bfocus-\w+/g, "").trim();
    if (focus) document.body.classList.add("focus-" + focus);
    else if (at && !("doc" in h)) $(at).scrollIntoView({block: "start"});
    if ("doc" in h && /^\d+$/.test(h.doc) && docs[+h.doc]) return jump(+h.doc, /^\d+$/.test(h.at || "") ? h.at : null);
    return null;
  }

  // ------------------------------------------------------------ start
  var t1 = performance.now();
  renderTable();
  renderCompare();
  document.body.setAttribute("data-table-ms", (performance.now() - t1).toFixed(1));
  var first = follow() || (docs.length ? showDoc(0) : Promise.resolve());
  window.addEventListener("hashchange", function () { follow(); });
  document.body.setAttribute("data-init-ms", (performance.now() - T0).toFixed(1));
  first.then(function () { document.body.setAttribute("data-ready-ms", performance.now().toFixed(1)); });
})();
