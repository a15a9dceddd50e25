//! Who is asking, in which language: the one context every handler that needs a person takes.
//!
//! `ApiUser` and `PageUser` carry the request's language, the signed-in person (resolved once
//! by `middleware::identify`) and, loaded on first use, the person's actor for the policy. They
//! differ only in what someone not signed in gets: a 401 problem detail from the API, a
//! redirect to sign-in from a page. As `Option<…>` they let a handler serve both.

use crate::api::problem::Problem;
use crate::failure::store_failed;
use crate::state::AppState;
use app::i18n::Lang;
use app::server::{RequestLang, SignedIn};
use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use domain::access::Actor;
use service::{Db, Person, StoreError};
use std::convert::Infallible;
use std::marker::PhantomData;
use tokio::sync::OnceCell;

/// What someone not signed in is answered, by the kind of route.
pub trait Edge: Send + Sync + 'static {
    type Rejection: IntoResponse;
    fn signed_out(lang: Lang) -> Self::Rejection;
}

/// The REST API: a problem detail.
pub struct Api;

impl Edge for Api {
    type Rejection = Problem;
    fn signed_out(lang: Lang) -> Problem {
        Problem::signed_out(lang)
    }
}

/// A page or form: sign in first.
pub struct Page;

impl Edge for Page {
    type Rejection = Response;
    fn signed_out(_: Lang) -> Response {
        Redirect::to("/signin").into_response()
    }
}

/// A signed-in person making this request.
pub struct Signed<E: Edge> {
    pub lang: Lang,
    pub person: Person,
    db: Db,
    actor: OnceCell<Actor>,
    edge: PhantomData<E>,
}

pub type ApiUser = Signed<Api>;
pub type PageUser = Signed<Page>;

impl<E: Edge> Signed<E> {
    /// The person as the policy sees them (roles, reach), read from the database once per
    /// request however often it is asked for.
    pub async fn actor(&self) -> Result<&Actor, StoreError> {
        self.actor
            .get_or_try_init(|| service::policy::actor(&self.db, &self.person))
            .await
    }
}

/// The signed-in person as the policy sees them, loaded once per request; a store failure is
/// the API's 500 problem.
pub(crate) async fn actor_for(me: &ApiUser) -> Result<&Actor, Problem> {
    me.actor().await.map_err(|e| store_failed(me.lang, e))
}

/// The request's language, which `middleware::identify` always sets.
pub fn lang_of(parts: &Parts) -> Lang {
    parts
        .extensions
        .get::<RequestLang>()
        .map(|l| l.0)
        .unwrap_or_default()
}

impl<E: Edge> OptionalFromRequestParts<AppState> for Signed<E> {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, Infallible> {
        Ok(parts
            .extensions
            .get::<SignedIn>()
            .map(|SignedIn(person)| Signed {
                lang: lang_of(parts),
                person: person.clone(),
                db: state.ctx.db.clone(),
                actor: OnceCell::new(),
                edge: PhantomData,
            }))
    }
}

impl<E: Edge> FromRequestParts<AppState> for Signed<E> {
    type Rejection = E::Rejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match <Self as OptionalFromRequestParts<AppState>>::from_request_parts(parts, state).await {
            Ok(Some(signed)) => Ok(signed),
            Ok(None) | Err(_) => Err(E::signed_out(lang_of(parts))),
        }
    }
}
