//! A training module's page links to what a trainer runs it with: each pack that holds it, the
//! pack's editions, the slides, the PowerPoint copy and the training records (issue #33).
//! The PDFs are listed on the pack's page, which is rendered knowing whether `--pdf` printed
//! them; a content page is carried over between builds by a key that does not know it.

use serde::Serialize;

use crate::load::frontmatter::Kind;
use crate::load::packs::Pack;
use crate::plan;
use crate::resolve::Site;

/// A file of the pack: `id` names it in the theme's words (`pack_<id>`, `record_<id>`).
#[derive(Debug, Serialize)]
pub struct FileLink {
    pub id: &'static str,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct TrainingPack {
    pub title: String,
    pub url: String,
    pub editions: Vec<FileLink>,
    pub slides: String,
    pub pptx: String,
    pub records: Vec<FileLink>,
    pub evaluation_csv: String,
}

use crate::resolve::packs::training_module as module;

/// The packs whose training module is page `idx`, with their files' addresses.
pub fn packs_of(site: &Site, idx: usize) -> Vec<TrainingPack> {
    if site.pages[idx].kind != Kind::Training {
        return Vec::new();
    }
    site.packs
        .iter()
        .filter(|p| module(site, p) == Some(idx))
        .filter_map(|p| files_of(site, p))
        .collect()
}

/// The files of a pack with a training module (`None` without one).
pub fn files_of(site: &Site, p: &Pack) -> Option<TrainingPack> {
    module(site, p)?;
    Some(TrainingPack {
        title: p.def.title.clone(),
        url: plan::pack_path(p),
        editions: p
            .def
            .editions
            .iter()
            .map(|&e| FileLink {
                id: e.id(),
                url: plan::edition_path(p, e),
            })
            .collect(),
        slides: plan::present_path(p),
        pptx: plan::pptx_path(p),
        records: plan::Record::ALL
            .iter()
            .map(|r| FileLink {
                id: r.id(),
                url: plan::record_path(p, r.id()),
            })
            .collect(),
        evaluation_csv: plan::evaluation_csv_path(p),
    })
}
