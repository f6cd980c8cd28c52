//! Tests of site.yaml's parse: defaults and errors at their lines.

use super::*;

const GOOD: &str = "title: T\nbase_url: https://x.org/\naudiences:\n  - id: parents\n    name: Parents\n    reading_age: 11\n";

#[test]
fn good_config_parses_with_defaults() {
    let c = SiteConfig::parse(GOOD, Path::new("site.yaml")).unwrap();
    assert_eq!(c.theme, "default");
    assert_eq!(c.language, "en-GB");
    assert!(c.search.enabled);
    assert_eq!(c.audiences[0].reading_age, Some(11.0));
}

#[test]
fn misspelt_reading_age_is_an_error_on_its_line() {
    let text = GOOD.replace("reading_age", "readng_age");
    let ds = SiteConfig::parse(&text, Path::new("site.yaml")).unwrap_err();
    let d = ds.iter().next().unwrap();
    assert_eq!(d.line, 6);
    assert!(d.help.as_deref().unwrap().contains("reading_age"));
}

#[test]
fn a_logo_at_the_top_of_site_yaml_points_to_brand() {
    let text = format!("{GOOD}logo: static/logo.svg\n");
    let ds = SiteConfig::parse(&text, Path::new("site.yaml")).unwrap_err();
    let d = ds.iter().next().unwrap();
    assert_eq!(d.line, 7);
    assert!(d.help.as_deref().unwrap().contains("under `brand:`"));
}

#[test]
fn report_route_for_unknown_audience_is_an_error() {
    let text = format!("{GOOD}report:\n  - label: CEOP\n    for: [parent]\n");
    let ds = SiteConfig::parse(&text, Path::new("site.yaml")).unwrap_err();
    let d = ds.iter().next().unwrap();
    assert_eq!(d.rule, "unknown-audience");
    assert_eq!(d.line, 9);
    assert!(d.help.as_deref().unwrap().contains("parents"));
}

#[test]
fn a_local_value_is_text_never_a_list_nor_a_placeholder_and_errors_are_at_its_line() {
    let parse =
        |local: &str| SiteConfig::parse(&format!("{GOOD}local:\n{local}"), Path::new("site.yaml"));
    let ok = parse("  phone: 01234 567 890\n  lado: { label: LADO, value: x }\n").unwrap();
    assert_eq!(ok.local["phone"].value.as_deref(), Some("01234 567 890"));
    assert_eq!(ok.local["lado"].label.as_deref(), Some("LADO"));
    for (local, says) in [
        // A list was once read as a declaration, its first item the label.
        ("  lado: x\n  phone: [01234, 567 890]\n", "not a list"),
        ("  lado: x\n  phone:\n    - 01234\n", "not a list"),
        ("  lado: x\n  phone: \"Ring {{ local.lado }}\"\n", "`{{`"),
        ("  lado: x\n  phone: { label: \"Ring {{ x }}\" }\n", "`{{`"),
        (
            "  lado: x\n  phone: { label: P, value: [a] }\n",
            "not a list",
        ),
        (
            "  lado: x\n  phone: { hint: no label }\n",
            "needs a `label`",
        ),
    ] {
        let ds = parse(local).unwrap_err();
        let d = ds.iter().next().unwrap();
        assert!(d.message.contains(says), "{local}: {d:?}");
        // The line of `phone:` (GOOD is 6 lines, then `local:`, then `lado:`).
        assert_eq!(
            (d.file.as_deref(), d.line),
            (Some(Path::new("site.yaml")), 9),
            "{local}: {d:?}"
        );
    }
}
