//! Command line and environment: every setting has a flag and an `ORKA_*` twin.

use clap::{Args, Parser, Subcommand};
use secrecy::{ExposeSecret, SecretString};
use service::sessions::SessionPolicy;
use std::net::SocketAddr;
use std::num::NonZeroU32;
use url::Url;

#[derive(Parser, Debug)]
#[command(
    name = "orka",
    version,
    about = "Orka: weekly wellbeing check-ins, guidance and return-to-work support for public-sector employees.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Settings for `serve`, which runs when no command is given.
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the web server (the default).
    Serve(ServeArgs),
    /// Apply database migrations and exit.
    Migrate(DatabaseArgs),
    /// Add, list or change employers and how their people sign in.
    #[command(subcommand)]
    Employer(EmployerCommand),
    /// Import or update an employer's organisation (units, people, managers, roles) from CSV.
    ImportOrg(ImportOrgArgs),
    /// Import or update an employer's sick-leave spells from payroll's CSV.
    ImportAbsence(ImportOrgArgs),
    /// Show or rotate the server's Web Push (VAPID) key.
    #[command(subcommand)]
    Vapid(VapidCommand),
    /// Check the access log's hash chain.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Load the shared guidance library from the content folder now, as start-up does: the
    /// operator's way to publish a changed text to every employer without a restart.
    LoadGuidance(LoadGuidanceArgs),
}

#[derive(Args, Debug)]
pub struct LoadGuidanceArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The guidance library's Markdown files.
    #[arg(long, env = "ORKA_CONTENT_DIR", default_value = "content/guidance")]
    pub content_dir: std::path::PathBuf,
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Read the whole access log and check that no row was changed, removed or slipped in;
    /// prints the head's hash to keep elsewhere. Exits 1 when the chain is broken.
    Verify(DatabaseArgs),
}

#[derive(Subcommand, Debug)]
pub enum VapidCommand {
    /// Print the public key browsers subscribe with (made on first use).
    Show(DatabaseArgs),
    /// Replace the key pair. Every device must subscribe again: their subscriptions are removed.
    Rotate(VapidRotateArgs),
}

#[derive(Args, Debug, Clone)]
pub struct VapidRotateArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Confirm that every existing push subscription may be removed.
    #[arg(long)]
    pub yes: bool,
}

#[derive(Args, Debug, Clone)]
pub struct ImportOrgArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The employer the file is about (its slug).
    #[arg(long)]
    pub employer: String,
    /// UTF-8 CSV with a header row (`,` or `;` between fields). For `import-org`:
    /// subject,name,email,unit,manages,roles and the optional HR columns (`|` between several
    /// units or roles; people missing from the file who came from an earlier import are
    /// deactivated). For `import-absence`: subject or employee_number, first_day, last_day,
    /// extent.
    pub file: std::path::PathBuf,
}

#[derive(Subcommand, Debug)]
pub enum EmployerCommand {
    /// Add an employer, usually with its identity provider.
    Add(EmployerAddArgs),
    /// List employers and their identity providers (client secrets are never shown).
    List(DatabaseArgs),
    /// Change an employer's name or identity provider; settings not given stay as they are.
    Update(EmployerUpdateArgs),
}

#[derive(Args, Debug, Clone)]
pub struct EmployerAddArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Short name in sign-in addresses (/auth/login/SLUG): a–z, 0–9 and '-'.
    #[arg(long)]
    pub slug: String,
    /// The employer's name as people see it, e.g. "Umeå kommun".
    #[arg(long)]
    pub name: String,
    #[command(flatten)]
    pub provider: ProviderArgs,
}

#[derive(Args, Debug, Clone)]
pub struct EmployerUpdateArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Which employer to change.
    #[arg(long)]
    pub slug: String,
    /// A new name.
    #[arg(long)]
    pub name: Option<String>,
    #[command(flatten)]
    pub provider: ProviderArgs,
}

#[derive(Args, Debug, Clone)]
pub struct ProviderArgs {
    /// OpenID Connect issuer URL, exactly as the provider's ID tokens carry it in `iss`.
    #[arg(long)]
    pub issuer: Option<String>,
    /// The client id Orka is registered with at the provider.
    #[arg(long)]
    pub client_id: Option<String>,
    /// The client secret (prefer the environment variable: command lines are visible to others).
    #[arg(long, env = "ORKA_CLIENT_SECRET", value_parser = secret, hide_env_values = true)]
    pub client_secret: Option<SecretString>,
    /// Scopes to ask for, space- or comma-separated; `openid` is always included
    /// (default "openid profile email").
    #[arg(long)]
    pub scopes: Option<String>,
    /// The ID-token claim that lists the person's groups, e.g. "groups" (empty clears it).
    #[arg(long)]
    pub groups_claim: Option<String>,
    /// Which groups give which roles: group=role,... with roles coordinator, admin, editor.
    #[arg(long)]
    pub role_map: Option<String>,
    /// The `aud` of access tokens the provider issues for the mobile app (empty clears it).
    #[arg(long)]
    pub api_audience: Option<String>,
}

#[derive(Args, Debug, Clone)]
pub struct DatabaseArgs {
    /// Database URL: sqlite://path/file.db?mode=rwc (embedded default) or postgres://user@host/db.
    #[arg(long, env = "ORKA_DATABASE_URL", default_value = "sqlite://data/orka.db?mode=rwc", value_parser = secret, hide_env_values = true, hide_default_value = false)]
    pub database_url: SecretString,
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Address and port to listen on.
    #[arg(long, env = "ORKA_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Seed the demo employer and allow picking a persona at sign-in. Never in production.
    #[arg(long, env = "ORKA_DEMO")]
    pub demo: bool,
    /// The address people use to reach Orka, e.g. https://orka.example.se (default: http://ADDR).
    #[arg(long, env = "ORKA_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Minutes without use after which a person must sign in again.
    #[arg(long, env = "ORKA_SESSION_IDLE_MINUTES", default_value_t = 30)]
    pub session_idle_minutes: u32,
    /// Hours after sign-in after which a person must sign in again, however active.
    #[arg(long, env = "ORKA_SESSION_MAX_HOURS", default_value_t = 12)]
    pub session_max_hours: u32,
    /// The guidance library's Markdown files, loaded at start-up (changed files update,
    /// removed files retire).
    #[arg(long, env = "ORKA_CONTENT_DIR", default_value = "content/guidance")]
    pub content_dir: std::path::PathBuf,
    /// The smallest group whose figures a manager's team trend shows (at least 3).
    #[arg(long, env = "ORKA_TREND_MIN_GROUP", default_value_t = 5)]
    pub trend_min_group: u32,
    #[command(flatten)]
    pub push: PushArgs,
    #[command(flatten)]
    pub mail: MailArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// E-mail to people outside the employer (occupational health). Without a transport, mail waits
/// in the outbox until an instance that has one sends it.
#[derive(Args, Debug, Clone)]
pub struct MailArgs {
    /// The SMTP server: smtp://host:port (STARTTLS with ?tls=required) or smtps://host, with
    /// user:password@ where the server wants them.
    #[arg(long, env = "ORKA_SMTP_URL", value_parser = secret)]
    pub smtp_url: Option<SecretString>,
    /// Write each mail as a .eml file here instead of sending it. Demo and development only.
    #[arg(long, env = "ORKA_MAIL_DIR", conflicts_with = "smtp_url")]
    pub mail_dir: Option<std::path::PathBuf>,
    /// Who mail is from, e.g. "Orka <orka@kommun.se>" (default: noreply at the public URL's host).
    #[arg(long, env = "ORKA_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// Seconds to wait for the SMTP server before trying again later.
    #[arg(long, env = "ORKA_SMTP_TIMEOUT_SECONDS", default_value_t = 30)]
    pub smtp_timeout_seconds: u32,
}

/// Where mail goes.
#[derive(Debug, Clone)]
pub enum MailTransport {
    None,
    Smtp(SecretString),
    Dir(std::path::PathBuf),
}

/// Mail settings after validation.
#[derive(Debug, Clone)]
pub struct MailSettings {
    pub transport: MailTransport,
    pub from: String,
    pub timeout: std::time::Duration,
}

impl MailSettings {
    fn from_args(args: MailArgs, public_url: &Url) -> Result<Self, ConfigError> {
        if !(1..=300).contains(&args.smtp_timeout_seconds) {
            return Err(ConfigError {
                setting: "--smtp-timeout-seconds / ORKA_SMTP_TIMEOUT_SECONDS",
                problem: "must be between 1 and 300".into(),
            });
        }
        let from = args.mail_from.unwrap_or_else(|| {
            let host = public_url.host_str().unwrap_or("localhost");
            let host = if host.parse::<std::net::IpAddr>().is_ok() {
                "localhost"
            } else {
                host
            };
            format!("Orka <noreply@{host}>")
        });
        let settings = Self {
            transport: match (args.smtp_url, args.mail_dir) {
                (Some(url), _) => MailTransport::Smtp(url),
                (None, Some(dir)) => MailTransport::Dir(dir),
                (None, None) => MailTransport::None,
            },
            from,
            timeout: std::time::Duration::from_secs(args.smtp_timeout_seconds.into()),
        };
        // Built once here so a bad setting stops the start with its name, not the first mail.
        settings
            .mailer(public_url.as_str())
            .map_err(|e| ConfigError {
                setting: match e {
                    service::mail::MailSetupError::Url(_) => "--smtp-url / ORKA_SMTP_URL",
                    service::mail::MailSetupError::From(_) => "--mail-from / ORKA_MAIL_FROM",
                },
                problem: e.to_string(),
            })?;
        Ok(settings)
    }

    /// The mailer these settings describe, `None` without a transport.
    pub fn mailer(
        &self,
        public_url: &str,
    ) -> Result<Option<service::mail::Mailer>, service::mail::MailSetupError> {
        use service::mail::Mailer;
        Ok(Some(match &self.transport {
            MailTransport::None => return Ok(None),
            MailTransport::Smtp(url) => {
                Mailer::smtp(url.expose_secret(), self.timeout, &self.from, public_url)?
            }
            MailTransport::Dir(dir) => Mailer::dir(dir.clone(), &self.from, public_url)?,
        }))
    }
}

/// Requests per minute unless named otherwise; 0 turns a limit off. A bucket holds a minute's worth and refills
/// evenly, so a burst up to the figure passes at once.
#[derive(Args, Debug, Clone)]
pub struct LimitArgs {
    /// Sign-in starts and returns per client address. Raise it when many people reach Orka
    /// through one address (a NAT without a proxy that sends X-Forwarded-For).
    #[arg(long, env = "ORKA_LIMIT_SIGN_IN", default_value_t = 60)]
    pub limit_sign_in: u32,
    /// Sign-in starts and returns from all clients together, so that a flood from many
    /// addresses cannot fill the database either.
    #[arg(long, env = "ORKA_LIMIT_SIGN_IN_ALL", default_value_t = 1200)]
    pub limit_sign_in_all: u32,
    /// Opens of shared plan links (page, PDF, API) per client address.
    #[arg(long, env = "ORKA_LIMIT_SHARED_LINKS", default_value_t = 30)]
    pub limit_shared_links: u32,
    /// Feedback on guidance per person and HOUR: it is stored without a name, so this is all
    /// that keeps one person from filling the editors' list.
    #[arg(long, env = "ORKA_LIMIT_FEEDBACK_PER_HOUR", default_value_t = 20)]
    pub limit_feedback_per_hour: u32,
    /// Changes (anything but reads) per signed-in person.
    #[arg(long, env = "ORKA_LIMIT_PERSON_WRITES", default_value_t = 60)]
    pub limit_person_writes: u32,
    /// Reverse proxies in front of Orka, comma-separated addresses or CIDR ranges: only from
    /// them is X-Forwarded-For believed about who the client is.
    #[arg(long, env = "ORKA_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<String>,
}

/// Request limits after validation; `None` is no limit.
#[derive(Debug, Clone, Default)]
pub struct LimitSettings {
    pub sign_in: Option<NonZeroU32>,
    pub sign_in_all: Option<NonZeroU32>,
    pub shared_links: Option<NonZeroU32>,
    /// Per hour.
    pub feedback: Option<NonZeroU32>,
    pub person_writes: Option<NonZeroU32>,
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

impl LimitSettings {
    /// No limits at all: for tests that sign many people in from one address.
    pub fn off() -> Self {
        Self::default()
    }

    fn from_args(a: LimitArgs) -> Result<Self, ConfigError> {
        let trusted_proxies = a
            .trusted_proxies
            .iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
            .map(|p| {
                parse_proxy(p).map_err(|problem| ConfigError {
                    setting: "--trusted-proxies / ORKA_TRUSTED_PROXIES",
                    problem,
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            sign_in: NonZeroU32::new(a.limit_sign_in),
            sign_in_all: NonZeroU32::new(a.limit_sign_in_all),
            shared_links: NonZeroU32::new(a.limit_shared_links),
            feedback: NonZeroU32::new(a.limit_feedback_per_hour),
            person_writes: NonZeroU32::new(a.limit_person_writes),
            trusted_proxies,
        })
    }
}

/// One trusted proxy: an address (`10.0.0.5`, `::1`) or a range (`10.0.0.0/8`).
pub fn parse_proxy(s: &str) -> Result<ipnet::IpNet, String> {
    s.parse::<ipnet::IpNet>()
        .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| format!("{s:?} is neither an IP address nor a CIDR range"))
}

#[derive(Args, Debug, Clone)]
pub struct PushArgs {
    /// How push services can reach the operator: a mailto: or https: URI, sent in every VAPID
    /// token (default: the public URL when it is https).
    #[arg(long, env = "ORKA_PUSH_CONTACT")]
    pub push_contact: Option<String>,
    /// Hosts devices may subscribe with, comma-separated; `*.domain` for any host below it.
    /// Default: the push services of Chrome, Firefox, Safari and Windows.
    #[arg(long, env = "ORKA_PUSH_SERVICE_HOSTS", value_delimiter = ',')]
    pub push_service_hosts: Vec<String>,
    /// Accept plain-http and loopback push endpoints. Development and tests only.
    #[arg(long, env = "ORKA_ALLOW_INSECURE_PUSH_ENDPOINTS")]
    pub allow_insecure_push_endpoints: bool,
    /// Seconds to wait for a push service before trying again later.
    #[arg(long, env = "ORKA_PUSH_TIMEOUT_SECONDS", default_value_t = 10)]
    pub push_timeout_seconds: u32,
    /// Pushes in flight to one push service at a time.
    #[arg(long, env = "ORKA_PUSH_CONCURRENCY", default_value_t = 128)]
    pub push_concurrency: u32,
    /// Do not send pushes from this instance (another instance sends them).
    #[arg(long, env = "ORKA_NO_PUSH_WORKER")]
    pub no_push_worker: bool,
    /// Working days an alert may wait unacknowledged before its recipient is reminded (again).
    #[arg(long, env = "ORKA_ALERT_REMINDER_DAYS", default_value_t = 2)]
    pub alert_reminder_days: u32,
}

/// Web Push settings after validation.
#[derive(Debug, Clone)]
pub struct PushSettings {
    pub endpoints: service::push::EndpointPolicy,
    pub contact: String,
    pub timeout: std::time::Duration,
    pub concurrency: usize,
    /// Whether this instance runs the push worker.
    pub worker: bool,
    pub alert_reminder_days: u32,
}

impl PushSettings {
    fn from_args(args: PushArgs, public_url: &Url) -> Result<Self, ConfigError> {
        let contact = match args.push_contact {
            Some(c) => {
                let ok = Url::parse(&c).is_ok_and(|u| match u.scheme() {
                    "mailto" => u.path().contains('@'),
                    "https" => u.host().is_some(),
                    _ => false,
                });
                if !ok {
                    return Err(ConfigError {
                        setting: "--push-contact / ORKA_PUSH_CONTACT",
                        problem: "must be a mailto: address or an https: URL".into(),
                    });
                }
                c
            }
            None if public_url.scheme() == "https" => public_url.origin().ascii_serialization(),
            // Only development runs on plain http; push services still want a contact URI.
            None => "mailto:operator@localhost.invalid".into(),
        };
        let hosts: Vec<String> = args
            .push_service_hosts
            .into_iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .filter(|h| !h.is_empty())
            .collect();
        if let Some(bad) = hosts.iter().find(|h| {
            let name = h.strip_prefix("*.").unwrap_or(h);
            name.is_empty() || !name.contains('.') || name.contains(['/', ':', '*', '@'])
        }) {
            return Err(ConfigError {
                setting: "--push-service-hosts / ORKA_PUSH_SERVICE_HOSTS",
                problem: format!("'{bad}' is not a host name or *.domain"),
            });
        }
        let mut endpoints = service::push::EndpointPolicy::default();
        if !hosts.is_empty() {
            endpoints.hosts = hosts;
        }
        endpoints.allow_insecure = args.allow_insecure_push_endpoints;
        if !(1..=120).contains(&args.push_timeout_seconds) {
            return Err(ConfigError {
                setting: "--push-timeout-seconds / ORKA_PUSH_TIMEOUT_SECONDS",
                problem: "must be between 1 and 120".into(),
            });
        }
        if !(1..=1000).contains(&args.push_concurrency) {
            return Err(ConfigError {
                setting: "--push-concurrency / ORKA_PUSH_CONCURRENCY",
                problem: "must be between 1 and 1000".into(),
            });
        }
        if !(1..=30).contains(&args.alert_reminder_days) {
            return Err(ConfigError {
                setting: "--alert-reminder-days / ORKA_ALERT_REMINDER_DAYS",
                problem: "must be between 1 and 30".into(),
            });
        }
        Ok(Self {
            alert_reminder_days: args.alert_reminder_days,
            endpoints,
            contact,
            timeout: std::time::Duration::from_secs(args.push_timeout_seconds.into()),
            concurrency: args.push_concurrency as usize,
            worker: !args.no_push_worker,
        })
    }
}

fn secret(s: &str) -> Result<SecretString, std::convert::Infallible> {
    Ok(SecretString::from(s.to_owned()))
}

/// Settings after validation: what the server runs with.
#[derive(Debug, Clone)]
pub struct Settings {
    pub addr: SocketAddr,
    pub database_url: SecretString,
    pub demo: bool,
    pub public_url: Url,
    pub sessions: SessionPolicy,
    pub content_dir: std::path::PathBuf,
    pub push: PushSettings,
    pub mail: MailSettings,
    pub trend_threshold: domain::trend::Threshold,
    pub limits: LimitSettings,
}

/// A setting that cannot work, named so the operator knows what to change.
#[derive(Debug, thiserror::Error)]
#[error("invalid configuration: {setting}: {problem}")]
pub struct ConfigError {
    pub setting: &'static str,
    pub problem: String,
}

pub fn check_database_url(url: &SecretString) -> Result<(), ConfigError> {
    let u = url.expose_secret();
    if u.starts_with("sqlite:") || u.starts_with("postgres://") || u.starts_with("postgresql://") {
        Ok(())
    } else {
        Err(ConfigError {
            setting: "--database-url / ORKA_DATABASE_URL",
            problem: "must start with sqlite:, postgres:// or postgresql://".into(),
        })
    }
}

impl Settings {
    pub fn from_args(args: ServeArgs) -> Result<Self, ConfigError> {
        check_database_url(&args.database.database_url)?;
        let public_url = match args.public_url {
            Some(u) => {
                let url = Url::parse(&u).map_err(|e| ConfigError {
                    setting: "--public-url / ORKA_PUBLIC_URL",
                    problem: format!("{e}"),
                })?;
                if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
                    return Err(ConfigError {
                        setting: "--public-url / ORKA_PUBLIC_URL",
                        problem: "must be an http or https URL".into(),
                    });
                }
                url
            }
            None => Url::parse(&format!("http://{}", args.addr)).map_err(|e| ConfigError {
                setting: "--addr / ORKA_ADDR",
                problem: format!("{e}"),
            })?,
        };
        if !(1..=24 * 60).contains(&args.session_idle_minutes) {
            return Err(ConfigError {
                setting: "--session-idle-minutes / ORKA_SESSION_IDLE_MINUTES",
                problem: "must be between 1 and 1440".into(),
            });
        }
        if !(1..=7 * 24).contains(&args.session_max_hours) {
            return Err(ConfigError {
                setting: "--session-max-hours / ORKA_SESSION_MAX_HOURS",
                problem: "must be between 1 and 168".into(),
            });
        }
        let push = PushSettings::from_args(args.push, &public_url)?;
        let mail = MailSettings::from_args(args.mail, &public_url)?;
        let trend_threshold =
            domain::trend::Threshold::new(args.trend_min_group).map_err(|e| ConfigError {
                setting: "--trend-min-group / ORKA_TREND_MIN_GROUP",
                problem: e.to_string(),
            })?;
        let limits = LimitSettings::from_args(args.limits)?;
        Ok(Self {
            limits,
            trend_threshold,
            addr: args.addr,
            database_url: args.database.database_url,
            demo: args.demo,
            public_url,
            sessions: SessionPolicy {
                idle: chrono::Duration::minutes(args.session_idle_minutes.into()),
                absolute: chrono::Duration::hours(args.session_max_hours.into()),
            },
            push,
            mail,
            content_dir: args.content_dir,
        })
    }

    /// Cookies are `Secure` except on plain-http localhost, where browsers would drop them.
    pub fn secure_cookies(&self) -> bool {
        let local = matches!(
            self.public_url.host_str(),
            Some("localhost" | "127.0.0.1" | "[::1]")
        );
        !(self.public_url.scheme() == "http" && local)
    }

    /// `__Host-` cookies are bound to this exact origin; browsers accept them over https only.
    pub fn cookie_name(&self, base: &'static str) -> String {
        if self.public_url.scheme() == "https" {
            format!("__Host-{base}")
        } else {
            base.to_owned()
        }
    }

    /// Where an employer's provider sends people back to after sign-in. Each employer has its
    /// own, so that an answer from one employer's provider can never finish a sign-in started
    /// at another's (the OAuth mix-up attack, RFC 9700 4.4).
    pub fn callback_url(&self, slug: &str) -> Url {
        self.public_url
            .join(&format!("/auth/callback/{slug}"))
            .expect("joining an absolute path to an http(s) URL cannot fail")
    }

    /// The origin browsers send in `Origin` for our own pages.
    pub fn origin(&self) -> String {
        self.public_url.origin().ascii_serialization()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(extra: &[&str]) -> Result<Settings, ConfigError> {
        let cli = Cli::try_parse_from([&["orka"], extra].concat()).expect("parses");
        Settings::from_args(cli.serve)
    }

    #[test]
    fn defaults_serve_locally_with_an_embedded_database() {
        let s = args(&[]).unwrap();
        assert_eq!(s.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(
            s.database_url.expose_secret(),
            "sqlite://data/orka.db?mode=rwc"
        );
        assert!(!s.demo);
        assert_eq!(s.origin(), "http://127.0.0.1:3000");
        assert!(!s.secure_cookies());
        assert_eq!(s.sessions, SessionPolicy::default());
        assert_eq!(s.cookie_name("orka_session"), "orka_session");
        assert_eq!(
            s.callback_url("umea").as_str(),
            "http://127.0.0.1:3000/auth/callback/umea"
        );
    }

    #[test]
    fn limits_default_on_take_zero_for_off_and_name_a_bad_proxy() {
        let s = args(&[]).unwrap().limits;
        assert_eq!(s.sign_in, NonZeroU32::new(60));
        assert_eq!(s.person_writes, NonZeroU32::new(60));
        assert!(s.trusted_proxies.is_empty());
        let s = args(&[
            "--limit-sign-in",
            "0",
            "--trusted-proxies",
            "10.0.0.0/8, 192.0.2.1,::1",
        ])
        .unwrap()
        .limits;
        assert_eq!(s.sign_in, None);
        assert_eq!(s.trusted_proxies.len(), 3);
        assert!(s.trusted_proxies[1].contains(&"192.0.2.1".parse::<std::net::IpAddr>().unwrap()));
        let e = args(&["--trusted-proxies", "proxy.example.se"]).unwrap_err();
        assert_eq!(e.setting, "--trusted-proxies / ORKA_TRUSTED_PROXIES");
        assert!(e.problem.contains("proxy.example.se"), "{}", e.problem);
    }

    #[test]
    fn push_defaults_to_public_push_services_and_names_bad_settings() {
        let s = args(&[]).unwrap();
        assert!(s.push.worker);
        assert!(!s.push.endpoints.allow_insecure);
        assert!(s
            .push
            .endpoints
            .check("https://fcm.googleapis.com/fcm/send/x")
            .is_ok());
        assert!(s.push.endpoints.check("http://127.0.0.1:9/x").is_err());
        let https = args(&["--public-url", "https://orka.example.se"]).unwrap();
        assert_eq!(https.push.contact, "https://orka.example.se");
        let own = args(&[
            "--push-contact",
            "mailto:drift@example.se",
            "--push-service-hosts",
            "push.example.se, *.push.example.org",
            "--allow-insecure-push-endpoints",
            "--no-push-worker",
        ])
        .unwrap();
        assert_eq!(own.push.contact, "mailto:drift@example.se");
        assert_eq!(
            own.push.endpoints.hosts,
            ["push.example.se", "*.push.example.org"]
        );
        assert!(own.push.endpoints.allow_insecure);
        assert!(!own.push.worker);
        for (bad, setting) in [
            (&["--push-contact", "http://x.se"][..], "ORKA_PUSH_CONTACT"),
            (
                &["--push-contact", "mailto:nobody"][..],
                "ORKA_PUSH_CONTACT",
            ),
            (
                &["--push-service-hosts", "*."][..],
                "ORKA_PUSH_SERVICE_HOSTS",
            ),
            (
                &["--push-service-hosts", "http://x.se/"][..],
                "ORKA_PUSH_SERVICE_HOSTS",
            ),
            (
                &["--push-timeout-seconds", "0"][..],
                "ORKA_PUSH_TIMEOUT_SECONDS",
            ),
            (&["--push-concurrency", "0"][..], "ORKA_PUSH_CONCURRENCY"),
        ] {
            let e = args(bad).unwrap_err();
            assert!(e.to_string().contains(setting), "{e}");
        }
    }

    #[test]
    fn session_lengths_are_configurable_within_reason() {
        let s = args(&["--session-idle-minutes", "10", "--session-max-hours", "8"]).unwrap();
        assert_eq!(s.sessions.idle, chrono::Duration::minutes(10));
        assert_eq!(s.sessions.absolute, chrono::Duration::hours(8));
        let e = args(&["--session-idle-minutes", "0"]).unwrap_err();
        assert!(e.to_string().contains("ORKA_SESSION_IDLE_MINUTES"), "{e}");
        let e = args(&["--session-max-hours", "1000"]).unwrap_err();
        assert!(e.to_string().contains("ORKA_SESSION_MAX_HOURS"), "{e}");
    }

    #[test]
    fn bad_settings_are_named() {
        let e = args(&["--database-url", "mysql://x"]).unwrap_err();
        assert!(e.to_string().contains("ORKA_DATABASE_URL"), "{e}");
        let e = args(&["--public-url", "ftp://x"]).unwrap_err();
        assert!(e.to_string().contains("ORKA_PUBLIC_URL"), "{e}");
        assert!(Cli::try_parse_from(["orka", "--addr", "nonsense"]).is_err());
    }

    #[test]
    fn https_public_url_makes_cookies_secure() {
        let https = args(&["--public-url", "https://orka.example.se/"]).unwrap();
        assert!(https.secure_cookies());
        assert_eq!(https.cookie_name("orka_session"), "__Host-orka_session");
        assert_eq!(
            https.callback_url("umea").as_str(),
            "https://orka.example.se/auth/callback/umea"
        );
        assert!(args(&["--public-url", "http://orka.example.se"])
            .unwrap()
            .secure_cookies());
    }

    #[test]
    fn debug_output_hides_the_database_url() {
        let s = args(&["--database-url", "postgres://u:hunter2@db/orka"]).unwrap();
        assert!(!format!("{s:?}").contains("hunter2"));
    }
}
