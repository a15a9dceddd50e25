//! `Db::write` under concurrency: queued writes share a commit on SQLite, yet each one stays
//! atomic on its own: a failing write undoes all of its statements and none of its neighbours'.

use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, Statement};
use service::Db;

async fn fresh_sqlite() -> Db {
    let path = std::env::temp_dir().join(format!("orka-writes-{}.db", uuid::Uuid::new_v4()));
    let db = Db::connect(&format!("sqlite://{}?mode=rwc", path.display()))
        .await
        .expect("a fresh SQLite file");
    db.conn()
        .execute_unprepared("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        .await
        .unwrap();
    db
}

async fn insert(txn: &DatabaseTransaction, id: i64, body: &str) -> Result<(), DbErr> {
    let sql = format!("INSERT INTO notes (id, body) VALUES ({id}, '{body}')");
    txn.execute_unprepared(&sql).await.map(drop)
}

async fn ids(db: &Db) -> Vec<i64> {
    let rows = db
        .conn()
        .query_all_raw(Statement::from_string(
            db.backend(),
            "SELECT id FROM notes ORDER BY id",
        ))
        .await
        .unwrap();
    rows.iter()
        .map(|r| r.try_get::<i64>("", "id").unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_write_among_many_fails_alone_and_leaves_nothing_half_done() {
    let db = fresh_sqlite().await;
    db.write(|txn| Box::pin(insert(txn, 1000, "taken")))
        .await
        .unwrap();

    let mut tasks = Vec::new();
    for i in 0..200i64 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            db.write(move |txn| {
                Box::pin(async move {
                    insert(txn, i, "first of two").await?;
                    // Write 77 collides on its second statement; its first must not survive.
                    let second = if i == 77 { 1000 } else { 2000 + i };
                    insert(txn, second, "second of two").await?;
                    Ok(i)
                })
            })
            .await
        }));
    }
    let mut failed = Vec::new();
    for task in tasks {
        if let Err(e) = task.await.unwrap() {
            failed.push(e);
        }
    }
    assert_eq!(
        failed.len(),
        1,
        "only the colliding write fails: {failed:?}"
    );

    let stored = ids(&db).await;
    assert_eq!(stored.len(), 1 + 199 * 2);
    assert!(
        !stored.contains(&77),
        "the failed write left its first row behind"
    );
    assert!(stored.contains(&76) && stored.contains(&2076));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_answers_with_its_own_value_after_commit() {
    let db = fresh_sqlite().await;
    let tasks: Vec<_> = (0..20i64)
        .map(|i| {
            let db = db.clone();
            tokio::spawn(async move {
                db.write(move |txn| {
                    Box::pin(async move {
                        insert(txn, i, "x").await?;
                        Ok(i * 10)
                    })
                })
                .await
                .unwrap()
            })
        })
        .collect();
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap());
    }
    assert_eq!(answers, (0..20).map(|i| i * 10).collect::<Vec<_>>());
    assert_eq!(ids(&db).await.len(), 20);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_that_panics_fails_alone_and_the_writer_carries_on() {
    let db = fresh_sqlite().await;
    let mut tasks = Vec::new();
    for i in 0..50i64 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            db.write(move |txn| {
                Box::pin(async move {
                    insert(txn, i, "before").await?;
                    if i == 13 {
                        panic!("a bug in one write");
                    }
                    Ok(i)
                })
            })
            .await
        }));
    }
    let mut failed = vec![];
    for t in tasks {
        if let Err(e) = t.await.unwrap() {
            failed.push(e.to_string());
        }
    }
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert!(failed[0].contains("panicked"), "{failed:?}");
    let stored = ids(&db).await;
    assert_eq!(stored.len(), 49);
    assert!(
        !stored.contains(&13),
        "the panicking write left nothing behind"
    );
    // Later writes still go through.
    db.write(|txn| Box::pin(insert(txn, 500, "after")))
        .await
        .unwrap();
    assert!(ids(&db).await.contains(&500));
}
