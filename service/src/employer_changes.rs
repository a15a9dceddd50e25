//! Who changed an employer's settings, when, and from what to what. Written in the same
//! transaction as the change; a secret's value is never kept, only that it changed.

use crate::entity::employer_change;
use crate::{Db, StoreError};
use chrono::{DateTime, Utc};
use domain::{EmployerId, PersonId};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};

/// Who made a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangedBy {
    /// Whoever runs the installation, on its command line.
    Operator,
    /// One of the employer's admins, on the web.
    Admin(PersonId),
}

/// One setting as it was and as it became; `None` is "not set". A secret shows as `None`
/// before and after, so that only the fact of the change is kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

impl FieldChange {
    /// The change of `field` from `from` to `to`, if they differ.
    pub(crate) fn of(field: &str, from: Option<&str>, to: Option<&str>) -> Option<Self> {
        (from != to).then(|| Self {
            field: field.into(),
            from: from.map(String::from),
            to: to.map(String::from),
        })
    }

    /// That a secret changed, without its values.
    pub(crate) fn secret(field: &str) -> Self {
        Self {
            field: field.into(),
            from: None,
            to: None,
        }
    }
}

/// A change as admins see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingsChange {
    pub at: DateTime<Utc>,
    /// `None` for the operator.
    pub by: Option<(PersonId, String)>,
    pub fields: Vec<FieldChange>,
}

pub(crate) async fn record(
    txn: &DatabaseTransaction,
    employer: uuid::Uuid,
    by: ChangedBy,
    fields: Vec<FieldChange>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    if fields.is_empty() {
        return Ok(());
    }
    let changes = serde_json::to_string(&fields).map_err(|e| DbErr::Custom(e.to_string()))?;
    employer_change::Entity::insert(employer_change::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        employer_id: Set(employer),
        at: Set(now),
        changed_by: Set(match by {
            ChangedBy::Operator => None,
            ChangedBy::Admin(p) => Some(p.as_uuid()),
        }),
        changes: Set(changes),
    })
    .exec_without_returning(txn)
    .await
    .map(drop)
}

/// The employer's latest changes, newest first.
pub async fn recent(
    db: &Db,
    employer: EmployerId,
    limit: u64,
) -> Result<Vec<SettingsChange>, StoreError> {
    let rows = employer_change::Entity::find()
        .filter(employer_change::Column::EmployerId.eq(employer.as_uuid()))
        .order_by_desc(employer_change::Column::At)
        .limit(limit)
        .all(db.conn())
        .await?;
    let names = crate::people::names(db, rows.iter().filter_map(|r| r.changed_by)).await?;
    Ok(rows
        .into_iter()
        .map(|r| SettingsChange {
            at: r.at,
            by: r.changed_by.map(|p| {
                (
                    PersonId::from_uuid(p),
                    names.get(&p).cloned().unwrap_or_default(),
                )
            }),
            // Written by `record` above; a row that does not parse shows no fields.
            fields: serde_json::from_str(&r.changes).unwrap_or_default(),
        })
        .collect())
}
