//! `orka employer add|list|update` as an operator runs it: the real binary on a fresh SQLite file.

use std::process::{Command, Output};

struct Cli {
    database_url: String,
}

impl Cli {
    fn new() -> Self {
        let path = std::env::temp_dir().join(format!("orka-cli-{}.db", uuid::Uuid::new_v4()));
        Self {
            database_url: format!("sqlite://{}?mode=rwc", path.display()),
        }
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("orka runs")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_orka"));
        cmd.args(args)
            .env("ORKA_DATABASE_URL", &self.database_url)
            .env_remove("ORKA_CLIENT_SECRET")
            .env("ORKA_LOG", "warn");
        cmd
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            text(&out.stderr)
        );
        text(&out.stdout)
    }

    /// Fails with exit code 2 and one line on stderr naming the problem.
    fn refused(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?} should fail");
        let err = text(&out.stderr);
        assert_eq!(err.trim().lines().count(), 1, "one clear line, got: {err}");
        err
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const ADD_UMEA: &[&str] = &[
    "employer",
    "add",
    "--slug",
    "umea",
    "--name",
    "Umeå kommun",
    "--issuer",
    "https://idp.umea.example/realms/staff",
    "--client-id",
    "orka",
    "--client-secret",
    "s3cret-umea",
    "--groups-claim",
    "groups",
    "--role-map",
    "hr-rehab=coordinator,orka-admins=admin",
];

#[test]
fn an_operator_adds_lists_and_updates_employers_without_ever_seeing_a_secret() {
    let cli = Cli::new();
    assert!(cli.ok(ADD_UMEA).contains("added employer umea"));
    cli.ok(&[
        "employer",
        "add",
        "--slug",
        "vindeln",
        "--name",
        "Vindelns kommun",
    ]);

    let list = cli.ok(&["employer", "list"]);
    assert!(list.contains("umea\tUmeå kommun"), "{list}");
    assert!(
        list.contains("https://idp.umea.example/realms/staff"),
        "{list}"
    );
    assert!(list.contains("openid profile email"), "{list}");
    assert!(
        list.contains("hr-rehab=coordinator,orka-admins=admin"),
        "{list}"
    );
    assert!(
        list.contains("vindeln\tVindelns kommun\n  no identity provider"),
        "{list}"
    );
    assert!(
        !list.contains("s3cret"),
        "the secret must never be shown: {list}"
    );

    cli.ok(&[
        "employer",
        "update",
        "--slug",
        "umea",
        "--role-map",
        "orka-admins=admin,orka-admins=editor",
        "--scopes",
        "openid profile groups",
    ]);
    // Giving a provider to an employer that had none needs the three essentials together.
    let err = cli.refused(&[
        "employer",
        "update",
        "--slug",
        "vindeln",
        "--client-id",
        "x",
    ]);
    assert!(err.contains("issuer, client id and client secret"), "{err}");
    // The secret can come from the environment, out of sight of other users' `ps`.
    let out = cli
        .command(&[
            "employer",
            "update",
            "--slug",
            "vindeln",
            "--issuer",
            "https://idp.vindeln.example",
            "--client-id",
            "orka-v",
        ])
        .env("ORKA_CLIENT_SECRET", "s3cret-vindeln")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));

    let list = cli.ok(&["employer", "list"]);
    assert!(
        list.contains("orka-admins=admin,orka-admins=editor"),
        "{list}"
    );
    assert!(
        !list.contains("hr-rehab"),
        "the role map was replaced: {list}"
    );
    assert!(list.contains("openid profile groups"), "{list}");
    assert!(list.contains("https://idp.vindeln.example"), "{list}");
    assert!(!list.contains("s3cret"), "{list}");
}

#[test]
fn mistakes_are_refused_with_the_flag_named_and_nothing_written() {
    let cli = Cli::new();
    cli.ok(ADD_UMEA);
    let err = cli.refused(ADD_UMEA);
    assert!(err.contains("already exists"), "{err}");

    let mut bad_slug = ADD_UMEA.to_vec();
    bad_slug[3] = "Umeå";
    assert!(cli.refused(&bad_slug).contains("--slug"));

    let mut bad_map = ADD_UMEA.to_vec();
    bad_map[3] = "umea2";
    bad_map[15] = "hr-rehab=boss";
    let err = cli.refused(&bad_map);
    assert!(err.contains("--role-map") && err.contains("boss"), "{err}");

    let mut plain_http = ADD_UMEA.to_vec();
    plain_http[3] = "umea3";
    plain_http[7] = "http://idp.umea.example";
    assert!(cli.refused(&plain_http).contains("--issuer"));

    let half = cli.refused(&[
        "employer",
        "add",
        "--slug",
        "half",
        "--name",
        "Half",
        "--issuer",
        "https://idp.example",
    ]);
    assert!(half.contains("--client-secret"), "{half}");

    let err = cli.refused(&["employer", "update", "--slug", "nobody", "--name", "X"]);
    assert!(err.contains("no employer has the slug 'nobody'"), "{err}");

    let list = cli.ok(&["employer", "list"]);
    assert_eq!(
        list.matches("\t").count(),
        1,
        "only the first employer exists: {list}"
    );
}

#[test]
fn the_vapid_key_is_made_once_shown_the_same_and_rotated_only_when_confirmed() {
    let cli = Cli::new();
    let key = cli.ok(&["vapid", "show"]);
    let key = key.trim();
    assert_eq!(key.len(), 87, "base64url of a 65-byte P-256 point: {key}");
    assert!(
        key.starts_with('B'),
        "an uncompressed point starts with 0x04"
    );
    assert_eq!(cli.ok(&["vapid", "show"]).trim(), key, "kept, not remade");
    let err = cli.refused(&["vapid", "rotate"]);
    assert!(
        err.contains("--yes") && err.contains("subscribes again"),
        "{err}"
    );
    assert_eq!(
        cli.ok(&["vapid", "show"]).trim(),
        key,
        "unconfirmed: unchanged"
    );
    let out = cli.run(&["vapid", "rotate", "--yes"]);
    assert!(out.status.success());
    assert!(text(&out.stderr).contains("0 push subscriptions removed"));
    let rotated = text(&out.stdout);
    assert_ne!(rotated.trim(), key);
    assert_eq!(cli.ok(&["vapid", "show"]).trim(), rotated.trim());
}
