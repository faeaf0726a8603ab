//! Track and trace on the customer page: the proactive notices the customer was sent (who
//! was told what and when) and its ETA-slip threshold, with the form that changes it.

use super::shipment_page::{NoticeRow, notices};
use super::{csrf_rejected, failure, field};
use crate::auth::{Caller, PageCaller};
use crate::state::AppState;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use purser_app::AppError;
use purser_app::tracking::DEFAULT_THRESHOLD_HOURS;
use purser_app::tracking::{notices as told, shipments as ship};
use std::collections::BTreeMap;
use uuid::Uuid;

/// What the customer page shows of track and trace.
#[derive(Default)]
pub struct Section {
    /// Whether the caller may see notices at all (desk staff and the customer's own users).
    pub shown: bool,
    /// The newest notices, and how many were sent in all (of the last 200).
    pub notices: Vec<NoticeRow>,
    pub total: usize,
    /// The customer's own threshold, or the default.
    pub threshold: i64,
    pub custom: bool,
    /// Whether the caller may change it (desk staff).
    pub can_set: bool,
    pub error: Option<String>,
}

/// How many notices the customer page lists.
const SHOWN: usize = 25;

pub async fn section(s: &AppState, c: &Caller, customer: Uuid, error: Option<String>) -> Section {
    let Ok(list) = told::of_customer(s.store(), &c.ctx, customer).await else {
        return Section::default();
    };
    let own = purser_store::tracking::shipments::thresholds(&mut s.store().clone(), &[customer])
        .await
        .unwrap_or_default()
        .first()
        .map(|(_, h)| *h);
    let customer_facing = !super::is_desk(c);
    let newest = &list[..list.len().min(SHOWN)];
    Section {
        shown: true,
        notices: notices(s, c, newest, customer_facing).await,
        total: list.len(),
        threshold: own.unwrap_or(DEFAULT_THRESHOLD_HOURS),
        custom: own.is_some(),
        can_set: super::is_desk(c),
        error,
    }
}

pub async fn set_threshold(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
    Form(f): Form<BTreeMap<String, String>>,
) -> Response {
    if let Some(r) = super::staff_only(&c) {
        return r;
    }
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let hours = field(&f, "eta_threshold_hours").parse::<i64>();
    let done = match hours {
        Ok(h) => ship::set_threshold(s.store(), &c.ctx, id, h).await,
        Err(_) => Err(AppError::field(
            "eta_threshold_hours",
            "must be a whole number of hours",
        )),
    };
    match done {
        Ok(()) => Redirect::to(&format!("/customers/{id}#notices")).into_response(),
        Err(AppError::Invalid(p)) => {
            let msg = p.0.first().map(|e| e.message.clone()).unwrap_or_default();
            let mut r = super::customers::show_page(&s, &c, id, None, Some(msg)).await;
            if r.status() == StatusCode::OK {
                *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            }
            r
        }
        Err(e) => failure(e),
    }
}
