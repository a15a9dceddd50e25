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
        <p>{lang.t(Msg::OfflineText)}</p>
        <Contacts lang urgent=true/>
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
