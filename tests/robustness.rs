//! Property-based robustness: random and adversarial front matter and Markdown thrown at the whole
//! pipeline (load, resolve, render, write), in process. Whatever the input, no panic and no stack
//! overflow, and every problem names its file and line.
//!
//! `cargo test` runs a short round; `PROPTEST_CASES=20000 cargo test --release --test robustness`
//! runs a long one (see README, "Security model").

use std::path::Path;

use proptest::prelude::*;
use safeguide::diagnostics::Failure;
use safeguide::pipeline::BuildOptions;

const SITE: &str = "title: Fuzz\nbase_url: https://fuzz.example.org/\naudiences:\n  - id: parents\n    name: Parents\n    reading_age: 11\n  - id: children\n    name: Children\n    quick_exit: true\n";

/// Pieces of Markdown that have broken parsers and renderers before: deep nesting of every kind,
/// raw HTML, links with odd targets, placeholders and callouts, Unicode edge cases.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,80}",
        any::<String>(),
        (1usize..3000).prop_map(|n| ">".repeat(n) + " deep\n"),
        (1usize..2000).prop_map(|n| (0..n)
            .map(|i| format!("{}- item\n", "  ".repeat(i)))
            .collect()),
        (1usize..2000).prop_map(|n| "*".repeat(n) + "x" + &"*".repeat(n)),
        (1usize..2000).prop_map(|n| "[".repeat(n) + "x" + &"](a.md)".repeat(n)),
        (1usize..3000).prop_map(|n| "<div>".repeat(n) + "x" + &"</div>".repeat(n)),
        (1usize..3000).prop_map(|n| "<span>".repeat(n) + "\n"),
        (1usize..200_000).prop_map(|n| "a".repeat(n)),
        Just("<script>alert(1)</script>".to_string()),
        Just("<div class=\"callout\"><img src=x onerror=alert(1)></div>".to_string()),
        Just("[x](javascript:alert(1)) <vbscript:x> ![i](data:text/html,x)".to_string()),
        Just("> [!WARNING]\n> text {{ school }} [[x]]\n".to_string()),
        Just("```rust\nfn main() {}\n```\n```\u{0}\u{202e}\n".to_string()),
        Just("| a | b |\n|---|---|\n| 1 | 2 |\n[^1]\n\n[^1]: note\n".to_string()),
        Just("# Heading {#dup}\n# Heading {#dup}\n## \u{0301}\u{200d}\n".to_string()),
        Just("- [ ] question\n- [x] done\n".to_string()),
        Just("[a](#missing) [b](../nowhere.md) [c](@/x.md#y) [d](%zz)".to_string()),
        Just("\u{feff}\u{fdd0}\u{fdd1}0\u{fdd2}\r\n\r\n\u{2028}".to_string()),
    ]
}

fn body() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..6).prop_map(|parts| parts.join("\n\n"))
}

/// Front matter lines, right and wrong: known keys with odd values, unknown keys, duplicates,
/// broken YAML.
fn front_matter() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        "title: \\PC{0,40}".prop_map(|s| s),
        Just("title: \"\"".to_string()),
        Just("title: [1, 2]".to_string()),
        Just("summary: A page.".to_string()),
        prop_oneof![
            Just("page"),
            Just("guide"),
            Just("policy"),
            Just("audit"),
            Just("glossary"),
            Just("nope")
        ]
        .prop_map(|k| format!("kind: {k}")),
        Just("audience: [parents]".to_string()),
        Just("audience: [nobody]".to_string()),
        "date: \\PC{0,12}".prop_map(|s| s),
        Just("date: 2025-02-30".to_string()),
        Just("weight: 99999999999999999999999".to_string()),
        Just("tags: [a, a, \"\", \"\u{1f600}\"]".to_string()),
        Just("aliases: [/sitemap.xml, \"/../x\", \"javascript:x\"]".to_string()),
        Just("terms:\n  \"\": empty\n  \"  \": blank\n  Café: coffee\n  naïve: x".to_string()),
        Just("placeholders:\n  school: {label: School}".to_string()),
        "[a-z_]{1,12}: \\PC{0,20}".prop_map(|s| s),
        Just("title: again".to_string()),
        Just("  - : : [".to_string()),
        any::<String>(),
    ];
    prop::collection::vec(line, 0..8).prop_map(|lines| lines.join("\n"))
}

fn page() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        8 => (front_matter(), body()).prop_map(|(fm, b)| format!("---\n{fm}\n---\n{b}\n").into_bytes()),
        1 => body().prop_map(String::into_bytes),
        1 => prop::collection::vec(any::<u8>(), 0..4000),
    ]
}

fn build(root: &Path) -> Result<(), Failure> {
    safeguide::commands::build(&BuildOptions {
        root: root.to_path_buf(),
        output: Some(root.join("public")),
        ..BuildOptions::default()
    })
    .map(|_| ())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_page_builds_or_fails_with_located_errors(pages in prop::collection::vec(page(), 1..4)) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("site.yaml"), SITE).unwrap();
        std::fs::create_dir_all(root.join("content/parents")).unwrap();
        std::fs::write(root.join("content/_index.md"), "---\ntitle: Home\n---\nHello.\n").unwrap();
        for (i, bytes) in pages.iter().enumerate() {
            std::fs::write(root.join(format!("content/parents/p{i}.md")), bytes).unwrap();
        }
        // A panic or stack overflow here fails the test (or the whole test binary).
        if let Err(Failure::Content(ds)) = build(root) {
            for d in ds.iter() {
                let file = d.file.as_ref().map(|f| f.display().to_string()).unwrap_or_default();
                prop_assert!(file.starts_with("content/"), "no file in {}", d.render());
                prop_assert!(d.line >= 1, "no line in {}", d.render());
            }
        }
    }
}
