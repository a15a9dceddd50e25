use super::error_view;
use crate::api::AppError;
use crate::components::check_in_flow::{CheckInFlow, CheckInQuestions};
use crate::i18n::Msg;
use crate::lang;
use crate::server_fns::load_check_in_page;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CheckInPage() -> impl IntoView {
    let lang = lang();
    let (edit, closed) =
        use_query_map().with_untracked(|q| (q.get("edit").is_some(), q.get("closed").is_some()));
    let data = Resource::new(move || (edit, closed), |(e, c)| load_check_in_page(e, c));
    view! {
        <Title text={format!("{} · {}", lang.t(Msg::CheckInTitle), lang.t(Msg::AppName))}/>
        <Suspense>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => {
                        let form = page.form;
                        // A rejected plain-form submission comes back with its messages: say so in the status.
                        match &form.problem {
                            Some(AppError::Invalid(_)) => crate::set_status(422),
                            Some(AppError::WeekClosed { .. }) => crate::set_status(409),
                            Some(AppError::SignedOut) => crate::set_status(403),
                            Some(_) => crate::set_status(500),
                            None => {}
                        }
                        let problem = form.problem.as_ref().map(|p| p.message(lang));
                        let who5_due = form.who5_due;
                        view! {
                            <h1>{lang.t(Msg::CheckInTitle)}" · "<span class="week">{lang.tf(Msg::CheckInWeek, &[&form.week])}</span></h1>
                            <CheckInFlow lang who5_due problem result=page.result>
                                <CheckInQuestions lang who5_due values=form.values errors=form.errors/>
                            </CheckInFlow>
                            <p class="sources">{lang.t(Msg::Sources)}</p>
                        }.into_any()
                    }
                    Err(e) => error_view(lang, e),
                }
            })}
        </Suspense>
    }
}
