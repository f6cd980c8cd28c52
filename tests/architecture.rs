//! The layering of `src/`, checked on every test run so it cannot decay between reviews.
//!
//! The crate is one Cargo package, so the compiler does not stop a stage importing from a later
//! one. This test does: it reads every module's `crate::` / `super::` paths (in `use` and in code,
//! test modules and `*_tests.rs` files left out) and fails on
//!
//! - a **stage-order break**: a module importing from a module of a later stage (below), and
//! - an **import circle** between files (two or more files that reach each other through imports,
//!   even within one folder). A file using what its own parent module defines (`super::Events` in
//!   `markdown/headings.rs`) is not counted: a folder's `mod.rs` and its files are one unit.
//!
//! It also fails on a room too big to read whole: a source file under `src/` over 700 lines (tests
//! in it included; move them to a `*_tests.rs` beside it) or a function over 150 lines.
//!
//! The stages, first to last, are the build's pipeline. A module may import from its own stage
//! (without a circle) and from any earlier one:
//!
//! ```text
//!  0 diagnostics, embedded, html, key, timings,       shared by every stage
//!    progress, safe_fs, csv_cell
//!  1 load                                             site.yaml, content, packs, profiles
//!  2 markdown                                         the Markdown passes of one page
//!  3 resolve                                          URLs, sections, tags, links across files
//!  4 plan                                             which files a build writes
//!  5 render                                           pages and generated files to HTML
//!  6 packs, search                                    printable packs, the search index
//!  7 write                                            URL rewriting, minifying, the output folder
//!  8 engine                                           keyed plan, render what changed, write
//!  9 pipeline                                         the stages run in order
//! 10 check, returns, serve                            the commands' own work
//! 11 commands                                         the CLI's subcommands
//! 12 lib, main                                        the crate's root
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const STAGES: &[&[&str]] = &[
    &[
        "diagnostics",
        "embedded",
        "html",
        "key",
        "timings",
        "progress",
        "safe_fs",
        "csv_cell",
    ],
    &["load"],
    &["markdown"],
    &["resolve"],
    &["plan"],
    &["render"],
    &["packs", "search"],
    &["write"],
    &["engine"],
    &["pipeline"],
    &["check", "returns", "serve"],
    &["commands"],
    &["lib", "main"],
];

fn stage(top: &str) -> usize {
    STAGES
        .iter()
        .position(|s| s.contains(&top))
        .unwrap_or_else(|| panic!("src/{top}: add it to a stage in tests/architecture.rs"))
}

/// A module's path from the crate root (`["render", "context"]`; `[]` for lib.rs).
type Module = Vec<String>;

fn module_of(rel: &Path) -> Module {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().expect("a file name");
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_string());
    }
    parts
}

fn top_of(m: &Module) -> &str {
    m.first().map(String::as_str).unwrap_or("lib")
}

/// `text` with comments, string and char literals blanked out, so that paths (and braces) in them
/// are not read. Line breaks are kept, so that a line of the result is that line of `text`.
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let rest = &text[i..];
        if rest.starts_with("//") {
            let end = rest.find('\n').unwrap_or(rest.len());
            i += end;
        } else if rest.starts_with("/*") {
            let mut depth = 0;
            let mut j = i;
            while j < b.len() {
                if text[j..].starts_with("/*") {
                    depth += 1;
                    j += 2;
                } else if text[j..].starts_with("*/") {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            out.push(' ');
            out.push_str(&line_breaks(&text[i..j.min(b.len())]));
            i = j;
        } else if let Some(len) = raw_string_len(rest) {
            out.push_str("\"\"");
            out.push_str(&line_breaks(&rest[..len]));
            i += len;
        } else if b[i] == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            out.push_str("\"\"");
            out.push_str(&line_breaks(&text[i..(j + 1).min(b.len())]));
            i = j + 1;
        } else if b[i] == b'\'' {
            // A char literal ('x', '\n', '\u{..}'), or else a lifetime, kept as it is.
            let close = if rest[1..].starts_with('\\') {
                rest[2..].find('\'').map(|k| k + 2)
            } else {
                rest[1..]
                    .char_indices()
                    .nth(1)
                    .filter(|(_, c)| *c == '\'')
                    .map(|(k, _)| k + 1)
            };
            match close {
                Some(k) => {
                    i += k + 1;
                    out.push_str("' '");
                }
                None => {
                    out.push('\'');
                    i += 1;
                }
            }
        } else {
            let c = rest.chars().next().expect("not at the end");
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The line breaks in `s`, as many as it has.
fn line_breaks(s: &str) -> String {
    "\n".repeat(s.matches('\n').count())
}

/// The length of a raw string literal (`r"..."`, `r#"..."#`, `br"..."`) at the start of `s`.
fn raw_string_len(s: &str) -> Option<usize> {
    let after_b = s.strip_prefix('b').unwrap_or(s);
    let after_r = after_b.strip_prefix('r')?;
    let hashes = after_r.len() - after_r.trim_start_matches('#').len();
    let body = after_r[hashes..].strip_prefix('"')?;
    let close = format!("\"{}", "#".repeat(hashes));
    let end = body.find(&close)?;
    Some(s.len() - body.len() + end + close.len())
}

/// `code` without its `#[cfg(test)] mod name { ... }` blocks: tests may reach any stage.
fn without_test_modules(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "#[cfg(test)]".len()..];
        let trimmed = after.trim_start();
        let is_mod = trimmed.starts_with("mod ") || trimmed.starts_with("pub mod ");
        match (is_mod, trimmed.find(['{', ';'])) {
            (true, Some(k)) if trimmed.as_bytes()[k] == b'{' => {
                let mut depth = 0;
                let mut end = trimmed.len();
                for (j, c) in trimmed[k..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = k + j + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                rest = &trimmed[end..];
            }
            _ => rest = after,
        }
    }
    out.push_str(rest);
    out
}

/// Expands a `use` tree (`a::{b, c::{d as e}}`) into its paths (`a::b`, `a::c::d`).
fn expand_use(tree: &str) -> Vec<String> {
    let Some(open) = tree.find('{') else {
        // `a::b as c`: the path is the part before `as`.
        return vec![tree
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string()];
    };
    let prefix: String = tree[..open].split_whitespace().collect();
    let prefix = prefix.as_str();
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(|p| {
            expand_use(p)
                .into_iter()
                .map(move |s| format!("{prefix}{s}"))
        })
        .collect()
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Every path of `code` that starts at `crate::`, `super::` or `self::`, or (in a `use`) at a child
/// module, as written.
fn paths_in(code: &str, children: &BTreeSet<String>) -> Vec<String> {
    let mut paths = Vec::new();
    // `use` declarations, expanded.
    for (at, _) in code.match_indices("use ") {
        let before = code[..at].chars().next_back();
        if before.is_some_and(is_ident_char) {
            continue;
        }
        let Some(end) = code[at..].find(';') else {
            continue;
        };
        let tree = &code[at + 4..at + end];
        for p in expand_use(tree) {
            let first = p.split("::").next().unwrap_or_default();
            if children.contains(first) {
                paths.push(format!("self::{p}"));
            } else {
                paths.push(p);
            }
        }
    }
    // Paths in code: `crate::a::b`, `super::x`.
    for start in ["crate::", "super::", "self::"] {
        for (at, _) in code.match_indices(start) {
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| is_ident_char(c) || c == ':') {
                continue;
            }
            let len = code[at..]
                .find(|c: char| !(is_ident_char(c) || c == ':'))
                .unwrap_or(code.len() - at);
            let path = code[at..at + len].trim_end_matches(':');
            // `crate::{a, b}`: the `use` above has read it.
            if path.contains("::") {
                paths.push(path.to_string());
            }
        }
    }
    paths
}

/// The file module a path (as written in `from`) lands in: its longest prefix that is a module.
fn target(path: &str, from: &Module, modules: &BTreeSet<Module>) -> Option<Module> {
    let mut segs = path.split("::").filter(|s| !s.is_empty());
    let mut here: Module = match segs.next()? {
        "crate" => Vec::new(),
        "self" => from.clone(),
        "super" => {
            // `super` of module a::b is a, whether its file is a/b.rs or a/b/mod.rs.
            let mut m = from.clone();
            m.pop();
            m
        }
        _ => return None,
    };
    let mut segs = segs.peekable();
    while segs.peek() == Some(&"super") {
        segs.next();
        here.pop();
    }
    let mut best = here.clone();
    for s in segs {
        here.push(s.to_string());
        if modules.contains(&here) {
            best = here.clone();
        } else {
            break;
        }
    }
    Some(best)
}

struct Graph {
    /// file module -> (module it imports -> the paths that import it)
    edges: BTreeMap<Module, BTreeMap<Module, BTreeSet<String>>>,
}

fn graph() -> Graph {
    let src = common_src();
    let mut files = BTreeMap::new();
    for e in walkdir::WalkDir::new(&src) {
        let e = e.expect("walk src");
        // `*_tests.rs` are test modules kept beside their file (`#[path]`): tests may reach any stage.
        let name = e.file_name().to_string_lossy();
        if e.file_type().is_file() && name.ends_with(".rs") && !name.ends_with("_tests.rs") {
            let rel = e.path().strip_prefix(&src).expect("inside").to_path_buf();
            files.insert(module_of(&rel), rel);
        }
    }
    let modules: BTreeSet<Module> = files.keys().cloned().collect();
    let mut edges = BTreeMap::new();
    for (m, rel) in &files {
        let text = std::fs::read_to_string(src.join(rel)).expect("read source");
        let code = without_test_modules(&code_only(&text));
        let children: BTreeSet<String> = modules
            .iter()
            .filter(|c| c.len() == m.len() + 1 && c.starts_with(m))
            .map(|c| c.last().expect("a child").clone())
            .collect();
        // main.rs is a crate of its own, over the library.
        if rel == Path::new("main.rs") {
            edges.insert(m.clone(), BTreeMap::new());
            continue;
        }
        let mut to: BTreeMap<Module, BTreeSet<String>> = BTreeMap::new();
        for p in paths_in(&code, &children) {
            let Some(t) = target(&p, m, &modules) else {
                continue;
            };
            if &t != m {
                to.entry(t).or_default().insert(p);
            }
        }
        edges.insert(m.clone(), to);
    }
    Graph { edges }
}

fn common_src() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn name(m: &Module) -> String {
    if m.is_empty() {
        "lib".into()
    } else {
        m.join("::")
    }
}

#[test]
fn no_module_imports_from_a_later_stage() {
    let g = graph();
    let mut breaks = Vec::new();
    for (from, tos) in &g.edges {
        for (to, paths) in tos {
            let (a, b) = (stage(top_of(from)), stage(top_of(to)));
            if b > a {
                breaks.push(format!(
                    "  {} (stage {a}) imports {} (stage {b}): {}",
                    name(from),
                    name(to),
                    paths.iter().cloned().collect::<Vec<_>>().join(", ")
                ));
            }
        }
    }
    assert!(
        breaks.is_empty(),
        "{} imports run back up the pipeline (see the stages in tests/architecture.rs); move the \
         shared item down to the earlier stage, or pass it in:\n{}",
        breaks.len(),
        breaks.join("\n")
    );
}

/// Tarjan's strongly connected components of the file graph; those of two or more files are
/// circles.
fn circles(g: &Graph) -> Vec<Vec<Module>> {
    struct State<'a> {
        g: &'a Graph,
        index: BTreeMap<&'a Module, usize>,
        low: BTreeMap<&'a Module, usize>,
        stack: Vec<&'a Module>,
        on_stack: BTreeSet<&'a Module>,
        found: Vec<Vec<Module>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a Module) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        let g = s.g;
        // A module's use of its ancestors (`super::`) is not an arrow of a circle: see the header.
        let out = g.edges.get(v).into_iter().flat_map(|t| t.keys());
        for w in out.filter(|w| !v.starts_with(w)) {
            let Some((w, _)) = g.edges.get_key_value(w) else {
                continue;
            };
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(lw);
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                comp.push(w.clone());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                s.found.push(comp);
            }
        }
    }
    let mut s = State {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in g.edges.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.found
}

#[test]
fn no_files_import_each_other_in_a_circle() {
    let g = graph();
    let found = circles(&g);
    let text: Vec<String> = found
        .iter()
        .map(|c| {
            let inside: BTreeSet<&Module> = c.iter().collect();
            let arrows: Vec<String> = c
                .iter()
                .flat_map(|from| {
                    g.edges[from]
                        .iter()
                        .filter(|(to, _)| inside.contains(to) && !from.starts_with(to))
                        .map(move |(to, paths)| {
                            format!(
                                "    {} -> {}: {}",
                                name(from),
                                name(to),
                                paths.iter().cloned().collect::<Vec<_>>().join(", ")
                            )
                        })
                })
                .collect();
            format!(
                "  {}:\n{}",
                c.iter().map(name).collect::<Vec<_>>().join(", "),
                arrows.join("\n")
            )
        })
        .collect();
    assert!(
        found.is_empty(),
        "{} import circles; move what both sides need into one of them, or down a stage:\n{}",
        found.len(),
        text.join("\n")
    );
}

/// The reader above finds the imports it must: a check of the checker on known text.
#[test]
fn the_reader_finds_use_trees_paths_in_code_and_skips_comments_strings_and_tests() {
    let text = r##"
//! Doc naming crate::search.
use crate::{load::config::{A, B}, resolve as r};
use super::x::Y;
use child::Z;
fn f() { let s = "crate::write"; let t = r#"crate::serve"#; crate::plan::plan(); let c = 'x'; }
fn g<'a>(x: &'a str) {}
/* crate::check */
#[cfg(test)]
mod tests { use crate::pipeline; }
"##;
    let code = without_test_modules(&code_only(text));
    let children: BTreeSet<String> = ["child".to_string()].into();
    let mut paths = paths_in(&code, &children);
    paths.sort();
    paths.dedup();
    assert_eq!(
        paths,
        [
            "crate::load::config::A",
            "crate::load::config::B",
            "crate::plan::plan",
            "crate::resolve",
            "self::child::Z",
            "super::x::Y",
        ]
    );
    let modules: BTreeSet<Module> = [
        vec![],
        vec!["load".to_string()],
        vec!["load".to_string(), "config".to_string()],
        vec!["render".to_string()],
        vec!["render".to_string(), "x".to_string()],
    ]
    .into();
    let from = vec!["render".to_string(), "context".to_string()];
    assert_eq!(
        target("crate::load::config::A", &from, &modules),
        Some(vec!["load".to_string(), "config".to_string()])
    );
    assert_eq!(
        target("super::x::Y", &from, &modules),
        Some(vec!["render".to_string(), "x".to_string()])
    );
}

/// The most lines a source file may have, tests in it included.
const MAX_FILE_LINES: usize = 700;
/// The most lines a function may have, from its `fn` line to its closing brace.
const MAX_FN_LINES: usize = 150;

/// Every `.rs` file under `src/` (test files beside the code included), with its path from the
/// crate root and its text.
fn sources() -> Vec<(String, String)> {
    let src = common_src();
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let e = e.expect("walk src");
        if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "rs") {
            let rel = e.path().strip_prefix(&src).expect("inside");
            let text = std::fs::read_to_string(e.path()).expect("read source");
            out.push((format!("src/{}", rel.display()), text));
        }
    }
    out
}

/// Each function with a body in `text`: its name, first line (1-based) and length in lines, from
/// the line of `fn` to the line of its closing brace. Nested functions are counted on their own
/// too (and within the function around them).
fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let code = code_only(text);
    let b = code.as_bytes();
    let line_at = |at: usize| code[..at].matches('\n').count() + 1;
    let mut found = Vec::new();
    for (at, _) in code.match_indices("fn") {
        let before = code[..at].chars().next_back();
        let after = &code[at + 2..];
        // `fn name`, not `Fn(`, `fn(` (a pointer type) or a longer word.
        if before.is_some_and(is_ident_char) || !after.starts_with(char::is_whitespace) {
            continue;
        }
        let name: String = after
            .trim_start()
            .chars()
            .take_while(|c| is_ident_char(*c))
            .collect();
        if name.is_empty() {
            continue;
        }
        // The body: the first `{` before any `;` (a declaration without a body has none).
        let Some(open) = after
            .find(['{', ';'])
            .filter(|&k| after.as_bytes()[k] == b'{')
        else {
            continue;
        };
        let open = at + 2 + open;
        let mut depth = 0usize;
        let mut close = None;
        for (k, &c) in b.iter().enumerate().skip(open) {
            match c {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(k);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(close) = close else { continue };
        let first = line_at(at);
        found.push((name, first, line_at(close) - first + 1));
    }
    found
}

#[test]
fn no_source_file_is_over_700_lines_and_no_function_over_150() {
    let mut long = Vec::new();
    for (path, text) in sources() {
        let lines = text.lines().count();
        if lines > MAX_FILE_LINES {
            long.push(format!(
                "  {path}: {lines} lines (at most {MAX_FILE_LINES})"
            ));
        }
        for (name, line, n) in functions(&text) {
            if n > MAX_FN_LINES {
                long.push(format!(
                    "  {path}:{line}: fn {name} is {n} lines (at most {MAX_FN_LINES})"
                ));
            }
        }
    }
    assert!(
        long.is_empty(),
        "{} rooms too big; split the file into child modules (tests into a `*_tests.rs` beside \
         it) or the function into named steps:\n{}",
        long.len(),
        long.join("\n")
    );
}

/// The counter above on known text: bodies found past strings, comments, pointer types and
/// declarations, lengths from `fn` to the closing brace.
#[test]
fn the_counter_measures_functions_from_fn_to_their_closing_brace() {
    let text = r##"
trait T { fn declared(&self); }
/// A doc comment naming fn nothing { }
pub(crate) fn outer(f: fn(u8) -> u8) -> &'static str {
    let s = "} fn fake() {";
    let r = r#"
    }
    "#;
    fn inner() {}
    /* { */
    s
}
"##;
    let found = functions(text);
    assert_eq!(
        found,
        [("outer".to_string(), 4, 9), ("inner".to_string(), 9, 1),]
    );
}
