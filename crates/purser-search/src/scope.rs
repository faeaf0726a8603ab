//! Who is searching, as a query clause: the engine never returns, scores or counts a
//! document outside the searcher's scope, because the scope is part of the query itself.

use tantivy::Term;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use uuid::Uuid;

use crate::doc::{SearchDoc, Visibility};
use crate::schema::Fields;

/// What an actor may find. The web layer makes it from the signed-in user.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Admins, supervisors, agents: everything, internal notes included.
    Staff,
    /// A department user: only documents that list the department (cases it has a task
    /// on and what belongs to them), never a staff-only document. By the department's
    /// stored name (`finance`, `logistics`, …).
    Department(String),
    /// A customer's user: that customer's customer-visible documents, and public ones.
    Customer(Uuid),
}

impl Scope {
    /// Whether the scope may see `doc`: the rule the query clause enforces, said once in
    /// plain Rust (the property tests hold the engine to it).
    pub fn allows(&self, doc: &SearchDoc) -> bool {
        match self {
            Scope::Staff => true,
            Scope::Department(dept) => {
                doc.visibility != Visibility::Staff && doc.departments.iter().any(|d| d == dept)
            }
            Scope::Customer(customer) => match doc.visibility {
                Visibility::Public => true,
                Visibility::Customer => doc.customer_id == Some(*customer),
                Visibility::Staff => false,
            },
        }
    }

    /// The clauses to add to a query (MUST or MUST_NOT), none for staff.
    pub(crate) fn clauses(&self, fields: &Fields) -> Vec<(Occur, Box<dyn Query>)> {
        let visibility = |v: Visibility| term(fields.visibility, v.as_str());
        match self {
            Scope::Staff => Vec::new(),
            Scope::Department(dept) => vec![
                (Occur::Must, unscored(term(fields.dept, dept))),
                (Occur::MustNot, visibility(Visibility::Staff)),
            ],
            Scope::Customer(customer) => {
                let own = BooleanQuery::new(vec![
                    (Occur::Must, term(fields.customer, &customer.to_string())),
                    (Occur::Must, visibility(Visibility::Customer)),
                ]);
                let either = BooleanQuery::new(vec![
                    (Occur::Should, Box::new(own) as Box<dyn Query>),
                    (Occur::Should, visibility(Visibility::Public)),
                ]);
                vec![(Occur::Must, unscored(Box::new(either)))]
            }
        }
    }
}

pub(crate) fn term(field: tantivy::schema::Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

/// A clause that only filters: it adds nothing to the score, so who searches never
/// changes the order of what they find.
pub(crate) fn unscored(query: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(query, 0.0))
}
