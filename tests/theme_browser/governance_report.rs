//! The governance report (`check --report`) on a phone-sized screen.

use super::*;

/// The governance report (`check --report`) at 390 px: the page never scrolls sideways (its chart
/// and tables scroll within themselves, reachable by keyboard), and axe finds nothing.
#[test]
fn governance_report_reads_on_a_phone() {
    let Some((browser, _profile)) = common::browser() else {
        return;
    };
    let site = common::bundled_site();
    let dir = tempfile::tempdir().expect("report dir");
    let report = dir.path().join("report.html");
    let o = common::run(
        site.path(),
        &["check", "--report", report.to_str().expect("utf-8 path")],
    );
    assert!(report.is_file(), "no report: {}", common::stderr(&o));
    let tab = browser.new_tab().expect("tab");
    common::set_viewport(&tab, 390, 844);
    open(&tab, &format!("file://{}", report.display()));
    let widths: Vec<f64> = serde_json::from_str(&eval_str(
        &tab,
        "JSON.stringify([document.documentElement.scrollWidth, document.documentElement.clientWidth])",
    ))
    .expect("widths");
    assert!(
        widths[0] <= widths[1],
        "the report scrolls sideways at 390 px: {widths:?}"
    );
    // The chart is wider than the phone, so it scrolls inside its own focusable region.
    assert_eq!(
        eval(
            &tab,
            "(() => { const s = document.querySelector('.scroll'); return s.scrollWidth > s.clientWidth && s.tabIndex === 0; })()"
        ),
        serde_json::Value::Bool(true)
    );
    let vs = axe_violations(&tab);
    assert!(vs.is_empty(), "axe on the report: {vs:#?}");
}
