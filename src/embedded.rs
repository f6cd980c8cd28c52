//! Files built into the binary: the default theme and the default content pack, so that
//! `safeguide build` needs no theme folder and `safeguide new` works anywhere.

use include_dir::{include_dir, Dir};

pub static DEFAULT_THEME: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");
pub static DEFAULT_CONTENT: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/content");
pub static DEFAULT_PACKS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/packs");
pub static DEFAULT_PROFILES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/profiles");
pub static DEFAULT_CONFIG: &str = include_str!("../site.yaml");
pub static DEFAULT_FRAMEWORKS: &str = include_str!("../frameworks.yaml");

/// Every file of an embedded folder, with its path relative to that folder.
pub fn files<'a>(dir: &'a Dir<'a>) -> Vec<(&'a str, &'a [u8])> {
    let mut out = Vec::new();
    collect(dir, &mut out);
    out.sort_by_key(|(p, _)| *p);
    out
}

fn collect<'a>(dir: &'a Dir<'a>, out: &mut Vec<(&'a str, &'a [u8])>) {
    for f in dir.files() {
        if let Some(p) = f.path().to_str() {
            out.push((p, f.contents()));
        }
    }
    for d in dir.dirs() {
        collect(d, out);
    }
}
