//! For managers and coordinators: the alerts people chose to send them, and a unit's
//! anonymous weekly trend.

use super::checkins::{week_range, Range};
use super::problem::{json_body, Problem};
use crate::context::{actor_for, ApiUser};
use crate::failure::{problem, refused, store_failed};
use crate::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::Json;
use chrono::{DateTime, Utc};
use domain::trend::Published;
use serde::{Deserialize, Serialize};
use service::alerts::{self, AlertLine};
use service::policy::{self, Refused};
use service::trend;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Serialize, ToSchema)]
pub struct AlertDto {
    pub id: Uuid,
    pub person_id: Uuid,
    pub person_name: String,
    /// `asked-to-talk` or `wellbeing-low`. Never the answers behind it.
    pub kind: String,
    pub week: String,
    pub raised_at: DateTime<Utc>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub follow_up: Option<String>,
    pub follow_up_at: Option<DateTime<Utc>>,
}

#[derive(Serialize, ToSchema)]
pub struct AlertsDto {
    /// Unacknowledged first, newest first.
    pub items: Vec<AlertDto>,
}

fn dto(a: AlertLine) -> AlertDto {
    AlertDto {
        id: a.id,
        person_id: a.person.as_uuid(),
        person_name: a.person_name,
        kind: a.kind.code().into(),
        week: a.week.to_string(),
        raised_at: a.raised_at,
        acknowledged_at: a.acknowledged_at,
        follow_up: a.follow_up,
        follow_up_at: a.follow_up_at,
    }
}

/// The alerts sent to the signed-in person under grants that stand now. Each one shown is
/// written to the access log of the person it is about.
#[utoipa::path(get, path = "/api/v1/alerts", tag = "sharing",
    responses((status = 200, body = AlertsDto), (status = 401, body = Problem)))]
pub async fn inbox(State(state): State<AppState>, me: ApiUser) -> Result<Json<AlertsDto>, Problem> {
    let (lang, person) = (me.lang, &me.person);
    let items = alerts::inbox(&state.ctx.db, person.id, state.ctx.clock.now())
        .await
        .map_err(|e| store_failed(lang, e))?;
    Ok(Json(AlertsDto {
        items: items.into_iter().map(dto).collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct AcknowledgeBody {
    /// What was done, e.g. "Talked on Tuesday" (at most 500 characters; replaces an earlier note).
    #[serde(default)]
    pub follow_up: Option<String>,
}

/// Acknowledges an alert, optionally with what was done about it.
#[utoipa::path(post, path = "/api/v1/alerts/{id}/acknowledge", tag = "sharing", params(("id" = Uuid, Path)),
    request_body = AcknowledgeBody,
    responses((status = 200, body = AlertDto), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn acknowledge(
    State(state): State<AppState>,
    me: ApiUser,
    Path(id): Path<String>,
    body: Result<Json<AcknowledgeBody>, JsonRejection>,
) -> Result<Json<AlertDto>, Problem> {
    let (lang, person) = (me.lang, &me.person);
    let body = json_body(body)?;
    let id = Uuid::parse_str(&id).map_err(|_| refused(lang, Refused::Hidden))?;
    let now = state.ctx.clock.now();
    let a = alerts::acknowledge(&state.ctx.db, person.id, id, body.follow_up, now)
        .await
        .map_err(problem(lang))?;
    Ok(Json(dto(a)))
}

#[derive(Serialize, ToSchema)]
pub struct FiguresDto {
    pub mean_who5: f64,
    /// Percent with WHO-5 below 50.
    pub share_below_50: u32,
    /// Percent of the group's members who checked in and let their answers count.
    pub participation: u32,
}

#[derive(Serialize, ToSchema)]
pub struct CellDto {
    /// Absent when hidden or when nobody answered WHO-5 that week.
    pub figures: Option<FiguresDto>,
    /// Hidden to keep people anonymous: too few, or it would give a small group away, or
    /// `withdrawn`.
    pub hidden: bool,
    /// The figure was published when its week ended, and what it was made of has changed
    /// since (someone withdrew, erased their answers or moved): it is not shown any more,
    /// rather than shown with new values that would give that person's answers away.
    pub withdrawn: bool,
}

#[derive(Serialize, ToSchema)]
pub struct TrendWeekDto {
    pub week: String,
    pub unit: CellDto,
    /// In the order of `below`.
    pub below: Vec<CellDto>,
}

#[derive(Serialize, ToSchema)]
pub struct UnitNameDto {
    pub id: Uuid,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct TrendDto {
    pub unit: UnitNameDto,
    pub below: Vec<UnitNameDto>,
    /// The smallest group whose figures are shown.
    pub threshold: u32,
    pub weeks: Vec<TrendWeekDto>,
}

/// A unit's anonymous weekly trend, for the people who lead it (or a unit above it). Only
/// weeks that have ended are listed; a week's figures are fixed when it ends, and a figure
/// whose people or answers change afterwards is withdrawn, never changed.
#[utoipa::path(get, path = "/api/v1/units/{id}/trend", tag = "sharing", params(("id" = Uuid, Path), Range),
    responses((status = 200, body = TrendDto), (status = 401, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)))]
pub async fn team_trend(
    State(state): State<AppState>,
    me: ApiUser,
    Path(id): Path<String>,
    Query(range): Query<Range>,
) -> Result<Json<TrendDto>, Problem> {
    let (lang, _person) = (me.lang, &me.person);
    let actor = actor_for(&me).await?;
    let id = Uuid::parse_str(&id).map_err(|_| refused(lang, Refused::Hidden))?;
    let access = policy::view_team_trend(&state.ctx.db, actor, id)
        .await
        .map_err(|e| store_failed(lang, e))?
        .map_err(|r| refused(lang, r))?;
    let (from, to) = week_range(&state, lang, &range)?;
    let weeks: Vec<_> = std::iter::successors(Some(from), |w| Some(w.next()))
        .take_while(|w| *w <= to)
        .collect();
    let t = trend::team_trend(
        &state.ctx.db,
        &access,
        &weeks,
        state.settings.trend_threshold,
        state.ctx.clock.now(),
    )
    .await
    .map_err(|e| store_failed(lang, e))?;
    let cell = |c: &Published| CellDto {
        figures: match c {
            Published::Figures(f) => Some(FiguresDto {
                mean_who5: f.mean_who5,
                share_below_50: f.share_below_50,
                participation: f.participation,
            }),
            _ => None,
        },
        hidden: matches!(c, Published::TooFew | Published::Withdrawn),
        withdrawn: *c == Published::Withdrawn,
    };
    let name = |(id, name): &(domain::UnitId, String)| UnitNameDto {
        id: id.as_uuid(),
        name: name.clone(),
    };
    Ok(Json(TrendDto {
        unit: name(&t.unit),
        below: t.below.iter().map(name).collect(),
        threshold: t.threshold.get(),
        weeks: t
            .weeks
            .iter()
            .map(|w| TrendWeekDto {
                week: w.week.to_string(),
                unit: cell(&w.unit),
                below: w.below.iter().map(cell).collect(),
            })
            .collect(),
    }))
}
