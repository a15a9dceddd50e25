use super::problem::Problem;
use crate::context::ApiUser;
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
}

#[derive(Serialize, ToSchema)]
pub struct EmployerDto {
    pub id: Uuid,
    pub name: String,
}

/// The signed-in person.
#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = MeDto), (status = 401, body = Problem)))]
pub async fn me(me: ApiUser) -> Result<Json<MeDto>, Problem> {
    let (lang, p) = (me.lang, me.person);
    Ok(Json(MeDto {
        id: p.id.as_uuid(),
        display_name: p.display_name,
        employer: EmployerDto {
            id: p.employer_id.as_uuid(),
            name: p.employer_name,
        },
        language: lang.code().into(),
    }))
}
