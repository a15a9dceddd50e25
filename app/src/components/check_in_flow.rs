//! The weekly check-in. The questions are drawn on the server (`CheckInQuestions`): without
//! JavaScript they are a plain form that posts to `/checkin`, and the server answers with a
//! rendered page. The island around them (`CheckInFlow`) gets them as children, which cost the
//! phone no code: it checks the answers with the same domain parser, sends them through a
//! server function, marks the fields the answer names and shows the result the server drew.

use crate::api::{field_dom_id, AppError, CheckInInput, FieldErrorView};
use crate::i18n::{Lang, Msg};
use crate::server_fns::submit_check_in;
use domain::CheckInAnswers;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

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

/// Makes the check-in interactive: the form's questions are its children.
#[island]
pub fn CheckInFlow(
    lang: Lang,
    who5_due: bool,
    /// Why the last plain-form submission was not saved, in the reader's language.
    problem: Option<String>,
    /// This week's result, as HTML made on the server (`ResultPanel`).
    result: Option<String>,
    children: Children,
) -> impl IntoView {
    let result = RwSignal::new(result);
    let problem = RwSignal::new(problem);
    let pending = RwSignal::new(false);
    let summary_ref = NodeRef::<leptos::html::Div>::new();
    let result_ref = NodeRef::<leptos::html::Div>::new();
    // Effects run only in the browser: this marks the island as interactive (tests wait for it).
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));

    let fail =
        move |form: &web_sys::HtmlFormElement, field_errors: &[FieldErrorView], message: String| {
            show_field_errors(form, field_errors, lang);
            problem.set(Some(message));
            focus_later(move || summary_ref.get().map(|el| el.into()));
        };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((form, input)) = read_form(&ev) else {
            return;
        };
        if let Err(e) = CheckInAnswers::parse(input.to_raw(), who5_due) {
            let errors = crate::api::field_errors_view(&e);
            fail(&form, &errors, lang.t(Msg::ErrorSummary).into());
            return;
        }
        pending.set(true);
        leptos::task::spawn_local(async move {
            match submit_check_in(input).await {
                Ok(html) => {
                    show_field_errors(&form, &[], lang);
                    problem.set(None);
                    result.set(Some(html));
                    focus_later(move || {
                        let heading = result_ref.get()?.query_selector("h2").ok()??;
                        heading.dyn_into().ok()
                    });
                }
                Err(AppError::Invalid(errors)) => {
                    fail(&form, &errors, lang.t(Msg::ErrorSummary).into())
                }
                Err(e) => fail(&form, &[], e.message(lang)),
            }
            pending.set(false);
        });
    };

    // Back to the form as it was sent, to change an answer.
    let edit = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        result.set(None);
    };

    view! {
        <div class="check-in" data-ready=move || ready.get().then_some("true")>
            {move || result.get().map(|html| view! {
                // Made on the server (`ResultPanel`): the result costs the phone no code.
                <div class="result" data-testid="check-in-result" node_ref=result_ref inner_html=html></div>
                <p class="actions">
                    <a class="button secondary" href="/checkin?edit=1" on:click=edit>{lang.t(Msg::ChangeAnswers)}</a>
                    <a class="button" href="/history">{lang.t(Msg::SeeTrend)}</a>
                </p>
            })}
            <div hidden=move || result.with(Option::is_some)>
                <div class="error-summary" role="alert" tabindex="-1" node_ref=summary_ref
                    hidden=move || problem.with(Option::is_none)>
                    {move || problem.get()}
                </div>
                // The questions are the server's (children): the island's bytes are the phone's
                // first load.
                <form id="check-in" method="post" action="/checkin" novalidate on:submit=on_submit>
                    {children()}
                    <button type="submit" class="button primary" disabled=move || pending.get()>
                        {move || if pending.get() { lang.t(Msg::Sending) } else { lang.t(Msg::Submit) }}
                    </button>
                </form>
            </div>
        </div>
    }
}

/// The questions of this week's form, filled in with `values` and marked with `errors`. Each
/// message has its place (`data-error`, hidden while empty) and each question names the field
/// that describes it (`data-field`), so the island can mark them without drawing any of it.
#[component]
pub fn CheckInQuestions(
    lang: Lang,
    who5_due: bool,
    values: CheckInInput,
    errors: Vec<FieldErrorView>,
) -> impl IntoView {
    let message = |code: &str| {
        errors
            .iter()
            .find(|f| f.field == code)
            .map(|f| f.error.message(lang))
    };
    let error_for = |code: &'static str| {
        let text = message(code);
        let empty = text.is_none();
        view! {
            <p class="field-error" id=format!("{}-error", field_dom_id(code)) data-error=code hidden=empty>
                <span class="visually-hidden">"! "</span><span>{text}</span>
            </p>
        }
    };
    let described = |code: &str| message(code).map(|_| format!("{}-error", field_dom_id(code)));
    let who5 = values.who5().map(Clone::clone);
    view! {
        <p class="privacy">{lang.t(Msg::CheckInPrivacy)}</p>
        <fieldset id="q-stress" data-field="stress" aria-describedby=described("stress")>
            <legend>{lang.t(Msg::StressQuestion)}</legend>
            {error_for("stress")}
            <div class="options stack">
                {STRESS.iter().enumerate().map(|(i, m)| radio("stress", (i + 1).to_string(), lang.t(*m), &values.stress)).collect_view()}
            </div>
        </fieldset>
        <fieldset id="q-work-ability" data-field="work_ability" aria-describedby=described("work_ability")>
            <legend>{lang.t(Msg::WorkAbilityQuestion)}</legend>
            {error_for("work_ability")}
            <div class="options scale">
                {(0..=10).map(|i| radio("work_ability", i.to_string(), "", &values.work_ability)).collect_view()}
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
                        <fieldset id={format!("q-who5-{}", i + 1)} data-field=code aria-describedby=described(code)>
                            <legend>{lang.t(*item)}</legend>
                            {error_for(code)}
                            <div class="options stack">
                                {WHO5_SCALE.iter().enumerate().map(|(k, m)| radio(name, (5 - k).to_string(), lang.t(*m), &who5[i])).collect_view()}
                            </div>
                        </fieldset>
                    }
                }).collect_view()}
            </div>
        })}
        <div class="check">
            <input type="checkbox" id="q-wants-to-talk" name="wants_to_talk" value="on" checked=values.wants_to_talk.is_some()/>
            <label for="q-wants-to-talk">{lang.t(Msg::WantsToTalk)}</label>
        </div>
        <div class="field" id="q-note">
            <label for="note">{lang.t(Msg::NoteLabel)}</label>
            {error_for("note")}
            <textarea id="note" name="note" rows="3" maxlength="1000" data-field="note" aria-describedby=described("note")>
                {values.note.clone().unwrap_or_default()}
            </textarea>
        </div>
        // Sent with the answers, so late ones count for their own week and person or are
        // refused (answers kept on the phone without a signal, a form left open over Sunday).
        <input type="hidden" name="week" value=values.week.clone()/>
        <input type="hidden" name="person" value=values.person.clone()/>
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

/// The submitted form, read into the same input type a plain form POST produces.
fn read_form(ev: &leptos::ev::SubmitEvent) -> Option<(web_sys::HtmlFormElement, CheckInInput)> {
    let form: web_sys::HtmlFormElement = ev.target()?.dyn_into().ok()?;
    let data = web_sys::FormData::new_with_form(&form).ok()?;
    let get = |name: &str| data.get(name).as_string().filter(|s| !s.is_empty());
    let input = CheckInInput {
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
    };
    Some((form, input))
}

/// Puts each field's message in its place in the server's form, or clears it, and points
/// the question at its message for screen readers.
fn show_field_errors(form: &web_sys::HtmlFormElement, errors: &[FieldErrorView], lang: Lang) {
    let Ok(places) = form.query_selector_all("[data-error]") else {
        return;
    };
    for i in 0..places.length() {
        let Some(place) = places
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let code = place.get_attribute("data-error").unwrap_or_default();
        let text = errors
            .iter()
            .find(|e| e.field == code)
            .map(|e| e.error.message(lang));
        if let Some(span) = place.last_element_child() {
            span.set_text_content(text.as_deref());
        }
        let _ = place.toggle_attribute_with_force("hidden", text.is_none());
        if let Ok(Some(field)) = form.query_selector(&format!("[data-field=\"{code}\"]")) {
            let _ = match text {
                Some(_) => field.set_attribute("aria-describedby", &place.id()),
                None => field.remove_attribute("aria-describedby"),
            };
        }
    }
}

/// Moves focus once the DOM has caught up, so screen readers hear the error or the result.
fn focus_later(target: impl Fn() -> Option<web_sys::HtmlElement> + 'static) {
    request_animation_frame(move || {
        if let Some(el) = target() {
            let _ = el.focus();
        }
    });
}
