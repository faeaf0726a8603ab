//! The JSON API under `/api/v1`, documented by the handlers' own annotations into the
//! OpenAPI document at `/api/openapi.json`.

pub mod admin;
pub mod audit;
pub mod case_views;
pub mod cases;
pub mod children;
pub mod customers;
pub mod desk;
pub mod idempotency;
mod input_schemas;
pub mod kb;
pub mod mail;
pub mod presence;
pub mod privacy;
mod responses;
pub mod search;
pub mod tnt;
mod tnt_bodies;
pub mod tracking;

use crate::problem::{ApiError, ApiResult};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Purser API", description = "Service desk for shipping lines: the customer book, cases with SLA clocks, routing and the work around them, users and audit. Errors are RFC 9457 problem documents naming each bad field. Reads return an ETag; updates need If-Match; POSTs honour Idempotency-Key."),
    modifiers(&Security),
    security(("bearer" = []), ("session" = [])),
    components(schemas(crate::problem::Problem))
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let c = openapi.components.get_or_insert_with(Default::default);
        c.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        c.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::auth::SESSION_COOKIE,
            ))),
        );
    }
}

/// The API router and its OpenAPI document, built from the same handler list.
pub fn router() -> (axum::Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(customers::list, customers::create))
        .routes(routes!(
            customers::get,
            customers::update,
            customers::archive
        ))
        .routes(routes!(customers::duplicates))
        .routes(routes!(children::list_contacts, children::create_contact))
        .routes(routes!(
            children::get_contact,
            children::update_contact,
            children::archive_contact
        ))
        .routes(routes!(children::list_contracts, children::create_contract))
        .routes(routes!(
            children::get_contract,
            children::update_contract,
            children::archive_contract
        ))
        .routes(routes!(
            children::list_activities,
            children::create_activity
        ))
        .routes(routes!(
            children::get_activity,
            children::update_activity,
            children::archive_activity
        ))
        .routes(routes!(children::list_handovers, children::start_handover))
        .routes(routes!(children::update_handover))
        .routes(routes!(audit::list))
        .routes(routes!(search::search))
        .routes(routes!(admin::list_users, admin::add_user))
        .routes(routes!(admin::get_user, admin::update_user))
        .routes(routes!(admin::me))
        .routes(routes!(admin::change_password))
        .routes(routes!(admin::list_departments, admin::add_department))
        .routes(routes!(admin::update_department))
        .routes(routes!(admin::list_tokens, admin::create_token))
        .routes(routes!(admin::revoke_token))
        .routes(routes!(cases::list, cases::create))
        .routes(routes!(cases::get, cases::update))
        .routes(routes!(cases::page))
        .routes(routes!(cases::status))
        .routes(routes!(cases::messages))
        .routes(routes!(cases::reply))
        .routes(routes!(cases::note))
        .routes(routes!(cases::call))
        .routes(routes!(cases::customer_reply))
        .routes(routes!(cases::rate))
        .routes(routes!(cases::attachment))
        .routes(routes!(cases::template))
        .routes(routes!(cases::assign))
        .routes(routes!(cases::bulk_assign))
        .routes(routes!(cases::promise))
        .routes(routes!(cases::keep_promise))
        .routes(routes!(cases::ask))
        .routes(routes!(cases::complaint_step))
        .routes(routes!(cases::goodwill))
        .routes(routes!(cases::decide_goodwill))
        .routes(routes!(cases::link))
        .routes(routes!(cases::merge))
        .routes(routes!(cases::split))
        .routes(routes!(desk::list_teams, desk::create_team))
        .routes(routes!(desk::update_team))
        .routes(routes!(desk::set_busy))
        .routes(routes!(desk::add_member, desk::remove_member))
        .routes(routes!(desk::profile, desk::set_profile))
        .routes(routes!(desk::set_status))
        .routes(routes!(desk::absence))
        // presence: issue 14 items 4, 5 and 9
        .routes(routes!(presence::beat, presence::others))
        .routes(routes!(presence::choices))
        .routes(routes!(presence::set_zone))
        .routes(routes!(desk::list_calendars, desk::create_calendar))
        .routes(routes!(desk::update_calendar))
        .routes(routes!(desk::list_policies, desk::create_policy))
        .routes(routes!(desk::update_policy))
        .routes(routes!(desk::list_templates, desk::create_template))
        .routes(routes!(desk::tasks))
        .routes(routes!(desk::task))
        .routes(routes!(desk::answer))
        .routes(routes!(desk::handovers, desk::end_shift))
        .routes(routes!(desk::acknowledge))
        .routes(routes!(desk::collaboration))
        .routes(routes!(mail::inbound))
        .routes(routes!(mail::list))
        .routes(routes!(mail::raw))
        .routes(routes!(tracking::create_source))
        .routes(routes!(tracking::callback))
        .routes(routes!(tracking::post_events))
        .routes(routes!(tracking::post_schedules))
        .routes(routes!(tracking::list, tracking::create))
        .routes(routes!(tracking::get))
        .routes(routes!(tracking::voyage))
        .routes(routes!(tracking::notices))
        .routes(routes!(tracking::set_threshold))
        .routes(routes!(tnt::events))
        .routes(routes!(tnt::event))
        .routes(routes!(tnt::list_subscriptions, tnt::create_subscription))
        .routes(routes!(
            tnt::get_subscription,
            tnt::update_subscription,
            tnt::delete_subscription
        ))
        .routes(routes!(tnt::set_secret))
        // data protection on request (issue 14, item 16)
        .routes(routes!(privacy::export_customer))
        .routes(routes!(privacy::export_contact))
        .routes(routes!(privacy::erase_contact))
        // the knowledge base (issue 15, item 6)
        .routes(routes!(kb::list, kb::create))
        .routes(routes!(kb::get, kb::update))
        .routes(routes!(kb::versions))
        .routes(routes!(kb::version))
        .routes(routes!(kb::diff))
        .split_for_parts();
    let mut doc = responses::complete(doc);
    input_schemas::complete(&mut doc);
    tnt_bodies::complete(&mut doc);
    (router, doc)
}

/// A JSON body with its version as a strong ETag.
pub fn with_etag<T: Serialize>(status: StatusCode, version: i64, body: &T) -> Response {
    let mut r = (status, axum::Json(body)).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("\"{version}\"")) {
        r.headers_mut().insert(header::ETAG, v);
    }
    r
}

/// 201 with `Location` and `ETag`.
pub fn created<T: Serialize>(location: String, version: i64, body: &T) -> Response {
    let mut r = with_etag(StatusCode::CREATED, version, body);
    if let Ok(v) = HeaderValue::from_str(&location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// The version an update is conditional on. Updates must say which version they change
/// (428 otherwise), so two agents never overwrite each other unknowingly.
pub fn if_match(headers: &HeaderMap) -> ApiResult<Option<i64>> {
    let Some(v) = headers.get(header::IF_MATCH) else {
        return Err(ApiError::new(
            StatusCode::PRECONDITION_REQUIRED,
            "Precondition required",
            "send If-Match with the ETag you read",
        ));
    };
    let s = v.to_str().unwrap_or("").trim();
    if s == "*" {
        return Ok(None);
    }
    s.trim_start_matches("W/")
        .trim_matches('"')
        .parse::<i64>()
        .map(Some)
        // an entity tag naming no version of the resource does not match it (RFC 9110 13.1.1)
        .map_err(|_| {
            ApiError::field(
                StatusCode::PRECONDITION_FAILED,
                "If-Match",
                "names no version of this object; send the ETag you read",
            )
        })
}

/// Items of one page and where the next begins.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` for the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}
