//! The person's own trend as an SVG line chart drawn on the server (no chart library), with a
//! text summary and a data table for screen readers and anyone who prefers numbers.

use crate::api::WeekPoint;
use crate::i18n::{Lang, Msg};
use leptos::prelude::*;

const W: f32 = 340.0;
const H: f32 = 200.0;
const LEFT: f32 = 34.0;
const RIGHT: f32 = 10.0;
const TOP: f32 = 10.0;
const BOTTOM: f32 = 28.0;

fn x(i: usize, n: usize) -> f32 {
    let span = W - LEFT - RIGHT;
    if n <= 1 {
        LEFT + span / 2.0
    } else {
        LEFT + span * i as f32 / (n - 1) as f32
    }
}

fn y(value: f32) -> f32 {
    TOP + (H - TOP - BOTTOM) * (1.0 - value / 100.0)
}

/// SVG polyline points for the weeks that have a value; weeks without one are skipped, so the
/// line joins the answers a person did give (WHO-5 is asked every second week).
fn points(weeks: &[WeekPoint], value: impl Fn(&WeekPoint) -> Option<f32>) -> Vec<(f32, f32)> {
    weeks
        .iter()
        .enumerate()
        .filter_map(|(i, w)| value(w).map(|v| (x(i, weeks.len()), y(v))))
        .collect()
}

fn path(points: &[(f32, f32)]) -> String {
    points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[component]
pub fn TrendChart(lang: Lang, weeks: Vec<WeekPoint>) -> impl IntoView {
    let who5 = points(&weeks, |w| w.who5.map(f32::from));
    let work = points(&weeks, |w| w.work_ability.map(|v| f32::from(v) * 10.0));
    let answered = weeks.iter().filter(|w| w.stress.is_some()).count();
    let latest = weeks
        .iter()
        .rev()
        .find_map(|w| w.who5)
        .map(|s| s.to_string())
        .unwrap_or_else(|| lang.t(Msg::NotAsked).into());
    let summary = lang.tf(Msg::TrendSummary, &[&answered, &weeks.len(), &latest]);
    let n = weeks.len();
    let label_every = if n > 12 { 8 } else { 2 };
    let x_labels = weeks
        .iter()
        .enumerate()
        .filter(|(i, _)| (n - 1 - i).is_multiple_of(label_every))
        .map(|(i, w)| {
            let short = format!("{}{}", lang.t(Msg::WeekShort), w.week);
            view! { <text x={format!("{:.1}", x(i, n))} y=H - 8.0 text-anchor="middle" class="axis">{short}</text> }
        })
        .collect_view();
    let grid = [0.0f32, 50.0, 100.0]
        .into_iter()
        .map(|v| {
            view! {
                <line x1=LEFT x2=W - RIGHT y1=y(v) y2=y(v) class=if v == 50.0 { "grid mid" } else { "grid" }/>
                <text x=LEFT - 6.0 y=y(v) + 4.0 text-anchor="end" class="axis">{v.to_string()}</text>
            }
        })
        .collect_view();
    let dots = who5
        .iter()
        .map(|(cx, cy)| view! { <circle cx={format!("{cx:.1}")} cy={format!("{cy:.1}")} r="3.5" class="dot who5"/> })
        .collect_view();
    view! {
        <figure class="trend">
            <svg viewBox={format!("0 0 {W} {H}")} role="img" aria-labelledby="trend-title trend-desc" class="chart">
                <title id="trend-title">{lang.t(Msg::TrendChartTitle)}</title>
                <desc id="trend-desc">{summary.clone()}</desc>
                {grid}
                {x_labels}
                <polyline points=path(&work) class="line work"/>
                <polyline points=path(&who5) class="line who5"/>
                {dots}
            </svg>
            <figcaption>
                <span class="legend who5">{lang.t(Msg::LegendWho5)}</span>
                <span class="legend work">{lang.t(Msg::LegendWorkAbility)}</span>
                <p>{summary}</p>
            </figcaption>
        </figure>
    }
}

#[component]
pub fn TrendTable(lang: Lang, weeks: Vec<WeekPoint>) -> impl IntoView {
    let dash = lang.t(Msg::NotAsked);
    let show = move |v: Option<u8>| v.map(|v| v.to_string()).unwrap_or_else(|| dash.into());
    let rows = weeks
        .into_iter()
        .rev()
        .filter(|w| w.stress.is_some())
        .map(|w| {
            view! {
                <tr>
                    <th scope="row">{w.label.clone()}</th>
                    <td>{show(w.who5)}</td>
                    <td>{show(w.stress)}</td>
                    <td>{show(w.work_ability)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="trend-table-caption">
            <table>
                <caption id="trend-table-caption">{lang.t(Msg::TrendTableCaption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{lang.t(Msg::ColWeek)}</th>
                        <th scope="col">{lang.t(Msg::ColWho5)}</th>
                        <th scope="col">{lang.t(Msg::ColStress)}</th>
                        <th scope="col">{lang.t(Msg::ColWorkAbility)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
