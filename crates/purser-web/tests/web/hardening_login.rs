//! Log-in throttling as attackers try it, through the real log-in form from real loopback
//! addresses: guesses from one place stop there and the owner gets in from another; guesses
//! spread over many places are slowed, yet the owner gets in from a place they used before;
//! refused attempts are refused before hashing, with Retry-After, in the form's language.

use crate::browser;
use crate::common;

use browser::*;
use common::*;
use purser_app::auth::{MAX_ACCOUNT_FAILURES, MAX_FAILURES};
use purser_domain::roles::Role;
use reqwest::{Client, StatusCode};

/// One attempt through the log-in form shown in `lang`.
async fn attempt_in(
    client: &Client,
    app: &TestApp,
    lang: &str,
    email: &str,
    password: &str,
) -> reqwest::Response {
    let page = client
        .get(format!("{}/login?lang={lang}", app.url))
        .send()
        .await
        .unwrap();
    let cookie = pair(&set_cookie(&page, "purser_login_csrf").unwrap());
    let html = page.text().await.unwrap();
    let csrf = form_csrf(&html);
    client
        .post(format!("{}/login", app.url))
        .header("cookie", cookie)
        .form(&[
            ("csrf", csrf.as_str()),
            ("lang", lang),
            ("email", email),
            ("password", password),
        ])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn wrong_passwords_from_one_address_stop_there_and_the_right_one_works_from_another() {
    let app = TestApp::spawn().await;
    app.user("amy@line.test", Role::Agent, None, None).await;
    let guesser = client_from(2);
    for _ in 0..MAX_FAILURES {
        let r = attempt_with(&guesser, &app, "amy@line.test", "wrong password").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let r = attempt_with(&guesser, &app, "amy@line.test", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers()["retry-after"], "900");
    assert!(set_cookie(&r, "purser_session").is_none());
    assert!(r.text().await.unwrap().contains("Too many attempts"));
    // the owner, somewhere else, is not locked out by them
    let r = attempt_with(&client_from(3), &app, "amy@line.test", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(set_cookie(&r, "purser_session").is_some());
}

#[tokio::test]
async fn a_throttled_form_in_chinese_says_so_in_chinese() {
    let app = TestApp::spawn().await;
    app.user("amy@line.test", Role::Agent, None, None).await;
    let guesser = client_from(4);
    for _ in 0..MAX_FAILURES {
        let r = attempt_in(&guesser, &app, "zh-TW", "amy@line.test", "wrong").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert!(r.text().await.unwrap().contains("電子郵件或密碼錯誤"));
    }
    let r = attempt_in(&guesser, &app, "zh-TW", "amy@line.test", "wrong").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key("retry-after"));
    let html = r.text().await.unwrap();
    assert!(html.contains("嘗試次數過多"), "{html}");
    assert!(html.contains("lang=\"zh-TW\""));
}

#[tokio::test]
async fn guessing_spread_over_many_addresses_is_slowed_but_the_owner_gets_in_from_a_known_one() {
    let app = TestApp::spawn().await;
    app.user("amy@line.test", Role::Agent, None, None).await;
    // the owner has signed in from her office before
    let office = client_from(50);
    let r = attempt_with(&office, &app, "amy@line.test", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // one guess from each of many addresses: each pair is well under its own limit
    for n in 0..MAX_ACCOUNT_FAILURES {
        let r = attempt_with(&client_from(100 + n as u8), &app, "amy@line.test", "guess").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "guess {n}");
    }
    // past the account's budget a new address waits, even with the right password
    let r = attempt_with(&client_from(200), &app, "amy@line.test", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    // the owner at her office still gets in
    let r = attempt_with(&office, &app, "amy@line.test", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_flood_of_wrong_passwords_is_refused_before_hashing_and_others_still_sign_in() {
    let app = TestApp::spawn().await;
    app.user("amy@line.test", Role::Agent, None, None).await;
    app.user("bob@line.test", Role::Agent, None, None).await;
    let flood: Vec<_> = (0..40)
        .map(|i| {
            let (url, client) = (app.url.clone(), client_from(60));
            let app_url = url.clone();
            tokio::spawn(async move {
                let page = client.get(format!("{app_url}/login")).send().await.unwrap();
                let cookie = pair(&set_cookie(&page, "purser_login_csrf").unwrap());
                let csrf = form_csrf(&page.text().await.unwrap());
                client
                    .post(format!("{url}/login"))
                    .header("cookie", cookie)
                    .form(&[
                        ("csrf", csrf.as_str()),
                        ("email", "amy@line.test"),
                        ("password", format!("flood {i}").as_str()),
                    ])
                    .send()
                    .await
                    .unwrap()
                    .status()
            })
        })
        .collect();
    // another user signs in while the flood is on
    let r = attempt_with(&client_from(61), &app, "bob@line.test", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let mut hashed = 0;
    for f in flood {
        match f.await.unwrap() {
            StatusCode::UNAUTHORIZED => hashed += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            other => panic!("{other}"),
        }
    }
    assert!(
        hashed <= MAX_FAILURES,
        "{hashed} of 40 flooded guesses reached the password hash; the limit is {MAX_FAILURES}"
    );
}
