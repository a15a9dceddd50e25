use sea_orm::entity::prelude::*;

/// An employer's own version of an article: what that employer's people read instead of the
/// shared text. The latest of its versions (`guidance_version`), rendered.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "guidance_overrides")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub article_id: Uuid,
    pub employer_id: Uuid,
    pub version: i32,
    pub title: String,
    pub summary: String,
    /// Topic codes, space-separated.
    pub topics: String,
    pub audience: String,
    pub reviewed: Date,
    pub body_markdown: String,
    /// Rendered with raw HTML escaped, like the shared text.
    pub body_html: String,
    pub body_text: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
