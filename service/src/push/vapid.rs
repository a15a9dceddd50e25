//! The server's VAPID key pair (RFC 8292): made on first start, kept in the database so every
//! instance signs with the same key, rotated only on an operator's word.

use crate::entity::{push_subscription, vapid_key};
use crate::{Db, StoreError};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use secrecy::{ExposeSecret, SecretString};
use uuid::Uuid;
use web_push::PartialVapidSignatureBuilder;

#[derive(Clone)]
pub struct VapidKey {
    pub id: Uuid,
    /// Base64url of the uncompressed P-256 point: the `applicationServerKey` browsers subscribe with.
    pub public_key: String,
    /// Shared: cloning the crate's builder derives the key pair again (a scalar
    /// multiplication), which per message would cost more than the encryption.
    signer: std::sync::Arc<PartialVapidSignatureBuilder>,
}

impl std::fmt::Debug for VapidKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VapidKey")
            .field("id", &self.id)
            .field("public_key", &self.public_key)
            .finish_non_exhaustive()
    }
}

impl VapidKey {
    /// A builder to sign one token with (derives the key: sign rarely, see `Sender`).
    pub(crate) fn signer(&self) -> PartialVapidSignatureBuilder {
        PartialVapidSignatureBuilder::clone(&self.signer)
    }

    fn from_row(row: vapid_key::Model) -> Result<Self, StoreError> {
        let private = SecretString::from(row.private_key);
        let signer = web_push::VapidSignatureBuilder::from_base64_no_sub(private.expose_secret())
            .map_err(|_| {
            StoreError(sea_orm::DbErr::Custom(
                "the stored VAPID key is not a P-256 private key".into(),
            ))
        })?;
        Ok(Self {
            id: row.id,
            public_key: row.public_key,
            signer: std::sync::Arc::new(signer),
        })
    }
}

fn generate(now: DateTime<Utc>) -> vapid_key::ActiveModel {
    let pair = jwt_simple::algorithms::ES256KeyPair::generate();
    let private = URL_SAFE_NO_PAD.encode(pair.to_bytes());
    let public = web_push::VapidSignatureBuilder::from_base64_no_sub(&private)
        .expect("a freshly generated P-256 key reads back")
        .get_public_key();
    vapid_key::ActiveModel {
        id: Set(Uuid::new_v4()),
        private_key: Set(private),
        public_key: Set(URL_SAFE_NO_PAD.encode(public)),
        created_at: Set(now),
        retired_at: Set(None),
    }
}

/// The key that signs now, made if there is none yet. Two instances starting together may both
/// make one; the newest wins for both from then on.
pub async fn current(db: &Db, now: DateTime<Utc>) -> Result<VapidKey, StoreError> {
    VapidKey::from_row(current_row(db, now).await?)
}

/// The id of the key that signs now (what a new subscription is made under).
pub(crate) async fn current_id(db: &Db, now: DateTime<Utc>) -> Result<Uuid, StoreError> {
    Ok(current_row(db, now).await?.id)
}

async fn current_row(db: &Db, now: DateTime<Utc>) -> Result<vapid_key::Model, StoreError> {
    if let Some(row) = find_current(db).await? {
        return Ok(row);
    }
    db.write(move |txn| {
        Box::pin(async move {
            vapid_key::Entity::insert(generate(now)).exec(txn).await?;
            Ok(())
        })
    })
    .await?;
    find_current(db).await?.ok_or_else(|| {
        StoreError(sea_orm::DbErr::RecordNotFound(
            "VAPID key just written".into(),
        ))
    })
}

async fn find_current(db: &Db) -> Result<Option<vapid_key::Model>, StoreError> {
    Ok(vapid_key::Entity::find()
        .filter(vapid_key::Column::RetiredAt.is_null())
        .order_by_desc(vapid_key::Column::CreatedAt)
        .order_by_desc(vapid_key::Column::Id)
        .one(db.conn())
        .await?)
}

/// What a rotation did.
#[derive(Debug)]
pub struct Rotation {
    pub key: VapidKey,
    /// Devices that were subscribed with the old key. Push services refuse messages signed
    /// with another key, so they were removed; each subscribes again when the app next opens.
    pub removed_subscriptions: u64,
}

pub async fn rotate(db: &Db, now: DateTime<Utc>) -> Result<Rotation, StoreError> {
    let (id, removed) = db
        .write(move |txn| {
            Box::pin(async move {
                vapid_key::Entity::update_many()
                    .col_expr(
                        vapid_key::Column::RetiredAt,
                        sea_orm::sea_query::Expr::value(now),
                    )
                    .filter(vapid_key::Column::RetiredAt.is_null())
                    .exec(txn)
                    .await?;
                let new = generate(now);
                let id = new.id.clone().unwrap();
                vapid_key::Entity::insert(new).exec(txn).await?;
                let removed = push_subscription::Entity::delete_many()
                    .filter(push_subscription::Column::VapidKeyId.ne(id))
                    .exec(txn)
                    .await?
                    .rows_affected;
                Ok((id, removed))
            })
        })
        .await?;
    let row = vapid_key::Entity::find_by_id(id)
        .one(db.conn())
        .await?
        .ok_or_else(|| StoreError(sea_orm::DbErr::RecordNotFound("rotated VAPID key".into())))?;
    Ok(Rotation {
        key: VapidKey::from_row(row)?,
        removed_subscriptions: removed,
    })
}
