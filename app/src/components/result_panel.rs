//! What a check-in means for the person, right after they send it: the messages the domain's
//! rules chose, the WHO-5 score, and who to contact. Rendered on the server only: the island
//! shows the HTML it is sent, so none of this code or its texts is in the phone's download.

use crate::i18n::{Lang, Msg};
use domain::Signal;
use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignalView {
    Who5VeryLow,
    Who5Low,
    StressHighTwoWeeks,
    WorkAbilityLow,
    WantsToTalk,
    Who5Changed { delta: i16 },
}

impl From<Signal> for SignalView {
    fn from(s: Signal) -> Self {
        match s {
            Signal::Who5VeryLow => Self::Who5VeryLow,
            Signal::Who5Low => Self::Who5Low,
            Signal::StressHighTwoWeeks => Self::StressHighTwoWeeks,
            Signal::WorkAbilityLow => Self::WorkAbilityLow,
            Signal::WantsToTalk => Self::WantsToTalk,
            Signal::Who5Changed { delta } => Self::Who5Changed { delta },
        }
    }
}

/// What a stored check-in means, as shown right after submitting. Rendered on the server
/// (`ResultPanel`) and sent as HTML, so the phone downloads no code and no texts for it.
#[derive(Clone, Debug, PartialEq)]
pub struct ResultView {
    /// The week's number as people say it ("49"; "1, 2027" across a new year).
    pub week: String,
    pub who5_score: Option<u8>,
    pub signals: Vec<SignalView>,
    /// The articles the signals call for, most urgent first, as a finished HTML section.
    pub recommended_html: String,
}

/// The panel as HTML, for the check-in island to show as it is.
#[cfg(feature = "ssr")]
pub fn to_html(lang: Lang, result: ResultView) -> String {
    view! { <ResultPanel lang result/> }.to_html()
}

/// The panel's content; the island draws the box around it (`.result`).
#[component]
pub fn ResultPanel(lang: Lang, result: ResultView) -> impl IntoView {
    let serious = result.signals.iter().any(|s| {
        matches!(
            s,
            SignalView::Who5VeryLow | SignalView::Who5Low | SignalView::WantsToTalk
        )
    });
    let very_low = result.signals.contains(&SignalView::Who5VeryLow);
    let cards = result
        .signals
        .iter()
        .map(|s| {
            let (class, title, text) = match *s {
                SignalView::Who5VeryLow => (
                    "card urgent",
                    Some(Msg::SignalWho5VeryLowTitle),
                    lang.t(Msg::SignalWho5VeryLow).to_string(),
                ),
                SignalView::Who5Low => (
                    "card attention",
                    Some(Msg::SignalWho5LowTitle),
                    lang.t(Msg::SignalWho5Low).to_string(),
                ),
                SignalView::StressHighTwoWeeks => (
                    "card attention",
                    Some(Msg::SignalStressTitle),
                    lang.t(Msg::SignalStress).to_string(),
                ),
                SignalView::WorkAbilityLow => (
                    "card attention",
                    Some(Msg::SignalWorkAbilityTitle),
                    lang.t(Msg::SignalWorkAbility).to_string(),
                ),
                SignalView::WantsToTalk => (
                    "card",
                    Some(Msg::SignalTalkTitle),
                    lang.t(Msg::SignalTalk).to_string(),
                ),
                SignalView::Who5Changed { delta } if delta > 0 => {
                    ("card note", None, lang.tf(Msg::SignalWho5Up, &[&delta]))
                }
                SignalView::Who5Changed { delta } => (
                    "card note",
                    None,
                    lang.tf(Msg::SignalWho5Down, &[&delta.abs()]),
                ),
            };
            view! {
                <section class=class>
                    {title.map(|t| view! { <h3>{lang.t(t)}</h3> })}
                    <p>{text}</p>
                </section>
            }
        })
        .collect_view();
    let all_clear = result
        .signals
        .iter()
        .all(|s| matches!(s, SignalView::Who5Changed { .. }));
    view! {
            <h2 tabindex="-1">{lang.tf(Msg::ResultSaved, &[&result.week])}</h2>
            {result.who5_score.map(|s| view! { <p class="score">{lang.tf(Msg::ResultWho5, &[&s])}</p> })}
            {all_clear.then(|| view! { <p class="all-clear">{lang.t(Msg::ResultAllClear)}</p> })}
            {cards}
            {serious.then(|| view! { <Contacts lang urgent=very_low/> })}
            // Made on the server (titles escaped there): a list of links costs the phone no code.
            {(!result.recommended_html.is_empty()).then(|| view! { <div inner_html=result.recommended_html.clone()></div> })}
    }
}

#[component]
pub fn Contacts(lang: Lang, urgent: bool) -> impl IntoView {
    view! {
        <section class="contacts" aria-labelledby="contacts-title">
            <h3 id="contacts-title">{lang.t(Msg::ContactsTitle)}</h3>
            <ul>
                <li><a href="tel:1177">"1177"</a>" · "{lang.t(Msg::Contact1177)}</li>
                {urgent.then(|| view! {
                    <li><a href="tel:112">"112"</a>" · "{lang.t(Msg::Contact112)}</li>
                    <li><a href="tel:90101">"90101"</a>" · "{lang.t(Msg::ContactMind)}</li>
                })}
                <li>{lang.t(Msg::ContactOccupational)}</li>
            </ul>
        </section>
    }
}
