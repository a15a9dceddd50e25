use crate::i18n::Msg;
use crate::{lang, SiteInfo};
use leptos::prelude::*;
use leptos_meta::Title;

const PERSONAS: [(&str, Msg); 4] = [
    ("employee", Msg::PersonaEmployee),
    ("manager", Msg::PersonaManager),
    ("coordinator", Msg::PersonaCoordinator),
    ("sicklisted", Msg::PersonaSickListed),
];

#[component]
pub fn SignInPage() -> impl IntoView {
    let lang = lang();
    let demo = use_context::<SiteInfo>().unwrap_or_default().demo;
    view! {
        <Title text={format!("{} · {}", lang.t(Msg::SignInTitle), lang.t(Msg::AppName))}/>
        <h1>{lang.t(Msg::SignInTitle)}</h1>
        {if demo {
            view! {
                <p class="card note">{lang.t(Msg::SignInDemoWarning)}</p>
                <p>{lang.t(Msg::SignInDemoIntro)}</p>
                <ul class="personas">
                    {PERSONAS.into_iter().map(|(code, label)| view! {
                        <li>
                            <form method="post" action="/auth/demo">
                                <input type="hidden" name="persona" value=code/>
                                <button type="submit" class="button persona" data-persona=code>{lang.t(label)}</button>
                            </form>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        } else {
            view! { <p>{lang.t(Msg::SignInNotConfigured)}</p> }.into_any()
        }}
    }
}
