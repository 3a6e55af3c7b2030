//! The invariants of ARCHITECTURE.md that a machine can check, read from the source:
//!
//! - commonpot-app speaks no front end's language: no `"--` (a flag) in its source, and the
//!   books' messages in core's catalogue name no flag.
//! - Tauri lives in src-tauri and the desktop's test harnesses only: no crate under `crates/`
//!   depends on it or names it.
//! - src-tauri does no arithmetic of its own: uses of decimals, floats and wide integers, and
//!   `unwrap_or_default` (which turns unreadable data into 0), may only shrink from the counts in
//!   `architecture-baseline.txt`.
//! - No function of the product is over [`FUNCTION_LINES_MAX`] lines unless a comment in it or
//!   just above it says why ("Over 70 lines: …"). Functions that were long before the rule are
//!   listed with their length in `architecture-baseline.txt`; they may shrink, never grow,
//!   and a line that no longer applies must be removed, so the list only gets shorter.
//!
//! `cargo xtask architecture` prints every finding; a test runs the same check in CI.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};
use syn::spanned::Spanned;
use syn::visit::Visit;

/// The longest a function may be without a comment saying why (TigerBeetle's rule).
pub const FUNCTION_LINES_MAX: usize = 70;

/// The words that give a long function its reason, in a comment inside it or just above it.
const REASON_MARKER: &str = "Over 70 lines";

/// Names in src-tauri that compute with numbers rather than pass them on.
const ARITHMETIC: &[&str] = &[
    "Decimal",
    "f32",
    "f64",
    "i128",
    "checked_",
    "saturating_",
    "unwrap_or_default",
];

const BASELINE: &str = "xtask/architecture-baseline.txt";

/// `cargo xtask architecture`: prints each finding and fails when there is one.
pub fn run(root: &Path) -> Result<()> {
    let findings = check(root)?;
    for finding in &findings {
        eprintln!("{finding}");
    }
    if !findings.is_empty() {
        bail!(
            "{} architecture finding(s); see ARCHITECTURE.md, Invariants",
            findings.len()
        );
    }
    eprintln!("architecture: every checked invariant holds");
    Ok(())
}

/// Every way the source breaks a checked invariant, one sentence each.
pub fn check(root: &Path) -> Result<Vec<String>> {
    let baseline = Baseline::read(&root.join(BASELINE))?;
    let mut findings = Vec::new();
    findings.extend(flags_in_app(root)?);
    findings.extend(flags_in_messages(root)?);
    findings.extend(tauri_outside_desktop(root)?);
    findings.extend(arithmetic_in_desktop(root, &baseline)?);
    findings.extend(long_functions(root, &baseline)?);
    Ok(findings)
}

/// The debts recorded when a rule was introduced: long functions and arithmetic counts.
#[derive(Default)]
struct Baseline {
    /// "path name" → its length in lines when recorded.
    functions: BTreeMap<String, usize>,
    /// path → uses of arithmetic names when recorded.
    arithmetic: BTreeMap<String, usize>,
}

impl Baseline {
    fn read(path: &Path) -> Result<Baseline> {
        let text =
            fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let mut baseline = Baseline::default();
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let parts: Vec<&str> = line.split_whitespace().collect();
            let number = |text: &str| -> Result<usize> {
                text.parse().with_context(|| {
                    format!(
                        "{}:{}: \"{text}\" is not a count",
                        path.display(),
                        index + 1
                    )
                })
            };
            match parts.as_slice() {
                ["function", file, name, lines] => {
                    baseline
                        .functions
                        .insert(format!("{file} {name}"), number(lines)?);
                }
                ["arithmetic", file, count] => {
                    baseline.arithmetic.insert(file.to_string(), number(count)?);
                }
                _ => bail!("{}:{}: cannot read \"{line}\"", path.display(), index + 1),
            }
        }
        Ok(baseline)
    }
}

/// The Rust files under `dir`, by path relative to `root`, sorted.
fn rust_files(root: &Path, dir: &str) -> Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    let mut pending = vec![root.join(dir)];
    while let Some(folder) = pending.pop() {
        for entry in
            fs::read_dir(&folder).with_context(|| format!("reading {}", folder.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = fs::read_to_string(&path)?;
                files.push((relative(root, &path), text));
            }
        }
    }
    files.sort();
    Ok(files)
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The product's source: every crate's `src` and the desktop shell's.
fn product_sources(root: &Path) -> Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    for entry in fs::read_dir(root.join("crates"))? {
        let crate_dir = entry?.path();
        if crate_dir.join("src").is_dir() {
            files.extend(rust_files(root, &relative(root, &crate_dir.join("src")))?);
        }
    }
    files.extend(rust_files(root, "src-tauri/src")?);
    files.sort();
    Ok(files)
}

fn flags_in_app(root: &Path) -> Result<Vec<String>> {
    let mut findings = Vec::new();
    for (path, text) in rust_files(root, "crates/commonpot-app/src")? {
        for (number, line) in text.lines().enumerate() {
            if line.contains("\"--") {
                findings.push(format!(
                    "{path}:{}: a command-line flag in commonpot-app; name a `Field` and let the front end spell it",
                    number + 1
                ));
            }
        }
    }
    Ok(findings)
}

/// The books' messages (core's catalogue) name fields, never a front end's flags.
fn flags_in_messages(root: &Path) -> Result<Vec<String>> {
    let path = "crates/commonpot-core/src/text.rs";
    let text = fs::read_to_string(root.join(path))?;
    let flag = |line: &str| {
        line.match_indices("--")
            .any(|(at, _)| line[at + 2..].starts_with(|c: char| c.is_ascii_lowercase()))
    };
    Ok(text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim_start().starts_with("//") && flag(line))
        .map(|(number, _)| {
            format!(
                "{path}:{}: a message names a command-line flag; the command adds it (cli hint)",
                number + 1
            )
        })
        .collect())
}

fn tauri_outside_desktop(root: &Path) -> Result<Vec<String>> {
    let mut findings = Vec::new();
    for entry in fs::read_dir(root.join("crates"))? {
        let manifest = entry?.path().join("Cargo.toml");
        if let Ok(text) = fs::read_to_string(&manifest)
            && text
                .lines()
                .any(|l| !l.trim_start().starts_with('#') && l.contains("tauri"))
        {
            findings.push(format!(
                "{}: depends on Tauri; only src-tauri and the desktop's test harnesses may",
                relative(root, &manifest)
            ));
        }
    }
    for (path, text) in product_sources(root)? {
        if path.starts_with("src-tauri/") {
            continue;
        }
        for (number, line) in text.lines().enumerate() {
            if line.contains("tauri::") || line.contains("tauri_") {
                findings.push(format!(
                    "{path}:{}: names Tauri outside src-tauri",
                    number + 1
                ));
            }
        }
    }
    Ok(findings)
}

fn arithmetic_in_desktop(root: &Path, baseline: &Baseline) -> Result<Vec<String>> {
    let mut findings = Vec::new();
    let files = rust_files(root, "src-tauri/src")?;
    for path in baseline.arithmetic.keys() {
        if !files.iter().any(|(p, _)| p == path) {
            findings.push(format!(
                "{BASELINE}: \"{path}\" is gone; remove its arithmetic line"
            ));
        }
    }
    for (path, text) in files {
        let count = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .map(|l| ARITHMETIC.iter().filter(|name| l.contains(*name)).count())
            .sum::<usize>();
        let allowed = baseline.arithmetic.get(&path).copied().unwrap_or(0);
        if count > allowed {
            findings.push(format!(
                "{path}: {count} uses of {} (at most {allowed}); the desktop passes values on, commonpot-app computes them",
                ARITHMETIC.join(", ")
            ));
        } else if count < allowed {
            findings.push(format!(
                "{path}: {count} uses of arithmetic names, fewer than the {allowed} in {BASELINE}: lower the count there"
            ));
        }
    }
    Ok(findings)
}

fn long_functions(root: &Path, baseline: &Baseline) -> Result<Vec<String>> {
    let mut findings = Vec::new();
    let mut seen = BTreeMap::new();
    for (path, text) in product_sources(root)? {
        let file = syn::parse_file(&text).with_context(|| format!("parsing {path}"))?;
        let mut finder = Functions::default();
        finder.visit_file(&file);
        let lines: Vec<&str> = text.lines().collect();
        for function in finder.found {
            let length = function.last - function.first + 1;
            if length <= FUNCTION_LINES_MAX {
                continue;
            }
            let above = function.first.saturating_sub(6);
            let reasoned = lines[above..function.last.min(lines.len())]
                .iter()
                .any(|l| l.trim_start().starts_with("//") && l.contains(REASON_MARKER));
            if reasoned {
                continue;
            }
            let key = format!("{path} {}", function.name);
            match baseline.functions.get(&key) {
                Some(&recorded) if length <= recorded => {
                    seen.insert(key, length);
                }
                Some(&recorded) => {
                    seen.insert(key, length);
                    findings.push(format!(
                        "{path}:{}: {} has grown to {length} lines (recorded {recorded}); make it shorter, not longer",
                        function.first, function.name
                    ));
                }
                None => findings.push(format!(
                    "{path}:{}: {} has {length} lines, over {FUNCTION_LINES_MAX}; split it, or say why in a comment starting \"{REASON_MARKER}:\"",
                    function.first, function.name
                )),
            }
        }
    }
    for (key, recorded) in &baseline.functions {
        match seen.get(key) {
            None => findings.push(format!(
                "{BASELINE}: \"{key}\" is no longer a long function without a reason: remove its line"
            )),
            Some(&length) if length < *recorded => findings.push(format!(
                "{BASELINE}: \"{key}\" is now {length} lines, not {recorded}: lower the figure"
            )),
            Some(_) => {}
        }
    }
    Ok(findings)
}

/// A function with a body: its name (with its impl's type) and its first and last line.
struct Function {
    name: String,
    first: usize,
    last: usize,
}

/// Collects the functions of a file, leaving out `#[cfg(test)]` modules.
#[derive(Default)]
struct Functions {
    impl_type: Vec<String>,
    found: Vec<Function>,
}

impl Functions {
    /// Counts from the signature to the closing brace; doc comments and attributes aside.
    fn add(&mut self, sig: &syn::Signature, block: &syn::Block) {
        let name = &sig.ident;
        let name = match self.impl_type.last() {
            Some(owner) => format!("{owner}::{name}"),
            None => name.to_string(),
        };
        self.found.push(Function {
            name,
            first: sig.span().start().line,
            last: block.span().end().line,
        });
    }
}

fn is_test_module(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.meta
                .require_list()
                .is_ok_and(|list| list.tokens.to_string().contains("test"))
    })
}

impl<'ast> Visit<'ast> for Functions {
    fn visit_item_mod(&mut self, module: &'ast syn::ItemMod) {
        if !is_test_module(&module.attrs) {
            syn::visit::visit_item_mod(self, module);
        }
    }

    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        let owner = match &*item.self_ty {
            syn::Type::Path(p) => p
                .path
                .segments
                .last()
                .map(|s| s.ident.to_string())
                .unwrap_or_default(),
            // `impl Trait for &T` and the like: named by where it stands.
            other => format!("type@{}", other.span().start().line),
        };
        self.impl_type.push(owner);
        syn::visit::visit_item_impl(self, item);
        self.impl_type.pop();
    }

    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        self.add(&item.sig, &item.block);
        syn::visit::visit_item_fn(self, item);
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        self.add(&item.sig, &item.block);
        syn::visit::visit_impl_item_fn(self, item);
    }

    fn visit_trait_item_fn(&mut self, item: &'ast syn::TraitItemFn) {
        if let Some(block) = &item.default {
            self.add(&item.sig, block);
        }
        syn::visit::visit_trait_item_fn(self, item);
    }
}

/// The workspace root, for the test.
#[cfg(test)]
fn root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_source_keeps_every_checked_invariant() {
        let findings = check(&root()).unwrap();
        assert!(findings.is_empty(), "\n{}", findings.join("\n"));
    }

    #[test]
    fn a_long_function_is_found_and_a_reason_lets_it_pass() {
        let body: String = (0..80).map(|i| format!("    let _x{i} = {i};\n")).collect();
        let long = format!("fn long() {{\n{body}}}\n");
        let file = syn::parse_file(&long).unwrap();
        let mut finder = Functions::default();
        finder.visit_file(&file);
        assert_eq!(finder.found.len(), 1);
        assert_eq!(finder.found[0].last - finder.found[0].first + 1, 82);
        assert_eq!(finder.found[0].name, "long");

        let test_module = format!("#[cfg(test)]\nmod tests {{\n{long}}}\n");
        let mut finder = Functions::default();
        finder.visit_file(&syn::parse_file(&test_module).unwrap());
        assert!(
            finder.found.is_empty(),
            "functions of test modules are not counted"
        );
    }

    #[test]
    fn a_flag_in_the_app_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("crates/commonpot-app/src");
        fs::create_dir_all(&src).unwrap();
        fs::write(
            src.join("lib.rs"),
            "fn f() -> &'static str { \"--amount\" }\n",
        )
        .unwrap();
        let findings = flags_in_app(dir.path()).unwrap();
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert!(findings[0].starts_with("crates/commonpot-app/src/lib.rs:1:"));
    }

    #[test]
    fn a_flag_in_a_message_is_found_and_a_dash_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let core = dir.path().join("crates/commonpot-core/src");
        fs::create_dir_all(&core).unwrap();
        fs::write(
            core.join("text.rs"),
            "A = \"a\" => \"add --confirm\",\nB = \"b\" => \"1 -- 2\",\n// --comment\n",
        )
        .unwrap();
        let findings = flags_in_messages(dir.path()).unwrap();
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert!(findings[0].starts_with("crates/commonpot-core/src/text.rs:1:"));
    }

    #[test]
    fn arithmetic_in_the_desktop_is_counted_and_a_gone_file_s_line_must_go() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src-tauri/src");
        fs::create_dir_all(&src).unwrap();
        fs::write(
            src.join("lib.rs"),
            "fn f(d: Decimal) -> f64 { 0.0 }\n// Decimal\n",
        )
        .unwrap();
        let mut baseline = Baseline::default();
        let findings = arithmetic_in_desktop(dir.path(), &baseline).unwrap();
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert!(findings[0].contains("2 uses"), "{findings:?}");
        baseline.arithmetic.insert("src-tauri/src/lib.rs".into(), 2);
        baseline
            .arithmetic
            .insert("src-tauri/src/gone.rs".into(), 1);
        let findings = arithmetic_in_desktop(dir.path(), &baseline).unwrap();
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert!(findings[0].contains("gone.rs\" is gone"), "{findings:?}");
    }
}
