//! The content tree: every Markdown file under `content/` and the files published beside them.

use crate::diagnostics::rule;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::frontmatter::{self, FrontMatter};
use super::layers::{FileSource, LayerFile, Layers};
pub use super::walk::{display_path, rel_path};
use crate::diagnostics::{Diagnostic, Diagnostics};

pub mod reread;

pub const CONTENT_DIR: &str = "content";

/// One Markdown file, read and split, before anything is resolved.
#[derive(Debug, Clone)]
pub struct SourcePage {
    /// Path relative to `content/`, with `/` separators: the name links use (`parents/gaming.md`).
    pub rel: String,
    /// Path relative to the site root, for messages (`content/parents/gaming.md`).
    pub display: PathBuf,
    /// Shared: serve's next load takes an unchanged page without copying it.
    pub text: Arc<str>,
    /// The key of `text` (`key::key`), made once when the file is read: serve's next load takes
    /// an unchanged page with it, and every key made from the page's source uses it.
    pub hash: String,
    pub fm: FrontMatter,
    /// Byte offset of the front matter YAML (after the opening `---`).
    pub fm_offset: usize,
    pub body_offset: usize,
    /// `_index.md`: a section page.
    pub is_section: bool,
    /// `index.md`: a page bundle, whose sibling files are its assets.
    pub is_bundle: bool,
    /// A page of the site's base, not its own: a link in it to a page the site hides is
    /// unlinked rather than an error.
    pub from_base: bool,
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
    pub pages: Vec<Arc<SourcePage>>,
    pub assets: Vec<Asset>,
    /// Markdown files that could not be loaded: links to them are not reported again as broken.
    pub failed: HashSet<String>,
    /// Base pages site.yaml hides (`hide:`), with the file each is: links to them are errors.
    pub hidden: HashMap<String, PathBuf>,
    pub layers: Layers,
}

/// Hiding an audience hides what only it reads: the base's pages in its folder
/// (`content/<id>/`) and those written for hidden audiences only go (links to them from base
/// pages become plain text, as for any hidden page); other base pages just forget it.
pub fn drop_hidden_audiences(tree: &mut ContentTree, hidden: &[String]) {
    if hidden.is_empty() {
        return;
    }
    let is_hidden = |a: &String| hidden.contains(a);
    let mut gone = Vec::new();
    tree.pages.retain_mut(|p| {
        if !p.from_base {
            return true;
        }
        let in_folder = p
            .rel
            .split('/')
            .next()
            .is_some_and(|f| hidden.iter().any(|h| h == f))
            && p.rel.contains('/');
        let only_hidden =
            p.fm.audience
                .as_ref()
                .is_some_and(|a| !a.is_empty() && a.iter().all(is_hidden));
        if in_folder || only_hidden {
            gone.push((p.rel.clone(), p.display.clone()));
            return false;
        }
        if p.fm
            .audience
            .as_ref()
            .is_some_and(|a| a.iter().any(is_hidden))
        {
            // (A copy: serve's Reread keeps the page as read.)
            if let Some(a) = &mut Arc::make_mut(p).fm.audience {
                a.retain(|x| !is_hidden(x));
            }
        }
        true
    });
    tree.hidden.extend(gone);
}

/// Reads every file under `root/content` of a site without a base.
#[cfg(test)]
pub fn load(root: &std::path::Path, include_drafts: bool) -> (ContentTree, Diagnostics) {
    load_layered(
        &Layers::site(root),
        &[],
        include_drafts,
        &|_, rel| rel.to_string(),
        None,
    )
}

/// Reads every file under the content/ folders of the site's layers, leaving out the base pages
/// in `hide`. Files that fail are reported and left out, so that later stages can still find
/// every other problem in the same run.
/// Each file is named `key(layer, rel)` (see [`Layers::files_keyed`]); `hide` names base files
/// as the base names them.
pub fn load_layered(
    layers: &Layers,
    hide: &[String],
    include_drafts: bool,
    key: &dyn Fn(usize, &str) -> String,
    reread: Option<&reread::Reread>,
) -> (ContentTree, Diagnostics) {
    let mut ds = Diagnostics::new();
    // Only a site of its own must have content/: one on a base may hold nothing but site.yaml.
    let own = layers.dirs(CONTENT_DIR).pop().unwrap_or_default();
    if !layers.has_base() && !own.is_dir() {
        ds.push(
            Diagnostic::error(rule::CONTENT, "the site has no content/ folder")
                .in_file(CONTENT_DIR)
                .help("create content/_index.md for the home page"),
        );
        return (ContentTree::default(), ds);
    }
    // Links out of the site and hidden files are left out here, once, for every later stage.
    // (serve may take the last walk instead: see `Reread::trust`.)
    let walked = reread.and_then(|r| r.walked(layers, key));
    let trusted = walked.is_some();
    let (found, walk_ds) =
        walked.unwrap_or_else(|| layers.files_keyed(CONTENT_DIR, usize::MAX, key));
    if let Some(r) = reread {
        r.walk_done(&found, &walk_ds);
    }
    ds.extend(walk_ds);
    let hide: Vec<String> = hide.iter().map(|h| key(1, h)).collect();
    let mut hidden = HashMap::new();
    let found: Vec<LayerFile> = found
        .into_iter()
        .filter(|f| {
            let hide_it = hide.contains(&f.rel);
            if hide_it {
                hidden.insert(f.rel.clone(), f.display.clone());
            }
            !hide_it
        })
        .collect();
    let (markdown, others): (Vec<_>, Vec<_>) =
        found.into_iter().partition(|f| f.rel.ends_with(".md"));

    let results: Vec<Result<Arc<SourcePage>, Diagnostics>> = markdown
        .par_iter()
        .map(|f| read_layer_page(f, reread, trusted))
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut failed = HashSet::new();
    for (r, f) in results.into_iter().zip(&markdown) {
        match r {
            Ok(p) if p.fm.draft && !include_drafts => {}
            Ok(p) => pages.push(p),
            Err(d) => {
                failed.insert(f.rel.clone());
                ds.extend(d);
            }
        }
    }

    // Files beside a bundle's index.md belong to that page and are published under its URL; other
    // files keep their place in the tree. (The built-in pack's content is Markdown only.)
    let assets = others
        .into_iter()
        .filter_map(|f| match f.source {
            FileSource::Path(source) => Some(Asset { source, rel: f.rel }),
            FileSource::Embedded(_) => None,
        })
        .collect();

    (
        ContentTree {
            pages,
            assets,
            failed,
            hidden,
            layers: layers.clone(),
        },
        ds,
    )
}

/// Reads and splits one Markdown file of any layer, or takes it from `reread` when unchanged
/// (by its size and time; or, when the load `trusted` the watcher, when it is there).
fn read_layer_page(
    f: &LayerFile,
    reread: Option<&reread::Reread>,
    trusted: bool,
) -> Result<Arc<SourcePage>, Diagnostics> {
    let same_place = |p: &Arc<SourcePage>| p.rel == f.rel && p.from_base == (f.layer > 0);
    if let (true, Some(reread)) = (trusted, reread) {
        if let Some(page) = reread.get_trusted(&f.display).filter(same_place) {
            return Ok(page);
        }
    }
    let stamp = match (&f.source, reread) {
        (FileSource::Path(p), Some(_)) => reread::Reread::stamp(p),
        _ => None,
    };
    if let (Some(stamp), Some(reread)) = (stamp, reread) {
        // The same file in the same place (site.yaml's languages decide `rel`).
        if let Some(page) = reread.get(&f.display, stamp).filter(same_place) {
            return Ok(page);
        }
    }
    let page = Arc::new(read_layer_page_now(f)?);
    if let (Some(stamp), Some(reread)) = (stamp, reread) {
        reread.put(stamp, &page);
    }
    Ok(page)
}

fn read_layer_page_now(f: &LayerFile) -> Result<SourcePage, Diagnostics> {
    let bytes = f.read().map_err(|e| {
        Diagnostic::error(rule::IO, format!("cannot read the file: {e}"))
            .in_file(&f.display)
            .help("check that the file exists and that you are allowed to read it")
    })?;
    let mut page = parse_page(f.display.clone(), bytes.into_owned(), &f.rel)?;
    page.from_base = f.layer > 0;
    Ok(page)
}

/// Splits and parses the bytes of one Markdown file, named `display` in messages.
fn parse_page(display: PathBuf, bytes: Vec<u8>, rel: &str) -> Result<SourcePage, Diagnostics> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
        Diagnostic::error(rule::ENCODING, "the file is not valid UTF-8 text")
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
        from_base: false,
        fm,
        fm_offset,
        body_offset,
        hash: crate::key::key(&[text.as_bytes()]),
        text: text.into(),
    })
}

/// Hidden and editor backup files, which the site ignores.
pub use super::walk::is_hidden;
