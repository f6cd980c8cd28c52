//! Layers: a site standing on a base (`base: default` or `base: ../national-pack`).
//!
//! The site's `content/`, `packs/`, `profiles/`, `templates/` and `static/` lie over the base's by
//! path, and a base may itself have a base. Every consumer reads its folder through
//! [`Layers::files`], which yields each file once, from the topmost layer that has it, with the
//! name diagnostics show (`../national/content/x.md`, `<built-in>/content/x.md`). A declared base
//! folder is the one place outside the site folder that safeguide reads.

use crate::diagnostics::rule;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use include_dir::Dir;

use super::walk;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::embedded;
use crate::safe_fs::read;

/// The name the built-in default pack has in messages.
pub const BUILTIN: &str = "<built-in>";

/// The note `safeguide new` leaves at the top of each folder of a thin site, saying what goes
/// there: for the author, never published or read as a page.
pub const FOLDER_NOTE: &str = "README.txt";

/// One layer: a folder on disk, or the pack built into the binary.
#[derive(Debug, Clone)]
pub enum LayerRoot {
    Folder {
        root: PathBuf,
        /// How messages name the folder, relative to the site root ("" for the site itself).
        shown: PathBuf,
    },
    Builtin,
}

impl LayerRoot {
    /// The name of `rel` (a path inside the layer) in messages.
    pub fn display(&self, rel: &str) -> PathBuf {
        match self {
            LayerRoot::Folder { shown, .. } => shown.join(rel),
            LayerRoot::Builtin => Path::new(BUILTIN).join(rel),
        }
    }
}

/// The site's layers, the site itself first, then its base, the base's base and so on.
#[derive(Debug, Clone, Default)]
pub struct Layers {
    pub stack: Vec<LayerRoot>,
    /// Warnings from laying the site's site.yaml over its bases' (a list replaced entry by entry).
    pub notes: Diagnostics,
}

/// Where a file's bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileSource {
    Path(PathBuf),
    Embedded(&'static [u8]),
}

/// One file as the layers resolve it.
#[derive(Debug, Clone)]
pub struct LayerFile {
    /// `/`-separated path inside the walked folder (`parents/gaming.md` under content/).
    pub rel: String,
    pub source: FileSource,
    /// The real file, as messages name it (`content/x.md`, `../national/content/x.md`).
    pub display: PathBuf,
    /// Index into [`Layers::stack`]: 0 is the site's own file.
    pub layer: usize,
    /// The folder of the layer the file belongs to, which its real path must stay inside
    /// (empty for the built-in pack).
    pub root: PathBuf,
}

impl LayerFile {
    /// The file's bytes, read under the read rule ([`crate::safe_fs::read`]): a regular file
    /// inside its layer, of at most [`read::TEXT_LIMIT`] bytes.
    pub fn read(&self) -> std::io::Result<Cow<'static, [u8]>> {
        match &self.source {
            FileSource::Path(p) => read::read(&self.root, p, read::TEXT_LIMIT)
                .map(Cow::Owned)
                .map_err(read::ReadError::into_io),
            FileSource::Embedded(b) => Ok(Cow::Borrowed(b)),
        }
    }
}

/// The built-in pack's copy of a site folder, if it has one.
fn builtin_dir(folder: &str) -> Option<&'static Dir<'static>> {
    match folder {
        "content" => Some(&embedded::DEFAULT_CONTENT),
        "packs" => Some(&embedded::DEFAULT_PACKS),
        "profiles" => Some(&embedded::DEFAULT_PROFILES),
        _ => None,
    }
}

/// Sorts like the folder walk (by path component), so that a site without a base lists its files
/// in the same order as before layers existed.
fn walk_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.split('/').cmp(b.split('/'))
}

impl Layers {
    /// A site without a base.
    pub fn site(root: &Path) -> Layers {
        Layers {
            stack: vec![LayerRoot::Folder {
                root: root.to_path_buf(),
                shown: PathBuf::new(),
            }],
            notes: Diagnostics::new(),
        }
    }

    pub fn has_base(&self) -> bool {
        self.stack.len() > 1
    }

    /// The site's own file at `rel` under `folder`, as [`Layers::files_keyed`] would list it
    /// (`key` names it), when it is a regular file that the walk would find: not hidden, and
    /// neither it nor a folder on its way a link (those the walk alone decides on). None
    /// otherwise, or when it is not there.
    pub fn own_file(
        &self,
        folder: &str,
        rel: &str,
        key: &dyn Fn(usize, &str) -> String,
    ) -> Option<LayerFile> {
        let Some(LayerRoot::Folder { root, shown }) = self.stack.first() else {
            return None;
        };
        if !shown.as_os_str().is_empty() || rel.is_empty() {
            return None;
        }
        let mut path = root.join(folder);
        for part in rel.split('/') {
            if part.is_empty() || part == "." || part == ".." || walk::is_hidden(part.as_ref()) {
                return None;
            }
            path.push(part);
            let meta = std::fs::symlink_metadata(&path).ok()?;
            if meta.file_type().is_symlink() {
                return None;
            }
        }
        if !std::fs::symlink_metadata(&path).ok()?.is_file() {
            return None;
        }
        Some(LayerFile {
            rel: key(0, rel),
            display: walk::display_path(root, &path),
            source: FileSource::Path(path),
            layer: 0,
            root: root.clone(),
        })
    }

    /// Every file under `folder` (`content`, `packs`, ...) of every layer, `max_depth` folders deep
    /// (1: the files directly in it), each once, from the topmost layer that has it.
    pub fn files(&self, folder: &str, max_depth: usize) -> (Vec<LayerFile>, Diagnostics) {
        self.files_keyed(folder, max_depth, &|_, rel| rel.to_string())
    }

    /// [`Layers::files`], each file named `key(layer, rel)`: a base written in another main
    /// language than the site's is named in the site's scheme (see `languages::rekey_base`), so
    /// that the site's own files lie over the base's by that name.
    pub fn files_keyed(
        &self,
        folder: &str,
        max_depth: usize,
        key: &dyn Fn(usize, &str) -> String,
    ) -> (Vec<LayerFile>, Diagnostics) {
        let mut ds = Diagnostics::new();
        let mut by_rel: BTreeMap<String, LayerFile> = BTreeMap::new();
        for (layer, root) in self.stack.iter().enumerate().rev() {
            match root {
                LayerRoot::Folder { root: dir, shown } => {
                    // static/ publishes a top-level .well-known/ (RFC 8615); nothing else hidden.
                    let (found, walk_ds) = if folder == "static" {
                        walk::static_files(dir, &dir.join(folder))
                    } else {
                        walk::files_to_depth(dir, &dir.join(folder), max_depth)
                    };
                    // The walk names files relative to the folder it walked: a base's, relative
                    // to the site, as everywhere else.
                    ds.extend(walk_ds.into_iter().map(|mut d| {
                        d.file = d.file.map(|f| shown.join(f));
                        d
                    }));
                    for f in found {
                        // The site's own files are named as they always were, relative to its root.
                        let display = if shown.as_os_str().is_empty() {
                            walk::display_path(dir, &f.path)
                        } else {
                            shown.join(folder).join(&f.rel)
                        };
                        let rel = key(layer, &f.rel);
                        by_rel.insert(
                            rel.clone(),
                            LayerFile {
                                rel,
                                source: FileSource::Path(f.path),
                                display,
                                layer,
                                root: dir.clone(),
                            },
                        );
                    }
                }
                LayerRoot::Builtin => {
                    let Some(dir) = builtin_dir(folder) else {
                        continue;
                    };
                    for (rel, bytes) in embedded::files(dir) {
                        let hidden = rel
                            .split('/')
                            .any(|c| walk::is_hidden(std::ffi::OsStr::new(c)));
                        if hidden || rel.split('/').count() > max_depth {
                            continue;
                        }
                        let display = root.display(&format!("{folder}/{rel}"));
                        let rel = key(layer, rel);
                        by_rel.insert(
                            rel.clone(),
                            LayerFile {
                                rel,
                                source: FileSource::Embedded(bytes),
                                display,
                                layer,
                                root: PathBuf::new(),
                            },
                        );
                    }
                }
            }
        }
        by_rel.remove(FOLDER_NOTE);
        let mut out: Vec<LayerFile> = by_rel.into_values().collect();
        out.sort_by(|a, b| walk_order(&a.rel, &b.rel));
        (out, ds)
    }

    /// The base's file at `rel` under `folder`: what the site's own copy lies over. Looked up
    /// directly in each layer below the site, under the rules of the folder walk (no hidden
    /// names, nothing reached through a link out of that layer), rather than by walking them.
    pub fn base_file(&self, folder: &str, rel: &str) -> Option<LayerFile> {
        let plain = rel.split('/').all(|c| {
            !c.is_empty() && c != "." && c != ".." && !walk::is_hidden(std::ffi::OsStr::new(c))
        });
        if !plain || rel == FOLDER_NOTE {
            return None;
        }
        self.stack
            .iter()
            .enumerate()
            .skip(1)
            .find_map(|(layer, root)| match root {
                LayerRoot::Folder { root: dir, shown } => {
                    let path = dir.join(folder).join(rel);
                    // A regular file inside that layer (links resolved), as the read rule wants.
                    read::check(dir, &path).is_ok().then(|| LayerFile {
                        rel: rel.to_string(),
                        source: FileSource::Path(path),
                        display: shown.join(folder).join(rel),
                        layer,
                        root: dir.clone(),
                    })
                }
                LayerRoot::Builtin => {
                    builtin_dir(folder)
                        .and_then(|d| d.get_file(rel))
                        .map(|f| LayerFile {
                            rel: rel.to_string(),
                            source: FileSource::Embedded(f.contents()),
                            display: root.display(&format!("{folder}/{rel}")),
                            layer,
                            root: PathBuf::new(),
                        })
                }
            })
    }

    /// The folder of every layer on disk, the site's first.
    pub fn roots(&self) -> impl Iterator<Item = &Path> {
        self.stack.iter().filter_map(|l| match l {
            LayerRoot::Folder { root, .. } => Some(root.as_path()),
            LayerRoot::Builtin => None,
        })
    }

    /// The places no output may go: the sources of every layer (see [`write::Protected`]).
    pub fn protected(&self) -> crate::safe_fs::write::Protected {
        crate::safe_fs::write::Protected::of_roots(self.roots())
    }

    /// The real folders named `folder` of every layer on disk, bottom layer first.
    pub fn dirs(&self, folder: &str) -> Vec<PathBuf> {
        self.stack
            .iter()
            .rev()
            .filter_map(|l| match l {
                LayerRoot::Folder { root, .. } => Some(root.join(folder)),
                LayerRoot::Builtin => None,
            })
            .collect()
    }
}

/// Every `hide:` entry that names no page of the site's bases, as an error at its line of
/// site.yaml: a typo must not leave the page published.
pub fn check_hide(root: &Path, layers: &Layers, hide: &[String]) -> Diagnostics {
    let mut ds = Diagnostics::new();
    if hide.is_empty() {
        return ds;
    }
    let below = Layers {
        stack: layers.stack.get(1..).unwrap_or_default().to_vec(),
        ..Default::default()
    };
    let (files, _) = below.files("content", usize::MAX);
    let text = read::text_or_empty(root, "site.yaml");
    let at = super::yaml::Embedded::whole(Path::new("site.yaml"), &text);
    for (i, h) in hide.iter().enumerate() {
        if files.iter().any(|f| f.rel == *h) {
            continue;
        }
        let closest = files
            .iter()
            .filter(|f| f.rel.ends_with(".md"))
            .map(|f| (strsim::levenshtein(h, &f.rel), f.rel.as_str()))
            .min()
            .filter(|(d, _)| *d <= 5);
        let help = match (closest, below.stack.is_empty()) {
            (_, true) => "`hide:` removes pages of the base; add `base: default` (or a base folder) to site.yaml, or remove `hide:`".to_string(),
            (Some((_, c)), false) => format!("did you mean `{c}`? Give the page's path under the base's content/ folder"),
            (None, false) => "give the page's path under the base's content/ folder, e.g. young-people/scams-and-money.md".to_string(),
        };
        ds.push(
            at.at_list_item(
                Diagnostic::error(
                    rule::HIDE,
                    format!("`hide:` names `{h}`, which is not a page of the base"),
                )
                .help(help),
                "hide",
                h,
                i,
            ),
        );
    }
    ds
}

/// `a` joined with `b`, `..` taken off lexically, for naming a base folder relative to the site.
pub fn join_shown(a: &Path, b: &Path) -> PathBuf {
    if b.is_absolute() {
        return b.to_path_buf();
    }
    let mut parts: Vec<Component> = Vec::new();
    for c in a.components().chain(b.components()) {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(parts.last(), Some(Component::Normal(_))) => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.iter().collect()
}

/// The error for a base that cannot be used, at the `base:` line of the file naming it.
pub fn base_error(at: super::yaml::Embedded<'_>, base: &str, why: String) -> Diagnostic {
    at.at_key(
        Diagnostic::error(rule::BASE, format!("the base `{base}` {why}")).help(
            "give `base: default` for the pack built into safeguide, or the path of another site \
             folder (one with a site.yaml), relative to this file, e.g. `base: ../national-pack`",
        ),
        "base",
        Some(base),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_paths_drop_parent_steps() {
        assert_eq!(
            join_shown(Path::new("../regional"), Path::new("../national")),
            PathBuf::from("../national")
        );
        assert_eq!(
            join_shown(Path::new(""), Path::new("./base")),
            PathBuf::from("base")
        );
    }

    #[test]
    fn walk_order_puts_folders_where_the_walk_does() {
        let mut v = vec!["a-b.md", "a/b.md", "_index.md"];
        v.sort_by(|a, b| walk_order(a, b));
        assert_eq!(v, ["_index.md", "a/b.md", "a-b.md"]);
    }

    #[test]
    fn builtin_layer_lists_the_default_pack() {
        let layers = Layers {
            stack: vec![LayerRoot::Builtin],
            ..Default::default()
        };
        let (files, _) = layers.files("content", usize::MAX);
        let home = files.iter().find(|f| f.rel == "_index.md").expect("home");
        assert_eq!(home.display, PathBuf::from("<built-in>/content/_index.md"));
        let (packs, _) = layers.files("packs", 1);
        assert!(packs.iter().all(|p| !p.rel.contains('/')) && !packs.is_empty());
    }
}
