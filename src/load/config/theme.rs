//! `theme:` in site.yaml: a theme's name or a path that stays inside the site.

use crate::diagnostics::rule;
use std::path::{Path, PathBuf};

use super::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::yaml::Embedded;

/// A theme path that is inside the site as written may still lead out through a link.
pub(super) fn check_theme(
    root: &Path,
    config: &SiteConfig,
    text: &str,
    display: &Path,
) -> Result<(), Diagnostics> {
    let dir = theme_dir(root, &config.theme);
    if let (Ok(real), Ok(real_root)) = (dir.canonicalize(), root.canonicalize()) {
        if !real.starts_with(&real_root) {
            let at = Embedded::whole(display, text);
            return Err(Diagnostics::from_iter([theme_error(
                at,
                &config.theme,
                "leads outside the site folder (through a link)",
            )]));
        }
    }
    Ok(())
}

/// A plain theme name (`default`, `northshire-2026`) lives in `themes/<name>/`.
fn is_theme_name(theme: &str) -> bool {
    !theme.is_empty()
        && theme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Where the theme `theme` lives for the site at `root`: `themes/<name>/` for a plain name, else
/// the path relative to the site root. Only meaningful for a theme that passed `theme_problem`.
pub fn theme_dir(root: &Path, theme: &str) -> PathBuf {
    if is_theme_name(theme) {
        root.join("themes").join(theme)
    } else {
        root.join(theme)
    }
}

/// Why `theme:` cannot be used, if it cannot: it must be a name or a relative path that stays
/// inside the site, so that a site.yaml cannot make the build read templates from anywhere.
pub(super) fn theme_problem(theme: &str) -> Option<&'static str> {
    use std::path::Component;
    if is_theme_name(theme) {
        return None;
    }
    if theme.trim().is_empty() {
        return Some("is empty");
    }
    if theme.contains(['\\', '\0']) || theme.chars().any(char::is_control) {
        return Some("contains a backslash or a control character");
    }
    let path = Path::new(theme);
    let mut depth = 0usize;
    for c in path.components() {
        match c {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir if depth > 0 => depth -= 1,
            Component::ParentDir => return Some("leads outside the site folder"),
            Component::RootDir | Component::Prefix(_) => {
                return Some("is an absolute path; only paths inside the site are allowed")
            }
        }
    }
    if depth == 0 {
        return Some("is the site folder itself, not a theme inside it");
    }
    None
}

pub(super) fn theme_error(at: Embedded<'_>, theme: &str, why: &str) -> Diagnostic {
    at.at_key(
        Diagnostic::error(rule::CONFIG, format!("the theme `{theme}` {why}")).help(
            "give a theme name (a folder in themes/, e.g. `theme: northshire`) or a path inside \
             the site folder (e.g. `theme: design/theme`); leave it out for the built-in theme",
        ),
        "theme",
        None,
    )
}
