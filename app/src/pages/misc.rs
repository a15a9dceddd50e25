use crate::components::result_panel::Contacts;
use crate::i18n::Msg;
use crate::lang;
use leptos::prelude::*;
use leptos_meta::Title;

/// Precached by the service worker and shown for navigations when there is no network.
#[component]
pub fn OfflinePage() -> impl IntoView {
    let lang = lang();
    view! {
        <Title text=lang.t(Msg::OfflineTitle)/>
        <h1>{lang.t(Msg::OfflineTitle)}</h1>
        // Shown by `register-sw.js` while a check-in given without a signal waits on the phone:
        // a reload without a signal lands here, and the answers are not lost.
        <p class="card" data-waiting hidden>{lang.t(Msg::CheckInQueued)}</p>
        <p>{lang.t(Msg::OfflineText)}</p>
        <Contacts lang urgent=true/>
    }
}

/// Every place the person has, for those the bottom bar has no room for.
#[component]
pub fn MorePage() -> impl IntoView {
    let lang = lang();
    let viewer = use_context::<crate::Viewer>().unwrap_or_default();
    let links = crate::components::layout::places(&viewer)
        .into_iter()
        .map(|(path, msg)| view! { <li><a href=path>{lang.t(msg)}</a></li> })
        .collect_view();
    view! {
        <Title text=lang.t(Msg::MoreTitle)/>
        <h1>{lang.t(Msg::MoreTitle)}</h1>
        <ul class="places">{links}</ul>
    }
}

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let lang = lang();
    crate::set_status(404);
    view! {
        <Title text=lang.t(Msg::NotFoundTitle)/>
        <h1>{lang.t(Msg::NotFoundTitle)}</h1>
        <p>{lang.t(Msg::NotFoundText)}</p>
        <p><a href="/">{lang.t(Msg::BackHome)}</a></p>
    }
}
