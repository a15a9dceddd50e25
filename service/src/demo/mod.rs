//! Demo mode's employer "Demokommun": a small unit tree, four personas and some colleagues, each
//! with a few months of believable weekly check-ins, and a wider workforce known from payroll
//! alone with two years of sick leave (`payroll`). Seeding is idempotent.

mod payroll;

use payroll::Lcg;

use crate::entity::{check_in, employer, employment, person, person_role, unit, unit_manager};
use crate::people::{find_demo_persona, DemoPersona};
use crate::policy;
use crate::rehab::cases::{self, NewCase};
use crate::rehab::{absence, adjustment, plan, RehabError};
use crate::{Db, StoreError};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use domain::guidance::ContactKind;
use domain::plan::{GradedWeek, Measure, MeasureKind, Meeting, Plan, TaskStatus};
use domain::rehab::{Extent, MilestoneKind, Party};
use domain::sick_leave::Gender;
use domain::{IsoWeek, Role};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter,
};
use uuid::Uuid;

const SLUG: &str = "demokommun";
const WEEKS_OF_HISTORY: usize = 20;

/// How one person's weeks tend to go: WHO-5 moving from `who5_from` to `who5_to`, stress likewise.
struct Story {
    name: &'static str,
    persona: Option<DemoPersona>,
    unit: usize,
    who5_from: i64,
    who5_to: i64,
    stress_from: i64,
    stress_to: i64,
}

const UNITS: [(&str, Option<usize>); 7] = [
    ("Vård- och omsorgsförvaltningen", None),
    ("Hemtjänst Norr", Some(0)),
    ("Arbetsgrupp Ersboda", Some(1)),
    ("Utbildningsförvaltningen", None),
    ("Björkskolan", Some(3)),
    // Where the generated workforce works (`payroll`): no persona leads them.
    ("Hemtjänst Söder", Some(0)),
    ("Ekskolan", Some(3)),
];

/// The demo people's gender as their HR record holds it, in `PEOPLE`'s order.
const DEMO_GENDERS: [Gender; 12] = [
    Gender::Woman,     // Anna Lind
    Gender::Woman,     // Maria Berg
    Gender::Woman,     // Karin Holm
    Gender::Man,       // Erik Nilsson
    Gender::Man,       // Olle Ström
    Gender::Woman,     // Sara Ek
    Gender::Man,       // Johan Lund
    Gender::Woman,     // Fatima Ali
    Gender::Man,       // Lars Öberg
    Gender::Woman,     // Emma Sundberg
    Gender::Man,       // Ali Hassan
    Gender::NotStated, // Per Sjöberg
];

const PEOPLE: [Story; 12] = [
    Story {
        name: "Anna Lind",
        persona: Some(DemoPersona::Employee),
        unit: 2,
        who5_from: 68,
        who5_to: 44,
        stress_from: 2,
        stress_to: 4,
    },
    Story {
        name: "Maria Berg",
        persona: Some(DemoPersona::Manager),
        unit: 1,
        who5_from: 64,
        who5_to: 60,
        stress_from: 3,
        stress_to: 3,
    },
    Story {
        name: "Karin Holm",
        persona: Some(DemoPersona::Coordinator),
        unit: 0,
        who5_from: 72,
        who5_to: 72,
        stress_from: 2,
        stress_to: 2,
    },
    Story {
        name: "Erik Nilsson",
        persona: Some(DemoPersona::SickListed),
        unit: 4,
        who5_from: 24,
        who5_to: 48,
        stress_from: 5,
        stress_to: 3,
    },
    Story {
        name: "Olle Ström",
        persona: Some(DemoPersona::Admin),
        unit: 0,
        who5_from: 60,
        who5_to: 64,
        stress_from: 3,
        stress_to: 2,
    },
    Story {
        name: "Sara Ek",
        persona: None,
        unit: 2,
        who5_from: 60,
        who5_to: 64,
        stress_from: 2,
        stress_to: 2,
    },
    Story {
        name: "Johan Lund",
        persona: None,
        unit: 2,
        who5_from: 56,
        who5_to: 52,
        stress_from: 3,
        stress_to: 3,
    },
    Story {
        name: "Fatima Ali",
        persona: None,
        unit: 2,
        who5_from: 76,
        who5_to: 68,
        stress_from: 2,
        stress_to: 3,
    },
    Story {
        name: "Lars Öberg",
        persona: None,
        unit: 2,
        who5_from: 48,
        who5_to: 56,
        stress_from: 3,
        stress_to: 3,
    },
    Story {
        name: "Emma Sundberg",
        persona: None,
        unit: 2,
        who5_from: 64,
        who5_to: 52,
        stress_from: 2,
        stress_to: 3,
    },
    Story {
        name: "Ali Hassan",
        persona: None,
        unit: 2,
        who5_from: 70,
        who5_to: 70,
        stress_from: 2,
        stress_to: 2,
    },
    Story {
        name: "Per Sjöberg",
        persona: None,
        unit: 4,
        who5_from: 52,
        who5_to: 56,
        stress_from: 3,
        stress_to: 2,
    },
];

/// Seeds the demo employer unless it is already there. Returns whether anything was written.
/// The demo employer's contact directory: made up, with numbers from the range reserved for
/// fiction so nobody is called by mistake.
/// (kind, name, phone, e-mail, web address, note). Occupational health has an address, so a
/// wish to talk can go to it (the demo writes mail to a directory, see the README).
type DemoContact = (
    ContactKind,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
);

const CONTACTS: [DemoContact; 4] = [
    (
        ContactKind::OccupationalHealth,
        "Demokommunens företagshälsovård",
        "070-174 06 05",
        Some("fhv@demokommun.example"),
        None,
        "Boka själv: vardagar 8–16.",
    ),
    (
        ContactKind::StaffSupport,
        "Personalstödet",
        "070-174 06 08",
        None,
        None,
        "Samtalsstöd dygnet runt, anonymt. Arbetsgivaren får inte veta att du ringt.",
    ),
    (
        ContactKind::Hr,
        "HR-service",
        "070-174 06 06",
        None,
        None,
        "Frågor om rehabilitering, ledighet och lön.",
    ),
    (
        ContactKind::Union,
        "Fackliga ombud (Kommunal, Vision)",
        "070-174 06 07",
        None,
        None,
        "Stöd i möten och arbetsmiljöfrågor.",
    ),
];

/// "Anna Lind" → "anna.lind@demokommun.example", å, ä and ö as a and o.
fn demo_email(name: &str) -> String {
    let local: String = name
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            'é' => 'e',
            ' ' => '.',
            c => c,
        })
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
        .collect();
    format!("{local}@demokommun.example")
}

pub async fn seed(db: &Db, now: DateTime<Utc>) -> Result<bool, StoreError> {
    let seeded = db.write(move |txn| Box::pin(seed_in(txn, now))).await?;
    if seeded {
        // Through the same service calls the coordinator makes, so the demo case is a case
        // like any other (milestones, versions, reminders, access log).
        seed_rehab(db, now).await.map_err(|e| match e {
            RehabError::Store(e) => e,
            other => StoreError(DbErr::Custom(format!("demo rehab case: {other}"))),
        })?;
        seed_talk(db, now).await?;
        seed_trend(db, now).await?;
        tracing::info!("demo employer seeded");
    }
    Ok(seeded)
}

/// Six of the work group chose to be counted in their team's anonymous trend, more than the
/// smallest group shown (five), so the manager's team page has figures; Anna has not chosen
/// yet, and her sharing page offers it. Her manager counts nobody: a group above the work
/// group with one more person in it would let that person's answers be worked out.
const COUNTED: [&str; 6] = [
    "Sara Ek",
    "Johan Lund",
    "Fatima Ali",
    "Lars Öberg",
    "Emma Sundberg",
    "Ali Hassan",
];

async fn seed_trend(db: &Db, now: DateTime<Utc>) -> Result<(), StoreError> {
    use crate::consents::{self, ConsentError, GrantRequest};
    use domain::consent::{Recipient, Scope};
    for name in COUNTED {
        let Some(row) = person::Entity::find()
            .filter(person::Column::DisplayName.eq(name))
            .one(db.conn())
            .await?
        else {
            continue;
        };
        let Some(person) = crate::people::find_active(db, row.id).await? else {
            continue;
        };
        let request = GrantRequest {
            scope: Scope::TeamTrend,
            recipient: Recipient::Manager,
            chosen: None,
            text_version: domain::consent::current(Scope::TeamTrend).version,
            language: domain::guidance::Language::Sv,
        };
        match consents::grant_consent(db, &policy::own_data(&person), request, now).await {
            Ok(_) => {}
            Err(ConsentError::Store(e)) => return Err(e),
            Err(other) => return Err(StoreError(DbErr::Custom(format!("demo trend: {other}")))),
        }
    }
    Ok(())
}

/// Fatima chose occupational health for her wish to talk and ticked it last week: the service's
/// mail is in the outbox (the demo writes mail to a directory), its link shows who she is.
async fn seed_talk(db: &Db, now: DateTime<Utc>) -> Result<(), StoreError> {
    use crate::consents::{self, ConsentError, GrantRequest};
    use domain::consent::{Recipient, Scope};
    let Some(row) = person::Entity::find()
        .filter(person::Column::DisplayName.eq("Fatima Ali"))
        .one(db.conn())
        .await?
    else {
        return Ok(());
    };
    let Some(fatima) = crate::people::find_active(db, row.id).await? else {
        return Ok(());
    };
    let own = policy::own_data(&fatima);
    let listed = consents::list_consents(db, &own).await?;
    let Some(service) = listed.occupational_health.first() else {
        return Ok(());
    };
    let request = GrantRequest {
        scope: Scope::AskToTalk,
        recipient: Recipient::OccupationalHealth,
        chosen: Some(service.id),
        text_version: domain::consent::current(Scope::AskToTalk).version,
        language: domain::guidance::Language::Sv,
    };
    match consents::grant_consent(db, &own, request, now).await {
        Ok(_) => {}
        Err(ConsentError::Store(e)) => return Err(e),
        Err(other) => return Err(StoreError(DbErr::Custom(format!("demo grant: {other}")))),
    }
    let last_week = IsoWeek::containing(now).previous();
    let (id, week) = (fatima.id.as_uuid(), last_week.to_string());
    db.write(move |txn| {
        let update = check_in::Entity::update_many()
            .col_expr(
                check_in::Column::WantsToTalk,
                sea_orm::sea_query::Expr::value(true),
            )
            .filter(check_in::Column::PersonId.eq(id))
            .filter(check_in::Column::IsoWeek.eq(week.clone()));
        Box::pin(async move { update.exec(txn).await.map(drop) })
    })
    .await?;
    let kinds = [domain::alerts::AlertKind::AskedToTalk];
    let raised = crate::alerts::raise(db, fatima.id, last_week, &kinds, now).await?;
    crate::talk::tell_occupational_health(db, fatima.id, raised.outside, now).await?;
    Ok(())
}

/// Erik is six weeks into sick leave, back at half time with a plan; Johan has been away
/// often enough to be on the coordinator's list for an early conversation; Sara, still at
/// work, has an adjustment case with her manager.
async fn seed_rehab(db: &Db, now: DateTime<Utc>) -> Result<(), RehabError> {
    let persona = |p| async move { find_demo_persona(db, p).await?.ok_or(RehabError::NotFound) };
    let karin = persona(DemoPersona::Coordinator).await?;
    let erik = persona(DemoPersona::SickListed).await?;
    let actor = policy::actor(db, &karin).await?;
    let manage = |id: Uuid| {
        let actor = &actor;
        async move {
            let s = policy::subject(db, id).await?.ok_or(RehabError::NotFound)?;
            policy::manage_case(actor, s).map_err(|_| RehabError::NotFound)
        }
    };
    let today = domain::time::stockholm_date(now);
    let days = |n: i64| today + Duration::days(n);
    let week = IsoWeek::of_date(today);
    let (in_two_weeks, in_three_weeks) = (week.next().next(), week.next().next().next());
    let m = manage(erik.id.as_uuid()).await?;
    let case = cases::open_case(
        db,
        &m,
        NewCase {
            first_day: days(-45),
            extent: Extent::Full,
            expected_last_day: Some(in_three_weeks.monday() - Duration::days(1)),
        },
        now,
    )
    .await?;
    cases::set_extent(db, &m, case, days(-9), Extent::Half).await?;
    cases::set_extent(db, &m, case, in_two_weeks.monday(), Extent::Quarter).await?;
    for kind in [
        MilestoneKind::MedicalCertificate,
        MilestoneKind::ReportToInsurance,
        MilestoneKind::ReturnToWorkPlan,
    ] {
        cases::record_milestone(db, &m, case, kind, cases::Mark::Done { note: None }, now).await?;
    }
    // Demokommun's routine has the manager call on day 3, as Vindeln's does. Björkskolan's
    // principal is not among the personas, so the call is recorded by the coordinator, who
    // may record it too.
    let routine = crate::rehab::RehabSettings {
        day_three_call: true,
        ..Default::default()
    };
    crate::rehab::write_settings(db, erik.employer_id, routine).await?;
    let call = policy::record_day_three_call(db, &actor, case)
        .await?
        .map_err(|_| RehabError::NotFound)?;
    cases::record_call(db, &call, true, now - Duration::days(43)).await?;
    let measure = |kind, description: &str, responsible, due, status| Measure {
        id: Uuid::new_v4(),
        kind,
        description: description.into(),
        responsible,
        due,
        status,
    };
    let hours = |h: &str| Some(h.to_owned());
    let at = |day: i64, hour: u32| days(day).and_hms_opt(hour, 0, 0).expect("a whole hour");
    let plan = Plan {
        goal: "Tillbaka i mitt arbete som lärare på heltid efter jullovet, med färre rastvakter under våren.".into(),
        measures: vec![
            measure(MeasureKind::ChangedHours, "Börja 8.30 i stället för 7.45 under upptrappningen", Party::Manager, None, TaskStatus::Started),
            measure(MeasureKind::Treatment, "Fem samtal om stress och återhämtning hos företagshälsovården", Party::Employee, Some(days(14)), TaskStatus::Planned),
            measure(MeasureKind::Adjustment, "Inga vikariat eller rastvakter förrän på heltid", Party::Manager, None, TaskStatus::Started),
        ],
        schedule: vec![
            GradedWeek { week, percent: 50, hours: hours("mån–fre 8.30–12") },
            GradedWeek { week: week.next(), percent: 50, hours: hours("mån–fre 8.30–12") },
            GradedWeek { week: in_two_weeks, percent: 75, hours: hours("mån–fre 8.30–14") },
            GradedWeek { week: in_three_weeks, percent: 100, hours: None },
        ],
        meetings: vec![
            Meeting {
                id: Uuid::new_v4(),
                at: at(-16, 13),
                participants: "Erik, rektor, Karin Holm (HR), företagshälsovården".into(),
                summary: Some("Halvtid från nästa vecka, förmiddagar. Erik bokar samtal hos företagshälsovården.".into()),
            },
            Meeting {
                id: Uuid::new_v4(),
                at: at(6, 10),
                participants: "Erik, rektor, Karin Holm (HR)".into(),
                summary: None,
            },
        ],
    };
    plan::save(db, &m, case, 0, plan, now).await?;

    let johan = person::Entity::find()
        .filter(person::Column::DisplayName.eq("Johan Lund"))
        .one(db.conn())
        .await
        .map_err(StoreError)?
        .ok_or(RehabError::NotFound)?;
    let m = manage(johan.id).await?;
    for start in [-330, -270, -200, -150, -90, -40, -12] {
        absence::record(db, &m, days(start), days(start + 1), today, now).await?;
    }
    seed_adjustment(db, now).await
}

/// Sara, still at work, asked her manager Maria for adjusted work ten days ago; Maria met her
/// with the safety representative, and they follow up next week.
async fn seed_adjustment(db: &Db, now: DateTime<Utc>) -> Result<(), RehabError> {
    use domain::adjustment::{Companion, Investigation, Recipient};
    let sara = person::Entity::find()
        .filter(person::Column::DisplayName.eq("Sara Ek"))
        .one(db.conn())
        .await
        .map_err(StoreError)?
        .ok_or(RehabError::NotFound)?;
    let sara = crate::Person {
        id: domain::PersonId::from_uuid(sara.id),
        employer_id: domain::EmployerId::from_uuid(sara.employer_id),
        employer_name: String::new(),
        display_name: sara.display_name,
    };
    let today = domain::time::stockholm_date(now);
    let words = "Kvällspassen direkt efter dagpass orkar jag inte längre, och dokumentationen hinns inte med.";
    let asked = now - Duration::days(10);
    let own = policy::own_data(&sara);
    let case = adjustment::request(db, &own, Recipient::Manager, words, asked).await?;
    let maria = find_demo_persona(db, DemoPersona::Manager)
        .await?
        .ok_or(RehabError::NotFound)?;
    let m = policy::manage_rehab_case(db, &policy::actor(db, &maria).await?, case)
        .await?
        .map_err(|_| RehabError::NotFound)?;
    let investigation = Investigation {
        on: today - Duration::days(5),
        companion: Some(Companion::SafetyRepresentative),
        note: "Inga kvällspass direkt efter dagpass under vintern; dokumentationen görs 14–15 i ett eget rum.".into(),
    };
    adjustment::record_investigation(db, &m, case, investigation).await?;
    adjustment::set_follow_up(db, &m, case, today + Duration::days(9), now).await?;
    let plan = Plan {
        goal: "Sara arbetar vidare på heltid med ett schema som håller.".into(),
        measures: vec![
            Measure {
                id: Uuid::new_v4(),
                kind: MeasureKind::ChangedHours,
                description: "Inga kvällspass direkt efter dagpass till och med februari".into(),
                responsible: Party::Manager,
                due: Some(today + Duration::days(3)),
                status: TaskStatus::Started,
            },
            Measure {
                id: Uuid::new_v4(),
                kind: MeasureKind::Adjustment,
                description: "Dokumentationstid 14–15 i samtalsrummet".into(),
                responsible: Party::Manager,
                due: None,
                status: TaskStatus::Done,
            },
        ],
        schedule: vec![],
        meetings: vec![],
    };
    plan::save(db, &m, case, 0, plan, now).await?;
    Ok(())
}

async fn seed_in(txn: &DatabaseTransaction, now: DateTime<Utc>) -> Result<bool, DbErr> {
    if employer::Entity::find()
        .filter(employer::Column::Slug.eq(SLUG))
        .one(txn)
        .await?
        .is_some()
    {
        return Ok(false);
    }
    let employer_id = Uuid::new_v4();
    employer::Entity::insert(employer::ActiveModel {
        id: Set(employer_id),
        slug: Set(SLUG.into()),
        name: Set("Demokommun".into()),
        created_at: Set(now),
    })
    .exec_without_returning(txn)
    .await?;
    for (kind, name, phone, email, url, note) in CONTACTS {
        crate::entity::employer_contact::Entity::insert(
            crate::entity::employer_contact::ActiveModel {
                id: Set(Uuid::new_v4()),
                employer_id: Set(employer_id),
                kind: Set(kind.code().into()),
                name: Set(name.into()),
                phone: Set(Some(phone.into())),
                email: Set(email.map(String::from)),
                url: Set(url.map(String::from)),
                note: Set(Some(note.into())),
            },
        )
        .exec_without_returning(txn)
        .await?;
    }

    let mut unit_ids = Vec::new();
    let mut paths: Vec<String> = Vec::new();
    for (name, parent) in UNITS {
        let id = Uuid::new_v4();
        let path = match parent {
            Some(p) => format!("{}/{name}", paths[p]),
            None => name.to_owned(),
        };
        unit::Entity::insert(unit::ActiveModel {
            id: Set(id),
            employer_id: Set(employer_id),
            parent_id: Set(parent.map(|p| unit_ids[p])),
            name: Set(name.into()),
            path: Set(Some(path.clone())),
        })
        .exec_without_returning(txn)
        .await?;
        unit_ids.push(id);
        paths.push(path);
    }

    let this_week = IsoWeek::containing(now);
    // History ends last week, so every persona can do this week's check-in in the demo.
    let weeks = this_week.previous().last_n(WEEKS_OF_HISTORY);
    let mut rows = Vec::new();
    for (n, story) in PEOPLE.iter().enumerate() {
        let person_id = Uuid::new_v4();
        person::Entity::insert(person::ActiveModel {
            id: Set(person_id),
            employer_id: Set(employer_id),
            unit_id: Set(Some(unit_ids[story.unit])),
            display_name: Set(story.name.into()),
            demo_persona: Set(story.persona.map(|p| p.code().to_owned())),
            active: Set(true),
            created_at: Set(now),
            subject: Set(None),
            // A work address, as an organisation import brings: what occupational health is
            // shown when someone asks to be contacted.
            email: Set(Some(demo_email(story.name))),
            from_import: Set(false),
            gender: Set(Some(DEMO_GENDERS[n].code().to_owned())),
            birth_year: Set(Some(1962 + (n as i32 * 7) % 38)),
            employee_number: Set(Some(format!("{}", 10_001 + n))),
        })
        .exec_without_returning(txn)
        .await?;
        // As the HR system would have it: full time since 2020, part time for every third.
        employment::Entity::insert(employment::ActiveModel {
            id: Set(Uuid::new_v4()),
            person_id: Set(person_id),
            unit_id: Set(Some(unit_ids[story.unit])),
            from_day: Set(NaiveDate::from_ymd_opt(2020, 1, 1).expect("a date")),
            to_day: Set(None),
            weekly_hours_centi: Set(if n % 3 == 2 { 3000 } else { 4000 }),
        })
        .exec_without_returning(txn)
        .await?;
        match story.persona {
            // The manager leads the home-care unit, and so the work group below it too.
            Some(DemoPersona::Manager) => {
                unit_manager::Entity::insert(unit_manager::ActiveModel {
                    unit_id: Set(unit_ids[story.unit]),
                    person_id: Set(person_id),
                })
                .exec_without_returning(txn)
                .await?;
            }
            // The employer's settings: sign-in, the rehab rules, the services people turn to.
            Some(DemoPersona::Admin) => {
                person_role::Entity::insert(person_role::ActiveModel {
                    person_id: Set(person_id),
                    role: Set(Role::Admin.code().into()),
                    source: Set("demo".into()),
                })
                .exec_without_returning(txn)
                .await?;
            }
            // HR follows the rehab cases and, here, also keeps the guidance library and reads
            // the outcomes (the analyst role).
            Some(DemoPersona::Coordinator) => {
                for role in [Role::Coordinator, Role::Editor, Role::Analyst] {
                    person_role::Entity::insert(person_role::ActiveModel {
                        person_id: Set(person_id),
                        role: Set(role.code().into()),
                        source: Set("demo".into()),
                    })
                    .exec_without_returning(txn)
                    .await?;
                }
            }
            _ => {}
        }
        rows.extend(history(story, person_id, &weeks, n as u64, now));
    }
    // Payroll's and HR's picture of everyone else, for the sick-leave figures and outcomes.
    let generated = payroll::workforce(employer_id, &unit_ids, now);
    person::Entity::insert_many(generated.people)
        .exec_without_returning(txn)
        .await?;
    employment::Entity::insert_many(generated.employments)
        .exec_without_returning(txn)
        .await?;
    for chunk in generated.spells.chunks(500) {
        crate::entity::absence_spell::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    check_in::Entity::insert_many(rows)
        .exec_without_returning(txn)
        .await?;
    Ok(true)
}

fn history(
    story: &Story,
    person_id: Uuid,
    weeks: &[IsoWeek],
    seed: u64,
    now: DateTime<Utc>,
) -> Vec<check_in::ActiveModel> {
    let mut noise = Lcg(seed.wrapping_mul(7919).wrapping_add(17));
    let last = (weeks.len() - 1).max(1) as i64;
    // People skip a week now and then, but every story reaches last week.
    let kept: Vec<bool> = (0..weeks.len())
        .map(|i| !noise.next().is_multiple_of(9) || i + 1 == weeks.len())
        .collect();
    weeks
        .iter()
        .enumerate()
        .filter(|(i, _)| kept[*i])
        .map(|(i, week)| {
            let t = i as i64;
            let who5_target =
                story.who5_from + (story.who5_to - story.who5_from) * t / last + noise.jitter(6);
            let raw_sum = (who5_target.clamp(0, 100) / 4).clamp(0, 25);
            let items = spread(raw_sum, &mut noise);
            let stress = (story.stress_from
                + (story.stress_to - story.stress_from) * t / last
                + noise.jitter(1))
            .clamp(1, 5);
            let work_ability = (4 + raw_sum / 4 + noise.jitter(1)).clamp(0, 10);
            let with_who5 = (weeks.len() - 1 - i).is_multiple_of(2);
            let item = |k: usize| Set(with_who5.then_some(items[k] as i16));
            check_in::ActiveModel {
                id: Set(Uuid::new_v4()),
                person_id: Set(person_id),
                iso_week: Set(week.to_string()),
                stress: Set(stress as i16),
                work_ability: Set(work_ability as i16),
                who5_item1: item(0),
                who5_item2: item(1),
                who5_item3: item(2),
                who5_item4: item(3),
                who5_item5: item(4),
                who5_score: Set(with_who5.then_some((items.iter().sum::<i64>() * 4) as i16)),
                wants_to_talk: Set(false),
                note: Set(None),
                submitted_at: Set(now),
                updated_at: Set(now),
            }
        })
        .collect()
}

/// Five items 0–5 that add up to `sum` (0–25), not all equal.
fn spread(sum: i64, noise: &mut Lcg) -> [i64; 5] {
    let mut items = [sum / 5; 5];
    for item in items.iter_mut().take((sum % 5) as usize) {
        *item += 1;
    }
    let (a, b) = ((noise.next() % 5) as usize, (noise.next() % 5) as usize);
    if a != b && items[a] < 5 && items[b] > 0 {
        items[a] += 1;
        items[b] -= 1;
    }
    items
}
