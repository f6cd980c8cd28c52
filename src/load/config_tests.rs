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
