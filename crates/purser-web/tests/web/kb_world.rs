//! The people the knowledge-base tests act as, and an article written through the API.

use crate::common::*;
use crate::pages_world::{created, id};
use purser_domain::roles::{Department, Role};
use serde_json::Value;
use uuid::Uuid;

/// A supervisor (publishes), an agent, a finance department user, and a customer user of
/// Alpha Trading.
pub struct KbPeople {
    pub sup: Who,
    pub amy: Who,
    pub leo: Who,
    pub customer: Uuid,
    pub cust: Who,
}

pub async fn people(app: &TestApp) -> KbPeople {
    let sup = app
        .user("sue@line.test", Role::Supervisor, None, None)
        .await;
    let amy = app.user("amy@line.test", Role::Agent, None, None).await;
    let leo = app
        .user(
            "leo@line.test",
            Role::Department,
            Some(Department::Finance),
            None,
        )
        .await;
    let customer = app.customer("Alpha Trading").await;
    let cust = app
        .user("wei@alpha.test", Role::Customer, None, Some(customer))
        .await;
    KbPeople {
        sup,
        amy,
        leo,
        customer,
        cust,
    }
}

/// Writes an article as `who` and returns its id (the write must succeed).
pub async fn write_article(app: &TestApp, who: &Who, body: &Value) -> Uuid {
    id(&created(app.post("/api/v1/kb/articles", who, body).await, "article").await)
}
