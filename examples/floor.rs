//! The floor of a build (issue #23): reads every Markdown file under a content folder, renders
//! its body with pulldown-cmark (safeguide's Markdown options) and writes it as `.../index.html`
//! into an output folder, on every core, and nothing else: no templates, links, minifying or
//! search. What a build costs above this is safeguide's own work.
//!
//!     cargo run --release --example floor -- CONTENT_DIR OUT_DIR

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [content, out] = args.as_slice() else {
        eprintln!("usage: floor CONTENT_DIR OUT_DIR");
        std::process::exit(2);
    };
    let (content, out) = (Path::new(content), Path::new(out));
    let start = Instant::now();
    let files: Vec<PathBuf> = walkdir::WalkDir::new(content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let bytes: usize = files
        .par_iter()
        .map(|path| {
            let text = fs::read_to_string(path).expect("readable Markdown");
            // The body after the front matter.
            let body = text
                .strip_prefix("---\n")
                .and_then(|rest| rest.split_once("\n---\n"))
                .map_or(text.as_str(), |(_, body)| body);
            let mut html = String::with_capacity(body.len() * 3 / 2);
            pulldown_cmark::html::push_html(
                &mut html,
                pulldown_cmark::Parser::new_ext(body, safeguide::markdown_options()),
            );
            let rel = path.strip_prefix(content).expect("under content");
            let dest = out.join(rel.with_extension("")).join("index.html");
            fs::create_dir_all(dest.parent().expect("a parent")).expect("output folder");
            fs::write(&dest, &html).expect("writable output");
            html.len()
        })
        .sum();
    println!(
        "floor: {} Markdown files read, rendered and written ({:.1} MB of HTML) in {:.0} ms",
        files.len(),
        bytes as f64 / 1e6,
        start.elapsed().as_secs_f64() * 1e3
    );
}
