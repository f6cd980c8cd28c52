//! `profiles/*.yaml`: a school's or setting's own details, used to fill placeholders.

use crate::diagnostics::rule;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::config::scalar_text;
use super::date::Date;
use super::logo::{self, Logo};
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
    /// `documents:`, the model documents the profile was made for (paths inside content/), which
    /// `adapt` adapts when none are named on the command line.
    pub documents: Vec<String>,
    /// `logo:`, the organisation's logo for its documents' header (read by [`Profile::load`]).
    pub logo: Option<Logo>,
    /// The path `logo:` gives, relative to the profile's folder.
    pub logo_path: Option<String>,
}

/// The profile key listing its documents (not a placeholder).
pub const DOCUMENTS_KEY: &str = "documents";
/// The profile key naming a logo file beside the profile (not a placeholder).
pub const LOGO_KEY: &str = "logo";

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

    /// Reads the profile at `path` under the read rule: a regular file that stays, links resolved,
    /// inside the folder `within`.
    pub fn load(path: &Path, display: &Path, within: &Path) -> Result<Profile, Diagnostic> {
        use crate::safe_fs::read;
        let text = read::read_text(within, path, read::TEXT_LIMIT)
            .map_err(|e| e.diagnostic(rule::IO, display))?;
        let mut profile = Self::parse(text, display)?;
        if let Some(rel) = profile.logo_path.clone() {
            // Beside the profile, and like the profile inside `within`.
            let file = read::folder_of(path).join(&rel);
            let logo = read::read(within, &file, logo::FILE_LIMIT)
                .map_err(|e| e.to_string())
                .and_then(|bytes| Logo::decode(&bytes));
            match logo {
                Ok(logo) => profile.logo = Some(logo),
                Err(why) => {
                    let d = Diagnostic::error(
                        rule::PROFILE_LOGO,
                        format!("the logo `{rel}` cannot be used: {why}"),
                    )
                    .help(
                        "give a PNG or JPEG file in the profile's folder (or below it), e.g. \
                         logo: \"our-logo.png\"; or remove the line to print without a logo",
                    );
                    return Err(profile.at().at_key(d, LOGO_KEY, None));
                }
            }
        }
        Ok(profile)
    }

    pub fn parse(text: String, display: &Path) -> Result<Profile, Diagnostic> {
        let at = Embedded::whole(display, &text);
        let mut map: BTreeMap<String, serde_yaml::Value> = if text.trim().is_empty() {
            BTreeMap::new()
        } else {
            yaml::parse(&text, at, "profile").map_err(|d| with_quoting_rule(d, &text))?
        };
        let documents = match map.remove(DOCUMENTS_KEY) {
            None | Some(serde_yaml::Value::Null) => Vec::new(),
            Some(serde_yaml::Value::Sequence(items)) => {
                let docs: Option<Vec<String>> = items.iter().map(scalar_text).collect();
                docs.ok_or_else(|| documents_error(at))?
            }
            Some(_) => return Err(documents_error(at)),
        };
        let logo_path = match map.remove(LOGO_KEY) {
            None | Some(serde_yaml::Value::Null) => None,
            Some(v) => match scalar_text(&v).filter(|s| !s.trim().is_empty()) {
                Some(s) => Some(s.trim().to_string()),
                None if scalar_text(&v).is_some() => None,
                None => {
                    let d = Diagnostic::error(
                        rule::PROFILE_LOGO,
                        "`logo:` must be the name of a picture file",
                    )
                    .help("write one file name, e.g. logo: \"our-logo.png\"");
                    return Err(at.at_key(d, LOGO_KEY, None));
                }
            },
        };
        let mut keys: Vec<(usize, String)> = map
            .keys()
            .map(|k| (yaml::find_key(&text, k).unwrap_or(usize::MAX), k.clone()))
            .collect();
        keys.sort();
        let values: BTreeMap<String, String> = map
            .iter()
            .filter_map(|(k, v)| scalar_text(v).map(|s| (k.clone(), s)))
            .collect();
        // A value goes into HTML, Markdown and Word copies as text: no control characters, and
        // not the private-use characters that mark a Word copy's blanks.
        for (k, v) in &values {
            if let Some(c) = v.chars().find(|&c| odd_char(c)) {
                return Err(at.at_key(
                    Diagnostic::error(
                        rule::ENCODING,
                        format!(
                            "`{k}` contains the character U+{:04X}, which cannot be printed",
                            c as u32
                        ),
                    )
                    .help("retype the value; copying it from another program may have brought the character with it"),
                    k,
                    None,
                ));
            }
        }
        Ok(Profile {
            display: display.to_path_buf(),
            values,
            keys: keys.into_iter().map(|(_, k)| k).collect(),
            documents,
            logo: None,
            logo_path,
            text,
        })
    }
}

impl Profile {
    /// Every value of a date placeholder (`is_date(key)`) that is not a real YYYY-MM-DD date, as
    /// an error at its line with the date rewritten when the intent is clear (`14/10/2026`).
    pub fn check_dates(&self, is_date: impl Fn(&str) -> bool) -> Vec<Diagnostic> {
        let mut ds = Vec::new();
        for key in self.keys.iter().filter(|k| is_date(k)) {
            let Some(value) = self.values.get(key) else {
                continue;
            };
            let value = value.trim();
            if Date::parse(value).is_some() {
                continue;
            }
            let example = guess_date(value)
                .map(|d| format!("`{key}: {d}`"))
                .unwrap_or_else(|| format!("`{key}: 2027-09-01` for 1 September 2027"));
            let d = Diagnostic::error(
                rule::PROFILE_DATE,
                format!("`{key}` is `{value}`, which is not a date written as YYYY-MM-DD"),
            )
            .help(format!(
                "write the date as year-month-day, e.g. {example}; documents show it as words"
            ));
            ds.push(self.at().at_key(d, key, None));
        }
        ds
    }
}

/// A character no profile value may hold: control characters (other than tab and line breaks),
/// the private-use markers of Word copies' blanks, and the non-characters U+FFFE and U+FFFF.
fn odd_char(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{E000}' | '\u{E001}' | '\u{FFFE}' | '\u{FFFF}')
}

fn documents_error(at: Embedded<'_>) -> Diagnostic {
    at.at_key(
        Diagnostic::error(
            rule::CONFIG,
            "`documents:` must be a list of model documents",
        ),
        DOCUMENTS_KEY,
        None,
    )
    .help("write one path inside content/ per line, e.g.\ndocuments:\n  - policies/online-safety-policy-school.md")
}

/// A YAML error near a quoted value most often comes from an apostrophe inside single quotes
/// (`name: 'St Anne's'`): the help then says how to quote.
fn with_quoting_rule(d: Diagnostic, text: &str) -> Diagnostic {
    let near: Vec<&str> = text
        .lines()
        .skip(d.line.saturating_sub(2))
        .take(2)
        .collect();
    let quoted = near.iter().any(|l| {
        l.split_once(':')
            .is_some_and(|(_, v)| v.trim_start().starts_with(['\'', '"']))
    });
    if !quoted {
        return d;
    }
    let before = d.help.clone().map(|h| format!("{h}\n")).unwrap_or_default();
    d.help(format!(
        "{before}a value in quotes ends at the next quote of the same kind: write values in double quotes, \
         where an apostrophe needs nothing special (name: \"St Anne's C of E Primary School\"), \
         and write a double quote inside them as \\\" (or, in single quotes, write each apostrophe twice: 'St Anne''s')"
    ))
}

/// A date written the British way (`14/10/2026`, `14.10.2026`, `14-10-2026`), if it is a real one.
fn guess_date(value: &str) -> Option<Date> {
    let parts: Vec<&str> = value.split(['/', '.', '-']).map(str::trim).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    if y.len() != 4 {
        return None;
    }
    let (d, m, y) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
    chrono::NaiveDate::from_ymd_opt(y, m, d).map(Date)
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

    #[test]
    fn dates_must_be_real_iso_dates_and_errors_name_the_line_and_a_fix() {
        let p = Profile::parse(
            "name: Oak\nreview_date: 14/10/2026\nadopted_date: 2026-02-30\nlast: 2026-10-14\nnote: 1/2/3\n".into(),
            Path::new("profiles/oak.yaml"),
        )
        .unwrap();
        let ds = p.check_dates(|k| k != "name" && k != "note");
        let text: Vec<String> = ds.iter().map(|d| d.render()).collect();
        assert_eq!(ds.len(), 2, "{text:?}");
        assert!(text[0].contains("profiles/oak.yaml:2:1"), "{}", text[0]);
        assert!(text[0].contains("`review_date: 2026-10-14`"), "{}", text[0]);
        assert!(text[1].contains("profiles/oak.yaml:3:1"), "{}", text[1]);
        assert!(
            text[1].contains("`adopted_date` is `2026-02-30`"),
            "{}",
            text[1]
        );
        assert_eq!(guess_date("31/02/2026"), None);
    }
}
