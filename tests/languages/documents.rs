//! Welsh model policies, packs and audits: none of the theme's English words, Welsh as the
//! main language, and the fill-in form and the audit working in Welsh in Chromium.

use super::*;

/// [`bilingual_policies`] with a Welsh model policy (a date blank, a version and an update), a
/// Welsh pack and a Welsh self-review audit, each beside its English original.
fn bilingual_documents() -> tempfile::TempDir {
    let site = bilingual_policies();
    let r = site.path();
    let policy = |title: &str, label: &str, date: &str, body: &str| {
        format!(
            "---\ntitle: {title}\nkind: policy\naudience: [staff]\nversion: \"2\"\nupdated: 2026-11-01\n\
             review_by: 2027-03-01\nplaceholders:\n  school: {{ label: {label} }}\n  \
             adopted: {{ label: {date}, type: date }}\n---\n## Un\n\n{body}\n"
        )
    };
    write(
        r,
        "content/staff/policy.md",
        &policy(
            "Our policy",
            "School name",
            "Adopted on",
            "At {{ school }} from {{ adopted }}.",
        ),
    );
    write(
        r,
        "content/staff/policy.cy.md",
        &policy(
            "Ein polisi",
            "Enw'r ysgol",
            "Dyddiad mabwysiadu",
            "Yn {{ school }} o {{ adopted }} ymlaen.",
        ),
    );
    let audit = |title: &str, q: &str| {
        format!(
            "---\ntitle: {title}\nkind: audit\naudience: [staff]\nversion: \"3\"\nupdated: 2026-11-01\n---\n\
             ## Adran\n\n- [ ] {q} {{#policy}}\n"
        )
    };
    write(
        r,
        "content/staff/audit.md",
        &audit("Self review", "Is there a policy?"),
    );
    write(
        r,
        "content/staff/audit.cy.md",
        &audit("Hunanadolygiad", "Oes polisi?"),
    );
    write(
        r,
        "packs/kids-cy.yaml",
        "title: Pecyn plant\nsubtitle: Ar gyfer sesiwn\nlang: cy\naudience: kids\nitems:\n  - kids/gaming.md\n  - kids/aup.cy.md\n",
    );
    write(
        r,
        "packs/kids.yaml",
        "title: Kids pack\naudience: kids\nitems:\n  - kids/gaming.md\n",
    );
    site
}

/// The theme's words in a language, from the built-in files.
fn theme_words(code: &str) -> std::collections::BTreeMap<String, String> {
    let text =
        std::fs::read_to_string(repo_root().join(format!("themes/default/i18n/{code}.yaml")))
            .expect("theme words");
    serde_yaml::from_str(&text).expect("words parse")
}

/// Whether `needle` is in `hay` as words: not inside a longer word.
fn has_phrase(hay: &str, needle: &str) -> bool {
    let word = |c: char| c.is_alphanumeric();
    hay.match_indices(needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        let joined_before = needle.starts_with(word) && before.is_some_and(word);
        let joined_after = needle.ends_with(word) && after.is_some_and(word);
        !joined_before && !joined_after
    })
}

/// The English words of the theme that Welsh says differently, in the pieces a page shows (the
/// text between `{...}` fields), trimmed.
fn english_only_words() -> Vec<String> {
    let en = theme_words("en");
    let cy = theme_words("cy");
    let mut out = Vec::new();
    for (key, english) in &en {
        if cy.get(key) == Some(english) {
            continue;
        }
        // The months are checked one by one; the other words in their pieces.
        let pieces: Vec<String> = if key == "months" {
            english.split_whitespace().map(str::to_string).collect()
        } else {
            english
                .split(['{', '}'])
                .step_by(2)
                .map(|p| {
                    p.trim()
                        .trim_matches([':', '.', ',', '(', ')'])
                        .trim()
                        .to_string()
                })
                .collect()
        };
        // A piece Welsh shares ("Word", "JSON", a number) is not English on a Welsh page.
        out.extend(pieces.into_iter().filter(|p| {
            p.chars().filter(|c| c.is_alphabetic()).count() > 1
                && !cy.values().any(|w| has_phrase(w, p))
        }));
    }
    out.sort();
    out.dedup();
    out
}

/// What people read of a page: its text, and the attributes that hold words (labels, and the
/// words scripts show), not addresses or attribute names.
fn shown_words(html: &str) -> String {
    // Scripts' code is not read (their words are in data-* attributes, read below).
    let mut text = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<script") {
        text.push_str(&rest[..i]);
        rest = rest[i..]
            .split_once("</script>")
            .map_or("", |(_, after)| after);
    }
    text.push_str(rest);
    // The switcher's link to English is in English, marked so (lang=en-GB).
    while let Some(i) = text.find(" lang=en-GB>") {
        let start = text[..i].rfind('<').unwrap_or(i);
        let end = text[i..].find("</a>").map_or(text.len(), |e| i + e);
        text.replace_range(start..end, "");
    }
    let mut out = text_of(&text);
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or_default();
        let mut rest = tag;
        while let Some(eq) = rest.find('=') {
            let name = rest[..eq].rsplit([' ', '"']).next().unwrap_or_default();
            let after = &rest[eq + 1..];
            let (value, next) = match after.strip_prefix('"') {
                Some(q) => q.split_once('"').unwrap_or((q, "")),
                None => after.split_once(' ').unwrap_or((after, "")),
            };
            let wordy = (name.starts_with("data-") && name != "data-url")
                || [
                    "aria-label",
                    "placeholder",
                    "title",
                    "alt",
                    "content",
                    "value",
                ]
                .contains(&name);
            if wordy {
                out.push(' ');
                out.push_str(value);
            }
            rest = next;
        }
    }
    out
}

/// The text and attributes of a page, with the few entities templates write decoded.
fn readable(html: &str) -> String {
    html.replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .replace("&#x2F;", "/")
}

#[test]
fn welsh_policy_pack_and_audit_pages_hold_none_of_the_english_words_of_the_theme() {
    let site = bilingual_documents();
    let r = site.path();
    build_ok(r, &[]);
    let english = english_only_words();
    // The list is long enough to mean something, and holds the words this test is about.
    for w in [
        "Fill in your details",
        "Document",
        "Partly",
        "Printable packs",
        "November",
    ] {
        assert!(english.contains(&w.to_string()), "{w} not in {english:?}");
    }
    // Every Welsh page: those under /cy/ and the Welsh pack's.
    let public = r.join("public");
    let mut pages: Vec<String> = Vec::new();
    let mut dirs = vec![public.join("cy"), public.join("packs/kids-cy")];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).expect("read dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "html") {
                let rel = p
                    .strip_prefix(&public)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                pages.push(rel);
            }
        }
    }
    for file in [
        "cy/staff/policy/index.html",
        "cy/staff/audit/index.html",
        "cy/packs/index.html",
    ] {
        assert!(pages.iter().any(|p| p == file), "{file} not in {pages:?}");
    }
    for file in &pages {
        let page = readable(&html(r, file));
        // Only what people read: the page's own text and attributes, not its address or scripts.
        let shown = shown_words(&page);
        let found: Vec<&String> = english.iter().filter(|w| has_phrase(&shown, w)).collect();
        let at: Vec<&str> = found
            .iter()
            .filter_map(|w| shown.find(w.as_str()))
            .map(|i| {
                &shown[shown.floor_char_boundary(i.saturating_sub(80))
                    ..shown.ceil_char_boundary((i + 80).min(shown.len()))]
            })
            .collect();
        assert!(
            found.is_empty(),
            "{file} has English {found:?} at {at:?}:\n{page}"
        );
    }
    let policy = readable(&html(r, "cy/staff/policy/index.html"));
    for welsh in [
        "<dt>Dogfen</dt><dd>Polisi enghreifftiol</dd>",
        "Fersiwn 2, a ddiweddarwyd ar 1 Tachwedd 2026",
        "Llenwch eich manylion",
        "Lawrlwytho “Ein polisi” fel dogfen Word (.docx)",
        "data-months=\"Ionawr Chwefror",
        "Argraffwyd o safety.example.test/cy/staff/policy/",
        "Cymeradwywyd",
    ] {
        assert!(policy.contains(welsh), "no `{welsh}`:\n{policy}");
    }
    let audit = readable(&html(r, "cy/staff/audit/index.html"));
    for welsh in [
        "1 cwestiwn.",
        "Dyma fersiwn 3 o'r archwiliad, a ddiweddarwyd ar 1 Tachwedd 2026.",
        "value=partly> Yn rhannol",
        "Tystiolaeth a chamau gweithredu",
        ">Ysgol</option>",
    ] {
        assert!(audit.contains(welsh), "no `{welsh}`:\n{audit}");
    }
    // The return's field names and values stay those `safeguide returns` reads.
    assert!(
        audit.contains("data-audit-id=cy/staff/audit")
            || audit.contains("data-audit-id=\"cy/staff/audit\""),
        "{audit}"
    );
    // The Welsh packs index lists the Welsh pack only, and every Welsh page's footer links it.
    let index = readable(&html(r, "cy/packs/index.html"));
    assert!(index.contains("<html lang=cy>"), "{index}");
    assert!(
        index.contains("Pecyn plant") && !index.contains("Kids pack"),
        "{index}"
    );
    assert!(index.contains("Fersiwn yr hwylusydd"), "{index}");
    assert!(html(r, "cy/kids/gaming/index.html").contains("href=/cy/packs/"));
    let main = readable(&html(r, "packs/index.html"));
    assert!(
        main.contains("Kids pack") && !main.contains("Pecyn plant"),
        "{main}"
    );
    assert!(main.contains("Printable packs"), "{main}");
    // Each index switches to the other.
    assert!(main.contains("href=/cy/packs/ hreflang=cy"), "{main}");
    assert!(index.contains("href=/packs/ hreflang=en-GB"), "{index}");
    // The Welsh pack's page goes back to the Welsh index and names its audience in Welsh.
    let pack = readable(&html(r, "packs/kids-cy/index.html"));
    assert!(pack.contains("href=/cy/packs/"), "{pack}");
    assert!(pack.contains(">Plant</a>"), "{pack}");
    // The Word copy of the Welsh policy writes its own words in Welsh too.
    let docx = std::fs::read(r.join("public/cy/staff/policy/policy.docx")).expect("Word copy");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip");
    let mut xml = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().starts_with("word/") && f.name().ends_with(".xml") {
            std::io::Read::read_to_string(&mut f, &mut xml).unwrap();
        }
    }
    for welsh in [
        "Fersiwn 2, a ddiweddarwyd ar 1 Tachwedd 2026",
        "Tudalen",
        "Cymeradwywyd",
        "Dyddiad",
    ] {
        assert!(xml.contains(welsh), "the Word copy lacks {welsh}");
    }
    for english in ["Version", "Page ", "Approved", "November", "Signature"] {
        assert!(!xml.contains(english), "the Word copy has {english}");
    }
    // The English pages keep their English.
    let en = readable(&html(r, "staff/policy/index.html"));
    assert!(
        en.contains("<dt>Document</dt><dd>Model policy</dd>")
            && en.contains("Version 2, updated 1 November 2026"),
        "{en}"
    );
}

#[test]
fn a_site_whose_main_language_is_welsh_shows_welsh_words_and_dates_at_the_root() {
    let site = bilingual_documents();
    let r = site.path();
    write(
        r,
        "site.yaml",
        &std::fs::read_to_string(r.join("site.yaml"))
            .unwrap()
            .replace(
            "  - { code: en-GB, name: English }\n  - { code: cy, name: Cymraeg, required: true }\n",
            "  - { code: cy, name: Cymraeg }\n  - { code: en-GB, name: English }\n",
        ),
    );
    // Welsh is the main language now: the Welsh files are the originals, the English ones the
    // translations.
    for (cy, en) in [
        ("content/kids/gaming", "Chwarae gemau'n ddiogel"),
        ("content/staff/policy", "Ein polisi"),
        ("content/staff/audit", "Hunanadolygiad"),
    ] {
        let welsh = std::fs::read_to_string(r.join(format!("{cy}.cy.md"))).unwrap();
        let english = std::fs::read_to_string(r.join(format!("{cy}.md"))).unwrap();
        assert!(welsh.contains(en));
        write(r, &format!("{cy}.md"), &welsh);
        write(r, &format!("{cy}.en-GB.md"), &english);
        std::fs::remove_file(r.join(format!("{cy}.cy.md"))).unwrap();
    }
    for f in [
        "content/_index.cy.md",
        "content/kids/_index.cy.md",
        "content/kids/aup.cy.md",
        "packs/kids-cy.yaml",
        "packs/kids.yaml",
    ] {
        let _ = std::fs::remove_file(r.join(f));
    }
    build_ok(r, &[]);
    let gaming = readable(&html(r, "kids/gaming/index.html"));
    assert!(gaming.contains("<html lang=cy>"), "{gaming}");
    assert!(
        gaming.contains("<time datetime=2026-11-01>1 Tachwedd 2026</time>"),
        "{gaming}"
    );
    assert!(
        gaming.contains("<time datetime=2027-03-01>1 Mawrth 2027</time>"),
        "{gaming}"
    );
    assert!(!gaming.contains("November"), "{gaming}");
    let policy = readable(&html(r, "staff/policy/index.html"));
    assert!(
        policy.contains("Fersiwn 2, a ddiweddarwyd ar 1 Tachwedd 2026"),
        "{policy}"
    );
    assert!(policy.contains("Llenwch eich manylion"), "{policy}");
    let audit = readable(&html(r, "staff/audit/index.html"));
    assert!(
        audit.contains("a ddiweddarwyd ar 1 Tachwedd 2026"),
        "{audit}"
    );
    let listing = readable(&html(r, "tags/gemau/index.html"));
    assert!(
        listing.contains("1 Tachwedd 2026") && !listing.contains("November"),
        "{listing}"
    );
    // The English translation, under its prefix, in English.
    let en = readable(&html(r, "en-gb/kids/gaming/index.html"));
    assert!(en.contains("1 November 2026"), "{en}");
}

#[cfg_attr(
    no_chromium,
    ignore = "needs Chromium: apt-get install chromium (in CI a missing browser fails)"
)]
#[test]
fn the_fill_in_form_and_the_audit_work_in_welsh_in_chromium() {
    let site = bilingual_documents();
    let r = site.path();
    build_ok(r, &[]);
    let Some((browser, _profile)) = browser() else {
        return;
    };
    let origin = serve_dir(&r.join("public"));
    let tab = browser.new_tab().expect("tab");
    open(&tab, &format!("{origin}/cy/staff/policy/"));
    wait_for(
        &tab,
        "!!document.querySelector('details.fill-in:not([hidden]) #ph-school')",
        "the fill-in form",
    );
    // A date typed fills its blank in Welsh words; a value is text, never markup.
    eval(
        &tab,
        "(() => { const i = document.getElementById('ph-adopted'); i.value = '2027-03-05'; i.dispatchEvent(new Event('input', {bubbles: true})); const s = document.getElementById('ph-school'); s.value = '<b>Ysgol</b> Derw'; s.dispatchEvent(new Event('input', {bubbles: true})); })()",
    );
    assert_eq!(
        eval_str(
            &tab,
            "document.querySelector('.content .placeholder[data-placeholder=adopted]').textContent"
        ),
        "5 Mawrth 2027"
    );
    assert_eq!(
        eval_str(
            &tab,
            "document.querySelector('.content .placeholder[data-placeholder=school]').textContent"
        ),
        "<b>Ysgol</b> Derw"
    );
    assert_eq!(
        eval(&tab, "document.querySelectorAll('.content b').length"),
        0
    );
    // The printed footer says when it was printed, in Welsh.
    let footer = eval_str(&tab, "document.getElementById('print-footer').textContent");
    assert!(
        footer.contains("\\A Argraffwyd ar ")
            && footer.contains(" o safety.example.test/cy/staff/policy/"),
        "{footer}"
    );
    let months =
        "Ionawr Chwefror Mawrth Ebrill Mai Mehefin Gorffennaf Awst Medi Hydref Tachwedd Rhagfyr";
    assert!(
        months
            .split(' ')
            .any(|m| footer.contains(&format!(" {m} "))),
        "{footer}"
    );
    // The Word copy is made and the page says so in Welsh.
    tab.find_element("[data-docx]").unwrap().click().unwrap();
    wait_for(
        &tab,
        "document.querySelector('[data-fill-in-status]').textContent.indexOf('wedi\\'i lawrlwytho') > 0",
        "the Word copy's message",
    );
    assert!(eval_str(
        &tab,
        "document.querySelector('[data-fill-in-status]').textContent"
    )
    .starts_with("Mae eich copi Word policy.docx"));
    tab.find_element("[data-clear]").unwrap().click().unwrap();
    assert_eq!(
        eval_str(
            &tab,
            "document.querySelector('[data-fill-in-status]').textContent"
        ),
        "Mae eich manylion wedi'u clirio o'r porwr hwn."
    );
    assert_eq!(
        eval_str(
            &tab,
            "document.querySelector('.content .placeholder[data-placeholder=adopted]').textContent"
        ),
        "Dyddiad mabwysiadu"
    );

    // The audit: its progress and messages in Welsh, its return in the stable English fields.
    open(&tab, &format!("{origin}/cy/staff/audit/"));
    wait_for(
        &tab,
        "!document.querySelector('[data-audit-progress]').hidden",
        "the audit's progress",
    );
    assert_eq!(
        eval_str(
            &tab,
            "document.querySelector('[data-audit-progress]').textContent"
        ),
        "0 o 1 cwestiwn wedi'u hateb, wedi'u cadw yn y porwr hwn."
    );
    tab.find_element("[data-export-csv]")
        .unwrap()
        .click()
        .unwrap();
    assert_eq!(
        eval_str(&tab, "document.querySelector('[data-audit-message]').textContent"),
        "Llenwch enw eich sefydliad yn gyntaf, fel bod y bartneriaeth neu'r bwrdd diogelu yn gwybod pwy biau'r ffurflen."
    );
    eval(
        &tab,
        "(() => { document.querySelector('input[value=partly]').click(); const t = document.getElementById('audit-org-type'); t.value = 'youth-club'; t.dispatchEvent(new Event('change', {bubbles: true})); const n = document.getElementById('audit-org-name'); n.value = 'Clwb Derw'; n.dispatchEvent(new Event('input', {bubbles: true})); const make = URL.createObjectURL; URL.createObjectURL = b => { window.__ret = b; return make(b); }; })()",
    );
    tab.find_element("[data-export-json]")
        .unwrap()
        .click()
        .unwrap();
    wait_for(&tab, "!!window.__ret", "the return");
    let json = eval_str(&tab, "window.__ret.text()");
    let ret: serde_json::Value = serde_json::from_str(&json).expect("return json");
    assert_eq!(ret["organisation"]["type"], "Youth club", "{json}");
    assert_eq!(ret["answers"][0]["answer"], "Partly", "{json}");
    assert_eq!(ret["answers"][0]["id"], "policy", "{json}");
    assert_eq!(ret["audit"]["id"], "cy/staff/audit", "{json}");
}
