//! `safeguide serve`: build the site, serve it on loopback, rebuild when a source changes and
//! reload the open pages.
//!
//! The parts: [`server`] speaks HTTP, within bounds no client can break; [`http`] answers requests
//! from the output folder; [`watch`] turns file events
//! into changes; [`builder`] rebuilds (the engine run against the last run's record);
//! [`livereload`] tells the pages, and lays the error overlay over them while a build error stands.

pub mod builder;
pub mod http;
pub mod livereload;
pub mod server;
pub mod watch;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::diagnostics::Failure;
use crate::pipeline::BuildOptions;
use crate::write::output::{check_target, MARKER};

/// The output folder when no --output is given: inside the site, hidden, and removed on exit.
pub const DEFAULT_OUTPUT: &str = ".safeguide-serve";

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub drafts: bool,
    pub output: Option<PathBuf>,
}

/// What the rebuild loop waits for.
pub enum Msg {
    /// An event's paths, each with whether it leaves the file complete ([`watch::touched`]).
    Changed(Vec<(PathBuf, bool)>),
    Quit,
}

/// The site folder and the output folder `serve` writes, both checked.
fn folders(opts: &ServeOptions) -> Result<(PathBuf, PathBuf), Failure> {
    let root = opts.root.canonicalize().map_err(|e| {
        Failure::Usage(format!(
            "cannot open the site folder {}: {e}",
            opts.root.display()
        ))
    })?;
    if !root.join("site.yaml").is_file() {
        return Err(Failure::Usage(format!(
            "{} has no site.yaml: run serve in a site folder, or give --root",
            root.display()
        )));
    }
    let output = match &opts.output {
        Some(o) => canonical_dest(o)?,
        None => root.join(DEFAULT_OUTPUT),
    };
    crate::write::output::check_outside_sources(&root, &output)?;
    check_target(&output)?;
    Ok((root, output))
}

/// One batch of changed paths: `first` and everything that comes until the events pause.
/// `None` when Ctrl-C came meanwhile.
fn batch_from(
    rx: &mpsc::Receiver<Msg>,
    first: Vec<(PathBuf, bool)>,
    feeds_site: impl Fn(&Path) -> bool + Copy,
) -> Option<Vec<PathBuf>> {
    let mut batch = watch::Batch::new(Instant::now());
    batch.add(first, Instant::now(), feeds_site);
    loop {
        let wait = batch.deadline().saturating_duration_since(Instant::now());
        match rx.recv_timeout(wait) {
            Ok(Msg::Changed(t)) => batch.add(t, Instant::now(), feeds_site),
            Ok(Msg::Quit) => return None,
            Err(_) => return Some(batch.paths),
        }
    }
}

/// The folders watched: the site's (each with its identity, to see it replaced) and its bases'.
type Watching = (
    notify::RecommendedWatcher,
    Vec<PathBuf>,
    Vec<(PathBuf, Option<FolderId>)>,
);

/// The first Ctrl-C stops after the rebuild under way; a second one stops at once.
fn on_ctrl_c(quit: mpsc::Sender<Msg>) -> Result<(), Failure> {
    let asked = std::sync::atomic::AtomicBool::new(false);
    ctrlc::set_handler(move || {
        if asked.swap(true, std::sync::atomic::Ordering::SeqCst) {
            std::process::exit(130);
        }
        let _ = quit.send(Msg::Quit);
    })
    .map_err(|e| Failure::Usage(format!("cannot catch Ctrl-C: {e}")))
}

/// Starts watching the site at `root` and the base folders its site.yaml names.
fn watch_site(root: &Path, tx: mpsc::Sender<Msg>) -> Result<Watching, Failure> {
    let mut watcher = watch::start(root, tx)
        .map_err(|e| Failure::Usage(format!("cannot watch {}: {e}", root.display())))?;
    // A base folder's files feed the site as well (base: ../national-pack).
    let bases = watch::base_folders(root);
    watch::watch_bases(&mut watcher, &bases);
    let watched = watch::WATCHED
        .iter()
        .map(|d| root.join(d))
        .filter(|p| p.is_dir())
        .map(|p| {
            let id = folder_id(&p);
            (p, id)
        })
        .collect();
    Ok((watcher, bases, watched))
}

pub fn run(opts: ServeOptions) -> Result<(), Failure> {
    let (root, output) = folders(&opts)?;
    let listener = server::Server::bind(&opts.bind, opts.port).map_err(|e| {
        Failure::Usage(format!(
            "cannot listen on {}:{}: {e}. Is another server using that port? Choose another with --port",
            opts.bind, opts.port
        ))
    })?;
    let url = format!("http://{}/", listener.addr());

    let build_opts = BuildOptions {
        root: root.clone(),
        output: Some(output.clone()),
        drafts: opts.drafts,
        // Links and feeds point at this server.
        base_url: Some(url.clone()),
        offline: false,
        pdf: false,
    };
    let mut builder = builder::Builder::new(build_opts);
    let ctx = Arc::new(http::Ctx {
        out_dir: output.clone(),
        swap: RwLock::new(()),
        hub: livereload::Hub::default(),
    });

    let (tx, rx) = mpsc::channel();
    on_ctrl_c(tx.clone())?;
    let (mut watcher, mut bases, mut watched) = watch_site(&root, tx)?;

    eprintln!("Building {} ...", root.display());
    let started = Instant::now();
    let result = builder.full(&ctx.swap);
    report(&result, &ctx, started.elapsed(), "");

    let handler: server::Handler = {
        let ctx = Arc::clone(&ctx);
        Arc::new(move |req: &server::Request| http::handle(req, &ctx))
    };
    let server = listener
        .start(handler, server::Limits::default())
        .map_err(|e| Failure::Usage(format!("cannot start the server: {e}")))?;
    println!("Serving {} at {url}", root.display());
    println!("Press Ctrl-C to stop.");

    // An update leaves the search index to catch up once the saves pause for `SEARCH_QUIET`:
    // on a big site it writes a thousand files, which the next save would otherwise wait for.
    let mut search_due = false;
    // Events that came while a failed update waited to report (see below): the next batch's start.
    let mut carried = None;
    loop {
        let msg = if let Some(touched) = carried.take() {
            Msg::Changed(touched)
        } else if search_due {
            match rx.recv_timeout(SEARCH_QUIET) {
                Ok(m) => m,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    search_due = false;
                    catch_up_search(&mut builder, &ctx);
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        } else {
            match rx.recv() {
                Ok(m) => m,
                Err(_) => break,
            }
        };
        let Msg::Changed(touched) = msg else { break };
        // One batch: everything until the events pause (and whatever came during the last rebuild).
        let feeds_site =
            |p: &Path| watch::change_of(&root, &output, &bases, p) != watch::Change::Ignored;
        let Some(paths) = batch_from(&rx, touched, feeds_site) else {
            break;
        };
        let changes = watch::sort(&root, &output, &bases, &paths);
        if changes.is_empty() {
            continue;
        }
        let started = Instant::now();
        let early = |files| ctx.hub.publish_files(files);
        let result = builder.rebuild(&changes, &ctx.swap, &early);
        let took = started.elapsed();
        // A folder made since it was last watched (content/ deleted and made again) is watched
        // from now, whether or not this build passed (a copy still under way may fail it), and the
        // site is built once more for what was written in it before the watch began.
        if changes.contains(&watch::Change::Other) {
            let new = watch_new_folders(&root, &mut watcher, &mut watched);
            if !new.is_empty() {
                carried = Some(new.into_iter().map(|p| (p, true)).collect());
            }
        }
        if let Err(Failure::Content(_)) = &result {
            // A file read while its editor was still writing it may not parse; the rest of the
            // save follows at once. Only an error the saves then leave standing is shown.
            match next_change(&rx, watch::DEBOUNCE, feeds_site) {
                Next::Changed(t) => {
                    // This batch's files are read again with the new ones: an error in one the
                    // new events do not name still stands.
                    let new = carried.take().unwrap_or_default();
                    carried = Some(
                        paths
                            .into_iter()
                            .map(|p| (p, true))
                            .chain(t)
                            .chain(new)
                            .collect(),
                    );
                    continue;
                }
                Next::Quit => break,
                Next::Quiet => {}
            }
        }
        let what = describe(&changes);
        // The time the rebuild took, without the wait above.
        report(&result, &ctx, took, &what);
        if let Ok(d) = &result {
            search_due = !d.full;
            if d.full {
                // site.yaml may name another base now.
                let now = watch::base_folders(&root);
                if now != bases {
                    watch::watch_bases(&mut watcher, &now);
                    bases = now;
                }
            }
        }
    }

    server.stop();
    if opts.output.is_none() && output.join(MARKER).is_file() {
        // Our own cache folder, marked as ours: leave the site as we found it.
        let _g = ctx
            .swap
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        crate::write::output::remove_own(&output);
    }
    println!("Stopped.");
    Ok(())
}

enum Next {
    Changed(Vec<(PathBuf, bool)>),
    Quit,
    Quiet,
}

/// The next event naming a file that feeds the site, if one comes within `wait`.
fn next_change(
    rx: &mpsc::Receiver<Msg>,
    wait: Duration,
    feeds_site: impl Fn(&Path) -> bool,
) -> Next {
    let until = Instant::now() + wait;
    loop {
        match rx.recv_timeout(until.saturating_duration_since(Instant::now())) {
            Ok(Msg::Changed(t)) if t.iter().any(|(p, _)| feeds_site(p)) => return Next::Changed(t),
            Ok(Msg::Changed(_)) => {}
            Ok(Msg::Quit) => return Next::Quit,
            Err(_) => return Next::Quiet,
        }
    }
}

/// How long the saves must pause before the search index catches up with them.
const SEARCH_QUIET: Duration = Duration::from_millis(1000);

/// Brings the search index up to date, and tells the pages of anything else that changed.
fn catch_up_search(builder: &mut builder::Builder, ctx: &http::Ctx) {
    let started = Instant::now();
    match builder.catch_up() {
        None => {}
        Some(Ok(done)) => {
            println!(
                "search index caught up: {} files in {} ms",
                done.files,
                started.elapsed().as_millis()
            );
            if let Some(files) = done.changed.filter(|f| !f.is_empty()) {
                ctx.hub.publish_files(files);
            }
        }
        Some(Err(f)) => report(&Err(f), ctx, started.elapsed(), "search index: "),
    }
}

/// Prints a rebuild's outcome and tells the open pages.
fn report(result: &Result<builder::Done, Failure>, ctx: &http::Ctx, took: Duration, what: &str) {
    let ms = took.as_millis();
    match result {
        Ok(done) => {
            crate::check::governance::print_warnings(&done.warnings);
            let how = if done.full {
                "built the site"
            } else {
                "updated"
            };
            // Worded as `build` words its summary.
            println!(
                "{what}{how}: {} files in {ms} ms, {}",
                done.files,
                done.warnings.warnings_phrase()
            );
            match &done.changed {
                // Everything was announced as written (see `builder::Early`): no reload, unless
                // the overlay of an earlier error is to go.
                Some(files) if files.is_empty() && ctx.hub.status().error.is_none() => {}
                Some(files) => ctx.hub.publish_files(files.clone()),
                None => ctx.hub.publish(None),
            }
        }
        Err(f) => {
            let text = match f {
                Failure::Content(ds) => ds.render(),
                Failure::Usage(msg) => format!("error: {msg}\n"),
                Failure::Interrupted => format!("{}\n", Failure::INTERRUPTED),
            };
            match f {
                Failure::Content(ds) => crate::diagnostics::eprint_styled(&ds.render_styled()),
                _ => eprint!("{text}"),
            }
            eprintln!(
                "{what}the site did not build; still serving the last good version ({ms} ms)"
            );
            ctx.hub.publish(Some(text));
        }
    }
}

fn describe(changes: &[watch::Change]) -> String {
    match changes {
        [watch::Change::Page(rel) | watch::Change::Asset(rel)] => {
            format!("{}/{rel}: ", crate::load::content::CONTENT_DIR)
        }
        [_] => "site files changed: ".into(),
        _ => format!("{} changes: ", changes.len()),
    }
}

/// Which folder is at a path (device and inode): a folder deleted and made again is another one.
type FolderId = (u64, u64);

fn folder_id(path: &Path) -> Option<FolderId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// A watched folder created while serving (say, templates/), or deleted and created again (the
/// old watch ended with the old folder), is watched from then on.
/// Starts watching the site's folders made since they were last watched; returns those folders.
fn watch_new_folders(
    root: &Path,
    watcher: &mut notify::RecommendedWatcher,
    watched: &mut Vec<(PathBuf, Option<FolderId>)>,
) -> Vec<PathBuf> {
    let mut new = Vec::new();
    use notify::Watcher;
    // A folder gone, or replaced by another, is no longer watched.
    watched.retain(|(p, id)| p.is_dir() && folder_id(p) == *id);
    for dir in watch::WATCHED {
        let path = root.join(dir);
        if path.is_dir() && !watched.iter().any(|(p, _)| *p == path) {
            let _ = watcher.unwatch(&path);
            if watcher
                .watch(&path, notify::RecursiveMode::Recursive)
                .is_ok()
            {
                let id = folder_id(&path);
                new.push(path.clone());
                watched.push((path, id));
            }
        }
    }
    new
}

/// The output folder as a canonical path (it may not exist yet), since served files are checked
/// to lie under it after canonicalizing them.
fn canonical_dest(p: &Path) -> Result<PathBuf, Failure> {
    let abs = std::path::absolute(p)
        .map_err(|e| Failure::Usage(format!("cannot use the folder {}: {e}", p.display())))?;
    if let Ok(real) = abs.canonicalize() {
        return Ok(real);
    }
    match (
        abs.parent().and_then(|d| d.canonicalize().ok()),
        abs.file_name(),
    ) {
        (Some(parent), Some(name)) => Ok(parent.join(name)),
        _ => Ok(abs),
    }
}
