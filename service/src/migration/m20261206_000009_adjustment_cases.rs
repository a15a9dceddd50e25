//! Adjustment cases for people still at work (arbetsanpassning): a case of another kind, with
//! what the employer observed, the investigation with the employee and the follow-up date. The
//! measures are the case's plan. When the person is later sick-listed the same case becomes a
//! sick-leave case and keeps all of it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RehabCases {
    Table,
    Id,
    Kind,
}

#[derive(DeriveIden)]
enum RehabAdjustments {
    Table,
    CaseId,
    StartedFrom,
    AlertId,
    Observed,
    WithManager,
    InvestigatedOn,
    Companion,
    InvestigationNote,
    FollowUpOn,
    FollowUpBy,
    SickLeaveFrom,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(RehabCases::Table)
                .add_column(
                    ColumnDef::new(RehabCases::Kind)
                        .string()
                        .not_null()
                        .default("sick-leave"),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RehabAdjustments::Table)
                .col(uuid(RehabAdjustments::CaseId).primary_key())
                .col(string(RehabAdjustments::StartedFrom))
                .col(uuid_null(RehabAdjustments::AlertId))
                .col(text_null(RehabAdjustments::Observed))
                .col(boolean(RehabAdjustments::WithManager))
                .col(date_null(RehabAdjustments::InvestigatedOn))
                .col(string_null(RehabAdjustments::Companion))
                .col(text_null(RehabAdjustments::InvestigationNote))
                .col(date_null(RehabAdjustments::FollowUpOn))
                .col(uuid_null(RehabAdjustments::FollowUpBy))
                .col(date_null(RehabAdjustments::SickLeaveFrom))
                .foreign_key(
                    ForeignKey::create()
                        .from(RehabAdjustments::Table, RehabAdjustments::CaseId)
                        .to(RehabCases::Table, RehabCases::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(RehabAdjustments::Table).to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(RehabCases::Table)
                .drop_column(RehabCases::Kind)
                .to_owned(),
        )
        .await
    }
}
