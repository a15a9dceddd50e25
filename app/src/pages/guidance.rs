//! The guidance library: the list with search and filters, and one article with who to
//! contact and "was this helpful?". Plain server-rendered HTML: readable without JavaScript,
//! and cached by the service worker for reading offline.

use super::error_view;
use crate::api::{ContactView, GuidanceLineView, Mark};
use crate::i18n::{Lang, Msg};
use crate::lang;
use crate::server_fns::{load_guidance, load_guidance_article};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

pub fn topic_label(lang: Lang, code: &str) -> &'static str {
    let msg = match code {
        "stress" => Msg::TopicStress,
        "recovery" => Msg::TopicRecovery,
        "sleep" => Msg::TopicSleep,
        "workload" => Msg::TopicWorkload,
        "talking-to-your-manager" => Msg::TopicTalkingToYourManager,
        "early-signs" => Msg::TopicEarlySigns,
        "sick-leave" => Msg::TopicSickLeave,
        "rehabilitation" => Msg::TopicRehabilitation,
        "return-to-work" => Msg::TopicReturnToWork,
        "occupational-health" => Msg::TopicOccupationalHealth,
        "colleagues" => Msg::TopicColleagues,
        "crisis" => Msg::TopicCrisis,
        "ergonomics" => Msg::TopicErgonomics,
        _ => Msg::TopicLeadership,
    };
    lang.t(msg)
}

/// Text with the matched words in `<mark>`, built as nodes: nothing from the query or the
/// article is ever parsed as HTML here.
fn marked(marks: Vec<Mark>) -> impl IntoView {
    marks
        .into_iter()
        .map(|m| {
            if m.hit {
                view! { <mark>{m.text}</mark> }.into_any()
            } else {
                m.text.into_any()
            }
        })
        .collect_view()
}

fn article_item(lang: Lang, a: GuidanceLineView) -> impl IntoView {
    let href = format!("/guidance/{}", a.slug);
    view! {
        <li class="article-item">
            <a href=href data-article=a.slug.clone()>{marked(a.title)}</a>
            {a.for_managers.then(|| view! { <span class="tag">{lang.t(Msg::GuidanceForManagers)}</span> })}
            <span class="offline-badge" hidden>{lang.t(Msg::GuidanceOffline)}</span>
            <p>{marked(a.summary)}</p>
            {a.snippet.map(|s| view! { <p class="snippet">{marked(s)}</p> })}
        </li>
    }
}

#[component]
pub fn GuidancePage() -> impl IntoView {
    let lang = lang();
    let query = use_query_map();
    let get = move |k: &str| query.with_untracked(|q| q.get(k).unwrap_or_default());
    let (q, topic, audience) = (get("q"), get("topic"), get("audience"));
    let data = Resource::new(
        move || (q.clone(), topic.clone(), audience.clone()),
        |(q, t, a)| load_guidance(q, t, a),
    );
    let (q, topic, audience) = (get("q"), get("topic"), get("audience"));
    let searched = !q.trim().is_empty();
    let audience_option = move |value: &'static str, label: Msg| {
        let selected = audience == value;
        view! { <option value=value selected=selected>{lang.t(label)}</option> }
    };
    view! {
        <Title text={format!("{} · {}", lang.t(Msg::GuidanceTitle), lang.t(Msg::AppName))}/>
        <h1>{lang.t(Msg::GuidanceTitle)}</h1>
        <p>{lang.t(Msg::GuidanceIntro)}</p>
        <p><a class="button secondary crisis-link" href="/guidance/crisis-contacts">{lang.t(Msg::GuidanceCrisisLink)}</a></p>
        <form method="get" action="/guidance" class="guidance-search" role="search">
            <div class="field">
                <label for="q">{lang.t(Msg::GuidanceSearchLabel)}</label>
                <input id="q" name="q" type="search" value=q.clone() maxlength="200" autocomplete="off"/>
            </div>
            <div class="filters">
                <div class="field">
                    <label for="topic">{lang.t(Msg::GuidanceTopicLabel)}</label>
                    <Suspense>
                        {
                            let topic = topic.clone();
                            move || {
                                let topic = topic.clone();
                                Suspend::new(async move {
                                    let topics = data.await.map(|d| d.topics).unwrap_or_default();
                                    view! {
                                        <select id="topic" name="topic">
                                            <option value="">{lang.t(Msg::GuidanceAllTopics)}</option>
                                            {topics.into_iter().map(|t| {
                                                let selected = t == topic;
                                                view! { <option value=t.clone() selected=selected>{topic_label(lang, &t)}</option> }
                                            }).collect_view()}
                                        </select>
                                    }
                                })
                            }
                        }
                    </Suspense>
                </div>
                <div class="field">
                    <label for="audience">{lang.t(Msg::GuidanceAudienceLabel)}</label>
                    <select id="audience" name="audience">
                        {audience_option("", Msg::GuidanceAudienceAll)}
                        {audience_option("employee", Msg::GuidanceAudienceEmployee)}
                        {audience_option("manager", Msg::GuidanceAudienceManager)}
                    </select>
                </div>
            </div>
            <button type="submit" class="button primary">{lang.t(Msg::GuidanceSearchButton)}</button>
        </form>
        <Suspense>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if list.items.is_empty() => view! {
                        <p role="status">{lang.t(Msg::GuidanceNoResults)}</p>
                    }.into_any(),
                    Ok(list) => view! {
                        {searched.then(|| view! { <p role="status">{lang.tf(Msg::GuidanceResults, &[&list.items.len()])}</p> })}
                        <ul class="articles">
                            {list.items.into_iter().map(|a| article_item(lang, a)).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => error_view(lang, e),
                }
            })}
        </Suspense>
    }
}

fn general_contact(lang: Lang, kind: &str) -> Option<&'static str> {
    Some(lang.t(match kind {
        "manager" => Msg::ContactManagerGeneral,
        "occupational-health" => Msg::ContactOccupationalHealthGeneral,
        "hr" => Msg::ContactHrGeneral,
        "union" => Msg::ContactUnionGeneral,
        // Not every employer has a support line: none is described where none is named.
        _ => return None,
    }))
}

fn contact_card(c: ContactView) -> impl IntoView {
    let tel = c
        .phone
        .as_ref()
        .map(|p| format!("tel:{}", p.replace([' ', '-'], "")));
    view! {
        <li class="contact" data-contact=c.kind>
            <strong>{c.name}</strong>
            {c.note.map(|n| view! { <span class="note">{n}</span> })}
            {c.phone.zip(tel).map(|(p, tel)| view! { <a class="phone" href=tel>{p}</a> })}
            {c.email.map(|e| view! { <a href=format!("mailto:{e}")>{e.clone()}</a> })}
            {c.url.map(|u| view! { <a href=u.clone() rel="noopener">{u.trim_start_matches("https://").to_owned()}</a> })}
        </li>
    }
}

#[component]
pub fn ArticlePage() -> impl IntoView {
    let lang = lang();
    let slug = use_params_map().with_untracked(|p| p.get("slug").unwrap_or_default());
    let thanks = use_query_map().with_untracked(|q| q.get("thanks").is_some());
    let data = Resource::new(move || slug.clone(), load_guidance_article);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(a)) => {
                        let other_language = a.language != lang.code();
                        let action = format!("/guidance/{}/feedback", a.slug);
                        view! {
                            <Title text={format!("{} · {}", a.title, lang.t(Msg::AppName))}/>
                            <article class="guidance" lang=a.language.clone()>
                                {other_language.then(|| view! { <p class="card note" lang=lang.code()>{lang.other().t(Msg::GuidanceOnlyIn)}</p> })}
                                <h1>{a.title.clone()}</h1>
                                <p class="lead">{a.summary.clone()}</p>
                                <div class="body" inner_html=a.body_html.clone()></div>
                                <p class="muted reviewed">{lang.tf(Msg::GuidanceReviewed, &[&a.reviewed])}</p>
                                {a.can_edit.then(|| view! {
                                    <p><a href=format!("/editor/guidance/{}", a.slug)>{lang.t(Msg::EditorEditLink)}</a></p>
                                })}
                            </article>
                            <section class="contacts" aria-labelledby="contacts-title">
                                <h2 id="contacts-title">{lang.t(Msg::GuidanceContactsTitle)}</h2>
                                <ul>
                                    {a.contacts.into_iter().map(contact_card).collect_view()}
                                    {a.general_contacts.iter().filter_map(|k| general_contact(lang, k)).map(|text| view! {
                                        <li class="contact general">{text}</li>
                                    }).collect_view()}
                                </ul>
                            </section>
                            {(!a.related.is_empty()).then(|| view! {
                                <section aria-labelledby="related-title">
                                    <h2 id="related-title">{lang.t(Msg::GuidanceRelated)}</h2>
                                    <ul class="articles">
                                        {a.related.into_iter().map(|r| article_item(lang, r)).collect_view()}
                                    </ul>
                                </section>
                            })}
                            <section class="helpful" aria-labelledby="helpful-title">
                                <h2 id="helpful-title">{lang.t(Msg::GuidanceHelpfulQuestion)}</h2>
                                {if thanks {
                                    view! { <p role="status">{lang.t(Msg::GuidanceThanks)}</p> }.into_any()
                                } else if a.signed_in {
                                    view! {
                                        <form method="post" action=action>
                                            <div class="field">
                                                <label for="comment">{lang.t(Msg::GuidanceCommentLabel)}</label>
                                                <textarea id="comment" name="comment" rows="2" maxlength="1000"></textarea>
                                            </div>
                                            <div class="actions">
                                                <button type="submit" name="helpful" value="yes" class="button secondary">{lang.t(Msg::GuidanceHelpfulYes)}</button>
                                                <button type="submit" name="helpful" value="no" class="button secondary">{lang.t(Msg::GuidanceHelpfulNo)}</button>
                                            </div>
                                        </form>
                                    }.into_any()
                                } else {
                                    view! { <p>{lang.t(Msg::GuidanceSignInToAnswer)}</p> }.into_any()
                                }}
                            </section>
                            <p><a href="/guidance">{lang.t(Msg::GuidanceBack)}</a></p>
                        }.into_any()
                    }
                    Ok(None) => {
                        crate::set_status(404);
                        view! {
                            <h1>{lang.t(Msg::GuidanceNotFound)}</h1>
                            <p><a href="/guidance">{lang.t(Msg::GuidanceBack)}</a></p>
                        }.into_any()
                    }
                    Err(e) => error_view(lang, e),
                }
            })}
        </Suspense>
    }
}
