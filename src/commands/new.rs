//! `safeguide new DIR`: a new site standing on the built-in default pack (`base: default`),
//! holding only what is its own; `--full` copies the whole pack instead.

use std::fs;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::diagnostics::Failure;
use crate::embedded;
use crate::load::layers::FOLDER_NOTE;
use crate::safe_fs::write;

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Folder to create (must be new or empty).
    pub dir: PathBuf,
    /// Copy the whole default pack into the site instead of standing on it.
    #[arg(long)]
    pub full: bool,
}

pub fn run(args: NewArgs) -> Result<(), Failure> {
    create(&args.dir, args.full)?;
    let what = if args.full {
        "a full copy of the default pack"
    } else {
        "standing on the default pack (base: default); edit site.yaml first"
    };
    println!(
        "Created a new site in {}, {what}.\nIt has publishing files for GitHub Pages, Netlify and GitLab (docs/getting-started.md, step 9).\nNext: cd {} && safeguide serve   (docs/getting-started.md explains the rest)",
        args.dir.display(),
        args.dir.display()
    );
    Ok(())
}

/// site.yaml of a new thin site: the keys a partnership changes first, the rest as comments.
const THIN_CONFIG: &str = r#"# Your site stands on the default online-safety pack built into safeguide (base: default):
# every page, pack and policy of the pack is published unless you hide or replace it, and a new
# safeguide brings the pack's updates with it. Only what is your own lives in this folder.
title: Anytown Safeguarding Children Partnership — Online safety
base_url: https://online-safety.example.org/
base: default

# What to leave out of the pack: pages by their path under its content/ folder, report routes
# and audiences by id (the ids are listed in the pack's site.yaml and docs/getting-started.md).
# Base pages that link to a hidden page keep the words, unlinked.
# hide:
#   pages: [young-people/scams-and-money.md]
#   report: [report-harmful-content]

# Your own report routes join the pack's (a new id adds one, `after:` places it; the id of one
# of the pack's with the fields you change replaces just those). Audiences merge the same way.
# report:
#   - id: northshire-mash
#     label: Northshire MASH (children's services front door)
#     phone: 01234 567 890
#     after: call-999
#     for: [parents, professionals, schools]
"#;

/// The thin site.yaml with every local value the default pack declares, empty, its label and
/// hint as a comment: the first things a partnership fills in.
fn thin_config() -> String {
    let mut out = THIN_CONFIG.to_string();
    let Ok(base) = crate::load::config::SiteConfig::parse(
        embedded::DEFAULT_CONFIG,
        Path::new("<built-in>/site.yaml"),
    ) else {
        return out;
    };
    if base.local.is_empty() {
        return out;
    }
    out.push_str(
        "\n# Your own contacts, shown wherever the pack's pages use them ({{ local.key }}); a value\n\
         # left empty shows as a labelled blank, and `safeguide check` lists it.\nlocal:\n",
    );
    for (key, v) in &base.local {
        let mut note = v.label_for(key);
        if let Some(h) = &v.hint {
            note.push_str(": ");
            note.push_str(h);
        }
        if let Some(value) = v.shown() {
            note.push_str(&format!(" (the pack gives {value})"));
        }
        out.push_str(&format!("  # {note}\n  {key}:\n"));
    }
    out
}

/// The note put in each empty folder of a thin site: what goes there and how overriding works.
fn folder_note(folder: &str) -> String {
    let what = match folder {
        "content" => {
            "Markdown pages of your own. A file here at the same path as a page of the base \
                      (e.g. parents/gaming-and-chat.md) replaces that page; any other file adds a \
                      page. `safeguide override content/PATH` copies a base page here to edit."
        }
        "packs" => {
            "Printable pack definitions (*.yaml). One with the same name as a base pack \
                    replaces it."
        }
        "profiles" => {
            "School and setting profiles (*.yaml) used by `safeguide adapt` to fill in \
                       model policies."
        }
        "templates" => {
            "Tera templates. One with the same name as a theme template (e.g. \
                        base.html) replaces it; `safeguide override templates/NAME` copies it here."
        }
        _ => {
            "Files copied to the published site as they are: your logo, images, downloads. A file \
              with the same name as one of the base's replaces it."
        }
    };
    format!(
        "{folder}/ of your site\n\n{what}\n\nFiles here lie over the base's (site.yaml `base:`) by \
         path: yours win, the base supplies the rest. `safeguide diff` shows what the base changed \
         since you copied a file. This note ({FOLDER_NOTE}) is never published.\n"
    )
}

pub fn create(dir: &Path, full: bool) -> Result<(), Failure> {
    if dir.exists() {
        let empty = fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !dir.is_dir() || !empty {
            return Err(Failure::Usage(format!(
                "{} already exists and is not empty; choose a new folder so nothing is overwritten",
                dir.display()
            )));
        }
    }
    let io =
        |e: std::io::Error, p: &Path| Failure::Usage(format!("cannot write {}: {e}", p.display()));
    fs::create_dir_all(dir).map_err(|e| io(e, dir))?;
    // The write rule: inside the new folder, no link followed, every file new.
    let write = |rel: &str, bytes: &[u8]| -> Result<(), Failure> {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            write::make_dirs(dir, parent).map_err(|e| io(e, parent))?;
        }
        write::create_new(&path, bytes).map_err(|e| io(e, &path))
    };
    if full {
        write("site.yaml", embedded::DEFAULT_CONFIG.as_bytes())?;
        write(
            crate::load::frameworks::FILE,
            embedded::DEFAULT_FRAMEWORKS.as_bytes(),
        )?;
        for (folder, d) in [
            ("content", &embedded::DEFAULT_CONTENT),
            ("packs", &embedded::DEFAULT_PACKS),
            ("profiles", &embedded::DEFAULT_PROFILES),
        ] {
            for (rel, bytes) in embedded::files(d) {
                write(&format!("{folder}/{rel}"), bytes)?;
            }
        }
    } else {
        write("site.yaml", thin_config().as_bytes())?;
        for folder in ["content", "packs", "profiles", "templates", "static"] {
            write(
                &format!("{folder}/{FOLDER_NOTE}"),
                folder_note(folder).as_bytes(),
            )?;
        }
    }
    write(
        ".gitignore",
        b"# safeguide's output folder, rebuilt by `safeguide build`, and the program the publishing\n\
          # files install (install-safeguide.sh)\npublic/\n.safeguide-bin/\n\
          # Documents `safeguide adapt` makes for one school or setting\nadapted/\n",
    )?;
    for (rel, text) in super::publish::files() {
        write(rel, text.as_bytes())?;
    }
    Ok(())
}
