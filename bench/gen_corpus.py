#!/usr/bin/env python3
"""Generate a deterministic online-safety corpus for benchmarking safeguide against Hugo.

    python3 bench/gen_corpus.py N OUTDIR [--seed S] [--shape default|long|tables] [--hugo-lean]

Writes the same N pages twice:

    OUTDIR/safeguide/   a safeguide site: site.yaml + content/ (one section per audience,
                        topic subsections, numbered sub-subsections when a topic is large)
    OUTDIR/hugo/        a Hugo site: hugo.toml, content/ (same Markdown, Hugo front matter,
                        links as plain /section/page/ URLs), layouts/, static/

Every page has YAML front matter, 600-1,200 words of prose, ## and ### headings, bullet and
numbered lists, a table, 2-4 internal links (to pages and headings that exist), a fenced code
block, a footnote and a > [!NOTE] callout. Standard library only. The output depends only on N
and the seed: run it twice and the files are byte-identical.

--shape long makes another kind of site (issue #23: the speed gap to Hugo depends on the corpus):
four audiences (no children's section), 1,000-1,600 words a page, 3 or 4 code blocks, 2 or 3
tables, 2 to 4 footnotes and 5 to 9 cross-links a page. The default shape is unchanged by it.

--shape tables is a third kind, not tuned for (issue #37): the default shape's pages at about
1,000 words of prose (920-1,080) with 3 to 5 Markdown tables each instead of one. Nothing else changes.

--hugo-lean writes the Hugo site without its search output (no index.json) and without its feed
(no RSS), so Hugo does less work than safeguide, which still writes both.

The words are in corpus_topics.py and corpus_text.py beside this file, the Hugo site's layouts in
corpus_hugo.py.
"""

import argparse
import datetime
import json
import math
import os
import random
import re
import shutil
import sys

from corpus_hugo import (HUGO_404, HUGO_BASEOF, HUGO_CSS, HUGO_INDEX, HUGO_INDEX_JSON, HUGO_LIST,
                         HUGO_PRINT_CSS, HUGO_SINGLE, HUGO_SYNTAX_CSS)
from corpus_text import (AUDIENCE_FALLBACK_NAMES, AUDIENCE_PHRASE, CHILD_BULLETS, CHILD_H2, CHILD_H3,
                         CHILD_NOTES, CHILD_SUMMARIES, DEFAULT_TITLE_FORMATS, FOOTNOTES, GENERIC_H2, H3,
                         KINDS, LINK_SENTENCES, NOTES, OWNERS, SUMMARIES, TABLE_CHOICE, TABLES,
                         TITLE_FORMATS, TITLE_QUALIFIERS, TITLE_SUFFIX, SentencePicker,
                         check_vocabulary, code_block)
from corpus_topics import TOPICS

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_SITE_YAML = os.path.join(os.path.dirname(HERE), "site.yaml")
MARKER = ".safeguide-bench-corpus"
SHAPES = ("default", "long", "tables")
SHAPE = "default"  # set from --shape in main()
MAX_PER_DIR = 400  # pages per folder; a topic with more is split into set-01, set-02, ...

AUDIENCES = ["parents", "children-8-10", "young-people", "professionals", "schools"]
AUDIENCE_WEIGHTS = [28, 14, 20, 20, 18]
LONG_AUDIENCES = [a for a in AUDIENCES if a != "children-8-10"]
LONG_AUDIENCE_WEIGHTS = [w for a, w in zip(AUDIENCES, AUDIENCE_WEIGHTS) if a != "children-8-10"]


# ---------------------------------------------------------------------------------------------

def heading_id(text):
    """safeguide's rule: lowercase, non-alphanumerics to '-', collapse repeats, trim."""
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]", "-", text.lower())).strip("-")


def slugify(text, max_words=6):
    words = heading_id(text.replace("'", "")).split("-")
    return "-".join(words[:max_words])


def words(text):
    return len(text.split())


class Page:
    __slots__ = ("idx", "audience", "audiences", "topic", "kind", "title", "summary", "slug", "dir",
                 "h2", "h3", "ids", "weight", "date", "updated", "review_by", "owner", "tags")

    @property
    def rel(self):  # path relative to content/
        return f"{self.dir}/{self.slug}.md"

    @property
    def url(self):
        return f"/{self.dir}/{self.slug}/"


def unique_title(rng, p, base, taken):
    """A title not yet used by any page for any of this page's audiences."""
    def free(t):
        return all((a, t) not in taken for a in p.audiences)

    title = base + rng.choice(TITLE_SUFFIX[p.audience])
    formats = TITLE_FORMATS.get(p.audience, DEFAULT_TITLE_FORMATS)
    for _ in range(40):
        if free(title):
            break
        fmt = rng.choice(formats)
        t = base + rng.choice(TITLE_QUALIFIERS[p.audience])
        title = fmt + (t[0].lower() + t[1:] if fmt and not t[:2].isupper() else t)
    k = 2
    while not free(title):  # the combinations are used up: number the parts
        title = f"{base}, part {k}"
        k += 1
    taken.update((a, title) for a in p.audiences)
    return title


def plan_pages(n, seed):
    """Decide every page's metadata and headings first, so that links can point at real anchors."""
    pages = []
    taken = set()
    for i in range(n):
        rng = random.Random(f"{seed}:plan:{i}")
        p = Page()
        p.idx = i
        if SHAPE == "long":
            # four audiences: long pages with code and tables are not written for children
            p.audience = rng.choices(LONG_AUDIENCES, weights=LONG_AUDIENCE_WEIGHTS)[0]
        else:
            p.audience = rng.choices(AUDIENCES, weights=AUDIENCE_WEIGHTS)[0]
        p.audiences = [p.audience]
        if p.audience in ("parents", "professionals", "schools") and rng.random() < 0.2:
            extra = rng.choice([a for a in ("parents", "professionals", "schools") if a != p.audience])
            p.audiences.append(extra)
        p.topic = rng.choice(TOPICS)
        kinds, kw = zip(*KINDS[p.audience])
        p.kind = rng.choices(kinds, weights=kw)[0]
        base = rng.choice(p.topic["titles"])
        p.title = unique_title(rng, p, base, taken)
        tvars = {"topic": p.topic["name"], "topic_lc": p.topic["name"].lower(),
                 "aud": AUDIENCE_PHRASE[p.audience]}
        if p.audience == "children-8-10":
            p.summary = rng.choice(CHILD_SUMMARIES).format(**tvars)
        else:
            p.summary = rng.choice(SUMMARIES).format(**tvars)
        p.slug = f"{slugify(base)}-{i:05d}"
        child = p.audience == "children-8-10"
        n_h2 = rng.randint(4, 5)
        topic_h2 = rng.sample(p.topic["headings"], rng.randint(2, 3))
        generic = CHILD_H2 if child else GENERIC_H2
        p.h2 = topic_h2 + rng.sample(generic, n_h2 - len(topic_h2))
        rng.shuffle(p.h2)
        p.h3 = rng.sample(CHILD_H3 if child else H3, rng.randint(1, 3))
        # ids: generated from the text, or (a third of ## headings) an explicit {#id}
        p.ids = {}
        used = {heading_id(h) for h in p.h2 + p.h3}
        assert len(used) == len(p.h2) + len(p.h3)
        for h in p.h2 + p.h3:
            hid = heading_id(h)
            if h in p.h2 and rng.random() < 0.33:
                short = hid.split("-")[0] + "-" + str(rng.randint(1, 9))
                if short not in used:
                    used.add(short)
                    hid = short
            p.ids[h] = hid
        p.weight = rng.randint(1, 100)
        d0 = datetime.date(2024, 6, 1) + datetime.timedelta(days=rng.randint(0, 500))
        p.date = d0
        p.updated = d0 + datetime.timedelta(days=rng.randint(0, 300))
        p.review_by = datetime.date(2027, 6, 1) + datetime.timedelta(days=rng.randint(0, 900))
        p.owner = rng.choice(OWNERS)
        tags = list(p.topic["tags"])
        if rng.random() < 0.4:
            tags.append(rng.choice(["reporting", "wellbeing", "privacy", "policy" if p.audience == "schools" else "talking"]))
        p.tags = list(dict.fromkeys(tags))
        pages.append(p)
    assign_dirs(pages, seed)
    return pages


def assign_dirs(pages, seed):
    rng = random.Random(f"{seed}:dirs")
    buckets = {}
    for p in pages:
        sub = None if rng.random() < 0.05 else p.topic["id"]
        buckets.setdefault((p.audience, sub), []).append(p)
    for (aud, sub), plist in list(buckets.items()):
        if sub is None and len(plist) > MAX_PER_DIR:  # overflow from the section root into a topic
            for p in plist[MAX_PER_DIR:]:
                buckets.setdefault((aud, p.topic["id"]), []).append(p)
            del plist[MAX_PER_DIR:]
    for (aud, sub), plist in sorted(buckets.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        base = aud if sub is None else f"{aud}/{sub}"
        if len(plist) <= MAX_PER_DIR or sub is None:
            for p in plist:
                p.dir = base
        else:
            nsets = math.ceil(len(plist) / MAX_PER_DIR)
            per = math.ceil(len(plist) / nsets)
            for k, p in enumerate(plist):
                p.dir = f"{base}/set-{k // per + 1:02d}"


# ---------------------------------------------------------------------------------------------

def yaml_str(s):
    return json.dumps(s, ensure_ascii=False)


def yaml_list(items):
    return "[" + ", ".join(yaml_str(x) if not re.fullmatch(r"[a-z0-9-]+", x) else x for x in items) + "]"


def build_body(p, pages, by_audience, seed):
    """The Markdown body with link placeholders \\x00k\\x00, and the link targets [(page, anchor)]."""
    rng = random.Random(f"{seed}:body:{p.idx}")
    child = p.audience == "children-8-10"
    pick = SentencePicker(rng, p.audience, p.topic)
    target_words = rng.randint(650, 1030)

    # link targets: half within the same audience, half anywhere; never the page itself
    links = []
    for _ in range(rng.randint(2, 4)):
        for _attempt in range(20):
            pool = by_audience[p.audience] if rng.random() < 0.5 else pages
            t = rng.choice(pool)
            if t is not p and all(t is not q for q, _ in links):
                break
        else:
            continue
        anchor = None
        if rng.random() < 0.6:
            anchor = t.ids[rng.choice(t.h2 + t.h3)]
        links.append((t, anchor))
    # The long and tables shapes' additions come from random streams of their own, after
    # everything the default shape draws, so the default shape's pages stay byte-identical.
    xt = random.Random(f"{seed}:tables:{p.idx}") if SHAPE == "tables" else None
    if xt:
        target_words = xt.randint(920, 1080)
    xr = random.Random(f"{seed}:long:{p.idx}") if SHAPE == "long" else None
    if xr:
        target_words += xr.randint(380, 520)
        for _ in range(xr.randint(3, 5)):
            t = xr.choice(by_audience[p.audience] if xr.random() < 0.5 else pages)
            if t is p or any(t is q for q, _ in links):
                continue
            links.append((t, t.ids[xr.choice(t.h2 + t.h3)] if xr.random() < 0.6 else None))

    def heading(level, text):
        hid = p.ids[text]
        if hid != heading_id(text):
            return f"{'#' * level} {text} {{#{hid}}}"
        return f"{'#' * level} {text}"

    # sections: list of [heading_line, blocks...]; the first section has no heading (intro)
    sections = [[None, pick.paragraph(2, 4)]]
    for h in p.h2:
        sections.append([heading(2, h), pick.paragraph()])
    n2 = len(p.h2)

    bullets_src = CHILD_BULLETS if child else p.topic["bullets"]
    bl = rng.sample(bullets_src, rng.randint(3, 6))
    sections[1].append("\n".join(f"- {b}" for b in bl))

    numbered = rng.sample(bullets_src, rng.randint(3, 5))
    items = [f"{k + 1}. **{b}.** {pick.one()}" for k, b in enumerate(numbered)]
    sec_num = 2 if p.kind != "tips" else 1
    sections[sec_num].append("\n".join(items))

    note = rng.choice(CHILD_NOTES if child else NOTES)
    sections[rng.randint(1, n2)].append(f"> [!NOTE]\n> {note}")
    if not child and rng.random() < 0.3:
        sections[rng.randint(1, n2)].append(f"> [!WARNING]\n> {pick.one()}")

    cols, rows = TABLES[rng.choice(TABLE_CHOICE[p.audience])]
    rows = rng.sample(rows, min(len(rows), rng.randint(3, 5)))
    table = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    table += ["| " + " | ".join(r) + " |" for r in rows]
    sections[3].append(pick.paragraph(1, 2))
    sections[3].append("\n".join(table))

    lang, code = code_block(rng, p.audience)
    sections[n2].append(pick.paragraph(1, 2))
    sections[n2].append(f"```{lang}\n" + "\n".join(code) + "\n```")

    if xr:
        for _ in range(xr.randint(2, 3)):
            lang, code = code_block(xr, p.audience)
            s = sections[xr.randint(1, n2)]
            s.append(pick.paragraph(1, 2))
            s.append(f"```{lang}\n" + "\n".join(code) + "\n```")
        for _ in range(xr.randint(1, 2)):
            add_table(xr, p, sections[1:], pick, 5)

    if xt:
        for _ in range(xt.randint(2, 4)):  # with the one every page has: 3 to 5 tables
            add_table(xt, p, sections[1:], pick, 6)

    # ### subsections, each under a random ## section
    for h in p.h3:
        s = sections[rng.randint(1, n2)]
        s.append(heading(3, h))
        s.append(pick.paragraph(2, 4))

    # footnote reference in some paragraph after the intro
    fn = rng.sample(FOOTNOTES, 1 if rng.random() < 0.7 else 2)
    if xr:
        fn += xr.sample([f for f in FOOTNOTES if f not in fn], xr.randint(1, 2))

    def count():
        # The tables shape's words are prose: its tables come on top.
        return sum(words(b) for s in sections for b in s[1:]
                   if not b.startswith("```") and not (xt and b.startswith("|")))

    while count() < target_words:
        s = sections[rng.randint(0, n2)]
        pos = rng.randint(2, len(s))  # after the section's first paragraph
        if s[pos - 1].startswith("###"):
            pos += 1  # do not separate a ### heading from its own paragraph
        s.insert(pos, pick.paragraph())

    paras = [(si, bi) for si, s in enumerate(sections) for bi, b in enumerate(s)
             if bi > 0 and b and b[0].isalpha() and not b.startswith("|")]
    for k in range(len(fn)):
        si, bi = rng.choice([x for x in paras if x[0] > 0])
        sections[si][bi] += f"[^{k + 1}]"
    for k in range(len(links)):
        si, bi = rng.choice(paras)
        sections[si][bi] += " " + rng.choice(LINK_SENTENCES).replace("{t}", f"\x00t{k}\x00").replace(
            "{h}", f"\x00h{k}\x00")

    out = []
    for s in sections:
        if s[0]:
            out.append(s[0])
        out.extend(s[1:])
    for k, f in enumerate(fn):
        out.append(f"[^{k + 1}]: {f}")
    return "\n\n".join(out) + "\n", links


def add_table(r, p, sections, pick, max_rows):
    """Appends a lead-in paragraph and a table of 3 to max_rows rows, drawn from r, to one of
    sections (the page's ## sections)."""
    cols, rows = TABLES[r.choice(TABLE_CHOICE[p.audience])]
    rows = r.sample(rows, min(len(rows), r.randint(3, max_rows)))
    t = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    t += ["| " + " | ".join(row) + " |" for row in rows]
    s = sections[r.randint(0, len(sections) - 1)]
    s.append(pick.paragraph(1, 2))
    s.append("\n".join(t))


def render_links(body, links, href):
    for k, (t, anchor) in enumerate(links):
        body = body.replace(f"\x00t{k}\x00", t.title).replace(f"\x00h{k}\x00", href(t, anchor))
    assert "\x00" not in body
    return body


def sg_href_for(p, rng):
    def href(t, anchor):
        if rng.random() < 0.5:
            h = "@/" + t.rel
        else:
            h = os.path.relpath(t.rel, p.dir).replace(os.sep, "/")
        return h + (f"#{anchor}" if anchor else "")
    return href


def hugo_href(t, anchor):
    return t.url + (f"#{anchor}" if anchor else "")


def sg_front(p):
    return "\n".join([
        "---",
        f"title: {yaml_str(p.title)}",
        f"summary: {yaml_str(p.summary)}",
        f"kind: {p.kind}",
        f"audience: {yaml_list(p.audiences)}",
        f"weight: {p.weight}",
        f"date: {p.date.isoformat()}",
        f"updated: {p.updated.isoformat()}",
        f"review_by: {p.review_by.isoformat()}",
        f"owner: {yaml_str(p.owner)}",
        f"tags: {yaml_list(p.tags)}",
        "---",
        "",
    ])


def hugo_front(p):
    return "\n".join([
        "---",
        f"title: {yaml_str(p.title)}",
        f"summary: {yaml_str(p.summary)}",
        f"pagekind: {p.kind}",
        f"audience: {yaml_list(p.audiences)}",
        f"weight: {p.weight}",
        f"date: {p.date.isoformat()}",
        f"lastmod: {p.updated.isoformat()}",
        f"review_by: {p.review_by.isoformat()}",
        f"owner: {yaml_str(p.owner)}",
        f"tags: {yaml_list(p.tags)}",
        "---",
        "",
    ])


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def read_repo_site_yaml():
    """Top-level blocks of the repository's site.yaml, by key, as text (no YAML library needed)."""
    with open(REPO_SITE_YAML, encoding="utf-8") as f:
        lines = f.read().splitlines()
    blocks, key = {}, None
    for line in lines:
        m = re.match(r"^([A-Za-z_][\w-]*):", line)
        if m:
            key = m.group(1)
            blocks[key] = [line]
        elif key is not None:
            blocks[key].append(line)
    for k in blocks:  # drop trailing blank lines and comments that belong to the next block
        while blocks[k] and (not blocks[k][-1].strip() or blocks[k][-1].lstrip().startswith("#")):
            blocks[k].pop()
    return {k: "\n".join(v) for k, v in blocks.items()}


def parse_simple_list(block):
    """Parse a YAML block that is a list of flat mappings (audiences:, report:) into dicts."""
    items = []
    for line in block.splitlines()[1:]:
        m = re.match(r"^\s*(- )?\s*([\w-]+):\s*(.*)$", line)
        if not m:
            continue
        if m.group(1):
            items.append({})
        if not items:
            continue
        val = m.group(3).strip()
        if val.startswith('"') and val.endswith('"'):
            val = json.loads(val)
        elif val.startswith("'") and val.endswith("'"):
            val = val[1:-1].replace("''", "'")
        items[-1][m.group(2)] = val
    return items


def toml_str(s):
    return json.dumps(s, ensure_ascii=False)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of pages")
    ap.add_argument("outdir")
    ap.add_argument("--seed", default="safeguide-bench-1")
    ap.add_argument("--shape", choices=SHAPES, default="default",
                    help="default: the project's shape; long: longer pages with more code, tables, links; "
                         "tables: about 1,000 words a page with 3 to 5 tables")
    ap.add_argument("--hugo-lean", action="store_true",
                    help="write the Hugo site without search output (index.json) and without a feed (RSS)")
    args = ap.parse_args()
    global SHAPE
    SHAPE = args.shape
    if args.n < 10:
        ap.error("N must be at least 10")
    check_vocabulary()

    blocks = read_repo_site_yaml()
    for k in ("audiences", "report"):
        if k not in blocks:
            sys.exit(f"gen_corpus: {REPO_SITE_YAML} has no top-level '{k}:' block")
    audiences_meta = parse_simple_list(blocks["audiences"])
    ids = [a.get("id") for a in audiences_meta]
    missing = [a for a in AUDIENCES if a not in ids]
    if missing:
        sys.exit(f"gen_corpus: {REPO_SITE_YAML} lacks audiences {missing}")
    report_meta = parse_simple_list(blocks["report"])

    out = os.path.abspath(args.outdir)
    sg_root = os.path.join(out, "safeguide")
    hugo_root = os.path.join(out, "hugo")
    # Replace only what this script writes; anything else in these folders (a built public/, say) stays.
    generated = {sg_root: ["content", "site.yaml"],
                 hugo_root: ["content", "layouts", "static", "hugo.toml"]}
    for d, names in generated.items():
        if os.path.exists(d):
            if not os.path.exists(os.path.join(d, MARKER)):
                sys.exit(f"gen_corpus: {d} exists and was not made by gen_corpus.py; not touching it")
            for name in names:
                p = os.path.join(d, name)
                if os.path.isdir(p):
                    shutil.rmtree(p)
                elif os.path.exists(p):
                    os.remove(p)
        os.makedirs(d, exist_ok=True)
        write(os.path.join(d, MARKER), f"generated by bench/gen_corpus.py {args.n} (seed {args.seed})"
              + (f" shape {args.shape}" if args.shape != "default" else "")
              + (" hugo-lean" if args.hugo_lean else "") + "\n")

    pages = plan_pages(args.n, args.seed)
    by_audience = {a: [p for p in pages if p.audience == a] for a in AUDIENCES}
    # a section needs at least one page for half-local links; fall back to all pages
    for a in AUDIENCES:
        if not by_audience[a]:
            by_audience[a] = pages

    site_title = f"Benchmark Safeguarding Children Partnership, online safety ({args.n} pages)"
    base_url = "https://bench.example.org/"
    description = "A generated benchmark corpus of online safety guidance."

    # --- safeguide site.yaml: repo's audiences and report, no placeholders
    sg_yaml = [
        f"# Generated by bench/gen_corpus.py {args.n} (seed {args.seed}). Do not edit.",
        f"title: {yaml_str(site_title)}",
        f"description: {yaml_str(description)}",
        f"base_url: {base_url}",
        "language: en-GB",
        "theme: default",
        "",
        blocks["audiences"],
        "",
        blocks["report"],
        "",
        # Routes made of local values (`locals: [...]`) name keys declared here.
        blocks.get("local", ""),
        "",
        blocks.get("search", "search:\n  enabled: true"),
        "",
    ]
    write(os.path.join(sg_root, "site.yaml"), "\n".join(sg_yaml))

    # --- hugo.toml
    ht = [
        f"# Generated by bench/gen_corpus.py {args.n} (seed {args.seed}). Do not edit.",
        f'baseURL = "{base_url}"',
        'languageCode = "en-GB"',
        f"title = {toml_str(site_title)}",
        "enableRobotsTXT = true",
        # Lean: no feed (Hugo writes RSS for sections and terms too unless the kind is disabled);
        # a top-level key, so before the first [table].
        *(['disableKinds = ["rss"]'] if args.hugo_lean else []),
        "",
        "[params]",
        f"description = {toml_str(description)}",
        "",
        "[taxonomies]",
        'tag = "tags"',
        'audience = "audience"',
        "",
        "[outputs]",
        'home = ["HTML"]' if args.hugo_lean else 'home = ["HTML", "RSS", "JSON"]',
        'section = ["HTML"]',
        'taxonomy = ["HTML"]',
        'term = ["HTML"]',
        "",
        "[services.rss]",
        "limit = 100",
        "",
        "[markup.highlight]",
        "noClasses = false",
        "",
        "[markup.goldmark.renderer]",
        "unsafe = false",
        "",
        "[minify]",
        "minifyOutput = true",
        "",
    ]
    for a in audiences_meta:
        ht += ["[[params.audiences]]", f"id = {toml_str(a['id'])}",
               f"name = {toml_str(a.get('name', AUDIENCE_FALLBACK_NAMES.get(a['id'], a['id'])))}",
               f"description = {toml_str(a.get('description', ''))}", ""]
    for r in report_meta:
        ht += ["[[params.report]]", f"label = {toml_str(r.get('label', ''))}"]
        if r.get("url"):
            ht.append(f"url = {toml_str(r['url'])}")
        if r.get("description"):
            ht.append(f"description = {toml_str(r['description'])}")
        ht.append("")
    write(os.path.join(hugo_root, "hugo.toml"), "\n".join(ht))
    lay = os.path.join(hugo_root, "layouts")
    write(os.path.join(lay, "_default", "baseof.html"), HUGO_BASEOF)
    write(os.path.join(lay, "_default", "single.html"), HUGO_SINGLE)
    write(os.path.join(lay, "_default", "list.html"), HUGO_LIST)
    write(os.path.join(lay, "index.html"), HUGO_INDEX)
    if not args.hugo_lean:
        write(os.path.join(lay, "index.json"), HUGO_INDEX_JSON)
    write(os.path.join(lay, "404.html"), HUGO_404)
    write(os.path.join(hugo_root, "static", "css", "site.css"), HUGO_CSS)
    write(os.path.join(hugo_root, "static", "css", "print.css"), HUGO_PRINT_CSS)
    write(os.path.join(hugo_root, "static", "css", "syntax.css"), HUGO_SYNTAX_CSS)

    # --- section pages (same Markdown in both trees; front matter differs)
    def both(rel, sg_fm, hugo_fm, body):
        write(os.path.join(sg_root, "content", rel), sg_fm + "\n" + body)
        write(os.path.join(hugo_root, "content", rel), hugo_fm + "\n" + body)

    home_body = ("This site is a generated benchmark corpus: online safety guidance for parents and carers, "
                 "children, young people, professionals and schools. Choose who you are from the menu, or "
                 "search the guidance.\n")
    both("_index.md", f"---\ntitle: {yaml_str('Online safety')}\nsummary: {yaml_str(description)}\n---\n",
         f"---\ntitle: {yaml_str('Online safety')}\nsummary: {yaml_str(description)}\n---\n", home_body)
    hugo_extra = {"search.md": ("Search", "Search all the guidance on this site."),
                  "report.md": ("Report a concern", "Every way to report a concern, in one place.")}
    for rel, (t, s) in hugo_extra.items():
        write(os.path.join(hugo_root, "content", rel),
              f"---\ntitle: {yaml_str(t)}\nsummary: {yaml_str(s)}\n---\n\n{s}\n")

    names = {a["id"]: a.get("name", AUDIENCE_FALLBACK_NAMES.get(a["id"], a["id"])) for a in audiences_meta}
    dirs = sorted({p.dir for p in pages})
    section_dirs = set()
    for d in dirs:
        parts = d.split("/")
        for k in range(1, len(parts) + 1):
            section_dirs.add("/".join(parts[:k]))
    topic_names = {t["id"]: t["name"] for t in TOPICS}
    for d in sorted(section_dirs):
        parts = d.split("/")
        rng = random.Random(f"{args.seed}:section:{d}")
        aud = parts[0]
        if len(parts) == 1:
            title = names.get(aud, aud)
            summary = f"Online safety guidance for {AUDIENCE_PHRASE[aud]}."
            sg_extra = f"audience: [{aud}]\nweight: {AUDIENCES.index(aud) + 1}\n"
        elif len(parts) == 2:
            title = topic_names[parts[1]]
            summary = f"{title}: guidance for {AUDIENCE_PHRASE[aud]}."
            sg_extra = f"weight: {rng.randint(1, 50)}\n"
        else:
            title = f"{topic_names[parts[1]]}, part {int(parts[2].split('-')[1])}"
            summary = f"More guidance on {topic_names[parts[1]].lower()} for {AUDIENCE_PHRASE[aud]}."
            sg_extra = f"weight: {int(parts[2].split('-')[1])}\n"
        pick = SentencePicker(rng, aud, rng.choice(TOPICS))
        body = pick.paragraph() + "\n\n" + pick.paragraph() + "\n"
        both(f"{d}/_index.md",
             f"---\ntitle: {yaml_str(title)}\nsummary: {yaml_str(summary)}\n{sg_extra}---\n",
             f"---\ntitle: {yaml_str(title)}\nsummary: {yaml_str(summary)}\n{sg_extra.replace('audience:', 'audience_section:')}---\n",
             body)

    # --- pages
    for p in pages:
        body, links = build_body(p, pages, by_audience, args.seed)
        lrng = random.Random(f"{args.seed}:links:{p.idx}")
        sg_body = render_links(body, links, sg_href_for(p, lrng))
        hugo_body = render_links(body, links, hugo_href)
        assert "{{" not in sg_body
        write(os.path.join(sg_root, "content", p.rel), sg_front(p) + "\n" + sg_body)
        write(os.path.join(hugo_root, "content", p.rel), hugo_front(p) + "\n" + hugo_body)

    print(f"gen_corpus: {args.n} pages in {len(section_dirs)} sections -> {sg_root} and {hugo_root}")


if __name__ == "__main__":
    main()
