//! `profiles/*.yaml`: a school's or setting's own details, used to fill placeholders.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::config::scalar_text;
use super::yaml::{self, Embedded};
use crate::diagnostics::Diagnostic;

#[derive(Debug, Clone)]
pub struct Profile {
    pub display: PathBuf,
    pub text: String,
    /// Placeholder key -> value; a key with an empty value counts as not given.
    pub values: BTreeMap<String, String>,
    /// Keys written in the file, in file order, including empty ones.
    pub keys: Vec<String>,
}

impl Profile {
    pub fn at(&self) -> Embedded<'_> {
        Embedded::whole(&self.display, &self.text)
    }

    /// A short name for output files: the file stem.
    pub fn id(&self) -> String {
        self.display
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "profile".into())
    }

    pub fn load(path: &Path, display: &Path) -> Result<Profile, Diagnostic> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Diagnostic::error("io", format!("cannot read the profile: {e}"))
                .in_file(display)
                .help("check the path and that the file is UTF-8 text")
        })?;
        Self::parse(text, display)
    }

    pub fn parse(text: String, display: &Path) -> Result<Profile, Diagnostic> {
        let at = Embedded::whole(display, &text);
        let map: BTreeMap<String, serde_yaml::Value> = if text.trim().is_empty() {
            BTreeMap::new()
        } else {
            yaml::parse(&text, at, "profile")?
        };
        let mut keys: Vec<(usize, String)> = map
            .keys()
            .map(|k| (yaml::find_key(&text, k).unwrap_or(usize::MAX), k.clone()))
            .collect();
        keys.sort();
        let values = map
            .iter()
            .filter_map(|(k, v)| scalar_text(v).map(|s| (k.clone(), s)))
            .collect();
        Ok(Profile {
            display: display.to_path_buf(),
            values,
            keys: keys.into_iter().map(|(_, k)| k).collect(),
            text,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_text_and_empty_values_are_missing() {
        let p = Profile::parse(
            "school_name: x\nname: Oak Hill <b>Primary</b>\ndsl: ''\nreview_date: 2027-09-01\nyear: 2027\n".into(),
            Path::new("profiles/oak.yaml"),
        )
        .unwrap();
        assert_eq!(p.values["name"], "Oak Hill <b>Primary</b>");
        assert_eq!(p.values["review_date"], "2027-09-01");
        assert_eq!(p.values["year"], "2027");
        assert!(!p.values.contains_key("dsl"));
        assert_eq!(
            p.keys,
            ["school_name", "name", "dsl", "review_date", "year"]
        );
        assert_eq!(p.id(), "oak");
    }
}
