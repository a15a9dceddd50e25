//! The view types the server functions (`server_fns`) return and the check-in form's input:
//! what the UI may know, nothing more.

use crate::i18n::{Lang, Msg};
use domain::{answer_from_text, FieldError, FieldErrors, FieldName, RawCheckIn};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// The check-in form's fields, named as the HTML form names them, so one type reads a plain
/// form POST (no JavaScript) and a server-function call alike.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckInInput {
    pub stress: Option<String>,
    pub work_ability: Option<String>,
    pub who5_1: Option<String>,
    pub who5_2: Option<String>,
    pub who5_3: Option<String>,
    pub who5_4: Option<String>,
    pub who5_5: Option<String>,
    pub wants_to_talk: Option<String>,
    pub note: Option<String>,
    /// The ISO week the form was given for (`2026-W48`). An answer kept on the phone without a
    /// signal, or a form left open over Sunday night, arrives later: it must count for the week it
    /// was given in or be refused, never slip into the next. Absent: this week.
    pub week: Option<String>,
    /// Whose form it was. A kept answer is sent with whatever session the phone has then, and
    /// must never count as someone else's.
    pub person: Option<String>,
}

impl CheckInInput {
    pub fn who5(&self) -> [&Option<String>; 5] {
        [
            &self.who5_1,
            &self.who5_2,
            &self.who5_3,
            &self.who5_4,
            &self.who5_5,
        ]
    }

    pub fn to_raw(&self) -> RawCheckIn {
        let who5 = self.who5().map(|v| answer_from_text(v.as_deref()));
        RawCheckIn {
            stress: answer_from_text(self.stress.as_deref()),
            work_ability: answer_from_text(self.work_ability.as_deref()),
            who5: who5.iter().any(Option::is_some).then_some(who5),
            wants_to_talk: self.wants_to_talk.is_some(),
            note: self.note.clone(),
        }
    }

    /// The form pre-filled from stored answers (changing this week's check-in).
    pub fn from_answers(a: &AnswersView) -> Self {
        let who5 = a
            .who5
            .map(|items| items.map(|i| Some(i.to_string())))
            .unwrap_or_default();
        let [who5_1, who5_2, who5_3, who5_4, who5_5] = who5;
        Self {
            stress: Some(a.stress.to_string()),
            work_ability: Some(a.work_ability.to_string()),
            who5_1,
            who5_2,
            who5_3,
            who5_4,
            who5_5,
            wants_to_talk: a.wants_to_talk.then(|| "on".into()),
            note: a.note.clone(),
            week: None,
            person: None,
        }
    }
}

/// A person's own answers, shown back to them only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswersView {
    pub stress: u8,
    pub work_ability: u8,
    pub who5: Option<[u8; 5]>,
    pub wants_to_talk: bool,
    pub note: Option<String>,
}

impl From<&domain::CheckInAnswers> for AnswersView {
    fn from(a: &domain::CheckInAnswers) -> Self {
        Self {
            stress: a.stress.value(),
            work_ability: a.work_ability.value(),
            who5: a.who5.map(|w| w.items()),
            wants_to_talk: a.wants_to_talk,
            note: a.note.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldErrorView {
    pub field: String,
    pub error: FieldErrorKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldErrorKind {
    Missing,
    NotANumber,
    OutOfRange { min: i64, max: i64 },
    TooLong { max: usize },
}

impl FieldErrorKind {
    pub fn message(self, lang: Lang) -> String {
        match self {
            Self::Missing => lang.t(Msg::ErrMissing).into(),
            Self::NotANumber => lang.t(Msg::ErrNotANumber).into(),
            Self::OutOfRange { min, max } => lang.tf(Msg::ErrOutOfRange, &[&min, &max]),
            Self::TooLong { max } => lang.tf(Msg::ErrTooLong, &[&max]),
        }
    }
}

pub fn field_errors_view(errors: &FieldErrors) -> Vec<FieldErrorView> {
    errors
        .0
        .iter()
        .map(|(field, error)| FieldErrorView {
            field: field.code(),
            error: match *error {
                FieldError::Missing => FieldErrorKind::Missing,
                FieldError::NotANumber => FieldErrorKind::NotANumber,
                FieldError::OutOfRange { min, max } => FieldErrorKind::OutOfRange { min, max },
                FieldError::TooLong { max } => FieldErrorKind::TooLong { max },
            },
        })
        .collect()
}

/// This week's form: which questions, and what to fill in (stored answers or a rejected draft).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormView {
    /// The week's number as people say it ("49"; "1, 2027" across a new year).
    pub week: String,
    pub who5_due: bool,
    /// What to fill in, with the week and person the answers are for (hidden fields).
    pub values: CheckInInput,
    pub errors: Vec<FieldErrorView>,
    /// Why the last submission was not saved, when it came back as a plain form POST.
    pub problem: Option<AppError>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckInPageView {
    pub form: FormView,
    /// This week's result, as HTML made on the server (`ResultPanel`).
    pub result: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HomeView {
    pub name: String,
    pub employer: String,
    /// The week's number as people say it ("49"; "1, 2027" across a new year).
    pub week: String,
    pub checked_in: bool,
    /// This week's check-in is done and reminders are off: offer them.
    pub offer_reminders: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeekPoint {
    /// The week's number in its year, for the chart's axis.
    pub week: u32,
    /// The week as the table shows it ("49"; "1, 2027" across a new year).
    pub label: String,
    pub who5: Option<u8>,
    pub stress: Option<u8>,
    pub work_ability: Option<u8>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryView {
    pub weeks: Vec<WeekPoint>,
}

/// What can go wrong at the UI edge; internal causes are logged on the server, never sent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum AppError {
    SignedOut,
    Invalid(Vec<FieldErrorView>),
    WeekClosed {
        current: String,
    },
    Network,
    /// No signal: the service worker kept the answers on the phone and sends them when the
    /// connection returns. Only the service worker answers with this; the island shows its
    /// message where it shows every other, so waiting costs the island no code of its own.
    Queued,
    Internal,
}

impl AppError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            AppError::SignedOut => lang.t(Msg::ErrSignedOut).into(),
            AppError::Invalid(_) => lang.t(Msg::ErrorSummary).into(),
            AppError::WeekClosed { current } => lang.tf(Msg::ErrWeekClosed, &[current]),
            AppError::Network => lang.t(Msg::ErrNetwork).into(),
            AppError::Queued => lang.t(Msg::CheckInQueued).into(),
            AppError::Internal => lang.t(Msg::ErrInternal).into(),
        }
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) => AppError::Network,
            _ => AppError::Internal,
        }
    }
}

/// Maps a check-in field code to the id of its question in the form.
pub fn field_dom_id(code: &str) -> String {
    match FieldName::from_code(code) {
        Some(FieldName::Who5(i)) => format!("q-who5-{}", i + 1),
        Some(_) | None => format!("q-{}", code.replace('_', "-")),
    }
}

/// A piece of text, marked when it matched a search.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    pub text: String,
    pub hit: bool,
}

/// An article in a list, with the matching words marked when it is a search result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuidanceLineView {
    pub slug: String,
    pub title: Vec<Mark>,
    pub summary: Vec<Mark>,
    pub snippet: Option<Vec<Mark>>,
    pub for_managers: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuidanceListView {
    pub items: Vec<GuidanceLineView>,
    /// Topic codes, for the filter.
    pub topics: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactView {
    pub kind: String,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuidanceArticleView {
    pub slug: String,
    /// `sv` or `en`: the article's own language, which may differ from the page's.
    pub language: String,
    pub title: String,
    pub summary: String,
    pub reviewed: String,
    /// Rendered on the server from Markdown with raw HTML escaped.
    pub body_html: String,
    pub related: Vec<GuidanceLineView>,
    pub contacts: Vec<ContactView>,
    /// Kinds the article names that the employer has no entry for: described in general words.
    pub general_contacts: Vec<String>,
    pub signed_in: bool,
    /// The reader edits the library.
    pub can_edit: bool,
}
