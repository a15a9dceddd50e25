//! `orka employer add|list|update`: checks what the operator typed, names the flag that is
//! wrong, and never prints a client secret.

use crate::config::{
    check_database_url, ConfigError, EmployerAddArgs, EmployerCommand, EmployerUpdateArgs,
    ProviderArgs,
};
use crate::startup::{open_database, StartError};
use domain::Slug;
use service::employers::{
    self, BadSetting, ChangeInput, EmployerChanges, NewEmployer, ProviderSettings,
};
use service::{Clock, SystemClock};

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
    let name = flag(employers::non_empty("name", &args.name))?;
    let p = args.provider;
    let provider = match (&p.issuer, &p.client_id, &p.client_secret) {
        (None, None, None) => None,
        (Some(_), Some(_), Some(secret)) => {
            let c = changes(None, &p)?;
            Some(ProviderSettings {
                issuer: c.issuer.unwrap_or_default(),
                client_id: c.client_id.unwrap_or_default(),
                client_secret: secret.clone(),
                scopes: c.scopes.unwrap_or_else(employers::default_scopes),
                groups_claim: c.groups_claim.filter(|g| !g.is_empty()),
                role_map: c.role_map.unwrap_or_default(),
                api_audience: c.api_audience.filter(|a| !a.is_empty()),
            })
        }
        _ => {
            return Err(ConfigError {
                setting: "--issuer / --client-id / --client-secret",
                problem: "give all three, or none to add the employer without sign-in for now"
                    .into(),
            }
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
    let by = service::employer_changes::ChangedBy::Operator;
    employers::update_employer(&db, &slug, changes, by, SystemClock.now()).await?;
    println!("updated employer {slug}");
    Ok(())
}

fn changes(name: Option<&str>, p: &ProviderArgs) -> Result<EmployerChanges, ConfigError> {
    ChangeInput {
        name: name.map(String::from),
        issuer: p.issuer.clone(),
        client_id: p.client_id.clone(),
        client_secret: p.client_secret.clone(),
        scopes: p.scopes.clone(),
        groups_claim: p.groups_claim.clone(),
        role_map: p.role_map.clone(),
        api_audience: p.api_audience.clone(),
    }
    .check()
    .map_err(|mut problems| flag_error(problems.remove(0)))
}

/// Names the command-line flag for a setting the service refused.
fn flag_error(e: BadSetting) -> ConfigError {
    let setting = match e.field {
        "name" => "--name",
        "issuer" => "--issuer",
        "client_id" => "--client-id",
        "role_map" => "--role-map",
        _ => "setting",
    };
    ConfigError {
        setting,
        problem: e.problem.to_string(),
    }
}

fn flag<T>(r: Result<T, BadSetting>) -> Result<T, ConfigError> {
    r.map_err(flag_error)
}

fn slug(s: &str) -> Result<Slug, ConfigError> {
    Slug::parse(s).map_err(|e| ConfigError {
        setting: "--slug",
        problem: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuers_must_be_https_except_on_this_machine() {
        let p = |issuer: &str| ProviderArgs {
            issuer: Some(issuer.into()),
            client_id: None,
            client_secret: None,
            scopes: None,
            groups_claim: None,
            role_map: None,
            api_audience: None,
        };
        assert!(changes(None, &p("https://login.microsoftonline.com/t/v2.0")).is_ok());
        assert!(changes(None, &p("http://127.0.0.1:9000/")).is_ok());
        let e = changes(None, &p("http://idp.example.se")).unwrap_err();
        assert_eq!(e.setting, "--issuer", "{e}");
        assert!(changes(None, &p("not a url")).is_err());
    }

    #[test]
    fn scopes_may_be_separated_by_spaces_or_commas() {
        assert_eq!(
            employers::split_scopes("openid, profile groups"),
            ["openid", "profile", "groups"]
        );
    }
}
