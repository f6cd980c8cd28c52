// Lighthouse scores for every page kind of the bundled site, served locally with gzip.
//
//   cd bench/lighthouse && npm install && node run.mjs [--out results.md] [--desktop] [--pages /,/a/]
//
// --desktop runs Lighthouse's desktop profile instead; --pages measures only the paths given
// (comma-separated) instead of one page of each kind.
// Builds the site with the debug binary (SAFEGUIDE overrides it) into a temporary folder, with its
// base URL set to the local server so canonical links point at what is measured. Serves it with
// gzip from Node (no other server needed), and runs Lighthouse's default mobile profile (simulated
// throttling) in Debian's Chromium (CHROME_PATH overrides /usr/bin/chromium) with a fresh profile.
// Writes a Markdown table of performance, accessibility, best practices and SEO per page, and
// exits 1 if any page misses the targets (100 for the last three, 95 for performance).
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { gzipSync } from "node:zlib";
import { mkdtempSync, readFileSync, writeFileSync, existsSync, statSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, extname, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const outArg = process.argv.indexOf("--out");
const outFile = outArg > 0 ? process.argv[outArg + 1] : join(here, "results.md");
const desktop = process.argv.includes("--desktop");
const pagesArg = process.argv.indexOf("--pages");
const onlyPaths = pagesArg > 0 ? process.argv[pagesArg + 1].split(",").filter(Boolean) : null;

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".json": "application/json", ".xml": "application/xml", ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".pdf": "application/pdf",
  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
};

// A static server as a host would run one: index.html for folders, 404.html with status 404,
// gzip for text, and a day's caching for assets.
function serve(root) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = join(root, path);
    if (!file.startsWith(root)) { res.writeHead(400).end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) { file = join(file, "index.html"); }
    let status = 200;
    if (!existsSync(file)) { status = 404; file = join(root, "404.html"); }
    let body = readFileSync(file);
    const type = TYPES[extname(file)] || "application/octet-stream";
    const headers = { "Content-Type": type, "Cache-Control": extname(file) === ".html" ? "no-cache" : "max-age=86400" };
    if (/text|json|xml|svg|javascript/.test(type) && /\bgzip\b/.test(req.headers["accept-encoding"] || "")) {
      body = gzipSync(body);
      headers["Content-Encoding"] = "gzip";
    }
    res.writeHead(status, headers).end(body);
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

// The first page (in path order) with each body kind-… class, as tests/theme_browser/one_tab.rs picks them.
function pagesByKind(root) {
  const found = new Map();
  const walk = (dir) => readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => e.isDirectory() ? walk(join(dir, e.name)) : e.name === "index.html" ? [join(dir, e.name)] : []);
  for (const f of walk(root)) {
    const html = readFileSync(f, "utf8");
    const kind = (html.match(/<body[^>]*class="?kind-([a-z-]+)/) || [])[1];
    if (!kind || found.has(kind) || (kind === "page" && html.includes("card-list"))) { continue; }
    found.set(kind, "/" + f.slice(root.length + 1).replace(/index\.html$/, ""));
  }
  return found;
}

const site = mkdtempSync(join(tmpdir(), "safeguide-lh-"));
const out = join(site, "public");
const server = await serve(out);
const origin = `http://127.0.0.1:${server.address().port}`;
const bin = process.env.SAFEGUIDE || join(repo, "target/debug/safeguide");
execFileSync(bin, ["build", "--root", repo, "--output", out, "--base-url", origin + "/"], { stdio: "inherit", env: { ...process.env, NO_COLOR: "1" } });

const kinds = pagesByKind(out);
const yaml = readFileSync(join(repo, "site.yaml"), "utf8");
const audiences = [...yaml.split(/^report:/m)[0].matchAll(/^  - id: (\S+)/gm)].map((m) => m[1]);
const packPage = readdirSync(join(out, "packs"), { withFileTypes: true }).filter((e) => e.isDirectory())
  .map((e) => `/packs/${e.name}/`).sort()[0];
// The pack's own folders: its editions, its deck (present/) and its records (register/, ...).
const packDirs = packPage ? readdirSync(join(out, packPage), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort() : [];
const packEdition = packDirs.find((d) => d === "facilitator" || d === "participant");
const pages = onlyPaths ? onlyPaths.map((p) => [p === "/" ? "home" : p.replace(/^\/|\/$/g, ""), p]) : [
  ["home", "/"],
  ...audiences.map((a) => [`landing: ${a}`, `/${a}/`]),
  ...["guide", "tips", "aup", "policy", "audit", "training", "glossary", "contacts"].filter((k) => kinds.has(k)).map((k) => [k, kinds.get(k)]),
  ["report", "/report/"],
  ["search with a query", "/search/?q=gaming"],
  ...(packEdition ? [["pack", `${packPage}${packEdition}/`]] : []),
  ...(packDirs.includes("present") ? [["pack deck", `${packPage}present/`]] : []),
  ...(packDirs.includes("register") ? [["pack record", `${packPage}register/`]] : []),
  // Lighthouse will not score a page served with status 404, so the not-found page is measured as
  // the file itself (what a host serves for every missing address).
  ["404 page", "/404.html"],
];

const profile = mkdtempSync(join(tmpdir(), "safeguide-lh-profile-"));
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  userDataDir: profile,
  chromeFlags: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const CATS = ["performance", "accessibility", "best-practices", "seo"];
const rows = [];
let failed = false;
try {
  for (const [name, path] of pages) {
    const r = await lighthouse(origin + path, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: CATS },
      desktop ? desktopConfig : undefined);
    const lhr = r.lhr;
    if (lhr.runtimeError) {
      failed = true;
      rows.push(`| ${name} | \`${path}\` | ${lhr.runtimeError.code} | | | | | |`);
      console.log(`MISS ${name}: ${lhr.runtimeError.message}`);
      continue;
    }
    const score = (c) => Math.round((lhr.categories[c].score || 0) * 100);
    const s = CATS.map(score);
    const cls = lhr.audits["cumulative-layout-shift"].numericValue;
    const misses = CATS.flatMap((c) => Object.values(lhr.categories[c].auditRefs)
      .filter((a) => a.weight > 0 && lhr.audits[a.id].score !== null && lhr.audits[a.id].score < 1).map((a) => a.id));
    // What fails outside performance, with the elements it names, to fix without opening a report.
    for (const c of CATS.slice(1)) {
      for (const a of lhr.categories[c].auditRefs) {
        const audit = lhr.audits[a.id];
        if (a.weight === 0 || audit.score === null || audit.score === 1) { continue; }
        const items = (audit.details?.items || []).map((i) => i.node?.snippet || i.source?.url || i.url || "").filter(Boolean);
        console.log(`  ${c}: ${audit.title}${items.length ? ": " + items.slice(0, 5).join(" | ") : ""}`);
      }
    }
    const ok = s[0] >= 95 && s.slice(1).every((x) => x === 100);
    failed ||= !ok;
    rows.push(`| ${name} | \`${path}\` | ${s.join(" | ")} | ${cls.toFixed(3)} | ${misses.join(", ") || "—"} |`);
    console.log(`${ok ? "ok  " : "MISS"} ${name.padEnd(30)} ${s.join(" ")} cls=${cls.toFixed(3)} ${misses.join(" ")}`);
  }
} finally {
  await chrome.kill();
  server.close();
  rmSync(profile, { recursive: true, force: true });
  rmSync(site, { recursive: true, force: true });
}
const table = [
  `Lighthouse ${JSON.parse(readFileSync(join(here, "node_modules/lighthouse/package.json"), "utf8")).version}, ${desktop ? "desktop" : "mobile"} profile (simulated throttling), Chromium ${execFileSync(process.env.CHROME_PATH || "/usr/bin/chromium", ["--version"]).toString().trim()}, ${new Date().toISOString().slice(0, 10)}.`,
  "",
  "| page | path | performance | accessibility | best practices | SEO | CLS | audits not passed |",
  "|---|---|---|---|---|---|---|---|",
  ...rows,
  "",
].join("\n");
writeFileSync(outFile, table);
console.log(`written to ${outFile}`);
process.exit(failed ? 1 : 0);
