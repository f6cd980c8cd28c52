// safeguide search page: queries the elasticlunr index built by `safeguide build`.
// Index files are scripts assigning window.safeguideSearch[<name>], so they load from file://
// too. Nothing from a query or the content is ever parsed as HTML: results are built
// with textContent and highlights by splitting text into text nodes and <mark> elements.
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.querySelector("[data-search-form]");
  if (!script || !form || !window.elasticlunr) { return; }

  // Where the site's root is, as seen from this page: the script's own (rewritten) address
  // without its file name. "/" when served, "/sub/" under a base path, "../" offline.
  var root = script.getAttribute("src").replace(/search\.js(\?.*)?$/, "");
  var offline = script.hasAttribute("data-offline");
  var input = document.getElementById("q");
  var audienceSelect = document.getElementById("search-audience");
  var kindSelect = document.getElementById("search-kind");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var MAX_QUERY = 200;
  var MAX_RESULTS = 50;
  var CONFIG = {
    fields: {
      title: { boost: 5 }, heading: { boost: 3 }, summary: { boost: 2 }, tags: { boost: 2 },
      page: { boost: 1 }, body: { boost: 1 }, audience: { boost: 1 }, kind: { boost: 1 }
    },
    bool: "OR"
  };
  // The index is split into shards (see src/search/shards.rs): search/index.js lists them, each
  // with the audiences its pages are for. A search loads the shards it needs and queries each;
  // their document frequencies are added up (idf below), so scores are those one index of the
  // loaded pages would give and the shards' results can be merged by score.
  var manifest = null;
  var shards = {}; // name -> {name, index, data}
  var current = null; // {shards: [...], idf: {}} for the chosen audience
  var pendingKey = null;

  function hasOption(select, value) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === value) { return true; }
    }
    return false;
  }

  function href(url) {
    var i = url.indexOf("#");
    var path = i < 0 ? url : url.slice(0, i);
    var hash = i < 0 ? "" : url.slice(i);
    if (offline && path.charAt(path.length - 1) === "/") { path += "index.html"; }
    return root + path.replace(/^\//, "") + hash;
  }

  // Runs `done` once window.safeguideSearch[key] is set by the script at `file`, else `fail`.
  function loadScript(key, file, done, fail) {
    if ((window.safeguideSearch || {})[key]) { done(); return; }
    var s = document.createElement("script");
    s.src = root + file;
    s.onload = function () {
      if ((window.safeguideSearch || {})[key]) { done(); } else { fail(); }
    };
    s.onerror = fail;
    document.head.appendChild(s);
  }

  // elasticlunr's idf, over every shard of the current search rather than one shard.
  function sharedIdf(term, field) {
    var key = field + "/" + term;
    if (Object.prototype.hasOwnProperty.call(current.idf, key)) { return current.idf[key]; }
    var df = 0;
    var n = 0;
    current.shards.forEach(function (s) {
      df += s.index.index[field].getDocFreq(term);
      n += s.index.documentStore.length;
    });
    current.idf[key] = 1 + Math.log(n / (df + 1));
    return current.idf[key];
  }

  function shard(info) {
    if (!shards[info.name]) {
      var data = window.safeguideSearch[info.name];
      var index = elasticlunr.Index.load(data.index);
      index.idf = sharedIdf;
      shards[info.name] = { name: info.name, index: index, data: data };
    }
    return shards[info.name];
  }

  // The manifest's address; see `load` for when it changes.
  var manifestFile = "search/index.js";
  var refreshed = false;

  // The shards for audience `key` ("" for everyone: all of them), loaded.
  function load(key, done) {
    loadScript("manifest", manifestFile, function () {
      manifest = window.safeguideSearch.manifest;
      var wanted = manifest.shards.filter(function (s) {
        return !key || s.audiences.length === 0 || s.audiences.indexOf(key) >= 0;
      });
      var left = wanted.length;
      var broken = false;
      var finish = function () {
        done({ shards: wanted.map(shard), idf: {}, kinds: kindsOf(wanted) });
      };
      var missing = function () {
        if (broken) { return; }
        broken = true;
        if (refreshed) { failed(); return; }
        // Shard names change with their content, so a manifest kept from an earlier build (in
        // the browser's or a proxy's cache) can name shards that are gone: fetch the current
        // one, past any cache, once.
        refreshed = true;
        delete window.safeguideSearch.manifest;
        manifestFile = "search/index.js?fresh=" + Date.now();
        load(key, done);
      };
      if (!left) { finish(); return; }
      wanted.forEach(function (s) {
        loadScript(s.name, s.file, function () {
          if (--left === 0 && !broken) { finish(); }
        }, missing);
      });
    }, failed);
  }

  function kindsOf(list) {
    var present = {};
    list.forEach(function (s) { s.kinds.forEach(function (k) { present[k] = true; }); });
    return manifest.kinds.filter(function (k) { return present[k.id]; });
  }

  function failed() {
    status.textContent = "Search is not available: the search index could not be loaded.";
  }

  function setKinds(kinds) {
    var want = kindSelect.value || new URLSearchParams(location.search).get("kind") || "";
    while (kindSelect.options.length > 1) { kindSelect.remove(1); }
    kinds.forEach(function (k) {
      var o = document.createElement("option");
      o.value = k.id;
      o.textContent = k.label;
      kindSelect.appendChild(o);
    });
    kindSelect.value = hasOption(kindSelect, want) ? want : "";
  }

  function selectAudience(key) {
    pendingKey = key;
    status.textContent = "Loading search…";
    load(key, function (entry) {
      if (pendingKey !== key) { return; }
      current = entry;
      setKinds(entry.kinds);
      run();
    });
  }

  // Stemmed query terms, the way the index stored them.
  function terms(index, query) {
    return index.pipeline.run(elasticlunr.tokenizer(query));
  }

  // Does `word` match one of the query terms (same stem, or starts with a typed word)?
  function matches(index, word, stems, typed) {
    var w = word.toLowerCase();
    var s = terms(index, w)[0];
    if (s && stems.indexOf(s) >= 0) { return true; }
    for (var i = 0; i < typed.length; i++) {
      if (typed[i].length >= 3 && w.indexOf(typed[i]) === 0) { return true; }
    }
    return false;
  }

  // Appends `text` to `parent`, with the matching words in <mark>. Only text nodes are made.
  function highlight(parent, text, index, stems, typed) {
    var parts = text.split(/([A-Za-z0-9_\u00C0-\u024F]+)/);
    var plain = "";
    for (var i = 0; i < parts.length; i++) {
      if (i % 2 === 1 && matches(index, parts[i], stems, typed)) {
        if (plain) { parent.appendChild(document.createTextNode(plain)); plain = ""; }
        var m = document.createElement("mark");
        m.textContent = parts[i];
        parent.appendChild(m);
      } else {
        plain += parts[i];
      }
    }
    if (plain) { parent.appendChild(document.createTextNode(plain)); }
  }

  // The part of `text` around its first match, so the highlighted words are in view.
  function around(text, index, stems, typed) {
    var re = /[A-Za-z0-9_\u00C0-\u024F]+/g;
    var m;
    while ((m = re.exec(text)) !== null) {
      if (matches(index, m[0], stems, typed)) {
        if (m.index < 60) { return text; }
        var start = text.lastIndexOf(" ", m.index - 30);
        return "…" + text.slice(start < 0 ? m.index : start + 1);
      }
    }
    return text;
  }

  function element(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text) { e.textContent = text; }
    return e;
  }

  function updateUrl(q) {
    var params = new URLSearchParams();
    if (q) { params.set("q", q); }
    if (audienceSelect.value) { params.set("audience", audienceSelect.value); }
    if (kindSelect.value) { params.set("kind", kindSelect.value); }
    var search = params.toString();
    try {
      history.replaceState(null, "", search ? "?" + search : location.pathname);
    } catch (e) {
      // Some browsers refuse to change file:// addresses; the results still show.
    }
  }

  function run() {
    if (!current) { return; }
    var q = input.value.slice(0, MAX_QUERY);
    var query = q.trim();
    updateUrl(query);
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!query) { status.textContent = ""; return; }
    // The pipeline (stop words, stemmer) is elasticlunr's own, the same in every shard.
    var index = current.shards.length ? current.shards[0].index : null;
    var stems = index ? terms(index, query) : [];
    var typed = elasticlunr.tokenizer(query).map(function (t) { return elasticlunr.trimmer(t); });
    var config = JSON.parse(JSON.stringify(CONFIG));
    // Prefix matching while a word is being typed; skipped for one or two letters, which would
    // match most of a large index.
    config.expand = typed.length > 0 && typed[typed.length - 1].length >= 3;
    var hits = [];
    if (stems.length) {
      current.shards.forEach(function (s) {
        s.index.search(query, config).forEach(function (h) {
          hits.push({ shard: s, ref: h.ref, score: h.score });
        });
      });
      hits.sort(function (a, b) { return b.score - a.score; });
    }
    var labels = {};
    manifest.audiences.forEach(function (a) { labels[a.id] = a.label; });
    var kind = kindSelect.value;
    var seen = {};
    var shown = 0;
    for (var i = 0; i < hits.length && shown < MAX_RESULTS; i++) {
      var s = hits[i].shard;
      var doc = s.index.documentStore.getDoc(hits[i].ref);
      var pageKey = s.name + "/" + (doc ? doc.page : "");
      if (!doc || seen[pageKey]) { continue; }
      var page = s.data.pages[doc.page];
      if (kind && page.kind !== kind) { continue; }
      // One result per page: its best-matching section.
      seen[pageKey] = true;
      shown++;
      var li = element("li", "search-result");
      var h = element("h2", "search-result-title");
      var a = element("a");
      a.href = href(page.url + (doc.anchor ? "#" + doc.anchor : ""));
      highlight(a, page.title, index, stems, typed);
      if (doc.heading) {
        a.appendChild(element("span", "search-result-crumb", " › "));
        highlight(a, doc.heading, index, stems, typed);
      }
      h.appendChild(a);
      li.appendChild(h);
      var names = page.audience.map(function (id) { return labels[id] || id; });
      var meta = element("p", "search-result-meta");
      meta.appendChild(element("span", "search-result-audience", names.length ? "For " + names.join(", ") : "For everyone"));
      li.appendChild(meta);
      if (page.summary) {
        var summary = element("p", "search-result-summary");
        highlight(summary, page.summary, index, stems, typed);
        li.appendChild(summary);
      }
      if (doc.excerpt) {
        var snippet = element("p", "search-result-snippet");
        highlight(snippet, around(doc.excerpt, index, stems, typed), index, stems, typed);
        li.appendChild(snippet);
      }
      list.appendChild(li);
    }
    var where = audienceSelect.value ? " for " + audienceSelect.options[audienceSelect.selectedIndex].text : "";
    status.textContent = (shown === 0 ? "No results" : shown === 1 ? "1 result" : shown + " results") +
      " for “" + query + "”" + where + (shown === 0 && where ? ". Try choosing Everyone." : ".");
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll(".search-result-title a"));
  }

  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") {
      var all = links();
      if (all.length) { e.preventDefault(); all[0].focus(); }
    }
  });
  list.addEventListener("keydown", function (e) {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") { return; }
    var all = links();
    var i = all.indexOf(document.activeElement);
    if (i < 0) { return; }
    e.preventDefault();
    if (e.key === "ArrowDown" && i + 1 < all.length) { all[i + 1].focus(); }
    if (e.key === "ArrowUp") { if (i === 0) { input.focus(); } else { all[i - 1].focus(); } }
  });
  input.addEventListener("input", run);
  kindSelect.addEventListener("change", run);
  audienceSelect.addEventListener("change", function () { selectAudience(audienceSelect.value); });
  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });

  var params = new URLSearchParams(location.search);
  input.value = (params.get("q") || "").slice(0, MAX_QUERY);
  var audience = params.get("audience") || "";
  audienceSelect.value = hasOption(audienceSelect, audience) ? audience : "";
  selectAudience(audienceSelect.value);
  if (!input.value) { input.focus(); }
})();
