//! `safeguide adapt --init-profile FILE`: a profile to fill in, listing every placeholder the chosen
//! documents use with its label, hint and the documents that use it, as YAML comments.

use crate::load::config::{PlaceholderDecl, ValueType};
use crate::render::{context::used_placeholders, docx::ORGANISATION_KEY};
use crate::resolve::Site;

/// One key of the new profile.
struct Entry<'s> {
    key: String,
    decl: &'s PlaceholderDecl,
    used_by: Vec<&'s str>,
}

/// The text of a new profile for the documents `docs` (page indexes), keys in the order the
/// documents first use them, the organisation's name first (it also heads every Word copy).
pub fn profile_text<'s>(site: &'s Site, docs: &[usize], file: &str) -> String {
    let mut entries: Vec<Entry<'s>> = Vec::new();
    let mut add = |key: String, decl, doc: Option<&'s str>| {
        let at = match entries.iter().position(|e| e.key == key) {
            Some(at) => at,
            None => {
                entries.push(Entry {
                    key,
                    decl,
                    used_by: Vec::new(),
                });
                entries.len() - 1
            }
        };
        entries[at].used_by.extend(doc);
    };
    if let Some(decl) = site.config.placeholders.get(ORGANISATION_KEY) {
        add(ORGANISATION_KEY.to_string(), decl, None);
    }
    for &i in docs {
        let page = &site.pages[i];
        for key in used_placeholders(page.src.body()) {
            let decl = page
                .src
                .fm
                .placeholders
                .get(&key)
                .or_else(|| site.config.placeholders.get(&key));
            if let Some(decl) = decl {
                add(key, decl, Some(&page.src.rel));
            }
        }
    }

    let mut out = format!(
        "# Your school's or setting's details for `safeguide adapt`.\n\
         # Write each value between its double quotes, then run:\n\
         #   safeguide adapt --profile {}\n\
         # An apostrophe needs nothing special: name: \"St Anne's C of E Primary School\".\n\
         # A double quote inside a value is written \\\" (backslash, then the quote).\n\
         # A value left as \"\" is listed by adapt; with --allow-blanks it becomes a labelled line to\n\
         # fill in by hand. Dates are written as YYYY-MM-DD (2027-09-01 for 1 September 2027).\n",
        comment(file)
    );
    // The documents this profile is for: `adapt --profile FILE` alone adapts these.
    out.push_str(
        "\n# The documents to adapt (paths inside content/); remove any you do not need.\n",
    );
    out.push_str(&format!("{}:\n", crate::load::profiles::DOCUMENTS_KEY));
    for &i in docs {
        out.push_str(&format!(
            "  - {}\n",
            serde_json::Value::String(site.pages[i].src.rel.clone())
        ));
    }
    out.push_str(&format!(
        "\n# Your logo for the top of every page (optional): a PNG or JPEG file in this folder.\n\
         # {}: \"our-logo.png\"\n",
        crate::load::profiles::LOGO_KEY
    ));
    for e in &entries {
        out.push('\n');
        out.push_str(&format!("# {}\n", comment(&e.decl.label)));
        if let Some(hint) = &e.decl.hint {
            out.push_str(&format!("# {}\n", comment(hint)));
        }
        if e.decl.value_type == ValueType::Date {
            out.push_str("# A date: YYYY-MM-DD\n");
        }
        if e.used_by.is_empty() {
            out.push_str("# Used in the header of every Word copy\n");
        } else {
            out.push_str(&format!("# Used by: {}\n", comment(&e.used_by.join(", "))));
        }
        out.push_str(&format!("{}: \"\"\n", yaml_key(&e.key)));
    }
    out
}

/// Text that stays inside one YAML comment line.
fn comment(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// A key as YAML reads it back: plain when safe, else a double-quoted (JSON) string.
fn yaml_key(key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !key.starts_with('-')
        // Words YAML would read as a boolean or null.
        && !matches!(
            key.to_ascii_lowercase().as_str(),
            "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null"
        );
    if plain {
        key.to_string()
    } else {
        serde_json::Value::String(key.to_string()).to_string()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn odd_keys_are_quoted_and_comments_stay_on_one_line() {
        assert_eq!(yaml_key("review_date"), "review_date");
        assert_eq!(yaml_key("yes"), "\"yes\"");
        assert_eq!(yaml_key("a: b #c"), "\"a: b #c\"");
        assert_eq!(comment("a\nb\rc"), "a b c");
        let doc: BTreeMap<String, String> = serde_yaml::from_str(&format!(
            "{}: ''\n{}: ''\n",
            yaml_key("yes"),
            yaml_key("a: b #c")
        ))
        .unwrap();
        assert!(
            doc.contains_key("yes") && doc.contains_key("a: b #c"),
            "{doc:?}"
        );
    }
}
