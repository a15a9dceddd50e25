//! Each service error, converted once: which kind of failure it is, with its status, stable
//! code and words. A new variant of a service error does not compile until it is added both
//! here and to the walk in the tests below.

use super::{Failure, Field, Said};
use app::api::FieldErrorKind;
use app::i18n::Msg;
use axum::http::StatusCode;
use domain::consent::GrantProblem;
use service::alerts::AlertError;
use service::checkins::SubmitError;
use service::consents::ConsentError;
use service::employers::EmployerError;
use service::policy::Refused;
use service::rehab::RehabError;
use service::StoreError;

impl From<Refused> for Failure {
    fn from(r: Refused) -> Failure {
        Failure::Refused(r)
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        tracing::error!(error = %e, "request failed");
        Failure::Store
    }
}

impl From<RehabError> for Failure {
    fn from(e: RehabError) -> Failure {
        use StatusCode as S;
        let said = Said::msg;
        match e {
            RehabError::NotFound => Refused::Hidden.into(),
            RehabError::AlreadyOpen => {
                Failure::conflict(S::CONFLICT, "case-already-open", said(Msg::ErrCaseOpen))
            }
            RehabError::Closed => {
                Failure::conflict(S::CONFLICT, "case-closed", said(Msg::ErrCaseClosed))
            }
            RehabError::Stale { current } => Failure::conflict(
                S::CONFLICT,
                "plan-changed",
                Said::with(Msg::ErrPlanStale, vec![current.to_string()]),
            ),
            RehabError::WrongKind => {
                Failure::conflict(S::CONFLICT, "wrong-case-kind", said(Msg::ErrWrongCaseKind))
            }
            RehabError::NotYourTask => {
                Failure::conflict(S::FORBIDDEN, "not-your-task", said(Msg::ErrNotYourTask))
            }
            RehabError::Invalid(fields) => Failure::fields(fields),
            RehabError::Store(e) => e.into(),
        }
    }
}

impl From<ConsentError> for Failure {
    fn from(e: ConsentError) -> Failure {
        match e {
            ConsentError::Problem(GrantProblem::NotForRecipient) => {
                Failure::field("recipient", "not_for_scope", Msg::ErrConsentRecipient)
            }
            ConsentError::Problem(GrantProblem::TextChanged { current }) => Failure::Conflict {
                status: StatusCode::CONFLICT,
                code: "consent-text-changed",
                said: Said::msg(Msg::ErrConsentTextChanged),
                detail: Some(format!("current version: {current}")),
            },
            ConsentError::NoManager => Failure::conflict(
                StatusCode::CONFLICT,
                "no-manager",
                Said::msg(Msg::ErrConsentNoManager),
            ),
            ConsentError::NotACoordinator => Failure::field(
                "coordinator_id",
                "not_a_coordinator",
                Msg::ErrConsentNotCoordinator,
            ),
            ConsentError::NotAManagerAbove => Failure::field(
                "manager_id",
                "not_a_manager_above",
                Msg::ErrConsentNotManagerAbove,
            ),
            ConsentError::NotOccupationalHealth => Failure::field(
                "service_id",
                "not_occupational_health",
                Msg::ErrConsentNotOccupationalHealth,
            ),
            ConsentError::Store(e) => e.into(),
        }
    }
}

impl From<AlertError> for Failure {
    fn from(e: AlertError) -> Failure {
        match e {
            AlertError::NotFound => Refused::Hidden.into(),
            AlertError::TooLong => Failure::field("follow_up", "too_long", Msg::ErrFollowUpTooLong),
            AlertError::Store(e) => e.into(),
        }
    }
}

impl From<SubmitError> for Failure {
    fn from(e: SubmitError) -> Failure {
        match e {
            SubmitError::Invalid(errors) => Failure::Invalid(
                app::api::field_errors_view(&errors)
                    .into_iter()
                    .map(|e| {
                        let kind = e.error;
                        Field::new(
                            e.field,
                            check_in_code(&kind),
                            Said(Box::new(move |lang| kind.message(lang))),
                        )
                    })
                    .collect(),
            ),
            // Only this week is open, so its number needs no year.
            SubmitError::WeekClosed { current, .. } => Failure::conflict(
                StatusCode::CONFLICT,
                "week-closed",
                Said::with(Msg::ErrWeekClosed, vec![current.week().to_string()]),
            ),
            SubmitError::Store(e) => e.into(),
        }
    }
}

fn check_in_code(e: &FieldErrorKind) -> &'static str {
    match e {
        FieldErrorKind::Missing => "missing",
        FieldErrorKind::NotANumber => "not_a_number",
        FieldErrorKind::OutOfRange { .. } => "out_of_range",
        FieldErrorKind::TooLong { .. } => "too_long",
    }
}

impl From<EmployerError> for Failure {
    fn from(e: EmployerError) -> Failure {
        match e {
            // Only the operator's command line leaves a provider without its secret.
            EmployerError::Incomplete(_) => {
                Failure::field("client_secret", "missing", Msg::ErrProviderByOperator)
            }
            EmployerError::AudienceTaken => {
                Failure::field("api_audience", "taken", Msg::ErrAudienceTaken)
            }
            EmployerError::NotFound(_) => Refused::Hidden.into(),
            EmployerError::SlugTaken(_) => Failure::field("slug", "taken", Msg::ErrSlugTaken),
            EmployerError::Store(e) => e.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Failure, Field};
    use super::*;
    use crate::api::problem::Problem;
    use app::i18n::Lang;
    use domain::checkin::{FieldError, FieldErrors, FieldName};
    use domain::problem::ProblemCode;
    use domain::IsoWeek;

    fn store() -> StoreError {
        StoreError(service::DbErr::Custom("connection reset".into()))
    }

    /// Every variant of every service error a request can meet, with the text the service
    /// displays for it. The `match` in each list has no wildcard, so a new variant does not
    /// compile until it is added here, and with that, walked below.
    fn every_service_error() -> Vec<(String, Failure)> {
        let mut all: Vec<(String, Failure)> = vec![];
        let rehab = vec![
            RehabError::NotFound,
            RehabError::AlreadyOpen,
            RehabError::Closed,
            RehabError::Stale { current: 3 },
            RehabError::WrongKind,
            RehabError::NotYourTask,
            RehabError::Invalid(ProblemCode::ALL.map(|c| ("f".to_owned(), c)).into()),
            RehabError::Store(store()),
        ];
        for e in rehab {
            match &e {
                RehabError::NotFound
                | RehabError::AlreadyOpen
                | RehabError::Closed
                | RehabError::Stale { .. }
                | RehabError::WrongKind
                | RehabError::NotYourTask
                | RehabError::Invalid(_)
                | RehabError::Store(_) => {}
            }
            all.push((e.to_string(), e.into()));
        }
        let consent = vec![
            ConsentError::Problem(GrantProblem::NotForRecipient),
            ConsentError::Problem(GrantProblem::TextChanged { current: 2 }),
            ConsentError::NoManager,
            ConsentError::NotACoordinator,
            ConsentError::NotAManagerAbove,
            ConsentError::NotOccupationalHealth,
            ConsentError::Store(store()),
        ];
        for e in consent {
            match &e {
                ConsentError::Problem(GrantProblem::NotForRecipient)
                | ConsentError::Problem(GrantProblem::TextChanged { .. })
                | ConsentError::NoManager
                | ConsentError::NotACoordinator
                | ConsentError::NotAManagerAbove
                | ConsentError::NotOccupationalHealth
                | ConsentError::Store(_) => {}
            }
            all.push((e.to_string(), e.into()));
        }
        for e in [
            AlertError::NotFound,
            AlertError::TooLong,
            AlertError::Store(store()),
        ] {
            match &e {
                AlertError::NotFound | AlertError::TooLong | AlertError::Store(_) => {}
            }
            all.push((e.to_string(), e.into()));
        }
        let week = IsoWeek::new(2026, 48).unwrap();
        let field_errors = FieldErrors(vec![
            (FieldName::Stress, FieldError::Missing),
            (FieldName::WorkAbility, FieldError::NotANumber),
            (FieldName::Stress, FieldError::OutOfRange { min: 1, max: 5 }),
            (FieldName::Note, FieldError::TooLong { max: 500 }),
        ]);
        for e in [
            SubmitError::Invalid(field_errors),
            SubmitError::WeekClosed {
                week,
                current: week,
            },
            SubmitError::Store(store()),
        ] {
            match &e {
                SubmitError::Invalid(_)
                | SubmitError::WeekClosed { .. }
                | SubmitError::Store(_) => {}
            }
            all.push((e.to_string(), e.into()));
        }
        for e in [
            EmployerError::SlugTaken("demokommun".into()),
            EmployerError::NotFound("demokommun".into()),
            EmployerError::Incomplete("the provider needs a client secret"),
            EmployerError::AudienceTaken,
            EmployerError::Store(store()),
        ] {
            match &e {
                EmployerError::SlugTaken(_)
                | EmployerError::NotFound(_)
                | EmployerError::Incomplete(_)
                | EmployerError::AudienceTaken
                | EmployerError::Store(_) => {}
            }
            all.push((e.to_string(), e.into()));
        }
        for r in [Refused::Hidden, Refused::Forbidden, Refused::NeedsConsent] {
            all.push((format!("{r:?}"), r.into()));
        }
        all
    }

    /// Whether a message is the service's own (English) text: the whole of it, or, in the
    /// Swedish message, its first words ("another employer already has"). A one-word text
    /// ("closed") is only caught as the whole message.
    fn written_by_the_service(service_text: &str, message: &str, lang: Lang) -> bool {
        let gist: String = service_text
            .split(' ')
            .take(4)
            .collect::<Vec<_>>()
            .join(" ");
        message.eq_ignore_ascii_case(service_text)
            || (lang == Lang::Sv
                && gist.contains(' ')
                && message.to_lowercase().contains(&gist.to_lowercase()))
    }

    #[test]
    fn every_service_error_has_its_own_words_in_both_languages_on_the_api_and_on_a_page() {
        let sv = every_service_error();
        let en = every_service_error();
        assert_eq!(sv.len(), en.len());
        for ((service_text, sv), (_, en)) in sv.into_iter().zip(en) {
            let (sv, en) = (sv.problem(Lang::Sv), en.problem(Lang::En));
            assert!(sv.kind.starts_with("urn:orka:problem:"), "{service_text}");
            assert!(sv.status >= 400 && sv.status < 600, "{service_text}");
            let texts = |p: &Problem| {
                let mut t = vec![p.title.clone()];
                t.extend(p.errors.iter().map(|f| f.message.clone()));
                t
            };
            for (s, e) in texts(&sv).into_iter().zip(texts(&en)) {
                assert!(
                    !s.is_empty() && !e.is_empty(),
                    "{service_text}: a message is empty"
                );
                assert_ne!(s, e, "{service_text}: not translated");
                assert!(
                    !written_by_the_service(&service_text, &e, Lang::En)
                        && !written_by_the_service(&service_text, &s, Lang::Sv),
                    "{service_text}: the service's own text reaches a person"
                );
                assert!(
                    !s.contains("{}") && !e.contains("{}"),
                    "{s} / {e}: unfilled"
                );
            }
            // The codes do not depend on the language: clients read them.
            assert_eq!(sv.kind, en.kind);
            let codes = |p: &Problem| p.errors.iter().map(|f| f.code.clone()).collect::<Vec<_>>();
            assert_eq!(codes(&sv), codes(&en));
        }
        for ((service_text, sv), (_, en)) in
            every_service_error().into_iter().zip(every_service_error())
        {
            let (sv, en) = (sv.lines(Lang::Sv), en.lines(Lang::En));
            assert!(!sv.is_empty(), "{service_text}: a page would show nothing");
            for ((sf, s), (ef, e)) in sv.into_iter().zip(en) {
                assert_eq!(sf, ef);
                assert_ne!(s, e, "{service_text}: not translated on a page");
                assert!(
                    !written_by_the_service(&service_text, &e, Lang::En),
                    "{service_text} on a page"
                );
            }
        }
    }

    #[test]
    fn each_domain_field_code_has_a_message_of_its_own() {
        let messages: std::collections::HashSet<String> = ProblemCode::ALL
            .into_iter()
            .map(|c| Field::coded("f", c).said.text(Lang::En))
            .collect();
        assert_eq!(messages.len(), ProblemCode::ALL.len());
    }

    #[test]
    fn a_store_failure_tells_the_person_to_try_again_and_nothing_of_the_cause() {
        let p = Failure::from(store()).problem(Lang::En);
        assert_eq!(p.status, 500);
        assert!(!p.title.contains("connection reset"));
        assert_eq!(p.title, Lang::En.t(Msg::ErrInternal));
    }
}
