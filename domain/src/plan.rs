//! The plan for return to work: a goal, measures with who does what by when, a graded return
//! week by week, and follow-up meetings. Parsed from what a coordinator typed (every problem
//! named by field, so a form shows it next to the field), compared version to version so the
//! employee sees what changed since they last looked.
//!
//! No diagnosis and no medical detail belongs here: the plan says what happens at work.

use crate::problem::ProblemCode;
use crate::rehab::Party;
use crate::IsoWeek;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub const MAX_GOAL: usize = 1_000;
pub const MAX_TEXT: usize = 500;
pub const MAX_SUMMARY: usize = 4_000;
pub const MAX_ITEMS: usize = 60;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub goal: String,
    pub measures: Vec<Measure>,
    /// Oldest week first, each week once.
    pub schedule: Vec<GradedWeek>,
    /// Earliest first.
    pub meetings: Vec<Meeting>,
}

coded!(
    /// What kind of measure (Försäkringskassan's and the Work Environment Authority's terms).
    MeasureKind {
        Adjustment = "adjustment",
        ChangedTasks = "changed-tasks",
        ChangedHours = "changed-hours",
        Aid = "aid",
        Training = "training",
        /// Treatment or support through occupational health.
        Treatment = "treatment",
        Other = "other",
    }
);

coded!(
    TaskStatus {
        Planned = "planned",
        Started = "started",
        Done = "done",
        Cancelled = "cancelled",
    }
);

impl TaskStatus {
    pub fn is_open(self) -> bool {
        matches!(self, TaskStatus::Planned | TaskStatus::Started)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    /// Stable across versions, so a change is told apart from a removal and an addition.
    pub id: Uuid,
    pub kind: MeasureKind,
    pub description: String,
    pub responsible: Party,
    pub due: Option<NaiveDate>,
    pub status: TaskStatus,
}

impl Measure {
    /// Still to do, and its day has passed.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status.is_open() && self.due.is_some_and(|d| d < today)
    }
}

/// One week of the graded return: how much of their working time the person works.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradedWeek {
    pub week: IsoWeek,
    /// 25, 50, 75 or 100.
    pub percent: u8,
    /// Which days and hours, when agreed ("Mon–Wed 8–12").
    pub hours: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: Uuid,
    /// Local time at the employer (Europe/Stockholm).
    pub at: NaiveDateTime,
    pub participants: String,
    /// What was agreed, written after the meeting.
    pub summary: Option<String>,
}

/// A plan as typed: every field a string, as a form or a JSON body gives it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RawPlan {
    pub goal: String,
    pub measures: Vec<RawMeasure>,
    pub schedule: Vec<RawWeek>,
    pub meetings: Vec<RawMeeting>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RawMeasure {
    pub id: Option<Uuid>,
    pub kind: String,
    pub description: String,
    pub responsible: String,
    pub due: Option<String>,
    pub status: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RawWeek {
    pub week: String,
    pub percent: Option<i64>,
    pub hours: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RawMeeting {
    pub id: Option<Uuid>,
    /// `2026-12-03T10:00` (local time).
    pub at: String,
    pub participants: String,
    pub summary: Option<String>,
}

/// A field of the plan and what is wrong with it. Fields are named like the JSON:
/// `goal`, `measures.2.due`, `schedule.0.percent`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanProblem {
    pub field: String,
    pub code: ProblemCode,
}

impl RawPlan {
    /// The plan, or every problem at once. `new_id` names measures and meetings that have no
    /// id yet; ids already in `RawPlan` are kept.
    pub fn parse(self, mut new_id: impl FnMut() -> Uuid) -> Result<Plan, Vec<PlanProblem>> {
        let mut p = Problems(vec![]);
        let goal = p.text("goal", &self.goal, MAX_GOAL, true);
        for (name, n) in [
            ("measures", self.measures.len()),
            ("schedule", self.schedule.len()),
            ("meetings", self.meetings.len()),
        ] {
            if n > MAX_ITEMS {
                p.add(name, ProblemCode::TooMany);
            }
        }
        let measures = self
            .measures
            .into_iter()
            .enumerate()
            .filter_map(|(i, m)| {
                let f = |name: &str| format!("measures.{i}.{name}");
                let kind = p.coded(&f("kind"), &m.kind, MeasureKind::parse);
                let description = p.text(&f("description"), &m.description, MAX_TEXT, true);
                let responsible = p.coded(&f("responsible"), &m.responsible, Party::parse);
                let due = p.date(&f("due"), m.due.as_deref());
                let status = match m.status.as_deref().map(str::trim) {
                    None | Some("") => Some(TaskStatus::Planned),
                    Some(s) => p.coded(&f("status"), s, TaskStatus::parse),
                };
                Some(Measure {
                    id: m.id.unwrap_or_else(&mut new_id),
                    kind: kind?,
                    description: description?,
                    responsible: responsible?,
                    due: due?,
                    status: status?,
                })
            })
            .collect::<Vec<_>>();
        let mut schedule = self
            .schedule
            .into_iter()
            .enumerate()
            .filter_map(|(i, w)| {
                let f = |name: &str| format!("schedule.{i}.{name}");
                let week = match w.week.trim().parse::<IsoWeek>() {
                    Ok(week) => Some(week),
                    Err(_) => p.fail(&f("week"), blank_or(&w.week, ProblemCode::NotADate)),
                };
                let percent = match w.percent {
                    Some(n @ (25 | 50 | 75 | 100)) => Some(n as u8),
                    Some(_) => p.fail(&f("percent"), ProblemCode::OutOfRange),
                    None => p.fail(&f("percent"), ProblemCode::Missing),
                };
                let hours = p.optional_text(&f("hours"), w.hours.as_deref(), MAX_TEXT);
                Some(GradedWeek {
                    week: week?,
                    percent: percent?,
                    hours: hours?,
                })
            })
            .collect::<Vec<_>>();
        schedule.sort_by_key(|w| w.week);
        if let Some(twice) = schedule.windows(2).find(|w| w[0].week == w[1].week) {
            p.add(
                &format!("schedule.{}", twice[0].week),
                ProblemCode::Duplicate,
            );
        }
        let mut meetings = self
            .meetings
            .into_iter()
            .enumerate()
            .filter_map(|(i, m)| {
                let f = |name: &str| format!("meetings.{i}.{name}");
                let at = match NaiveDateTime::parse_from_str(m.at.trim(), "%Y-%m-%dT%H:%M") {
                    Ok(at) => Some(at),
                    Err(_) => p.fail(&f("at"), blank_or(&m.at, ProblemCode::NotADate)),
                };
                let participants = p.text(&f("participants"), &m.participants, MAX_TEXT, true);
                let summary = p.optional_text(&f("summary"), m.summary.as_deref(), MAX_SUMMARY);
                Some(Meeting {
                    id: m.id.unwrap_or_else(&mut new_id),
                    at: at?,
                    participants: participants?,
                    summary: summary?,
                })
            })
            .collect::<Vec<_>>();
        meetings.sort_by_key(|m| m.at);
        if p.0.is_empty() {
            Ok(Plan {
                goal: goal.unwrap_or_default(),
                measures,
                schedule,
                meetings,
            })
        } else {
            Err(p.0)
        }
    }
}

fn blank_or(text: &str, code: ProblemCode) -> ProblemCode {
    if text.trim().is_empty() {
        ProblemCode::Missing
    } else {
        code
    }
}

struct Problems(Vec<PlanProblem>);

impl Problems {
    fn add(&mut self, field: &str, code: ProblemCode) {
        self.0.push(PlanProblem {
            field: field.to_owned(),
            code,
        });
    }

    fn fail<T>(&mut self, field: &str, code: ProblemCode) -> Option<T> {
        self.add(field, code);
        None
    }

    fn text(&mut self, field: &str, text: &str, max: usize, required: bool) -> Option<String> {
        let text = text.trim();
        if required && text.is_empty() {
            self.fail(field, ProblemCode::Missing)
        } else if text.chars().count() > max {
            self.fail(field, ProblemCode::TooLong)
        } else {
            Some(text.to_owned())
        }
    }

    fn optional_text(
        &mut self,
        field: &str,
        text: Option<&str>,
        max: usize,
    ) -> Option<Option<String>> {
        let text = self.text(field, text.unwrap_or_default(), max, false)?;
        Some((!text.is_empty()).then_some(text))
    }

    fn coded<T>(&mut self, field: &str, code: &str, parse: fn(&str) -> Option<T>) -> Option<T> {
        match parse(code.trim()) {
            Some(v) => Some(v),
            None => self.fail(field, blank_or(code, ProblemCode::Unknown)),
        }
    }

    fn date(&mut self, field: &str, text: Option<&str>) -> Option<Option<NaiveDate>> {
        match text.map(str::trim) {
            None | Some("") => Some(None),
            Some(t) => match crate::time::date(t) {
                Some(d) => Some(Some(d)),
                None => self.fail(field, ProblemCode::NotADate),
            },
        }
    }
}

/// One difference between two versions of a plan, as the employee is told it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Goal,
    MeasureAdded(String),
    MeasureChanged(String),
    MeasureDone(String),
    MeasureRemoved(String),
    Schedule(IsoWeek),
    MeetingAdded(NaiveDateTime),
    MeetingChanged(NaiveDateTime),
    MeetingRemoved(NaiveDateTime),
}

/// What a change is, without what it names: the app words a change by its kind and the API
/// codes it, so a new kind fails to compile in both instead of reading as another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    Goal,
    MeasureAdded,
    MeasureChanged,
    MeasureDone,
    MeasureRemoved,
    Schedule,
    MeetingAdded,
    MeetingChanged,
    MeetingRemoved,
}

coded!(impl ChangeKind {
    Goal = "goal",
    MeasureAdded = "measure-added",
    MeasureChanged = "measure-changed",
    MeasureDone = "measure-done",
    MeasureRemoved = "measure-removed",
    Schedule = "schedule",
    MeetingAdded = "meeting-added",
    MeetingChanged = "meeting-changed",
    MeetingRemoved = "meeting-removed",
});

/// What a change names, for its line: a measure's description, a week, a meeting's time. Each
/// edge writes weeks and times its own way (the app in words, the API in ISO).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeSubject<'a> {
    Nothing,
    Measure(&'a str),
    Week(IsoWeek),
    Meeting(NaiveDateTime),
}

impl Change {
    pub fn kind(&self) -> ChangeKind {
        match self {
            Change::Goal => ChangeKind::Goal,
            Change::MeasureAdded(_) => ChangeKind::MeasureAdded,
            Change::MeasureChanged(_) => ChangeKind::MeasureChanged,
            Change::MeasureDone(_) => ChangeKind::MeasureDone,
            Change::MeasureRemoved(_) => ChangeKind::MeasureRemoved,
            Change::Schedule(_) => ChangeKind::Schedule,
            Change::MeetingAdded(_) => ChangeKind::MeetingAdded,
            Change::MeetingChanged(_) => ChangeKind::MeetingChanged,
            Change::MeetingRemoved(_) => ChangeKind::MeetingRemoved,
        }
    }

    pub fn subject(&self) -> ChangeSubject<'_> {
        match self {
            Change::Goal => ChangeSubject::Nothing,
            Change::MeasureAdded(d)
            | Change::MeasureChanged(d)
            | Change::MeasureDone(d)
            | Change::MeasureRemoved(d) => ChangeSubject::Measure(d),
            Change::Schedule(w) => ChangeSubject::Week(*w),
            Change::MeetingAdded(t) | Change::MeetingChanged(t) | Change::MeetingRemoved(t) => {
                ChangeSubject::Meeting(*t)
            }
        }
    }
}

/// What is different in `new` from `old`, goal first, then measures, schedule and meetings.
pub fn changes(old: &Plan, new: &Plan) -> Vec<Change> {
    let mut out = vec![];
    if old.goal != new.goal {
        out.push(Change::Goal);
    }
    for m in &new.measures {
        match old.measures.iter().find(|o| o.id == m.id) {
            None => out.push(Change::MeasureAdded(m.description.clone())),
            Some(o) if o == m => {}
            Some(o)
                if TaskStatus::Done == m.status
                    && Measure {
                        status: m.status,
                        ..o.clone()
                    } == *m =>
            {
                out.push(Change::MeasureDone(m.description.clone()))
            }
            Some(_) => out.push(Change::MeasureChanged(m.description.clone())),
        }
    }
    for o in &old.measures {
        if !new.measures.iter().any(|m| m.id == o.id) {
            out.push(Change::MeasureRemoved(o.description.clone()));
        }
    }
    let mut weeks: Vec<IsoWeek> = old
        .schedule
        .iter()
        .chain(&new.schedule)
        .map(|w| w.week)
        .filter(|week| {
            let find = |s: &[GradedWeek]| s.iter().find(|w| w.week == *week).cloned();
            find(&old.schedule) != find(&new.schedule)
        })
        .collect();
    weeks.sort();
    weeks.dedup();
    out.extend(weeks.into_iter().map(Change::Schedule));
    for m in &new.meetings {
        match old.meetings.iter().find(|o| o.id == m.id) {
            None => out.push(Change::MeetingAdded(m.at)),
            Some(o) if o != m => out.push(Change::MeetingChanged(m.at)),
            Some(_) => {}
        }
    }
    for o in &old.meetings {
        if !new.meetings.iter().any(|m| m.id == o.id) {
            out.push(Change::MeetingRemoved(o.at));
        }
    }
    out
}

impl Plan {
    /// The graded-return week containing `day`, if the schedule has one.
    pub fn week_of(&self, day: NaiveDate) -> Option<&GradedWeek> {
        let week = IsoWeek::of_date(day);
        self.schedule.iter().find(|w| w.week == week)
    }

    /// Open measures the given party is responsible for, soonest due first (undated last).
    pub fn open_tasks_of(&self, party: Party) -> Vec<&Measure> {
        let mut tasks: Vec<&Measure> = self
            .measures
            .iter()
            .filter(|m| m.responsible == party && m.status.is_open())
            .collect();
        tasks.sort_by_key(|m| (m.due.is_none(), m.due));
        tasks
    }

    /// The first meeting at or after `now` (local time).
    pub fn next_meeting(&self, now: NaiveDateTime) -> Option<&Meeting> {
        self.meetings
            .iter()
            .filter(|m| m.at >= now)
            .min_by_key(|m| m.at)
    }

    /// The plan with one measure's status changed; `None` if it has no such measure.
    pub fn with_status(&self, measure: Uuid, status: TaskStatus) -> Option<Plan> {
        let mut plan = self.clone();
        plan.measures.iter_mut().find(|m| m.id == measure)?.status = status;
        Some(plan)
    }

    /// Back to what a form shows and sends: parsing the result gives this plan again.
    pub fn to_raw(&self) -> RawPlan {
        RawPlan {
            goal: self.goal.clone(),
            measures: self
                .measures
                .iter()
                .map(|m| RawMeasure {
                    id: Some(m.id),
                    kind: m.kind.code().into(),
                    description: m.description.clone(),
                    responsible: m.responsible.code().into(),
                    due: m.due.map(|d| d.to_string()),
                    status: Some(m.status.code().into()),
                })
                .collect(),
            schedule: self
                .schedule
                .iter()
                .map(|w| RawWeek {
                    week: w.week.to_string(),
                    percent: Some(w.percent.into()),
                    hours: w.hours.clone(),
                })
                .collect(),
            meetings: self
                .meetings
                .iter()
                .map(|m| RawMeeting {
                    id: Some(m.id),
                    at: m.at.format("%Y-%m-%dT%H:%M").to_string(),
                    participants: m.participants.clone(),
                    summary: m.summary.clone(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_change_has_its_own_code_and_names_what_it_is_about() {
        let at = NaiveDate::from_ymd_opt(2026, 12, 3)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .expect("a valid time");
        let week = IsoWeek::of_date(at.date());
        let all = [
            Change::Goal,
            Change::MeasureAdded("Höj skrivbordet".into()),
            Change::MeasureChanged("Höj skrivbordet".into()),
            Change::MeasureDone("Höj skrivbordet".into()),
            Change::MeasureRemoved("Höj skrivbordet".into()),
            Change::Schedule(week),
            Change::MeetingAdded(at),
            Change::MeetingChanged(at),
            Change::MeetingRemoved(at),
        ];
        let codes: std::collections::HashSet<&str> = all.iter().map(|c| c.kind().code()).collect();
        assert_eq!(codes.len(), all.len(), "one code per kind");
        assert_eq!(all[0].subject(), ChangeSubject::Nothing);
        assert_eq!(all[3].subject(), ChangeSubject::Measure("Höj skrivbordet"));
        assert_eq!(all[5].subject(), ChangeSubject::Week(week));
        assert_eq!(all[8].subject(), ChangeSubject::Meeting(at));
        assert_eq!(all[3].kind().code(), "measure-done");
    }

    #[test]
    fn a_measure_is_overdue_only_while_open_and_after_its_day() {
        let m = |status, due: Option<&str>| Measure {
            id: Uuid::nil(),
            kind: MeasureKind::Aid,
            description: "A standing desk".into(),
            responsible: Party::Manager,
            due: due.map(|d| d.parse().unwrap()),
            status,
        };
        let today: NaiveDate = "2026-12-03".parse().unwrap();
        assert!(m(TaskStatus::Planned, Some("2026-12-02")).is_overdue(today));
        assert!(
            !m(TaskStatus::Started, Some("2026-12-03")).is_overdue(today),
            "due today"
        );
        assert!(!m(TaskStatus::Done, Some("2026-12-01")).is_overdue(today));
        assert!(!m(TaskStatus::Cancelled, Some("2026-12-01")).is_overdue(today));
        assert!(!m(TaskStatus::Planned, None).is_overdue(today));
    }

    fn ids() -> impl FnMut() -> Uuid {
        let mut n = 0u128;
        move || {
            n += 1;
            Uuid::from_u128(n)
        }
    }

    fn raw() -> RawPlan {
        RawPlan {
            goal: "  Back in my own job at full time by March ".into(),
            measures: vec![
                RawMeasure {
                    kind: "changed-hours".into(),
                    description: "Start at 9 instead of 7".into(),
                    responsible: "manager".into(),
                    due: Some("2026-12-07".into()),
                    ..Default::default()
                },
                RawMeasure {
                    kind: "treatment".into(),
                    description: "Six sessions with the occupational psychologist".into(),
                    responsible: "employee".into(),
                    ..Default::default()
                },
            ],
            schedule: vec![
                RawWeek {
                    week: "2026-W51".into(),
                    percent: Some(50),
                    hours: Some("Mon–Fri 9–13".into()),
                },
                RawWeek {
                    week: "2026-W50".into(),
                    percent: Some(25),
                    hours: None,
                },
            ],
            meetings: vec![RawMeeting {
                at: "2026-12-03T10:00".into(),
                participants: "Anna, her manager, occupational health".into(),
                ..Default::default()
            }],
        }
    }

    #[test]
    fn a_plan_parses_trimmed_sorted_and_with_new_ids() {
        let plan = raw().parse(ids()).unwrap();
        assert_eq!(plan.goal, "Back in my own job at full time by March");
        assert_eq!(plan.measures[0].id, Uuid::from_u128(1));
        assert_eq!(plan.measures[0].status, TaskStatus::Planned);
        assert_eq!(plan.measures[1].responsible, Party::Employee);
        assert_eq!(
            plan.schedule.iter().map(|w| w.percent).collect::<Vec<_>>(),
            [25, 50],
            "weeks in order"
        );
        assert_eq!(plan.to_raw().parse(ids()).unwrap(), plan, "round trip");
    }

    #[test]
    fn every_problem_is_named_by_its_field() {
        let mut r = raw();
        r.goal = " ".into();
        r.measures[0].kind = "massage".into();
        r.measures[0].due = Some("next week".into());
        r.measures[1].description = "x".repeat(MAX_TEXT + 1);
        r.measures[1].responsible = "".into();
        r.schedule[0].percent = Some(60);
        r.schedule[1].week = "2026-W60".into();
        r.meetings[0].at = "tomorrow".into();
        r.meetings[0].participants = "".into();
        let problems = r.parse(ids()).unwrap_err();
        let got: Vec<(&str, &str)> = problems
            .iter()
            .map(|p| (p.field.as_str(), p.code.code()))
            .collect();
        assert_eq!(
            got,
            [
                ("goal", "missing"),
                ("measures.0.kind", "unknown"),
                ("measures.0.due", "not_a_date"),
                ("measures.1.description", "too_long"),
                ("measures.1.responsible", "missing"),
                ("schedule.0.percent", "out_of_range"),
                ("schedule.1.week", "not_a_date"),
                ("meetings.0.at", "not_a_date"),
                ("meetings.0.participants", "missing"),
            ]
        );
    }

    #[test]
    fn a_week_twice_and_too_many_items_are_refused() {
        let mut r = raw();
        r.schedule[1].week = "2026-W51".into();
        let problems = r.parse(ids()).unwrap_err();
        assert_eq!(problems[0].code, ProblemCode::Duplicate);
        let mut r = raw();
        r.measures = vec![r.measures[0].clone(); MAX_ITEMS + 1];
        assert_eq!(
            r.parse(ids()).unwrap_err()[0],
            PlanProblem {
                field: "measures".into(),
                code: ProblemCode::TooMany
            }
        );
    }

    #[test]
    fn changes_name_what_differs_and_a_task_marked_done_as_such() {
        let old = raw().parse(ids()).unwrap();
        let mut new = old
            .with_status(old.measures[1].id, TaskStatus::Done)
            .unwrap();
        assert_eq!(
            changes(&old, &new),
            [Change::MeasureDone(old.measures[1].description.clone())]
        );
        new.goal.push('!');
        new.measures[0].due = None;
        new.measures.push(Measure {
            id: Uuid::from_u128(99),
            ..old.measures[0].clone()
        });
        new.schedule[1].percent = 75;
        new.meetings.clear();
        let c = changes(&old, &new);
        assert_eq!(
            c,
            [
                Change::Goal,
                Change::MeasureChanged("Start at 9 instead of 7".into()),
                Change::MeasureDone(old.measures[1].description.clone()),
                Change::MeasureAdded("Start at 9 instead of 7".into()),
                Change::Schedule("2026-W51".parse().unwrap()),
                Change::MeetingRemoved(old.meetings[0].at),
            ]
        );
        new.measures.remove(0);
        assert!(changes(&old, &new)
            .contains(&Change::MeasureRemoved(old.measures[0].description.clone())));
        assert!(changes(&new, &new).is_empty());
    }

    #[test]
    fn this_weeks_extent_my_tasks_and_the_next_meeting() {
        let plan = raw().parse(ids()).unwrap();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(plan.week_of(d("2026-12-16")).unwrap().percent, 50);
        assert!(plan.week_of(d("2026-12-01")).is_none());
        let mine = plan.open_tasks_of(Party::Employee);
        assert_eq!(mine.len(), 1);
        let done = plan.with_status(mine[0].id, TaskStatus::Done).unwrap();
        assert!(done.open_tasks_of(Party::Employee).is_empty());
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap();
        assert!(plan.next_meeting(at("2026-12-03T09:59")).is_some());
        assert!(plan.next_meeting(at("2026-12-03T10:01")).is_none());
        assert!(plan
            .with_status(Uuid::from_u128(77), TaskStatus::Done)
            .is_none());
    }
}
