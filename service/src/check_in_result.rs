//! The check-in result screen as one read: what the week's answers mean, the guidance their
//! signals call for (the domain's rule table; the employer's own articles first), and whether
//! to offer a weekly reminder. The page, the server function and the API show it from here.

use crate::checkins::{self, CheckInResult, SubmitError};
use crate::guidance::{self, ArticleLine};
use crate::policy::OwnData;
use crate::{push, Db, Person, StoreError};
use chrono::{DateTime, Utc};
use domain::guidance::Language;
use domain::{IsoWeek, RawCheckIn};

pub struct CheckInOutcome {
    pub result: CheckInResult,
    pub recommended: Vec<ArticleLine>,
    /// Reminders are offered once there is a check-in to be reminded of, until they are on.
    /// `None` when not asked for.
    pub offer_reminders: Option<bool>,
}

/// Whether to read if a weekly reminder is to be offered. The page offers one. The API does
/// not: an app reads the preferences itself, and the API's check-in is the busiest write,
/// where the read cost a quarter of the throughput (`scripts/bench.sh`: 3,035/s without it,
/// 2,178/s with it, the same machine).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReminderOffer {
    Read,
    Skip,
}

/// Submits the person's answers for `week` and reads the result screen.
pub async fn submit(
    db: &Db,
    person: &Person,
    week: IsoWeek,
    raw: RawCheckIn,
    language: Language,
    offer: ReminderOffer,
    now: DateTime<Utc>,
) -> Result<CheckInOutcome, SubmitError> {
    let own = crate::policy::own_data(person);
    let result = checkins::submit_check_in(db, &own, week, raw, now).await?;
    Ok(outcome(db, person, result, language, offer, now).await?)
}

/// The result screen of a week the person has already checked in, if they have.
pub async fn of_week(
    db: &Db,
    own: &OwnData,
    person: &Person,
    week: IsoWeek,
    language: Language,
    now: DateTime<Utc>,
) -> Result<Option<CheckInOutcome>, StoreError> {
    match checkins::result_for(db, own, week).await? {
        Some(result) => {
            let offer = ReminderOffer::Read;
            Ok(Some(
                outcome(db, person, result, language, offer, now).await?,
            ))
        }
        None => Ok(None),
    }
}

async fn outcome(
    db: &Db,
    person: &Person,
    result: CheckInResult,
    language: Language,
    offer: ReminderOffer,
    now: DateTime<Utc>,
) -> Result<CheckInOutcome, StoreError> {
    let topics = domain::guidance::recommend(&result.signals);
    let recommended =
        guidance::recommended(db, Some(person.employer_id), language, &topics).await?;
    let offer_reminders = match offer {
        ReminderOffer::Read => {
            let reminders = push::reminder_state(db, person.id, now).await?;
            Some(!reminders.preferences.check_in)
        }
        ReminderOffer::Skip => None,
    };
    Ok(CheckInOutcome {
        result,
        recommended,
        offer_reminders,
    })
}
