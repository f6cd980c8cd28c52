//! `safeguide adapt`: a school's own copies of model policies, filled from its profile.
//!
//! Loads the site like `build`, then for each profile and each chosen policy or AUP renders the
//! document in each format into memory. Every empty placeholder is listed; without
//! `--allow-blanks` that fails the command before anything is written.

use crate::diagnostics::rule;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use crate::diagnostics::{Diagnostic, Diagnostics, Failure};
use crate::load::profiles::Profile;
use crate::markdown::placeholders::Placeholders;
use crate::pipeline::{self, BuildOptions};
use crate::render::{adapted, page_slug, Renderer};
use crate::resolve::Site;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum Format {
    Html,
    Docx,
    Md,
}

impl Format {
    fn ext(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Md => "md",
        }
    }
}

#[derive(Debug, Args)]
pub struct AdaptArgs {
    /// A profile of the organisation's details (YAML, placeholder key: value). Repeat for several.
    #[arg(
        long = "profile",
        value_name = "FILE.yaml",
        required_unless_present = "init_profile"
    )]
    pub profiles: Vec<PathBuf>,
    /// Write a new profile to fill in, listing every detail the chosen documents (default: all)
    /// use, with its label, hint and the documents that use it. Writes nothing else.
    #[arg(long, value_name = "FILE.yaml", conflicts_with = "profiles")]
    pub init_profile: Option<PathBuf>,
    /// Formats to write, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "html,docx,md")]
    pub format: Vec<Format>,
    /// Where to write the copies, as DIR/<profile>/<document>.<ext>; defaults to adapted/ in the site folder.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Write the copies even when a profile leaves placeholders empty: they become labelled blank lines.
    #[arg(long)]
    pub allow_blanks: bool,
    /// Adapt the documents in this language (one of site.yaml's `languages:`, e.g. `cy`): each
    /// document's source in it where there is one, else the main language's, with a warning.
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,
    /// The site folder (holding site.yaml); defaults to the current folder. Without a site.yaml
    /// there, the built-in model documents are adapted.
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// Model policies or AUPs by source path (e.g. policies/aup-upper-ks2.md); when none are
    /// named, each profile's `documents:`, else all of them.
    #[arg(value_name = "DOC")]
    pub docs: Vec<String>,
}

pub fn run(args: AdaptArgs) -> Result<(), Failure> {
    let root = super::root_or_cwd(args.root.clone());
    let (site, templates, mut ds) = load(&root)?;
    if let Some(file) = &args.init_profile {
        let docs = chosen(&site, &args.docs, &args.lang, &mut ds)?;
        return init_profile(&site, &docs, file);
    }
    let mut profiles = load_profiles(&root, &site.layers, &args.profiles)?;
    // A blank named like the partnership's local value (`lado_contact`) defaults to it.
    for p in &mut profiles {
        p.values = crate::render::context::with_local_defaults(&site, Some(&p.values));
    }
    // Each profile's documents: those named, else the ones it lists, else every one.
    let mut docs_of = Vec::new();
    for p in &profiles {
        let named = if args.docs.is_empty() {
            &p.documents
        } else {
            &args.docs
        };
        let docs = chosen(&site, named, &args.lang, &mut ds)?;
        ds.extend(p.check_dates(|key| is_date(&site, key)));
        ds.extend(missing_values(&site, p, &docs, args.allow_blanks));
        docs_of.push(docs);
    }
    ds.extend(unknown_keys(&site, &profiles));
    if ds.has_errors() {
        return Err(Failure::Content(ds));
    }

    let renderer = Renderer::new(&site, &templates, false);
    let styles = adapted::theme_css(&renderer);
    let mut formats = args.format.clone();
    formats.sort();
    formats.dedup();
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let out = args.out.clone().unwrap_or_else(|| root.join("adapted"));
    for (profile, docs) in profiles.iter().zip(&docs_of) {
        let dir = out.join(profile.id());
        for &idx in docs {
            let page = &site.pages[idx];
            let slug = page_slug(page);
            for &format in &formats {
                let bytes = match format {
                    Format::Html => match adapted::html(
                        &renderer,
                        idx,
                        &profile.values,
                        profile.logo.as_ref(),
                        &styles,
                    ) {
                        Ok(h) => h.into_bytes(),
                        Err(errors) => {
                            ds.extend(errors);
                            continue;
                        }
                    },
                    Format::Docx => match renderer.render_adopted_docx(
                        idx,
                        &profile.values,
                        profile.logo.as_ref(),
                    ) {
                        Some((_, b)) => b,
                        None => continue,
                    },
                    Format::Md => adapted::markdown(
                        page,
                        &Placeholders {
                            site: &site.config.placeholders,
                            page: &page.src.fm.placeholders,
                            values: Some(&profile.values),
                        },
                        &site.config.local,
                    )
                    .into_bytes(),
                };
                files.push((dir.join(format!("{slug}.{}", format.ext())), bytes));
            }
        }
    }
    if ds.has_errors() {
        return Err(Failure::Content(ds));
    }
    if !ds.is_empty() {
        crate::diagnostics::eprint_styled(&ds.render_styled());
    }
    refuse_sources(&site.layers, &out, &files)?;
    for (path, bytes) in &files {
        write_file(path, bytes)?;
        println!("wrote {}", path.display());
    }
    println!(
        "Adapted {} document(s) for {} profile(s): {} file(s) in {}",
        docs_of.iter().map(Vec::len).sum::<usize>(),
        profiles.len(),
        files.len(),
        out.display()
    );
    Ok(())
}

/// The site in `root`, or where there is no site.yaml, the built-in model documents with no
/// site address (there is no site to link to, so links into it become plain text).
fn load(root: &Path) -> Result<(Site, crate::render::templates::Templates, Diagnostics), Failure> {
    let mut opts = BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    };
    if root.join("site.yaml").exists() {
        return pipeline::load_site(&opts);
    }
    opts.base_url = Some(String::new());
    pipeline::load_builtin_site(&opts)
}

/// The documents `named` (or every one), in `--lang`'s language when given.
fn chosen(
    site: &Site,
    named: &[String],
    lang: &Option<String>,
    ds: &mut Diagnostics,
) -> Result<Vec<usize>, Failure> {
    let docs = choose_docs(site, named)?;
    match lang {
        Some(code) => {
            let (docs, warnings) = in_language(site, &docs, code)?;
            ds.extend(warnings);
            Ok(docs)
        }
        None => Ok(docs),
    }
}

/// The documents in the language `code`: each one's counterpart in it, or the document itself
/// with a warning naming it when it has none.
fn in_language(
    site: &Site,
    docs: &[usize],
    code: &str,
) -> Result<(Vec<usize>, Vec<Diagnostic>), Failure> {
    let Some(language) = site.config.language(code) else {
        let listed: Vec<&str> = site
            .config
            .languages
            .iter()
            .map(|l| l.code.as_str())
            .collect();
        return Err(Failure::Usage(if listed.is_empty() {
            format!("--lang {code}: this site lists no languages; add `languages:` to site.yaml to adapt Welsh or other sources")
        } else {
            format!(
                "--lang {code}: not one of the site's languages ({})",
                listed.join(", ")
            )
        }));
    };
    // `--lang CY` is the site's `cy`: tags compare without regard to case.
    let code = language.code.as_str();
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    for &i in docs {
        let page = &site.pages[i];
        let chosen = match site.counterpart(page, code) {
            Some(p) => site.by_source[&p.src.rel],
            None => {
                warnings.push(
                    Diagnostic::warning(
                        rule::ADAPT_TRANSLATION,
                        format!(
                            "`{}` has no {} ({code}) source: its copy is adapted from the {} page",
                            page.title(),
                            language.name,
                            site.lang_of(page)
                        ),
                    )
                    .in_file(&page.src.display)
                    .help(format!(
                        "add content/{} with the {} text to adapt it in {}",
                        crate::resolve::translated_rel(
                            &crate::resolve::untranslated_rel(&page.src.rel, page.lang.as_deref()),
                            code
                        ),
                        language.name,
                        language.name
                    )),
                );
                i
            }
        };
        if !out.contains(&chosen) {
            out.push(chosen);
        }
    }
    Ok((out, warnings))
}

fn choose_docs(site: &Site, named: &[String]) -> Result<Vec<usize>, Failure> {
    // Every document once: a translation is adapted through `--lang`, and would otherwise
    // write over its original's copy (they share a file name).
    let policies: Vec<usize> = site
        .regular_pages()
        .filter(|(_, p)| p.kind.has_placeholders())
        .map(|(i, _)| i)
        .collect();
    let originals: Vec<usize> = policies
        .iter()
        .copied()
        .filter(|&i| site.pages[i].lang.is_none())
        .collect();
    if named.is_empty() {
        let policies = originals;
        if policies.is_empty() {
            return Err(Failure::Usage(
                "this site has no model policies to adapt: no page has `kind: policy` or `kind: aup`"
                    .into(),
            ));
        }
        return Ok(policies);
    }
    let mut chosen = Vec::new();
    let mut problems = Vec::new();
    for doc in named {
        let rel = doc.replace('\\', "/");
        let rel = rel.trim_start_matches("./");
        let rel = rel.strip_prefix("content/").unwrap_or(rel);
        match site.by_source.get(rel) {
            Some(&i) if policies.contains(&i) => {
                if !chosen.contains(&i) {
                    chosen.push(i);
                }
            }
            Some(&i) => problems.push(format!(
                "{doc} is a `{}` page, not a model policy: only pages with `kind: policy` or `kind: aup` can be adapted",
                site.pages[i].kind.id()
            )),
            None => {
                let sources: Vec<&str> = policies
                    .iter()
                    .map(|&i| site.pages[i].src.rel.as_str())
                    .collect();
                let hint = sources
                    .iter()
                    .map(|s| (strsim::jaro_winkler(rel, s), *s))
                    .filter(|(score, _)| *score > 0.8)
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, s)| format!("did you mean {s}? "))
                    .unwrap_or_default();
                problems.push(format!(
                    "{doc} is not a page of this site. {hint}Name documents by their path inside content/; the model policies are: {}",
                    sources.join(", ")
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(chosen)
    } else {
        Err(Failure::Usage(problems.join("\nerror: ")))
    }
}

fn load_profiles(
    root: &Path,
    layers: &crate::load::layers::Layers,
    paths: &[PathBuf],
) -> Result<Vec<Profile>, Failure> {
    let mut profiles = Vec::new();
    let mut ds = Diagnostics::new();
    for path in paths {
        // profiles/x.yaml that only a base has (the site's own copy would exist on disk).
        let rel = path.to_string_lossy().replace('\\', "/");
        let from_base = rel
            .strip_prefix("profiles/")
            .filter(|_| !path.exists() && !root.join(path).exists())
            .and_then(|r| layers.base_file("profiles", r));
        if let Some(f) = from_base {
            let loaded = f
                .read()
                .map_err(|e| e.to_string())
                .and_then(|b| String::from_utf8(b.into_owned()).map_err(|e| e.to_string()));
            match loaded {
                Ok(text) => match Profile::parse(text, &f.display) {
                    // Its logo would be a file of the base: a school's logo belongs to the school.
                    Ok(p) if p.logo_path.is_some() => ds.push(
                        p.at()
                            .at_key(
                                crate::diagnostics::Diagnostic::error(
                                    rule::PROFILE_LOGO,
                                    "a profile that comes from a base cannot name a logo",
                                ),
                                crate::load::profiles::LOGO_KEY,
                                None,
                            )
                            .help("copy the profile into your own profiles/ folder with the logo beside it"),
                    ),
                    Ok(p) => profiles.push(p),
                    Err(d) => ds.push(d),
                },
                Err(e) => ds.push(
                    crate::diagnostics::Diagnostic::error(
                        rule::IO,
                        format!("cannot read the profile: {e}"),
                    )
                    .in_file(&f.display)
                    .help("check that the file is UTF-8 text"),
                ),
            }
            continue;
        }
        // A path as typed, else inside the site folder (`--root site --profile profiles/x.yaml`).
        let file = if path.exists() || path.is_absolute() {
            path.clone()
        } else if root.join(path).exists() {
            root.join(path)
        } else {
            path.clone()
        };
        // A profile in the site must stay inside the site (a linked profiles/ folder too); one
        // elsewhere, inside the folder it is in.
        let inside_site = std::path::absolute(&file)
            .ok()
            .zip(std::path::absolute(root).ok())
            .is_some_and(|(f, r)| f.starts_with(r));
        let within = if inside_site {
            root.to_path_buf()
        } else {
            crate::safe_fs::read::folder_of(&file)
        };
        match Profile::load(&file, path, &within) {
            Ok(p) => profiles.push(p),
            Err(d) => ds.push(d),
        }
    }
    if !ds.is_empty() {
        return Err(Failure::Content(ds));
    }
    let mut ids = BTreeMap::new();
    for p in &profiles {
        if let Some(other) = ids.insert(p.id(), p.display.clone()) {
            return Err(Failure::Usage(format!(
                "the profiles {} and {} would both be written to the folder `{}`; rename one of the files",
                other.display(),
                p.display.display(),
                p.id()
            )));
        }
    }
    Ok(profiles)
}

/// Writes a new profile to fill in; never over an existing file.
fn init_profile(site: &Site, docs: &[usize], file: &Path) -> Result<(), Failure> {
    if file.exists() {
        return Err(Failure::Usage(format!(
            "{} already exists; name a new file, or delete or rename the old one first",
            file.display()
        )));
    }
    let text = super::init_profile::profile_text(site, docs, &file.display().to_string());
    write_file(file, text.as_bytes())?;
    println!(
        "wrote {}: fill in each value, then run `safeguide adapt --profile {}`",
        file.display(),
        file.display()
    );
    Ok(())
}

/// Is `key` declared as a date (`type: date`) in site.yaml or any page?
fn is_date(site: &Site, key: &str) -> bool {
    use crate::load::config::ValueType;
    std::iter::once(site.config.placeholders.get(key))
        .chain(site.pages.iter().map(|p| p.src.fm.placeholders.get(key)))
        .flatten()
        .any(|d| d.value_type == ValueType::Date)
}

/// Every placeholder key some model document uses, and the organisation's name (the header of
/// every Word copy).
fn used_keys(site: &Site) -> BTreeSet<String> {
    site.regular_pages()
        .filter(|(_, p)| p.kind.has_placeholders())
        .flat_map(|(_, p)| crate::render::context::used_placeholders(p.src.body()))
        .chain(std::iter::once(
            crate::render::docx::ORGANISATION_KEY.to_string(),
        ))
        .collect()
}

/// A profile key that no document uses fills nothing and is most likely a typo: warn by name.
fn unknown_keys(site: &Site, profiles: &[Profile]) -> Vec<Diagnostic> {
    let used = used_keys(site);
    let known: BTreeSet<&str> = used.iter().map(String::as_str).collect();
    let mut ds = Vec::new();
    for p in profiles {
        for key in p.keys.iter().filter(|k| !known.contains(k.as_str())) {
            let guess = known
                .iter()
                .map(|k| (strsim::jaro_winkler(key, k), *k))
                .filter(|(s, _)| *s > 0.8)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, k)| format!("did you mean `{k}`? "))
                .unwrap_or_default();
            let d = Diagnostic::warning(
                rule::UNKNOWN_PROFILE_KEY,
                format!("`{key}` is not used by any model policy, so it fills nothing"),
            )
            .help(format!(
                "{guess}`safeguide adapt --init-profile FILE` writes a profile listing every key the documents use"
            ));
            ds.push(p.at().at_key(d, key, None));
        }
    }
    ds
}

/// Placeholders each profile leaves empty, per key with the documents that need it.
fn missing_values(
    site: &Site,
    profile: &Profile,
    docs: &[usize],
    allow_blanks: bool,
) -> Vec<Diagnostic> {
    let mut ds = Vec::new();
    // key -> (label, documents)
    let mut missing: BTreeMap<String, (String, Vec<&str>)> = BTreeMap::new();
    for &idx in docs {
        let page = &site.pages[idx];
        let p = Placeholders {
            site: &site.config.placeholders,
            page: &page.src.fm.placeholders,
            values: None,
        };
        for key in crate::render::context::used_placeholders(page.src.body()) {
            let Some(decl) = p.decl(&key) else { continue };
            if profile.values.contains_key(&key) {
                continue;
            }
            missing
                .entry(key)
                .or_insert_with(|| (decl.label.clone(), Vec::new()))
                .1
                .push(&page.src.rel);
        }
    }
    for (key, (label, pages)) in missing {
        let message = format!(
            "`{key}` ({label}) has no value in this profile; it is used by {}",
            pages.join(", ")
        );
        let d = if allow_blanks {
            Diagnostic::warning(rule::MISSING_VALUE, message)
                .help("left as a labelled blank line to fill in by hand")
        } else {
            Diagnostic::error(rule::MISSING_VALUE, message).help(format!(
                "add `{key}: \"...\"` to {}, run with --allow-blanks to leave a labelled blank line, \
                 or list only the documents you need under `documents:` in the profile",
                profile.display.display()
            ))
        };
        let d = if profile.keys.contains(&key) {
            profile.at().at_key(d, &key, None)
        } else {
            d.in_file(&profile.display)
        };
        ds.push(d);
    }
    ds
}

/// Refuses (exit 2), naming them, to write files among the sources of the site or any of its
/// bases (content/, static/, ...): one would overwrite a source, and a new one would be published
/// by the next build with the school's details in it. Checked for every file before any is written.
fn refuse_sources(
    layers: &crate::load::layers::Layers,
    out: &Path,
    files: &[(PathBuf, Vec<u8>)],
) -> Result<(), Failure> {
    use crate::safe_fs::write::SOURCE_DIRS;
    let protected = layers.protected();
    let problems: Vec<String> = files
        .iter()
        .filter_map(|(path, _)| {
            let area = protected.problem(path)?;
            let what = if path.exists() {
                "would overwrite a source file"
            } else {
                "would put a new file among the sources"
            };
            Some(format!("{what}: {} {area}", path.display()))
        })
        .collect();
    if problems.is_empty() {
        return Ok(());
    }
    Err(Failure::Usage(format!(
        "adapt {}.\nChoose an --out folder other than {}, outside the site's {} folders (the default is adapted/). Nothing was written.",
        problems.join(";\nand "),
        out.display(),
        SOURCE_DIRS.map(|d| format!("{d}/")).join(", "),
    )))
}

/// Writes one file whole under the write rule (a temporary name beside it, renamed into place;
/// never through a link at its name).
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let fail = |e: std::io::Error| Failure::Usage(format!("cannot write {}: {e}", path.display()));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    crate::safe_fs::write::replace(path, bytes).map_err(fail)
}
