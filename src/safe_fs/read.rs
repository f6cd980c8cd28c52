//! The one way safeguide opens a file it reads from a site, a base, a profile or a returns folder.
//!
//! A file is read only when it is a regular file whose real path (links resolved) lies inside the
//! folder it belongs to (its layer's root, or the folder named on the command line), and is no
//! larger than a limit. Named pipes, devices and sockets are refused without blocking: the type is
//! checked before opening, the file is opened non-blocking, and the opened handle is checked again,
//! so a file swapped for a pipe in between is refused too.

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// Largest text file read (site.yaml, Markdown, YAML, templates, returns): far above any real one.
pub const TEXT_LIMIT: u64 = 64 * 1024 * 1024;
/// Largest file copied as it is (images, downloads in static/).
pub const ASSET_LIMIT: u64 = 512 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// Nothing at the path (a dangling link is not "missing": it is an error).
    Missing,
    /// Its real path, links resolved, leaves the folder it belongs to.
    Outside,
    /// A named pipe, device, socket or folder.
    NotRegular(&'static str),
    TooLarge {
        size: u64,
        limit: u64,
    },
    Io(io::Error),
}

impl ReadError {
    pub fn is_missing(&self) -> bool {
        matches!(self, ReadError::Missing)
    }

    /// How to fix it, for a diagnostic's help.
    pub fn help(&self) -> &'static str {
        match self {
            ReadError::Missing => "check the path",
            ReadError::Outside => {
                "safeguide reads only files inside the site (and its base folders); copy the file \
                 into the folder instead of linking to it"
            }
            ReadError::NotRegular(_) => {
                "replace it with an ordinary file: safeguide never reads pipes, devices or sockets"
            }
            ReadError::TooLarge { .. } => "make the file smaller, or split it into several",
            ReadError::Io(_) => "check that the file exists and that you can read it",
        }
    }

    /// An error diagnostic naming `shown` (the file as the author knows it).
    pub fn diagnostic(&self, rule: &'static str, shown: &Path) -> Diagnostic {
        Diagnostic::error(rule, format!("cannot read {}: {self}", shown.display()))
            .in_file(shown)
            .help(self.help())
    }

    /// As an `io::Error`, for callers that report read failures as such.
    pub fn into_io(self) -> io::Error {
        match self {
            ReadError::Io(e) => e,
            ReadError::Missing => io::Error::new(io::ErrorKind::NotFound, self.to_string()),
            other => io::Error::new(io::ErrorKind::InvalidInput, other.to_string()),
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Missing => write!(f, "there is no such file"),
            // The real path is not shown: it may name something private outside the site.
            ReadError::Outside => write!(f, "it is a link that leads outside its folder"),
            ReadError::NotRegular(what) => write!(f, "it is {what}, not an ordinary file"),
            ReadError::TooLarge { size, limit } => write!(
                f,
                "it is {} MiB, more than the {} MiB safeguide reads",
                size.div_ceil(1024 * 1024),
                limit / (1024 * 1024)
            ),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> Self {
        ReadError::Io(e)
    }
}

/// What kind of non-regular file `t` is, or `None` for a regular file.
fn odd_kind(t: std::fs::FileType) -> Option<&'static str> {
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_block_device() || t.is_char_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

/// Checks `path` as [`read`] does, without reading it: its real path (inside `root`) on success.
pub fn check(root: &Path, path: &Path) -> Result<PathBuf, ReadError> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(ReadError::Missing),
        Err(e) => return Err(e.into()),
        Ok(_) => {}
    }
    let real = path.canonicalize()?;
    let real_root = root.canonicalize()?;
    if !real.starts_with(&real_root) {
        return Err(ReadError::Outside);
    }
    // Follows the (now known to stay inside) link: the type of what would be opened.
    if let Some(kind) = odd_kind(std::fs::metadata(&real)?.file_type()) {
        return Err(ReadError::NotRegular(kind));
    }
    Ok(real)
}

/// Opens a regular file without blocking on a pipe or device, and checks the handle's own type.
pub fn open_regular(path: &Path, limit: u64) -> Result<File, ReadError> {
    open_sized(path, limit).map(|(f, _)| f)
}

fn open_sized(path: &Path, limit: u64) -> Result<(File, u64), ReadError> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK: opening a FIFO does not wait for a writer; O_NOCTTY: a terminal device never
        // becomes ours. Neither changes how a regular file reads.
        opts.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = opts.open(path)?;
    let meta = file.metadata()?;
    if let Some(kind) = odd_kind(meta.file_type()) {
        return Err(ReadError::NotRegular(kind));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    Ok((file, meta.len()))
}

/// The bytes of `path`, a regular file inside `root` of at most `limit` bytes.
pub fn read(root: &Path, path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let real = check(root, path)?;
    read_checked(&real, limit)
}

/// The bytes of `path` whose place was already checked (a file the folder walk found inside its
/// layer): the type and size are still checked on the opened handle.
pub fn read_checked(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let (file, len) = open_sized(path, limit)?;
    let mut bytes = Vec::with_capacity(len as usize);
    // A file that grows while it is read still stops at the limit.
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// [`read`] as UTF-8 text; invalid UTF-8 is an `Io` error of kind `InvalidData`, as
/// `std::fs::read_to_string` gives.
pub fn read_text(root: &Path, path: &Path, limit: u64) -> Result<String, ReadError> {
    let bytes = read(root, path, limit)?;
    String::from_utf8(bytes).map_err(|e| {
        ReadError::Io(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "it is not valid UTF-8 text (at byte {})",
                e.utf8_error().valid_up_to()
            ),
        ))
    })
}

/// [`read_text`], `None` when there is no file; every other refusal is an error.
pub fn read_optional_text(
    root: &Path,
    path: &Path,
    limit: u64,
) -> Result<Option<String>, ReadError> {
    match read_text(root, path, limit) {
        Err(ReadError::Missing) => Ok(None),
        other => other.map(Some),
    }
}

/// The folder a file named on the command line is in (`.` for a bare name): the root the read rule
/// holds it to when it is not inside a site.
pub fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The text of `root/rel` (site.yaml, to point diagnostics at its lines), empty when it cannot be
/// read under the rule: loading the site reports why.
pub fn text_or_empty(root: &Path, rel: &str) -> String {
    read_text(root, &root.join(rel), TEXT_LIMIT).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_regular_file_inside_its_root() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.yaml"), "x: 1").unwrap();
        let got = read_text(dir.path(), &dir.path().join("a.yaml"), TEXT_LIMIT).unwrap();
        assert_eq!(got, "x: 1");
        assert!(read(dir.path(), &dir.path().join("b.yaml"), TEXT_LIMIT)
            .unwrap_err()
            .is_missing());
    }

    #[cfg(unix)]
    #[test]
    fn refuses_links_out_pipes_devices_and_large_files_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir(&site).unwrap();
        let secret = dir.path().join("secret.txt");
        std::fs::write(&secret, "canary").unwrap();
        std::os::unix::fs::symlink(&secret, site.join("out.yaml")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", site.join("zero.yaml")).unwrap();
        std::os::unix::fs::symlink(site.join("nowhere"), site.join("dangling.yaml")).unwrap();
        let fifo = site.join("fifo.yaml");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        std::fs::write(site.join("big.md"), vec![b'a'; 2048]).unwrap();

        let err = read(&site, &site.join("out.yaml"), TEXT_LIMIT).unwrap_err();
        assert!(matches!(err, ReadError::Outside), "{err:?}");
        assert!(!err.to_string().contains("secret"), "{err}");
        // /dev/zero is outside the site too; a device inside the root is refused by type.
        assert!(read(&site, &site.join("zero.yaml"), TEXT_LIMIT).is_err());
        assert!(matches!(
            read(Path::new("/"), Path::new("/dev/zero"), TEXT_LIMIT),
            Err(ReadError::NotRegular("a device"))
        ));
        let err = read(&site, &fifo, TEXT_LIMIT).unwrap_err();
        assert!(matches!(err, ReadError::NotRegular(_)), "{err:?}");
        assert!(err.to_string().contains("named pipe"), "{err}");
        let err = read(&site, &site.join("dangling.yaml"), TEXT_LIMIT).unwrap_err();
        assert!(
            !err.is_missing(),
            "a dangling link is an error, not an absent file"
        );
        assert!(matches!(
            read(&site, &site.join("big.md"), 1024),
            Err(ReadError::TooLarge { size: 2048, .. })
        ));
        // A pipe opened directly (its type known only from the handle) is refused, not waited on.
        assert!(matches!(
            read_checked(&fifo, TEXT_LIMIT),
            Err(ReadError::NotRegular(_))
        ));
    }
}
