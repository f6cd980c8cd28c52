// safeguide default theme. Everything here is an extra: pages work without it, except the audit's
// saving, export and printing.
(function () {
  "use strict";

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

  // Audit: answers are kept in this browser (localStorage), exported as CSV and printed.
  var form = document.querySelector("[data-audit-form]");
  if (!form) { return; }
  var key = "safeguide-audit:" + window.location.pathname;
  var questions = Array.prototype.slice.call(form.querySelectorAll(".audit-question"));
  var progress = form.querySelector("[data-audit-progress]");
  var store = null;
  try { store = window.localStorage; store.getItem(key); } catch (err) { store = null; }

  function answers() {
    var data = {};
    questions.forEach(function (q) {
      var id = q.id;
      var checked = q.querySelector("input[type=radio]:checked");
      var notes = q.querySelector("textarea");
      data[id] = { answer: checked ? checked.value : "", notes: notes ? notes.value : "" };
    });
    return data;
  }
  function showProgress() {
    if (!progress) { return; }
    var done = questions.filter(function (q) { return q.querySelector("input[type=radio]:checked"); }).length;
    progress.textContent = done + " of " + questions.length + " questions answered" + (store ? ", saved in this browser." : ".");
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
      var a = saved[q.id];
      if (!a) { return; }
      var radio = a.answer && q.querySelector("input[type=radio][value='" + a.answer.replace(/[^a-z]/gi, "") + "']");
      if (radio) { radio.checked = true; }
      var notes = q.querySelector("textarea");
      if (notes && a.notes) { notes.value = a.notes; }
    });
  }
  function cell(s) { return '"' + String(s).replace(/"/g, '""').replace(/\s+/g, " ").trim() + '"'; }
  function csv() {
    var data = answers();
    var rows = [["Number", "Section", "Question", "Answer", "Evidence and actions"].map(cell).join(",")];
    questions.forEach(function (q) {
      var section = "";
      var list = q.parentElement;
      for (var el = list && list.previousElementSibling; el; el = el.previousElementSibling) {
        if (/^H[2-4]$/.test(el.tagName)) { section = el.textContent; break; }
      }
      var text = q.querySelector(".audit-text");
      var num = q.getAttribute("data-question") || "";
      rows.push([num, section, text ? text.textContent : "", data[q.id].answer, data[q.id].notes].map(cell).join(","));
    });
    return rows.join("\r\n") + "\r\n";
  }

  restore();
  showProgress();
  form.addEventListener("change", save);
  form.addEventListener("input", save);
  var actions = form.querySelector("[data-audit-actions]");
  if (actions) { actions.hidden = false; }
  form.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("button");
    if (!b) { return; }
    if (b.hasAttribute("data-print")) { window.print(); }
    if (b.hasAttribute("data-export-csv")) {
      var blob = new Blob(["\ufeff" + csv()], { type: "text/csv;charset=utf-8" });
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = (window.location.pathname.split("/").filter(Boolean).pop() || "audit") + "-answers.csv";
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
    }
    if (b.hasAttribute("data-clear") && window.confirm("Clear all your answers on this page?")) {
      form.reset();
      if (store) { store.removeItem(key); }
      showProgress();
    }
  });
})();
