// safeguide default theme. Everything here is an extra: pages work without it, except the audit's
// saving, export and printing.
(function () {
  "use strict";

  // The CSV cell rule, as src/csv_cell.rs writes it: a "'" before anything a spreadsheet would run
  // as a formula (= + - @ tab CR and the full-width forms, or a "'" already there), at the cell's
  // start and after each , ; or line break (a spreadsheet in another locale splits there), past
  // spaces and quote marks. tests/data/csv_cells.json holds the cases both are tested on.
  function csvCell(s) {
    s = String(s);
    var out = "";
    var atStart = true;
    for (var i = 0; i < s.length; i++) {
      var c = s.charAt(i);
      if (atStart && c !== " " && c !== '"') {
        if ("=+-@\t\r\uFF1D\uFF0B\uFF0D\uFF20'".indexOf(c) >= 0) { out += "'"; }
        atStart = false;
      }
      out += c;
      if (c === "," || c === ";" || c === "\n") { atStart = true; }
    }
    return out;
  }
  // For the tests that hold this rule to the same cases as the Rust one.
  window.safeguideCsvCell = csvCell;

  // Quick exit: hide the page at once, then replace it (not push it) so Back does not return here.
  var exit = document.querySelector("[data-quick-exit]");
  if (exit) {
    var leave = function (e) {
      if (e) { e.preventDefault(); }
      document.documentElement.style.display = "none";
      document.title = "";
      window.location.replace(exit.getAttribute("href"));
    };
    exit.addEventListener("click", leave);
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" || e.key === "Esc") { leave(e); }
    });
  }

  // Audit: answers are kept in this browser (localStorage), exported as a return (CSV or JSON) and
  // printed. A return carries the audit's id and version and each question's stable id, so the
  // partnership's `safeguide returns` can read it back whatever order the questions are in.
  var form = document.querySelector("[data-audit-form]");
  if (!form) { return; }
  var key = "safeguide-audit:" + window.location.pathname;
  var questions = Array.prototype.slice.call(form.querySelectorAll(".audit-question"));
  var progress = form.querySelector("[data-audit-progress]");
  var message = form.querySelector("[data-audit-message]");
  var orgFields = Array.prototype.slice.call(form.querySelectorAll("[data-org-field]"));
  var store = null;
  try { store = window.localStorage; store.getItem(key); } catch (err) { store = null; }

  function answers() {
    var data = {};
    questions.forEach(function (q) {
      var checked = q.querySelector("input[type=radio]:checked");
      var notes = q.querySelector("textarea");
      data[q.id] = { answer: checked ? checked.value : "", notes: notes ? notes.value : "" };
    });
    var org = {};
    orgFields.forEach(function (f) { org[f.name] = f.value; });
    data["@organisation"] = org;
    return data;
  }
  function showProgress() {
    if (!progress) { return; }
    var done = questions.filter(function (q) { return q.querySelector("input[type=radio]:checked"); }).length;
    // The words are the page's (in its language), from the message element's data-* attributes.
    var text = (message && message.getAttribute(store ? "data-progress-saved" : "data-progress")) || "";
    progress.textContent = text.split("{done}").join(String(done)).split("{total}").join(String(questions.length));
    progress.hidden = false;
  }
  function save() {
    if (store) {
      try { store.setItem(key, JSON.stringify(answers())); } catch (err) { /* storage full or blocked */ }
    }
    showProgress();
  }
  function restore() {
    var saved = null;
    try { saved = store && JSON.parse(store.getItem(key) || "null"); } catch (err) { saved = null; }
    if (!saved) { return; }
    questions.forEach(function (q) {
      // Answers saved before questions had ids were kept by number (`q-3`).
      var a = saved[q.id] || saved["q-" + q.getAttribute("data-question")];
      if (!a) { return; }
      var radio = a.answer && q.querySelector("input[type=radio][value='" + String(a.answer).replace(/[^a-z]/gi, "") + "']");
      if (radio) { radio.checked = true; }
      var notes = q.querySelector("textarea");
      if (notes && a.notes) { notes.value = a.notes; }
    });
    var org = saved["@organisation"] || {};
    orgFields.forEach(function (f) { if (typeof org[f.name] === "string") { f.value = org[f.name]; } });
  }
  function sectionOf(q) {
    var list = q.parentElement;
    for (var el = list && list.previousElementSibling; el; el = el.previousElementSibling) {
      if (/^H[2-4]$/.test(el.tagName)) { return el.textContent.trim(); }
    }
    return "";
  }
  function field(name) {
    var f = form.querySelector("[name='" + name + "']");
    return f ? f.value.trim() : "";
  }
  // The return's values are the stable ones `safeguide returns` reads, whatever the page's
  // language: answers and organisation types by their English labels (not words to read).
  var LABELS = { yes: "Yes", no: "No", partly: "Partly", "": "Not answered" };
  var ORG_TYPES = { school: "School", "early-years": "Early years", "youth-club": "Youth club",
    "sports-club": "Sports club", "faith-setting": "Faith setting", other: "Other" };
  // One row per question, the organisation and audit repeated on each, so returns can be pasted
  // together or filtered in a spreadsheet as they are.
  var COLUMNS = ["Audit", "Audit version", "Audit date", "Organisation", "Organisation id", "Organisation type", "Completed by",
    "Date completed", "Question id", "Number", "Section", "Question", "Answer", "Evidence and actions"];
  function record() {
    var data = answers();
    var typeSelect = form.querySelector("[name='organisation_type']");
    return {
      format: "safeguide-audit-return",
      format_version: 1,
      audit: {
        id: form.getAttribute("data-audit-id") || "",
        title: form.getAttribute("data-audit-title") || "",
        version: form.getAttribute("data-audit-version") || "",
        date: form.getAttribute("data-audit-date") || ""
      },
      organisation: {
        name: field("organisation"),
        id: field("organisation_id"),
        type: typeSelect && typeSelect.value ? (ORG_TYPES[typeSelect.value] || typeSelect.value) : ""
      },
      completed_by: field("completed_by"),
      date: field("date_completed"),
      answers: questions.map(function (q) {
        var text = q.querySelector(".audit-text");
        return {
          id: q.getAttribute("data-question-id") || "",
          number: Number(q.getAttribute("data-question")) || 0,
          section: sectionOf(q),
          question: text ? text.textContent.replace(/\s+/g, " ").trim() : "",
          answer: LABELS[data[q.id].answer] || "Not answered",
          evidence: data[q.id].notes.replace(/\r\n?/g, "\n").trim()
        };
      })
    };
  }
  function cell(s) { return '"' + csvCell(s).replace(/"/g, '""') + '"'; }
  function csv(r) {
    var rows = [COLUMNS.map(cell).join(",")];
    r.answers.forEach(function (a) {
      rows.push([r.audit.id, r.audit.version, r.audit.date, r.organisation.name, r.organisation.id, r.organisation.type, r.completed_by,
        r.date, a.id, a.number, a.section, a.question, a.answer, a.evidence].map(cell).join(","));
    });
    return rows.join("\r\n") + "\r\n";
  }
  function slug(s) { return String(s).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40); }
  function download(text, type, ext, r) {
    var blob = new Blob([text], { type: type });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = [(r.audit.id.split("/").pop() || "audit"), slug(r.organisation.name), r.date].filter(Boolean).join("-") + "." + ext;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }
  function say(text) {
    if (!message) { return; }
    message.textContent = text;
    message.hidden = !text;
  }
  function exportReturn(asJson) {
    var r = record();
    if (!r.organisation.name) {
      say(message ? message.getAttribute("data-need-name") || "" : "");
      var name = form.querySelector("[name='organisation']");
      if (name) { name.focus(); }
      return;
    }
    say("");
    if (asJson) {
      download(JSON.stringify(r, null, 2) + "\n", "application/json", "json", r);
    } else {
      // The byte-order mark tells Excel the file is UTF-8.
      download("\ufeff" + csv(r), "text/csv;charset=utf-8", "csv", r);
    }
  }

  restore();
  // A link the partnership sends (`?org=Oak+Hill&id=100001&type=school`) fills in who the return
  // is from, so it matches their expected list first time; it wins over answers saved earlier.
  var params = new URLSearchParams(window.location.search);
  var linked = false;
  var TYPE_WORDS = { youth: "youth-club", sport: "sports-club", sports: "sports-club", faith: "faith-setting" };
  [["org", "organisation"], ["id", "organisation_id"], ["type", "organisation_type"]].forEach(function (p) {
    var value = params.get(p[0]);
    var f = form.querySelector("[name='" + p[1] + "']");
    if (value === null || !f) { return; }
    value = value.trim().slice(0, 200);
    if (p[0] === "type") {
      value = value.toLowerCase().replace(/[\s_]+/g, "-");
      value = TYPE_WORDS[value] || value;
      if (!/^[a-z-]+$/.test(value) || !f.querySelector("option[value='" + value + "']")) { return; }
    }
    f.value = value;
    linked = true;
  });
  if (linked) { save(); }
  var dateField = form.querySelector("[name='date_completed']");
  if (dateField && !dateField.value) { dateField.value = new Date().toISOString().slice(0, 10); }
  showProgress();
  form.addEventListener("change", save);
  form.addEventListener("input", save);
  var actions = form.querySelector("[data-audit-actions]");
  if (actions) { actions.hidden = false; }
  form.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("button");
    if (!b) { return; }
    if (b.hasAttribute("data-print")) { window.print(); }
    if (b.hasAttribute("data-export-csv")) { exportReturn(false); }
    if (b.hasAttribute("data-export-json")) { exportReturn(true); }
    if (b.hasAttribute("data-clear") && window.confirm((message && message.getAttribute("data-confirm-clear")) || "")) {
      form.reset();
      if (store) { store.removeItem(key); }
      say("");
      showProgress();
    }
  });
})();
