//! Absence from payroll beside absence typed in: a spell may still be going (no last day), has
//! an extent (25–100 % of the ordinary hours), and says where it came from (`manual`, with who
//! recorded it, or `import`, with nobody). Neither database lets a column become nullable the
//! same way (SQLite cannot at all), so the table is rebuilt with its rows, on both.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum AbsenceSpells {
    Table,
    Id,
    PersonId,
    EmployerId,
    FirstDay,
    LastDay,
    RecordedBy,
    RecordedAt,
    Extent,
    Source,
}

#[derive(DeriveIden)]
enum AbsenceSpellsNext {
    Table,
}

#[derive(DeriveIden)]
enum Persons {
    Table,
    Id,
}

const KEPT: &str = "id, person_id, employer_id, first_day, last_day, recorded_by, recorded_at";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// On SQLite too: the rebuild must run on one connection, or another connection of the
    /// pool may still see the old table when the new one takes its name; and a failure
    /// halfway must leave the old table as it was.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use AbsenceSpells as A;
        m.create_table(
            Table::create()
                .table(AbsenceSpellsNext::Table)
                .col(uuid(A::Id).primary_key())
                .col(uuid(A::PersonId))
                .col(uuid(A::EmployerId))
                .col(date(A::FirstDay))
                .col(date_null(A::LastDay))
                .col(uuid_null(A::RecordedBy))
                .col(timestamp_with_time_zone(A::RecordedAt))
                .col(small_integer(A::Extent).default(100))
                .col(string(A::Source).default("manual"))
                .foreign_key(
                    ForeignKey::create()
                        .from(AbsenceSpellsNext::Table, A::PersonId)
                        .to(Persons::Table, Persons::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        db.execute_unprepared(&format!(
            "INSERT INTO absence_spells_next ({KEPT}) SELECT {KEPT} FROM absence_spells"
        ))
        .await?;
        m.drop_table(Table::drop().table(A::Table).to_owned())
            .await?;
        m.rename_table(
            Table::rename()
                .table(AbsenceSpellsNext::Table, A::Table)
                .to_owned(),
        )
        .await?;
        // The indexes went with the old table; the import finds a person's spells by first day.
        for (name, cols) in [
            (
                "absence_spells_employer_first",
                [A::EmployerId, A::FirstDay],
            ),
            ("absence_spells_person_first", [A::PersonId, A::FirstDay]),
        ] {
            let mut index = Index::create();
            index.name(name).table(A::Table);
            for col in cols {
                index.col(col);
            }
            m.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        // Open spells and imported ones have no place in the old table: nothing to go back to
        // without losing them.
        Err(DbErr::Migration(
            "payroll absence cannot be undone without losing imported spells".into(),
        ))
    }
}
