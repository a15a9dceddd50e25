//! The coordinator's and manager's side of rehabilitation: the list of open cases, a case
//! with its milestones and the plan editor, and the plan as a printable page (also what an
//! occupational-health contact sees through the employee's link).

use super::rehab_views::{
    error_for, exemption_name, kind_name, milestone_name, milestone_status_name, party_name,
    task_status_name, CaseList, MilestoneLine, PlanView, TaskLine,
};
use crate::i18n::{Lang, Msg};
use crate::lang;
use crate::pdf::Document;
use domain::plan::{MeasureKind, TaskStatus};
use domain::rehab::{Exemption, MilestoneKind, Party};
use domain::CaseId;
use leptos::prelude::*;
use leptos_meta::Title;

/// One case page's content (provided by the server as context).
#[derive(Clone, Debug, Default)]
pub struct CaseView {
    pub id: CaseId,
    pub name: String,
    pub open: bool,
    pub first_day: String,
    pub sick_today: Option<u8>,
    pub expected_last_day: Option<String>,
    /// From, percent.
    pub extents: Vec<(String, u8)>,
    pub milestones: Vec<MilestoneLine>,
    pub plan: Option<PlanView>,
    /// What the editor shows: the plan as typed after a refusal, else the current one.
    pub form: PlanForm,
    pub participation: Vec<(String, String, Option<String>)>,
    pub done: Option<String>,
    /// (form, field, message) of a refused action.
    pub errors: Vec<(String, String, String)>,
    pub may_manage: bool,
    /// The viewer may record the manager's day-3 call (the employee's own manager does).
    pub may_record_call: bool,
    /// What the adjustment case holds, for an adjustment case or one that became sick leave.
    pub adjustment: Option<super::adjustment::AdjustmentView>,
    /// The person is still at work: an adjustment case with no sick leave.
    pub at_work: bool,
}

/// The plan editor's rows, every value as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanForm {
    pub base_version: i32,
    pub goal: String,
    /// id, kind, description, responsible, due, status.
    pub measures: Vec<[String; 6]>,
    /// week, percent, hours.
    pub schedule: Vec<[String; 3]>,
    /// id, at, participants, summary.
    pub meetings: Vec<[String; 4]>,
}

pub(crate) fn milestone_list(lang: Lang, ms: &[MilestoneLine]) -> impl IntoView {
    view! {
        <ol class="timeline">
            {ms.iter().map(|m| view! {
                <li class=format!("milestone {}", m.status.code()) data-milestone=m.kind.code()>
                    <strong>{lang.t(milestone_name(m.kind))}</strong>
                    " "
                    <span>{lang.tf(Msg::RehabDayOn, &[&m.day, &m.due])}</span>
                    " · "
                    <span class="status">{lang.t(milestone_status_name(m.status))}</span>
                    " · "
                    <span>{lang.t(party_name(m.responsible))}</span>
                    {m.exempt.map(|e| view! {
                        <p class="milestone-record">{lang.tf(Msg::RehabExemptBecause, &[&lang.t(exemption_name(e))])}</p>
                    })}
                    {m.note.clone().map(|n| view! {
                        <p class="milestone-record">{lang.t(Msg::RehabLookedInto)}": "{n}</p>
                    })}
                </li>
            }).collect_view()}
        </ol>
    }
}

fn measure_detail(lang: Lang, m: &TaskLine) -> String {
    let mut parts = vec![
        lang.t(kind_name(m.kind)).to_owned(),
        lang.t(party_name(m.responsible)).to_owned(),
        lang.t(task_status_name(m.status)).to_owned(),
    ];
    parts.extend(m.due.as_ref().map(|d| lang.tf(Msg::RehabDue, &[d])));
    parts.join(" · ")
}

/// "Vecka 49: 50 % (8–12)": the week's number comes as people say it.
fn schedule_line(lang: Lang, (week, percent, hours): &(String, u8, Option<String>)) -> String {
    let word = lang.t(Msg::RehabWeek);
    match hours {
        Some(h) => format!("{word} {week}: {percent} % ({h})"),
        None => format!("{word} {week}: {percent} %"),
    }
}

pub(crate) fn plan_body(lang: Lang, p: &PlanView) -> impl IntoView {
    view! {
        <p class="hint">{lang.tf(Msg::RehabPlanVersion, &[&p.version, &p.changed, &p.author])}</p>
        <h3>{lang.t(Msg::RehabGoal)}</h3>
        <p class="goal">{p.goal.clone()}</p>
        <h3>{lang.t(Msg::RehabMeasures)}</h3>
        <ul class="measures">
            {p.measures.iter().map(|m| view! {
                <li data-measure=m.id.clone()>
                    <strong>{m.description.clone()}</strong>
                    <br/>
                    {measure_detail(lang, m)}
                </li>
            }).collect_view()}
        </ul>
        {(!p.schedule.is_empty()).then(|| view! {
            <h3>{lang.t(Msg::RehabSchedule)}</h3>
            <ul class="schedule">
                {p.schedule.iter().map(|w| view! { <li>{schedule_line(lang, w)}</li> }).collect_view()}
            </ul>
        })}
        {(!p.meetings.is_empty()).then(|| view! {
            <h3>{lang.t(Msg::RehabMeetings)}</h3>
            <ul class="meetings">
                {p.meetings.iter().map(|m| view! {
                    <li>
                        {lang.tf(Msg::RehabMeetingLine, &[&m.at, &m.participants])}
                        {m.summary.clone().map(|s| view! { <p class="summary">{s}</p> })}
                    </li>
                }).collect_view()}
            </ul>
        })}
    }
}

pub(crate) fn link_form(
    lang: Lang,
    case: &str,
    error: Option<&(String, String, String)>,
) -> impl IntoView {
    let err = |field: &str| {
        error
            .filter(|(_, f, _)| f == field)
            .map(|(_, _, m)| view! { <p class="field-error">{m.clone()}</p> })
    };
    view! {
        <form method="post" action=format!("/rehab/cases/{case}/links") class="settings">
            <div class="field">
                <label for="contact_name">{lang.t(Msg::RehabLinkContact)}</label>
                {err("contact_name")}
                <input id="contact_name" name="contact_name" type="text" maxlength="200" required/>
            </div>
            <div class="field">
                <label for="organisation">{lang.t(Msg::RehabLinkOrganisation)}</label>
                {err("organisation")}
                <input id="organisation" name="organisation" type="text" maxlength="200" required/>
            </div>
            <div class="field">
                <label for="days">{lang.t(Msg::RehabLinkDays)}</label>
                {err("days")}
                <input id="days" name="days" type="number" min="1" max="90" value="14" required/>
            </div>
            <button type="submit" class="button">{lang.t(Msg::RehabLinkGive)}</button>
        </form>
    }
}

pub(crate) fn case_list(
    lang: Lang,
    c: CaseList,
    errors: &[(String, String, String)],
) -> impl IntoView {
    let open_error = error_for(errors, "open").cloned();
    let err = move |field: &str| {
        open_error
            .clone()
            .filter(|(_, f, _)| f == field)
            .map(|(_, _, m)| view! { <p class="field-error">{m}</p> })
    };
    view! {
        <section aria-labelledby="cases-title">
            <h2 id="cases-title">{lang.t(Msg::RehabCasesTitle)}</h2>
            {if c.cases.is_empty() {
                view! { <p>{lang.t(Msg::RehabNoCases)}</p> }.into_any()
            } else {
                view! {
                    <ul class="case-list">
                        {c.cases.iter().map(|r| view! {
                            <li class={if r.overdue > 0 { "card attention" } else { "card" }}>
                                <a href=format!("/rehab/cases/{}", r.id)>{r.name.clone()}</a>
                                <p>{lang.tf(Msg::RehabSince, &[&r.first_day])}
                                    {r.sick_today.map(|p| format!(" · {}", lang.tf(Msg::RehabSickToday, &[&p])))}</p>
                                {r.next.as_ref().map(|n| view! {
                                    <p>{format!("{}: {} ({})", lang.t(milestone_name(n.kind)), n.due, lang.t(milestone_status_name(n.status)))}</p>
                                })}
                                {(r.overdue > 0).then(|| view! { <p class="urgent-text">{lang.tf(Msg::RehabOverdue, &[&r.overdue])}</p> })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        {super::adjustment::adjustment_list(lang, c.adjustments.clone(), errors)}
        {(!c.to_open.is_empty() || !c.people.is_empty()).then(|| to_open(lang, &c))}
        <section class="card" aria-labelledby="signals-title">
            <h2 id="signals-title">{lang.t(Msg::RehabSignalsTitle)}</h2>
            <p class="hint">{lang.tf(Msg::RehabSignalsRule, &[&c.rule.0, &c.rule.1])}</p>
            {if c.signals.is_empty() {
                view! { <p>{lang.t(Msg::RehabNoSignals)}</p> }.into_any()
            } else {
                view! {
                    <ul>{c.signals.iter().map(|s| view! {
                        <li>{lang.tf(Msg::RehabSignalLine, &[&s.name, &s.spells, &s.latest])}
                            " "<a href=format!("/rehab?adjust={}#open-adjustment", s.person)>{lang.t(Msg::AdjOpenFor)}</a></li>
                    }).collect_view()}</ul>
                    <p><a href="/guidance/the-early-conversation">{lang.t(Msg::AlertGuide)}</a></p>
                }.into_any()
            }}
        </section>
        {(!c.people.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="open-title">
                <h2 id="open-title">{lang.t(Msg::RehabOpenTitle)}</h2>
                <p class="hint">{lang.t(Msg::RehabNoDiagnosis)}</p>
                <form method="post" action="/rehab/cases" class="settings">
                    <div class="field">
                        <label for="person_id">{lang.t(Msg::RehabPerson)}</label>
                        {err("person_id")}
                        <select id="person_id" name="person_id" required>
                            {c.people.iter().map(|(id, name)| view! { <option value=id.clone()>{name.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="first_day">{lang.t(Msg::RehabFirstDay)}</label>
                        {err("first_day")}
                        <input id="first_day" name="first_day" type="date" required/>
                    </div>
                    <div class="field">
                        <label for="percent">{lang.t(Msg::RehabExtent)}</label>
                        {err("percent")}
                        <select id="percent" name="percent">
                            {[100, 75, 50, 25].map(|p| view! { <option value=p.to_string()>{format!("{p} %")}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="expected_last_day">{lang.t(Msg::RehabExpected)}</label>
                        {err("expected_last_day")}
                        <input id="expected_last_day" name="expected_last_day" type="date"/>
                    </div>
                    <button type="submit" class="button primary">{lang.t(Msg::RehabOpen)}</button>
                </form>
            </section>
        })}
    }
}

/// Sick periods that reached the case day: one tap opens the case with its first day and
/// extent as payroll has them.
fn to_open(lang: Lang, c: &CaseList) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="to-open-title">
            <h2 id="to-open-title">{lang.t(Msg::RehabToOpenTitle)}</h2>
            <p class="hint">{lang.tf(Msg::RehabToOpenRule, &[&c.case_day])}</p>
            {if c.to_open.is_empty() {
                view! { <p>{lang.t(Msg::RehabNoToOpen)}</p> }.into_any()
            } else {
                view! {
                    <ul class="to-open">{c.to_open.iter().map(|r| view! {
                        <li>
                            <form method="post" action="/rehab/cases" class="inline">
                                <p>{lang.tf(Msg::RehabToOpenLine, &[&r.name, &r.first_day.1, &c.case_day, &r.reached_on, &r.percent])}
                                    {(!r.ongoing).then(|| format!(" · {}", lang.t(Msg::RehabToOpenBack)))}</p>
                                <input type="hidden" name="person_id" value=r.person.clone()/>
                                <input type="hidden" name="first_day" value=r.first_day.0.clone()/>
                                <input type="hidden" name="percent" value=r.percent.to_string()/>
                                <button type="submit" class="button" aria-label=format!("{} – {}", lang.t(Msg::RehabOpen), r.name)>{lang.t(Msg::RehabOpen)}</button>
                            </form>
                        </li>
                    }).collect_view()}</ul>
                }.into_any()
            }}
        </section>
    }
}

/// A plan field's name as the editor shows it: `measures.1.due` → "Measures, row 2".
fn field_label(lang: Lang, field: &str) -> String {
    let mut parts = field.split('.');
    let section = match parts.next() {
        Some("goal") => return lang.t(Msg::RehabGoal).to_owned(),
        Some("measures") => Msg::RehabMeasures,
        Some("schedule") => Msg::RehabSchedule,
        _ => Msg::RehabMeetings,
    };
    match parts.next().and_then(|n| n.parse::<usize>().ok()) {
        Some(n) => lang.tf(Msg::RehabRow, &[&lang.t(section), &(n + 1)]),
        None => lang.t(section).to_owned(),
    }
}

/// A select of a domain enum's values, (code, name) each, with the value as typed chosen.
fn select(
    name: String,
    label: String,
    options: impl Iterator<Item = (&'static str, Msg)>,
    chosen: &str,
    lang: Lang,
) -> impl IntoView {
    let chosen = chosen.to_owned();
    let options: Vec<_> = options.collect();
    view! {
        <label for=name.clone() class="visually-hidden">{label}</label>
        <select id=name.clone() name=name>
            <option value="">"–"</option>
            {options.into_iter().map(|(code, msg)| view! {
                <option value=code selected=code == chosen>{lang.t(msg)}</option>
            }).collect_view()}
        </select>
    }
}

#[component]
pub fn CasePage() -> impl IntoView {
    let lang = lang();
    let v = use_context::<CaseView>().unwrap_or_default();
    let case = v.id.to_string();
    let field_error = |form: &str, field: &str| {
        v.errors
            .iter()
            .find(|(f, name, _)| f == form && name == field)
            .map(|(_, _, m)| view! { <p class="field-error">{m.clone()}</p> })
    };
    let plan_errors: Vec<String> = v
        .errors
        .iter()
        .filter(|(f, _, _)| f == "plan")
        .map(|(_, field, m)| format!("{}: {m}", field_label(lang, field)))
        .collect();
    let f = v.form.clone();
    // The manager's call, while it is still to make and the viewer may record it.
    let call_open = v.may_record_call
        && v.open
        && v.milestones
            .iter()
            .any(|m| m.kind == MilestoneKind::DayThreeCall && !m.status.is_recorded());
    // The plan can be recorded as not needed while it is still owed.
    let plan_owed = v
        .milestones
        .iter()
        .any(|m| m.kind.may_be_exempt() && !m.status.is_recorded());
    view! {
        <Title text={format!("{} · {}", v.name, lang.t(Msg::AppName))}/>
        <p><a href="/rehab">{lang.t(Msg::RehabBackToList)}</a></p>
        <h1>{v.name.clone()}</h1>
        {v.done.as_ref().map(|_| view! { <p class="card note" role="status">{lang.t(Msg::RehabSaved)}</p> })}
        {v.adjustment.as_ref().map(|a| super::adjustment::case_adjustment(lang, &case, a, v.may_manage && v.open && v.at_work, &v.errors))}
        <section class="card" aria-labelledby="case-title" hidden=v.at_work>
            <h2 id="case-title">{lang.t(Msg::RehabCaseTitle)}</h2>
            <p>{lang.tf(Msg::RehabSince, &[&v.first_day])}
                {v.sick_today.map(|p| format!(" · {}", lang.tf(Msg::RehabSickToday, &[&p])))}</p>
            {(!v.open).then(|| view! { <p class="note">{lang.t(Msg::RehabClosed)}</p> })}
            <ul>{v.extents.iter().map(|(from, p)| view! { <li>{lang.tf(Msg::RehabExtentFrom, &[from, p])}</li> }).collect_view()}</ul>
            <p><a href=format!("/rehab/cases/{case}/print")>{lang.t(Msg::RehabPrintable)}</a>
                " · "<a href=format!("/rehab/cases/{case}/plan.pdf") download="">{lang.t(Msg::RehabPdf)}</a></p>
        </section>
        <section class="card" aria-labelledby="ms-title" hidden=v.at_work>
            <h2 id="ms-title">{lang.t(Msg::RehabTimeline)}</h2>
            {milestone_list(lang, &v.milestones)}
            {call_open.then(|| view! {
                <form method="post" action=format!("/rehab/cases/{case}/call") class="settings">
                    <p class="hint">{lang.t(Msg::RehabCallHint)}</p>
                    {v.errors.iter().find(|(f, _, _)| f == "call").map(|(_, _, m)| view! { <p class="field-error">{m.clone()}</p> })}
                    <button type="submit" class="button primary">{lang.t(Msg::RehabCallMade)}</button>
                </form>
            })}
            {(v.may_manage && v.open).then(|| view! {
                <form method="post" action=format!("/rehab/cases/{case}/milestones") class="settings">
                    <div class="field">
                        <label for="milestone">{lang.t(Msg::RehabMarkMilestone)}</label>
                        {field_error("milestones", "kind")}
                        <select id="milestone" name="kind">
                            {v.milestones.iter().filter(|m| !m.status.is_recorded()).map(|m| view! {
                                <option value=m.kind.code()>{lang.t(milestone_name(m.kind))}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="milestone-note">{lang.t(Msg::RehabLookedInto)}</label>
                        <p class="hint" id="milestone-note-hint">{lang.t(Msg::RehabLookedIntoHint)}</p>
                        {field_error("milestones", "note")}
                        <textarea id="milestone-note" name="note" rows="3" maxlength="2000"
                            aria-describedby="milestone-note-hint"></textarea>
                    </div>
                    <button type="submit" class="button">{lang.t(Msg::RehabMarkDone)}</button>
                </form>
                {plan_owed.then(|| view! {
                    <form method="post" action=format!("/rehab/cases/{case}/exemption") class="settings">
                        <fieldset>
                            <legend>{lang.t(Msg::RehabNoPlanNeeded)}</legend>
                            <p class="hint">{lang.t(Msg::RehabNoPlanNeededHint)}</p>
                            {field_error("exemption", "exemption")}
                            {Exemption::ALL.iter().map(|e| view! {
                                <label class="choice">
                                    <input type="radio" name="exemption" value=e.code() required/>
                                    {lang.t(exemption_name(*e))}
                                </label>
                            }).collect_view()}
                        </fieldset>
                        <button type="submit" class="button">{lang.t(Msg::RehabRecordNoPlan)}</button>
                    </form>
                })}
            })}
        </section>
        {v.plan.as_ref().map(|p| view! {
            <section class="card plan" aria-labelledby="plan-title">
                <h2 id="plan-title">{lang.t(Msg::RehabPlanTitle)}</h2>
                {plan_body(lang, p)}
            </section>
        })}
        <section class="card" aria-labelledby="part-title">
            <h2 id="part-title">{lang.t(Msg::RehabParticipation)}</h2>
            {if v.participation.is_empty() {
                view! { <p>{lang.t(Msg::RehabNoParticipation)}</p> }.into_any()
            } else {
                view! { <ul>{v.participation.iter().map(|(at, what, comment)| view! {
                    <li>{format!("{at}: {what}")}{comment.clone().map(|c| view! { <blockquote>{c}</blockquote> })}</li>
                }).collect_view()}</ul> }.into_any()
            }}
        </section>
        {(v.may_manage && v.open).then(|| view! {
            // The editor is long: folded once there is a plan, open to write the first one or
            // when a change came back refused.
            <details id="edit" class="card fold" open=v.plan.is_none() || !plan_errors.is_empty()>
                <summary><h2 id="edit-title">{lang.t(Msg::RehabEditPlan)}</h2></summary>
                {(!plan_errors.is_empty()).then(|| view! {
                    <div class="card urgent" role="alert"><p>{lang.t(Msg::ErrorSummary)}</p>
                    <ul>{plan_errors.iter().map(|e| view! { <li>{e.clone()}</li> }).collect_view()}</ul></div>
                })}
                <form method="post" action=format!("/rehab/cases/{case}/plan") class="settings plan-editor">
                    <input type="hidden" name="base_version" value=f.base_version.to_string()/>
                    <div class="field">
                        <label for="goal">{lang.t(Msg::RehabGoal)}</label>
                        <textarea id="goal" name="goal" rows="2" maxlength="1000">{f.goal.clone()}</textarea>
                    </div>
                    <fieldset>
                        <legend>{lang.t(Msg::RehabMeasures)}</legend>
                        {f.measures.iter().enumerate().map(|(i, [id, kind, desc, resp, due, status])| view! {
                            <div class="row" data-row=format!("m{i}")>
                                <input type="hidden" name=format!("m{i}_id") value=id.clone()/>
                                {select(format!("m{i}_kind"), lang.t(Msg::RehabKind).into(), MeasureKind::ALL.iter().map(|k| (k.code(), kind_name(*k))), kind, lang)}
                                <label for=format!("m{i}_description") class="visually-hidden">{lang.t(Msg::RehabDescription)}</label>
                                <input id=format!("m{i}_description") name=format!("m{i}_description") type="text" maxlength="500"
                                    value=desc.clone() placeholder=lang.t(Msg::RehabDescription)/>
                                {select(format!("m{i}_responsible"), lang.t(Msg::RehabResponsible).into(), Party::ALL.iter().map(|p| (p.code(), party_name(*p))), resp, lang)}
                                <label for=format!("m{i}_due") class="visually-hidden">{lang.t(Msg::RehabDueLabel)}</label>
                                <input id=format!("m{i}_due") name=format!("m{i}_due") type="date" value=due.clone()/>
                                {select(format!("m{i}_status"), lang.t(Msg::RehabStatus).into(), TaskStatus::ALL.iter().map(|t| (t.code(), task_status_name(*t))), status, lang)}
                            </div>
                        }).collect_view()}
                    </fieldset>
                    <fieldset>
                        <legend>{lang.t(Msg::RehabSchedule)}</legend>
                        {f.schedule.iter().enumerate().map(|(i, [week, percent, hours])| view! {
                            <div class="row">
                                <label for=format!("w{i}_week")>{lang.t(Msg::RehabWeek)}</label>
                                <input id=format!("w{i}_week") name=format!("w{i}_week") type="text" placeholder="2026-W50" value=week.clone()/>
                                <label for=format!("w{i}_percent")>{lang.t(Msg::RehabAtWork)}</label>
                                <select id=format!("w{i}_percent") name=format!("w{i}_percent")>
                                    <option value="">"–"</option>
                                    {["25", "50", "75", "100"].map(|p| view! { <option value=p selected=p == percent>{format!("{p} %")}</option> }).collect_view()}
                                </select>
                                <label for=format!("w{i}_hours")>{lang.t(Msg::RehabHoursLabel)}</label>
                                <input id=format!("w{i}_hours") name=format!("w{i}_hours") type="text" maxlength="500" value=hours.clone()/>
                            </div>
                        }).collect_view()}
                    </fieldset>
                    <fieldset>
                        <legend>{lang.t(Msg::RehabMeetings)}</legend>
                        {f.meetings.iter().enumerate().map(|(i, [id, at, who, summary])| view! {
                            <div class="row">
                                <input type="hidden" name=format!("g{i}_id") value=id.clone()/>
                                <label for=format!("g{i}_at")>{lang.t(Msg::RehabMeetingAt)}</label>
                                <input id=format!("g{i}_at") name=format!("g{i}_at") type="datetime-local" value=at.clone()/>
                                <label for=format!("g{i}_participants")>{lang.t(Msg::RehabParticipants)}</label>
                                <input id=format!("g{i}_participants") name=format!("g{i}_participants") type="text" maxlength="500" value=who.clone()/>
                                <label for=format!("g{i}_summary")>{lang.t(Msg::RehabSummary)}</label>
                                <textarea id=format!("g{i}_summary") name=format!("g{i}_summary") rows="2" maxlength="4000">{summary.clone()}</textarea>
                            </div>
                        }).collect_view()}
                    </fieldset>
                    <button type="submit" class="button primary">{lang.t(Msg::RehabSavePlan)}</button>
                </form>
            </details>
            <section class="card" aria-labelledby="extent-title">
              {(!v.at_work).then(|| view! {
                <h2 id="extent-title">{lang.t(Msg::RehabChangeExtent)}</h2>
                <form method="post" action=format!("/rehab/cases/{case}/extent") class="settings">
                    <div class="field">
                        <label for="from">{lang.t(Msg::RehabFrom)}</label>
                        {field_error("extent", "from")}
                        <input id="from" name="from" type="date" required/>
                    </div>
                    <div class="field">
                        <label for="extent-percent">{lang.t(Msg::RehabExtent)}</label>
                        <select id="extent-percent" name="percent">
                            {[100, 75, 50, 25].map(|p| view! { <option value=p.to_string()>{format!("{p} %")}</option> }).collect_view()}
                        </select>
                    </div>
                    <button type="submit" class="button">{lang.t(Msg::RehabSave)}</button>
                </form>
              })}
                <h2 id=v.at_work.then_some("extent-title")>{lang.t(Msg::RehabCloseTitle)}</h2>
                <form method="post" action=format!("/rehab/cases/{case}/close") class="settings">
                    {(!v.at_work).then(|| view! {
                    <div class="field">
                        <label for="last_day">{lang.t(Msg::RehabLastDay)}</label>
                        {field_error("close", "last_day")}
                        <input id="last_day" name="last_day" type="date" required/>
                    </div>
                    })}
                    <div class="field">
                        <label for="outcome">{lang.t(Msg::RehabOutcome)}</label>
                        <select id="outcome" name="outcome">
                            {v.at_work.then(|| view! { <option value="adjusted">{lang.t(Msg::OutcomeAdjusted)}</option> })}
                            <option value="returned-fully">{lang.t(Msg::OutcomeReturnedFully)}</option>
                            <option value="other-work">{lang.t(Msg::OutcomeOtherWork)}</option>
                            <option value="employment-ended">{lang.t(Msg::OutcomeEmploymentEnded)}</option>
                            <option value="other">{lang.t(Msg::OutcomeOther)}</option>
                        </select>
                    </div>
                    <button type="submit" class="button">{lang.t(Msg::RehabClose)}</button>
                </form>
            </section>
        })}
    }
}

/// The plan to print or to read through a link: no navigation, nothing to edit.
#[derive(Clone, Debug, Default)]
pub struct PrintView {
    pub name: String,
    pub plan: Option<PlanView>,
    pub milestones: Vec<MilestoneLine>,
    /// For a link's reader: who it was given to and until when.
    pub shared_with: Option<(String, String)>,
    /// Where the same plan is as a PDF.
    pub pdf: String,
}

/// The printable plan as a PDF file, with what [`PrintPage`] shows.
pub fn plan_pdf(lang: Lang, v: &PrintView) -> Vec<u8> {
    let title = lang.tf(Msg::RehabPlanFor, &[&v.name]);
    let mut d = Document::new();
    d.title(&title);
    if let Some((who, until)) = &v.shared_with {
        d.small(&lang.tf(Msg::RehabSharedWith, &[who, until]));
    }
    match &v.plan {
        Some(p) => {
            d.small(&lang.tf(Msg::RehabPlanVersion, &[&p.version, &p.changed, &p.author]))
                .heading(lang.t(Msg::RehabGoal))
                .paragraph(&p.goal)
                .heading(lang.t(Msg::RehabMeasures));
            for m in &p.measures {
                d.item(&m.description).detail(&measure_detail(lang, m));
            }
            if !p.schedule.is_empty() {
                d.heading(lang.t(Msg::RehabSchedule));
                for w in &p.schedule {
                    d.bullet(&schedule_line(lang, w));
                }
            }
            if !p.meetings.is_empty() {
                d.heading(lang.t(Msg::RehabMeetings));
                for m in &p.meetings {
                    d.bullet(&lang.tf(Msg::RehabMeetingLine, &[&m.at, &m.participants]));
                    if let Some(summary) = &m.summary {
                        d.detail(summary);
                    }
                }
            }
        }
        None => {
            d.paragraph(lang.t(Msg::RehabNoPlan));
        }
    }
    if !v.milestones.is_empty() {
        d.heading(lang.t(Msg::RehabTimeline));
        for m in &v.milestones {
            d.bullet(&format!(
                "{} – {} · {} · {}",
                lang.t(milestone_name(m.kind)),
                lang.tf(Msg::RehabDayOn, &[&m.day, &m.due]),
                lang.t(milestone_status_name(m.status)),
                lang.t(party_name(m.responsible))
            ));
            if let Some(e) = m.exempt {
                d.detail(&lang.tf(Msg::RehabExemptBecause, &[&lang.t(exemption_name(e))]));
            }
            if let Some(note) = &m.note {
                d.detail(&format!("{}: {note}", lang.t(Msg::RehabLookedInto)));
            }
        }
    }
    d.to_pdf(&title)
}

#[component]
pub fn PrintPage() -> impl IntoView {
    let lang = lang();
    let v = use_context::<PrintView>().unwrap_or_default();
    view! {
        <Title text={format!("{} – {} · {}", lang.t(Msg::RehabPlanTitle), v.name, lang.t(Msg::AppName))}/>
        <article class="printable">
            <h1>{lang.tf(Msg::RehabPlanFor, &[&v.name])}</h1>
            {v.shared_with.as_ref().map(|(who, until)| view! { <p class="note">{lang.tf(Msg::RehabSharedWith, &[who, until])}</p> })}
            <p class="actions"><a href=v.pdf.clone() download="">{lang.t(Msg::RehabPdf)}</a></p>
            {match v.plan.as_ref() {
                Some(p) => plan_body(lang, p).into_any(),
                None => view! { <p>{lang.t(Msg::RehabNoPlan)}</p> }.into_any(),
            }}
            {(!v.milestones.is_empty()).then(|| view! {
                <h2>{lang.t(Msg::RehabTimeline)}</h2>
                {milestone_list(lang, &v.milestones)}
            })}
        </article>
    }
}
