//! The weekly check-in as an island. Without JavaScript it is a plain form that posts to
//! `/checkin` and the server answers with a rendered page; hydrated, it checks the answers with
//! the same domain parser, sends them through a server function and shows the result in place.

use crate::api::{
    field_dom_id, field_errors_view, submit_check_in, AppError, CheckInInput, CheckInPageView,
    FieldErrorView,
};
use crate::components::result_panel::ResultPanel;
use crate::i18n::{Lang, Msg};
use domain::CheckInAnswers;
use leptos::prelude::*;

const STRESS: [Msg; 5] = [
    Msg::Stress1,
    Msg::Stress2,
    Msg::Stress3,
    Msg::Stress4,
    Msg::Stress5,
];
const WHO5_ITEMS: [Msg; 5] = [
    Msg::Who5Item1,
    Msg::Who5Item2,
    Msg::Who5Item3,
    Msg::Who5Item4,
    Msg::Who5Item5,
];
const WHO5_SCALE: [Msg; 6] = [
    Msg::Who5Scale5,
    Msg::Who5Scale4,
    Msg::Who5Scale3,
    Msg::Who5Scale2,
    Msg::Who5Scale1,
    Msg::Who5Scale0,
];

#[island]
pub fn CheckInFlow(lang: Lang, page: CheckInPageView) -> impl IntoView {
    let form = page.form;
    let week = form.week.clone();
    let who5_due = form.who5_due;
    let result = RwSignal::new(page.result);
    let values = RwSignal::new(form.values);
    let problem = RwSignal::new(form.problem.map(|p| p.message(lang)));
    let errors = RwSignal::new(form.errors);
    let pending = RwSignal::new(false);
    let summary_ref = NodeRef::<leptos::html::Div>::new();
    // Effects run only in the browser: this marks the island as interactive (tests wait for it).
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    let result_ref = NodeRef::<leptos::html::H2>::new();

    let fail = move |field_errors: Vec<FieldErrorView>, message: String| {
        errors.set(field_errors);
        problem.set(Some(message));
        focus_later(move || summary_ref.get().map(|el| el.into()));
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(input) = read_form(&ev) else { return };
        values.set(input.clone());
        if let Err(e) = CheckInAnswers::parse(input.to_raw(), who5_due) {
            fail(field_errors_view(&e), lang.t(Msg::ErrorSummary).into());
            return;
        }
        pending.set(true);
        leptos::task::spawn_local(async move {
            match submit_check_in(input).await {
                Ok(r) => {
                    errors.set(vec![]);
                    problem.set(None);
                    result.set(Some(r));
                    focus_later(move || result_ref.get().map(|el| el.into()));
                }
                Err(AppError::Invalid(field_errors)) => {
                    fail(field_errors, lang.t(Msg::ErrorSummary).into())
                }
                Err(e) => fail(vec![], e.message(lang)),
            }
            pending.set(false);
        });
    };

    let edit = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        result.set(None);
    };

    let error_for = move |code: String| {
        let dom_id = field_dom_id(&code);
        move || {
            errors.with(|e| e.iter().find(|f| f.field == code).map(|f| f.error.message(lang))).map(|m| {
                view! { <p class="field-error" id={format!("{dom_id}-error")}><span class="visually-hidden">"! "</span>{m}</p> }
            })
        }
    };
    let described = move |code: &'static str| {
        move || {
            errors
                .with(|e| e.iter().any(|f| f.field == code))
                .then(|| format!("{}-error", field_dom_id(code)))
        }
    };

    view! {
        <div class="check-in" data-ready=move || ready.get().then_some("true")>
            <h1>{lang.t(Msg::CheckInTitle)}" · "<span class="week">{lang.tf(Msg::CheckInWeek, &[&week])}</span></h1>
            {move || match result.get() {
                Some(r) => view! {
                    <ResultPanel lang result=r heading_ref=result_ref/>
                    <p class="actions">
                        <a class="button secondary" href="/checkin?edit=1" on:click=edit>{lang.t(Msg::ChangeAnswers)}</a>
                        <a class="button" href="/history">{lang.t(Msg::SeeTrend)}</a>
                    </p>
                }.into_any(),
                None => {
                    let v = values.get_untracked();
                    let who5 = v.who5().map(|x| x.clone());
                    view! {
                        <p class="privacy">{lang.t(Msg::CheckInPrivacy)}</p>
                        <div class="error-summary" role="alert" tabindex="-1" node_ref=summary_ref
                            hidden=move || problem.with(Option::is_none)>
                            {move || problem.get()}
                        </div>
                        // The week and person fields are drawn by the page around the island
                        // (`form="check-in"`): the island's bytes are the phone's first load.
                        <form id="check-in" method="post" action="/checkin" novalidate on:submit=on_submit>
                            <fieldset id="q-stress" aria-describedby=described("stress")>
                                <legend>{lang.t(Msg::StressQuestion)}</legend>
                                {error_for("stress".into())}
                                <div class="options stack">
                                    {STRESS.iter().enumerate().map(|(i, m)| radio("stress", (i + 1).to_string(), lang.t(*m), &v.stress)).collect_view()}
                                </div>
                            </fieldset>
                            <fieldset id="q-work-ability" aria-describedby=described("work_ability")>
                                <legend>{lang.t(Msg::WorkAbilityQuestion)}</legend>
                                {error_for("work_ability".into())}
                                <div class="options scale">
                                    {(0..=10).map(|i| radio("work_ability", i.to_string(), "", &v.work_ability)).collect_view()}
                                </div>
                                <p class="scale-ends"><span>{lang.t(Msg::WorkAbilityLow)}</span><span>{lang.t(Msg::WorkAbilityHigh)}</span></p>
                            </fieldset>
                            {who5_due.then(|| view! {
                                <div class="who5">
                                    <p class="who5-intro">{lang.t(Msg::Who5Intro)}</p>
                                    {WHO5_ITEMS.iter().enumerate().map(|(i, item)| {
                                        let code: &'static str = ["who5.0", "who5.1", "who5.2", "who5.3", "who5.4"][i];
                                        let name: &'static str = ["who5_1", "who5_2", "who5_3", "who5_4", "who5_5"][i];
                                        view! {
                                            <fieldset id={format!("q-who5-{}", i + 1)} aria-describedby=described(code)>
                                                <legend>{lang.t(*item)}</legend>
                                                {error_for(code.into())}
                                                <div class="options stack">
                                                    {WHO5_SCALE.iter().enumerate().map(|(k, m)| radio(name, (5 - k).to_string(), lang.t(*m), &who5[i])).collect_view()}
                                                </div>
                                            </fieldset>
                                        }
                                    }).collect_view()}
                                </div>
                            })}
                            <div class="check">
                                <input type="checkbox" id="q-wants-to-talk" name="wants_to_talk" value="on" checked=v.wants_to_talk.is_some()/>
                                <label for="q-wants-to-talk">{lang.t(Msg::WantsToTalk)}</label>
                            </div>
                            <div class="field" id="q-note">
                                <label for="note">{lang.t(Msg::NoteLabel)}</label>
                                {error_for("note".into())}
                                <textarea id="note" name="note" rows="3" maxlength="1000" aria-describedby=described("note")>
                                    {v.note.clone().unwrap_or_default()}
                                </textarea>
                            </div>
                            <button type="submit" class="button primary" disabled=move || pending.get()>
                                {move || if pending.get() { lang.t(Msg::Sending) } else { lang.t(Msg::Submit) }}
                            </button>
                        </form>
                        <p class="sources">{lang.t(Msg::Sources)}</p>
                    }.into_any()
                }
            }}
        </div>
    }
}

fn radio(
    name: &'static str,
    value: String,
    text: &'static str,
    current: &Option<String>,
) -> impl IntoView {
    let id = format!("{name}-{value}");
    let for_id = id.clone();
    let checked = current.as_deref() == Some(value.as_str());
    let label = if text.is_empty() {
        value.clone()
    } else {
        format!("{value} · {text}")
    };
    view! {
        <label class="option" for=for_id>
            <input type="radio" id=id name=name value=value checked=checked/>
            <span>{label}</span>
        </label>
    }
}

/// Reads the submitted form into the same input type a plain form POST produces.
fn read_form(ev: &leptos::ev::SubmitEvent) -> Option<CheckInInput> {
    use leptos::wasm_bindgen::JsCast;
    let form: web_sys::HtmlFormElement = ev.target()?.dyn_into().ok()?;
    let data = web_sys::FormData::new_with_form(&form).ok()?;
    let get = |name: &str| data.get(name).as_string().filter(|s| !s.is_empty());
    Some(CheckInInput {
        stress: get("stress"),
        work_ability: get("work_ability"),
        who5_1: get("who5_1"),
        who5_2: get("who5_2"),
        who5_3: get("who5_3"),
        who5_4: get("who5_4"),
        who5_5: get("who5_5"),
        wants_to_talk: get("wants_to_talk"),
        note: get("note"),
        week: get("week"),
        person: get("person"),
    })
}

/// Moves focus once the DOM has caught up, so screen readers hear the error or the result.
fn focus_later(target: impl Fn() -> Option<web_sys::HtmlElement> + 'static) {
    request_animation_frame(move || {
        if let Some(el) = target() {
            let _ = el.focus();
        }
    });
}
