//! The theme's words (`themes/<theme>/i18n/<code>.yaml`), overridable by the site's `i18n/`.
//!
//! Every language a site is in must give every key the theme's English gives: a missing key is
//! an error naming the file and the key, never English shown on a Welsh page.

use crate::diagnostics::rule;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::embedded;
use crate::load::config::SiteConfig;
use crate::safe_fs::read;

/// The words for each language tag.
pub type Words = BTreeMap<String, BTreeMap<String, String>>;

/// The built-in theme's words in English: what templates get before a site's are loaded.
pub fn builtin_english() -> BTreeMap<String, String> {
    embedded::DEFAULT_THEME
        .get_file("i18n/en.yaml")
        .and_then(|f| serde_yaml::from_slice(f.contents()).ok())
        .unwrap_or_default()
}

/// The built-in theme's words for `code` (`cy-GB`, then `cy`), when it has them.
fn builtin_words(code: &str) -> Option<BTreeMap<String, String>> {
    let primary = code.split('-').next().unwrap_or(code);
    [code, primary].iter().find_map(|c| {
        let f = embedded::DEFAULT_THEME.get_file(format!("i18n/{c}.yaml"))?;
        serde_yaml::from_slice(f.contents()).ok()
    })
}

/// The site's main language and its words, for a report made outside the theme's templates.
pub fn main_words(words: &Words, config: &SiteConfig) -> (String, BTreeMap<String, String>) {
    let lang = config.main_language().to_string();
    let own = words.get(&lang).cloned().unwrap_or_else(builtin_english);
    (lang, own)
}

/// The label of `kind` in the built-in English words (`kind_<id>`): the one table of kind names,
/// also for messages on the terminal.
pub fn english_kind_label(kind: crate::load::frontmatter::Kind) -> String {
    static ENGLISH: std::sync::OnceLock<BTreeMap<String, String>> = std::sync::OnceLock::new();
    let words = ENGLISH.get_or_init(builtin_english);
    words
        .get(&format!("kind_{}", kind.id()))
        .cloned()
        .unwrap_or_else(|| kind.id().to_string())
}

/// `<key>.<nation>`: a nation's own words for `key`.
fn is_nation_key(key: &str) -> bool {
    crate::load::nation::Nation::ALL
        .iter()
        .any(|n| key.ends_with(&format!(".{}", n.slug())))
}

/// A key written `<key>.<nation>` (`audit_private.wales`) is the key's words on a site for that
/// nation (`nation: wales`): Wales has regional safeguarding boards where England has
/// partnerships. Every such key is dropped once the site's are in place.
fn for_nation(words: &mut BTreeMap<String, String>, nation: crate::load::nation::Nation) {
    let suffix = format!(".{}", nation.slug());
    let own: Vec<(String, String)> = words
        .iter()
        .filter_map(|(k, v)| Some((k.strip_suffix(&suffix)?.to_string(), v.clone())))
        .collect();
    words.retain(|k, _| !is_nation_key(k));
    words.extend(own);
}

/// One words file: its text and the name messages give it.
struct WordsFile {
    display: PathBuf,
    text: String,
}

/// The file for `code` (`en-GB`, then `en`) in the theme's or the site's i18n/ folder.
/// A file there that the read rule refuses (a link out of the site, a pipe) is an error in `ds`.
fn find(
    root: &Path,
    config: &SiteConfig,
    code: &str,
    site: bool,
    ds: &mut Diagnostics,
) -> Option<WordsFile> {
    // A language tag is letters, digits and hyphens; anything else must not become a path.
    if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return None;
    }
    let primary = code.split('-').next().unwrap_or(code);
    let names = [format!("i18n/{code}.yaml"), format!("i18n/{primary}.yaml")];
    for name in names {
        if site {
            match read::read_optional_text(root, &root.join(&name), read::TEXT_LIMIT) {
                Ok(Some(text)) => {
                    return Some(WordsFile {
                        display: PathBuf::from(name),
                        text,
                    })
                }
                Ok(None) => {}
                Err(e) => {
                    ds.push(e.diagnostic(rule::I18N, Path::new(&name)));
                    return None;
                }
            }
        } else if config.theme == "default" {
            if let Some(f) = embedded::DEFAULT_THEME.get_file(&name) {
                return Some(WordsFile {
                    display: PathBuf::from(format!("themes/default/{name} (built in)")),
                    text: String::from_utf8_lossy(f.contents()).into_owned(),
                });
            }
        } else {
            let dir = config.theme_dir(root);
            let display = crate::load::content::display_path(root, &dir.join(&name));
            match read::read_optional_text(root, &dir.join(&name), read::TEXT_LIMIT) {
                Ok(Some(text)) => return Some(WordsFile { display, text }),
                Ok(None) => {}
                Err(e) => {
                    ds.push(e.diagnostic(rule::I18N, &display));
                    return None;
                }
            }
        }
    }
    None
}

fn parse(f: &WordsFile, ds: &mut Diagnostics) -> BTreeMap<String, String> {
    match serde_yaml::from_str::<BTreeMap<String, String>>(&f.text) {
        Ok(m) => m,
        Err(e) => {
            ds.push(crate::load::yaml::yaml_error(
                &e,
                crate::load::yaml::Embedded::whole(&f.display, &f.text),
                "i18n",
            ));
            BTreeMap::new()
        }
    }
}

/// The words for every language of the site: the theme's file for each, the site's own over it.
/// A site in one language whose language has no file keeps the theme's English.
pub fn load(root: &Path, config: &SiteConfig) -> Result<Words, Diagnostics> {
    let mut ds = Diagnostics::new();
    let reference = builtin_english();
    let codes: Vec<String> = if config.languages.is_empty() {
        vec![config.main_language().to_string()]
    } else {
        config.languages.iter().map(|l| l.code.clone()).collect()
    };
    let mut words = Words::new();
    for code in codes {
        let theme = find(root, config, &code, false, &mut ds);
        let own = find(root, config, &code, true, &mut ds);
        if theme.is_none() && own.is_none() {
            if config.languages.is_empty() {
                // Today's behaviour for a site in one language: the theme's English words,
                // overridable by the site's i18n/en.yaml.
                let mut m = reference.clone();
                if let Some(f) = find(root, config, "en", true, &mut ds) {
                    m.extend(parse(&f, &mut ds));
                }
                for_nation(&mut m, config.nation);
                words.insert(code, m);
                continue;
            }
            ds.push(
                Diagnostic::error(
                    rule::I18N,
                    format!("the theme has no words for the language `{code}`"),
                )
                .in_file(format!("i18n/{code}.yaml"))
                .help(format!(
                    "create i18n/{code}.yaml in the site with every key of the theme's \
                     themes/default/i18n/en.yaml, in that language"
                )),
            );
            continue;
        }
        // A language the built-in theme has words for starts from them (English from the
        // built-in English), so a theme's or site's own file written before a key was added keeps
        // working; any other language must give every key.
        let english = code
            .split('-')
            .next()
            .unwrap_or(&code)
            .eq_ignore_ascii_case("en");
        let mut m = if english {
            reference.clone()
        } else {
            builtin_words(&code).unwrap_or_default()
        };
        let mut last = None;
        for f in [theme, own].into_iter().flatten() {
            m.extend(parse(&f, &mut ds));
            last = Some(f.display);
        }
        let shown = last.unwrap_or_default();
        // A nation's own words (`key.wales`) are optional: the key's words stand without them.
        for key in reference.keys().filter(|k| !is_nation_key(k)) {
            if !m.contains_key(key) {
                ds.push(
                    Diagnostic::error(
                        rule::I18N,
                        format!("`{key}` has no words in the language `{code}`"),
                    )
                    .in_file(&shown)
                    .help(format!(
                        "add `{key}: ...` to {} in that language (see the theme's \
                         themes/default/i18n/en.yaml for the English)",
                        shown.display()
                    )),
                );
            }
        }
        for_nation(&mut m, config.nation);
        words.insert(code, m);
    }
    if ds.has_errors() {
        Err(ds)
    } else {
        Ok(words)
    }
}

/// One language's words for a report built outside the theme's templates (the governance and
/// returns reports): a key's words, with `{name}` placeholders filled in, and dates in words.
pub struct Phrases<'a>(pub &'a BTreeMap<String, String>);

impl Phrases<'_> {
    /// The key's words; the key itself if the words lack it (loading makes sure they do not).
    pub fn get(&self, key: &str) -> String {
        self.0.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// `key`'s words with `{name}` placeholders filled in.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        values
            .iter()
            .fold(self.get(key), |s, (k, v)| s.replace(&format!("{{{k}}}"), v))
    }

    /// "1 November 2026", with the language's `months`.
    pub fn date(&self, d: crate::load::date::Date) -> String {
        use chrono::Datelike;
        let months = self.get("months");
        let months: Vec<&str> = months.split_whitespace().collect();
        match months.get(d.0.month0() as usize) {
            Some(m) if months.len() == 12 => format!("{} {m} {}", d.0.day(), d.0.year()),
            _ => d.long(),
        }
    }
}

#[cfg(test)]
mod nation_tests {
    use super::*;
    use crate::load::nation::Nation;

    #[test]
    fn a_nations_words_replace_the_keys_on_its_sites_only() {
        let words = BTreeMap::from([
            ("audit_private".to_string(), "your partnership".to_string()),
            ("audit_private.wales".to_string(), "your board".to_string()),
            ("other".to_string(), "same".to_string()),
        ]);
        let mut wales = words.clone();
        for_nation(&mut wales, Nation::Wales);
        assert_eq!(wales["audit_private"], "your board");
        let mut england = words;
        for_nation(&mut england, Nation::England);
        assert_eq!(england["audit_private"], "your partnership");
        for w in [&wales, &england] {
            assert_eq!(w.len(), 2, "{w:?}");
            assert_eq!(w["other"], "same");
        }
    }
}
