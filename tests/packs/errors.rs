//! Bad pack files: each error names the pack file and the line.

use super::*;

const HEAD: &str = "title: Staff awareness\naudience: staff\n";

/// Builds the fixture with `packs/session.yaml` replaced (and `extra` files added): the build must
/// fail with exit 1, write nothing, and report every one of `expected`.
fn pack_error(pack: &str, extra: &[(&str, &str)], expected: &[&str]) {
    let site = fixture("packs");
    write(site.path(), "packs/session.yaml", pack);
    for (rel, text) in extra {
        write(site.path(), rel, text);
    }
    let o = run(site.path(), &["build"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{}\n{err}", stdout(&o));
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        !site.path().join("public").exists(),
        "a failed build wrote output"
    );
    for e in expected {
        assert!(err.contains(e), "expected `{e}` in:\n{err}");
    }
}

#[test]
fn missing_item_names_pack_file_and_line() {
    pack_error(
        &format!("{HEAD}editions: [facilitator]\nitems:\n  - training/session/index.md\n  - guides/risk.md\n"),
        &[],
        &[
            "packs/session.yaml:6:",
            "`guides/risk.md` does not exist",
            "did you mean `guides/risks.md`",
        ],
    );
}

#[test]
fn unknown_edition_names_pack_file_and_line() {
    pack_error(
        &format!("{HEAD}editions: [facilitator, trainer]\nitems:\n  - guides/risks.md\n"),
        &[],
        &[
            "packs/session.yaml:3:",
            "unknown variant `trainer`, expected `facilitator` or `participant`",
        ],
    );
}

#[test]
fn duplicate_pack_id_names_both_files() {
    let other = format!("{HEAD}items:\n  - policies/aup.md\n");
    pack_error(
        &format!("{HEAD}items:\n  - guides/risks.md\n"),
        &[("packs/session.yml", &other)],
        &[
            "two packs have the id `session`",
            "packs/session.yml:1:",
            "packs/session.yaml has the same id",
        ],
    );
}

#[test]
fn participant_item_outside_items_names_pack_file_and_line() {
    pack_error(
        &format!("{HEAD}items:\n  - guides/risks.md\nparticipant:\n  - guides/risks.md\n  - policies/aup.md\n"),
        &[],
        &[
            "packs/session.yaml:7:",
            "`policies/aup.md` is in `participant` but not in `items`",
        ],
    );
}

#[test]
fn empty_item_list_names_pack_file_and_line() {
    let no_items = ["packs/session.yaml:4:", "the pack has no items"];
    pack_error(
        &format!("{HEAD}editions: [participant]\nitems: []\n"),
        &[],
        &no_items,
    );
    let no_key = ["packs/session.yaml:1:", "the pack has no items"];
    pack_error(&format!("{HEAD}editions: [participant]\n"), &[], &no_key);
}

#[test]
fn repeated_item_or_edition_points_at_the_repeat() {
    pack_error(
        &format!("{HEAD}editions: [participant, participant]\nitems:\n  - guides/risks.md\n  - policies/aup.md\n  - guides/risks.md\n"),
        &[],
        &[
            "packs/session.yaml:7:5",
            "`guides/risks.md` is listed twice in `items`",
            "packs/session.yaml:3:25",
            "`participant` is listed twice in `editions`",
        ],
    );
}
