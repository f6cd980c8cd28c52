use super::*;
use crate::load::framework_entries::{field_in, list_items};
use crate::load::nation::Nation;

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

const GOOD: &str = "\
frameworks:
  - id: kcsie-2024
    title: Keeping children safe in education
    short: KCSIE
    edition: 2024
    in_force_from: 2024-09-01
    superseded_by: kcsie-2025
  - id: kcsie-2025
    title: Keeping children safe in education
    short: KCSIE
    edition: \"2025\"
    in_force_from: 2025-09-01
    superseded_by: kcsie-2026
  - id: kcsie-2026
    title: Keeping children safe in education
    edition: \"2026\"
    in_force_from: 2026-09-01
outdated_terms:
  - terms: [sexting]
    instead: sharing nudes and semi-nudes
";

#[test]
fn states_follow_the_dates_of_successors() {
    let (f, ds) = Frameworks::parse(GOOD, Path::new(FILE)).unwrap();
    assert!(ds.is_empty(), "{ds:?}");
    assert_eq!(f.list[0].edition, "2024");
    let (k24, k25, k26) = (0, 1, 2);
    assert_eq!(
        f.state(k24, d("2024-08-31")),
        State::NotYetInForce {
            from: Some(d("2024-09-01"))
        }
    );
    assert_eq!(
        f.state(k24, d("2025-01-01")),
        State::ReplacedFrom {
            by: k25,
            from: d("2025-09-01")
        }
    );
    // Two successors in force: the current edition is the last of the chain.
    assert_eq!(
        f.state(k24, d("2026-12-01")),
        State::Superseded {
            by: k25,
            on: d("2025-09-01"),
            current: k26
        }
    );
    assert_eq!(f.state(k26, d("2026-12-01")), State::InForce);
    assert!(f.list[0].text_names().contains(&"KCSIE 2024".to_string()));
}

#[test]
fn unknown_keys_bad_dates_and_bad_links_are_errors_at_their_line() {
    // One bad date leaves out its own entry only.
    let text = "frameworks:\n  - id: a-1\n    title: A\n    edition: 1\n    in_force_from: 2025-02-30\n  - id: a-2\n    title: A\n    edition: 2\n    in_force_from: 2025-03-01\n";
    let (f, errs) = Frameworks::parse(text, Path::new(FILE)).unwrap();
    assert_eq!((errs[0].line, errs[0].column), (5, 20), "{errs:?}");
    assert!(errs[0].message.contains("invalid date"), "{errs:?}");
    assert_eq!(f.list.len(), 1);
    assert_eq!(f.list[0].id, "a-2");

    let text = "frameworks:\n  - id: a-1\n    title: A\n    edition: 1\n    in_force: 2025-02-03\n";
    let (_, errs) = Frameworks::parse(text, Path::new(FILE)).unwrap();
    assert_eq!(errs[0].line, 5, "{errs:?}");
    assert!(
        errs[0].message.contains("unknown field `in_force`"),
        "{errs:?}"
    );

    let text = "frameworks:\n  - id: a-1\n    title: A\n    edition: 1\n    in_force_from: 2025-01-01\n    superseded_by: a-3\n  - id: a-2\n    title: A\n    edition: 2\n    in_force_from: 2024-01-01\n  - id: a-1\n    title: B\n    edition: 3\n    in_force_from: 2024-01-01\n";
    let (f, ds) = Frameworks::parse(text, Path::new(FILE)).unwrap();
    let got: Vec<(usize, bool)> = ds
        .iter()
        .map(|d| (d.line, d.help.as_deref().unwrap_or("").contains("a-2")))
        .collect();
    // The repeated id (line 11) and the unknown successor (line 6, `a-2` suggested).
    assert_eq!(got, [(11, false), (6, true)], "{ds:?}");
    assert_eq!(f.list.len(), 1, "entries in error are left out");
    assert_eq!(f.list[0].id, "a-2");
}

#[test]
fn a_successor_older_than_its_edition_or_a_loop_is_an_error() {
    let text = "frameworks:\n  - id: a\n    title: A\n    edition: 1\n    in_force_from: 2025-01-01\n    superseded_by: b\n  - id: b\n    title: A\n    edition: 2\n    in_force_from: 2025-01-01\n    superseded_by: a\n";
    let (_, ds) = Frameworks::parse(text, Path::new(FILE)).unwrap();
    assert_eq!(ds.len(), 2, "{ds:?}");
    assert!(ds[0].message.contains("lead back"), "{ds:?}");
    assert_eq!((ds[0].line, ds[1].line), (6, 11));
}

#[test]
fn list_items_end_at_the_next_top_level_key() {
    let items = list_items(GOOD, "frameworks");
    assert_eq!(items.len(), 3);
    assert!(GOOD[items[2].0..items[2].1].starts_with("- id: kcsie-2026"));
    assert!(!GOOD[items[2].0..items[2].1].contains("outdated_terms"));
    assert_eq!(
        crate::diagnostics::line_col(GOOD, field_in(GOOD, items[1], "superseded_by")).0,
        13
    );
}

const LAW: &str = "\
frameworks:
  - id: act-2026
    title: Example Act
    edition: \"2026\"
    status: partly-in-force
    enacted: 2026-04-29
    in_force_from: 2026-06-29
    nations: [england, wales]
    source: https://www.legislation.gov.uk/ukpga/2026/1
    last_checked: 2026-12-07
    provisions:
      - id: duty-to-report
        title: Duty to report child sexual abuse
        section: Part 5, Chapter 2
        commencement: not yet
        nations: [england]
      - id: images
        title: Taking intimate images
        section: 66
        commencement: 2026-06-29
  - id: guide-2026
    title: Guide
    edition: \"2026\"
    status: consulted
    consultation: { opened: 2026-02-12, closed: 2026-04-22, expected: 2026-09-01 }
    nations: [wales]
    equivalent: { england: act-2026 }
    last_checked: 2026-12-07
";

#[test]
fn provisions_nations_status_and_sources_are_read() {
    let (f, ds) = Frameworks::parse(LAW, Path::new(FILE)).unwrap();
    assert!(ds.is_empty(), "{ds:?}");
    let act = &f.list[0];
    assert_eq!(act.status, Some(Status::PartlyInForce));
    assert_eq!(act.nations, [Nation::England, Nation::Wales]);
    assert_eq!(
        act.url.as_deref(),
        Some("https://www.legislation.gov.uk/ukpga/2026/1")
    );
    let (i, p) = f.resolve("act-2026/duty-to-report").unwrap();
    let p = p.unwrap();
    assert_eq!(i, 0);
    assert_eq!(
        p.commencement,
        super::super::framework_law::Commencement::NotYet
    );
    assert_eq!(p.nations, [Nation::England]);
    assert_eq!(p.section.as_deref(), Some("Part 5, Chapter 2"));
    assert_eq!(act.provisions[1].section.as_deref(), Some("66"));
    assert!(act.provisions[1].commencement.in_force(d("2026-06-29")));
    assert!(!act.provisions[1].commencement.in_force(d("2026-06-28")));
    assert!(f.resolve("act-2026/nope").is_none());
    let guide = &f.list[1];
    assert_eq!(
        f.state(1, d("2026-12-07")),
        State::NotYetInForce { from: None }
    );
    assert_eq!(
        guide.equivalent.get(&Nation::England).map(String::as_str),
        Some("act-2026")
    );
    assert!(!guide.applies_in(Nation::England) && guide.applies_in(Nation::Wales));
}

#[test]
fn a_bad_commencement_or_nation_leaves_out_only_its_entry_at_its_line() {
    let text = LAW
        .replace("commencement: not yet", "commencement: soon")
        .replace("nations: [wales]", "nations: [walse]");
    let (f, ds) = Frameworks::parse(&text, Path::new(FILE)).unwrap();
    let got: Vec<(usize, bool)> = ds
        .iter()
        .map(|d| {
            (
                d.line,
                d.message.contains("soon") || d.message.contains("walse"),
            )
        })
        .collect();
    assert_eq!(got, [(15, true), (26, true)], "{ds:?}");
    assert!(
        ds[0].help.as_deref().unwrap_or("").contains("not yet"),
        "{ds:?}"
    );
    assert!(f.list.is_empty());

    let text = LAW.replace("commencement: not yet", "commencement: 2026-13-01");
    let (f, ds) = Frameworks::parse(&text, Path::new(FILE)).unwrap();
    assert_eq!(ds.len(), 1, "{ds:?}");
    assert_eq!(ds[0].line, 15);
    assert_eq!(f.list.len(), 1, "the other entry is kept");
}

#[test]
fn status_and_dates_that_contradict_are_errors_at_their_key() {
    let cases = [
        // A consultation cannot be in force yet.
        (
            "status: consulted\n",
            "status: consulted\n    in_force_from: 2026-09-01\n",
            25,
            "only consulted",
        ),
        (
            "equivalent: { england: act-2026 }",
            "equivalent: { england: act-2099 }",
            27,
            "act-2099",
        ),
        (
            "status: partly-in-force",
            "status: in-force",
            5,
            "has not commenced",
        ),
    ];
    for (from, to, line, words) in cases {
        let text = LAW.replacen(from, to, 1);
        let (_, ds) = Frameworks::parse(&text, Path::new(FILE)).unwrap();
        assert_eq!(ds.len(), 1, "{from}: {ds:?}");
        assert_eq!(ds[0].line, line, "{from}: {ds:?}");
        assert!(ds[0].message.contains(words), "{from}: {ds:?}");
    }
    let text = "frameworks:\n  - id: a\n    title: A\n    edition: 1\n    status: partly-in-force\n    in_force_from: 2026-01-01\n";
    let (f, ds) = Frameworks::parse(text, Path::new(FILE)).unwrap();
    assert!(f.list.is_empty());
    assert_eq!(
        (ds[0].line, ds[0].message.contains("lists no provisions")),
        (5, true),
        "{ds:?}"
    );
}
