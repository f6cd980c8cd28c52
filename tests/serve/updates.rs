//! How an update runs: which tab reloads when, a save in several steps, problems reported as a
//! full build reports them, and a content folder deleted and made again.

use super::*;

/// A title edit on a page its section, a tag page and the feed list: the page is written and its
/// tab told first, each listing's tab when that listing is written (so a tab never reloads into a
/// stale listing), tabs of pages the edit does not reach not at all, and the folder ends as a full
/// build's. When the rest of an update fails, the page written first is put back.
#[test]
fn the_edited_page_reloads_first_and_each_listing_when_written() {
    let site = common::fixture("good");
    let root = site.path();
    let s = serve(root);
    settles_as_full_build(root, &s.addr, "the first build");
    let page = events_of(&s.addr, "parents/gaming/index.html");
    let section = events_of(&s.addr, "parents/index.html");
    let tag = events_of(&s.addr, "tags/chat/index.html");
    let untouched = events_of(&s.addr, "kids/index.html");
    let everything = events(&s.addr);

    edit(
        root,
        "content/parents/gaming.md",
        "title: Gaming safely\n",
        "title: Zq first\n",
    );
    // Each fetch right after its event, without waiting: the file was written before it.
    let g = page.next_reload();
    assert!(get(&s.addr, "/parents/gaming/").body.contains("Zq first"));
    assert_eq!(
        section.next_reload(),
        g + 1,
        "the listings are announced after the page"
    );
    assert!(get(&s.addr, "/parents/").body.contains("Zq first"));
    assert_eq!(tag.next_reload(), g + 1);
    assert!(get(&s.addr, "/tags/chat/").body.contains("Zq first"));
    // A tab that names no file reloads at both.
    assert_eq!(everything.next_reload(), g);
    assert_eq!(everything.next_reload(), g + 1);
    settles_as_full_build(root, &s.addr, "a title edit");
    assert!(common::read(root, ".safeguide-serve/atom.xml").contains("Zq first"));

    // A body edit to the kids' landing page: the first reload its tab gets is this one's, and the
    // gaming page's tab skips it.
    edit(
        root,
        "content/kids/_index.md",
        "\n---\n",
        "\n---\nZq kids.\n",
    );
    let k = untouched.next_reload();
    assert!(
        k > g + 1,
        "the kids' page did not reload for the title edit"
    );
    assert!(get(&s.addr, "/kids/").body.contains("Zq kids."));
    edit(
        root,
        "content/parents/gaming.md",
        "Games are fun.",
        "Games are zq fun.",
    );
    assert_eq!(
        page.next_reload(),
        k + 1,
        "the gaming page skipped the others"
    );
    settles_as_full_build(root, &s.addr, "two body edits");

    // Removing the heading gaming.md links to: the tips page is written first, then gaming.md
    // fails to render; the tips page is put back under the error's overlay.
    let before = get(&s.addr, "/parents/tips/").body;
    assert!(before.contains("id=tip-list"));
    edit(
        root,
        "content/parents/tips.md",
        "## Tip list\n",
        "## Zq list\n",
    );
    untouched.next_reload();
    let after = get(&s.addr, "/parents/tips/").body;
    assert!(after.contains("safeguide-error"), "the overlay");
    assert!(after.contains("id=tip-list") && !after.contains("Zq list"));
    edit(
        root,
        "content/parents/tips.md",
        "## Zq list\n",
        "## Tip list\n",
    );
    settles_as_full_build(root, &s.addr, "the fix");
}

/// The lines serve printed since the last call, waiting until it printed one containing `until`.
fn printed_until(s: &Serve, until: &str) -> Vec<String> {
    let start = Instant::now();
    let mut lines = Vec::new();
    loop {
        let line = s
            .stdout
            .recv_timeout(DEADLINE.saturating_sub(start.elapsed()))
            .unwrap_or_else(|_| panic!("serve printed no `{until}`: {lines:?}"));
        let done = line.contains(until);
        lines.push(line);
        if done {
            return lines;
        }
    }
}

#[test]
fn a_save_in_several_steps_makes_one_update_of_the_whole_file() {
    let site = common::fixture("good");
    let root = site.path();
    let s = serve(root);
    let ev = events(&s.addr);
    settles_as_full_build(root, &s.addr, "the first build");
    let page = root.join("content/parents/gaming.md");
    let original = common::read(root, "content/parents/gaming.md");
    // After a save: one update of the pages (not a full build, nor an error on the way).
    let one_update = |after: &str| {
        ev.wait_for("event: reload");
        let lines = printed_until(&s, "files in ");
        let bad = ["did not build", "built the site"];
        assert!(
            !lines.iter().any(|l| bad.iter().any(|b| l.contains(b))),
            "after {after}: {lines:?}"
        );
        let updates = lines
            .iter()
            .filter(|l| l.contains("updated: ") && l.contains(" files in "));
        assert_eq!(updates.count(), 1, "after {after}: {lines:?}");
        settles_as_full_build(root, &s.addr, after);
    };

    // Truncated, then written in two parts, the first ending inside the front matter (which
    // does not parse), then closed: one update, of the whole text, and no error.
    let text = original.replacen("title: Gaming safely", "title: Zq in two parts", 1);
    let (head, tail) = text.split_at(text.find("tags:").unwrap());
    {
        let mut f = std::fs::File::create(&page).unwrap();
        f.write_all(head.as_bytes()).unwrap();
        f.flush().unwrap();
        f.write_all(tail.as_bytes()).unwrap();
    }
    one_update("a save in two writes");
    assert!(get(&s.addr, "/parents/").body.contains("Zq in two parts"));

    // A safe write: the new text in a temporary file, the page moved away, the new file moved
    // in, the old one deleted. The page is missing for a moment, which a full build would
    // follow; it is read once back in place.
    let tmp = root.join("content/parents/gaming.md.zqtmp");
    let old = root.join("content/parents/gaming.md.zqold");
    std::fs::write(
        &tmp,
        original.replacen("title: Gaming safely", "title: Zq safely written", 1),
    )
    .unwrap();
    std::fs::rename(&page, &old).unwrap();
    std::fs::rename(&tmp, &page).unwrap();
    std::fs::remove_file(&old).unwrap();
    one_update("a safe write");
    assert!(get(&s.addr, "/parents/").body.contains("Zq safely written"));
}

/// What serve reported for its next update: whether it built, and the problems it printed.
fn next_update_findings(s: &Serve) -> (bool, Vec<String>) {
    let start = Instant::now();
    let mut errs = Vec::new();
    let built = loop {
        assert!(
            start.elapsed() < DEADLINE,
            "serve reported no update; it printed:\n{}",
            errs.join("\n")
        );
        if let Ok(line) = s.stdout.try_recv() {
            if line.contains("updated: ") || line.contains("built the site: ") {
                break true;
            }
        }
        match s.stderr.try_recv() {
            Ok(line) if line.contains("the site did not build") => break false,
            Ok(line) => errs.push(line),
            Err(_) => std::thread::sleep(Duration::from_millis(20)),
        }
    };
    // Warnings go to stderr before the summary goes to stdout: take what is still in the pipe.
    std::thread::sleep(Duration::from_millis(300));
    errs.extend(s.stderr.try_iter());
    (built, common::problems(&errs.join("\n")))
}

/// Whether a full build of `root` succeeds, and the problems it prints.
fn build_findings(root: &Path) -> (bool, Vec<String>) {
    let out = tempfile::tempdir().expect("temp dir");
    let dest = out.path().join("built");
    let o = common::run(root, &["build", "--output", dest.to_str().unwrap()]);
    (o.status.success(), common::problems(&common::stderr(&o)))
}

/// Serve's update after an edit reports what a full build of the same files reports: the same
/// outcome and the same problems at the same places.
fn reports_as_build(s: &Serve, root: &Path, after: &str) -> Vec<String> {
    let served = next_update_findings(s);
    let built = build_findings(root);
    assert_eq!(
        served, built,
        "after {after}, serve reported (built, findings) on the left, a full build on the right"
    );
    built.1
}

#[test]
fn a_renamed_heading_breaks_a_percent_encoded_link_in_serve_as_in_a_build() {
    let site = common::fixture("good");
    let root = site.path();
    common::write(
        root,
        "content/parents/screen time.md",
        "---\ntitle: Screen time\nsummary: Agreeing limits.\n---\n## Agree the limits\n\nTalk first.\n",
    );
    // The link names the file percent-encoded, as a file name with a space must be written.
    edit(
        root,
        "content/parents/tips.md",
        "2. **Set limits.** Agree times.",
        "2. **Set limits.** Agree times.\n3. **Plan.** [Agree them](screen%20time.md#agree-the-limits).",
    );
    let s = serve(root);
    settles_as_full_build(root, &s.addr, "the first build");

    edit(
        root,
        "content/parents/screen time.md",
        "## Agree the limits",
        "## Agree the rules",
    );
    let found = reports_as_build(&s, root, "renaming the linked heading");
    assert!(
        found.iter().any(|f| f.starts_with("error")
            && f.contains("#agree-the-limits")
            && f.contains("tips.md:13:")),
        "a build reports the broken anchor at tips.md: {found:?}"
    );

    edit(
        root,
        "content/parents/screen time.md",
        "## Agree the rules",
        "## Agree the limits",
    );
    let found = reports_as_build(&s, root, "naming the heading back");
    assert!(
        found.iter().all(|f| !f.starts_with("error")),
        "no error once fixed: {found:?}"
    );
    settles_as_full_build(root, &s.addr, "the fix");
}

/// `content/` deleted and made again (a checkout, a restore from backup) is a new folder: serve
/// watches it from then on, so later edits are still rebuilt.
#[test]
fn content_deleted_and_made_again_is_still_watched() {
    let site = common::fixture("good");
    let root = site.path();
    let s = serve(root);
    let url = "/parents/gaming/";
    assert_eq!(get(&s.addr, url).status, 200);
    let away = tempfile::tempdir().expect("temp dir");
    common::copy_dir(&root.join("content"), away.path());
    std::fs::remove_dir_all(root.join("content")).expect("delete content/");
    // Time for serve to see the folder go (a site without pages may fail to build: the last good
    // pages stay served meanwhile).
    std::thread::sleep(Duration::from_millis(1500));
    common::copy_dir(away.path(), &root.join("content"));
    let page = "content/parents/gaming.md";
    let text = std::fs::read_to_string(root.join(page)).expect("page");
    common::write(
        root,
        page,
        &format!("{text}\nEdited after, zq-marker-recreated.\n"),
    );
    eventually("the edit in the recreated folder", || {
        get(&s.addr, url).body.contains("zq-marker-recreated")
    });
}
