// Model policies and agreements. The fill-in form: typed details fill the page's blanks live and
// stay in this browser only (localStorage); values are always set as text (textContent), never as
// HTML. "Download Word copy" fills the Word template the build wrote beside the page, here in the
// browser, with the vendored fflate zip library; values are escaped for XML. Both scripts are
// loaded with <script> (not fetch) so that this works from file:// too. Every word it shows comes
// from the page, in the page's language: the data-* attributes of its own <script> element.
(function () {
  "use strict";
  var own = document.currentScript || document.querySelector("script[data-months]");
  function words(name) { return (own && own.getAttribute("data-" + name)) || ""; }
  var MONTHS = words("months").split(/\s+/);

  // "2027-10-01" -> "1 October 2027", as the Word and adapted copies write dates; as typed
  // when the page's words have no twelve months.
  function longDate(value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!m || +m[2] < 1 || +m[2] > 12 || +m[3] < 1 || +m[3] > 31 || MONTHS.length !== 12) { return value; }
    return (+m[3]) + " " + MONTHS[+m[2] - 1] + " " + m[1];
  }
  function today() {
    var d = new Date();
    var iso = d.getFullYear() + "-" + ("0" + (d.getMonth() + 1)).slice(-2) + "-" + ("0" + d.getDate()).slice(-2);
    return longDate(iso);
  }
  // Text inside a double-quoted CSS string (months are the site's words).
  function cssText(s) { return s.replace(/\\/g, "\\\\").replace(/"/g, "\\\"").replace(/</g, "\\3C "); }

  // The printed footer. The model's says when the copy was printed (the build cannot know) and
  // where to find the latest version. Once the organisation's name is typed, the copy is the
  // organisation's own: its title, its name at the top of every page, and a footer with its
  // version, adoption and review dates; the line naming the model shows once, at the end.
  var footer = document.getElementById("print-footer");
  var footerCss = footer ? footer.textContent : "";
  var heading = document.querySelector("main h1");
  var modelTitle = heading ? heading.textContent : "";
  var basedOn = document.querySelector("[data-based-on]");
  var adoptedWith = null;
  function fillIn(pattern, values) {
    return pattern.replace(/\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : all;
    });
  }
  function frame() {
    var values = adoptedWith ? adoptedWith() : null;
    var adopted = !!(values && values.name);
    document.documentElement.classList.toggle("adopted", adopted);
    if (basedOn) { basedOn.hidden = !adopted; }
    if (heading) { heading.textContent = adopted ? fillIn(words("adopted-title"), values) : modelTitle; }
    if (!footer) { return; }
    if (!adopted) {
      var stampFrom = words("stamp-from");
      var on = words("stamp-on").split("{date}").join(cssText(today()));
      // A function, so that `$` in the words is not a replacement pattern.
      footer.textContent = stampFrom ? footerCss.replace("\\A " + stampFrom, function () { return "\\A " + on; }) : footerCss;
      return;
    }
    var parts = [fillIn(words("adopted-title"), values)];
    if (words("version")) { parts.push(words("version")); }
    if (values.adopted_date) { parts.push(words("adopted-on").split("{date}").join(values.adopted_date)); }
    if (values.review_date) { parts.push(words("review-on").split("{date}").join(values.review_date)); }
    var left = "content:\"" + cssText(parts.join(" — ")) + "\"";
    var top = "@top-right{content:\"" + cssText(values.name) + "\";vertical-align:bottom;padding-bottom:3mm;font:9pt/1.35 Arial,sans-serif;color:#333}";
    // The model's first `content:"..."` is the footer's left box; the page box closes last.
    footer.textContent = footerCss.replace(/content:"(?:[^"\\]|\\.)*"/, function () { return left; })
      .replace(/\}\s*$/, function () { return top + "}"; });
  }
  window.addEventListener("beforeprint", frame);
  frame();

  var form = document.querySelector("[data-placeholder-form]");
  if (!form) { return; }
  var panel = form.closest("[data-fill-in]");
  var status = form.querySelector("[data-fill-in-status]");
  // One store for the whole site: a school's name typed on one policy fills the others too.
  var KEY = "safeguide:placeholders";

  function say(text) { if (status) { status.textContent = text; } }
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

  // What a field's value looks like in the document: one line, no spaces around it, dates in words.
  function shown(input) {
    var v = input.value.replace(/\s+/g, " ").trim();
    return input.hasAttribute("data-date") ? longDate(v) : v;
  }

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
  adoptedWith = function () {
    var values = Object.create(null);
    inputs.forEach(function (input) {
      var v = shown(input);
      if (v) { values[input.getAttribute("data-placeholder-input")] = v; }
    });
    return values;
  };
  var stored = load();
  inputs.forEach(function (input) {
    var key = input.getAttribute("data-placeholder-input");
    if (Object.prototype.hasOwnProperty.call(stored, key) && typeof stored[key] === "string") {
      input.value = stored[key];
    }
    if (input.value !== input.defaultValue || Object.prototype.hasOwnProperty.call(stored, key)) {
      show(key, shown(input));
    }
    input.addEventListener("input", function () {
      var values = load();
      if (input.value.trim()) { values[key] = input.value; } else { delete values[key]; }
      save(values);
      show(key, shown(input));
      frame();
    });
  });
  frame();

  form.addEventListener("submit", function (e) { e.preventDefault(); });
  var print = form.querySelector("[data-print]");
  if (print) { print.addEventListener("click", function () { window.print(); }); }
  var clear = form.querySelector("[data-clear]");
  if (clear) {
    clear.addEventListener("click", function () {
      try { window.localStorage.removeItem(KEY); } catch (e) { /* nothing stored */ }
      inputs.forEach(function (input) {
        input.value = input.defaultValue;
        show(input.getAttribute("data-placeholder-input"), shown(input));
      });
      frame();
      say(words("cleared"));
    });
  }

  // ---- Word copy with the details typed ----

  // Characters XML 1.0 cannot hold would make the file unreadable: they are dropped.
  function xmlEscape(s) {
    return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uE000\uE001\uFFFE\uFFFF]/g, "")
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&apos;");
  }
  function xmlUnescape(s) {
    return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"")
      .replace(/&apos;/g, "'").replace(/&amp;/g, "&");
  }
  // A marked run: <w:r>(properties)U+E000 key U+E001</w:r>, as src/render/docx.rs writes it. The
  // key holds no tag and no marker, so a match never runs across a run, paragraph or table.
  var RUN = /<w:r>((?:(?!<\/w:r>)[^\uE000])*?)\uE000([^\uE000\uE001<>]*)\uE001((?:(?!<\/w:r>)[\s\S])*?)<\/w:r>/g;
  var MARK = /\uE000([^\uE000\uE001<>]*)\uE001/g;

  function fillDocx(template, values) {
    var fflate = window.fflate;
    var raw = atob(template.zip);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
    var files = fflate.unzipSync(bytes);
    Object.keys(files).forEach(function (name) {
      if (!/\.xml$/.test(name)) { return; }
      var xml = fflate.strFromU8(files[name]);
      if (xml.indexOf("\uE000") < 0) { return; }
      if (name === "docProps/core.xml") {
        // The document's author: the organisation's name, else the site's title.
        xml = xml.replace(MARK, function (all, key) {
          return xmlEscape(values[xmlUnescape(key)] || template.author);
        });
      } else {
        xml = xml.replace(RUN, function (all, props, key, rest) {
          key = xmlUnescape(key);
          var value = values[key];
          if (value) {
            return "<w:r>" + props.replace(/<w:highlight [^>]*\/>/g, "") + xmlEscape(value) + rest + "</w:r>";
          }
          var field = Object.prototype.hasOwnProperty.call(template.fields, key) ? template.fields[key] : null;
          return "<w:r>" + props + xmlEscape("[" + (field ? field.label : key) + "]") + rest + "</w:r>";
        });
      }
      files[name] = fflate.strToU8(xml);
    });
    return fflate.zipSync(files, { level: 6 });
  }

  // Loads a script once; `ready` says whether what it defines is there.
  function loadScript(el, ready, done) {
    if (ready()) { done(true); return; }
    var s = document.createElement("script");
    s.src = el.getAttribute("data-url");
    s.onload = function () { done(ready()); };
    s.onerror = function () { done(false); };
    document.head.appendChild(s);
  }

  var docx = form.querySelector("[data-docx]");
  var zipLib = form.querySelector("[data-zip-lib]");
  if (docx && zipLib) {
    docx.addEventListener("click", function () {
      say(words("making"));
      loadScript(zipLib, function () { return !!window.fflate; }, function (okLib) {
        loadScript(docx, function () { return !!window.safeguideDocxTemplate; }, function (okTemplate) {
          if (!okLib || !okTemplate) {
            say(words("failed"));
            return;
          }
          var template = window.safeguideDocxTemplate;
          // No prototype: a key such as "constructor" is just a key.
          var values = Object.create(null);
          inputs.forEach(function (input) {
            var v = shown(input);
            if (v) { values[input.getAttribute("data-placeholder-input")] = v; }
          });
          var zipped = fillDocx(template, values);
          var blob = new Blob([zipped], { type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" });
          var url = URL.createObjectURL(blob);
          var a = document.createElement("a");
          a.href = url;
          a.download = template.file;
          document.body.appendChild(a);
          a.click();
          a.remove();
          window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
          say(words("done").split("{file}").join(template.file));
        });
      });
    });
  }

  if (panel) { panel.hidden = false; }
})();
