//! Absences as the employer records them by hand (`POST /api/v1/people/{id}/absences`) or as
//! payroll sends them (`POST /api/v1/employers/{slug}/absences`), and the early signal they
//! raise: short spells often enough for the employer's rule.

use super::case_access::{dates, id, required, subject_of, today};
use super::problem::{json_body, Problem};
use crate::context::{actor_for, ApiUser};
use crate::failure::{import_line, problem, refused, store_failed};
use crate::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use service::absence_import::{self, AbsenceImportError, AbsenceReport};
use service::policy::{self};
use service::rehab::{self, absence};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct AbsenceBody {
    pub first_day: Option<String>,
    pub last_day: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AbsenceDto {
    pub id: Uuid,
}

/// Records a short absence spell of a person, for the early-signal rule.
#[utoipa::path(post, path = "/api/v1/people/{id}/absences", tag = "rehabilitation", params(("id" = Uuid, Path)),
    request_body = AbsenceBody,
    responses((status = 201, body = AbsenceDto), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn record_absence(
    State(state): State<AppState>,
    me: ApiUser,
    Path(who): Path<String>,
    body: Result<Json<AbsenceBody>, JsonRejection>,
) -> Result<(StatusCode, Json<AbsenceDto>), Problem> {
    let (lang, _person) = (me.lang, &me.person);
    let actor = actor_for(&me).await?;
    let body = json_body(body)?;
    let subject = subject_of(&state, lang, id(lang, &who)?).await?;
    let m = policy::manage_case(actor, subject).map_err(|r| refused(lang, r))?;
    let [first, last] = dates(
        lang,
        [
            ("first_day", body.first_day.as_deref()),
            ("last_day", body.last_day.as_deref()),
        ],
    )?;
    let first = required(lang, "first_day", first)?;
    let last = last.unwrap_or(first);
    let now = state.ctx.clock.now();
    let id = absence::record(&state.ctx.db, &m, first, last, today(&state), now)
        .await
        .map_err(problem(lang))?;
    Ok((StatusCode::CREATED, Json(AbsenceDto { id })))
}

#[derive(Serialize, ToSchema)]
pub struct EarlySignalDto {
    pub person_id: Uuid,
    pub person_name: String,
    pub spells: usize,
    pub latest_first_day: NaiveDate,
}

#[derive(Serialize, ToSchema)]
pub struct EarlySignalsDto {
    /// The employer's rule: this many spells…
    pub rule_spells: u32,
    /// …within this many months.
    pub rule_months: u32,
    pub items: Vec<EarlySignalDto>,
}

/// People whose repeated short absences meet the employer's rule, for an early health
/// conversation (people with an open case are on the case list instead).
#[utoipa::path(get, path = "/api/v1/rehab/early-signals", tag = "rehabilitation",
    responses((status = 200, body = EarlySignalsDto), (status = 401, body = Problem)))]
pub async fn early_signals(
    State(state): State<AppState>,
    me: ApiUser,
) -> Result<Json<EarlySignalsDto>, Problem> {
    let (lang, _person) = (me.lang, &me.person);
    let actor = actor_for(&me).await?;
    let db = &state.ctx.db;
    let fail = |e| store_failed(lang, e);
    let rule = rehab::settings(db, actor.employer)
        .await
        .map_err(fail)?
        .absence;
    let items = absence::early_signals(db, actor, state.ctx.clock.now())
        .await
        .map_err(fail)?;
    Ok(Json(EarlySignalsDto {
        rule_spells: rule.spells,
        rule_months: rule.months,
        items: items
            .into_iter()
            .map(|s| EarlySignalDto {
                person_id: s.person.as_uuid(),
                person_name: s.person_name,
                spells: s.spells,
                latest_first_day: s.latest_first_day,
            })
            .collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct CaseToOpenDto {
    pub person_id: Uuid,
    pub person_name: String,
    /// The sick period's first day, which the case opens with.
    pub first_day: NaiveDate,
    /// The date the period reached the employer's case day.
    pub reached_on: NaiveDate,
    /// Whether the person is still away today.
    pub ongoing: bool,
    /// The latest spell's extent, to the nearest quarter, which the case opens with.
    pub percent: u8,
}

#[derive(Serialize, ToSchema)]
pub struct CasesToOpenDto {
    /// The employer's case day: a sick period reaching this day puts the person on the list.
    pub case_day: u32,
    pub items: Vec<CaseToOpenDto>,
}

/// People whose sick period (from payroll or typed in) reached the employer's case day with no
/// case opened for it: the coordinator's list of cases to open, first day and extent filled in.
#[utoipa::path(get, path = "/api/v1/rehab/cases-to-open", tag = "rehabilitation",
    responses((status = 200, body = CasesToOpenDto), (status = 401, body = Problem)))]
pub async fn cases_to_open(
    State(state): State<AppState>,
    me: ApiUser,
) -> Result<Json<CasesToOpenDto>, Problem> {
    let actor = actor_for(&me).await?;
    let (db, fail) = (&state.ctx.db, |e| store_failed(me.lang, e));
    let case_day = rehab::settings(db, actor.employer)
        .await
        .map_err(fail)?
        .case_day;
    let items = absence::cases_to_open(db, actor, state.ctx.clock.now())
        .await
        .map_err(fail)?;
    Ok(Json(CasesToOpenDto {
        case_day,
        items: items
            .into_iter()
            .map(|c| CaseToOpenDto {
                person_id: c.person.as_uuid(),
                person_name: c.person_name,
                first_day: c.due.first_day,
                reached_on: c.due.reached_on,
                ongoing: c.due.ongoing,
                percent: c.extent.percent(),
            })
            .collect(),
    }))
}

/// The largest payroll file taken: 200,000 spells are about 8 MB.
pub const MAX_IMPORT: usize = 32 * 1024 * 1024;

/// What an import changed.
#[derive(Serialize, ToSchema)]
pub struct AbsenceImportDto {
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
    pub unchanged: usize,
}

impl From<AbsenceReport> for AbsenceImportDto {
    fn from(r: AbsenceReport) -> Self {
        AbsenceImportDto {
            added: r.added,
            updated: r.updated,
            removed: r.removed,
            unchanged: r.unchanged,
        }
    }
}

/// Payroll's sick-leave spells for the employer, as the CSV of `orka import-absence`, for an
/// integration to post nightly under an admin's token. The whole file or nothing: any bad
/// row is a 422 whose `errors` name each problem as `line.column` (`3.first_day`).
#[utoipa::path(post, path = "/api/v1/employers/{slug}/absences", tag = "administration", params(("slug" = String, Path)),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = AbsenceImportDto), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 413), (status = 422, body = Problem)))]
pub async fn import(
    State(state): State<AppState>,
    me: ApiUser,
    Path(slug): Path<String>,
    body: axum::body::Bytes,
) -> Result<Json<AbsenceImportDto>, Problem> {
    let lang = me.lang;
    let (employer, _) = super::employers::administered(&state, &me, &slug).await?;
    let bad_file = |problems: &[absence_import::SpellProblem]| {
        let lines = problems.iter().map(|p| import_line(lang, p)).collect();
        Problem::invalid(lang, lines)
    };
    let Ok(text) = std::str::from_utf8(&body) else {
        let not_utf8 = absence_import::SpellProblem::not_utf8();
        return Err(bad_file(&[not_utf8]));
    };
    let now = state.ctx.clock.now();
    let rows = absence_import::parse(text, today(&state)).map_err(|p| bad_file(&p))?;
    let report = absence_import::apply(&state.ctx.db, &employer.slug, rows, now)
        .await
        .map_err(|e| match e {
            AbsenceImportError::BadRows(problems) => bad_file(&problems),
            AbsenceImportError::NoEmployer(_) => refused(lang, policy::Refused::Hidden),
            AbsenceImportError::Store(e) => store_failed(lang, e),
        })?;
    Ok(Json(report.into()))
}
