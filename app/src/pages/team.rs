//! For managers and coordinators: alerts people chose to send them, to acknowledge and follow
//! up, and the anonymous trend of the units they lead.

use crate::i18n::{Lang, Msg};
use crate::lang;
use domain::{AlertId, PersonId};
use leptos::prelude::*;
use leptos_meta::Title;

/// The team page's content (provided by the server as context).
#[derive(Clone, Debug, Default)]
pub struct TeamView {
    pub alerts: Vec<AlertCard>,
    pub trends: Vec<TrendTable>,
    pub threshold: u32,
    /// `saved` after an acknowledgement.
    pub done: Option<String>,
    /// Alert id → message, after a refused acknowledgement.
    pub error: Option<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlertCard {
    pub id: AlertId,
    /// The person's id, for opening an adjustment case from the alert.
    pub person_id: PersonId,
    pub person: String,
    /// `asked-to-talk` or `wellbeing-low`.
    pub kind: String,
    pub week: String,
    pub raised: String,
    pub acknowledged: Option<String>,
    pub follow_up: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TrendTable {
    pub unit: String,
    /// Newest first.
    pub weeks: Vec<TrendRow>,
    /// The units directly below, for the newest week.
    pub below: Vec<(String, TrendCell)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TrendRow {
    pub week: String,
    pub cell: TrendCell,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TrendCell {
    Shown {
        mean: f64,
        below_50: u32,
        participation: u32,
    },
    Hidden,
    /// Published when the week ended, and changed since: no longer shown.
    Withdrawn,
    NoAnswers,
}

#[component]
pub fn TeamPage() -> impl IntoView {
    let lang = lang();
    let view = use_context::<TeamView>().unwrap_or_default();
    let threshold = view.threshold;
    view! {
        <Title text={format!("{} · {}", lang.t(Msg::TeamTitle), lang.t(Msg::AppName))}/>
        <h1>{lang.t(Msg::TeamTitle)}</h1>
        {(view.done.as_deref() == Some("saved")).then(|| view! { <p class="card note" role="status">{lang.t(Msg::AlertSaved)}</p> })}
        <section aria-labelledby="alerts-title">
            <h2 id="alerts-title">{lang.t(Msg::AlertsTitle)}</h2>
            {view.alerts.is_empty().then(|| view! { <p>{lang.t(Msg::AlertsEmpty)}</p> })}
            {view.alerts.iter().map(|a| alert_card(lang, a, view.error.as_ref())).collect_view()}
        </section>
        {view.trends.is_empty().then(|| view! { <p>{lang.t(Msg::TeamNone)}</p> })}
        {view.trends.iter().map(|t| trend_table(lang, t, threshold)).collect_view()}
    }
}

fn alert_card(lang: Lang, a: &AlertCard, error: Option<&(String, String)>) -> impl IntoView {
    let what = if a.kind == "asked-to-talk" {
        Msg::AlertAskedToTalk
    } else {
        Msg::AlertWellbeingLow
    };
    let class = if a.acknowledged.is_some() {
        "card"
    } else {
        "card attention"
    };
    let error = error
        .filter(|(id, _)| *id == a.id.to_string())
        .map(|(_, m)| m.clone());
    let field = format!("follow-up-{}", a.id);
    let message_id = format!("{field}-error");
    let described = error.as_ref().map(|_| message_id.clone());
    view! {
        <article class=class data-alert=a.id.to_string()>
            <h3>{lang.tf(what, &[&a.person])}</h3>
            <p>{lang.tf(Msg::AlertRaised, &[&a.week, &a.raised])}</p>
            {a.acknowledged.as_ref().map(|d| view! { <p>{lang.tf(Msg::AlertAcknowledged, &[d])}</p> })}
            {a.follow_up.as_ref().map(|f| view! { <p class="follow-up">{f.clone()}</p> })}
            <p><a href="/guidance/the-early-conversation">{lang.t(Msg::AlertGuide)}</a>
                " · "<a href=format!("/rehab?adjust={}&alert={}#open-adjustment", a.person_id, a.id)>{lang.t(Msg::AdjOpenFor)}</a></p>
            <form method="post" action=format!("/team/alerts/{}", a.id) class="settings">
                <div class="field">
                    <label for=field.clone()>{lang.t(Msg::AlertFollowUpLabel)}</label>
                    {error.map(|m| view! { <p class="field-error" id=message_id.clone()>{m}</p> })}
                    <textarea id=field name="follow_up" rows="2" maxlength="500"
                        aria-invalid=described.as_ref().map(|_| "true") aria-describedby=described.clone()>
                        {a.follow_up.clone().unwrap_or_default()}
                    </textarea>
                </div>
                <button type="submit" class="button primary">{lang.t(Msg::AlertAcknowledge)}</button>
            </form>
        </article>
    }
}

fn cell_view(lang: Lang, c: &TrendCell) -> AnyView {
    match c {
        TrendCell::Shown {
            mean,
            below_50,
            participation,
        } => view! {
            <td>{format!("{mean:.1}")}</td>
            <td>{format!("{below_50} %")}</td>
            <td>{format!("{participation} %")}</td>
        }
        .into_any(),
        TrendCell::Hidden => {
            view! { <td colspan="3" class="hidden-figure">{lang.t(Msg::TrendHidden)}</td> }
                .into_any()
        }
        TrendCell::Withdrawn => {
            view! { <td colspan="3" class="hidden-figure">{lang.t(Msg::TrendWithdrawn)}</td> }
                .into_any()
        }
        TrendCell::NoAnswers => {
            view! { <td colspan="3">{lang.t(Msg::TrendNoData)}</td> }.into_any()
        }
    }
}

fn trend_table(lang: Lang, t: &TrendTable, threshold: u32) -> impl IntoView {
    let head = move |first: Msg| {
        view! {
            <thead><tr>
                <th scope="col">{lang.t(first)}</th>
                <th scope="col">{lang.t(Msg::TrendMean)}</th>
                <th scope="col">{lang.t(Msg::TrendBelow)}</th>
                <th scope="col">{lang.t(Msg::TrendParticipation)}</th>
            </tr></thead>
        }
    };
    let title = lang.tf(Msg::TeamTrendTitle, &[&t.unit]);
    // A table wider than the phone scrolls; keyboard users must be able to reach it.
    let wrap = move || title.clone();
    view! {
        <section class="card trend-table">
            <h2>{wrap()}</h2>
            <p class="hint">{lang.tf(Msg::TeamTrendIntro, &[&threshold])}</p>
            <div class="table-wrap" tabindex="0" role="region" aria-label=wrap()><table>
                {head(Msg::TrendWeek)}
                <tbody>
                    {t.weeks.iter().map(|r| view! {
                        <tr><th scope="row">{r.week.clone()}</th>{cell_view(lang, &r.cell)}</tr>
                    }).collect_view()}
                </tbody>
            </table></div>
            {(!t.below.is_empty()).then(|| view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label=lang.t(Msg::TrendUnit)><table>
                    {head(Msg::TrendUnit)}
                    <tbody>
                        {t.below.iter().map(|(name, c)| view! {
                            <tr><th scope="row">{name.clone()}</th>{cell_view(lang, c)}</tr>
                        }).collect_view()}
                    </tbody>
                </table></div>
            })}
        </section>
    }
}
