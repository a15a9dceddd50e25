//! `orka employer add|list|update`: checks what the operator typed, names the flag that is
//! wrong, and never prints a client secret.

use crate::config::{
    check_database_url, ConfigError, EmployerAddArgs, EmployerCommand, EmployerUpdateArgs,
    ProviderArgs,
};
use crate::startup::{open_database, StartError};
use domain::{RoleMap, Slug};
use service::employers::{self, EmployerChanges, NewEmployer, ProviderSettings};
use service::{Clock, SystemClock};
use url::Url;

#[derive(Debug, thiserror::Error)]
pub enum EmployerCliError {
    #[error(transparent)]
    Start(#[from] StartError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Employer(#[from] employers::EmployerError),
    #[error(transparent)]
    Store(#[from] service::StoreError),
}

pub async fn run(cmd: EmployerCommand) -> Result<(), EmployerCliError> {
    match cmd {
        EmployerCommand::Add(args) => add(args).await,
        EmployerCommand::List(db) => {
            check_database_url(&db.database_url)?;
            let db = open_database(&db.database_url).await?;
            for e in employers::list_employers(&db).await? {
                println!("{}\t{}", e.slug, e.name);
                match e.provider {
                    Some(p) => {
                        println!("  issuer:        {}", p.issuer);
                        println!("  client id:     {}", p.client_id);
                        println!("  client secret: (set)");
                        println!("  scopes:        {}", p.scopes);
                        println!(
                            "  groups claim:  {}",
                            p.groups_claim.as_deref().unwrap_or("-")
                        );
                        println!("  role map:      {}", or_dash(&p.role_map));
                        println!(
                            "  api audience:  {}",
                            p.api_audience.as_deref().unwrap_or("-")
                        );
                    }
                    None => println!("  no identity provider"),
                }
            }
            Ok(())
        }
        EmployerCommand::Update(args) => update(args).await,
    }
}

fn or_dash(s: &str) -> &str {
    if s.is_empty() {
        "-"
    } else {
        s
    }
}

async fn add(args: EmployerAddArgs) -> Result<(), EmployerCliError> {
    check_database_url(&args.database.database_url)?;
    let slug = slug(&args.slug)?;
    let name = name(&args.name)?;
    let p = args.provider;
    let provider = match (&p.issuer, &p.client_id, &p.client_secret) {
        (None, None, None) => None,
        (Some(issuer), Some(client_id), Some(secret)) => Some(ProviderSettings {
            issuer: issuer_url(issuer)?,
            client_id: non_empty("--client-id", client_id)?,
            client_secret: secret.clone(),
            scopes: p
                .scopes
                .as_deref()
                .map(scopes)
                .unwrap_or_else(employers::default_scopes),
            groups_claim: p.groups_claim.clone().filter(|g| !g.is_empty()),
            role_map: p
                .role_map
                .as_deref()
                .map(role_map)
                .transpose()?
                .unwrap_or_default(),
            api_audience: p.api_audience.clone().filter(|a| !a.is_empty()),
        }),
        _ => {
            return Err(bad(
                "--issuer / --client-id / --client-secret",
                "give all three, or none to add the employer without sign-in for now",
            )
            .into())
        }
    };
    let db = open_database(&args.database.database_url).await?;
    let new = NewEmployer {
        slug: slug.clone(),
        name,
        provider,
    };
    employers::add_employer(&db, new, SystemClock.now()).await?;
    println!("added employer {slug}");
    Ok(())
}

async fn update(args: EmployerUpdateArgs) -> Result<(), EmployerCliError> {
    check_database_url(&args.database.database_url)?;
    let slug = slug(&args.slug)?;
    let changes = changes(args.name.as_deref(), &args.provider)?;
    let db = open_database(&args.database.database_url).await?;
    employers::update_employer(&db, &slug, changes, SystemClock.now()).await?;
    println!("updated employer {slug}");
    Ok(())
}

fn changes(name_arg: Option<&str>, p: &ProviderArgs) -> Result<EmployerChanges, ConfigError> {
    Ok(EmployerChanges {
        name: name_arg.map(name).transpose()?,
        issuer: p.issuer.as_deref().map(issuer_url).transpose()?,
        client_id: p
            .client_id
            .as_deref()
            .map(|c| non_empty("--client-id", c))
            .transpose()?,
        client_secret: p.client_secret.clone(),
        scopes: p.scopes.as_deref().map(scopes),
        groups_claim: p.groups_claim.clone(),
        role_map: p.role_map.as_deref().map(role_map).transpose()?,
        api_audience: p.api_audience.clone(),
    })
}

fn bad(setting: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError {
        setting,
        problem: problem.into(),
    }
}

fn slug(s: &str) -> Result<Slug, ConfigError> {
    Slug::parse(s).map_err(|e| bad("--slug", e.to_string()))
}

fn name(s: &str) -> Result<String, ConfigError> {
    non_empty("--name", s)
}

fn non_empty(setting: &'static str, s: &str) -> Result<String, ConfigError> {
    let s = s.trim();
    if s.is_empty() {
        Err(bad(setting, "must not be empty"))
    } else {
        Ok(s.to_owned())
    }
}

/// https, or plain http on this machine only (a provider under test).
fn issuer_url(s: &str) -> Result<String, ConfigError> {
    let url = Url::parse(s).map_err(|e| bad("--issuer", e.to_string()))?;
    let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    if url.scheme() == "https" || (url.scheme() == "http" && loopback) {
        // `iss` is compared exactly, so keep the operator's spelling (trailing slash and all).
        Ok(s.to_owned())
    } else {
        Err(bad("--issuer", "must be an https URL"))
    }
}

fn scopes(s: &str) -> Vec<String> {
    s.split([' ', ','])
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

fn role_map(s: &str) -> Result<RoleMap, ConfigError> {
    RoleMap::parse(s).map_err(|e| bad("--role-map", e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuers_must_be_https_except_on_this_machine() {
        assert!(issuer_url("https://login.microsoftonline.com/t/v2.0").is_ok());
        assert!(issuer_url("http://127.0.0.1:9000/").is_ok());
        let e = issuer_url("http://idp.example.se").unwrap_err();
        assert!(e.to_string().contains("--issuer"), "{e}");
        assert!(issuer_url("not a url").is_err());
    }

    #[test]
    fn scopes_may_be_separated_by_spaces_or_commas() {
        assert_eq!(
            scopes("openid, profile groups"),
            ["openid", "profile", "groups"]
        );
    }
}
