//! A site's brand: its logo and colour on pages, pack covers and the report, and the errors for
//! an unreadable colour or a logo that is missing or outside static/.

use super::*;

const LOGO: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\" fill=\"#5a2d82\"/></svg>";

/// A thin site with `brand:` lines appended to its site.yaml.
fn branded_site(brand: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, s) = thin_site_with("  front_door_phone: 01604 000 111\n");
    let yaml = read(&s, "site.yaml");
    write(&s, "site.yaml", &format!("{yaml}brand:\n{brand}"));
    write(&s, "static/northshire-logo.svg", LOGO);
    (dir, s)
}

#[test]
fn brand_logo_and_colour_reach_the_header_pack_covers_and_the_report() {
    let (_dir, s) = branded_site("  logo: static/northshire-logo.svg\n  colour: \"#5a2d82\"\n");
    build_ok(&s, &[]);
    let out = s.join("public");
    let home = read(&out, "index.html");
    assert!(
        home.contains("<img alt=\"Anytown Safeguarding Children Partnership — Online safety\" class=site-logo src=/northshire-logo.svg>")
            || home.contains("class=site-logo src=/northshire-logo.svg alt=\"Anytown Safeguarding Children Partnership — Online safety\""),
        "logo in the header with the title as alt text: {}",
        &home[..home.len().min(3000)]
    );
    assert!(
        home.contains("--header:#5a2d82"),
        "the colour as a custom property"
    );
    assert_eq!(read(&out, "northshire-logo.svg"), LOGO);
    let cover = read(&out, "packs/staff-awareness/participant/index.html");
    assert!(
        cover.contains("class=cover-logo src=../../../northshire-logo.svg"),
        "pack cover"
    );
    assert!(
        cover.contains(":root{--accent:#5a2d82}"),
        "printed packs follow the brand"
    );

    let report = s.join("report.html");
    let o = run(&s, &["check", "--report", report.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(
        html.contains("src=\"data:image/svg+xml;base64,"),
        "the report carries the logo inside it"
    );
}

#[test]
fn a_brand_colour_white_text_cannot_be_read_on_is_an_error_with_the_nearest_that_passes() {
    let (_dir, s) = branded_site("  colour: \"#f5a623\"\n");
    let o = run(&s, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let line = read(&s, "site.yaml")
        .lines()
        .position(|l| l.contains("#f5a623"))
        .unwrap()
        + 1;
    assert!(err.contains(&format!("site.yaml:{line}:3")), "{err}");
    assert!(err.contains("contrast ratio of 2.02:1"), "{err}");
    assert!(err.contains("is the nearest that passes (4.5"), "{err}");
    // The colour it suggests does pass.
    let suggested = err.split("use a darker shade: \"").nth(1).unwrap()[..7].to_string();
    let yaml = read(&s, "site.yaml").replace("#f5a623", &suggested);
    write(&s, "site.yaml", &yaml);
    let o = run(&s, &["check"]);
    assert!(o.status.success(), "{suggested}: {}", stderr(&o));
}

#[test]
fn a_logo_that_is_missing_or_outside_static_is_an_error_at_its_line() {
    let (_dir, s) = branded_site("  logo: static/no-such-logo.svg\n");
    let o = run(&s, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("the logo `static/no-such-logo.svg` does not exist"),
        "{}",
        stderr(&o)
    );
    let (_dir, s) = branded_site("  logo: ../logo.svg\n");
    let o = run(&s, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("is not in the static/ folder"),
        "{}",
        stderr(&o)
    );
}
