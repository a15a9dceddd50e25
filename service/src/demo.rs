//! Demo mode's employer "Demokommun": a small unit tree, four personas and some colleagues, each
//! with a few months of believable weekly check-ins. Seeding is idempotent.

use crate::entity::{check_in, employer, person, person_role, unit, unit_manager};
use crate::people::DemoPersona;
use crate::{Db, StoreError};
use chrono::{DateTime, Utc};
use domain::guidance::ContactKind;
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

const UNITS: [(&str, Option<usize>); 5] = [
    ("Vård- och omsorgsförvaltningen", None),
    ("Hemtjänst Norr", Some(0)),
    ("Arbetsgrupp Ersboda", Some(1)),
    ("Utbildningsförvaltningen", None),
    ("Björkskolan", Some(3)),
];

const PEOPLE: [Story; 8] = [
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
const CONTACTS: [(ContactKind, &str, &str, Option<&str>, &str); 3] = [
    (
        ContactKind::OccupationalHealth,
        "Demokommunens företagshälsovård",
        "070-174 06 05",
        None,
        "Boka själv: vardagar 8–16.",
    ),
    (
        ContactKind::Hr,
        "HR-service",
        "070-174 06 06",
        None,
        "Frågor om rehabilitering, ledighet och lön.",
    ),
    (
        ContactKind::Union,
        "Fackliga ombud (Kommunal, Vision)",
        "070-174 06 07",
        None,
        "Stöd i möten och arbetsmiljöfrågor.",
    ),
];

pub async fn seed(db: &Db, now: DateTime<Utc>) -> Result<bool, StoreError> {
    let seeded = db.write(move |txn| Box::pin(seed_in(txn, now))).await?;
    if seeded {
        tracing::info!("demo employer seeded");
    }
    Ok(seeded)
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
    for (kind, name, phone, url, note) in CONTACTS {
        crate::entity::employer_contact::Entity::insert(
            crate::entity::employer_contact::ActiveModel {
                id: Set(Uuid::new_v4()),
                employer_id: Set(employer_id),
                kind: Set(kind.code().into()),
                name: Set(name.into()),
                phone: Set(Some(phone.into())),
                email: Set(None),
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
            email: Set(None),
            from_import: Set(false),
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
            // HR follows the rehab cases and, here, also keeps the guidance library.
            Some(DemoPersona::Coordinator) => {
                for role in [Role::Coordinator, Role::Editor] {
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

/// A tiny deterministic generator: the demo looks the same on every machine.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn jitter(&mut self, span: i64) -> i64 {
        (self.next() % (2 * span as u64 + 1)) as i64 - span
    }
}
