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
    pack_facts();
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

/// `safeguide --version` names the bundled pack's newest `updated:` date and page count, so a
/// partnership can tell which edition of the guidance a binary carries.
fn pack_facts() {
    let mut pages = 0usize;
    let mut newest = String::new();
    let mut stack = vec![std::path::PathBuf::from("content")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                pages += 1;
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                if let Some(date) = front_matter_date(&text) {
                    if date > newest {
                        newest = date;
                    }
                }
            }
        }
    }
    if newest.is_empty() {
        newest.push_str("unknown");
    }
    println!("cargo:rustc-env=SAFEGUIDE_PACK_UPDATED={newest}");
    println!("cargo:rustc-env=SAFEGUIDE_PACK_PAGES={pages}");
}

/// The `updated:` date in a page's front matter (the block between the first two `---` lines).
fn front_matter_date(text: &str) -> Option<String> {
    let mut lines = text.lines();
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    for line in lines {
        if line.trim_end() == "---" {
            break;
        }
        if let Some(v) = line.strip_prefix("updated:") {
            let v = v.trim().trim_matches(|c| c == '"' || c == '\'');
            if v.len() == 10 && v.as_bytes()[4] == b'-' {
                return Some(v.to_string());
            }
        }
    }
    None
}
