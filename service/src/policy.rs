//! Who may read whose data. The decisions themselves are `domain::access::decide`; this module
//! gathers the facts it needs (the actor's roles and reach, the subject's employer and unit)
//! and turns an `Allow` into a proof. Functions that read someone's data take such a proof,
//! and the only way to get one is to ask here, so a forgotten check is a compile error.

use crate::access_log::Why;
use crate::entity::{person, rehab_adjustment, rehab_case, rehab_setting, unit};
use crate::org::OrgTree;
use crate::people::{self, Person};
use crate::{Db, StoreError};
use domain::access::{decide, Action, Actor, Decision, Subject};
use domain::consent::{Recipient, Scope};
use domain::{EmployerId, PersonId, UnitId};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

/// Proof that the actor is reading or changing their own data.
#[derive(Clone, Copy, Debug)]
pub struct OwnData(PersonId);

impl OwnData {
    pub fn person(&self) -> PersonId {
        self.0
    }
}

/// Everyone may act on their own data.
pub fn own_data(actor: &Person) -> OwnData {
    OwnData(actor.id)
}

/// Why a request was refused. Edges answer `Hidden` as "not found", so that nobody learns
/// whether a person exists at another employer or outside their reach.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// The actor may not even know the resource exists.
    Hidden,
    /// The actor may know the person but not see this.
    Forbidden,
    /// Only the person can open this to the actor, and has not.
    NeedsConsent,
}

/// Loads what the policy needs to know about a signed-in person: roles from every source,
/// and the units they lead with every unit below them.
pub async fn actor(db: &Db, person: &Person) -> Result<Actor, StoreError> {
    let me = person.id.as_uuid();
    let roles = people::roles_of(db, me).await?;
    let led = people::units_led_by(db, me).await?;
    let reach = if led.is_empty() {
        vec![]
    } else {
        let tree: Vec<(uuid::Uuid, Option<uuid::Uuid>)> = unit::Entity::find()
            .select_only()
            .column(unit::Column::Id)
            .column(unit::Column::ParentId)
            .filter(unit::Column::EmployerId.eq(person.employer_id.as_uuid()))
            .into_tuple()
            .all(db.conn())
            .await?;
        domain::org::below(&led, &tree)
            .into_iter()
            .map(UnitId::from_uuid)
            .collect()
    };
    // Read here rather than through `rehab::settings`: the policy gathers its own facts, so it
    // imports none of the use cases it guards. No row is the default: coordinators run rehab.
    let managers_run_rehab = !reach.is_empty()
        && rehab_setting::Entity::find_by_id(person.employer_id.as_uuid())
            .one(db.conn())
            .await?
            .is_some_and(|r| r.managers_run_rehab);
    Ok(Actor {
        person: person.id,
        employer: person.employer_id,
        roles,
        reach,
        leads: led.into_iter().map(UnitId::from_uuid).collect(),
        managers_run_rehab,
    })
}

/// A person as a resource, if they exist (left or not).
pub async fn subject(db: &Db, id: uuid::Uuid) -> Result<Option<Subject>, StoreError> {
    let Some(p) = person::Entity::find_by_id(id).one(db.conn()).await? else {
        return Ok(None);
    };
    let tree = OrgTree::load(db, p.employer_id).await?;
    Ok(Some(subject_in(&tree, p.id, p.employer_id, p.unit_id)))
}

/// A person of the employer whose organisation `tree` is, as a resource.
pub(crate) fn subject_in(
    tree: &OrgTree,
    person: uuid::Uuid,
    employer: uuid::Uuid,
    unit: Option<uuid::Uuid>,
) -> Subject {
    Subject {
        person: PersonId::from_uuid(person),
        employer: EmployerId::from_uuid(employer),
        unit: unit.map(UnitId::from_uuid),
        managed_from: tree.managing_unit(unit, person).map(UnitId::from_uuid),
    }
}

/// Proof that the actor may see who this person is at work.
#[derive(Clone, Copy, Debug)]
pub struct ProfileAccess(pub(crate) Subject);

pub fn view_profile(actor: &Actor, s: Subject) -> Result<ProfileAccess, Refused> {
    match decide(actor, Action::ViewProfile(s)) {
        Decision::Allow => Ok(ProfileAccess(s)),
        _ => Err(Refused::Hidden),
    }
}

/// Proof that the actor may read this person's weekly scores: their own, or someone else's
/// under a grant that stands now (which every read through it logs).
#[derive(Clone, Copy, Debug)]
pub struct CheckInAccess {
    whose: PersonId,
    shared: Option<(PersonId, uuid::Uuid)>,
}

impl CheckInAccess {
    pub fn whose(&self) -> PersonId {
        self.whose
    }

    /// The reader and the grant, when the reader is not the person.
    pub(crate) fn shared(&self) -> Option<(PersonId, uuid::Uuid)> {
        self.shared
    }
}

/// Asks at read time: a grant withdrawn a moment ago no longer opens anything.
pub async fn view_check_ins(
    db: &Db,
    actor: &Actor,
    s: Subject,
) -> Result<Result<CheckInAccess, Refused>, StoreError> {
    Ok(match decide(actor, Action::ViewCheckIns(s)) {
        Decision::Allow => Ok(CheckInAccess {
            whose: s.person,
            shared: None,
        }),
        Decision::IfConsented => {
            match crate::grants::standing(db, s.person, actor.person, Scope::WeeklyScores).await? {
                Some(grant) => Ok(CheckInAccess {
                    whose: s.person,
                    shared: Some((actor.person, grant)),
                }),
                None => Err(Refused::NeedsConsent),
            }
        }
        Decision::Deny => Err(known_or_hidden(actor, s)),
    })
}

/// Proof that the actor may see a unit's anonymous trend.
#[derive(Clone, Copy, Debug)]
pub struct TeamAccess {
    employer: EmployerId,
    unit: UnitId,
}

impl TeamAccess {
    pub fn employer(&self) -> EmployerId {
        self.employer
    }
    pub fn unit(&self) -> UnitId {
        self.unit
    }
}

/// A unit of another employer, or none at all, is hidden like one outside the actor's reach.
pub async fn view_team_trend(
    db: &Db,
    actor: &Actor,
    unit_id: uuid::Uuid,
) -> Result<Result<TeamAccess, Refused>, StoreError> {
    let Some(row) = unit::Entity::find_by_id(unit_id).one(db.conn()).await? else {
        return Ok(Err(Refused::Hidden));
    };
    let (employer, unit) = (
        EmployerId::from_uuid(row.employer_id),
        UnitId::from_uuid(row.id),
    );
    Ok(
        match decide(actor, Action::ViewTeamTrend { unit, employer }) {
            Decision::Allow => Ok(TeamAccess { employer, unit }),
            _ => Err(Refused::Hidden),
        },
    )
}

/// Proof that the actor may see a sick-leave case and its plan. Reads through it by anyone
/// but the employee are written to the employee's access log.
#[derive(Clone, Copy, Debug)]
pub struct CaseAccess {
    pub(crate) case: uuid::Uuid,
    pub(crate) subject: Subject,
    pub(crate) kind: CaseKind,
    /// `None` for the employee themself, else what lets the reader in: the role they act in,
    /// or the employee's grant.
    pub(crate) reader: Option<Why>,
}

impl CaseAccess {
    pub fn case(&self) -> uuid::Uuid {
        self.case
    }
    pub fn is_own(&self) -> bool {
        self.reader.is_none()
    }
    pub fn kind(&self) -> CaseKind {
        self.kind
    }
}

/// What kind of case, with what the policy needs to know of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseKind {
    SickLeave,
    /// Adapted work for someone still at work; the employee's own manager takes part only
    /// where the employee let them in.
    Adjustment {
        with_manager: bool,
    },
}

impl CaseKind {
    fn view(self, s: Subject) -> Action {
        match self {
            CaseKind::SickLeave => Action::ViewRehabCase(s),
            CaseKind::Adjustment { with_manager } => Action::ViewAdjustment {
                subject: s,
                with_manager,
            },
        }
    }
}

/// Proof that the actor may change a case: open, extend, close it and write its plan.
#[derive(Clone, Copy, Debug)]
pub struct CaseManagement {
    pub(crate) subject: Subject,
    pub(crate) actor: PersonId,
}

impl CaseManagement {
    pub fn person(&self) -> PersonId {
        self.subject.person
    }
}

/// The role someone acts in towards a case that is not theirs.
pub(crate) fn duty_of(actor: &Actor) -> Recipient {
    if actor.roles.contains(&domain::Role::Coordinator) {
        Recipient::Coordinator
    } else {
        Recipient::Manager
    }
}

/// Whether the actor may see this case, decided on the person it is about as they are now (a
/// manager who no longer manages them no longer sees it), given the employee's standing grant
/// of the case to the actor, if any.
pub(crate) fn view_case(
    actor: &Actor,
    case: uuid::Uuid,
    s: Subject,
    kind: CaseKind,
    grant: Option<uuid::Uuid>,
) -> Result<CaseAccess, Refused> {
    let reader = match decide(actor, kind.view(s)) {
        Decision::Allow if s.person == actor.person => None,
        Decision::Allow => Some(Why::Duty(duty_of(actor))),
        // Without a grant the case stays hidden: that there is one is itself health data.
        Decision::IfConsented => Some(Why::Consent(grant.ok_or(Refused::Hidden)?)),
        Decision::Deny => return Err(Refused::Hidden),
    };
    Ok(CaseAccess {
        case,
        subject: s,
        kind,
        reader,
    })
}

/// Whether the actor may change this person's case (or open one).
pub fn manage_case(actor: &Actor, s: Subject) -> Result<CaseManagement, Refused> {
    match decide(actor, Action::ManageRehabCase(s)) {
        Decision::Allow => Ok(CaseManagement {
            subject: s,
            actor: actor.person,
        }),
        _ => Err(known_or_hidden(actor, s)),
    }
}

/// A case by id: hidden when it does not exist or the actor may not see it. Asks for the
/// employee's grant at read time, so a withdrawn one closes the case at once.
pub async fn view_rehab_case(
    db: &Db,
    actor: &Actor,
    case: uuid::Uuid,
) -> Result<Result<CaseAccess, Refused>, StoreError> {
    let Some((s, kind)) = case_subject(db, case).await? else {
        return Ok(Err(Refused::Hidden));
    };
    let grant = match decide(actor, kind.view(s)) {
        Decision::IfConsented => {
            crate::grants::standing(db, s.person, actor.person, Scope::RehabCase).await?
        }
        _ => None,
    };
    Ok(view_case(actor, case, s, kind, grant))
}

/// A case to change: hidden as above; forbidden to someone who may see it but not change it.
/// The case's person and kind, read from the tables themselves (see `actor`).
async fn case_subject(
    db: &Db,
    case: uuid::Uuid,
) -> Result<Option<(Subject, CaseKind)>, StoreError> {
    let Some(row) = rehab_case::Entity::find_by_id(case).one(db.conn()).await? else {
        return Ok(None);
    };
    let kind = match row.kind.as_str() {
        rehab_case::ADJUSTMENT => CaseKind::Adjustment {
            // Whether the employee let their own manager in.
            with_manager: rehab_adjustment::Entity::find_by_id(case)
                .one(db.conn())
                .await?
                .is_some_and(|a| a.with_manager),
        },
        _ => CaseKind::SickLeave,
    };
    Ok(subject(db, row.person_id).await?.map(|s| (s, kind)))
}

pub async fn manage_rehab_case(
    db: &Db,
    actor: &Actor,
    case: uuid::Uuid,
) -> Result<Result<CaseManagement, Refused>, StoreError> {
    Ok(view_rehab_case(db, actor, case).await?.and_then(|a| {
        let managed = match a.kind {
            CaseKind::SickLeave => manage_case(actor, a.subject),
            CaseKind::Adjustment { with_manager } => run_adjustment(actor, a.subject, with_manager),
        };
        match managed {
            Err(Refused::Hidden) => Err(Refused::Forbidden),
            other => other,
        }
    }))
}

fn run_adjustment(
    actor: &Actor,
    s: Subject,
    with_manager: bool,
) -> Result<CaseManagement, Refused> {
    match decide(
        actor,
        Action::RunAdjustment {
            subject: s,
            with_manager,
        },
    ) {
        Decision::Allow => Ok(CaseManagement {
            subject: s,
            actor: actor.person,
        }),
        _ => Err(known_or_hidden(actor, s)),
    }
}

/// Proof that the actor may open an adjustment case for this person, and whether the
/// employee's own manager takes part in it: a coordinator opens one without the manager (the
/// employee lets them in), the employee's own manager opens one they take part in.
pub fn open_adjustment(actor: &Actor, s: Subject) -> Result<(CaseManagement, bool), Refused> {
    run_adjustment(actor, s, false)
        .map(|m| (m, false))
        .or_else(|_| run_adjustment(actor, s, true).map(|m| (m, true)))
}

/// Proof that the actor may record the manager's day-3 call on this case: the employee's own
/// manager, whether or not managers run cases, and whoever runs the case.
#[derive(Clone, Copy, Debug)]
pub struct CallRecording {
    subject: Subject,
    actor: PersonId,
    case: uuid::Uuid,
}

impl CallRecording {
    pub(crate) fn subject(&self) -> Subject {
        self.subject
    }

    pub(crate) fn actor(&self) -> PersonId {
        self.actor
    }

    pub(crate) fn case(&self) -> uuid::Uuid {
        self.case
    }
}

/// A case whose day-3 call to record: hidden as a case the actor may not see, forbidden to
/// someone who may see it but whose call it is not.
pub async fn record_day_three_call(
    db: &Db,
    actor: &Actor,
    case: uuid::Uuid,
) -> Result<Result<CallRecording, Refused>, StoreError> {
    Ok(view_rehab_case(db, actor, case).await?.and_then(|a| {
        match decide(actor, Action::RecordDayThreeCall(a.subject)) {
            Decision::Allow => Ok(CallRecording {
                subject: a.subject,
                actor: actor.person,
                case,
            }),
            _ => Err(Refused::Forbidden),
        }
    }))
}

/// Proof that the actor administers the employer they asked about.
#[derive(Clone, Copy, Debug)]
pub struct EmployerAccess(());

pub fn administer(actor: &Actor, employer: EmployerId) -> Result<EmployerAccess, Refused> {
    match decide(actor, Action::AdministerEmployer(employer)) {
        Decision::Allow => Ok(EmployerAccess(())),
        _ => Err(Refused::Forbidden),
    }
}

/// Proof that the actor may read the employer's outcomes and sick-leave figures (its admins
/// and analysts): figures that name nobody.
#[derive(Clone, Copy, Debug)]
pub struct OutcomesAccess(());

pub fn read_outcomes(actor: &Actor, employer: EmployerId) -> Result<OutcomesAccess, Refused> {
    match decide(actor, Action::ViewOutcomes(employer)) {
        Decision::Allow => Ok(OutcomesAccess(())),
        _ => Err(Refused::Forbidden),
    }
}

/// Proof that the actor edits their employer's own versions of the guidance library, naming
/// the employer and the editor: whatever it opens is that employer's alone.
#[derive(Clone, Copy, Debug)]
pub struct EditorAccess {
    employer: EmployerId,
    editor: PersonId,
}

impl EditorAccess {
    pub fn employer(&self) -> EmployerId {
        self.employer
    }
    pub fn editor(&self) -> PersonId {
        self.editor
    }
}

/// Editing `employer`'s versions: only its own editors may (an integration names the
/// employer in the path; a page edits the signed-in editor's own).
pub fn edit_guidance(actor: &Actor, employer: EmployerId) -> Result<EditorAccess, Refused> {
    match decide(actor, Action::EditGuidance(employer)) {
        Decision::Allow => Ok(EditorAccess {
            employer,
            editor: actor.person,
        }),
        _ => Err(Refused::Forbidden),
    }
}

/// Someone whose profile the actor may see learns that access was refused; anyone else learns
/// nothing.
fn known_or_hidden(actor: &Actor, s: Subject) -> Refused {
    match view_profile(actor, s) {
        Ok(_) => Refused::Forbidden,
        Err(r) => r,
    }
}
