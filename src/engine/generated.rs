//! The generated files of a run (listings, tags, search, report, 404, aliases, feed, sitemap),
//! with each one's input made only when asked: when what every page shows of itself is unchanged
//! ([`super::keys::Keys::site`]), so is every generated file's input, and they keep their keys
//! without it being made (a body edit in serve makes none).

use std::collections::HashMap;
use std::sync::OnceLock;

use super::keys::Keys;
use crate::diagnostics::Diagnostic;
use crate::plan::{self, Output};
use crate::render::generated::GeneratedInput;
use crate::render::{GeneratedFile, Renderer};
use crate::resolve::Site;

/// Each generated file of the plan, by file, with its input once made.
pub(super) struct GeneratedInputs {
    files: HashMap<String, (GeneratedFile, OnceLock<Result<GeneratedInput, Diagnostic>>)>,
}

impl GeneratedInputs {
    pub fn of(site: &Site, plan: &plan::Plan) -> Self {
        let files = plan
            .outputs
            .iter()
            .filter_map(|o| match o {
                Output::Generated(g) => Some((plan.file_of(site, o), (g.clone(), OnceLock::new()))),
                _ => None,
            })
            .collect();
        GeneratedInputs { files }
    }

    /// The input of generated file `file`, made on first asking.
    pub fn get(
        &self,
        file: &str,
        renderer: &Renderer<'_>,
    ) -> Option<&Result<GeneratedInput, Diagnostic>> {
        let (g, input) = self.files.get(file)?;
        Some(input.get_or_init(|| renderer.generated_input(g)))
    }

    /// The key of generated file `file` (output `o`): by its input, or for the feed, sitemap and
    /// robots.txt (which list every page) and a file whose input failed (made again, to report
    /// its problem), by what every page shows of itself.
    pub fn key(&self, keys: &Keys<'_>, o: &Output, file: &str, renderer: &Renderer<'_>) -> String {
        match self.get(file, renderer) {
            Some(Ok(input)) if !input.is_machine() => keys.generated(input),
            _ => keys.other(o),
        }
    }
}
