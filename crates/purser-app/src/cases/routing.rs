//! Who owns a case: the team queue it lands in, the agent routing picks (the domain's
//! rules over live load, status, skills and absences), manual and bulk reassignment, and
//! what an absence does to the absent agent's open cases.

use super::{event, feed, is_desk, is_supervisor, require, visible_case};
use crate::book::record;
use crate::{AppError, Ctx, Result};
use purser_domain::cases::AgentStatus;
use purser_domain::cases::routing::{self as rules, Candidate, Decision, Need};
use purser_domain::customers::Tier;
use purser_domain::roles::{CustomerScope, Role};
use purser_store::cases::{self, Case};
use purser_store::teams::{self, Team};
use purser_store::{Db, Store, Tx, follow_ups, notifications, now_micros, sea_query::Expr, users};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// The team whose lanes or tiers fit the case best; a team that names neither is a
/// catch-all, and a case that names no lane fits any team. None when no team fits.
pub(crate) async fn team_for(
    db: &mut impl Db,
    lane: Option<&str>,
    tier: Option<Tier>,
) -> Result<Option<Uuid>> {
    let all = teams::all(db).await?;
    let lane = lane.map(|l| l.trim().to_uppercase());
    let score = |t: &Team| -> i32 {
        let lane_hit = lane
            .as_ref()
            .is_some_and(|l| t.lanes.iter().any(|x| x.eq_ignore_ascii_case(l)));
        let tier_hit = tier.is_some_and(|x| t.tiers.contains(&x));
        // a case that names no lane (or has no customer tier) may go to any team
        let lane_miss = lane.is_some() && !t.lanes.is_empty() && !lane_hit;
        let tier_miss = tier.is_some() && !t.tiers.is_empty() && !tier_hit;
        if lane_miss || tier_miss {
            return -1;
        }
        (lane_hit as i32) * 2 + tier_hit as i32
    };
    Ok(all
        .iter()
        .filter(|t| score(t) >= 0)
        .max_by_key(|t| (score(t), std::cmp::Reverse(t.name.clone())))
        .map(|t| t.id))
}

/// The routing candidates of a team: its members, and its overflow team's members flagged
/// as overflow, with their load, status, skills and absences now.
pub(crate) async fn candidates(db: &mut impl Db, team: &Team, now: i64) -> Result<Vec<Candidate>> {
    let mut ids: Vec<(Uuid, bool)> = teams::members(db, team.id)
        .await?
        .into_iter()
        .map(|u| (u, false))
        .collect();
    if let Some(o) = team.overflow_team_id {
        for u in teams::members(db, o).await? {
            if !ids.iter().any(|(x, _)| *x == u) {
                ids.push((u, true));
            }
        }
    }
    let just: Vec<Uuid> = ids.iter().map(|(u, _)| *u).collect();
    let profiles = teams::profiles(db, &just).await?;
    let loads = cases::open_counts(db, &just).await?;
    let absent = teams::absent_at(db, &just, now).await?;
    let mut out = Vec::with_capacity(ids.len());
    for ((u, overflow), p) in ids.iter().zip(profiles) {
        let user = users::get(db, *u).await?;
        if !user.active || !matches!(user.role, Role::Agent | Role::Supervisor) {
            continue;
        }
        out.push(Candidate {
            user_id: *u,
            status: p.status,
            absent: absent.iter().any(|a| a.user_id == *u),
            open_cases: loads
                .iter()
                .find(|(x, _)| x == u)
                .map_or(0, |(_, n)| *n as u32),
            capacity: p.capacity.max(0) as u32,
            languages: p.languages,
            lanes: p.lanes,
            case_types: p.case_types,
            last_assigned_at: p.last_assigned_at.map(super::clocks::ts),
            overflow: *overflow,
        });
    }
    Ok(out)
}

/// Routes a new (or returned) case and writes the decision and its reason.
pub(crate) async fn route_case(
    tx: &mut Tx,
    ctx: &Ctx,
    case: Case,
    owner: Option<Uuid>,
    now: i64,
) -> Result<Case> {
    let Some(team_id) = case.team_id else {
        return set_owner(
            tx,
            ctx,
            &case,
            None,
            "no team takes this case; waiting for a supervisor",
            now,
        )
        .await;
    };
    let team = teams::get(tx, team_id).await?;
    let cands = candidates(tx, &team, now).await?;
    let need = Need {
        account_owner: owner,
        language: case.language,
        lane: case.lane.clone(),
        case_type: case.case_type,
        busy_period: team.busy_period,
    };
    let Decision { user_id, reason } = rules::route(&need, &cands);
    set_owner(
        tx,
        ctx,
        &case,
        user_id,
        &format!("{} — {reason}", team.name),
        now,
    )
    .await
}

/// Writes an owner (or none: back to the queue) with its reason, tells the new owner, and
/// moves the case's open promises to them.
pub(crate) async fn set_owner(
    tx: &mut Tx,
    ctx: &Ctx,
    case: &Case,
    to: Option<Uuid>,
    reason: &str,
    now: i64,
) -> Result<Case> {
    let after = cases::update(
        tx,
        case.id,
        None,
        vec![
            ("assignee_id", Expr::val(to)),
            ("assign_reason", Expr::val(reason)),
        ],
    )
    .await?;
    if let Some(u) = to {
        teams::touch_assigned(tx, u, now).await?;
        follow_ups::reassign_open(tx, case.id, u).await?;
        if Some(u) != ctx.actor_id() {
            notifications::insert(
                tx,
                u,
                "case_assigned",
                &format!("{} is yours", after.number),
                &after.subject,
                &format!("/cases/{}", after.id),
            )
            .await?;
        }
    }
    let who = match to {
        Some(u) => users::get(tx, u).await.map(|x| x.name).unwrap_or_default(),
        None => "the team queue".into(),
    };
    event(tx, case.id, &format!("assigned to {who}: {reason}"), now).await?;
    if case.assignee_id != to {
        record(
            tx,
            ctx,
            "assign",
            "case",
            case.id,
            case.customer_id,
            Some(case),
            Some(&after),
        )
        .await?;
    }
    Ok(after)
}

/// A staff member who can own cases now, or a clear error naming why not.
async fn assignable(db: &mut impl Db, user: Uuid, now: i64) -> Result<String> {
    let u = users::get(db, user)
        .await
        .map_err(|_| AppError::field("assignee_id", "no such user"))?;
    if !u.active || !matches!(u.role, Role::Agent | Role::Supervisor | Role::Admin) {
        return Err(AppError::field("assignee_id", "is not an active agent"));
    }
    if !teams::absent_at(db, &[user], now).await?.is_empty() {
        return Err(AppError::field(
            "assignee_id",
            &format!("{} is absent", u.name),
        ));
    }
    Ok(u.name)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignInput {
    /// The new owner; null returns the case to its team's queue.
    pub assignee_id: Option<Uuid>,
    #[serde(default)]
    pub team_id: Option<Uuid>,
    #[serde(default)]
    pub reason: Option<String>,
    /// Let routing choose again within the team.
    #[serde(default)]
    pub auto: bool,
}

/// Assigns one case by hand (or back to routing), saying why.
pub async fn assign(store: &Store, ctx: &Ctx, id: Uuid, input: AssignInput) -> Result<Case> {
    require(is_desk(ctx))?;
    let now = now_micros();
    let mut tx = store.begin().await?;
    let mut case = visible_case(&mut tx, ctx, id).await?;
    let after = assign_in(&mut tx, ctx, &mut case, &input, now).await?;
    tx.commit().await?;
    feed::publish(id, &after.number, "assigned");
    Ok(after)
}

async fn assign_in(
    tx: &mut Tx,
    ctx: &Ctx,
    case: &mut Case,
    input: &AssignInput,
    now: i64,
) -> Result<Case> {
    if let Some(t) = input.team_id
        && case.team_id != Some(t)
    {
        let team = teams::get(tx, t)
            .await
            .map_err(|_| AppError::field("team_id", "no such team"))?;
        *case = cases::update(tx, case.id, None, vec![("team_id", Expr::val(team.id))]).await?;
    }
    let by = ctx.name().to_string();
    if input.auto {
        let owner = match case.customer_id {
            Some(c) => {
                purser_store::customers::get(tx, c, &CustomerScope::All)
                    .await?
                    .account_owner_id
            }
            None => None,
        };
        return route_case(tx, ctx, case.clone(), owner, now).await;
    }
    let reason = input.reason.clone().filter(|r| !r.trim().is_empty());
    match input.assignee_id {
        Some(u) => {
            assignable(tx, u, now).await?;
            let why = reason.unwrap_or_else(|| "assigned by hand".into());
            set_owner(tx, ctx, case, Some(u), &format!("{why} ({by})"), now).await
        }
        None => {
            let why = reason.unwrap_or_else(|| "returned to the queue".into());
            set_owner(tx, ctx, case, None, &format!("{why} ({by})"), now).await
        }
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkAssignInput {
    pub case_ids: Vec<Uuid>,
    #[serde(flatten)]
    pub assign: AssignInput,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BulkResult {
    pub assigned: Vec<Case>,
}

/// A supervisor moves many cases at once; all or nothing.
pub async fn bulk_assign(store: &Store, ctx: &Ctx, input: BulkAssignInput) -> Result<BulkResult> {
    require(is_supervisor(ctx))?;
    if input.case_ids.is_empty() || input.case_ids.len() > 500 {
        return Err(AppError::field("case_ids", "give 1 to 500 case ids"));
    }
    let now = now_micros();
    let mut tx = store.begin().await?;
    let mut done = Vec::new();
    for (i, id) in input.case_ids.iter().enumerate() {
        let mut case = visible_case(&mut tx, ctx, *id)
            .await
            .map_err(|_| AppError::field(&format!("case_ids/{i}"), "no such case"))?;
        done.push(assign_in(&mut tx, ctx, &mut case, &input.assign, now).await?);
    }
    tx.commit().await?;
    for c in &done {
        feed::publish(c.id, &c.number, "assigned");
    }
    Ok(BulkResult { assigned: done })
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AbsenceInput {
    pub user_id: Uuid,
    /// RFC 3339 times.
    pub starts_at: String,
    pub ends_at: String,
    #[serde(default)]
    pub substitute_id: Option<Uuid>,
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AbsenceResult {
    pub absence: teams::Absence,
    /// Cases moved to the substitute or back to routing, with their new owners.
    pub moved: Vec<Case>,
}

pub(crate) fn parse_time(field: &str, s: &str) -> Result<i64> {
    s.parse::<jiff::Timestamp>()
        .map(|t| t.as_microsecond())
        .map_err(|_| {
            AppError::field(
                field,
                "must be an RFC 3339 time such as 2026-11-23T09:00:00+08:00",
            )
        })
}

/// Records an absence; if it has begun, the agent's open cases go to the substitute, or
/// are routed again within their team — none is left with an absent owner.
pub async fn add_absence(store: &Store, ctx: &Ctx, input: AbsenceInput) -> Result<AbsenceResult> {
    require(is_supervisor(ctx) || (is_desk(ctx) && ctx.actor.user_id == input.user_id))?;
    let starts = parse_time("starts_at", &input.starts_at)?;
    let ends = parse_time("ends_at", &input.ends_at)?;
    if ends <= starts {
        return Err(AppError::field("ends_at", "must be after starts_at"));
    }
    let now = now_micros();
    let mut tx = store.begin().await?;
    users::get(&mut tx, input.user_id)
        .await
        .map_err(|_| AppError::field("user_id", "no such user"))?;
    if let Some(s) = input.substitute_id {
        if s == input.user_id {
            return Err(AppError::field(
                "substitute_id",
                "cannot be the absent agent",
            ));
        }
        assignable(&mut tx, s, starts.max(now))
            .await
            .map_err(|_| AppError::field("substitute_id", "is not an available agent"))?;
    }
    let absence = teams::add_absence(
        &mut tx,
        input.user_id,
        starts,
        ends,
        input.substitute_id,
        input.reason.trim(),
    )
    .await?;
    record(
        &mut tx,
        ctx,
        "create",
        "absence",
        absence.id,
        None,
        None::<&()>,
        Some(&absence),
    )
    .await?;
    let moved = if starts <= now {
        release_cases(&mut tx, ctx, input.user_id, input.substitute_id, now).await?
    } else {
        vec![]
    };
    tx.commit().await?;
    for c in &moved {
        feed::publish(c.id, &c.number, "assigned");
    }
    Ok(AbsenceResult { absence, moved })
}

/// Moves every active case of `user` to `substitute`, or back through routing.
pub(crate) async fn release_cases(
    tx: &mut Tx,
    ctx: &Ctx,
    user: Uuid,
    substitute: Option<Uuid>,
    now: i64,
) -> Result<Vec<Case>> {
    let mut moved = Vec::new();
    loop {
        let batch = cases::active_of(tx, user, 200).await?;
        if batch.is_empty() {
            break;
        }
        for case in batch {
            let after = match substitute {
                Some(s) => {
                    set_owner(
                        tx,
                        ctx,
                        &case,
                        Some(s),
                        "substitute for an absent agent",
                        now,
                    )
                    .await?
                }
                None => {
                    let cleared = set_owner(tx, ctx, &case, None, "owner absent", now).await?;
                    let owner = match cleared.customer_id {
                        Some(c) => purser_store::customers::get(tx, c, &CustomerScope::All)
                            .await?
                            .account_owner_id
                            .filter(|o| *o != user),
                        None => None,
                    };
                    route_case(tx, ctx, cleared, owner, now).await?
                }
            };
            if after.assignee_id == Some(user) {
                // routing found nobody else and the absent agent is excluded by the rules:
                // leave it in the queue rather than loop
                set_owner(tx, ctx, &after, None, "owner absent; nobody available", now).await?;
            }
            moved.push(cases::get(tx, after.id, &CustomerScope::All).await?);
        }
    }
    Ok(moved)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusInput {
    pub status: AgentStatus,
}

/// An agent sets their own status (a supervisor anyone's). Going off shift does not move
/// cases by itself: the shift hand-over does that.
pub async fn set_agent_status(
    store: &Store,
    ctx: &Ctx,
    user: Uuid,
    status: AgentStatus,
) -> Result<teams::AgentProfile> {
    require(is_supervisor(ctx) || (is_desk(ctx) && ctx.actor.user_id == user))?;
    let mut tx = store.begin().await?;
    users::get(&mut tx, user).await?;
    let mut p = teams::profiles(&mut tx, &[user]).await?.remove(0);
    let before = p.clone();
    p.status = status;
    teams::save_profile(&mut tx, &p).await?;
    record(
        &mut tx,
        ctx,
        "update",
        "agent_profile",
        user,
        None,
        Some(&before),
        Some(&p),
    )
    .await?;
    tx.commit().await?;
    Ok(p)
}
