// safeguide search page: queries the search index built by `safeguide build` (src/search/mod.rs
// describes the files), scoring with elasticlunr.js.
// Index files are scripts assigning window.safeguideSearch[<key>], so they load from file://
// too. Nothing is loaded until there is a query. Nothing from a query or the content is ever
// parsed as HTML: results are built with textContent and highlights by splitting text into text
// nodes and <mark> elements.
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
  // The index's fields, in the order of the postings' field numbers (src/search/docs.rs).
  var FIELDS = ["title", "page", "heading", "summary", "body", "audience", "kind", "tags"];
  // elasticlunr's search configuration, as `scores` applies it.
  var CONFIG = {
    fields: {
      title: { boost: 5 }, heading: { boost: 3 }, summary: { boost: 2 }, tags: { boost: 2 },
      page: { boost: 1 }, body: { boost: 1 }, audience: { boost: 1 }, kind: { boost: 1 }
    },
    bool: "OR"
  };

  // The language's manifest: the form names it; search/index.js is the main language's.
  var manifestBase = form.getAttribute("data-search-manifest") || "search/index.js";
  var lang = /index\.([^\/?]+)\.js$/.exec(manifestBase);
  var manifestKey = lang ? "manifest." + lang[1] : "manifest";
  var manifestFile = manifestBase;
  var refreshed = false;

  // Each language's query pipeline, the same as its index's (src/search/index.rs `Pipeline`).
  function plainTrimmer(token) {
    var t = token.replace(/^[^\p{Alphabetic}\p{N}_]+|[^\p{Alphabetic}\p{N}_]+$/gu, "");
    return t || undefined;
  }
  elasticlunr.Pipeline.registerFunction(plainTrimmer, "plainTrimmer");
  var PIPELINES = {
    en: [elasticlunr.trimmer, elasticlunr.stopWordFilter, elasticlunr.stemmer],
    plain: [plainTrimmer]
  };
  var pipeline = null;

  var S = function () { return window.safeguideSearch || {}; };
  var generation = 0;
  // The kind the address asked for, until the manifest's kinds fill the select.
  var pendingKind = new URLSearchParams(location.search).get("kind") || "";
  var waiting = {}; // key -> callbacks waiting for its script

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

  // Calls `done(ok)` once the script at `file` has run: ok when it set window.safeguideSearch[key].
  function loadScript(key, file, done) {
    if (S()[key]) { done(true); return; }
    if (waiting[key]) { waiting[key].push(done); return; }
    waiting[key] = [done];
    var s = document.createElement("script");
    var finish = function () {
      var calls = waiting[key];
      delete waiting[key];
      calls.forEach(function (c) { c(!!S()[key]); });
    };
    s.src = root + file;
    s.onload = finish;
    s.onerror = finish;
    document.head.appendChild(s);
  }

  // Loads every [key, file] of `files`; `done(ok)` once all have run.
  function loadAll(files, done) {
    var left = files.length;
    var ok = true;
    if (!left) { done(true); return; }
    files.forEach(function (f) {
      loadScript(f[0], f[1], function (loaded) {
        ok = ok && loaded;
        if (--left === 0) { done(ok); }
      });
    });
  }

  // Decodes a number list (src/search/index.rs `push_number`): digit values by character code,
  // -1 for characters that are not digits.
  var DIGITS = new Int8Array(128).fill(-1);
  "0123456789abcdefghijklmnopqrstuv".split("").forEach(function (c, i) { DIGITS[c.charCodeAt(0)] = i; });
  "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_~".split("").forEach(function (c, i) { DIGITS[c.charCodeAt(0)] = 32 + i; });
  function numbers(s) {
    var out = [];
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var d = DIGITS[s.charCodeAt(i) & 127];
      if (d < 32) { out.push(n * 32 + d); n = 0; } else { n = n * 32 + d - 32; }
    }
    return out;
  }

  // Code point order, as the index sorts terms (JavaScript's own order is by UTF-16 unit).
  function compare(a, b) {
    var i = 0;
    var j = 0;
    while (i < a.length && j < b.length) {
      var x = a.codePointAt(i);
      var y = b.codePointAt(j);
      if (x !== y) { return x < y ? -1 : 1; }
      i += x > 0xffff ? 2 : 1;
      j += y > 0xffff ? 2 : 1;
    }
    return i < a.length ? 1 : j < b.length ? -1 : 0;
  }

  // A shard's directory, with its page table worked out once.
  function directory(name) {
    var d = S()[name];
    if (!d.firsts) {
      var counts = numbers(d.sections);
      d.firsts = [];
      var at = 0;
      counts.forEach(function (c) { d.firsts.push(at); at += c; });
      d.kindList = numbers(d.kinds);
    }
    return d;
  }

  // The page a document belongs to (the last page starting at or before it).
  function pageOf(d, doc) {
    var lo = 0;
    var hi = d.firsts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (d.firsts[mid] <= doc) { lo = mid; } else { hi = mid - 1; }
    }
    return lo;
  }

  // The term chunks of directory `d` that hold `term`, and with `expand` every term it starts.
  function chunksFor(d, term, expand) {
    var lo = 0;
    var hi = d.chunks.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (compare(d.chunks[mid], term) <= 0) { lo = mid; } else { hi = mid - 1; }
    }
    var out = [lo];
    if (expand) {
      for (var i = lo + 1; i < d.chunks.length && d.chunks[i].indexOf(term) === 0; i++) { out.push(i); }
    }
    return out;
  }

  function failed() {
    status.textContent = "Search is not available: the search index could not be loaded.";
  }

  // Calls `done()` with the manifest loaded; a missing one is a failure.
  function withManifest(done) {
    loadScript(manifestKey, manifestFile, function (ok) {
      if (!ok) { failed(); return; }
      var m = S()[manifestKey];
      pipeline = new elasticlunr.Pipeline();
      (PIPELINES[m.pipeline] || PIPELINES.plain).forEach(function (f) { pipeline.add(f); });
      done(m);
    });
  }

  // File names change with their content, so a manifest kept from an earlier build (in the
  // browser's or a proxy's cache) can name files that are gone: fetch the current one, past any
  // cache, once, and search again.
  function refresh() {
    if (refreshed) { failed(); return; }
    refreshed = true;
    delete window.safeguideSearch[manifestKey];
    manifestFile = manifestBase + "?fresh=" + Date.now();
    run();
  }

  function setKinds(manifest, shards) {
    var present = {};
    shards.forEach(function (s) { s.kinds.forEach(function (k) { present[k] = true; }); });
    var want = kindSelect.value || pendingKind;
    pendingKind = "";
    while (kindSelect.options.length > 1) { kindSelect.remove(1); }
    manifest.kinds.filter(function (k) { return present[k.id]; }).forEach(function (k) {
      var o = document.createElement("option");
      o.value = k.id;
      o.textContent = k.label;
      kindSelect.appendChild(o);
    });
    kindSelect.value = hasOption(kindSelect, want) ? want : "";
  }

  // Query terms, the way the index stored them.
  function terms(query) {
    return pipeline.run(elasticlunr.tokenizer(query));
  }

  // The postings of `tokens` (and with `expand` of the terms they start) in `shards`, from the
  // fetched chunks: per field, term -> {refs, counts, lens}; a ref is a shard's position times
  // 2^24 plus the document's number. `docs` is the shards' document count.
  function postingsOf(shards, tokens, expand) {
    var fields = FIELDS.map(function () { return {}; });
    var docs = 0;
    var wanted = function (term) {
      for (var i = 0; i < tokens.length; i++) {
        if (term === tokens[i] || (expand && term.indexOf(tokens[i]) === 0)) { return true; }
      }
      return false;
    };
    shards.forEach(function (s, n) {
      var d = directory(s.name);
      docs += d.docs;
      var done = {};
      tokens.forEach(function (t) {
        chunksFor(d, t, expand).forEach(function (c) {
          if (done[c]) { return; }
          done[c] = true;
          var chunk = S()[s.name + "/t" + c];
          for (var term in chunk) {
            if (!wanted(term)) { continue; }
            for (var f in chunk[term]) {
              var p = fields[f][term] || (fields[f][term] = { refs: [], counts: [], lens: [] });
              var list = numbers(chunk[term][f]);
              var doc = 0;
              for (var i = 0; i < list.length; i += 3) {
                doc += list[i];
                p.refs.push(n * 16777216 + doc);
                p.counts.push(list[i + 1]);
                p.lens.push(list[i + 2]);
              }
            }
          }
        });
      });
    });
    return { fields: fields, docs: docs };
  }

  // elasticlunr.js's Index.search with CONFIG (OR, boosts, `expand`), computed straight from the
  // postings: per field and query token, tf (square root of the count) x idf (over every loaded
  // shard) x field-length norm, a prefix match scaled down as elasticlunr does, summed, times
  // the share of query tokens the document has exactly, times the field's boost; summed over
  // fields. Building an elasticlunr index of the same postings gives the same scores, ten times
  // slower. Returns [ref, score] best first.
  function scores(all, tokens, expand) {
    var total = new Map();
    FIELDS.forEach(function (field, f) {
      var terms = all.fields[f];
      var fieldScores = new Map();
      var exact = new Map();
      tokens.forEach(function (token) {
        var keys = expand
          ? Object.keys(terms).filter(function (k) { return k.indexOf(token) === 0; })
          : (terms[token] ? [token] : []);
        var tokenScores = new Map();
        keys.forEach(function (key) {
          var p = terms[key];
          var idf = 1 + Math.log(all.docs / (p.refs.length + 1));
          var penalty = key === token ? 1 : 0.15 * (1 - (key.length - token.length) / key.length);
          for (var i = 0; i < p.refs.length; i++) {
            var ref = p.refs[i];
            if (key === token) { exact.set(ref, (exact.get(ref) || 0) + 1); }
            var norm = p.lens[i] ? 1 / Math.sqrt(p.lens[i]) : 1;
            var score = Math.sqrt(p.counts[i]) * idf * norm * penalty;
            tokenScores.set(ref, (tokenScores.get(ref) || 0) + score);
          }
        });
        tokenScores.forEach(function (v, ref) { fieldScores.set(ref, (fieldScores.get(ref) || 0) + v); });
      });
      var boost = CONFIG.fields[field].boost;
      fieldScores.forEach(function (v, ref) {
        if (exact.has(ref)) { v = v * exact.get(ref) / tokens.length; }
        total.set(ref, (total.get(ref) || 0) + v * boost);
      });
    });
    return Array.from(total).sort(function (a, b) { return b[1] - a[1]; });
  }

  // Does `word` match one of the query terms (same stem, or starts with a typed word)?
  function matches(word, stems, typed) {
    var w = word.toLowerCase();
    var s = terms(w)[0];
    if (s && stems.indexOf(s) >= 0) { return true; }
    for (var i = 0; i < typed.length; i++) {
      if (typed[i].length >= 3 && w.indexOf(typed[i]) === 0) { return true; }
    }
    return false;
  }

  var WORD = /([\p{Alphabetic}\p{N}_]+)/u;

  // Appends `text` to `parent`, with the matching words in <mark>. Only text nodes are made.
  function highlight(parent, text, stems, typed) {
    var parts = text.split(WORD);
    var plain = "";
    for (var i = 0; i < parts.length; i++) {
      if (i % 2 === 1 && matches(parts[i], stems, typed)) {
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
  function around(text, stems, typed) {
    var re = /[\p{Alphabetic}\p{N}_]+/gu;
    var m;
    while ((m = re.exec(text)) !== null) {
      if (matches(m[0], stems, typed)) {
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
    if (kindSelect.value || pendingKind) { params.set("kind", kindSelect.value || pendingKind); }
    var search = params.toString();
    try {
      history.replaceState(null, "", search ? "?" + search : location.pathname);
    } catch (e) {
      // Some browsers refuse to change file:// addresses; the results still show.
    }
  }

  function clear() {
    while (list.firstChild) { list.removeChild(list.firstChild); }
  }

  function run() {
    var query = input.value.slice(0, MAX_QUERY).trim();
    updateUrl(query);
    var mine = ++generation;
    if (!query) { clear(); status.textContent = ""; return; }
    if (!list.firstChild) { status.textContent = "Searching…"; }
    withManifest(function (manifest) {
      if (mine !== generation) { return; }
      var audience = audienceSelect.value;
      var shards = manifest.shards.filter(function (s) {
        return !audience || s.audiences.length === 0 || s.audiences.indexOf(audience) >= 0;
      });
      setKinds(manifest, shards);
      var stems = terms(query);
      var typed = elasticlunr.tokenizer(query).map(function (t) { return elasticlunr.trimmer(t); });
      // Prefix matching while a word is being typed; skipped for one or two letters, which would
      // match most of a large index.
      var expand = typed.length > 0 && typed[typed.length - 1].length >= 3;
      loadAll(shards.map(function (s) { return [s.name, "search/" + s.name + ".js"]; }), function (ok) {
        if (mine !== generation) { return; }
        if (!ok) { refresh(); return; }
        var chunks = [];
        shards.forEach(function (s) {
          var d = directory(s.name);
          var seen = {};
          stems.forEach(function (t) {
            chunksFor(d, t, expand).forEach(function (c) {
              if (seen[c]) { return; }
              seen[c] = true;
              chunks.push([s.name + "/t" + c, "search/" + s.name + "/t" + c + ".js"]);
            });
          });
        });
        loadAll(chunks, function (ok) {
          if (mine !== generation) { return; }
          if (!ok) { refresh(); return; }
          var results = rank(manifest, shards, query, stems, expand);
          var details = {};
          results.forEach(function (r) { details[r.chunk] = "search/" + r.chunk + ".js"; });
          loadAll(Object.keys(details).map(function (k) { return [k, details[k]]; }), function (ok) {
            if (mine !== generation) { return; }
            if (!ok) { refresh(); return; }
            show(manifest, query, results, stems, typed);
          });
        });
      });
    });
  }

  // The best section of each matching page, best first, at most MAX_RESULTS, of the chosen kind.
  function rank(manifest, shards, query, stems, expand) {
    if (!stems.length) { return []; }
    var hits = scores(postingsOf(shards, stems, expand), stems, expand);
    var kind = kindSelect.value;
    var seen = {};
    var out = [];
    for (var i = 0; i < hits.length && out.length < MAX_RESULTS; i++) {
      var shard = shards[Math.floor(hits[i][0] / 16777216)].name;
      var docNumber = hits[i][0] % 16777216;
      var d = directory(shard);
      var page = pageOf(d, docNumber);
      var key = shard + "/" + page;
      if (seen[key]) { continue; }
      if (kind && manifest.allKinds[d.kindList[page]] !== kind) { continue; }
      // One result per page: its best-matching section.
      seen[key] = true;
      out.push({
        chunk: shard + "/p" + Math.floor(page / d.per),
        page: page % d.per,
        section: docNumber - d.firsts[page]
      });
    }
    return out;
  }

  function show(manifest, query, results, stems, typed) {
    clear();
    var labels = {};
    manifest.audiences.forEach(function (a) { labels[a.id] = a.label; });
    results.forEach(function (r) {
      var page = S()[r.chunk][r.page];
      var doc = page.docs[r.section] || ["", "", ""];
      var heading = doc[0];
      var anchor = doc[1];
      var excerpt = doc[2];
      var li = element("li", "search-result");
      var h = element("h2", "search-result-title");
      var a = element("a");
      a.href = href(page.url + (anchor ? "#" + anchor : ""));
      highlight(a, page.title, stems, typed);
      if (heading) {
        a.appendChild(element("span", "search-result-crumb", " › "));
        highlight(a, heading, stems, typed);
      }
      h.appendChild(a);
      li.appendChild(h);
      var names = page.audience.map(function (id) { return labels[id] || id; });
      var meta = element("p", "search-result-meta");
      meta.appendChild(element("span", "search-result-audience", names.length ? "For " + names.join(", ") : "For everyone"));
      li.appendChild(meta);
      if (page.summary) {
        var summary = element("p", "search-result-summary");
        highlight(summary, page.summary, stems, typed);
        li.appendChild(summary);
      }
      if (excerpt) {
        var snippet = element("p", "search-result-snippet");
        highlight(snippet, around(excerpt, stems, typed), stems, typed);
        li.appendChild(snippet);
      }
      list.appendChild(li);
    });
    var shown = results.length;
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
  audienceSelect.addEventListener("change", run);
  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });

  var params = new URLSearchParams(location.search);
  input.value = (params.get("q") || "").slice(0, MAX_QUERY);
  var audience = params.get("audience") || "";
  audienceSelect.value = hasOption(audienceSelect, audience) ? audience : "";
  if (input.value) { run(); } else { input.focus(); }
})();
