//! Welsh that a Welsh public body can publish: a Welsh-main site on the bundled pack, every page in
//! the language of its text, reviews of translations, Wales's routes and pages, Welsh Word copies.

mod common;

use common::*;
use std::path::Path;

/// A Welsh regional board's site on the bundled pack: Welsh first, in the short form.
fn welsh_main() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "site.yaml",
        "title: Bwrdd Diogelu Enghreifftiol\nbase_url: https://diogelu.example.test/\nbase: default\n\
         nation: wales\nlanguages: [cy, en-GB]\n",
    );
    dir
}

fn html(root: &Path, rel: &str) -> String {
    read(root, &format!("public/{rel}"))
}

/// The `lang` of the page's `<html>` element.
fn lang_of(page: &str) -> String {
    let at = page.find("<html lang=").expect("<html lang=") + "<html lang=".len();
    page[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

/// The words of the page's `<main>`, tags and entities left out, lower-cased.
fn main_words(page: &str) -> Vec<String> {
    let start = page.find("<main").unwrap_or(0);
    let end = page[start..]
        .find("</main>")
        .map_or(page.len(), |i| start + i);
    text_language::words(&page[start..end], None)
}

/// The language the page's text is in, by counting common words; None when it has too few.
fn text_language(page: &str) -> Option<&'static str> {
    text_language::language(&main_words(page))
}

fn html_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            html_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "html") {
            out.push(p);
        }
    }
}

#[test]
fn a_welsh_main_site_on_the_bundled_pack_gives_every_page_the_language_of_its_text() {
    let site = welsh_main();
    let r = site.path();
    build_ok(r, &[]);
    let mut files = Vec::new();
    html_files(&r.join("public"), &mut files);
    let mut judged = 0;
    let mut wrong = Vec::new();
    for f in &files {
        let page = std::fs::read_to_string(f).expect("read page");
        if !page.contains("<html lang=") {
            continue;
        }
        let Some(text) = text_language(&page) else {
            continue;
        };
        judged += 1;
        let declared = lang_of(&page);
        if text != declared {
            wrong.push(format!(
                "{}: lang={declared}, text is {text}",
                f.strip_prefix(r).unwrap().display()
            ));
        }
    }
    assert!(judged > 60, "only {judged} pages had enough text to judge");
    assert!(wrong.is_empty(), "{wrong:#?}");

    // Both homes exist, each in its language; the bundled Welsh drafts are published at the root.
    let home = html(r, "index.html");
    assert_eq!(lang_of(&home), "cy");
    assert_eq!(text_language(&home), Some("cy"));
    let english_home = html(r, "en-gb/index.html");
    assert_eq!(lang_of(&english_home), "en-GB");
    for draft in [
        "get-help/index.html",
        "children-8-10/top-ten-tips/index.html",
        "young-people/top-ten-tips/index.html",
        "parents/top-ten-tips/index.html",
        "policies/aup-upper-ks2/index.html",
    ] {
        assert_eq!(lang_of(&html(r, draft)), "cy", "{draft}");
    }
    // An English page with no Welsh version is under /en-gb/, in English, and never at the root.
    assert!(!r.join("public/parents/cyberbullying").exists());
    let english = html(r, "en-gb/parents/cyberbullying/index.html");
    assert_eq!(lang_of(&english), "en-GB");
    // A Welsh page's links to the English glossary say their definitions are English; an English
    // page's do not need to.
    let glossary_links = |page: &str| -> Vec<String> {
        page.match_indices("<a class=glossary-term")
            .map(|(i, _)| page[i..i + page[i..].find('>').unwrap()].to_string())
            .collect()
    };
    let welsh = glossary_links(&html(r, "get-help/index.html"));
    assert!(!welsh.is_empty());
    assert!(welsh.iter().all(|a| a.contains("lang=en-GB")), "{welsh:?}");
    let english = glossary_links(&english);
    assert!(!english.is_empty() && english.iter().all(|a| !a.contains("lang=")));
}

/// The language switcher's links on `page`: (href, hreflang, marked missing).
fn switches(page: &str) -> Vec<(String, String, bool)> {
    page.match_indices("class=lang-switch")
        .map(|(i, _)| {
            let tag = &page[i..i + page[i..].find('>').unwrap()];
            let attr = |name: &str| {
                let at = tag.find(&format!(" {name}=")).map(|j| j + name.len() + 2);
                at.map(|j| {
                    tag[j..]
                        .trim_start_matches('"')
                        .chars()
                        .take_while(|c| !matches!(c, ' ' | '"' | '>'))
                        .collect::<String>()
                })
                .unwrap_or_default()
            };
            (attr("href"), attr("hreflang"), tag.contains("data-missing"))
        })
        .collect()
}

#[test]
fn the_switcher_is_right_both_ways_on_a_welsh_main_site() {
    let site = welsh_main();
    let r = site.path();
    build_ok(r, &[]);
    let cy_help = html(r, "get-help/index.html");
    assert_eq!(
        switches(&cy_help),
        vec![("/en-gb/get-help/".into(), "en-GB".into(), false)]
    );
    // Its boxes are titled in Welsh.
    assert!(
        cy_help.contains("<p class=callout-title>Rhybudd</p>"),
        "{cy_help}"
    );
    assert!(!cy_help.contains(">Warning<"), "{cy_help}");
    let en_help = html(r, "en-gb/get-help/index.html");
    assert_eq!(
        switches(&en_help),
        vec![("/get-help/".into(), "cy".into(), false)]
    );
    // From an English page not yet in Welsh: to the Welsh home, saying so in Welsh.
    let english = html(r, "en-gb/parents/cyberbullying/index.html");
    assert_eq!(switches(&english), vec![("/".into(), "cy".into(), true)]);
    assert!(english.contains("Nid yw'r dudalen hon ar gael yn Gymraeg eto"));
    assert!(!english.contains("is not in English yet"));
    // A Welsh page links to an English-only page at its English address.
    let tips = html(r, "parents/top-ten-tips/index.html");
    assert!(
        tips.contains("href=/en-gb/parents/parental-controls/"),
        "{tips}"
    );
}

#[test]
fn a_wales_site_gets_wales_routes_and_the_wales_policy_and_an_england_site_does_not() {
    let site = welsh_main();
    let r = site.path();
    build_ok(r, &[]);
    let report = html(r, "report/index.html");
    for fact in [
        "080880 23456",
        "0808 80 10 800",
        "hwb.gov.wales/zones/keeping-safe-online",
    ] {
        assert!(report.contains(fact), "{fact}");
    }
    let policy = html(
        r,
        "en-gb/policies/online-safety-policy-school-wales/index.html",
    );
    assert!(
        policy.contains("Keeping learners safe")
            && policy.contains("designated safeguarding person")
    );
    assert!(!policy.contains("Keeping Children Safe in Education"));

    let england = tempfile::tempdir().expect("temp dir");
    let e = england.path();
    write(
        e,
        "site.yaml",
        "title: England\nbase_url: https://e.example.test/\nbase: default\n",
    );
    build_ok(e, &[]);
    assert!(!html(e, "report/index.html").contains("080880 23456"));
    // England's words in the blanks, forms and routes a Wales site words its own way.
    let students = html(e, "policies/aup-students-ks3-5/index.html");
    assert!(students.contains(">Designated safeguarding lead (DSL)</label>"));
    let audit = html(e, "audits/setting-self-review/index.html");
    assert!(audit.contains("email the file as your safeguarding partnership or board asks"));
    assert!(html(e, "report/index.html").contains("tell the person who leads on safeguarding"));
    assert!(!e
        .join("public/policies/online-safety-policy-school-wales")
        .exists());
    write(
        e,
        "site.yaml",
        "title: England\nbase_url: https://e.example.test/\nbase: default\nnation: englnd\n",
    );
    let o = run(e, &["build"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("englnd"), "{}", stderr(&o));
}

/// Wales's system in the chrome and the generated text of a `nation: wales` site: the designated
/// safeguarding person, concerns about practitioners under the Wales Safeguarding Procedures and
/// regional safeguarding boards, where an England site has the DSL, the LADO and partnerships.
#[test]
fn a_wales_sites_blanks_forms_and_routes_use_the_welsh_systems_words() {
    let site = welsh_main();
    let r = site.path();
    build_ok(r, &[]);
    let students = html(r, "en-gb/policies/aup-students-ks3-5/index.html");
    assert!(students.contains(">Designated safeguarding person (DSP)</label>"));
    assert!(!students.contains("Designated safeguarding lead (DSL)"));
    let staff = html(r, "en-gb/policies/aup-staff-volunteers/index.html");
    assert!(staff.contains("Local authority contact for concerns about practitioners"));
    assert!(!staff.contains("(LADO) contact"));
    for page in ["report/index.html", "en-gb/report/index.html"] {
        let text = html(r, page);
        for england in ["DSL", "LADO", "front door", "MASH", "partnership", "Ofsted"] {
            assert!(!text.contains(england), "{page}: {england}");
        }
    }
    let audit = html(r, "en-gb/audits/setting-self-review/index.html");
    assert!(audit.contains("email the file as your regional safeguarding board asks"));
    assert!(!audit.contains("partnership or board"));
    assert!(audit.contains("Your school number, charity or registration number"));

    // A nation's label for a blank the site does not declare is an error at its line.
    write(
        r,
        "site.yaml",
        &format!(
            "{}nations:\n  wales:\n    placeholders:\n      dsp_name: {{ label: DSP }}\n",
            read(r, "site.yaml")
        ),
    );
    let o = run(r, &["build"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("`dsp_name`") && err.contains("site.yaml:9"),
        "{err}"
    );

    // An England site keeps England's words: see the test of Wales's routes above.
}

#[test]
fn the_short_languages_form_names_known_languages_and_asks_for_others() {
    let site = welsh_main();
    let r = site.path();
    write(
        r,
        "site.yaml",
        "title: T\nbase_url: https://t.example.test/\nbase: default\nlanguages: [cy, xx]\n",
    );
    let o = run(r, &["build"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("the language `xx` has no name"), "{err}");
    assert!(err.contains("site.yaml:4"), "{err}");
}

/// A page with a title, a summary, more front matter and a body.
fn page(title: &str, more: &str, body: &str) -> String {
    format!("---\ntitle: {title}\nsummary: {title}, in short.\n{more}---\n{body}\n")
}

/// A small bilingual site with a model policy in both languages.
fn bilingual() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let r = dir.path();
    write(
        r,
        "site.yaml",
        "title: Two\nbase_url: https://two.example.test/\nlanguages: [en-GB, cy]\n\
         audiences:\n  - id: schools\n    name: Schools\n\
         report:\n  - label: Call 999\n    phone: \"999\"\n",
    );
    write(r, "content/_index.md", &page("Home", "", "Welcome."));
    write(
        r,
        "content/_index.cy.md",
        &page("Hafan", "", "Croeso i'r wefan."),
    );
    let policy = "kind: policy\naudience: [schools]\nreview_by: 2027-09-01\n";
    write(
        r,
        "content/policy.md",
        &page("Our policy", policy, "We keep learners safe."),
    );
    let reviewed = format!("{policy}reviewed: {{ by: Siân Jones, on: 2026-11-30 }}\n");
    write(
        r,
        "content/policy.cy.md",
        &page(
            "Ein polisi",
            &reviewed,
            "Rydyn ni'n cadw dysgwyr yn ddiogel.",
        ),
    );
    dir
}

fn check(root: &Path, args: &[&str]) -> (bool, String) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let o = run(root, &all);
    (o.status.success(), format!("{}{}", stdout(&o), stderr(&o)))
}

#[test]
fn check_strict_fails_on_an_unreviewed_translation_and_passes_once_it_is_reviewed() {
    let site = bilingual();
    let r = site.path();
    let (ok, out) = check(r, &["--strict", "--report", "report.html"]);
    assert!(!ok, "{out}");
    assert_eq!(
        out.matches("warning[translation-unreviewed]").count(),
        1,
        "{out}"
    );
    assert!(out.contains("--> content/_index.cy.md:2:1"), "{out}");
    let report = read(r, "report.html");
    assert!(report.contains("cy: not reviewed"), "{report}");
    assert!(
        report.contains("cy: reviewed by Siân Jones on 30 November 2026"),
        "{report}"
    );

    write(
        r,
        "content/_index.cy.md",
        &page(
            "Hafan",
            "reviewed:\n  by: Siân Jones\n  on: 2026-12-01\n",
            "Croeso i'r wefan.",
        ),
    );
    let (ok, out) = check(r, &["--strict"]);
    assert!(ok, "{out}");
    assert!(!out.contains("translation-unreviewed"), "{out}");

    write(
        r,
        "content/_index.cy.md",
        "---\ntitle: Hafan\nreviewed: { by: Siân Jones, when: 2026-12-01 }\n---\nCroeso.\n",
    );
    let (ok, out) = check(r, &[]);
    assert!(!ok && out.contains("when"), "{out}");
}

#[test]
fn a_welsh_word_copy_carries_the_welsh_language_and_an_english_one_english() {
    let site = bilingual();
    let r = site.path();
    build_ok(r, &[]);
    let styles = |rel: &str| {
        let bytes = std::fs::read(r.join("public").join(rel)).expect("docx");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("word/styles.xml").expect("styles"),
            &mut xml,
        )
        .expect("read styles");
        xml
    };
    let cy = styles("cy/policy/policy.docx");
    assert!(cy.contains("<w:lang w:val=\"cy\""), "{cy}");
    let en = styles("policy/policy.docx");
    assert!(en.contains("<w:lang w:val=\"en-GB\""), "{en}");
}

/// The `/Lang` of a PDF's catalog: Chromium takes it from the printed document's `<html lang>`.
fn pdf_catalog_lang(pdf: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(pdf);
    let at = text.find("/Type /Catalog")?;
    let catalog = &text[at..at + text[at..].find("endobj")?];
    let lang = catalog.split("/Lang (").nth(1)?;
    Some(lang[..lang.find(')')?].to_string())
}

#[cfg_attr(
    no_chromium,
    ignore = "needs Chromium: apt-get install chromium (in CI a missing browser fails)"
)]
#[test]
fn a_welsh_pdf_carries_the_welsh_language_and_an_english_one_english() {
    let site = bilingual();
    let r = site.path();
    write(
        r,
        "packs/policy.yaml",
        "title: Our policy\nitems:\n  - policy.md\n",
    );
    write(
        r,
        "packs/policy-cy.yaml",
        "title: Ein polisi\nlang: cy\nitems:\n  - policy.cy.md\n",
    );
    let o = run(r, &["build", "--pdf"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let pdfs = |dir: &str| {
        let mut out = Vec::new();
        for e in std::fs::read_dir(r.join("public").join(dir)).expect("pack folder") {
            let p = e.expect("entry").path();
            if p.extension().is_some_and(|x| x == "pdf") {
                out.push(p);
            }
        }
        assert!(!out.is_empty(), "no PDF in {dir}");
        out
    };
    for (dir, lang) in [("packs/policy-cy", "cy"), ("packs/policy", "en-GB")] {
        for pdf in pdfs(dir) {
            let bytes = std::fs::read(&pdf).expect("pdf");
            assert_eq!(
                pdf_catalog_lang(&bytes).as_deref(),
                Some(lang),
                "{}",
                pdf.display()
            );
            // A tagged PDF: the language reaches a screen reader through the structure too.
            if let Ok(info) = std::process::Command::new("pdfinfo").arg(&pdf).output() {
                let info = String::from_utf8_lossy(&info.stdout).into_owned();
                assert!(info.contains("Tagged:") && info.contains("yes"), "{info}");
            }
        }
    }
}

#[cfg_attr(
    no_chromium,
    ignore = "needs Chromium: apt-get install chromium (in CI a missing browser fails)"
)]
#[test]
fn pages_of_a_welsh_main_site_pass_axe_and_declare_their_language() {
    let Some((browser, _profile)) = browser() else {
        return;
    };
    let site = welsh_main();
    let r = site.path();
    build_ok(r, &[]);
    let origin = serve_dir(&r.join("public"));
    let tab = browser.new_tab().expect("tab");
    tab.set_default_timeout(std::time::Duration::from_secs(30));
    for (page, lang) in [
        ("/", "cy"),
        ("/get-help/", "cy"),
        ("/report/", "cy"),
        ("/young-people/top-ten-tips/", "cy"),
        ("/policies/aup-early-years-ks1/", "cy"),
        ("/policies/aup-students-ks3-5/", "cy"),
        ("/en-gb/", "en-GB"),
        ("/en-gb/parents/cyberbullying/", "en-GB"),
    ] {
        open(&tab, &format!("{origin}{page}"));
        assert_eq!(
            eval_str(&tab, "document.documentElement.lang"),
            lang,
            "{page}"
        );
        let violations = axe_violations(&tab);
        assert!(violations.is_empty(), "{page}: {violations:#?}");
    }
}
