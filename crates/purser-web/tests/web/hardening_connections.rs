//! Connections as attackers hold them, over real sockets: a client that sends its head a
//! byte at a time is cut off, and so is one that stops halfway through its body; past the
//! connection cap new clients wait while the ones being served still get answers; a body announced at 10 GB is refused before a byte of
//! it is sent; a tracking callback from a stranger is refused before its body is read.

use crate::common;

use common::*;
use purser_domain::roles::Role;
use purser_web::server::Limits;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A second server over the test app's database, with these limits.
async fn serve_with(app: &TestApp, limits: Limits) -> String {
    let state = purser_web::state::AppState::new(app.store.clone(), false);
    let router = purser_web::app(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(purser_web::server::serve(
        listener,
        router,
        limits,
        std::future::pending(),
    ));
    addr.to_string()
}

fn limits() -> Limits {
    Limits {
        header_timeout_secs: 1,
        ..Limits::default()
    }
}

/// Everything the server sends until it closes, or what came within `wait` if it does not.
async fn answer(s: &mut TcpStream, wait: Duration) -> String {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(wait, s.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) | Err(_) => break,
            Ok(Ok(n)) => {
                out.extend_from_slice(&buf[..n]);
                // one whole answer is enough for a connection kept alive
                if let Some(text) = std::str::from_utf8(&out).ok()
                    && complete(text)
                {
                    break;
                }
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether `text` holds a whole response with a Content-Length body.
fn complete(text: &str) -> bool {
    let Some((head, body)) = text.split_once("\r\n\r\n") else {
        return false;
    };
    head.lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse::<usize>().ok())?
        })
        .is_some_and(|n| body.len() >= n)
}

const HEALTH: &[u8] = b"GET /healthz HTTP/1.1\r\nHost: purser.test\r\n\r\n";

#[tokio::test]
async fn a_client_sending_its_head_byte_by_byte_is_cut_off_after_the_header_timeout() {
    let app = TestApp::spawn().await;
    let addr = serve_with(&app, limits()).await;
    let head = format!(
        "GET /healthz HTTP/1.1\r\nHost: purser.test\r\nX-Slow: {}\r\n\r\n",
        "a".repeat(60)
    );
    let mut slow = TcpStream::connect(&addr).await.unwrap();
    let mut sent = 0;
    for b in head.as_bytes() {
        // 100 ms a byte: the whole head would take 9 s against a 1 s limit
        tokio::time::sleep(Duration::from_millis(100)).await;
        if slow.write_all(&[*b]).await.is_err() {
            break;
        }
        sent += 1;
    }
    assert!(
        sent < head.len(),
        "the server read all {sent} bytes of a head sent at 10 bytes a second"
    );
    let got = answer(&mut slow, Duration::from_secs(5)).await;
    assert!(!got.contains("200 OK"), "{got}");
    // a client sending at a normal pace is served
    let mut quick = TcpStream::connect(&addr).await.unwrap();
    quick.write_all(HEALTH).await.unwrap();
    let got = answer(&mut quick, Duration::from_secs(10)).await;
    assert!(got.starts_with("HTTP/1.1 200"), "{got}");
}

#[tokio::test]
async fn a_client_that_stops_halfway_through_its_body_is_cut_off_after_the_idle_timeout() {
    let app = TestApp::spawn().await;
    let robot = app.user("mx@line.test", Role::Agent, None, None).await;
    let addr = serve_with(
        &app,
        Limits {
            idle_timeout_secs: 1,
            ..Limits::default()
        },
    )
    .await;
    let mut s = TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST /api/v1/mail/inbound?mailbox=tpac@line.test HTTP/1.1\r\nHost: purser.test\r\nAuthorization: Bearer {}\r\nContent-Type: message/rfc822\r\nContent-Length: 1000\r\n\r\nFrom: a@b.test\r\n",
        robot.token
    );
    s.write_all(head.as_bytes()).await.unwrap();
    // the rest of the body never comes; the request's own 30 s timeout is far off, so only
    // the idle timeout can close the connection within the wait
    let mut buf = [0u8; 1024];
    let closed = tokio::time::timeout(Duration::from_secs(15), async {
        loop {
            match s.read(&mut buf).await {
                Ok(0) | Err(_) => return true,
                Ok(_) => {}
            }
        }
    })
    .await;
    assert_eq!(closed, Ok(true), "the stalled connection is still open");
}

#[tokio::test]
async fn past_the_connection_cap_a_new_client_waits_while_a_served_one_gets_answers() {
    let app = TestApp::spawn().await;
    let addr = serve_with(
        &app,
        Limits {
            header_timeout_secs: 60,
            max_connections: 2,
            ..Limits::default()
        },
    )
    .await;
    let mut served = TcpStream::connect(&addr).await.unwrap();
    served.write_all(HEALTH).await.unwrap();
    let got = answer(&mut served, Duration::from_secs(10)).await;
    assert!(got.starts_with("HTTP/1.1 200"), "{got}");
    // the second slot, held by a client that says nothing
    let idle = TcpStream::connect(&addr).await.unwrap();
    let mut waiting = TcpStream::connect(&addr).await.unwrap();
    waiting.write_all(HEALTH).await.unwrap();
    let got = answer(&mut waiting, Duration::from_millis(700)).await;
    assert_eq!(got, "", "a third connection was served beyond a cap of two");
    // the client already served is still answered on its connection
    served.write_all(HEALTH).await.unwrap();
    let got = answer(&mut served, Duration::from_secs(10)).await;
    assert!(got.starts_with("HTTP/1.1 200"), "{got}");
    // a slot comes free: the waiting client is served
    drop(idle);
    let got = answer(&mut waiting, Duration::from_secs(10)).await;
    assert!(got.starts_with("HTTP/1.1 200"), "{got}");
}

#[tokio::test]
async fn a_ten_gigabyte_content_length_is_refused_with_413_before_the_body_is_sent() {
    let app = TestApp::spawn().await;
    let robot = app.user("mx@line.test", Role::Agent, None, None).await;
    let addr = serve_with(&app, limits()).await;
    let mut s = TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST /api/v1/mail/inbound?mailbox=tpac@line.test HTTP/1.1\r\nHost: purser.test\r\nAuthorization: Bearer {}\r\nContent-Type: message/rfc822\r\nContent-Length: 10737418240\r\n\r\n",
        robot.token
    );
    s.write_all(head.as_bytes()).await.unwrap();
    // no body follows: an answer can only come from the announced length
    let got = answer(&mut s, Duration::from_secs(10)).await;
    assert!(got.starts_with("HTTP/1.1 413"), "{got}");
    assert!(
        got.to_lowercase()
            .contains("content-type: application/problem+json"),
        "{got}"
    );
}

#[tokio::test]
async fn a_tracking_callback_without_a_known_source_and_signature_is_refused_unread() {
    let app = TestApp::spawn().await;
    let admin = app.user("root@line.test", Role::Admin, None, None).await;
    let r = app
        .post(
            "/api/v1/tracking/sources",
            &admin,
            &serde_json::json!({"name": "carrier-feed"}),
        )
        .await;
    assert!(r.status().is_success(), "{}", r.text().await.unwrap());
    let addr = serve_with(&app, limits()).await;
    let bad_signature = format!("sha256={}", "0".repeat(64));
    for (source, signature) in [
        ("no-such-source", Some(bad_signature.as_str())),
        ("carrier-feed", None),
        ("carrier-feed", Some("sha256=not-hex")),
    ] {
        let mut s = TcpStream::connect(&addr).await.unwrap();
        let sig = signature
            .map(|v| format!("Notification-Signature: {v}\r\n"))
            .unwrap_or_default();
        let head = format!(
            "POST /api/v1/tracking/callbacks/{source} HTTP/1.1\r\nHost: purser.test\r\nContent-Type: application/json\r\n{sig}Content-Length: 1000000\r\n\r\n"
        );
        s.write_all(head.as_bytes()).await.unwrap();
        // the million bytes never come: only an answer before the body can arrive
        let got = answer(&mut s, Duration::from_secs(10)).await;
        assert!(
            got.starts_with("HTTP/1.1 401"),
            "{source} {signature:?}: {got}"
        );
    }
}
