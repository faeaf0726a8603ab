//! The search page of the console and the portal: one box, results grouped by kind with
//! their snippets and links; a lone exact reference opens its record directly. The caller's
//! role is the scope (the portal finds its own company's records and public articles).

use crate::api::search::{SearchParams, run};
use crate::auth::PageCaller;
use crate::console::{Page, render};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use purser_domain::roles::Role;
use purser_search::{Hit, Kind};
use std::collections::HashMap;

struct HitRow {
    title: String,
    /// Escaped by the engine, matched words in `<mark>`.
    snippet: String,
    href: String,
}

struct Group {
    kind: String,
    label: String,
    count: u64,
    hits: Vec<HitRow>,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    page: Page,
    action: &'static str,
    q: String,
    problem: String,
    groups: Vec<Group>,
}

/// Where a hit opens, for staff or for a portal user.
fn href(hit: &Hit, portal: bool) -> String {
    let case = |id: uuid::Uuid| {
        if portal {
            format!("/portal/cases/{id}")
        } else {
            format!("/cases/{id}")
        }
    };
    match hit.kind.as_str() {
        "case" => case(hit.id),
        "message" | "attachment" => hit.case_id.map(case).unwrap_or_default(),
        "customer" if !portal => format!("/customers/{}", hit.id),
        "shipment" if portal => format!("/portal/shipments/{}", hit.id),
        "shipment" => format!("/shipments/{}", hit.id),
        "article" if portal => format!("/portal/kb/{}", hit.id),
        "article" => format!("/kb/{}", hit.id),
        _ => String::new(),
    }
}

pub async fn page(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let portal = c.user.role == Role::Customer;
    let t = crate::i18n::T(c.user.language);
    let text = q.get("q").cloned().unwrap_or_default();
    let mut view = SearchPage {
        page: Page::new(&c, if portal { "portal_search" } else { "search" }),
        action: if portal { "/portal/search" } else { "/search" },
        q: text.clone(),
        problem: String::new(),
        groups: Vec::new(),
    };
    if text.trim().is_empty() {
        return render(&view);
    }
    let params = SearchParams {
        q: Some(text),
        limit: Some("100".into()),
        ..Default::default()
    };
    match run(&s, &c.ctx.actor, &params).await {
        Ok(r) => {
            if let [only] = r.hits.as_slice()
                && only.exact
            {
                let to = href(only, portal);
                if !to.is_empty() {
                    return Redirect::to(&to).into_response();
                }
            }
            for kind in Kind::KNOWN {
                let hits: Vec<HitRow> = r
                    .hits
                    .iter()
                    .filter(|h| h.kind == kind)
                    .map(|h| HitRow {
                        title: h.title.clone(),
                        snippet: h.snippet.clone(),
                        href: href(h, portal),
                    })
                    .collect();
                if hits.is_empty() {
                    continue;
                }
                view.groups.push(Group {
                    kind: kind.to_string(),
                    label: t.label("searchkind", kind.as_str()),
                    count: r.counts.get(kind.as_str()).copied().unwrap_or(0),
                    hits,
                });
            }
        }
        Err(e) => view.problem = e.detail.unwrap_or_default(),
    }
    render(&view)
}
