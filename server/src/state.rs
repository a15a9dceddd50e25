//! The one state every handler shares.

use crate::assets::AssetManifest;
use crate::config::Settings;
use crate::oidc::Oidc;
use app::server::ServerContext;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub ctx: ServerContext,
    pub settings: Arc<Settings>,
    pub assets: Arc<AssetManifest>,
    pub oidc: Arc<Oidc>,
    pub push: Arc<crate::push::Push>,
    pub limits: Arc<crate::limits::Limits>,
}
