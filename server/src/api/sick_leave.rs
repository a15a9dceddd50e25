//! `GET /api/v1/employers/{slug}/sick-leave`: the annual report's seven sick-leave figures for
//! the employer and each administration, for its admins. Withheld figures come as `null` with
//! why; no person is ever named.

use super::case_access::{dates, today};
use super::employers::employer_with;
use super::problem::Problem;
use crate::context::ApiUser;
use crate::failure::{store_failed, Failure};
use crate::state::AppState;
use app::i18n::{Lang, Msg};
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use domain::outcomes::{Count, Counts, Month, Rates};
use domain::problem::ProblemCode;
use domain::sick_leave::{Figure, KeyFigures, Period};
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

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MonthsQuery {
    /// First month (`YYYY-MM`, or a day in it); by default twelve months ago.
    pub from: Option<String>,
    /// Last month; by default last month.
    pub to: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct RatesDto {
    pub total: FigureDto,
    pub women: FigureDto,
    pub men: FigureDto,
}

#[derive(Serialize, ToSchema)]
pub struct CountDto {
    /// How many; `null` unless `shown`.
    pub count: Option<u32>,
    /// `shown` or `withheld` (with the group's rate).
    pub state: &'static str,
}

#[derive(Serialize, ToSchema)]
pub struct CountsDto {
    pub total: CountDto,
    pub women: CountDto,
    pub men: CountDto,
}

#[derive(Serialize, ToSchema)]
pub struct MonthDto {
    /// `YYYY-MM`.
    pub month: String,
    /// Sick-leave time over ordinary working time in the month.
    pub rate: RatesDto,
    /// The same month a year before.
    pub year_before: RatesDto,
    /// Absences that started in the month.
    pub started: CountsDto,
    /// Absences that ended in the month.
    pub ended: CountsDto,
}

#[derive(Serialize, ToSchema)]
pub struct OutcomesDto {
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub months: Vec<MonthDto>,
}

fn rates(r: &Rates) -> RatesDto {
    RatesDto {
        total: figure(r.total),
        women: figure(r.women),
        men: figure(r.men),
    }
}

fn count(c: Count) -> CountDto {
    match c {
        Count::Shown(n) => CountDto {
            count: Some(n),
            state: "shown",
        },
        Count::Withheld => CountDto {
            count: None,
            state: "withheld",
        },
    }
}

fn counts(c: &Counts) -> CountsDto {
    CountsDto {
        total: count(c.total),
        women: count(c.women),
        men: count(c.men),
    }
}

/// The months asked for, as `YYYY-MM` or a day in the month.
fn months_asked(lang: Lang, q: &MonthsQuery, today: NaiveDate) -> Result<Period, Problem> {
    let mut bad = vec![];
    let [from, to] = [("from", &q.from), ("to", &q.to)].map(|(name, text)| {
        match text.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(t) => domain::time::month(t).or_else(|| {
                bad.push((name.to_owned(), ProblemCode::NotADate));
                None
            }),
        }
    });
    if !bad.is_empty() {
        return Err(Failure::fields(bad).problem(lang));
    }
    sick_leave::recent_months(from, to, today)
        .ok_or_else(|| Failure::fields([("to".into(), ProblemCode::OutOfRange)]).problem(lang))
}

/// The outcomes month by month for the employer's admins and analysts: the sick-leave rate
/// against the same month a year before, and the absences started and ended, for everyone,
/// women and men, with small groups withheld. By default the last twelve months.
#[utoipa::path(get, path = "/api/v1/employers/{slug}/outcomes", tag = "administration",
    params(("slug" = String, Path), MonthsQuery),
    responses((status = 200, body = OutcomesDto), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn outcomes(
    State(state): State<AppState>,
    me: ApiUser,
    Path(slug): Path<String>,
    Query(q): Query<MonthsQuery>,
) -> Result<Json<OutcomesDto>, Problem> {
    let (period, months) = monthly(&state, &me, &slug, &q).await?;
    Ok(Json(OutcomesDto {
        from: period.first,
        to: period.last,
        months: months
            .iter()
            .map(|m| MonthDto {
                month: m.month.first.format("%Y-%m").to_string(),
                rate: rates(&m.rate),
                year_before: rates(&m.year_before),
                started: counts(&m.started),
                ended: counts(&m.ended),
            })
            .collect(),
    }))
}

/// The months asked for and their outcomes, for a reader the policy lets see them.
async fn monthly(
    state: &AppState,
    me: &ApiUser,
    slug: &str,
    q: &MonthsQuery,
) -> Result<(Period, Vec<Month>), Problem> {
    let (employer, proof) = employer_with(state, me, slug, policy::read_outcomes).await?;
    let period = months_asked(me.lang, q, today(state))?;
    let months = sick_leave::monthly(&state.ctx.db, proof, employer.id, period)
        .await
        .map_err(|e| store_failed(me.lang, e))?;
    Ok((period, months))
}

/// The same outcomes as a CSV file for a spreadsheet: in Swedish with `;` and a decimal comma,
/// in English with `,` and a decimal point; a withheld figure says so, an empty one is blank.
#[utoipa::path(get, path = "/api/v1/employers/{slug}/outcomes.csv", tag = "administration",
    params(("slug" = String, Path), MonthsQuery),
    responses((status = 200, content_type = "text/csv", body = String), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn outcomes_csv(
    State(state): State<AppState>,
    me: ApiUser,
    Path(slug): Path<String>,
    Query(q): Query<MonthsQuery>,
) -> Result<Response, Problem> {
    let lang = me.lang;
    let (period, months) = monthly(&state, &me, &slug, &q).await?;
    let (sep, comma) = match lang {
        Lang::Sv => (';', true),
        Lang::En => (',', false),
    };
    let withheld = lang.t(Msg::FigureWithheld);
    let rate = |f: Figure| match f {
        Figure::Shown(_) => {
            let t = f.percent_tenths().unwrap_or(0);
            let s = format!("{}.{}", t / 10, t % 10);
            if comma {
                s.replace('.', ",")
            } else {
                s
            }
        }
        Figure::Withheld => withheld.to_owned(),
        Figure::Empty => String::new(),
    };
    let n = |c: Count| match c {
        Count::Shown(n) => n.to_string(),
        Count::Withheld => withheld.to_owned(),
    };
    let mut out = lang
        .t(Msg::OutcomesCsvHeader)
        .replace(',', &sep.to_string());
    out.push_str("\r\n");
    for m in &months {
        let cells = [
            m.month.first.format("%Y-%m").to_string(),
            rate(m.rate.total),
            rate(m.rate.women),
            rate(m.rate.men),
            rate(m.year_before.total),
            rate(m.year_before.women),
            rate(m.year_before.men),
            n(m.started.total),
            n(m.started.women),
            n(m.started.men),
            n(m.ended.total),
            n(m.ended.women),
            n(m.ended.men),
        ];
        out.push_str(&cells.join(&sep.to_string()));
        out.push_str("\r\n");
    }
    let file = format!(
        "attachment; filename=\"orka-{slug}-{}-{}.csv\"",
        period.first.format("%Y-%m"),
        period.last.format("%Y-%m")
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, file),
        ],
        out,
    )
        .into_response())
}
