//! The agent's inbox (mine, my teams, unassigned, at risk, waiting; the whole queue for
//! supervisors), one deadline-ordered page at a time, and the form that files a new case.

use super::{
    FieldErrors, Opt, Page, csrf_rejected, due, failure, field, field_errors, is_supervisor, opts,
    render, staff_gate,
};
use crate::auth::{Caller, PageCaller};
use crate::i18n::T;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use purser_app::cases::routing::{self, AssignInput};
use purser_app::cases::{self as desk, CaseInput, RefInput, setup};
use purser_app::children::{self, Contacts};
use purser_app::{AppError, book};
use purser_domain::cases::refs::RefKind;
use purser_domain::cases::state::CaseStatus;
use purser_domain::cases::{CaseChannel, CaseType, Priority};
use purser_store::cases::{Case, Cursor, ListQuery, View};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// One case as the lists show it.
pub struct CaseRow {
    pub id: Uuid,
    pub number: String,
    pub subject: String,
    pub customer: String,
    pub priority: &'static str,
    pub priority_label: String,
    pub status: &'static str,
    pub status_label: String,
    pub sla: String,
    pub sla_label: String,
    pub due: String,
    pub due_rel: String,
    pub overdue: bool,
    pub owner: String,
    /// How the case came in (e-mail, portal, phone, API…) and when it last moved.
    pub channel_label: String,
    pub updated: String,
}

/// Names of people and customers for list rows, each looked up once per page.
pub struct Names {
    people: HashMap<Uuid, String>,
    customers: HashMap<Uuid, String>,
}

impl Names {
    pub async fn load(s: &AppState) -> Names {
        let people = purser_store::users::list(&mut s.store().clone())
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect();
        Names {
            people,
            customers: HashMap::new(),
        }
    }

    pub fn person(&self, id: Option<Uuid>) -> String {
        id.and_then(|i| self.people.get(&i).cloned())
            .unwrap_or_else(|| "—".into())
    }

    /// Customer names as the caller may see them (a portal user only its own).
    pub async fn customers_of(&mut self, s: &AppState, c: &Caller, cases: &[Case]) {
        for id in cases.iter().filter_map(|k| k.customer_id) {
            if self.customers.contains_key(&id) {
                continue;
            }
            let name = book::get_customer(s.store(), &c.ctx, id)
                .await
                .map(|cu| cu.legal_name)
                .unwrap_or_default();
            self.customers.insert(id, name);
        }
    }

    pub fn customer(&self, id: Option<Uuid>) -> String {
        id.and_then(|i| self.customers.get(&i).cloned())
            .unwrap_or_else(|| "—".into())
    }
}

pub fn row(t: T, names: &Names, k: &Case) -> CaseRow {
    let (due_at, due_rel, overdue) = due(t, k.due_at).unwrap_or_default();
    CaseRow {
        id: k.id,
        number: k.number.clone(),
        subject: k.subject.clone(),
        customer: names.customer(k.customer_id),
        priority: k.priority.as_str(),
        priority_label: t.label("priority", k.priority.as_str()),
        status: k.status.as_str(),
        status_label: t.label("status", k.status.as_str()),
        sla_label: t.label("sla", &k.sla_state),
        sla: k.sla_state.clone(),
        due: due_at,
        due_rel,
        overdue,
        owner: names.person(k.assignee_id),
        channel_label: t.label("channel", k.channel.as_str()),
        updated: super::when(k.last_message_at),
    }
}

/// Rows for a page of cases, with customer and owner names.
pub async fn rows(s: &AppState, c: &Caller, cases: &[Case]) -> Vec<CaseRow> {
    let t = T(c.user.language);
    let mut names = Names::load(s).await;
    names.customers_of(s, c, cases).await;
    cases.iter().map(|k| row(t, &names, k)).collect()
}

pub fn encode_cursor(c: &Cursor) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(c).unwrap_or_default())
}

pub fn decode_cursor(s: &str) -> Option<Cursor> {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(s).ok()?).ok()
}

const VIEWS: &[&str] = &["mine", "teams", "unassigned", "at_risk", "waiting"];

#[derive(Template)]
#[template(path = "cases.html")]
struct Inbox {
    page: Page,
    view: String,
    /// The tabs this user has, the current one selected.
    tabs: Vec<Opt>,
    statuses: Vec<Opt>,
    priorities: Vec<Opt>,
    rows: Vec<CaseRow>,
    /// This page's own address, for the live refresh.
    here: String,
    next_link: Option<String>,
    first_link: String,
    has_prev: bool,
    no_team: bool,
}

pub async fn inbox(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    if let Some(r) = staff_gate(&c, false, "/portal") {
        return r;
    }
    let t = T(c.user.language);
    let get = |k: &str| params.get(k).cloned().unwrap_or_default();
    let view = match get("view").as_str() {
        "" => "mine".to_string(),
        v if VIEWS.contains(&v) || v == "queue" => v.to_string(),
        _ => return failure(AppError::field("view", "unknown view")),
    };
    if view == "queue" && !is_supervisor(&c) {
        return failure(AppError::Forbidden);
    }
    let me = c.user.id;
    let teams = purser_store::teams::teams_of(&mut s.store().clone(), me)
        .await
        .unwrap_or_default();
    let no_team = teams.is_empty() && matches!(view.as_str(), "teams" | "unassigned");
    let v = match view.as_str() {
        "teams" => View::Teams(teams),
        "unassigned" => View::Unassigned(teams),
        "at_risk" => View::AtRisk,
        "waiting" => View::Waiting(me),
        "queue" => View::Queue,
        _ => View::Mine(me),
    };
    let mut lq = ListQuery::new(v, 50);
    lq.status = CaseStatus::parse(&get("status"));
    lq.priority = Priority::parse(&get("priority"));
    lq.after = params.get("cursor").and_then(|c| decode_cursor(c));
    let (cases, next) = if no_team {
        (vec![], None)
    } else {
        match desk::list_cases(s.store(), &c.ctx, &lq).await {
            Ok(r) => r,
            Err(e) => return failure(e),
        }
    };
    let base: Vec<(String, String)> = [
        ("view", view.clone()),
        ("status", get("status")),
        ("priority", get("priority")),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let link = |cursor: Option<String>| {
        let mut pairs = base.clone();
        if let Some(c) = cursor {
            pairs.push(("cursor".into(), c));
        }
        format!(
            "/cases?{}",
            serde_urlencoded::to_string(&pairs).unwrap_or_default()
        )
    };
    let mut tabs: Vec<(&'static str, String)> =
        VIEWS.iter().map(|v| (*v, t.label("view", v))).collect();
    if is_supervisor(&c) {
        tabs.push(("queue", t.label("view", "queue")));
    }
    let tabs = opts(tabs, &view);
    let rows = rows(&s, &c, &cases).await;
    render(&Inbox {
        page: Page::new(&c, "cases").live(),
        here: link(params.get("cursor").cloned()),
        next_link: next.as_ref().map(|n| link(Some(encode_cursor(n)))),
        first_link: link(None),
        has_prev: params.contains_key("cursor"),
        view,
        tabs,
        statuses: opts(
            CaseStatus::ALL
                .iter()
                .map(|x| (x.as_str(), t.label("status", x.as_str()))),
            &get("status"),
        ),
        priorities: opts(
            Priority::ALL
                .iter()
                .map(|x| (x.as_str(), t.label("priority", x.as_str()))),
            &get("priority"),
        ),
        rows,
        no_team,
    })
}

#[derive(Template)]
#[template(path = "case_new.html")]
struct NewCase {
    page: Page,
    /// The form as typed (or prefilled).
    f: BTreeMap<String, String>,
    customer_name: String,
    contacts: Vec<Opt>,
    teams: Vec<Opt>,
    types: Vec<Opt>,
    priorities: Vec<Opt>,
    channels: Vec<Opt>,
    ref_kinds: Vec<Opt>,
    errors: FieldErrors,
}

impl NewCase {
    fn v(&self, k: &str) -> &str {
        self.f.get(k).map_or("", String::as_str)
    }

    fn err(&self, k: &str) -> Option<&str> {
        self.errors.get(k).map(String::as_str)
    }
}

async fn new_page(
    s: &AppState,
    c: &Caller,
    f: BTreeMap<String, String>,
    errors: FieldErrors,
) -> Response {
    let t = T(c.user.language);
    let cur = |k: &str| f.get(k).cloned().unwrap_or_default();
    let customer = resolve_customer(s, c, f.get("customer").map_or("", String::as_str))
        .await
        .ok()
        .flatten();
    let (customer_name, contacts) = match customer {
        Some(id) => (
            book::get_customer(s.store(), &c.ctx, id)
                .await
                .map(|cu| format!("{} {}", cu.number, cu.legal_name))
                .unwrap_or_default(),
            opts(
                children::list::<Contacts>(s.store(), &c.ctx, id)
                    .await
                    .unwrap_or_default()
                    .into_iter()
                    .map(|k| (k.id, k.name)),
                &cur("contact_id"),
            ),
        ),
        None => (String::new(), vec![]),
    };
    let teams = opts(
        setup::list_teams(s.store(), &c.ctx)
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|v| (v.team.id, v.team.name)),
        &cur("team_id"),
    );
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let vocabulary = |prefix: &str, values: Vec<&'static str>, k: &str| {
        opts(values.into_iter().map(|v| (v, t.label(prefix, v))), &cur(k))
    };
    let mut r = render(&NewCase {
        page: Page::new(c, "cases"),
        customer_name,
        contacts,
        teams,
        types: vocabulary(
            "type",
            CaseType::ALL.iter().map(|x| x.as_str()).collect(),
            "case_type",
        ),
        priorities: vocabulary(
            "priority",
            Priority::ALL.iter().map(|x| x.as_str()).collect(),
            "priority",
        ),
        channels: vocabulary(
            "channel",
            [
                CaseChannel::Phone,
                CaseChannel::Email,
                CaseChannel::Chat,
                CaseChannel::Proactive,
            ]
            .iter()
            .map(|x| x.as_str())
            .collect(),
            "channel",
        ),
        ref_kinds: vocabulary(
            "ref",
            RefKind::ALL.iter().map(|x| x.as_str()).collect(),
            "ref_kind",
        ),
        errors,
        f,
    });
    *r.status_mut() = status;
    r
}

pub async fn new_form(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Some(r) = staff_gate(&c, false, "/portal/new") {
        return r;
    }
    let mut f = BTreeMap::new();
    if let Some(id) = q.get("customer_id") {
        f.insert("customer".to_string(), id.clone());
    }
    f.insert("priority".into(), "normal".into());
    f.insert("assign_me".into(), "true".into());
    new_page(&s, &c, f, FieldErrors::new()).await
}

/// The customer a picker value names: a customer number (C-000123, as the suggestions
/// offer it), an id, a name that matches one customer, or nothing. A name that fits several
/// is refused with their numbers, so the agent can pick one.
pub(super) async fn resolve_customer(
    s: &AppState,
    c: &Caller,
    v: &str,
) -> Result<Option<Uuid>, AppError> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    if let Ok(id) = v.parse::<Uuid>() {
        return Ok(Some(id));
    }
    let number = v.split_whitespace().next().unwrap_or(v).to_uppercase();
    if let Ok(Some(cu)) = purser_store::customers::by_number(&mut s.store().clone(), &number).await
    {
        return book::get_customer(s.store(), &c.ctx, cu.id)
            .await
            .map(|cu| Some(cu.id))
            .map_err(|_| AppError::field("customer", "no such customer"));
    }
    by_name(s, c, v).await.map(Some)
}

/// The one customer a typed name means: the one whose name is exactly it (either script,
/// any case), else the only one the search finds.
async fn by_name(s: &AppState, c: &Caller, name: &str) -> Result<Uuid, AppError> {
    let lq = purser_store::customers::ListQuery {
        q: Some(name.to_string()),
        limit: 10,
        ..Default::default()
    };
    let (found, _) = book::list_customers(s.store(), &c.ctx, &lq)
        .await
        .map_err(|_| AppError::field("customer", "no such customer"))?;
    let lower = name.to_lowercase();
    let exact: Vec<_> = found
        .iter()
        .filter(|cu| {
            cu.legal_name.to_lowercase() == lower
                || cu.local_name.as_deref().is_some_and(|l| l.trim() == name)
        })
        .collect();
    let pick: Vec<_> = if exact.is_empty() {
        found.iter().collect()
    } else {
        exact
    };
    match pick.as_slice() {
        [one] => Ok(one.id),
        [] => Err(AppError::field("customer", "no such customer")),
        several => {
            let listed: Vec<String> = several
                .iter()
                .map(|cu| format!("{} {}", cu.number, cu.legal_name))
                .collect();
            Err(AppError::field(
                "customer",
                &format!("matches several customers: {}", listed.join(", ")),
            ))
        }
    }
}

fn opt_id(f: &BTreeMap<String, String>, k: &str) -> Result<Option<Uuid>, AppError> {
    let v = field(f, k);
    if v.is_empty() {
        return Ok(None);
    }
    v.parse()
        .map(Some)
        .map_err(|_| AppError::field(k, "is not an id"))
}

async fn input_of(
    s: &AppState,
    c: &Caller,
    f: &BTreeMap<String, String>,
) -> Result<CaseInput, AppError> {
    let opt = |k: &str| Some(field(f, k)).filter(|v| !v.is_empty());
    let ref_value = field(f, "ref_value");
    let refs = match RefKind::parse(&field(f, "ref_kind")) {
        Some(kind) if !ref_value.is_empty() => vec![RefInput {
            kind,
            value: ref_value,
        }],
        _ => vec![],
    };
    Ok(CaseInput {
        subject: field(f, "subject"),
        case_type: CaseType::parse(&field(f, "case_type"))
            .ok_or_else(|| AppError::field("case_type", "unknown"))?,
        channel: CaseChannel::parse(&field(f, "channel")).or(Some(CaseChannel::Phone)),
        priority: Priority::parse(&field(f, "priority"))
            .ok_or_else(|| AppError::field("priority", "unknown"))?,
        customer_id: resolve_customer(s, c, &field(f, "customer")).await?,
        contact_id: opt_id(f, "contact_id")?,
        team_id: opt_id(f, "team_id")?,
        tags: field(f, "tags")
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect(),
        lane: opt("lane"),
        refs,
        message: opt("message"),
    })
}

pub async fn create(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Form(f): Form<BTreeMap<String, String>>,
) -> Response {
    if let Some(r) = staff_gate(&c, false, "/portal/new") {
        return r;
    }
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let created = match input_of(&s, &c, &f).await {
        Ok(input) => desk::create_case(s.store(), &c.ctx, input).await,
        Err(e) => Err(e),
    };
    let case = match created {
        Ok(k) => k,
        Err(e @ AppError::Invalid(_)) => return new_page(&s, &c, f, field_errors(&e)).await,
        Err(e) => return failure(e),
    };
    if f.get("assign_me").is_some_and(|v| v == "true") && case.assignee_id != Some(c.user.id) {
        let mine = AssignInput {
            assignee_id: Some(c.user.id),
            team_id: None,
            reason: Some("took it when filing it".into()),
            auto: false,
        };
        // the case exists either way; a refusal (absent today) leaves it to routing
        if let Err(e) = routing::assign(s.store(), &c.ctx, case.id, mine).await {
            tracing::info!(error = %e, case = %case.number, "filed case not taken by its author");
        }
    }
    Redirect::to(&format!("/cases/{}", case.id)).into_response()
}

#[derive(Template)]
#[template(
    source = r#"<datalist id="customer-options">{% for (number, name) in options %}<option value="{{ number }} {{ name }}"></option>{% endfor %}</datalist>"#,
    ext = "html"
)]
struct CustomerOptions {
    options: Vec<(String, String)>,
}

/// The customer picker's suggestions for what was typed (htmx swaps the datalist).
pub async fn customer_options(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Some(r) = staff_gate(&c, false, "/portal") {
        return r;
    }
    let typed = q.get("customer").map_or("", |v| v.trim());
    let options = if typed.chars().count() < 2 {
        vec![]
    } else {
        let lq = purser_store::customers::ListQuery {
            q: Some(typed.to_string()),
            limit: 10,
            ..Default::default()
        };
        book::list_customers(s.store(), &c.ctx, &lq)
            .await
            .map(|(list, _)| list)
            .unwrap_or_default()
            .into_iter()
            .map(|cu| (cu.number, cu.legal_name))
            .collect()
    };
    render(&CustomerOptions { options })
}
