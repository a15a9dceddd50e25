//! `/api/v1`: the JSON API for the mobile app, described by the OpenAPI document it serves.
//! Errors are RFC 9457 problem details; the same policy and use cases as the web pages.

pub mod absence;
pub mod adjustment;
pub mod alerts;
pub mod case_access;
pub mod case_view;
pub mod checkins;
pub mod editor;
pub mod employers;
pub mod guidance;
pub mod links;
pub mod me;
pub mod own_case;
pub mod people;
pub mod problem;
pub mod push;
pub mod rehab;
pub mod rehab_plan;
pub mod sharing;
pub mod sick_leave;
pub mod talk;

use crate::state::AppState;
use axum::routing::{get, post};
use axum::{Json, Router};
use tower_http::limit::RequestBodyLimitLayer;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Orka API", version = "1", description = "Employee self-service: weekly wellbeing check-ins and their trend. \
        Authenticate with the session cookie of the web app, or with `Authorization: Bearer` and an access token \
        from the employer's identity provider whose audience is the employer's configured API audience."),
    paths(me::me, checkins::list, checkins::get_one, checkins::put, people::list, people::profile, people::check_ins,
        employers::get, employers::patch, employers::get_contacts, employers::put_contacts, guidance::list, guidance::get, guidance::feedback,
        editor::get, editor::put, editor::back_to_shared, editor::feedback, talk::get, talk::contacted,
        push::key, push::devices, push::subscribe, push::unsubscribe, push::remove_device, push::test,
        push::preferences, push::set_preferences, push::stats,
        sharing::list, sharing::grant, sharing::withdraw, sharing::access_log, sharing::export, sharing::delete_check_ins,
        alerts::inbox, alerts::acknowledge, alerts::team_trend,
        rehab::list, rehab::open, rehab::get, rehab::plan_pdf, own_case::mine, rehab::patch, rehab::set_extent, rehab::close, rehab::milestone,
        absence::record_absence, absence::early_signals, absence::cases_to_open, absence::import, sick_leave::figures, sick_leave::outcomes, sick_leave::outcomes_csv,
        adjustment::list, adjustment::open, adjustment::request, adjustment::investigation, adjustment::follow_up,
        adjustment::manager,
        rehab_plan::put, rehab_plan::versions, rehab_plan::version, rehab_plan::take_part, rehab_plan::task,
        links::list_links, links::create_link, links::revoke_link, links::shared, links::shared_pdf,
        rehab_plan::settings, rehab_plan::set_settings),
    components(schemas(
        me::MeDto, me::EmployerDto, me::PlacesDto, me::UnitDto, checkins::CheckInDto, checkins::Who5Dto, checkins::CheckInBody,
        checkins::SubmitResultDto, checkins::SignalDto, checkins::CheckInListDto, problem::Problem, problem::FieldProblem,
        people::ProfileDto, people::UnitDto, people::PeopleDto, people::PersonLineDto,
        employers::EmployerSettingsDto, employers::ProviderDto, employers::EmployerPatch,
        employers::EmployerContactDto, employers::EmployerContactsDto,
        guidance::GuidanceListDto, guidance::GuidanceItemDto, guidance::ArticleLineDto, guidance::HighlightsDto,
        guidance::SegmentDto, guidance::ArticleDto, guidance::ContactDto, guidance::FeedbackBody,
        editor::ArticleDraftDto, editor::ArticleVersionDto, editor::EditingDto, editor::FeedbackSummaryDto,
        editor::FeedbackSummariesDto, talk::TalkRequestDto,
        push::PushKeyDto, push::SubscriptionBody, push::SubscriptionKeys, push::DeviceDto, push::DevicesDto,
        push::UnsubscribeBody, push::TestQueuedDto, push::QuietHoursDto, push::PreferencesDto, push::PreferencesBody,
        push::PushStatsDto,
        sharing::GrantDto, sharing::ConsentTextDto, sharing::CandidateDto, sharing::ConsentsDto, sharing::GrantBody,
        sharing::AccessEntryDto, sharing::AccessLogDto, sharing::DeletedDto,
        alerts::AlertDto, alerts::AlertsDto, alerts::AcknowledgeBody, alerts::FiguresDto, alerts::CellDto,
        alerts::TrendWeekDto, alerts::UnitNameDto, alerts::TrendDto, people::ScoresDto, people::ScoreListDto,
        case_view::MilestoneDto, rehab::CaseLineDto, rehab::CaseListDto, case_view::SpellDto, case_view::ExtentDto, case_view::ParticipationDto,
        case_view::CaseDto, rehab::OpenCaseBody, rehab::CasePatch, rehab::ExtentBody, rehab::CloseBody, rehab::MilestoneBody,
        absence::AbsenceBody, absence::AbsenceDto, absence::AbsenceImportDto,
        sick_leave::SickLeaveDto, sick_leave::KeyFiguresDto, sick_leave::FigureDto, sick_leave::AdministrationDto, sick_leave::OutcomesDto, sick_leave::MonthDto, sick_leave::RatesDto, sick_leave::CountsDto, sick_leave::CountDto, absence::EarlySignalDto, absence::EarlySignalsDto, absence::CaseToOpenDto, absence::CasesToOpenDto,
        case_view::InvestigationDto, case_view::AdjustmentDto, adjustment::AdjustmentLineDto, adjustment::AdjustmentListDto,
        adjustment::OpenAdjustmentBody, adjustment::RequestBody, adjustment::InvestigationBody, adjustment::FollowUpBody,
        adjustment::ManagerBody,
        case_view::MeasureDto, case_view::WeekDto, case_view::MeetingDto, case_view::PlanDto, case_view::PlanVersionDto,
        case_view::ChangeDto, rehab_plan::PlanBody, rehab_plan::VersionSavedDto, rehab_plan::VersionLineDto, rehab_plan::VersionsDto,
        rehab_plan::TakePartBody, rehab_plan::TaskBody, links::LinkDto, own_case::OwnCaseDto, own_case::CaseContactDto, links::LinksDto, links::LinkBody,
        links::SharedPlanDto, rehab_plan::RehabSettingsDto
    )),
    tags((name = "check-ins", description = "The person's own weekly check-ins"),
        (name = "people", description = "People at work, as far as the policy lets the caller see them"),
        (name = "administration", description = "An employer's settings, for its admins"),
        (name = "guidance", description = "The guidance library: practical articles and who to contact"),
        (name = "reminders", description = "Push reminders: the server's key, the person's devices and preferences"),
        (name = "sharing", description = "Consent, alerts to the people a person chose to tell, team trends, the access log and one's own data"),
        (name = "rehabilitation", description = "Sick-leave cases, the statutory milestones, the plan for return to work and the employee's part in it")),
    modifiers(&Problems)
)]
pub struct ApiDoc;

/// What holds for every operation, said once rather than on each: problems are sent as
/// `application/problem+json` (RFC 9457), a body that is not the JSON asked for gets 400, and
/// every change and every read of a shared link can meet a request limit (`crate::limits`).
struct Problems;

impl utoipa::Modify for Problems {
    fn modify(&self, api: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{
            header::Header, schema::Type, Content, ContentBuilder, ObjectBuilder, Ref, RefOr,
            Response, ResponseBuilder,
        };
        const PROBLEM: &str = "application/problem+json";
        let problem = |description: &str| {
            ResponseBuilder::new().description(description).content(
                PROBLEM,
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Problem")))
                    .build(),
            )
        };
        let too_many = problem("Too many requests: try again after the seconds in Retry-After")
            .header(
                "Retry-After",
                Header::new(ObjectBuilder::new().schema_type(Type::Integer)),
            )
            .build();
        let malformed = problem("The body is not the JSON this operation takes").build();
        let is_problem = |c: &Content| matches!(&c.schema, Some(RefOr::Ref(r)) if r.ref_location.ends_with("/Problem"));
        for (path, item) in api.paths.paths.iter_mut() {
            // Unique operation ids from method and path (the handlers' names repeat across
            // modules: `list`, `get`, `put`), as generated clients name their calls by them.
            let name = path
                .trim_start_matches("/api/v1/")
                .replace(['{', '}'], "")
                .replace(['/', '-', '.'], "_");
            let all = [
                ("get", item.get.as_mut()),
                ("put", item.put.as_mut()),
                ("post", item.post.as_mut()),
                ("patch", item.patch.as_mut()),
                ("delete", item.delete.as_mut()),
            ];
            for (method, op) in all.into_iter().filter_map(|(m, o)| Some((m, o?))) {
                op.operation_id = Some(format!("{method}_{name}"));
            }
            let shared = path.starts_with("/api/v1/shared/") || path.starts_with("/api/v1/talk/");
            let ops = [
                (item.get.as_mut(), shared),
                (item.put.as_mut(), true),
                (item.post.as_mut(), true),
                (item.patch.as_mut(), true),
                (item.delete.as_mut(), true),
            ];
            for (op, limited) in ops.into_iter().filter_map(|(o, l)| Some((o?, l))) {
                for response in op.responses.responses.values_mut() {
                    if let RefOr::T(Response { content, .. }) = response {
                        if let Some(c) = content.shift_remove("application/json") {
                            if is_problem(&c) {
                                content.insert(PROBLEM.into(), c);
                            } else {
                                content.insert("application/json".into(), c);
                            }
                        }
                    }
                }
                if op.request_body.is_some() {
                    op.responses
                        .responses
                        .entry("400".into())
                        .or_insert_with(|| malformed.clone().into());
                }
                if limited {
                    op.responses
                        .responses
                        .insert("429".into(), too_many.clone().into());
                }
            }
        }
    }
}

/// No form or JSON body of the pages or the API comes near this; larger bodies get 413 before
/// anyone reads them. A payroll file has its own limit (`absence::MAX_IMPORT`).
pub const MAX_BODY: usize = 64 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
        .route("/me", get(me::me))
        .route("/checkins", get(checkins::list))
        .route(
            "/checkins/{iso_week}",
            get(checkins::get_one).put(checkins::put),
        )
        .route("/people", get(people::list))
        .route("/people/{id}", get(people::profile))
        .route("/people/{id}/checkins", get(people::check_ins))
        .route(
            "/employers/{slug}",
            get(employers::get).patch(employers::patch),
        )
        .route(
            "/employers/{slug}/contacts",
            get(employers::get_contacts).put(employers::put_contacts),
        )
        .route("/guidance", get(guidance::list))
        .route("/guidance/{slug}", get(guidance::get))
        .route(
            "/guidance/{slug}/feedback",
            axum::routing::post(guidance::feedback),
        )
        .route(
            "/employers/{employer}/guidance/{slug}",
            get(editor::get)
                .put(editor::put)
                .delete(editor::back_to_shared),
        )
        .route(
            "/employers/{employer}/guidance-feedback",
            get(editor::feedback),
        )
        .route("/talk/{token}", get(talk::get))
        .route("/talk/{token}/contacted", post(talk::contacted))
        .route("/employers/{slug}/push", get(push::stats))
        .route("/employers/{slug}/sick-leave", get(sick_leave::figures))
        .route("/employers/{slug}/outcomes", get(sick_leave::outcomes))
        .route(
            "/employers/{slug}/outcomes.csv",
            get(sick_leave::outcomes_csv),
        )
        .route("/push/key", get(push::key))
        .route(
            "/push/subscriptions",
            get(push::devices)
                .post(push::subscribe)
                .delete(push::unsubscribe),
        )
        .route(
            "/push/subscriptions/{id}",
            axum::routing::delete(push::remove_device),
        )
        .route("/push/test", axum::routing::post(push::test))
        .route(
            "/push/preferences",
            get(push::preferences).put(push::set_preferences),
        )
        .route("/consents", get(sharing::list).post(sharing::grant))
        .route("/consents/{id}", axum::routing::delete(sharing::withdraw))
        .route("/me/access-log", get(sharing::access_log))
        .route("/me/export", get(sharing::export))
        .route(
            "/me/checkins",
            axum::routing::delete(sharing::delete_check_ins),
        )
        .route("/alerts", get(alerts::inbox))
        .route(
            "/alerts/{id}/acknowledge",
            axum::routing::post(alerts::acknowledge),
        )
        .route("/units/{id}/trend", get(alerts::team_trend))
        .route("/rehab/cases", get(rehab::list).post(rehab::open))
        .route("/rehab/cases/{id}", get(rehab::get).patch(rehab::patch))
        .route("/rehab/cases/{id}/plan.pdf", get(rehab::plan_pdf))
        .route("/rehab/cases/{id}/extents", post(rehab::set_extent))
        .route("/rehab/cases/{id}/close", post(rehab::close))
        .route(
            "/rehab/cases/{id}/milestones/{kind}",
            axum::routing::put(rehab::milestone),
        )
        .route(
            "/rehab/cases/{id}/plan",
            axum::routing::put(rehab_plan::put),
        )
        .route("/rehab/cases/{id}/plan/versions", get(rehab_plan::versions))
        .route(
            "/rehab/cases/{id}/plan/versions/{version}",
            get(rehab_plan::version),
        )
        .route(
            "/rehab/cases/{id}/plan/participation",
            post(rehab_plan::take_part),
        )
        .route(
            "/rehab/cases/{id}/plan/measures/{measure}/status",
            axum::routing::put(rehab_plan::task),
        )
        .route(
            "/rehab/cases/{id}/links",
            get(links::list_links).post(links::create_link),
        )
        .route(
            "/rehab/cases/{id}/links/{link}",
            axum::routing::delete(links::revoke_link),
        )
        .route("/rehab/early-signals", get(absence::early_signals))
        .route("/rehab/cases-to-open", get(absence::cases_to_open))
        .route("/adjustments", get(adjustment::list).post(adjustment::open))
        .route("/me/adjustment", post(adjustment::request))
        .route(
            "/rehab/cases/{id}/investigation",
            axum::routing::put(adjustment::investigation),
        )
        .route(
            "/rehab/cases/{id}/follow-up",
            axum::routing::put(adjustment::follow_up),
        )
        .route(
            "/rehab/cases/{id}/manager",
            axum::routing::put(adjustment::manager),
        )
        .route("/me/rehab", get(own_case::mine))
        .route("/people/{id}/absences", post(absence::record_absence))
        .route("/shared/{token}", get(links::shared))
        .route("/shared/{token}/plan.pdf", get(links::shared_pdf))
        .route(
            "/employers/{slug}/rehab",
            get(rehab_plan::settings).put(rehab_plan::set_settings),
        )
        // Every route above takes a form's or a JSON body's size at most.
        .route_layer(RequestBodyLimitLayer::new(MAX_BODY))
        // A payroll file: the server's outer limit is this route's.
        .route(
            "/employers/{slug}/absences",
            post(absence::import).layer(axum::extract::DefaultBodyLimit::max(absence::MAX_IMPORT)),
        )
        .fallback(problem::not_found)
}
