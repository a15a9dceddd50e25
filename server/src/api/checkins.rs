//! The person's own check-ins over JSON.

use super::problem::{FieldProblem, Problem};
use crate::context::ApiUser;
use crate::failure::{problem, store_failed};
use crate::state::AppState;
use app::i18n::{Lang, Msg};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use chrono::{DateTime, Utc};
use domain::{IsoWeek, RawAnswer, RawCheckIn};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use service::check_in_result::{self, ReminderOffer};
use service::checkins::{self, OwnCheckIn};
use service::policy;
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct CheckInDto {
    /// ISO week, e.g. `2026-W48`.
    pub week: String,
    /// SISQ, 1 (not at all) – 5 (very much).
    pub stress: u8,
    /// Work Ability Score, 0–10.
    pub work_ability: u8,
    /// WHO-5, when it was asked that week.
    pub who5: Option<Who5Dto>,
    pub wants_to_talk: bool,
    /// The person's private note.
    pub note: Option<String>,
    pub submitted_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct Who5Dto {
    /// The five items, 0 (at no time) – 5 (all of the time).
    pub items: [u8; 5],
    /// Raw sum × 4, 0–100.
    pub score: u8,
}

#[derive(Serialize, ToSchema)]
pub struct CheckInListDto {
    pub items: Vec<CheckInDto>,
}

/// The answers for a week. WHO-5 is required in the weeks it is asked (every second week).
#[derive(Deserialize, ToSchema)]
#[allow(dead_code)] // documents the body; parsing goes field by field for precise messages
pub struct CheckInBody {
    pub stress: i64,
    pub work_ability: i64,
    pub who5: Option<[i64; 5]>,
    #[serde(default)]
    pub wants_to_talk: bool,
    pub note: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SubmitResultDto {
    pub check_in: CheckInDto,
    /// What the answers mean, most serious first.
    pub signals: Vec<SignalDto>,
    /// Guidance articles the signals call for, most urgent first (see `/api/v1/guidance/{slug}`).
    pub recommended: Vec<super::guidance::ArticleLineDto>,
}

#[derive(Serialize, ToSchema)]
pub struct SignalDto {
    /// `who5_very_low`, `who5_low`, `stress_high_two_weeks`, `work_ability_low`, `wants_to_talk`, `who5_changed`.
    pub code: String,
    /// For `who5_changed`: the change in points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delta: Option<i16>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Range {
    /// First week (default: 11 weeks before this one).
    from: Option<String>,
    /// Last week (default: this week).
    to: Option<String>,
}

pub(super) fn dto(c: &OwnCheckIn) -> CheckInDto {
    let a = &c.answers;
    CheckInDto {
        week: c.week.to_string(),
        stress: a.stress.value(),
        work_ability: a.work_ability.value(),
        who5: a.who5.map(|w| Who5Dto {
            items: w.items(),
            score: w.score().value(),
        }),
        wants_to_talk: a.wants_to_talk,
        note: a.note.clone(),
        submitted_at: c.submitted_at,
        updated_at: c.updated_at,
    }
}

fn week_param(lang: Lang, field: &str, s: &str) -> Result<IsoWeek, Problem> {
    s.parse().map_err(|_| {
        let message = lang.t(Msg::ErrFieldNotADate).into();
        Problem::invalid(lang, vec![bad_field(field, "invalid_week", message)])
    })
}

fn bad_field(field: &str, code: &str, message: String) -> FieldProblem {
    FieldProblem {
        field: field.into(),
        code: code.into(),
        message,
    }
}

/// The weeks a range asks for (`domain::time::week_range`): by default the last 12 up to this
/// one; at most 104.
pub(super) fn week_range(
    state: &AppState,
    lang: Lang,
    range: &Range,
) -> Result<(IsoWeek, IsoWeek), Problem> {
    let week = |field, text: &Option<String>| {
        text.as_deref()
            .map(|s| week_param(lang, field, s))
            .transpose()
    };
    let (from, to) = (week("from", &range.from)?, week("to", &range.to)?);
    let this_week = IsoWeek::containing(state.ctx.clock.now());
    domain::time::week_range(from, to, this_week).ok_or_else(|| {
        let message = lang.t(Msg::ErrWeekRange).into();
        Problem::invalid(lang, vec![bad_field("from", "out_of_range", message)])
    })
}

/// The person's own check-ins in a range of weeks, oldest first (at most 104 weeks).
#[utoipa::path(get, path = "/api/v1/checkins", tag = "check-ins", params(Range),
    responses((status = 200, body = CheckInListDto), (status = 401, body = Problem), (status = 422, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    me: ApiUser,
    Query(range): Query<Range>,
) -> Result<Json<CheckInListDto>, Problem> {
    let (lang, person) = (me.lang, &me.person);
    let (from, to) = week_range(&state, lang, &range)?;
    let own = policy::own_data(person);
    let items = checkins::list(&state.ctx.db, &own, from, to)
        .await
        .map_err(|e| store_failed(lang, e))?;
    Ok(Json(CheckInListDto {
        items: items.iter().map(dto).collect(),
    }))
}

/// One week's check-in.
#[utoipa::path(get, path = "/api/v1/checkins/{iso_week}", tag = "check-ins", params(("iso_week" = String, Path, example = "2026-W48")),
    responses((status = 200, body = CheckInDto), (status = 401, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    me: ApiUser,
    Path(week): Path<String>,
) -> Result<Json<CheckInDto>, Problem> {
    let (lang, person) = (me.lang, &me.person);
    let week = week_param(lang, "iso_week", &week)?;
    let own = policy::own_data(person);
    match checkins::find_own(&state.ctx.db, &own, week)
        .await
        .map_err(|e| store_failed(lang, e))?
    {
        Some(c) => Ok(Json(dto(&c))),
        None => Err(Problem::new(
            StatusCode::NOT_FOUND,
            "not-found",
            "No check-in for that week",
        )),
    }
}

/// Submit or replace this week's check-in. Only the current ISO week (Europe/Stockholm) is open.
#[utoipa::path(put, path = "/api/v1/checkins/{iso_week}", tag = "check-ins", request_body = CheckInBody,
    params(("iso_week" = String, Path, example = "2026-W48")),
    responses((status = 200, body = SubmitResultDto), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 409, body = Problem), (status = 413, body = Problem), (status = 415, body = Problem), (status = 422, body = Problem)))]
pub async fn put(
    State(state): State<AppState>,
    me: ApiUser,
    Path(week): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<SubmitResultDto>, Problem> {
    let (lang, person) = (me.lang, &me.person);
    let week = week_param(lang, "iso_week", &week)?;
    let raw = parse_body(lang, &headers, &body)?;
    let (language, now) = (lang.content(), state.ctx.clock.now());
    let offer = ReminderOffer::Skip;
    let o = check_in_result::submit(&state.ctx.db, person, week, raw, language, offer, now)
        .await
        .map_err(problem(lang))?;
    let r = &o.result;
    Ok(Json(SubmitResultDto {
        check_in: dto(&r.check_in),
        signals: r.signals.iter().map(|s| signal_dto(*s)).collect(),
        recommended: o
            .recommended
            .iter()
            .map(super::guidance::line_dto)
            .collect(),
    }))
}

fn signal_dto(s: domain::Signal) -> SignalDto {
    use domain::Signal as S;
    let (code, delta) = match s {
        S::Who5VeryLow => ("who5_very_low", None),
        S::Who5Low => ("who5_low", None),
        S::StressHighTwoWeeks => ("stress_high_two_weeks", None),
        S::WorkAbilityLow => ("work_ability_low", None),
        S::WantsToTalk => ("wants_to_talk", None),
        S::Who5Changed { delta } => ("who5_changed", Some(delta)),
    };
    SignalDto {
        code: code.into(),
        delta,
    }
}

/// Reads the body field by field, so a wrong type in one answer is reported on that answer
/// instead of failing the whole request.
pub(crate) fn parse_body(
    lang: Lang,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<RawCheckIn, Problem> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Send the answers as application/json",
        ));
    }
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "malformed-json",
            "The body is not valid JSON",
        )
        .detail(e.to_string())
    })?;
    let Value::Object(obj) = value else {
        return Err(Problem::new(
            StatusCode::BAD_REQUEST,
            "malformed-json",
            "The body must be a JSON object",
        ));
    };
    let mut wrong = Vec::new();
    let mut wrong_type = |field: &str, expected: &str| {
        wrong.push(FieldProblem {
            field: field.into(),
            code: "wrong_type".into(),
            message: format!("must be {expected}"),
        });
    };
    let answer = |v: Option<&Value>| -> RawAnswer {
        match v {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => Some(n.as_i64().ok_or(domain::checkin::NotANumber)),
            Some(_) => Some(Err(domain::checkin::NotANumber)),
        }
    };
    let who5 = match obj.get("who5") {
        None | Some(Value::Null) => None,
        Some(Value::Array(items)) if items.len() == 5 => {
            Some([0, 1, 2, 3, 4].map(|i| answer(items.get(i))))
        }
        Some(_) => {
            wrong_type("who5", "an array of five answers (0–5)");
            None
        }
    };
    let wants_to_talk = match obj.get("wants_to_talk") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            wrong_type("wants_to_talk", "true or false");
            false
        }
    };
    let note = match obj.get("note") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            wrong_type("note", "a string");
            None
        }
    };
    if !wrong.is_empty() {
        return Err(Problem::invalid(lang, wrong));
    }
    Ok(RawCheckIn {
        stress: answer(obj.get("stress")),
        work_ability: answer(obj.get("work_ability")),
        who5,
        wants_to_talk,
        note,
    })
}
