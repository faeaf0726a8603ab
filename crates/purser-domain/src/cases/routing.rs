//! Who gets a new case (STUB: being written).

use super::{AgentStatus, CaseType};
use crate::customers::Language;
use jiff::Timestamp;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub user_id: Uuid,
    pub status: AgentStatus,
    pub absent: bool,
    pub open_cases: u32,
    pub capacity: u32,
    pub languages: Vec<Language>,
    pub lanes: Vec<String>,
    pub case_types: Vec<CaseType>,
    pub last_assigned_at: Option<Timestamp>,
    pub overflow: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    pub account_owner: Option<Uuid>,
    pub language: Language,
    pub lane: Option<String>,
    pub case_type: CaseType,
    pub busy_period: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub user_id: Option<Uuid>,
    pub reason: String,
}

pub fn route(_need: &Need, _candidates: &[Candidate]) -> Decision {
    todo!()
}
