//! Sick-leave spells from payroll (Heroma, Personec P, Visma and the like), as a CSV file an
//! operator runs or an integration posts nightly.
//!
//! Columns (a header row names them, in any order; `,` or `;` between fields): `subject` (the
//! identity provider's `sub`) or `employee_number` (from the organisation import) to name the
//! person, `first_day`, `last_day` (empty while the spell lasts) and `extent` (percent of the
//! ordinary hours, 1–100; empty is 100). Nothing else: a reason, a diagnosis or any free text
//! is refused by name, and any other column as unknown.
//!
//! The file is the truth for the employer from the first day of its earliest spell on, as a
//! payroll export "all sick leave since" is: a spell with the same person and first day is
//! updated when its last day or extent changed (a spell that went on, or a correction), an
//! imported spell starting in that stretch that the file no longer has is removed (payroll
//! corrected it away, or moved its first day), and one starting before it is kept (an
//! incremental file). So the same file twice changes nothing, and an empty file nothing at all. Spells typed in by hand are never touched. A file with any bad
//! row changes nothing at all and says what is wrong, by line, as the organisation import does.

use crate::entity::{absence_spell, employer, person};
use crate::rehab::absence::IMPORT;
use crate::{Db, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use domain::problem::ProblemCode;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter,
};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use uuid::Uuid;

const COLUMNS: [&str; 5] = [
    "subject",
    "employee_number",
    "first_day",
    "last_day",
    "extent",
];

/// Columns that would carry health information or free text about it: named in the refusal,
/// so whoever set up the export knows to leave them out rather than rename them.
const HEALTH_COLUMNS: [&str; 16] = [
    "reason",
    "orsak",
    "cause",
    "diagnosis",
    "diagnos",
    "icd",
    "icd10",
    "icd-10",
    "sjukdom",
    "illness",
    "condition",
    "symptom",
    "comment",
    "kommentar",
    "note",
    "anteckning",
];

/// At most this many problems are reported.
const MAX_REPORTED: usize = 50;
/// Rows per statement, within both databases' limits on bound parameters.
const CHUNK: usize = 1000;

/// One thing wrong with the file: where (line, column), what (a code the edge puts into
/// words in the reader's language) and, for the operator, the value or the other line
/// concerned. Never anything from a column about health.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpellProblem {
    /// 1 is the header.
    pub line: u64,
    pub column: String,
    pub code: ProblemCode,
    pub detail: Option<String>,
}

impl SpellProblem {
    /// A file that is not UTF-8 text at all.
    pub fn not_utf8() -> Self {
        SpellProblem::new(1, "", ProblemCode::NotCsv, Some("not UTF-8".into()))
    }

    fn new(line: u64, column: &str, code: ProblemCode, detail: Option<String>) -> Self {
        SpellProblem {
            line,
            column: column.to_owned(),
            code,
            detail,
        }
    }
}

/// Whom a row is about, as the file names them.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Named {
    Subject(String),
    EmployeeNumber(String),
}

/// One spell as the file gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpellRow {
    pub line: u64,
    pub who: Named,
    pub first_day: NaiveDate,
    pub last_day: Option<NaiveDate>,
    pub extent: u8,
}

/// Reads the whole file, or says what is wrong with it, line by line. `today` is the
/// employer's day: no spell may start after it.
pub fn parse(text: &str, today: NaiveDate) -> Result<Vec<SpellRow>, Vec<SpellProblem>> {
    let mut reader = crate::org_import::csv_reader(text);
    let header_problem = |column: &str, code, detail: Option<String>| {
        Err(vec![SpellProblem::new(1, column, code, detail)])
    };
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.to_lowercase()).collect(),
        Err(e) => return header_problem("", ProblemCode::NotCsv, Some(e.to_string())),
    };
    if let Some(h) = headers
        .iter()
        .find(|h| HEALTH_COLUMNS.contains(&h.as_str()))
    {
        return header_problem(h, ProblemCode::AboutHealth, None);
    }
    if let Some(h) = headers.iter().find(|h| !COLUMNS.contains(&h.as_str())) {
        return header_problem(h, ProblemCode::UnknownColumn, None);
    }
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (subject_at, number_at) = (col("subject"), col("employee_number"));
    if subject_at.is_none() && number_at.is_none() {
        return header_problem("employee_number", ProblemCode::Missing, None);
    }
    if col("first_day").is_none() {
        return header_problem("first_day", ProblemCode::Missing, None);
    }
    let (first_at, last_at, extent_at) = (col("first_day"), col("last_day"), col("extent"));

    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(SpellProblem::new(
                    line,
                    "",
                    ProblemCode::NotCsv,
                    Some(e.to_string()),
                ));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let field = |at: Option<usize>| at.and_then(|i| record.get(i)).unwrap_or_default();
        let mut wrong = |column: &str, code, detail: Option<&str>| {
            problems.push(SpellProblem::new(
                line,
                column,
                code,
                detail.map(str::to_owned),
            ))
        };
        let date = domain::time::date;
        let who = match (field(subject_at), field(number_at)) {
            ("", "") => {
                wrong("employee_number", ProblemCode::Missing, None);
                None
            }
            (s, _) if !s.is_empty() => Some(Named::Subject(s.to_owned())),
            (_, n) => Some(Named::EmployeeNumber(n.to_owned())),
        };
        let first_day = match field(first_at) {
            "" => {
                wrong("first_day", ProblemCode::Missing, None);
                None
            }
            v => date(v).or_else(|| {
                wrong("first_day", ProblemCode::NotADate, Some(v));
                None
            }),
        };
        let last_day = match field(last_at) {
            "" => None,
            v => date(v).or_else(|| {
                wrong("last_day", ProblemCode::NotADate, Some(v));
                None
            }),
        };
        if let Some(first) = first_day {
            if first > today {
                wrong(
                    "first_day",
                    ProblemCode::InTheFuture,
                    Some(&first.to_string()),
                );
            }
            if last_day.is_some_and(|last| last < first) {
                wrong("last_day", ProblemCode::BeforeFirstDay, None);
            }
        }
        let extent = match field(extent_at).trim_end_matches('%').trim() {
            "" => Some(100),
            v => match v.parse::<u8>() {
                Ok(e) if (1..=100).contains(&e) => Some(e),
                _ => {
                    wrong("extent", ProblemCode::OutOfRange, Some(v));
                    None
                }
            },
        };
        let clean = problems.last().is_none_or(|p| p.line != line);
        if let (Some(who), Some(first_day), Some(extent), true) = (who, first_day, extent, clean) {
            rows.push(SpellRow {
                line,
                who,
                first_day,
                last_day,
                extent,
            });
        }
        if problems.len() >= MAX_REPORTED {
            break;
        }
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

/// What an import changed. All zero but `unchanged` when the file says what is stored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AbsenceReport {
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
    pub unchanged: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum AbsenceImportError {
    #[error("no employer has the slug '{0}'")]
    NoEmployer(String),
    /// Rows that read well but name nobody at the employer, or overlap: nothing was changed.
    #[error("{} bad row(s); nothing was imported", .0.len())]
    BadRows(Vec<SpellProblem>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What the transaction found: the report, or why nothing was changed.
enum Outcome {
    Done(AbsenceReport),
    NoEmployer,
    BadRows(Vec<SpellProblem>),
}

/// Applies a parsed file in one transaction: all of it or none of it.
pub async fn apply(
    db: &Db,
    employer_slug: &str,
    rows: Vec<SpellRow>,
    now: DateTime<Utc>,
) -> Result<AbsenceReport, AbsenceImportError> {
    let rows = Arc::new(rows);
    let slug = employer_slug.to_owned();
    let outcome = db
        .write(move |txn| {
            let (rows, slug) = (rows.clone(), slug.clone());
            Box::pin(async move { apply_in(txn, &slug, &rows, now).await })
        })
        .await
        .map_err(StoreError)?;
    match outcome {
        Outcome::Done(report) => {
            // Counts only: never who, never when.
            tracing::info!(employer = %employer_slug, ?report, "absence imported");
            Ok(report)
        }
        Outcome::NoEmployer => Err(AbsenceImportError::NoEmployer(employer_slug.to_owned())),
        Outcome::BadRows(lines) => Err(AbsenceImportError::BadRows(lines)),
    }
}

async fn apply_in(
    txn: &DatabaseTransaction,
    slug: &str,
    rows: &[SpellRow],
    now: DateTime<Utc>,
) -> Result<Outcome, DbErr> {
    let Some(employer) = employer::Entity::find()
        .filter(employer::Column::Slug.eq(slug))
        .one(txn)
        .await?
    else {
        return Ok(Outcome::NoEmployer);
    };
    let by_person = match resolve(txn, employer.id, rows).await? {
        Ok(by_person) => by_person,
        Err(lines) => return Ok(Outcome::BadRows(lines)),
    };
    // The stored imported spells, by person and first day.
    let mut stored: HashMap<Uuid, BTreeMap<NaiveDate, absence_spell::Model>> = HashMap::new();
    for s in absence_spell::Entity::find()
        .filter(absence_spell::Column::EmployerId.eq(employer.id))
        .filter(absence_spell::Column::Source.eq(IMPORT))
        .all(txn)
        .await?
    {
        stored
            .entry(s.person_id)
            .or_default()
            .insert(s.first_day, s);
    }
    let mut report = AbsenceReport::default();
    let (mut added, mut removed) = (Vec::new(), Vec::new());
    for (person_id, spells) in &by_person {
        let mine = stored.entry(*person_id).or_default();
        for row in spells {
            match mine.remove(&row.first_day) {
                Some(s) if s.last_day == row.last_day && s.extent == i16::from(row.extent) => {
                    report.unchanged += 1
                }
                Some(s) => {
                    let mut a = s.into_active_model();
                    a.last_day = Set(row.last_day);
                    a.extent = Set(i16::from(row.extent));
                    a.recorded_at = Set(now);
                    a.update(txn).await?;
                    report.updated += 1;
                }
                None => added.push(absence_spell::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    person_id: Set(*person_id),
                    employer_id: Set(employer.id),
                    first_day: Set(row.first_day),
                    last_day: Set(row.last_day),
                    recorded_by: Set(None),
                    recorded_at: Set(now),
                    extent: Set(i16::from(row.extent)),
                    source: Set(IMPORT.to_owned()),
                }),
            }
        }
    }
    // What is left from the file's first day on, the file no longer has.
    if let Some(from) = rows.iter().map(|r| r.first_day).min() {
        for mine in stored.values() {
            removed.extend(mine.range(from..).map(|(_, s)| s.id));
        }
    }
    report.added = added.len();
    report.removed = removed.len();
    for chunk in removed.chunks(CHUNK) {
        absence_spell::Entity::delete_many()
            .filter(absence_spell::Column::Id.is_in(chunk.to_vec()))
            .exec(txn)
            .await?;
    }
    let mut added = added.into_iter().peekable();
    while added.peek().is_some() {
        let chunk: Vec<_> = added.by_ref().take(CHUNK).collect();
        absence_spell::Entity::insert_many(chunk)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(Outcome::Done(report))
}

/// Each row's person, and the rows by person in order of first day; or every row that names
/// nobody at the employer or overlaps another of the same person's.
async fn resolve<'r>(
    txn: &DatabaseTransaction,
    employer_id: Uuid,
    rows: &'r [SpellRow],
) -> Result<Result<HashMap<Uuid, Vec<&'r SpellRow>>, Vec<SpellProblem>>, DbErr> {
    // Leavers too: their spells before they left still count.
    let people = person::Entity::find()
        .filter(person::Column::EmployerId.eq(employer_id))
        .all(txn)
        .await?;
    let mut known: HashMap<Named, Uuid> = HashMap::new();
    for p in people {
        if let Some(s) = p.subject {
            known.insert(Named::Subject(s), p.id);
        }
        if let Some(n) = p.employee_number {
            known.insert(Named::EmployeeNumber(n), p.id);
        }
    }
    let mut errors = Vec::new();
    let mut by_person: HashMap<Uuid, Vec<&SpellRow>> = HashMap::new();
    for row in rows {
        match known.get(&row.who) {
            Some(id) => by_person.entry(*id).or_default().push(row),
            None => {
                let (column, value) = match &row.who {
                    Named::Subject(s) => ("subject", s),
                    Named::EmployeeNumber(n) => ("employee_number", n),
                };
                errors.push(SpellProblem::new(
                    row.line,
                    column,
                    ProblemCode::UnknownPerson,
                    Some(value.clone()),
                ));
            }
        }
    }
    for spells in by_person.values_mut() {
        spells.sort_by_key(|r| r.first_day);
        for pair in spells.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if a.last_day.is_none_or(|last| b.first_day <= last) {
                errors.push(SpellProblem::new(
                    b.line,
                    "first_day",
                    ProblemCode::OverlapsEarlierSpell,
                    Some(format!("line {}", a.line)),
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(Ok(by_person))
    } else {
        errors.sort_by_key(|e| e.line);
        errors.truncate(MAX_REPORTED);
        Ok(Err(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()
    }

    #[test]
    fn a_good_file_reads_with_defaults() {
        let rows = parse(
            "employee_number;first_day;last_day;extent\n1001;2027-01-10;2027-01-12;\n1002;2027-02-01;;50 %\n",
            today(),
        )
        .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].extent, 100);
        assert_eq!(rows[0].who, Named::EmployeeNumber("1001".into()));
        assert_eq!((rows[1].last_day, rows[1].extent), (None, 50));
        assert_eq!(rows[1].line, 3);
    }

    fn found(problems: &[SpellProblem]) -> Vec<(u64, &str, ProblemCode)> {
        problems
            .iter()
            .map(|p| (p.line, p.column.as_str(), p.code))
            .collect()
    }

    #[test]
    fn every_bad_row_is_reported_by_line() {
        let problems = parse(
            "subject,first_day,last_day,extent\n\
             ,2027-01-10,,\n\
             u-1,2027-13-01,,\n\
             u-1,2027-02-10,2027-02-01,\n\
             u-1,2027-04-01,,\n\
             u-1,2027-01-10,,0\n",
            today(),
        )
        .unwrap_err();
        use ProblemCode as C;
        assert_eq!(
            found(&problems),
            vec![
                (2, "employee_number", C::Missing),
                (3, "first_day", C::NotADate),
                (4, "last_day", C::BeforeFirstDay),
                (5, "first_day", C::InTheFuture),
                (6, "extent", C::OutOfRange),
            ]
        );
        assert_eq!(problems[1].detail.as_deref(), Some("2027-13-01"));
    }

    #[test]
    fn a_health_column_is_refused_by_name_and_never_echoed() {
        for column in ["Diagnos", "orsak", "ICD10", "kommentar"] {
            let file = format!("subject,first_day,{column}\nu-1,2027-01-10,F43\n");
            let e = parse(&file, today()).unwrap_err();
            assert_eq!(
                found(&e),
                vec![(1, column.to_lowercase().as_str(), ProblemCode::AboutHealth)]
            );
            assert_eq!(e[0].detail, None);
        }
        let e = parse("subject,first_day,shoe_size\n", today()).unwrap_err();
        assert_eq!(
            found(&e),
            vec![(1, "shoe_size", ProblemCode::UnknownColumn)]
        );
        let e = parse("name,first_day\n", today()).unwrap_err();
        assert_eq!(found(&e), vec![(1, "name", ProblemCode::UnknownColumn)]);
        let e = parse("subject,last_day\n", today()).unwrap_err();
        assert_eq!(found(&e), vec![(1, "first_day", ProblemCode::Missing)]);
    }
}
