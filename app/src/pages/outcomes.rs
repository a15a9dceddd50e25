//! Sick leave and outcomes for an employer's admins and analysts: the rate month by month
//! against a year before, for everyone, women and men, as an SVG chart drawn on the server beside
//! a table with every number, the same as a CSV file, and the annual report's seven figures for
//! the months chosen. No person is named anywhere on it; withheld figures say so.

use crate::i18n::{Lang, Msg};
use crate::lang;
use domain::outcomes::{Count, Month};
use domain::sick_leave::{Figure, KeyFigures};
use leptos::prelude::*;
use leptos_meta::Title;

/// What the outcomes page shows; `None` months when the reader may not see them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OutcomesView {
    /// The employer's slug, for the CSV link; empty when the reader may not see the page.
    pub slug: String,
    /// The months shown, as `YYYY-MM`.
    pub from: String,
    pub to: String,
    /// The months asked for could not be read: shown above the form.
    pub error: Option<String>,
    pub months: Vec<Month>,
    pub employer: Option<KeyFigures>,
    pub administrations: Vec<(String, KeyFigures)>,
}

/// Tenths of a percent as people read them: `4,5 %` in Swedish, `4.5 %` in English.
fn tenths(lang: Lang, t: u64) -> String {
    let n = format!("{}.{} %", t / 10, t % 10);
    match lang {
        Lang::Sv => n.replace('.', ","),
        Lang::En => n,
    }
}

/// A rate as people read it; withheld or nobody in words.
fn percent(lang: Lang, f: Figure) -> String {
    match f.percent_tenths() {
        Some(t) => tenths(lang, t),
        None if f == Figure::Withheld => lang.t(Msg::FigureWithheld).into(),
        None => "–".into(),
    }
}

fn count(lang: Lang, c: Count) -> String {
    match c {
        Count::Shown(n) => n.to_string(),
        Count::Withheld => lang.t(Msg::FigureWithheld).into(),
    }
}

const W: f32 = 340.0;
const H: f32 = 210.0;
const LEFT: f32 = 36.0;
const RIGHT: f32 = 8.0;
const TOP: f32 = 10.0;
const BOTTOM: f32 = 26.0;

/// A line of the chart: its class and the month's figure it draws.
type Series = (&'static str, fn(&Month) -> Figure);

/// The chart: one line per series, broken where a month is withheld (a gap, never a guess).
fn chart(lang: Lang, months: &[Month]) -> impl IntoView {
    let series: [Series; 4] = [
        ("before", |m| m.year_before.total),
        ("men", |m| m.rate.men),
        ("women", |m| m.rate.women),
        ("total", |m| m.rate.total),
    ];
    let top = months
        .iter()
        .flat_map(|m| series.iter().filter_map(|(_, f)| f(m).percent_tenths()))
        .max()
        .unwrap_or(0);
    // The scale's top: the next whole 5 % above the highest figure (at least 5 %).
    let ceiling = top.div_ceil(50).max(1) * 50;
    let n = months.len();
    let x = |i: usize| {
        let span = W - LEFT - RIGHT;
        if n <= 1 {
            LEFT + span / 2.0
        } else {
            LEFT + span * i as f32 / (n - 1) as f32
        }
    };
    let y = |t: u64| TOP + (H - TOP - BOTTOM) * (1.0 - t as f32 / ceiling as f32);
    let lines = series
        .iter()
        .map(|(class, f)| {
            let mut runs: Vec<Vec<String>> = vec![vec![]];
            for (i, m) in months.iter().enumerate() {
                match f(m).percent_tenths() {
                    Some(t) => runs
                        .last_mut()
                        .map(|r| r.push(format!("{:.1},{:.1}", x(i), y(t))))
                        .unwrap_or_default(),
                    None => runs.push(vec![]),
                }
            }
            runs.into_iter()
                .filter(|r| !r.is_empty())
                .map(|r| view! { <polyline points=r.join(" ") class=format!("line {class}")/> })
                .collect_view()
        })
        .collect_view();
    let grid = [0, ceiling / 2, ceiling]
        .into_iter()
        .map(|t| {
            view! {
                <line x1=LEFT x2=W - RIGHT y1=y(t) y2=y(t) class="grid"/>
                <text x=LEFT - 4.0 y=y(t) + 4.0 text-anchor="end" class="axis">{tenths(lang, t)}</text>
            }
        })
        .collect_view();
    let every = n.div_ceil(6).max(1);
    let labels = months
        .iter()
        .enumerate()
        .filter(|(i, _)| (n - 1 - i).is_multiple_of(every))
        .map(|(i, m)| view! {
            <text x={format!("{:.1}", x(i))} y=H - 8.0 text-anchor="middle" class="axis">{m.month.first.format("%y-%m").to_string()}</text>
        })
        .collect_view();
    view! {
        <figure class="trend">
            <svg viewBox={format!("0 0 {W} {H}")} role="img" aria-labelledby="outcomes-chart-title outcomes-chart-desc" class="chart">
                <title id="outcomes-chart-title">{lang.t(Msg::OutcomesChartTitle)}</title>
                <desc id="outcomes-chart-desc">{lang.t(Msg::OutcomesChartDesc)}</desc>
                {grid}
                {labels}
                {lines}
            </svg>
            <figcaption>
                <span class="legend total">{lang.t(Msg::OutcomesTotal)}</span>
                <span class="legend women">{lang.t(Msg::OutcomesWomen)}</span>
                <span class="legend men">{lang.t(Msg::OutcomesMen)}</span>
                <span class="legend before">{lang.t(Msg::OutcomesYearBefore)}</span>
            </figcaption>
        </figure>
    }
}

fn month_table(lang: Lang, months: &[Month]) -> impl IntoView {
    let rows = months
        .iter()
        .map(|m| {
            view! {
                <tr>
                    <th scope="row">{m.month.first.format("%Y-%m").to_string()}</th>
                    <td>{percent(lang, m.rate.total)}</td>
                    <td>{percent(lang, m.year_before.total)}</td>
                    <td>{percent(lang, m.rate.women)}</td>
                    <td>{percent(lang, m.rate.men)}</td>
                    <td>{count(lang, m.started.total)}</td>
                    <td>{count(lang, m.ended.total)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="outcomes-table-caption">
            <table>
                <caption id="outcomes-table-caption">{lang.t(Msg::OutcomesTableCaption)}</caption>
                <thead><tr>
                    <th scope="col">{lang.t(Msg::OutcomesMonth)}</th>
                    <th scope="col">{lang.t(Msg::OutcomesTotal)}</th>
                    <th scope="col">{lang.t(Msg::OutcomesYearBefore)}</th>
                    <th scope="col">{lang.t(Msg::OutcomesWomen)}</th>
                    <th scope="col">{lang.t(Msg::OutcomesMen)}</th>
                    <th scope="col">{lang.t(Msg::OutcomesStarted)}</th>
                    <th scope="col">{lang.t(Msg::OutcomesEnded)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The seven figures of the annual report, for the employer and each administration.
fn key_table(
    lang: Lang,
    employer: &KeyFigures,
    administrations: &[(String, KeyFigures)],
) -> impl IntoView {
    let row = |name: String, k: &KeyFigures| {
        view! {
            <tr>
                <th scope="row">{name}</th>
                <td>{percent(lang, k.total)}</td>
                <td>{percent(lang, k.long_term_share)}</td>
                <td>{percent(lang, k.women)}</td>
                <td>{percent(lang, k.men)}</td>
                <td>{percent(lang, k.up_to_29)}</td>
                <td>{percent(lang, k.from_30_to_49)}</td>
                <td>{percent(lang, k.from_50)}</td>
            </tr>
        }
    };
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="key-table-caption">
            <table>
                <caption id="key-table-caption">{lang.t(Msg::OutcomesKeyCaption)}</caption>
                <thead><tr>
                    <th scope="col">{lang.t(Msg::OutcomesWho)}</th>
                    <th scope="col">{lang.t(Msg::OutcomesTotal)}</th>
                    <th scope="col">{lang.t(Msg::OutcomesLongTerm)}</th>
                    <th scope="col">{lang.t(Msg::OutcomesWomen)}</th>
                    <th scope="col">{lang.t(Msg::OutcomesMen)}</th>
                    <th scope="col">"≤ 29"</th>
                    <th scope="col">"30–49"</th>
                    <th scope="col">"≥ 50"</th>
                </tr></thead>
                <tbody>
                    {row(lang.t(Msg::OutcomesWholeEmployer).into(), employer)}
                    {administrations.iter().map(|(name, k)| row(name.clone(), k)).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn OutcomesPage() -> impl IntoView {
    let lang = lang();
    let v = use_context::<OutcomesView>().unwrap_or_default();
    if v.slug.is_empty() {
        crate::set_status(403);
        return view! {
            <Title text={format!("{} · {}", lang.t(Msg::ErrForbidden), lang.t(Msg::AppName))}/>
            <h1>{lang.t(Msg::ErrForbidden)}</h1>
            <p class="card attention" role="alert">{lang.t(Msg::OutcomesNotAllowed)}</p>
        }
        .into_any();
    }
    let csv = format!(
        "/api/v1/employers/{}/outcomes.csv?from={}&to={}",
        v.slug, v.from, v.to
    );
    view! {
        <Title text={format!("{} · {}", lang.t(Msg::NavOutcomes), lang.t(Msg::AppName))}/>
        <h1>{lang.t(Msg::NavOutcomes)}</h1>
        <p>{lang.t(Msg::OutcomesIntro)}</p>
        <form method="get" action="/outcomes" class="settings period">
            {v.error.clone().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <div class="field">
                <label for="from">{lang.t(Msg::OutcomesFrom)}</label>
                <input id="from" name="from" type="month" value=v.from.clone() required/>
            </div>
            <div class="field">
                <label for="to">{lang.t(Msg::OutcomesTo)}</label>
                <input id="to" name="to" type="month" value=v.to.clone() required/>
            </div>
            <button type="submit" class="button">{lang.t(Msg::OutcomesShow)}</button>
        </form>
        <section aria-labelledby="monthly-title">
            <h2 id="monthly-title">{lang.t(Msg::OutcomesMonthlyTitle)}</h2>
            {chart(lang, &v.months)}
            {month_table(lang, &v.months)}
            <p><a href=csv download="">{lang.t(Msg::OutcomesCsv)}</a></p>
        </section>
        {v.employer.map(|k| view! {
            <section aria-labelledby="key-title">
                <h2 id="key-title">{lang.t(Msg::OutcomesKeyTitle)}</h2>
                {key_table(lang, &k, &v.administrations)}
            </section>
        })}
        <section class="card note" aria-labelledby="read-title">
            <h2 id="read-title">{lang.t(Msg::OutcomesReadTitle)}</h2>
            <p>{lang.t(Msg::OutcomesSmallGroups)}</p>
            <p>{lang.t(Msg::OutcomesYearBeforeNote)}</p>
        </section>
    }
    .into_any()
}
