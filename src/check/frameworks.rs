//! Frameworks rules: a page citing an edition superseded on the day of the check (or one not yet
//! in force, or about to be replaced), and page text that names a superseded edition or an
//! outdated term. The registry is `frameworks.yaml` ([`crate::load::frameworks`]).

use super::framework_law;
use crate::diagnostics::rule;
use crate::diagnostics::Diagnostic;
use crate::load::date::Date;
use crate::load::frameworks::{Frameworks, State, HISTORY_MARKER, IGNORE_MARKER};
use crate::load::nation::Nation;
use crate::resolve::Page;

/// What page text is checked for on one day: built once per check, used for every page.
pub struct TextRules {
    patterns: Vec<Pattern>,
    historical_words: Vec<String>,
    nation: Nation,
}

impl TextRules {
    /// The rules for a site of `nation` checked on `today`.
    pub fn new(fw: &Frameworks, today: Date, nation: Nation) -> TextRules {
        let mut patterns = patterns(fw, today);
        patterns.extend(nation_patterns(fw, nation));
        TextRules {
            patterns,
            historical_words: fw.historical_words.clone(),
            nation,
        }
    }
}

/// Every frameworks finding for one page.
pub fn page(fw: &Frameworks, rules: &TextRules, page: &Page, today: Date) -> Vec<Diagnostic> {
    let mut ds = citations(fw, page, today, rules.nation);
    ds.extend(text(rules, page));
    ds
}

fn citations(fw: &Frameworks, page: &Page, today: Date, nation: Nation) -> Vec<Diagnostic> {
    let at = page.src.yaml_at();
    let mut ds = Vec::new();
    for (n, cite) in page.src.fm.cites.iter().enumerate() {
        let id: &str = cite;
        // Unknown ids are the load stage's errors.
        let Some((idx, provision)) = fw.resolve(id) else {
            continue;
        };
        let f = &fw.list[idx];
        if let Some(d) = framework_law::other_nation(fw, idx, provision, cite, nation) {
            ds.push(at.at_list_item(d, "cites", id, n));
        }
        if let (Some(p), State::InForce | State::ReplacedFrom { .. }) =
            (provision, fw.state(idx, today))
        {
            if let Some(d) = framework_law::provision_cite(f, p, cite, today) {
                ds.push(at.at_list_item(d, "cites", id, n));
            }
            continue;
        }
        let d = match fw.state(idx, today) {
            State::InForce => continue,
            State::Withdrawn { on } => Diagnostic::warning(
                rule::FRAMEWORK_SUPERSEDED,
                format!(
                    "this page cites `{id}` ({}), which was withdrawn{}",
                    f.full_name(),
                    on.map(|d| format!(" on {}", d.long())).unwrap_or_default()
                ),
            )
            .help("check what replaced it and cite that, or remove the citation"),
            State::Superseded { by, on, current } => {
                let newer = &fw.list[by];
                let latest = &fw.list[current];
                let also = if current != by {
                    format!(", and the edition in force now is `{}`", latest.id)
                } else {
                    String::new()
                };
                Diagnostic::warning(
                    rule::FRAMEWORK_SUPERSEDED,
                    format!(
                        "this page cites `{id}` ({}), which was superseded on {} by `{}` ({}){also}",
                        f.full_name(),
                        on.long(),
                        newer.id,
                        newer.full_name(),
                    ),
                )
                .help(format!(
                    "check the page against {} and cite `{}` instead",
                    latest.full_name(),
                    latest.id
                ))
            }
            State::ReplacedFrom { by, from } => Diagnostic::notice(
                rule::FRAMEWORK_REPLACED_SOON,
                format!(
                    "this page cites `{id}` ({}), which `{}` replaces on {}",
                    f.full_name(),
                    fw.list[by].id,
                    from.long()
                ),
            )
            .help(format!(
                "review the page against {} before then and cite `{}`",
                fw.list[by].full_name(),
                fw.list[by].id
            )),
            State::NotYetInForce { .. } if cite.coming => continue,
            State::NotYetInForce { from } => Diagnostic::warning(
                rule::FRAMEWORK_NOT_IN_FORCE,
                format!(
                    "this page cites `{id}` ({}), which is not in force: {}",
                    f.full_name(),
                    match from {
                        Some(d) => format!("it comes into force on {}", d.long()),
                        None => f
                            .status
                            .map_or("no date is set".to_string(), |s| s.label().to_lowercase()),
                    }
                ),
            )
            .help(format!(
                "word the page so it is true before and after it applies (\"from September\", \"when it comes into force\") and cite it as `{{ id: {id}, coming: true }}`, or cite the edition in force now"
            )),
        };
        ds.push(at.at_list_item(d, "cites", id, n));
    }
    ds
}

/// What text may not say as if it were current, with the warning to give.
struct Pattern {
    /// Lower case, as the text is searched.
    term: String,
    rule: &'static str,
    message: String,
    help: String,
    /// For guidance of other nations: a sentence naming one of these is about them on purpose.
    nations: Vec<Nation>,
    /// Lower-case names containing the term that are current (a helpline's own name).
    except: Vec<String>,
}

/// Names of guidance that does not apply in the site's nation.
fn nation_patterns(fw: &Frameworks, nation: Nation) -> Vec<Pattern> {
    let mut out: Vec<Pattern> = Vec::new();
    for f in fw.list.iter().filter(|f| !f.applies_in(nation)) {
        for name in f.any_edition_names() {
            let term = name.to_ascii_lowercase();
            if out.iter().any(|p| p.term == term)
                || fw.list.iter().any(|g| {
                    g.applies_in(nation)
                        && g.any_edition_names()
                            .iter()
                            .any(|n| n.eq_ignore_ascii_case(&name))
                })
            {
                continue;
            }
            out.push(Pattern {
                term,
                rule: rule::FRAMEWORK_OTHER_NATION,
                message: format!(
                    "the text names {name}, which applies in {} only, and this site is for {}",
                    crate::load::framework_law::nation_list(&f.nations),
                    nation.name()
                ),
                help: framework_law::equivalent_help(fw, f, nation),
                nations: f.nations.clone(),
                except: Vec::new(),
            });
        }
    }
    out
}

fn patterns(fw: &Frameworks, today: Date) -> Vec<Pattern> {
    let mut out = Vec::new();
    for (idx, f) in fw.list.iter().enumerate() {
        let State::Superseded { current, on, .. } = fw.state(idx, today) else {
            continue;
        };
        let latest = &fw.list[current];
        for name in f.text_names() {
            out.push(Pattern {
                message: format!(
                    "the text names {}, superseded on {}; the edition in force is {}",
                    f.full_name(),
                    on.long(),
                    latest.full_name()
                ),
                help: format!(
                    "name the edition in force ({}) or write \"the current edition\"; if the sentence is about the old edition, add <!-- {IGNORE_MARKER} --> on the line",
                    latest.full_name()
                ),
                term: name.to_ascii_lowercase(),
                rule: rule::OUTDATED_EDITION,
                nations: Vec::new(),
                except: Vec::new(),
            });
        }
    }
    for t in &fw.outdated_terms {
        for term in &t.terms {
            let why = t
                .why
                .as_deref()
                .map(|w| format!(" ({})", w.trim().trim_end_matches('.')))
                .unwrap_or_default();
            out.push(Pattern {
                term: term.to_ascii_lowercase(),
                rule: rule::OUTDATED_TERM,
                message: format!("`{term}` is no longer the current term: write \"{}\"", t.instead),
                help: format!(
                    "use \"{}\"{why}; to mention the old term, put it in quotation marks, say it is history (\"formerly\", \"replaced\"), or add <!-- {IGNORE_MARKER} --> on the line",
                    t.instead
                ),
                nations: Vec::new(),
                except: t.except.iter().map(|e| e.to_ascii_lowercase()).collect(),
            });
        }
    }
    out
}

/// Warnings for old editions and terms in the page's text (front matter values and body alike:
/// titles, summaries and glossary definitions are read too).
fn text(rules: &TextRules, page: &Page) -> Vec<Diagnostic> {
    let text = &page.src.text;
    let lower = text.to_ascii_lowercase();
    let mut ds = Vec::new();
    // The same place found by two names (`KCSIE 2023` and `KCSIE (2023)` cannot both match, but
    // an author's `names` may repeat a generated one) is reported once.
    let mut seen: Vec<usize> = Vec::new();
    for p in &rules.patterns {
        for (start, end) in find_term(&lower, &p.term) {
            let excused = if p.nations.is_empty() {
                historical(&lower, start, end, &rules.historical_words)
            } else {
                names_nation(&lower, start, end, &p.nations)
            };
            if seen.contains(&start)
                || quoted(text, start, end)
                || marked(text, start)
                || excused
                || within_exception(&lower, start, end, &p.except)
            {
                continue;
            }
            seen.push(start);
            ds.push(
                Diagnostic::warning(p.rule, p.message.clone())
                    .at_offset(&page.src.display, text, start)
                    .help(p.help.clone()),
            );
        }
    }
    ds
}

/// Byte ranges where `term` (lower case, words separated by any run of white space, including a
/// line break) occurs in `lower` as whole words.
pub fn find_term(lower: &str, term: &str) -> Vec<(usize, usize)> {
    let words: Vec<&str> = term.split_whitespace().collect();
    let Some(first) = words.first() else {
        return Vec::new();
    };
    let word_char = |c: char| c.is_alphanumeric() || c == '_';
    let mut found = Vec::new();
    for (start, _) in lower.match_indices(first) {
        if lower[..start].chars().next_back().is_some_and(word_char) {
            continue;
        }
        let mut end = start + first.len();
        let mut ok = true;
        for w in &words[1..] {
            let rest = &lower[end..];
            let gap = rest.len() - rest.trim_start().len();
            if gap == 0 || !rest[gap..].starts_with(w) {
                ok = false;
                break;
            }
            end += gap + w.len();
        }
        let last_is_word = words
            .last()
            .and_then(|w| w.chars().last())
            .is_some_and(word_char);
        if ok && !(last_is_word && lower[end..].chars().next().is_some_and(word_char)) {
            found.push((start, end));
        }
    }
    found
}

/// `"sexting"`, `“sexting”`, `'sexting'` or `‘sexting’`: the word is being talked about.
fn quoted(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    matches!(
        (before, after),
        (Some('"'), Some('"'))
            | (Some('“'), Some('”'))
            | (Some('\''), Some('\''))
            | (Some('‘'), Some('’'))
    )
}

/// Whether `start..end` lies inside one of the `names` (lower case) that stay current.
fn within_exception(lower: &str, start: usize, end: usize, names: &[String]) -> bool {
    names.iter().any(|n| {
        find_term(lower, n)
            .into_iter()
            .any(|(s, e)| s <= start && end <= e)
    })
}

/// The ignore or history marker on the same line or the line above.
fn marked(text: &str, start: usize) -> bool {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let prev_start = text[..line_start.saturating_sub(1)]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let lines = &text[prev_start..line_end];
    lines.contains(IGNORE_MARKER) || lines.contains(HISTORY_MARKER)
}

/// Whether the sentence around `start..end`, apart from the name itself ("Wales Safeguarding
/// Procedures" names Wales), names one of `nations` ("In Wales, ...").
fn names_nation(lower: &str, start: usize, end: usize, nations: &[Nation]) -> bool {
    let (from, to) = sentence(lower, start, end);
    let rest = format!("{} {}", &lower[from..start], &lower[end..to]);
    nations
        .iter()
        .flat_map(|n| n.words())
        .any(|w| !find_term(&rest, w).is_empty())
}

/// Whether the sentence around `start..end` contains one of `words` (whole words, lower case).
fn historical(lower: &str, start: usize, end: usize, words: &[String]) -> bool {
    let (from, to) = sentence(lower, start, end);
    let sentence = &lower[from..to];
    words
        .iter()
        .any(|w| !find_term(sentence, &w.to_ascii_lowercase()).is_empty())
}

/// The byte range of the sentence (or paragraph, if shorter) around `start..end`.
fn sentence(lower: &str, start: usize, end: usize) -> (usize, usize) {
    let boundary = |c: char| matches!(c, '.' | '!' | '?');
    let sentence_start = lower[..start]
        .rfind(boundary)
        .map_or(0, |i| i + 1)
        .max(lower[..start].rfind("\n\n").map_or(0, |i| i + 2))
        // The end of the front matter: its keys are not part of the first sentence.
        .max(lower[..start].rfind("\n---\n").map_or(0, |i| i + 5));
    let sentence_end = {
        let to_stop = lower[end..].find(boundary).map_or(lower.len(), |i| end + i);
        let to_para = lower[end..].find("\n\n").map_or(lower.len(), |i| end + i);
        to_stop.min(to_para)
    };
    (sentence_start, sentence_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_match_whole_words_across_line_breaks() {
        let t = "keeping children safe in\neducation 2022 and kcsie 2023, not kcsie 20234 or lscbs";
        assert_eq!(
            find_term(t, "keeping children safe in education 2022"),
            vec![(0, 39)]
        );
        assert_eq!(find_term(t, "kcsie 2023").len(), 1);
        assert!(find_term(t, "lscb").is_empty(), "LSCBs is another word");
        assert_eq!(find_term(t, "lscbs").len(), 1);
        assert_eq!(find_term("(kcsie (2023))", "kcsie (2023)"), vec![(1, 13)]);
    }

    #[test]
    fn quotes_markers_and_history_excuse_a_mention() {
        let text = "Do not say \"sexting\". Say ‘sexting’ is old.";
        assert!(quoted(text, 12, 19));
        let t = "Sexting is common.";
        assert!(!quoted(t, 0, 7));
        let m = "<!-- safeguide-ignore outdated -->\nKCSIE 2023 said so.\nKCSIE 2023 again.";
        assert!(marked(m, 35));
        assert!(!marked(m, m.rfind("KCSIE").unwrap()));
        let words = vec!["abolished".to_string(), "used to".to_string()];
        let l = "lscbs were abolished in 2017. call the lscb today.";
        assert!(historical(l, 0, 5, &words));
        let second = l.rfind("lscb").unwrap();
        assert!(!historical(l, second, second + 4, &words));
        assert!(historical("we used to say sexting", 15, 22, &words));
    }
}
