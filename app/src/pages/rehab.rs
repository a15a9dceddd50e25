//! "My return to work" for the sick-listed employee, phone first: this week's extent and
//! hours, my tasks, the next meeting, what changed in the plan, the whole timeline, and the
//! links I give occupational health. For coordinators and managers the same route lists the
//! open cases (overdue first), the people repeated short absences flag, and opens a case.
//! Plain forms throughout, so all of it works without JavaScript.

use super::rehab_views::{change_text, error_for, MyCase, RehabView};
use crate::i18n::{Lang, Msg};
use crate::lang;
use leptos::prelude::*;
use leptos_meta::Title;

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
    let case = m.case_id.to_string();
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
