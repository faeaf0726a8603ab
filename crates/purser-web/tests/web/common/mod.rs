//! Test harness: the real application on a random loopback port over a fresh database
//! (SQLite, or PostgreSQL with `PURSER_TEST_BACKEND=postgres`), with seeded users and tokens.
#![allow(dead_code)]

use purser_app::admin::{self, DepartmentInput, NewUserInput};
use purser_app::{Ctx, book};
use purser_domain::book::CustomerInput;
use purser_domain::customers::Language;
use purser_domain::roles::{Department, Role};
use purser_store::Store;
use purser_store::testing::{TempGuard, fresh_store};
use reqwest::{Client, Response};
use serde_json::{Value, json};
use uuid::Uuid;

pub const PASSWORD: &str = "test-password-1";

pub struct TestApp {
    pub url: String,
    pub store: Store,
    pub client: Client,
    _guard: TempGuard,
}

/// A user with a bearer token.
#[derive(Clone)]
pub struct Who {
    pub id: Uuid,
    pub email: String,
    pub token: String,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        let (store, guard) = fresh_store().await.expect("store");
        // beside the SQLite file (removed with it); on PostgreSQL a temporary directory
        let search_dir = guard.dir().map(|d| d.join("search")).unwrap_or_else(|| {
            std::env::temp_dir().join(format!("purser-test-search-{}", Uuid::now_v7().simple()))
        });
        let index = purser_app::search::start(&store, &search_dir)
            .await
            .expect("search index");
        let state = purser_web::state::AppState::new(store.clone(), false).with_search(index);
        let app = purser_web::app(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let limits = purser_web::server::Limits::default();
            purser_web::server::serve(listener, app, limits, std::future::pending())
                .await
                .unwrap();
        });
        let client = Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        TestApp {
            url: format!("http://{addr}"),
            store,
            client,
            _guard: guard,
        }
    }

    /// Creates a user (through the use case, as an admin would) and a token for it.
    pub async fn user(
        &self,
        email: &str,
        role: Role,
        department: Option<Department>,
        customer: Option<Uuid>,
    ) -> Who {
        let ctx = Ctx::system("test");
        let department_id = match department {
            Some(kind) => Some(
                admin::add_department(
                    &self.store,
                    &ctx,
                    DepartmentInput {
                        name: format!("{kind} {email}"),
                        kind,
                        email: String::new(),
                    },
                )
                .await
                .unwrap()
                .id,
            ),
            None => None,
        };
        let u = admin::add_user(
            &self.store,
            &ctx,
            NewUserInput {
                email: email.into(),
                name: email.split('@').next().unwrap().into(),
                role,
                department_id,
                customer_id: customer,
                language: Language::En,
                password: PASSWORD.into(),
            },
        )
        .await
        .unwrap();
        let (_, token) = admin::create_token(&self.store, &ctx, u.id, "test")
            .await
            .unwrap();
        Who {
            id: u.id,
            email: email.into(),
            token,
        }
    }

    pub async fn customer(&self, name: &str) -> Uuid {
        let input: CustomerInput =
            serde_json::from_value(json!({ "legal_name": name, "main_office": "TWKHH" })).unwrap();
        book::create_customer(&self.store, &Ctx::system("test"), input)
            .await
            .unwrap()
            .id
    }

    pub fn req(&self, method: reqwest::Method, path: &str, who: &Who) -> reqwest::RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.url))
            .bearer_auth(&who.token)
    }

    pub async fn get(&self, path: &str, who: &Who) -> Response {
        self.req(reqwest::Method::GET, path, who)
            .send()
            .await
            .unwrap()
    }

    pub async fn post(&self, path: &str, who: &Who, body: &Value) -> Response {
        self.req(reqwest::Method::POST, path, who)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn patch(&self, path: &str, who: &Who, etag: &str, body: &Value) -> Response {
        self.req(reqwest::Method::PATCH, path, who)
            .header("If-Match", etag)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn delete(&self, path: &str, who: &Who) -> Response {
        self.req(reqwest::Method::DELETE, path, who)
            .send()
            .await
            .unwrap()
    }
}

pub async fn json_of(r: Response) -> Value {
    r.json().await.unwrap()
}

/// The field names of a problem document.
pub fn problem_fields(p: &Value) -> Vec<String> {
    p["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["field"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}
