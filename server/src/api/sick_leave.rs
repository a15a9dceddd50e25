//! `GET /api/v1/employers/{slug}/sick-leave`: the annual report's seven sick-leave figures for
//! the employer and each administration, for its admins. Withheld figures come as `null` with
//! why; no person is ever named.

use super::case_access::{dates, today};
use super::employers::employer_with;
use super::problem::Problem;
use crate::context::ApiUser;
use crate::failure::{store_failed, Failure};
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::Json;
use domain::problem::ProblemCode;
use domain::sick_leave::{Figure, KeyFigures};
use serde::{Deserialize, Serialize};
use service::{policy, sick_leave};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// First day (`YYYY-MM-DD`); by default 1 January of last year.
    pub from: Option<String>,
    /// Last day; by default 31 December of last year.
    pub to: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct FigureDto {
    /// Percent, one decimal; `null` unless `shown`.
    pub percent: Option<f64>,
    /// `shown`, `withheld` (ten or fewer people, or it would let such a group be worked out)
    /// or `empty` (nobody with ordinary hours).
    pub state: &'static str,
}

#[derive(Serialize, ToSchema)]
pub struct KeyFiguresDto {
    /// Employees with ordinary hours in the period; `null` when the group is withheld.
    pub employees: Option<u32>,
    pub total: FigureDto,
    /// The share of the sick leave in absences of 60 days or more.
    pub long_term_share: FigureDto,
    pub women: FigureDto,
    pub men: FigureDto,
    pub up_to_29: FigureDto,
    pub from_30_to_49: FigureDto,
    pub from_50: FigureDto,
}

#[derive(Serialize, ToSchema)]
pub struct AdministrationDto {
    pub name: String,
    pub figures: KeyFiguresDto,
}

#[derive(Serialize, ToSchema)]
pub struct SickLeaveDto {
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub employer: KeyFiguresDto,
    pub administrations: Vec<AdministrationDto>,
}

fn figure(f: Figure) -> FigureDto {
    match f {
        Figure::Shown(_) => FigureDto {
            percent: f.percent_tenths().map(|t| t as f64 / 10.0),
            state: "shown",
        },
        Figure::Withheld => FigureDto {
            percent: None,
            state: "withheld",
        },
        Figure::Empty => FigureDto {
            percent: None,
            state: "empty",
        },
    }
}

fn key_figures(k: &KeyFigures) -> KeyFiguresDto {
    KeyFiguresDto {
        employees: k.employees,
        total: figure(k.total),
        long_term_share: figure(k.long_term_share),
        women: figure(k.women),
        men: figure(k.men),
        up_to_29: figure(k.up_to_29),
        from_30_to_49: figure(k.from_30_to_49),
        from_50: figure(k.from_50),
    }
}

/// The seven figures of the municipal annual report (lag 2018:597 11 kap.; SKR's definitions)
/// for a period of up to three years, by default last calendar year.
#[utoipa::path(get, path = "/api/v1/employers/{slug}/sick-leave", tag = "administration",
    params(("slug" = String, Path), PeriodQuery),
    responses((status = 200, body = SickLeaveDto), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn figures(
    State(state): State<AppState>,
    me: ApiUser,
    Path(slug): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Json<SickLeaveDto>, Problem> {
    let lang = me.lang;
    let (employer, proof) = employer_with(&state, &me, &slug, policy::read_outcomes).await?;
    let [from, to] = dates(lang, [("from", q.from.as_deref()), ("to", q.to.as_deref())])?;
    let Some(period) = sick_leave::period(from, to, today(&state)) else {
        return Err(Failure::fields([("to".into(), ProblemCode::OutOfRange)]).problem(lang));
    };
    let f = sick_leave::figures(&state.ctx.db, proof, employer.id, period)
        .await
        .map_err(|e| store_failed(lang, e))?;
    Ok(Json(SickLeaveDto {
        from: period.first,
        to: period.last,
        employer: key_figures(&f.employer),
        administrations: f
            .administrations
            .iter()
            .map(|(name, k)| AdministrationDto {
                name: name.clone(),
                figures: key_figures(k),
            })
            .collect(),
    }))
}
