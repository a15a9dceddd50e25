//! The reminders page: preferences as a plain form, the person's devices, a test push.

use super::render::{done_from, failed, read_form, render, render_refused, PageData};
use crate::api::push::{apply, PreferencesBody, QuietHoursDto};
use crate::context::PageUser;
use crate::state::AppState;
use app::{DeviceLine, ReminderForm, RemindersView};
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::reminders::{hhmm, weekday_code};
use service::push::{self, ReminderState, Which};

fn form_of(s: &ReminderState) -> ReminderForm {
    let p = &s.preferences;
    ReminderForm {
        check_in: p.check_in,
        weekday: weekday_code(p.schedule.weekday).into(),
        time: hhmm(p.schedule.at),
        time_zone: p.schedule.zone.name().to_owned(),
        quiet_start: p.schedule.quiet.map(|q| hhmm(q.start)).unwrap_or_default(),
        quiet_end: p.schedule.quiet.map(|q| hhmm(q.end)).unwrap_or_default(),
        rehab: p.rehab,
        alerts: p.alerts,
        during_sick_leave: p.during_sick_leave,
    }
}

async fn view_for(
    state: &AppState,
    lang: app::i18n::Lang,
    person: &service::Person,
    done: Option<String>,
) -> Result<(RemindersView, ReminderState), service::StoreError> {
    let now = state.ctx.clock.now();
    let s = push::reminder_state(&state.ctx.db, person.id, now).await?;
    // On the person's own clock, which their reminders follow.
    let zone = s.preferences.schedule.zone;
    let words = domain::human::Words::new(lang.content(), now.with_timezone(&zone).date_naive());
    let local =
        |t: chrono::DateTime<chrono::Utc>| words.date_time(t.with_timezone(&zone).naive_local());
    let devices = push::devices(&state.ctx.db, person.id)
        .await?
        .into_iter()
        .map(|d| DeviceLine {
            id: d.id.to_string(),
            label: d.label,
            added: words.date(d.created_at.with_timezone(&zone).date_naive()),
            last_delivered: d.last_delivered_at.map(local),
        })
        .collect();
    let view = RemindersView {
        form: form_of(&s),
        errors: vec![],
        done,
        paused: s.paused,
        resting: s.resting,
        next: s.next_reminder.map(local),
        devices,
    };
    Ok((view, s))
}

pub async fn page(State(state): State<AppState>, me: PageUser, req: Request) -> Response {
    let (lang, person) = (me.lang, me.person);
    match view_for(
        &state,
        lang,
        &person,
        done_from(&req, &["saved", "removed", "test", "test-none"]),
    )
    .await
    {
        Ok((view, _)) => render(state, PageData::Reminders(Box::new(view)), req).await,
        Err(e) => failed("reminders", e),
    }
}

/// Saves the form; refused values come back with a message at each field, as typed.
pub async fn save(State(state): State<AppState>, me: PageUser, req: Request) -> Response {
    let (lang, person) = (me.lang, me.person);
    let (parts, typed) = match read_form::<ReminderForm>(&state, req).await {
        Ok(form) => form,
        Err(refused) => return refused,
    };
    let (mut view, current) = match view_for(&state, lang, &person, None).await {
        Ok(v) => v,
        Err(e) => return failed("reminders", e),
    };
    let quiet = match (typed.quiet_start.trim(), typed.quiet_end.trim()) {
        ("", "") => Ok(None),
        ("", _) => Err(("quiet_start", app::i18n::Msg::ErrQuietBoth)),
        (_, "") => Err(("quiet_end", app::i18n::Msg::ErrQuietBoth)),
        (start, end) => Ok(Some(QuietHoursDto {
            start: start.to_owned(),
            end: end.to_owned(),
        })),
    };
    let body = PreferencesBody {
        check_in: Some(typed.check_in),
        weekday: Some(typed.weekday.clone()),
        time: Some(typed.time.clone()),
        time_zone: Some(typed.time_zone.clone()),
        quiet_hours: Some(quiet.clone().unwrap_or(None)),
        rehab: Some(typed.rehab),
        alerts: Some(typed.alerts),
        during_sick_leave: Some(typed.during_sick_leave),
    };
    let checked = apply(lang, body, current.preferences.clone());
    let mut errors: Vec<(String, String)> = match &checked {
        Ok(_) => vec![],
        Err(problems) => problems
            .iter()
            .map(|p| {
                let field = p.field.replace("quiet_hours.", "quiet_");
                (field, p.message.clone())
            })
            .collect(),
    };
    if let Err((field, msg)) = quiet {
        errors.push((field.to_owned(), lang.t(msg).to_owned()));
    }
    match checked {
        Ok(wanted) if errors.is_empty() => {
            let now = state.ctx.clock.now();
            match push::set_reminder_preferences(&state.ctx.db, person.id, wanted, now).await {
                Ok(_) => Redirect::to("/reminders?done=saved").into_response(),
                Err(e) => failed("reminders", e),
            }
        }
        _ => {
            view.form = typed;
            view.errors = errors;
            let mut response =
                render_refused(state, parts, None, PageData::Reminders(Box::new(view))).await;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            response
        }
    }
}

pub async fn test(State(state): State<AppState>, me: PageUser) -> Response {
    let person = me.person;
    match push::enqueue_test(&state.ctx.db, person.id, state.ctx.clock.now()).await {
        Ok(0) => Redirect::to("/reminders?done=test-none").into_response(),
        Ok(_) => {
            state.push.wake();
            Redirect::to("/reminders?done=test").into_response()
        }
        Err(e) => failed("reminders", e),
    }
}

pub async fn remove_device(
    State(state): State<AppState>,
    me: PageUser,
    Path(id): Path<String>,
) -> Response {
    let person = me.person;
    let Ok(id) = id.parse() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match push::unsubscribe(&state.ctx.db, person.id, Which::Id(id)).await {
        Ok(true) => Redirect::to("/reminders?done=removed").into_response(),
        Ok(false) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => failed("reminders", e),
    }
}
