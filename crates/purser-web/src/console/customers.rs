//! Customer pages: the searchable list, the customer page with its history, and the forms.

use super::{FieldErrors, Page, csrf_rejected, failure, field_errors, render, when};
use crate::api::customers::{encode_cursor, parse_list};
use crate::auth::{Caller, PageCaller};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use purser_app::children::{self, Activities, Contacts};
use purser_app::{AppError, admin, book};
use purser_domain::book::{ActivityInput, ContactInput, CustomerInput};
use purser_domain::customers::{
    ActivityKind, Channel, CustomerStatus, HANDOVER_CHECKLIST, Language, Tier,
};
use purser_store::customers::Customer;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

pub struct Row {
    id: Uuid,
    number: String,
    legal_name: String,
    local_name: String,
    tier: &'static str,
    status: &'static str,
    key_account: bool,
    main_office: String,
    owner: String,
}

#[derive(Template)]
#[template(path = "customers.html")]
struct List {
    page: Page,
    q: String,
    tier: String,
    status: String,
    key_account: String,
    sort: String,
    tiers: Vec<String>,
    statuses: Vec<String>,
    sorts: Vec<(String, String)>,
    rows: Vec<Row>,
    total: i64,
    next_link: Option<String>,
    first_link: String,
    has_prev: bool,
    can_create: bool,
    error: Option<String>,
}

async fn agent_names(s: &AppState, c: &Caller) -> HashMap<Uuid, String> {
    admin::list_agents(s.store(), &c.ctx)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect()
}

pub async fn list(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    if let Some(r) = super::staff_only(&c) {
        return r;
    }
    let get = |k: &str| params.get(k).cloned().unwrap_or_default();
    let (lq, error) = match parse_list(&params) {
        Ok(lq) => (lq, None),
        Err(e) => (
            purser_store::customers::ListQuery {
                limit: 50,
                ..Default::default()
            },
            e.detail,
        ),
    };
    let (rows, next) = match book::list_customers(s.store(), &c.ctx, &lq).await {
        Ok(r) => r,
        Err(e) => return failure(e),
    };
    let total = book::count_customers(s.store(), &c.ctx, &lq)
        .await
        .unwrap_or(0);
    let names = agent_names(&s, &c).await;
    let base: Vec<(String, String)> = ["q", "tier", "status", "key_account", "sort"]
        .iter()
        .map(|k| (k.to_string(), get(k)))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let link = |cursor: Option<String>| {
        let mut pairs = base.clone();
        if let Some(c) = cursor {
            pairs.push(("cursor".into(), c));
        }
        format!(
            "/customers?{}",
            serde_urlencoded::to_string(&pairs).unwrap_or_default()
        )
    };
    let t = Page::new(&c, "customers");
    let sorts = [
        ("name", "A–Z"),
        ("-name", "Z–A"),
        ("-updated_at", "↓"),
        ("updated_at", "↑"),
    ]
    .iter()
    .map(|(a, b)| {
        let label = if a.contains("updated") {
            format!("{b} {}", t.t.s("sort_updated"))
        } else {
            b.to_string()
        };
        (a.to_string(), label)
    })
    .collect();
    render(&List {
        q: get("q"),
        tier: get("tier"),
        status: get("status"),
        key_account: get("key_account"),
        sort: get("sort"),
        tiers: Tier::ALL.iter().map(|t| t.to_string()).collect(),
        statuses: CustomerStatus::ALL.iter().map(|t| t.to_string()).collect(),
        sorts,
        rows: rows
            .into_iter()
            .map(|r| Row {
                id: r.id,
                number: r.number,
                legal_name: r.legal_name,
                local_name: r.local_name.unwrap_or_default(),
                tier: r.tier.as_str(),
                status: r.status.as_str(),
                key_account: r.key_account,
                main_office: r.main_office.unwrap_or_default(),
                owner: r
                    .account_owner_id
                    .and_then(|o| names.get(&o).cloned())
                    .unwrap_or_default(),
            })
            .collect(),
        total,
        next_link: next.as_ref().map(|n| link(Some(encode_cursor(n)))),
        first_link: link(None),
        has_prev: params.contains_key("cursor"),
        can_create: c.ctx.actor.can_edit_customers() || c.ctx.actor.can_hand_over(),
        error,
        page: t,
    })
}

#[derive(Template)]
#[template(path = "customer.html")]
struct Show {
    page: Page,
    c: Customer,
    owner: String,
    sales_owner: String,
    duplicates: Vec<(Uuid, String)>,
    contacts: Vec<purser_store::contacts::Contact>,
    contracts: Vec<purser_store::contracts::Contract>,
    activities: Vec<(String, String, String, String)>,
    activity_kinds: Vec<(&'static str, String)>,
    handovers: Vec<String>,
    /// (id, version, ticked items) of the hand-over still open.
    open_handover: Option<(Uuid, i64, Vec<String>)>,
    can_hand_over: bool,
    /// Each hand-over item: (value, words).
    checklist: Vec<(String, String)>,
    agents: Vec<(Uuid, String)>,
    audit: Vec<super::history::AuditRow>,
    /// pages: the vocabularies' values in words.
    tier_label: String,
    status_label: String,
    language_label: String,
    channel_label: String,
    can_edit: bool,
    can_log: bool,
    show_internal: bool,
    notice: Option<&'static str>,
    /// The customer's latest cases (desk staff only) and whether they may file one.
    cases: Vec<super::cases::CaseRow>,
    desk: bool,
    /// Notices sent and the ETA-slip threshold.
    tracking: super::customer_notices::Section,
}

pub async fn show(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
) -> Response {
    if let Some(r) = super::staff_only(&c) {
        return r;
    }
    show_page(&s, &c, id, None, None).await
}

/// The customer page; `threshold_error` is a refused ETA-slip threshold's message.
pub(super) async fn show_page(
    s: &AppState,
    c: &Caller,
    id: Uuid,
    notice: Option<&'static str>,
    threshold_error: Option<String>,
) -> Response {
    let store = s.store();
    let book::CustomerPage {
        customer: cu,
        contacts,
        contracts,
        activities,
        audit,
        handovers,
    } = match book::customer_page(store, &c.ctx, id).await {
        Ok(p) => p,
        Err(e) => return failure(e),
    };
    let staff = c.ctx.actor.is_staff();
    let mut db = store.clone();
    let people: HashMap<Uuid, String> = purser_store::users::list(&mut db)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let name_of = |o: Option<Uuid>| {
        o.and_then(|o| people.get(&o).cloned())
            .unwrap_or_else(|| "—".into())
    };
    let mut duplicates = Vec::new();
    for d in &cu.possible_duplicates {
        if let Ok(other) = book::get_customer(store, &c.ctx, *d).await {
            duplicates.push((other.id, format!("{} {}", other.number, other.legal_name)));
        }
    }
    let desk = super::is_desk(c);
    let cases = if desk {
        let lq = purser_store::cases::ListQuery::new(purser_store::cases::View::Customer(id), 10);
        let list = purser_app::cases::list_cases(store, &c.ctx, &lq)
            .await
            .map(|(l, _)| l)
            .unwrap_or_default();
        super::cases::rows(s, c, &list).await
    } else {
        vec![]
    };
    let page = Page::new(c, "customers");
    let t = page.t;
    let open_handover = handovers
        .iter()
        .find(|h| h.status == "open")
        .map(|h| (h.id, h.version, h.checklist.clone()));
    let can_hand_over = c.ctx.actor.can_hand_over() && cu.status == CustomerStatus::Prospect;
    let agents = if can_hand_over {
        admin::list_agents(store, &c.ctx)
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect()
    } else {
        Vec::new()
    };
    let tracking = super::customer_notices::section(s, c, id, threshold_error).await;
    render(&Show {
        tracking,
        open_handover,
        can_hand_over,
        checklist: HANDOVER_CHECKLIST
            .iter()
            .map(|s| (s.to_string(), t.label("handover", s)))
            .collect(),
        agents,
        owner: name_of(cu.account_owner_id),
        sales_owner: name_of(cu.sales_owner_id),
        duplicates,
        contacts,
        contracts,
        activities: activities
            .into_iter()
            .map(|a| {
                let kind = t.label("activity", a.kind.as_str());
                (when(a.occurred_at), kind, a.subject, a.notes)
            })
            .collect(),
        activity_kinds: ActivityKind::ALL
            .iter()
            .map(|k| (k.as_str(), t.label("activity", k.as_str())))
            .collect(),
        handovers: handovers
            .into_iter()
            .map(|h| {
                format!(
                    "{} → {} · {} · {}",
                    name_of(Some(h.from_user_id)),
                    name_of(Some(h.owner_id)),
                    t.label("hstatus", &h.status),
                    h.checklist
                        .iter()
                        .map(|i| t.label("handover", i))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect(),
        audit: super::history::rows(t, &people, audit),
        can_edit: c.ctx.actor.can_edit_customers(),
        can_log: c.ctx.actor.can_log_activities(),
        show_internal: staff,
        notice,
        cases,
        desk,
        tier_label: t.label("tier", cu.tier.as_str()),
        status_label: t.label("cstatus", cu.status.as_str()),
        language_label: t.label("lang", cu.language.as_str()),
        channel_label: t.label("channel", cu.preferred_channel.as_str()),
        c: cu,
        page,
    })
}

#[derive(Template)]
#[template(path = "customer_form.html")]
struct FormPage {
    page: Page,
    id: Option<Uuid>,
    action: String,
    cancel: String,
    version: i64,
    f: CustomerInput,
    text_fields: Vec<(&'static str, &'static str, String, Option<String>)>,
    sr_error: Option<String>,
    tiers: Vec<String>,
    channels: Vec<String>,
    agents: Vec<(Uuid, String)>,
    errors: FieldErrors,
    stale: bool,
}

async fn form_page(
    s: &AppState,
    c: &Caller,
    id: Option<Uuid>,
    version: i64,
    f: CustomerInput,
    errors: FieldErrors,
    stale: bool,
) -> Response {
    let page = Page::new(c, "customers");
    let t = page.t;
    let addr = f.addresses.first().cloned();
    let line = |i: usize| {
        addr.as_ref()
            .and_then(|a| a.lines.get(i).cloned())
            .unwrap_or_default()
    };
    let err = |k: &str| errors.get(k).cloned();
    let addr_err = |k: &str| {
        errors
            .iter()
            .find(|(f, _)| f.starts_with("addresses/0/") && f.ends_with(k))
            .map(|(_, m)| m.clone())
    };
    let text_fields = vec![
        (
            "legal_name",
            t.s("legal_name"),
            f.legal_name.clone(),
            err("legal_name"),
        ),
        (
            "local_name",
            t.s("local_name"),
            f.local_name.clone().unwrap_or_default(),
            err("local_name"),
        ),
        (
            "registration_id",
            t.s("registration_id"),
            f.registration_id.clone().unwrap_or_default(),
            err("registration_id"),
        ),
        (
            "tax_id",
            t.s("tax_id"),
            f.tax_id.clone().unwrap_or_default(),
            err("tax_id"),
        ),
        (
            "main_office",
            t.s("main_office"),
            f.main_office.clone().unwrap_or_default(),
            err("main_office"),
        ),
        (
            "time_zone",
            t.s("time_zone"),
            f.time_zone.clone(),
            err("time_zone"),
        ),
        (
            "address_line_1",
            t.s("address_line_1"),
            line(0),
            addr_err("lines/0").or_else(|| addr_err("lines")),
        ),
        (
            "address_line_2",
            t.s("address_line_2"),
            line(1),
            addr_err("lines/1"),
        ),
        (
            "address_city",
            t.s("city_label"),
            addr.as_ref().map(|a| a.city.clone()).unwrap_or_default(),
            addr_err("city"),
        ),
        (
            "address_country",
            t.s("country_label"),
            addr.as_ref().map(|a| a.country.clone()).unwrap_or_default(),
            addr_err("country"),
        ),
    ];
    let agents = admin::list_agents(s.store(), &c.ctx)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let status = if errors.is_empty() && !stale {
        StatusCode::OK
    } else if stale {
        StatusCode::PRECONDITION_FAILED
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut r = render(&FormPage {
        action: id.map_or_else(
            || "/customers/new".to_string(),
            |i| format!("/customers/{i}/edit"),
        ),
        cancel: id.map_or_else(|| "/customers".to_string(), |i| format!("/customers/{i}")),
        sr_error: err("service_requirements"),
        tiers: Tier::ALL.iter().map(|t| t.to_string()).collect(),
        channels: Channel::ALL.iter().map(|t| t.to_string()).collect(),
        id,
        version,
        f,
        text_fields,
        agents,
        errors,
        stale,
        page,
    });
    *r.status_mut() = status;
    r
}

/// The customer input as a form describes it (empty text = absent).
fn input_from_form(f: &BTreeMap<String, String>, base: Value) -> Value {
    let get = |k: &str| f.get(k).map(|s| s.trim().to_string()).unwrap_or_default();
    let opt = |k: &str| {
        let v = get(k);
        if v.is_empty() {
            Value::Null
        } else {
            Value::String(v)
        }
    };
    let mut v = base;
    let lines: Vec<String> = [get("address_line_1"), get("address_line_2")]
        .into_iter()
        .filter(|l| !l.is_empty())
        .collect();
    let addresses = if lines.is_empty()
        && get("address_city").is_empty()
        && get("address_country").is_empty()
    {
        json!([])
    } else {
        json!([{ "kind": "office", "lines": lines, "city": get("address_city"), "country": get("address_country").to_uppercase() }])
    };
    let patch = json!({
        "legal_name": get("legal_name"),
        "local_name": opt("local_name"),
        "registration_id": opt("registration_id"),
        "tax_id": opt("tax_id"),
        "main_office": opt("main_office"),
        "time_zone": get("time_zone"),
        "tier": get("tier"),
        "key_account": f.get("key_account").is_some_and(|v| v == "true"),
        "account_owner_id": opt("account_owner_id"),
        "language": get("language"),
        "preferred_channel": get("preferred_channel"),
        "service_requirements": f.get("service_requirements").cloned().unwrap_or_default(),
    });
    purser_app::patch::merge(&mut v, &patch);
    // addresses and nullable fields replace whole (merge patch would delete on null)
    if let Some(o) = v.as_object_mut() {
        o.insert("addresses".into(), addresses);
        for k in [
            "local_name",
            "registration_id",
            "tax_id",
            "main_office",
            "account_owner_id",
        ] {
            o.insert(k.into(), patch[k].clone());
        }
    }
    v
}

fn blank_customer() -> CustomerInput {
    CustomerInput {
        legal_name: String::new(),
        local_name: None,
        addresses: vec![],
        registration_id: None,
        tax_id: None,
        main_office: None,
        tier: Tier::Bronze,
        key_account: false,
        account_owner_id: None,
        sales_owner_id: None,
        language: Language::En,
        preferred_channel: Channel::Email,
        time_zone: "Asia/Taipei".into(),
        service_requirements: String::new(),
        status: CustomerStatus::Active,
    }
}

pub async fn new_form(State(s): State<AppState>, PageCaller(c): PageCaller) -> Response {
    if let Some(r) = super::staff_only(&c) {
        return r;
    }
    form_page(&s, &c, None, 0, blank_customer(), FieldErrors::new(), false).await
}

/// Reads the form into an input; a value that is not even the right type is a field error.
fn parse_input(v: Value) -> Result<CustomerInput, AppError> {
    crate::problem::parse_json::<CustomerInput>(v.to_string().as_bytes()).map_err(|e| {
        let mut p = purser_domain::validation::Problems::new();
        for f in e.errors {
            p.add(f.field, f.message);
        }
        AppError::Invalid(p)
    })
}

pub async fn create(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Form(f): Form<BTreeMap<String, String>>,
) -> Response {
    if let Some(r) = super::staff_only(&c) {
        return r;
    }
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let mut base = serde_json::to_value(blank_customer()).unwrap_or_default();
    if !c.ctx.actor.can_edit_customers() {
        base["status"] = json!("prospect");
    }
    let v = input_from_form(&f, base);
    let result = match parse_input(v.clone()) {
        Ok(input) => book::create_customer(s.store(), &c.ctx, input).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(cu) => Redirect::to(&format!("/customers/{}", cu.id)).into_response(),
        Err(e @ AppError::Invalid(_)) => {
            let shown = serde_json::from_value(v).unwrap_or_else(|_| blank_customer());
            form_page(&s, &c, None, 0, shown, field_errors(&e), false).await
        }
        Err(e) => failure(e),
    }
}

pub async fn edit_form(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
) -> Response {
    if let Some(r) = super::staff_only(&c) {
        return r;
    }
    match book::get_customer(s.store(), &c.ctx, id).await {
        Ok(cu) if c.ctx.actor.can_edit_customers() => {
            form_page(
                &s,
                &c,
                Some(id),
                cu.version,
                cu.input(),
                FieldErrors::new(),
                false,
            )
            .await
        }
        Ok(_) => failure(AppError::Forbidden),
        Err(e) => failure(e),
    }
}

pub async fn update(
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
    let current = match book::get_customer(s.store(), &c.ctx, id).await {
        Ok(cu) => cu,
        Err(e) => return failure(e),
    };
    let version = f.get("version").and_then(|v| v.parse::<i64>().ok());
    let v = input_from_form(
        &f,
        serde_json::to_value(current.input()).unwrap_or_default(),
    );
    let shown = || serde_json::from_value(v.clone()).unwrap_or_else(|_| current.input());
    let result = match parse_input(v.clone()) {
        Ok(_) => book::update_customer(s.store(), &c.ctx, id, version, &v).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Redirect::to(&format!("/customers/{id}")).into_response(),
        Err(e @ AppError::Invalid(_)) => {
            form_page(
                &s,
                &c,
                Some(id),
                version.unwrap_or(0),
                shown(),
                field_errors(&e),
                false,
            )
            .await
        }
        Err(AppError::Stale { current: now }) => {
            form_page(&s, &c, Some(id), now, shown(), FieldErrors::new(), true).await
        }
        Err(e) => failure(e),
    }
}

pub async fn add_contact(
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
    let get = |k: &str| f.get(k).map(|s| s.trim().to_string()).unwrap_or_default();
    let non_empty = |v: String| if v.is_empty() { vec![] } else { vec![v] };
    let input = ContactInput {
        name: get("name"),
        role_title: get("role_title"),
        emails: non_empty(get("email")),
        phones: non_empty(get("phone")),
        language: Language::parse(&get("language")).unwrap_or_default(),
        preferred_channel: if get("email").is_empty() {
            Channel::Phone
        } else {
            Channel::Email
        },
        notifications: Default::default(),
        portal_access: false,
    };
    match children::create::<Contacts>(s.store(), &c.ctx, id, input).await {
        Ok(_) => Redirect::to(&format!("/customers/{id}")).into_response(),
        Err(e) => failure(e),
    }
}

pub async fn add_activity(
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
    let get = |k: &str| f.get(k).map(|s| s.trim().to_string()).unwrap_or_default();
    let Some(kind) = ActivityKind::parse(&get("kind")) else {
        return failure(AppError::field("kind", "unknown"));
    };
    let input = ActivityInput {
        kind,
        occurred_at: None,
        subject: get("subject"),
        notes: get("notes"),
        contact_id: None,
    };
    match children::create::<Activities>(s.store(), &c.ctx, id, input).await {
        Ok(_) => Redirect::to(&format!("/customers/{id}")).into_response(),
        Err(e) => failure(e),
    }
}

/// Ticked checklist items of a hand-over form (`item` repeats once per checkbox).
fn ticked(pairs: &[(String, String)]) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, _)| k == "item")
        .map(|(_, v)| v.clone())
        .collect()
}

fn form_map(pairs: &[(String, String)]) -> BTreeMap<String, String> {
    pairs.iter().filter(|(k, _)| k != "item").cloned().collect()
}

pub async fn start_handover(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    if let Some(r) = super::staff_only(&c) {
        return r;
    }
    let f = form_map(&pairs);
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let Some(owner) = f.get("owner_id").and_then(|o| o.parse().ok()) else {
        return failure(AppError::field("owner_id", "is required"));
    };
    let notes = f.get("notes").cloned().unwrap_or_default();
    match book::start_handover(s.store(), &c.ctx, id, owner, ticked(&pairs), &notes).await {
        Ok(_) => Redirect::to(&format!("/customers/{id}")).into_response(),
        Err(e) => failure(e),
    }
}

pub async fn update_handover(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path((id, hid)): Path<(Uuid, Uuid)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    if let Some(r) = super::staff_only(&c) {
        return r;
    }
    let f = form_map(&pairs);
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let version = f.get("version").and_then(|v| v.parse().ok());
    let complete = f.get("complete").is_some_and(|v| v == "true");
    match book::update_handover(
        s.store(),
        &c.ctx,
        id,
        hid,
        version,
        ticked(&pairs),
        complete,
    )
    .await
    {
        Ok(_) => Redirect::to(&format!("/customers/{id}")).into_response(),
        Err(e) => failure(e),
    }
}
