//! The organisation from a CSV file: units, people, who leads what and who holds which role.
//! The file is the whole truth for the people it has ever listed: running it twice changes
//! nothing, people missing from it are deactivated (never deleted), and a file with a bad row
//! changes nothing at all.
//!
//! Columns (a header row names them, in any order; `,` or `;` between fields, `|` between
//! several values in one field):
//! `subject` (the identity provider's `sub`), `name`, `email`, `unit` (`Förvaltning/Enhet/Grupp`),
//! `manages` (unit paths), `roles` (`coordinator`, `admin`, `editor`).
//!
//! And what the sick-leave figures need, each column optional (a file without it leaves what
//! is stored as it is): `gender` (`kvinna`/`woman`, `man`, `annat`/`other`, empty: not stated),
//! `birth_year`, `employee_number` (what payroll's absence files name people by) and
//! `weekly_hours` (ordinary hours per week, `38,25`), with `employed_from` (`YYYY-MM-DD`) for
//! someone's first employment Orka hears of. Every change of unit or hours closes the person's
//! employment the day before the import and opens the next one on its day, so the figures
//! count each day where and as much as it was worked. Nothing about health is ever read: a
//! column the importer does not know is refused.

use crate::entity::{employer, employment, person, person_role, unit, unit_manager};
use crate::{Db, StoreError};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use domain::sick_leave::{Gender, WeeklyHours};
use domain::{Role, UnitPath};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter, QuerySelect, RelationTrait,
};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

/// One person as the file describes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgRow {
    pub line: u64,
    pub subject: String,
    pub name: String,
    pub email: Option<String>,
    pub unit: Option<UnitPath>,
    pub manages: Vec<UnitPath>,
    pub roles: Vec<Role>,
    pub hr: HrFacts,
}

/// A column the file may leave out: `Keep` when it has none, so the stored value stays.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Column<T> {
    #[default]
    Keep,
    Set(T),
}

/// What the HR system says of someone beyond their place in the organisation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HrFacts {
    pub gender: Column<Gender>,
    pub birth_year: Column<Option<i32>>,
    pub employee_number: Column<Option<String>>,
    pub weekly_hours: Column<Option<WeeklyHours>>,
    /// When their first employment began; the import's day when not given.
    pub employed_from: Option<NaiveDate>,
}

/// A problem with the file, by line (the header is line 1).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct LineError {
    pub line: u64,
    pub message: String,
}

/// At most this many problems are reported; the first ones are what an operator fixes first.
const MAX_REPORTED: usize = 50;
const COLUMNS: [&str; 11] = [
    "subject",
    "name",
    "email",
    "unit",
    "manages",
    "roles",
    "gender",
    "birth_year",
    "employee_number",
    "weekly_hours",
    "employed_from",
];
/// Rows per INSERT: well within SQLite's and PostgreSQL's limits on bound parameters.
const CHUNK: usize = 1000;

/// A reader for an HR or payroll export as Excel and such systems write it: a byte-order mark
/// or not, `;` between fields when the header has no `,` (a Swedish locale), fields trimmed.
pub(crate) fn csv_reader(text: &str) -> csv::Reader<&[u8]> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header = text.lines().next().unwrap_or_default();
    let delimiter = if header.contains(';') && !header.contains(',') {
        b';'
    } else {
        b','
    };
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes())
}

/// Reads the whole file, or says what is wrong with it, line by line.
pub fn parse(text: &str) -> Result<Vec<OrgRow>, Vec<LineError>> {
    let mut reader = csv_reader(text);
    let err = |line: u64, message: String| LineError { line, message };
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.to_lowercase()).collect(),
        Err(e) => return Err(vec![err(1, format!("cannot read the header: {e}"))]),
    };
    if let Some(unknown) = headers.iter().find(|h| !COLUMNS.contains(&h.as_str())) {
        return Err(vec![err(
            1,
            format!(
                "unknown column '{unknown}'; the columns are {}",
                COLUMNS.join(", ")
            ),
        )]);
    }
    for required in ["subject", "name"] {
        if !headers.iter().any(|h| h == required) {
            return Err(vec![err(1, format!("the column '{required}' is missing"))]);
        }
    }
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (subject_at, name_at) = (col("subject"), col("name"));
    let (email_at, unit_at, manages_at, roles_at) =
        (col("email"), col("unit"), col("manages"), col("roles"));
    let hr_at = HrColumns {
        gender: col("gender"),
        birth_year: col("birth_year"),
        employee_number: col("employee_number"),
        weekly_hours: col("weekly_hours"),
        employed_from: col("employed_from"),
    };
    let mut numbers: HashMap<String, u64> = HashMap::new();

    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(err(line, format!("not a CSV row: {e}")));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let field = |at: Option<usize>| at.and_then(|i| record.get(i)).unwrap_or_default();
        let mut problems = Vec::new();
        let subject = field(subject_at).to_owned();
        if subject.is_empty() || subject.len() > 255 {
            problems.push("subject: 1 to 255 characters".to_owned());
        } else if let Some(first) = seen.insert(subject.clone(), line) {
            problems.push(format!("subject '{subject}' is also on line {first}"));
        }
        let name = field(name_at).to_owned();
        if name.is_empty() || name.chars().count() > 200 {
            problems.push("name: 1 to 200 characters".to_owned());
        }
        let email = Some(field(email_at).to_owned()).filter(|e| !e.is_empty());
        if email
            .as_deref()
            .is_some_and(|e| !e.contains('@') || e.len() > 320)
        {
            problems.push("email: not an e-mail address".to_owned());
        }
        let unit = match field(unit_at) {
            "" => None,
            u => match UnitPath::parse(u) {
                Ok(p) => Some(p),
                Err(e) => {
                    problems.push(format!("unit: {e}"));
                    None
                }
            },
        };
        let mut manages = Vec::new();
        for p in values(field(manages_at)) {
            match UnitPath::parse(p) {
                Ok(p) => manages.push(p),
                Err(e) => problems.push(format!("manages: {e}")),
            }
        }
        let mut roles = Vec::new();
        for r in values(field(roles_at)) {
            match Role::parse(r) {
                Some(r) if !roles.contains(&r) => roles.push(r),
                Some(_) => {}
                None => problems.push(format!(
                    "roles: '{r}' is not a role (coordinator, admin, editor)"
                )),
            }
        }
        let hr = hr_facts(&hr_at, &field, &mut problems);
        if let Column::Set(Some(number)) = &hr.employee_number {
            if let Some(first) = numbers.insert(number.clone(), line) {
                problems.push(format!(
                    "employee_number '{number}' is also on line {first}"
                ));
            }
        }
        if problems.is_empty() {
            rows.push(OrgRow {
                line,
                subject,
                name,
                email,
                unit,
                manages,
                roles,
                hr,
            });
        } else {
            errors.push(err(line, problems.join("; ")));
        }
        if errors.len() >= MAX_REPORTED {
            break;
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// Where the optional HR columns are, when the file has them.
struct HrColumns {
    gender: Option<usize>,
    birth_year: Option<usize>,
    employee_number: Option<usize>,
    weekly_hours: Option<usize>,
    employed_from: Option<usize>,
}

/// The HR columns of one row; each problem is added to `problems`.
fn hr_facts<'r>(
    at: &HrColumns,
    field: &impl Fn(Option<usize>) -> &'r str,
    problems: &mut Vec<String>,
) -> HrFacts {
    let column = |at: Option<usize>| at.map(|i| field(Some(i)));
    let mut hr = HrFacts::default();
    if let Some(v) = column(at.gender) {
        match Gender::from_hr(v) {
            Some(g) => hr.gender = Column::Set(g),
            None => problems.push(format!(
                "gender: '{v}' is not one of kvinna, man, annat or empty (not stated)"
            )),
        }
    }
    if let Some(v) = column(at.birth_year) {
        match v {
            "" => hr.birth_year = Column::Set(None),
            v => match v.parse::<i32>() {
                Ok(y) if (1900..=2100).contains(&y) => hr.birth_year = Column::Set(Some(y)),
                _ => problems.push(format!("birth_year: '{v}' is not a year like 1980")),
            },
        }
    }
    if let Some(v) = column(at.employee_number) {
        if v.chars().count() > 64 {
            problems.push("employee_number: at most 64 characters".to_owned());
        } else {
            hr.employee_number = Column::Set(Some(v.to_owned()).filter(|v| !v.is_empty()));
        }
    }
    if let Some(v) = column(at.weekly_hours) {
        match v {
            "" => hr.weekly_hours = Column::Set(None),
            v => match WeeklyHours::parse(v) {
                Some(h) => hr.weekly_hours = Column::Set(Some(h)),
                None => problems.push(format!(
                    "weekly_hours: '{v}' is not hours per week from 0 to 168, like 38,25"
                )),
            },
        }
    }
    if let Some(v) = column(at.employed_from).filter(|v| !v.is_empty()) {
        match domain::time::date(v) {
            Some(d) => hr.employed_from = Some(d),
            None => problems.push(format!(
                "employed_from: '{v}' is not a date like 2024-08-19"
            )),
        }
    }
    hr
}

fn values(field: &str) -> impl Iterator<Item = &str> {
    field.split('|').map(str::trim).filter(|v| !v.is_empty())
}

/// What an import changed. All zero when the file says what the database already knows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub units_added: usize,
    pub people_added: usize,
    pub people_updated: usize,
    pub people_deactivated: usize,
    pub leads_changed: usize,
    pub roles_changed: usize,
    /// Employments opened or closed: someone's unit or hours changed, they came or left.
    pub employments_changed: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("no employer has the slug '{0}'")]
    NoEmployer(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<DbErr> for ImportError {
    fn from(e: DbErr) -> Self {
        Self::Store(e.into())
    }
}

/// Applies a parsed file in one transaction: all of it or none of it.
pub async fn apply(
    db: &Db,
    employer_slug: &str,
    rows: Vec<OrgRow>,
    now: DateTime<Utc>,
) -> Result<ImportReport, ImportError> {
    let rows = Arc::new(rows);
    let slug = employer_slug.to_owned();
    let report = db
        .write(move |txn| {
            let (rows, slug) = (rows.clone(), slug.clone());
            Box::pin(async move { apply_in(txn, &slug, &rows, now).await })
        })
        .await?;
    let report = report.ok_or_else(|| ImportError::NoEmployer(employer_slug.to_owned()))?;
    tracing::info!(employer = %employer_slug, ?report, "organisation imported");
    Ok(report)
}

async fn apply_in(
    txn: &DatabaseTransaction,
    slug: &str,
    rows: &[OrgRow],
    now: DateTime<Utc>,
) -> Result<Option<ImportReport>, DbErr> {
    let Some(employer) = employer::Entity::find()
        .filter(employer::Column::Slug.eq(slug))
        .one(txn)
        .await?
    else {
        return Ok(None);
    };
    let mut report = ImportReport::default();
    let units = ensure_units(txn, employer.id, rows, &mut report).await?;

    // People, by subject.
    let existing: HashMap<String, person::Model> = person::Entity::find()
        .filter(person::Column::EmployerId.eq(employer.id))
        .filter(person::Column::Subject.is_not_null())
        .all(txn)
        .await?
        .into_iter()
        .filter_map(|p| p.subject.clone().map(|s| (s, p)))
        .collect();
    let mut ids: HashMap<&str, uuid::Uuid> = HashMap::new();
    let mut new_people = Vec::new();
    for row in rows {
        let unit_id = row.unit.as_ref().map(|u| units[u]);
        match existing.get(&row.subject) {
            Some(p) => {
                ids.insert(&row.subject, p.id);
                let mut a = p.clone().into_active_model();
                if p.display_name != row.name {
                    a.display_name = Set(row.name.clone());
                }
                if p.email != row.email {
                    a.email = Set(row.email.clone());
                }
                if p.unit_id != unit_id {
                    a.unit_id = Set(unit_id);
                }
                if !p.from_import {
                    a.from_import = Set(true);
                }
                if !p.active {
                    a.active = Set(true);
                }
                set_hr(&mut a, Some(p), &row.hr);
                if a.is_changed() {
                    person::Entity::update(a).exec(txn).await?;
                    report.people_updated += 1;
                }
            }
            None => {
                let id = uuid::Uuid::new_v4();
                ids.insert(&row.subject, id);
                let mut a = person::ActiveModel {
                    id: Set(id),
                    employer_id: Set(employer.id),
                    unit_id: Set(unit_id),
                    display_name: Set(row.name.clone()),
                    demo_persona: Set(None),
                    active: Set(true),
                    created_at: Set(now),
                    subject: Set(Some(row.subject.clone())),
                    email: Set(row.email.clone()),
                    from_import: Set(true),
                    // Every row sets the same columns: one INSERT takes many rows.
                    gender: Set(None),
                    birth_year: Set(None),
                    employee_number: Set(None),
                };
                set_hr(&mut a, None, &row.hr);
                new_people.push(a);
            }
        }
    }
    report.people_added = new_people.len();
    insert_chunked(txn, new_people).await?;

    // Imported people no longer in the file have left.
    let leavers: Vec<uuid::Uuid> = existing
        .values()
        .filter(|p| {
            p.from_import && p.active && !ids.contains_key(p.subject.as_deref().unwrap_or_default())
        })
        .map(|p| p.id)
        .collect();
    for chunk in leavers.chunks(CHUNK) {
        person::Entity::update_many()
            .col_expr(person::Column::Active, Expr::value(false))
            .filter(person::Column::Id.is_in(chunk.to_vec()))
            .exec(txn)
            .await?;
        crate::sessions::end_all_in(txn, chunk.to_vec()).await?;
    }
    report.people_deactivated = leavers.len();
    report.employments_changed =
        employments(txn, employer.id, rows, &ids, &units, &leavers, now).await?;

    // The file decides the leads and roles of everyone it lists and everyone it once listed.
    let governed: HashSet<uuid::Uuid> = ids
        .values()
        .copied()
        .chain(existing.values().filter(|p| p.from_import).map(|p| p.id))
        .collect();
    let want_leads: BTreeSet<(uuid::Uuid, uuid::Uuid)> = rows
        .iter()
        .flat_map(|r| {
            r.manages
                .iter()
                .map(|u| (units[u], ids[r.subject.as_str()]))
        })
        .collect();
    let have_leads: BTreeSet<(uuid::Uuid, uuid::Uuid)> = unit_manager::Entity::find()
        .join(
            sea_orm::JoinType::InnerJoin,
            unit_manager::Relation::Person.def(),
        )
        .filter(person::Column::EmployerId.eq(employer.id))
        .all(txn)
        .await?
        .into_iter()
        .filter(|m| governed.contains(&m.person_id))
        .map(|m| (m.unit_id, m.person_id))
        .collect();
    for (unit_id, person_id) in have_leads.difference(&want_leads) {
        unit_manager::Entity::delete_by_id((*unit_id, *person_id))
            .exec(txn)
            .await?;
    }
    let added: Vec<_> = want_leads
        .difference(&have_leads)
        .map(|(u, p)| unit_manager::ActiveModel {
            unit_id: Set(*u),
            person_id: Set(*p),
        })
        .collect();
    report.leads_changed = have_leads.difference(&want_leads).count() + added.len();
    insert_chunked(txn, added).await?;

    const IMPORT: &str = "import";
    let want_roles: BTreeSet<(uuid::Uuid, &str)> = rows
        .iter()
        .flat_map(|r| {
            r.roles
                .iter()
                .map(|role| (ids[r.subject.as_str()], role.code()))
        })
        .collect();
    let have_rows = person_role::Entity::find()
        .join(
            sea_orm::JoinType::InnerJoin,
            person_role::Relation::Person.def(),
        )
        .filter(person::Column::EmployerId.eq(employer.id))
        .filter(person_role::Column::Source.eq(IMPORT))
        .all(txn)
        .await?;
    let have_roles: BTreeSet<(uuid::Uuid, &str)> = have_rows
        .iter()
        .map(|r| (r.person_id, r.role.as_str()))
        .collect();
    for (person_id, role) in have_roles.difference(&want_roles) {
        person_role::Entity::delete_by_id((*person_id, role.to_string(), IMPORT.to_owned()))
            .exec(txn)
            .await?;
    }
    let added: Vec<_> = want_roles
        .difference(&have_roles)
        .map(|(p, role)| person_role::ActiveModel {
            person_id: Set(*p),
            role: Set(role.to_string()),
            source: Set(IMPORT.to_owned()),
        })
        .collect();
    report.roles_changed = have_roles.difference(&want_roles).count() + added.len();
    insert_chunked(txn, added).await?;
    crate::trend::recount(txn, employer.id, None).await?;
    Ok(Some(report))
}

/// The HR facts the file has columns for, onto a person (`stored`: as they are now).
fn set_hr(a: &mut person::ActiveModel, stored: Option<&person::Model>, hr: &HrFacts) {
    if let Column::Set(g) = hr.gender {
        if stored.is_none_or(|p| p.gender.as_deref() != Some(g.code())) {
            a.gender = Set(Some(g.code().to_owned()));
        }
    }
    if let Column::Set(y) = hr.birth_year {
        if stored.is_none_or(|p| p.birth_year != y) {
            a.birth_year = Set(y);
        }
    }
    if let Column::Set(n) = &hr.employee_number {
        if stored.is_none_or(|p| &p.employee_number != n) {
            a.employee_number = Set(n.clone());
        }
    }
}

/// Keeps each listed person's open employment in step with the file's unit and hours, and
/// closes the leavers'. A change closes the open employment the day before the import (or
/// replaces it, when it opened the same day) and opens the next one on the import's day; a
/// first employment opens on `employed_from` when the file gives it. Returns how many
/// employments were opened or closed.
async fn employments(
    txn: &DatabaseTransaction,
    employer_id: uuid::Uuid,
    rows: &[OrgRow],
    ids: &HashMap<&str, uuid::Uuid>,
    units: &HashMap<UnitPath, uuid::Uuid>,
    leavers: &[uuid::Uuid],
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let today = domain::time::stockholm_date(now);
    let all = employment::Entity::find()
        .join(
            sea_orm::JoinType::InnerJoin,
            employment::Relation::Person.def(),
        )
        .filter(person::Column::EmployerId.eq(employer_id))
        .all(txn)
        .await?;
    let employed_before: HashSet<uuid::Uuid> = all.iter().map(|e| e.person_id).collect();
    let open: HashMap<uuid::Uuid, employment::Model> = all
        .into_iter()
        .filter(|e| e.to_day.is_none())
        .map(|e| (e.person_id, e))
        .collect();
    let mut changed = 0;
    let mut opened = Vec::new();
    for row in rows {
        let id = ids[row.subject.as_str()];
        let now_open = open.get(&id);
        let unit_id = row.unit.as_ref().map(|u| units[u]);
        let hours = match &row.hr.weekly_hours {
            Column::Keep => now_open.map(|e| e.weekly_hours_centi),
            Column::Set(h) => h.map(|h| h.centi() as i32),
        };
        let want = hours.map(|h| (unit_id, h));
        if want == now_open.map(|e| (e.unit_id, e.weekly_hours_centi)) {
            continue;
        }
        if let Some(e) = now_open {
            close(txn, e, today).await?;
            changed += 1;
        }
        if let Some((unit_id, hours)) = want {
            let from = match row.hr.employed_from {
                Some(d) if !employed_before.contains(&id) => d,
                _ => today,
            };
            opened.push(employment::ActiveModel {
                id: Set(uuid::Uuid::new_v4()),
                person_id: Set(id),
                unit_id: Set(unit_id),
                from_day: Set(from),
                to_day: Set(None),
                weekly_hours_centi: Set(hours),
            });
        }
    }
    for id in leavers {
        if let Some(e) = open.get(id) {
            close(txn, e, today).await?;
            changed += 1;
        }
    }
    changed += opened.len();
    insert_chunked(txn, opened).await?;
    Ok(changed)
}

/// Ends an employment the day before `today`; one that began today never was.
async fn close(
    txn: &DatabaseTransaction,
    e: &employment::Model,
    today: NaiveDate,
) -> Result<(), DbErr> {
    if e.from_day >= today {
        employment::Entity::delete_by_id(e.id).exec(txn).await?;
    } else {
        let mut a = e.clone().into_active_model();
        a.to_day = Set(Some(today - Duration::days(1)));
        a.update(txn).await?;
    }
    Ok(())
}

/// Every unit the file names, and the units above them, created where missing.
async fn ensure_units(
    txn: &DatabaseTransaction,
    employer_id: uuid::Uuid,
    rows: &[OrgRow],
    report: &mut ImportReport,
) -> Result<HashMap<UnitPath, uuid::Uuid>, DbErr> {
    let mut known: HashMap<UnitPath, uuid::Uuid> = unit::Entity::find()
        .filter(unit::Column::EmployerId.eq(employer_id))
        .filter(unit::Column::Path.is_not_null())
        .all(txn)
        .await?
        .into_iter()
        .filter_map(|u| {
            let path = UnitPath::parse(u.path.as_deref()?).ok()?;
            Some((path, u.id))
        })
        .collect();
    // Parents before children: a BTreeSet of lineages orders `A` before `A/B`.
    let wanted: BTreeSet<UnitPath> = rows
        .iter()
        .flat_map(|r| r.unit.iter().chain(&r.manages))
        .flat_map(|p| p.lineage().collect::<Vec<_>>())
        .collect();
    let mut new_units = Vec::new();
    for path in wanted {
        if known.contains_key(&path) {
            continue;
        }
        let id = uuid::Uuid::new_v4();
        new_units.push(unit::ActiveModel {
            id: Set(id),
            employer_id: Set(employer_id),
            parent_id: Set(path.parent().map(|p| known[&p])),
            name: Set(path.name().to_owned()),
            path: Set(Some(path.to_string())),
        });
        known.insert(path, id);
    }
    report.units_added = new_units.len();
    // One statement per chunk; a parent is always in an earlier row or chunk than its children.
    insert_chunked(txn, new_units).await?;
    Ok(known)
}

async fn insert_chunked<A>(txn: &DatabaseTransaction, rows: Vec<A>) -> Result<(), DbErr>
where
    A: sea_orm::ActiveModelTrait,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(CHUNK).collect();
        A::Entity::insert_many(chunk)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}
