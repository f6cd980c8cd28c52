//! `safeguide override PATH` copies a base file into the site to edit, recording the base file's
//! version; `safeguide diff [PATH]` shows what the base changed since, and the site's copy
//! against the base now.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::diagnostics::Failure;
use crate::load::config::SiteConfig;
use crate::load::layers::{FileSource, LayerFile};
use crate::load::overrides::{self, State};
use crate::pipeline::{self, BuildOptions};
use crate::safe_fs::{read, write};

/// The folders of a site that lie over its base's.
const FOLDERS: [&str; 5] = ["content", "packs", "profiles", "templates", "static"];

#[derive(Debug, Args)]
pub struct OverrideArgs {
    /// The base file to copy, e.g. content/parents/gaming-and-chat.md or templates/base.html.
    pub path: String,
    /// Site folder (default: the current folder).
    #[arg(long)]
    pub root: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// One overridden page (default: every override).
    pub path: Option<String>,
    /// Site folder (default: the current folder).
    #[arg(long)]
    pub root: Option<PathBuf>,
}

/// `content/x.md`, `x.md` or `templates/base.html` as (folder, path inside it).
pub(super) fn split_path(path: &str) -> Result<(&'static str, String), Failure> {
    let clean = path.trim_start_matches("./").replace('\\', "/");
    if clean.split('/').any(|c| c == ".." || c.is_empty()) {
        return Err(Failure::Usage(format!(
            "`{path}` is not a path inside the site; give it as content/parents/gaming-and-chat.md"
        )));
    }
    if let Some((first, rest)) = clean.split_once('/') {
        if let Some(f) = FOLDERS.iter().find(|f| **f == first) {
            return Ok((f, rest.to_string()));
        }
    }
    if clean.ends_with(".md") {
        return Ok(("content", clean));
    }
    Err(Failure::Usage(format!(
        "`{path}` is not in content/, packs/, profiles/, templates/ or static/; give the path \
         from the site folder, e.g. content/parents/gaming-and-chat.md"
    )))
}

pub fn run_override(args: OverrideArgs) -> Result<(), Failure> {
    let root = super::root_or_cwd(args.root);
    let (config, layers) = SiteConfig::load_layered(&root)?;
    if !layers.has_base() {
        return Err(Failure::Usage(
            "this site has no base to copy from; add `base: default` (or a base folder) to \
             site.yaml"
                .into(),
        ));
    }
    let (folder, rel) = split_path(&args.path)?;
    // A base page is copied to the name the site gives it (on a Welsh-main site standing on the
    // English pack, the pack's `x.md` is the site's `x.en-GB.md`), so it keeps its language.
    let own = if folder == "content" {
        crate::load::languages::content_key(&config)(1, &rel)
    } else {
        rel.clone()
    };
    let target = root.join(folder).join(&own);
    let shown = format!("{folder}/{own}");
    if std::fs::symlink_metadata(&target).is_ok() {
        return Err(Failure::Usage(format!(
            "{shown} is already the site's own copy; edit it, or run `safeguide diff {shown}` to \
             see what the base changed"
        )));
    }
    // Templates and static files may also come from the built-in theme, below every layer.
    let theme_file = || {
        (config.theme == "default" && matches!(folder, "templates" | "static"))
            .then(|| crate::embedded::DEFAULT_THEME.get_file(format!("{folder}/{rel}")))
            .flatten()
            .map(|f| LayerFile {
                rel: rel.clone(),
                source: FileSource::Embedded(f.contents()),
                display: PathBuf::from(format!("<built-in theme>/{folder}/{rel}")),
                layer: layers.stack.len(),
                root: PathBuf::new(),
            })
    };
    let Some(base) = layers.base_file(folder, &rel).or_else(theme_file) else {
        return Err(Failure::Usage(format!(
            "the base has no {shown}; check the path (as under the base's {folder}/ folder)"
        )));
    };
    let bytes = base
        .read()
        .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", base.display.display())))?;
    let version = overrides::version(&bytes);
    let io =
        |e: std::io::Error, p: &Path| Failure::Usage(format!("cannot write {}: {e}", p.display()));
    let (contents, tracked) = if rel.ends_with(".md") {
        let text = String::from_utf8_lossy(&bytes);
        match overrides::with_based_on(&text, &version) {
            Some(t) => (t.into_bytes(), true),
            None => (bytes.to_vec(), false),
        }
    } else {
        (bytes.to_vec(), false)
    };
    if tracked {
        overrides::store_then(&root, &version, &bytes)
            .map_err(|e| io(e, &root.join(overrides::STORE)))?;
    }
    // The write rule: folders made one by one inside the site, no link followed, a new file.
    if let Some(parent) = target.parent() {
        write::make_dirs(&root, parent).map_err(|e| io(e, parent))?;
    }
    write::create_new(&target, &contents).map_err(|e| io(e, &target))?;
    if tracked {
        println!(
            "Copied {} to {shown} (based_on: {version}). Edit it there: it replaces the base's \
             page. `safeguide check` warns when the base changes it; `safeguide diff {shown}` \
             shows how.",
            base.display.display()
        );
    } else {
        println!(
            "Copied {} to {shown}. It replaces the base's file; only Markdown pages record \
             which version they came from.",
            base.display.display()
        );
    }
    Ok(())
}

/// The site's overridden pages (`based_on:`), or only the one at `path`: the pages `diff` and
/// `merge` work on. A `path` that is not an override is a usage error.
pub(super) fn overrides_of(
    root: &Path,
    path: Option<&str>,
) -> Result<Vec<crate::load::overrides::Override>, Failure> {
    let opts = BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    };
    let (site, _, _) = pipeline::load_site(&opts)?;
    let mut list = overrides::list(
        &site.root,
        &site.config,
        &site.layers,
        site.pages.iter().map(|p| &*p.src),
    );
    if let Some(path) = path {
        let (folder, rel) = split_path(path)?;
        list.retain(|o| folder == "content" && o.rel == rel);
        if list.is_empty() {
            return Err(Failure::Usage(format!(
                "{folder}/{rel} is not an override (a page copied with `safeguide override`, \
                 with `based_on:` in its front matter)"
            )));
        }
    }
    Ok(list)
}

pub fn run_diff(args: DiffArgs) -> Result<(), Failure> {
    let root = super::root_or_cwd(args.root);
    let list = overrides_of(&root, args.path.as_deref())?;
    if list.is_empty() {
        println!("This site overrides no base pages (`safeguide override PATH` copies one).");
        return Ok(());
    }
    let mut out = String::new();
    for o in &list {
        let base_name = o.base.as_ref().map_or_else(
            || "(removed from the base)".into(),
            |b| b.display.display().to_string(),
        );
        out.push_str(&format!(
            "== {} ({}) over {base_name}, based_on {}\n",
            o.display.display(),
            o.label(),
            o.based_on
        ));
        let now = o
            .base
            .as_ref()
            .and_then(|b| b.read().ok())
            .map(|b| String::from_utf8_lossy(&b).into_owned());
        if let State::Moved(v) = &o.state {
            match overrides::then_text(&root, &o.based_on) {
                Some(then) => {
                    out.push_str("\nWhat the base changed since you copied it, in words:\n");
                    out.push_str(&crate::check::word_diff::terminal(
                        &then,
                        now.as_deref().unwrap_or_default(),
                    ));
                    out.push_str("Line by line:\n");
                    out.push_str(&overrides::diff(
                        &then,
                        now.as_deref().unwrap_or_default(),
                        &format!("{base_name} (then, {})", o.based_on),
                        &format!("{base_name} (now, {v})"),
                    ));
                }
                None => out.push_str(&format!(
                    "\nThe base's text at {} was not kept in {}, so only the comparison with \
                     the base now is shown.\n",
                    o.based_on,
                    overrides::STORE
                )),
            }
        }
        if let Some(now) = &now {
            let mine = read::read_text(&root, &root.join("content").join(&o.rel), read::TEXT_LIMIT)
                .map(|t| overrides::without_based_on(&t))
                .unwrap_or_default();
            let d = overrides::diff(
                now,
                &mine,
                &format!("{base_name} (now)"),
                &o.display.display().to_string(),
            );
            if d.is_empty() {
                out.push_str("\nYour copy is the same as the base now.\n");
            } else {
                out.push_str("\nYour copy against the base now:\n");
                out.push_str(&d);
            }
        }
        if let State::Moved(_) = &o.state {
            out.push_str(&format!(
                "\n`safeguide merge {}` takes the base's changes into your copy (where you both \
                 changed the same lines, it marks them for you to choose).\n",
                o.display.display()
            ));
        }
        out.push('\n');
    }
    // Colour only on a terminal (anstream strips it when piped or with NO_COLOR).
    anstream::print!("{out}");
    Ok(())
}
