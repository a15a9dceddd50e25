//! Every page has its API: what a person can do on a page, a native app can do over
//! `/api/v1`. The test reads the page router's source (axum cannot list its routes) and each
//! form action of a rehab case, and checks each against the table below and the API's own
//! OpenAPI document. A new page or form action without a row here fails it, and so does a row
//! whose counterpart the API does not have.

/// What stands for a page route in the API.
enum Counterpart {
    /// These operations (method, path) do what the page does.
    Api(&'static [(&'static str, &'static str)]),
    /// Not a person's data or action: why the API has no counterpart.
    None(&'static str),
}
use Counterpart::{Api, None as Edge};

const EMPLOYER: &str = "/api/v1/employers/{slug}";
const ARTICLE: &str = "/api/v1/employers/{employer}/guidance/{slug}";

/// (method, page route) → counterpart.
#[rustfmt::skip]
const PAGES: &[(&str, &str, Counterpart)] = &[
    ("GET", "/", Api(&[("get", "/api/v1/me"), ("get", "/api/v1/checkins")])),
    ("GET", "/signin", Edge("an app signs in at the employer's provider and sends its token")),
    ("GET", "/checkin", Api(&[("get", "/api/v1/checkins/{iso_week}")])),
    ("POST", "/checkin", Api(&[("put", "/api/v1/checkins/{iso_week}")])),
    ("GET", "/history", Api(&[("get", "/api/v1/checkins")])),
    ("GET", "/offline", Edge("the web app's own page for no signal")),
    ("GET", "/more", Api(&[("get", "/api/v1/me")])),
    ("GET", "/guidance", Api(&[("get", "/api/v1/guidance")])),
    ("GET", "/guidance/{slug}", Api(&[("get", "/api/v1/guidance/{slug}")])),
    ("POST", "/guidance/{slug}/feedback", Api(&[("post", "/api/v1/guidance/{slug}/feedback")])),
    ("GET", "/editor/guidance/{slug}", Api(&[("get", ARTICLE)])),
    ("POST", "/editor/guidance/{slug}", Api(&[("put", ARTICLE)])),
    ("POST", "/editor/guidance/{slug}/shared", Api(&[("delete", ARTICLE)])),
    ("GET", "/editor/feedback", Api(&[("get", "/api/v1/employers/{employer}/guidance-feedback")])),
    ("GET", "/admin", Api(&[("get", EMPLOYER), ("get", "/api/v1/employers/{slug}/contacts"), ("get", "/api/v1/employers/{slug}/rehab"), ("get", "/api/v1/employers/{slug}/push")])),
    ("GET", "/outcomes", Api(&[("get", "/api/v1/employers/{slug}/outcomes"), ("get", "/api/v1/employers/{slug}/sick-leave")])),
    ("POST", "/admin/employer", Api(&[("patch", EMPLOYER), ("put", "/api/v1/employers/{slug}/rehab")])),
    ("POST", "/admin/contacts", Api(&[("put", "/api/v1/employers/{slug}/contacts")])),
    ("GET", "/reminders", Api(&[("get", "/api/v1/push/key"), ("get", "/api/v1/push/subscriptions"), ("get", "/api/v1/push/preferences")])),
    ("POST", "/reminders", Api(&[("put", "/api/v1/push/preferences"), ("post", "/api/v1/push/subscriptions")])),
    ("POST", "/reminders/test", Api(&[("post", "/api/v1/push/test")])),
    ("POST", "/reminders/devices/{id}/remove", Api(&[("delete", "/api/v1/push/subscriptions/{id}")])),
    ("GET", "/sharing", Api(&[("get", "/api/v1/consents"), ("get", "/api/v1/me/access-log"), ("get", "/api/v1/me/export")])),
    ("POST", "/sharing/grant", Api(&[("post", "/api/v1/consents")])),
    ("POST", "/sharing/withdraw/{id}", Api(&[("delete", "/api/v1/consents/{id}")])),
    ("POST", "/sharing/delete-history", Api(&[("delete", "/api/v1/me/checkins")])),
    ("GET", "/team", Api(&[("get", "/api/v1/alerts"), ("get", "/api/v1/units/{id}/trend")])),
    ("POST", "/team/alerts/{id}", Api(&[("post", "/api/v1/alerts/{id}/acknowledge")])),
    ("GET", "/rehab", Api(&[("get", "/api/v1/me/rehab"), ("get", "/api/v1/rehab/cases"), ("get", "/api/v1/rehab/early-signals"), ("get", "/api/v1/adjustments")])),
    ("POST", "/rehab/cases", Api(&[("post", "/api/v1/rehab/cases")])),
    ("POST", "/rehab/adjustments", Api(&[("post", "/api/v1/adjustments")])),
    ("POST", "/rehab/adjustment-request", Api(&[("post", "/api/v1/me/adjustment")])),
    ("GET", "/rehab/cases/{id}", Api(&[("get", "/api/v1/rehab/cases/{id}"), ("get", "/api/v1/rehab/cases/{id}/plan/versions")])),
    ("GET", "/rehab/cases/{id}/print", Api(&[("get", "/api/v1/rehab/cases/{id}/plan.pdf")])),
    ("GET", "/rehab/cases/{id}/plan.pdf", Api(&[("get", "/api/v1/rehab/cases/{id}/plan.pdf")])),
    ("POST", "/rehab/cases/{id}/links", Api(&[("post", "/api/v1/rehab/cases/{id}/links"), ("get", "/api/v1/rehab/cases/{id}/links")])),
    ("POST", "/rehab/cases/{id}/links/{link}/revoke", Api(&[("delete", "/api/v1/rehab/cases/{id}/links/{link}")])),
    ("POST", "/rehab/cases/{id}/tasks/{measure}", Api(&[("put", "/api/v1/rehab/cases/{id}/plan/measures/{measure}/status")])),
    ("POST", "/rehab/cases/{id}/{action}", Edge("one route for the case's forms: each action is checked in CASE_ACTIONS")),
    ("GET", "/shared/{token}", Api(&[("get", "/api/v1/shared/{token}")])),
    ("GET", "/shared/{token}/plan.pdf", Api(&[("get", "/api/v1/shared/{token}/plan.pdf")])),
    ("GET", "/talk/{token}", Api(&[("get", "/api/v1/talk/{token}")])),
    ("POST", "/talk/{token}/contacted", Api(&[("post", "/api/v1/talk/{token}/contacted")])),
    ("GET", "/fn/{*name}", Edge("the check-in island's server functions: PUT /checkins/{iso_week}")),
    ("POST", "/fn/{*name}", Edge("the check-in island's server functions: PUT /checkins/{iso_week}")),
    ("POST", "/auth/signout", Edge("ends the web session; an app's token ends at the provider")),
    ("GET", "/auth/login/{slug}", Edge("the web sign-in; an app uses the provider directly")),
    ("GET", "/auth/callback/{slug}", Edge("the web sign-in; an app uses the provider directly")),
    ("POST", "/auth/demo", Edge("the demo's sign-in without a provider")),
    ("GET", "/lang", Edge("the web's language cookie; the API reads Accept-Language")),
    ("GET", "/sw.js", Edge("the web app's service worker")),
    ("GET", "/healthz", Edge("for operators")),
    ("GET", "/readyz", Edge("for operators")),
];

/// The actions of `POST /rehab/cases/{id}/{action}` → the API's operations.
#[rustfmt::skip]
const CASE_ACTIONS: &[(&str, &[(&str, &str)])] = &[
    ("acknowledge", &[("post", "/api/v1/rehab/cases/{id}/plan/participation")]),
    ("comment", &[("post", "/api/v1/rehab/cases/{id}/plan/participation")]),
    ("call", &[("put", "/api/v1/rehab/cases/{id}/milestones/{kind}")]),
    ("manager", &[("put", "/api/v1/rehab/cases/{id}/manager")]),
    ("plan", &[("put", "/api/v1/rehab/cases/{id}/plan")]),
    ("milestones", &[("put", "/api/v1/rehab/cases/{id}/milestones/{kind}")]),
    ("exemption", &[("put", "/api/v1/rehab/cases/{id}/milestones/{kind}")]),
    ("extent", &[("post", "/api/v1/rehab/cases/{id}/extents")]),
    ("close", &[("post", "/api/v1/rehab/cases/{id}/close")]),
    ("investigation", &[("put", "/api/v1/rehab/cases/{id}/investigation")]),
    ("follow-up", &[("put", "/api/v1/rehab/cases/{id}/follow-up")]),
];

/// (method, path) of every `.route(…)` in a router's source, methods upper-case.
fn routes(source: &str) -> Vec<(String, String)> {
    let mut found = vec![];
    for call in source.split(".route(").skip(1) {
        // The call ends where the next builder step starts.
        let call = call.split("\n        .").next().unwrap_or(call);
        let Some(path) = call.split('"').nth(1) else {
            continue;
        };
        for method in ["get", "post", "put", "patch", "delete"] {
            let used = call.match_indices(&format!("{method}(")).any(|(i, _)| {
                // `get(`, `.post(`, `routing::delete(`; not `reminders::get(` or `forget(`.
                let before = &call[..i];
                before.ends_with("routing::")
                    || !before.ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':')
            });
            if used {
                found.push((method.to_uppercase(), path.to_owned()));
            }
        }
    }
    found
}

/// The string arms of a `match action.as_str()` in one function of a source file.
fn arms(source: &str, function: &str) -> Vec<String> {
    let start = source
        .find(&format!("fn {function}("))
        .unwrap_or_else(|| panic!("no fn {function}"));
    let body = &source[start..];
    // A top-level function ends at the first closing brace in the first column.
    let body = &body[..body.find("\n}\n").unwrap_or(body.len())];
    let mut found = vec![];
    for line in body.lines().map(str::trim_start) {
        if !line.starts_with('"') || !line.contains("=>") {
            continue;
        }
        let pattern = line.split("=>").next().unwrap_or_default();
        found.extend(
            pattern
                .split('|')
                .map(|p| p.trim().trim_matches('"').to_owned())
                .filter(|p| !p.is_empty()),
        );
    }
    found
}

#[test]
fn every_page_and_form_has_its_api() {
    use utoipa::OpenApi;
    let doc = crate::api::ApiDoc::openapi();
    let has = |method: &str, path: &str| {
        doc.paths.paths.get(path).is_some_and(|item| match method {
            "get" => item.get.is_some(),
            "put" => item.put.is_some(),
            "post" => item.post.is_some(),
            "patch" => item.patch.is_some(),
            "delete" => item.delete.is_some(),
            _ => false,
        })
    };
    let pages = routes(include_str!("pages.rs"));
    assert!(pages.len() > 40, "the router's routes are read: {pages:?}");
    let mut missing = vec![];
    for (method, path) in &pages {
        match PAGES.iter().find(|(m, p, _)| m == method && p == path) {
            Some((_, _, Api(ops))) => missing.extend(
                ops.iter()
                    .filter(|(m, p)| !has(m, p))
                    .map(|(m, p)| format!("{method} {path}: the API has no {m} {p}")),
            ),
            Some((_, _, Edge(why))) => assert!(!why.is_empty()),
            None => missing.push(format!("{method} {path}: not in the parity table")),
        }
    }
    // Rows for routes that are gone would hide a renamed page.
    for (method, path, _) in PAGES {
        if !pages.iter().any(|(m, p)| m == method && p == path) {
            missing.push(format!("{method} {path}: in the table, not in the router"));
        }
    }
    let rehab = include_str!("pages/rehab/case.rs");
    let mut actions = arms(rehab, "act");
    actions.extend(arms(rehab, "read"));
    assert!(actions.contains(&"plan".to_owned()), "{actions:?}");
    for action in &actions {
        match CASE_ACTIONS.iter().find(|(a, _)| a == action) {
            Some((_, ops)) => missing.extend(
                ops.iter()
                    .filter(|(m, p)| !has(m, p))
                    .map(|(m, p)| format!("case action {action}: the API has no {m} {p}")),
            ),
            None => missing.push(format!("case action {action}: not in CASE_ACTIONS")),
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn the_route_reader_reads_methods_and_multi_line_calls() {
    let source = r#"
        .route("/a", get(page).post(save))
        .route(
            "/b/{id}",
            post(reminders::get),
        )
        .route("/c", axum::routing::delete(x))
    "#;
    assert_eq!(
        routes(source),
        [
            ("GET".to_owned(), "/a".to_owned()),
            ("POST".to_owned(), "/a".to_owned()),
            ("POST".to_owned(), "/b/{id}".to_owned()),
            ("DELETE".to_owned(), "/c".to_owned()),
        ]
    );
}
