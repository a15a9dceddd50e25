//! The plan printed and as a PDF file: from a case its reader may see, and from a link.

use super::shared::{access, milestone_line, plan_view, words};
use crate::context::PageUser;
use crate::pages::render::{failed, render, PageData};
use crate::state::AppState;
use app::i18n::Lang;
use app::pages::PrintView;
use app::server::RequestLang;
use axum::extract::{Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use domain::human::Words;
use service::rehab::{cases, links, Case};
use service::Person;

/// The plan as printed, from a case its reader may see.
pub(crate) fn print_of(c: &Case, w: Words) -> PrintView {
    PrintView {
        name: c.person_name.clone(),
        plan: c.plan.as_ref().map(|p| plan_view(p, w)),
        milestones: c.milestones.iter().map(|m| milestone_line(m, w)).collect(),
        shared_with: None,
        pdf: format!("/rehab/cases/{}/plan.pdf", c.id),
    }
}

async fn print_view(
    state: &AppState,
    lang: Lang,
    person: &Person,
    case: &str,
) -> Result<PrintView, Response> {
    let (_, access) = access(state, person, case).await?;
    let (w, now) = (words(state, lang), state.ctx.clock.now());
    match cases::get(&state.ctx.db, &access, person.id, w.today, now).await {
        Ok(Some(c)) => Ok(print_of(&c, w)),
        Ok(None) => Err(StatusCode::NOT_FOUND.into_response()),
        Err(e) => Err(failed("rehab print", e)),
    }
}

/// The plan behind a link, for the occupational-health contact it was given to.
async fn shared_view(state: &AppState, lang: Lang, token: &str) -> Result<PrintView, Response> {
    match links::read(&state.ctx.db, token, state.ctx.clock.now()).await {
        Ok(Some(s)) => Ok(shared_print(&s, words(state, lang), token)),
        Ok(None) => Err(StatusCode::NOT_FOUND.into_response()),
        Err(e) => Err(failed("shared plan", e)),
    }
}

/// The plan behind a link as its contact prints it: the plan alone, no milestones.
pub(crate) fn shared_print(s: &links::SharedPlan, w: Words, token: &str) -> PrintView {
    PrintView {
        name: s.person_name.clone(),
        plan: s.plan.as_ref().map(|p| plan_view(p, w)),
        milestones: vec![],
        shared_with: Some((s.contact_name.clone(), w.day_of(s.expires_at))),
        pdf: format!("/shared/{token}/plan.pdf"),
    }
}

/// The printed plan as a PDF file to download.
pub(crate) fn pdf_file(lang: Lang, v: &PrintView) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"orka-plan.pdf\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        app::pages::plan_pdf(lang, v),
    )
        .into_response()
}

pub async fn print_page(
    State(state): State<AppState>,
    me: PageUser,
    Path(case): Path<String>,
    req: Request,
) -> Response {
    let (lang, person) = (me.lang, me.person);
    match print_view(&state, lang, &person, &case).await {
        Ok(v) => render(state, PageData::Print(Box::new(v)), req).await,
        Err(r) => r,
    }
}

pub async fn print_pdf(
    State(state): State<AppState>,
    me: PageUser,
    Path(case): Path<String>,
) -> Response {
    let (lang, person) = (me.lang, me.person);
    match print_view(&state, lang, &person, &case).await {
        Ok(v) => pdf_file(lang, &v),
        Err(r) => r,
    }
}

pub async fn shared_page(
    State(state): State<AppState>,
    Extension(RequestLang(lang)): Extension<RequestLang>,
    Path(token): Path<String>,
    req: Request,
) -> Response {
    match shared_view(&state, lang, &token).await {
        Ok(v) => render(state, PageData::Print(Box::new(v)), req).await,
        Err(r) => r,
    }
}

pub async fn shared_pdf(
    State(state): State<AppState>,
    Extension(RequestLang(lang)): Extension<RequestLang>,
    Path(token): Path<String>,
) -> Response {
    match shared_view(&state, lang, &token).await {
        Ok(v) => pdf_file(lang, &v),
        Err(r) => r,
    }
}
