use crate::i18n::{Lang, Msg};
use crate::{lang, AdminView, ServiceForm};
use leptos::prelude::*;
use leptos_meta::Title;

/// An employer's sign-in settings for its admins: a plain form that works without JavaScript.
#[component]
pub fn AdminPage() -> impl IntoView {
    let lang = lang();
    let view = use_context::<AdminView>().unwrap_or_default();
    let Some(form) = view.form else {
        crate::set_status(403);
        return view! {
            <Title text={format!("{} · {}", lang.t(Msg::ErrForbidden), lang.t(Msg::AppName))}/>
            <h1>{lang.t(Msg::ErrForbidden)}</h1>
            <p class="card attention" role="alert">{lang.t(Msg::AdminNotAllowed)}</p>
        }
        .into_any();
    };
    let errors = view.errors;
    let title = lang.tf(Msg::AdminTitle, &[&form.name]);
    view! {
        <Title text={format!("{title} · {}", lang.t(Msg::AppName))}/>
        <h1>{title}</h1>
        {view.saved.then(|| view! { <p class="card note" role="status">{lang.t(Msg::AdminSaved)}</p> })}
        {(!errors.is_empty()).then(|| view! {
            <div class="card urgent error-summary" role="alert" tabindex="-1">
                <p>{lang.t(Msg::ErrSettingsInvalid)}</p>
            </div>
        })}
        <p>{lang.t(Msg::AdminIntro)}</p>
        <p>{lang.t(Msg::AdminRedirectUri)}<br/><code data-redirect-uri="">{form.redirect_uri.clone()}</code></p>
        <form method="post" action="/admin/employer" class="settings" autocomplete="off">
            {field(lang, &errors, "name", Msg::AdminName, None, Input::Text(&form.name))}
            {field(lang, &errors, "issuer", Msg::AdminIssuer, Some(Msg::AdminIssuerHint), Input::Fixed(&form.issuer))}
            {field(lang, &errors, "client_id", Msg::AdminClientId, None, Input::Text(&form.client_id))}
            {field(lang, &errors, "client_secret", Msg::AdminClientSecret,
                Some(if form.has_secret { Msg::AdminSecretSet } else { Msg::AdminSecretMissing }), Input::Secret)}
            {field(lang, &errors, "scopes", Msg::AdminScopes, None, Input::Text(&form.scopes))}
            {field(lang, &errors, "groups_claim", Msg::AdminGroupsClaim, None, Input::Text(&form.groups_claim))}
            {field(lang, &errors, "role_map", Msg::AdminRoleMap, Some(Msg::AdminRoleMapHint), Input::Text(&form.role_map))}
            {field(lang, &errors, "api_audience", Msg::AdminApiAudience, None, Input::Text(&form.api_audience))}
            <button type="submit" class="button primary">{lang.t(Msg::AdminSave)}</button>
        </form>
        <section aria-labelledby="services-title">
            <h2 id="services-title">{lang.t(Msg::AdminServicesTitle)}</h2>
            {view.services_saved.then(|| view! { <p class="card note" role="status">{lang.t(Msg::AdminServicesSaved)}</p> })}
            <p>{lang.t(Msg::AdminServicesIntro)}</p>
            <form method="post" action="/admin/contacts" class="settings" autocomplete="off">
                {view.services.iter().map(|s| service_fields(lang, &errors, s)).collect_view()}
                <button type="submit" class="button primary">{lang.t(Msg::AdminServicesSave)}</button>
            </form>
        </section>
        {(!view.changes.is_empty()).then(|| view! {
            <section aria-labelledby="changes-title">
                <h2 id="changes-title">{lang.t(Msg::AdminChangesTitle)}</h2>
                <ul class="changes">
                    {view.changes.iter().map(|c| {
                        let who = c.by.clone().unwrap_or_else(|| lang.t(Msg::AdminChangedByOperator).into());
                        let fields = c.fields.iter().map(|f| field_label(lang, f)).collect::<Vec<_>>().join(", ");
                        view! { <li>{lang.tf(Msg::AdminChangeLine, &[&c.at, &who, &fields])}</li> }
                    }).collect_view()}
                </ul>
            </section>
        })}
        {view.push.map(|p| view! {
            <section aria-labelledby="push-title">
                <h2 id="push-title">{lang.t(Msg::AdminPushTitle)}</h2>
                <p>{lang.t(Msg::AdminPushIntro)}</p>
                <dl class="figures" data-push-figures="">
                    {[
                        (Msg::AdminPushDevices, p.devices),
                        (Msg::AdminPushPending, p.pending),
                        (Msg::AdminPushSent, p.sent),
                        (Msg::AdminPushRetried, p.retried),
                        (Msg::AdminPushFailed, p.failed),
                        (Msg::AdminPushPruned, p.pruned),
                        (Msg::AdminPushDropped, p.dropped),
                    ].into_iter().map(|(label, n)| view! { <dt>{lang.t(label)}</dt><dd>{n}</dd> }).collect_view()}
                </dl>
            </section>
        })}
    }
    .into_any()
}

/// One service's fields; their names are `<kind>.<field>`, and so are their errors.
fn service_fields(lang: Lang, errors: &[(String, String)], s: &ServiceForm) -> impl IntoView {
    let legend = match s.kind.as_str() {
        "occupational-health" => Msg::AdminServiceOccupationalHealth,
        _ => Msg::AdminServiceStaffSupport,
    };
    let name = |field: &str| format!("{}.{field}", s.kind);
    let mut fields = vec![
        (name("name"), Msg::AdminServiceName, s.name.as_str()),
        (name("phone"), Msg::AdminServicePhone, s.phone.as_str()),
    ];
    if s.kind == "occupational-health" {
        fields.push((name("email"), Msg::AdminServiceEmail, s.email.as_str()));
    }
    fields.push((name("url"), Msg::AdminServiceUrl, s.url.as_str()));
    fields.push((name("note"), Msg::AdminServiceNote, s.note.as_str()));
    view! {
        <fieldset data-service=s.kind.clone()>
            <legend>{lang.t(legend)}</legend>
            {fields.into_iter().map(|(n, label, value)| field(lang, errors, &n, label, None, Input::Text(value))).collect_view()}
        </fieldset>
    }
}

/// A setting's name as the form labels it.
fn field_label(lang: Lang, field: &str) -> String {
    let label = match field {
        "name" => Msg::AdminName,
        "issuer" => Msg::AdminIssuer,
        "client_id" => Msg::AdminClientId,
        "client_secret" => Msg::AdminClientSecret,
        "scopes" => Msg::AdminScopes,
        "groups_claim" => Msg::AdminGroupsClaim,
        "role_map" => Msg::AdminRoleMap,
        "api_audience" => Msg::AdminApiAudience,
        other => return other.to_owned(),
    };
    lang.t(label).to_owned()
}

/// What a field holds.
#[derive(Clone, Copy)]
enum Input<'v> {
    Text(&'v str),
    /// Shown and sent back, not changed here.
    Fixed(&'v str),
    /// Write-only: always rendered empty.
    Secret,
}

/// A labelled input with its hint and error.
fn field(
    lang: Lang,
    errors: &[(String, String)],
    name: &str,
    label: Msg,
    hint: Option<Msg>,
    value: Input,
) -> impl IntoView {
    let error = errors
        .iter()
        .find(|(f, _)| f == name)
        .map(|(_, m)| m.clone());
    let described = [
        hint.map(|_| format!("{name}-hint")),
        error.as_ref().map(|_| format!("{name}-error")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let described = (!described.is_empty()).then_some(described);
    let input = match value {
        Input::Text(v) | Input::Fixed(v) => view! {
            <input id=name.to_owned() name=name.to_owned() type="text" value=v.to_owned() spellcheck="false"
                readonly=matches!(value, Input::Fixed(_))
                aria-invalid=error.is_some().then_some("true") aria-describedby=described/>
        }
        .into_any(),
        Input::Secret => view! {
            <input id=name.to_owned() name=name.to_owned() type="password" autocomplete="new-password"
                aria-invalid=error.is_some().then_some("true") aria-describedby=described/>
        }
        .into_any(),
    };
    view! {
        <div class="field">
            <label for=name.to_owned()>{lang.t(label)}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{name}-hint")>{lang.t(h)}</p> })}
            {error.map(|m| view! {
                <p class="field-error" id=format!("{name}-error")><span class="visually-hidden">"! "</span>{m}</p>
            })}
            {input}
        </div>
    }
}
