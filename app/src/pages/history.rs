use super::error_view;
use crate::components::trend_chart::{TrendChart, TrendTable};
use crate::i18n::Msg;
use crate::lang;
use crate::server_fns::load_history;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn HistoryPage() -> impl IntoView {
    let lang = lang();
    let span: u32 = use_query_map()
        .with_untracked(|q| q.get("weeks").and_then(|w| w.parse().ok()))
        .unwrap_or(12);
    let span = if span > 12 { 52 } else { 12 };
    let data = Resource::new(move || span, load_history);
    let tab = move |n: u32| {
        view! {
            <a href={format!("/history?weeks={n}")} class="tab" aria-current=(span == n).then_some("page")>
                {lang.tf(Msg::TrendWeeks, &[&n])}
            </a>
        }
    };
    view! {
        <Title text={format!("{} · {}", lang.t(Msg::TrendTitle), lang.t(Msg::AppName))}/>
        <h1>{lang.t(Msg::TrendTitle)}</h1>
        <nav class="tabs" aria-label=lang.t(Msg::TrendPeriodLabel)>{tab(12)}{tab(52)}</nav>
        <Suspense>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(h) if h.weeks.iter().all(|w| w.stress.is_none()) => view! {
                        <p>{lang.t(Msg::TrendEmpty)}</p>
                        <p><a class="button primary" href="/checkin">{lang.t(Msg::StartCheckIn)}</a></p>
                    }.into_any(),
                    Ok(h) => view! {
                        <TrendChart lang weeks=h.weeks.clone()/>
                        <TrendTable lang weeks=h.weeks/>
                    }.into_any(),
                    Err(e) => error_view(lang, e),
                }
            })}
        </Suspense>
    }
}
