//! The slide deck of a pack (`/packs/<id>/present/`) in headless Chromium: keys move the slides,
//! a presenter view in a second tab follows the audience window and shows the current slide's
//! notes, and both views pass axe-core.

mod common;

use common::{axe_violations, eval, open, wait_for};

use std::time::Duration;

use headless_chrome::Tab;

const VISIBLE: &str = "document.querySelector('.slide:not([hidden])')";

fn visible_slide(tab: &Tab) -> String {
    eval(tab, &format!("{VISIBLE}.id"))
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[cfg_attr(
    no_chromium,
    ignore = "needs Chromium: apt-get install chromium (in CI a missing browser fails)"
)]
#[test]
fn slides_move_with_the_keys_and_the_presenter_view_follows_with_notes() {
    let Some((browser, _profile)) = common::browser() else {
        return;
    };
    let site = common::bundled_site();
    let out = tempfile::tempdir().expect("out");
    common::build_ok(site.path(), &["--output", &out.path().to_string_lossy()]);
    let origin = common::serve_dir(out.path());
    let url = format!("{origin}/packs/staff-awareness/present/");
    // The pack's page links the deck.
    let page = common::read(out.path(), "packs/staff-awareness/index.html");
    assert!(page.contains("/packs/staff-awareness/present/"), "{page}");

    let audience = browser.new_tab().expect("tab");
    audience.set_default_timeout(Duration::from_secs(30));
    open(&audience, &url);
    assert_eq!(visible_slide(&audience), "slide-0");
    // One slide at a time; its notes are not shown to the room.
    assert_eq!(
        eval(
            &audience,
            "document.querySelectorAll('.slide:not([hidden])').length"
        ),
        1
    );
    assert_eq!(
        eval(
            &audience,
            &format!("getComputedStyle({VISIBLE}.querySelector('.notes')).display")
        ),
        "none"
    );
    let violations = axe_violations(&audience);
    assert!(violations.is_empty(), "audience view: {violations:#?}");

    audience.press_key("ArrowRight").expect("key");
    audience.press_key("PageDown").expect("key");
    wait_for(&audience, &format!("{VISIBLE}.id === 'slide-2'"), "slide 2");
    audience.press_key("ArrowLeft").expect("key");
    wait_for(
        &audience,
        &format!("{VISIBLE}.id === 'slide-1'"),
        "back to slide 1",
    );
    audience.press_key("ArrowRight").expect("key");
    wait_for(
        &audience,
        &format!("{VISIBLE}.id === 'slide-2'"),
        "slide 2 again",
    );
    // The script is in the notes, not on the slide.
    let slide_text = eval(
        &audience,
        &format!("{VISIBLE}.querySelector('.slide-body').innerText"),
    );
    let slide_text = slide_text.as_str().unwrap_or_default();
    assert!(slide_text.contains("Then and now"), "{slide_text}");
    assert!(!slide_text.contains("Take a few answers"), "{slide_text}");

    // The presenter view, opened in a second tab, starts on the audience's slide.
    let presenter = browser.new_tab().expect("tab");
    presenter.set_default_timeout(Duration::from_secs(30));
    open(&presenter, &format!("{url}#presenter"));
    wait_for(
        &presenter,
        &format!("{VISIBLE}.id === 'slide-2'"),
        "presenter on slide 2",
    );
    let notes = |tab: &Tab| {
        eval(tab, &format!("{VISIBLE}.querySelector('.notes').innerText"))
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let n = notes(&presenter);
    assert!(
        n.contains("Take a few answers") && n.contains("10 minutes"),
        "{n}"
    );
    assert!(
        eval(
            &presenter,
            "document.querySelector('.clock').textContent.length > 0"
        ) == true,
        "no clock"
    );
    // Moving the audience window moves the presenter's, to the next slide's notes.
    audience.activate().expect("activate");
    audience.press_key("ArrowRight").expect("key");
    wait_for(
        &presenter,
        &format!("{VISIBLE}.id === 'slide-3'"),
        "presenter follows",
    );
    let n = notes(&presenter);
    assert!(n.contains("Explain the 4Cs"), "{n}");
    // And the other way round.
    presenter.activate().expect("activate");
    presenter.press_key("ArrowRight").expect("key");
    wait_for(
        &audience,
        &format!("{VISIBLE}.id === 'slide-4'"),
        "audience follows",
    );
    let violations = axe_violations(&presenter);
    assert!(violations.is_empty(), "presenter view: {violations:#?}");
}
