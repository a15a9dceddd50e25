use crate::i18n::{Lang, Msg};
use crate::{lang, RemindersView};
use leptos::prelude::*;
use leptos_meta::Title;

const WEEKDAYS: [(&str, Msg); 7] = [
    ("monday", Msg::Monday),
    ("tuesday", Msg::Tuesday),
    ("wednesday", Msg::Wednesday),
    ("thursday", Msg::Thursday),
    ("friday", Msg::Friday),
    ("saturday", Msg::Saturday),
    ("sunday", Msg::Sunday),
];

/// Reminder preferences as a plain form; turning notifications on for this device is the one
/// part that needs JavaScript (reminders.js), and the page says so when it is missing.
#[component]
pub fn RemindersPage() -> impl IntoView {
    let lang = lang();
    let view = use_context::<RemindersView>().unwrap_or_default();
    let form = view.form.clone();
    let errors = view.errors.clone();
    let error = move |field: &str| {
        errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.clone())
    };
    let done = view.done.as_deref().map(|d| match d {
        "saved" => (Msg::RemindersSaved, "note"),
        "removed" => (Msg::RemindersRemoved, "note"),
        "test" => (Msg::RemindersTestQueued, "note"),
        _ => (Msg::RemindersTestNoDevices, "attention"),
    });
    let has_devices = !view.devices.is_empty();
    view! {
        <Title text={format!("{} · {}", lang.t(Msg::RemindersTitle), lang.t(Msg::AppName))}/>
        <h1>{lang.t(Msg::RemindersTitle)}</h1>
        {done.map(|(m, class)| view! { <p class=format!("card {class}") role="status">{lang.t(m)}</p> })}
        {(!view.errors.is_empty()).then(|| view! {
            <div class="card urgent error-summary" role="alert" tabindex="-1">
                <p>{lang.t(Msg::ErrSettingsInvalid)}</p>
            </div>
        })}
        <p>{lang.t(Msg::RemindersIntro)}</p>
        {view.paused.then(|| view! { <p class="card attention" data-paused="">{lang.t(Msg::RemindersPaused)}</p> })}
        {view.resting.then(|| view! { <p class="card note" data-resting="">{lang.t(Msg::RemindersResting)}</p> })}
        {view.next.map(|n| view! { <p data-next-reminder="">{lang.tf(Msg::RemindersNext, &[&n])}</p> })}
        <section class="card" id="this-device" aria-labelledby="this-device-title"
            data-msg-asking=lang.t(Msg::RemindersAsking) data-msg-on=lang.t(Msg::RemindersOn)
            data-msg-blocked=lang.t(Msg::RemindersBlocked) data-msg-dismissed=lang.t(Msg::RemindersDismissed)
            data-msg-unsupported=lang.t(Msg::RemindersUnsupported) data-msg-failed=lang.t(Msg::RemindersFailed)>
            <h2 id="this-device-title">{lang.t(Msg::RemindersThisDevice)}</h2>
            <p>{lang.t(Msg::RemindersDeviceIntro)}</p>
            <button type="button" id="push-enable" class="button primary" hidden>{lang.t(Msg::RemindersEnable)}</button>
            <p id="push-status" role="status"></p>
            <p id="push-ios" class="hint" hidden>{lang.t(Msg::RemindersIos)}</p>
            // Shown until reminders.js runs: without JavaScript there is no push.
            <p id="push-needs-js">{lang.t(Msg::RemindersNeedsJs)}</p>
            <p class="hint">{lang.t(Msg::RemindersPrivacy)}</p>
        </section>
        <form method="post" action="/reminders" class="settings">
            <fieldset>
                <legend>{lang.t(Msg::RemindersCheckInLegend)}</legend>
                {checkbox(lang, "check_in", Msg::RemindersCheckIn, form.check_in)}
                <div class="field">
                    <label for="weekday">{lang.t(Msg::RemindersWeekday)}</label>
                    {message(error("weekday"), "weekday")}
                    <select id="weekday" name="weekday">
                        {WEEKDAYS.iter().map(|(code, name)| view! {
                            <option value=*code selected=form.weekday == *code>{lang.t(*name)}</option>
                        }).collect_view()}
                    </select>
                </div>
                {time_field(lang, "time", Msg::RemindersTime, &form.time, error("time"))}
                <input type="hidden" name="time_zone" id="time_zone" value=form.time_zone.clone()/>
            </fieldset>
            <fieldset>
                <legend>{lang.t(Msg::RemindersQuietLegend)}</legend>
                <p class="hint">{lang.t(Msg::RemindersQuietHint)}</p>
                {time_field(lang, "quiet_start", Msg::RemindersQuietFrom, &form.quiet_start, error("quiet_start"))}
                {time_field(lang, "quiet_end", Msg::RemindersQuietTo, &form.quiet_end, error("quiet_end"))}
            </fieldset>
            <fieldset>
                <legend>{lang.t(Msg::RemindersOtherLegend)}</legend>
                {checkbox(lang, "rehab", Msg::RemindersRehab, form.rehab)}
                {checkbox(lang, "alerts", Msg::RemindersAlerts, form.alerts)}
                {checkbox(lang, "during_sick_leave", Msg::RemindersDuringSickLeave, form.during_sick_leave)}
            </fieldset>
            <button type="submit" class="button primary">{lang.t(Msg::RemindersSave)}</button>
        </form>
        <section aria-labelledby="devices-title">
            <h2 id="devices-title">{lang.t(Msg::RemindersDevices)}</h2>
            {if has_devices {
                view! {
                    <ul class="devices">
                        {view.devices.into_iter().map(|d| {
                            let name = d.label.clone().unwrap_or_else(|| lang.t(Msg::RemindersUnknownDevice).to_owned());
                            view! {
                                <li data-device=d.id.clone()>
                                    <span>{name.clone()}</span>
                                    <span class="muted">{format!(" – {}", lang.tf(Msg::RemindersDeviceAdded, &[&d.added]))}</span>
                                    {d.last_delivered.map(|l| view! { <span class="muted">{format!(", {}", lang.tf(Msg::RemindersDeviceLast, &[&l]))}</span> })}
                                    <form method="post" action=format!("/reminders/devices/{}/remove", d.id) class="inline">
                                        <button type="submit" class="link-button">{lang.tf(Msg::RemindersRemove, &[&name])}</button>
                                    </form>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <form method="post" action="/reminders/test">
                        <button type="submit" class="button">{lang.t(Msg::RemindersTest)}</button>
                    </form>
                }.into_any()
            } else {
                view! { <p>{lang.t(Msg::RemindersNoDevices)}</p> }.into_any()
            }}
        </section>
    }
}

fn checkbox(lang: Lang, name: &'static str, label: Msg, checked: bool) -> impl IntoView {
    view! {
        <div class="field checkbox">
            <input type="checkbox" id=name name=name value="true" checked=checked/>
            <label for=name>{lang.t(label)}</label>
        </div>
    }
}

fn message(error: Option<String>, name: &str) -> impl IntoView {
    error.map(|m| view! {
        <p class="field-error" id=format!("{name}-error")><span class="visually-hidden">"! "</span>{m}</p>
    })
}

fn time_field(
    lang: Lang,
    name: &'static str,
    label: Msg,
    value: &str,
    error: Option<String>,
) -> impl IntoView {
    let described = error.as_ref().map(|_| format!("{name}-error"));
    view! {
        <div class="field">
            <label for=name>{lang.t(label)}</label>
            {message(error.clone(), name)}
            <input type="time" id=name name=name value=value.to_owned()
                aria-invalid=error.is_some().then_some("true") aria-describedby=described/>
        </div>
    }
}
