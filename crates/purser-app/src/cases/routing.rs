//! Who owns a case: the team queue it lands in, the agent routing picks (the domain's
//! rules over live load, status, skills and absences), manual and bulk reassignment, and
//! what an absence does to the absent agent's open cases.

use super::{event, feed, is_desk, is_supervisor, require, visible_case};
use crate::audit::Audit;
use crate::{AppError, Ctx, Result};
use purser_domain::cases::AgentStatus;
use purser_domain::cases::calendar::BusinessCalendar;
use purser_domain::cases::routing::{self as rules, Candidate, Decision, Need};
use purser_domain::customers::Tier;
use purser_domain::roles::{CustomerScope, Role};
use purser_store::cases::{self, Case};
use purser_store::sla::{self, Policy};
use purser_store::teams::{self, Team};
use purser_store::{Db, Store, Tx, follow_ups, notifications, now_micros, sea_query::Expr, users};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use utoipa::ToSchema;
use uuid::Uuid;

/// The desk's configuration as opening a case reads it — teams, SLA policies and business
/// calendars — read once per transaction and shared by every case opened in it (a mail
/// import files many cases per transaction). Team members and their load are not part of
/// it: routing reads those live, in one statement ([`teams::member_loads`]).
pub(crate) struct Desk {
    pub teams: Vec<Team>,
    pub policies: Vec<Policy>,
    calendars: Vec<(Uuid, BusinessCalendar)>,
    always_open: BusinessCalendar,
}

impl Desk {
    pub async fn load(db: &mut impl Db) -> Result<Desk> {
        let teams = teams::all(db).await?;
        let policies = sla::policies(db).await?;
        let calendars = sla::calendars(db)
            .await?
            .into_iter()
            .map(|row| {
                let cal = BusinessCalendar::from_spec(&row.spec).unwrap_or_else(|_| {
                    tracing::warn!(calendar = %row.id, "stored calendar no longer valid; counting 24x7");
                    BusinessCalendar::always_open()
                });
                (row.id, cal)
            })
            .collect();
        Ok(Desk {
            teams,
            policies,
            calendars,
            always_open: BusinessCalendar::always_open(),
        })
    }

    /// The desk as it is now: this process's copy while the configuration's
    /// [`sla::desk_fingerprint`] stays the same (one small read instead of three reads and
    /// every calendar parsed again for each case filed), else read afresh.
    pub async fn current(store: &Store, db: &mut impl Db) -> Result<Arc<Desk>> {
        type Copies = Mutex<HashMap<u64, (sla::DeskMark, Arc<Desk>)>>;
        static COPIES: LazyLock<Copies> = LazyLock::new(Default::default);
        let mark = sla::desk_fingerprint(db).await?;
        if let Some((seen, desk)) = COPIES
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&store.id())
            && *seen == mark
        {
            return Ok(desk.clone());
        }
        // read after the mark: a change in between only makes the next mark differ
        let desk = Arc::new(Desk::load(db).await?);
        COPIES
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(store.id(), (mark, desk.clone()));
        Ok(desk)
    }

    /// Loads the desk into `slot` the first time a case needs it.
    pub async fn once<'a>(db: &mut impl Db, slot: &'a mut Option<Desk>) -> Result<&'a Desk> {
        Ok(match slot {
            Some(d) => d,
            None => slot.insert(Desk::load(db).await?),
        })
    }

    pub fn team(&self, id: Uuid) -> Option<&Team> {
        self.teams.iter().find(|t| t.id == id)
    }

    pub fn policy(&self, id: Uuid) -> Option<&Policy> {
        self.policies.iter().find(|p| p.id == id)
    }

    /// [`super::clocks::calendar_of`] from the desk; None when the case names a policy,
    /// team or calendar the desk does not hold (changed since it was read).
    pub fn calendar_of(&self, case: &Case) -> Option<(&BusinessCalendar, u8)> {
        let policy = match case.sla_policy_id {
            Some(id) => Some(self.policy(id)?),
            None => None,
        };
        let warn = policy.map_or(75, |p| p.warn_percent.clamp(1, 100) as u8);
        let mut cal_id = policy.and_then(|p| p.calendar_id);
        if cal_id.is_none()
            && let Some(team) = case.team_id
        {
            cal_id = self.team(team).and_then(|t| t.calendar_id);
        }
        let cal = match cal_id {
            Some(id) => &self.calendars.iter().find(|(c, _)| *c == id)?.1,
            None => &self.always_open,
        };
        Some((cal, warn))
    }
}

/// The team whose lanes or tiers fit the case best; a team that names neither is a
/// catch-all, and a case that names no lane fits any team. None when no team fits.
pub(crate) fn team_for(all: &[Team], lane: Option<&str>, tier: Option<Tier>) -> Option<Uuid> {
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
    all.iter()
        .filter(|t| score(t) >= 0)
        .max_by_key(|t| (score(t), std::cmp::Reverse(t.name.clone())))
        .map(|t| t.id)
}

/// The routing candidates of a team: its members, and its overflow team's members flagged
/// as overflow, with their load, status, skills and absences now (one statement), each
/// with the name an assignment is announced by.
pub(crate) async fn candidates(
    db: &mut impl Db,
    team: &Team,
    now: i64,
) -> Result<Vec<(Candidate, String)>> {
    let mut team_ids = vec![team.id];
    team_ids.extend(team.overflow_team_id.filter(|o| *o != team.id));
    let mut out: Vec<(Candidate, String)> = Vec::new();
    for m in teams::member_loads(db, &team_ids, now).await? {
        let u = m.profile.user_id;
        if out.iter().any(|(c, _)| c.user_id == u) {
            continue;
        }
        if !m.active || !matches!(m.role, Role::Agent | Role::Supervisor) {
            continue;
        }
        let p = m.profile;
        out.push((
            Candidate {
                user_id: u,
                status: p.status,
                absent: m.absent,
                open_cases: m.open_cases.max(0) as u32,
                capacity: p.capacity.max(0) as u32,
                languages: p.languages,
                lanes: p.lanes,
                case_types: p.case_types,
                last_assigned_at: p.last_assigned_at.map(super::clocks::ts),
                overflow: m.team_id != team.id,
            },
            m.name,
        ));
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
    let team = match case.team_id {
        Some(id) => Some(teams::get(tx, id).await?),
        None => None,
    };
    let (to, reason) = decide(tx, team.as_ref(), &case, owner, now).await?;
    let named = to.as_ref().map(|(u, n)| (*u, n.as_str()));
    owner_named(tx, ctx, &case, named, &reason, now).await
}

/// Who routing gives a case to (with the name it is announced by) and why, without
/// writing anything: the team's members and their live load are read in one statement.
pub(crate) async fn decide(
    db: &mut impl Db,
    team: Option<&Team>,
    case: &Case,
    owner: Option<Uuid>,
    now: i64,
) -> Result<(Option<(Uuid, String)>, String)> {
    let Some(team) = team else {
        return Ok((
            None,
            "no team takes this case; waiting for a supervisor".into(),
        ));
    };
    let cands = candidates(db, team, now).await?;
    let need = Need {
        account_owner: owner,
        language: case.language,
        lane: case.lane.clone(),
        case_type: case.case_type,
        busy_period: team.busy_period,
    };
    let just: Vec<Candidate> = cands.iter().map(|(c, _)| c.clone()).collect();
    let Decision { user_id, reason } = rules::route(&need, &just);
    let to = user_id.and_then(|u| {
        cands
            .into_iter()
            .find(|(c, _)| c.user_id == u)
            .map(|(_, name)| (u, name))
    });
    Ok((to, format!("{} — {reason}", team.name)))
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
    let named = match to {
        Some(u) => Some((
            u,
            users::get(tx, u).await.map(|x| x.name).unwrap_or_default(),
        )),
        None => None,
    };
    let named = named.as_ref().map(|(u, n)| (*u, n.as_str()));
    owner_named(tx, ctx, case, named, reason, now).await
}

/// [`set_owner`] with the new owner's name already known.
async fn owner_named(
    tx: &mut Tx,
    ctx: &Ctx,
    case: &Case,
    named: Option<(Uuid, &str)>,
    reason: &str,
    now: i64,
) -> Result<Case> {
    let to = named.map(|(u, _)| u);
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
        follow_ups::reassign_open(tx, case.id, u).await?;
    }
    announce_owner(tx, ctx, case, &after, named, now).await?;
    event(tx, case.id, &owner_sentence(named, reason), now).await?;
    Ok(after)
}

/// What follows a change of owner already written (`before` → `after`): the owner's
/// last-assigned time and notification, and the audit entry when the owner changed.
pub(crate) async fn announce_owner(
    tx: &mut Tx,
    ctx: &Ctx,
    before: &Case,
    after: &Case,
    named: Option<(Uuid, &str)>,
    now: i64,
) -> Result<()> {
    let to = named.map(|(u, _)| u);
    if let Some(u) = to {
        teams::touch_assigned(tx, u, now).await?;
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
    if before.assignee_id != to {
        Audit::that(ctx)
            .did("assign")
            .on("case", before.id)
            .for_customer(before.customer_id)
            .before(before)
            .after(after)
            .write(tx)
            .await?;
    }
    Ok(())
}

/// The timeline's line for an owner decision.
pub(crate) fn owner_sentence(named: Option<(Uuid, &str)>, reason: &str) -> String {
    let who = named.map_or("the team queue", |(_, name)| name);
    format!("assigned to {who}: {reason}")
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
    #[schema(min_items = 1, max_items = 500)]
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
    Audit::that(ctx)
        .did("create")
        .on("absence", absence.id)
        .after(&absence)
        .write(&mut tx)
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
    Audit::that(ctx)
        .did("update")
        .on("agent_profile", user)
        .before(&before)
        .after(&p)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(p)
}
