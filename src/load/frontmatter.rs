//! Front matter: the YAML block at the top of every Markdown file.

use crate::diagnostics::rule;
use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::config::PlaceholderDecl;
use super::date::Date;
use super::yaml::{self, Embedded};
use crate::diagnostics::{Diagnostic, Diagnostics};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    #[default]
    Page,
    Guide,
    Tips,
    Policy,
    Aup,
    Training,
    Audit,
    Glossary,
    Contacts,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::Guide,
        Kind::Tips,
        Kind::Policy,
        Kind::Aup,
        Kind::Training,
        Kind::Audit,
        Kind::Glossary,
        Kind::Contacts,
        Kind::Page,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Kind::Page => "page",
            Kind::Guide => "guide",
            Kind::Tips => "tips",
            Kind::Policy => "policy",
            Kind::Aup => "aup",
            Kind::Training => "training",
            Kind::Audit => "audit",
            Kind::Glossary => "glossary",
            Kind::Contacts => "contacts",
        }
    }

    /// Kinds whose pages are fill-in model documents.
    pub fn has_placeholders(self) -> bool {
        matches!(self, Kind::Policy | Kind::Aup)
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub kind: Option<Kind>,
    #[serde(default)]
    pub audience: Option<Vec<String>>,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default)]
    pub updated: Option<Date>,
    #[serde(default)]
    pub review_by: Option<Date>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub placeholders: BTreeMap<String, PlaceholderDecl>,
    /// (policy, aup) Who signs the document, one block each; a default block when absent.
    #[serde(default)]
    pub signatures: Option<Vec<Signer>>,
    /// (policy, aup) The title of a copy an organisation adopts, with placeholders
    /// (`"{{ name }}: online safety policy"`); the model's title when absent.
    #[serde(default)]
    pub adopted_title: Option<String>,
    /// (policy, aup) Printed in large type (at least 14 pt) on as few sheets as it fits: an
    /// agreement for young children to read.
    #[serde(default)]
    pub large_print: bool,
    /// Training: length of the session in minutes.
    #[serde(default)]
    pub duration: Option<u32>,
    #[serde(default)]
    pub objectives: Vec<String>,
    #[serde(default)]
    pub materials: Vec<String>,
    /// Glossary: term -> definition.
    #[serde(default)]
    pub terms: BTreeMap<String, String>,
    /// The document's edition: on a policy or AUP, shown under its title and in its printed
    /// footer; on an audit, recorded in every return (`version: 2`).
    #[serde(default, deserialize_with = "version")]
    pub version: Option<String>,
    /// Ids from frameworks.yaml of the guidance and laws the page relies on (`cites: [kcsie-2025]`),
    /// provisions as `act/provision`, and `{ id: ..., coming: true }` for one not yet in force.
    #[serde(default)]
    pub cites: Vec<super::cite::Cite>,
    /// Written by `safeguide override`: the version (content hash) of the base file this copy
    /// came from, so `check` can say when the base moved on.
    #[serde(default)]
    pub based_on: Option<String>,
    /// (a translation) Who checked it against its original, and when: `check` warns about a
    /// published translation without one (a draft or machine translation).
    #[serde(default)]
    pub reviewed: Option<Reviewed>,
    /// The nations whose sites publish the page (`[wales]`); every nation's when absent.
    #[serde(default)]
    pub nations: Option<Vec<super::nation::Nation>>,
}

/// `reviewed: { by: Name, on: 2026-12-01 }`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Reviewed {
    pub by: String,
    pub on: Date,
}

/// A version is a whole number or text; a decimal like `2.10` is refused because YAML would read
/// it as the number 2.1 and returns would name the wrong edition.
pub(crate) fn version<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    use serde::de::Error;
    match serde_yaml::Value::deserialize(d)? {
        serde_yaml::Value::Null => Ok(None),
        serde_yaml::Value::String(s) if !s.trim().is_empty() => Ok(Some(s.trim().to_string())),
        serde_yaml::Value::Number(n) if n.is_u64() => Ok(Some(n.to_string())),
        _ => Err(D::Error::custom(
            "the version must be a whole number (`version: 2`) or text in quotes (`version: \"2.1\"`)",
        )),
    }
}

/// One person (or role) who signs a model document, and the lines they fill in.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    /// Who signs, e.g. "Parent or carer".
    pub title: String,
    /// A sentence above the lines, e.g. "I have read this agreement with my child."
    #[serde(default)]
    pub note: Option<String>,
    /// Labels of the lines to write on, e.g. [Name, Signature, Date].
    pub lines: Vec<String>,
}

/// A Markdown file split into its front matter and body.
#[derive(Debug)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// Byte offset of the YAML inside the file.
    pub yaml_offset: usize,
    /// Byte offset of the body inside the file.
    pub body_offset: usize,
}

/// Finds the `---` fences. Errors name the line a fix belongs on.
pub fn split<'a>(text: &'a str, display: &Path) -> Result<Split<'a>, Diagnostic> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_line_end].trim_end() != "---" {
        return Err(Diagnostic::error(
            rule::FRONT_MATTER,
            "the file does not start with front matter",
        )
        .at_offset(display, text, start)
        .help("start the file with a line `---`, then `title: ...`, then another line `---`"));
    }
    let yaml_offset = start + first_line_end;
    let mut offset = yaml_offset;
    for line in text[yaml_offset..].split_inclusive('\n') {
        let t = line.trim_end();
        if t == "---" || t == "..." {
            return Ok(Split {
                yaml: &text[yaml_offset..offset],
                yaml_offset,
                body_offset: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err(
        Diagnostic::error(rule::FRONT_MATTER, "the front matter is never closed")
            .at_offset(display, text, start)
            .help("add a line `---` after the last front matter key, before the page text"),
    )
}

/// Parses the YAML of a split file, reporting every problem in it.
pub fn parse(split: &Split<'_>, text: &str, display: &Path) -> Result<FrontMatter, Diagnostics> {
    let at = Embedded {
        file: display,
        file_text: text,
        offset: split.yaml_offset,
    };
    if split.yaml.trim().is_empty() {
        return Err(Diagnostics::from_iter([at.at(
            Diagnostic::error(rule::FRONT_MATTER, "the front matter is empty")
                .help("add at least `title: ...`"),
            0,
        )]));
    }
    let fm: FrontMatter = yaml::parse_all(split.yaml, at, "front matter", "title: x")
        .map_err(Diagnostics::from_iter)?;
    if let Some(signers) = &fm.signatures {
        if !fm.kind.is_some_and(Kind::has_placeholders) {
            return Err(Diagnostics::from_iter([at.at_key(
                Diagnostic::error(
                    rule::FRONT_MATTER,
                    "`signatures` only works on model policies and agreements",
                )
                .help("set `kind: policy` or `kind: aup`, or remove `signatures:`"),
                "signatures",
                None,
            )]));
        }
        if let Some(s) = signers
            .iter()
            .find(|s| s.lines.is_empty() || s.title.trim().is_empty())
        {
            return Err(Diagnostics::from_iter([at.at_key(
                Diagnostic::error(
                    rule::FRONT_MATTER,
                    format!("the signature block `{}` has no title or no lines", s.title),
                )
                .help("give each signer a title and lines, e.g. `- { title: Pupil, lines: [Name, Signature, Date] }`"),
                "signatures",
                Some(&s.title).filter(|t| !t.is_empty()).map(String::as_str),
            )]));
        }
    }
    if fm.title.trim().is_empty() {
        return Err(Diagnostics::from_iter([at.at_key(
            Diagnostic::error(rule::FRONT_MATTER, "the title is empty")
                .help("give the page a title"),
            "title",
            None,
        )]));
    }
    Ok(fm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body_with_offsets() {
        let text = "---\ntitle: Hi\n---\n# Body\n";
        let s = split(text, Path::new("a.md")).unwrap();
        assert_eq!(s.yaml, "title: Hi\n");
        assert_eq!(&text[s.body_offset..], "# Body\n");
        let fm = parse(&s, text, Path::new("a.md")).unwrap();
        assert_eq!(fm.title, "Hi");
        assert_eq!(fm.kind, None);
    }

    #[test]
    fn unterminated_front_matter_is_reported_on_line_one() {
        let err = split("---\ntitle: Hi\n# Body\n", Path::new("a.md")).unwrap_err();
        assert_eq!(err.line, 1);
        assert!(err.message.contains("never closed"));
    }

    #[test]
    fn bad_date_is_reported_on_its_line() {
        let text = "---\ntitle: Hi\nreview_by: 2027-13-01\n---\n";
        let s = split(text, Path::new("a.md")).unwrap();
        let err = parse(&s, text, Path::new("a.md"))
            .unwrap_err()
            .into_vec()
            .remove(0);
        assert_eq!(err.line, 3, "{err:?}");
        assert!(err.message.contains("invalid date"), "{}", err.message);
    }

    #[test]
    fn versions_are_text_and_signatures_belong_to_model_documents() {
        let parse_text = |text: &str| {
            parse(
                &split(text, Path::new("a.md")).unwrap(),
                text,
                Path::new("a.md"),
            )
        };
        let fm = parse_text("---\ntitle: A\nkind: aup\nversion: \"2.1\"\nsignatures:\n  - { title: Pupil, lines: [Name] }\n---\n").unwrap();
        assert_eq!(fm.version.as_deref(), Some("2.1"));
        assert_eq!(fm.signatures.unwrap()[0].lines, ["Name"]);
        let err = parse_text(
            "---\ntitle: A\nkind: guide\nsignatures:\n  - { title: Pupil, lines: [Name] }\n---\n",
        )
        .unwrap_err()
        .into_vec()
        .remove(0);
        assert_eq!(err.line, 4, "{err:?}");
        assert!(
            err.message.contains("only works on model policies"),
            "{}",
            err.message
        );
        let err = parse_text("---\ntitle: A\nkind: aup\nsignatures:\n  - { title: Pupil, lines: [Name] }\n  - { title: Parent, lines: [] }\n---\n").unwrap_err().into_vec().remove(0);
        assert_eq!(err.line, 6, "{err:?}");
        assert!(
            err.message.contains("`Parent` has no title or no lines"),
            "{}",
            err.message
        );
    }

    #[test]
    fn audit_version_is_a_whole_number_or_quoted_text() {
        let v = |yaml: &str| {
            let text = format!("---\ntitle: Hi\n{yaml}\n---\n");
            let s = split(&text, Path::new("a.md")).unwrap();
            parse(&s, &text, Path::new("a.md")).map(|fm| fm.version)
        };
        assert_eq!(v("version: 2").unwrap(), Some("2".into()));
        assert_eq!(v("version: \"2.10\"").unwrap(), Some("2.10".into()));
        assert_eq!(v("kind: audit").unwrap(), None);
        let err = v("version: 2.10").unwrap_err().into_vec().remove(0);
        assert_eq!(err.line, 3, "{err:?}");
        assert!(err.message.contains("whole number"), "{}", err.message);
    }

    #[test]
    fn unknown_kind_lists_the_kinds() {
        let text = "---\ntitle: Hi\nkind: leaflet\n---\n";
        let s = split(text, Path::new("a.md")).unwrap();
        let err = parse(&s, text, Path::new("a.md"))
            .unwrap_err()
            .into_vec()
            .remove(0);
        assert_eq!(err.line, 3);
        assert!(err.message.contains("guide"), "{}", err.message);
    }
}
