//! Every way to report or get help that get-help.md describes is also a route on the report page
//! (site.yaml `report:`), which the header's "Report a concern" and the footer link to: built
//! from the bundled site, read from the published HTML.

mod common;

use common::*;

/// Sections of get-help.md that are the partnership's own contacts (set under `local:`), not
/// national routes.
const LOCAL: [&str; 2] = ["lado", "front-door"];

#[test]
fn every_route_in_get_help_reaches_the_report_page() {
    let site = bundled_site();
    build_ok(site.path(), &[]);
    let report = read(&site.path().join("public"), "report/index.html");
    let config: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(site.path().join("site.yaml")).unwrap())
            .unwrap();
    let routes = config["report"].as_sequence().expect("report routes");
    let help = std::fs::read_to_string(site.path().join("content/get-help.md")).unwrap();
    let anchors: Vec<&str> = help
        .lines()
        .filter(|l| l.starts_with("## "))
        .filter_map(|l| l.rsplit_once("{#")?.1.strip_suffix('}'))
        .filter(|a| !LOCAL.contains(a))
        .collect();
    assert!(anchors.len() >= 15, "{anchors:?}");
    for anchor in anchors {
        // `police` is two routes: 999 and 101.
        let matching: Vec<&serde_yaml::Value> = routes
            .iter()
            .filter(|r| {
                r["id"]
                    .as_str()
                    .is_some_and(|id| id == anchor || id.starts_with(&format!("{anchor}-")))
            })
            .collect();
        assert!(
            !matching.is_empty(),
            "get-help.md's `{anchor}` has no route with that id in site.yaml"
        );
        for r in matching {
            // The route's link, or its number when it has none, is on the report page.
            let sign = r["url"].as_str().or(r["phone"].as_str()).unwrap();
            assert!(
                report.contains(sign),
                "the report page lacks `{anchor}` ({sign})"
            );
        }
    }
    for name in [
        "StopNCII",
        "Take It Down",
        "Stop It Now",
        "Samaritans",
        "Shout",
    ] {
        assert!(report.contains(name), "{name}");
    }
}
