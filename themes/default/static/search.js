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
  // The page's words, in its language, from the theme's i18n files (templates/search.html);
  // `{name}` in a word is filled from `values`. Written with textContent only.
  function word(name, values) {
    return (script.getAttribute("data-" + name) || "").replace(/\{(\w+)\}/g, function (all, key) {
      return values && Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }
  var input = document.getElementById("q");
  var audienceSelect = document.getElementById("search-audience");
  var kindSelect = document.getElementById("search-kind");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var MAX_QUERY = 200;
  var MAX_RESULTS = 50;
  // Results shown at a time: only their pages' details are fetched (one small file each at
  // most), and "Show more results" fetches the next ones'.
  var PAGE_SIZE = 10;
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
  // As an Int32Array: a posting list of a common word has hundreds of thousands of numbers.
  function numbers(s) {
    var out = new Int32Array(s.length);
    var k = 0;
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var d = DIGITS[s.charCodeAt(i) & 127];
      if (d < 32) { out[k++] = n * 32 + d; n = 0; } else { n = n * 32 + d - 32; }
    }
    return out.subarray(0, k);
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
      d.audienceList = numbers(d.audiences);
    }
    return d;
  }

  // Whether page `p` of directory `d` is for `audience` ("": anyone): pages for everyone are.
  function forAudience(d, p, audience) {
    var set = d.audienceSets[d.audienceList[p]];
    return !audience || set.length === 0 || set.indexOf(audience) >= 0;
  }

  // The term chunks of terms directory `d` that hold `term`, and with `expand` every term it
  // starts.
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
    list.removeAttribute("aria-busy");
    status.textContent = word("unavailable");
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

  // The kind filter offers the kinds of the pages for the chosen audience.
  function setKinds(manifest, shards, audience) {
    var present = {};
    shards.forEach(function (s) {
      var d = directory(s.name);
      for (var p = 0; p < d.kindList.length; p++) {
        if (forAudience(d, p, audience)) { present[manifest.allKinds[d.kindList[p]]] = true; }
      }
    });
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

  // Decoded postings, by term chunk key, term and shard position: per field, [document, count,
  // length, ...] with the documents' numbers in the shard (not gaps), decoded once and kept for
  // later queries.
  var decoded = {};

  function decodeTerm(entry) {
    var out = {};
    for (var f in entry) {
      var list = numbers(entry[f]);
      var doc = 0;
      for (var i = 0; i < list.length; i += 3) { doc += list[i]; list[i] = doc; }
      out[f] = list;
    }
    return out;
  }

  // The postings of `tokens` (and of the terms `prefix` starts, if it is one of them) in
  // `shards`, from the fetched chunks of the language's terms (`termsKey`): per field, term ->
  // parts, one per shard having it, each {base, list}: a document's number over all the shards
  // is its shard's `base` plus its number in the shard. `docs` is the shards' document count,
  // `bases` each shard's base.
  function postingsOf(shards, termsKey, tokens, prefix) {
    var fields = FIELDS.map(function () { return {}; });
    var base = 0;
    var bases = [];
    shards.forEach(function (s) {
      bases.push(base);
      base += directory(s.name).docs;
    });
    var wanted = function (term) {
      return tokens.indexOf(term) >= 0 || (prefix !== null && term.indexOf(prefix) === 0);
    };
    var d = termsKey && S()[termsKey];
    var done = {};
    // A language without pages has no terms.
    (d ? tokens : []).forEach(function (t) {
      chunksFor(d, t, t === prefix).forEach(function (c) {
        if (done[c]) { return; }
        done[c] = true;
        var key = termsKey + "/t" + c;
        var chunk = S()[key];
        var cache = decoded[key] || (decoded[key] = {});
        for (var term in chunk) {
          if (!wanted(term)) { continue; }
          var parts = cache[term];
          if (!parts) {
            parts = cache[term] = [];
            for (var pos in chunk[term]) { parts.push({ pos: +pos, byField: decodeTerm(chunk[term][pos]) }); }
          }
          parts.forEach(function (part) {
            for (var f in part.byField) {
              (fields[f][term] || (fields[f][term] = [])).push({ base: bases[part.pos], list: part.byField[f] });
            }
          });
        }
      });
    });
    return { fields: fields, docs: base, bases: bases };
  }

  // elasticlunr.js's Index.search with CONFIG (OR, boosts, `expand` for the token equal to
  // `prefix` only), computed straight from the postings: per field and query token, tf (square
  // root of the count) x idf (over every loaded shard) x field-length norm, a prefix match
  // scaled down as elasticlunr does, summed, times the share of query tokens the document has
  // exactly, times the field's boost; summed over fields. Building an elasticlunr index of the
  // same postings gives the same scores, ten times slower; arrays indexed by document, rather
  // than maps, make it several times faster again on a large site. Returns the documents
  // matched (`hits`, unordered) and every document's score (`total`).
  var work = null;
  function scores(all, tokens, prefix) {
    var n = all.docs;
    var total = new Float64Array(n);
    // Per-field work arrays, left all zero after each field, so kept for the next query.
    if (!work || work.n !== n) {
      work = { n: n, field: new Float64Array(n), exact: new Int32Array(n), inField: new Uint8Array(n) };
    }
    var field = work.field;
    var exact = work.exact;
    var inField = work.inField;
    var touched = [];
    var hits = [];
    FIELDS.forEach(function (name, f) {
      var terms = all.fields[f];
      touched.length = 0;
      tokens.forEach(function (token) {
        var keys = token === prefix
          ? Object.keys(terms).filter(function (k) { return k.indexOf(token) === 0; })
          : (terms[token] ? [token] : []);
        keys.forEach(function (key) {
          var parts = terms[key];
          var df = 0;
          parts.forEach(function (p) { df += p.list.length / 3; });
          var idf = 1 + Math.log(n / (df + 1));
          var isExact = key === token;
          var penalty = isExact ? 1 : 0.15 * (1 - (key.length - token.length) / key.length);
          parts.forEach(function (p) {
            var list = p.list;
            for (var i = 0; i < list.length; i += 3) {
              var doc = p.base + list[i];
              if (!inField[doc]) { inField[doc] = 1; touched.push(doc); }
              if (isExact) { exact[doc]++; }
              var len = list[i + 2];
              field[doc] += Math.sqrt(list[i + 1]) * idf * (len ? 1 / Math.sqrt(len) : 1) * penalty;
            }
          });
        });
      });
      var boost = CONFIG.fields[name].boost;
      for (var j = 0; j < touched.length; j++) {
        var doc = touched[j];
        var v = field[doc];
        if (exact[doc]) { v = v * exact[doc] / tokens.length; }
        if (total[doc] === 0) { hits.push(doc); }
        total[doc] += v * boost;
        field[doc] = 0;
        exact[doc] = 0;
        inField[doc] = 0;
      }
    });
    return { hits: hits, total: total };
  }

  // Each word's stem, worked out once: results show hundreds of words, each stemmed to be
  // highlighted or not.
  var stemOf = new Map();

  // Does `word` match one of the query terms (same stem, or starts with a typed word)?
  function matches(word, stems, typed) {
    var w = word.toLowerCase();
    var s = stemOf.get(w);
    if (s === undefined) {
      s = terms(w)[0] || "";
      if (stemOf.size > 20000) { stemOf.clear(); }
      stemOf.set(w, s);
    }
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
    var more = document.getElementById("search-more");
    if (more) { more.parentNode.removeChild(more); }
  }

  // The stem of the query's last word when it is being typed (three characters or more): the
  // one word matched as a prefix too. Expanding every word would fetch every chunk of every
  // `game…` term for "gaming chat"; the words before the last are whole.
  function prefixOf(typed) {
    var last = typed.length ? typed[typed.length - 1] : "";
    if (last.length < 3) { return null; }
    var stem = terms(last);
    return stem.length ? stem[0] : null;
  }

  function run() {
    var query = input.value.slice(0, MAX_QUERY).trim();
    updateUrl(query);
    var mine = ++generation;
    if (!query) { clear(); list.removeAttribute("aria-busy"); status.textContent = ""; return; }
    if (!list.firstChild) { status.textContent = word("searching"); }
    withManifest(function (manifest) {
      if (mine !== generation) { return; }
      // Every shard holds every audience's pages (src/search/shards.rs); the language's terms,
      // merged from every shard's, are cut into chunks the terms directory lists
      // (src/search/terms.rs).
      var shards = manifest.shards;
      var termsKey = manifest.terms;
      var directories = shards.map(function (s) { return [s.name, "search/" + s.name + ".js"]; });
      if (termsKey) { directories.push([termsKey, "search/" + termsKey + ".js"]); }
      loadAll(directories, function (ok) {
        if (mine !== generation) { return; }
        if (!ok) { refresh(); return; }
        var audience = audienceSelect.value;
        setKinds(manifest, shards, audience);
        var stems = terms(query);
        var typed = elasticlunr.tokenizer(query).map(function (t) { return elasticlunr.trimmer(t); });
        var prefix = prefixOf(typed);
        var chunks = [];
        var seen = {};
        (termsKey ? stems : []).forEach(function (t) {
          chunksFor(S()[termsKey], t, t === prefix).forEach(function (c) {
            if (seen[c]) { return; }
            seen[c] = true;
            chunks.push([termsKey + "/t" + c, "search/" + termsKey + "/t" + c + ".js"]);
          });
        });
        loadAll(chunks, function (ok) {
          if (mine !== generation) { return; }
          if (!ok) { refresh(); return; }
          var results = rank(manifest, shards, termsKey, stems, prefix, audience);
          showFrom(0, false, manifest, query, results, stems, typed, mine);
        });
      });
    });
  }

  // Fetches the details of PAGE_SIZE of `results` from position `from` and shows them after
  // the first `from` (0: in place of what is shown); `focus`: moves the focus to the first.
  // Results are drawn in order as their details arrive, each file on its own, rather than all
  // once the last is in: each file is a request, and on a slow machine ten took 40-80 ms where
  // the first took 15-25 (issue #23). The status, which counts every result, comes with the first;
  // the list is `aria-busy` until the last is drawn.
  function showFrom(from, focus, manifest, query, results, stems, typed, mine) {
    var next = results.slice(from, from + PAGE_SIZE);
    var drawn = 0;
    list.setAttribute("aria-busy", "true");
    var draw = function () {
      if (mine !== generation) { return; }
      var ready = [];
      while (drawn + ready.length < next.length && S()[next[drawn + ready.length].chunk]) {
        ready.push(next[drawn + ready.length]);
      }
      if (!ready.length && next.length) { return; }
      if (drawn === 0) {
        if (from === 0) { clear(); }
        var old = document.getElementById("search-more");
        if (old) { old.parentNode.removeChild(old); }
      }
      var first = append(manifest, ready, stems, typed);
      if (drawn === 0) {
        setStatus(query, results);
        if (focus && first) { first.focus(); }
      }
      drawn += ready.length;
      if (drawn === next.length) {
        list.removeAttribute("aria-busy");
        addMore(manifest, query, results, stems, typed, mine);
      }
    };
    if (!next.length) { draw(); return; }
    var files = {};
    next.forEach(function (r) { files[r.chunk] = "search/" + r.chunk + ".js"; });
    Object.keys(files).forEach(function (key) {
      loadScript(key, files[key], function (ok) {
        if (mine !== generation) { return; }
        if (!ok) { refresh(); return; }
        draw();
      });
    });
  }

  // The shards' pages and documents numbered over all of them, worked out once per list of
  // shards: `docPage` gives a document's page, `shardOf` and `firsts` a page's shard and its
  // number there. Ranking looks a hit's page up in it rather than searching for it, which on a
  // common word (~100,000 hits) took most of the ranking time.
  var layouts = new Map();
  function layout(shards) {
    var l = layouts.get(shards);
    if (l) { return l; }
    var dirs = shards.map(function (s) { return directory(s.name); });
    var docs = 0;
    var pages = 0;
    dirs.forEach(function (d) { docs += d.docs; pages += d.firsts.length; });
    l = {
      dirs: dirs,
      docPage: new Int32Array(docs),
      shardOf: new Int32Array(pages),
      pageBase: [],
      filters: new Map()
    };
    var doc = 0;
    var page = 0;
    dirs.forEach(function (d, n) {
      l.pageBase.push(page);
      for (var p = 0; p < d.firsts.length; p++, page++) {
        l.shardOf[page] = n;
        var end = p + 1 < d.firsts.length ? d.firsts[p + 1] : d.docs;
        for (var i = d.firsts[p]; i < end; i++) { l.docPage[doc + i] = page; }
      }
      doc += d.docs;
    });
    layouts.set(shards, l);
    return l;
  }

  // Which pages of layout `l` a search for `audience` and `kind` ("": any) shows, by number.
  function allowed(l, manifest, audience, kind) {
    var key = audience + "\n" + kind;
    var ok = l.filters.get(key);
    if (ok) { return ok; }
    ok = new Uint8Array(l.shardOf.length);
    for (var page = 0; page < ok.length; page++) {
      var n = l.shardOf[page];
      var d = l.dirs[n];
      var p = page - l.pageBase[n];
      ok[page] = forAudience(d, p, audience) && (!kind || manifest.allKinds[d.kindList[p]] === kind) ? 1 : 0;
    }
    l.filters.set(key, ok);
    return ok;
  }

  // The best section of each matching page, best first, at most MAX_RESULTS, for the chosen
  // audience and of the chosen kind. Only each page's best section is kept, and only the best
  // MAX_RESULTS pages are put in order; pages scoring the same keep the order they were first
  // hit in.
  function rank(manifest, shards, termsKey, stems, prefix, audience) {
    if (!stems.length) { return []; }
    var all = postingsOf(shards, termsKey, stems, prefix);
    var scored = scores(all, stems, prefix);
    var total = scored.total;
    var l = layout(shards);
    var ok = allowed(l, manifest, audience, kindSelect.value);
    var bestDoc = new Int32Array(l.shardOf.length).fill(-1);
    var hitPages = [];
    var hits = scored.hits;
    for (var i = 0; i < hits.length; i++) {
      var doc = hits[i];
      var page = l.docPage[doc];
      if (!ok[page]) { continue; }
      var had = bestDoc[page];
      if (had < 0) { bestDoc[page] = doc; hitPages.push(page); } else if (total[doc] > total[had]) { bestDoc[page] = doc; }
    }
    // The best MAX_RESULTS, kept in order (score down, then first hit) as pages come.
    var top = [];
    for (var j = 0; j < hitPages.length; j++) {
      var v = total[bestDoc[hitPages[j]]];
      if (top.length === MAX_RESULTS && v <= total[bestDoc[hitPages[top[top.length - 1]]]]) { continue; }
      var at = top.length;
      while (at > 0 && total[bestDoc[hitPages[top[at - 1]]]] < v) { at--; }
      top.splice(at, 0, j);
      if (top.length > MAX_RESULTS) { top.pop(); }
    }
    return top.map(function (j) {
      var page = hitPages[j];
      var n = l.shardOf[page];
      var d = l.dirs[n];
      var p = page - l.pageBase[n];
      return {
        chunk: shards[n].name + "/p" + Math.floor(p / d.per),
        page: p % d.per,
        section: bestDoc[page] - all.bases[n] - d.firsts[p]
      };
    });
  }

  // Appends `shown` (results whose details are loaded). Returns the first new result's link.
  function append(manifest, shown, stems, typed) {
    var labels = {};
    manifest.audiences.forEach(function (a) { labels[a.id] = a.label; });
    var first = null;
    shown.forEach(function (r) {
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
      first = first || a;
      var names = page.audience.map(function (id) { return labels[id] || id; });
      var meta = element("p", "search-result-meta");
      meta.appendChild(element("span", "search-result-audience", names.length ? word("for-audiences", { audiences: names.join(", ") }) : word("for-everyone")));
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
    return first;
  }

  // The status: how many results `query` has, for whom.
  function setStatus(query, results) {
    var count = results.length;
    var counted = word(count === 0 ? "count-none" : count === 1 ? "count-one" : "count-many", { count: count });
    var values = { count: counted, query: query };
    if (audienceSelect.value) {
      values.audience = audienceSelect.options[audienceSelect.selectedIndex].text;
      status.textContent = word("status-audience", values) + (count === 0 ? " " + word("try-everyone") : "");
    } else {
      status.textContent = word("status", values);
    }
  }

  // While results are left, the button for the next ones.
  function addMore(manifest, query, results, stems, typed, mine) {
    if (list.children.length < results.length) {
      var more = element("button", "search-more", word("more"));
      more.type = "button";
      more.id = "search-more";
      more.addEventListener("click", function () {
        more.disabled = true;
        // Keyboard users go on from the first new result.
        showFrom(list.children.length, true, manifest, query, results, stems, typed, mine);
      });
      list.parentNode.insertBefore(more, list.nextSibling);
    }
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
