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
  fill($("f-period"), distinct("period", function (a, b) { return collator.compare(periodStart[a], periodStart[b]) || collator.compare(a, b); }));
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
  var SCOPES = {provincial: "cấp tỉnh", district: "cấp huyện", commune: "cấp xã", "district,commune": "cấp huyện, xã",
                agency: "cơ quan", province: "tỉnh", ministry: "bộ"};
  function scopeOk(r, f) { return !f.scope || (f.scope === "own" ? !r.scope : r.scope === f.scope); }
  function scopeText(r) { return r.scope ? (r.scope_unit || SCOPES[r.scope] || r.scope) : ""; }
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
  function valueCell(r) {
    var a = el("a", "val" + (r.conflict ? " conflict" : ""), fmt(r.value, r.unit),
               {href: "#doc=" + r.d + "&at=" + r.start, "data-doc": r.d, "data-start": r.start,
                title: (r.evidence || "") + (r.conflict ? "\n≠ " + (r.other_values || "") : "")});
    return a;
  }
  function longView(f) {
    var rows = values.filter(function (r) {
      if (!docOk(docs[r.d], f) || !indOk(r.indicator, f) || (f.kind && r.kind !== f.kind) || !scopeOk(r, f)) return false;
      return !f.q || (docs[r.d].source + " " + (r.evidence || "") + " " + r.indicator + " " + label(r.indicator)).toLowerCase().indexOf(f.q) >= 0;
    });
    var cols = docCols().concat([
      {title: "Chỉ số", key: function (r) { return label(r.indicator); },
       cell: function (r) { var s = el("span", null, label(r.indicator)); s.appendChild(el("small", null, " " + r.indicator)); return s; }},
      {title: "Loại", key: function (r) { return r.kind; }, cell: function (r) { return kinds[r.kind] || r.kind; }},
      {title: "Phạm vi", key: function (r) { return scopeText(r); }},
      {title: "Phân loại", key: function (r) { return r.qualifier || ""; }},
      {title: "Giá trị", num: true, key: function (r) { return r.value; }, cell: valueCell},
      {title: "Tr.", num: true, key: function (r) { return r.page; }},
      {title: "Câu gốc · evidence", key: function (r) { return r.evidence || ""; }, cell: function (r) { return el("span", "quote", r.evidence); }},
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
    var rows = [];
    docs.filter(function (d) { return d.copy_of == null && docOk(d, f) && (!f.q || d.source.toLowerCase().indexOf(f.q) >= 0); })
      .forEach(function (d) {
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
    return {rows: rows, cols: cols};
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
  function tagText(m) {
    return m[2] + " · " + fmt(m[3], m[4]) + " · " + (kinds[m[5]] || m[5]) + (m[6] ? " · " + m[6] : "");
  }
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
        p.appendChild(el("span", "tag", r.indicator + " · " + fmt(r.value, r.unit) + " · " + (kinds[r.kind] || r.kind)));
        box.appendChild(p);
      });
      return;
    }
    var pos = 0, frag = document.createDocumentFragment();
    groups(b.marks, $("doc-chosen-only").checked).forEach(function (g) {
      if (g.s > pos) frag.appendChild(document.createTextNode(text.slice(pos, g.s)));
      var s = Math.max(g.s, pos);
      var chosen = g.items.some(function (m) { return m[7]; });
      var mark = el("mark", "fig" + (chosen ? " chosen" : ""), text.slice(s, g.e),
                    {"data-s": g.s, "data-e": g.e,
                     title: g.items.map(function (m) { return label(m[2]) + ": " + fmt(m[3], m[4]) + " (" + (kinds[m[5]] || m[5]) + ")"; }).join("\n")});
      frag.appendChild(mark);
      frag.appendChild(el("span", "tag", g.items.map(tagText).join(" | ")));
      pos = Math.max(pos, g.e);
    });
    if (pos < text.length) frag.appendChild(document.createTextNode(text.slice(pos)));
    box.appendChild(frag);
  }
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
      (target || $("document")).scrollIntoView({block: target ? "center" : "start"});
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

  // ------------------------------------------------------------ charts
  var t0 = performance.now();
  (DATA.charts || []).forEach(function (c) {
    var box = $("chart-" + c.id);
    if (!c.n) {
      box.appendChild(el("p", "hint", c.title + ": chưa có số liệu có kỳ báo cáo · no figures with a period yet"));
      return;
    }
    if (typeof Plotly === "undefined") return;
    Plotly.newPlot(box, c.figure.data, c.figure.layout, {displaylogo: false, responsive: true, showLink: false,
                                                         showSendToCloud: false, showEditInChartStudio: false});
    box.on("plotly_click", function (ev) {
      var p = ev && ev.points && ev.points[0];
      if (p && p.customdata) jump(p.customdata[0], p.customdata[1]);
    });
  });
  document.body.setAttribute("data-charts-ms", (performance.now() - t0).toFixed(1));

  // ------------------------------------------------------------ start
  var t1 = performance.now();
  renderTable();
  document.body.setAttribute("data-table-ms", (performance.now() - t1).toFixed(1));
  var h = /#doc=(\d+)(?:&at=(\d+))?/.exec(location.hash);
  var first = h && docs[+h[1]] ? jump(+h[1], h[2] === undefined ? null : h[2]) : docs.length ? showDoc(0) : Promise.resolve();
  document.body.setAttribute("data-init-ms", (performance.now() - T0).toFixed(1));
  first.then(function () { document.body.setAttribute("data-ready-ms", performance.now().toFixed(1)); });
})();
