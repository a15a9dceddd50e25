//! Web Push: the server's VAPID key, people's devices and reminder preferences, the outbox
//! every push goes through, and the worker that sends it.
//!
//! A push never carries health data: it names the kind of reminder, in the device's language,
//! and where to go; the app fetches anything else after the tap, signed in.

mod outbox;
mod preferences;
mod seal;
mod sender;
mod subscriptions;
mod vapid;
mod worker;

pub(crate) use outbox::{enqueue_alert_notices, enqueue_notices, Notice};
pub use outbox::{enqueue_test, stats, PushKind, PushStats};
pub use preferences::{
    plan_due, reminder_state, set_reminder_preferences, ReminderPreferences, ReminderState,
    CHECK_IN_TTL,
};
pub use sender::{Message, Sender, Target};
pub use subscriptions::{
    count_subscriptions, devices, subscribe, unsubscribe, Device, EndpointPolicy, NewSubscription,
    SubscriptionProblem, Which, DEFAULT_PUSH_HOSTS,
};
pub use vapid::{current as current_key, rotate as rotate_key, Rotation, VapidKey};
pub use worker::{Round, Worker};

use domain::guidance::Language;

/// What the service worker shows. `tag` is the same for a week's first reminder and its
/// follow-up, and for a push delivered twice: the phone shows one notification, the latest.
pub fn payload(kind: PushKind, language: Language, week: Option<&str>) -> Vec<u8> {
    let (title, body) = text(kind, language);
    let (url, tag) = match kind {
        PushKind::CheckIn | PushKind::CheckInFollowUp => {
            ("/checkin", format!("check-in-{}", week.unwrap_or_default()))
        }
        PushKind::Test => ("/reminders", "test".to_owned()),
        PushKind::Alert | PushKind::AlertWaiting => ("/team", "alert".to_owned()),
        PushKind::RehabMeeting
        | PushKind::RehabTask
        | PushKind::RehabDeadline
        | PushKind::AdjustmentRequest => ("/rehab", kind.code().to_owned()),
    };
    serde_json::to_vec(&serde_json::json!({
        "kind": kind.code(),
        "title": title,
        "body": body,
        "url": url,
        "tag": tag,
        "lang": language.code(),
    }))
    .expect("a JSON object of strings serialises")
}

fn text(kind: PushKind, language: Language) -> (&'static str, &'static str) {
    match (kind, language) {
        (PushKind::CheckIn, Language::Sv) => (
            "Dags för veckans incheckning",
            "En minut: hur har du det den här veckan?",
        ),
        (PushKind::CheckIn, Language::En) => (
            "Time for this week's check-in",
            "One minute: how are you doing this week?",
        ),
        (PushKind::CheckInFollowUp, Language::Sv) => (
            "Veckans incheckning väntar",
            "Det är inte för sent – en minut räcker.",
        ),
        (PushKind::CheckInFollowUp, Language::En) => (
            "This week's check-in is waiting",
            "There is still time – one minute is enough.",
        ),
        (PushKind::Test, Language::Sv) => (
            "Testavisering från Orka",
            "Så här ser Orkas påminnelser ut på den här enheten.",
        ),
        (PushKind::Test, Language::En) => (
            "Test notification from Orka",
            "This is how Orka's reminders look on this device.",
        ),
        (PushKind::Alert, Language::Sv) => (
            "Nytt meddelande i Orka",
            "Någon har valt att dela något med dig. Öppna Orka för att se det.",
        ),
        (PushKind::Alert, Language::En) => (
            "New message in Orka",
            "Someone has chosen to share something with you. Open Orka to see it.",
        ),
        (PushKind::AlertWaiting, Language::Sv) => (
            "Ett meddelande väntar på dig i Orka",
            "Någon har delat något med dig som du inte har kvitterat än.",
        ),
        (PushKind::AlertWaiting, Language::En) => (
            "A message is waiting for you in Orka",
            "Someone has shared something with you that you have not acknowledged yet.",
        ),
        (PushKind::RehabMeeting, Language::Sv) => (
            "Möte i morgon",
            "Du har ett uppföljningsmöte i morgon. Öppna Orka för tid och deltagare.",
        ),
        (PushKind::RehabMeeting, Language::En) => (
            "Meeting tomorrow",
            "You have a follow-up meeting tomorrow. Open Orka for the time and who takes part.",
        ),
        (PushKind::RehabTask, Language::Sv) => (
            "En uppgift i din plan",
            "Något du har åtagit dig ska vara klart i dag. Öppna Orka för att se vad.",
        ),
        (PushKind::RehabTask, Language::En) => (
            "A task in your plan",
            "Something you took on is due today. Open Orka to see what.",
        ),
        (PushKind::AdjustmentRequest, Language::Sv) => (
            "Någon ber om stöd",
            "En medarbetare vill att ni ser över arbetet tillsammans. Öppna Orka för att se vem.",
        ),
        (PushKind::AdjustmentRequest, Language::En) => (
            "Someone asks for support",
            "An employee would like to look at their work with you. Open Orka to see who.",
        ),
        (PushKind::RehabDeadline, Language::Sv) => (
            "Ett datum närmar sig",
            "Något ska vara gjort inom några dagar. Öppna Orka för att se vad.",
        ),
        (PushKind::RehabDeadline, Language::En) => (
            "A date is coming up",
            "Something must be done within a few days. Open Orka to see what.",
        ),
    }
}
