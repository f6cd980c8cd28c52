//! What the last build wrote, so the next one can carry unchanged files over instead of making
//! them again (like Sphinx's `.buildinfo`).
//!
//! For each output file it records a key (a hash of everything the file is made from, given by
//! the caller) and the size and modification time the file had when written. A file is reused
//! only when its key is the same and it still has that size and time, so a file changed by hand in
//! the output folder is made again rather than kept.

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::sync::Mutex;
use std::time::UNIX_EPOCH;

/// The record's name inside the output folder.
pub const FILE: &str = ".safeguide-buildinfo";
const HEADER: &str = "# safeguide build info 1: key, size, mtime (ns), path. Safe to delete.";

/// One output file as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub key: String,
    pub size: u64,
    pub mtime_ns: u128,
}

impl Written {
    /// The record of `path` as it is now on disk, under `key`.
    pub fn of(path: &Path, key: &str) -> Option<Written> {
        Written::from_metadata(&fs::metadata(path).ok()?, key)
    }

    /// The record of a file with metadata `meta`, under `key`.
    pub fn from_metadata(meta: &fs::Metadata, key: &str) -> Option<Written> {
        let mtime_ns = meta
            .modified()
            .ok()?
            .duration_since(UNIX_EPOCH)
            .ok()?
            .as_nanos();
        Some(Written {
            key: key.to_string(),
            size: meta.len(),
            mtime_ns,
        })
    }
}

/// The previous build's record (read) or this build's (being written).
#[derive(Debug, Default)]
pub struct BuildInfo {
    files: HashMap<String, Written>,
    reads: HashMap<String, Vec<String>>,
}

impl BuildInfo {
    /// The record in `dir`; empty when there is none or it cannot be read (nothing is reused).
    pub fn load(dir: &Path) -> BuildInfo {
        let Ok(text) = fs::read_to_string(dir.join(FILE)) else {
            return BuildInfo::default();
        };
        BuildInfo::parse(&text)
    }

    fn parse(text: &str) -> BuildInfo {
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return BuildInfo::default();
        }
        let mut reads = HashMap::new();
        let files = lines
            .filter_map(|line| {
                if let Some(rest) = line.strip_prefix("R\t") {
                    let (list, path) = rest.split_once('\t')?;
                    reads.insert(path.to_string(), serde_json::from_str(list).ok()?);
                    return None;
                }
                let mut parts = line.splitn(4, '\t');
                let key = parts.next()?.to_string();
                let size = parts.next()?.parse().ok()?;
                let mtime_ns = parts.next()?.parse().ok()?;
                let path = parts.next()?.to_string();
                Some((
                    path,
                    Written {
                        key,
                        size,
                        mtime_ns,
                    },
                ))
            })
            .collect();
        BuildInfo { files, reads }
    }

    /// The record as the engine reads it: each file's key, and a page's link destinations.
    pub fn plan_record(&self) -> super::record::PlanRecord {
        let files = self
            .files
            .iter()
            .map(|(path, w)| {
                let recorded = super::record::Recorded {
                    key: w.key.clone(),
                    reads: self.reads.get(path).cloned().unwrap_or_default(),
                    source: None,
                };
                (path.clone(), recorded)
            })
            .collect();
        super::record::PlanRecord {
            files,
            search: HashMap::new(),
            site: None,
        }
    }

    /// Whether the file at `rel` was written under `key` and is still as it was then (`dir` is
    /// the folder the record came from).
    /// The key `rel` was recorded under, if it was.
    pub fn key_of(&self, rel: &str) -> Option<&str> {
        self.files.get(rel).map(|w| w.key.as_str())
    }

    pub fn unchanged(&self, dir: &Path, rel: &str, key: &str) -> Option<&Written> {
        let w = self.files.get(rel)?;
        let now = Written::of(&super::paths::join_rel(dir, rel), key)?;
        (w.key == key && *w == now).then_some(w)
    }

    pub fn to_text(&self) -> String {
        let mut paths: Vec<&String> = self.files.keys().collect();
        paths.sort();
        let mut out = String::with_capacity(self.files.len() * 80);
        out.push_str(HEADER);
        out.push('\n');
        for p in paths {
            let w = &self.files[p];
            out.push_str(&format!("{}\t{}\t{}\t{p}\n", w.key, w.size, w.mtime_ns));
            if let Some(reads) = self.reads.get(p.as_str()).filter(|r| !r.is_empty()) {
                // JSON escapes tabs and line breaks, so a destination cannot break the line.
                let list = serde_json::to_string(reads).unwrap_or_default();
                out.push_str(&format!("R\t{list}\t{p}\n"));
            }
        }
        out
    }
}

/// This build's record, filled from many threads.
#[derive(Debug, Default)]
pub struct Recorder(Mutex<BuildInfo>);

impl Recorder {
    pub fn record(&self, rel: &str, w: Written) {
        self.0
            .lock()
            .expect("not poisoned")
            .files
            .insert(rel.to_string(), w);
    }

    /// The link destinations the page written at `rel` asked about.
    pub fn record_reads(&self, rel: &str, reads: &[String]) {
        self.0
            .lock()
            .expect("not poisoned")
            .reads
            .insert(rel.to_string(), reads.to_vec());
    }

    pub fn text(&self) -> String {
        self.0.lock().expect("not poisoned").to_text()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_and_only_untouched_files_count_as_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("a")).unwrap();
        fs::write(dir.path().join("a/index.html"), "<p>one</p>").unwrap();
        fs::write(dir.path().join("b.html"), "<p>two</p>").unwrap();
        let rec = Recorder::default();
        for (rel, key) in [("a/index.html", "k1"), ("b.html", "k2")] {
            rec.record(rel, Written::of(&dir.path().join(rel), key).unwrap());
        }
        fs::write(dir.path().join(FILE), rec.text()).unwrap();

        let info = BuildInfo::load(dir.path());
        assert!(info.unchanged(dir.path(), "a/index.html", "k1").is_some());
        // Another key: the file would be made from something else.
        assert!(info.unchanged(dir.path(), "a/index.html", "k2").is_none());
        // Not recorded.
        assert!(info.unchanged(dir.path(), "c.html", "k1").is_none());
        // Edited by hand: another size.
        fs::write(dir.path().join("b.html"), "<p>two, edited</p>").unwrap();
        assert!(info.unchanged(dir.path(), "b.html", "k2").is_none());
    }

    #[test]
    fn an_unknown_or_damaged_record_reuses_nothing() {
        assert!(BuildInfo::parse("something else\nk\t1\t2\ta.html\n")
            .files
            .is_empty());
        let info = BuildInfo::parse(&format!(
            "{HEADER}\nk\tnot-a-size\t2\ta.html\nk\t1\t2\tb.html\n"
        ));
        assert_eq!(info.files.len(), 1);
        assert!(info.files.contains_key("b.html"));
    }
}
