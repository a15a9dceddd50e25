//! The page occupational health opens from its e-mail: who asked to be contacted and how to
//! reach them, nothing else; and one button to say contact was made.

use crate::i18n::Msg;
use crate::lang;
use leptos::prelude::*;
use leptos_meta::Title;

/// What the page shows (provided by the server as context).
#[derive(Clone, Debug, Default)]
pub struct TalkView {
    /// The link's token, for the form's address.
    pub token: String,
    pub person: String,
    pub email: Option<String>,
    pub employer: String,
    pub service: String,
    /// The day the person asked, as people read it here.
    pub asked: String,
    pub until: String,
    pub contacted: Option<String>,
}

#[component]
pub fn TalkPage() -> impl IntoView {
    let lang = lang();
    let v = use_context::<TalkView>().unwrap_or_default();
    view! {
        <Title text=format!("{} · {}", lang.t(Msg::TalkTitle), lang.t(Msg::AppName))/>
        <h1>{lang.t(Msg::TalkTitle)}</h1>
        <section class="card">
            <p>{lang.tf(Msg::TalkAsked, &[&v.person, &v.employer, &v.service, &v.asked])}</p>
            {match v.email.clone() {
                Some(email) => view! {
                    <p>{lang.t(Msg::TalkEmail)}": "<a href=format!("mailto:{email}")>{email.clone()}</a></p>
                }.into_any(),
                None => view! { <p>{lang.t(Msg::TalkNoEmail)}</p> }.into_any(),
            }}
            {match v.contacted.clone() {
                Some(day) => view! { <p class="done" role="status">{lang.tf(Msg::TalkContacted, &[&day])}</p> }.into_any(),
                None => view! {
                    <form method="post" action=format!("/talk/{}/contacted", v.token)>
                        <button type="submit" class="button primary">{lang.t(Msg::TalkMarkContacted)}</button>
                    </form>
                }.into_any(),
            }}
        </section>
        <p class="hint">{lang.tf(Msg::TalkPrivacy, &[&v.until])}</p>
    }
}
