//! For the guidance library's editors: changing an article, and what readers answered to
//! "was this helpful?". Plain forms, no JavaScript needed.

use crate::i18n::{Lang, Msg};
use crate::{lang, EditorView, FeedbackView};
use leptos::prelude::*;
use leptos_meta::Title;

fn not_allowed(lang: Lang) -> AnyView {
    crate::set_status(403);
    view! {
        <Title text={format!("{} · {}", lang.t(Msg::ErrForbidden), lang.t(Msg::AppName))}/>
        <h1>{lang.t(Msg::ErrForbidden)}</h1>
        <p class="card attention" role="alert">{lang.t(Msg::EditorNotAllowed)}</p>
    }
    .into_any()
}

/// A labelled field with its error, described by both.
fn field(
    lang: Lang,
    errors: &[(String, String)],
    name: &'static str,
    label: Msg,
    input: impl Fn(Option<String>) -> AnyView,
) -> impl IntoView {
    let error = errors
        .iter()
        .find(|(f, _)| f == name)
        .map(|(_, m)| m.clone());
    let described = error.as_ref().map(|_| format!("{name}-error"));
    view! {
        <div class="field">
            <label for=name>{lang.t(label)}</label>
            {error.map(|m| view! {
                <p class="field-error" id=format!("{name}-error")><span class="visually-hidden">"! "</span>{m}</p>
            })}
            {input(described)}
        </div>
    }
}

#[component]
pub fn EditArticlePage() -> impl IntoView {
    let lang = lang();
    let view = use_context::<EditorView>().unwrap_or_default();
    if view.missing {
        crate::set_status(404);
        return view! { <h1>{lang.t(Msg::GuidanceNotFound)}</h1> }.into_any();
    }
    let Some(form) = view.form else {
        return not_allowed(lang);
    };
    let errors = view.errors;
    let title = lang.tf(Msg::EditorTitle, &[&form.title]);
    let action = format!("/editor/guidance/{}", view.slug);
    let text = |name: &'static str, value: String| {
        move |described: Option<String>| {
            view! { <input id=name name=name type="text" value=value.clone() aria-describedby=described/> }
                .into_any()
        }
    };
    let audience = form.audience.clone();
    let body = form.body.clone();
    view! {
        <Title text={format!("{title} · {}", lang.t(Msg::AppName))}/>
        <h1>{title}</h1>
        {(!errors.is_empty()).then(|| view! {
            <div class="card urgent error-summary" role="alert"><p>{lang.t(Msg::ErrSettingsInvalid)}</p></div>
        })}
        <p>{lang.t(Msg::EditorIntro)}</p>
        <form method="post" action=action class="settings">
            {field(lang, &errors, "title", Msg::EditorFieldTitle, text("title", form.title.clone()))}
            {field(lang, &errors, "summary", Msg::EditorFieldSummary, text("summary", form.summary.clone()))}
            {field(lang, &errors, "topics", Msg::EditorFieldTopics, text("topics", form.topics.clone()))}
            {field(lang, &errors, "audience", Msg::EditorFieldAudience, move |described| {
                let option = |value: &'static str, label: Msg| {
                    let selected = audience == value;
                    view! { <option value=value selected=selected>{lang.t(label)}</option> }
                };
                view! {
                    <select id="audience" name="audience" aria-describedby=described>
                        {option("employee", Msg::GuidanceAudienceEmployee)}
                        {option("manager", Msg::GuidanceAudienceManager)}
                        {option("both", Msg::GuidanceAudienceAll)}
                    </select>
                }.into_any()
            })}
            {field(lang, &errors, "body", Msg::EditorFieldBody, move |described| {
                view! { <textarea id="body" name="body" rows="18" aria-describedby=described>{body.clone()}</textarea> }.into_any()
            })}
            <button type="submit" class="button primary">{lang.t(Msg::EditorSave)}</button>
        </form>
    }
    .into_any()
}

#[component]
pub fn FeedbackPage() -> impl IntoView {
    let lang = lang();
    let Some(items) = use_context::<FeedbackView>().unwrap_or_default().items else {
        return not_allowed(lang);
    };
    view! {
        <Title text={format!("{} · {}", lang.t(Msg::EditorFeedbackTitle), lang.t(Msg::AppName))}/>
        <h1>{lang.t(Msg::EditorFeedbackTitle)}</h1>
        {items.is_empty().then(|| view! { <p>{lang.t(Msg::EditorFeedbackEmpty)}</p> })}
        <ul class="articles feedback">
            {items.into_iter().map(|i| view! {
                <li data-feedback=format!("{}/{}", i.language, i.slug)>
                    <a href=format!("/guidance/{}", i.slug) lang=i.language.clone()>{i.title}</a>
                    <p class="counts">{lang.tf(Msg::EditorFeedbackCounts, &[&i.helpful, &i.not_helpful])}</p>
                    {(!i.comments.is_empty()).then(|| view! {
                        <details>
                            <summary>{lang.t(Msg::EditorFeedbackComments)}</summary>
                            <ul>{i.comments.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                        </details>
                    })}
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}
