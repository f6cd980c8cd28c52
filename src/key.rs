//! Keys: a hash of everything an output is made from, so that any change to any part makes a new
//! key. Every stage that keys what it makes (overrides, templates, search, the build record) uses
//! this one rule.

use std::sync::OnceLock;
use std::time::UNIX_EPOCH;

/// Which program made a file: its version, and the size and time of its executable, so that a
/// rebuilt safeguide (whose minifier or templates may differ) never reuses an older one's output.
pub fn program_id() -> &'static str {
    static ID: OnceLock<String> = OnceLock::new();
    ID.get_or_init(|| {
        let exe = std::env::current_exe()
            .ok()
            .and_then(|p| std::fs::metadata(p).ok())
            .and_then(|m| Some((m.len(), m.modified().ok()?.duration_since(UNIX_EPOCH).ok()?)))
            .map(|(size, mtime)| format!("{size}-{}", mtime.as_nanos()))
            .unwrap_or_default();
        format!("{}-{exe}", env!("CARGO_PKG_VERSION"))
    })
}

/// A key for content made from `parts`: a hash, so any change to any part makes a new key.
pub fn key(parts: &[&[u8]]) -> String {
    key_then(parts, |_| {})
}

/// A key for `parts`, then what `more` writes (a serialised value, written straight into the
/// hash instead of made in memory first); the same rule as [`key`] for the parts.
pub fn key_then(parts: &[&[u8]], more: impl FnOnce(&mut blake3::Hasher)) -> String {
    let mut h = blake3::Hasher::new();
    for p in parts {
        h.update(&(p.len() as u64).to_le_bytes());
        h.update(p);
    }
    more(&mut h);
    h.finalize().to_hex()[..32].to_string()
}

/// Writes `value` as JSON to `out` (a hasher, for [`key_then`]), buffered: a hasher takes big
/// pieces faster than JSON's many small ones. (It does not fail to take bytes, and the values
/// are plain data.)
pub fn write_json(out: &mut dyn std::io::Write, value: &impl serde::Serialize) {
    let mut out = std::io::BufWriter::with_capacity(16 * 1024, out);
    let _ = serde_json::to_writer(&mut out, value);
    let _ = std::io::Write::flush(&mut out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_change_with_any_part_and_with_where_parts_split() {
        assert_eq!(key(&[b"a", b"b"]), key(&[b"a", b"b"]));
        assert_ne!(key(&[b"a", b"b"]), key(&[b"a", b"c"]));
        assert_ne!(key(&[b"ab", b""]), key(&[b"a", b"b"]));
    }
}
