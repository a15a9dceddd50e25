//! What a rehab case looks like over the API: the case with its spells, extents, milestones
//! and participation, its plan version and what changed in it, and what an adjustment case
//! holds. Shared by the case, plan and adjustment routes, which each add their own bodies.

use chrono::{DateTime, NaiveDate, Utc};
use domain::plan::{Change, ChangeSubject, RawMeasure, RawMeeting, RawPlan, RawWeek};
use domain::rehab::{Extent, Milestone};
use serde::{Deserialize, Serialize};
use service::policy;
use service::rehab::adjustment;
use service::rehab::{cases, PlanVersion};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Serialize, ToSchema)]
pub struct MilestoneDto {
    /// `medical-certificate`, `sick-pay-ends`, `report-to-insurance`, `return-to-work-plan`,
    /// `day-90`, `day-180`, `day-365`.
    pub kind: String,
    /// The day of sick leave it belongs to.
    pub day: u32,
    pub due: NaiveDate,
    /// `done`, `exempt` (the plan, recorded as not needed), `passed`, `overdue`, `due-soon`,
    /// `upcoming`.
    pub status: String,
    /// Who must act: `employee`, `employer`, `insurance`.
    pub responsible: String,
    pub remind_on: NaiveDate,
    /// The rule it comes from.
    pub source: String,
    /// Why the plan is not needed: `full-return-within-60-days`, `health-rules-out-return`.
    pub exemption: Option<String>,
    /// What was looked into, recorded with the mark (required for `day-90` and `day-180`).
    pub note: Option<String>,
}

pub(crate) fn milestone_dto(m: &Milestone) -> MilestoneDto {
    MilestoneDto {
        kind: m.kind.code().into(),
        day: m.day,
        due: m.due,
        status: m.status.code().into(),
        responsible: m.kind.responsible().code().into(),
        remind_on: m.remind_on,
        source: m.kind.source().into(),
        exemption: m.exempt.map(|e| e.code().into()),
        note: m.note.clone(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct SpellDto {
    pub first_day: NaiveDate,
    pub last_day: Option<NaiveDate>,
}

#[derive(Serialize, ToSchema)]
pub struct ExtentDto {
    pub from: NaiveDate,
    /// Percent of working time on sick leave: 100, 75, 50 or 25.
    pub percent: u8,
}

#[derive(Serialize, ToSchema)]
pub struct ParticipationDto {
    pub version: i32,
    /// `acknowledged` or `commented`.
    pub kind: String,
    pub comment: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct CaseDto {
    pub id: Uuid,
    pub person_id: Uuid,
    pub person_name: String,
    pub opened_at: DateTime<Utc>,
    pub open: bool,
    pub closed_at: Option<DateTime<Utc>>,
    pub outcome: Option<String>,
    pub expected_last_day: Option<NaiveDate>,
    pub spells: Vec<SpellDto>,
    pub extents: Vec<ExtentDto>,
    pub extent_today: Option<u8>,
    pub milestones: Vec<MilestoneDto>,
    pub plan: Option<PlanVersionDto>,
    /// What changed in the plan since the caller last looked (`goal`, `measure-added`, …).
    pub changes_since_seen: Vec<ChangeDto>,
    /// The latest plan version the employee acknowledged.
    pub acknowledged_version: Option<i32>,
    pub participation: Vec<ParticipationDto>,
    /// `sick-leave`, or `adjustment` for someone still at work.
    pub kind: String,
    /// What the adjustment case holds (also once it became a sick-leave case); absent for a
    /// manager the employee did not let in.
    pub adjustment: Option<AdjustmentDto>,
}

pub(crate) fn case_dto(c: cases::Case) -> CaseDto {
    CaseDto {
        id: c.id,
        person_id: c.person.as_uuid(),
        person_name: c.person_name.clone(),
        opened_at: c.opened_at,
        open: c.is_open(),
        closed_at: c.closed.map(|(at, _)| at),
        outcome: c.closed.map(|(_, o)| o.code().into()),
        expected_last_day: c.leave.expected_last_day,
        spells: c
            .leave
            .spells
            .iter()
            .map(|s| SpellDto {
                first_day: s.first_day,
                last_day: s.last_day,
            })
            .collect(),
        extents: c
            .extents
            .iter()
            .map(|e| ExtentDto {
                from: e.from,
                percent: e.extent.percent(),
            })
            .collect(),
        extent_today: c.extent_today.map(Extent::percent),
        milestones: c.milestones.iter().map(milestone_dto).collect(),
        acknowledged_version: c.acknowledged(),
        plan: c.plan.map(plan_dto),
        changes_since_seen: c.changes_since_seen.iter().map(change_dto).collect(),
        kind: match c.kind {
            policy::CaseKind::SickLeave => "sick-leave".into(),
            policy::CaseKind::Adjustment { .. } => "adjustment".into(),
        },
        adjustment: c.adjustment.map(adjustment_dto),
        participation: c
            .participation
            .into_iter()
            .map(|p| ParticipationDto {
                version: p.version,
                kind: p.kind.code().into(),
                comment: p.comment,
                at: p.at,
            })
            .collect(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct InvestigationDto {
    pub on: NaiveDate,
    /// `union` or `safety-representative`, when someone came along.
    pub companion: Option<String>,
    /// What was found out about the work and decided.
    pub note: String,
}

#[derive(Serialize, ToSchema)]
pub struct AdjustmentDto {
    /// `alert`, `early-signal` or `request`.
    pub started_from: String,
    /// What was seen at work, or the employee's own words when they asked.
    pub observed: Option<String>,
    /// The employee's own manager takes part.
    pub with_manager: bool,
    pub investigation: Option<InvestigationDto>,
    pub follow_up_on: Option<NaiveDate>,
    /// The first day of the sick leave that made it a sick-leave case.
    pub sick_leave_from: Option<NaiveDate>,
}

pub(crate) fn adjustment_dto(a: adjustment::Adjustment) -> AdjustmentDto {
    AdjustmentDto {
        started_from: a.start.code().into(),
        observed: a.observed,
        with_manager: a.with_manager,
        investigation: a.investigation.map(|i| InvestigationDto {
            on: i.on,
            companion: i.companion.map(|c| c.code().into()),
            note: i.note,
        }),
        follow_up_on: a.follow_up_on,
        sick_leave_from: a.sick_leave_from,
    }
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct MeasureDto {
    /// Absent for a new measure; keep it when changing one.
    pub id: Option<Uuid>,
    /// `adjustment`, `changed-tasks`, `changed-hours`, `aid`, `training`, `treatment`, `other`.
    pub kind: String,
    pub description: String,
    /// `employee`, `manager`, `hr`, `occupational-health`, `insurance` (Försäkringskassan),
    /// `employment-service` (Arbetsförmedlingen), `employer`, `other`.
    pub responsible: String,
    /// `YYYY-MM-DD`.
    pub due: Option<String>,
    /// `planned` (default), `started`, `done`, `cancelled`.
    pub status: Option<String>,
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct WeekDto {
    /// `2026-W50`.
    pub week: String,
    /// Percent of working time at work that week: 25, 50, 75 or 100.
    pub percent: Option<i64>,
    /// Which days and hours, when agreed.
    pub hours: Option<String>,
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct MeetingDto {
    pub id: Option<Uuid>,
    /// Local time, `2026-12-03T10:00`.
    pub at: String,
    pub participants: String,
    /// What was agreed.
    pub summary: Option<String>,
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct PlanDto {
    pub goal: String,
    pub measures: Vec<MeasureDto>,
    pub schedule: Vec<WeekDto>,
    pub meetings: Vec<MeetingDto>,
}

impl From<PlanDto> for RawPlan {
    fn from(p: PlanDto) -> Self {
        RawPlan {
            goal: p.goal,
            measures: p
                .measures
                .into_iter()
                .map(|m| RawMeasure {
                    id: m.id,
                    kind: m.kind,
                    description: m.description,
                    responsible: m.responsible,
                    due: m.due,
                    status: m.status,
                })
                .collect(),
            schedule: p
                .schedule
                .into_iter()
                .map(|w| RawWeek {
                    week: w.week,
                    percent: w.percent,
                    hours: w.hours,
                })
                .collect(),
            meetings: p
                .meetings
                .into_iter()
                .map(|m| RawMeeting {
                    id: m.id,
                    at: m.at,
                    participants: m.participants,
                    summary: m.summary,
                })
                .collect(),
        }
    }
}

impl From<RawPlan> for PlanDto {
    fn from(p: RawPlan) -> Self {
        PlanDto {
            goal: p.goal,
            measures: p
                .measures
                .into_iter()
                .map(|m| MeasureDto {
                    id: m.id,
                    kind: m.kind,
                    description: m.description,
                    responsible: m.responsible,
                    due: m.due,
                    status: m.status,
                })
                .collect(),
            schedule: p
                .schedule
                .into_iter()
                .map(|w| WeekDto {
                    week: w.week,
                    percent: w.percent,
                    hours: w.hours,
                })
                .collect(),
            meetings: p
                .meetings
                .into_iter()
                .map(|m| MeetingDto {
                    id: m.id,
                    at: m.at,
                    participants: m.participants,
                    summary: m.summary,
                })
                .collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PlanVersionDto {
    pub version: i32,
    pub author_id: Uuid,
    pub author_name: String,
    pub changed_at: DateTime<Utc>,
    pub plan: PlanDto,
}

pub(crate) fn plan_dto(v: PlanVersion) -> PlanVersionDto {
    PlanVersionDto {
        version: v.version,
        author_id: v.author.as_uuid(),
        author_name: v.author_name,
        changed_at: v.changed_at,
        plan: v.plan.to_raw().into(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct ChangeDto {
    /// `goal`, `measure-added`, `measure-changed`, `measure-done`, `measure-removed`,
    /// `schedule`, `meeting-added`, `meeting-changed`, `meeting-removed`.
    pub kind: String,
    /// The measure's description, the week, or the meeting's time.
    pub what: Option<String>,
}

pub(crate) fn change_dto(c: &Change) -> ChangeDto {
    ChangeDto {
        kind: c.kind().code().into(),
        what: match c.subject() {
            ChangeSubject::Nothing => None,
            ChangeSubject::Measure(d) => Some(d.to_owned()),
            ChangeSubject::Week(w) => Some(w.to_string()),
            ChangeSubject::Meeting(t) => Some(t.format("%Y-%m-%dT%H:%M").to_string()),
        },
    }
}
