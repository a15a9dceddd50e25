//! The outcomes page for an employer's admins and analysts: the months asked for (by default
//! the last twelve), their outcomes and the annual report's figures over them.

use super::render::{failed, render, PageData};
use crate::context::PageUser;
use crate::state::AppState;
use app::i18n::Msg;
use app::pages::OutcomesView;
use axum::extract::{Request, State};
use axum::response::Response;
use chrono::NaiveDate;
use service::{policy, sick_leave};

/// `YYYY-MM` (a month input's value) or a day; `None` when empty, `Err` when unreadable.
fn month(text: Option<&str>) -> Result<Option<NaiveDate>, ()> {
    match text.map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => domain::time::month(t).map(Some).ok_or(()),
    }
}

pub(super) async fn page(State(state): State<AppState>, me: PageUser, req: Request) -> Response {
    let lang = me.lang;
    let actor = match me.actor().await {
        Ok(a) => a,
        Err(e) => return failed("outcomes", e),
    };
    let Ok(proof) = policy::read_outcomes(actor, actor.employer) else {
        return render(state, PageData::Outcomes(Box::default()), req).await;
    };
    let query: Vec<(String, String)> =
        url::form_urlencoded::parse(req.uri().query().unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let asked = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let today = domain::time::stockholm_date(state.ctx.clock.now());
    // Months that cannot be read, the wrong way round or over three years: the last twelve,
    // with a message above the form.
    let asked = match (month(asked("from")), month(asked("to"))) {
        (Ok(from), Ok(to)) => sick_leave::recent_months(from, to, today),
        _ => None,
    };
    let error = asked
        .is_none()
        .then(|| lang.t(Msg::OutcomesBadPeriod).to_owned());
    let period = asked.unwrap_or_else(|| sick_leave::last_twelve_months(today));
    let db = &state.ctx.db;
    let employer = actor.employer;
    let found = async {
        let slug = service::employers::summary(db, employer)
            .await?
            .map(|e| e.slug);
        let (months, figures) = sick_leave::overview(db, proof, employer, period).await?;
        Ok::<_, service::StoreError>((slug.unwrap_or_default(), months, figures))
    };
    let (slug, months, figures) = match found.await {
        Ok(f) => f,
        Err(e) => return failed("outcomes", e),
    };
    let view = OutcomesView {
        slug,
        from: period.first.format("%Y-%m").to_string(),
        to: period.last.format("%Y-%m").to_string(),
        error,
        months,
        employer: Some(figures.employer),
        administrations: figures.administrations,
    };
    render(state, PageData::Outcomes(Box::new(view)), req).await
}
