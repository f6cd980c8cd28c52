// The default theme and content pack are embedded with include_dir!, which cannot tell Cargo which
// files it read: without this, editing them would not rebuild the binary.
//
// Browser, PDF and Word tests need Debian's Chromium. Where it is missing they show as ignored,
// with the reason, rather than passing without checking anything; in CI (CI=true) they run, and a
// missing browser fails them. (Installing Chromium later: `touch build.rs`, or run with CI=true.)
fn main() {
    for path in [
        "themes/default",
        "content",
        "packs",
        "profiles",
        "site.yaml",
        "frameworks.yaml",
    ] {
        println!("cargo:rerun-if-changed={path}");
    }
    println!("cargo::rustc-check-cfg=cfg(no_chromium)");
    println!("cargo:rerun-if-env-changed=CI");
    println!("cargo:rerun-if-env-changed=SAFEGUIDE_CHROMIUM");
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let chromium = std::env::var_os("SAFEGUIDE_CHROMIUM").is_some()
        || [
            "/usr/bin/chromium",
            "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome",
        ]
        .iter()
        .any(|p| std::path::Path::new(p).exists());
    if !chromium && !ci {
        println!("cargo:rustc-cfg=no_chromium");
    }
}
