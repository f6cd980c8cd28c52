//! Local values (`local:`) on a thin site: pages, packs, Word copies and adapted documents,
//! what `check` says when one is unset, and profiles from the base.

use super::*;

#[test]
fn local_values_fill_every_page_and_pack_that_uses_them() {
    let (_dir, s) = thin_site_with(
        "  front_door_phone: 01604 000 111 <Mon-Fri>\n  lado_contact: lado@northshire.gov.uk\n",
    );
    build_ok(&s, &[]);
    let out = s.join("public");
    let help = read(&out, "get-help/index.html");
    assert!(
        help.contains("call <a href=tel:01604000111>01604 000 111</a> &lt;Mon-Fri>"),
        "escaped text, the number a tel: link"
    );
    assert!(help.contains("lado@northshire.gov.uk"));
    // A handout in a printed pack, and a value the base gives (101) that the site left alone.
    let pack = read(&out, "packs/staff-awareness/participant/index.html");
    assert!(
        pack.contains("front door</abbr></a>: <a href=tel:01604000111>01604 000 111</a>"),
        "{}",
        pack.len()
    );
    assert!(read(&out, "parents/when-something-goes-wrong/index.html")
        .contains("call the police on <a href=tel:101>101</a>"));
    // Still unset: a visible labelled blank.
    let accessibility = read(&out, "accessibility/index.html");
    assert!(
        accessibility.contains("data-local=partnership_email")
            && accessibility.contains("<span class=placeholder-label>Partnership email</span>"),
        "labelled blank"
    );
}

#[test]
fn check_names_each_unset_local_value_and_refuses_an_unknown_one() {
    let (_dir, s) = thin_site_with("  front_door_phone: 01604 000 111\n  lado_contact:\n");
    let o = run(&s, &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    // lado_contact is named at its own line of the site's site.yaml, with the pages using it.
    let line = read(&s, "site.yaml")
        .lines()
        .position(|l| l.trim() == "lado_contact:")
        .unwrap()
        + 1;
    assert!(err.contains(&format!("site.yaml:{line}:3")), "{err}");
    // How many pages show it follows the bundled pack; the notice names each one.
    let notice = err
        .lines()
        .find(|l| l.contains("the local value `lado_contact` (LADO contact) is not set: "))
        .unwrap_or_else(|| panic!("no notice for lado_contact: {err}"));
    let shown: usize = notice
        .split("is not set: ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("a count");
    assert!(shown >= 2, "{notice}");
    assert_eq!(notice.matches(".md").count(), shown, "{notice}");
    assert!(notice.contains("get-help.md"), "{notice}");
    assert!(
        !err.contains("`front_door_phone` (Children"),
        "it is set: {err}"
    );

    write(
        &s,
        "content/parents/local-help.md",
        &format!(
            "---\ntitle: Local help\nsummary: Local help.\naudience: [parents]\n---\nRing {}.\n",
            "{{ local.front_dor_phone }}"
        ),
    );
    let o = run(&s, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("content/parents/local-help.md:6:6"), "{err}");
    assert!(
        err.contains("did you mean `{{ local.front_door_phone }}`?"),
        "{err}"
    );
}

#[test]
fn adapt_reads_a_profile_the_base_provides() {
    let (_dir, s) = thin_site_with("");
    let o = run(
        &s,
        &[
            "adapt",
            "--profile",
            "profiles/oak-hill-primary.yaml",
            "--format",
            "html",
            "policies/aup-upper-ks2.md",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let html = read(&s, "adapted/oak-hill-primary/aup-upper-ks2.html");
    assert!(html.contains("Oak Hill"), "filled from the base's profile");
}

/// The text of a Word copy's body.
fn docx_xml(path: &Path) -> String {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s
}

#[test]
fn local_values_reach_a_policys_word_copy_and_adapted_markdown() {
    let (_dir, s) = thin_site_with("  lado_contact: 01604 222 333\n");
    let o = run(
        &s,
        &[
            "override",
            "content/policies/online-safety-policy-settings.md",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let rel = "content/policies/online-safety-policy-settings.md";
    let text = read(&s, rel).replacen(
        "on {{ lado_contact }}",
        "on {{ local.lado_contact }} (front door: {{ local.front_door_phone }})",
        1,
    );
    assert!(text.contains("{{ local.lado_contact }}"));
    write(&s, rel, &text);
    build_ok(&s, &[]);
    let out = s.join("public/policies/online-safety-policy-settings");
    let xml = docx_xml(&out.join("online-safety-policy-settings.docx"));
    assert!(xml.contains("01604 222 333"), "the value in the Word copy");
    assert!(
        xml.contains("________ (Children’s services front door)"),
        "an unset one as a written blank"
    );
    assert!(!xml.contains("local."), "no raw key left");
    // The fill-in form asks the school only for its own blanks.
    let page = read(&out, "index.html");
    assert!(page.contains("01604 222 333"));
    assert!(
        !page.contains("name=local."),
        "no form field for a local value"
    );

    let o = run(
        &s,
        &[
            "adapt",
            "--profile",
            "profiles/oak-hill-primary.yaml",
            "--format",
            "md",
            "--allow-blanks",
            "policies/online-safety-policy-settings.md",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let md = read(
        &s,
        "adapted/oak-hill-primary/online-safety-policy-settings.md",
    );
    assert!(
        md.contains("01604 222 333"),
        "adapted Markdown has the value"
    );
}
