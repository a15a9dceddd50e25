use sea_orm::entity::prelude::*;

/// One language version of a guidance article, as the operator's content file has it: the
/// text every employer's people read unless their employer keeps its own version.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "guidance_articles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub slug: String,
    /// `sv` or `en`.
    pub language: String,
    pub title: String,
    pub summary: String,
    /// Topic codes, space-separated.
    pub topics: String,
    pub audience: String,
    pub reviewed: Date,
    /// Slugs, space-separated.
    pub related: String,
    /// Contact codes, space-separated.
    pub contacts: String,
    pub body_markdown: String,
    /// Rendered from the Markdown with raw HTML escaped: safe to put in a page as it is.
    pub body_html: String,
    /// The words alone, for search snippets.
    pub body_text: String,
    /// `file`: the content folder (`editor` before editing became per employer).
    pub source: String,
    /// SHA-256 of the file it was loaded from, to notice changes.
    pub file_hash: Option<String>,
    pub retired: bool,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
