//! Teams (the queues), their members, agents' routing profiles and absences.

use crate::db::Db;
use crate::rows::{self, Values, json};
use crate::{Result, new_id, now_micros};
use purser_domain::cases::{AgentStatus, CaseType};
use purser_domain::customers::{Language, Tier};
use purser_domain::roles::Role;
use sea_query::{Asterisk, Cond, Expr, ExprTrait, OnConflict, Order, Query};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Team {
    pub id: Uuid,
    pub name: String,
    /// The team's mailbox: the From of its replies.
    pub email: Option<String>,
    /// Trade lanes it serves (e.g. `TW-US`); empty serves all.
    #[sqlx(json)]
    pub lanes: Vec<String>,
    #[sqlx(json)]
    pub regions: Vec<String>,
    #[sqlx(json)]
    pub tiers: Vec<Tier>,
    pub overflow_team_id: Option<Uuid>,
    /// When on, the overflow team's agents take this team's cases too.
    pub busy_period: bool,
    pub calendar_id: Option<Uuid>,
    /// IANA zone its members read times in unless they chose their own.
    pub time_zone: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamInput {
    pub name: String,
    #[serde(default)]
    #[schema(format = Email)]
    pub email: Option<String>,
    #[serde(default)]
    pub lanes: Vec<String>,
    #[serde(default)]
    pub regions: Vec<String>,
    #[serde(default)]
    pub tiers: Vec<Tier>,
    #[serde(default)]
    pub overflow_team_id: Option<Uuid>,
    #[serde(default)]
    pub busy_period: bool,
    #[serde(default)]
    pub calendar_id: Option<Uuid>,
    /// IANA zone (e.g. `Asia/Taipei`) its members read times in by default.
    #[serde(default)]
    pub time_zone: Option<String>,
}

fn team_values(t: &TeamInput) -> Values {
    vec![
        ("name", Expr::val(t.name.trim())),
        ("email", Expr::val(t.email.clone())),
        ("lanes", json(&t.lanes)),
        ("regions", json(&t.regions)),
        ("tiers", json(&t.tiers)),
        ("overflow_team_id", Expr::val(t.overflow_team_id)),
        ("busy_period", Expr::val(t.busy_period)),
        ("calendar_id", Expr::val(t.calendar_id)),
        (
            "time_zone",
            Expr::val(
                t.time_zone
                    .as_deref()
                    .map(str::trim)
                    .filter(|z| !z.is_empty())
                    .map(str::to_string),
            ),
        ),
    ]
}

pub async fn insert(db: &mut impl Db, t: &TeamInput) -> Result<Team> {
    let id = new_id();
    rows::insert_versioned(db, "teams", id, team_values(t)).await?;
    get(db, id).await
}

pub async fn update(
    db: &mut impl Db,
    id: Uuid,
    expected: Option<i64>,
    t: &TeamInput,
) -> Result<Team> {
    rows::update_versioned(db, "teams", id, expected, team_values(t)).await?;
    get(db, id).await
}

pub async fn set_busy(db: &mut impl Db, id: Uuid, busy: bool) -> Result<Team> {
    rows::update_versioned(
        db,
        "teams",
        id,
        None,
        vec![("busy_period", Expr::val(busy))],
    )
    .await?;
    get(db, id).await
}

pub async fn get(db: &mut impl Db, id: Uuid) -> Result<Team> {
    let q = Query::select()
        .column(Asterisk)
        .from("teams")
        .and_where(Expr::col("id").eq(id))
        .take();
    db.fetch_one(&q).await
}

pub async fn all(db: &mut impl Db) -> Result<Vec<Team>> {
    let q = Query::select()
        .column(Asterisk)
        .from("teams")
        .order_by("name", Order::Asc)
        .take();
    db.fetch_all(&q).await
}

pub async fn add_member(db: &mut impl Db, team_id: Uuid, user_id: Uuid) -> Result<()> {
    let q = Query::insert()
        .into_table("team_members")
        .columns(["team_id", "user_id"])
        .values_panic([Expr::val(team_id), Expr::val(user_id)])
        .on_conflict(
            OnConflict::columns(["team_id", "user_id"])
                .do_nothing()
                .to_owned(),
        )
        .take();
    db.execute(&q).await?;
    Ok(())
}

pub async fn remove_member(db: &mut impl Db, team_id: Uuid, user_id: Uuid) -> Result<u64> {
    let q = Query::delete()
        .from_table("team_members")
        .and_where(Expr::col("team_id").eq(team_id))
        .and_where(Expr::col("user_id").eq(user_id))
        .take();
    db.execute(&q).await
}

pub async fn members(db: &mut impl Db, team_id: Uuid) -> Result<Vec<Uuid>> {
    let q = Query::select()
        .column("user_id")
        .from("team_members")
        .and_where(Expr::col("team_id").eq(team_id))
        .take();
    let rows: Vec<(Uuid,)> = db.fetch_all(&q).await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// Every team's members as (team, user) pairs, in one statement (the team list).
pub async fn all_members(db: &mut impl Db) -> Result<Vec<(Uuid, Uuid)>> {
    let q = Query::select()
        .columns(["team_id", "user_id"])
        .from("team_members")
        .order_by("team_id", Order::Asc)
        .order_by("user_id", Order::Asc)
        .take();
    db.fetch_all(&q).await
}

pub async fn teams_of(db: &mut impl Db, user_id: Uuid) -> Result<Vec<Uuid>> {
    let q = Query::select()
        .column("team_id")
        .from("team_members")
        .and_where(Expr::col("user_id").eq(user_id))
        .take();
    let rows: Vec<(Uuid,)> = db.fetch_all(&q).await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// How an agent takes work: status, how many active cases at most, and skills.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow, ToSchema)]
pub struct AgentProfile {
    pub user_id: Uuid,
    #[sqlx(try_from = "String")]
    pub status: AgentStatus,
    pub capacity: i64,
    #[sqlx(json)]
    pub languages: Vec<Language>,
    #[sqlx(json)]
    pub lanes: Vec<String>,
    #[sqlx(json)]
    pub case_types: Vec<CaseType>,
    pub last_assigned_at: Option<i64>,
    pub updated_at: i64,
}

impl AgentProfile {
    /// The profile of an agent nobody configured: available, 25 cases, every skill.
    pub fn default_for(user_id: Uuid) -> AgentProfile {
        AgentProfile {
            user_id,
            status: AgentStatus::Available,
            capacity: 25,
            languages: vec![],
            lanes: vec![],
            case_types: vec![],
            last_assigned_at: None,
            updated_at: 0,
        }
    }
}

pub async fn save_profile(db: &mut impl Db, p: &AgentProfile) -> Result<()> {
    let q = Query::insert()
        .into_table("agent_profiles")
        .columns([
            "user_id",
            "status",
            "capacity",
            "languages",
            "lanes",
            "case_types",
            "last_assigned_at",
            "updated_at",
        ])
        .values_panic([
            Expr::val(p.user_id),
            Expr::val(p.status.as_str()),
            Expr::val(p.capacity),
            json(&p.languages),
            json(&p.lanes),
            json(&p.case_types),
            Expr::val(p.last_assigned_at),
            Expr::val(now_micros()),
        ])
        .on_conflict(
            OnConflict::column("user_id")
                .update_columns([
                    "status",
                    "capacity",
                    "languages",
                    "lanes",
                    "case_types",
                    "updated_at",
                ])
                .to_owned(),
        )
        .take();
    db.execute(&q).await?;
    Ok(())
}

pub async fn touch_assigned(db: &mut impl Db, user_id: Uuid, at: i64) -> Result<()> {
    let q = Query::update()
        .table("agent_profiles")
        .value("last_assigned_at", Expr::val(at))
        .and_where(Expr::col("user_id").eq(user_id))
        .take();
    db.defer(&q).await?;
    Ok(())
}

/// Profiles of these users; users without one get [`AgentProfile::default_for`].
pub async fn profiles(db: &mut impl Db, users: &[Uuid]) -> Result<Vec<AgentProfile>> {
    if users.is_empty() {
        return Ok(vec![]);
    }
    let q = Query::select()
        .column(Asterisk)
        .from("agent_profiles")
        .and_where(Expr::col("user_id").is_in(users.to_vec()))
        .take();
    let found: Vec<AgentProfile> = db.fetch_all(&q).await?;
    Ok(users
        .iter()
        .map(|u| {
            found
                .iter()
                .find(|p| p.user_id == *u)
                .cloned()
                .unwrap_or_else(|| AgentProfile::default_for(*u))
        })
        .collect())
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Absence {
    pub id: Uuid,
    pub user_id: Uuid,
    pub starts_at: i64,
    pub ends_at: i64,
    pub substitute_id: Option<Uuid>,
    pub reason: String,
    pub created_at: i64,
}

pub async fn add_absence(
    db: &mut impl Db,
    user_id: Uuid,
    starts_at: i64,
    ends_at: i64,
    substitute_id: Option<Uuid>,
    reason: &str,
) -> Result<Absence> {
    let id = new_id();
    rows::insert(
        db,
        "absences",
        vec![
            ("id", Expr::val(id)),
            ("user_id", Expr::val(user_id)),
            ("starts_at", Expr::val(starts_at)),
            ("ends_at", Expr::val(ends_at)),
            ("substitute_id", Expr::val(substitute_id)),
            ("reason", Expr::val(reason)),
            ("created_at", Expr::val(now_micros())),
        ],
    )
    .await?;
    let q = Query::select()
        .column(Asterisk)
        .from("absences")
        .and_where(Expr::col("id").eq(id))
        .take();
    db.fetch_one(&q).await
}

/// Absences of these users that cover the instant `at`.
pub async fn absent_at(db: &mut impl Db, users: &[Uuid], at: i64) -> Result<Vec<Absence>> {
    if users.is_empty() {
        return Ok(vec![]);
    }
    let q = Query::select()
        .column(Asterisk)
        .from("absences")
        .and_where(Expr::col("user_id").is_in(users.to_vec()))
        .cond_where(
            Cond::all()
                .add(Expr::col("starts_at").lte(at))
                .add(Expr::col("ends_at").gt(at)),
        )
        .take();
    db.fetch_all(&q).await
}

pub async fn absences_of(db: &mut impl Db, user_id: Uuid) -> Result<Vec<Absence>> {
    let q = Query::select()
        .column(Asterisk)
        .from("absences")
        .and_where(Expr::col("user_id").eq(user_id))
        .and_where(Expr::col("ends_at").gt(now_micros()))
        .order_by("starts_at", Order::Asc)
        .take();
    db.fetch_all(&q).await
}

/// A member of a team as routing weighs them at one instant: who they are, their profile
/// (or [`AgentProfile::default_for`]), how many active cases they own and whether an
/// absence covers the instant.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberLoad {
    pub team_id: Uuid,
    pub name: String,
    pub role: Role,
    pub active: bool,
    pub profile: AgentProfile,
    /// Active cases assigned.
    pub open_cases: i64,
    pub absent: bool,
}

#[derive(sqlx::FromRow)]
struct MemberLoadRow {
    team_id: Uuid,
    user_id: Uuid,
    name: String,
    role: String,
    active: bool,
    status: Option<String>,
    capacity: Option<i64>,
    #[sqlx(json(nullable))]
    languages: Option<Vec<Language>>,
    #[sqlx(json(nullable))]
    lanes: Option<Vec<String>>,
    #[sqlx(json(nullable))]
    case_types: Option<Vec<CaseType>>,
    last_assigned_at: Option<i64>,
    profile_updated_at: Option<i64>,
    open_cases: i64,
    absent: bool,
}

/// The members of these teams with their live load, in one statement (a routing decision
/// reads this instead of one query per member); ordered by team as given, then user id.
pub async fn member_loads(db: &mut impl Db, team_ids: &[Uuid], at: i64) -> Result<Vec<MemberLoad>> {
    if team_ids.is_empty() {
        return Ok(vec![]);
    }
    let absent = Query::select()
        .expr(Expr::val(1))
        .from_as("absences", "a")
        .and_where(Expr::col(("a", "user_id")).equals(("m", "user_id")))
        .and_where(Expr::col(("a", "starts_at")).lte(at))
        .and_where(Expr::col(("a", "ends_at")).gt(at))
        .take();
    let q = Query::select()
        .column(("m", "team_id"))
        .column(("m", "user_id"))
        .column(("u", "name"))
        .column(("u", "role"))
        .column(("u", "active"))
        .column(("p", "status"))
        .column(("p", "capacity"))
        .column(("p", "languages"))
        .column(("p", "lanes"))
        .column(("p", "case_types"))
        .column(("p", "last_assigned_at"))
        .expr_as(Expr::col(("p", "updated_at")), "profile_updated_at")
        // kept by the database's triggers (see schema_loads): one row, not a count
        .expr_as(Expr::col(("l", "open_cases")).if_null(0i64), "open_cases")
        .expr_as(Expr::exists(absent), "absent")
        .from_as("team_members", "m")
        .join_as(
            sea_query::JoinType::InnerJoin,
            "users",
            "u",
            Expr::col(("u", "id")).equals(("m", "user_id")),
        )
        .join_as(
            sea_query::JoinType::LeftJoin,
            "agent_profiles",
            "p",
            Expr::col(("p", "user_id")).equals(("m", "user_id")),
        )
        .join_as(
            sea_query::JoinType::LeftJoin,
            "agent_loads",
            "l",
            Expr::col(("l", "user_id")).equals(("m", "user_id")),
        )
        .and_where(Expr::col(("m", "team_id")).is_in(team_ids.to_vec()))
        .order_by(("m", "user_id"), Order::Asc)
        .take();
    let rows: Vec<MemberLoadRow> = db.fetch_all(&q).await?;
    let mut out = Vec::with_capacity(rows.len());
    for team in team_ids {
        for r in rows.iter().filter(|r| r.team_id == *team) {
            let mut profile = AgentProfile::default_for(r.user_id);
            if let Some(updated_at) = r.profile_updated_at {
                profile = AgentProfile {
                    user_id: r.user_id,
                    status: r
                        .status
                        .clone()
                        .and_then(|s| AgentStatus::try_from(s).ok())
                        .unwrap_or_default(),
                    capacity: r.capacity.unwrap_or(profile.capacity),
                    languages: r.languages.clone().unwrap_or_default(),
                    lanes: r.lanes.clone().unwrap_or_default(),
                    case_types: r.case_types.clone().unwrap_or_default(),
                    last_assigned_at: r.last_assigned_at,
                    updated_at,
                };
            }
            out.push(MemberLoad {
                team_id: r.team_id,
                name: r.name.clone(),
                role: Role::try_from(r.role.clone()).map_err(crate::StoreError::Corrupt)?,
                active: r.active,
                profile,
                open_cases: r.open_cases,
                absent: r.absent,
            });
        }
    }
    Ok(out)
}
