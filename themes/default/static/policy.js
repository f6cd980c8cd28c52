// Fill-in form on model policies: typed details fill the page's blanks live and stay in this
// browser only (localStorage). Values are always set as text (textContent), never as HTML.
(function () {
  "use strict";
  var form = document.querySelector("[data-placeholder-form]");
  if (!form) { return; }
  var panel = form.closest("[data-fill-in]");
  var status = form.querySelector("[data-fill-in-status]");
  // One store for the whole site: a school's name typed on one policy fills the others too.
  var KEY = "safeguide:placeholders";

  function load() {
    try {
      var v = JSON.parse(window.localStorage.getItem(KEY) || "{}");
      return v && typeof v === "object" ? v : {};
    } catch (e) { return {}; }
  }
  function save(values) {
    try { window.localStorage.setItem(KEY, JSON.stringify(values)); } catch (e) { /* private mode: still fills the page */ }
  }

  // Remember each blank as the page was built, to put it back when its field is emptied.
  var spans = Array.prototype.slice.call(document.querySelectorAll(".placeholder[data-placeholder]"));
  var originals = spans.map(function (s) { return { cls: s.className, nodes: Array.prototype.slice.call(s.childNodes).map(function (n) { return n.cloneNode(true); }) }; });

  function show(key, value) {
    spans.forEach(function (span, i) {
      if (span.getAttribute("data-placeholder") !== key) { return; }
      if (value) {
        span.textContent = value;
        span.className = "placeholder filled";
      } else {
        span.textContent = "";
        originals[i].nodes.forEach(function (n) { span.appendChild(n.cloneNode(true)); });
        span.className = originals[i].cls;
      }
    });
  }

  var inputs = Array.prototype.slice.call(form.querySelectorAll("[data-placeholder-input]"));
  var stored = load();
  inputs.forEach(function (input) {
    var key = input.getAttribute("data-placeholder-input");
    if (Object.prototype.hasOwnProperty.call(stored, key) && typeof stored[key] === "string") {
      input.value = stored[key];
    }
    if (input.value !== input.defaultValue || Object.prototype.hasOwnProperty.call(stored, key)) {
      show(key, input.value.trim());
    }
    input.addEventListener("input", function () {
      var values = load();
      if (input.value.trim()) { values[key] = input.value; } else { delete values[key]; }
      save(values);
      show(key, input.value.trim());
    });
  });

  form.addEventListener("submit", function (e) { e.preventDefault(); });
  var print = form.querySelector("[data-print]");
  if (print) { print.addEventListener("click", function () { window.print(); }); }
  var clear = form.querySelector("[data-clear]");
  if (clear) {
    clear.addEventListener("click", function () {
      try { window.localStorage.removeItem(KEY); } catch (e) { /* nothing stored */ }
      inputs.forEach(function (input) {
        input.value = input.defaultValue;
        show(input.getAttribute("data-placeholder-input"), input.defaultValue.trim());
      });
      if (status) { status.textContent = "Your details have been cleared from this browser."; }
    });
  }
  if (panel) { panel.hidden = false; }
})();
