//! Signing in and staying signed in, end to end: the log-in form and its cookie, throttling
//! per account and address (more in `hardening_login`), CSRF on cookie requests and console forms, log-out,
//! password changes, API tokens, deactivated users, and how passwords are stored.

use crate::browser;
use crate::common;

use browser::*;
use common::*;
use purser_domain::roles::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

/// The API with a session cookie (and optionally the CSRF header), as the console's scripts call it.
fn with_cookie(
    app: &TestApp,
    m: Method,
    path: &str,
    cookie: &str,
    csrf: Option<&str>,
) -> reqwest::RequestBuilder {
    let mut req = app
        .client
        .request(m, format!("{}{path}", app.url))
        .header("cookie", cookie);
    if let Some(t) = csrf {
        req = req.header("X-CSRF-Token", t);
    }
    req
}

/// Whether a session cookie still opens the console (a dead one is sent to /login).
async fn session_alive(app: &TestApp, cookie: &str) -> bool {
    let r = page(app, cookie, "/customers").await;
    match r.status() {
        StatusCode::OK => true,
        StatusCode::SEE_OTHER => {
            assert_eq!(location(&r), "/login");
            false
        }
        s => panic!("unexpected {s}"),
    }
}

#[tokio::test]
async fn logging_in_through_the_form_sets_an_http_only_same_site_lax_session_cookie() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@line.test", Role::Agent, None, None).await;
    // the console sends strangers to the log-in page
    let r = app
        .client
        .get(format!("{}/customers", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/login");

    let r = attempt(&app, "  AMY@line.test ", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "e-mail is case-blind");
    assert_eq!(location(&r), "/cases", "an agent lands on the inbox");
    let set = set_cookie(&r, "purser_session").expect("a session cookie");
    let attrs: Vec<String> = set.split(';').map(|a| a.trim().to_string()).collect();
    assert!(attrs.contains(&"HttpOnly".to_string()), "{set}");
    assert!(attrs.contains(&"SameSite=Lax".to_string()), "{set}");
    assert!(attrs.contains(&"Path=/".to_string()), "{set}");
    let max_age: i64 = attrs
        .iter()
        .find_map(|a| a.strip_prefix("Max-Age="))
        .expect("Max-Age")
        .parse()
        .unwrap();
    assert!(max_age > 0 && max_age <= 24 * 3600, "{set}");
    let cookie = pair(&set);
    assert!(
        cookie.len() > "purser_session=".len() + 32,
        "a long random secret"
    );

    // the cookie opens the console and the API
    assert!(session_alive(&app, &cookie).await);
    let me = json_of(
        with_cookie(&app, Method::GET, "/api/v1/me", &cookie, None)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(me["id"], json!(amy.id));

    // a log-in post that did not come from our form is refused and signs nobody in
    let r = app
        .client
        .post(format!("{}/login", app.url))
        .form(&[
            ("csrf", "forged"),
            ("email", "amy@line.test"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(set_cookie(&r, "purser_session").is_none());
}

// Regression guard: `auth::login` once counted earlier failures, verified the password
// (tens of milliseconds of Argon2), and only then recorded the failure, so guesses sent in
// parallel all passed the count. Each attempt is now recorded before it is checked.
#[tokio::test]
async fn parallel_wrong_passwords_for_one_account_are_limited_like_sequential_ones() {
    let app = TestApp::spawn().await;
    app.user("amy@line.test", Role::Agent, None, None).await;
    // fetch the forms first, twenty browsers at one address, then post them all at once
    let mut forms = Vec::new();
    for _ in 20..40u8 {
        let client = client_from(20);
        let page = client
            .get(format!("{}/login", app.url))
            .send()
            .await
            .unwrap();
        let cookie = pair(&set_cookie(&page, "purser_login_csrf").unwrap());
        let csrf = form_csrf(&page.text().await.unwrap());
        forms.push((client, cookie, csrf));
    }
    let guesses: Vec<_> = forms
        .into_iter()
        .enumerate()
        .map(|(i, (client, cookie, csrf))| {
            let url = format!("{}/login", app.url);
            tokio::spawn(async move {
                client
                    .post(url)
                    .header("cookie", cookie)
                    .form(&[
                        ("csrf", csrf.as_str()),
                        ("email", "amy@line.test"),
                        ("password", format!("guess number {i}").as_str()),
                    ])
                    .send()
                    .await
                    .unwrap()
                    .status()
            })
        })
        .collect();
    let mut checked = 0;
    for g in guesses {
        let s = g.await.unwrap();
        assert!(
            s == StatusCode::UNAUTHORIZED || s == StatusCode::TOO_MANY_REQUESTS,
            "{s}"
        );
        if s == StatusCode::UNAUTHORIZED {
            checked += 1;
        }
    }
    assert!(
        checked <= purser_app::auth::MAX_FAILURES,
        "{checked} of 20 parallel guesses were checked against the password; the limit is {}",
        purser_app::auth::MAX_FAILURES
    );
    let r = attempt_with(&client_from(20), &app, "amy@line.test", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn failures_from_one_address_across_unknown_accounts_lock_out_another_account_there() {
    let app = TestApp::spawn().await;
    app.user("amy@line.test", Role::Agent, None, None).await;
    let attacker = client_from(9);
    for i in 0..purser_app::auth::MAX_ADDRESS_FAILURES {
        let r = attempt_with(
            &attacker,
            &app,
            &format!("nobody{i}@line.test"),
            "guess 123456",
        )
        .await;
        assert_eq!(
            r.status(),
            StatusCode::UNAUTHORIZED,
            "unknown accounts fail like wrong passwords"
        );
        assert!(
            r.text()
                .await
                .unwrap()
                .contains("E-mail or password is wrong.")
        );
    }
    let r = attempt_with(&attacker, &app, "amy@line.test", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(set_cookie(&r, "purser_session").is_none());
    // the account itself is fine from elsewhere
    let r = attempt_with(&client_from(10), &app, "amy@line.test", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_cookie_request_that_changes_something_needs_the_csrf_token_of_its_session() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@line.test", Role::Agent, None, None).await;
    app.user("bob@line.test", Role::Agent, None, None).await;
    let cookie = login(&app, "amy@line.test").await;
    let html = page(&app, &cookie, "/customers")
        .await
        .text()
        .await
        .unwrap();
    let csrf = meta_csrf(&html);
    assert!(csrf.len() >= 32);
    let bobs = csrf_of(&app, &login(&app, "bob@line.test").await).await;
    assert_ne!(bobs, csrf, "each session has its own token");

    let body = json!({"legal_name": "Cookie Shipping Ltd"});
    for (what, token) in [
        ("no header", None),
        ("a wrong token", Some("0".repeat(64))),
        ("another session's token", Some(bobs.clone())),
    ] {
        let r = with_cookie(
            &app,
            Method::POST,
            "/api/v1/customers",
            &cookie,
            token.as_deref(),
        )
        .json(&body)
        .send()
        .await
        .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{what}");
        assert_eq!(r.headers()["content-type"], "application/problem+json");
        assert!(
            json_of(r).await["detail"]
                .as_str()
                .unwrap()
                .contains("X-CSRF-Token")
        );
    }
    let list = json_of(
        with_cookie(&app, Method::GET, "/api/v1/customers", &cookie, None)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        list["items"],
        json!([]),
        "reads need no token; nothing was created"
    );

    let r = with_cookie(
        &app,
        Method::POST,
        "/api/v1/customers",
        &cookie,
        Some(&csrf),
    )
    .json(&body)
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let c = json_of(r).await;
    let path = format!("/api/v1/customers/{}", c["id"].as_str().unwrap());

    // updates and deletes too
    for m in [Method::PATCH, Method::DELETE] {
        let r = with_cookie(&app, m.clone(), &path, &cookie, None)
            .header("If-Match", "\"1\"")
            .json(&json!({"tier": "gold"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{m}");
    }
    let r = with_cookie(&app, Method::PATCH, &path, &cookie, Some(&csrf))
        .header("If-Match", "\"1\"")
        .json(&json!({"tier": "gold"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // a bearer token is not a browser credential and needs no CSRF token
    let r = app
        .post(
            "/api/v1/customers",
            &amy,
            &json!({"legal_name": "Script Shipping Ltd"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_console_form_posted_without_its_csrf_field_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@line.test", Role::Agent, None, None).await;
    let id = app.customer("Formosa Freight Ltd").await;
    let cookie = login(&app, "amy@line.test").await;
    let csrf = csrf_of(&app, &cookie).await;
    let contacts_path = format!("/customers/{id}/contacts");
    let edit_path = format!("/customers/{id}/edit");
    let forms: Vec<(&str, Vec<(&str, &str)>)> = vec![
        (
            "/customers/new",
            vec![
                ("legal_name", "Forged Shipping Ltd"),
                ("tier", "gold"),
                ("time_zone", "Asia/Taipei"),
                ("language", "en"),
                ("preferred_channel", "email"),
            ],
        ),
        (
            &edit_path,
            vec![
                ("legal_name", "Renamed By Forgery"),
                ("version", "1"),
                ("tier", "gold"),
                ("time_zone", "Asia/Taipei"),
                ("language", "en"),
                ("preferred_channel", "email"),
            ],
        ),
        (
            &contacts_path,
            vec![("name", "Forged Contact"), ("email", "forged@evil.example")],
        ),
        (
            "/account/password",
            vec![
                ("current_password", PASSWORD),
                ("new_password", "forged new password"),
            ],
        ),
        ("/account/language", vec![("language", "zh-TW")]),
        ("/logout", vec![]),
    ];
    for (path, fields) in &forms {
        for token in [None, Some("not-the-token")] {
            let mut f = fields.clone();
            if let Some(t) = token {
                f.push(("csrf", t));
            }
            let r = form_post(&app, &cookie, path, &f).await;
            assert_eq!(
                r.status(),
                StatusCode::FORBIDDEN,
                "POST {path} with {token:?}"
            );
        }
    }
    // nothing changed: no new customer, same name, no contact, same password and
    // language, and the session is still alive
    let list = json_of(app.get("/api/v1/customers", &amy).await).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(list["items"][0]["legal_name"], "Formosa Freight Ltd");
    assert_eq!(list["items"][0]["version"], 1);
    let contacts = json_of(
        app.get(&format!("/api/v1/customers/{id}/contacts"), &amy)
            .await,
    )
    .await;
    assert_eq!(contacts, json!([]));
    let me = json_of(app.get("/api/v1/me", &amy).await).await;
    assert_eq!(me["language"], "en");
    assert!(session_alive(&app, &cookie).await);
    let mut db = app.store.clone();
    let hash = purser_store::users::get(&mut db, amy.id)
        .await
        .unwrap()
        .password_hash;
    assert!(purser_app::auth::verify_password(PASSWORD, &hash).await);

    // the same form with the session's token goes through
    let mut f = forms[0].1.clone();
    f.push(("csrf", csrf.as_str()));
    let r = form_post(&app, &cookie, "/customers/new", &f).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let list = json_of(app.get("/api/v1/customers", &amy).await).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn logging_out_ends_that_session_and_only_that_one() {
    let app = TestApp::spawn().await;
    app.user("amy@line.test", Role::Agent, None, None).await;
    let cookie = login(&app, "amy@line.test").await;
    let other = login(&app, "amy@line.test").await;
    let csrf = csrf_of(&app, &cookie).await;
    let r = form_post(&app, &cookie, "/logout", &[("csrf", csrf.as_str())]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/login");
    let cleared = set_cookie(&r, "purser_session").expect("the cookie is cleared");
    assert!(
        cleared.starts_with("purser_session=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
    // the old cookie, replayed, opens nothing
    assert!(!session_alive(&app, &cookie).await);
    let r = with_cookie(&app, Method::GET, "/api/v1/me", &cookie, None)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = with_cookie(
        &app,
        Method::POST,
        "/api/v1/customers",
        &cookie,
        Some(&csrf),
    )
    .json(&json!({"legal_name": "After Logout Ltd"}))
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // the browser elsewhere stays signed in
    assert!(session_alive(&app, &other).await);
}

#[tokio::test]
async fn changing_the_password_checks_both_passwords_and_ends_the_other_sessions() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@line.test", Role::Agent, None, None).await;
    let here = login(&app, "amy@line.test").await;
    let elsewhere = login(&app, "amy@line.test").await;
    let cases = [
        (
            json!({"current_password": "not my password", "new_password": "a brand new passphrase"}),
            vec!["current_password"],
        ),
        (
            json!({"current_password": PASSWORD, "new_password": "short"}),
            vec!["new_password"],
        ),
        (
            json!({"current_password": PASSWORD, "new_password": ""}),
            vec!["new_password"],
        ),
        (json!({"current_password": PASSWORD}), vec!["new_password"]),
    ];
    for (body, fields) in cases {
        let r = app.post("/api/v1/me/password", &amy, &body).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(r.headers()["content-type"], "application/problem+json");
        assert_eq!(problem_fields(&json_of(r).await), fields, "{body}");
    }
    assert!(
        session_alive(&app, &elsewhere).await,
        "refusals end nothing"
    );

    let new = "harbour crane 42 at dawn";
    let csrf = csrf_of(&app, &here).await;
    let r = with_cookie(
        &app,
        Method::POST,
        "/api/v1/me/password",
        &here,
        Some(&csrf),
    )
    .json(&json!({"current_password": PASSWORD, "new_password": new}))
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert!(
        session_alive(&app, &here).await,
        "the session that changed it stays"
    );
    assert!(!session_alive(&app, &elsewhere).await, "other sessions end");

    let r = attempt(&app, "amy@line.test", PASSWORD).await;
    assert_eq!(
        r.status(),
        StatusCode::UNAUTHORIZED,
        "the old password is dead"
    );
    login_with(&app, "amy@line.test", new).await;
    let mut db = app.store.clone();
    let hash = purser_store::users::get(&mut db, amy.id)
        .await
        .unwrap()
        .password_hash;
    assert!(hash.starts_with("$argon2id$"));
    assert!(purser_app::auth::verify_password(new, &hash).await);
}

/// GET /api/v1/tokens as raw text, so a secret anywhere in it would show.
async fn token_list(app: &TestApp, who: &Who) -> String {
    let r = app.get("/api/v1/tokens", who).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.text().await.unwrap()
}

#[tokio::test]
async fn an_api_token_shows_its_secret_once_works_records_its_use_and_dies_when_revoked() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@line.test", Role::Agent, None, None).await;
    let bob = app.user("bob@line.test", Role::Agent, None, None).await;
    let r = app
        .post("/api/v1/tokens", &amy, &json!({"name": "nightly import"}))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let t = json_of(r).await;
    let secret = t["secret"].as_str().expect("the secret, once").to_string();
    assert!(secret.starts_with("pst_") && secret.len() > 40, "{secret}");
    assert!(t.get("token_hash").is_none(), "{t}");
    assert_eq!(t["name"], "nightly import");
    assert_eq!(t["user_id"], json!(amy.id));
    let id = t["id"].as_str().unwrap().to_string();
    let token = Who {
        id: amy.id,
        email: amy.email.clone(),
        token: secret.clone(),
    };

    let find = |text: &str| -> Value {
        let all: Value = serde_json::from_str(text).unwrap();
        all.as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == json!(id))
            .cloned()
            .expect("the token is listed")
    };
    let text = token_list(&app, &amy).await;
    assert!(!text.contains(&secret), "the list never shows the secret");
    for t in serde_json::from_str::<Value>(&text)
        .unwrap()
        .as_array()
        .unwrap()
    {
        assert!(
            t.get("secret").is_none() && t.get("token_hash").is_none(),
            "{t}"
        );
    }
    assert_eq!(find(&text)["last_used_at"], Value::Null, "not used yet");

    // it authenticates as its user, and the use is recorded
    let me = json_of(app.get("/api/v1/me", &token).await).await;
    assert_eq!(me["email"], "amy@line.test");
    let used = find(&token_list(&app, &amy).await);
    let at = used["last_used_at"].as_i64().expect("last_used_at is set");
    assert!(at >= used["created_at"].as_i64().unwrap());

    // someone else can neither see nor revoke it
    assert!(!token_list(&app, &bob).await.contains(&id));
    assert_eq!(
        app.delete(&format!("/api/v1/tokens/{id}"), &bob)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get("/api/v1/me", &token).await.status(), StatusCode::OK);

    let r = app.delete(&format!("/api/v1/tokens/{id}"), &amy).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(json_of(r).await["revoked_at"].is_i64());
    let r = app.get("/api/v1/me", &token).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    // amy's other token is untouched
    assert_eq!(app.get("/api/v1/me", &amy).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_deactivated_user_can_no_longer_use_its_token_session_or_password() {
    let app = TestApp::spawn().await;
    let root = app.user("root@line.test", Role::Admin, None, None).await;
    let amy = app.user("amy@line.test", Role::Agent, None, None).await;
    let cookie = login(&app, "amy@line.test").await;
    assert_eq!(app.get("/api/v1/me", &amy).await.status(), StatusCode::OK);

    let path = format!("/api/v1/users/{}", amy.id);
    let r = app.get(&path, &root).await;
    assert_eq!(r.status(), StatusCode::OK);
    let etag = r.headers()["etag"].to_str().unwrap().to_string();
    let body = json!({"name": "amy", "role": "agent", "active": false});
    let r = app
        .req(Method::PUT, &path, &root)
        .header("If-Match", "\"999\"")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PRECONDITION_FAILED, "a stale ETag");
    assert_eq!(app.get("/api/v1/me", &amy).await.status(), StatusCode::OK);
    let r = app
        .req(Method::PUT, &path, &root)
        .header("If-Match", &etag)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(json_of(r).await["active"], false);

    let r = app.get("/api/v1/me", &amy).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = app
        .post(
            "/api/v1/customers",
            &amy,
            &json!({"legal_name": "Ghost Shipping"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(!session_alive(&app, &cookie).await);
    let r = attempt(&app, "amy@line.test", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(set_cookie(&r, "purser_session").is_none());
}

#[tokio::test]
async fn passwords_are_stored_as_salted_argon2id_hashes() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@line.test", Role::Agent, None, None).await;
    let bob = app.user("bob@line.test", Role::Agent, None, None).await;
    let db = app.store.clone();
    let hash_of = |id: Uuid| {
        let mut db = db.clone();
        async move {
            purser_store::users::get(&mut db, id)
                .await
                .unwrap()
                .password_hash
        }
    };
    let (a, b) = (hash_of(amy.id).await, hash_of(bob.id).await);
    for h in [&a, &b] {
        assert!(h.starts_with("$argon2id$v=19$"), "{h}");
        assert!(!h.contains(PASSWORD));
    }
    assert_ne!(a, b, "the same password hashes differently per user (salt)");
    // the API never shows it
    let me = app.get("/api/v1/me", &amy).await.text().await.unwrap();
    assert!(!me.contains("argon2") && !me.contains("password"), "{me}");
}
