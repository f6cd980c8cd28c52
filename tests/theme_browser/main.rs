//! The default theme in headless Chromium: axe-core accessibility checks, a keyboard-only journey,
//! no request leaving the site, quick exit, reflow at 320 px and screenshots for review. One browser
//! and one tab serve every step, so the file stays fast.

#[path = "../common/mod.rs"]
mod common;

mod built_pages;
mod governance_report;
mod one_tab;

use common::{axe_violations, eval, eval_str, open, wait_for};

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use headless_chrome::protocol::cdp::Page;
use headless_chrome::Tab;

struct Built {
    _site: tempfile::TempDir,
    out: tempfile::TempDir,
}

fn build_bundled() -> Built {
    let site = common::bundled_site();
    let out = tempfile::tempdir().expect("output dir");
    let out_arg = out.path().join("public");
    common::build_ok(
        site.path(),
        &["--output", out_arg.to_str().expect("utf-8 path")],
    );
    Built { _site: site, out }
}

impl Built {
    fn public(&self) -> std::path::PathBuf {
        self.out.path().join("public")
    }
}

/// The `kind-…` class on a page's <body>.
fn body_kind(html: &str) -> Option<String> {
    let body = &html[html.find("<body")?..];
    let body = &body[..body.find('>')?];
    let k = &body[body.find("kind-")? + 5..];
    Some(
        k.chars()
            .take_while(|c| c.is_ascii_lowercase() || *c == '-')
            .collect(),
    )
}

fn audiences(site_yaml: &str) -> Vec<(String, bool)> {
    let v: serde_yaml::Value = serde_yaml::from_str(site_yaml).expect("site.yaml");
    v["audiences"]
        .as_sequence()
        .expect("audiences")
        .iter()
        .map(|a| {
            (
                a["id"].as_str().expect("id").to_string(),
                a["quick_exit"].as_bool().unwrap_or(false),
            )
        })
        .collect()
}
