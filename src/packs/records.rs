//! Training records for each pack with a training module (issue #33): an attendance register,
//! an evaluation form (also as a CSV template) and a certificate of attendance, each a
//! print-ready A4 page at `/packs/<id>/<record>/`, in the brand.
//!
//! Settings keep these as their record of who was trained, when and how it went (the modules
//! say "Record who attended" and "Collect evaluations"). The certificate prints blank, to fill in by hand,
//! or one page per name from a list typed or pasted into the page: names stay in the browser,
//! as a list of people does not belong on a public website.

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::load::packs::Pack;
use crate::plan::{evaluation_csv_path, record_path};
use crate::render::{RenderedFile, Renderer};

pub const TEMPLATE: &str = "pack-record.html";

pub use crate::plan::Record;

/// Rows on the register: enough for a full session of 30 over two pages.
const REGISTER_ROWS: usize = 30;

#[derive(Debug, Serialize)]
struct RecordCx {
    kind: &'static str,
    /// The record's name ("Attendance register").
    name: String,
    title: String,
    organisation: String,
    duration: Option<u32>,
    /// "a session of 60 minutes, which covered how to:", in the record's language.
    session_of: String,
    objectives: Vec<String>,
    /// The pack's `date:` and `presenter:` (or local value), else blank lines to fill in.
    date: Option<String>,
    presenter: Option<String>,
    rows: Vec<usize>,
    pack_url: String,
    csv: String,
}

/// Renders one record of `pack` (which has a training module).
pub fn render(
    renderer: &Renderer<'_>,
    pack: &Pack,
    record: Record,
) -> Result<RenderedFile, Diagnostic> {
    let deck = super::present::deck(renderer, pack)?;
    let lang = super::pack_lang(renderer.site, pack);
    let cx = RecordCx {
        kind: record.id(),
        name: renderer.word(lang, &format!("record_{}", record.id())),
        title: deck.title,
        organisation: deck.organisation,
        duration: deck.duration,
        session_of: deck
            .duration
            .map(|d| {
                renderer
                    .word(lang, "record_session_of")
                    .replace("{minutes}", &d.to_string())
            })
            .unwrap_or_default(),
        objectives: deck.objectives,
        // A record is filled in for a session: the build date would be wrong on it.
        date: pack.def.date.clone(),
        presenter: deck.presenter,
        rows: (1..=REGISTER_ROWS).collect(),
        pack_url: crate::plan::pack_path(pack),
        csv: evaluation_csv_path(pack),
    };
    let path = record_path(pack, record.id());
    let heading = format!("{} \u{2014} {}", cx.name, cx.title);
    let value = serde_json::to_value(&cx).unwrap_or_default();
    super::render_standalone(
        renderer,
        TEMPLATE,
        (&path, lang),
        (&heading, &None),
        ("record", value),
    )
}

/// The evaluation form as a spreadsheet: a header row of questions, ready for one row per
/// participant. Every cell goes through the project's CSV cell rule, so a title or objective
/// that starts like a formula is text.
pub fn evaluation_csv(renderer: &Renderer<'_>, pack: &Pack) -> Result<Vec<u8>, Diagnostic> {
    let deck = super::present::deck(renderer, pack)?;
    let lang = super::pack_lang(renderer.site, pack);
    let word = |key: &str| renderer.word(lang, key);
    let mut header = vec![
        word("record_csv_session"),
        word("sign_date"),
        word("sign_role"),
        word("record_csv_organisation"),
    ];
    for (i, o) in deck.objectives.iter().enumerate() {
        for key in ["record_csv_before", "record_csv_after"] {
            header.push(
                word(key)
                    .replace("{n}", &(i + 1).to_string())
                    .replace("{objective}", o),
            );
        }
    }
    header.extend(["record_useful", "record_differently", "record_comments"].map(word));
    let first = {
        let mut row = vec![
            deck.title.clone(),
            pack.def.date.clone().unwrap_or_default(),
        ];
        row.resize(header.len(), String::new());
        row
    };
    // A byte order mark, so Excel reads the file as UTF-8.
    let mut w = csv::Writer::from_writer(Vec::from("\u{feff}".as_bytes()));
    let write = |w: &mut csv::Writer<Vec<u8>>, row: &[String]| {
        w.write_record(row.iter().map(|c| crate::csv_cell::neutralise(c)))
    };
    let done = write(&mut w, &header)
        .and_then(|()| write(&mut w, &first))
        .and_then(|()| w.flush().map_err(csv::Error::from));
    let bytes = done.and_then(|()| w.into_inner().map_err(|e| csv::Error::from(e.into_error())));
    bytes.map_err(|e| {
        Diagnostic::error(
            crate::diagnostics::rule::IO,
            format!("cannot write the evaluation CSV: {e}"),
        )
        .in_file(&pack.display)
    })
}

/// A pack's extra file, rendered: an HTML page (written as pages are) or bytes as they are.
pub enum ExtraFile {
    Page(RenderedFile),
    Bytes { path: String, bytes: Vec<u8> },
}

/// Renders one extra file of `pack` (which has a training module).
pub fn render_extra(
    renderer: &Renderer<'_>,
    pack: &Pack,
    extra: crate::plan::PackExtra,
) -> Result<ExtraFile, Diagnostic> {
    use crate::plan::PackExtra;
    let path = extra.path(pack);
    Ok(match extra {
        PackExtra::Pptx => ExtraFile::Bytes {
            path,
            bytes: super::pptx::render(renderer, pack)?,
        },
        PackExtra::EvaluationCsv => ExtraFile::Bytes {
            path,
            bytes: evaluation_csv(renderer, pack)?,
        },
        PackExtra::Record(r) => ExtraFile::Page(render(renderer, pack, r)?),
    })
}
