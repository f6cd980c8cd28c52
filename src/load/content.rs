//! The content tree: every Markdown file under `content/` and the files published beside them.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::frontmatter::{self, FrontMatter};
use crate::diagnostics::{Diagnostic, Diagnostics};

pub const CONTENT_DIR: &str = "content";

/// One Markdown file, read and split, before anything is resolved.
#[derive(Debug)]
pub struct SourcePage {
    /// Path relative to `content/`, with `/` separators: the name links use (`parents/gaming.md`).
    pub rel: String,
    /// Path relative to the site root, for messages (`content/parents/gaming.md`).
    pub display: PathBuf,
    pub text: String,
    pub fm: FrontMatter,
    /// Byte offset of the front matter YAML (after the opening `---`).
    pub fm_offset: usize,
    pub body_offset: usize,
    /// `_index.md`: a section page.
    pub is_section: bool,
    /// `index.md`: a page bundle, whose sibling files are its assets.
    pub is_bundle: bool,
}

impl SourcePage {
    /// For diagnostics that point into the front matter.
    pub fn yaml_at(&self) -> super::yaml::Embedded<'_> {
        super::yaml::Embedded {
            file: &self.display,
            file_text: &self.text,
            offset: self.fm_offset,
        }
    }

    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// Folder of the file relative to `content/` ("" for the root).
    pub fn dir(&self) -> &str {
        self.rel.rfind('/').map_or("", |i| &self.rel[..i])
    }
}

/// A non-Markdown file under `content/`, copied to the same place in the output.
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    /// Output path relative to the site's output root, `/` separated.
    pub rel: String,
}

#[derive(Debug, Default)]
pub struct ContentTree {
    pub pages: Vec<SourcePage>,
    pub assets: Vec<Asset>,
    /// Markdown files that could not be loaded: links to them are not reported again as broken.
    pub failed: HashSet<String>,
}

/// Reads every file under `root/content`. Files that fail are reported and left out, so that later
/// stages can still find every other problem in the same run.
pub fn load(root: &Path, include_drafts: bool) -> (ContentTree, Diagnostics) {
    let content = root.join(CONTENT_DIR);
    let mut ds = Diagnostics::new();
    if !content.is_dir() {
        ds.push(
            Diagnostic::error("content", "the site has no content/ folder")
                .in_file(CONTENT_DIR)
                .help("create content/_index.md for the home page"),
        );
        return (ContentTree::default(), ds);
    }
    let mut markdown = Vec::new();
    let mut others = Vec::new();
    for entry in WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_hidden(e.file_name()))
    {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = rel_path(&content, e.path());
                if rel.ends_with(".md") {
                    markdown.push((e.path().to_path_buf(), rel));
                } else {
                    others.push((e.path().to_path_buf(), rel));
                }
            }
            Ok(_) => {}
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| display_path(root, p))
                    .unwrap_or_else(|| CONTENT_DIR.into());
                ds.push(
                    Diagnostic::error("io", format!("cannot read this folder entry: {e}"))
                        .in_file(path)
                        .help("check the file's permissions, or remove a link that points nowhere"),
                );
            }
        }
    }

    let results: Vec<Result<SourcePage, Diagnostic>> = markdown
        .par_iter()
        .map(|(path, rel)| read_page(root, path, rel))
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut failed = HashSet::new();
    for (r, (_, rel)) in results.into_iter().zip(&markdown) {
        match r {
            Ok(p) if p.fm.draft && !include_drafts => {}
            Ok(p) => pages.push(p),
            Err(d) => {
                failed.insert(rel.clone());
                ds.push(d);
            }
        }
    }

    // Files beside a bundle's index.md belong to that page and are published under its URL; other
    // files keep their place in the tree.
    let assets = others
        .into_iter()
        .map(|(source, rel)| Asset { source, rel })
        .collect();

    (
        ContentTree {
            pages,
            assets,
            failed,
        },
        ds,
    )
}

/// Reads and splits one Markdown file (`rel` is its path under content/).
pub fn read_page(root: &Path, path: &Path, rel: &str) -> Result<SourcePage, Diagnostic> {
    let display = display_path(root, path);
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error("io", format!("cannot read the file: {e}"))
            .in_file(&display)
            .help("check that the file exists and that you are allowed to read it")
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
        Diagnostic::error("encoding", "the file is not valid UTF-8 text")
            .at_offset(&display, &lossy, valid)
            .help("save the file as UTF-8 (in Word: Save As > Plain Text > Unicode (UTF-8))")
    })?;
    let split = frontmatter::split(&text, &display)?;
    let fm = frontmatter::parse(&split, &text, &display)?;
    let (body_offset, fm_offset) = (split.body_offset, split.yaml_offset);
    let file_name = rel.rsplit('/').next().unwrap_or(rel);
    Ok(SourcePage {
        rel: rel.to_string(),
        display,
        is_section: file_name == "_index.md",
        is_bundle: file_name == "index.md",
        fm,
        fm_offset,
        body_offset,
        text,
    })
}

/// Hidden and editor backup files, which the site ignores.
pub fn is_hidden(name: &std::ffi::OsStr) -> bool {
    let n = name.to_string_lossy();
    (n.starts_with('.') && n != ".") || n.ends_with('~') || n.starts_with("~$")
}

/// `/`-separated path of `path` relative to `base`.
pub fn rel_path(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Every file under a static folder (`dir`, inside the site at `root`) to publish as it is, with
/// its `/`-separated path relative to `dir`. Hidden files and folders (`.env`, `.git/`) and editor
/// backups are left out, as under content/. A link is followed only when it leads to a file or
/// folder inside the site; a link out of the site, or a loop, is reported and skipped, so nothing
/// outside the site folder is ever published.
pub fn static_tree(root: &Path, dir: &Path) -> (Vec<(String, PathBuf)>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut ds = Vec::new();
    if !dir.is_dir() {
        return (files, ds);
    }
    let site = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    let mut it = walk;
    while let Some(entry) = it.next() {
        match entry {
            Ok(e) => {
                if e.path_is_symlink() {
                    let inside = e
                        .path()
                        .canonicalize()
                        .is_ok_and(|real| real.starts_with(&site));
                    if !inside {
                        ds.push(
                            Diagnostic::warning(
                                "outside-site",
                                "this link leads outside the site folder, so it is not published",
                            )
                            .in_file(display_path(root, e.path()))
                            .help("copy the file into the site's static/ folder instead of linking to it"),
                        );
                        if e.file_type().is_dir() {
                            it.skip_current_dir();
                        }
                        continue;
                    }
                }
                if e.file_type().is_file() {
                    files.push((rel_path(dir, e.path()), e.path().to_path_buf()));
                }
            }
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| display_path(root, p))
                    .unwrap_or_else(|| display_path(root, dir));
                let (severity, rule, message, help) = if err.loop_ancestor().is_some() {
                    (
                        crate::diagnostics::Severity::Warning,
                        "link-loop",
                        "this link leads back into a folder that contains it, so it is skipped"
                            .to_string(),
                        "remove the link, or point it at a folder that does not contain it",
                    )
                } else {
                    (
                        crate::diagnostics::Severity::Error,
                        "io",
                        format!("cannot read: {err}"),
                        "check the file's permissions, or remove a link that points nowhere",
                    )
                };
                ds.push(
                    Diagnostic::new(severity, rule, message)
                        .in_file(path)
                        .help(help),
                );
            }
        }
    }
    (files, ds)
}
