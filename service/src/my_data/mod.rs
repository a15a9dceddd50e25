//! A person's own data, all of it: the export (GDPR Art. 15 and 20) and deleting their
//! check-in history (Art. 17).
//!
//! The export is built here, as JSON, because it is the one place where health data leaves
//! in full: to the person it is about, with nothing of anyone else's but the names of those
//! who read or were told.

pub mod log;

use crate::entity::{
    absence_spell, access_log, alert, check_in, consent, employer_change, employment, outbox_job,
    person, person_role, push_subscription, reminder_preference, session, talk_link, unit,
    unit_manager,
};
use crate::policy::OwnData;
use crate::{Db, StoreError};
use chrono::{DateTime, Utc};
use domain::consent::Scope;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{json, Value};

/// Everything Orka holds about the person. Where a row also names the person as the reader of
/// someone else's data (their own reads in others' access logs, grants others gave them, the
/// plan versions of others' cases they opened), it belongs to that other person and is left
/// out here (GDPR art. 15(4)); `tests/export.rs` lists every column that holds a person's id
/// and where it shows, or why not.
#[tracing::instrument(skip_all, fields(person = %own.person()))]
pub async fn export(db: &Db, own: &OwnData, now: DateTime<Utc>) -> Result<Value, StoreError> {
    let me = own.person().as_uuid();
    let conn = db.conn();
    let Some(p) = person::Entity::find_by_id(me).one(conn).await? else {
        return Ok(json!({}));
    };
    let unit = match p.unit_id {
        Some(u) => unit::Entity::find_by_id(u)
            .one(conn)
            .await?
            .map(|u| u.path.unwrap_or(u.name)),
        None => None,
    };
    // Where and how many hours a week the HR system says they worked, with the unit by name.
    let mut employments = Vec::new();
    for e in employment::Entity::find()
        .filter(employment::Column::PersonId.eq(me))
        .order_by_asc(employment::Column::FromDay)
        .all(conn)
        .await?
    {
        let unit = match e.unit_id {
            Some(u) => unit::Entity::find_by_id(u).one(conn).await?,
            None => None,
        };
        employments.push(json!({
            "unit": unit.map(|u| u.path.unwrap_or(u.name)), "from": e.from_day, "to": e.to_day,
            "weekly_hours": f64::from(e.weekly_hours_centi) / 100.0,
        }));
    }
    let leads: Vec<uuid::Uuid> = unit_manager::Entity::find()
        .filter(unit_manager::Column::PersonId.eq(me))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.unit_id)
        .collect();
    let leads: Vec<String> = unit::Entity::find()
        .filter(unit::Column::Id.is_in(leads))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| u.path.unwrap_or(u.name))
        .collect();
    let roles: Vec<String> = person_role::Entity::find()
        .filter(person_role::Column::PersonId.eq(me))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| r.role)
        .collect();
    let check_ins: Vec<Value> = check_in::Entity::find()
        .filter(check_in::Column::PersonId.eq(me))
        .order_by_asc(check_in::Column::IsoWeek)
        .all(conn)
        .await?
        .into_iter()
        .map(|c| {
            let items = [
                c.who5_item1,
                c.who5_item2,
                c.who5_item3,
                c.who5_item4,
                c.who5_item5,
            ];
            json!({
                "week": c.iso_week, "stress": c.stress, "work_ability": c.work_ability,
                "who5_items": if items.iter().all(Option::is_none) { Value::Null } else { json!(items) },
                "who5_score": c.who5_score, "wants_to_talk": c.wants_to_talk, "note": c.note,
                "submitted_at": c.submitted_at, "updated_at": c.updated_at,
            })
        })
        .collect();
    let grants = consent::Entity::find()
        .filter(consent::Column::PersonId.eq(me))
        .order_by_asc(consent::Column::GrantedAt)
        .all(conn)
        .await?;
    let alerts = alert::Entity::find()
        .filter(alert::Column::PersonId.eq(me))
        .order_by_asc(alert::Column::RaisedAt)
        .all(conn)
        .await?;
    let log = access_log::Entity::find()
        .filter(access_log::Column::SubjectId.eq(me))
        .order_by_asc(access_log::Column::At)
        .all(conn)
        .await?;
    let absences = absence_spell::Entity::find()
        .filter(absence_spell::Column::PersonId.eq(me))
        .order_by_asc(absence_spell::Column::FirstDay)
        .all(conn)
        .await?;
    let names = crate::people::names(
        db,
        grants
            .iter()
            .map(|g| g.recipient_id)
            .chain(log.iter().map(|l| l.actor_id))
            .chain(absences.iter().filter_map(|a| a.recorded_by)),
    )
    .await?;
    let mut names = names;
    names.extend(crate::rehab::links::holders(db, log.iter().map(|l| l.actor_id)).await?);
    // Occupational health: granted to, and reading, as the employer's directory names it.
    let services = grants
        .iter()
        .filter_map(|g| g.service_id)
        .chain(log.iter().map(|l| l.actor_id));
    names.extend(crate::grants::service_names(db, services).await?);
    let name = |id: &uuid::Uuid| names.get(id).cloned().unwrap_or_default();
    let grants: Vec<Value> = grants
        .iter()
        .map(|g| {
            let text = Scope::parse(&g.scope)
                .zip(domain::guidance::Language::parse(&g.language))
                .and_then(|(s, l)| {
                    domain::consent::version(s, g.text_version as u16).map(|t| t.text(l))
                });
            json!({
                "id": g.id, "scope": g.scope, "recipient": g.recipient,
                "recipient_name": name(&crate::grants::holder(g)),
                "text_version": g.text_version,
                "text": text, "granted_at": g.granted_at, "withdrawn_at": g.withdrawn_at,
            })
        })
        .collect();
    let alerts: Vec<Value> = alerts
        .into_iter()
        .map(|a| {
            json!({
                "kind": a.kind, "week": a.iso_week, "consent_id": a.consent_id,
                "raised_at": a.raised_at, "acknowledged_at": a.acknowledged_at,
                "follow_up": a.follow_up, "follow_up_at": a.follow_up_at,
            })
        })
        .collect();
    let log: Vec<Value> = log
        .iter()
        .map(|l| json!({ "at": l.at, "by": name(&l.actor_id), "what": l.what, "why": l.why }))
        .collect();
    let absences: Vec<Value> = absences
        .iter()
        .map(|a| {
            json!({
                "first_day": a.first_day, "last_day": a.last_day, "extent": a.extent,
                "source": a.source, "recorded_by": a.recorded_by.as_ref().map(name),
                "recorded_at": a.recorded_at,
            })
        })
        .collect();
    // When and until when, never the session's hash or the provider's token.
    let sessions: Vec<Value> = session::Entity::find()
        .filter(session::Column::PersonId.eq(me))
        .order_by_asc(session::Column::CreatedAt)
        .all(conn)
        .await?
        .into_iter()
        .map(|s| {
            json!({
                "started_at": s.created_at, "last_seen_at": s.last_seen_at,
                "expires_at": s.expires_at,
            })
        })
        .collect();
    let notices: Vec<Value> = outbox_job::Entity::find()
        .filter(outbox_job::Column::PersonId.eq(me))
        .order_by_asc(outbox_job::Column::DueAt)
        .all(conn)
        .await?
        .into_iter()
        .map(|j| {
            json!({
                "channel": j.channel, "kind": j.kind, "week": j.week, "status": j.status,
                "due_at": j.due_at,
                "attempts": j.attempts, "finished_at": j.finished_at,
            })
        })
        .collect();
    // Each wish to talk that went to occupational health: to whom, and what they did with it.
    let talk_rows = talk_link::Entity::find()
        .filter(talk_link::Column::PersonId.eq(me))
        .order_by_asc(talk_link::Column::CreatedAt)
        .all(conn)
        .await?;
    let services = crate::grants::service_names(db, talk_rows.iter().map(|t| t.contact_id)).await?;
    let talk_requests: Vec<Value> = talk_rows
        .into_iter()
        .map(|t| {
            json!({
                "to": services.get(&t.contact_id), "asked_at": t.created_at,
                "page_until": t.expires_at, "opened_at": t.opened_at,
                "contacted_at": t.contacted_at,
            })
        })
        .collect();
    // An admin's changes of the employer's settings: their own acts.
    let settings_changes: Vec<Value> = employer_change::Entity::find()
        .filter(employer_change::Column::ChangedBy.eq(me))
        .order_by_asc(employer_change::Column::At)
        .all(conn)
        .await?
        .into_iter()
        .map(|c| {
            let fields: Value = serde_json::from_str(&c.changes).unwrap_or_default();
            json!({ "at": c.at, "fields": fields })
        })
        .collect();
    // Versions of guidance articles the person wrote as an editor: their own acts.
    let written = crate::entity::guidance_version::Entity::find()
        .filter(crate::entity::guidance_version::Column::Author.eq(me))
        .order_by_asc(crate::entity::guidance_version::Column::CreatedAt)
        .all(conn)
        .await?;
    let slugs: std::collections::HashMap<uuid::Uuid, (String, String)> =
        crate::entity::guidance_article::Entity::find()
            .filter(
                crate::entity::guidance_article::Column::Id
                    .is_in(written.iter().map(|v| v.article_id)),
            )
            .all(conn)
            .await?
            .into_iter()
            .map(|a| (a.id, (a.slug, a.language)))
            .collect();
    let guidance_versions: Vec<Value> = written
        .into_iter()
        .map(|v| {
            let (slug, language) = slugs.get(&v.article_id).cloned().unwrap_or_default();
            json!({
                "article": slug, "language": language, "version": v.version, "kind": v.kind,
                "title": v.title, "at": v.created_at,
            })
        })
        .collect();
    let devices: Vec<Value> = push_subscription::Entity::find()
        .filter(push_subscription::Column::PersonId.eq(me))
        .all(conn)
        .await?
        .into_iter()
        .map(|d| {
            json!({
                "label": d.label, "language": d.language, "created_at": d.created_at,
                "last_delivered_at": d.last_delivered_at,
            })
        })
        .collect();
    let reminders = reminder_preference::Entity::find_by_id(me)
        .one(conn)
        .await?
        .map(|r| {
            json!({
                "check_in": r.check_in, "weekday": r.weekday, "at_minute": r.at_minute,
                "time_zone": r.time_zone, "quiet_start": r.quiet_start, "quiet_end": r.quiet_end,
            })
        });
    Ok(json!({
        "exported_at": now,
        "person": {
            "id": p.id, "name": p.display_name, "email": p.email, "unit": unit,
            "roles": roles, "leads": leads, "active": p.active, "created_at": p.created_at,
            "subject": p.subject, "from_import": p.from_import, "gender": p.gender,
            "birth_year": p.birth_year, "employee_number": p.employee_number,
            "employments": employments,
        },
        "absences": absences,
        "sessions": sessions,
        "notices": notices,
        "talk_requests": talk_requests,
        "settings_changes": settings_changes,
        "guidance_versions_written": guidance_versions,
        "check_ins": check_ins,
        "consents": grants,
        "alerts_about_me": alerts,
        "access_log": log,
        "devices": devices,
        "reminders": reminders,
        "rehabilitation": crate::rehab::export(db, me).await?,
    }))
}

/// Deletes every check-in of the person. Returns how many.
#[tracing::instrument(skip_all, fields(person = %own.person()))]
pub async fn delete_check_ins(db: &Db, own: &OwnData) -> Result<u64, StoreError> {
    let me = own.person().as_uuid();
    Ok(db
        .write(move |txn| {
            let delete = check_in::Entity::delete_many().filter(check_in::Column::PersonId.eq(me));
            Box::pin(async move { delete.exec(txn).await.map(|r| r.rows_affected) })
        })
        .await?)
}
