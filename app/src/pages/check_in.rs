use super::error_view;
use crate::api::{load_check_in_page, AppError};
use crate::components::check_in_flow::CheckInFlow;
use crate::i18n::Msg;
use crate::lang;
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
                        // A rejected plain-form submission comes back with its messages: say so in the status.
                        match &page.form.problem {
                            Some(AppError::Invalid(_)) => crate::set_status(422),
                            Some(AppError::WeekClosed { .. }) => crate::set_status(409),
                            Some(AppError::SignedOut) => crate::set_status(403),
                            Some(_) => crate::set_status(500),
                            None => {}
                        }
                        // Sent with the answers, so late ones count for their own week and
                        // person or are refused (answers kept on the phone without a signal).
                        let v = &page.form.values;
                        let (week, person) = (v.week.clone(), v.person.clone());
                        view! {
                            <CheckInFlow lang page/>
                            <input type="hidden" form="check-in" name="week" value=week/>
                            <input type="hidden" form="check-in" name="person" value=person/>
                        }.into_any()
                    }
                    Err(e) => error_view(lang, e),
                }
            })}
        </Suspense>
    }
}
