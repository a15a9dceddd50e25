//! The page frame: skip link, a one-line header (name, language switch, sign-out) and, for
//! someone signed in, the bottom bar of an app's places, as plain links that need no script.

use crate::i18n::Msg;
use crate::{lang, Viewer};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let lang = lang();
    let viewer = use_context::<Viewer>().unwrap_or_default();
    let location = use_location();
    let here = location.pathname.get_untracked();
    let query = location.search.get_untracked();
    let back = if query.is_empty() {
        here.clone()
    } else {
        format!("{here}?{query}")
    };
    let switch_href = format!(
        "/lang?set={}&next={}",
        lang.other().code(),
        encode_component(&back)
    );
    let bar = viewer.name.as_ref().map(|_| {
        let bar = tab_bar(&viewer);
        let here = current_tab(&bar, &here);
        let tabs = bar
            .into_iter()
            .map(|(path, msg)| {
                let current = (path == here).then_some("page");
                view! { <li><a href=path aria-current=current>{lang.t(msg)}</a></li> }
            })
            .collect_view();
        view! {
            <nav class="tabbar" aria-label=lang.t(Msg::MainNav)>
                <ul>{tabs}</ul>
            </nav>
        }
    });
    view! {
        <a class="skip-link" href="#main">{lang.t(Msg::SkipToContent)}</a>
        <header class="site-header">
            <div class="bar">
                <a class="brand" href="/">{lang.t(Msg::AppName)}</a>
                <a class="lang-switch" href=switch_href hreflang=lang.other().code() lang=lang.other().code()>
                    {lang.t(Msg::SwitchLanguage)}
                </a>
                {viewer.name.is_some().then(|| view! {
                    <form method="post" action="/auth/signout" class="inline">
                        <button type="submit" class="link-button">{lang.t(Msg::SignOut)}</button>
                    </form>
                })}
            </div>
        </header>
        <main id="main" tabindex="-1">{children()}</main>
        {bar}
    }
}

/// The tab a page belongs to: its own, the one it is under (a case under Rehab, an article
/// under Stöd), else "more".
fn current_tab(bar: &[(&'static str, Msg)], here: &str) -> &'static str {
    bar.iter()
        .map(|(path, _)| *path)
        .find(|path| {
            *path == here
                || *path != "/" && here.strip_prefix(path).is_some_and(|r| r.starts_with('/'))
        })
        .unwrap_or("/more")
}

/// Every place a signed-in person has, in the order the "more" page lists them.
pub fn places(viewer: &Viewer) -> Vec<(&'static str, Msg)> {
    let mut all = vec![
        ("/", Msg::NavHome),
        ("/checkin", Msg::NavCheckIn),
        ("/history", Msg::NavTrend),
    ];
    if viewer.team {
        all.push(("/team", Msg::NavTeam));
    }
    if viewer.team || viewer.own_case {
        all.push(("/rehab", Msg::NavRehab));
    }
    all.extend([
        ("/guidance", Msg::NavGuidance),
        ("/sharing", Msg::NavSharing),
        ("/reminders", Msg::NavReminders),
    ]);
    if viewer.editor {
        all.push(("/editor/feedback", Msg::NavEditor));
    }
    if viewer.outcomes {
        all.push(("/outcomes", Msg::NavOutcomes));
    }
    if viewer.admin {
        all.push(("/admin", Msg::NavAdmin));
    }
    all
}

/// The bottom bar: five places at most, those the person's role uses most, then "more".
/// A manager or coordinator starts from their team and cases; someone on sick leave from
/// their own return to work; everyone else from the check-in and their trend.
fn tab_bar(viewer: &Viewer) -> Vec<(&'static str, Msg)> {
    let mut bar = vec![("/", Msg::NavHome)];
    if viewer.team {
        bar.extend([("/team", Msg::TabTeam), ("/rehab", Msg::NavRehab)]);
    } else if viewer.own_case {
        bar.push(("/rehab", Msg::NavRehab));
    }
    bar.push(("/checkin", Msg::TabCheckIn));
    if bar.len() < 3 {
        bar.push(("/history", Msg::TabTrend));
    }
    if bar.len() < 4 {
        bar.push(("/guidance", Msg::NavGuidance));
    }
    bar.push(("/more", Msg::TabMore));
    bar
}

/// Percent-encodes a path for use inside a query value.
fn encode_component(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(team: bool, own_case: bool) -> Viewer {
        Viewer {
            name: Some("N".into()),
            team,
            own_case,
            ..Viewer::default()
        }
    }

    fn bar(team: bool, case: bool) -> Vec<&'static str> {
        tab_bar(&viewer(team, case))
            .into_iter()
            .map(|(p, _)| p)
            .collect()
    }

    #[test]
    fn a_page_under_a_tab_marks_that_tab_and_any_other_marks_more() {
        let manager = tab_bar(&viewer(true, false));
        for (here, tab) in [
            ("/", "/"),
            ("/team", "/team"),
            ("/rehab/cases/3f2c", "/rehab"),
            ("/checkin", "/checkin"),
            ("/history", "/more"),
            ("/sharing", "/more"),
            ("/more", "/more"),
            ("/rehabilitation", "/more"),
        ] {
            assert_eq!(current_tab(&manager, here), tab, "{here}");
        }
        let employee = tab_bar(&viewer(false, false));
        assert_eq!(current_tab(&employee, "/guidance/sleep"), "/guidance");
        assert_eq!(current_tab(&employee, "/editor/guidance/sleep"), "/more");
    }

    #[test]
    fn each_role_gets_its_own_five_places_and_every_tab_is_also_on_the_more_page() {
        assert_eq!(
            bar(false, false),
            ["/", "/checkin", "/history", "/guidance", "/more"]
        );
        assert_eq!(
            bar(false, true),
            ["/", "/rehab", "/checkin", "/guidance", "/more"]
        );
        assert_eq!(
            bar(true, false),
            ["/", "/team", "/rehab", "/checkin", "/more"]
        );
        assert_eq!(bar(true, true), bar(true, false));
        for (team, case) in [(false, false), (false, true), (true, false), (true, true)] {
            let all: Vec<_> = places(&viewer(team, case))
                .into_iter()
                .map(|(p, _)| p)
                .collect();
            for tab in bar(team, case).into_iter().filter(|p| *p != "/more") {
                assert!(all.contains(&tab), "{tab} is missing from the more page");
            }
        }
    }
}
