//! Guidance editing per employer. The shared library is the operator's: it comes from the
//! content files alone. An employer's editors keep their own version of an article, which only
//! their employer's people read, with every version kept and who wrote it; and "was this
//! helpful?" answers belong to the employer of whoever gave them.
//!
//! Articles changed in the app before this were changed for every employer by one employer's
//! editor. Their text is kept as a version in the history (nothing is lost), and the article
//! goes back to its file, which the next start-up loads again.

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum GuidanceOverrides {
    Table,
    Id,
    ArticleId,
    EmployerId,
    Version,
    Title,
    Summary,
    Topics,
    Audience,
    Reviewed,
    BodyMarkdown,
    BodyHtml,
    BodyText,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum GuidanceVersions {
    Table,
    Id,
    ArticleId,
    EmployerId,
    Version,
    Kind,
    Title,
    Summary,
    Topics,
    Audience,
    BodyMarkdown,
    Author,
    File,
    CreatedAt,
}

#[derive(DeriveIden)]
enum GuidanceArticles {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Employers {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Persons {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(GuidanceOverrides::Table)
                .col(uuid(GuidanceOverrides::Id).primary_key())
                .col(uuid(GuidanceOverrides::ArticleId))
                .col(uuid(GuidanceOverrides::EmployerId))
                .col(integer(GuidanceOverrides::Version))
                .col(string(GuidanceOverrides::Title))
                .col(text(GuidanceOverrides::Summary))
                .col(string(GuidanceOverrides::Topics))
                .col(string(GuidanceOverrides::Audience))
                .col(date(GuidanceOverrides::Reviewed))
                .col(text(GuidanceOverrides::BodyMarkdown))
                .col(text(GuidanceOverrides::BodyHtml))
                .col(text(GuidanceOverrides::BodyText))
                .col(timestamp_with_time_zone(GuidanceOverrides::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(GuidanceOverrides::Table, GuidanceOverrides::ArticleId)
                        .to(GuidanceArticles::Table, GuidanceArticles::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(GuidanceOverrides::Table, GuidanceOverrides::EmployerId)
                        .to(Employers::Table, Employers::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("guidance_overrides_employer_article")
                .table(GuidanceOverrides::Table)
                .col(GuidanceOverrides::EmployerId)
                .col(GuidanceOverrides::ArticleId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(GuidanceVersions::Table)
                .col(uuid(GuidanceVersions::Id).primary_key())
                .col(uuid(GuidanceVersions::ArticleId))
                // None: the shared text (a content file); else that employer's own version.
                .col(uuid_null(GuidanceVersions::EmployerId))
                .col(integer(GuidanceVersions::Version))
                // `file`, `edit`, `shared` (back to the shared text) or `before-per-employer`.
                .col(string(GuidanceVersions::Kind))
                .col(string(GuidanceVersions::Title))
                .col(text(GuidanceVersions::Summary))
                .col(string(GuidanceVersions::Topics))
                .col(string(GuidanceVersions::Audience))
                .col(text(GuidanceVersions::BodyMarkdown))
                // The editor, resolved to a name when shown; gone when the person is removed.
                .col(uuid_null(GuidanceVersions::Author))
                .col(string_null(GuidanceVersions::File))
                .col(timestamp_with_time_zone(GuidanceVersions::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(GuidanceVersions::Table, GuidanceVersions::ArticleId)
                        .to(GuidanceArticles::Table, GuidanceArticles::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(GuidanceVersions::Table, GuidanceVersions::EmployerId)
                        .to(Employers::Table, Employers::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(GuidanceVersions::Table, GuidanceVersions::Author)
                        .to(Persons::Table, Persons::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("guidance_versions_article")
                .table(GuidanceVersions::Table)
                .col(GuidanceVersions::ArticleId)
                .col(GuidanceVersions::EmployerId)
                .to_owned(),
        )
        .await?;

        let db = m.get_connection();
        let backend = m.get_database_backend();
        let mut statements = vec![
            // Answers from before have no employer: no employer's editors see them.
            "ALTER TABLE guidance_feedback ADD COLUMN employer_id UUID \
             REFERENCES employers (id) ON DELETE CASCADE"
                .to_owned(),
            "CREATE INDEX guidance_feedback_employer ON guidance_feedback (employer_id)".to_owned(),
            format!(
                "INSERT INTO guidance_versions (id, article_id, employer_id, version, kind, title, \
                 summary, topics, audience, body_markdown, author, file, created_at) \
                 SELECT {}, id, NULL, 1, 'before-per-employer', title, summary, topics, audience, \
                 body_markdown, NULL, NULL, updated_at FROM guidance_articles \
                 WHERE source = 'editor'",
                match backend {
                    DbBackend::Postgres => "gen_random_uuid()",
                    // A UUID's sixteen bytes, as sea-orm stores them on SQLite.
                    _ => "randomblob(16)",
                }
            ),
            // No file hash: the next load writes the file's text over it.
            "UPDATE guidance_articles SET source = 'file', file_hash = NULL \
             WHERE source = 'editor'"
                .to_owned(),
        ];
        // The search index holds each employer's own versions beside the shared text, which
        // has no employer (''). FTS5 tables take no new column: SQLite's is built anew.
        match backend {
            DbBackend::Sqlite => statements.extend(
                [
                    "CREATE VIRTUAL TABLE guidance_search_new USING fts5(\
                     article_id UNINDEXED, employer_id UNINDEXED, language UNINDEXED, \
                     title_terms, body_terms, tokenize = 'unicode61 remove_diacritics 0')",
                    "INSERT INTO guidance_search_new \
                     (article_id, employer_id, language, title_terms, body_terms) \
                     SELECT article_id, '', language, title_terms, body_terms FROM guidance_search",
                    "DROP TABLE guidance_search",
                    "ALTER TABLE guidance_search_new RENAME TO guidance_search",
                ]
                .map(String::from),
            ),
            _ => statements.extend(
                [
                    "ALTER TABLE guidance_search DROP CONSTRAINT guidance_search_pkey",
                    "ALTER TABLE guidance_search ADD COLUMN employer_id TEXT NOT NULL DEFAULT ''",
                    "CREATE UNIQUE INDEX guidance_search_article_employer \
                     ON guidance_search (article_id, employer_id)",
                ]
                .map(String::from),
            ),
        }
        // One batch on one connection: SQLite's pool would otherwise run the rename on a
        // connection that may not yet see the old table dropped.
        db.execute_unprepared(&statements.join(";\n")).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let backend = m.get_database_backend();
        let statements: Vec<&str> = match backend {
            DbBackend::Sqlite => vec![
                "CREATE VIRTUAL TABLE guidance_search_old USING fts5(\
                 article_id UNINDEXED, language UNINDEXED, title_terms, body_terms, \
                 tokenize = 'unicode61 remove_diacritics 0')",
                "INSERT INTO guidance_search_old (article_id, language, title_terms, body_terms) \
                 SELECT article_id, language, title_terms, body_terms FROM guidance_search \
                 WHERE employer_id = ''",
                "DROP TABLE guidance_search",
                "ALTER TABLE guidance_search_old RENAME TO guidance_search",
                // SQLite cannot drop a column with a foreign key; an unused one does no harm.
                "DROP INDEX guidance_feedback_employer",
            ],
            _ => vec![
                "DELETE FROM guidance_search WHERE employer_id <> ''",
                "DROP INDEX guidance_search_article_employer",
                "ALTER TABLE guidance_search DROP COLUMN employer_id",
                "ALTER TABLE guidance_search ADD PRIMARY KEY (article_id)",
                "ALTER TABLE guidance_feedback DROP COLUMN employer_id",
            ],
        };
        db.execute_unprepared(&statements.join(";\n")).await?;
        m.drop_table(Table::drop().table(GuidanceVersions::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(GuidanceOverrides::Table).to_owned())
            .await
    }
}
