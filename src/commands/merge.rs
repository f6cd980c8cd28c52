//! `safeguide merge [PATH]`: takes the base's changes into each page the site overrides, by a
//! three-way merge of the base then (the text kept under `.safeguide/base/` when the page was
//! copied or last merged), the base now and the site's copy. Lines only one side changed are
//! taken as they are; where both changed the same lines, conflict markers show both, for the web
//! officer to choose (`check` warns until they are gone). The new `based_on:` is recorded and the
//! base's text now kept, so the next upgrade merges again from here.

use std::path::PathBuf;

use clap::Args;

use crate::diagnostics::Failure;
use crate::load::overrides::{self, State};

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// One overridden page (default: every override whose base moved on).
    pub path: Option<String>,
    /// Site folder (default: the current folder).
    #[arg(long)]
    pub root: Option<PathBuf>,
}

/// What merging one page came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Every change of the base taken in.
    Merged,
    /// Taken in, with this many places where both changed the same lines marked.
    Conflicts(usize),
}

/// The three-way merge of `then` (the base when copied), `now` (the base today) and `mine` (the
/// site's copy, without `based_on:`): the merged text and how it went.
pub fn three_way(then: &str, now: &str, mine: &str) -> (String, Outcome) {
    let mut opts = diffy::MergeOptions::new();
    opts.set_conflict_style(diffy::ConflictStyle::Merge);
    match opts.merge(then, mine, now) {
        Ok(text) => (text, Outcome::Merged),
        Err(text) => {
            // diffy names the sides "ours" and "theirs"; say whose they are.
            let mut conflicts = 0;
            let text: String = text
                .split_inclusive('\n')
                .map(|l| match l.trim_end() {
                    "<<<<<<< ours" => {
                        conflicts += 1;
                        "<<<<<<< your copy\n".to_string()
                    }
                    ">>>>>>> theirs" => ">>>>>>> the base now\n".to_string(),
                    _ => l.to_string(),
                })
                .collect();
            (text, Outcome::Conflicts(conflicts.max(1)))
        }
    }
}

pub fn run(args: MergeArgs) -> Result<(), Failure> {
    let root = super::root_or_cwd(args.root);
    let list = super::overrides::overrides_of(&root, args.path.as_deref())?;
    let io = |e: std::io::Error, what: &str| Failure::Usage(format!("cannot write {what}: {e}"));
    let mut report = Vec::new();
    for o in &list {
        let shown = o.display.display().to_string();
        let (State::Moved(v), Some(base)) = (&o.state, &o.base) else {
            if o.state == State::Gone {
                report.push(format!(
                    "{shown}: the base no longer has this page; nothing to merge"
                ));
            }
            continue;
        };
        let now = base
            .read()
            .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", base.display.display())))?;
        let now_text = String::from_utf8_lossy(&now).into_owned();
        let Some(then) = overrides::then_text(&root, &o.based_on) else {
            report.push(format!(
                "{shown}: the base's text at {} is not kept in {}, so its changes cannot be \
                 told from yours; take them in by hand (`safeguide diff {shown}`), then set \
                 `based_on: {v}`",
                o.based_on,
                overrides::STORE
            ));
            continue;
        };
        let mine = overrides::read_site_page(&root, &o.rel).map_err(|e| io(e, &shown))?;
        let (merged, outcome) = three_way(&then, &now_text, &overrides::without_based_on(&mine));
        let Some(with_version) = overrides::with_based_on(&merged, v) else {
            report.push(format!(
                "{shown}: the merged page has no front matter; left as it was"
            ));
            continue;
        };
        overrides::store_then(&root, v, &now).map_err(|e| io(e, overrides::STORE))?;
        overrides::write_site_page(&root, &o.rel, &with_version).map_err(|e| io(e, &shown))?;
        report.push(match outcome {
            Outcome::Merged => format!("{shown}: took in the base's changes (based_on: {v})"),
            Outcome::Conflicts(n) => format!(
                "{shown}: took in the base's changes; {n} {} where you and the base changed the \
                 same lines is marked between `<<<<<<< your copy` and `>>>>>>> the base now`: \
                 keep the words you want and delete the marker lines (`safeguide check` warns \
                 until they are gone)",
                if n == 1 { "place" } else { "places" }
            ),
        });
    }
    if report.is_empty() {
        println!("Every page this site overrides is in step with its base; nothing to merge.");
    } else {
        println!("{}", report.join("\n"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_on_different_lines_merge_and_the_same_line_is_marked() {
        let then = "a\nb\nc\nd\ne\n";
        let mine = "a\nB mine\nc\nd\ne\n";
        let now = "a\nb\nc\nd\nE base\n";
        let (text, outcome) = three_way(then, now, mine);
        assert_eq!(
            (text.as_str(), outcome),
            ("a\nB mine\nc\nd\nE base\n", Outcome::Merged)
        );
        let (text, outcome) = three_way(then, "a\nB base\nc\nd\ne\n", mine);
        assert_eq!(outcome, Outcome::Conflicts(1));
        assert!(
            text.contains("<<<<<<< your copy\nB mine\n=======\nB base\n>>>>>>> the base now\n"),
            "{text}"
        );
        assert!(
            overrides::conflict_marker(&text).is_some()
                && overrides::conflict_marker(then).is_none()
        );
    }
}
