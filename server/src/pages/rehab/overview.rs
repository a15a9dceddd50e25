//! `/rehab`: the employee's own case, and for coordinators and managers the lists of open cases,
//! adjustment cases and early signals, with the form that opens a case.

use super::shared::{
    actor_and_subject, adjustment_view, changes, date, meeting_line, messages, milestone_line,
    plan_view, task_line, words,
};
use crate::context::PageUser;
use crate::pages::render::{done_from, failed, read_form, render, render_refused, PageData};
use crate::state::AppState;
use app::i18n::{Lang, Msg};
use app::pages::{
    AdjustmentList, AdjustmentRow, CaseList, CaseRow, LinkLine, MyCase, RehabView, SignalRow,
    ToOpenRow,
};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::access::Actor;
use domain::human::Words;
use domain::problem::ProblemCode;
use domain::rehab::{Extent, Party};
use domain::{CaseId, LinkId};
use service::own_case::{self, ContactRole};
use service::policy::{self};
use service::rehab::adjustment::{self as adjust};
use service::rehab::{self, absence, cases, RehabError};
use service::{Person, StoreError};

pub(super) async fn my_case(
    state: &AppState,
    lang: Lang,
    person: &Person,
    actor: &Actor,
) -> Result<Option<MyCase>, StoreError> {
    let (w, now) = (words(state, lang), state.ctx.clock.now());
    let Some(own) = own_case::read(&state.ctx.db, person, actor, now).await? else {
        return Ok(None);
    };
    let (c, today) = (&own.case, w.today);
    let local_now = now
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .naive_local();
    let contacts = own
        .contacts
        .into_iter()
        .map(|k| {
            let role = match k.role {
                ContactRole::OpenedCase => Msg::RoleCoordinator,
                ContactRole::Manager => Msg::RoleManager,
            };
            (k.name, lang.t(role).to_owned())
        })
        .collect();
    Ok(Some(MyCase {
        case_id: CaseId::from_uuid(c.id),
        open: c.is_open(),
        sick_today: c.extent_today.map(Extent::percent),
        this_week: c
            .plan
            .as_ref()
            .and_then(|p| p.plan.week_of(today).map(|w| (w.percent, w.hours.clone()))),
        tasks: c.plan.as_ref().map_or(vec![], |p| {
            p.plan
                .open_tasks_of(Party::Employee)
                .into_iter()
                .map(|m| task_line(m, w))
                .collect()
        }),
        next_meeting: c
            .plan
            .as_ref()
            .and_then(|p| p.plan.next_meeting(local_now).map(|m| meeting_line(m, w))),
        changes: changes(c, w),
        acknowledged: c
            .plan
            .as_ref()
            .is_some_and(|p| c.acknowledged() == Some(p.version)),
        plan: c.plan.as_ref().map(|p| plan_view(p, w)),
        milestones: c.milestones.iter().map(|m| milestone_line(m, w)).collect(),
        contacts,
        links: own
            .links
            .into_iter()
            .map(|l| LinkLine {
                id: LinkId::from_uuid(l.id),
                who: format!("{} ({})", l.contact_name, l.organisation),
                until: w.day_of(l.expires_at),
                live: l.is_live(now),
            })
            .collect(),
        adjustment: c.adjustment.as_ref().map(|a| adjustment_view(a, w)),
    }))
}

async fn case_list(
    state: &AppState,
    w: Words,
    actor: &Actor,
) -> Result<Option<CaseList>, StoreError> {
    let coordinates = actor.roles.contains(&domain::Role::Coordinator);
    if !coordinates && actor.reach.is_empty() {
        return Ok(None);
    }
    let (db, now) = (&state.ctx.db, state.ctx.clock.now());
    let lines = cases::list_open(db, actor, now).await?;
    let signals = absence::early_signals(db, actor, now).await?;
    let to_open = absence::cases_to_open(db, actor, now).await?;
    let settings = rehab::settings(db, actor.employer).await?;
    let people = cases::openable(db, actor)
        .await?
        .into_iter()
        .map(|(id, name)| (id.as_uuid().to_string(), name))
        .collect();
    Ok(Some(CaseList {
        cases: lines
            .into_iter()
            .map(|l| CaseRow {
                id: CaseId::from_uuid(l.id),
                name: l.person_name,
                first_day: w.date(l.first_day),
                sick_today: l.extent_today.map(Extent::percent),
                next: l.next.as_ref().map(|m| milestone_line(m, w)),
                overdue: l.overdue,
            })
            .collect(),
        signals: signals
            .into_iter()
            .map(|s| SignalRow {
                person: s.person.as_uuid().to_string(),
                name: s.person_name,
                spells: s.spells,
                latest: w.date(s.latest_first_day),
            })
            .collect(),
        to_open: to_open
            .into_iter()
            .map(|c| ToOpenRow {
                person: c.person.as_uuid().to_string(),
                name: c.person_name,
                first_day: (c.due.first_day.to_string(), w.date(c.due.first_day)),
                reached_on: w.date(c.due.reached_on),
                ongoing: c.due.ongoing,
                percent: c.extent.percent(),
            })
            .collect(),
        case_day: settings.case_day,
        rule: (settings.absence.spells, settings.absence.months),
        people,
        adjustments: adjustment_list(state, w, actor).await?,
    }))
}

async fn adjustment_list(
    state: &AppState,
    w: Words,
    actor: &Actor,
) -> Result<AdjustmentList, StoreError> {
    let (db, now) = (&state.ctx.db, state.ctx.clock.now());
    let lines = adjust::list_open(db, actor, now).await?;
    let people = adjust::openable(db, actor).await?;
    Ok(AdjustmentList {
        rows: lines
            .into_iter()
            .map(|l| AdjustmentRow {
                id: CaseId::from_uuid(l.id),
                name: l.person_name,
                opened: w.day_of(l.opened_at),
                start: l.start,
                investigated: l.investigated,
                follow_up_on: l.follow_up.on().map(|d| w.near(d)),
                follow_up: l.follow_up.code(),
            })
            .collect(),
        people: people
            .into_iter()
            .map(|(id, name)| (id.as_uuid().to_string(), name))
            .collect(),
        ..Default::default()
    })
}

pub(super) async fn rehab_view(
    state: &AppState,
    lang: Lang,
    person: &Person,
) -> Result<RehabView, StoreError> {
    let actor = policy::actor(&state.ctx.db, person).await?;
    let mine = my_case(state, lang, person, &actor).await?;
    Ok(RehabView {
        may_request: mine.as_ref().is_none_or(|m| !m.open),
        mine,
        cases: case_list(state, words(state, lang), &actor).await?,
        ..Default::default()
    })
}

/// The person (and alert) an adjustment case is opened for, from the link that led here.
fn prefill(view: &mut RehabView, req: &Request) {
    let Some(list) = view.cases.as_mut().map(|c| &mut c.adjustments) else {
        return;
    };
    let query = req.uri().query().unwrap_or_default();
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        match k.as_ref() {
            "adjust" => list.person = Some(v.into_owned()),
            "alert" => list.from_alert = Some(v.into_owned()),
            _ => {}
        }
    }
}

pub async fn page(State(state): State<AppState>, me: PageUser, req: Request) -> Response {
    let (lang, person) = (me.lang, me.person);
    match rehab_view(&state, lang, &person).await {
        Ok(mut view) => {
            view.done = done_from(
                &req,
                &["acknowledged", "commented", "task", "revoked", "saved"],
            );
            prefill(&mut view, &req);
            render(state, PageData::Rehab(Box::new(view)), req).await
        }
        Err(e) => failed("rehab", e),
    }
}

/// The rehab page again with a refused form's messages, as 422.
pub(super) async fn refused_on_rehab(
    state: AppState,
    lang: Lang,
    person: &Person,
    parts: axum::http::request::Parts,
    form: &str,
    e: RehabError,
) -> Response {
    let mut view = match rehab_view(&state, lang, person).await {
        Ok(v) => v,
        Err(e) => return failed("rehab", e),
    };
    view.errors = messages(lang, form, e);
    let mut response = render_refused(
        state,
        parts,
        Some("/rehab"),
        PageData::Rehab(Box::new(view)),
    )
    .await;
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    response
}

#[derive(serde::Deserialize)]
pub struct OpenForm {
    person_id: String,
    first_day: String,
    percent: String,
    #[serde(default)]
    expected_last_day: String,
}

pub async fn open(State(state): State<AppState>, me: PageUser, req: Request) -> Response {
    let (lang, person) = (me.lang, me.person);
    let (parts, form) = match read_form::<OpenForm>(&state, req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let db = &state.ctx.db;
    let (actor, subject) = match actor_and_subject(&state, &person, &form.person_id).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let Some(m) = subject.and_then(|s| policy::manage_case(&actor, s).ok()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let parsed = (|| {
        Ok::<_, RehabError>(cases::NewCase {
            first_day: date("first_day", &form.first_day, true)?.unwrap_or_default(),
            extent: form
                .percent
                .parse()
                .ok()
                .and_then(Extent::from_percent)
                .ok_or(RehabError::Invalid(vec![(
                    "percent".into(),
                    ProblemCode::OutOfRange,
                )]))?,
            expected_last_day: date("expected_last_day", &form.expected_last_day, false)?,
        })
    })();
    let result = match parsed {
        Ok(new) => cases::open_case(db, &m, new, state.ctx.clock.now()).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(id) => Redirect::to(&format!("/rehab/cases/{id}?done=saved")).into_response(),
        Err(e) => refused_on_rehab(state, lang, &person, parts, "open", e).await,
    }
}
