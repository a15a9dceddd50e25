//! The modules of `service`, `server` and `app` import one way: no module reaches, through any
//! chain of imports, back to itself. The test reads the sources (as the parity test does) and
//! fails with the cycle it found, so a new one is caught in CI when it is written.
//!
//! An edge is any path in the code that names another module of the same crate: `use`
//! statements, and paths in expressions and types starting with `crate`, `super`, `self` or a
//! child module's name. Three things are not edges:
//! - a re-export (`pub use …;`): it names a child's item under the parent's name, a facade,
//!   and not a use of it;
//! - the `#[cfg(test)] mod … { … }` block at the end of a file: tests may reach anywhere;
//! - comments.
//!
//! `service::entity` is left out: sea-orm's relations name both of their ends by design, and
//! the entities hold tables, not logic.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module path (`api::rehab`, or "" for the crate root) → source without tests and comments.
fn modules(root: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("a readable source directory") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let source = std::fs::read_to_string(&path).expect("a readable source file");
                out.insert(module_of(root, &path), without_tests(&source));
            }
        }
    }
    out
}

fn module_of(root: &Path, file: &Path) -> String {
    let rel: PathBuf = file
        .strip_prefix(root)
        .expect("under the root")
        .with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts.join("::")
}

/// The source up to its test module, without comments and re-exports.
fn without_tests(source: &str) -> String {
    let mut code = String::new();
    let mut lines = source.lines().peekable();
    let mut in_reexport = false;
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed == "#[cfg(test)]"
            && lines
                .peek()
                .is_some_and(|next| next.trim_start().starts_with("mod ") && next.ends_with('{'))
        {
            break;
        }
        // rustfmt puts every `use` at the start of a line; a re-export may span lines.
        if in_reexport || (trimmed.starts_with("pub") && use_statement(trimmed).is_some()) {
            in_reexport = !trimmed.contains(';');
            continue;
        }
        code.push_str(line.split("//").next().unwrap_or_default());
        code.push('\n');
    }
    code
}

/// The tree of a line that starts a `use` statement: `use a::b;` → `a::b;`.
fn use_statement(line: &str) -> Option<&str> {
    let line = match line.strip_prefix("pub") {
        Some(rest) => rest.trim_start_matches(|c: char| c != ' ').trim_start(),
        None => line,
    };
    line.strip_prefix("use ")
}

/// `use` trees (joined across lines) and the rest of the code.
fn split_uses(code: &str) -> (Vec<String>, String) {
    let (mut trees, mut rest) = (vec![], String::new());
    let mut open: Option<String> = None;
    for line in code.lines() {
        let tree = match (&mut open, use_statement(line.trim())) {
            (Some(t), _) => {
                t.push_str(line);
                t
            }
            (None, Some(start)) => open.insert(start.to_owned()),
            (None, None) => {
                rest.push_str(line);
                rest.push('\n');
                continue;
            }
        };
        if tree.contains(';') {
            let done = tree.trim_end().trim_end_matches(';').to_owned();
            trees.extend(expand(&done));
            open = None;
        }
    }
    (trees, rest)
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `a::{b, c::{d, self}}` → `a::b`, `a::c::d`, `a::c`.
fn expand(tree: &str) -> Vec<String> {
    // `x as y` names x; then spaces mean nothing.
    let words: Vec<&str> = tree.split_whitespace().collect();
    let mut tree = String::new();
    let mut i = 0;
    while i < words.len() {
        if words[i] == "as" && i + 1 < words.len() {
            tree.extend(words[i + 1].chars().filter(|c| !is_ident(*c)));
            i += 2;
        } else {
            tree.push_str(words[i]);
            i += 1;
        }
    }
    let Some(open) = tree.find('{') else {
        return vec![tree];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let (mut parts, mut depth, mut current) = (vec![], 0, String::new());
    for c in inner.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| match p.as_str() {
            "self" => vec![prefix.trim_end_matches(':').to_owned()],
            _ => expand(&p)
                .into_iter()
                .map(|e| format!("{prefix}{e}"))
                .collect(),
        })
        .collect()
}

/// Every `ident::ident…` path in the code outside `use` statements.
fn paths(code: &str) -> Vec<String> {
    let mut out = vec![];
    let chars: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts_ident = is_ident(chars[i]) && (i == 0 || !is_ident(chars[i - 1]));
        let after_path = i >= 2 && chars[i - 1] == ':' && chars[i - 2] == ':';
        if !starts_ident || after_path {
            i += 1;
            continue;
        }
        let mut path = String::new();
        let mut j = i;
        loop {
            let start = j;
            while j < chars.len() && is_ident(chars[j]) {
                j += 1;
            }
            path.extend(&chars[start..j]);
            if j + 2 < chars.len()
                && chars[j] == ':'
                && chars[j + 1] == ':'
                && is_ident(chars[j + 2])
            {
                path.push_str("::");
                j += 2;
            } else {
                break;
            }
        }
        if path.contains("::") {
            out.push(path);
        }
        i = j.max(i + 1);
    }
    out
}

/// The module a path names an item of, as an absolute module path, if it is in this crate.
fn target(from: &str, path: &str, known: &BTreeSet<String>) -> Option<String> {
    let mut segs: Vec<&str> = path.split("::").collect();
    let mut base: Vec<&str> = if from.is_empty() {
        vec![]
    } else {
        from.split("::").collect()
    };
    match segs[0] {
        "crate" => {
            base.clear();
            segs.remove(0);
        }
        "super" | "self" => {
            while let Some(&s) = segs.first() {
                match s {
                    "super" => {
                        base.pop();
                    }
                    "self" => {}
                    _ => break,
                }
                segs.remove(0);
            }
        }
        child => {
            let mut candidate = base.clone();
            candidate.push(child);
            if !known.contains(&candidate.join("::")) {
                return None;
            }
        }
    }
    base.extend(segs);
    (1..=base.len())
        .rev()
        .map(|n| base[..n].join("::"))
        .find(|m| known.contains(m))
}

/// Module → the modules it names.
fn edges(root: &Path, left_out: &str) -> BTreeMap<String, BTreeSet<String>> {
    let sources = modules(root);
    let known: BTreeSet<String> = sources.keys().cloned().collect();
    let inside = |m: &str| {
        !left_out.is_empty() && (m == left_out || m.starts_with(&format!("{left_out}::")))
    };
    let mut graph = BTreeMap::new();
    for (module, code) in &sources {
        if inside(module) {
            continue;
        }
        let (mut named, rest) = split_uses(code);
        named.extend(paths(&rest));
        let targets: BTreeSet<String> = named
            .iter()
            .filter_map(|p| target(module, p, &known))
            .filter(|t| t != module && !t.is_empty() && !inside(t))
            .collect();
        graph.insert(module.clone(), targets);
    }
    graph
}

/// The groups of modules that reach each other (Tarjan's strongly connected components),
/// each with more than one member.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Walk<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        found: Vec<Vec<String>>,
    }
    impl<'a> Walk<'a> {
        fn visit(&mut self, v: &'a str) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            for w in self.graph.get(v).into_iter().flatten() {
                let w = w.as_str();
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w]);
                    self.low.insert(v, low);
                } else if self.stack.contains(&w) {
                    let low = self.low[v].min(self.index[w]);
                    self.low.insert(v, low);
                }
            }
            if self.low[v] == self.index[v] {
                let mut group = vec![];
                while let Some(w) = self.stack.pop() {
                    group.push(w.to_owned());
                    if w == v {
                        break;
                    }
                }
                if group.len() > 1 {
                    group.sort();
                    self.found.push(group);
                }
            }
        }
    }
    let mut walk = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: vec![],
        found: vec![],
    };
    for v in graph.keys() {
        if !walk.index.contains_key(v.as_str()) {
            walk.visit(v);
        }
    }
    walk.found
}

fn assert_one_way(crate_dir: &str, left_out: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(crate_dir);
    let graph = edges(&root, left_out);
    assert!(graph.len() > 10, "read the modules of {}", root.display());
    let found = cycles(&graph);
    let report: Vec<String> = found
        .iter()
        .map(|group| {
            let lines: Vec<String> = group
                .iter()
                .map(|m| {
                    let inside: Vec<&str> = graph[m]
                        .iter()
                        .filter(|t| group.contains(t))
                        .map(String::as_str)
                        .collect();
                    format!("  {m} → {}", inside.join(", "))
                })
                .collect();
            lines.join("\n")
        })
        .collect();
    assert!(
        found.is_empty(),
        "modules of {crate_dir} that import each other:\n{}",
        report.join("\n\n")
    );
}

/// The service's rooms, bottom to top: a module may import its own room or one below it. A
/// module not named here is a use case, the top room; the access log's writer and the outbox
/// sit with the facts because they import nothing above the tables.
const SERVICE_ROOMS: &[(&str, &[&str])] = &[
    ("tables", &["entity", "migration", "clock"]),
    (
        "facts and writers",
        &["people", "org", "access_log", "outbox", "mail"],
    ),
    ("grants", &["grants"]),
    ("policy", &["policy"]),
];

fn room_of(module: &str) -> usize {
    SERVICE_ROOMS
        .iter()
        .position(|(_, members)| {
            members
                .iter()
                .any(|m| module == *m || module.starts_with(&format!("{m}::")))
        })
        .unwrap_or(SERVICE_ROOMS.len())
}

fn room_name(room: usize) -> &'static str {
    SERVICE_ROOMS
        .get(room)
        .map_or("use cases", |(name, _)| name)
}

#[test]
fn the_services_rooms_import_one_way() {
    assert_one_way("../service/src", "entity");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../service/src");
    let upward: Vec<String> = edges(&root, "entity")
        .iter()
        .flat_map(|(from, targets)| targets.iter().map(move |to| (from, to)))
        .filter(|(from, to)| room_of(from) < room_of(to))
        .map(|(from, to)| {
            let (a, b) = (room_name(room_of(from)), room_name(room_of(to)));
            format!("  {from} ({a}) → {to} ({b})")
        })
        .collect();
    assert!(
        upward.is_empty(),
        "imports that point up the service's rooms:\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_servers_modules_import_one_way() {
    assert_one_way("src", "");
}

#[test]
fn the_apps_modules_import_one_way() {
    assert_one_way("../app/src", "");
}

#[test]
fn a_cycle_is_found_and_named() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a", "d"]),
        ("d", vec![]),
    ]
    .into_iter()
    .map(|(m, ts)| (m.to_owned(), ts.into_iter().map(str::to_owned).collect()))
    .collect();
    assert_eq!(cycles(&graph), [["a", "b", "c"]]);
}

#[test]
fn paths_and_use_trees_name_their_modules() {
    let known: BTreeSet<String> = [
        "",
        "api",
        "api::rehab",
        "api::problem",
        "pages",
        "pages::rehab",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    let t = |from: &str, path: &str| target(from, path, &known);
    assert_eq!(
        t("api::rehab", "super::problem::Problem").as_deref(),
        Some("api::problem")
    );
    assert_eq!(
        t("api::rehab", "crate::pages::rehab::pdf").as_deref(),
        Some("pages::rehab")
    );
    assert_eq!(t("api", "rehab::list").as_deref(), Some("api::rehab"));
    assert_eq!(t("api", "serde::Serialize"), None, "another crate");
    assert_eq!(
        t("api::rehab", "super::store_failed").as_deref(),
        Some("api")
    );
    assert_eq!(
        expand("super::{problem::{self, Problem}, rehab as r}"),
        ["super::problem", "super::problem::Problem", "super::rehab"]
    );
    let code = without_tests(
        "use a::b;\npub use c::d;\npub(crate) use e::{\n f,\n};\n// x::y\nfn f() { g::h(); }\n#[cfg(test)]\nmod tests {\n use z::w;\n}\n",
    );
    assert!(code.contains("use a::b;") && code.contains("g::h"));
    assert!(!code.contains("c::d") && !code.contains("e::") && !code.contains("x::y"));
    assert!(!code.contains("z::w"));
}
