//! The contacts an article shows: the national services and the employer's own directory
//! (occupational health, staff support, HR, unions, managers), which its admins keep, by form
//! or over the API.

use crate::{Db, StoreError};
use domain::guidance::{ContactKind, Language};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// Someone to contact, as an article shows them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    pub kind: ContactKind,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
}

/// The contacts of these kinds, in that order: the employer's own (when the reader is known)
/// and the national services. A kind the employer has not filled in is left out, for the page
/// to describe in general words.
pub async fn contacts(
    db: &Db,
    employer: Option<domain::EmployerId>,
    kinds: &[ContactKind],
    lang: Language,
) -> Result<Vec<Contact>, StoreError> {
    use crate::entity::employer_contact;
    let own = match employer {
        Some(e) => {
            employer_contact::Entity::find()
                .filter(employer_contact::Column::EmployerId.eq(e.as_uuid()))
                .order_by_asc(employer_contact::Column::Name)
                .all(db.conn())
                .await?
        }
        None => vec![],
    };
    let mut out = vec![];
    for &kind in kinds {
        if let Some((name, phone, url, note)) = domain::guidance::national_contact(kind, lang) {
            out.push(Contact {
                kind,
                name: name.into(),
                phone: Some(phone.into()),
                email: None,
                url: Some(url.into()),
                note: Some(note.into()),
            });
        }
        out.extend(
            own.iter()
                .filter(|c| c.kind == kind.code())
                .map(|c| Contact {
                    kind,
                    name: c.name.clone(),
                    phone: c.phone.clone(),
                    email: c.email.clone(),
                    url: c.url.clone(),
                    note: c.note.clone(),
                }),
        );
    }
    Ok(out)
}

/// An employer's own contact directory, as its admins keep it.
pub async fn employer_contacts(
    db: &Db,
    employer: domain::EmployerId,
) -> Result<Vec<Contact>, StoreError> {
    let own: Vec<ContactKind> = ContactKind::ALL
        .into_iter()
        .filter(|k| k.is_employers_own())
        .collect();
    contacts(db, Some(employer), &own, Language::Sv).await
}

/// A contact as an admin typed it, unchecked.
#[derive(Clone, Debug, Default)]
pub struct ContactInput {
    pub kind: String,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
}

/// Checks a contact directory as typed: every problem as (entry, field, message), or the
/// contacts to store. Empty optional fields count as absent.
pub fn check_contacts(
    typed: Vec<ContactInput>,
) -> Result<Vec<Contact>, Vec<(usize, &'static str, &'static str)>> {
    let mut problems = vec![];
    let mut list = vec![];
    let optional = |v: Option<String>| v.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    for (i, c) in typed.into_iter().enumerate() {
        let mut bad = |field, message| problems.push((i, field, message));
        let kind = ContactKind::parse(&c.kind).filter(|k| k.is_employers_own());
        if kind.is_none() {
            bad(
                "kind",
                "occupational-health, staff-support, hr, union or manager",
            );
        }
        let name = c.name.trim().to_owned();
        if name.is_empty() || name.chars().count() > 120 {
            bad("name", "1–120 characters");
        }
        let phone = optional(c.phone);
        if phone.as_deref().is_some_and(|p| {
            p.len() > 30
                || !p
                    .chars()
                    .all(|ch| ch.is_ascii_digit() || " +-()".contains(ch))
        }) {
            bad("phone", "digits, spaces and + - ( ) only");
        }
        let email = optional(c.email);
        // An address the mailer can send to: occupational health is told by e-mail.
        if email
            .as_deref()
            .is_some_and(|e| e.len() > 200 || e.parse::<lettre::Address>().is_err())
        {
            bad("email", "an e-mail address");
        }
        let url = optional(c.url);
        if url
            .as_deref()
            .is_some_and(|u| url::Url::parse(u).map_or(true, |u| u.scheme() != "https"))
        {
            bad("url", "an https address");
        }
        let note = optional(c.note);
        if note.as_deref().is_some_and(|n| n.chars().count() > 300) {
            bad("note", "at most 300 characters");
        }
        if let Some(kind) = kind {
            list.push(Contact {
                kind,
                name,
                phone,
                email,
                url,
                note,
            });
        }
    }
    if problems.is_empty() {
        Ok(list)
    } else {
        Err(problems)
    }
}

/// Replaces an employer's contact directory (occupational health, HR, unions). An entry that
/// keeps its kind and name keeps its identity: a person's grant to the employer's occupational
/// health names that entry, and an edit of its phone number must not end the grant.
pub async fn set_employer_contacts(
    db: &Db,
    employer: domain::EmployerId,
    contacts: Vec<Contact>,
) -> Result<(), StoreError> {
    use crate::entity::employer_contact;
    db.write(move |txn| {
        let contacts = contacts.clone();
        Box::pin(async move {
            let existing = employer_contact::Entity::find()
                .filter(employer_contact::Column::EmployerId.eq(employer.as_uuid()))
                .all(txn)
                .await?;
            let mut kept = vec![];
            for c in contacts {
                let same = existing
                    .iter()
                    .find(|e| e.kind == c.kind.code() && e.name == c.name && !kept.contains(&e.id));
                let id = same.map_or_else(uuid::Uuid::new_v4, |e| e.id);
                kept.push(id);
                let row = employer_contact::ActiveModel {
                    id: Set(id),
                    employer_id: Set(employer.as_uuid()),
                    kind: Set(c.kind.code().into()),
                    name: Set(c.name),
                    phone: Set(c.phone),
                    email: Set(c.email),
                    url: Set(c.url),
                    note: Set(c.note),
                };
                if same.is_some() {
                    employer_contact::Entity::update(row).exec(txn).await?;
                } else {
                    employer_contact::Entity::insert(row)
                        .exec_without_returning(txn)
                        .await?;
                }
            }
            employer_contact::Entity::delete_many()
                .filter(employer_contact::Column::EmployerId.eq(employer.as_uuid()))
                .filter(employer_contact::Column::Id.is_not_in(kept))
                .exec(txn)
                .await?;
            Ok(())
        })
    })
    .await?;
    Ok(())
}

/// Replaces the employer's entries of `kinds` with `typed` and keeps its other entries, as the
/// admin page's form does: it holds one entry for each of its kinds. A problem's entry number
/// is the one in `typed`.
pub async fn replace_own_contacts(
    db: &Db,
    employer: domain::EmployerId,
    kinds: &[ContactKind],
    typed: Vec<ContactInput>,
) -> Result<Result<(), Vec<(usize, &'static str, &'static str)>>, StoreError> {
    let others = employer_contacts(db, employer)
        .await?
        .into_iter()
        .filter(|c| !kinds.contains(&c.kind))
        .map(|c| ContactInput {
            kind: c.kind.code().into(),
            name: c.name,
            phone: c.phone,
            email: c.email,
            url: c.url,
            note: c.note,
        });
    match check_contacts(typed.into_iter().chain(others).collect()) {
        Ok(list) => set_employer_contacts(db, employer, list).await.map(Ok),
        Err(problems) => Ok(Err(problems)),
    }
}
