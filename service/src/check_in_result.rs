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
    pub offer_reminders: bool,
}

/// Submits the person's answers for `week` and reads the result screen.
pub async fn submit(
    db: &Db,
    person: &Person,
    week: IsoWeek,
    raw: RawCheckIn,
    language: Language,
    now: DateTime<Utc>,
) -> Result<CheckInOutcome, SubmitError> {
    let own = crate::policy::own_data(person);
    let result = checkins::submit_check_in(db, &own, week, raw, now).await?;
    Ok(outcome(db, person, result, language, now).await?)
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
        Some(result) => Ok(Some(outcome(db, person, result, language, now).await?)),
        None => Ok(None),
    }
}

async fn outcome(
    db: &Db,
    person: &Person,
    result: CheckInResult,
    language: Language,
    now: DateTime<Utc>,
) -> Result<CheckInOutcome, StoreError> {
    let topics = domain::guidance::recommend(&result.signals);
    let recommended =
        guidance::recommended(db, Some(person.employer_id), language, &topics).await?;
    let reminders = push::reminder_state(db, person.id, now).await?;
    Ok(CheckInOutcome {
        result,
        recommended,
        offer_reminders: !reminders.preferences.check_in,
    })
}
