//! Strict YAML parsing with diagnostics that point into the author's file.

use crate::diagnostics::rule;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::Diagnostic;

/// Where a YAML document sits inside a larger file: front matter starts after the opening `---`.
#[derive(Debug, Clone, Copy)]
pub struct Embedded<'a> {
    /// Display path of the file.
    pub file: &'a Path,
    /// The whole file, for quoting the offending line.
    pub file_text: &'a str,
    /// Byte offset of the YAML document inside `file_text`.
    pub offset: usize,
}

impl<'a> Embedded<'a> {
    pub fn whole(file: &'a Path, text: &'a str) -> Self {
        Embedded {
            file,
            file_text: text,
            offset: 0,
        }
    }

    /// A diagnostic pointing at a byte offset of the YAML document.
    pub fn at(&self, d: Diagnostic, yaml_offset: usize) -> Diagnostic {
        d.at_offset(self.file, self.file_text, self.offset + yaml_offset)
    }

    /// A diagnostic pointing at the first line where `key:` is written, or at the first occurrence of
    /// `value` after it. Used for errors found after deserialising (an unknown audience id, a bad
    /// placeholder), where serde no longer knows positions.
    pub fn at_key(&self, d: Diagnostic, key: &str, value: Option<&str>) -> Diagnostic {
        self.at_key_nth(d, key, value, 0)
    }

    /// Like `at_key`, at the `nth` (0-based) occurrence of `value` after the key: for a repeated
    /// list entry, point at the repeat.
    pub fn at_key_nth(
        &self,
        d: Diagnostic,
        key: &str,
        value: Option<&str>,
        nth: usize,
    ) -> Diagnostic {
        let yaml = &self.file_text[self.offset..];
        let key_pos = find_key(yaml, key);
        let pos = match (key_pos, value) {
            (Some(k), Some(v)) => nth_match(&yaml[k..], v, nth).map(|p| k + p).or(Some(k)),
            (Some(k), None) => Some(k),
            (None, Some(v)) => yaml.find(v),
            (None, None) => None,
        };
        match pos {
            Some(p) => self.at(d, p),
            None => self.at(d, 0),
        }
    }
}

impl Embedded<'_> {
    /// A diagnostic pointing at entry `index` (0-based) of the block list under `key`
    /// (`- value` lines), so that entries containing one another (`/staff/` and
    /// `/packs/staff/x/`) are told apart. Flow lists (`[a, b]`) fall back to the value's text.
    pub fn at_list_item(&self, d: Diagnostic, key: &str, value: &str, index: usize) -> Diagnostic {
        let yaml = &self.file_text[self.offset..];
        if let Some(k) = find_key(yaml, key) {
            let mut offset = k;
            let mut seen = 0;
            for (n, line) in yaml[k..].split_inclusive('\n').enumerate() {
                let trimmed = line.trim_start();
                let item = trimmed.starts_with("- ") || trimmed.trim_end() == "-";
                if n > 0 && item {
                    if seen == index {
                        let indent = line.len() - trimmed.len();
                        return self.at(d, offset + indent + 2);
                    }
                    seen += 1;
                } else if n > 0 && !trimmed.trim().is_empty() && !trimmed.starts_with('#') {
                    break;
                }
                offset += line.len();
            }
        }
        self.at_key(d, key, Some(value))
    }
}

fn nth_match(haystack: &str, needle: &str, nth: usize) -> Option<usize> {
    haystack.match_indices(needle).nth(nth).map(|(i, _)| i)
}

/// Byte offset of the first line that writes `key:` (any indentation).
pub fn find_key(yaml: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key) {
            if rest.trim_start().starts_with(':') {
                return Some(offset + (line.len() - trimmed.len()));
            }
        }
        offset += line.len();
    }
    None
}

/// Deserialises `yaml` into `T`, turning serde's error into a diagnostic with a position and a hint.
pub fn parse<T: DeserializeOwned>(
    yaml: &str,
    at: Embedded<'_>,
    what: &str,
) -> Result<T, Diagnostic> {
    serde_yaml::from_str(yaml).map_err(|e| yaml_error(&e, at, what))
}

pub fn yaml_error(e: &serde_yaml::Error, at: Embedded<'_>, what: &str) -> Diagnostic {
    let d = plain_error(e, what);
    match e.location() {
        Some(loc) if loc.index() > 0 => at.at(d, loc.index()),
        // Errors raised by our own types (a bad date) carry no position: find the quoted value.
        _ => match quoted_value(&d.message).and_then(|v| at.file_text[at.offset..].find(v)) {
            Some(pos) => at.at(d, pos),
            None => d.at_offset(at.file, at.file_text, at.offset),
        },
    }
}

/// serde's error as our diagnostic, message and hint, without a position yet.
pub fn plain_error(e: &serde_yaml::Error, what: &str) -> Diagnostic {
    let raw = e.to_string();
    // serde_yaml appends " at line X column Y"; we show the position our own way.
    let message = match raw.find(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw.clone(),
    };
    let help = hint_for(&message, what);
    Diagnostic::error(rule::YAML, format!("{what}: {message}")).help(help)
}

/// Like [`parse`], but reports every problem of the document, not only the first: each top-level
/// key is checked on its own, so two unknown keys and a bad date are three errors, each at its own
/// line, and a key written twice is reported at its second occurrence.
///
/// `required` holds stand-in `key: value` lines for the keys `T` cannot do without (`title: x`);
/// each key is checked together with the stand-ins for the others. A YAML syntax error still stops
/// at the first, as no parser can read past it reliably.
pub fn parse_all<T: DeserializeOwned>(
    yaml: &str,
    at: Embedded<'_>,
    what: &str,
    required: &str,
) -> Result<T, Vec<Diagnostic>> {
    let first = match serde_yaml::from_str::<T>(yaml) {
        // serde keeps the last of two equal keys in a nested map (a glossary term written twice)
        // without a word; a second, untyped parse finds them, only when a key line repeats.
        Ok(v) => match nested_duplicate(yaml, 0, at, what) {
            Some(d) => return Err(vec![d]),
            None => return Ok(v),
        },
        Err(e) => e,
    };
    let fallback = || vec![yaml_error(&first, at, what)];
    if let Err(e) = serde_yaml::from_str::<serde_yaml::Value>(yaml) {
        if !e.to_string().contains("duplicate") {
            return Err(fallback());
        }
    }
    let entries = top_level_entries(yaml);
    let mut errors = Vec::new();
    // Key -> offset of its first occurrence.
    let mut seen: Vec<(String, usize)> = Vec::new();
    for (offset, text) in entries {
        let key = match serde_yaml::from_str::<serde_yaml::Mapping>(text) {
            Ok(m) if m.len() == 1 => match m.keys().next() {
                Some(serde_yaml::Value::String(k)) => k.clone(),
                Some(other) => scalar_key(other),
                None => return Err(fallback()),
            },
            // A key written twice inside this entry: reported, and the entry is not checked.
            Err(_) if nested_duplicate(text, offset, at, what).is_some() => {
                errors.extend(nested_duplicate(text, offset, at, what));
                continue;
            }
            // Not one `key: value` entry: our reading of the layout is wrong; say what serde says.
            _ => return Err(fallback()),
        };
        if let Some((_, first_at)) = seen.iter().find(|(k, _)| *k == key) {
            let (line, _) = crate::diagnostics::line_col(at.file_text, at.offset + first_at);
            errors.push(
                at.at(
                    Diagnostic::error(
                        rule::YAML,
                        format!("{what}: the key `{key}` is written twice"),
                    )
                    .help(format!(
                        "keep one of the two: the first is on line {line}; a later value would \
                         silently replace it"
                    )),
                    offset,
                ),
            );
            continue;
        }
        seen.push((key.clone(), offset));
        let stand_ins: String = required
            .lines()
            .filter(|l| l.split(':').next() != Some(key.as_str()))
            .map(|l| format!("{l}\n"))
            .collect();
        let doc = format!("{stand_ins}{text}");
        if let Err(e) = serde_yaml::from_str::<T>(&doc) {
            let d = plain_error(&e, what);
            let pos = match e.location() {
                Some(loc) if loc.index() > stand_ins.len() => loc.index() - stand_ins.len(),
                _ => quoted_value(&d.message)
                    .and_then(|v| text.find(v))
                    .unwrap_or(0),
            };
            errors.push(at.at(d, offset + pos));
        }
    }
    for line in required.lines() {
        let key = line.split(':').next().unwrap_or_default();
        if !seen.iter().any(|(k, _)| k == key) {
            errors.push(
                at.at(
                    Diagnostic::error(rule::YAML, format!("{what}: missing field `{key}`"))
                        .help("add the missing key"),
                    0,
                ),
            );
        }
    }
    if errors.is_empty() {
        Err(fallback())
    } else {
        Err(errors)
    }
}

/// A key written twice in any mapping of `yaml` (which sits at `base` in the document), pointing
/// at the second occurrence. Cheap when no `key:` line repeats at the same indentation, which is
/// every front matter but a few.
fn nested_duplicate(yaml: &str, base: usize, at: Embedded<'_>, what: &str) -> Option<Diagnostic> {
    let mut key_lines = std::collections::HashSet::new();
    let repeats = yaml
        .lines()
        .filter_map(|l| line_key(l, l.len() - l.trim_start_matches([' ', '-']).len()))
        .any(|k| !key_lines.insert(k));
    if !repeats {
        return None;
    }
    let e = serde_yaml::from_str::<serde_yaml::Value>(yaml).err()?;
    let message = e.to_string();
    // Nested errors are prefixed with their path (`terms: duplicate entry ...`).
    let key = message
        .split_once("duplicate entry with key ")?
        .1
        .split(" at line ")
        .next()?
        .trim_matches('"')
        .to_string();
    // The error points at the mapping holding the key; its keys sit at that column.
    let (start, column) = match e.location() {
        Some(loc) => (loc.index(), loc.column().saturating_sub(1)),
        None => (0, 0),
    };
    let line_start = yaml[..start.min(yaml.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let mut found = Vec::new();
    let mut offset = line_start;
    for line in yaml[line_start..].split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '-']).len();
        let blank = line.trim().is_empty() || line.trim_start().starts_with('#');
        if !blank && indent < column && offset > line_start {
            break;
        }
        if indent == column && line_key(line, column).is_some_and(|(_, k)| k == key) {
            found.push(offset + column);
        }
        offset += line.len();
    }
    let (first, second) = match found[..] {
        [first, second, ..] => (first, second),
        _ => (start, start),
    };
    let (line, _) = crate::diagnostics::line_col(at.file_text, at.offset + base + first);
    Some(
        at.at(
            Diagnostic::error(
                rule::YAML,
                format!("{what}: the key `{key}` is written twice"),
            )
            .help(format!(
                "keep one of the two: the first is on line {line}; a later value would silently \
                 replace it"
            )),
            base + second,
        ),
    )
}

/// `(indent, key)` of a `key: value` line whose key starts at `column`, quotes removed.
fn line_key(line: &str, column: usize) -> Option<(usize, &str)> {
    let rest = line.get(column..)?;
    let (key, _) = rest.split_once(':')?;
    let key = key.trim().trim_matches(['"', '\'']);
    (!key.is_empty() && !key.starts_with('#')).then_some((column, key))
}

fn scalar_key(v: &serde_yaml::Value) -> String {
    serde_yaml::to_string(v)
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

/// Each top-level `key: value` entry of a block mapping with its byte offset: a line that starts
/// at column 0 and is not a comment or a list item (`- a` under a key belongs to that key) starts
/// an entry; every other line belongs to the entry above it.
fn top_level_entries(yaml: &str) -> Vec<(usize, &str)> {
    let mut starts = Vec::new();
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let starts_entry = line
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && c != '#' && c != '-');
        if starts_entry {
            starts.push(offset);
        }
        offset += line.len();
    }
    starts
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            let end = starts.get(i + 1).copied().unwrap_or(yaml.len());
            (s, &yaml[s..end])
        })
        .collect()
}

/// The first `backticked` word of a message.
fn quoted_value(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    (len > 0).then(|| &message[start..start + len])
}

fn hint_for(message: &str, what: &str) -> String {
    if let Some(rest) = message.split_once("unknown field `").map(|(_, r)| r) {
        let field = rest.split('`').next().unwrap_or_default();
        // The brand's keys, written at the top of site.yaml.
        if what == "site.yaml" && matches!(field, "logo" | "colour" | "color") {
            return format!(
                "put it under `brand:`, indented: `brand:` then `  logo: static/logo.svg` and \
                 `  colour: \"#5a2d82\"`; `{field}` on its own is not a site.yaml key"
            );
        }
        let expected: Vec<&str> = rest
            .split("expected ")
            .nth(1)
            .map(|list| {
                list.split('`')
                    .enumerate()
                    .filter(|(i, _)| i % 2 == 1)
                    .map(|(_, s)| s)
                    .collect()
            })
            .unwrap_or_default();
        let closest = expected
            .iter()
            .map(|k| (strsim::levenshtein(field, k), *k))
            .filter(|(d, _)| *d <= 3)
            .min();
        return match closest {
            Some((_, k)) => format!("did you mean `{k}`? Unknown keys are not allowed in {what}"),
            None => format!(
                "remove `{field}` or use one of the allowed keys: {}",
                expected.join(", ")
            ),
        };
    }
    if message.contains("unknown variant") {
        return "use one of the values listed in the message".into();
    }
    if message.contains("invalid date") {
        return "write dates as YYYY-MM-DD, for example 2027-03-31".into();
    }
    if message.contains("missing field") {
        return "add the missing key".into();
    }
    if message.contains("invalid type") {
        return "check the value's type: a list is written [a, b] or as lines starting with `- `, \
                text that contains a colon must be in quotes"
            .into();
    }
    "check the YAML syntax: indentation with spaces, `key: value` pairs, quotes around text with a colon"
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: String,
        summary: Option<String>,
    }

    #[test]
    fn unknown_field_points_at_the_key_and_suggests_the_spelling() {
        let file = "---\ntitle: A\nsumary: B\n---\n";
        let at = Embedded {
            file: Path::new("content/a.md"),
            file_text: file,
            offset: 4,
        };
        let err = parse::<T>("title: A\nsumary: B\n", at, "front matter").unwrap_err();
        assert_eq!((err.line, err.column), (3, 1), "{err:?}");
        assert!(
            err.message.contains("unknown field `sumary`"),
            "{}",
            err.message
        );
        assert!(err.help.unwrap().contains("did you mean `summary`"));
    }

    #[test]
    fn parse_all_reports_each_key_and_the_second_of_a_duplicate() {
        let yaml = "title: A\nsumary: B\ntitle: C\nfoo: [1]\n";
        let at = Embedded::whole(Path::new("a.yaml"), yaml);
        let errs = parse_all::<T>(yaml, at, "front matter", "title: x").unwrap_err();
        let lines: Vec<usize> = errs.iter().map(|d| d.line).collect();
        assert_eq!(lines, [2, 3, 4], "{errs:?}");
        assert!(errs[1].message.contains("`title` is written twice"));
        // A syntax error is still one error, where serde found it.
        let bad = "title: A\nsummary: [x\n";
        let errs =
            parse_all::<T>(bad, Embedded::whole(Path::new("a"), bad), "x", "title: x").unwrap_err();
        assert_eq!(errs.len(), 1);
        // A missing required key is named.
        let errs = parse_all::<T>("summary: x\n", at, "x", "title: x").unwrap_err();
        assert!(
            errs[0].message.contains("missing field `title`"),
            "{errs:?}"
        );
    }

    #[test]
    fn a_key_written_twice_in_a_nested_map_is_found() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct G {
            title: String,
            terms: std::collections::BTreeMap<String, String>,
        }
        let yaml = "title: A\nterms:\n  CEOP: one\n  grooming: two\n  CEOP: three\n";
        let at = Embedded::whole(Path::new("g.md"), yaml);
        let errs = parse_all::<G>(yaml, at, "front matter", "title: x").unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!((errs[0].line, errs[0].column), (5, 3), "{errs:?}");
        assert!(errs[0].message.contains("`CEOP` is written twice"));
        assert!(errs[0].help.as_deref().unwrap().contains("line 3"));
        // Keys repeated under different parents are no duplicate.
        let ok = "title: A\nterms:\n  a: x\nsub:\n  a: y\n";
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct H {
            title: String,
            terms: std::collections::BTreeMap<String, String>,
            sub: std::collections::BTreeMap<String, String>,
        }
        let at = Embedded::whole(Path::new("h.md"), ok);
        assert!(parse_all::<H>(ok, at, "x", "title: x").is_ok());
    }

    #[test]
    fn at_key_finds_the_value_on_its_line() {
        let file = "---\ntitle: A\naudience: [parents, kids]\n---\n";
        let at = Embedded {
            file: Path::new("a.md"),
            file_text: file,
            offset: 4,
        };
        let d = at.at_key(Diagnostic::error("x", "bad"), "audience", Some("kids"));
        assert_eq!((d.line, d.column), (3, 21));
    }
}
