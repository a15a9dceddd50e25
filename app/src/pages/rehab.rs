//! "My return to work" for the sick-listed employee, phone first: this week's extent and
//! hours, my tasks, the next meeting, what changed in the plan, the whole timeline, and the
//! links I give occupational health. For coordinators and managers the same route lists the
//! open cases (overdue first), the people repeated short absences flag, and opens a case.
//! Plain forms throughout, so all of it works without JavaScript.

use super::adjustment::{AdjustmentList, AdjustmentView};
use crate::i18n::{Lang, Msg};
use crate::lang;
use domain::plan::{MeasureKind, TaskStatus};
use domain::rehab::{Exemption, MilestoneKind, Party, Status};
use leptos::prelude::*;
use leptos_meta::Title;

/// The rehab page's content (provided by the server as context).
#[derive(Clone, Debug, Default)]
pub struct RehabView {
    pub mine: Option<MyCase>,
    /// Present for people who may see others' cases.
    pub cases: Option<CaseList>,
    /// What the last action did, shown once.
    pub done: Option<String>,
    /// A refused action: (form, field or "", message).
    pub errors: Vec<(String, String, String)>,
    /// A link just given: its address, shown this once.
    pub new_link: Option<String>,
    /// The person has no open case and may ask for adjusted work.
    pub may_request: bool,
}

#[derive(Clone, Debug, Default)]
pub struct MyCase {
    pub case_id: String,
    pub open: bool,
    /// Percent on sick leave today.
    pub sick_today: Option<u8>,
    /// This week's graded return: percent at work and the agreed hours.
    pub this_week: Option<(u8, Option<String>)>,
    pub tasks: Vec<TaskLine>,
    pub next_meeting: Option<MeetingLine>,
    /// Kind code and what, since the employee last looked.
    pub changes: Vec<(String, Option<String>)>,
    pub plan: Option<PlanView>,
    pub acknowledged: bool,
    pub milestones: Vec<MilestoneLine>,
    pub contacts: Vec<(String, String)>,
    pub links: Vec<LinkLine>,
    pub adjustment: Option<AdjustmentView>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanView {
    pub version: i32,
    pub changed: String,
    pub author: String,
    pub goal: String,
    pub measures: Vec<TaskLine>,
    /// The week's number as people say it ("49"), percent at work, hours.
    pub schedule: Vec<(String, u8, Option<String>)>,
    pub meetings: Vec<MeetingLine>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskLine {
    pub id: String,
    pub description: String,
    pub kind: MeasureKind,
    pub responsible: Party,
    pub due: Option<String>,
    pub status: TaskStatus,
    pub overdue: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MeetingLine {
    pub at: String,
    pub participants: String,
    pub summary: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MilestoneLine {
    pub kind: MilestoneKind,
    pub day: u32,
    pub due: String,
    pub status: Status,
    pub responsible: Party,
    /// Why no plan is needed, when recorded so.
    pub exempt: Option<Exemption>,
    /// What was looked into, recorded with the mark.
    pub note: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinkLine {
    pub id: String,
    pub who: String,
    pub until: String,
    pub live: bool,
}

#[derive(Clone, Debug, Default)]
pub struct CaseList {
    pub cases: Vec<CaseRow>,
    pub signals: Vec<SignalRow>,
    /// The early-signal rule: spells, months.
    pub rule: (u32, u32),
    /// People the viewer may open a case for: (id, name).
    pub people: Vec<(String, String)>,
    pub adjustments: AdjustmentList,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaseRow {
    pub id: String,
    pub name: String,
    pub first_day: String,
    pub sick_today: Option<u8>,
    pub next: Option<MilestoneLine>,
    pub overdue: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SignalRow {
    /// The person's id, for opening an adjustment case from the list.
    pub person: String,
    pub name: String,
    pub spells: usize,
    pub latest: String,
}

pub(crate) fn milestone_name(kind: MilestoneKind) -> Msg {
    match kind {
        MilestoneKind::DayThreeCall => Msg::MsDayThreeCall,
        MilestoneKind::MedicalCertificate => Msg::MsMedicalCertificate,
        MilestoneKind::SickPayEnds => Msg::MsSickPayEnds,
        MilestoneKind::ReportToInsurance => Msg::MsReportToInsurance,
        MilestoneKind::ReturnToWorkPlan => Msg::MsReturnToWorkPlan,
        MilestoneKind::Day90 => Msg::MsDay90,
        MilestoneKind::Day180 => Msg::MsDay180,
        MilestoneKind::Day365 => Msg::MsDay365,
    }
}

pub(crate) fn milestone_status_name(status: Status) -> Msg {
    match status {
        Status::Done => Msg::StatusDone,
        Status::Exempt => Msg::StatusExempt,
        Status::Passed => Msg::StatusPassed,
        Status::Overdue => Msg::StatusOverdue,
        Status::DueSoon => Msg::StatusDueSoon,
        Status::Upcoming => Msg::StatusUpcoming,
    }
}

pub(crate) fn exemption_name(exemption: Exemption) -> Msg {
    match exemption {
        Exemption::FullReturnWithin60Days => Msg::ExemptFullReturn,
        Exemption::HealthRulesOutReturn => Msg::ExemptHealthRulesOut,
    }
}

pub(crate) fn task_status_name(status: TaskStatus) -> Msg {
    match status {
        TaskStatus::Planned => Msg::StatusPlanned,
        TaskStatus::Started => Msg::StatusStarted,
        TaskStatus::Done => Msg::StatusDone,
        TaskStatus::Cancelled => Msg::StatusCancelled,
    }
}

pub(crate) fn party_name(party: Party) -> Msg {
    match party {
        Party::Employee => Msg::PartyEmployee,
        Party::Employer => Msg::PartyEmployer,
        Party::Manager => Msg::PartyManager,
        Party::Hr => Msg::PartyHr,
        Party::OccupationalHealth => Msg::PartyOccupationalHealth,
        Party::Insurance => Msg::PartyInsurance,
        Party::EmploymentService => Msg::PartyEmploymentService,
        Party::Other => Msg::PartyOther,
    }
}

pub(crate) fn kind_name(kind: MeasureKind) -> Msg {
    match kind {
        MeasureKind::Adjustment => Msg::KindAdjustment,
        MeasureKind::ChangedTasks => Msg::KindChangedTasks,
        MeasureKind::ChangedHours => Msg::KindChangedHours,
        MeasureKind::Aid => Msg::KindAid,
        MeasureKind::Training => Msg::KindTraining,
        MeasureKind::Treatment => Msg::KindTreatment,
        MeasureKind::Other => Msg::KindOther,
    }
}

pub(crate) fn change_text(lang: Lang, (kind, what): &(String, Option<String>)) -> String {
    let msg = match kind.as_str() {
        "goal" => Msg::ChangeGoal,
        "measure-added" => Msg::ChangeMeasureAdded,
        "measure-changed" => Msg::ChangeMeasureChanged,
        "measure-done" => Msg::ChangeMeasureDone,
        "measure-removed" => Msg::ChangeMeasureRemoved,
        "schedule" => Msg::ChangeSchedule,
        "meeting-added" => Msg::ChangeMeetingAdded,
        "meeting-changed" => Msg::ChangeMeetingChanged,
        _ => Msg::ChangeMeetingRemoved,
    };
    lang.tf(msg, &[&what.clone().unwrap_or_default()])
}

/// A refused form's message for `form`, if any, and its field.
pub(crate) fn error_for<'a>(
    errors: &'a [(String, String, String)],
    form: &str,
) -> Option<&'a (String, String, String)> {
    errors.iter().find(|(f, _, _)| f == form)
}

#[component]
pub fn RehabPage() -> impl IntoView {
    let lang = lang();
    let view = use_context::<RehabView>().unwrap_or_default();
    let done = view.done.as_deref().map(|d| match d {
        "acknowledged" => Msg::RehabAcknowledged,
        "commented" => Msg::RehabCommented,
        "task" => Msg::RehabTaskSaved,
        "revoked" => Msg::RehabLinkRevoked,
        _ => Msg::RehabSaved,
    });
    let nothing = view.mine.is_none() && view.cases.is_none() && !view.may_request;
    view! {
        <Title text={format!("{} · {}", lang.t(Msg::RehabTitle), lang.t(Msg::AppName))}/>
        <h1>{lang.t(Msg::RehabTitle)}</h1>
        {done.map(|m| view! { <p class="card note" role="status">{lang.t(m)}</p> })}
        {nothing.then(|| view! { <p class="card">{lang.t(Msg::RehabNone)}</p> })}
        {view.may_request.then(|| super::adjustment::request_form(lang, &view.errors))}
        {view.mine.clone().map(|m| my_case(lang, m, &view))}
        {view.cases.clone().map(|c| super::rehab_case::case_list(lang, c, &view.errors))}
    }
}

fn my_case(lang: Lang, m: MyCase, view: &RehabView) -> impl IntoView {
    let case = m.case_id.clone();
    let plan = m.plan.clone();
    let version = plan.as_ref().map_or(0, |p| p.version);
    let comment_error = error_for(&view.errors, "comment").map(|e| e.2.clone());
    let link_error = error_for(&view.errors, "link").cloned();
    // The page starts with this week and what changed; the rest folds, and opens where the
    // person has just acted or has something left to do.
    let done = view.done.as_deref();
    let plan_open = !m.acknowledged
        || comment_error.is_some()
        || matches!(done, Some("acknowledged" | "commented"));
    let links_open = link_error.is_some() || view.new_link.is_some() || done == Some("revoked");
    // Someone still at work has no sick leave to show: no extent, no statutory timeline.
    let at_work = m
        .adjustment
        .as_ref()
        .is_some_and(|a| a.sick_leave_from.is_none());
    view! {
        {m.adjustment.as_ref().map(|a| super::adjustment::my_adjustment(lang, &case, a, m.open))}
        <section class="card this-week" aria-labelledby="week-title" hidden=at_work>
            <h2 id="week-title">{lang.t(Msg::RehabThisWeek)}</h2>
            {match (m.this_week.clone(), m.sick_today) {
                (Some((p, hours)), _) => view! {
                    <p class="big">{lang.tf(Msg::RehabWorkThisWeek, &[&p])}</p>
                    {hours.map(|h| view! { <p>{lang.tf(Msg::RehabHours, &[&h])}</p> })}
                }.into_any(),
                (None, Some(p)) => view! { <p class="big">{lang.tf(Msg::RehabSickToday, &[&p])}</p> }.into_any(),
                (None, None) => view! { <p>{lang.t(Msg::RehabNotSickToday)}</p> }.into_any(),
            }}
            <h3>{lang.t(Msg::RehabMyTasks)}</h3>
            {if m.tasks.is_empty() {
                view! { <p>{lang.t(Msg::RehabNoTasks)}</p> }.into_any()
            } else {
                view! {
                    <ul class="tasks">
                        {m.tasks.iter().map(|t| view! {
                            <li data-task=t.id.clone()>
                                <span>{t.description.clone()}</span>
                                {t.due.clone().map(|d| view! { <span class={if t.overdue { "due overdue" } else { "due" }}>{lang.tf(Msg::RehabDue, &[&d])}</span> })}
                                <form method="post" action=format!("/rehab/cases/{case}/tasks/{}", t.id) class="inline">
                                    <input type="hidden" name="status" value="done"/>
                                    <button type="submit" class="button">{lang.t(Msg::RehabMarkDone)}</button>
                                </form>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {m.next_meeting.clone().map(|n| view! {
                <h3>{lang.t(Msg::RehabNextMeeting)}</h3>
                <p>{lang.tf(Msg::RehabMeetingLine, &[&n.at, &n.participants])}</p>
            })}
            <p><a href="/checkin" class="button primary">{lang.t(Msg::RehabHowIsItGoing)}</a></p>
        </section>
        {(!m.changes.is_empty()).then(|| view! {
            <section class="card attention" aria-labelledby="changes-title">
                <h2 id="changes-title">{lang.t(Msg::RehabChangesTitle)}</h2>
                <ul>{m.changes.iter().map(|c| view! { <li>{change_text(lang, c)}</li> }).collect_view()}</ul>
            </section>
        })}
        {plan.map(|p| view! {
            // Open while there is something to do with it: a version to acknowledge, or a
            // comment that came back or was just saved.
            <details id="plan" class="card plan fold" open=plan_open>
                <summary><h2 id="plan-title">{lang.t(Msg::RehabPlanTitle)}</h2></summary>
                {super::rehab_case::plan_body(lang, &p)}
                {if m.acknowledged {
                    view! { <p class="note">{lang.tf(Msg::RehabYouAcknowledged, &[&p.version])}</p> }.into_any()
                } else {
                    view! {
                        <form method="post" action=format!("/rehab/cases/{case}/acknowledge")>
                            <input type="hidden" name="version" value=version.to_string()/>
                            <button type="submit" class="button primary">{lang.t(Msg::RehabAcknowledge)}</button>
                        </form>
                    }.into_any()
                }}
                <form method="post" action=format!("/rehab/cases/{case}/comment") class="settings">
                    <input type="hidden" name="version" value=version.to_string()/>
                    <div class="field">
                        <label for="comment">{lang.t(Msg::RehabCommentLabel)}</label>
                        {comment_error.clone().map(|e| view! { <p class="field-error" id="comment-error">{e}</p> })}
                        <textarea id="comment" name="comment" rows="3" maxlength="2000"
                            aria-invalid=comment_error.as_ref().map(|_| "true")
                            aria-describedby=comment_error.as_ref().map(|_| "comment-error")></textarea>
                    </div>
                    <button type="submit" class="button">{lang.t(Msg::RehabComment)}</button>
                </form>
            </details>
        })}
        <details id="timeline" class="card fold" hidden=at_work>
            <summary><h2 id="timeline-title">{lang.t(Msg::RehabTimeline)}</h2></summary>
            {super::rehab_case::milestone_list(lang, &m.milestones)}
        </details>
        <details id="help" class="card fold">
            <summary><h2 id="help-title">{lang.t(Msg::RehabHelpTitle)}</h2></summary>
            <ul>
                <li><a href="/guidance/graded-return-to-work">{lang.t(Msg::RehabGuideGraded)}</a></li>
                <li><a href="/guidance/rehabilitation-rights-and-duties">{lang.t(Msg::RehabGuideRights)}</a></li>
                <li><a href="/guidance/occupational-health-services">{lang.t(Msg::RehabGuideOccupational)}</a></li>
            </ul>
            {(!m.contacts.is_empty()).then(|| view! {
                <h3>{lang.t(Msg::RehabContacts)}</h3>
                <ul>{m.contacts.iter().map(|(name, role)| view! { <li>{format!("{name} ({role})")}</li> }).collect_view()}</ul>
            })}
        </details>
        <details id="links" class="card fold" open=links_open>
            <summary><h2 id="links-title">{lang.t(Msg::RehabLinksTitle)}</h2></summary>
            <p>{lang.t(Msg::RehabLinksIntro)}</p>
            {view.new_link.clone().map(|url| view! {
                <p class="card note" role="status">{lang.t(Msg::RehabLinkGiven)}<br/><code data-link-url="">{url}</code></p>
            })}
            <ul class="links">
                {m.links.iter().map(|l| view! {
                    <li>
                        {if l.live { lang.tf(Msg::RehabLinkLive, &[&l.who, &l.until]) } else { lang.tf(Msg::RehabLinkClosed, &[&l.who]) }}
                        {l.live.then(|| view! {
                            <form method="post" action=format!("/rehab/cases/{case}/links/{}/revoke", l.id) class="inline">
                                <button type="submit" class="button">{lang.t(Msg::RehabLinkRevoke)}</button>
                            </form>
                        })}
                    </li>
                }).collect_view()}
            </ul>
            {m.open.then(|| super::rehab_case::link_form(lang, &case, link_error.as_ref()))}
        </details>
    }
}
