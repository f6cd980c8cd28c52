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

#[test]
fn generated_files_list_what_is_rendered_and_any_subset_renders_the_same() {
    let (site, templates) = good();
    let r = Renderer::new(&site, &templates, false);
    let list = crate::plan::generated_files(&site);
    let (all, errors) = r.render_generated_files(&list);
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
    let (rendered, errors) = r.render_generated_files(&some);
    assert!(errors.is_empty());
    assert_eq!(rendered.len(), some.len());
    for (f, g) in rendered.iter().zip(&some) {
        assert_eq!(f.path, g.path);
        let whole = all.iter().find(|a| a.path == f.path).unwrap();
        assert_eq!(f.body, whole.body, "{}", f.path);
    }
    let (none, errors) = r.render_generated_files(&[]);
    assert!(none.is_empty() && errors.is_empty());
}
