//! The knowledge base's store told as a story, on SQLite by default and on PostgreSQL with
//! `PURSER_TEST_BACKEND=postgres`: every public function of `purser_store::kb` is in it.

use purser_domain::customers::Language;
use purser_domain::kb::{ArticleInput, ArticleState, Category};
use purser_store::kb::{self, Author, ListQuery};
use purser_store::testing::fresh_store;
use purser_store::{StoreError, new_id};

fn input(title: &str, language: Language, state: ArticleState) -> ArticleInput {
    ArticleInput {
        category: Category::Glossary,
        title: title.into(),
        body: format!("{title}\nline two"),
        language,
        state,
        translation_id: None,
    }
}

const AMY: Author = Author {
    id: None,
    label: "Amy Lin <amy@line.test>",
};

#[tokio::test]
async fn articles_keep_every_version_link_translations_and_list_by_state() {
    let (store, _g) = fresh_store().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let en = kb::insert(
        &mut tx,
        new_id(),
        &input("Demurrage", Language::En, ArticleState::Draft),
        &AMY,
    )
    .await
    .unwrap();
    assert_eq!((en.version, en.state), (1, ArticleState::Draft));
    let mut zh_input = input("滯期費", Language::ZhTw, ArticleState::Public);
    zh_input.translation_id = Some(en.id);
    let zh = kb::insert(&mut tx, new_id(), &zh_input, &AMY)
        .await
        .unwrap();
    let en = kb::set_translation(&mut tx, en.id, Some(zh.id), &AMY)
        .await
        .unwrap();
    assert_eq!((en.translation_id, en.version), (Some(zh.id), 2));
    tx.commit().await.unwrap();

    // an edit at a stale version is refused; one at the current version is kept
    let mut edit = input("Demurrage", Language::En, ArticleState::Internal);
    edit.body = "Demurrage\nline two, changed".into();
    edit.translation_id = Some(zh.id);
    let mut tx = store.begin().await.unwrap();
    let stale = kb::update(&mut tx, en.id, Some(1), &edit, &AMY).await;
    assert!(matches!(
        stale,
        Err(StoreError::VersionMismatch { current: 2 })
    ));
    let en = kb::update(&mut tx, en.id, Some(2), &edit, &AMY)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!((en.version, en.state), (3, ArticleState::Internal));

    let mut db = store.clone();
    let history = kb::versions(&mut db, en.id).await.unwrap();
    assert_eq!(
        history.iter().map(|v| v.version).collect::<Vec<_>>(),
        [3, 2, 1]
    );
    assert!(history.iter().all(|v| v.edited_by_label == AMY.label));
    let first = kb::version(&mut db, en.id, 1).await.unwrap();
    assert_eq!(
        (first.body.as_str(), first.state, first.translation_id),
        ("Demurrage\nline two", ArticleState::Draft, None)
    );
    assert_eq!(
        kb::version(&mut db, en.id, 3).await.unwrap().body,
        edit.body
    );
    assert!(matches!(
        kb::version(&mut db, en.id, 9).await,
        Err(StoreError::NotFound)
    ));

    // lists: by the states a reader may see, by language and category, a page at a time
    let by = |states: Vec<ArticleState>| ListQuery {
        states,
        limit: 50,
        ..Default::default()
    };
    let titles =
        |items: Vec<kb::Article>| -> Vec<String> { items.into_iter().map(|a| a.title).collect() };
    let (public, _) = kb::list(&mut db, &by(vec![ArticleState::Public]))
        .await
        .unwrap();
    assert_eq!(titles(public), ["滯期費"]);
    let (all, _) = kb::list(&mut db, &by(ArticleState::ALL.to_vec()))
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    let (none, _) = kb::list(&mut db, &by(vec![])).await.unwrap();
    assert!(
        none.is_empty(),
        "a reader who may see no state sees nothing"
    );
    let mut english = by(ArticleState::ALL.to_vec());
    english.language = Some(Language::En);
    assert_eq!(
        titles(kb::list(&mut db, &english).await.unwrap().0),
        ["Demurrage"]
    );
    let mut procedures = by(ArticleState::ALL.to_vec());
    procedures.category = Some(Category::Procedure);
    assert!(kb::list(&mut db, &procedures).await.unwrap().0.is_empty());

    // pages of one follow each other without a gap or a repeat
    let mut tx = store.begin().await.unwrap();
    for t in ["Alpha", "Bravo", "Charlie"] {
        kb::insert(
            &mut tx,
            new_id(),
            &input(t, Language::En, ArticleState::Public),
            &AMY,
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let mut seen = Vec::new();
    let mut page = by(vec![ArticleState::Public]);
    page.limit = 1;
    loop {
        let (items, next) = kb::list(&mut db, &page).await.unwrap();
        seen.extend(titles(items));
        match next {
            Some(c) => page.after = Some(c),
            None => break,
        }
    }
    assert_eq!(seen.len(), 4);
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(seen, sorted, "title order");

    // the index walk sees every article once, with its state as who may find it
    let mut walked = Vec::new();
    let mut after = None;
    loop {
        let page = kb::page_by_id(&mut db, after, 2).await.unwrap();
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        walked.extend(page.iter().map(|a| a.index_text()));
    }
    assert_eq!(walked.len() as i64, kb::count(&mut db).await.unwrap());
    let demurrage = walked.iter().find(|t| t.id == en.id).unwrap();
    assert_eq!(
        (demurrage.visibility, demurrage.language, demurrage.category),
        (ArticleState::Internal, Language::En, Category::Glossary)
    );
    assert!(matches!(
        kb::get(&mut db, new_id()).await,
        Err(StoreError::NotFound)
    ));
}
