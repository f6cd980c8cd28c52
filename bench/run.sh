#!/usr/bin/env bash
# Benchmark safeguide against Hugo on the same generated content.
#
#   bench/run.sh [SIZES...]        default: 1000 10000
#
# For each corpus shape (SHAPES) and size N: generates the corpus (bench/gen_corpus.py N --shape S), then, after one warm-up round,
# builds it RUNS times with each tool, interleaved (safeguide clean build, safeguide no-change
# rebuild onto that output, Hugo clean build, Hugo rebuild onto that output). Prints a Markdown
# table and writes it to bench/results.md.
#
# Environment:
#   SAFEGUIDE=path    binary to measure as is (default: target/release/safeguide, built with
#                     `cargo build --release` when missing or older than src/, Cargo.toml, Cargo.lock)
#   SHAPES="a b"      corpus shapes to measure, of gen_corpus.py's --shape: default, long, tables
#                     (default: "default long")
#   HUGO_LEAN=auto|1|0  run Hugo without its search output (index.json) and without its feed (RSS),
#                     while safeguide still writes both (gen_corpus.py --hugo-lean): auto (the
#                     default) on the tables shape only, 1 on every shape, 0 on none
#   RUNS=n            measured runs per tool and size (default: 5 up to 2,000 pages, 3 above)
#   BENCH_OUT=dir     where corpora and built sites go (default: bench/out)
#   BENCH_RESULTS=f   where the table is written (default: bench/results.md)
#   BENCH_VERIFY=0    skip checking the corpus with bench/verify_corpus.py (needs PyYAML)
# Exits non-zero, with the tool's own messages, as soon as any build fails.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
OUT=${BENCH_OUT:-$BENCH/out}
RESULTS=${BENCH_RESULTS:-$BENCH/results.md}
if [ $# -gt 0 ]; then SIZES=("$@"); else SIZES=(1000 10000); fi

die() { echo "bench: error: $*" >&2; exit 1; }
log() { echo "bench: $*" >&2; }

for n in "${SIZES[@]}"; do
  [[ $n =~ ^[0-9]+$ ]] && [ "$n" -ge 10 ] || die "each size must be a whole number of pages, at least 10 (got '$n')"
done
read -r -a SHAPE_LIST <<<"${SHAPES:-default long}"
[ "${#SHAPE_LIST[@]}" -gt 0 ] || die "SHAPES names no shape"
for s in "${SHAPE_LIST[@]}"; do
  [[ $s =~ ^(default|long|tables)$ ]] || die "each shape must be default, long or tables (got '$s')"
done
HUGO_LEAN=${HUGO_LEAN:-auto}
[[ $HUGO_LEAN =~ ^(auto|0|1)$ ]] || die "HUGO_LEAN must be auto, 1 or 0 (got '$HUGO_LEAN')"
# lean SHAPE: whether Hugo runs without search output and feed on that shape
lean() { [ "$HUGO_LEAN" = 1 ] || { [ "$HUGO_LEAN" = auto ] && [ "$1" = tables ]; }; }
LEAN_SHAPES=""
if [ -n "${RUNS:-}" ]; then [[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive whole number"; fi

# --- tools -----------------------------------------------------------------------------------
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  log "installing $* with apt-get"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 ||
    { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"; } ||
    die "could not install $*"
}
command -v python3 >/dev/null || die "python3 is needed"
[ -x /usr/bin/time ] || apt_install time
command -v hugo >/dev/null || apt_install hugo
HUGO=$(command -v hugo)

if [ -n "${SAFEGUIDE:-}" ]; then
  SG=$SAFEGUIDE
else
  SG=$ROOT/target/release/safeguide
  stale=""
  [ -x "$SG" ] && stale=$(find "$ROOT/src" "$ROOT/Cargo.toml" "$ROOT/Cargo.lock" -newer "$SG" -print -quit 2>/dev/null || true)
  if [ ! -x "$SG" ] || [ -n "$stale" ]; then
    log "building safeguide: cargo build --release${stale:+ ($stale is newer than the binary)}"
    (cd "$ROOT" && cargo build --release) || die "cargo build --release failed"
  fi
fi
[ -x "$SG" ] || die "no safeguide binary at $SG"

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
# measure a snapshot, so that a rebuild of target/release by someone else cannot change it mid-run
SG_SRC=$SG
cp "$SG" "$OUT/safeguide-bin"
SG=$OUT/safeguide-bin
TSV=$OUT/timings.tsv     # shape:size tool mode run wall_s rss_kib cpu_s
SIZES_TSV=$OUT/sizes.tsv # shape:size tool bytes files html_files index_bytes index_gz_bytes index_files
: >"$TSV"
: >"$SIZES_TSV"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# --- measuring -------------------------------------------------------------------------------
# timed LOGPREFIX CMD...: runs CMD under /usr/bin/time -v; sets WALL (seconds) and RSS (KiB).
timed() {
  local prefix=$1 t0 t1 rc=0
  shift
  t0=$(date +%s%N)
  /usr/bin/time -v -o "$prefix.time" "$@" >"$prefix.out" 2>"$prefix.err" || rc=$?
  t1=$(date +%s%N)
  if [ "$rc" -ne 0 ]; then
    echo "bench: FAILED (exit $rc): $*" >&2
    echo "---- stderr (first 80 lines; all of it in $prefix.err) ----" >&2
    sed -n '1,80p' "$prefix.err" >&2
    echo "---- stdout (last 20 lines) ----" >&2
    tail -n 20 "$prefix.out" >&2
    exit 1
  fi
  WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
  RSS=$(awk -F': *' '/Maximum resident set size/ { print $2 }' "$prefix.time")
  CPU=$(awk -F': *' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$prefix.time")
}

# search_index_files DIR: the search index file(s) safeguide wrote (not the elasticlunr.js library)
search_index_files() {
  find "$1" -type f \( -iname 'search_index*' -o -path '*/search/*.js' -o -path '*/search/*.json' \) \
    ! -iname '*elasticlunr*' ! -iname '*lunr*.js' | sort
}

sizes() { # sizes N TOOL DIR INDEX_FILES...
  local n=$1 tool=$2 dir=$3 bytes files html ib=0 igz=0 names=""
  shift 3
  bytes=$(du -sb "$dir" | cut -f1)
  files=$(find "$dir" -type f | wc -l)
  html=$(find "$dir" -type f -name '*.html' | wc -l)
  for f in "$@"; do
    ib=$((ib + $(stat -c %s "$f")))
    igz=$((igz + $(gzip -c "$f" | wc -c)))
    names="$names${names:+,}${f#"$dir"/}"
  done
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$tool" "$bytes" "$files" "$html" "$ib" "$igz" "${names:--}" >>"$SIZES_TSV"
}

# settle DIR FILE...: called after a clean build's output folder was deleted. ext4 without a
# journal (this project's 2-core VM) skips every "recently deleted" inode while it looks for a free
# one, for as long as their inode table is cached: a build that starts right after deleting the last
# one's ~20,000 files scans past thousands of them per file it creates (kernel time that grew from
# 1.5 to 13 s a build here), whichever tool it is. So: wait out the kernel's 5-second window, write
# back, drop the caches (needs root; without it, a note and the old behaviour), then read back what
# the next build reads (its corpus DIR and program FILE), so that both tools start warm.
SETTLED=0
settle() {
  local dir=$1
  shift
  sleep 5
  sync
  if [ -w /proc/sys/vm/drop_caches ]; then
    echo 3 >/proc/sys/vm/drop_caches
    SETTLED=1
  fi
  find "$dir" -type f -exec cat {} + >/dev/null
  cat "$@" >/dev/null
}

log "safeguide: $SG_SRC (measured as the copy $SG)"
log "hugo: $("$HUGO" version | head -n 1)"
log "load average before: $LOAD_BEFORE"

for shape in "${SHAPE_LIST[@]}"; do
for size in "${SIZES[@]}"; do
  runs=${RUNS:-$([ "$size" -le 2000 ] && echo 5 || echo 3)}
  # n is the row key: the shape and the size (the default shape keeps its old folder names)
  n=$shape:$size
  tag=$([ "$shape" = default ] && echo "$size" || echo "$shape-$size")
  corpus=$OUT/corpus-$tag
  site=$OUT/site-$tag
  logs=$OUT/logs-$tag
  log "== $n pages: generating corpus in $corpus"
  lean_flag=()
  if lean "$shape"; then
    lean_flag=(--hugo-lean)
    [[ " $LEAN_SHAPES " == *" $shape "* ]] || LEAN_SHAPES="$LEAN_SHAPES${LEAN_SHAPES:+ }$shape"
  fi
  python3 "$BENCH/gen_corpus.py" "$size" "$corpus" --shape "$shape" ${lean_flag[@]+"${lean_flag[@]}"} >&2
  if [ "${BENCH_VERIFY:-1}" != 0 ]; then
    if python3 -c 'import yaml' 2>/dev/null; then
      python3 "$BENCH/verify_corpus.py" "$corpus" >&2 || die "the generated corpus failed verification"
    else
      log "PyYAML missing: not verifying the corpus (python3 -m pip install pyyaml)"
    fi
  fi
  mkdir -p "$site" "$logs"
  # The page the "one-page edit" builds change: the first guide for parents, in both corpora.
  EDIT_PAGE=$(cd "$corpus/safeguide/content" && find parents -name '*.md' ! -name '_index.md' | sort | awk 'NR == 1')
  [ -n "$EDIT_PAGE" ] && [ -f "$corpus/hugo/content/$EDIT_PAGE" ] || die "no page to edit in both corpora"
  sg_out=$site/safeguide
  hugo_out=$site/hugo
  for ((i = 0; i <= runs; i++)); do
    if [ "$i" -eq 0 ]; then log "$n pages: warm-up round"; else log "$n pages: run $i of $runs"; fi

    rm -rf "$sg_out"
    settle "$corpus/safeguide" "$SG"
    steps=()  # the warm-up build also prints safeguide's per-step CPU times (SAFEGUIDE_TIMINGS)
    [ "$i" -eq 0 ] && steps=(env SAFEGUIDE_TIMINGS=1)
    timed "$logs/sg-clean-$i" ${steps[@]+"${steps[@]}"} "$SG" build --root "$corpus/safeguide" --output "$sg_out"
    [ -f "$sg_out/index.html" ] || die "safeguide exited 0 but wrote no $sg_out/index.html"
    sg_clean=$WALL sg_clean_rss=$RSS sg_clean_cpu=$CPU
    sync
    timed "$logs/sg-nochange-$i" "$SG" build --root "$corpus/safeguide" --output "$sg_out"
    [ -f "$sg_out/index.html" ] || die "safeguide rebuild left no $sg_out/index.html"
    sg_re=$WALL sg_re_rss=$RSS sg_re_cpu=$CPU
    # One page's body edited (a sentence appended), then built again onto the output.
    printf '\nEdited for run %s of the benchmark.\n' "$i" >>"$corpus/safeguide/content/$EDIT_PAGE"
    sync
    timed "$logs/sg-edit-$i" "$SG" build --root "$corpus/safeguide" --output "$sg_out"
    [ -f "$sg_out/index.html" ] || die "safeguide rebuild left no $sg_out/index.html"
    sg_ed=$WALL sg_ed_rss=$RSS sg_ed_cpu=$CPU

    rm -rf "$hugo_out" "$corpus/hugo/resources" "$corpus/hugo/.hugo_build.lock"
    settle "$corpus/hugo" "$(command -v "$HUGO")"
    timed "$logs/hugo-clean-$i" "$HUGO" --minify --quiet --source "$corpus/hugo" --destination "$hugo_out"
    [ -f "$hugo_out/index.html" ] || die "hugo exited 0 but wrote no $hugo_out/index.html"
    hugo_clean=$WALL hugo_clean_rss=$RSS hugo_clean_cpu=$CPU
    sync
    timed "$logs/hugo-nochange-$i" "$HUGO" --minify --quiet --source "$corpus/hugo" --destination "$hugo_out"
    hugo_re=$WALL hugo_re_rss=$RSS hugo_re_cpu=$CPU
    printf '\nEdited for run %s of the benchmark.\n' "$i" >>"$corpus/hugo/content/$EDIT_PAGE"
    sync
    timed "$logs/hugo-edit-$i" "$HUGO" --minify --quiet --source "$corpus/hugo" --destination "$hugo_out"
    hugo_ed=$WALL hugo_ed_rss=$RSS hugo_ed_cpu=$CPU

    if [ "$i" -eq 0 ]; then
      if [ "${BENCH_VERIFY:-1}" != 0 ] && python3 -c 'import yaml' 2>/dev/null; then
        # both tools should have resolved every link and anchor; a mismatch is reported, not fatal
        python3 "$BENCH/verify_corpus.py" "$corpus" --hugo-public "$hugo_out" --safeguide-public "$sg_out" \
          >"$logs/verify-built.txt" 2>&1 || log "warning: built sites differ from the corpus's links (see $logs/verify-built.txt)"
        tail -n 1 "$logs/verify-built.txt" >&2
      fi
      grep -A 20 '^step ' "$logs/sg-clean-0.err" | grep -E '^(step |[a-z(].* +[0-9.]+$)' >"$OUT/steps-$tag.txt" || true
      if [ -s "$logs/sg-clean-0.err" ]; then
        log "safeguide said on stderr ($(wc -l <"$logs/sg-clean-0.err") lines; all in $logs/sg-clean-0.err):"
        sed -n '1,15p' "$logs/sg-clean-0.err" >&2
      fi
      continue
    fi
    printf '%s\tsafeguide\tclean\t%s\t%s\t%s\t%s\n' "$n" "$i" "$sg_clean" "$sg_clean_rss" "$sg_clean_cpu" >>"$TSV"
    printf '%s\tsafeguide\tnochange\t%s\t%s\t%s\t%s\n' "$n" "$i" "$sg_re" "$sg_re_rss" "$sg_re_cpu" >>"$TSV"
    printf '%s\tsafeguide\tedit\t%s\t%s\t%s\t%s\n' "$n" "$i" "$sg_ed" "$sg_ed_rss" "$sg_ed_cpu" >>"$TSV"
    printf '%s\thugo\tclean\t%s\t%s\t%s\t%s\n' "$n" "$i" "$hugo_clean" "$hugo_clean_rss" "$hugo_clean_cpu" >>"$TSV"
    printf '%s\thugo\tnochange\t%s\t%s\t%s\t%s\n' "$n" "$i" "$hugo_re" "$hugo_re_rss" "$hugo_re_cpu" >>"$TSV"
    printf '%s\thugo\tedit\t%s\t%s\t%s\t%s\n' "$n" "$i" "$hugo_ed" "$hugo_ed_rss" "$hugo_ed_cpu" >>"$TSV"
    log "  safeguide ${sg_clean}s (no-change ${sg_re}s, one-page edit ${sg_ed}s)  hugo ${hugo_clean}s (rebuild ${hugo_re}s, edit ${hugo_ed}s)"
  done

  mapfile -t sg_index < <(search_index_files "$sg_out")
  [ "${#sg_index[@]}" -gt 0 ] || log "warning: found no search index file under $sg_out"
  sizes "$n" safeguide "$sg_out" "${sg_index[@]}"
  if lean "$shape"; then
    [ ! -e "$hugo_out/index.json" ] && [ ! -e "$hugo_out/index.xml" ] || die "lean Hugo wrote a search index or a feed"
    sizes "$n" hugo "$hugo_out"
  else
    [ -f "$hugo_out/index.json" ] || die "hugo wrote no index.json"
    sizes "$n" hugo "$hugo_out" "$hugo_out/index.json"
  fi
done
done

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
SG_REV=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
SG_DIRTY=$(cd "$ROOT" && git status --porcelain -- src Cargo.toml Cargo.lock themes 2>/dev/null | head -c1)

HUGO_VERSION=$("$HUGO" version | head -n 1)
SG_VERSION=$("$SG" --version 2>/dev/null | head -n 1 || true)
export LOAD_BEFORE LOAD_AFTER SG_SRC SG_REV SG_DIRTY SG_VERSION HUGO_VERSION LEAN_SHAPES SETTLED
python3 - "$TSV" "$SIZES_TSV" "$RESULTS" "${SIZES[*]}" "${SHAPE_LIST[*]}" <<'PY'
import datetime, os, statistics, sys
env = os.environ
tsv, sizes_tsv, results, size_args, shape_args = sys.argv[1:6]
SHAPE_NOTE = {"default": "The project's shape (`bench/gen_corpus.py N`)",
              "long": "Longer pages, more code blocks, tables, footnotes and links, four audiences "
                      "(`bench/gen_corpus.py N --shape long`)",
              "tables": "A shape not tuned for: about 1,000 words of prose a page with 3 to 5 Markdown "
                        "tables, otherwise the default shape (`bench/gen_corpus.py N --shape tables`)"}
LEAN = env.get("LEAN_SHAPES", "").split()
LEAN_NOTE = (" Hugo runs lean here: no search output (index.json) and no feed (RSS), "
             "while safeguide writes both (`--hugo-lean`).")
rows = [l.rstrip("\n").split("\t") for l in open(tsv) if l.strip()]
sizes = {(r[0], r[1]): r for r in (l.rstrip("\n").split("\t") for l in open(sizes_tsv) if l.strip())}
t = {}
cpu = {}
for n, tool, mode, run, wall, rss, cpu_s in rows:
    t.setdefault((n, tool, mode), []).append((float(wall), int(rss)))
    cpu.setdefault((n, tool, mode), []).append(float(cpu_s))
def med(k): return statistics.median(w for w, _ in t[k])
def mb(b):
    v = int(b) / 1e6
    return f"{v:.2f} MB" if v < 10 else f"{v:.1f} MB"
def table_for(shape):
  out = []
  out.append("| Pages | Tool | Build | Runs | Median wall time | Min–max | CPU time | Peak RSS | Output size | Files (HTML) | Search index (gzip) | safeguide / Hugo time |")
  out.append("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|")
  for n in [n for n in ns if n.split(":")[0] == shape]:
    for tool in ("safeguide", "hugo"):
        for mode, label in (("clean", "clean"), ("nochange", "no-change rebuild" if tool == "safeguide" else "rebuild onto output"),
                            ("edit", "one-page edit, rebuild")):
            k = (n, tool, mode)
            if k not in t:
                continue
            walls = [w for w, _ in t[k]]
            rss = max(r for _, r in t[k])
            s = sizes.get((n, tool))
            if mode == "clean" and s:
                size, files = mb(s[2]), f"{int(s[3]):,} ({int(s[4]):,})"
                idx = f"{mb(s[5])} ({mb(s[6])})" if int(s[5]) else "none found"
            else:
                size = files = idx = ""
            ratio = ""
            if tool == "safeguide" and (n, "hugo", mode) in t:
                ratio = f"**{med(k) / med((n, 'hugo', mode)):.2f}**"
            out.append(f"| {pages(n)} | {'safeguide' if tool == 'safeguide' else 'Hugo'} | {label} | {len(walls)} | "
                       f"{med(k):.3f} s | {min(walls):.3f}–{max(walls):.3f} s | {statistics.median(cpu[k]):.2f} s | {rss / 1024:.0f} MiB | {size} | {files} | {idx} | {ratio} |")
  return "\n".join(out)
def pages(n): return f"{int(n.split(':')[1]):,}"
ns = sorted({k[0] for k in t}, key=lambda n: (n.split(":")[0] != "default", n.split(":")[0], int(n.split(":")[1])))
shapes = list(dict.fromkeys(n.split(":")[0] for n in ns))
tables = []
for shape in shapes:
    lean = LEAN_NOTE if shape in LEAN else ""
    tables.append(f"### Corpus shape: {shape}\n\n{SHAPE_NOTE.get(shape, shape)}.{lean}\n\n{table_for(shape)}\n")
table = "\n".join(tables)
print(table)
def index_names(names):
    if names == "-":
        return "none found"
    names = names.split(",")
    return ",".join(names) if len(names) <= 3 else f"{len(names)} files under search/"
index_files = "; ".join(f"{n.split(':')[0]} shape, {pages(n)} pages: {index_names(sizes[(n, 'safeguide')][7])}"
                        for n in ns if (n, "safeguide") in sizes)
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "unknown CPU")
mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0) / 1024 / 1024
SETTLE_NOTE = ("Before each clean build, of either tool, the previous output was deleted, the disk written "
               "back and the page cache dropped, then that tool's corpus and program read back: without a "
               "journal, ext4 makes each new file skip the inodes deleted in the last seconds while their "
               "table is cached, which cost the build that came right after a deletion several seconds of "
               "kernel time (bench/README.md)." if env.get("SETTLED") == "1" else
               "The page cache could not be dropped (not root): each clean build started right after the "
               "previous output was deleted, which on ext4 without a journal slows file creation.")
doc = f"""# Benchmark results

Generated by `SHAPES="{shape_args}" bench/run.sh {size_args}` on {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC.

- Machine: {os.cpu_count()} cores ({cpu}), {mem:.0f} GiB memory; load average {env["LOAD_BEFORE"]} before, {env["LOAD_AFTER"]} after.
- safeguide: {env["SG_VERSION"] or "(no --version)"}, `{env["SG_SRC"]}`, repository at {env["SG_REV"]}{" (with uncommitted changes in src/ or Cargo files)" if env["SG_DIRTY"] else ""}.
- Hugo: {env["HUGO_VERSION"]}, run as `hugo --minify`.
- Corpus: `bench/gen_corpus.py N --shape S`, the same Markdown for both tools (see bench/README.md); one table per shape.

{table}

Wall time is the median of the measured runs (after one warm-up round), clean build into an empty
folder unless stated. {SETTLE_NOTE} "No-change rebuild" builds the same site again onto safeguide's existing output;
Hugo's "rebuild onto output" does the same for Hugo (Hugo has no incremental mode outside `hugo server`).
"One-page edit" appends a sentence to one guide's body and builds again onto the output, for each tool.
CPU time is the median of user + system time, summed over all threads (less disturbed than wall time
by other work on the machine). Peak RSS is the largest maximum resident set size over the measured runs (`/usr/bin/time -v`). Output
size is `du -sb` of the built site. Search index: safeguide's search index file(s) ({index_files});
Hugo's `index.json` (title, summary, audience, kind and plain body of every page). The last column
is safeguide's median time divided by Hugo's for the same kind of build: below 1 means safeguide is faster.
"""
steps = []
for n in ns:
    shape, size = n.split(":")
    p = os.path.join(os.path.dirname(tsv), f"steps-{size if shape == 'default' else shape + '-' + size}.txt")
    if os.path.exists(p) and os.path.getsize(p):
        steps.append(f"{shape} shape, {pages(n)} pages (warm-up build, SAFEGUIDE_TIMINGS=1):\n\n```\n{open(p).read().rstrip()}\n```\n")
if steps:
    doc += ("\nWhere safeguide's clean build spends its time, per step, as printed by safeguide with "
            "SAFEGUIDE_TIMINGS set: elapsed time inside each step summed over threads (so it includes any "
            "time a thread waited for a core, and excludes work outside the timed steps, such as swapping in "
            "the output and deleting the previous one):\n\n" + "\n".join(steps))
open(results, "w").write(doc)
print(f"\nbench: wrote {results}", file=sys.stderr)
PY
