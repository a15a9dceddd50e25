//! "What I share": each kind of sharing with its exact text, given or withdrawn with one tap;
//! who has read what; and the person's own data to download or delete.

use crate::i18n::{Lang, Msg};
use crate::lang;
use domain::ConsentId;
use leptos::prelude::*;
use leptos_meta::Title;

/// The sharing page's content (provided by the server as context).
#[derive(Clone, Debug, Default)]
pub struct SharingView {
    pub scopes: Vec<ScopeCard>,
    /// The person's current manager(s), by name; empty when there is none to share with.
    pub managers: Vec<String>,
    /// The employer's rehab coordinators: (id, name).
    pub coordinators: Vec<(String, String)>,
    /// The managers above the person's own: (id, name).
    pub managers_above: Vec<(String, String)>,
    /// The employer's occupational-health services that can be told by e-mail: (id, name).
    pub occupational_health: Vec<(String, String)>,
    pub log: Vec<LogLine>,
    /// The day before which the log shown starts, when it is not the newest page.
    pub log_before: Option<String>,
    /// The day to ask for the next, older page of the log, if there is one.
    pub log_older: Option<String>,
    /// What the last action did, shown once: `granted`, `withdrawn`, `deleted`.
    pub done: Option<String>,
    /// A refused action's message.
    pub error: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopeCard {
    /// `ask-to-talk`, `low-wellbeing`, `weekly-scores`, `team-trend`, `rehab-case`.
    pub scope: String,
    pub text: String,
    pub version: u16,
    /// Whom the scope can be granted to.
    pub to_manager: bool,
    pub to_coordinator: bool,
    pub to_manager_above: bool,
    pub to_occupational_health: bool,
    /// Grants that stand now.
    pub grants: Vec<GrantLine>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GrantLine {
    pub id: ConsentId,
    pub recipient: String,
    /// `manager`, `coordinator` or `manager-above`.
    pub role: String,
    pub since: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    pub at: String,
    /// Reads of the same thing by the same reader for the same reason that day.
    pub times: u32,
    pub who: String,
    pub role: Option<String>,
    /// `weekly-scores`, `alert`, `rehab-case`, `rehab-case-list` or `absence-signal`.
    pub what: String,
}

fn scope_title(scope: &str) -> Msg {
    match scope {
        "ask-to-talk" => Msg::ScopeAskToTalk,
        "low-wellbeing" => Msg::ScopeLowWellbeing,
        "weekly-scores" => Msg::ScopeWeeklyScores,
        "rehab-case" => Msg::ScopeRehabCase,
        _ => Msg::ScopeTeamTrend,
    }
}

fn role_name(role: &str) -> Msg {
    match role {
        "coordinator" => Msg::RoleCoordinator,
        "manager-above" => Msg::RoleManagerAbove,
        "occupational-health" => Msg::RoleOccupationalHealth,
        _ => Msg::RoleManager,
    }
}

#[component]
pub fn SharingPage() -> impl IntoView {
    let lang = lang();
    let view = use_context::<SharingView>().unwrap_or_default();
    let done = view.done.as_deref().map(|d| match d {
        "granted" => Msg::SharingGranted,
        "withdrawn" => Msg::SharingWithdrawn,
        _ => Msg::MyDataDeleted,
    });
    let managers = view.managers.join(", ");
    view! {
        <Title text={format!("{} · {}", lang.t(Msg::SharingTitle), lang.t(Msg::AppName))}/>
        <h1>{lang.t(Msg::SharingTitle)}</h1>
        {done.map(|m| view! { <p class="card note" role="status">{lang.t(m)}</p> })}
        {view.error.clone().map(|m| view! { <p class="card urgent" role="alert">{m}</p> })}
        <p>{lang.t(Msg::SharingIntro)}</p>
        {view.scopes.iter().map(|card| scope_card(lang, card, &managers, &view)).collect_view()}
        <section class="card" aria-labelledby="log-title">
            <h2 id="log-title">{lang.t(Msg::AccessLogTitle)}</h2>
            {if view.log.is_empty() {
                view! { <p>{lang.t(Msg::AccessLogEmpty)}</p> }.into_any()
            } else {
                view! {
                    <ul class="access-log">
                        {view.log.iter().map(|l| {
                            let role = lang.t(l.role.as_deref().map_or(Msg::RoleLinkHolder, role_name));
                            let what = lang.t(match l.what.as_str() {
                                "alert" => Msg::WhatAlert,
                                "rehab-case" => Msg::WhatRehabCase,
                                "rehab-case-list" => Msg::WhatCaseInList,
                                "adjustment-case" => Msg::WhatAdjustmentCase,
                                "adjustment-case-list" => Msg::WhatAdjustmentInList,
                                "talk-request" => Msg::WhatTalkRequest,
                                "absence-signal" => Msg::WhatAbsenceSignal,
                                _ => Msg::WhatWeeklyScores,
                            });
                            let line = if l.times > 1 {
                                lang.tf(Msg::AccessLogLineTimes, &[&l.who, &role, &what, &l.at, &l.times])
                            } else {
                                lang.tf(Msg::AccessLogLine, &[&l.who, &role, &what, &l.at])
                            };
                            view! { <li>{line}</li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(view.log_before.is_some() || view.log_older.is_some()).then(|| view! {
                <nav class="pager" aria-label=lang.t(Msg::AccessLogTitle)>
                    {view.log_before.is_some().then(|| view! {
                        <a href="/sharing#log-title">{lang.t(Msg::AccessLogNewest)}</a>
                    })}
                    {view.log_older.clone().map(|d| view! {
                        <a href=format!("/sharing?log_before={d}#log-title")>{lang.t(Msg::AccessLogOlder)}</a>
                    })}
                </nav>
            })}
        </section>
        <section class="card" aria-labelledby="my-data-title">
            <h2 id="my-data-title">{lang.t(Msg::MyDataTitle)}</h2>
            <p><a class="button" href="/api/v1/me/export" download="orka-my-data.json">{lang.t(Msg::MyDataExport)}</a></p>
            <h3>{lang.t(Msg::MyDataDeleteTitle)}</h3>
            <p>{lang.t(Msg::MyDataDeleteExplain)}</p>
            <form method="post" action="/sharing/delete-history" class="settings">
                <div class="field checkbox">
                    <input type="checkbox" id="confirm" name="confirm" value="true" required/>
                    <label for="confirm">{lang.t(Msg::MyDataConfirm)}</label>
                </div>
                <button type="submit" class="button">{lang.t(Msg::MyDataDelete)}</button>
            </form>
        </section>
    }
}

fn scope_card(lang: Lang, card: &ScopeCard, managers: &str, view: &SharingView) -> impl IntoView {
    let title_id = format!("scope-{}", card.scope);
    let granted_to_manager = card.grants.iter().any(|g| g.role == "manager");
    let offer_manager = card.to_manager && !granted_to_manager && !managers.is_empty();
    let no_manager = card.to_manager && !granted_to_manager && managers.is_empty();
    let no_manager_above =
        card.to_manager_above && view.managers_above.is_empty() && card.grants.is_empty();
    view! {
        <section class="card" aria-labelledby=title_id.clone() data-scope=card.scope.clone()>
            <h2 id=title_id.clone()>{lang.t(scope_title(&card.scope))}</h2>
            <p>{card.text.clone()}</p>
            {card.grants.iter().map(|g| view! {
                <form method="post" action=format!("/sharing/withdraw/{}", g.id) class="inline grant">
                    <p>{lang.tf(Msg::SharingWith, &[&g.recipient, &lang.t(role_name(&g.role)), &g.since])}</p>
                    <button type="submit" class="button">{lang.t(Msg::SharingWithdraw)}</button>
                </form>
            }).collect_view()}
            {offer_manager.then(|| view! {
                <form method="post" action="/sharing/grant" class="inline">
                    <input type="hidden" name="scope" value=card.scope.clone()/>
                    <input type="hidden" name="recipient" value="manager"/>
                    <input type="hidden" name="text_version" value=card.version.to_string()/>
                    <button type="submit" class="button primary">{lang.tf(Msg::SharingShareManager, &[&managers])}</button>
                </form>
            })}
            {no_manager.then(|| view! { <p class="hint">{lang.t(Msg::ErrConsentNoManager)}</p> })}
            {card.to_coordinator.then(|| chooser(lang, card, Chooser {
                role: "coordinator",
                field: "coordinator_id",
                label: Msg::SharingChooseCoordinator,
                button: Msg::SharingShareCoordinator,
                people: &view.coordinators,
            }))}
            {card.to_manager_above.then(|| chooser(lang, card, Chooser {
                role: "manager-above",
                field: "manager_id",
                label: Msg::SharingChooseManagerAbove,
                button: Msg::SharingShareManagerAbove,
                people: &view.managers_above,
            }))}
            {no_manager_above.then(|| view! { <p class="hint">{lang.t(Msg::SharingNoManagerAbove)}</p> })}
            {card.to_occupational_health.then(|| chooser(lang, card, Chooser {
                role: "occupational-health",
                field: "service_id",
                label: Msg::SharingChooseOccupationalHealth,
                button: Msg::SharingShareOccupationalHealth,
                people: &view.occupational_health,
            }))}
        </section>
    }
}

/// A recipient the person picks by name: a coordinator, a manager above their own, or an
/// occupational-health service.
struct Chooser<'a> {
    role: &'static str,
    /// The form field that names the chosen person.
    field: &'static str,
    label: Msg,
    button: Msg,
    people: &'a [(String, String)],
}

fn chooser(lang: Lang, card: &ScopeCard, c: Chooser) -> Option<impl IntoView> {
    if c.people.is_empty() {
        return None;
    }
    let select_id = format!("{}-{}", c.role, card.scope);
    Some(view! {
        <form method="post" action="/sharing/grant" class="settings">
            <input type="hidden" name="scope" value=card.scope.clone()/>
            <input type="hidden" name="recipient" value=c.role/>
            <input type="hidden" name="text_version" value=card.version.to_string()/>
            <div class="field">
                <label for=select_id.clone()>{lang.t(c.label)}</label>
                <select id=select_id name=c.field>
                    {c.people.iter().map(|(id, name)| view! { <option value=id.clone()>{name.clone()}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button">{lang.t(c.button)}</button>
        </form>
    })
}
