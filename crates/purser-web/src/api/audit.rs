//! `/api/v1/audit`: the read-only history of an object. There is no way to change it.

use crate::auth::ApiCaller;
use crate::problem::{ApiResult, Problem};
use crate::state::AppState;
use axum::extract::{Query, State};
use purser_store::audit::Entry;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Deserialize, IntoParams)]
pub struct AuditParams {
    /// customer, contact, contract, activity, handover, user, department, api_token
    pub object_type: String,
    pub object_id: Uuid,
    /// Id of the last entry of the previous page.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub before: Option<Uuid>,
    /// 1 to 500, default 100.
    pub limit: Option<u64>,
}

/// An empty `before` is no filter, as the lists read an empty optional id (the document's
/// pattern says so).
fn empty_as_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Uuid>, D::Error> {
    match Option::<String>::deserialize(d)?.as_deref() {
        None | Some("") => Ok(None),
        Some(s) => Uuid::parse_str(s)
            .map(Some)
            .map_err(serde::de::Error::custom),
    }
}

/// The audit history of one object, newest first.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditParams),
    responses((status = 200, body = Vec<Entry>), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn list(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    // a query that does not fit is a 422 naming the field (problem::framework_rejections)
    Query(p): Query<AuditParams>,
) -> ApiResult<axum::Json<Vec<Entry>>> {
    let limit = p.limit.unwrap_or(100).clamp(1, 500);
    Ok(axum::Json(
        purser_app::book::audit_of(
            s.store(),
            &c.ctx,
            &p.object_type,
            p.object_id,
            p.before,
            limit,
        )
        .await?,
    ))
}
