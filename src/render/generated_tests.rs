//! Tests of the generated files: the list and its rendering agree.

use super::*;
use crate::pipeline::{self, BuildOptions};
use crate::render::templates::Templates;

fn good() -> (Site, Templates) {
    let opts = BuildOptions {
        root: std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good"),
        ..BuildOptions::default()
    };
    let (site, templates, ds) = pipeline::load_site(&opts).expect("the fixture loads");
    assert!(!ds.has_errors(), "{ds:?}");
    (site, templates)
}

/// Renders `files` as the engine does: inputs, then renders; in their order.
fn render_files(r: &Renderer<'_>, files: &[GeneratedFile]) -> (Vec<RenderedFile>, Vec<Diagnostic>) {
    let inputs: Vec<_> = files.iter().map(|f| r.generated_input(f)).collect();
    let inputs: Vec<&Result<GeneratedInput, Diagnostic>> = inputs.iter().collect();
    let (mut rendered, mut errors) = (Vec::new(), Vec::new());
    for f in r.render_generated_inputs(&inputs) {
        match f {
            Ok(f) => rendered.push(f),
            Err(e) => errors.push(e),
        }
    }
    (rendered, errors)
}

/// Each generated file's input as its key reads it, by path.
fn inputs_by_path(r: &Renderer<'_>, files: &[GeneratedFile]) -> BTreeMap<String, Vec<u8>> {
    files
        .iter()
        .map(|f| (f, r.generated_input(f)))
        .map(|(f, input)| {
            let mut bytes = Vec::new();
            input.expect("the input is made").write(&mut bytes);
            (f.path.clone(), bytes)
        })
        .collect()
}

#[test]
fn a_retitled_page_changes_the_inputs_of_the_listings_that_show_it_and_no_others() {
    let (mut site, templates) = good();
    let list = crate::plan::generated_files(&site);
    let before = inputs_by_path(&Renderer::new(&site, &templates, false), &list);
    let gaming = site.by_source["parents/gaming.md"];
    std::sync::Arc::make_mut(&mut site.pages[gaming].src)
        .fm
        .title = "Games consoles and online play".into();
    let after = inputs_by_path(&Renderer::new(&site, &templates, false), &list);
    let changed: Vec<&str> = before
        .iter()
        .filter(|(path, input)| after.get(*path) != Some(*input))
        .map(|(path, _)| path.as_str())
        .collect();
    // Its tag's page lists it by title, and the alias to it is titled by it; the tag index
    // (names and counts), search, the 404 page and another audience's landing page do not.
    for path in ["/tags/gaming/", "/old/gaming/"] {
        assert!(changed.contains(&path), "{path} not in {changed:?}");
    }
    for path in ["/tags/", "/search/", "/404.html", "/staff/"] {
        assert!(!changed.contains(&path), "{path} in {changed:?}");
    }
    // The feed and sitemap read every page's listing values, made as they render: their inputs
    // say so, and the engine keys them by what every page shows of itself.
    let r = Renderer::new(&site, &templates, false);
    for (f, input) in list.iter().map(|f| (f, r.generated_input(f))) {
        let machine = matches!(f.what, Generated::Machine(_));
        assert_eq!(input.expect("made").is_machine(), machine, "{}", f.path);
    }
}

#[test]
fn generated_files_list_what_is_rendered_and_any_subset_renders_the_same() {
    let (site, templates) = good();
    let r = Renderer::new(&site, &templates, false);
    let list = crate::plan::generated_files(&site);
    let (all, errors) = render_files(&r, &list);
    assert!(errors.is_empty(), "{errors:?}");
    let paths: Vec<&str> = all.iter().map(|f| f.path.as_str()).collect();
    let listed: Vec<&str> = list.iter().map(|g| g.path.as_str()).collect();
    assert_eq!(paths, listed);
    for (path, what) in [
        ("/staff/", Generated::Audience(2)),
        ("/tags/", Generated::Tags),
        ("/tags/gaming/", Generated::Tag("gaming".into())),
        (
            "/old/gaming/",
            Generated::Alias {
                page: site.by_source["parents/gaming.md"],
                alias: 0,
            },
        ),
        ("/sitemap.xml", Generated::Machine("sitemap.xml")),
        ("/404.html", Generated::NotFound),
    ] {
        assert!(
            list.contains(&GeneratedFile {
                path: path.into(),
                what,
                lang: None,
            }),
            "{path} in {list:?}"
        );
    }
    // Audiences with a section of their own have no generated landing page.
    assert!(!listed.contains(&"/parents/"));

    // A selection (here every other file, backwards) renders in its own order, each file
    // exactly as rendering them all does.
    let some: Vec<GeneratedFile> = list.iter().rev().step_by(2).cloned().collect();
    let (rendered, errors) = render_files(&r, &some);
    assert!(errors.is_empty());
    assert_eq!(rendered.len(), some.len());
    for (f, g) in rendered.iter().zip(&some) {
        assert_eq!(f.path, g.path);
        let whole = all.iter().find(|a| a.path == f.path).unwrap();
        assert_eq!(f.body, whole.body, "{}", f.path);
    }
    let (none, errors) = render_files(&r, &[]);
    assert!(none.is_empty() && errors.is_empty());
}
