//! The annual report's seven sick-leave figures for one employer and each of its
//! administrations (the units at the top of its tree), over a period, from the employments and
//! spells the imports keep. The rule and the withholding of small groups are
//! `domain::sick_leave`'s; this only gathers what it needs. No person is named in what it
//! returns, and nothing of it is about one person, so no access-log line is owed.

use crate::entity::{absence_spell, employment, person, unit};
use crate::policy::OutcomesAccess;
use crate::{Db, StoreError};
use chrono::{Datelike, NaiveDate};
use domain::sick_leave::{self, Employee, Gender, KeyFigures, Period, Spell, Stint, WeeklyHours};
use domain::EmployerId;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect, RelationTrait};
use std::collections::HashMap;
use uuid::Uuid;

/// The longest period the figures are given for at once: three years.
const MAX_MONTHS: usize = 36;

/// The period a reader asks for, widened to whole calendar months (so that no two periods
/// differ by less than a month: see `domain::sick_leave` on small groups over time); by
/// default last calendar year (the annual report's), either end given or not. `None` when it
/// ends before it starts or spans more than three years.
pub fn period(from: Option<NaiveDate>, to: Option<NaiveDate>, today: NaiveDate) -> Option<Period> {
    let last_year = Period::year(today.year() - 1);
    Period::new(
        from.unwrap_or(last_year.first),
        to.unwrap_or(last_year.last),
    )
    .map(Period::whole_months)
    .filter(|p| p.months() <= MAX_MONTHS)
}

/// The twelve whole months before the one `today` is in.
pub fn last_twelve_months(today: NaiveDate) -> Period {
    let this_month = today.with_day(1).unwrap_or(today);
    let first = this_month
        .checked_sub_months(chrono::Months::new(12))
        .unwrap_or(this_month);
    let last = this_month.pred_opt().unwrap_or(this_month);
    Period::new(first, last).unwrap_or(Period::year(today.year() - 1))
}

/// The months a reader asks for, widened to whole months, either end by default that of the
/// last twelve months. `None` as for `period`.
pub fn recent_months(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<Period> {
    let recent = last_twelve_months(today);
    period(
        Some(from.unwrap_or(recent.first)),
        Some(to.unwrap_or(recent.last)),
        today,
    )
}

/// The figures of the whole employer and of each administration, by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SickLeaveFigures {
    pub period: Period,
    pub employer: KeyFigures,
    pub administrations: Vec<(String, KeyFigures)>,
}

/// The figures over `period` for `employer`, whose outcomes the proof says the reader may see.
pub async fn figures(
    db: &Db,
    _reads: OutcomesAccess,
    employer: EmployerId,
    period: Period,
) -> Result<SickLeaveFigures, StoreError> {
    let employees = population(db, employer, period.last).await?;
    Ok(seven(period, &employees))
}

/// Month by month over `period`, against the same months a year before, for `employer`, whose
/// outcomes the proof says the reader may see.
pub async fn monthly(
    db: &Db,
    _reads: OutcomesAccess,
    employer: EmployerId,
    period: Period,
) -> Result<Vec<domain::outcomes::Month>, StoreError> {
    let employees = population(db, employer, period.last).await?;
    Ok(domain::outcomes::monthly(period, &employees))
}

/// The outcomes page's figures: month by month and the seven over the whole period, from one
/// read of the employer's people and spells.
pub async fn overview(
    db: &Db,
    _reads: OutcomesAccess,
    employer: EmployerId,
    period: Period,
) -> Result<(Vec<domain::outcomes::Month>, SickLeaveFigures), StoreError> {
    let employees = population(db, employer, period.last).await?;
    let months = domain::outcomes::monthly(period, &employees);
    Ok((months, seven(period, &employees)))
}

/// The seven figures over `period` for the employer and each administration.
fn seven(period: Period, employees: &[Employee<String>]) -> SickLeaveFigures {
    let (employer, administrations) = sick_leave::figures(period, employees);
    SickLeaveFigures {
        period,
        employer,
        // People in no unit are in the employer's figures, not in an administration's.
        administrations: administrations
            .into_iter()
            .filter(|(name, _)| !name.is_empty())
            .collect(),
    }
}

/// The employer's people as the figures need them, by administration: their employments and
/// sick spells up to `last` (spells before a period count too: they decide whether an absence
/// reached 60 days).
async fn population(
    db: &Db,
    employer: EmployerId,
    last: NaiveDate,
) -> Result<Vec<Employee<String>>, StoreError> {
    let employer_id = employer.as_uuid();
    let conn = db.conn();
    let units = unit::Entity::find()
        .filter(unit::Column::EmployerId.eq(employer_id))
        .all(conn)
        .await?;
    let top = administrations(&units);
    // Only the columns the figures need: a large employer has hundreds of thousands of spells.
    let people: HashMap<Uuid, (Option<String>, Option<i32>)> = person::Entity::find()
        .select_only()
        .column(person::Column::Id)
        .column(person::Column::Gender)
        .column(person::Column::BirthYear)
        .filter(person::Column::EmployerId.eq(employer_id))
        .into_tuple::<(Uuid, Option<String>, Option<i32>)>()
        .all(conn)
        .await?
        .into_iter()
        .map(|(id, gender, born)| (id, (gender, born)))
        .collect();
    type EmploymentRow = (Uuid, Option<Uuid>, NaiveDate, Option<NaiveDate>, i32);
    let employments: Vec<EmploymentRow> = employment::Entity::find()
        .select_only()
        .column(employment::Column::PersonId)
        .column(employment::Column::UnitId)
        .column(employment::Column::FromDay)
        .column(employment::Column::ToDay)
        .column(employment::Column::WeeklyHoursCenti)
        .join(
            sea_orm::JoinType::InnerJoin,
            employment::Relation::Person.def(),
        )
        .filter(person::Column::EmployerId.eq(employer_id))
        .filter(employment::Column::FromDay.lte(last))
        .into_tuple()
        .all(conn)
        .await?;
    let spells: Vec<(Uuid, NaiveDate, Option<NaiveDate>, i16)> = absence_spell::Entity::find()
        .select_only()
        .column(absence_spell::Column::PersonId)
        .column(absence_spell::Column::FirstDay)
        .column(absence_spell::Column::LastDay)
        .column(absence_spell::Column::Extent)
        .filter(absence_spell::Column::EmployerId.eq(employer_id))
        .filter(absence_spell::Column::FirstDay.lte(last))
        .into_tuple()
        .all(conn)
        .await?;
    let mut by_person: HashMap<Uuid, Employee<String>> = HashMap::new();
    for (person, unit, from, to, centi) in employments {
        let Some((gender, born)) = people.get(&person) else {
            continue;
        };
        let Some(hours) = u32::try_from(centi).ok().and_then(WeeklyHours::from_centi) else {
            continue;
        };
        let administration = unit.and_then(|u| top.get(&u).cloned()).unwrap_or_default();
        by_person
            .entry(person)
            .or_insert_with(|| Employee {
                gender: gender
                    .as_deref()
                    .and_then(Gender::parse)
                    .unwrap_or(Gender::NotStated),
                birth_year: *born,
                stints: vec![],
                spells: vec![],
            })
            .stints
            .push(Stint {
                unit: administration,
                from,
                to,
                hours,
            });
    }
    for (person, first, last, extent) in spells {
        if let Some(e) = by_person.get_mut(&person) {
            e.spells.push(Spell {
                first,
                last,
                extent: u8::try_from(extent.clamp(0, 100)).unwrap_or(100),
            });
        }
    }
    Ok(by_person.into_values().collect())
}

/// Each unit's administration: the name of the unit at the top of its branch.
fn administrations(units: &[unit::Model]) -> HashMap<Uuid, String> {
    let by_id: HashMap<Uuid, &unit::Model> = units.iter().map(|u| (u.id, u)).collect();
    units
        .iter()
        .map(|u| {
            let mut top = u;
            // A tree has no cycles; the bound only guards against a broken one.
            for _ in 0..units.len() {
                match top.parent_id.and_then(|p| by_id.get(&p)) {
                    Some(parent) => top = parent,
                    None => break,
                }
            }
            (u.id, top.name.clone())
        })
        .collect()
}
