//! `packs/*.yaml`: printable packs for trainers, each a list of content files in order.

use crate::diagnostics::rule;
use std::collections::HashMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::config::SiteConfig;
use super::layers::{LayerFile, Layers};
use super::yaml::{self, Embedded};
use crate::diagnostics::{Diagnostic, Diagnostics};

pub const PACKS_DIR: &str = "packs";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Edition {
    Facilitator,
    Participant,
}

impl Edition {
    pub fn id(self) -> &'static str {
        match self {
            Edition::Facilitator => "facilitator",
            Edition::Participant => "participant",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Edition::Facilitator => "Facilitator edition",
            Edition::Participant => "Participant edition",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    pub title: String,
    #[serde(default)]
    pub subtitle: Option<String>,
    #[serde(default)]
    pub audience: Option<String>,
    #[serde(default = "both_editions")]
    pub editions: Vec<Edition>,
    #[serde(default)]
    pub items: Vec<String>,
    /// The items the participant edition prints, in order (each one of `items`); all of them when
    /// absent. A training module among them prints only its `[!HANDOUT]` blocks there.
    #[serde(default)]
    pub participant: Option<Vec<String>>,
    /// The pack's edition, printed on the cover and in the footer of every page.
    #[serde(default, deserialize_with = "super::frontmatter::version")]
    pub version: Option<String>,
    /// The language the pack prints in (`cy`), one site.yaml lists under `languages:`: its words
    /// on the cover and contents, and each item's counterpart in it where there is one.
    #[serde(default)]
    pub lang: Option<String>,
    /// Who runs the session, on the slides' title and the records (else the local value
    /// `presenter`).
    #[serde(default)]
    pub presenter: Option<String>,
    /// When the session is, as it should read on the slides and records ("Tuesday 12 January
    /// 2027"); the day of the build when absent.
    #[serde(default)]
    pub date: Option<String>,
}

impl PackFile {
    /// The items an edition prints, as written in the pack file.
    pub fn items_for(&self, edition: Edition) -> &[String] {
        match (edition, &self.participant) {
            (Edition::Participant, Some(list)) => list,
            _ => &self.items,
        }
    }
}

/// An item as written in the pack (`@/a.md`, `content/a.md` or `a.md`) as a path under content/.
pub fn item_source(item: &str) -> &str {
    item.trim_start_matches("@/").trim_start_matches("content/")
}

fn both_editions() -> Vec<Edition> {
    vec![Edition::Facilitator, Edition::Participant]
}

#[derive(Debug, Clone)]
pub struct Pack {
    /// File stem: the pack is published at /packs/<id>/.
    pub id: String,
    pub display: PathBuf,
    pub text: String,
    pub def: PackFile,
}

impl Pack {
    pub fn at(&self) -> Embedded<'_> {
        Embedded::whole(&self.display, &self.text)
    }
}

/// A name that is safe as one URL path segment and one file name everywhere: lower-case ASCII
/// letters, digits, hyphens and underscores, starting with a letter or digit.
pub fn is_url_segment(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// Loads every pack definition; checks that need the content tree (missing items) happen in resolve.
/// Packs whose YAML parsed are returned even when they have other errors, so that later checks
/// (missing items) still run on them; the caller must not publish when the diagnostics hold errors.
pub fn load(layers: &Layers, config: &SiteConfig) -> (Vec<Pack>, Diagnostics) {
    let mut ds = Diagnostics::new();
    let mut packs = Vec::new();
    // Pack files directly in packs/ of each layer, as everywhere without hidden files or links
    // out of the site.
    let (found, walk_ds) = layers.files(PACKS_DIR, 1);
    ds.extend(walk_ds);
    let files: Vec<LayerFile> = found
        .into_iter()
        .filter(|f| f.rel.ends_with(".yaml") || f.rel.ends_with(".yml"))
        .collect();
    let mut ids: HashMap<String, PathBuf> = HashMap::new();
    for file in files {
        let display = file.display.clone();
        let path = PathBuf::from(&file.rel);
        let Some(text) = read_text(&file, &mut ds) else {
            continue;
        };
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        // The id is the pack's URL path segment (/packs/<id>/): nothing a URL or a file name
        // could read differently (`%2e%2e`, `a%2f`, dots, spaces).
        if !is_url_segment(&id) {
            ds.push(
                Diagnostic::error(
                    rule::PACK,
                    format!("the pack file name `{}` cannot be a web address", file.rel),
                )
                .in_file(&display)
                .help(
                    "name pack files with lower-case letters, digits and hyphens, starting with a \
                     letter or digit, e.g. packs/staff-awareness.yaml",
                ),
            );
            continue;
        }
        let at = Embedded::whole(&display, &text);
        let mut def: PackFile = match yaml::parse(&text, at, "pack") {
            Ok(d) => d,
            Err(d) => {
                ds.push(d);
                continue;
            }
        };
        // A base's pack prints in the base's language (the bundled packs in English), also on a
        // site whose main language is another.
        if file.layer > 0 && def.lang.is_none() {
            def.lang = super::languages::base_pack_lang(config);
        }
        // A tag in another case than site.yaml's (`lang: CY`) is that language, spelt as the site
        // spells it.
        if let Some(l) = def.lang.as_deref().and_then(|code| config.language(code)) {
            def.lang = Some(l.code.clone());
        }
        if let Some(first) = ids.get(&id) {
            ds.push(
                Diagnostic::error(rule::PACK, format!("two packs have the id `{id}`"))
                    .at_offset(&display, &text, 0)
                    .help(format!(
                        "rename one of the files; {} has the same id",
                        first.display()
                    )),
            );
            continue;
        }
        ids.insert(id.clone(), display.clone());
        check_lists(&def, at, &mut ds);
        if let Some(a) = &def.audience {
            if config.audience(a).is_none() {
                ds.push(super::config::unknown_audience(at, "audience", a, config));
            }
        }
        packs.push(Pack {
            id,
            display,
            text,
            def,
        });
    }
    (packs, ds)
}

/// A pack file's text, or `None` after reporting why it cannot be read.
fn read_text(file: &LayerFile, ds: &mut Diagnostics) -> Option<String> {
    let display = &file.display;
    match file.read().map(|b| String::from_utf8(b.into_owned())) {
        Ok(Ok(t)) => Some(t),
        Ok(Err(_)) => {
            ds.push(
                Diagnostic::error(rule::ENCODING, "the pack file is not valid UTF-8 text")
                    .in_file(display)
                    .help("save the file as UTF-8 in your editor"),
            );
            None
        }
        Err(e) => {
            ds.push(
                Diagnostic::error(rule::IO, format!("cannot read the pack file: {e}"))
                    .in_file(display)
                    .help("check the file is readable UTF-8 text"),
            );
            None
        }
    }
}

/// The checks of a pack's lists: items and editions given, none listed twice, and participant
/// items a selection from the items.
fn check_lists(def: &PackFile, at: Embedded<'_>, ds: &mut Diagnostics) {
    if def.items.is_empty() {
        ds.push(at.at_key(
            Diagnostic::error(rule::PACK, "the pack has no items")
                .help("list the content files to print under `items:`, e.g. - training/staff-awareness/index.md"),
            "items",
            None,
        ));
    }
    // A repeat is an error at the repeat itself: (key, as written, as compared).
    let participant = def.participant.as_deref().unwrap_or_default();
    let written: [(&str, Vec<&str>, Vec<&str>); 3] = [
        (
            "items",
            def.items.iter().map(String::as_str).collect(),
            def.items.iter().map(|i| item_source(i)).collect(),
        ),
        (
            "participant",
            participant.iter().map(String::as_str).collect(),
            participant.iter().map(|i| item_source(i)).collect(),
        ),
        (
            "editions",
            def.editions.iter().map(|e| e.id()).collect(),
            def.editions.iter().map(|e| e.id()).collect(),
        ),
    ];
    for (key, raw, norm) in &written {
        for i in 0..norm.len() {
            if norm[..i].iter().filter(|e| **e == norm[i]).count() != 1 {
                continue;
            }
            let nth = raw[..i].iter().filter(|e| **e == raw[i]).count();
            ds.push(at.at_key_nth(
                Diagnostic::error(rule::PACK, format!("`{}` is listed twice in `{key}`", raw[i]))
                    .help("remove the repeat: each item is one part of the pack, and each edition is printed once"),
                key,
                Some(raw[i]),
                nth,
            ));
        }
    }
    // The participant edition is a selection from the pack, never something of its own.
    for item in def.participant.iter().flatten() {
        let src = item_source(item);
        if !def.items.iter().any(|i| item_source(i) == src) {
            ds.push(at.at_key(
                Diagnostic::error(
                    rule::PACK,
                    format!("`{item}` is in `participant` but not in `items`"),
                )
                .help("list it under `items:` too, or remove it from `participant:`; `participant:` picks which items participants get"),
                "participant",
                Some(item),
            ));
        }
    }
    if def.editions.is_empty() {
        ds.push(
            at.at_key(
                Diagnostic::error(rule::PACK, "the pack has no editions")
                    .help("write `editions: [facilitator, participant]`"),
                "editions",
                None,
            ),
        );
    }
}
