//! Push reminders over the API: the server's public key, the person's devices, their
//! reminder preferences, a test push, and an employer's push figures for its admins.

use super::employers::administered;
use super::problem::{json_body, FieldProblem, Problem};
use crate::context::ApiUser;
use crate::failure::store_failed;
use crate::state::AppState;
use app::i18n::{Lang, Msg};
use app::server::RequestLang;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use chrono::{DateTime, Utc};
use domain::reminders::{
    hhmm, parse_hhmm, parse_weekday, weekday_code, CheckInSchedule, QuietHours,
};
use serde::{Deserialize, Serialize};
use service::push::{self, NewSubscription, ReminderPreferences, ReminderState, Which};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Serialize, ToSchema)]
pub struct PushKeyDto {
    /// Base64url, uncompressed P-256: pass as `applicationServerKey` to `pushManager.subscribe`.
    pub public_key: String,
}

/// The server's VAPID public key.
#[utoipa::path(get, path = "/api/v1/push/key", tag = "reminders", responses((status = 200, body = PushKeyDto)))]
pub async fn key(
    State(state): State<AppState>,
    Extension(RequestLang(lang)): Extension<RequestLang>,
) -> Result<Json<PushKeyDto>, Problem> {
    let key = push::current_key(&state.ctx.db, state.ctx.clock.now())
        .await
        .map_err(|e| store_failed(lang, e))?;
    Ok(Json(PushKeyDto {
        public_key: key.public_key,
    }))
}

/// A browser's `PushSubscription.toJSON()`, with an optional name for the device.
#[derive(Deserialize, ToSchema)]
pub struct SubscriptionBody {
    pub endpoint: String,
    #[serde(default, rename = "expirationTime")]
    pub expiration_time: Option<f64>,
    pub keys: SubscriptionKeys,
    /// e.g. "Android phone"; at most 80 characters are kept.
    #[serde(default)]
    pub label: Option<String>,
    /// `sv` or `en`: the language of this device's notifications (default: the request's).
    #[serde(default)]
    pub language: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct SubscriptionKeys {
    pub p256dh: String,
    pub auth: String,
}

#[derive(Serialize, ToSchema)]
pub struct DeviceDto {
    pub id: Uuid,
    pub label: Option<String>,
    pub language: String,
    pub created_at: DateTime<Utc>,
    pub last_delivered_at: Option<DateTime<Utc>>,
}

#[derive(Serialize, ToSchema)]
pub struct DevicesDto {
    pub items: Vec<DeviceDto>,
}

fn device_dto(d: push::Device) -> DeviceDto {
    DeviceDto {
        id: d.id,
        label: d.label,
        language: d.language.code().into(),
        created_at: d.created_at,
        last_delivered_at: d.last_delivered_at,
    }
}

/// The signed-in person's devices.
#[utoipa::path(get, path = "/api/v1/push/subscriptions", tag = "reminders",
    responses((status = 200, body = DevicesDto), (status = 401, body = Problem)))]
pub async fn devices(
    State(state): State<AppState>,
    me: ApiUser,
) -> Result<Json<DevicesDto>, Problem> {
    let (lang, person) = (me.lang, &me.person);
    let list = push::devices(&state.ctx.db, person.id)
        .await
        .map_err(|e| store_failed(lang, e))?;
    Ok(Json(DevicesDto {
        items: list.into_iter().map(device_dto).collect(),
    }))
}

/// Registers a device for push reminders. Subscribing an endpoint again replaces it.
#[utoipa::path(post, path = "/api/v1/push/subscriptions", tag = "reminders", request_body = SubscriptionBody,
    responses((status = 201, body = DeviceDto), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 422, body = Problem)))]
pub async fn subscribe(
    State(state): State<AppState>,
    me: ApiUser,
    body: Result<Json<SubscriptionBody>, JsonRejection>,
) -> Result<(StatusCode, Json<DeviceDto>), Problem> {
    let (lang, person) = (me.lang, &me.person);
    let body = json_body(body)?;
    let language = match body.language.as_deref() {
        None => lang.content(),
        Some(code) => domain::guidance::Language::parse(code)
            .ok_or_else(|| invalid(lang, "language", "invalid", "must be sv or en".into()))?,
    };
    let new = NewSubscription {
        endpoint: body.endpoint,
        p256dh: body.keys.p256dh,
        auth: body.keys.auth,
        language,
        label: body.label.filter(|l| !l.trim().is_empty()),
    };
    let now = state.ctx.clock.now();
    let stored = push::subscribe(
        &state.ctx.db,
        person.id,
        new,
        &state.settings.push.endpoints,
        now,
    )
    .await
    .map_err(|e| store_failed(lang, e))?;
    match stored {
        Ok(device) => Ok((StatusCode::CREATED, Json(device_dto(device)))),
        Err(problems) => Err(Problem::invalid(
            lang,
            problems
                .into_iter()
                .map(|p| FieldProblem {
                    field: p.field().into(),
                    code: "invalid".into(),
                    message: p.to_string(),
                })
                .collect(),
        )),
    }
}

fn invalid(lang: Lang, field: &str, code: &str, message: String) -> Problem {
    Problem::invalid(
        lang,
        vec![FieldProblem {
            field: field.into(),
            code: code.into(),
            message,
        }],
    )
}

#[derive(Deserialize, ToSchema)]
pub struct UnsubscribeBody {
    pub endpoint: String,
}

/// Stops push to a device, named by its endpoint (as the browser knows it).
#[utoipa::path(delete, path = "/api/v1/push/subscriptions", tag = "reminders", request_body = UnsubscribeBody,
    responses((status = 204), (status = 400, body = Problem), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn unsubscribe(
    State(state): State<AppState>,
    me: ApiUser,
    body: Result<Json<UnsubscribeBody>, JsonRejection>,
) -> Result<StatusCode, Problem> {
    let (lang, person) = (me.lang, &me.person);
    let body = json_body(body)?;
    remove(&state, lang, person.id, Which::Endpoint(body.endpoint)).await
}

/// Removes one of the person's devices by id (as listed in their settings).
#[utoipa::path(delete, path = "/api/v1/push/subscriptions/{id}", tag = "reminders", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn remove_device(
    State(state): State<AppState>,
    me: ApiUser,
    Path(id): Path<String>,
) -> Result<StatusCode, Problem> {
    let (lang, person) = (me.lang, &me.person);
    let Ok(id) = id.parse() else {
        return Err(super::problem::not_found().await);
    };
    remove(&state, lang, person.id, Which::Id(id)).await
}

async fn remove(
    state: &AppState,
    lang: Lang,
    person: domain::PersonId,
    which: Which,
) -> Result<StatusCode, Problem> {
    // Someone else's device is "not found", exactly as a device that never existed.
    match push::unsubscribe(&state.ctx.db, person, which).await {
        Ok(true) => Ok(StatusCode::NO_CONTENT),
        Ok(false) => Err(super::problem::not_found().await),
        Err(e) => Err(store_failed(lang, e)),
    }
}

#[derive(Serialize, ToSchema)]
pub struct TestQueuedDto {
    /// Devices a test notification was queued for.
    pub queued: u64,
}

/// Sends a test notification to each of the person's devices.
#[utoipa::path(post, path = "/api/v1/push/test", tag = "reminders",
    responses((status = 202, body = TestQueuedDto), (status = 401, body = Problem), (status = 409, body = Problem)))]
pub async fn test(
    State(state): State<AppState>,
    me: ApiUser,
) -> Result<(StatusCode, Json<TestQueuedDto>), Problem> {
    let (lang, person) = (me.lang, &me.person);
    let queued = push::enqueue_test(&state.ctx.db, person.id, state.ctx.clock.now())
        .await
        .map_err(|e| store_failed(lang, e))?;
    if queued == 0 {
        return Err(Problem::new(
            StatusCode::CONFLICT,
            "no-devices",
            lang.t(Msg::ErrNoDevices),
        )
        .detail(lang.t(Msg::ErrNoDevicesDetail)));
    }
    state.push.wake();
    Ok((StatusCode::ACCEPTED, Json(TestQueuedDto { queued })))
}

#[derive(Serialize, Deserialize, ToSchema, Clone)]
#[serde(deny_unknown_fields)]
pub struct QuietHoursDto {
    /// Local time, `HH:MM`; nothing is sent from here…
    pub start: String,
    /// …until here (may be past midnight).
    pub end: String,
}

#[derive(Serialize, ToSchema)]
pub struct PreferencesDto {
    /// The weekly check-in reminder.
    pub check_in: bool,
    /// `monday` … `sunday`.
    pub weekday: String,
    /// Local time, `HH:MM`.
    pub time: String,
    /// An IANA zone, e.g. `Europe/Stockholm`.
    pub time_zone: String,
    pub quiet_hours: Option<QuietHoursDto>,
    /// Reminders about rehabilitation meetings and tasks.
    pub rehab: bool,
    /// For managers: notices of new alerts.
    pub alerts: bool,
    /// Keep the check-in reminder while on full-time sick leave.
    pub during_sick_leave: bool,
    /// Four weeks passed without a check-in: reminders wait for the next one.
    pub paused: bool,
    /// On full-time sick leave (and `during_sick_leave` is off): no check-in reminders.
    pub resting: bool,
    pub next_reminder: Option<DateTime<Utc>>,
}

/// Changes to the preferences; absent fields stay as they are, `quiet_hours: null` clears them.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct PreferencesBody {
    pub check_in: Option<bool>,
    pub weekday: Option<String>,
    pub time: Option<String>,
    pub time_zone: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<QuietHoursDto>)]
    pub quiet_hours: Option<Option<QuietHoursDto>>,
    pub rehab: Option<bool>,
    pub alerts: Option<bool>,
    pub during_sick_leave: Option<bool>,
}

/// Tells an explicit `null` (Some(None)) from an absent field (None).
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

fn preferences_dto(s: ReminderState) -> PreferencesDto {
    let p = s.preferences;
    PreferencesDto {
        check_in: p.check_in,
        weekday: weekday_code(p.schedule.weekday).into(),
        time: hhmm(p.schedule.at),
        time_zone: p.schedule.zone.name().into(),
        quiet_hours: p.schedule.quiet.map(|q| QuietHoursDto {
            start: hhmm(q.start),
            end: hhmm(q.end),
        }),
        rehab: p.rehab,
        alerts: p.alerts,
        during_sick_leave: p.during_sick_leave,
        paused: s.paused,
        resting: s.resting,
        next_reminder: s.next_reminder,
    }
}

/// Applies `body` over `current`, or says which fields are wrong.
/// Shared with the reminders page's form.
pub fn apply(
    lang: Lang,
    body: PreferencesBody,
    current: ReminderPreferences,
) -> Result<ReminderPreferences, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let mut bad = |field: &str, message: Msg| {
        problems.push(FieldProblem {
            field: field.into(),
            code: "invalid".into(),
            message: lang.t(message).into(),
        })
    };
    let mut schedule: CheckInSchedule = current.schedule;
    if let Some(day) = body.weekday {
        match parse_weekday(&day) {
            Some(d) => schedule.weekday = d,
            None => bad("weekday", Msg::ErrWeekday),
        }
    }
    if let Some(time) = body.time {
        match parse_hhmm(&time) {
            Some(t) => schedule.at = t,
            None => bad("time", Msg::ErrTimeOfDay),
        }
    }
    if let Some(zone) = body.time_zone {
        match zone.trim().parse::<chrono_tz::Tz>() {
            Ok(z) => schedule.zone = z,
            Err(_) => bad("time_zone", Msg::ErrTimeZone),
        }
    }
    match body.quiet_hours {
        None => {}
        Some(None) => schedule.quiet = None,
        Some(Some(q)) => match (parse_hhmm(&q.start), parse_hhmm(&q.end)) {
            (Some(start), Some(end)) => match QuietHours::new(start, end) {
                Some(quiet) => schedule.quiet = Some(quiet),
                None => bad("quiet_hours.end", Msg::ErrQuietSame),
            },
            (None, _) => bad("quiet_hours.start", Msg::ErrTimeOfDay),
            (_, None) => bad("quiet_hours.end", Msg::ErrTimeOfDay),
        },
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(ReminderPreferences {
        check_in: body.check_in.unwrap_or(current.check_in),
        schedule,
        rehab: body.rehab.unwrap_or(current.rehab),
        alerts: body.alerts.unwrap_or(current.alerts),
        during_sick_leave: body.during_sick_leave.unwrap_or(current.during_sick_leave),
    })
}

/// The person's reminder preferences, and whether reminders are paused.
#[utoipa::path(get, path = "/api/v1/push/preferences", tag = "reminders",
    responses((status = 200, body = PreferencesDto), (status = 401, body = Problem)))]
pub async fn preferences(
    State(state): State<AppState>,
    me: ApiUser,
) -> Result<Json<PreferencesDto>, Problem> {
    let (lang, person) = (me.lang, &me.person);
    let s = push::reminder_state(&state.ctx.db, person.id, state.ctx.clock.now())
        .await
        .map_err(|e| store_failed(lang, e))?;
    Ok(Json(preferences_dto(s)))
}

/// Changes reminder preferences. Turning the check-in reminder on also ends a pause.
#[utoipa::path(put, path = "/api/v1/push/preferences", tag = "reminders", request_body = PreferencesBody,
    responses((status = 200, body = PreferencesDto), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 422, body = Problem)))]
pub async fn set_preferences(
    State(state): State<AppState>,
    me: ApiUser,
    body: Result<Json<PreferencesBody>, JsonRejection>,
) -> Result<Json<PreferencesDto>, Problem> {
    let (lang, person) = (me.lang, &me.person);
    let body = json_body(body)?;
    let now = state.ctx.clock.now();
    let current = push::reminder_state(&state.ctx.db, person.id, now)
        .await
        .map_err(|e| store_failed(lang, e))?;
    let wanted = apply(lang, body, current.preferences).map_err(|e| Problem::invalid(lang, e))?;
    let s = push::set_reminder_preferences(&state.ctx.db, person.id, wanted, now)
        .await
        .map_err(|e| store_failed(lang, e))?;
    Ok(Json(preferences_dto(s)))
}

#[derive(Serialize, ToSchema)]
pub struct PushStatsDto {
    /// Waiting to be sent, or being sent.
    pub pending: u64,
    pub sent: u64,
    /// Given up after retries, or never answered usefully.
    pub failed: u64,
    /// Needed more than one attempt.
    pub retried: u64,
    /// The device had gone; its subscription was removed.
    pub pruned: u64,
    /// Refused by the push service (too large, or a request it will never accept).
    pub dropped: u64,
    /// Devices registered now.
    pub devices: u64,
}

/// How pushes to the employer's people have fared.
#[utoipa::path(get, path = "/api/v1/employers/{slug}/push", tag = "administration", params(("slug" = String, Path)),
    responses((status = 200, body = PushStatsDto), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn stats(
    State(state): State<AppState>,
    me: ApiUser,
    Path(slug): Path<String>,
) -> Result<Json<PushStatsDto>, Problem> {
    let lang = me.lang;
    let (employer, _) = administered(&state, &me, &slug).await?;
    let s = push::stats(&state.ctx.db, employer.id)
        .await
        .map_err(|e| store_failed(lang, e))?;
    Ok(Json(PushStatsDto {
        pending: s.pending,
        sent: s.sent,
        failed: s.failed,
        retried: s.retried,
        pruned: s.pruned,
        dropped: s.dropped,
        devices: s.devices,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;

    #[test]
    fn preferences_change_only_what_is_given_and_name_every_bad_field() {
        let current = ReminderPreferences::default();
        let body: PreferencesBody = serde_json::from_value(serde_json::json!({
            "check_in": true, "weekday": "Thursday", "time": "7:45",
            "quiet_hours": {"start": "22:00", "end": "06:30"}
        }))
        .unwrap();
        let p = apply(Lang::En, body, current.clone()).unwrap();
        assert!(p.check_in);
        assert_eq!(p.schedule.weekday, Weekday::Thu);
        assert_eq!(hhmm(p.schedule.at), "07:45");
        assert_eq!(p.schedule.zone, chrono_tz::Europe::Stockholm);
        assert_eq!(hhmm(p.schedule.quiet.unwrap().end), "06:30");
        assert_eq!(p.rehab, current.rehab);
        let cleared: PreferencesBody =
            serde_json::from_value(serde_json::json!({"quiet_hours": null})).unwrap();
        assert_eq!(
            apply(Lang::En, cleared, p.clone()).unwrap().schedule.quiet,
            None
        );
        let untouched: PreferencesBody = serde_json::from_value(serde_json::json!({})).unwrap();
        assert_eq!(apply(Lang::En, untouched, p.clone()).unwrap(), p);
        let wrong: PreferencesBody = serde_json::from_value(serde_json::json!({
            "weekday": "someday", "time": "25:00", "time_zone": "Europe/Atlantis",
            "quiet_hours": {"start": "22:00", "end": "22:00"}
        }))
        .unwrap();
        let fields: Vec<String> = apply(Lang::En, wrong, current)
            .unwrap_err()
            .into_iter()
            .map(|f| f.field)
            .collect();
        assert_eq!(fields, ["weekday", "time", "time_zone", "quiet_hours.end"]);
    }
}
