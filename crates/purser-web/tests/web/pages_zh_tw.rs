//! Traditional Chinese everywhere: each role, in zh-TW, opens every console and portal page
//! it can reach on a desk like the demo's, and no page may show an English message key
//! (`status.open`, `no_cases`) or a raw value of a domain vocabulary (`waiting_on_customer`,
//! `EST`, `gold`). The vocabularies are read from the domain's own enums, so a new value
//! that no page translates fails here.

use crate::browser;
use crate::common::*;
use crate::pages_world::*;
use purser_domain::cases::complaint::{ComplaintStep, GoodwillKind, GoodwillState};
use purser_domain::cases::refs::RefKind;
use purser_domain::cases::sla::{ClockState, Target};
use purser_domain::cases::state::CaseStatus;
use purser_domain::cases::{
    AgentStatus, CaseChannel, CaseType, Direction, LinkKind, MessageKind, Priority,
};
use purser_domain::customers::{
    ActivityKind, Channel, CustomerStatus, HANDOVER_CHECKLIST, Language, Tier,
};
use purser_domain::kb::{ArticleState, Category};
use purser_domain::roles::{Department, Role};
use purser_domain::tracking::codes::Classifier;
use purser_domain::tracking::timeline::Milestone;
use reqwest::StatusCode;
use std::collections::BTreeSet;

/// Every DCSA classifier; the match fails to compile when one is added.
fn classifiers() -> Vec<&'static str> {
    let all = [Classifier::Pln, Classifier::Est, Classifier::Act];
    for c in all {
        match c {
            Classifier::Pln | Classifier::Est | Classifier::Act => {}
        }
    }
    all.iter().map(|c| c.as_str()).collect()
}

/// Every milestone; the match fails to compile when one is added.
fn milestones() -> Vec<&'static str> {
    use Milestone::*;
    let all = [
        BookingConfirmed,
        DocumentsDrafted,
        GateIn,
        Loaded,
        Departed,
        Transhipped,
        Arrived,
        Discharged,
        DocumentIssued,
        GateOut,
        Delivered,
        OnHold,
        Released,
    ];
    for m in all {
        match m {
            BookingConfirmed | DocumentsDrafted | GateIn | Loaded | Departed | Transhipped
            | Arrived | Discharged | DocumentIssued | GateOut | Delivered | OnHold | Released => {}
        }
    }
    all.iter().map(|m| m.as_str()).collect()
}

/// The raw values of every vocabulary a page shows.
fn raw_values() -> BTreeSet<&'static str> {
    fn of<T: Copy>(all: &[T], s: fn(T) -> &'static str) -> Vec<&'static str> {
        all.iter().map(|x| s(*x)).collect()
    }
    [
        of(CaseStatus::ALL, CaseStatus::as_str),
        of(Priority::ALL, Priority::as_str),
        of(CaseType::ALL, CaseType::as_str),
        of(CaseChannel::ALL, CaseChannel::as_str),
        of(AgentStatus::ALL, AgentStatus::as_str),
        of(LinkKind::ALL, LinkKind::as_str),
        of(MessageKind::ALL, MessageKind::as_str),
        of(Direction::ALL, Direction::as_str),
        of(RefKind::ALL, RefKind::as_str),
        of(ComplaintStep::ALL, ComplaintStep::as_str),
        of(GoodwillKind::ALL, GoodwillKind::as_str),
        of(GoodwillState::ALL, GoodwillState::as_str),
        of(Target::ALL, Target::as_str),
        of(ClockState::ALL, ClockState::as_str),
        of(Tier::ALL, Tier::as_str),
        of(CustomerStatus::ALL, CustomerStatus::as_str),
        of(Channel::ALL, Channel::as_str),
        of(ActivityKind::ALL, ActivityKind::as_str),
        of(Language::ALL, Language::as_str),
        of(Department::ALL, Department::as_str),
        of(Role::ALL, Role::as_str),
        of(Category::ALL, Category::as_str),
        of(ArticleState::ALL, ArticleState::as_str),
        HANDOVER_CHECKLIST.to_vec(),
        classifiers(),
        milestones(),
    ]
    .concat()
    .into_iter()
    .collect()
}

/// The prefixes of the console's message keys (`status.open`, `field.refs`, …).
const KEY_PREFIXES: &[&str] = &[
    "status",
    "pstatus",
    "priority",
    "type",
    "channel",
    "sla",
    "target",
    "clock",
    "delivery",
    "ref",
    "link",
    "step",
    "goodwill",
    "gw",
    "dept",
    "agent",
    "view",
    "ms",
    "cls",
    "ev",
    "change",
    "recipient",
    "nchannel",
    "lang",
    "fill",
    "party",
    "error",
    "field",
    "msg",
    "event",
    "reason",
    "tier",
    "cstatus",
    "activity",
    "handover",
    "hstatus",
    "token",
    "role",
    "audit",
    "object",
    "notice_kind",
    "kept",
    "kbcat",
    "kbstate",
    "kbdiff",
];

/// What in a page's visible text is an untranslated key or raw value.
fn untranslated(html: &str, raw: &BTreeSet<&'static str>) -> Vec<String> {
    let text = visible_text(html);
    let mut found = BTreeSet::new();
    for token in text.split(|c: char| !(c.is_ascii_alphanumeric() || "_.-".contains(c))) {
        let token = token.trim_matches(|c: char| c == '.' || c == '-');
        if token.is_empty() {
            continue;
        }
        let snake = token.contains('_')
            && token
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        let dotted = token
            .split_once('.')
            .is_some_and(|(head, tail)| KEY_PREFIXES.contains(&head) && !tail.is_empty());
        if raw.contains(token) || snake || dotted {
            found.insert(token.to_string());
        }
    }
    found.into_iter().collect()
}

#[test]
fn the_checker_finds_keys_and_raw_values_but_not_words() {
    let raw = raw_values();
    let page = r#"<p title="waiting_on_customer">等待客戶回覆 · 金級</p><p>ETA 2026-03-21 EST</p>
        <p>status.open gold no_cases</p><p>Alpha Shipping wei@alpha.test CS-2026-000001</p>"#;
    assert_eq!(
        untranslated(page, &raw),
        ["EST", "gold", "no_cases", "status.open"]
    );
}

async fn check(w: &World, who: &Who, pages: &[String], raw: &BTreeSet<&'static str>) {
    let cookie = session_in(&w.app, who, "zh-TW").await;
    for path in pages {
        let r = browser::page(&w.app, &cookie, path).await;
        assert_eq!(r.status(), StatusCode::OK, "{} opens {path}", who.email);
        let html = r.text().await.unwrap();
        assert!(html.contains("lang=\"zh-TW\""), "{path} is in Chinese");
        let bad = untranslated(&html, raw);
        let text = visible_text(&html);
        let context: Vec<String> = bad
            .iter()
            .filter_map(|b| {
                let at = text.find(b.as_str())?;
                let from = text.floor_char_boundary(at.saturating_sub(60));
                let to = text.ceil_char_boundary((at + b.len() + 60).min(text.len()));
                Some(
                    text[from..to]
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                )
            })
            .collect();
        assert!(
            bad.is_empty(),
            "{} sees untranslated {bad:?} on {path}: {context:#?}",
            who.email
        );
    }
}

#[tokio::test]
async fn every_page_each_role_reaches_reads_in_traditional_chinese() {
    let w = world().await;
    let raw = raw_values();
    let (case, second, bravo_case, alpha, shipment) =
        (w.case, w.second, w.bravo_case, w.alpha, w.shipment);
    let desk: Vec<String> = [
        "/cases".to_string(),
        "/cases?view=teams".into(),
        "/cases?view=unassigned".into(),
        "/cases?view=at_risk".into(),
        "/cases?view=waiting".into(),
        "/cases/new".into(),
        format!("/cases/new?customer_id={alpha}"),
        format!("/cases/{case}"),
        format!("/cases/{second}"),
        format!("/cases/{bravo_case}"),
        "/tasks".into(),
        "/tasks?department=logistics&answered=true".into(),
        "/shipments".into(),
        format!("/shipments/{shipment}"),
        "/vessels/9321483/voyages/2103S".into(),
        "/handovers".into(),
        "/customers".into(),
        format!("/customers/{alpha}"),
        format!("/customers/{}", w.bravo),
        "/account".into(),
        "/admin/tokens".into(),
        "/kb".into(),
        "/search?q=container".into(),
        "/search?q=%E8%B2%A8%E6%AB%83".into(),
        "/kb/new".into(),
        format!("/kb/{}", w.article_zh),
        format!("/kb/{}?from=1&to=2", w.article_en),
        format!("/kb/{}/edit", w.article_internal),
    ]
    .to_vec();
    check(&w, &w.amy, &desk, &raw).await;

    let mut supervisor = desk.clone();
    supervisor.extend([
        "/supervisor".to_string(),
        "/cases?view=queue".into(),
        format!("/customers/{alpha}/edit"),
        "/customers/new".into(),
    ]);
    check(&w, &w.sup, &supervisor, &raw).await;

    let mut admin = supervisor.clone();
    admin.extend(["/admin/users".to_string(), "/admin/departments".into()]);
    check(&w, &w.admin, &admin, &raw).await;

    let department = [
        "/tasks".to_string(),
        "/tasks?answered=true".into(),
        format!("/cases/{case}"),
        "/account".into(),
        "/admin/tokens".into(),
        "/kb".into(),
        format!("/kb/{}", w.article_internal),
    ];
    check(&w, &w.leo, &department, &raw).await;

    let portal = [
        "/portal".to_string(),
        "/portal/new".into(),
        format!("/portal/cases/{case}"),
        "/portal/shipments".into(),
        format!("/portal/shipments/{shipment}"),
        "/portal/preferences".into(),
        "/account".into(),
        "/portal/kb".into(),
        format!("/portal/kb/{}", w.article_zh),
        "/portal/search?q=container".into(),
    ];
    check(&w, &w.portal, &portal, &raw).await;
}
