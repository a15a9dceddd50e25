//! Orka's UI. The server renders every page (so everything works without JavaScript); only the
//! interactive parts are islands that hydrate, which keeps what a phone downloads small.

pub mod api;
pub mod components;
pub mod i18n;
pub mod pages;
pub mod pdf;
#[cfg(feature = "ssr")]
pub mod server;
pub mod server_fns;

use components::layout::Layout;
use i18n::Lang;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};
use pages::*;

/// Facts about this installation the pages need (provided by the server as context).
#[derive(Clone, Copy, Debug, Default)]
pub struct SiteInfo {
    pub demo: bool,
}

/// An employer whose people can sign in here, as the sign-in page offers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmployerChoice {
    pub slug: String,
    pub name: String,
}

/// The employers the sign-in page offers (provided by the server as context).
#[derive(Clone, Debug, Default)]
pub struct SignInChoices(pub Vec<EmployerChoice>);

/// The admin page's content (provided by the server as context): the employer's settings as
/// a form, never with the client secret.
#[derive(Clone, Debug, Default)]
pub struct AdminView {
    /// Absent when the signed-in person administers no employer.
    pub form: Option<EmployerForm>,
    /// Field name → message, after a refused save.
    pub errors: Vec<(String, String)>,
    pub saved: bool,
    /// How push notifications to the employer's people have fared.
    pub push: Option<PushFigures>,
    /// Who changed the settings lately, newest first.
    pub changes: Vec<ChangeLine>,
    /// Occupational health and the staff support line, as the employer names them: where a
    /// wish to talk can go, and what people are shown. Empty values where none is named.
    pub services: Vec<ServiceForm>,
    pub services_saved: bool,
}

/// One of the employer's services people can turn to, as the admin page edits it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceForm {
    /// `occupational-health` or `staff-support`.
    pub kind: String,
    pub name: String,
    pub phone: String,
    pub email: String,
    pub url: String,
    pub note: String,
}

/// One change of an employer's settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangeLine {
    /// The day, as the reader writes it ("måndag 7 december").
    pub at: String,
    /// The admin's name; none for whoever runs Orka.
    pub by: Option<String>,
    /// The settings changed, by their field names.
    pub fields: Vec<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PushFigures {
    pub devices: u64,
    pub pending: u64,
    pub sent: u64,
    pub retried: u64,
    pub failed: u64,
    pub pruned: u64,
    pub dropped: u64,
}

#[derive(Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct EmployerForm {
    #[serde(default)]
    pub slug: String,
    pub name: String,
    /// Shown, and sent back unchanged: only the operator changes it.
    #[serde(default)]
    pub issuer: String,
    pub client_id: String,
    /// Only ever what was just typed; the stored secret is never put back in the page.
    #[serde(default)]
    pub client_secret: String,
    pub scopes: String,
    pub groups_claim: String,
    pub role_map: String,
    pub api_audience: String,
    #[serde(default)]
    pub has_secret: bool,
    #[serde(default)]
    pub redirect_uri: String,
}

impl std::fmt::Debug for EmployerForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmployerForm")
            .field("slug", &self.slug)
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .finish_non_exhaustive()
    }
}

/// The article editor's content (provided by the server as context). `form: None` when the
/// signed-in person is not an editor or the article does not exist.
#[derive(Clone, Debug, Default)]
pub struct EditorView {
    pub slug: String,
    pub form: Option<ArticleForm>,
    pub errors: Vec<(String, String)>,
    pub missing: bool,
    /// The employer whose people read what its editors save.
    pub employer: String,
    /// The employer's own version the form shows, if it keeps one.
    pub own: Option<VersionLine>,
    /// The shared text changed after the employer's own version was saved.
    pub shared_changed: bool,
    /// Newest first: the employer's versions and the shared text's.
    pub history: Vec<VersionLine>,
}

/// One version in an article's history, for its editors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionLine {
    pub number: i32,
    pub kind: VersionKind,
    /// The day in Stockholm, as the reader writes it.
    pub on: String,
    pub author: Option<String>,
    pub file: Option<String>,
    pub title: String,
    pub body: String,
}

/// What a version in an article's history is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VersionKind {
    /// The shared text, from the operator's content file.
    File,
    /// The employer's own version.
    Edit,
    /// The employer went back to the shared text.
    BackToShared,
    /// Changed in the app when edits changed every employer's text.
    BeforePerEmployer,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
pub struct ArticleForm {
    pub title: String,
    pub summary: String,
    pub topics: String,
    pub audience: String,
    pub body: String,
}

/// "Was this helpful?" per article, for editors (provided by the server as context).
#[derive(Clone, Debug, Default)]
pub struct FeedbackView {
    /// `None` when the signed-in person is not an editor.
    pub items: Option<Vec<domain::guidance::FeedbackSummary>>,
    /// Whose people's answers these are.
    pub employer: String,
}

/// The reminders page's content (provided by the server as context).
#[derive(Clone, Debug, Default)]
pub struct RemindersView {
    pub form: ReminderForm,
    /// Form field → message, after a refused save.
    pub errors: Vec<(String, String)>,
    /// What the last action did, shown once: `saved`, `removed`, `test`, `test-none`.
    pub done: Option<String>,
    pub paused: bool,
    /// On full-time sick leave: check-in reminders rest unless the person keeps them.
    pub resting: bool,
    /// The next check-in reminder on the person's clock, e.g. "onsdag 2 december kl. 10.45".
    pub next: Option<String>,
    pub devices: Vec<DeviceLine>,
}

/// The reminder preferences as the form posts them (a checkbox is absent when unticked).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
pub struct ReminderForm {
    #[serde(default)]
    pub check_in: bool,
    pub weekday: String,
    pub time: String,
    pub time_zone: String,
    #[serde(default)]
    pub quiet_start: String,
    #[serde(default)]
    pub quiet_end: String,
    #[serde(default)]
    pub rehab: bool,
    #[serde(default)]
    pub alerts: bool,
    #[serde(default)]
    pub during_sick_leave: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceLine {
    pub id: String,
    pub label: Option<String>,
    pub added: String,
    pub last_delivered: Option<String>,
}

/// Who is signed in, as far as the page chrome needs to know: the places they have.
#[derive(Clone, Debug, Default)]
pub struct Viewer {
    /// Their name; none when nobody is signed in.
    pub name: Option<String>,
    /// Leads a unit or coordinates rehabilitation: a team page and the list of cases.
    pub team: bool,
    /// Has a rehabilitation case of their own.
    pub own_case: bool,
    /// Administers their employer's settings.
    pub admin: bool,
    /// Keeps the guidance library.
    pub editor: bool,
    /// Reads the employer's outcomes and sick-leave figures.
    pub outcomes: bool,
}

pub fn lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// Pages with an island. Only these load the wasm bundle; every other page is plain HTML.
const INTERACTIVE_PAGES: [&str; 1] = ["/checkin"];

fn is_interactive_page() -> bool {
    use_context::<leptos_router::location::RequestUrl>()
        .and_then(|u| u.parse().ok())
        .is_some_and(|u| INTERACTIVE_PAGES.contains(&u.path()))
}

fn is_page(path: &str) -> bool {
    use_context::<leptos_router::location::RequestUrl>()
        .and_then(|u| u.parse().ok())
        .is_some_and(|u| u.path() == path)
}

fn is_guidance_page() -> bool {
    use_context::<leptos_router::location::RequestUrl>()
        .and_then(|u| u.parse().ok())
        .is_some_and(|u| u.path() == "/guidance" || u.path().starts_with("/guidance/"))
}

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = lang();
    let hydration = is_interactive_page()
        .then(|| view! { <HydrationScripts options=options.clone() islands=true/> });
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#1d5c57"/>
                <meta name="description" content=lang.t(i18n::Msg::AppTagline)/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="icon" type="image/png" sizes="192x192" href="/icons/icon-192.png"/>
                <link rel="apple-touch-icon" href="/icons/icon-192.png"/>
                <HashedStylesheet options id="orka-css"/>
                {hydration}
                <script src="/register-sw.js" defer></script>
                {is_guidance_page().then(|| view! { <script src="/guidance.js" defer></script> })}
                {is_page("/reminders").then(|| view! { <script src="/reminders.js" defer></script> })}
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("signin") view=SignInPage ssr=SsrMode::Async/>
                    <Route path=path!("checkin") view=CheckInPage ssr=SsrMode::Async/>
                    <Route path=path!("history") view=HistoryPage ssr=SsrMode::Async/>
                    <Route path=path!("offline") view=OfflinePage ssr=SsrMode::Async/>
                    <Route path=path!("more") view=MorePage ssr=SsrMode::Async/>
                    <Route path=path!("admin") view=AdminPage ssr=SsrMode::Async/>
                    <Route path=path!("outcomes") view=OutcomesPage ssr=SsrMode::Async/>
                    <Route path=path!("reminders") view=RemindersPage ssr=SsrMode::Async/>
                    <Route path=path!("sharing") view=SharingPage ssr=SsrMode::Async/>
                    <Route path=path!("team") view=TeamPage ssr=SsrMode::Async/>
                    <Route path=path!("rehab") view=RehabPage ssr=SsrMode::Async/>
                    <Route path=path!("rehab/cases/:id") view=CasePage ssr=SsrMode::Async/>
                    <Route path=path!("rehab/cases/:id/print") view=PrintPage ssr=SsrMode::Async/>
                    <Route path=path!("shared/:token") view=PrintPage ssr=SsrMode::Async/>
                    <Route path=path!("talk/:token") view=TalkPage ssr=SsrMode::Async/>
                    <Route path=path!("guidance") view=GuidancePage ssr=SsrMode::Async/>
                    <Route path=path!("guidance/:slug") view=ArticlePage ssr=SsrMode::Async/>
                    <Route path=path!("editor/guidance/:slug") view=EditArticlePage ssr=SsrMode::Async/>
                    <Route path=path!("editor/feedback") view=FeedbackPage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// Sets the HTTP status of the page being rendered (no-op in the browser).
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(opts), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(code),
    ) {
        opts.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Readable panics in development; in release the hook's formatting code would cost the phone bytes.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
