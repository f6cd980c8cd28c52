// What a search costs in the browser: bytes of index fetched (gzipped, as a host serves them, and
// raw) and time to results, on the real search page in Debian's Chromium.
//
//   node --experimental-websocket bench/search_browser.mjs [--http2] BUILT_SITE_DIR [query ...]
//
// `--http2` serves over HTTP/2 with TLS (a throwaway self-signed certificate made with openssl), as
// many hosts serve; without it, HTTP/1.1, where Chromium fetches at most six files at a time from
// one host. Serves the site with gzip from Node, opens /search/ in headless Chromium (CHROME_PATH
// overrides /usr/bin/chromium) over the DevTools protocol, checks that the page loads no index file before
// a query, then for each query (a fresh page, empty cache) types it and waits for the results:
// "first" is the first query of the page (manifest, shard directories, term and detail chunks),
// "then" a second query typed after it (what is cached is not fetched again), "again" the first
// query typed once more (nothing to fetch: ranking and drawing only).
import { execFileSync, spawn } from "node:child_process";
import { createServer } from "node:http";
import { createSecureServer } from "node:http2";
import { gzipSync } from "node:zlib";
import { existsSync, readFileSync, statSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, extname, resolve } from "node:path";

const args = process.argv.slice(2);
const http2 = args[0] === "--http2";
if (http2) { args.shift(); }
const root = resolve(args[0] || "");
if (!args[0] || !existsSync(join(root, "search"))) {
  console.error("usage: node --experimental-websocket bench/search_browser.mjs [--http2] BUILT_SITE_DIR [query ...]");
  process.exit(2);
}
const queries = args.length > 1 ? args.slice(1) :
  ["online safety", "gaming chat", "report a concern", "parental controls", "sextortion", "gam"];

const gz = new Map();
// A self-signed certificate for 127.0.0.1, made for this run only.
function certificate() {
  const dir = mkdtempSync(join(tmpdir(), "sg-cert-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
    "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { stdio: "ignore" });
  const pair = { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) };
  rmSync(dir, { recursive: true, force: true });
  return pair;
}

function serve() {
  const handler = (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = join(root, path);
    if (!file.startsWith(root)) { res.writeHead(400).end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) { file = join(file, "index.html"); }
    if (!existsSync(file)) { res.writeHead(404).end(); return; }
    const type = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css" }[extname(file)] || "application/octet-stream";
    let body = gz.get(file);
    if (!body) { body = gzipSync(readFileSync(file)); gz.set(file, body); }
    res.writeHead(200, { "Content-Type": type, "Content-Encoding": "gzip", "Cache-Control": "max-age=86400" }).end(body);
  };
  const server = http2 ? createSecureServer({ ...certificate(), allowHTTP1: true }, handler) : createServer(handler);
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

async function chromium() {
  const profile = mkdtempSync(join(tmpdir(), "sg-bench-"));
  const proc = spawn(process.env.CHROME_PATH || "/usr/bin/chromium", [
    "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ...(http2 ? ["--ignore-certificate-errors"] : []),
    `--user-data-dir=${profile}`, "about:blank",
  ], { stdio: ["ignore", "ignore", "pipe"] });
  const ws = await new Promise((ok, fail) => {
    let err = "";
    proc.stderr.on("data", (d) => {
      err += d;
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (m) { ok(m[1]); }
    });
    proc.on("exit", () => fail(new Error("chromium exited: " + err)));
  });
  return { proc, profile, port: new URL(ws).port };
}

// A DevTools session on a new tab.
async function tab(port) {
  const info = await (await fetch(`http://127.0.0.1:${port}/json/new?about:blank`, { method: "PUT" })).json();
  const sock = new WebSocket(info.webSocketDebuggerUrl);
  await new Promise((ok) => sock.addEventListener("open", ok));
  let id = 0;
  const waiting = new Map();
  const events = [];
  sock.addEventListener("message", (m) => {
    const msg = JSON.parse(m.data);
    if (msg.id && waiting.has(msg.id)) { waiting.get(msg.id)(msg); waiting.delete(msg.id); } else { events.push(msg); }
  });
  const send = (method, params = {}) => new Promise((ok, fail) => {
    const n = ++id;
    waiting.set(n, (msg) => (msg.error ? fail(new Error(method + ": " + msg.error.message)) : ok(msg.result)));
    sock.send(JSON.stringify({ id: n, method, params }));
  });
  const evaluate = async (expression) => {
    const r = await send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true });
    if (r.exceptionDetails) { throw new Error(JSON.stringify(r.exceptionDetails)); }
    return r.result.value;
  };
  return { send, evaluate, events, close: () => sock.close(), id: info.id };
}

// Types `q` into the search page and resolves with [ms to the first results (the status counts
// them: search.js draws results in order as their details arrive), index bytes gzipped, raw, files
// fetched meanwhile, results shown, ms until all of the first ten are shown].
const TYPE = (q) => `(async () => {
  const seen = new Set(performance.getEntriesByType('resource').map(e => e.name));
  const input = document.getElementById('q');
  const status = document.getElementById('search-status');
  const t0 = performance.now();
  input.value = ${JSON.stringify(q)};
  input.dispatchEvent(new Event('input'));
  while (!status.textContent.includes(${JSON.stringify("for “" + q + "”")})) { await new Promise(r => setTimeout(r, 1)); }
  const ms = performance.now() - t0;
  const list = document.getElementById('search-results');
  while (list.getAttribute('aria-busy') === 'true') { await new Promise(r => setTimeout(r, 1)); }
  const all = performance.now() - t0;
  const fetched = performance.getEntriesByType('resource').filter(e => !seen.has(e.name) && /\\/search\\/[^/]*(\\/|\\.js)/.test(e.name));
  return [ms, fetched.reduce((a, e) => a + e.encodedBodySize, 0), fetched.reduce((a, e) => a + e.decodedBodySize, 0), fetched.length,
    document.querySelectorAll('.search-result').length, all];
})()`;

const server = await serve();
const base = `${http2 ? "https" : "http"}://127.0.0.1:${server.address().port}`;
const browser = await chromium();
const rows = [];
try {
  for (const [i, q] of queries.entries()) {
    const t = await tab(browser.port);
    await t.send("Network.enable");
    await t.send("Network.setCacheDisabled", { cacheDisabled: true });
    await t.send("Page.enable");
    await t.send("Page.navigate", { url: `${base}/search/` });
    await t.evaluate(`new Promise(r => { const go = () => document.getElementById('q') && document.readyState === 'complete' ? r() : setTimeout(go, 10); go(); })`);
    const before = await t.evaluate(`performance.getEntriesByType('resource').filter(e => /\\/search\\/[^/]*(\\/|\\.js)/.test(e.name)).length`);
    if (before !== 0) { throw new Error(`the search page loaded ${before} index files before a query`); }
    // Caching on again for the second query, as a browser has it.
    await t.send("Network.setCacheDisabled", { cacheDisabled: false });
    const first = await t.evaluate(TYPE(q));
    const next = queries[(i + 1) % queries.length];
    const then = await t.evaluate(TYPE(next));
    // The first query once more: everything it needs is loaded, so this is ranking and drawing.
    const again = await t.evaluate(TYPE(q));
    rows.push({ q, first, next, then, again });
    await t.send("Page.close").catch(() => {});
    t.close();
  }
} finally {
  browser.proc.kill();
  server.close();
  setTimeout(() => rmSync(browser.profile, { recursive: true, force: true }), 500);
}
const kb = (n) => (n / 1024).toFixed(1);
// "ms" is when the first results show with the count; "all" when the first ten are shown.
console.log("| query | results | first: ms | first: all | first: KB gz | first: KB raw | files | then | ms | all | KB gz | again: ms |");
console.log("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|");
for (const r of rows) {
  console.log(`| ${r.q} | ${r.first[4]} | ${r.first[0].toFixed(0)} | ${r.first[5].toFixed(0)} | ${kb(r.first[1])} | ${kb(r.first[2])} | ${r.first[3]} | ${r.next} | ${r.then[0].toFixed(0)} | ${r.then[5].toFixed(0)} | ${kb(r.then[1])} | ${r.again[0].toFixed(0)} |`);
}
