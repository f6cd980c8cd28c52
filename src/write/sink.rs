//! Where a build's outputs go. Every write and removal of `build`, `serve` and `check` goes
//! through one [`Sink`]: a staging folder swapped in when the build succeeds ([`Staging`], for
//! `build` and serve's full builds), the folder being served, updated file by file ([`LiveDir`],
//! for serve's incremental updates), or nowhere ([`Discard`], for `check`).

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::output::Staging;
use super::paths::join_rel;

pub trait Sink: Sync {
    /// Writes `bytes` at `rel` (`/`-separated, relative to the output folder).
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;

    /// Writes the file at `rel` that `make` makes from inputs whose hash is `key`. A sink that
    /// holds the previous output may carry that file over instead, without calling `make`.
    fn write_keyed(
        &self,
        rel: &str,
        key: &str,
        make: &mut dyn FnMut() -> Vec<u8>,
    ) -> io::Result<()>;

    /// Copies the file `from` to `rel`.
    fn copy(&self, from: &Path, rel: &str) -> io::Result<()>;

    /// Removes the file at `rel`, if it is there.
    fn remove(&self, rel: &str) -> io::Result<()>;

    /// Whether the previous output has `rel` made under `key`, untouched since.
    fn has_previous(&self, _rel: &str, _key: &str) -> bool {
        false
    }

    /// The bytes of the previous output's file at `rel`, if this build's own record says it
    /// wrote it and it is untouched since (the folder being served: the file as it is now).
    fn read_previous(&self, _rel: &str) -> Option<Vec<u8>> {
        None
    }

    /// Puts the previous output's file at `rel` in place, when [`Sink::has_previous`] holds.
    fn carry_over(&self, _rel: &str, _key: &str) -> bool {
        false
    }

    /// A path on disk where another program (Chromium printing a PDF) may write `rel`, and the
    /// path of the already written `of`; None where nothing is kept.
    fn paths_for_print(&self, _of: &str, _rel: &str) -> Option<io::Result<(PathBuf, PathBuf)>> {
        None
    }

    /// Notes the link destinations the page written at `rel` asked about, for the next run.
    fn record_reads(&self, _rel: &str, _reads: &[String]) {}

    /// Whether what is written is kept. `check` renders everything for its diagnostics, but
    /// nothing that only serves the written files (minifying, search index) needs doing.
    fn keeps(&self) -> bool {
        true
    }
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        Staging::write(self, rel, bytes)
    }

    fn write_keyed(
        &self,
        rel: &str,
        key: &str,
        make: &mut dyn FnMut() -> Vec<u8>,
    ) -> io::Result<()> {
        Staging::write_keyed(self, rel, key, make)
    }

    fn copy(&self, from: &Path, rel: &str) -> io::Result<()> {
        Staging::copy(self, from, rel)
    }

    fn remove(&self, rel: &str) -> io::Result<()> {
        match fs::remove_file(self.path_of(rel)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    fn has_previous(&self, rel: &str, key: &str) -> bool {
        Staging::has_previous(self, rel, key)
    }

    fn carry_over(&self, rel: &str, key: &str) -> bool {
        Staging::carry_over(self, rel, key)
    }

    fn read_previous(&self, rel: &str) -> Option<Vec<u8>> {
        Staging::read_previous(self, rel)
    }

    fn paths_for_print(&self, of: &str, rel: &str) -> Option<io::Result<(PathBuf, PathBuf)>> {
        Some(self.reserve(rel).map(|pdf| (self.path_of(of), pdf)))
    }

    fn record_reads(&self, rel: &str, reads: &[String]) {
        Staging::record_reads(self, rel, reads)
    }
}

/// The folder `serve` serves, updated in place. Writes and removals wait in memory until
/// [`LiveDir::commit`], so that an update that fails leaves the folder as it was; each file is
/// then replaced whole (written beside it, then renamed), so a request never reads half of one.
pub struct LiveDir {
    pub dir: PathBuf,
    pending: Mutex<BTreeMap<String, Pending>>,
}

enum Pending {
    Bytes(Vec<u8>),
    Copy(PathBuf),
    Remove,
}

/// Files [`LiveDir::commit`] changed, with what each held before (None: it was not there).
pub type Before = Vec<(String, Option<Vec<u8>>)>;

impl LiveDir {
    pub fn new(dir: PathBuf) -> LiveDir {
        LiveDir {
            dir,
            pending: Mutex::default(),
        }
    }

    /// Applies the pending writes and removals of `only` (every one when None). With
    /// `keep_before`, returns what each changed file held, for [`LiveDir::restore`].
    pub fn commit(&self, only: Option<&[String]>, keep_before: bool) -> io::Result<Before> {
        let taken: Vec<(String, Pending)> = {
            let mut pending = self.pending.lock().expect("not poisoned");
            match only {
                None => std::mem::take(&mut *pending).into_iter().collect(),
                Some(files) => files
                    .iter()
                    .filter_map(|f| pending.remove(f).map(|p| (f.clone(), p)))
                    .collect(),
            }
        };
        let before = if keep_before {
            taken
                .iter()
                .map(|(rel, _)| (rel.clone(), fs::read(join_rel(&self.dir, rel)).ok()))
                .collect()
        } else {
            Vec::new()
        };
        // In parallel (a search update writes a thousand files), but the search manifests last,
        // so that they never name a file not yet written, and removals after every write.
        let (manifests, rest): (Vec<_>, Vec<_>) = taken
            .into_iter()
            .partition(|(rel, _)| rel.starts_with("search/index"));
        let (removals, writes): (Vec<_>, Vec<_>) = rest
            .into_iter()
            .partition(|(_, p)| matches!(p, Pending::Remove));
        writes
            .par_iter()
            .try_for_each(|(rel, p)| self.apply(rel, p))?;
        for (rel, p) in manifests.iter().chain(&removals) {
            self.apply(rel, p)?;
        }
        Ok(before)
    }

    fn apply(&self, rel: &str, p: &Pending) -> io::Result<()> {
        match p {
            Pending::Bytes(bytes) => self.put(rel, bytes),
            Pending::Copy(from) => {
                use crate::safe_fs::read::{read_checked, ReadError, ASSET_LIMIT};
                let bytes = read_checked(from, ASSET_LIMIT).map_err(ReadError::into_io)?;
                self.put(rel, &bytes)
            }
            Pending::Remove => self.delete(rel),
        }
    }

    /// Puts back what a [`LiveDir::commit`] replaced, and forgets what is still pending.
    pub fn restore(&self, before: &Before) -> io::Result<()> {
        self.pending.lock().expect("not poisoned").clear();
        for (rel, bytes) in before {
            match bytes {
                Some(b) => self.put(rel, b)?,
                None => self.delete(rel)?,
            }
        }
        Ok(())
    }

    /// The files waiting to be written or removed.
    pub fn pending(&self) -> Vec<String> {
        self.pending
            .lock()
            .expect("not poisoned")
            .keys()
            .cloned()
            .collect()
    }

    fn queue(&self, rel: &str, p: Pending) {
        self.pending
            .lock()
            .expect("not poisoned")
            .insert(rel.to_string(), p);
    }

    /// Through the one write rule: folders made one by one and never through a link, the file
    /// written beside itself and renamed over the old one. Not synced to disk: a preview,
    /// which the next serve or build makes again whole.
    fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        use crate::safe_fs::write;
        let path = join_rel(&self.dir, rel);
        if let Some(parent) = path.parent() {
            write::make_dirs(&self.dir, parent)?;
        }
        write::replace_unsynced(&path, bytes)
    }

    /// Removes the file and the folders it leaves empty, as a full build would not have them.
    /// A file already gone is fine.
    fn delete(&self, rel: &str) -> io::Result<()> {
        let path = join_rel(&self.dir, rel);
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e),
        }
        // Each folder left empty, up to the output's: fails, harmlessly, where other files are
        // still there.
        let mut parent = path.parent();
        while let Some(dir) = parent.filter(|p| *p != self.dir && p.starts_with(&self.dir)) {
            if fs::remove_dir(dir).is_err() {
                break;
            }
            parent = dir.parent();
        }
        Ok(())
    }

    /// Takes the pending removals of the files `which` picks out of this commit: the caller
    /// removes them later ([`LiveDir::remove_now`]).
    pub fn withhold(&self, which: impl Fn(&str) -> bool) -> Vec<String> {
        let mut pending = self.pending.lock().expect("not poisoned");
        let held: Vec<String> = pending
            .iter()
            .filter(|(f, p)| matches!(p, Pending::Remove) && which(f))
            .map(|(f, _)| f.clone())
            .collect();
        for f in &held {
            pending.remove(f);
        }
        held
    }

    /// Removes a file now (and the folders it leaves empty).
    pub fn remove_now(&self, rel: &str) -> io::Result<()> {
        self.delete(rel)
    }
}

impl Sink for LiveDir {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.queue(rel, Pending::Bytes(bytes.to_vec()));
        Ok(())
    }

    fn write_keyed(
        &self,
        rel: &str,
        _key: &str,
        make: &mut dyn FnMut() -> Vec<u8>,
    ) -> io::Result<()> {
        self.queue(rel, Pending::Bytes(make()));
        Ok(())
    }

    fn copy(&self, from: &Path, rel: &str) -> io::Result<()> {
        self.queue(rel, Pending::Copy(from.to_path_buf()));
        Ok(())
    }

    fn remove(&self, rel: &str) -> io::Result<()> {
        self.queue(rel, Pending::Remove);
        Ok(())
    }

    /// The engine keeps the keys (serve's last record), and a file in it is in the folder: only
    /// serve writes there, and a write that failed part way makes serve build the folder whole
    /// again. (Looking on disk cost a file-system call per output on every save.)
    fn has_previous(&self, _rel: &str, _key: &str) -> bool {
        true
    }

    fn carry_over(&self, rel: &str, key: &str) -> bool {
        self.has_previous(rel, key)
    }

    fn read_previous(&self, rel: &str) -> Option<Vec<u8>> {
        fs::read(join_rel(&self.dir, rel)).ok()
    }
}

/// Keeps nothing: `check` renders every output for its problems and writes none.
pub struct Discard;

impl Sink for Discard {
    fn write(&self, _rel: &str, _bytes: &[u8]) -> io::Result<()> {
        Ok(())
    }

    fn write_keyed(
        &self,
        _rel: &str,
        _key: &str,
        _make: &mut dyn FnMut() -> Vec<u8>,
    ) -> io::Result<()> {
        Ok(())
    }

    fn copy(&self, _from: &Path, _rel: &str) -> io::Result<()> {
        Ok(())
    }

    fn remove(&self, _rel: &str) -> io::Result<()> {
        Ok(())
    }

    fn keeps(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_removal_takes_an_emptied_folder_too() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let sink = LiveDir::new(out.to_path_buf());
        sink.write("tags/old/index.html", b"x").unwrap();
        sink.write("tags/index.html", b"x").unwrap();
        sink.commit(None, false).unwrap();
        assert!(out.join("tags/old/index.html").is_file());
        sink.remove("tags/old/index.html").unwrap();
        sink.commit(None, false).unwrap();
        assert!(!out.join("tags/old").exists());
        // Already gone is fine; a folder with other files stays.
        sink.remove("tags/old/index.html").unwrap();
        sink.remove("tags/missing.html").unwrap();
        sink.commit(None, false).unwrap();
        assert!(out.join("tags/index.html").is_file());
        // Nothing of the temporary file is left beside the written one.
        assert_eq!(fs::read_dir(out.join("tags")).unwrap().count(), 1);
    }
}
