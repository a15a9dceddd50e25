//! People as others at work see them: a profile, the list of people within one's reach, and a
//! person's check-ins where the policy opens them. Every answer comes from `service::policy`.

use super::checkins::{week_range, Range};
use super::problem::Problem;
use crate::context::{actor_for, ApiUser};
use crate::failure::{refused, store_failed};
use crate::state::AppState;
use app::i18n::Lang;
use axum::extract::{Path, Query, State};
use axum::Json;
use domain::access::Subject;
use serde::Serialize;
use service::{checkins, policy, profiles};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Serialize, ToSchema)]
pub struct UnitDto {
    pub id: Uuid,
    pub name: String,
    /// `Förvaltning/Enhet/Arbetsgrupp`, when the unit came from the organisation import.
    pub path: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ProfileDto {
    pub id: Uuid,
    pub display_name: String,
    pub email: Option<String>,
    pub unit: Option<UnitDto>,
    /// False once the person has left the employer.
    pub active: bool,
    /// `coordinator`, `admin`, `editor`.
    pub roles: Vec<String>,
    /// The units this person leads.
    pub leads: Vec<UnitDto>,
}

#[derive(Serialize, ToSchema)]
pub struct PersonLineDto {
    pub id: Uuid,
    pub display_name: String,
    pub unit: Option<String>,
    pub active: bool,
}

#[derive(Serialize, ToSchema)]
pub struct PeopleDto {
    pub items: Vec<PersonLineDto>,
}

fn unit(u: profiles::UnitRef) -> UnitDto {
    UnitDto {
        id: u.id.as_uuid(),
        name: u.name,
        path: u.path,
    }
}

/// The person an id names; an id that is not a UUID names nobody.
async fn subject(state: &AppState, lang: Lang, id: &str) -> Result<Subject, Problem> {
    let hidden = || refused(lang, policy::Refused::Hidden);
    let id = Uuid::parse_str(id).map_err(|_| hidden())?;
    policy::subject(&state.ctx.db, id)
        .await
        .map_err(|e| store_failed(lang, e))?
        .ok_or_else(hidden)
}

/// The people whose profiles the signed-in person may see: themselves, the people in the units
/// they lead and below; everyone at the employer for rehab coordinators and admins.
#[utoipa::path(get, path = "/api/v1/people", tag = "people",
    responses((status = 200, body = PeopleDto), (status = 401, body = Problem)))]
pub async fn list(State(state): State<AppState>, me: ApiUser) -> Result<Json<PeopleDto>, Problem> {
    let (lang, _person) = (me.lang, &me.person);
    let actor = actor_for(&me).await?;
    let lines = profiles::visible_to(&state.ctx.db, actor)
        .await
        .map_err(|e| store_failed(lang, e))?;
    Ok(Json(PeopleDto {
        items: lines
            .into_iter()
            .map(|l| PersonLineDto {
                id: l.id.as_uuid(),
                display_name: l.display_name,
                unit: l.unit,
                active: l.active,
            })
            .collect(),
    }))
}

/// One person's profile. Someone outside the caller's reach is "not found", whether or not
/// they exist.
#[utoipa::path(get, path = "/api/v1/people/{id}", tag = "people", params(("id" = Uuid, Path)),
    responses((status = 200, body = ProfileDto), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn profile(
    State(state): State<AppState>,
    me: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<ProfileDto>, Problem> {
    let (lang, _person) = (me.lang, &me.person);
    let actor = actor_for(&me).await?;
    let subject = subject(&state, lang, &id).await?;
    let access = policy::view_profile(actor, subject).map_err(|r| refused(lang, r))?;
    let p = profiles::profile(&state.ctx.db, &access)
        .await
        .map_err(|e| store_failed(lang, e))?
        .ok_or_else(|| refused(lang, policy::Refused::Hidden))?;
    Ok(Json(ProfileDto {
        id: p.id.as_uuid(),
        display_name: p.display_name,
        email: p.email,
        unit: p.unit.map(unit),
        active: p.active,
        roles: p.roles.iter().map(|r| r.code().to_owned()).collect(),
        leads: p.leads.into_iter().map(unit).collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct ScoresDto {
    pub week: String,
    /// WHO-5, 0–100; absent in weeks it was not asked.
    pub who5_score: Option<u8>,
    pub work_ability: u8,
    pub stress: u8,
}

#[derive(Serialize, ToSchema)]
pub struct ScoreListDto {
    pub items: Vec<ScoresDto>,
}

/// A person's weekly scores (never their items, note or wish to talk): one's own always;
/// someone else's only under the person's standing `weekly-scores` grant to the caller
/// (403 `needs-consent` otherwise). Every read by someone else is in the person's access log.
#[utoipa::path(get, path = "/api/v1/people/{id}/checkins", tag = "people", params(("id" = Uuid, Path), Range),
    responses((status = 200, body = ScoreListDto), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn check_ins(
    State(state): State<AppState>,
    me: ApiUser,
    Path(id): Path<String>,
    Query(range): Query<Range>,
) -> Result<Json<ScoreListDto>, Problem> {
    let (lang, _person) = (me.lang, &me.person);
    let actor = actor_for(&me).await?;
    let subject = subject(&state, lang, &id).await?;
    let access = policy::view_check_ins(&state.ctx.db, actor, subject)
        .await
        .map_err(|e| store_failed(lang, e))?
        .map_err(|r| refused(lang, r))?;
    let (from, to) = week_range(&state, lang, &range)?;
    let items = checkins::scores(&state.ctx.db, &access, from, to, state.ctx.clock.now())
        .await
        .map_err(|e| store_failed(lang, e))?;
    Ok(Json(ScoreListDto {
        items: items
            .iter()
            .map(|s| ScoresDto {
                week: s.week.to_string(),
                who5_score: s.who5.map(|w| w.value()),
                work_ability: s.work_ability.value(),
                stress: s.stress.value(),
            })
            .collect(),
    }))
}
