//! Adjusted work for someone still at work (arbetsanpassning), on the rehab pages: the
//! employee asks for it from their phone and follows their case; coordinators and managers
//! list the open ones, open one from a shared alert or the early-conversation list, record the
//! investigation with the employee and set the follow-up. Plain forms, so all of it works
//! without JavaScript. The measures are the case's plan, edited as for sick leave.

use crate::i18n::{Lang, Msg};
use domain::adjustment::{Companion, Recipient, Start, MAX_TEXT};
use domain::CaseId;
use leptos::prelude::*;

/// What an adjustment case holds, as its reader may see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdjustmentView {
    pub start: Start,
    pub observed: Option<String>,
    pub with_manager: bool,
    /// Day, who came along, what was found.
    pub investigation: Option<(String, Option<Companion>, String)>,
    pub follow_up_on: Option<String>,
    /// `not-set`, `upcoming`, `today` or `overdue`.
    pub follow_up: &'static str,
    /// The first day of the sick leave it became, if it did.
    pub sick_leave_from: Option<String>,
}

/// One line of the list of open adjustment cases.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdjustmentRow {
    pub id: CaseId,
    pub name: String,
    pub opened: String,
    pub start: Start,
    pub investigated: bool,
    pub follow_up_on: Option<String>,
    pub follow_up: &'static str,
}

/// The coordinator's and manager's part of the rehab page about adjustment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AdjustmentList {
    pub rows: Vec<AdjustmentRow>,
    /// People the viewer may open an adjustment case for: (id, name).
    pub people: Vec<(String, String)>,
    /// Opened from an alert: its id, from the alert's link.
    pub from_alert: Option<String>,
    /// Preselected person (from an alert or the early-conversation list).
    pub person: Option<String>,
}

pub(crate) fn start_name(start: Start) -> Msg {
    match start {
        Start::Alert => Msg::AdjStartAlert,
        Start::EarlySignal => Msg::AdjStartSignal,
        Start::Request => Msg::AdjStartRequest,
    }
}

fn companion_name(c: Option<Companion>) -> Msg {
    match c {
        Some(Companion::Union) => Msg::AdjCompanionUnion,
        Some(Companion::SafetyRepresentative) => Msg::AdjCompanionSafety,
        None => Msg::AdjCompanionNone,
    }
}

fn follow_up_text(lang: Lang, on: &Option<String>, status: &str) -> String {
    match (on, status) {
        (Some(d), "overdue") => lang.tf(Msg::AdjFollowUpOverdue, &[d]),
        (Some(d), _) => lang.tf(Msg::AdjFollowUpOn, &[d]),
        (None, _) => lang.t(Msg::AdjFollowUpNotSet).to_owned(),
    }
}

/// The message of a refused form's field, as `(form, field, message)` triples hold them.
fn field_error(
    errors: &[(String, String, String)],
    form: &'static str,
    field: &'static str,
) -> Option<impl IntoView> {
    errors
        .iter()
        .find(|(f, name, _)| f == form && name == field)
        .map(|(_, _, m)| view! { <p class="field-error">{m.clone()}</p> })
}

/// A refusal of the whole form (one open case at a time, say), shown above it.
fn form_error(errors: &[(String, String, String)], form: &'static str) -> Option<impl IntoView> {
    errors
        .iter()
        .find(|(f, name, _)| f == form && name.is_empty())
        .map(|(_, _, m)| view! { <p class="card urgent" role="alert">{m.clone()}</p> })
}

/// The employee's request, when they have no open case.
pub(crate) fn request_form(lang: Lang, errors: &[(String, String, String)]) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="ask-title" id="ask-adjustment">
            <h2 id="ask-title">{lang.t(Msg::AdjAskTitle)}</h2>
            <p>{lang.t(Msg::AdjAskIntro)}</p>
            {form_error(errors, "request")}
            <form method="post" action="/rehab/adjustment-request" class="settings">
                <fieldset>
                    <legend>{lang.t(Msg::AdjAskTo)}</legend>
                    {field_error(errors, "request", "to")}
                    <label class="choice">
                        <input type="radio" name="to" value=Recipient::Manager.code() required/>
                        {lang.t(Msg::AdjToManager)}
                    </label>
                    <label class="choice">
                        <input type="radio" name="to" value=Recipient::Coordinator.code() required/>
                        {lang.t(Msg::AdjToCoordinator)}
                    </label>
                </fieldset>
                <div class="field">
                    <label for="words">{lang.t(Msg::AdjWords)}</label>
                    <p class="hint" id="words-hint">{lang.t(Msg::AdjWordsHint)}</p>
                    {field_error(errors, "request", "words")}
                    <textarea id="words" name="words" rows="3" maxlength=MAX_TEXT.to_string()
                        aria-describedby="words-hint"></textarea>
                </div>
                <button type="submit" class="button primary">{lang.t(Msg::AdjAsk)}</button>
            </form>
        </section>
    }
}

/// What the case holds, for every reader.
fn details(lang: Lang, a: &AdjustmentView) -> impl IntoView {
    view! {
        <p>{lang.t(start_name(a.start))}</p>
        {a.observed.clone().map(|o| view! {
            <p><strong>{lang.t(Msg::AdjObserved)}</strong>": "{o}</p>
        })}
        {match a.investigation.clone() {
            Some((on, companion, note)) => view! {
                <p><strong>{lang.t(Msg::AdjInvestigation)}</strong>": "
                    {lang.tf(Msg::AdjInvestigatedOn, &[&on, &lang.t(companion_name(companion))])}</p>
                <blockquote>{note}</blockquote>
            }.into_any(),
            None => view! { <p>{lang.t(Msg::AdjNotInvestigated)}</p> }.into_any(),
        }}
        <p class=format!("follow-up {}", a.follow_up)>{follow_up_text(lang, &a.follow_up_on, a.follow_up)}</p>
        {a.sick_leave_from.clone().map(|d| view! { <p class="note">{lang.tf(Msg::AdjBecameSickLeave, &[&d])}</p> })}
    }
}

/// The employee's own adjustment case, with the choice to let their manager in.
pub(crate) fn my_adjustment(
    lang: Lang,
    case: &str,
    a: &AdjustmentView,
    open: bool,
) -> impl IntoView {
    let next = !a.with_manager;
    view! {
        <section class="card" aria-labelledby="adj-title" data-adjustment="">
            <h2 id="adj-title">{lang.t(Msg::AdjMineTitle)}</h2>
            {details(lang, a)}
            <p>{lang.t(if a.with_manager { Msg::AdjManagerIn } else { Msg::AdjManagerOut })}</p>
            {open.then(|| view! {
                <form method="post" action=format!("/rehab/cases/{case}/manager") class="inline">
                    <input type="hidden" name="takes_part" value=next.to_string()/>
                    <button type="submit" class="button">
                        {lang.t(if next { Msg::AdjLetManagerIn } else { Msg::AdjLeaveManagerOut })}
                    </button>
                </form>
            })}
        </section>
    }
}

/// The list of open adjustment cases and the form that opens one.
pub(crate) fn adjustment_list(
    lang: Lang,
    l: AdjustmentList,
    errors: &[(String, String, String)],
) -> impl IntoView {
    let person = l.person.clone().unwrap_or_default();
    view! {
        <section aria-labelledby="adjustments-title">
            <h2 id="adjustments-title">{lang.t(Msg::AdjListTitle)}</h2>
            {if l.rows.is_empty() {
                view! { <p>{lang.t(Msg::AdjNone)}</p> }.into_any()
            } else {
                view! {
                    <ul class="case-list">
                        {l.rows.iter().map(|r| view! {
                            <li class={if r.follow_up == "overdue" { "card attention" } else { "card" }}>
                                <a href=format!("/rehab/cases/{}", r.id)>{r.name.clone()}</a>
                                <p>{lang.tf(Msg::AdjOpenedOn, &[&r.opened])}" · "{lang.t(start_name(r.start))}</p>
                                <p>{lang.t(if r.investigated { Msg::AdjInvestigated } else { Msg::AdjNotInvestigated })}
                                    " · "{follow_up_text(lang, &r.follow_up_on, r.follow_up)}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        {(!l.people.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="open-adj-title" id="open-adjustment">
                <h2 id="open-adj-title">{lang.t(Msg::AdjOpenTitle)}</h2>
                <p class="hint">{lang.t(Msg::AdjOpenHint)}</p>
                {form_error(errors, "adjustment")}
                <form method="post" action="/rehab/adjustments" class="settings">
                    <div class="field">
                        <label for="adj-person">{lang.t(Msg::AdjPerson)}</label>
                        {field_error(errors, "adjustment", "person_id")}
                        <select id="adj-person" name="person_id" required>
                            {l.people.iter().map(|(id, name)| view! {
                                <option value=id.clone() selected=*id == person>{name.clone()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    {match l.from_alert.clone() {
                        Some(alert) => view! {
                            <input type="hidden" name="start" value=Start::Alert.code()/>
                            <input type="hidden" name="alert_id" value=alert/>
                            <p>{lang.t(Msg::AdjStartAlert)}</p>
                        }.into_any(),
                        None => view! {
                            <input type="hidden" name="start" value=Start::EarlySignal.code()/>
                            <p>{lang.t(Msg::AdjStartSignal)}</p>
                        }.into_any(),
                    }}
                    {field_error(errors, "adjustment", "start")}
                    {field_error(errors, "adjustment", "alert")}
                    <div class="field">
                        <label for="observed">{lang.t(Msg::AdjObserved)}</label>
                        <p class="hint" id="observed-hint">{lang.t(Msg::AdjObservedHint)}</p>
                        {field_error(errors, "adjustment", "observed")}
                        <textarea id="observed" name="observed" rows="3" maxlength=MAX_TEXT.to_string()
                            aria-describedby="observed-hint"></textarea>
                    </div>
                    <button type="submit" class="button primary">{lang.t(Msg::AdjOpen)}</button>
                </form>
            </section>
        })}
    }
}

/// The adjustment on its case page: what it holds, and for whoever runs it the
/// investigation and the follow-up.
pub(crate) fn case_adjustment(
    lang: Lang,
    case: &str,
    a: &AdjustmentView,
    may_run: bool,
    errors: &[(String, String, String)],
) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="adj-case-title" data-adjustment="">
            <h2 id="adj-case-title">{lang.t(Msg::AdjCaseTitle)}</h2>
            {details(lang, a)}
            <p>{lang.t(if a.with_manager { Msg::AdjManagerTakesPart } else { Msg::AdjManagerLeftOut })}</p>
        </section>
        {may_run.then(|| view! {
            <section class="card" aria-labelledby="inv-title">
                <h2 id="inv-title">{lang.t(Msg::AdjInvestigation)}</h2>
                <p class="hint">{lang.t(Msg::AdjInvestigationHint)}</p>
                {form_error(errors, "investigation")}
                <form method="post" action=format!("/rehab/cases/{case}/investigation") class="settings">
                    <div class="field">
                        <label for="inv-on">{lang.t(Msg::AdjHeldOn)}</label>
                        {field_error(errors, "investigation", "on")}
                        <input id="inv-on" name="on" type="date" required/>
                    </div>
                    <fieldset>
                        <legend>{lang.t(Msg::AdjCompanion)}</legend>
                        {field_error(errors, "investigation", "companion")}
                        {[None, Some(Companion::Union), Some(Companion::SafetyRepresentative)].map(|c| view! {
                            <label class="choice">
                                <input type="radio" name="companion" value=c.map_or("none", Companion::code) checked=c.is_none()/>
                                {lang.t(companion_name(c))}
                            </label>
                        }).collect_view()}
                    </fieldset>
                    <div class="field">
                        <label for="inv-note">{lang.t(Msg::AdjFound)}</label>
                        <p class="hint" id="inv-note-hint">{lang.t(Msg::AdjObservedHint)}</p>
                        {field_error(errors, "investigation", "note")}
                        <textarea id="inv-note" name="note" rows="4" maxlength=MAX_TEXT.to_string()
                            aria-describedby="inv-note-hint"></textarea>
                    </div>
                    <button type="submit" class="button">{lang.t(Msg::AdjRecordInvestigation)}</button>
                </form>
            </section>
            <section class="card" aria-labelledby="fu-title">
                <h2 id="fu-title">{lang.t(Msg::AdjFollowUpTitle)}</h2>
                <p class="hint">{lang.t(Msg::AdjFollowUpHint)}</p>
                {form_error(errors, "follow-up")}
                <form method="post" action=format!("/rehab/cases/{case}/follow-up") class="settings">
                    <div class="field">
                        <label for="fu-on">{lang.t(Msg::AdjFollowUpDate)}</label>
                        {field_error(errors, "follow-up", "on")}
                        <input id="fu-on" name="on" type="date" required/>
                    </div>
                    <button type="submit" class="button">{lang.t(Msg::AdjSetFollowUp)}</button>
                </form>
            </section>
        })}
    }
}
