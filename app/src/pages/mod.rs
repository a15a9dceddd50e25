//! One component per route. Pages render on the server; they load data through server functions.

mod adjustment;
mod admin;
mod check_in;
mod editor;
mod guidance;
mod history;
mod home;
mod misc;
mod outcomes;
mod rehab;
mod rehab_case;
mod rehab_views;
mod reminders;
mod sharing;
mod sign_in;
mod talk;
mod team;

pub use adjustment::{AdjustmentList, AdjustmentRow, AdjustmentView};
pub use admin::AdminPage;
pub use check_in::CheckInPage;
pub use editor::{EditArticlePage, FeedbackPage};
pub use guidance::{ArticlePage, GuidancePage};
pub use history::HistoryPage;
pub use home::HomePage;
pub use misc::{MorePage, NotFoundPage, OfflinePage};
pub use outcomes::{OutcomesPage, OutcomesView};
pub use rehab::RehabPage;
pub use rehab_case::{plan_pdf, CasePage, CaseView, PlanForm, PrintPage, PrintView};
pub use rehab_views::{
    CaseList, CaseRow, LinkLine, MeetingLine, MilestoneLine, MyCase, PlanView, RehabView,
    SignalRow, TaskLine, ToOpenRow,
};
pub use reminders::RemindersPage;
pub use sharing::{GrantLine, LogLine, ScopeCard, SharingPage, SharingView};
pub use sign_in::SignInPage;
pub use talk::{TalkPage, TalkView};
pub use team::{AlertCard, TeamPage, TeamView, TrendCell, TrendRow, TrendTable};

use crate::api::AppError;
use crate::i18n::{Lang, Msg};
use leptos::prelude::*;

/// A page that could not load its data: a clear message, the right status, nothing internal.
pub(crate) fn error_view(lang: Lang, e: AppError) -> AnyView {
    crate::set_status(match e {
        AppError::SignedOut => 401,
        _ => 500,
    });
    let signed_out = e == AppError::SignedOut;
    view! {
        <div class="card urgent" role="alert">
            <p>{e.message(lang)}</p>
            {signed_out.then(|| view! { <p><a href="/signin">{lang.t(Msg::SignInTitle)}</a></p> })}
        </div>
    }
    .into_any()
}
