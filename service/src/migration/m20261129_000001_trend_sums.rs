//! The team trend's running sums: per unit and week, the answers of the people counted there.
//!
//! `trend_members` says whom each person's answers count towards now; `trend_sums` holds the
//! totals that every change to a check-in (triggers, below), a grant or the organisation
//! (the service) keeps up to date in the same transaction, so a manager's view reads a few
//! hundred rows instead of every check-in.
//! They are derived data: `derived_data` records that the sums were built from what the
//! database already held, which the service does once at start (`trend::build_once`) with the
//! code of its own day rather than with this migration's.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum TrendMembers {
    Table,
    PersonId,
    EmployerId,
    UnitId,
}

#[derive(DeriveIden)]
enum TrendSums {
    Table,
    EmployerId,
    UnitId,
    IsoWeek,
    CheckedIn,
    Who5Answers,
    Who5Total,
    #[sea_orm(iden = "who5_below_50")]
    Who5Below50,
}

#[derive(DeriveIden)]
enum DerivedData {
    Table,
    Name,
    BuiltAt,
}

#[derive(DeriveIden)]
enum Persons {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Employers {
    Table,
    Id,
}

fn fk(
    table: impl IntoIden,
    col: impl IntoIden,
    to: impl IntoIden,
    to_col: impl IntoIden,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, col)
        .to(to, to_col)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(TrendMembers::Table)
                .col(uuid(TrendMembers::PersonId).primary_key())
                .col(uuid(TrendMembers::EmployerId))
                .col(uuid(TrendMembers::UnitId))
                .foreign_key(&mut fk(
                    TrendMembers::Table,
                    TrendMembers::PersonId,
                    Persons::Table,
                    Persons::Id,
                ))
                .foreign_key(&mut fk(
                    TrendMembers::Table,
                    TrendMembers::UnitId,
                    Units::Table,
                    Units::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("trend_members_employer")
                .table(TrendMembers::Table)
                .col(TrendMembers::EmployerId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(TrendSums::Table)
                .col(uuid(TrendSums::EmployerId))
                .col(uuid(TrendSums::UnitId))
                .col(string(TrendSums::IsoWeek))
                .col(big_integer(TrendSums::CheckedIn))
                .col(big_integer(TrendSums::Who5Answers))
                .col(big_integer(TrendSums::Who5Total))
                .col(big_integer(TrendSums::Who5Below50))
                .primary_key(
                    Index::create()
                        .col(TrendSums::UnitId)
                        .col(TrendSums::IsoWeek),
                )
                .foreign_key(&mut fk(
                    TrendSums::Table,
                    TrendSums::EmployerId,
                    Employers::Table,
                    Employers::Id,
                ))
                .foreign_key(&mut fk(
                    TrendSums::Table,
                    TrendSums::UnitId,
                    Units::Table,
                    Units::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("trend_sums_employer_week")
                .table(TrendSums::Table)
                .col(TrendSums::EmployerId)
                .col(TrendSums::IsoWeek)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(DerivedData::Table)
                .col(string(DerivedData::Name).primary_key())
                .col(timestamp_with_time_zone(DerivedData::BuiltAt))
                .to_owned(),
        )
        .await?;
        for sql in check_in_triggers(m.get_database_backend()) {
            m.get_connection().execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let drop = match m.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => {
                vec!["DROP FUNCTION IF EXISTS check_ins_trend() CASCADE".to_owned()]
            }
            _ => ["insert", "update", "delete"]
                .map(|op| format!("DROP TRIGGER IF EXISTS check_ins_trend_{op}"))
                .to_vec(),
        };
        for sql in drop {
            m.get_connection().execute_unprepared(&sql).await?;
        }
        for table in [
            TrendSums::Table.into_iden(),
            TrendMembers::Table.into_iden(),
            DerivedData::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

/// A check-in's answers move in and out of the sums inside the statement that writes them: an
/// answer is added (`sign` empty) or taken out (`-`) for the unit its person counts towards, if
/// any. In the database rather than in the service because a check-in is the hottest write
/// there is: on SQLite's single writer an extra statement per submission halved throughput.
fn delta(row: &str, sign: &str) -> String {
    format!(
        "INSERT INTO trend_sums (employer_id, unit_id, iso_week, checked_in, who5_answers, \
         who5_total, who5_below_50) \
         SELECT employer_id, unit_id, {row}.iso_week, {sign}1, \
         {sign}CASE WHEN {row}.who5_score IS NULL THEN 0 ELSE 1 END, \
         {sign}COALESCE({row}.who5_score, 0), \
         {sign}CASE WHEN {row}.who5_score < 50 THEN 1 ELSE 0 END \
         FROM trend_members WHERE person_id = {row}.person_id \
         ON CONFLICT (unit_id, iso_week) DO UPDATE SET \
         checked_in = trend_sums.checked_in + excluded.checked_in, \
         who5_answers = trend_sums.who5_answers + excluded.who5_answers, \
         who5_total = trend_sums.who5_total + excluded.who5_total, \
         who5_below_50 = trend_sums.who5_below_50 + excluded.who5_below_50"
    )
}

/// A sum nobody's answers are left in goes, as a rebuild would not write it.
const EMPTIED: &str = "DELETE FROM trend_sums WHERE iso_week = OLD.iso_week AND checked_in = 0 \
     AND unit_id IN (SELECT unit_id FROM trend_members WHERE person_id = OLD.person_id)";

fn check_in_triggers(backend: sea_orm::DatabaseBackend) -> Vec<String> {
    let (take_out, put_in) = (delta("OLD", "-"), delta("NEW", ""));
    match backend {
        // The person's row is locked first, as the service does before changing whom the
        // person counts towards, so that the two never interleave.
        sea_orm::DatabaseBackend::Postgres => vec![
            format!(
                "CREATE FUNCTION check_ins_trend() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN \
                 IF TG_OP IN ('UPDATE', 'DELETE') THEN \
                 PERFORM 1 FROM persons WHERE id = OLD.person_id FOR NO KEY UPDATE; \
                 {take_out}; {EMPTIED}; \
                 END IF; \
                 IF TG_OP IN ('INSERT', 'UPDATE') THEN \
                 PERFORM 1 FROM persons WHERE id = NEW.person_id FOR NO KEY UPDATE; \
                 {put_in}; \
                 END IF; \
                 RETURN NULL; \
                 END $$"
            ),
            "CREATE TRIGGER check_ins_trend AFTER INSERT OR UPDATE OR DELETE ON check_ins \
             FOR EACH ROW EXECUTE FUNCTION check_ins_trend()"
                .to_owned(),
        ],
        // One writer at a time: nothing to lock. Most people are not counted; for them the
        // trigger stops at one index probe.
        _ => {
            let counted = |who: &str| {
                format!("WHEN EXISTS (SELECT 1 FROM trend_members WHERE person_id IN ({who}))")
            };
            vec![
                format!(
                    "CREATE TRIGGER check_ins_trend_insert AFTER INSERT ON check_ins {} \
                     BEGIN {put_in}; END",
                    counted("NEW.person_id")
                ),
                format!(
                    "CREATE TRIGGER check_ins_trend_update AFTER UPDATE ON check_ins {} \
                     BEGIN {take_out}; {EMPTIED}; {put_in}; END",
                    counted("OLD.person_id, NEW.person_id")
                ),
                format!(
                    "CREATE TRIGGER check_ins_trend_delete AFTER DELETE ON check_ins {} \
                     BEGIN {take_out}; {EMPTIED}; END",
                    counted("OLD.person_id")
                ),
            ]
        }
    }
}
