use super::error_view;
use crate::i18n::Msg;
use crate::lang;
use crate::server_fns::load_home;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = lang();
    let data = Resource::new(|| (), |_| load_home());
    view! {
        <Title text=lang.t(Msg::AppName)/>
        <Suspense>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(home) => view! {
                        <h1>{lang.tf(Msg::HomeGreeting, &[&home.name])}</h1>
                        <p class="muted">{home.employer.clone()}</p>
                        <p>{lang.t(Msg::HomeIntro)}</p>
                        <section class="card this-week">
                            {if home.checked_in {
                                view! {
                                    <p>{lang.tf(Msg::HomeDone, &[&home.week])}</p>
                                    <p><a class="button" href="/checkin">{lang.t(Msg::SeeResult)}</a></p>
                                }.into_any()
                            } else {
                                view! {
                                    <p>{lang.tf(Msg::HomeNotYet, &[&home.week])}</p>
                                    <p><a class="button primary" href="/checkin">{lang.t(Msg::StartCheckIn)}</a></p>
                                }.into_any()
                            }}
                        </section>
                        {if home.offer_reminders {
                            view! { <p class="reminder-offer"><a href="/reminders">{lang.t(Msg::RemindersOffer)}</a></p> }.into_any()
                        } else {
                            view! { <p><a href="/reminders">{lang.t(Msg::NavReminders)}</a></p> }.into_any()
                        }}
                        <p><a href="/history">{lang.t(Msg::SeeTrend)}</a></p>
                        <p>{lang.t(Msg::HomeWorkHard)}" "<a href="/rehab#ask-adjustment">{lang.t(Msg::AdjAskTitle)}</a></p>
                    }.into_any(),
                    Err(e) => error_view(lang, e),
                }
            })}
        </Suspense>
    }
}
