//! The guidance library: articles (from the repository's content folder or edited in the app),
//! the search index, anonymous "was this helpful?" answers, and the employer's contacts.
//!
//! The search index is one table with the same columns on both databases: an FTS5 virtual
//! table on SQLite, a plain table with a GIN full-text index on PostgreSQL. Its text is
//! already stemmed (Snowball, in Rust), so both rank the same words.

use sea_orm::DbBackend;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum GuidanceArticles {
    Table,
    Id,
    Slug,
    Language,
    Title,
    Summary,
    Topics,
    Audience,
    Reviewed,
    Related,
    Contacts,
    BodyMarkdown,
    BodyHtml,
    BodyText,
    Source,
    FileHash,
    Retired,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum GuidanceFeedback {
    Table,
    Id,
    ArticleId,
    Helpful,
    Comment,
    CreatedAt,
}

#[derive(DeriveIden)]
enum EmployerContacts {
    Table,
    Id,
    EmployerId,
    Kind,
    Name,
    Phone,
    Email,
    Url,
    Note,
}

#[derive(DeriveIden)]
enum Employers {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(GuidanceArticles::Table)
                .col(uuid(GuidanceArticles::Id).primary_key())
                .col(string(GuidanceArticles::Slug))
                .col(string(GuidanceArticles::Language))
                .col(string(GuidanceArticles::Title))
                .col(text(GuidanceArticles::Summary))
                .col(string(GuidanceArticles::Topics))
                .col(string(GuidanceArticles::Audience))
                .col(date(GuidanceArticles::Reviewed))
                .col(text(GuidanceArticles::Related))
                .col(string(GuidanceArticles::Contacts))
                .col(text(GuidanceArticles::BodyMarkdown))
                .col(text(GuidanceArticles::BodyHtml))
                .col(text(GuidanceArticles::BodyText))
                .col(string(GuidanceArticles::Source))
                .col(string_null(GuidanceArticles::FileHash))
                .col(boolean(GuidanceArticles::Retired))
                .col(timestamp_with_time_zone(GuidanceArticles::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("guidance_articles_slug_language")
                .table(GuidanceArticles::Table)
                .col(GuidanceArticles::Slug)
                .col(GuidanceArticles::Language)
                .unique()
                .to_owned(),
        )
        .await?;
        // No link to a person, on purpose: the answers are anonymous.
        m.create_table(
            Table::create()
                .table(GuidanceFeedback::Table)
                .col(uuid(GuidanceFeedback::Id).primary_key())
                .col(uuid(GuidanceFeedback::ArticleId))
                .col(boolean(GuidanceFeedback::Helpful))
                .col(text_null(GuidanceFeedback::Comment))
                .col(date(GuidanceFeedback::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(GuidanceFeedback::Table, GuidanceFeedback::ArticleId)
                        .to(GuidanceArticles::Table, GuidanceArticles::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("guidance_feedback_article")
                .table(GuidanceFeedback::Table)
                .col(GuidanceFeedback::ArticleId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(EmployerContacts::Table)
                .col(uuid(EmployerContacts::Id).primary_key())
                .col(uuid(EmployerContacts::EmployerId))
                .col(string(EmployerContacts::Kind))
                .col(string(EmployerContacts::Name))
                .col(string_null(EmployerContacts::Phone))
                .col(string_null(EmployerContacts::Email))
                .col(string_null(EmployerContacts::Url))
                .col(text_null(EmployerContacts::Note))
                .foreign_key(
                    ForeignKey::create()
                        .from(EmployerContacts::Table, EmployerContacts::EmployerId)
                        .to(Employers::Table, Employers::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        match m.get_database_backend() {
            DbBackend::Sqlite => {
                db.execute_unprepared(
                    "CREATE VIRTUAL TABLE guidance_search USING fts5(\
                     article_id UNINDEXED, language UNINDEXED, title_terms, body_terms, \
                     tokenize = 'unicode61 remove_diacritics 0')",
                )
                .await?;
            }
            _ => {
                // The weighted document is stored, not computed per query: ranking reads it.
                db.execute_unprepared(
                    "CREATE TABLE guidance_search (article_id UUID PRIMARY KEY \
                     REFERENCES guidance_articles (id) ON DELETE CASCADE, language TEXT NOT NULL, \
                     title_terms TEXT NOT NULL, body_terms TEXT NOT NULL, \
                     document TSVECTOR GENERATED ALWAYS AS (\
                     setweight(to_tsvector('simple', title_terms), 'A') || \
                     setweight(to_tsvector('simple', body_terms), 'D')) STORED)",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE INDEX guidance_search_document ON guidance_search USING GIN (document)",
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared("DROP TABLE guidance_search")
            .await?;
        for t in [
            EmployerContacts::Table.into_iden(),
            GuidanceFeedback::Table.into_iden(),
            GuidanceArticles::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
