//! Tests of context.rs (beside it, to keep that file small).

#[test]
fn css_strings_cannot_end_the_string_or_the_style_element() {
    let s = super::css_string_body("A \"quote\" \\ </style><script>\nx");
    assert!(!s.contains("</") && !s.contains('\n'), "{s}");
    assert_eq!(s, "A \\\"quote\\\" \\\\ \\3C /style\\3E \\3C script\\3E  x");
}

#[test]
fn glossary_reads_a_to_z_whatever_the_case_with_numbers_first() {
    let term = |t: &str| super::Term {
        term: t.into(),
        id: format!("term-{t}"),
        definition: String::new(),
        url: String::new(),
        lang: None,
    };
    let terms: Vec<_> = [
        "sexting", "VPN", "2FA", "Avatar", "app", "Zoom", "4chan", "block",
    ]
    .into_iter()
    .map(term)
    .collect();
    let cx = super::glossary_cx(&terms);
    let order: Vec<(&str, &str)> = cx
        .iter()
        .map(|t| (t.letter.as_str(), t.term.as_str()))
        .collect();
    assert_eq!(
        order,
        [
            ("0–9", "2FA"),
            ("0–9", "4chan"),
            ("A", "app"),
            ("A", "Avatar"),
            ("B", "block"),
            ("S", "sexting"),
            ("V", "VPN"),
            ("Z", "Zoom"),
        ]
    );
}

#[test]
fn single_card_groups_fold_into_more() {
    let page = |kind: &'static str| super::PageRef {
        title: kind.into(),
        url: format!("/{kind}/"),
        summary: None,
        kind,
        audiences: Vec::new(),
        updated: None,
        updated_long: None,
    };
    let group = |kind: &'static str, n: usize| super::KindGroup {
        kind,
        name: kind.into(),
        pages: (0..n).map(|_| page(kind)).collect(),
    };
    let (many, more) =
        super::fold_single_groups(vec![group("guide", 3), group("tips", 1), group("aup", 1)]);
    assert_eq!(many.len(), 1);
    assert_eq!(many[0].kind, "guide");
    let kinds: Vec<_> = more.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, ["tips", "aup"]);
}
