//! The rehab pages' view types (provided by the server as context) and the words for their
//! domain values: shared by the employee's page (`rehab`) and the coordinator's (`rehab_case`),
//! which import this and not each other.

use super::adjustment::{AdjustmentList, AdjustmentView};
use crate::i18n::{Lang, Msg};
use domain::plan::{ChangeKind, MeasureKind, TaskStatus};
use domain::rehab::{Exemption, MilestoneKind, Party, Status};
use domain::{CaseId, LinkId};

/// The rehab page's content (provided by the server as context).
#[derive(Clone, Debug, Default)]
pub struct RehabView {
    pub mine: Option<MyCase>,
    /// Present for people who may see others' cases.
    pub cases: Option<CaseList>,
    /// What the last action did, shown once.
    pub done: Option<String>,
    /// A refused action: (form, field or "", message).
    pub errors: Vec<(String, String, String)>,
    /// A link just given: its address, shown this once.
    pub new_link: Option<String>,
    /// The person has no open case and may ask for adjusted work.
    pub may_request: bool,
}

#[derive(Clone, Debug, Default)]
pub struct MyCase {
    pub case_id: CaseId,
    pub open: bool,
    /// Percent on sick leave today.
    pub sick_today: Option<u8>,
    /// This week's graded return: percent at work and the agreed hours.
    pub this_week: Option<(u8, Option<String>)>,
    pub tasks: Vec<TaskLine>,
    pub next_meeting: Option<MeetingLine>,
    /// Kind code and what, since the employee last looked.
    pub changes: Vec<(ChangeKind, Option<String>)>,
    pub plan: Option<PlanView>,
    pub acknowledged: bool,
    pub milestones: Vec<MilestoneLine>,
    pub contacts: Vec<(String, String)>,
    pub links: Vec<LinkLine>,
    pub adjustment: Option<AdjustmentView>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanView {
    pub version: i32,
    pub changed: String,
    pub author: String,
    pub goal: String,
    pub measures: Vec<TaskLine>,
    /// The week's number as people say it ("49"), percent at work, hours.
    pub schedule: Vec<(String, u8, Option<String>)>,
    pub meetings: Vec<MeetingLine>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskLine {
    pub id: String,
    pub description: String,
    pub kind: MeasureKind,
    pub responsible: Party,
    pub due: Option<String>,
    pub status: TaskStatus,
    pub overdue: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MeetingLine {
    pub at: String,
    pub participants: String,
    pub summary: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MilestoneLine {
    pub kind: MilestoneKind,
    pub day: u32,
    pub due: String,
    pub status: Status,
    pub responsible: Party,
    /// Why no plan is needed, when recorded so.
    pub exempt: Option<Exemption>,
    /// What was looked into, recorded with the mark.
    pub note: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinkLine {
    pub id: LinkId,
    pub who: String,
    pub until: String,
    pub live: bool,
}

#[derive(Clone, Debug, Default)]
pub struct CaseList {
    pub cases: Vec<CaseRow>,
    pub signals: Vec<SignalRow>,
    /// Sick periods that reached the employer's case day with no case yet.
    pub to_open: Vec<ToOpenRow>,
    /// The employer's case day.
    pub case_day: u32,
    /// The early-signal rule: spells, months.
    pub rule: (u32, u32),
    /// People the viewer may open a case for: (id, name).
    pub people: Vec<(String, String)>,
    pub adjustments: AdjustmentList,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaseRow {
    pub id: CaseId,
    pub name: String,
    pub first_day: String,
    pub sick_today: Option<u8>,
    pub next: Option<MilestoneLine>,
    pub overdue: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SignalRow {
    /// The person's id, for opening an adjustment case from the list.
    pub person: String,
    pub name: String,
    pub spells: usize,
    pub latest: String,
}

/// A case to open, with what the one-tap form sends.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ToOpenRow {
    pub person: String,
    pub name: String,
    /// The first day as the form sends it (ISO) and as people read it.
    pub first_day: (String, String),
    pub reached_on: String,
    pub ongoing: bool,
    pub percent: u8,
}

pub(crate) fn milestone_name(kind: MilestoneKind) -> Msg {
    match kind {
        MilestoneKind::DayThreeCall => Msg::MsDayThreeCall,
        MilestoneKind::MedicalCertificate => Msg::MsMedicalCertificate,
        MilestoneKind::SickPayEnds => Msg::MsSickPayEnds,
        MilestoneKind::ReportToInsurance => Msg::MsReportToInsurance,
        MilestoneKind::ReturnToWorkPlan => Msg::MsReturnToWorkPlan,
        MilestoneKind::Day90 => Msg::MsDay90,
        MilestoneKind::Day180 => Msg::MsDay180,
        MilestoneKind::Day365 => Msg::MsDay365,
    }
}

pub(crate) fn milestone_status_name(status: Status) -> Msg {
    match status {
        Status::Done => Msg::StatusDone,
        Status::Exempt => Msg::StatusExempt,
        Status::Passed => Msg::StatusPassed,
        Status::Overdue => Msg::StatusOverdue,
        Status::DueSoon => Msg::StatusDueSoon,
        Status::Upcoming => Msg::StatusUpcoming,
    }
}

pub(crate) fn exemption_name(exemption: Exemption) -> Msg {
    match exemption {
        Exemption::FullReturnWithin60Days => Msg::ExemptFullReturn,
        Exemption::HealthRulesOutReturn => Msg::ExemptHealthRulesOut,
    }
}

pub(crate) fn task_status_name(status: TaskStatus) -> Msg {
    match status {
        TaskStatus::Planned => Msg::StatusPlanned,
        TaskStatus::Started => Msg::StatusStarted,
        TaskStatus::Done => Msg::StatusDone,
        TaskStatus::Cancelled => Msg::StatusCancelled,
    }
}

pub(crate) fn party_name(party: Party) -> Msg {
    match party {
        Party::Employee => Msg::PartyEmployee,
        Party::Employer => Msg::PartyEmployer,
        Party::Manager => Msg::PartyManager,
        Party::Hr => Msg::PartyHr,
        Party::OccupationalHealth => Msg::PartyOccupationalHealth,
        Party::Insurance => Msg::PartyInsurance,
        Party::EmploymentService => Msg::PartyEmploymentService,
        Party::Other => Msg::PartyOther,
    }
}

pub(crate) fn kind_name(kind: MeasureKind) -> Msg {
    match kind {
        MeasureKind::Adjustment => Msg::KindAdjustment,
        MeasureKind::ChangedTasks => Msg::KindChangedTasks,
        MeasureKind::ChangedHours => Msg::KindChangedHours,
        MeasureKind::Aid => Msg::KindAid,
        MeasureKind::Training => Msg::KindTraining,
        MeasureKind::Treatment => Msg::KindTreatment,
        MeasureKind::Other => Msg::KindOther,
    }
}

pub(crate) fn change_text(lang: Lang, (kind, what): &(ChangeKind, Option<String>)) -> String {
    let msg = match kind {
        ChangeKind::Goal => Msg::ChangeGoal,
        ChangeKind::MeasureAdded => Msg::ChangeMeasureAdded,
        ChangeKind::MeasureChanged => Msg::ChangeMeasureChanged,
        ChangeKind::MeasureDone => Msg::ChangeMeasureDone,
        ChangeKind::MeasureRemoved => Msg::ChangeMeasureRemoved,
        ChangeKind::Schedule => Msg::ChangeSchedule,
        ChangeKind::MeetingAdded => Msg::ChangeMeetingAdded,
        ChangeKind::MeetingChanged => Msg::ChangeMeetingChanged,
        ChangeKind::MeetingRemoved => Msg::ChangeMeetingRemoved,
    };
    lang.tf(msg, &[&what.clone().unwrap_or_default()])
}

/// A refused form's message for `form`, if any, and its field.
pub(crate) fn error_for<'a>(
    errors: &'a [(String, String, String)],
    form: &str,
) -> Option<&'a (String, String, String)> {
    errors.iter().find(|(f, _, _)| f == form)
}
