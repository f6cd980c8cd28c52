//! Every slide of every bundled deck fits the projector (issue #33): at 16:9 and 16:10 from
//! 1280x720 to 1920x1080, nothing overflows the slide, body text stays at or above the readable
//! minimum (24 px at 1280x720), and no control's box overlaps any text, even with the controls
//! shown. On a branded site the title slide carries the logo and the brand colour; the presenter
//! view's clock is 24-hour on an en-GB site; printing gives one whole slide to a page; each
//! training module page links its pack's files.

mod common;

use common::{eval, eval_str, open, wait_for};

use std::path::Path;
use std::time::Duration;

/// The bundled site with a logo and a brand colour.
fn branded_site() -> tempfile::TempDir {
    let site = common::bundled_site();
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).expect("site.yaml");
    common::write(
        site.path(),
        "site.yaml",
        &format!("{yaml}\nbrand:\n  logo: static/northshire-logo.svg\n  colour: \"#6b2c91\"\n"),
    );
    common::write(
        site.path(),
        "static/northshire-logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 300 80\" width=\"300\" height=\"80\"><rect width=\"300\" height=\"80\" fill=\"#6b2c91\"/><text x=\"20\" y=\"52\" font-size=\"36\" fill=\"#fff\">Northshire</text></svg>",
    );
    site
}

fn decks(out: &Path) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(out.join("packs"))
        .expect("packs")
        .filter_map(|e| {
            let e = e.ok()?;
            e.path()
                .join("present/index.html")
                .exists()
                .then(|| e.file_name().to_string_lossy().into_owned())
        })
        .collect();
    ids.sort();
    ids
}

/// Walks every slide with the keys (controls shown, as when the mouse moves) and returns what
/// does not fit: overflow, text below the minimum size, text under a control or off the screen.
const CHECK_SLIDES: &str = r#"(() => {
  const out = [];
  const slides = [...document.querySelectorAll('.slide')];
  document.body.classList.add('controls-shown');
  const key = k => document.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
  const least = Math.min(innerHeight * 0.0334, innerWidth * 0.01875) - 0.5;
  const controls = [...document.querySelectorAll('.deck-controls, .deck-controls *')]
    .map(e => e.getBoundingClientRect()).filter(r => r.width > 0 && r.height > 0);
  const meet = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  key('Home');
  for (let i = 0; i < slides.length; i++) {
    const s = slides.filter(x => !x.hidden);
    if (s.length !== 1 || s[0] !== slides[i]) { out.push('slide ' + i + ' not shown alone'); key('ArrowRight'); continue; }
    const slide = s[0];
    const name = slide.id + ' (' + slide.getAttribute('data-title') + ')';
    if (slide.scrollHeight > slide.clientHeight) out.push(name + ': scrollHeight ' + slide.scrollHeight + ' > clientHeight ' + slide.clientHeight);
    for (const el of slide.querySelectorAll('.slide-body p:not(.callout-title), .slide-body li, .slide-body h1, .slide-body h2, .slide-body h3')) {
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < least) { out.push(name + ': text at ' + size.toFixed(1) + ' px (least ' + least.toFixed(1) + '): ' + el.textContent.slice(0, 40)); break; }
    }
    const walker = document.createTreeWalker(slide.querySelector('.slide-body') || slide, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const n = walker.currentNode;
      if (!n.textContent.trim() || n.parentElement.closest('.notes')) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      for (const r of range.getClientRects()) {
        if (r.width === 0) continue;
        if (controls.some(c => meet(r, c))) out.push(name + ': a control covers "' + n.textContent.trim().slice(0, 30) + '"');
        if (r.bottom > innerHeight + 0.5 || r.right > innerWidth + 0.5) out.push(name + ': "' + n.textContent.trim().slice(0, 30) + '" is off the screen');
      }
    }
    key('ArrowRight');
  }
  return JSON.stringify(out);
})()"#;

#[cfg_attr(
    no_chromium,
    ignore = "needs Chromium: apt-get install chromium (in CI a missing browser fails)"
)]
#[test]
fn every_slide_of_every_bundled_deck_fits_the_screen_with_the_brand_on_the_title() {
    let Some((browser, _profile)) = common::browser() else {
        return;
    };
    let site = branded_site();
    let out = tempfile::tempdir().expect("out");
    common::build_ok(site.path(), &["--output", &out.path().to_string_lossy()]);
    let origin = common::serve_dir(out.path());
    let ids = decks(out.path());
    assert_eq!(ids.len(), 3, "{ids:?}");
    let tab = browser.new_tab().expect("tab");
    tab.set_default_timeout(Duration::from_secs(60));
    let mut problems = Vec::new();
    for (w, h) in [(1280, 720), (1280, 800), (1920, 1080)] {
        common::set_viewport(&tab, w, h);
        for id in &ids {
            open(&tab, &format!("{origin}/packs/{id}/present/"));
            let found: Vec<String> =
                serde_json::from_str(&eval_str(&tab, CHECK_SLIDES)).expect("json");
            problems.extend(found.into_iter().map(|p| format!("{id} at {w}x{h}: {p}")));
            if (w, h) != (1280, 800) {
                // For people to look at: the first slide after the title, and the last.
                for (n, which) in [(1, "first"), (usize::MAX, "last")] {
                    let key = if n == 1 { "ArrowRight" } else { "End" };
                    tab.press_key("Home").expect("key");
                    tab.press_key(key).expect("key");
                    let png = tab
                        .capture_screenshot(
                            headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption::Png,
                            None,
                            None,
                            true,
                        )
                        .expect("screenshot");
                    std::fs::write(
                        common::screenshot_dir().join(format!("slides-{id}-{which}-{w}x{h}.png")),
                        png,
                    )
                    .expect("write screenshot");
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // The title slide: the logo (loaded), the partnership, the session and its date, in the brand.
    common::set_viewport(&tab, 1280, 720);
    open(&tab, &format!("{origin}/packs/staff-awareness/present/"));
    assert_eq!(
        eval(
            &tab,
            "(() => { const i = document.querySelector('#slide-0 img.deck-logo'); return !!i && i.complete && i.naturalWidth > 0 && i.getBoundingClientRect().height > 0; })()"
        ),
        true,
        "no logo on the title slide"
    );
    let title = eval_str(&tab, "document.querySelector('#slide-0').innerText");
    for text in [
        "Anytown Safeguarding Children Partnership",
        "Online safety for all staff",
    ] {
        assert!(
            title.contains(text),
            "{text} not on the title slide: {title}"
        );
    }
    assert!(
        eval_str(&tab, "document.querySelector('.deck-date').textContent")
            .chars()
            .any(|c| c.is_ascii_digit()),
        "no date on the title slide"
    );
    let purple = "rgb(107, 44, 145)";
    for sel in ["#slide-0 h1", ".deck-progress span"] {
        let colour = eval_str(
            &tab,
            &format!(
                "(() => {{ const s = getComputedStyle(document.querySelector('{sel}')); return s.backgroundColor === 'rgba(0, 0, 0, 0)' ? s.color : s.backgroundColor; }})()"
            ),
        );
        assert_eq!(colour, purple, "{sel} is not in the brand colour");
    }
    tab.press_key("ArrowRight").expect("key");
    assert_eq!(
        eval_str(
            &tab,
            "getComputedStyle(document.querySelector('.slide:not([hidden]) h2')).color"
        ),
        purple
    );
    // Controls are out of sight until the mouse moves, and a click on the slide moves on.
    assert_eq!(
        eval_str(
            &tab,
            "getComputedStyle(document.querySelector('.deck-controls')).opacity"
        ),
        "0"
    );
    eval(
        &tab,
        "document.querySelector('.slide:not([hidden]) .slide-body').click()",
    );
    wait_for(
        &tab,
        "document.querySelector('.slide:not([hidden])').id === 'slide-2'",
        "click moves on",
    );

    // The presenter view's clock: 24-hour on an en-GB site; facilitator notes keep their box.
    let tab = browser.new_tab().expect("tab");
    tab.set_default_timeout(Duration::from_secs(60));
    open(
        &tab,
        &format!("{origin}/packs/staff-awareness/present/#presenter"),
    );
    wait_for(
        &tab,
        "document.querySelector('.clock').textContent.length > 0",
        "clock",
    );
    let clock = eval_str(&tab, "document.querySelector('.clock').textContent");
    assert!(
        clock.len() == 5 && clock.as_bytes()[2] == b':' && !clock.contains('M'),
        "clock {clock:?} is not 24-hour"
    );
    tab.press_key("Home").expect("key");
    tab.press_key("ArrowRight").expect("key");
    let border = eval_str(
        &tab,
        "(() => { const c = document.querySelector('.slide:not([hidden]) .notes .callout-facilitator'); return c ? getComputedStyle(c).borderLeftStyle + ' ' + getComputedStyle(c.querySelector('.callout-title')).textTransform : 'none'; })()",
    );
    assert_eq!(
        border, "solid uppercase",
        "facilitator note unstyled in the notes"
    );

    // The training module's page links the pack, its editions, the slides, PowerPoint and records.
    let module = common::read(out.path(), "training/staff-awareness/index.html");
    for link in [
        "/packs/staff-awareness/",
        "/packs/staff-awareness/facilitator/",
        "/packs/staff-awareness/participant/",
        "/packs/staff-awareness/present/",
        "/packs/staff-awareness/staff-awareness.pptx",
        "/packs/staff-awareness/register/",
        "/packs/staff-awareness/evaluation/",
        "/packs/staff-awareness/certificate/",
    ] {
        assert!(
            module.contains(&format!("href=\"{link}\""))
                || module.contains(&format!("href={link}")),
            "{link} not linked from the module page"
        );
    }
}

#[cfg_attr(
    no_chromium,
    ignore = "needs Chromium: apt-get install chromium (in CI a missing browser fails)"
)]
#[test]
fn a_printed_deck_has_one_whole_slide_to_a_page() {
    let Some(chromium) = common::chromium_path() else {
        assert!(
            std::env::var("CI").map_or(true, |v| v != "true"),
            "Chromium is required in CI"
        );
        return;
    };
    let site = common::bundled_site();
    let out = tempfile::tempdir().expect("out");
    common::build_ok(site.path(), &["--output", &out.path().to_string_lossy()]);
    let html = out.path().join("packs/parents-evening/present/index.html");
    let slides = std::fs::read_to_string(&html)
        .expect("deck")
        .matches("<section ")
        .count();
    let pdf = out.path().join("deck.pdf");
    let profile = tempfile::tempdir().expect("profile");
    let status = std::process::Command::new(chromium)
        .arg("--headless")
        .args(safeguide::BROWSER_FLAGS)
        .arg("--no-pdf-header-footer")
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("run chromium");
    assert!(status.success());
    let Ok(info) = std::process::Command::new("pdfinfo").arg(&pdf).output() else {
        assert!(
            std::env::var("CI").map_or(true, |v| v != "true"),
            "pdfinfo is required in CI"
        );
        return;
    };
    let info = String::from_utf8_lossy(&info.stdout).to_string();
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count");
    assert_eq!(pages, slides, "{info}");
    let size = info
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .expect("page size");
    let dims: Vec<f64> = size
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert!(
        dims.len() >= 2 && (dims[0] - 842.0).abs() < 1.5 && (dims[1] - 595.0).abs() < 1.5,
        "not landscape A4: {size}"
    );
    // Each page holds its slide's heading: no slide was cut off onto the next page.
    let text = std::process::Command::new("pdftotext")
        .args(["-layout", &pdf.to_string_lossy(), "-"])
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout).to_string();
    let pages_text: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(pages_text.len(), slides, "{text}");
}
