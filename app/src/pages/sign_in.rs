use crate::i18n::{Lang, Msg};
use crate::{lang, SignInChoices, SiteInfo};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const PERSONAS: [(&str, Msg); 5] = [
    ("employee", Msg::PersonaEmployee),
    ("manager", Msg::PersonaManager),
    ("coordinator", Msg::PersonaCoordinator),
    ("sicklisted", Msg::PersonaSickListed),
    ("admin", Msg::PersonaAdmin),
];

/// The message for a failed sign-in, by the code the server puts in `?error=`.
fn failure_message(lang: Lang, code: &str) -> Option<&'static str> {
    let msg = match code {
        "unknown-employer" => Msg::SignInErrUnknownEmployer,
        "provider-unavailable" => Msg::SignInErrProviderUnavailable,
        "not-started" => Msg::SignInErrNotStarted,
        "expired" => Msg::SignInErrExpired,
        "mismatch" => Msg::SignInErrMismatch,
        "cancelled" => Msg::SignInErrCancelled,
        "refused" => Msg::SignInErrRefused,
        "left" => Msg::SignInErrLeft,
        "internal" => Msg::SignInErrInternal,
        _ => return None,
    };
    Some(lang.t(msg))
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let lang = lang();
    let demo = use_context::<SiteInfo>().unwrap_or_default().demo;
    let employers = use_context::<SignInChoices>().unwrap_or_default().0;
    let query = use_query_map();
    let failure = query.with_untracked(|q| q.get("error").and_then(|c| failure_message(lang, &c)));
    let signed_out = query.with_untracked(|q| q.get("signed_out").is_some());
    let none_configured = employers.is_empty() && !demo;
    view! {
        <Title text={format!("{} · {}", lang.t(Msg::SignInTitle), lang.t(Msg::AppName))}/>
        <h1>{lang.t(Msg::SignInTitle)}</h1>
        {failure.map(|text| view! { <p class="card attention" role="alert" data-sign-in-error="">{text}</p> })}
        {(signed_out && failure.is_none()).then(|| view! { <p class="card note" role="status">{lang.t(Msg::SignedOutNotice)}</p> })}
        {(!employers.is_empty()).then(|| view! {
            <p>{lang.t(Msg::SignInPickEmployer)}</p>
            <ul class="personas employers">
                {employers.into_iter().map(|e| view! {
                    <li>
                        <a class="button persona" href=format!("/auth/login/{}", e.slug) data-employer=e.slug.clone()>
                            {lang.tf(Msg::SignInWithEmployer, &[&e.name])}
                        </a>
                    </li>
                }).collect_view()}
            </ul>
        })}
        {demo.then(|| view! {
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
        })}
        {none_configured.then(|| view! { <p>{lang.t(Msg::SignInNotConfigured)}</p> })}
        <p><a href="/guidance">{lang.t(Msg::GuidanceTitle)}</a>" · "<a href="/guidance/crisis-contacts">{lang.t(Msg::GuidanceCrisisLink)}</a></p>
    }
}
