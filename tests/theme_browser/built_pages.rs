//! The built pages without a browser: a guide page's weight budget and pages that suit their
//! readers.

use super::*;

/// A guide page's HTML, CSS and JavaScript stay within 60 KB (uncompressed, images aside).
#[test]
fn a_guide_page_fits_the_weight_budget() {
    let built = build_bundled();
    let public = built.public();
    let guides: Vec<_> = walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html")
        .filter(|e| {
            body_kind(&std::fs::read_to_string(e.path()).unwrap_or_default()).as_deref()
                == Some("guide")
        })
        .map(|e| e.into_path())
        .collect();
    assert!(!guides.is_empty());
    for g in guides {
        let html = std::fs::read_to_string(&g).expect("read");
        let mut total = html.len();
        let mut assets = Vec::new();
        for tag in html.split('<').skip(1) {
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            let attr = |name: &str| {
                let i = tag.find(&format!(" {name}="))? + name.len() + 2;
                let v = tag[i..].trim_start_matches('"');
                Some(v[..v.find(['"', ' ']).unwrap_or(v.len())].to_string())
            };
            let url = if tag.starts_with("link ")
                && tag.contains("stylesheet")
                && !tag.contains("media=print")
            {
                attr("href")
            } else if tag.starts_with("script ") {
                attr("src")
            } else {
                None
            };
            if let Some(u) = url.filter(|u| u.starts_with('/')) {
                total += std::fs::metadata(public.join(u.trim_start_matches('/')))
                    .unwrap_or_else(|e| panic!("{u} in {}: {e}", g.display()))
                    .len() as usize;
                assets.push(u);
            }
        }
        assert!(
            assets.iter().any(|a| a.ends_with(".css")),
            "no stylesheet found in {}",
            g.display()
        );
        assert!(
            total <= 60 * 1024,
            "{} weighs {total} bytes with {assets:?}",
            g.display()
        );
    }
}

/// The built HTML: governance detail only for professionals, landing pages that lead with their
/// introduction and fold single cards into "More", the glossary in reading order, a favicon.
#[test]
fn pages_suit_their_readers() {
    let built = build_bundled();
    let public = built.public();
    let page = |rel: &str| common::read(&public, rel);
    let auds = audiences(&common::read(&common::repo_root(), "site.yaml"));

    // Every page names an inline icon, so browsers do not ask for /favicon.ico and log a 404.
    for rel in ["index.html", "404.html", "search/index.html"] {
        assert!(
            page(rel).contains("rel=icon") && page(rel).contains("href=\"data:image/svg+xml,"),
            "{rel} has no inline favicon"
        );
    }

    // Pages outside the theme's base template (the printable packs) get the icon browsers ask for.
    let ico = std::fs::read(public.join("favicon.ico")).expect("favicon.ico");
    assert_eq!(&ico[..4], &[0, 0, 1, 0], "favicon.ico is not an icon file");
    // The not-found page describes itself for search engines (Lighthouse SEO).
    assert!(page("404.html").contains("name=description"));

    // Children's and parents' pages carry no owner, review date or kind labels; professionals' keep them.
    let mut family_pages = 0;
    let mut professional_governance = 0;
    for e in walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html")
    {
        let html = std::fs::read_to_string(e.path()).expect("read");
        let rel = e
            .path()
            .strip_prefix(&public)
            .expect("prefix")
            .display()
            .to_string();
        if ["children-8-10/", "young-people/", "parents/"]
            .iter()
            .any(|p| rel.starts_with(p))
        {
            family_pages += 1;
            for word in ["<dt>Owner", "<dt>Review by", "class=card-kind"] {
                assert!(!html.contains(word), "{rel} shows `{word}` to a family");
            }
        }
        if rel.starts_with("professionals/") && html.contains("<dt>Review by") {
            professional_governance += 1;
        }
    }
    assert!(family_pages > 10, "only {family_pages} family pages");
    assert!(
        professional_governance > 0,
        "professionals lost their review dates"
    );
    assert!(page("professionals/index.html").contains("class=card-kind"));

    // Landing pages: the introduction before the first card, no heading over a single card.
    for (id, _) in &auds {
        let html = page(&format!("{id}/index.html"));
        if let (Some(intro), Some(card)) =
            (html.find("audience-intro"), html.find("class=card-list"))
        {
            assert!(intro < card, "/{id}/ shows cards before its introduction");
        }
        for group in html
            .split("<section class=\"kind-group kind-group-")
            .skip(1)
        {
            if group.starts_with("more") {
                continue;
            }
            let group = &group[..group.find("</section>").expect("section end")];
            assert!(
                group.matches("<li class=\"card ").count() > 1,
                "/{id}/ has a group with one card: {}",
                &group[..group.len().min(120)]
            );
        }
    }
    assert!(
        auds.iter()
            .any(|(id, _)| page(&format!("{id}/index.html")).contains("id=group-more")),
        "no landing page folds single cards into More"
    );

    // Glossary: terms and the A-Z bar in reading order, case-insensitively.
    let html = page("glossary/index.html");
    let terms: Vec<String> = html
        .split("<dt id=")
        .skip(1)
        .map(|d| {
            let d = &d[d.find('>').expect("dt") + 1..];
            d[..d.find("</dt>").expect("dt end")].to_lowercase()
        })
        .collect();
    assert!(terms.len() > 10);
    let key = |t: &String| (t.starts_with(|c: char| c.is_alphabetic()), t.clone());
    let mut sorted = terms.clone();
    sorted.sort_by_key(key);
    assert_eq!(terms, sorted, "the glossary is not in reading order");
    let nav = &html[html.find("class=az").expect("az bar")..];
    let nav = &nav[..nav.find("</nav>").expect("nav end")];
    let letters: Vec<&str> = nav
        .split("</a>")
        .filter_map(|l| l.rsplit('>').next())
        .filter(|l| !l.is_empty())
        .collect();
    let mut in_order = letters.clone();
    in_order.sort_by_key(|l| (l.starts_with(|c: char| c.is_alphabetic()), l.to_string()));
    in_order.dedup();
    assert_eq!(letters, in_order, "the A-Z bar is out of order or repeats");
}
