//! `orka import-org` as an operator runs it: the real binary on a fresh SQLite file.

use std::process::{Command, Output};

fn orka(database_url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orka"))
        .args(args)
        .env("ORKA_DATABASE_URL", database_url)
        .env("ORKA_LOG", "warn")
        .output()
        .expect("orka runs")
}

/// A fresh SQLite file with the employer `umea`: its folder and database URL.
fn with_employer() -> (std::path::PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("orka-import-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/orka.db?mode=rwc", dir.display());
    let added = orka(
        &url,
        &["employer", "add", "--slug", "umea", "--name", "Umeå kommun"],
    );
    assert!(added.status.success(), "{}", text(&added.stderr));
    (dir, url)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn an_operator_imports_an_organisation_and_hears_what_changed() {
    let (dir, url) = with_employer();

    let good = dir.join("org.csv");
    std::fs::write(
        &good,
        "subject,name,email,unit,manages,roles\n\
         u-1,Maria Berg,maria@example.se,Vård och omsorg/Hemtjänst Norr,Vård och omsorg/Hemtjänst Norr,\n\
         u-2,Anna Lind,,Vård och omsorg/Hemtjänst Norr,,\n",
    )
    .unwrap();
    let path = good.to_str().unwrap();
    let first = orka(&url, &["import-org", "--employer", "umea", path]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(
        text(&first.stdout).contains("2 added, 0 updated, 0 deactivated; 2 units added"),
        "{}",
        text(&first.stdout)
    );
    let again = orka(&url, &["import-org", "--employer", "umea", path]);
    assert!(
        text(&again.stdout)
            .contains("0 added, 0 updated, 0 deactivated; 0 units added; 0 manager and 0 role"),
        "{}",
        text(&again.stdout)
    );

    // A bad row anywhere: every problem named by line, exit code 2, nothing imported.
    let bad = dir.join("bad.csv");
    std::fs::write(
        &bad,
        "subject,name,unit\nu-3,Karin Holm,HR\nu-4,,HR\nu-5,Sven,A//B\n",
    )
    .unwrap();
    let out = orka(
        &url,
        &["import-org", "--employer", "umea", bad.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("2 bad row(s); nothing was imported")
            && err.contains("line 3: name")
            && err.contains("line 4: unit"),
        "{err}"
    );
    let fixed = dir.join("fixed.csv");
    std::fs::write(&fixed, "subject,name,unit\nu-1,Maria Berg,HR\n").unwrap();
    let out = orka(
        &url,
        &[
            "import-org",
            "--employer",
            "nowhere",
            fixed.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no employer has the slug 'nowhere'"));

    // The bad file left the first import as it was: running that again still changes nothing.
    let after = orka(&url, &["import-org", "--employer", "umea", path]);
    assert!(
        text(&after.stdout).contains("0 added, 0 updated, 0 deactivated"),
        "{}",
        text(&after.stdout)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_operator_imports_payroll_absence_and_a_health_column_is_refused() {
    let (dir, url) = with_employer();
    let org = dir.join("org.csv");
    std::fs::write(&org, "subject,name,employee_number\nu-1,Maria Berg,1001\n").unwrap();
    let out = orka(
        &url,
        &["import-org", "--employer", "umea", org.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));

    let spells = dir.join("absence.csv");
    std::fs::write(
        &spells,
        "employee_number;first_day;last_day;extent\n1001;2026-01-12;2026-01-14;100\n",
    )
    .unwrap();
    let path = spells.to_str().unwrap();
    let first = orka(&url, &["import-absence", "--employer", "umea", path]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(
        text(&first.stdout).contains("1 spells in"),
        "{}",
        text(&first.stdout)
    );
    assert!(text(&first.stdout).contains("1 added, 0 updated, 0 removed, 0 unchanged"));
    let again = orka(&url, &["import-absence", "--employer", "umea", path]);
    assert!(text(&again.stdout).contains("0 added, 0 updated, 0 removed, 1 unchanged"));

    let with_diagnosis = dir.join("diagnosis.csv");
    std::fs::write(
        &with_diagnosis,
        "employee_number,first_day,diagnos\n1001,2026-02-01,F43\n",
    )
    .unwrap();
    let out = orka(
        &url,
        &[
            "import-absence",
            "--employer",
            "umea",
            with_diagnosis.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("line 1: diagnos: Orka takes no reason, diagnosis or note"),
        "{err}"
    );
    // The refusal never repeats what the file held.
    assert!(!err.contains("F43"), "{err}");
}
