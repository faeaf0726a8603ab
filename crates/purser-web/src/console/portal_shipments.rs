//! The portal's track and trace: a customer's own shipments (the use cases scope them by
//! the caller's company), one shipment's timeline with no internal data (milestones, ETA,
//! the current events in words, the notices sent to this company), and the portal user's
//! own notification preferences.

use super::shipment_page::{EventRow, Head, NoticeRow, StepRow, events, head, notices, steps};
use super::shipments::{Lookup, ShipmentRow, next_cursor};
use super::{FieldErrors, Opt, Page, csrf_rejected, failure, field, field_errors, opts, render};
use crate::auth::{Caller, PageCaller};
use crate::i18n::T;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use purser_app::AppError;
use purser_app::tracking::preferences::{self, PreferencesInput};
use purser_app::tracking::{shipments as ship, timelines};
use purser_domain::book::NotificationPrefs;
use purser_domain::customers::{Channel, Language};
use purser_domain::roles::Role;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// Portal pages are for customer users; staff go to the console's twin of the page.
fn portal_gate(c: &Caller, staff_twin: &str) -> Option<Response> {
    (c.user.role != Role::Customer).then(|| Redirect::to(staff_twin).into_response())
}

const PAGE_SIZE: u64 = 25;

#[derive(Template)]
#[template(path = "portal_shipments.html")]
struct List {
    page: Page,
    q: String,
    delayed: bool,
    rows: Vec<ShipmentRow>,
    searched: bool,
    error: Option<String>,
    next_link: Option<String>,
    first_link: String,
    has_prev: bool,
}

pub async fn list(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    if let Some(r) = portal_gate(&c, "/shipments") {
        return r;
    }
    let get = |k: &str| {
        params
            .get(k)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let q = get("q");
    let delayed = get("delayed") == "true";
    let mut error = None;
    let (items, next) = if !q.is_empty() {
        match timelines::find(s.store(), &c.ctx, &q).await {
            Ok(found) => (found, None),
            Err(e) => return failure(e),
        }
    } else {
        let mut api: HashMap<String, String> = HashMap::new();
        api.insert("limit".into(), PAGE_SIZE.to_string());
        if delayed {
            api.insert("delayed".into(), "true".into());
        }
        if let Some(cursor) = params.get("cursor") {
            api.insert("cursor".into(), cursor.clone());
        }
        match crate::api::tracking::parse_filter(&api) {
            Ok(f) => match ship::list(s.store(), &c.ctx, &f).await {
                Ok(items) => {
                    let next = next_cursor(&items, f.limit);
                    (items, next)
                }
                Err(e) => return failure(e),
            },
            Err(e) => {
                error = e
                    .errors
                    .first()
                    .map(|f| format!("{}: {}", f.field, f.message));
                (vec![], None)
            }
        }
    };
    let link = |cursor: Option<String>| {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if delayed {
            pairs.push(("delayed", "true".into()));
        }
        if let Some(c) = cursor {
            pairs.push(("cursor", c));
        }
        format!(
            "/portal/shipments?{}",
            serde_urlencoded::to_string(&pairs).unwrap_or_default()
        )
    };
    let rows = Lookup::default().rows(&s, &c, &items).await;
    render(&List {
        page: Page::new(&c, "portal_shipments"),
        searched: !q.is_empty(),
        next_link: next.map(|n| link(Some(n))),
        first_link: link(None),
        has_prev: params.contains_key("cursor"),
        q,
        delayed,
        rows,
        error,
    })
}

#[derive(Template)]
#[template(path = "portal_shipment.html")]
struct Show {
    page: Page,
    h: Head,
    containers: Vec<String>,
    steps: Vec<StepRow>,
    /// The current events only, in words.
    events: Vec<EventRow>,
    notices: Vec<NoticeRow>,
}

pub async fn show(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
) -> Response {
    if let Some(r) = portal_gate(&c, &format!("/shipments/{id}")) {
        return r;
    }
    let p = match timelines::page(s.store(), &c.ctx, id).await {
        Ok(p) => p,
        Err(e) => return failure(e),
    };
    let t = T(c.user.language);
    let mut look = Lookup::default();
    let current: Vec<_> = p.events.iter().filter(|e| !e.superseded).cloned().collect();
    render(&Show {
        page: Page::new(&c, "portal_shipments"),
        h: head(&s, &c, &mut look, &p).await,
        containers: p.containers.iter().map(|k| k.number.clone()).collect(),
        steps: steps(t, &p.milestones),
        events: events(t, &current),
        notices: notices(&s, &c, &p.notices, true).await,
    })
}

#[derive(Template)]
#[template(path = "portal_preferences.html")]
struct Preferences {
    page: Page,
    /// The contact's version (0: none yet; saving creates it).
    version: i64,
    email: String,
    prefs: NotificationPrefs,
    channels: Vec<Opt>,
    languages: Vec<Opt>,
    saved: bool,
    stale: bool,
    errors: FieldErrors,
}

async fn preferences_page(
    s: &AppState,
    c: &Caller,
    shown: Option<PreferencesInput>,
    saved: bool,
    stale: bool,
    errors: FieldErrors,
) -> Response {
    let t = T(c.user.language);
    let mine = match preferences::mine(s.store(), &c.ctx).await {
        Ok(m) => m,
        Err(e) => return failure(e),
    };
    let current = shown.unwrap_or_else(|| match &mine {
        Some(k) => PreferencesInput {
            notifications: k.notifications,
            preferred_channel: k.preferred_channel,
            language: k.language,
        },
        None => PreferencesInput {
            notifications: NotificationPrefs::default(),
            preferred_channel: Channel::Email,
            language: c.user.language,
        },
    });
    let status = if stale {
        StatusCode::CONFLICT
    } else if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut r = render(&Preferences {
        page: Page::new(c, "portal_preferences"),
        version: mine.as_ref().map_or(0, |k| k.version),
        email: mine
            .as_ref()
            .and_then(|k| k.emails.first().cloned())
            .unwrap_or_else(|| c.user.email.clone()),
        prefs: current.notifications,
        channels: opts(
            Channel::ALL
                .iter()
                .map(|x| (x.as_str(), t.label("nchannel", x.as_str()))),
            current.preferred_channel.as_str(),
        ),
        languages: opts(
            Language::ALL
                .iter()
                .map(|x| (x.as_str(), t.label("lang", x.as_str()))),
            current.language.as_str(),
        ),
        saved,
        stale,
        errors,
    });
    *r.status_mut() = status;
    r
}

pub async fn preferences_form(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Some(r) = portal_gate(&c, "/account") {
        return r;
    }
    let saved = q.contains_key("saved");
    preferences_page(&s, &c, None, saved, false, FieldErrors::new()).await
}

fn input_of(f: &BTreeMap<String, String>) -> Result<PreferencesInput, AppError> {
    let ticked = |k: &str| field(f, k) == "true";
    Ok(PreferencesInput {
        notifications: NotificationPrefs {
            delays: ticked("delays"),
            documents: ticked("documents"),
            invoices: ticked("invoices"),
            marketing: ticked("marketing"),
        },
        preferred_channel: Channel::parse(&field(f, "preferred_channel"))
            .ok_or_else(|| AppError::field("preferred_channel", "choose one of the options"))?,
        language: Language::parse(&field(f, "language"))
            .ok_or_else(|| AppError::field("language", "choose one of the options"))?,
    })
}

pub async fn save_preferences(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Form(f): Form<BTreeMap<String, String>>,
) -> Response {
    if let Some(r) = portal_gate(&c, "/account") {
        return r;
    }
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let input = match input_of(&f) {
        Ok(i) => i,
        Err(e) => return preferences_page(&s, &c, None, false, false, field_errors(&e)).await,
    };
    let version = field(&f, "version").parse::<i64>().ok().filter(|v| *v > 0);
    match preferences::set_mine(s.store(), &c.ctx, version, &input).await {
        Ok(_) => Redirect::to("/portal/preferences?saved=1").into_response(),
        Err(e @ AppError::Invalid(_)) => {
            preferences_page(&s, &c, Some(input), false, false, field_errors(&e)).await
        }
        Err(AppError::Stale { .. }) => {
            preferences_page(&s, &c, Some(input), false, true, FieldErrors::new()).await
        }
        Err(e) => failure(e),
    }
}
