//! Output paths: where a `/`-separated path of the output lands on disk.

use std::path::{Path, PathBuf};

/// `rel` (a `/`-separated output path) inside `dir`; `.` and `..` segments are dropped so the
/// result never leaves `dir`.
pub fn join_rel(dir: &Path, rel: &str) -> PathBuf {
    let mut p = dir.to_path_buf();
    for seg in rel
        .split('/')
        .filter(|s| !s.is_empty() && *s != "." && *s != "..")
    {
        p.push(seg);
    }
    p
}
