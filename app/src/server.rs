//! The server side of the UI: request context and the bodies of the server functions.
//! The only module of `app` that knows about `service` (compiled with `ssr` alone).

use crate::api::*;
use crate::components::result_panel::{self, ResultView, SignalView};
use crate::i18n::Lang;
use domain::IsoWeek;
use leptos::prelude::*;
use service::check_in_result::{self, CheckInOutcome, ReminderOffer};
use service::checkins::{self, SubmitError};
use service::{policy, Clock, Db, Person, StoreError};
use std::sync::Arc;

/// What server functions need from the running server, provided as Leptos context.
#[derive(Clone)]
pub struct ServerContext {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
}

/// Request extension set by the server's session middleware when someone is signed in.
#[derive(Clone, Debug)]
pub struct SignedIn(pub Person);

/// Request extension: the language negotiated for this request.
#[derive(Clone, Copy, Debug)]
pub struct RequestLang(pub Lang);

/// Request extension: this response's Content-Security-Policy nonce.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// A rejected no-JavaScript submission to render again with its messages.
#[derive(Clone, Debug)]
pub struct CheckInDraft {
    pub input: CheckInInput,
    pub errors: Vec<FieldErrorView>,
    pub problem: Option<AppError>,
}

fn parts() -> Option<axum::http::request::Parts> {
    use_context::<axum::http::request::Parts>()
}

pub fn request_lang() -> Lang {
    parts()
        .and_then(|p| p.extensions.get::<RequestLang>().map(|l| l.0))
        .unwrap_or_default()
}

pub fn csp_nonce() -> Option<String> {
    parts().and_then(|p| p.extensions.get::<CspNonce>().map(|n| n.0.clone()))
}

/// The person signed in on this request, if anyone is.
fn signed_in_person() -> Option<Person> {
    parts().and_then(|p| p.extensions.get::<SignedIn>().map(|s| s.0.clone()))
}

pub fn signed_in() -> Result<(ServerContext, Person), AppError> {
    let ctx = use_context::<ServerContext>().ok_or(AppError::Internal)?;
    let person = signed_in_person().ok_or(AppError::SignedOut)?;
    Ok((ctx, person))
}

/// Dates and weeks as this request's reader writes them.
pub fn words(ctx: &ServerContext) -> domain::human::Words {
    domain::human::Words::at(request_lang().content(), ctx.clock.now())
}

fn internal(e: StoreError) -> AppError {
    tracing::error!(error = %e, "server function failed");
    AppError::Internal
}

/// What a check-in means, with the guidance its signals call for and, while the person has
/// none, the offer of a weekly reminder.
pub fn result_view(ctx: &ServerContext, o: &CheckInOutcome) -> String {
    let lang = request_lang();
    let mut html = recommended_html(lang, &o.recommended);
    if o.offer_reminders == Some(true) {
        html.push_str(&format!(
            "<p class=\"reminder-offer\"><a href=\"/reminders\">{}</a></p>",
            escape_html(lang.t(crate::i18n::Msg::RemindersOffer))
        ));
    }
    let r = &o.result;
    let result = ResultView {
        week: words(ctx).week_number(r.check_in.week),
        who5_score: r.check_in.answers.who5.map(|w| w.score().value()),
        signals: r.signals.iter().copied().map(SignalView::from).collect(),
        recommended_html: html,
    };
    result_panel::to_html(lang, result)
}

/// Reminders are offered once there is a check-in to be reminded of, until they are on.
async fn offer_reminders(ctx: &ServerContext, person: &Person) -> Result<bool, AppError> {
    let state = service::push::reminder_state(&ctx.db, person.id, ctx.clock.now())
        .await
        .map_err(internal)?;
    Ok(!state.preferences.check_in)
}

/// The recommended articles as a section of links. Built here rather than in the island so
/// the phone downloads no code for it; every text is escaped.
fn recommended_html(lang: Lang, articles: &[service::guidance::ArticleLine]) -> String {
    if articles.is_empty() {
        return String::new();
    }
    let items: String = articles
        .iter()
        .map(|a| {
            format!(
                "<li><a href=\"/guidance/{slug}\" data-recommended=\"{slug}\">{title}</a></li>",
                slug = escape_html(&a.slug),
                title = escape_html(&a.title)
            )
        })
        .collect();
    format!(
        "<section class=\"recommended\" aria-labelledby=\"recommended-title\">\
         <h3 id=\"recommended-title\">{}</h3><ul>{items}</ul></section>",
        escape_html(lang.t(crate::i18n::Msg::GuidanceRecommended))
    )
}

/// A refused field of a guidance editor's change in the reader's language, on the form and
/// in the API's problem alike.
pub fn edit_problem(lang: Lang, p: &service::guidance::EditProblem) -> String {
    use crate::i18n::Msg;
    use service::guidance::EditProblem as P;
    match p {
        P::Missing => lang.t(Msg::ErrFieldMissing).to_owned(),
        P::TooLong { max } => lang.tf(Msg::ErrFieldAtMost, &[max]),
        P::UnknownTopic(code) => lang.tf(Msg::ErrTopicUnknown, &[code]),
        P::NoTopic => lang.t(Msg::ErrTopicNone).to_owned(),
        P::UnknownAudience => lang.t(Msg::ErrFieldUnknown).to_owned(),
    }
}

/// Text made safe to put into HTML, in content and in quoted attributes.
pub fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub async fn submit(
    ctx: &ServerContext,
    person: &Person,
    input: &CheckInInput,
) -> Result<String, AppError> {
    if input
        .person
        .as_deref()
        .is_some_and(|p| p != person.id.to_string())
    {
        return Err(AppError::SignedOut);
    }
    let now = ctx.clock.now();
    let this_week = IsoWeek::containing(now);
    // A week that cannot be read is no open week: the same answer as a closed one.
    let week = match input.week.as_deref() {
        None => this_week,
        Some(w) => w.parse().map_err(|_| AppError::WeekClosed {
            current: words(ctx).week_number(this_week),
        })?,
    };
    let language = request_lang().content();
    let offer = ReminderOffer::Read;
    match check_in_result::submit(&ctx.db, person, week, input.to_raw(), language, offer, now).await
    {
        Ok(outcome) => Ok(result_view(ctx, &outcome)),
        Err(SubmitError::Invalid(errors)) => Err(AppError::Invalid(field_errors_view(&errors))),
        Err(SubmitError::WeekClosed { current, .. }) => Err(AppError::WeekClosed {
            current: words(ctx).week_number(current),
        }),
        Err(SubmitError::Store(e)) => Err(internal(e)),
    }
}

pub async fn check_in_page(
    ctx: &ServerContext,
    person: &Person,
    edit: bool,
    closed: bool,
) -> Result<CheckInPageView, AppError> {
    let own = policy::own_data(person);
    let form = checkins::form_for(&ctx.db, &own, ctx.clock.now())
        .await
        .map_err(internal)?;
    let draft = use_context::<CheckInDraft>();
    // A closed week's message comes with the form, not with this week's result.
    let result = match (&draft, edit || closed) {
        (None, false) => {
            let (language, now) = (request_lang().content(), ctx.clock.now());
            check_in_result::of_week(&ctx.db, &own, person, form.week, language, now)
                .await
                .map_err(internal)?
                .map(|o| result_view(ctx, &o))
        }
        _ => None,
    };
    let (mut values, errors, problem) = match draft {
        Some(d) => (d.input, d.errors, d.problem),
        None => (
            form.existing
                .as_ref()
                .map(|c| CheckInInput::from_answers(&(&c.answers).into()))
                .unwrap_or_default(),
            vec![],
            // Answers kept on the phone came back refused because their week had closed
            // meanwhile: the same message as when it happens online.
            closed.then(|| AppError::WeekClosed {
                current: words(ctx).week_number(form.week),
            }),
        ),
    };
    // Always this week's and this person's, even on a refused draft that was for another.
    values.week = Some(form.week.to_string());
    values.person = Some(person.id.to_string());
    let form = FormView {
        week: words(ctx).week_number(form.week),
        who5_due: form.who5_due,
        values,
        errors,
        problem,
    };
    Ok(CheckInPageView { form, result })
}

pub async fn home(ctx: &ServerContext, person: &Person) -> Result<HomeView, AppError> {
    let own = policy::own_data(person);
    let week = IsoWeek::containing(ctx.clock.now());
    let done = checkins::find_own(&ctx.db, &own, week)
        .await
        .map_err(internal)?
        .is_some();
    Ok(HomeView {
        name: person.display_name.clone(),
        employer: person.employer_name.clone(),
        week: words(ctx).week_number(week),
        checked_in: done,
        offer_reminders: done && offer_reminders(ctx, person).await?,
    })
}

pub async fn history(
    ctx: &ServerContext,
    person: &Person,
    weeks: u32,
) -> Result<HistoryView, AppError> {
    let own = policy::own_data(person);
    let span = if weeks > 12 { 52 } else { 12 };
    let weeks = IsoWeek::containing(ctx.clock.now()).last_n(span);
    let (Some(first), Some(last)) = (weeks.first(), weeks.last()) else {
        return Ok(HistoryView { weeks: vec![] });
    };
    let rows = checkins::list(&ctx.db, &own, *first, *last)
        .await
        .map_err(internal)?;
    let words = words(ctx);
    let points = weeks
        .iter()
        .map(|w| {
            let row = rows.iter().find(|r| r.week == *w);
            WeekPoint {
                week: w.week(),
                label: words.week_number(*w),
                who5: row.and_then(|r| r.answers.who5.map(|s| s.score().value())),
                stress: row.map(|r| r.answers.stress.value()),
                work_ability: row.map(|r| r.answers.work_ability.value()),
            }
        })
        .collect();
    Ok(HistoryView { weeks: points })
}

fn marks(segments: &[service::guidance::text::Segment]) -> Vec<Mark> {
    segments
        .iter()
        .map(|s| Mark {
            text: s.text.clone(),
            hit: s.hit,
        })
        .collect()
}

fn plain(text: &str) -> Vec<Mark> {
    vec![Mark {
        text: text.to_owned(),
        hit: false,
    }]
}

fn line_view(l: &service::guidance::ArticleLine) -> GuidanceLineView {
    GuidanceLineView {
        slug: l.slug.clone(),
        title: plain(&l.title),
        summary: plain(&l.summary),
        snippet: None,
        for_managers: l.audience == domain::guidance::Audience::Manager,
    }
}

/// The library or a search in it; unknown filter values are ignored rather than refused, as
/// they can only come from an edited address.
pub async fn guidance_list(
    q: &str,
    topic: &str,
    audience: &str,
) -> Result<GuidanceListView, AppError> {
    use domain::guidance::{Audience, Topic};
    use service::guidance::{self, Filter};
    let ctx = use_context::<ServerContext>().ok_or(AppError::Internal)?;
    let lang = request_lang().content();
    let reader = signed_in_person().map(|p| p.employer_id);
    let filter = Filter {
        topic: Topic::parse(topic),
        audience: Audience::parse(audience),
    };
    let items = if q.trim().is_empty() {
        guidance::list(&ctx.db, reader, lang, &filter)
            .await
            .map_err(internal)?
            .iter()
            .map(line_view)
            .collect()
    } else {
        guidance::search(&ctx.db, reader, lang, q, &filter)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|h| GuidanceLineView {
                title: marks(&h.title),
                summary: marks(&h.summary),
                snippet: h.snippet.as_deref().map(marks),
                ..line_view(&h.article)
            })
            .collect()
    };
    Ok(GuidanceListView {
        items,
        topics: Topic::ALL.iter().map(|t| t.code().to_owned()).collect(),
    })
}

pub async fn guidance_article(slug: &str) -> Result<Option<GuidanceArticleView>, AppError> {
    use service::guidance;
    let ctx = use_context::<ServerContext>().ok_or(AppError::Internal)?;
    let person = signed_in_person();
    let lang = request_lang().content();
    let reader = person.as_ref().map(|p| p.employer_id);
    let Some(a) = guidance::get(&ctx.db, reader, slug, lang)
        .await
        .map_err(internal)?
    else {
        return Ok(None);
    };
    let contacts = guidance::contacts(
        &ctx.db,
        person.as_ref().map(|p| p.employer_id),
        &a.contacts,
        a.language,
    )
    .await
    .map_err(internal)?;
    let can_edit = match &person {
        Some(p) => {
            let actor = policy::actor(&ctx.db, p).await.map_err(internal)?;
            policy::edit_guidance(&actor, p.employer_id).is_ok()
        }
        None => false,
    };
    let general_contacts = a
        .contacts
        .iter()
        .filter(|k| !contacts.iter().any(|c| c.kind == **k))
        .map(|k| k.code().to_owned())
        .collect();
    Ok(Some(GuidanceArticleView {
        slug: a.slug,
        language: a.language.code().into(),
        title: a.title,
        summary: a.summary,
        reviewed: words(&ctx).date(a.reviewed),
        body_html: a.body_html,
        related: a.related.iter().map(line_view).collect(),
        contacts: contacts
            .into_iter()
            .map(|c| ContactView {
                kind: c.kind.code().into(),
                name: c.name,
                phone: c.phone,
                email: c.email,
                url: c.url,
                note: c.note,
            })
            .collect(),
        general_contacts,
        signed_in: person.is_some(),
        can_edit,
    }))
}
