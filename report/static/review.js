/* chiso review page: a reviewer's decisions on figures (confirm, reject, edit, add from a selection),
   kept in localStorage under the store they are about, downloaded as the corrections CSV that
   normalize/corrections.py reads (`chiso corrections import FILE`, then `chiso run`).
   Nothing is built per figure when the page loads: a figure's buttons are made when it is clicked. */
(function () {
  "use strict";
  var R = window.chisoReport, T0 = performance.now();
  if (!R) return;
  var DATA = R.data, docs = R.docs, el = R.el;
  var C = DATA.corrections || {columns: [], kinds: [], levels: []};
  var COLUMNS = C.columns;
  var KEY = "chiso.decisions:" + (DATA.store || DATA.db), WHO = "chiso.reviewer";
  // GOLD.md period codes, as vn/periods.py CODE_RE accepts them
  var PERIOD = /^\d{4}-(?:M(?:0[1-9]|1[0-2])|Q[1-4]|H[12]|(?:[2-9]|1[01])M|Y)$/;
  var FIELDS = ["value", "indicator", "kind", "scope_level", "scope_unit", "period"];

  function $(id) { return document.getElementById(id); }
  function load(k, dflt) {
    try { var v = localStorage.getItem(k); return v === null ? dflt : JSON.parse(v); } catch (e) { return dflt; }
  }
  function save(k, v) {
    try { localStorage.setItem(k, JSON.stringify(v)); } catch (e) { $("rv-status").textContent = "không lưu được · could not keep: " + e; }
  }
  var decisions = load(KEY, []);
  if (!Array.isArray(decisions)) decisions = [];
  $("rv-who").value = load(WHO, "");
  $("rv-who").addEventListener("change", function () { save(WHO, this.value.trim()); });

  // ------------------------------------------------------------ offsets
  // The store's spans count code points; JavaScript strings count UTF-16 units: they differ only
  // past U+FFFF (rare in reports), so the conversions walk the text only when it has such a character.
  var ASTRAL = /[\uD800-\uDFFF]/;
  function unitsAt(text, cp) {
    if (!ASTRAL.test(text)) return cp;
    var u = 0;
    for (var k = 0; k < cp && u < text.length; k++) u += text.codePointAt(u) > 0xFFFF ? 2 : 1;
    return u;
  }
  function pointsAt(text, u) { return ASTRAL.test(text) ? Array.from(text.slice(0, u)).length : u; }
  function quoteOf(text, s, e) { return text.slice(unitsAt(text, s), unitsAt(text, e)); }
  // where a DOM boundary falls in the document's text: the labels (.tag) between figures are not text
  function offsetIn(box, node, off) {
    var r = document.createRange();
    r.setStart(box, 0);
    r.setEnd(node, off);
    var frag = r.cloneContents();
    Array.prototype.forEach.call(frag.querySelectorAll(".tag"), function (t) { t.remove(); });
    return frag.textContent.length;
  }

  // ------------------------------------------------------------ numbers as written
  // 1.204 · 98,5 · 1204 · 98.5 → a number; the file keeps it plain (1204, 98.5)
  function parseNumber(s) {
    var t = String(s || "").replace(/[\s%]/g, "");
    if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(t)) t = t.replace(/\./g, "").replace(",", ".");
    else if (/^-?\d+,\d+$/.test(t)) t = t.replace(",", ".");
    return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
  }
  function plain(n) { return String(n); }

  // ------------------------------------------------------------ decisions
  function now() { return new Date().toISOString().replace(/\.\d+Z$/, "+00:00"); }
  // two decisions with one key are one decision, the later replaces it (normalize.corrections key())
  function keyOf(d) {
    var what = d.action === "confirm" || d.action === "reject" ? "verdict" : d.action === "set" ? "set:" + d.field : d.action;
    return [d.sha256, d.start, d.end, d.quote, d.indicator, what].join("\u0001");
  }
  // decisions already in the store's corrections file (imported, report/build.py filed_decisions) leave
  // the page's list: the file keeps them now
  function filedKey(d) { return keyOf(d) + "\u0002" + d.action + "\u0002" + d.new_value; }
  var filed = {};
  (DATA.filed || []).forEach(function (k) { filed[k] = 1; });
  var before = decisions.length;
  decisions = decisions.filter(function (d) { return !filed[filedKey(d)]; });
  if (decisions.length < before) {
    save(KEY, decisions);
    $("rv-status").textContent = (before - decisions.length) + " quyết định đã có trong tệp hiệu chỉnh của kho (đã nhập) · " +
                                 "decisions already imported into the store's corrections file";
    $("rv-status").setAttribute("data-imported", before - decisions.length);
  }
  function decide(anchor, action, extra) {
    var d = {};
    COLUMNS.forEach(function (c) { d[c] = ""; });
    for (var k in anchor) d[k] = anchor[k];
    for (k in extra || {}) d[k] = extra[k];
    d.action = action;
    d.who = $("rv-who").value.trim();
    d.when = now();
    var key = keyOf(d), at = -1;
    decisions.forEach(function (x, n) { if (keyOf(x) === key) at = n; });
    if (at >= 0) decisions[at] = d; else decisions.push(d);
  }
  function changed() {
    save(KEY, decisions);
    renderList();
    decorate();
  }

  // ------------------------------------------------------------ the CSV (as csv.DictWriter writes it)
  function csvCell(v) {
    var t = v === null || v === undefined ? "" : String(v);
    return /[",\r\n]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
  }
  function csvText() {
    return [COLUMNS.join(",")].concat(decisions.map(function (d) {
      return COLUMNS.map(function (c) { return csvCell(d[c]); }).join(",");
    })).join("\n") + "\n";
  }
  $("rv-download").addEventListener("click", function () {
    var url = URL.createObjectURL(new Blob([csvText()], {type: "text/csv;charset=utf-8"}));
    var a = el("a", null, null, {href: url, download: String(DATA.db).replace(/\.duckdb$/, "") + ".review.corrections.csv"});
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 5000);
  });
  var clearArmed = 0;
  $("rv-clear").addEventListener("click", function () {
    if (Date.now() - clearArmed > 4000) {      // a second click within 4 s clears: no dialog to block on
      clearArmed = Date.now();
      this.textContent = "Bấm lần nữa để xoá · click again to clear";
      return;
    }
    clearArmed = 0;
    this.textContent = "Xoá tất cả · clear";
    decisions = [];
    changed();
  });

  function describe(d) {
    var doc = d.path.split("/").pop();
    if (d.start === "") return doc + " · văn bản · document · set " + d.field + " = " + d.new_value;
    var what = d.action === "set" ? "set " + d.field + " = " + (d.new_value === "" ? "∅" : d.new_value)
             : d.action === "add" ? "add " + d.indicator + " = " + d.new_value : d.action;
    return doc + " · «" + d.quote + "» · " + (d.action === "add" ? "" : d.indicator + " · ") + what;
  }
  function renderList() {
    var n = decisions.length;
    $("rv-count").textContent = n + " quyết định · decisions";
    $("rv-count").setAttribute("data-n", n);
    $("rv-download").disabled = !n;
    $("rv-clear").disabled = !n;
    var ol = $("rv-list").querySelector("ol");
    ol.textContent = "";
    decisions.forEach(function (d, k) {
      var li = el("li", "rv-" + d.action, describe(d), {"data-k": k});
      li.appendChild(el("button", "rv-drop", "×", {type: "button", "data-drop": k, title: "bỏ quyết định này · drop this decision"}));
      ol.appendChild(li);
    });
  }
  $("rv-list").addEventListener("click", function (e) {
    var b = e.target.closest("button[data-drop]");
    if (!b) return;
    decisions.splice(+b.getAttribute("data-drop"), 1);
    changed();
  });

  // the decisions of the open document on its highlights (one pass over its marks, after each render)
  function decorate() {
    var box = $("doc-text"), i = R.shown();
    if (i === null || box.getAttribute("data-doc") !== String(i)) return;
    var mine = decisions.filter(function (d) { return d.sha256 === docs[i].sha && d.start !== ""; });
    Array.prototype.forEach.call(box.querySelectorAll("mark[data-s]"), function (m) {
      var s = +m.getAttribute("data-s"), e = +m.getAttribute("data-e");
      var acts = mine.filter(function (d) { return +d.start >= s && +d.start < e; }).map(function (d) { return d.action; });
      m.classList.remove("dec-confirm", "dec-reject", "dec-set");
      ["reject", "set", "confirm"].some(function (a) {
        if (acts.indexOf(a) >= 0) { m.classList.add("dec-" + a); return true; }
        return false;
      });
    });
  }
  R.onRender(function (i) { decorate(); hidePanel(); selected = null; $("rv-add").disabled = true; metaButton(i); });

  // ------------------------------------------------------------ the panel of one highlight
  var panel = $("rv-panel");
  function hidePanel() { panel.hidden = true; panel.textContent = ""; }
  function head(title) {
    panel.textContent = "";
    panel.hidden = false;
    var h = el("div", "rv-head");
    h.appendChild(el("b", null, title));
    h.appendChild(el("button", "rv-close", "×", {type: "button", title: "đóng · close"}));
    panel.appendChild(h);
  }
  panel.addEventListener("click", function (e) { if (e.target.closest(".rv-close")) hidePanel(); });

  function anchorOf(i, text, m) {
    var d = docs[i];
    return {sha256: d.sha, path: d.source, start: String(m[0]), end: String(m[1]),
            quote: text === null ? null : quoteOf(text, m[0], m[1]), indicator: m[2]};
  }
  function pendingOf(anchor) {
    return decisions.filter(function (d) {
      return d.sha256 === anchor.sha256 && d.start === anchor.start && d.end === anchor.end && d.indicator === anchor.indicator;
    });
  }
  function figureText(f, unit) {
    return R.label(f.indicator) + " (" + f.indicator + ") · " + R.fmt(f.value, unit) + " · " + (DATA.kinds[f.kind] || f.kind) +
           " · " + (f.scope_level ? R.scopeName(f.scope_level, f.scope_unit) : DATA.own) + (f.period ? " · " + f.period : "");
  }
  function select(name, options, value, labelOf) {
    var s = el("select", null, null, {name: name});
    options.forEach(function (o) { s.appendChild(el("option", null, labelOf ? labelOf(o) : o, {value: o})); });
    s.value = value === null || value === undefined ? "" : value;
    return s;
  }
  function field(form, title, input) {
    var l = el("label", null, title + " ");
    l.appendChild(input);
    form.appendChild(l);
    return input;
  }
  function indicatorSelect(value) {
    var ids = Object.keys(DATA.catalogue || {});
    if (value && ids.indexOf(value) < 0) ids.unshift(value);
    if (!value) ids.unshift("");
    return select("indicator", ids, value, function (v) { return v ? R.label(v) + " (" + v + ")" : "— chọn · choose —"; });
  }
  function problem(form, text) {
    var p = form.querySelector(".rv-problem") || form.appendChild(el("p", "rv-problem"));
    p.textContent = text;
    return false;
  }

  function editForm(box, anchor, f, unit, docPeriod) {
    var form = el("form", "rv-edit");
    var value = field(form, "Giá trị · value", el("input", null, null, {name: "value", value: plain(f.value), size: 10}));
    var ind = field(form, "Chỉ số · indicator", indicatorSelect(f.indicator));
    var kind = field(form, "Loại · kind", select("kind", C.kinds, f.kind, function (k) { return (DATA.kinds[k] || k) + " (" + k + ")"; }));
    var level = field(form, "Phạm vi · scope", select("scope_level", [""].concat(C.levels), f.scope_level || "",
                                                      function (v) { return v ? (DATA.levels[v] || v) + " (" + v + ")" : DATA.own; }));
    var unitIn = field(form, "Đơn vị · unit", el("input", null, null, {name: "scope_unit", value: f.scope_unit || "", size: 16}));
    var period = field(form, "Kỳ · period", el("input", null, null, {name: "period", value: f.period || "", size: 9,
                                                                      placeholder: docPeriod || "2024-Q1"}));
    var note = field(form, "Ghi chú · note", el("input", null, null, {name: "note", size: 24}));
    form.appendChild(el("button", null, "Lưu · save", {type: "submit", "data-act": "save"}));
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var v = parseNumber(value.value);
      if (!isFinite(v)) return problem(form, "Giá trị phải là một số · the value must be a number");
      var p = period.value.trim();
      if (p && !PERIOD.test(p)) return problem(form, "Kỳ theo mã GOLD.md · period as a code: 2024-Q1, 2024-M03, 2024-H1, 2024-9M, 2024-Y");
      var after = {value: v, indicator: ind.value, kind: kind.value, scope_level: level.value, scope_unit: unitIn.value.trim(), period: p};
      var was = {value: f.value, indicator: f.indicator, kind: f.kind, scope_level: f.scope_level || "",
                 scope_unit: f.scope_unit || "", period: f.period || ""};
      var n = 0;
      FIELDS.forEach(function (k) {
        if (k === "value" ? after.value === was.value : after[k] === was[k]) return;
        decide(anchor, "set", {field: k, new_value: k === "value" ? plain(after.value) : after[k], note: note.value.trim()});
        n++;
      });
      if (!n) return problem(form, "Không có gì thay đổi · nothing changed");
      changed();
      showFigures(current.i, current.s, current.e);
      return false;
    });
    box.appendChild(form);
    value.focus();
  }

  var current = null;
  function showFigures(i, s, e) {
    current = {i: i, s: s, e: e};
    var b = R.blob(i);
    R.textOf(i).then(function (text) {
      var items = b.marks.filter(function (m) { return m[0] >= s && m[0] < e && m[7]; });
      head("Số liệu · figures at " + s + "–" + e);
      if (!items.length) panel.appendChild(el("p", "hint", "Các lần nêu này không được chọn · these mentions were not chosen"));
      items.forEach(function (m) {
        var f = R.shownFigure(m), anchor = anchorOf(i, text, m);
        var item = el("div", "rv-figure", null, {"data-indicator": m[2], "data-s": m[0]});
        item.appendChild(el("div", "rv-what", figureText(f, m[4])));
        if (f.state) item.appendChild(el("div", "rv-state", "trong tệp hiệu chỉnh · in the corrections file: " + f.state));
        var pending = pendingOf(anchor);
        if (pending.length)
          item.appendChild(el("div", "rv-pending", "chưa tải · not downloaded yet: " + pending.map(function (d) {
            return d.action === "set" ? d.field + " = " + (d.new_value || "∅") : d.action; }).join(", ")));
        var bar = el("div", "rv-buttons");
        bar.appendChild(el("button", "rv-confirm", "✓ Đúng · confirm", {type: "button", "data-act": "confirm"}));
        bar.appendChild(el("button", "rv-reject", "✗ Sai · reject", {type: "button", "data-act": "reject"}));
        bar.appendChild(el("button", "rv-editbtn", "✎ Sửa · edit", {type: "button", "data-act": "edit"}));
        item.appendChild(bar);
        bar.addEventListener("click", function (ev) {
          var act = ev.target.getAttribute("data-act");
          if (act === "edit") { if (!item.querySelector("form")) editForm(item, anchor, f, m[4], docs[i].period); return; }
          if (!act) return;
          if (!anchor.quote) return;        // no text, no anchor
          decide(anchor, act, {});
          changed();
          showFigures(i, s, e);
        });
        if (!anchor.quote) item.appendChild(el("p", "hint", "Không có toàn văn: không thể neo quyết định · no text to anchor a decision in"));
        panel.appendChild(item);
      });
    });
  }
  $("doc-text").addEventListener("click", function (e) {
    var m = e.target.closest("mark[data-s]");
    var i = R.shown();
    if (!m || i === null) return;
    var sel = window.getSelection();
    if (sel && !sel.isCollapsed) return;        // selecting text over a highlight: that is an addition
    showFigures(i, +m.getAttribute("data-s"), +m.getAttribute("data-e"));
  });

  // ------------------------------------------------------------ the document's metadata
  // rows without a span: province, agency, period, doc_type of the document (normalize/corrections.py)
  var META = ["province", "agency", "period", "doc_type"];
  function metaButton(i) {
    var h = $("doc-head");
    if (h.querySelector("#rv-meta")) return;
    h.appendChild(el("button", null, "✎ Sửa siêu dữ liệu · edit the metadata", {type: "button", id: "rv-meta", "data-doc-i": i}));
  }
  $("doc-head").addEventListener("click", function (e) {
    if (!e.target.closest("#rv-meta") || R.shown() === null) return;
    var i = R.shown(), d = docs[i];
    head("Siêu dữ liệu · metadata");
    panel.appendChild(el("div", "rv-what", d.source));
    var known = function (v) { return v === null || v === undefined || v === C.unknown ? "" : v; };
    var form = el("form", "rv-meta"), inputs = {};
    inputs.province = field(form, "Tỉnh · province", el("input", null, null, {name: "province", value: known(d.province), size: 16}));
    inputs.agency = field(form, "Cơ quan · agency", el("input", null, null, {name: "agency", value: known(d.agency), size: 22}));
    inputs.period = field(form, "Kỳ · period", el("input", null, null, {name: "period", value: known(d.period), size: 9}));
    inputs.doc_type = field(form, "Loại văn bản · type", select("doc_type", [""].concat(C.doc_types || []), known(d.doc_type)));
    var note = field(form, "Ghi chú · note", el("input", null, null, {name: "note", size: 24}));
    form.appendChild(el("button", null, "Lưu · save", {type: "submit", "data-act": "save-meta"}));
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var after = {}, n = 0;
      META.forEach(function (k) { after[k] = inputs[k].value.trim(); });
      if (after.period && !PERIOD.test(after.period))
        return problem(form, "Kỳ theo mã GOLD.md · period as a code: 2024-Q1, 2024-M03, 2024-H1, 2024-9M, 2024-Y");
      META.forEach(function (k) {
        if (!after[k] || after[k] === known(d[k])) return;      // a document's field is set, never emptied
        decide({sha256: d.sha, path: d.source}, "set", {field: k, new_value: after[k], note: note.value.trim()});
        n++;
      });
      if (!n) return problem(form, "Không có gì thay đổi · nothing changed");
      changed();
      head("Đã ghi · noted");
      panel.appendChild(el("p", "rv-done", n + " thay đổi siêu dữ liệu · metadata changes"));
      return false;
    });
    panel.appendChild(form);
  });

  // ------------------------------------------------------------ adding a figure from a selection
  var selected = null;
  function capture() {
    var sel = window.getSelection(), box = $("doc-text");
    if (!sel || !sel.rangeCount || sel.isCollapsed) return;       // keep the last one: clicking elsewhere may collapse it
    var r = sel.getRangeAt(0);
    if (!box.contains(r.startContainer) || !box.contains(r.endContainer) || R.shown() === null) return;
    selected = {i: R.shown(), range: r.cloneRange()};
    $("rv-add").disabled = false;
  }
  // selectionchange events are coalesced while a drag goes on: the selection is read again when it
  // ends and when the button is pressed
  document.addEventListener("selectionchange", capture);
  $("doc-text").addEventListener("mouseup", capture);
  $("doc-text").addEventListener("keyup", capture);
  $("rv-add").addEventListener("mousedown", capture);
  $("rv-add").addEventListener("click", function () {
    capture();
    if (!selected) return;
    var i = selected.i, box = $("doc-text");
    R.textOf(i).then(function (text) {
      head("Thêm số liệu · add a figure");
      if (text === null) { panel.appendChild(el("p", "hint", "Không có toàn văn · no full text")); return; }
      var a = offsetIn(box, selected.range.startContainer, selected.range.startOffset);
      var b = offsetIn(box, selected.range.endContainer, selected.range.endOffset);
      while (a < b && /\s/.test(text.charAt(a))) a++;
      while (b > a && /\s/.test(text.charAt(b - 1))) b--;
      if (a >= b) { panel.appendChild(el("p", "hint", "Đoạn chọn trống · the selection is empty")); return; }
      var quote = text.slice(a, b), start = pointsAt(text, a), end = pointsAt(text, b);
      panel.appendChild(el("q", "rv-quote", quote, {"data-s": start, "data-e": end}));
      var form = el("form", "rv-addform");
      var number = /-?\d[\d.,]*/.exec(quote);
      var value = field(form, "Giá trị · value", el("input", null, null, {name: "value", size: 10,
                                                                          value: number ? plain(parseNumber(number[0].replace(/[.,]$/, ""))) : ""}));
      var ind = field(form, "Chỉ số · indicator", indicatorSelect(""));
      var note = field(form, "Ghi chú · note", el("input", null, null, {name: "note", size: 24}));
      form.appendChild(el("button", null, "Thêm · add", {type: "submit", "data-act": "add"}));
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        var v = parseNumber(value.value);
        if (!isFinite(v)) return problem(form, "Giá trị phải là một số · the value must be a number");
        if (!ind.value) return problem(form, "Chọn chỉ số · choose the indicator");
        decide({sha256: docs[i].sha, path: docs[i].source, start: String(start), end: String(end), quote: quote,
                indicator: ind.value}, "add", {new_value: plain(v), note: note.value.trim()});
        changed();
        head("Đã thêm · added");
        panel.appendChild(el("p", "rv-done", R.label(ind.value) + " = " + R.fmt(v) + " «" + quote + "»"));
        return false;
      });
      panel.appendChild(form);
    });
  });

  renderList();
  decorate();
  if (R.shown() !== null && $("doc-text").getAttribute("data-doc") === String(R.shown())) metaButton(R.shown());
  document.body.setAttribute("data-review", decisions.length);
  document.body.setAttribute("data-review-ms", (performance.now() - T0).toFixed(1));
})();
