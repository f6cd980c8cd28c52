//! Reading site.yaml and the chain of bases it stands on (`base: default`, `base: ../county`).

use crate::diagnostics::rule;
use std::path::{Path, PathBuf};

use super::{validate, SiteConfig, CONFIG_FILE};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::layers::{base_error, join_shown, LayerRoot, Layers};
use crate::load::site_merge::overlay;
use crate::load::yaml::{self, Embedded};
use crate::safe_fs::read;

/// Stand-ins for the keys site.yaml cannot do without, so that each other key is checked alone.
pub(super) const REQUIRED: &str = "title: x\nbase_url: https://example.invalid/";

/// The text of `root/site.yaml`, or the error saying why it cannot be read.
pub(super) fn read_config(root: &Path, display: &Path) -> Result<String, Diagnostics> {
    let path = root.join(CONFIG_FILE);
    let text = match read::read(root, &path, read::TEXT_LIMIT) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                return Err(Diagnostics::from_iter([Diagnostic::error(
                    rule::ENCODING,
                    "site.yaml is not valid UTF-8",
                )
                .at_offset(display, &text, valid)
                .help("save the file as UTF-8 in your editor")]));
            }
        },
        Err(e) if !e.is_missing() => {
            return Err(Diagnostics::from_iter(
                [e.diagnostic(rule::CONFIG, display)],
            ))
        }
        Err(e) => {
            return Err(Diagnostics::from_iter([Diagnostic::error(
                rule::CONFIG,
                format!("cannot read site.yaml: {e}"),
            )
            .in_file(display)
            .help(format!(
                "run safeguide in a site folder (one with a site.yaml), or pass --root; \
                 `safeguide new DIR` creates a new site (looked in {})",
                root.display()
            ))]));
        }
    };
    Ok(text)
}

/// The `base:` a site.yaml names itself, if any (a malformed file is left to the strict parse).
/// A number is a folder name too (`base: 2026`); a list or mapping is named as written, for the
/// error that it is not a folder name.
pub(super) fn own_base(text: &str) -> Option<String> {
    use serde_yaml::Value;
    let v: Value = serde_yaml::from_str(text).ok()?;
    match v.get("base")? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => Some(String::new()),
    }
}

/// The most bases a site may stand on, one on another: far more than any real chain, and few
/// enough that a chain (or its error) never exhausts the stack or the length of a path.
const MAX_BASES: usize = 16;

/// A site.yaml that stands on a base, checked key by key like any other, but allowed to leave
/// out the keys its base gives; returned as the keys it sets.
pub(super) fn own_mapping(
    text: &str,
    at: Embedded<'_>,
) -> Result<serde_yaml::Mapping, Diagnostics> {
    if let Err(errors) = yaml::parse_all::<SiteConfig>(text, at, "site.yaml", REQUIRED) {
        let real: Vec<Diagnostic> = errors
            .into_iter()
            .filter(|d| !d.message.contains("missing field"))
            .collect();
        if !real.is_empty() {
            return Err(Diagnostics::from_iter(real));
        }
    }
    match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Ok(serde_yaml::Value::Mapping(m)) => Ok(m),
        Ok(_) => Ok(serde_yaml::Mapping::new()),
        Err(e) => Err(Diagnostics::from_iter([yaml::yaml_error(
            &e,
            at,
            "site.yaml",
        )])),
    }
}

/// Loads the base `base` named by the site.yaml at `at` (in the folder `from`, shown as
/// `from_shown`), and its bases, pushing each onto `layers`: the base's merged settings.
pub(super) fn base_chain(
    from: &Path,
    from_shown: &Path,
    base: &str,
    at: Embedded<'_>,
    visited: &mut Vec<(PathBuf, PathBuf)>,
    layers: &mut Layers,
) -> Result<serde_yaml::Mapping, Diagnostics> {
    let fail = |why: String| Err(Diagnostics::from_iter([base_error(at, base, why)]));
    if base == "default" {
        layers.stack.push(LayerRoot::Builtin);
        return match serde_yaml::from_str(crate::embedded::DEFAULT_CONFIG) {
            Ok(serde_yaml::Value::Mapping(m)) => Ok(m),
            _ => fail("could not be read (the built-in site.yaml is damaged)".into()),
        };
    }
    if base.trim().is_empty() || base.contains('\0') {
        return fail("is not a folder name".into());
    }
    if visited.len() > MAX_BASES {
        return fail(format!(
            "is more than {MAX_BASES} bases below the site; a site stands on a few bases at most"
        ));
    }
    let dir = from.join(base);
    let shown = join_shown(from_shown, Path::new(base));
    if !dir.join(CONFIG_FILE).is_file() {
        return fail(format!(
            "is not a site folder: there is no {}",
            shown.join(CONFIG_FILE).display()
        ));
    }
    let canon = crate::load::walk::canonical_root(&dir);
    if let Some(pos) = visited.iter().position(|(c, _)| *c == canon) {
        let chain: Vec<String> = visited[pos..]
            .iter()
            .map(|(_, s)| s.display().to_string())
            .chain([shown.display().to_string()])
            .map(|s| if s.is_empty() { "this site".into() } else { s })
            .collect();
        return fail(format!(
            "leads back to a site already in the chain, a loop: {}",
            chain.join(" -> ")
        ));
    }
    visited.push((canon, shown.clone()));
    layers.stack.push(LayerRoot::Folder {
        root: dir.clone(),
        shown: shown.clone(),
    });
    let display = shown.join(CONFIG_FILE);
    let text = read_config(&dir, &display)?;
    let at_base = Embedded::whole(&display, &text);
    match own_base(&text) {
        None => {
            SiteConfig::parse(&text, &display)?;
            own_mapping(&text, at_base)
        }
        Some(below) => {
            // From the base's real folder, so that a long chain of `../x` never grows the path.
            let real = visited.last().map(|(c, _)| c.clone()).unwrap_or(dir);
            let merged = base_chain(&real, &shown, &below, at_base, visited, layers)?;
            let mut notes = Diagnostics::new();
            let merged = overlay(merged, own_mapping(&text, at_base)?, at_base, &mut notes);
            if notes.has_errors() {
                return Err(notes);
            }
            layers.notes.extend(notes);
            validate(from_merged(merged.clone(), at_base)?, at_base)?;
            Ok(merged)
        }
    }
}

/// The merged settings as a [`SiteConfig`]; a key missing from every layer is named here.
pub(super) fn from_merged(
    m: serde_yaml::Mapping,
    at: Embedded<'_>,
) -> Result<SiteConfig, Diagnostics> {
    serde_yaml::from_value(serde_yaml::Value::Mapping(m)).map_err(|e| {
        Diagnostics::from_iter([at.at(
            Diagnostic::error(rule::CONFIG, format!("site.yaml and its base: {e}"))
                .help("add the missing key to site.yaml"),
            0,
        )])
    })
}
