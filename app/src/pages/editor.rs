//! For the guidance library's editors: changing an article, and what readers answered to
//! "was this helpful?". Plain forms, no JavaScript needed.

use crate::i18n::{Lang, Msg};
use crate::{lang, EditorView, FeedbackView, VersionKind, VersionLine};
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
    let back_action = format!("/editor/guidance/{}/shared", view.slug);
    view! {
        <Title text={format!("{title} · {}", lang.t(Msg::AppName))}/>
        <h1>{title}</h1>
        {(!errors.is_empty()).then(|| view! {
            <div class="card urgent error-summary" role="alert"><p>{lang.t(Msg::ErrSettingsInvalid)}</p></div>
        })}
        <p class="editor-scope">{lang.tf(Msg::EditorScope, &[&view.employer])}</p>
        {view.shared_changed.then(|| view! {
            <p class="card attention" role="status">
                <a href="#history">{lang.t(Msg::EditorSharedChanged)}</a>
            </p>
        })}
        {view.own.map(|own| view! {
            <div class="card own-version">
                <p>{lang.tf(Msg::EditorOwnVersion, &[&own.number, &own.on])}</p>
                <form method="post" action=back_action.clone()>
                    <button type="submit" class="button" aria-describedby="back-hint">{lang.t(Msg::EditorBackToShared)}</button>
                    <p id="back-hint" class="hint">{lang.t(Msg::EditorBackToSharedHint)}</p>
                </form>
            </div>
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
        {(!view.history.is_empty()).then(|| view! {
            <section id="history" aria-labelledby="history-title">
                <h2 id="history-title">{lang.t(Msg::EditorHistory)}</h2>
                <ol class="versions">
                    {view.history.into_iter().map(|v| version(lang, v)).collect_view()}
                </ol>
            </section>
        })}
    }
    .into_any()
}

/// One version in the history, its text folded away.
fn version(lang: Lang, v: VersionLine) -> impl IntoView {
    let author = v
        .author
        .unwrap_or_else(|| lang.t(Msg::EditorAuthorGone).to_owned());
    let what = match v.kind {
        VersionKind::File => lang.tf(
            Msg::EditorVersionFile,
            &[&v.number, &v.file.unwrap_or_default()],
        ),
        VersionKind::Edit => lang.tf(Msg::EditorVersionEdit, &[&v.number, &author]),
        VersionKind::BackToShared => lang.tf(Msg::EditorVersionBack, &[&v.number, &author]),
        VersionKind::BeforePerEmployer => lang.t(Msg::EditorVersionBefore).to_owned(),
    };
    view! {
        <li>
            <details>
                <summary>{what}" · "{v.on}</summary>
                <p><strong>{v.title}</strong></p>
                <pre class="version-text">{v.body}</pre>
            </details>
        </li>
    }
}

#[component]
pub fn FeedbackPage() -> impl IntoView {
    let lang = lang();
    let FeedbackView { items, employer } = use_context::<FeedbackView>().unwrap_or_default();
    let Some(items) = items else {
        return not_allowed(lang);
    };
    view! {
        <Title text={format!("{} · {}", lang.t(Msg::EditorFeedbackTitle), lang.t(Msg::AppName))}/>
        <h1>{lang.t(Msg::EditorFeedbackTitle)}</h1>
        <p>{lang.tf(Msg::EditorFeedbackScope, &[&employer])}</p>
        {items.is_empty().then(|| view! { <p>{lang.t(Msg::EditorFeedbackEmpty)}</p> })}
        <ul class="articles feedback">
            {items.into_iter().map(|i| view! {
                <li data-feedback=format!("{}/{}", i.language.code(), i.slug)>
                    <a href=format!("/guidance/{}", i.slug) lang=i.language.code()>{i.title}</a>
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
