//! The rehabilitation pages as plain forms: the employee's "return to work", the list of open
//! cases, a case with its plan editor, the printable plan, and the plan behind a link.
//! Decisions and rules stay in `service` and `domain`; this only turns them into views.

use super::{done_from, failed, read_form, render, render_refused, PageData};
use crate::api::rehab::field_problem;
use crate::context::PageUser;
use crate::state::AppState;
use app::i18n::{Lang, Msg};
use app::pages::{
    AdjustmentList, AdjustmentRow, AdjustmentView, CaseList, CaseRow, CaseView, LinkLine,
    MeetingLine, MilestoneLine, MyCase, PlanForm, PlanView, PrintView, RehabView, SignalRow,
    TaskLine,
};
use app::server::RequestLang;
use axum::extract::{Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use chrono::NaiveDate;
use domain::access::Actor;
use domain::adjustment::FollowUp;
use domain::human::Words;
use domain::plan::{RawMeasure, RawMeeting, RawPlan, RawWeek, TaskStatus};
use domain::rehab::{Exemption, Extent, Milestone, MilestoneKind, Outcome, Party};
use service::policy::{self, CaseAccess};
use service::rehab::adjustment::{self as adjust, Adjustment};
use service::rehab::cases::Mark;
use service::rehab::{self, absence, cases, links, plan, Case, RehabError};
use service::{Person, StoreError};
use uuid::Uuid;

/// Dates as this reader writes them, on Stockholm's calendar today.
fn words(state: &AppState, lang: Lang) -> Words {
    Words::at(lang.content(), state.ctx.clock.now())
}

fn milestone_line(m: &Milestone, w: Words) -> MilestoneLine {
    MilestoneLine {
        kind: m.kind,
        day: m.day,
        due: w.date(m.due),
        status: m.status,
        responsible: m.kind.responsible(),
        exempt: m.exempt,
        note: m.note.clone(),
    }
}

fn adjustment_view(a: &Adjustment, w: Words) -> AdjustmentView {
    AdjustmentView {
        start: a.start,
        observed: a.observed.clone(),
        with_manager: a.with_manager,
        investigation: a
            .investigation
            .as_ref()
            .map(|i| (w.date(i.on), i.companion, i.note.clone())),
        follow_up_on: a.follow_up_on.map(|d| w.near(d)),
        follow_up: FollowUp::of(a.follow_up_on, w.today).code(),
        sick_leave_from: a.sick_leave_from.map(|d| w.date(d)),
    }
}

fn plan_view(v: &rehab::PlanVersion, w: Words) -> PlanView {
    let p = &v.plan;
    PlanView {
        version: v.version,
        changed: w.day_of(v.changed_at),
        author: v.author_name.clone(),
        goal: p.goal.clone(),
        measures: p.measures.iter().map(|m| task_line(m, w)).collect(),
        schedule: p
            .schedule
            .iter()
            .map(|s| (w.week_number(s.week), s.percent, s.hours.clone()))
            .collect(),
        meetings: p.meetings.iter().map(|m| meeting_line(m, w)).collect(),
    }
}

fn task_line(m: &domain::plan::Measure, w: Words) -> TaskLine {
    TaskLine {
        id: m.id.to_string(),
        description: m.description.clone(),
        kind: m.kind,
        responsible: m.responsible,
        due: m.due.map(|d| w.near(d)),
        status: m.status,
        overdue: m.is_overdue(w.today),
    }
}

fn meeting_line(m: &domain::plan::Meeting, w: Words) -> MeetingLine {
    MeetingLine {
        at: w.date_time(m.at),
        participants: m.participants.clone(),
        summary: m.summary.clone(),
    }
}

/// What changed since the employee last looked, as `(kind, what)` in the reader's words.
fn changes(c: &Case, w: Words) -> Vec<(String, Option<String>)> {
    use domain::plan::Change;
    c.changes_since_seen
        .iter()
        .map(|ch| {
            let (kind, what) = match ch {
                Change::Goal => ("goal", None),
                Change::MeasureAdded(d) => ("measure-added", Some(d.clone())),
                Change::MeasureChanged(d) => ("measure-changed", Some(d.clone())),
                Change::MeasureDone(d) => ("measure-done", Some(d.clone())),
                Change::MeasureRemoved(d) => ("measure-removed", Some(d.clone())),
                Change::Schedule(week) => ("schedule", Some(w.week_number(*week))),
                Change::MeetingAdded(t) => ("meeting-added", Some(w.date_time(*t))),
                Change::MeetingChanged(t) => ("meeting-changed", Some(w.date_time(*t))),
                Change::MeetingRemoved(t) => ("meeting-removed", Some(w.date_time(*t))),
            };
            (kind.to_owned(), what)
        })
        .collect()
}

async fn my_case(
    state: &AppState,
    lang: Lang,
    person: &Person,
    actor: &Actor,
) -> Result<Option<MyCase>, StoreError> {
    let db = &state.ctx.db;
    let Some(id) = cases::own_case_id(db, person.id).await? else {
        return Ok(None);
    };
    let Ok(access) = policy::view_rehab_case(db, actor, id).await? else {
        return Ok(None);
    };
    let (w, now) = (words(state, lang), state.ctx.clock.now());
    let today = w.today;
    let Some(c) = cases::get(db, &access, person.id, today, now).await? else {
        return Ok(None);
    };
    let local_now = now
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .naive_local();
    let links = links::list(db, &access).await?;
    let mut contacts = vec![];
    // Whoever opened the case, unless the employee did by asking for adjusted work.
    if let Some((name, _)) = c.opened_by.as_ref().filter(|(_, by)| *by != person.id) {
        contacts.push((name.clone(), lang.t(Msg::RoleCoordinator).to_owned()));
    }
    for m in service::consents::list_consents(db, &policy::own_data(person))
        .await?
        .managers
    {
        contacts.push((m.name, lang.t(Msg::RoleManager).to_owned()));
    }
    Ok(Some(MyCase {
        case_id: c.id.to_string(),
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
        changes: changes(&c, w),
        acknowledged: c
            .plan
            .as_ref()
            .is_some_and(|p| c.acknowledged() == Some(p.version)),
        plan: c.plan.as_ref().map(|p| plan_view(p, w)),
        milestones: c.milestones.iter().map(|m| milestone_line(m, w)).collect(),
        contacts,
        links: links
            .into_iter()
            .map(|l| LinkLine {
                id: l.id.to_string(),
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
    let rule = rehab::settings(db, actor.employer).await?.absence;
    let people = cases::openable(db, actor)
        .await?
        .into_iter()
        .map(|(id, name)| (id.as_uuid().to_string(), name))
        .collect();
    Ok(Some(CaseList {
        cases: lines
            .into_iter()
            .map(|l| CaseRow {
                id: l.id.to_string(),
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
        rule: (rule.spells, rule.months),
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
                id: l.id.to_string(),
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

async fn rehab_view(
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

/// (form, field, message) for each thing wrong; a refusal without fields is one line.
pub(super) fn messages(lang: Lang, form: &str, e: RehabError) -> Vec<(String, String, String)> {
    let one = |m: Msg| vec![(form.to_owned(), String::new(), lang.t(m).to_owned())];
    match e {
        RehabError::Invalid(fields) => fields
            .into_iter()
            .map(|(field, code)| {
                let p = field_problem(lang, field, code);
                (form.to_owned(), p.field, p.message)
            })
            .collect(),
        RehabError::AlreadyOpen => one(Msg::ErrCaseOpen),
        RehabError::Closed => one(Msg::ErrCaseClosed),
        RehabError::NotYourTask => one(Msg::ErrNotYourTask),
        RehabError::WrongKind => one(Msg::ErrWrongCaseKind),
        RehabError::Stale { current } => vec![(
            form.to_owned(),
            String::new(),
            lang.tf(Msg::ErrPlanStale, &[&current]),
        )],
        RehabError::NotFound | RehabError::Store(_) => one(Msg::ErrNotFound),
    }
}

/// The signed-in person's view of a case they may see, or the response that ends the request.
pub(super) async fn access(
    state: &AppState,
    person: &Person,
    case: &str,
) -> Result<(Actor, CaseAccess), Response> {
    let db = &state.ctx.db;
    let actor = policy::actor(db, person)
        .await
        .map_err(|e| failed("rehab", e))?;
    let id: Uuid = case
        .parse()
        .map_err(|_| StatusCode::NOT_FOUND.into_response())?;
    match policy::view_rehab_case(db, &actor, id).await {
        Ok(Ok(a)) => Ok((actor, a)),
        Ok(Err(_)) => Err(StatusCode::NOT_FOUND.into_response()),
        Err(e) => Err(failed("rehab", e)),
    }
}

#[derive(serde::Deserialize)]
pub struct VersionForm {
    version: i32,
    #[serde(default)]
    comment: Option<String>,
}

/// The employee acknowledges the plan, comments on it, or marks a task done.
async fn take_part(
    State(state): State<AppState>,
    me: PageUser,
    Path((case, what)): Path<(String, String)>,
    req: Request,
) -> Response {
    let (lang, person) = (me.lang, me.person);
    let (_, access) = match access(&state, &person, &case).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let (parts, form) = match read_form::<VersionForm>(&state, req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let now = state.ctx.clock.now();
    let db = &state.ctx.db;
    let (comment, done) = match what.as_str() {
        "acknowledge" => (None, "acknowledged"),
        _ => (Some(form.comment.unwrap_or_default()), "commented"),
    };
    match plan::take_part(db, &access, form.version, comment, now).await {
        Ok(()) => Redirect::to(&format!("/rehab?done={done}")).into_response(),
        Err(e) => refused_on_rehab(state, lang, &person, parts, "comment", e).await,
    }
}

#[derive(serde::Deserialize)]
pub struct TaskForm {
    status: String,
}

pub async fn task(
    State(state): State<AppState>,
    me: PageUser,
    Path((case, measure)): Path<(String, String)>,
    req: Request,
) -> Response {
    let (lang, person) = (me.lang, me.person);
    let (_, access) = match access(&state, &person, &case).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let (parts, form) = match read_form::<TaskForm>(&state, req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let (Ok(measure), Some(status)) = (measure.parse(), TaskStatus::parse(&form.status)) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let now = state.ctx.clock.now();
    match plan::set_own_task(&state.ctx.db, &access, measure, status, now).await {
        Ok(_) => Redirect::to("/rehab?done=task").into_response(),
        Err(e) => refused_on_rehab(state, lang, &person, parts, "task", e).await,
    }
}

#[derive(serde::Deserialize)]
pub struct LinkForm {
    contact_name: String,
    organisation: String,
    days: String,
}

pub async fn give_link(
    State(state): State<AppState>,
    me: PageUser,
    Path(case): Path<String>,
    req: Request,
) -> Response {
    let (lang, person) = (me.lang, me.person);
    let (_, access) = match access(&state, &person, &case).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let (parts, form) = match read_form::<LinkForm>(&state, req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let days = form.days.trim().parse().unwrap_or(0);
    let now = state.ctx.clock.now();
    let db = &state.ctx.db;
    match links::create(
        db,
        &access,
        &form.contact_name,
        &form.organisation,
        days,
        now,
    )
    .await
    {
        // The address is shown on this one answer only: render rather than redirect.
        Ok((_, token)) => {
            let url = format!(
                "{}/shared/{token}",
                state.settings.public_url.as_str().trim_end_matches('/')
            );
            let mut view = match rehab_view(&state, lang, &person).await {
                Ok(v) => v,
                Err(e) => return failed("rehab", e),
            };
            view.new_link = Some(url);
            render_refused(
                state,
                parts,
                Some("/rehab"),
                PageData::Rehab(Box::new(view)),
            )
            .await
        }
        Err(e) => refused_on_rehab(state, lang, &person, parts, "link", e).await,
    }
}

pub async fn revoke_link(
    State(state): State<AppState>,
    me: PageUser,
    Path((case, link)): Path<(String, String)>,
) -> Response {
    let person = me.person;
    let (_, access) = match access(&state, &person, &case).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let Ok(link) = link.parse() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match links::revoke(&state.ctx.db, &access, link, state.ctx.clock.now()).await {
        Ok(true) => Redirect::to("/rehab?done=revoked").into_response(),
        Ok(false) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => failed("rehab", e),
    }
}

#[derive(serde::Deserialize)]
pub struct OpenForm {
    person_id: String,
    first_day: String,
    percent: String,
    #[serde(default)]
    expected_last_day: String,
}

pub(super) fn date(
    field: &str,
    text: &str,
    required: bool,
) -> Result<Option<NaiveDate>, RehabError> {
    match text.trim() {
        "" if required => Err(RehabError::Invalid(vec![(field.into(), "missing")])),
        "" => Ok(None),
        t => t
            .parse()
            .map(Some)
            .map_err(|_| RehabError::Invalid(vec![(field.into(), "not_a_date")])),
    }
}

/// The signed-in actor, and the person a form names by id (`None`: no such person).
pub(super) async fn actor_and_subject(
    state: &AppState,
    person: &Person,
    id: &str,
) -> Result<(Actor, Option<domain::access::Subject>), Response> {
    let db = &state.ctx.db;
    let actor = policy::actor(db, person)
        .await
        .map_err(|e| failed("rehab", e))?;
    let subject = match id.parse::<Uuid>() {
        Ok(id) => policy::subject(db, id)
            .await
            .map_err(|e| failed("rehab", e))?,
        Err(_) => None,
    };
    Ok((actor, subject))
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
                    "out_of_range",
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

fn plan_form(p: Option<&rehab::PlanVersion>) -> PlanForm {
    form_of(
        p.map_or(0, |p| p.version),
        p.map(|p| p.plan.to_raw()).unwrap_or_default(),
    )
}

/// The editor's rows for a plan as typed (or as stored), with blank rows to add to.
fn form_of(base_version: i32, raw: RawPlan) -> PlanForm {
    let text = |s: Option<String>| s.unwrap_or_default();
    let id = |i: Option<Uuid>| i.map(|i| i.to_string()).unwrap_or_default();
    let mut f = PlanForm {
        base_version,
        goal: raw.goal,
        measures: raw
            .measures
            .into_iter()
            .map(|m| {
                [
                    id(m.id),
                    m.kind,
                    m.description,
                    m.responsible,
                    text(m.due),
                    text(m.status),
                ]
            })
            .collect(),
        schedule: raw
            .schedule
            .into_iter()
            .map(|w| {
                [
                    w.week,
                    text(w.percent.map(|p| p.to_string())),
                    text(w.hours),
                ]
            })
            .collect(),
        meetings: raw
            .meetings
            .into_iter()
            .map(|m| [id(m.id), m.at, m.participants, text(m.summary)])
            .collect(),
    };
    pad(&mut f);
    f
}

/// Blank rows to add to, since the form works without JavaScript.
fn pad(f: &mut PlanForm) {
    f.measures
        .extend(std::iter::repeat_n(Default::default(), 2));
    f.schedule
        .extend(std::iter::repeat_n(Default::default(), 3));
    f.meetings
        .extend(std::iter::repeat_n(Default::default(), 1));
}

async fn case_view(
    state: &AppState,
    lang: Lang,
    person: &Person,
    actor: &Actor,
    access: &CaseAccess,
) -> Result<Option<CaseView>, StoreError> {
    let db = &state.ctx.db;
    let (w, now) = (words(state, lang), state.ctx.clock.now());
    let Some(c) = cases::get(db, access, person.id, w.today, now).await? else {
        return Ok(None);
    };
    let may_manage = policy::manage_rehab_case(db, actor, c.id).await?.is_ok();
    let may_record_call = policy::record_day_three_call(db, actor, c.id)
        .await?
        .is_ok();
    Ok(Some(CaseView {
        id: c.id.to_string(),
        name: c.person_name.clone(),
        open: c.is_open(),
        first_day: c
            .leave
            .spells
            .last()
            .map(|s| w.date(s.first_day))
            .unwrap_or_default(),
        sick_today: c.extent_today.map(Extent::percent),
        expected_last_day: c.leave.expected_last_day.map(|d| w.date(d)),
        extents: c
            .extents
            .iter()
            .map(|e| (w.date(e.from), e.extent.percent()))
            .collect(),
        milestones: c.milestones.iter().map(|m| milestone_line(m, w)).collect(),
        plan: c.plan.as_ref().map(|p| plan_view(p, w)),
        form: plan_form(c.plan.as_ref()),
        participation: c
            .participation
            .iter()
            .map(|p| {
                let what = match p.kind {
                    rehab::ParticipationKind::Acknowledged => {
                        lang.tf(Msg::RehabAcknowledgedVersion, &[&p.version])
                    }
                    rehab::ParticipationKind::Commented => {
                        lang.tf(Msg::RehabCommentedVersion, &[&p.version])
                    }
                };
                (w.day_of(p.at), what, p.comment.clone())
            })
            .collect(),
        done: None,
        errors: vec![],
        may_manage,
        may_record_call,
        at_work: c.leave.spells.is_empty(),
        adjustment: c.adjustment.as_ref().map(|a| adjustment_view(a, w)),
    }))
}

pub async fn case_page(
    State(state): State<AppState>,
    me: PageUser,
    Path(case): Path<String>,
    req: Request,
) -> Response {
    let (lang, person) = (me.lang, me.person);
    let (actor, access) = match access(&state, &person, &case).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    match case_view(&state, lang, &person, &actor, &access).await {
        Ok(Some(mut v)) => {
            v.done = done_from(&req, &["saved"]);
            render(state, PageData::Case(Box::new(v)), req).await
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => failed("rehab case", e),
    }
}

/// The editor's flat fields (`m0_kind`, `w1_percent`, `g0_at`) back into a plan as typed;
/// rows left blank are dropped.
pub(crate) fn raw_plan(fields: &[(String, String)]) -> (i32, RawPlan) {
    // One pass into maps: a form can carry thousands of fields, and a scan of them for every
    // field of every row made a large one cost seconds. The first value of a name counts.
    let mut by_name = std::collections::HashMap::with_capacity(fields.len());
    let mut numbered = std::collections::HashSet::new();
    for (k, v) in fields {
        by_name.entry(k.as_str()).or_insert_with(|| v.trim());
        let mut chars = k.chars();
        if let (Some(prefix), Some((n, _))) = (chars.next(), chars.as_str().split_once('_')) {
            // Only the canonical spelling of a row number ("m3_", not "m03_" or "m+3_").
            if let Some(i) = n.parse::<usize>().ok().filter(|i| i.to_string() == n) {
                numbered.insert((prefix, i));
            }
        }
    }
    let get = |name: &str| by_name.get(name).map(|v| v.to_string()).unwrap_or_default();
    let opt = |s: String| (!s.is_empty()).then_some(s);
    // Rows are numbered from 0; the first missing number ends them.
    let rows = |prefix: char| {
        (0..)
            .take_while(|i| numbered.contains(&(prefix, *i)))
            .collect::<Vec<usize>>()
    };
    let mut raw = RawPlan {
        goal: get("goal"),
        ..Default::default()
    };
    for i in rows('m') {
        let f = |n: &str| get(&format!("m{i}_{n}"));
        if ["kind", "description", "responsible", "due"]
            .iter()
            .all(|n| f(n).is_empty())
        {
            continue;
        }
        raw.measures.push(RawMeasure {
            id: f("id").parse().ok(),
            kind: f("kind"),
            description: f("description"),
            responsible: f("responsible"),
            due: opt(f("due")),
            status: opt(f("status")),
        });
    }
    for i in rows('w') {
        let f = |n: &str| get(&format!("w{i}_{n}"));
        if ["week", "percent", "hours"].iter().all(|n| f(n).is_empty()) {
            continue;
        }
        raw.schedule.push(RawWeek {
            week: f("week"),
            percent: f("percent").parse().ok(),
            hours: opt(f("hours")),
        });
    }
    for i in rows('g') {
        let f = |n: &str| get(&format!("g{i}_{n}"));
        if ["at", "participants", "summary"]
            .iter()
            .all(|n| f(n).is_empty())
        {
            continue;
        }
        raw.meetings.push(RawMeeting {
            id: f("id").parse().ok(),
            at: f("at"),
            participants: f("participants"),
            summary: opt(f("summary")),
        });
    }
    (get("base_version").parse().unwrap_or(0), raw)
}

/// The case page again, showing a refused form's messages (and the plan as typed), as 422.
async fn refused_on_case(
    state: AppState,
    parts: axum::http::request::Parts,
    view: Option<CaseView>,
) -> Response {
    let Some(v) = view else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut parts = parts;
    parts.uri = format!("/rehab/cases/{}", v.id).parse().unwrap_or_default();
    let mut response = render_refused(state, parts, None, PageData::Case(Box::new(v))).await;
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    response
}

/// The coordinator's changes to a case: the plan, a milestone, the extent, closing.
async fn change(
    State(state): State<AppState>,
    me: PageUser,
    Path((case, what)): Path<(String, String)>,
    req: Request,
) -> Response {
    let (lang, person) = (me.lang, me.person);
    let (actor, access) = match access(&state, &person, &case).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let db = &state.ctx.db;
    let m = match policy::manage_rehab_case(db, &actor, access.case()).await {
        Ok(Ok(m)) => m,
        Ok(Err(_)) => return StatusCode::FORBIDDEN.into_response(),
        Err(e) => return failed("rehab case", e),
    };
    let (parts, fields) = match read_form::<Vec<(String, String)>>(&state, req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let get = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    };
    let (id, now) = (access.case(), state.ctx.clock.now());
    let mut typed = None;
    let result: Result<(), RehabError> = match what.as_str() {
        "plan" => {
            let (base, raw) = raw_plan(&fields);
            match raw.clone().parse(Uuid::new_v4) {
                Ok(p) => plan::save(db, &m, id, base, p, now).await.map(drop),
                Err(problems) => {
                    typed = Some(form_of(base, raw));
                    Err(RehabError::Invalid(
                        problems
                            .into_iter()
                            .map(|p| (p.field, p.code.code()))
                            .collect(),
                    ))
                }
            }
        }
        "milestones" => match MilestoneKind::parse(get("kind")) {
            Some(kind) => {
                let note = Some(get("note").to_owned());
                cases::record_milestone(db, &m, id, kind, Mark::Done { note }, now).await
            }
            None => Err(RehabError::Invalid(vec![("kind".into(), "unknown")])),
        },
        "exemption" => match Exemption::parse(get("exemption")) {
            Some(e) => {
                let kind = MilestoneKind::ReturnToWorkPlan;
                cases::record_milestone(db, &m, id, kind, Mark::Exempt(e), now).await
            }
            None => Err(RehabError::Invalid(vec![("exemption".into(), "missing")])),
        },
        "extent" => match (
            date("from", get("from"), true),
            get("percent").parse().ok().and_then(Extent::from_percent),
        ) {
            (Ok(Some(from)), Some(extent)) => cases::set_extent(db, &m, id, from, extent).await,
            (Err(e), _) => Err(e),
            _ => Err(RehabError::Invalid(vec![(
                "percent".into(),
                "out_of_range",
            )])),
        },
        "close" => match (
            date("last_day", get("last_day"), false),
            Outcome::parse(get("outcome")),
        ) {
            (Ok(last), Some(outcome)) => cases::close_case(db, &m, id, last, outcome, now).await,
            (Err(e), _) => Err(e),
            _ => Err(RehabError::Invalid(vec![("outcome".into(), "unknown")])),
        },
        "investigation" => {
            let field = |n: &str| Some(get(n)).filter(|v| !v.is_empty());
            let on = field("on");
            match crate::api::adjustment::parse_investigation(
                now,
                on,
                field("companion"),
                field("note"),
            ) {
                Ok(inv) => adjust::record_investigation(db, &m, id, inv).await,
                Err(bad) => Err(RehabError::Invalid(
                    bad.into_iter().map(|(f, c)| (f.to_owned(), c)).collect(),
                )),
            }
        }
        "follow-up" => match date("on", get("on"), true) {
            Ok(Some(on)) => adjust::set_follow_up(db, &m, id, on, now).await,
            Ok(None) => Err(RehabError::Invalid(vec![("on".into(), "missing")])),
            Err(e) => Err(e),
        },
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let change = Changed {
        person: &person,
        actor: &actor,
        access: &access,
        parts,
    };
    changed(state, lang, change, &what, result, typed).await
}

/// Who changed which case, and the request the change came in.
struct Changed<'a> {
    person: &'a Person,
    actor: &'a Actor,
    access: &'a CaseAccess,
    parts: axum::http::request::Parts,
}

/// After a change to a case through `form`: back to the case, or the case again with the
/// refusal's messages at the form (and the plan as typed, when that was the form).
async fn changed(
    state: AppState,
    lang: Lang,
    c: Changed<'_>,
    form: &str,
    result: Result<(), RehabError>,
    typed: Option<PlanForm>,
) -> Response {
    let id = c.access.case();
    match result {
        Ok(()) => Redirect::to(&format!("/rehab/cases/{id}?done=saved")).into_response(),
        Err(e) => match case_view(&state, lang, c.person, c.actor, c.access).await {
            Ok(view) => {
                let view = view.map(|mut v| {
                    v.errors = messages(lang, form, e);
                    v.form = typed.unwrap_or(v.form);
                    v
                });
                refused_on_case(state, c.parts, view).await
            }
            Err(e) => failed("rehab case", e),
        },
    }
}

/// The plan as printed, from a case its reader may see.
pub(crate) fn print_of(c: &Case, w: Words) -> PrintView {
    PrintView {
        name: c.person_name.clone(),
        plan: c.plan.as_ref().map(|p| plan_view(p, w)),
        milestones: c.milestones.iter().map(|m| milestone_line(m, w)).collect(),
        shared_with: None,
        pdf: format!("/rehab/cases/{}/plan.pdf", c.id),
    }
}

async fn print_view(
    state: &AppState,
    lang: Lang,
    person: &Person,
    case: &str,
) -> Result<PrintView, Response> {
    let (_, access) = access(state, person, case).await?;
    let (w, now) = (words(state, lang), state.ctx.clock.now());
    match cases::get(&state.ctx.db, &access, person.id, w.today, now).await {
        Ok(Some(c)) => Ok(print_of(&c, w)),
        Ok(None) => Err(StatusCode::NOT_FOUND.into_response()),
        Err(e) => Err(failed("rehab print", e)),
    }
}

/// The plan behind a link, for the occupational-health contact it was given to.
async fn shared_view(state: &AppState, lang: Lang, token: &str) -> Result<PrintView, Response> {
    match links::read(&state.ctx.db, token, state.ctx.clock.now()).await {
        Ok(Some(s)) => Ok(shared_print(&s, words(state, lang), token)),
        Ok(None) => Err(StatusCode::NOT_FOUND.into_response()),
        Err(e) => Err(failed("shared plan", e)),
    }
}

/// The plan behind a link as its contact prints it: the plan alone, no milestones.
pub(crate) fn shared_print(s: &links::SharedPlan, w: Words, token: &str) -> PrintView {
    PrintView {
        name: s.person_name.clone(),
        plan: s.plan.as_ref().map(|p| plan_view(p, w)),
        milestones: vec![],
        shared_with: Some((s.contact_name.clone(), w.day_of(s.expires_at))),
        pdf: format!("/shared/{token}/plan.pdf"),
    }
}

/// The printed plan as a PDF file to download.
pub(crate) fn pdf_file(lang: Lang, v: &PrintView) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"orka-plan.pdf\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        app::pages::plan_pdf(lang, v),
    )
        .into_response()
}

pub async fn print_page(
    State(state): State<AppState>,
    me: PageUser,
    Path(case): Path<String>,
    req: Request,
) -> Response {
    let (lang, person) = (me.lang, me.person);
    match print_view(&state, lang, &person, &case).await {
        Ok(v) => render(state, PageData::Print(Box::new(v)), req).await,
        Err(r) => r,
    }
}

pub async fn print_pdf(
    State(state): State<AppState>,
    me: PageUser,
    Path(case): Path<String>,
) -> Response {
    let (lang, person) = (me.lang, me.person);
    match print_view(&state, lang, &person, &case).await {
        Ok(v) => pdf_file(lang, &v),
        Err(r) => r,
    }
}

pub async fn shared_page(
    State(state): State<AppState>,
    Extension(RequestLang(lang)): Extension<RequestLang>,
    Path(token): Path<String>,
    req: Request,
) -> Response {
    match shared_view(&state, lang, &token).await {
        Ok(v) => render(state, PageData::Print(Box::new(v)), req).await,
        Err(r) => r,
    }
}

pub async fn shared_pdf(
    State(state): State<AppState>,
    Extension(RequestLang(lang)): Extension<RequestLang>,
    Path(token): Path<String>,
) -> Response {
    match shared_view(&state, lang, &token).await {
        Ok(v) => pdf_file(lang, &v),
        Err(r) => r,
    }
}

/// One route for a case's forms: the employee's part (acknowledge, comment) and the
/// coordinator's changes (plan, milestones, extent, close).
pub async fn act(
    state: State<AppState>,
    me: PageUser,
    Path((case, action)): Path<(String, String)>,
    req: Request,
) -> Response {
    let path = Path((case, action.clone()));
    match action.as_str() {
        "acknowledge" | "comment" => take_part(state, me, path, req).await,
        "call" => day_three_call(state, me, path, req).await,
        "manager" => super::adjustment::manager(state, me, path, req).await,
        _ => change(state, me, path, req).await,
    }
}

/// The manager's day-3 call, recorded as made: theirs to record whoever runs the case.
async fn day_three_call(
    State(state): State<AppState>,
    me: PageUser,
    Path((case, _)): Path<(String, String)>,
    req: Request,
) -> Response {
    let (lang, person) = (me.lang, me.person);
    let (actor, access) = match access(&state, &person, &case).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let db = &state.ctx.db;
    let call = match policy::record_day_three_call(db, &actor, access.case()).await {
        Ok(Ok(c)) => c,
        Ok(Err(_)) => return StatusCode::FORBIDDEN.into_response(),
        Err(e) => return failed("rehab case", e),
    };
    let parts = match read_form::<Vec<(String, String)>>(&state, req).await {
        Ok((parts, _)) => parts,
        Err(r) => return r,
    };
    let result = cases::record_call(db, &call, true, state.ctx.clock.now()).await;
    let change = Changed {
        person: &person,
        actor: &actor,
        access: &access,
        parts,
    };
    changed(state, lang, change, "call", result, None).await
}

#[cfg(test)]
mod tests {
    use super::raw_plan;

    fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn the_editor_fields_become_rows_in_order_until_the_first_gap() {
        let (base, raw) = raw_plan(&form(&[
            ("base_version", "3"),
            ("goal", "  Tillbaka på heltid  "),
            ("m1_kind", "adjusted_tasks"),
            ("m0_kind", "reduced_hours"),
            ("m0_description", "Halvtid"),
            // A blank row is dropped, a gap ends the rows, odd spellings are no rows.
            ("m2_kind", ""),
            ("m4_kind", "training"),
            ("m03_kind", "training"),
            ("w0_week", "2026-W50"),
            ("w0_percent", "50"),
            ("goal", "a second goal is ignored"),
        ]));
        assert_eq!(base, 3);
        assert_eq!(raw.goal, "Tillbaka på heltid");
        let kinds: Vec<&str> = raw.measures.iter().map(|m| m.kind.as_str()).collect();
        assert_eq!(kinds, ["reduced_hours", "adjusted_tasks"]);
        assert_eq!(raw.measures[0].description, "Halvtid");
        assert_eq!(raw.schedule.len(), 1);
        assert_eq!(raw.schedule[0].percent, Some(50));
        assert!(raw.meetings.is_empty());
    }

    #[test]
    fn a_huge_form_is_read_in_one_pass() {
        // Twenty thousand fields: row by row lookups made this take seconds per request.
        let mut pairs = vec![];
        for i in 0..5000 {
            for f in ["kind", "description", "responsible", "due"] {
                pairs.push((format!("m{i}_{f}"), "x".to_owned()));
            }
        }
        let (_, raw) = raw_plan(&pairs);
        assert_eq!(raw.measures.len(), 5000);
    }
}
