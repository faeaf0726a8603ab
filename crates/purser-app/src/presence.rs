//! Presence as the console shows it (issue 14, items 4, 5 and 9): the agents one may hand
//! work to with their status, absence and load, so nobody is offered an away or absent
//! colleague without being told; each user's time zone; and who else has a case open or
//! is replying on it, so two agents do not answer the same customer at once.

use crate::audit::Audit;
use crate::cases::{is_desk, is_supervisor, require, visible_case};
use crate::{AppError, Ctx, Result};
use purser_domain::cases::AgentStatus;
use purser_domain::cases::presence::{Mark, PresenceMode};
use purser_domain::local_time;
use purser_domain::validation::Problems;
use purser_store::{Store, cases, now_micros, presence, teams, users};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// An agent as a hand-over or assignment form offers them.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct AgentChoice {
    pub user_id: Uuid,
    pub name: String,
    pub status: AgentStatus,
    /// The end (µs) of the absence covering now, if one does.
    pub absent_until: Option<i64>,
    pub open_cases: i64,
    pub capacity: i64,
}

impl AgentChoice {
    /// Can take work now: available and not on an absence.
    pub fn free(&self) -> bool {
        self.status == AgentStatus::Available && self.absent_until.is_none()
    }

    pub fn over_capacity(&self) -> bool {
        self.open_cases >= self.capacity
    }
}

/// Every active agent and supervisor with status, absence and open cases against capacity:
/// those free to take work first, then by name.
pub async fn agent_choices(store: &Store, ctx: &Ctx) -> Result<Vec<AgentChoice>> {
    if !ctx.actor.is_staff() {
        return Err(AppError::Forbidden);
    }
    let mut db = store.reader().await?;
    let agents = users::list_agents(&mut db).await?;
    let ids: Vec<Uuid> = agents.iter().map(|u| u.id).collect();
    let now = now_micros();
    let counts = cases::open_counts(&mut db, &ids).await?;
    let profiles = teams::profiles(&mut db, &ids).await?;
    let absences = teams::absent_at(&mut db, &ids, now).await?;
    let mut out: Vec<AgentChoice> = agents
        .into_iter()
        .zip(profiles)
        .map(|(u, p)| AgentChoice {
            open_cases: counts
                .iter()
                .find(|(x, _)| *x == u.id)
                .map_or(0, |(_, n)| *n),
            absent_until: absences
                .iter()
                .filter(|a| a.user_id == u.id)
                .map(|a| a.ends_at)
                .max(),
            user_id: u.id,
            name: u.name,
            status: p.status,
            capacity: p.capacity,
        })
        .collect();
    out.sort_by(|a, b| (!a.free(), &a.name).cmp(&(!b.free(), &b.name)));
    Ok(out)
}

/// The zone a user reads times in: their own setting, else their team's, else UTC.
pub async fn viewer_zone(store: &Store, user_id: Uuid) -> Result<jiff::tz::TimeZone> {
    let (own, team) = presence::zones_of(&mut store.clone(), user_id).await?;
    Ok(local_time::viewer_zone(own.as_deref(), team.as_deref()))
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ZoneSetting {
    /// The user's own zone; null follows the team's.
    pub time_zone: Option<String>,
}

/// A user sets their own time zone (empty: follow the team's); audited.
pub async fn set_my_zone(store: &Store, ctx: &Ctx, zone: &str) -> Result<ZoneSetting> {
    let zone = zone.trim();
    if !zone.is_empty() {
        let mut p = Problems::new();
        purser_domain::customers::check_time_zone(&mut p, "time_zone", zone);
        p.into_result()?;
    }
    let user = ctx.actor_id().ok_or(AppError::Forbidden)?;
    let mut tx = store.begin().await?;
    let (before, _) = presence::zones_of(&mut tx, user).await?;
    let after = (!zone.is_empty()).then(|| zone.to_string());
    if before == after {
        return Ok(ZoneSetting { time_zone: after }); // nothing changes, nothing to audit
    }
    presence::set_user_zone(&mut tx, user, after.as_deref()).await?;
    let (before, after) = (
        ZoneSetting { time_zone: before },
        ZoneSetting { time_zone: after },
    );
    Audit::that(ctx)
        .did("update")
        .on("user_time_zone", user)
        .before(&before)
        .after(&after)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(after)
}

/// A heartbeat from a case page (viewing, or typing a reply); answers who else is there.
/// Not audited: a mark is a few seconds' hint that expires by itself, not a record.
pub async fn beat(
    store: &Store,
    ctx: &Ctx,
    case_id: Uuid,
    mode: PresenceMode,
) -> Result<Vec<Mark>> {
    require(is_desk(ctx))?;
    let Some(me) = ctx.actor_id() else {
        return Ok(vec![]); // the command line has no page open
    };
    let now = now_micros();
    let mut tx = store.begin().await?;
    visible_case(&mut tx, ctx, case_id).await?;
    presence::beat(&mut tx, case_id, me, mode, now).await?;
    let others = presence::others_on(&mut tx, case_id, me, now).await?;
    tx.commit().await?;
    Ok(others)
}

/// Who else has the case open right now (desk staff only; customers never see it).
pub async fn others_on(store: &Store, ctx: &Ctx, case_id: Uuid) -> Result<Vec<Mark>> {
    let mut db = store.reader().await?;
    visible_case(&mut db, ctx, case_id).await?;
    if !is_desk(ctx) {
        return Ok(vec![]);
    }
    Ok(presence::others_on(&mut db, case_id, ctx.actor.user_id, now_micros()).await?)
}

/// A supervisor sets a team's zone (its members' default); audited.
pub async fn set_team_zone(
    store: &Store,
    ctx: &Ctx,
    team_id: Uuid,
    zone: &str,
) -> Result<teams::Team> {
    require(is_supervisor(ctx))?;
    let zone = zone.trim();
    if !zone.is_empty() {
        let mut p = Problems::new();
        purser_domain::customers::check_time_zone(&mut p, "time_zone", zone);
        p.into_result()?;
    }
    let mut tx = store.begin().await?;
    let before = teams::get(&mut tx, team_id).await?;
    presence::set_team_zone(&mut tx, team_id, (!zone.is_empty()).then_some(zone)).await?;
    let after = teams::get(&mut tx, team_id).await?;
    Audit::that(ctx)
        .did("update")
        .on("team", team_id)
        .before(&before)
        .after(&after)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(after)
}
