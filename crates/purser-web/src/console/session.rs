//! Log-in, log-out, the language switch and password change.

use super::{FieldErrors, Page, csrf_rejected, field_errors, render, when};
use crate::auth::{PageCaller, cookie, session_cookie};
use crate::i18n::T;
use crate::state::AppState;
use askama::Template;
use axum::extract::{ConnectInfo, Form, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use purser_app::{AppError, admin, auth};
use purser_domain::customers::Language;
use purser_domain::roles::Role;
use std::collections::BTreeMap;
use std::net::SocketAddr;

const LOGIN_CSRF: &str = "purser_login_csrf";

#[derive(Template)]
#[template(path = "login.html")]
struct Login {
    t: T,
    csrf: String,
    email: String,
    error: Option<&'static str>,
}

fn login_response(
    t: T,
    email: String,
    error: Option<&'static str>,
    status: StatusCode,
) -> Response {
    let csrf = auth::new_secret("");
    let mut r = render(&Login {
        t,
        csrf: csrf.clone(),
        email,
        error,
    });
    *r.status_mut() = status;
    if let Ok(v) =
        format!("{LOGIN_CSRF}={csrf}; Path=/login; HttpOnly; SameSite=Strict; Max-Age=3600").parse()
    {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

pub async fn login_page(Query(q): Query<BTreeMap<String, String>>) -> Response {
    let lang = q
        .get("lang")
        .and_then(|l| Language::parse(l))
        .unwrap_or_default();
    login_response(T(lang), String::new(), None, StatusCode::OK)
}

pub async fn login(
    State(s): State<AppState>,
    peer: Result<ConnectInfo<SocketAddr>, axum::extract::rejection::ExtensionRejection>,
    headers: HeaderMap,
    Form(f): Form<BTreeMap<String, String>>,
) -> Response {
    // the form says the language it was shown in, so its answer is in the same one
    let t = T(f
        .get("lang")
        .and_then(|l| Language::parse(l))
        .unwrap_or_default());
    let email = f.get("email").cloned().unwrap_or_default();
    let sent = f.get("csrf").map(String::as_str).unwrap_or("");
    if sent.is_empty() || cookie(&headers, LOGIN_CSRF).as_deref() != Some(sent) {
        return login_response(
            t,
            email,
            Some("The log-in form expired; please try again."),
            StatusCode::FORBIDDEN,
        );
    }
    let address = peer
        .map(|ConnectInfo(a)| a.ip().to_string())
        .unwrap_or_else(|_| "unknown".into());
    match auth::login(
        s.store(),
        &email,
        f.get("password").map(String::as_str).unwrap_or(""),
        &address,
    )
    .await
    {
        Ok(session) => {
            let mut r = Redirect::to(landing(session.user.user.role)).into_response();
            let h = r.headers_mut();
            if let Ok(v) = session_cookie(
                &session.secret,
                s.0.secure_cookies,
                auth::SESSION_TTL_MICROS / 1_000_000,
            )
            .parse()
            {
                h.append(header::SET_COOKIE, v);
            }
            if let Ok(v) = format!("{LOGIN_CSRF}=; Path=/login; Max-Age=0").parse() {
                h.append(header::SET_COOKIE, v);
            }
            r
        }
        Err(AppError::TooManyAttempts) => {
            let mut r = login_response(
                t,
                email,
                Some(t.s("throttled")),
                StatusCode::TOO_MANY_REQUESTS,
            );
            r.headers_mut()
                .insert(header::RETRY_AFTER, crate::auth::retry_after());
            r
        }
        Err(AppError::Unauthorized) => {
            login_response(t, email, Some(t.s("bad_login")), StatusCode::UNAUTHORIZED)
        }
        Err(e) => super::failure(e),
    }
}

/// Where a user starts (agents at their inbox; see `error_page::home_of`).
fn landing(role: Role) -> &'static str {
    super::error_page::home_of(role)
}

/// `/`: the signed-in user's starting page.
pub async fn home(PageCaller(c): PageCaller) -> Response {
    Redirect::to(landing(c.user.role)).into_response()
}

pub async fn logout(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Form(f): Form<BTreeMap<String, String>>,
) -> Response {
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    if let Some((secret, _)) = &c.session {
        let _ = auth::logout(s.store(), secret).await;
    }
    let mut r = Redirect::to("/login").into_response();
    if let Ok(v) = session_cookie("", s.0.secure_cookies, 0).parse() {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

pub async fn language(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    headers: HeaderMap,
    Form(f): Form<BTreeMap<String, String>>,
) -> Response {
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let lang = f
        .get("language")
        .and_then(|l| Language::parse(l))
        .unwrap_or_default();
    if let Err(e) = admin::set_my_language(s.store(), &c.ctx, lang).await {
        return super::failure(e);
    }
    // back to where the switch was pressed, if that was one of our pages
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.find("://").map(|i| &r[i + 3..]))
        .and_then(|r| r.find('/').map(|i| r[i..].to_string()));
    Redirect::to(
        back.as_deref()
            .filter(|p| p.starts_with('/') && !p.starts_with("//"))
            .unwrap_or(landing(c.user.role)),
    )
    .into_response()
}

#[derive(Template)]
#[template(path = "account.html")]
struct Account {
    page: Page,
    notice: Option<&'static str>,
    errors: FieldErrors,
    notifications: Vec<(String, String, String)>,
    presence: super::presence::Mine,
}

pub(super) async fn account_page(
    s: &AppState,
    c: &crate::auth::Caller,
    notice: Option<&'static str>,
    errors: FieldErrors,
) -> Response {
    let mut db = s.store().clone();
    let list = purser_store::notifications::for_user(&mut db, c.user.id, 20)
        .await
        .unwrap_or_default();
    // shown is read: the header badge clears once the list has been seen
    for n in list.iter().filter(|n| n.read_at.is_none()) {
        let _ = purser_store::notifications::mark_read(&mut db, c.user.id, n.id).await;
    }
    let page = Page::new(c, "account");
    let mut notifications = Vec::new();
    for n in list {
        // a link only to a page this user may open (a department user is told of a
        // mention on a case its department was never asked about)
        let link = if may_open(s, c, &n.link).await {
            n.link
        } else {
            String::new()
        };
        let title = match page.t.word(&format!("notice_kind.{}", n.kind)) {
            Some(kind) if page.t.0 != Language::En => format!("{kind}：{}", n.body),
            _ => n.title,
        };
        notifications.push((title, link, when(n.created_at)));
    }
    render(&Account {
        page,
        notice,
        errors,
        notifications,
        presence: super::presence::mine(s, c).await,
    })
}

/// Whether a notification's link leads to a page this user may open.
async fn may_open(s: &AppState, c: &crate::auth::Caller, link: &str) -> bool {
    let id = |prefix: &str| {
        link.strip_prefix(prefix)
            .and_then(|rest| rest.split(['/', '#', '?']).next())
            .and_then(|x| x.parse::<uuid::Uuid>().ok())
    };
    if let Some(case) = id("/cases/") {
        return super::is_desk(c)
            || purser_app::cases::get_case(s.store(), &c.ctx, case)
                .await
                .is_ok();
    }
    if let Some(customer) = id("/customers/") {
        return c.user.role != Role::Customer
            && purser_app::book::get_customer(s.store(), &c.ctx, customer)
                .await
                .is_ok();
    }
    true
}

pub async fn account(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Query(q): Query<BTreeMap<String, String>>,
) -> Response {
    // presence: the status and zone forms come back here with ?saved=…
    let notice = q
        .contains_key("saved")
        .then(|| T(c.user.language).s("saved"));
    account_page(&s, &c, notice, FieldErrors::new()).await
}

pub async fn password(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Form(f): Form<BTreeMap<String, String>>,
) -> Response {
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let get = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
    let keep = c.session.as_ref().map(|(secret, _)| secret.as_str());
    match auth::change_password(
        s.store(),
        &c.ctx,
        get("current_password"),
        get("new_password"),
        keep,
    )
    .await
    {
        Ok(()) => {
            account_page(
                &s,
                &c,
                Some(T(c.user.language).s("saved")),
                FieldErrors::new(),
            )
            .await
        }
        Err(e @ AppError::Invalid(_)) => {
            let mut r = account_page(&s, &c, None, field_errors(&e)).await;
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            r
        }
        Err(e) => super::failure(e),
    }
}
