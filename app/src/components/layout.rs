//! The page frame: skip link, header with navigation, language switch and sign-out.

use crate::i18n::Msg;
use crate::{lang, Viewer};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let lang = lang();
    let viewer = use_context::<Viewer>().unwrap_or_default();
    let location = use_location();
    let here = location.pathname.get_untracked();
    let query = location.search.get_untracked();
    let back = if query.is_empty() {
        here.clone()
    } else {
        format!("{here}?{query}")
    };
    let switch_href = format!(
        "/lang?set={}&next={}",
        lang.other().code(),
        encode_component(&back)
    );
    let current = move |path: &'static str| (here == path).then_some("page");
    view! {
        <a class="skip-link" href="#main">{lang.t(Msg::SkipToContent)}</a>
        <header class="site-header">
            <div class="bar">
                <a class="brand" href="/">{lang.t(Msg::AppName)}</a>
                <a class="lang-switch" href=switch_href hreflang=lang.other().code() lang=lang.other().code()>
                    {lang.t(Msg::SwitchLanguage)}
                </a>
            </div>
            {viewer.0.map(|_| view! {
                <nav aria-label=lang.t(Msg::MainNav)>
                    <ul>
                        <li><a href="/" aria-current=current("/")>{lang.t(Msg::NavHome)}</a></li>
                        <li><a href="/checkin" aria-current=current("/checkin")>{lang.t(Msg::NavCheckIn)}</a></li>
                        <li><a href="/history" aria-current=current("/history")>{lang.t(Msg::NavTrend)}</a></li>
                        <li><a href="/guidance" aria-current=current("/guidance")>{lang.t(Msg::NavGuidance)}</a></li>
                        <li><a href="/sharing" aria-current=current("/sharing")>{lang.t(Msg::NavSharing)}</a></li>
                        {viewer.1.then(|| view! { <li><a href="/team" aria-current=current("/team")>{lang.t(Msg::NavTeam)}</a></li> })}
                        {(viewer.1 || viewer.2).then(|| view! { <li><a href="/rehab" aria-current=current("/rehab")>{lang.t(Msg::NavRehab)}</a></li> })}
                        <li>
                            <form method="post" action="/auth/signout" class="inline">
                                <button type="submit" class="link-button">{lang.t(Msg::SignOut)}</button>
                            </form>
                        </li>
                    </ul>
                </nav>
            })}
        </header>
        <main id="main" tabindex="-1">{children()}</main>
    }
}

/// Percent-encodes a path for use inside a query value.
fn encode_component(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
