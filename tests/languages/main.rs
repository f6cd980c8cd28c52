//! Welsh and English: a bilingual site built by the real binary.

#[path = "../common/mod.rs"]
mod common;

mod check;
mod documents;
mod generated;
mod packs_and_adapt;
mod pages;

use common::*;
use std::path::Path;

const SITE: &str = "title: Bilingual Safety
base_url: https://safety.example.test/
languages:
  - { code: en-GB, name: English }
  - { code: cy, name: Cymraeg, required: true }
audiences:
  - id: kids
    name: Children
    quick_exit: true
";

/// A small bilingual site: home, a kids section and a page in both languages, and one page
/// (`kids/apps.md`) with no Welsh counterpart.
fn bilingual() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let r = dir.path();
    write(r, "site.yaml", SITE);
    write(
        r,
        "content/_index.md",
        "---\ntitle: Home\n---\nWelcome. See [gaming](kids/gaming.md).\n",
    );
    write(r, "content/_index.cy.md", "---\ntitle: Hafan\n---\nCroeso. Gweler [gemau](kids/gaming.md) ac [apiau](kids/apps.md).\n");
    write(
        r,
        "content/kids/_index.md",
        "---\ntitle: For children\naudience: [kids]\n---\nHello.\n",
    );
    write(
        r,
        "content/kids/_index.cy.md",
        "---\ntitle: I blant\naudience: [kids]\n---\nHelo.\n",
    );
    write(
        r,
        "content/kids/gaming.md",
        "---\ntitle: Gaming safely\nupdated: 2026-11-01\n---\nPlay safe.\n",
    );
    write(
        r,
        "content/kids/gaming.cy.md",
        "---\ntitle: Chwarae gemau'n ddiogel\nupdated: 2026-11-01\n---\nChwaraewch yn ddiogel.\n",
    );
    write(
        r,
        "content/kids/apps.md",
        "---\ntitle: Apps\n---\nApps text.\n",
    );
    dir
}

fn html(root: &Path, rel: &str) -> String {
    read(root, &format!("public/{rel}"))
}

/// The theme's English words: none may be on a Welsh page.
const ENGLISH_UI: &[&str] = &[
    "Skip to main content",
    "Leave this site quickly",
    "or press Esc",
    "Report a concern",
    "Who is this for",
    "immediate danger",
    ">Search<",
    ">Topics<",
    "sets no cookies",
    ">Updated<",
];

/// `check`'s output, stdout and stderr together.
fn check_output(root: &Path, args: &[&str]) -> String {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let o = run(root, &all);
    format!("{}{}", stdout(&o), stderr(&o))
}

/// [`bilingual`] with what the generated pages list: a second audience without a section of
/// its own, Welsh names for the audiences and a report route, and tags in both languages.
fn bilingual_listings() -> tempfile::TempDir {
    let site = bilingual();
    let r = site.path();
    write(
        r,
        "site.yaml",
        &SITE.replace(
            "    quick_exit: true\n",
            "    quick_exit: true\n    translations: { cy: { name: Plant } }\n  - id: staff\n    \
             name: Staff and volunteers\n    translations: { cy: { name: Staff a gwirfoddolwyr } }\n\
             report:\n  - label: Talk to Childline\n    phone: \"0800 1111\"\n    \
             translations: { cy: { label: Siarad â Childline } }\n",
        ),
    );
    write(
        r,
        "content/kids/gaming.md",
        "---\ntitle: Gaming safely\nupdated: 2026-11-01\nreview_by: 2027-03-01\n\
         audience: [kids, staff]\ntags: [Gaming]\n---\nPlay safe.\n",
    );
    write(
        r,
        "content/kids/gaming.cy.md",
        "---\ntitle: Chwarae gemau'n ddiogel\nupdated: 2026-11-01\nreview_by: 2027-03-01\n\
         audience: [kids, staff]\ntags: [Gemau]\n---\nChwaraewch yn ddiogel.\n",
    );
    site
}

/// The words a reader sees: the HTML without its tags.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// [`bilingual_listings`] with a model agreement in both languages and one only in English.
fn bilingual_policies() -> tempfile::TempDir {
    let site = bilingual_listings();
    let r = site.path();
    write(
        r,
        "content/kids/aup.md",
        "---\ntitle: Our agreement\nsummary: The rules.\nkind: aup\naudience: [kids]\nplaceholders:\n  school: { label: School name }\n---\nI will be kind at {{ school }}.\n",
    );
    write(
        r,
        "content/kids/aup.cy.md",
        "---\ntitle: Ein cytundeb\nsummary: Y rheolau.\nkind: aup\naudience: [kids]\nplaceholders:\n  school: { label: Enw'r ysgol }\n---\nByddaf yn garedig yn {{ school }}.\n",
    );
    write(
        r,
        "content/kids/rules.md",
        "---\ntitle: Club rules\nsummary: Rules.\nkind: aup\naudience: [kids]\nplaceholders:\n  school: { label: School name }\n---\nNo shouting at {{ school }}.\n",
    );
    site
}
