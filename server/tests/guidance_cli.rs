//! `orka load-guidance` as an operator runs it: the real binary publishes a changed shared
//! text, reports a broken file by name and line, and leaves an employer's own version alone.

use std::path::{Path, PathBuf};
use std::process::Command;

fn load(database_url: &str, dir: &Path) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_orka"))
        .arg("load-guidance")
        .env("ORKA_DATABASE_URL", database_url)
        .env("ORKA_CONTENT_DIR", dir)
        .env("ORKA_LOG", "warn")
        .output()
        .expect("orka runs");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

fn library_copy() -> PathBuf {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/guidance");
    let dir = std::env::temp_dir().join(format!("orka-load-{}", uuid::Uuid::new_v4()));
    for lang in ["sv", "en"] {
        std::fs::create_dir_all(dir.join(lang)).unwrap();
        for entry in std::fs::read_dir(shipped.join(lang)).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, dir.join(lang).join(path.file_name().unwrap())).unwrap();
        }
    }
    dir
}

#[tokio::test]
async fn the_operator_publishes_a_changed_text_and_hears_of_a_broken_file() {
    let path = std::env::temp_dir().join(format!("orka-load-{}.db", uuid::Uuid::new_v4()));
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let dir = library_copy();
    let (code, out, err) = load(&url, &dir);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("32 added, 0 updated"), "{out}");

    let sleep = dir.join("sv/sleep.md");
    let text = std::fs::read_to_string(&sleep).unwrap();
    std::fs::write(&sleep, text.replace("Sov bättre", "Sov mycket bättre")).unwrap();
    std::fs::write(dir.join("sv/broken.md"), "---\nslug: broken\n---\n").unwrap();
    let (code, out, err) = load(&url, &dir);
    assert_eq!(code, Some(1), "{err}");
    assert!(out.contains("0 added, 1 updated, 31 unchanged"), "{out}");
    assert!(err.contains("not loaded: sv/broken.md"), "{err}");

    let db = service::Db::connect(&url).await.unwrap();
    let read = service::guidance::get(&db, None, "sleep", domain::guidance::Language::Sv)
        .await
        .unwrap()
        .unwrap();
    assert!(read.title.starts_with("Sov mycket bättre"));

    let (code, _, err) = load(&url, Path::new("/no/such/folder"));
    assert_eq!(code, Some(1));
    assert!(err.contains("/no/such/folder"), "{err}");
    let _ = std::fs::remove_file(path);
    let _ = std::fs::remove_dir_all(dir);
}
