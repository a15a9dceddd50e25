use sea_orm::entity::prelude::*;

/// One "was this helpful?" answer. Anonymous: no person, and only the day it was given; the
/// employer only so that its own editors read it (none for answers from before).
#[derive(Clone, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "guidance_feedback")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub article_id: Uuid,
    pub employer_id: Option<Uuid>,
    pub helpful: bool,
    pub comment: Option<String>,
    pub created_at: Date,
}

// A free-text comment may say anything about the person who wrote it.
impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("guidance_feedback::Model")
            .field("article_id", &self.article_id)
            .field("helpful", &self.helpful)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
