//! Finding the case a call is about, or the person it is for, through the policy, and the
//! date fields the case routes share. Used by the case, plan, link, adjustment and absence
//! routes.

use super::case_view::{case_dto, CaseDto};
use super::problem::Problem;
use crate::context::{actor_for, ApiUser};
use crate::failure::{refused, store_failed, Failure};
use crate::state::AppState;
use app::i18n::Lang;
use chrono::NaiveDate;
use domain::problem::ProblemCode;
use service::policy::{self, CaseAccess, Refused};
use service::rehab::cases;
use uuid::Uuid;

/// The person a call names, as the policy knows them; an unknown id is a plain 404.
pub(crate) async fn subject_of(
    state: &AppState,
    lang: Lang,
    person: Uuid,
) -> Result<domain::access::Subject, Problem> {
    policy::subject(&state.ctx.db, person)
        .await
        .map_err(|e| store_failed(lang, e))?
        .ok_or_else(|| refused(lang, Refused::Hidden))
}

/// A date the call cannot do without.
pub(crate) fn required(
    lang: Lang,
    name: &str,
    day: Option<NaiveDate>,
) -> Result<NaiveDate, Problem> {
    day.ok_or_else(|| Failure::fields([(name.into(), ProblemCode::Missing)]).problem(lang))
}

/// Parses the named date fields at once, or names every bad one.
pub(crate) fn dates<const N: usize>(
    lang: Lang,
    fields: [(&str, Option<&str>); N],
) -> Result<[Option<NaiveDate>; N], Problem> {
    let mut bad = vec![];
    let parsed = fields.map(|(name, text)| match text.map(str::trim) {
        None | Some("") => None,
        Some(t) => domain::time::date(t).or_else(|| {
            bad.push((name.to_owned(), ProblemCode::NotADate));
            None
        }),
    });
    if bad.is_empty() {
        Ok(parsed)
    } else {
        Err(Failure::fields(bad).problem(lang))
    }
}

pub(crate) fn id(lang: Lang, text: &str) -> Result<Uuid, Problem> {
    Uuid::parse_str(text).map_err(|_| refused(lang, Refused::Hidden))
}

pub(crate) fn today(state: &AppState) -> NaiveDate {
    domain::time::stockholm_date(state.ctx.clock.now())
}

pub(crate) async fn read_case(
    state: &AppState,
    lang: Lang,
    actor: &domain::access::Actor,
    case: Uuid,
) -> Result<CaseDto, Problem> {
    Ok(case_dto(case_of(state, lang, actor, case).await?))
}

/// A case the actor may see, read (and logged) through the policy module.
pub(crate) async fn case_of(
    state: &AppState,
    lang: Lang,
    actor: &domain::access::Actor,
    case: Uuid,
) -> Result<cases::Case, Problem> {
    let db = &state.ctx.db;
    let access = policy::view_rehab_case(db, actor, case)
        .await
        .map_err(|e| store_failed(lang, e))?
        .map_err(|r| refused(lang, r))?;
    cases::get(
        db,
        &access,
        actor.person,
        today(state),
        state.ctx.clock.now(),
    )
    .await
    .map_err(|e| store_failed(lang, e))?
    .ok_or_else(|| refused(lang, Refused::Hidden))
}

/// Resolves a case the caller may change, or the problem that says why not.
pub(crate) async fn managed<'a>(
    state: &AppState,
    me: &'a ApiUser,
    case: &str,
) -> Result<(&'a domain::access::Actor, policy::CaseManagement, Uuid), Problem> {
    let (lang, _person) = (me.lang, &me.person);
    let actor = actor_for(me).await?;
    let case = id(lang, case)?;
    let m = policy::manage_rehab_case(&state.ctx.db, actor, case)
        .await
        .map_err(|e| store_failed(lang, e))?
        .map_err(|r| refused(lang, r))?;
    Ok((actor, m, case))
}

/// A case the caller may see.
pub(crate) async fn viewed(
    state: &AppState,
    me: &ApiUser,
    case: &str,
) -> Result<CaseAccess, Problem> {
    let lang = me.lang;
    let actor = actor_for(me).await?;
    let case = Uuid::parse_str(case).map_err(|_| refused(lang, Refused::Hidden))?;
    let access = policy::view_rehab_case(&state.ctx.db, actor, case)
        .await
        .map_err(|e| store_failed(lang, e))?
        .map_err(|r| refused(lang, r))?;
    Ok(access)
}
