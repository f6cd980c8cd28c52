//! The participant editions of the bundled packs as printed PDFs (issue #33): no page but the
//! cover holds fewer than five lines, an edition of two items has no contents page, and no word
//! of the PDF's text or bookmarks is two of the document's words run together.

mod common;

use std::collections::HashSet;
use std::process::Command;

fn poppler(tool: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(tool).args(args).output().ok()?;
    assert!(out.status.success(), "{tool} {args:?} failed");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Lower-case words of letters (and inner apostrophes) in `text`.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '\u{2019}'))
        .map(|w| w.trim_matches(['\'', '\u{2019}']).to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// The words of an HTML document's text (tags and character references dropped).
fn html_words(html: &str) -> HashSet<String> {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&amp;", "&")
        .replace("&#39;", "'")
        .replace("&rsquo;", "\u{2019}");
    words(&text).into_iter().collect()
}

/// A word of `found` that is two words of `known` run together, if there is one.
fn glued<'a>(found: &'a [String], known: &HashSet<String>) -> Option<&'a String> {
    found.iter().find(|w| {
        !known.contains(*w)
            && w.char_indices().skip(2).any(|(i, _)| {
                let (a, b) = w.split_at(i);
                a.chars().count() >= 2
                    && b.chars().count() >= 2
                    && known.contains(a)
                    && known.contains(b)
            })
    })
}

#[cfg_attr(
    no_chromium,
    ignore = "needs Chromium: apt-get install chromium (in CI a missing browser fails)"
)]
#[test]
fn participant_editions_fill_their_pages_and_keep_their_spaces() {
    let Some(chromium) = common::chromium_path() else {
        assert!(
            std::env::var("CI").map_or(true, |v| v != "true"),
            "Chromium is required in CI"
        );
        return;
    };
    let site = common::bundled_site();
    // Only the participant editions: the facilitator editions take minutes to print.
    let packs = site.path().join("packs");
    for entry in std::fs::read_dir(&packs).expect("packs") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("pack");
        std::fs::write(
            &path,
            text.replace(
                "editions: [facilitator, participant]",
                "editions: [participant]",
            ),
        )
        .expect("write pack");
    }
    let out = tempfile::tempdir().expect("out");
    let run = Command::new(common::bin())
        .current_dir(site.path())
        .args(["build", "--pdf", "--output"])
        .arg(out.path())
        .env("SAFEGUIDE_CHROMIUM", &chromium)
        .output()
        .expect("run safeguide");
    assert!(run.status.success(), "{}", common::stderr(&run));

    for id in ["staff-awareness", "parents-evening", "online-safety-lead"] {
        let pdf = out.path().join(format!("packs/{id}/{id}-participant.pdf"));
        let pdf_s = pdf.to_string_lossy().to_string();
        let Some(info) = poppler("pdfinfo", &[&pdf_s]) else {
            assert!(
                std::env::var("CI").map_or(true, |v| v != "true"),
                "poppler-utils is required in CI"
            );
            return;
        };
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .expect("pages");
        let html = common::read(out.path(), &format!("packs/{id}/participant/index.html"));
        let items = html.matches("<section class=\"item ").count()
            + html.matches("<section class=item ").count();
        for page in 2..=pages {
            let n = page.to_string();
            let text = poppler("pdftotext", &["-layout", "-f", &n, "-l", &n, &pdf_s, "-"])
                .expect("pdftotext");
            // The running header and footer are not the page's text.
            let lines = text
                .lines()
                .filter(|l| l.chars().any(char::is_alphabetic))
                .count()
                .saturating_sub(2);
            assert!(
                lines >= 5,
                "{id}: page {page} of {pages} holds {lines} lines:\n{text}"
            );
            if page == 2 && items <= 2 {
                assert!(
                    !text.contains("Contents"),
                    "{id}: a contents page for {items} items"
                );
            }
        }
        assert!(items > 0, "{id}: no items found in the HTML");
        let known = html_words(&html);
        let text = poppler("pdftotext", &[&pdf_s, "-"]).expect("pdftotext");
        // Printed link addresses are not words of the document.
        let text: String = text
            .split_whitespace()
            .filter(|t| !t.contains("://") && !t.contains('.') && !t.contains('/'))
            .collect::<Vec<_>>()
            .join(" ");
        let found = words(&text);
        assert!(found.len() > 100, "{id}: little text in the PDF");
        if let Some(w) = glued(&found, &known) {
            panic!("{id}: \"{w}\" in the PDF is two words run together");
        }
        // Bookmarks keep their spaces where a heading wraps.
        let xml = poppler("pdftohtml", &["-xml", "-i", "-stdout", &pdf_s]).expect("pdftohtml");
        let titles: Vec<String> = xml
            .split("<item ")
            .skip(1)
            .filter_map(|s| {
                let s = &s[s.find('>')? + 1..];
                Some(s[..s.find('<')?].to_string())
            })
            .collect();
        assert!(!titles.is_empty(), "{id}: no bookmarks");
        let bookmark_words = words(&titles.join(" "));
        if let Some(w) = glued(&bookmark_words, &known) {
            panic!("{id}: bookmark word \"{w}\" is two words run together: {titles:?}");
        }
    }
}
