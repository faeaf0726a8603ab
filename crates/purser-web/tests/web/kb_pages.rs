//! The knowledge base's pages (issue 15, item 6): the list by category, an article with its
//! versions and a diff, the form (typed lines kept, errors beside the fields), the portal's
//! public articles, and an article's link or text put into a case's reply box — in English
//! and in Traditional Chinese, each role kept to what it may read.

use crate::browser;
use crate::common::*;
use crate::kb_world::{KbPeople, people, write_article};
use crate::pages_world::{created, id, session_in, visible_text};
use reqwest::StatusCode;
use serde_json::json;
use uuid::Uuid;

struct Base {
    app: TestApp,
    sup: Who,
    amy: Who,
    leo: Who,
    cust: Who,
    customer: Uuid,
    /// An English public article linked to its Chinese translation.
    en: Uuid,
    zh: Uuid,
    internal: Uuid,
    draft: Uuid,
}

async fn base() -> Base {
    let app = TestApp::spawn().await;
    let KbPeople {
        sup,
        amy,
        leo,
        customer,
        cust,
    } = people(&app).await;
    let write = |body: serde_json::Value| {
        let (app, sup) = (&app, sup.clone());
        async move { write_article(app, &sup, &body).await }
    };
    let en = write(json!({"category": "glossary", "title": "Telex release",
        "body": "Release without an original B/L.\n- The shipper surrenders the originals\n- <b>We</b> send the message",
        "language": "en", "state": "public"}))
    .await;
    let zh = write(json!({"category": "glossary", "title": "電報放貨",
        "body": "目的港不憑正本提單放貨。", "language": "zh-TW", "state": "public",
        "translation_id": en}))
    .await;
    let internal = write(json!({"category": "procedure", "title": "甩櫃通知處理",
        "body": "於 4 個工作小時內通知客戶。", "language": "zh-TW", "state": "internal"}))
    .await;
    let draft = write(
        json!({"category": "quality_standard", "title": "回覆品質標準草稿",
        "body": "首次回覆 4 小時內。", "language": "zh-TW", "state": "draft"}),
    )
    .await;
    Base {
        app,
        sup,
        amy,
        leo,
        cust,
        customer,
        en,
        zh,
        internal,
        draft,
    }
}

async fn text_of(app: &TestApp, cookie: &str, path: &str, status: StatusCode) -> String {
    let r = browser::page(app, cookie, path).await;
    assert_eq!(r.status(), status, "{path}");
    r.text().await.unwrap()
}

#[tokio::test]
async fn staff_read_the_base_by_category_with_versions_and_a_diff_in_both_languages() {
    let b = base().await;
    // a second version of the English article, to compare
    let r = b
        .app
        .req(reqwest::Method::PUT, &format!("/api/v1/kb/articles/{}", b.en), &b.sup)
        .header("If-Match", "*")
        .json(&json!({"category": "glossary", "title": "Telex release",
            "body": "Release without an original B/L.\n- The shipper surrenders the full set\n- <b>We</b> send the message",
            "language": "en", "state": "public", "translation_id": b.zh}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);

    let en = session_in(&b.app, &b.amy, "en").await;
    let list = visible_text(&text_of(&b.app, &en, "/kb", StatusCode::OK).await);
    for words in [
        "Knowledge base",
        "Glossary",
        "Procedures",
        "Quality standards",
        "Telex release",
        "回覆品質標準草稿",
        "Draft",
    ] {
        assert!(list.contains(words), "the list shows {words:?}");
    }
    let page = text_of(
        &b.app,
        &en,
        &format!("/kb/{}?from=2&to=3", b.en),
        StatusCode::OK,
    )
    .await;
    assert!(
        page.contains("<li>&lt;b&gt;We&lt;/b&gt; send the message</li>"),
        "the text is escaped"
    );
    assert!(
        page.contains(&format!("href=\"/kb/{}\"", b.zh)),
        "the translation is linked"
    );
    assert!(page.contains("<tr class=\"removed\">") && page.contains("<tr class=\"added\">"));
    let text = visible_text(&page);
    assert!(
        text.contains("The shipper surrenders the originals")
            && text.contains("The shipper surrenders the full set")
    );
    assert!(text.contains("Versions") && text.contains("v3"));
    let bad = text_of(
        &b.app,
        &en,
        &format!("/kb/{}?from=1&to=9", b.en),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(visible_text(&bad).contains("To version: names no version of this article"));

    let zh = session_in(&b.app, &b.sup, "zh-TW").await;
    let list = visible_text(&text_of(&b.app, &zh, "/kb", StatusCode::OK).await);
    for words in [
        "知識庫",
        "名詞解釋",
        "作業程序",
        "品質標準",
        "草稿",
        "公開",
        "內部",
    ] {
        assert!(list.contains(words), "the Chinese list shows {words:?}");
    }
    let page = visible_text(
        &text_of(
            &b.app,
            &zh,
            &format!("/kb/{}?from=1&to=3", b.en),
            StatusCode::OK,
        )
        .await,
    );
    assert!(page.contains("版本紀錄") && page.contains("差異") && page.contains("編輯"));
    let form = text_of(&b.app, &zh, &format!("/kb/{}/edit", b.en), StatusCode::OK).await;
    assert!(
        form.contains("name=\"body\"")
            && form.contains("<option value=\"public\" selected>公開</option>")
    );

    // a department reads internal and public articles, no drafts, and writes none
    let leo = session_in(&b.app, &b.leo, "en").await;
    let list = visible_text(&text_of(&b.app, &leo, "/kb", StatusCode::OK).await);
    assert!(list.contains("甩櫃通知處理") && !list.contains("回覆品質標準草稿"));
    text_of(
        &b.app,
        &leo,
        &format!("/kb/{}", b.draft),
        StatusCode::NOT_FOUND,
    )
    .await;
    text_of(&b.app, &leo, "/kb/new", StatusCode::FORBIDDEN).await;
    let page = text_of(&b.app, &leo, &format!("/kb/{}", b.internal), StatusCode::OK).await;
    assert!(!page.contains("Versions"), "the history is the desk's");
}

#[tokio::test]
async fn customers_read_public_articles_in_the_portal_and_nothing_else() {
    let b = base().await;
    let zh = session_in(&b.app, &b.cust, "zh-TW").await;
    let list = visible_text(&text_of(&b.app, &zh, "/portal/kb", StatusCode::OK).await);
    assert!(
        list.contains("說明文章") && list.contains("電報放貨") && list.contains("Telex release")
    );
    assert!(!list.contains("甩櫃通知處理") && !list.contains("回覆品質標準草稿"));
    let page = text_of(&b.app, &zh, &format!("/portal/kb/{}", b.zh), StatusCode::OK).await;
    assert!(
        page.contains(&format!("href=\"/portal/kb/{}\"", b.en)),
        "the English version is linked"
    );
    for hidden in [b.internal, b.draft] {
        text_of(
            &b.app,
            &zh,
            &format!("/portal/kb/{hidden}"),
            StatusCode::NOT_FOUND,
        )
        .await;
    }
    // the console's addresses send a customer to the portal's
    let r = browser::page(&b.app, &zh, "/kb").await;
    assert_eq!(r.headers()["location"], "/portal/kb");
    let r = browser::page(&b.app, &zh, &format!("/kb/{}", b.zh)).await;
    assert_eq!(r.headers()["location"], format!("/portal/kb/{}", b.zh));
    assert!(
        text_of(&b.app, &zh, "/portal", StatusCode::OK)
            .await
            .contains("href=\"/portal/kb\""),
        "the portal's menu names it"
    );
}

#[tokio::test]
async fn an_article_typed_into_the_form_keeps_its_lines_and_a_bad_one_comes_back() {
    let b = base().await;
    let cookie = session_in(&b.app, &b.amy, "en").await;
    let csrf = browser::csrf_of(&b.app, &cookie).await;
    let body =
        "# Steps\r\n1. Ask for the amendment\r\n2. Return the originals\r\n\r\nFees as per tariff.";
    let r = browser::form_post(
        &b.app,
        &cookie,
        "/kb/new",
        &[
            ("csrf", &csrf),
            ("title", "B/L amendment"),
            ("category", "procedure"),
            ("language", "en"),
            ("state", "internal"),
            ("translation_id", ""),
            ("body", body),
        ],
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "saved and sent to the article"
    );
    let at = r.headers()["location"].to_str().unwrap().to_string();
    let saved = json_of(
        b.app
            .get(&format!("/api/v1/kb/articles/{}", &at[4..]), &b.amy)
            .await,
    )
    .await;
    assert_eq!(saved["body"], body.replace("\r\n", "\n"));
    let page = text_of(&b.app, &cookie, &at, StatusCode::OK).await;
    assert!(page.contains("<h2>Steps</h2>") && page.contains("<li>Return the originals</li>"));

    // a blank title and an agent's "public" come back with what was typed
    let r = browser::form_post(
        &b.app,
        &cookie,
        "/kb/new",
        &[
            ("csrf", &csrf),
            ("title", " "),
            ("category", "procedure"),
            ("language", "en"),
            ("state", "internal"),
            ("body", "Line one\r\nLine two"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Title: is required"),
        "the summary names the field"
    );
    assert!(
        html.contains(">Line one\nLine two</textarea>"),
        "the typed text is kept"
    );
    let r = browser::form_post(
        &b.app,
        &cookie,
        "/kb/new",
        &[
            ("csrf", &csrf),
            ("title", "Mine"),
            ("category", "procedure"),
            ("language", "en"),
            ("state", "public"),
            ("body", "x"),
        ],
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "an agent does not publish"
    );
    let r = browser::form_post(
        &b.app,
        &cookie,
        "/kb/new",
        &[
            ("title", "No token"),
            ("category", "procedure"),
            ("language", "en"),
            ("state", "draft"),
            ("body", "x"),
        ],
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "a form without its CSRF token"
    );
}

#[tokio::test]
async fn an_agent_puts_a_public_articles_link_or_text_into_the_reply_box() {
    let b = base().await;
    let case = id(&created(
        b.app
            .post(
                "/api/v1/cases",
                &b.amy,
                &json!({"subject": "Release please", "case_type": "request",
                "customer_id": b.customer, "message": "Can you release without originals?"}),
            )
            .await,
        "case",
    )
    .await);
    let cookie = session_in(&b.app, &b.amy, "en").await;
    let page = text_of(&b.app, &cookie, &format!("/cases/{case}"), StatusCode::OK).await;
    assert!(page.contains(&format!(
        "<option value=\"{}\">[English] Telex release</option>",
        b.en
    )));
    assert!(
        !page.contains(&format!("value=\"{}\"", b.internal)),
        "only public articles are offered"
    );
    let csrf = browser::csrf_of(&b.app, &cookie).await;
    let insert = |article: Uuid, how: &'static str| {
        let (app, cookie, csrf) = (&b.app, cookie.clone(), csrf.clone());
        async move {
            browser::form_post(
                app,
                &cookie,
                &format!("/cases/{case}/kb-insert"),
                &[
                    ("csrf", csrf.as_str()),
                    ("article", &article.to_string()),
                    ("how", how),
                    ("body", "Dear Wei,\n\nPlease see:"),
                ],
            )
            .await
        }
    };
    let r = insert(b.en, "link").await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.starts_with("<textarea id=\"reply-body\" name=\"body\""));
    let link = format!(
        "Telex release: http://{}/portal/kb/{}",
        &b.app.url[7..],
        b.en
    );
    assert!(
        html.contains(&format!("Dear Wei,\n\nPlease see:\n\n{link}</textarea>")),
        "{html}"
    );
    let html = insert(b.zh, "text").await.text().await.unwrap();
    assert!(
        html.contains("Please see:\n\n電報放貨\n\n目的港不憑正本提單放貨。</textarea>"),
        "{html}"
    );
    let r = insert(b.internal, "text").await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "an internal article is not sent to a customer"
    );
    let leo = session_in(&b.app, &b.leo, "en").await;
    let r = browser::form_post(
        &b.app,
        &leo,
        &format!("/cases/{case}/kb-insert"),
        &[
            ("csrf", &browser::csrf_of(&b.app, &leo).await),
            ("article", &b.en.to_string()),
            ("how", "link"),
            ("body", ""),
        ],
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "a department does not reply to customers"
    );
}

/// The case page's suggested articles (its `#kb-suggested` list), once the index has
/// caught up with what `base` wrote, as visible text.
async fn suggested_on(app: &TestApp, cookie: &str, case: Uuid, want: &str) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let page = text_of(app, cookie, &format!("/cases/{case}"), StatusCode::OK).await;
        let list = page
            .split_once("id=\"kb-suggested\"")
            .map(|(_, rest)| rest.split("</ul>").next().unwrap_or("").to_string())
            .unwrap_or_default();
        if list.contains(want) || std::time::Instant::now() > deadline {
            return list;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn the_case_page_suggests_articles_from_the_cases_own_words() {
    let b = base().await;
    let case = created(
        b.app
            .post(
                "/api/v1/cases",
                &b.amy,
                &json!({"subject": "Urgent: telex release for our shipment", "customer_id": b.customer}),
            )
            .await,
        "case",
    )
    .await;
    let en = session_in(&b.app, &b.amy, "en").await;
    let list = suggested_on(&b.app, &en, id(&case), "Telex release").await;
    assert!(
        list.contains(&format!("/kb/{}", b.en)) && list.contains("Telex release"),
        "{list}"
    );
    // a Chinese subject finds the internal procedure by its words, for staff; the heading
    // in the viewer's language
    let zh_case = created(
        b.app
            .post(
                "/api/v1/cases",
                &b.amy,
                &json!({"subject": "甩櫃了，請通知", "customer_id": b.customer}),
            )
            .await,
        "case",
    )
    .await;
    let zh = session_in(&b.app, &b.amy, "zh-TW").await;
    let list = suggested_on(&b.app, &zh, id(&zh_case), "甩櫃通知處理").await;
    assert!(list.contains(&format!("/kb/{}", b.internal)), "{list}");
    assert!(!list.contains(&format!("/kb/{}", b.en)), "{list}");
    let page = text_of(
        &b.app,
        &zh,
        &format!("/cases/{}", id(&zh_case)),
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("建議參考文章"));
}
