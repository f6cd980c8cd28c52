// The default theme and content pack are embedded with include_dir!, which cannot tell Cargo which
// files it read: without this, editing them would not rebuild the binary.
fn main() {
    for path in [
        "themes/default",
        "content",
        "packs",
        "profiles",
        "site.yaml",
    ] {
        println!("cargo:rerun-if-changed={path}");
    }
}
