use sea_orm::entity::prelude::*;

#[derive(Clone, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "check_ins")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub person_id: Uuid,
    pub iso_week: String,
    pub stress: i16,
    pub work_ability: i16,
    pub who5_item1: Option<i16>,
    pub who5_item2: Option<i16>,
    pub who5_item3: Option<i16>,
    pub who5_item4: Option<i16>,
    pub who5_item5: Option<i16>,
    /// Kept beside the items so trends and (later) team figures need no arithmetic in SQL.
    pub who5_score: Option<i16>,
    pub wants_to_talk: bool,
    pub note: Option<String>,
    pub submitted_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

// Answers are health data: keep them out of any `{:?}`.
impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("check_in::Model")
            .field("id", &self.id)
            .field("iso_week", &self.iso_week)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
