//! The publishing files `safeguide new` writes beside site.yaml: a GitHub Pages workflow, a
//! netlify.toml and a GitLab CI file, each installing the safeguide release that made the site
//! (checked against its checksum) and running `check --strict` then `build`.

/// The releases' download address (`<releases>/v<version>/<archive>`); the install script takes
/// `SAFEGUIDE_RELEASES` instead when it is set (the tests point it at a local folder).
pub const RELEASES: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/releases/download");

/// Each publishing file: its path in the new site and its text before the version is filled in.
const FILES: [(&str, &str); 4] = [
    ("install-safeguide.sh", include_str!("install-safeguide.sh")),
    (
        ".github/workflows/publish.yml",
        include_str!("github-pages.yml"),
    ),
    ("netlify.toml", include_str!("netlify.toml")),
    (".gitlab-ci.yml", include_str!("gitlab-ci.yml")),
];

/// The publishing files for a site made by this safeguide, pinned to its version.
pub fn files() -> Vec<(&'static str, String)> {
    FILES
        .iter()
        .map(|(path, text)| {
            let text = text
                .replace("@VERSION@", env!("CARGO_PKG_VERSION"))
                .replace("@RELEASES@", RELEASES);
            (*path, text)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_is_pinned_to_this_version_and_runs_the_install_script() {
        let files = files();
        let script = &files[0].1;
        assert!(script.contains(&format!(
            "SAFEGUIDE_VERSION:-{}}}",
            env!("CARGO_PKG_VERSION")
        )));
        assert!(!script.contains('@'), "a placeholder was left unfilled");
        for (path, text) in &files[1..] {
            assert!(
                text.contains("sh install-safeguide.sh"),
                "{path} does not install safeguide"
            );
            assert!(
                text.contains("check --strict"),
                "{path} does not check first"
            );
        }
    }
}
