//! Presence in the console (issue 14, items 4, 5 and 9): the agent's own status and time
//! zone on the account page, absences and team zones on the supervisor's page, agents
//! offered with their status and load wherever work is handed on, and the banner on a
//! case page saying who else is on it ("Wang is replying since 12:01").

use super::{
    csrf_rejected, failure, field, field_errors, render, supervisor_gate, utc_input, when,
};
use crate::auth::{Caller, PageCaller};
use crate::i18n::T;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use purser_app::AppError;
use purser_app::cases::routing::{self, AbsenceInput};
use purser_app::presence::{self, AgentChoice};
use purser_domain::cases::AgentStatus;
use purser_domain::cases::presence::{Mark, PresenceMode};
use std::collections::BTreeMap;
use uuid::Uuid;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account/status", post(set_status))
        .route("/account/time-zone", post(set_zone))
        .route("/cases/{id}/presence", post(beat))
        .route("/supervisor/absences", post(add_absence))
        .route("/supervisor/teams/{id}/time-zone", post(team_zone))
}

/// An agent as a select offers them: name, open cases against capacity, and — said, not
/// hidden — away, off shift or absent until when.
pub fn choice_label(t: T, a: &AgentChoice) -> String {
    let mut label = format!(
        "{} — {}",
        a.name,
        t.s("open_of_capacity")
            .replacen("{}", &a.open_cases.to_string(), 1)
            .replacen("{}", &a.capacity.to_string(), 1)
    );
    if a.over_capacity() {
        label.push_str(&format!(" ({})", t.s("at_capacity")));
    }
    if let Some(until) = a.absent_until {
        label.push_str(&format!(
            " ({})",
            t.s("absent_until").replace("{}", &when(until))
        ));
    } else if a.status != AgentStatus::Available {
        label.push_str(&format!(
            " ({})",
            t.label("agent", a.status.as_str()).to_lowercase()
        ));
    }
    label
}

/// The agents to hand work to, labelled, free ones first (see [`choice_label`]).
pub async fn agent_choices(s: &AppState, c: &Caller, except: Option<Uuid>) -> Vec<(Uuid, String)> {
    let t = T(c.user.language);
    presence::agent_choices(s.store(), &c.ctx)
        .await
        .unwrap_or_default()
        .iter()
        .filter(|a| Some(a.user_id) != except)
        .map(|a| (a.user_id, choice_label(t, a)))
        .collect()
}

/// What the account page shows of presence: the status control (desk staff) and the zone.
pub struct Mine {
    pub desk: bool,
    pub status: String,
    pub statuses: Vec<(String, String)>,
    pub time_zone: String,
    /// "Times are shown in Asia/Taipei." (own, team's or UTC).
    pub shown_in: String,
    pub zones: Vec<&'static str>,
}

pub async fn mine(s: &AppState, c: &Caller) -> Mine {
    let t = T(c.user.language);
    let mut db = s.store().clone();
    let status = purser_store::teams::profiles(&mut db, &[c.user.id])
        .await
        .ok()
        .and_then(|mut p| p.pop())
        .map(|p| p.status)
        .unwrap_or_default();
    let (own, _) = purser_store::presence::zones_of(&mut db, c.user.id)
        .await
        .unwrap_or_default();
    Mine {
        desk: super::is_desk(c),
        status: status.as_str().to_string(),
        statuses: AgentStatus::ALL
            .iter()
            .map(|x| (x.as_str().to_string(), t.label("agent", x.as_str())))
            .collect(),
        time_zone: own.unwrap_or_default(),
        shown_in: t.s("times_shown_in").replace(
            "{}",
            purser_domain::local_time::zone_name(&crate::local_time::zone()),
        ),
        zones: ZONES.to_vec(),
    }
}

/// Zones offered in the picker (any IANA name is accepted when typed).
const ZONES: &[&str] = &[
    "UTC",
    "Asia/Taipei",
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Europe/Amsterdam",
    "Europe/Berlin",
    "Europe/London",
    "America/Los_Angeles",
    "America/New_York",
];

async fn set_status(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Form(f): Form<BTreeMap<String, String>>,
) -> Response {
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let Some(status) = AgentStatus::parse(&field(&f, "status")) else {
        let e = AppError::field("status", "choose one of the options");
        return super::session::account_page(&s, &c, None, field_errors(&e)).await;
    };
    match routing::set_agent_status(s.store(), &c.ctx, c.user.id, status).await {
        Ok(_) => Redirect::to("/account?saved=status").into_response(),
        Err(e) => failure(e),
    }
}

async fn set_zone(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Form(f): Form<BTreeMap<String, String>>,
) -> Response {
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    match presence::set_my_zone(s.store(), &c.ctx, &field(&f, "time_zone")).await {
        Ok(_) => Redirect::to("/account?saved=time_zone").into_response(),
        Err(e @ AppError::Invalid(_)) => {
            let mut r = super::session::account_page(&s, &c, None, field_errors(&e)).await;
            *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            r
        }
        Err(e) => failure(e),
    }
}

/// The case page's banner: who else is on the case.
#[derive(Template)]
#[template(path = "presence_banner.html")]
pub struct Banner {
    pub case_id: Uuid,
    pub csrf: String,
    pub lines: Vec<(bool, String)>,
}

impl Banner {
    pub fn new(c: &Caller, case_id: Uuid, marks: &[Mark]) -> Banner {
        let t = T(c.user.language);
        let tz = crate::local_time::zone();
        Banner {
            case_id,
            csrf: c.csrf().to_string(),
            lines: marks
                .iter()
                .map(|m| {
                    let key = match m.mode {
                        PresenceMode::Replying => "is_replying_since",
                        PresenceMode::Viewing => "is_viewing_since",
                    };
                    let since = purser_domain::local_time::clock(m.since, &tz);
                    (
                        m.mode == PresenceMode::Replying,
                        t.s(key)
                            .replacen("{}", &m.name, 1)
                            .replacen("{}", &since, 1),
                    )
                })
                .collect(),
        }
    }
}

/// A heartbeat from an open case page (every few seconds, and while typing a reply):
/// answers with the banner as it stands.
async fn beat(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
    Form(f): Form<BTreeMap<String, String>>,
) -> Response {
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let mode = PresenceMode::parse(&field(&f, "mode")).unwrap_or(PresenceMode::Viewing);
    match presence::beat(s.store(), &c.ctx, id, mode).await {
        Ok(others) => render(&Banner::new(&c, id, &others)),
        Err(e) => failure(e),
    }
}

async fn add_absence(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Form(f): Form<BTreeMap<String, String>>,
) -> Response {
    if let Some(r) = supervisor_gate(&c) {
        return r;
    }
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let r = async {
        let user_id = field(&f, "user_id")
            .parse::<Uuid>()
            .map_err(|_| AppError::field("user_id", "choose an agent"))?;
        let substitute_id = match field(&f, "substitute_id").as_str() {
            "" => None,
            v => Some(
                v.parse::<Uuid>()
                    .map_err(|_| AppError::field("substitute_id", "choose an agent"))?,
            ),
        };
        let input = AbsenceInput {
            user_id,
            starts_at: utc_input(&field(&f, "starts_at")),
            ends_at: utc_input(&field(&f, "ends_at")),
            substitute_id,
            reason: field(&f, "reason"),
        };
        routing::add_absence(s.store(), &c.ctx, input).await
    }
    .await;
    match r {
        Ok(_) => Redirect::to("/supervisor?absence=1#absences").into_response(),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            super::supervisor::console_with_errors(&s, &c, field_errors(&e)).await
        }
        Err(e) => failure(e),
    }
}

async fn team_zone(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
    Form(f): Form<BTreeMap<String, String>>,
) -> Response {
    if let Some(r) = supervisor_gate(&c) {
        return r;
    }
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    match presence::set_team_zone(s.store(), &c.ctx, id, &field(&f, "time_zone")).await {
        Ok(_) => Redirect::to("/supervisor#teams").into_response(),
        Err(e @ AppError::Invalid(_)) => {
            super::supervisor::console_with_errors(&s, &c, field_errors(&e)).await
        }
        Err(e) => failure(e),
    }
}
