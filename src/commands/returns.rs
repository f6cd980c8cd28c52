//! `safeguide returns DIR`: reads the audit returns in DIR and writes the partnership's report.

use crate::safe_fs::write::Protected;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::diagnostics::{Diagnostics, Failure};
use crate::load::date::Date;
use crate::pipeline::{self, BuildOptions};
use crate::returns::{self, expected, identify, report};

#[derive(Debug, Args)]
pub struct ReturnsArgs {
    /// The folder holding the returns (.csv or .json files exported from the audit page).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The site folder (holding site.yaml); defaults to the current folder.
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// Which audit the returns answer, when the site has several (e.g. setting-self-review).
    #[arg(long, value_name = "ID")]
    pub audit: Option<String>,
    /// Where to write the HTML report (default: DIR-report.html beside DIR).
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
    /// Where to write the summary CSV (default: DIR-summary.csv beside DIR).
    #[arg(long, value_name = "FILE.csv")]
    pub csv: Option<PathBuf>,
    /// Where to write the long CSV, a row per organisation and question (default:
    /// DIR-answers.csv beside DIR).
    #[arg(long, value_name = "FILE.csv")]
    pub long_csv: Option<PathBuf>,
    /// The organisations expected to return: a .yaml list (names, or name, id, type and
    /// aliases), a .csv with an Organisation column (and Id, Type, Aliases), or a .txt file with
    /// one name a line.
    #[arg(long, value_name = "FILE")]
    pub expected: Option<PathBuf>,
    /// A folder of returns from an earlier round, to show who improved or declined.
    #[arg(long, value_name = "DIR")]
    pub previous: Option<PathBuf>,
}

pub fn run(args: ReturnsArgs) -> Result<(), Failure> {
    let root = super::root_or_cwd(args.root.clone());
    if !args.dir.is_dir() {
        return Err(Failure::Usage(format!(
            "{} is not a folder: put the returns (.csv or .json files) in a folder and name it",
            args.dir.display()
        )));
    }
    if let Some(p) = &args.previous {
        if !p.is_dir() {
            return Err(Failure::Usage(format!(
                "--previous {}: not a folder",
                p.display()
            )));
        }
    }
    let report_path = args
        .report
        .clone()
        .map_or_else(|| beside(&args.dir, "report.html"), Ok)?;
    let csv_path = args
        .csv
        .clone()
        .map_or_else(|| beside(&args.dir, "summary.csv"), Ok)?;
    let long_path = args
        .long_csv
        .clone()
        .map_or_else(|| beside(&args.dir, "answers.csv"), Ok)?;
    let protected = protected_paths(&root, &args);
    check_output(&report_path, &protected, Made::Report)?;
    check_output(&csv_path, &protected, Made::Csv)?;
    check_output(&long_path, &protected, Made::LongCsv)?;
    let outputs = [&report_path, &csv_path, &long_path];
    for (i, a) in outputs.iter().enumerate() {
        if outputs[i + 1..].iter().any(|b| same_file(a, b)) {
            return Err(Failure::Usage(
                "--report, --csv and --long-csv name the same file; give each its own".into(),
            ));
        }
    }

    let (site, templates, _site_ds) = pipeline::load_site(&BuildOptions {
        root: root.clone(),
        ..BuildOptions::default()
    })?;
    let (audits, audit_ds) = returns::audits(&site);
    if audit_ds.has_errors() {
        return Err(Failure::Content(audit_ds));
    }
    let expected = match &args.expected {
        Some(p) => Some(expected::read(p)?),
        None => None,
    };

    let files = returns::read_dir(&args.dir)?;
    let named: Vec<&str> = files
        .iter()
        .filter_map(|(_, r, _)| r.as_ref().map(|r| r.audit_id.as_str()))
        .collect();
    let audit = returns::choose_audit(&audits, args.audit.as_deref(), &named)?;
    let mut ds = Diagnostics::new();
    let list = expected.as_ref().map(|(l, _)| l.as_slice());
    let round = returns::match_round(folder_name(&args.dir), files, audit, &audits, list, &mut ds);
    let previous = match &args.previous {
        Some(p) => {
            let files = returns::read_dir(p)?;
            Some(returns::match_round(
                folder_name(p),
                files,
                audit,
                &audits,
                list,
                &mut ds,
            ))
        }
        None => None,
    };
    if let (Some((list, text)), Some(path)) = (&expected, &args.expected) {
        identify::diagnostics(&round, list, text, path, &mut ds);
    }

    // The report is in the site's main language, with the theme's (and the site's) words.
    let (lang, words) = crate::render::i18n::main_words(&templates.words, &site.config);
    let outcome = report::Outcome {
        audit,
        round,
        previous,
        expected: expected.map(|(l, _)| l),
        diagnostics: ds,
        today: Date::today(),
        brand: report::Brand {
            title: site.config.title.clone(),
            logo: crate::check::report::logo_data_uri(&site),
            colour: site
                .config
                .brand
                .as_ref()
                .and_then(|b| b.colour.as_deref())
                .and_then(crate::load::brand::Rgb::parse)
                .map_or_else(|| "#1d4f91".to_string(), |c| c.hex()),
        },
        lang,
        words,
    };
    write_atomic(&report_path, report::html(&outcome)?.as_bytes())?;
    write_atomic(&csv_path, &report::summary_csv(&outcome))?;
    write_atomic(&long_path, &report::long_csv(&outcome))?;

    let ds = &outcome.diagnostics;
    crate::diagnostics::eprint_styled(&ds.render_styled());
    println!(
        "Read {} file{} for `{}` ({}): {} return{} included, {} not included. Report: {}; summary: {}; answers: {}",
        outcome.round.files,
        if outcome.round.files == 1 { "" } else { "s" },
        audit.title,
        audit.edition(),
        outcome.round.returns.len(),
        if outcome.round.returns.len() == 1 { "" } else { "s" },
        outcome.round.excluded.len(),
        report_path.display(),
        csv_path.display(),
        long_path.display()
    );
    if ds.has_errors() {
        // Printed already; the empty set only sets the exit code.
        return Err(Failure::Content(Diagnostics::new()));
    }
    Ok(())
}

/// `returns/2026` -> `returns/2026-report.html`.
fn beside(dir: &Path, suffix: &str) -> Result<PathBuf, Failure> {
    let abs = std::fs::canonicalize(dir)
        .map_err(|e| Failure::Usage(format!("cannot read the folder {}: {e}", dir.display())))?;
    match (abs.parent(), abs.file_name()) {
        (Some(parent), Some(name)) => {
            let name = format!("{}-{suffix}", name.to_string_lossy());
            // Keep the path as the user wrote it when it has a parent, so messages read naturally.
            Ok(match dir.parent().filter(|p| !p.as_os_str().is_empty()) {
                Some(p) if dir.file_name().is_some() => p.join(name),
                _ => parent.join(name),
            })
        }
        _ => Err(Failure::Usage(format!(
            "name where to write the report with --report and --csv (the folder {} has no parent)",
            dir.display()
        ))),
    }
}

fn folder_name(dir: &Path) -> String {
    std::fs::canonicalize(dir)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| dir.display().to_string())
}

/// The sources of the site and of every base, and this run's inputs: nothing is ever written
/// there (the write rule's [`Protected`]).
fn protected_paths(root: &Path, args: &ReturnsArgs) -> Protected {
    let layers = crate::load::config::layers_of(root);
    let mut p = layers.protected().with_input(&args.dir);
    for input in args.previous.iter().chain(args.expected.iter()) {
        p = p.with_input(input);
    }
    p
}

/// The absolute form of a path that may not exist yet.
fn absolute(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = std::fs::canonicalize(path) {
        return Some(p);
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(std::fs::canonicalize(parent).ok()?.join(path.file_name()?))
}

fn same_file(a: &Path, b: &Path) -> bool {
    absolute(a).is_some() && absolute(a) == absolute(b)
}

#[derive(Clone, Copy)]
enum Made {
    Report,
    Csv,
    LongCsv,
}

/// Refuses to write into the site's sources or the inputs, and to replace a file this command did
/// not make.
fn check_output(path: &Path, protected: &Protected, made: Made) -> Result<(), Failure> {
    let flag = match made {
        Made::Report => "--report",
        Made::Csv => "--csv",
        Made::LongCsv => "--long-csv",
    };
    let abs = absolute(path).ok_or_else(|| {
        Failure::Usage(format!(
            "{flag} {}: the folder it would go in does not exist",
            path.display()
        ))
    })?;
    if let Some(why) = protected.problem(&abs) {
        return Err(Failure::Usage(format!(
            "{flag} {}: refusing to write into the sources of the site or its bases, or this run's inputs: it {why}; write the report somewhere else",
            path.display(),
        )));
    }
    if abs.is_dir() {
        return Err(Failure::Usage(format!(
            "{flag} {} is a folder; name a file",
            path.display()
        )));
    }
    if abs.exists() {
        // A pipe or link there reads as empty (not ours), never blocks.
        let head = crate::safe_fs::read::read_checked(&abs, crate::safe_fs::read::TEXT_LIMIT)
            .unwrap_or_default();
        let head = String::from_utf8_lossy(&head[..head.len().min(4096)]).into_owned();
        let ours = match made {
            Made::Report => head.contains(report::GENERATOR),
            Made::Csv => head
                .trim_start_matches('\u{feff}')
                .starts_with(&report::CSV_HEADER.join(",")),
            Made::LongCsv => head
                .trim_start_matches('\u{feff}')
                .starts_with(&report::LONG_HEADER.join(",")),
        };
        if !ours {
            return Err(Failure::Usage(format!(
                "{flag} {}: the file exists and was not made by `safeguide returns`; choose another name or move it first",
                path.display()
            )));
        }
    }
    Ok(())
}

/// Writes under the write rule: whole, and never through a link at the name.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    crate::safe_fs::write::replace(path, bytes).map_err(|e| {
        Failure::Usage(format!(
            "cannot write {}: {e} (does the folder exist and can you write to it?)",
            path.display()
        ))
    })
}
