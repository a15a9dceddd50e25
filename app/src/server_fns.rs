//! The server functions: each a thin edge onto `server` (current person, parse, one
//! `service` call, map), returning the view types of `api`.

use crate::api::{
    AppError, CheckInInput, CheckInPageView, GuidanceArticleView, GuidanceListView, HistoryView,
    HomeView,
};
use leptos::prelude::*;

#[server(prefix = "/fn", endpoint = "submit_check_in", input = leptos::server_fn::codec::Json)]
/// Stores the answers; the answer is the result panel as HTML made on the server.
pub async fn submit_check_in(input: CheckInInput) -> Result<String, AppError> {
    let (ctx, person) = crate::server::signed_in()?;
    crate::server::submit(&ctx, &person, &input).await
}

#[server(prefix = "/fn", endpoint = "check_in_page")]
pub async fn load_check_in_page(edit: bool, closed: bool) -> Result<CheckInPageView, AppError> {
    let (ctx, person) = crate::server::signed_in()?;
    crate::server::check_in_page(&ctx, &person, edit, closed).await
}

#[server(prefix = "/fn", endpoint = "home")]
pub async fn load_home() -> Result<HomeView, AppError> {
    let (ctx, person) = crate::server::signed_in()?;
    crate::server::home(&ctx, &person).await
}

#[server(prefix = "/fn", endpoint = "history")]
pub async fn load_history(weeks: u32) -> Result<HistoryView, AppError> {
    let (ctx, person) = crate::server::signed_in()?;
    crate::server::history(&ctx, &person, weeks).await
}

#[server(prefix = "/fn", endpoint = "guidance")]
pub async fn load_guidance(
    q: String,
    topic: String,
    audience: String,
) -> Result<GuidanceListView, AppError> {
    crate::server::guidance_list(&q, &topic, &audience).await
}

#[server(prefix = "/fn", endpoint = "guidance_article")]
pub async fn load_guidance_article(slug: String) -> Result<Option<GuidanceArticleView>, AppError> {
    crate::server::guidance_article(&slug).await
}
