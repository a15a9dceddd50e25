//! The access log's hash chain. Each row's hash covers its content and the hash of the row
//! before, and a one-row head holds the last, so that a row changed, removed or slipped in
//! around the database's own guards (by whoever owns the table and can switch them off) is
//! found by [`verify`]. Keep the head's hash that `orka audit verify` prints somewhere else
//! as well: then even the newest rows cannot go unnoticed.

use crate::entity::access_log;
use crate::{Db, StoreError};
use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Statement, Value,
};
use sha2::{Digest, Sha256};

/// What both databases keep of an instant: microseconds.
pub(super) fn stored(at: DateTime<Utc>) -> DateTime<Utc> {
    at.trunc_subsecs(6)
}

fn digest(previous: &str, seq: i64, r: &access_log::Model) -> String {
    let mut h = Sha256::new();
    for part in [
        previous.to_owned(),
        seq.to_string(),
        r.id.to_string(),
        r.at.to_rfc3339_opts(SecondsFormat::Micros, true),
        r.actor_id.to_string(),
        r.subject_id.to_string(),
        r.what.clone(),
        r.why.clone(),
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    hex::encode(h.finalize())
}

struct Head {
    seq: i64,
    hash: String,
    legacy_rows: i64,
}

async fn head<C: ConnectionTrait>(c: &C, lock: bool) -> Result<Head, DbErr> {
    // On PostgreSQL the writer holds the head until it commits, so instances append in turn.
    let sql = if lock && c.get_database_backend() == DbBackend::Postgres {
        "SELECT seq, hash, legacy_rows FROM access_log_head WHERE id = 1 FOR UPDATE"
    } else {
        "SELECT seq, hash, legacy_rows FROM access_log_head WHERE id = 1"
    };
    let row = c
        .query_one_raw(Statement::from_string(c.get_database_backend(), sql))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("the access log's head".into()))?;
    Ok(Head {
        seq: row.try_get("", "seq")?,
        hash: row.try_get("", "hash")?,
        legacy_rows: row.try_get("", "legacy_rows")?,
    })
}

/// Appends rows to the log, in order, each chained to the one before.
pub(super) async fn append(
    txn: &DatabaseTransaction,
    mut rows: Vec<access_log::Model>,
) -> Result<(), DbErr> {
    if rows.is_empty() {
        return Ok(());
    }
    let Head {
        mut seq, mut hash, ..
    } = head(txn, true).await?;
    for r in &mut rows {
        seq += 1;
        r.at = stored(r.at);
        hash = digest(&hash, seq, r);
        r.seq = Some(seq);
        r.hash = Some(hash.clone());
    }
    // Well under both databases' limit on bound parameters per statement.
    for chunk in rows.chunks(1_000) {
        access_log::Entity::insert_many(
            chunk
                .iter()
                .cloned()
                .map(sea_orm::IntoActiveModel::into_active_model),
        )
        .exec_without_returning(txn)
        .await?;
    }
    txn.execute_raw(Statement::from_sql_and_values(
        txn.get_database_backend(),
        "UPDATE access_log_head SET seq = $1, hash = $2 WHERE id = 1",
        [Value::from(seq), Value::from(hash)],
    ))
    .await?;
    Ok(())
}

/// An intact log.
#[derive(Debug, PartialEq, Eq)]
pub struct Intact {
    /// Rows in the chain.
    pub rows: i64,
    /// Rows from before the chain.
    pub legacy_rows: i64,
    /// The last row's hash: keep it elsewhere to notice a missing tail later.
    pub head: String,
}

/// Where the chain is broken, first place first.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum Broken {
    #[error("row {seq} was changed after it was written")]
    Changed { seq: i64 },
    #[error("rows after {after} are missing before row {next}")]
    Missing { after: i64, next: i64 },
    #[error(
        "the newest rows are missing: the chain ends at row {last}, its head names row {head}"
    )]
    TailMissing { last: i64, head: i64 },
    #[error("rows were added outside the chain: {found} without a place where {expected} were before it")]
    Unchained { found: i64, expected: i64 },
}

/// Reads the whole log in order and checks every link of the chain.
pub async fn verify(db: &Db) -> Result<Result<Intact, Broken>, StoreError> {
    let conn = db.conn();
    let head = head(conn, false).await?;
    let legacy = access_log::Entity::find()
        .filter(access_log::Column::Seq.is_null())
        .count(conn)
        .await? as i64;
    if legacy != head.legacy_rows {
        return Ok(Err(Broken::Unchained {
            found: legacy,
            expected: head.legacy_rows,
        }));
    }
    let (mut last, mut hash) = (0i64, String::new());
    loop {
        let rows = access_log::Entity::find()
            .filter(access_log::Column::Seq.gt(last))
            .order_by_asc(access_log::Column::Seq)
            .limit(10_000)
            .all(conn)
            .await?;
        if rows.is_empty() {
            break;
        }
        for r in rows {
            let seq = r.seq.unwrap_or_default();
            if seq != last + 1 {
                return Ok(Err(Broken::Missing {
                    after: last,
                    next: seq,
                }));
            }
            hash = digest(&hash, seq, &r);
            if r.hash.as_deref() != Some(hash.as_str()) {
                return Ok(Err(Broken::Changed { seq }));
            }
            last = seq;
        }
    }
    if last != head.seq || hash != head.hash {
        return Ok(Err(Broken::TailMissing {
            last,
            head: head.seq,
        }));
    }
    Ok(Ok(Intact {
        rows: last,
        legacy_rows: legacy,
        head: hash,
    }))
}
