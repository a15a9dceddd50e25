use super::problem::Problem;
use crate::context::ApiUser;
use crate::failure::store_failed;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Serialize, ToSchema)]
pub struct MeDto {
    pub id: Uuid,
    pub display_name: String,
    pub employer: EmployerDto,
    /// The language Orka speaks to this request: `sv` or `en`.
    pub language: String,
    /// The places the person's roles give them, as the app's menu shows them.
    pub places: PlacesDto,
    /// The units whose anonymous team trend the person may read (`/api/v1/units/{id}/trend`):
    /// the tops of the units they lead; empty for everyone else.
    pub units: Vec<UnitDto>,
}

#[derive(Serialize, ToSchema)]
pub struct PlacesDto {
    /// Leads a unit or coordinates rehabilitation: alerts, the team trend, the case list.
    pub team: bool,
    /// Has a rehabilitation or adjustment case of their own (`/api/v1/me/rehab`).
    pub own_case: bool,
    /// Administers the employer (`/api/v1/employers/{slug}`).
    pub admin: bool,
    /// Keeps the guidance library.
    pub editor: bool,
    /// Reads the employer's outcomes (`/api/v1/employers/{slug}/outcomes`).
    pub outcomes: bool,
}

#[derive(Serialize, ToSchema)]
pub struct UnitDto {
    pub id: Uuid,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct EmployerDto {
    pub id: Uuid,
    pub name: String,
}

/// The signed-in person.
#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = MeDto), (status = 401, body = Problem)))]
pub async fn me(State(state): State<AppState>, me: ApiUser) -> Result<Json<MeDto>, Problem> {
    let db = &state.ctx.db;
    let lang = me.lang;
    let facts = async {
        let places = service::people::places(db, me.person.id).await?;
        let own_case = service::rehab::cases::own_case_id(db, me.person.id).await?;
        let units = service::people::top_units_led(db, me.actor().await?).await?;
        Ok::<_, service::StoreError>((places, own_case.is_some(), units))
    };
    let (places, own_case, units) = facts.await.map_err(|e| store_failed(lang, e))?;
    let p = me.person;
    Ok(Json(MeDto {
        id: p.id.as_uuid(),
        display_name: p.display_name,
        employer: EmployerDto {
            id: p.employer_id.as_uuid(),
            name: p.employer_name,
        },
        language: lang.code().into(),
        places: PlacesDto {
            team: places.team,
            own_case,
            admin: places.admin,
            editor: places.editor,
            outcomes: places.outcomes,
        },
        units: units
            .into_iter()
            .map(|(id, name)| UnitDto { id, name })
            .collect(),
    }))
}
