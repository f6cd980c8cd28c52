//! Walking the site's folders (content/, static/, templates/, a theme) without leaving the site.
//!
//! Symbolic links are followed only when their target lies inside the site root and is not hidden,
//! so a link cannot publish `~/.ssh` or the site's own `.env`; loops are reported, not followed.
//! Hidden files and editor backups are skipped everywhere, as the author never means to publish them.

use crate::diagnostics::rule;
use std::cell::RefCell;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics};

/// One regular file found by [`files`].
#[derive(Debug, Clone)]
pub struct Found {
    /// The path to read, as walked (it may pass through a followed link).
    pub path: PathBuf,
    /// `/`-separated path relative to the walked folder.
    pub rel: String,
}

/// Hidden files and folders (`.env`, `.git/`), editor backups (`page.md~`, `#page.md#`) and Office
/// lock files (`~$policy.docx`), which the site ignores.
pub fn is_hidden(name: &std::ffi::OsStr) -> bool {
    let n = name.to_string_lossy();
    (n.starts_with('.') && n != ".")
        || n.ends_with('~')
        || n.starts_with("~$")
        || (n.len() > 1 && n.starts_with('#') && n.ends_with('#'))
}

/// The site root as the file system resolves it, for `starts_with` checks against link targets.
pub fn canonical_root(root: &Path) -> PathBuf {
    root.canonicalize().unwrap_or_else(|_| root.to_path_buf())
}

/// Every regular file under `dir`, sorted by name, skipping hidden names and links that lead out of
/// `root` (each reported as a warning naming the link). `dir` missing is no error: the folders are
/// optional. Unreadable entries are errors.
pub fn files(root: &Path, dir: &Path) -> (Vec<Found>, Diagnostics) {
    files_to_depth(root, dir, usize::MAX)
}

/// [`files`] of a `static/` folder: as [`files`], but a top-level `.well-known/` folder (RFC 8615:
/// `security.txt`, domain verification) is published, as web hosts expect it.
pub fn static_files(root: &Path, dir: &Path) -> (Vec<Found>, Diagnostics) {
    walk(root, dir, usize::MAX, true)
}

/// [`files`], only `max_depth` folders deep (1: the files directly in `dir`).
pub fn files_to_depth(root: &Path, dir: &Path, max_depth: usize) -> (Vec<Found>, Diagnostics) {
    walk(root, dir, max_depth, false)
}

fn walk(root: &Path, dir: &Path, max_depth: usize, well_known: bool) -> (Vec<Found>, Diagnostics) {
    let mut out = Vec::new();
    let ds = RefCell::new(Diagnostics::new());
    if !dir.is_dir() {
        return (out, ds.into_inner());
    }
    let canon_root = canonical_root(root);
    let walker = WalkDir::new(dir)
        .max_depth(max_depth)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let allowed = well_known && e.depth() == 1 && e.file_name() == ".well-known";
            if e.depth() > 0 && is_hidden(e.file_name()) && !allowed {
                return false;
            }
            // Only a link (or the walked folder itself, which may be one) can lead elsewhere.
            if !(e.path_is_symlink() || e.depth() == 0) {
                return true;
            }
            match link_target_problem(&canon_root, e.path(), e.depth() > 0) {
                None => true,
                Some(why) => {
                    ds.borrow_mut().push(
                        Diagnostic::warning(
                            rule::SYMLINK,
                            format!(
                                "the link {} {why}; it is not followed",
                                shown(root, e.path()).display()
                            ),
                        )
                        .in_file(shown(root, e.path()))
                        .help(
                            "copy the file into the site instead of linking to it, or remove the link",
                        ),
                    );
                    false
                }
            }
        });
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => out.push(Found {
                rel: rel_path(dir, e.path()),
                path: e.into_path(),
            }),
            Ok(_) => {}
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| shown(root, p))
                    .unwrap_or_else(|| shown(root, dir));
                let d = if err.loop_ancestor().is_some() {
                    Diagnostic::warning(
                        rule::SYMLINK,
                        format!(
                            "the link {} leads back into a folder that contains it; it is not followed",
                            path.display()
                        ),
                    )
                    .in_file(&path)
                    .help("remove the link: it makes the folder contain itself")
                } else {
                    Diagnostic::error(rule::IO, format!("cannot read this folder entry: {err}"))
                        .in_file(&path)
                        .help("check the file's permissions, or remove a link that points nowhere")
                };
                ds.borrow_mut().push(d);
            }
        }
    }
    (out, ds.into_inner())
}

/// Why the link at `path` must not be followed, if it must not: its target is outside the site or
/// (`check_hidden`, for links inside the walked folder) hidden. A link that points nowhere is left
/// to the walk, which reports it as unreadable.
fn link_target_problem(canon_root: &Path, path: &Path, check_hidden: bool) -> Option<&'static str> {
    let target = path.canonicalize().ok()?;
    let Ok(inside) = target.strip_prefix(canon_root) else {
        return Some("leads outside the site folder");
    };
    if check_hidden && inside.components().any(|c| is_hidden(c.as_os_str())) {
        return Some("leads to a hidden file or folder");
    }
    None
}

fn shown(root: &Path, path: &Path) -> PathBuf {
    display_path(root, path)
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
