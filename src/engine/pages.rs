//! Content pages, generated files and packs: each taken over from the previous run when its key
//! is unchanged, else rendered, minified and written; edited pages first.

use std::collections::HashMap;

use rayon::prelude::*;

use super::{Keys, Phase, Planned, Ready, Run};
use crate::diagnostics::Diagnostic;
use crate::packs;
use crate::plan::{self, Output};
use crate::render::{RenderedFile, SearchEntry};

/// The pages done before the rest of the site was keyed ([`Run::edited_first`]).
pub(super) struct Early {
    /// By page: done (carried over, or rendered, written and shown).
    pub done: Vec<bool>,
    /// How many of them were carried over.
    pub carried: usize,
    /// The search text of those rendered, as [`Run::pages_and_site`] returns it.
    pub entries: Vec<(usize, Option<SearchEntry>)>,
}

impl Run<'_> {
    /// Renders and writes the content pages and the generated files and packs whose keys changed,
    /// telling `ready` the edited pages' files, then the rest. Returns how many pages were
    /// carried over, and the search text of the pages rendered whose text search needs
    /// (`needs_text`, or all with `remember`).
    pub(super) fn pages_and_site(
        &self,
        planned: &[Planned],
        needs_text: &[bool],
        remember: bool,
        ready: Option<Ready<'_>>,
        early: Early,
        generated: &super::generated::GeneratedInputs,
    ) -> (usize, Vec<Option<SearchEntry>>) {
        let n = self.site.pages.len();
        // Each page's outputs: its HTML first (the plan's order), then its Word files; less
        // the pages done first.
        let mut by_page: Vec<Vec<&Planned>> = vec![Vec::new(); n];
        let mut site_outputs: Vec<&Planned> = Vec::new();
        for p in planned {
            match p.output {
                // (A page's outputs are never in the site phase.)
                Output::Page(i) | Output::WordCopy(i) | Output::WordTemplate(i)
                    if !early.done[i] =>
                {
                    by_page[i].push(p)
                }
                _ if p.phase == Phase::Site => site_outputs.push(p),
                _ => {}
            }
        }
        let carried: Vec<bool> = by_page
            .par_iter()
            .enumerate()
            .map(|(i, files)| self.carry_page(i, files))
            .collect();
        let site_todo: Vec<&Planned> = site_outputs
            .into_iter()
            .filter(|p| !self.carry(&p.file, &p.key))
            .collect();
        let (edited, rest): (Vec<usize>, Vec<usize>) = (0..n)
            .filter(|&i| !carried[i] && !by_page[i].is_empty())
            .partition(|&i| by_page[i][0].phase == Phase::Edited);
        let keep = |i: usize| remember || needs_text[i];
        let mut entries: Vec<Option<SearchEntry>> = (0..n).map(|_| None).collect();
        let first: Vec<(usize, Option<SearchEntry>)> = edited
            .par_iter()
            .map(|&i| (i, self.page(i, &by_page[i], keep(i))))
            .collect();
        let more = !rest.is_empty() || !site_todo.is_empty();
        if more {
            self.tell(ready);
        }
        let (later, ()) = rayon::join(
            || {
                rest.par_iter()
                    .map(|&i| (i, self.page(i, &by_page[i], keep(i))))
                    .collect::<Vec<_>>()
            },
            || self.site_files(&site_todo, generated),
        );
        for (i, e) in first.into_iter().chain(later).chain(early.entries) {
            entries[i] = e;
        }
        self.tell(ready);
        (
            carried.iter().filter(|&&c| c).count() + early.carried,
            entries,
        )
    }

    /// Takes page `i`'s files (`files`: its HTML, then its Word files) over from the previous
    /// run when they were all made under their keys: together or not at all.
    fn carry_page(&self, i: usize, files: &[&Planned]) -> bool {
        let kept = !files.is_empty()
            && files.iter().all(|p| self.is_kept(&p.file, &p.key))
            && files.iter().all(|p| self.carry(&p.file, &p.key));
        if kept {
            crate::progress::page_done();
            // Its source as it is now (a build record does not keep them).
            let mut record = self.record.lock().expect("not poisoned");
            if let Some(r) = record.get_mut(&files[0].file) {
                r.source = Some(self.keys.source(i).to_string());
            }
        }
        kept
    }

    /// With a previous run, the pages whose source changed since (or that are new): planned,
    /// keyed, carried over or rendered and written, and `ready` told, before the rest of the site
    /// is planned or keyed (which takes longer than rendering one page). Their files and record
    /// entries are those the same run would make without this step; the rest of the run leaves
    /// these pages alone ([`Early::done`]). Their search text is kept: a changed source changes
    /// the page's search key, so its shard is built again.
    pub(super) fn edited_first(&self, ready: Option<Ready<'_>>) -> Early {
        let n = self.site.pages.len();
        let mut early = Early {
            done: vec![false; n],
            carried: 0,
            entries: Vec::new(),
        };
        let Some(previous) = self.previous.filter(|_| self.keeps) else {
            return early;
        };
        let before = |i: usize| {
            previous
                .files
                .get(&plan::file_for(&self.site.pages[i].path))
        };
        let edited: Vec<usize> = (0..n)
            .into_par_iter()
            .filter(|&i| before(i).and_then(|r| r.source.as_deref()) != Some(self.keys.source(i)))
            .collect();
        if edited.is_empty() {
            return early;
        }
        let done: Vec<(usize, bool, Option<SearchEntry>)> = edited
            .par_iter()
            .map(|&i| {
                // Keyed as `Run::keyed` keys them: by the links their last render asked about.
                // A page new to this run has nothing to carry over: it is keyed as it renders.
                let key = match before(i) {
                    Some(r) => self.keys.page(i, &r.reads, &self.renderer),
                    None => String::new(),
                };
                let planned: Vec<Planned> = plan::page_outputs(self.site, i)
                    .into_iter()
                    .map(|o| {
                        let (key, phase) = match o {
                            Output::WordCopy(_) => (Keys::beside(&key, "docx"), Phase::Pages),
                            Output::WordTemplate(_) => {
                                (Keys::beside(&key, "template"), Phase::Pages)
                            }
                            _ => (key.clone(), Phase::Edited),
                        };
                        Planned {
                            file: plan::page_file(self.site, &o).unwrap_or_default(),
                            output: o,
                            key,
                            phase,
                        }
                    })
                    .collect();
                let files: Vec<&Planned> = planned.iter().collect();
                if before(i).is_some() && self.carry_page(i, &files) {
                    (i, true, None)
                } else {
                    (i, false, self.page(i, &files, true))
                }
            })
            .collect();
        self.tell(ready);
        for (i, carried, entry) in done {
            early.done[i] = true;
            early.carried += usize::from(carried);
            early.entries.push((i, entry));
        }
        early
    }

    /// Tells `ready` the files written since it was last told, unless a problem was found.
    fn tell(&self, ready: Option<Ready<'_>>) {
        let files = std::mem::take(&mut *self.fresh.lock().expect("not poisoned"));
        if let Some(ready) = ready {
            if !files.is_empty() && !self.failed() {
                ready(&files);
            }
        }
    }

    /// Renders content page `i` and writes its files (`files`: its HTML, then its Word files);
    /// returns its search text when `keep`.
    fn page(&self, i: usize, files: &[&Planned], keep: bool) -> Option<SearchEntry> {
        crate::progress::page_done();
        // Keyed from the context its render builds (when not keyed before it).
        let seed = |input: &crate::render::inputs::PageInput<'_>| self.keys.seed(i, input);
        let seen: Option<&dyn Fn(&crate::render::inputs::PageInput<'_>)> =
            self.keeps.then_some(&seed);
        let (f, reads) = match self.renderer.render_page_read(i, &[], seen) {
            Ok(r) => r,
            Err(ds) => {
                self.report(ds);
                return None;
            }
        };
        if self.keeps {
            // Keyed by the links this render asked about (the same as last time unless the
            // page's own source changed).
            let key = self.keys.page(i, &reads, &self.renderer);
            self.write_rendered(&f, &key);
            self.note(
                &files[0].file,
                &key,
                reads,
                Some(self.keys.source(i).to_string()),
            );
            let organisation = self.renderer.organisation_values();
            for p in &files[1..] {
                let (which, made) = match p.output {
                    Output::WordCopy(_) => ("docx", self.renderer.render_docx(i, organisation)),
                    _ => ("template", self.renderer.render_docx_template(i)),
                };
                let mut bytes = made.map(|(_, b)| b);
                let key = Keys::beside(&key, which);
                self.write_keyed(&p.file, &key, &mut || bytes.take().unwrap_or_default());
            }
        }
        if keep {
            f.search
        } else {
            None
        }
    }

    /// Renders and writes generated files and pack outputs.
    fn site_files(&self, todo: &[&Planned], generated: &super::generated::GeneratedInputs) {
        if todo.is_empty() {
            return;
        }
        let keys: HashMap<&str, &str> = todo
            .iter()
            .map(|p| (p.file.as_str(), p.key.as_str()))
            .collect();
        let key_of = |file: &str| keys.get(file).copied().unwrap_or_default().to_string();
        let inputs: Vec<&Result<_, Diagnostic>> = todo
            .iter()
            .filter(|p| matches!(p.output, Output::Generated(_)))
            .filter_map(|p| generated.get(&p.file, &self.renderer))
            .collect();
        let mut rendered = Vec::new();
        for r in self.renderer.render_generated_inputs(&inputs) {
            match r {
                Ok(f) => rendered.push(f),
                Err(e) => self.report(vec![e]),
            }
        }
        let site = self.site;
        let packs_out: Vec<Result<RenderedFile, Diagnostic>> = todo
            .par_iter()
            .filter_map(|p| match &p.output {
                Output::PackDocument { pack, edition } => Some(packs::render_document(
                    &self.renderer,
                    &site.packs[*pack],
                    *edition,
                )),
                Output::PackListing(l) => Some(packs::render_listing(&self.renderer, l, self.pdf)),
                Output::PackPresent(pack) => {
                    Some(packs::present::render(&self.renderer, &site.packs[*pack]))
                }
                _ => None,
            })
            .collect();
        // PowerPoint copies and training records: pages join the rest, files are written as made.
        let extras: Vec<Result<packs::records::ExtraFile, Diagnostic>> = todo
            .par_iter()
            .filter_map(|p| match p.output {
                Output::PackExtra { pack, extra } => Some(packs::records::render_extra(
                    &self.renderer,
                    &site.packs[pack],
                    extra,
                )),
                _ => None,
            })
            .collect();
        for r in packs_out {
            match r {
                Ok(f) => rendered.push(f),
                Err(e) => self.report(vec![e]),
            }
        }
        for r in extras {
            match r {
                Ok(packs::records::ExtraFile::Page(f)) => rendered.push(f),
                Ok(packs::records::ExtraFile::Bytes { path, bytes }) => {
                    let file = plan::file_for(&path);
                    let mut bytes = Some(bytes);
                    self.write_keyed(&file, &key_of(&file), &mut || {
                        bytes.take().unwrap_or_default()
                    });
                }
                Err(e) => self.report(vec![e]),
            }
        }
        rendered.par_iter().for_each(|f| {
            let file = plan::file_for(&f.path);
            self.write_rendered(f, &key_of(&file));
        });
    }
}
