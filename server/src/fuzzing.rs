//! Entry points for the fuzz targets in `fuzz/`, compiled only under `cfg(fuzzing)` (set by
//! cargo-fuzz). Each takes bytes as they arrive from outside and runs on them what Orka runs,
//! up to the point where the database would be asked.

use axum::http::{header, HeaderMap, HeaderValue};
use url::Url;

/// `PUT /api/v1/checkins/{week}`: the JSON body read field by field, then the domain's rules,
/// with and without the WHO-5 block due.
pub fn check_in_json(body: &[u8]) {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Ok(raw) = crate::api::checkins::parse_body(app::i18n::Lang::Sv, &headers, body) {
        let _ = domain::CheckInAnswers::parse(raw.clone(), true);
        let _ = domain::CheckInAnswers::parse(raw, false);
    }
}

/// The plan editor's form (`POST /rehab/cases/{id}/plan`): flat fields into rows, then the plan.
pub fn plan_form(fields: &[(String, String)]) {
    let (_, raw) = crate::pages::rehab::plan_form::raw_plan(fields);
    let mut n = 0u128;
    let _ = raw.parse(|| {
        n += 1;
        uuid::Uuid::from_u128(n)
    });
}

/// `PUT /api/v1/rehab/cases/{id}/plan`: the JSON plan, then the plan.
pub fn plan_json(body: &[u8]) {
    if let Ok(dto) = serde_json::from_slice::<crate::api::case_view::PlanDto>(body) {
        let raw: domain::plan::RawPlan = dto.into();
        let mut n = 0u128;
        let _ = raw.parse(|| {
            n += 1;
            uuid::Uuid::from_u128(n)
        });
    }
}

/// A bearer token: the claims read before it is trusted (to pick the employer), then the
/// checks after its signature; and the same bytes as an ID token for the library's parser.
pub fn access_token(raw: &str) {
    let _ = crate::oidc::claimed_issuer_and_audiences(raw);
    if let Ok(token) = crate::oidc::AccessJwt::parse(raw) {
        let _ = token.check_claims("https://idp.example", "orka-app", chrono::Utc::now());
    }
    let _ = raw.parse::<openidconnect::core::CoreIdToken>();
}

/// `POST /api/v1/push/subscriptions`: the JSON body, then the endpoint and key checks.
pub fn push_subscription(body: &[u8]) {
    let Ok(b) = serde_json::from_slice::<crate::api::push::SubscriptionBody>(body) else {
        return;
    };
    let new = service::push::NewSubscription {
        endpoint: b.endpoint,
        p256dh: b.keys.p256dh,
        auth: b.keys.auth,
        language: domain::guidance::Language::Sv,
        label: b.label,
    };
    let policy = service::push::EndpointPolicy::default();
    let _ = new.check(&policy);
}

/// `next=` and every other redirect target taken from a request.
pub fn redirect_target(raw: &str) {
    let public = Url::parse("https://orka.example.se/").expect("a fixed URL");
    if let Some(target) = crate::redirect::local_target(&public, raw) {
        // What it promises: a path on this site.
        let resolved = public.join(&target).expect("a local target resolves");
        assert_eq!(resolved.origin(), public.origin(), "{raw:?} -> {target:?}");
    }
}
