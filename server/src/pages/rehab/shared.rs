//! What every rehab page builds from: views of milestones, plans and adjustment records in
//! the reader's words, the messages for a refused form, and the case a form is about, found
//! through the policy.

use crate::failure::Failure;
use crate::pages::render::failed;
use crate::state::AppState;
use app::i18n::Lang;
use app::pages::{AdjustmentView, MeetingLine, MilestoneLine, PlanView, TaskLine};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use domain::access::Actor;
use domain::adjustment::FollowUp;
use domain::human::Words;
use domain::plan::{ChangeKind, ChangeSubject};
use domain::problem::ProblemCode;
use domain::rehab::Milestone;
use service::policy::{self, CaseAccess};
use service::rehab::adjustment::Adjustment;
use service::rehab::{self, Case, RehabError};
use service::Person;
use uuid::Uuid;

/// Dates as this reader writes them, on Stockholm's calendar today.
pub(super) fn words(state: &AppState, lang: Lang) -> Words {
    Words::at(lang.content(), state.ctx.clock.now())
}

pub(super) fn milestone_line(m: &Milestone, w: Words) -> MilestoneLine {
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

pub(super) fn adjustment_view(a: &Adjustment, w: Words) -> AdjustmentView {
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

pub(super) fn plan_view(v: &rehab::PlanVersion, w: Words) -> PlanView {
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

pub(super) fn task_line(m: &domain::plan::Measure, w: Words) -> TaskLine {
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

pub(super) fn meeting_line(m: &domain::plan::Meeting, w: Words) -> MeetingLine {
    MeetingLine {
        at: w.date_time(m.at),
        participants: m.participants.clone(),
        summary: m.summary.clone(),
    }
}

/// What changed since the employee last looked, each named in the reader's words.
pub(super) fn changes(c: &Case, w: Words) -> Vec<(ChangeKind, Option<String>)> {
    c.changes_since_seen
        .iter()
        .map(|ch| {
            let what = match ch.subject() {
                ChangeSubject::Nothing => None,
                ChangeSubject::Measure(d) => Some(d.to_owned()),
                ChangeSubject::Week(week) => Some(w.week_number(week)),
                ChangeSubject::Meeting(t) => Some(w.date_time(t)),
            };
            (ch.kind(), what)
        })
        .collect()
}

/// (form, field, message) for each thing wrong; a refusal without fields is one line.
pub(super) fn messages(lang: Lang, form: &str, e: RehabError) -> Vec<(String, String, String)> {
    Failure::from(e)
        .lines(lang)
        .into_iter()
        .map(|(field, text)| (form.to_owned(), field, text))
        .collect()
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

pub(super) fn date(
    field: &str,
    text: &str,
    required: bool,
) -> Result<Option<NaiveDate>, RehabError> {
    match text.trim() {
        "" if required => Err(RehabError::Invalid(vec![(
            field.into(),
            ProblemCode::Missing,
        )])),
        "" => Ok(None),
        t => domain::time::date(t)
            .map(Some)
            .ok_or_else(|| RehabError::Invalid(vec![(field.into(), ProblemCode::NotADate)])),
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
