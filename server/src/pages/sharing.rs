//! The sharing page (grants, the access log, one's own data) and the team page (alerts and
//! the anonymous trend), as plain forms.

use super::render::{done_from, failed, read_form, render, render_refused, PageData};
use crate::context::PageUser;
use crate::failure::Failure;
use crate::state::AppState;
use app::i18n::{Lang, Msg};
use app::pages::{
    AlertCard, GrantLine, LogLine, ScopeCard, SharingView, TeamView, TrendCell, TrendRow,
    TrendTable,
};
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use domain::consent::{self, Recipient, Scope};
use domain::human::Words;
use domain::trend::Published;
use domain::IsoWeek;
use domain::{AlertId, ConsentId};
use service::consents::{self, ConsentError, GrantRequest};
use service::{alerts, policy, trend, Person};

/// People to choose a recipient from: (id, name).
fn choices(people: Vec<consents::Candidate>) -> Vec<(String, String)> {
    people
        .into_iter()
        .map(|p| (p.id.as_uuid().to_string(), p.name))
        .collect()
}

async fn sharing_view(
    state: &AppState,
    lang: Lang,
    person: &Person,
    log_before: Option<NaiveDate>,
) -> Result<SharingView, service::StoreError> {
    let own = policy::own_data(person);
    let words = Words::at(lang.content(), state.ctx.clock.now());
    let c = consents::list_consents(&state.ctx.db, &own).await?;
    let log = service::my_data::log::list_own(
        &state.ctx.db,
        &own,
        log_before,
        service::my_data::log::PAGE_LINES,
    )
    .await?;
    let scopes = Scope::ALL
        .into_iter()
        .map(|scope| {
            let text = consent::current(scope);
            ScopeCard {
                scope: scope.code().into(),
                text: text.text(lang.content()).into(),
                version: text.version,
                to_manager: scope.recipients().contains(&Recipient::Manager),
                to_coordinator: scope.recipients().contains(&Recipient::Coordinator),
                to_manager_above: scope.recipients().contains(&Recipient::ManagerAbove),
                to_occupational_health: scope.recipients().contains(&Recipient::OccupationalHealth),
                grants: c
                    .grants
                    .iter()
                    .filter(|g| g.scope == scope && g.standing)
                    .map(|g| GrantLine {
                        id: ConsentId::from_uuid(g.id),
                        recipient: g.recipient_name.clone(),
                        role: g.recipient.code().into(),
                        since: words.day_of(g.granted_at),
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(SharingView {
        scopes,
        managers: c.managers.into_iter().map(|m| m.name).collect(),
        coordinators: choices(c.coordinators),
        managers_above: choices(c.managers_above),
        occupational_health: c
            .occupational_health
            .into_iter()
            .map(|s| (s.id.to_string(), s.name))
            .collect(),
        log_before: log_before.map(|d| d.to_string()),
        log_older: log.older.map(|d| d.to_string()),
        log: log
            .entries
            .into_iter()
            .map(|e| LogLine {
                at: words.day_of(e.at),
                times: e.times,
                who: e.actor_name,
                role: e.role.map(|r| r.code().into()),
                what: e.what.code().into(),
            })
            .collect(),
        done: None,
        error: None,
    })
}

pub async fn page(State(state): State<AppState>, me: PageUser, req: Request) -> Response {
    let (lang, person) = (me.lang, me.person);
    // A day that is not one shows the newest page, as a link that has gone stale should.
    let log_before = req.uri().query().and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "log_before")
            .and_then(|(_, v)| domain::time::date(&v))
    });
    match sharing_view(&state, lang, &person, log_before).await {
        Ok(mut view) => {
            view.done = done_from(&req, &["granted", "withdrawn", "deleted"]);
            render(state, PageData::Sharing(Box::new(view)), req).await
        }
        Err(e) => failed("sharing", e),
    }
}

/// Shows the sharing page again with a message, for a refused action.
async fn refused(
    state: AppState,
    lang: Lang,
    person: &Person,
    parts: axum::http::request::Parts,
    message: impl Into<String>,
) -> Response {
    let mut view = match sharing_view(&state, lang, person, None).await {
        Ok(v) => v,
        Err(e) => return failed("sharing", e),
    };
    view.error = Some(message.into());
    let data = PageData::Sharing(Box::new(view));
    let mut response = render_refused(state, parts, Some("/sharing"), data).await;
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    response
}

#[derive(serde::Deserialize)]
pub struct GrantForm {
    scope: String,
    recipient: String,
    #[serde(default)]
    coordinator_id: Option<String>,
    #[serde(default)]
    manager_id: Option<String>,
    #[serde(default)]
    service_id: Option<String>,
    text_version: u16,
}

pub async fn grant(State(state): State<AppState>, me: PageUser, req: Request) -> Response {
    let (lang, person) = (me.lang, me.person);
    let (parts, form) = match read_form::<GrantForm>(&state, req).await {
        Ok(f) => f,
        Err(refusal) => return refusal,
    };
    let (Some(scope), Some(recipient)) =
        (Scope::parse(&form.scope), Recipient::parse(&form.recipient))
    else {
        return refused(state, lang, &person, parts, lang.t(Msg::ErrConsentScope)).await;
    };
    let request = GrantRequest {
        scope,
        recipient,
        chosen: match recipient {
            Recipient::ManagerAbove => form.manager_id,
            Recipient::OccupationalHealth => form.service_id,
            Recipient::Manager | Recipient::Coordinator => form.coordinator_id,
        }
        .and_then(|c| c.parse().ok()),
        text_version: form.text_version,
        language: lang.content(),
    };
    let own = policy::own_data(&person);
    let now = state.ctx.clock.now();
    match consents::grant_consent(&state.ctx.db, &own, request, now).await {
        Ok(_) => Redirect::to("/sharing?done=granted").into_response(),
        Err(ConsentError::Store(e)) => failed("sharing", e),
        Err(e) => refused(state, lang, &person, parts, Failure::from(e).line(lang)).await,
    }
}

pub async fn withdraw(
    State(state): State<AppState>,
    me: PageUser,
    Path(id): Path<String>,
) -> Response {
    let person = me.person;
    let Ok(id) = id.parse() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let own = policy::own_data(&person);
    match consents::withdraw_consent(&state.ctx.db, &own, id, state.ctx.clock.now()).await {
        Ok(true) => Redirect::to("/sharing?done=withdrawn").into_response(),
        Ok(false) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => failed("sharing", e),
    }
}

#[derive(serde::Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    confirm: bool,
}

pub async fn delete_history(State(state): State<AppState>, me: PageUser, req: Request) -> Response {
    let (lang, person) = (me.lang, me.person);
    let (parts, form) = match read_form::<DeleteForm>(&state, req).await {
        Ok(f) => f,
        Err(refusal) => return refusal,
    };
    if !form.confirm {
        return refused(
            state,
            lang,
            &person,
            parts,
            lang.t(Msg::MyDataConfirmMissing),
        )
        .await;
    }
    let own = policy::own_data(&person);
    match service::my_data::delete_check_ins(&state.ctx.db, &own).await {
        Ok(_) => Redirect::to("/sharing?done=deleted").into_response(),
        Err(e) => failed("sharing", e),
    }
}

/// The eight weeks before this one (only weeks that have ended are published): enough to see
/// a direction, little to scroll on a phone.
const TREND_WEEKS: usize = 8;

async fn team_view(
    state: &AppState,
    lang: Lang,
    person: &Person,
) -> Result<TeamView, service::StoreError> {
    let db = &state.ctx.db;
    let now = state.ctx.clock.now();
    let words = Words::at(lang.content(), now);
    let lines = alerts::inbox(db, person.id, now).await?;
    let actor = policy::actor(db, person).await?;
    let weeks = IsoWeek::containing(now).previous().last_n(TREND_WEEKS);
    let mut trends = vec![];
    for (unit, _) in service::people::top_units_led(db, &actor).await? {
        let Ok(access) = policy::view_team_trend(db, &actor, unit).await? else {
            continue;
        };
        let t = trend::team_trend(db, &access, &weeks, state.settings.trend_threshold, now).await?;
        let cell = |c: &Published| match c {
            Published::Figures(f) => TrendCell::Shown {
                mean: f.mean_who5,
                below_50: f.share_below_50,
                participation: f.participation,
            },
            Published::TooFew => TrendCell::Hidden,
            Published::Withdrawn => TrendCell::Withdrawn,
            Published::NoAnswers => TrendCell::NoAnswers,
        };
        let newest = t.weeks.last();
        trends.push(TrendTable {
            unit: t.unit.1.clone(),
            weeks: t
                .weeks
                .iter()
                .rev()
                .map(|w| TrendRow {
                    week: words.week_number(w.week),
                    cell: cell(&w.unit),
                })
                .collect(),
            below: t
                .below
                .iter()
                .enumerate()
                .filter_map(|(i, (_, name))| Some((name.clone(), cell(newest?.below.get(i)?))))
                .collect(),
        });
    }
    Ok(TeamView {
        alerts: lines
            .into_iter()
            .map(|a| AlertCard {
                id: AlertId::from_uuid(a.id),
                person_id: a.person,
                person: a.person_name,
                kind: a.kind.code().into(),
                week: words.week_number(a.week),
                raised: words.day_of(a.raised_at),
                acknowledged: a.acknowledged_at.map(|t| words.day_of(t)),
                follow_up: a.follow_up,
            })
            .collect(),
        trends,
        threshold: state.settings.trend_threshold.get(),
        done: None,
        error: None,
    })
}

pub async fn team_page(State(state): State<AppState>, me: PageUser, req: Request) -> Response {
    let (lang, person) = (me.lang, me.person);
    match team_view(&state, lang, &person).await {
        Ok(mut view) => {
            view.done = done_from(&req, &["saved"]);
            render(state, PageData::Team(Box::new(view)), req).await
        }
        Err(e) => failed("team", e),
    }
}

#[derive(serde::Deserialize)]
pub struct AcknowledgeForm {
    #[serde(default)]
    follow_up: String,
}

pub async fn acknowledge(
    State(state): State<AppState>,
    me: PageUser,
    Path(id): Path<String>,
    req: Request,
) -> Response {
    let (lang, person) = (me.lang, me.person);
    let Ok(alert) = id.parse() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let (parts, form) = match read_form::<AcknowledgeForm>(&state, req).await {
        Ok(f) => f,
        Err(refusal) => return refusal,
    };
    let now = state.ctx.clock.now();
    let follow_up = Some(form.follow_up);
    match alerts::acknowledge(&state.ctx.db, person.id, alert, follow_up, now).await {
        Ok(_) => Redirect::to("/team?done=saved").into_response(),
        Err(alerts::AlertError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(alerts::AlertError::Store(e)) => failed("team", e),
        Err(e) => {
            let mut view = match team_view(&state, lang, &person).await {
                Ok(v) => v,
                Err(e) => return failed("team", e),
            };
            view.error = Some((id, Failure::from(e).line(lang)));
            let data = PageData::Team(Box::new(view));
            let mut response = render_refused(state, parts, Some("/team"), data).await;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            response
        }
    }
}
