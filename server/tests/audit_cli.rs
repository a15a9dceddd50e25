//! `orka audit verify` as an operator runs it: the real binary on a fresh SQLite file, before
//! and after a row is slipped into the access log past the chain.

use std::process::Command;

fn verify(database_url: &str) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_orka"))
        .args(["audit", "verify"])
        .env("ORKA_DATABASE_URL", database_url)
        .env("ORKA_LOG", "warn")
        .output()
        .expect("orka runs");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

#[tokio::test]
async fn the_operator_finds_a_row_slipped_into_the_access_log() {
    let path = std::env::temp_dir().join(format!("orka-audit-{}.db", uuid::Uuid::new_v4()));
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let (code, out, err) = verify(&url);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("intact: 0 rows in the chain"), "{out}");

    // A row written around the service: no place in the chain.
    let db = service::Db::connect(&url).await.unwrap();
    use sea_orm::ConnectionTrait;
    db.conn()
        .execute_unprepared(
            "INSERT INTO access_log (id, at, actor_id, subject_id, what, why) VALUES \
             ('00000000-0000-0000-0000-000000000001', '2026-11-25 09:30:00+00:00', \
              '00000000-0000-0000-0000-000000000002', '00000000-0000-0000-0000-000000000003', \
              'weekly-scores', 'duty:manager')",
        )
        .await
        .unwrap();
    let (code, _, err) = verify(&url);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("broken") && err.contains("outside the chain"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "one clear line: {err}");
    let _ = std::fs::remove_file(path);
}
