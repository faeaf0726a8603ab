//! Operations end to end: the health check, Prometheus metrics, the OpenAPI document and its
//! docs page, request ids on every response, and 404s for routes that do not exist.

use crate::common;

use common::*;
use purser_domain::roles::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

#[tokio::test]
async fn the_health_check_answers_ok_without_credentials() {
    let app = TestApp::spawn().await;
    let r = app
        .client
        .get(format!("{}/healthz", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.text().await.unwrap(), "ok");
}

/// The value of the `http_requests_total` sample whose labels include all of `labels`.
fn requests_total(metrics: &str, labels: &[&str]) -> Option<f64> {
    metrics
        .lines()
        .filter(|l| l.starts_with("http_requests_total{"))
        .find(|l| labels.iter().all(|want| l.contains(want)))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

// Regression guard: the Prometheus recorder was once installed by the first scrape, so
// requests served before the first GET /metrics went to a no-op recorder and were lost.
// The recorder is process-wide, so this is the only test of this file that scrapes, and
// counts are "at least": other tests' servers in this process may add to them.
#[tokio::test]
async fn metrics_are_prometheus_text_counting_the_requests_served_before_the_scrape() {
    let app = TestApp::spawn().await;
    // a write transaction, so the database's write-lock figures have something to show
    app.user("ops@line.test", Role::Agent, None, None).await;
    for _ in 0..3 {
        let r = app
            .client
            .get(format!("{}/healthz", app.url))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    }
    let scrape = || async {
        let r = app
            .client
            .get(format!("{}/metrics", app.url))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.headers().contains_key("x-request-id"));
        let ct = r.headers()["content-type"].to_str().unwrap().to_string();
        assert!(ct.starts_with("text/plain"), "{ct}");
        r.text().await.unwrap()
    };
    let first = scrape().await;
    // every line is a comment, blank, or `name{labels} value`
    for line in first
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let value = line.rsplit(' ').next().unwrap();
        assert!(
            value.parse::<f64>().is_ok(),
            "not an exposition line: {line}"
        );
    }
    // the three health checks are counted on the first scrape, by route template
    let healthz = requests_total(
        &first,
        &["method=\"GET\"", "route=\"/healthz\"", "status=\"200\""],
    );
    assert!(
        healthz.is_some_and(|n| n >= 3.0),
        "the first scrape counts the requests before it, got {healthz:?}:\n{first}"
    );
    assert!(first.contains("# TYPE http_requests_total counter"));
    for histogram in ["db_write_wait_seconds", "db_write_transaction_seconds"] {
        let count = first
            .lines()
            .find(|l| l.starts_with(&format!("{histogram}_count")))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|v| v.parse::<f64>().ok());
        assert!(count.is_some_and(|n| n >= 1.0), "{histogram}: {count:?}");
    }
    // and a later scrape counts the scrape before it, too
    let second = scrape().await;
    assert!(
        requests_total(&second, &["route=\"/metrics\"", "status=\"200\""]).unwrap_or(0.0) >= 1.0,
        "{second}"
    );
}

#[tokio::test]
async fn the_openapi_document_is_openapi_3_and_describes_the_customer_api() {
    let app = TestApp::spawn().await;
    let r = app
        .client
        .get(format!("{}/api/openapi.json", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let doc: Value = r.json().await.unwrap();
    assert!(
        doc["openapi"].as_str().unwrap_or("").starts_with("3."),
        "{}",
        doc["openapi"]
    );
    assert_eq!(doc["info"]["title"], "Purser API");
    let paths = doc["paths"].as_object().expect("paths");
    for (path, methods) in [
        ("/api/v1/customers", &["get", "post"][..]),
        ("/api/v1/customers/{id}", &["get", "patch", "delete"][..]),
        (
            "/api/v1/customers/{customer_id}/contacts",
            &["get", "post"][..],
        ),
        (
            "/api/v1/customers/{customer_id}/contracts/{id}",
            &["get", "patch", "delete"][..],
        ),
        (
            "/api/v1/customers/{customer_id}/handovers",
            &["get", "post"][..],
        ),
        ("/api/v1/audit", &["get"][..]),
        ("/api/v1/tokens", &["get", "post"][..]),
        ("/api/v1/me/password", &["post"][..]),
    ] {
        let item = paths
            .get(path)
            .unwrap_or_else(|| panic!("{path} is documented"));
        for m in methods {
            assert!(item.get(*m).is_some(), "{m} {path} is documented");
        }
    }
    // every path is under the versioned API, or the DCSA Track & Trace API it implements
    assert!(
        paths
            .keys()
            .all(|p| p.starts_with("/api/v1/") || p.starts_with("/dcsa/tnt/v2/")),
        "{paths:?}"
    );
    assert!(
        paths.contains_key("/dcsa/tnt/v2/events"),
        "the TNT events are documented"
    );
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    for s in ["CustomerInput", "Problem", "ContactInput", "ContractInput"] {
        assert!(
            schemas.contains_key(s),
            "schema {s} in {:?}",
            schemas.keys()
        );
    }
    let ci = &schemas["CustomerInput"];
    assert!(ci["properties"]["legal_name"].is_object());
    assert!(
        ci["required"]
            .as_array()
            .is_some_and(|r| r.contains(&json!("legal_name")))
    );
    assert!(
        doc["components"]["securitySchemes"]["bearer"].is_object(),
        "bearer auth is documented"
    );
}

/// Every value of `attr="…"` in an HTML page.
fn attribute_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!("{attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| html[i + needle.len()..].split('"').next())
        .collect()
}

#[tokio::test]
async fn the_api_docs_page_lists_the_endpoints_and_loads_nothing_from_elsewhere() {
    let app = TestApp::spawn().await;
    let r = app
        .client
        .get(format!("{}/api/docs", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = r.text().await.unwrap();
    assert!(html.contains("<code>/api/v1/customers</code>"));
    assert!(html.contains("/api/v1/customers/{customer_id}/handovers"));
    assert!(html.contains("CustomerInput"));
    let refs: Vec<&str> = ["src", "href", "action"]
        .iter()
        .flat_map(|a| attribute_values(&html, a))
        .collect();
    assert!(!refs.is_empty());
    for r in &refs {
        let lower = r.to_ascii_lowercase();
        assert!(
            !(lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("//")),
            "the docs page refers to an external resource: {r}"
        );
    }
    // whatever it refers to on this server is served
    for r in refs.iter().filter(|r| r.starts_with('/')) {
        let s = app
            .client
            .get(format!("{}{r}", app.url))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(s, StatusCode::OK, "{r}");
    }
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_a_client_supplied_one_is_echoed() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@t.test", Role::Agent, None, None).await;
    let anon = |m: Method, p: &str| app.client.request(m, format!("{}{p}", app.url));
    let requests = vec![
        ("healthz", anon(Method::GET, "/healthz")),
        ("openapi", anon(Method::GET, "/api/openapi.json")),
        ("docs", anon(Method::GET, "/api/docs")),
        ("login page", anon(Method::GET, "/login")),
        ("console redirect", anon(Method::GET, "/customers")),
        ("401", anon(Method::GET, "/api/v1/customers")),
        ("404", anon(Method::GET, "/no/such/route")),
        ("200", app.req(Method::GET, "/api/v1/customers", &amy)),
        (
            "422",
            app.req(Method::POST, "/api/v1/customers", &amy)
                .json(&json!({})),
        ),
        (
            "400",
            app.req(Method::POST, "/api/v1/customers", &amy)
                .header("content-type", "application/json")
                .body("{"),
        ),
        (
            "201",
            app.req(Method::POST, "/api/v1/customers", &amy)
                .json(&json!({"legal_name": "Wan Hai Lines Ltd."})),
        ),
    ];
    let mut seen = std::collections::HashSet::new();
    for (what, req) in requests {
        let r = req.send().await.unwrap();
        let id = r
            .headers()
            .get("x-request-id")
            .unwrap_or_else(|| panic!("{what} ({}) has no x-request-id", r.status()))
            .to_str()
            .unwrap()
            .to_string();
        assert!(!id.is_empty(), "{what}");
        assert!(seen.insert(id.clone()), "{what} reuses request id {id}");
    }
    // a caller's own id is kept, and the change it made is audited under it
    let r = app
        .req(Method::POST, "/api/v1/customers", &amy)
        .header("x-request-id", "ticket-4711-retry-1")
        .json(&json!({"legal_name": "Cheng Lie Navigation Co."}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(r.headers()["x-request-id"], "ticket-4711-retry-1");
    let id = json_of(r).await["id"].as_str().unwrap().to_string();
    let audit = json_of(
        app.get(
            &format!("/api/v1/audit?object_type=customer&object_id={id}"),
            &amy,
        )
        .await,
    )
    .await;
    assert_eq!(audit[0]["request_id"], "ticket-4711-retry-1");
}

#[tokio::test]
async fn an_unknown_route_is_a_404_problem_document() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@t.test", Role::Agent, None, None).await;
    for (path, authed) in [
        ("/no/such/route", false),
        ("/api/v2/customers", false),
        ("/api/v1/customers-and-more", true),
        ("/api/v1/nothing-here", true),
    ] {
        let req = if authed {
            app.req(Method::GET, path, &amy)
        } else {
            app.client.get(format!("{}{path}", app.url))
        };
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            r.headers()["content-type"],
            "application/problem+json",
            "{path}"
        );
        let p = json_of(r).await;
        assert_eq!(p["status"], 404, "{path}");
        assert!(p["title"].is_string(), "{path}");
    }
}
