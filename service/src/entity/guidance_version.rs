use sea_orm::entity::prelude::*;

/// One version of an article's text: the shared text as a content file brought it, or one
/// employer's own version as an editor saved it. Never changed once written.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "guidance_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub article_id: Uuid,
    /// `None` for the shared text.
    pub employer_id: Option<Uuid>,
    /// Counts from 1 for the shared text and for each employer's own versions.
    pub version: i32,
    /// `file`, `edit`, `shared` (the employer went back to the shared text) or
    /// `before-per-employer` (an edit from when edits changed every employer's text).
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub topics: String,
    pub audience: String,
    pub body_markdown: String,
    /// The editor who saved it.
    pub author: Option<Uuid>,
    /// The content file it came from.
    pub file: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
