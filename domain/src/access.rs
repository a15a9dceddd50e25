//! Who may do what: every access question is answered here, from facts the service gathers
//! about the actor and the resource. Pure, so the whole matrix is tested cell by cell.
//!
//! Two rules carry everything: no role crosses employers, and a manager's reach is the people
//! in the units they lead and the units below them. What a manager may see of a person's
//! wellbeing beyond that also needs the person's consent, which the caller checks at read time;
//! so does a sick-leave case for any manager but the person's own.

use crate::ids::{EmployerId, PersonId, UnitId};
use crate::org::Role;

/// What the service knows about the person asking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub person: PersonId,
    pub employer: EmployerId,
    pub roles: Vec<Role>,
    /// The units this person leads and every unit below them.
    pub reach: Vec<UnitId>,
    /// The units this person leads themself.
    pub leads: Vec<UnitId>,
    /// The employer lets managers open and run the sick-leave cases of the people they reach
    /// (otherwise only rehab coordinators do).
    pub managers_run_rehab: bool,
}

impl Actor {
    fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
    fn reaches(&self, unit: Option<UnitId>) -> bool {
        unit.is_some_and(|u| self.reach.contains(&u))
    }
    /// One of the person's own managers, not a manager further up.
    fn manages(&self, s: Subject) -> bool {
        s.managed_from.is_some_and(|u| self.leads.contains(&u))
    }
}

/// A person as a resource: whose data, at which employer, in which unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Subject {
    pub person: PersonId,
    pub employer: EmployerId,
    pub unit: Option<UnitId>,
    /// The unit whose leads are the person's own managers: their unit's, else the nearest
    /// unit above it with a lead (see `org::nearest_leads`).
    pub managed_from: Option<UnitId>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Name, unit and employment: who someone is at work.
    ViewProfile(Subject),
    /// Weekly scores: the person's own; managers and coordinators only with the person's
    /// grant to them, checked at read time.
    ViewCheckIns(Subject),
    /// Submit or change check-ins, consents, reminders: only ever one's own.
    ActAs(Subject),
    /// The anonymous weekly trend of a unit (and the units below it).
    ViewTeamTrend { unit: UnitId, employer: EmployerId },
    /// A sick-leave case and its plan for return to work: the employee, their own manager
    /// and the coordinators; a manager further up only with the employee's grant.
    ViewRehabCase(Subject),
    /// Open, change or close a sick-leave case: coordinators, and the employee's own manager
    /// where the employer lets managers run cases.
    ManageRehabCase(Subject),
    /// An adjustment case for someone still at work (arbetsanpassning) and its measures: the
    /// employee, the coordinators, and the employee's own manager only where the employee let
    /// them in (`with_manager`). No manager further up, not even with a grant: what the case
    /// holds was told to those the employee chose.
    ViewAdjustment {
        subject: Subject,
        with_manager: bool,
    },
    /// Open an adjustment case, investigate, decide measures, follow up, close: coordinators,
    /// and the employee's own manager where let in (a manager opening one is let in by
    /// opening it; a request to a coordinator leaves them out).
    RunAdjustment {
        subject: Subject,
        with_manager: bool,
    },
    /// Record the manager's call on the third day of a sick spell, where the employer's routine
    /// has one: the employee's own manager (whose call it is) and whoever runs the case.
    RecordDayThreeCall(Subject),
    /// Identity-provider settings, the organisation and its import.
    AdministerEmployer(EmployerId),
    /// Keep the employer's own versions of guidance articles and read its people's answers to
    /// "was this helpful?". The shared library is the operator's (the content files).
    EditGuidance(EmployerId),
    /// The log of who accessed a person's data.
    ViewAccessLog(Subject),
    /// The employer's outcomes and statutory sick-leave figures, which name nobody and keep
    /// small groups out: its admins and analysts.
    ViewOutcomes(EmployerId),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// Allowed only if the person has consented to share with this actor; checked at read time.
    IfConsented,
    Deny,
}

use Decision::*;

/// Someone who is not signed in may do nothing.
pub fn decide_for(actor: Option<&Actor>, action: Action) -> Decision {
    actor.map_or(Deny, |a| decide(a, action))
}

pub fn decide(actor: &Actor, action: Action) -> Decision {
    let own = |s: Subject| s.person == actor.person;
    let same_employer = |e: EmployerId| e == actor.employer;
    match action {
        Action::ActAs(s) | Action::ViewAccessLog(s) => allow_if(own(s)),
        Action::ViewProfile(s) => allow_if(
            own(s)
                || (same_employer(s.employer)
                    && (actor.reaches(s.unit)
                        || actor.has(Role::Coordinator)
                        || actor.has(Role::Admin))),
        ),
        Action::ViewCheckIns(s) if own(s) => Allow,
        Action::ViewCheckIns(s) => {
            if same_employer(s.employer) && (actor.reaches(s.unit) || actor.has(Role::Coordinator))
            {
                IfConsented
            } else {
                Deny
            }
        }
        Action::ViewTeamTrend { unit, employer } => {
            allow_if(same_employer(employer) && actor.reaches(Some(unit)))
        }
        Action::ViewRehabCase(s) if own(s) => Allow,
        Action::ViewRehabCase(s) if !same_employer(s.employer) => Deny,
        Action::ViewRehabCase(s) if actor.has(Role::Coordinator) || actor.manages(s) => Allow,
        Action::ViewRehabCase(s) if actor.reaches(s.unit) => IfConsented,
        Action::ViewRehabCase(_) => Deny,
        Action::ManageRehabCase(s) => allow_if(
            !own(s)
                && same_employer(s.employer)
                && (actor.has(Role::Coordinator) || (actor.managers_run_rehab && actor.manages(s))),
        ),
        Action::ViewAdjustment {
            subject: s,
            with_manager,
        } => allow_if(
            own(s)
                || (same_employer(s.employer)
                    && (actor.has(Role::Coordinator) || (with_manager && actor.manages(s)))),
        ),
        Action::RunAdjustment {
            subject: s,
            with_manager,
        } => allow_if(
            !own(s)
                && same_employer(s.employer)
                && (actor.has(Role::Coordinator) || (with_manager && actor.manages(s))),
        ),
        Action::RecordDayThreeCall(s) => allow_if(
            !own(s)
                && same_employer(s.employer)
                && (actor.has(Role::Coordinator) || actor.manages(s)),
        ),
        Action::AdministerEmployer(e) => allow_if(same_employer(e) && actor.has(Role::Admin)),
        Action::EditGuidance(e) => allow_if(same_employer(e) && actor.has(Role::Editor)),
        Action::ViewOutcomes(e) => {
            allow_if(same_employer(e) && (actor.has(Role::Admin) || actor.has(Role::Analyst)))
        }
    }
}

fn allow_if(yes: bool) -> Decision {
    if yes {
        Allow
    } else {
        Deny
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn id() -> Uuid {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Uuid::from_u128(
            NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                .into(),
        )
    }

    /// Two employers; at the first, a department with two teams.
    struct World {
        e1: EmployerId,
        e2: EmployerId,
        dept: UnitId,
        team_a: UnitId,
        team_b: UnitId,
        other_unit: UnitId,
        anna: Subject,
        bo: Subject,
        cilla: Subject,
    }

    fn world() -> World {
        let (e1, e2) = (EmployerId::from_uuid(id()), EmployerId::from_uuid(id()));
        let [dept, team_a, team_b, other_unit] = [(); 4].map(|_| UnitId::from_uuid(id()));
        let person = |employer, unit| Subject {
            person: PersonId::from_uuid(id()),
            employer,
            unit: Some(unit),
            managed_from: Some(unit),
        };
        World {
            e1,
            e2,
            dept,
            team_a,
            team_b,
            other_unit,
            anna: person(e1, team_a),
            bo: person(e1, team_b),
            cilla: person(e2, other_unit),
        }
    }

    #[derive(Clone, Copy, Debug)]
    enum Who {
        Anonymous,
        /// Anna herself, an employee in team A.
        Anna,
        /// Bo, an employee in team B.
        Colleague,
        ManagerOfTeamA,
        ManagerOfTeamB,
        /// Leads the department above both teams.
        ManagerOfDept,
        Coordinator,
        Admin,
        Editor,
        AdminOfOtherEmployer,
        CoordinatorOfOtherEmployer,
    }

    fn actor(w: &World, who: Who) -> Option<Actor> {
        let at = |employer, roles: &[Role], reach: &[UnitId]| Actor {
            person: PersonId::from_uuid(id()),
            employer,
            roles: roles.to_vec(),
            reach: reach.to_vec(),
            leads: reach.first().into_iter().copied().collect(),
            managers_run_rehab: false,
        };
        Some(match who {
            Who::Anonymous => return None,
            Who::Anna => Actor {
                person: w.anna.person,
                ..at(w.e1, &[], &[])
            },
            Who::Colleague => Actor {
                person: w.bo.person,
                ..at(w.e1, &[], &[])
            },
            Who::ManagerOfTeamA => at(w.e1, &[], &[w.team_a]),
            Who::ManagerOfTeamB => at(w.e1, &[], &[w.team_b]),
            Who::ManagerOfDept => at(w.e1, &[], &[w.dept, w.team_a, w.team_b]),
            Who::Coordinator => at(w.e1, &[Role::Coordinator], &[]),
            Who::Admin => at(w.e1, &[Role::Admin], &[]),
            Who::Editor => at(w.e1, &[Role::Editor], &[]),
            Who::AdminOfOtherEmployer => at(w.e2, &[Role::Admin], &[w.other_unit]),
            Who::CoordinatorOfOtherEmployer => at(w.e2, &[Role::Coordinator], &[w.other_unit]),
        })
    }

    const WHO: [Who; 11] = [
        Who::Anonymous,
        Who::Anna,
        Who::Colleague,
        Who::ManagerOfTeamA,
        Who::ManagerOfTeamB,
        Who::ManagerOfDept,
        Who::Coordinator,
        Who::Admin,
        Who::Editor,
        Who::AdminOfOtherEmployer,
        Who::CoordinatorOfOtherEmployer,
    ];

    /// One row of the matrix: an action and the decision for each actor in `WHO` order.
    fn row(w: &World, action: Action, expected: [Decision; 11]) {
        for (who, want) in WHO.into_iter().zip(expected) {
            let got = decide_for(actor(w, who).as_ref(), action);
            assert_eq!(got, want, "{who:?} × {action:?}");
        }
    }

    const A: Decision = Allow;
    const C: Decision = IfConsented;
    const D: Decision = Deny;

    #[test]
    fn who_may_see_a_persons_profile() {
        let w = world();
        //                                   anon Anna coll mgrA mgrB dept coord adm edit admX coordX
        row(
            &w,
            Action::ViewProfile(w.anna),
            [D, A, D, A, D, A, A, A, D, D, D],
        );
    }

    #[test]
    fn who_may_see_a_persons_check_ins() {
        let w = world();
        row(
            &w,
            Action::ViewCheckIns(w.anna),
            [D, A, D, C, D, C, C, D, D, D, D],
        );
    }

    #[test]
    fn only_the_person_acts_as_themself_or_reads_their_access_log() {
        let w = world();
        row(&w, Action::ActAs(w.anna), [D, A, D, D, D, D, D, D, D, D, D]);
        row(
            &w,
            Action::ViewAccessLog(w.anna),
            [D, A, D, D, D, D, D, D, D, D, D],
        );
    }

    #[test]
    fn who_may_see_a_team_trend() {
        let w = world();
        let team_a = Action::ViewTeamTrend {
            unit: w.team_a,
            employer: w.e1,
        };
        row(&w, team_a, [D, D, D, A, D, A, D, D, D, D, D]);
        let dept = Action::ViewTeamTrend {
            unit: w.dept,
            employer: w.e1,
        };
        row(&w, dept, [D, D, D, D, D, A, D, D, D, D, D]);
    }

    #[test]
    fn who_may_see_and_manage_a_rehab_case() {
        let w = world();
        row(
            &w,
            Action::ViewRehabCase(w.anna),
            [D, A, D, A, D, C, A, D, D, D, D],
        );
        row(
            &w,
            Action::ManageRehabCase(w.anna),
            [D, D, D, D, D, D, A, D, D, D, D],
        );
        // The day-3 call is her own manager's to make, whoever runs the case; never the
        // manager above, whatever she lets them see.
        row(
            &w,
            Action::RecordDayThreeCall(w.anna),
            [D, D, D, A, D, D, A, D, D, D, D],
        );
    }

    #[test]
    fn an_adjustment_case_is_seen_by_the_manager_only_where_the_employee_let_them_in() {
        let w = world();
        let case = |with_manager| Action::ViewAdjustment {
            subject: w.anna,
            with_manager,
        };
        let run = |with_manager| Action::RunAdjustment {
            subject: w.anna,
            with_manager,
        };
        //                        anon Anna coll mgrA mgrB dept coord adm edit admX coordX
        row(&w, case(true), [D, A, D, A, D, D, A, D, D, D, D]);
        row(&w, case(false), [D, A, D, D, D, D, A, D, D, D, D]);
        row(&w, run(true), [D, D, D, A, D, D, A, D, D, D, D]);
        row(&w, run(false), [D, D, D, D, D, D, A, D, D, D, D]);
        // Managers run adjustment cases whether or not they run sick-leave cases: adjusting the
        // work is the manager's everyday duty (AFS 2023:2, work adjustment 4 §).
        let Some(manager) = actor(&w, Who::ManagerOfTeamA) else {
            unreachable!()
        };
        assert!(!manager.managers_run_rehab);
        assert_eq!(decide(&manager, run(true)), Allow);
    }

    #[test]
    fn the_manager_above_a_team_without_its_own_lead_is_the_persons_own_manager() {
        let w = world();
        let unled = Subject {
            managed_from: Some(w.dept),
            ..w.anna
        };
        row(
            &w,
            Action::ViewRehabCase(unled),
            [D, A, D, C, D, A, A, D, D, D, D],
        );
    }

    #[test]
    fn managers_run_the_cases_of_the_people_they_reach_where_the_employer_lets_them() {
        let w = world();
        let lets = |who| {
            actor(&w, who).map(|a| Actor {
                managers_run_rehab: true,
                ..a
            })
        };
        // Her own manager, not the one above.
        for (who, want) in WHO.into_iter().zip([D, D, D, A, D, D, A, D, D, D, D]) {
            let got = decide_for(lets(who).as_ref(), Action::ManageRehabCase(w.anna));
            assert_eq!(got, want, "{who:?}");
        }
        // Never one's own case, even for a manager of their own unit.
        let own_manager = Actor {
            person: w.anna.person,
            ..lets(Who::ManagerOfTeamA).unwrap()
        };
        assert_eq!(decide(&own_manager, Action::ManageRehabCase(w.anna)), D);
    }

    #[test]
    fn who_may_administer_an_employer_or_edit_guidance() {
        let w = world();
        row(
            &w,
            Action::AdministerEmployer(w.e1),
            [D, D, D, D, D, D, D, A, D, D, D],
        );
        row(
            &w,
            Action::AdministerEmployer(w.e2),
            [D, D, D, D, D, D, D, D, D, A, D],
        );
        row(
            &w,
            Action::EditGuidance(w.e1),
            [D, D, D, D, D, D, D, D, A, D, D],
        );
        // An editor at one employer is nobody at another's library; neither is its admin.
        row(
            &w,
            Action::EditGuidance(w.e2),
            [D, D, D, D, D, D, D, D, D, D, D],
        );
        let editor_at_other = Actor {
            roles: vec![Role::Editor],
            ..actor(&w, Who::AdminOfOtherEmployer).unwrap()
        };
        assert_eq!(decide(&editor_at_other, Action::EditGuidance(w.e2)), A);
        assert_eq!(decide(&editor_at_other, Action::EditGuidance(w.e1)), D);
    }

    #[test]
    fn admins_and_analysts_see_their_own_employers_outcomes() {
        let w = world();
        row(
            &w,
            Action::ViewOutcomes(w.e1),
            [D, D, D, D, D, D, D, A, D, D, D],
        );
        row(
            &w,
            Action::ViewOutcomes(w.e2),
            [D, D, D, D, D, D, D, D, D, A, D],
        );
        let analyst = Actor {
            roles: vec![Role::Analyst],
            ..actor(&w, Who::Coordinator).unwrap()
        };
        assert_eq!(decide(&analyst, Action::ViewOutcomes(w.e1)), A);
        assert_eq!(decide(&analyst, Action::ViewOutcomes(w.e2)), D);
    }

    /// The analyst reads figures that name nobody, and nothing about any one person.
    #[test]
    fn an_analyst_sees_no_person_and_changes_nothing() {
        let w = world();
        let analyst = Actor {
            roles: vec![Role::Analyst],
            ..actor(&w, Who::Coordinator).unwrap()
        };
        for s in [w.anna, w.bo, w.cilla] {
            for action in [
                Action::ViewProfile(s),
                Action::ViewCheckIns(s),
                Action::ActAs(s),
                Action::ViewRehabCase(s),
                Action::ManageRehabCase(s),
                Action::ViewAdjustment {
                    subject: s,
                    with_manager: true,
                },
                Action::RunAdjustment {
                    subject: s,
                    with_manager: true,
                },
                Action::RecordDayThreeCall(s),
                Action::ViewAccessLog(s),
            ] {
                assert_eq!(decide(&analyst, action), D, "{action:?}");
            }
        }
        for action in [
            Action::ViewTeamTrend {
                unit: w.dept,
                employer: w.e1,
            },
            Action::AdministerEmployer(w.e1),
            Action::EditGuidance(w.e1),
        ] {
            assert_eq!(decide(&analyst, action), D, "{action:?}");
        }
    }

    #[test]
    fn no_role_crosses_employers() {
        let w = world();
        // Cilla works for the second employer: only its people with reach or roles see her.
        row(
            &w,
            Action::ViewProfile(w.cilla),
            [D, D, D, D, D, D, D, D, D, A, A],
        );
        row(
            &w,
            Action::ViewCheckIns(w.cilla),
            [D, D, D, D, D, D, D, D, D, C, C],
        );
        row(
            &w,
            Action::ViewRehabCase(w.cilla),
            [D, D, D, D, D, D, D, D, D, A, A],
        );
        row(
            &w,
            Action::ManageRehabCase(w.cilla),
            [D, D, D, D, D, D, D, D, D, D, A],
        );
        // A unit id from another employer does not widen reach either.
        let stray = Subject {
            employer: w.e2,
            ..w.anna
        };
        row(
            &w,
            Action::ViewCheckIns(stray),
            [D, A, D, D, D, D, D, D, D, D, C],
        );
    }
}
