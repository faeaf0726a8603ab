//! What a browser does: fetch the log-in form, post it, carry the session cookie, and
//! read the CSRF token the console puts in every page.
#![allow(dead_code)]

use crate::common::{PASSWORD, TestApp};
use reqwest::{Client, Response, StatusCode};
use std::net::{IpAddr, Ipv4Addr};

/// The `name=value` part of a `Set-Cookie` header.
pub fn pair(set_cookie: &str) -> String {
    set_cookie
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_string()
}

/// The full `Set-Cookie` value for `name`, if the response sets it.
pub fn set_cookie(r: &Response, name: &str) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

/// The value of `<input ... name="csrf" value="...">` in a page.
pub fn form_csrf(html: &str) -> String {
    html.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the page has a csrf field")
        .to_string()
}

/// The value of `<meta name="csrf-token" content="...">` in a console page.
pub fn meta_csrf(html: &str) -> String {
    html.split("<meta name=\"csrf-token\" content=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the page has a csrf-token meta element")
        .to_string()
}

/// A browser at another loopback address (127.0.0.`n`; Linux routes all of 127/8 to lo),
/// so the server sees a different client address.
pub fn client_from(n: u8) -> Client {
    Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, n)))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// One log-in attempt through a freshly fetched form, as a browser makes it.
pub async fn attempt(app: &TestApp, email: &str, password: &str) -> Response {
    attempt_with(&app.client, app, email, password).await
}

/// One log-in attempt from the given browser.
pub async fn attempt_with(client: &Client, app: &TestApp, email: &str, password: &str) -> Response {
    let page = client
        .get(format!("{}/login", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let form_cookie = pair(&set_cookie(&page, "purser_login_csrf").expect("log-in form cookie"));
    let csrf = form_csrf(&page.text().await.unwrap());
    client
        .post(format!("{}/login", app.url))
        .header("cookie", form_cookie)
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", email),
            ("password", password),
        ])
        .send()
        .await
        .unwrap()
}

/// Logs in with `password`; returns the `purser_session=…` pair to send as Cookie.
pub async fn login_with(app: &TestApp, email: &str, password: &str) -> String {
    let r = attempt(app, email, password).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "log-in of {email} succeeds"
    );
    pair(&set_cookie(&r, "purser_session").expect("session cookie"))
}

/// Logs in with the harness's password.
pub async fn login(app: &TestApp, email: &str) -> String {
    login_with(app, email, PASSWORD).await
}

/// GET a console page with a session cookie.
pub async fn page(app: &TestApp, cookie: &str, path: &str) -> Response {
    app.client
        .get(format!("{}{path}", app.url))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
}

/// The CSRF token of a session, read from a console page as a script would.
pub async fn csrf_of(app: &TestApp, cookie: &str) -> String {
    let r = page(app, cookie, "/account").await;
    assert_eq!(r.status(), StatusCode::OK, "the session opens the console");
    meta_csrf(&r.text().await.unwrap())
}

/// POST a console form with a session cookie.
pub async fn form_post(
    app: &TestApp,
    cookie: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> Response {
    app.client
        .post(format!("{}{path}", app.url))
        .header("cookie", cookie)
        .form(fields)
        .send()
        .await
        .unwrap()
}
