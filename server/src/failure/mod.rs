//! One path for what went wrong. Each service error converts once, here, into a [`Failure`];
//! the API renders it as an RFC 9457 problem and a page as form messages, both in the
//! person's language. The text a service error displays is English for the log: it never
//! reaches a person, and a store failure is logged here, where it is converted, and nowhere
//! else.

use crate::api::problem::{FieldProblem, Problem};
use app::i18n::{Lang, Msg};
use axum::http::StatusCode;
use domain::problem::ProblemCode;
use service::policy::Refused;
use service::StoreError;

/// What went wrong with a request, whatever the service called it.
pub(crate) enum Failure {
    /// Not the caller's to see or do. `Hidden` reads as an unknown id.
    Refused(Refused),
    /// Input the person can correct, field by field.
    Invalid(Vec<Field>),
    /// A state the person can act on: the case is closed, the plan moved on, the week closed.
    Conflict {
        status: StatusCode,
        /// The problem's stable type, `urn:orka:problem:{code}`.
        code: &'static str,
        said: Said,
        /// For a client program: what it needs to retry (a current version).
        detail: Option<String>,
    },
    /// The store failed. Logged when converted; people are told to try again.
    Store,
}

/// One field's problem: its name as in the form or JSON, a stable code and what to tell.
pub(crate) struct Field {
    pub name: String,
    pub code: &'static str,
    pub said: Said,
}

/// A message, put into words in whichever language the request turns out to have.
pub(crate) struct Said(Box<dyn Fn(Lang) -> String + Send + Sync>);

impl Said {
    pub fn msg(m: Msg) -> Said {
        Said(Box::new(move |lang| lang.t(m).to_owned()))
    }

    /// A message with `{}` placeholders, filled in order.
    pub fn with(m: Msg, args: Vec<String>) -> Said {
        Said(Box::new(move |lang| {
            let args: Vec<&dyn std::fmt::Display> = args.iter().map(|a| a as _).collect();
            lang.tf(m, &args)
        }))
    }

    pub fn text(&self, lang: Lang) -> String {
        (self.0)(lang)
    }
}

impl Field {
    pub fn new(name: impl Into<String>, code: &'static str, said: Said) -> Field {
        Field {
            name: name.into(),
            code,
            said,
        }
    }

    /// A problem the domain names by its code; every code has its message.
    pub fn coded(name: impl Into<String>, code: ProblemCode) -> Field {
        use ProblemCode as C;
        let msg = match code {
            C::Missing => Msg::ErrFieldMissing,
            C::TooLong => Msg::ErrFieldTooLong,
            C::TooMany => Msg::ErrFieldTooMany,
            C::Unknown => Msg::ErrFieldUnknown,
            C::NotADate => Msg::ErrFieldNotADate,
            C::OutOfRange => Msg::ErrFieldOutOfRange,
            C::Duplicate => Msg::ErrFieldDuplicate,
            C::BeforeFirstDay => Msg::ErrFieldBeforeFirstDay,
            C::OverlapsEarlierSpell => Msg::ErrFieldOverlaps,
            C::InTheFuture => Msg::ErrFieldInFuture,
            C::InThePast => Msg::ErrFieldInPast,
            C::OnlyForPlan => Msg::ErrFieldOnlyForPlan,
            C::NotOnList => Msg::ErrFieldNotOnList,
            C::EmployeeOnly => Msg::ErrFieldEmployeeOnly,
            C::NoManager => Msg::ErrFieldNoManager,
            C::NotSickLeave => Msg::ErrFieldNotSickLeave,
            C::UnknownPerson => Msg::ErrFieldUnknownPerson,
            C::UnknownColumn => Msg::ErrFieldUnknownColumn,
            C::AboutHealth => Msg::ErrFieldAboutHealth,
            C::NotCsv => Msg::ErrFieldNotCsv,
        };
        Field::new(name, code.code(), Said::msg(msg))
    }

    pub fn problem(self, lang: Lang) -> FieldProblem {
        FieldProblem {
            field: self.name,
            code: self.code.into(),
            message: self.said.text(lang),
        }
    }
}

impl Failure {
    fn conflict(status: StatusCode, code: &'static str, said: Said) -> Failure {
        Failure::Conflict {
            status,
            code,
            said,
            detail: None,
        }
    }

    fn field(name: &str, code: &'static str, msg: Msg) -> Failure {
        Failure::Invalid(vec![Field::new(name, code, Said::msg(msg))])
    }

    /// Fields the domain found wrong, by their codes.
    pub fn fields(fields: impl IntoIterator<Item = (String, ProblemCode)>) -> Failure {
        Failure::Invalid(
            fields
                .into_iter()
                .map(|(name, code)| Field::coded(name, code))
                .collect(),
        )
    }

    /// The API's answer.
    pub fn problem(self, lang: Lang) -> Problem {
        match self {
            Failure::Refused(r) => {
                let (status, code, msg) = refusal(r);
                Problem::new(status, code, lang.t(msg))
            }
            Failure::Invalid(fields) => {
                Problem::invalid(lang, fields.into_iter().map(|f| f.problem(lang)).collect())
            }
            Failure::Conflict {
                status,
                code,
                said,
                detail,
            } => {
                let p = Problem::new(status, code, said.text(lang));
                match detail {
                    Some(d) => p.detail(d),
                    None => p,
                }
            }
            Failure::Store => Problem::internal(lang),
        }
    }

    /// A page's answer: (field, message) for each thing wrong, the field empty where the
    /// message is about the form as a whole.
    pub fn lines(self, lang: Lang) -> Vec<(String, String)> {
        let whole = |text: String| vec![(String::new(), text)];
        match self {
            Failure::Refused(r) => whole(lang.t(refusal(r).2).to_owned()),
            Failure::Invalid(fields) => fields
                .into_iter()
                .map(|f| (f.name, f.said.text(lang)))
                .collect(),
            Failure::Conflict { said, .. } => whole(said.text(lang)),
            Failure::Store => whole(lang.t(Msg::ErrInternal).to_owned()),
        }
    }

    /// The first message, for a page that shows one line above its form.
    pub fn line(self, lang: Lang) -> String {
        self.lines(lang)
            .into_iter()
            .next()
            .map(|(_, text)| text)
            .unwrap_or_else(|| lang.t(Msg::ErrorSummary).to_owned())
    }
}

/// One problem of an import file, as `errors[]` of the API's problem and as a line of the
/// command's report: the field is `line.column` (`3.first_day`), the message in `lang`, with
/// the value or other line concerned after it.
pub(crate) fn import_line(lang: Lang, p: &service::absence_import::SpellProblem) -> FieldProblem {
    let mut f = Field::coded(format!("{}.{}", p.line, p.column), p.code).problem(lang);
    if let Some(detail) = &p.detail {
        f.message = format!("{} ({detail})", f.message);
    }
    f
}

/// `.map_err(problem(lang))`: any service error as the API's answer.
pub(crate) fn problem<E: Into<Failure>>(lang: Lang) -> impl Fn(E) -> Problem {
    move |e| e.into().problem(lang)
}

/// A store failure as the API's answer: logged, and a plain 500.
pub(crate) fn store_failed(lang: Lang, e: StoreError) -> Problem {
    Failure::from(e).problem(lang)
}

/// A refusal as the API's answer.
pub(crate) fn refused(lang: Lang, r: Refused) -> Problem {
    Failure::from(r).problem(lang)
}

/// How a refusal reads: `Hidden` is a plain "not found", as for an unknown id, so a refusal
/// does not tell that the thing exists.
fn refusal(r: Refused) -> (StatusCode, &'static str, Msg) {
    match r {
        Refused::Hidden => (StatusCode::NOT_FOUND, "not-found", Msg::ErrNotFound),
        Refused::Forbidden => (StatusCode::FORBIDDEN, "forbidden", Msg::ErrForbidden),
        Refused::NeedsConsent => (StatusCode::FORBIDDEN, "needs-consent", Msg::ErrNeedsConsent),
    }
}

mod convert;
