//! The desk's configuration, kept by supervisors and admins: teams, agents' profiles,
//! business calendars (with iCalendar holiday import), SLA policies and reply templates.
//! A calendar edit recomputes the deadlines of every live case.

use super::{clocks, is_desk, is_supervisor, require};
use crate::audit::Audit;
use crate::{AppError, Ctx, Result};
use purser_domain::cases::calendar::{BusinessCalendar, CalendarSpec, holidays_from_ics};
use purser_domain::cases::sla::Target;
use purser_domain::cases::templates;
use purser_domain::cases::{AgentStatus, CaseType};
use purser_domain::customers::{Language, Tier};
use purser_domain::validation::Problems;
use purser_store::cases::{self};
use purser_store::reply_templates::{self, ReplyTemplate};
use purser_store::sla::{self, Calendar, Policy};
use purser_store::teams::{self, AgentProfile, Team, TeamInput};
use purser_store::{Store, now_micros, users};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

fn check_team(t: &TeamInput) -> Result<()> {
    let mut p = Problems::new();
    p.text("name", &t.name, true, 80);
    if let Some(e) = &t.email {
        p.check("email", purser_domain::ids::EmailAddress::parse(e));
    }
    if let Some(z) = t.time_zone.as_deref().filter(|z| !z.trim().is_empty()) {
        purser_domain::customers::check_time_zone(&mut p, "time_zone", z.trim());
    }
    // a region is free text, but no control characters (the document's pattern)
    for (i, r) in t.regions.iter().enumerate() {
        p.text(&format!("regions/{i}"), r, false, usize::MAX);
    }
    for (i, l) in t.lanes.iter().enumerate() {
        p.text(&format!("lanes/{i}"), l, true, 20);
    }
    Ok(p.into_result()?)
}

/// The calendar and overflow team a team names must exist: a missing calendar would fail
/// its foreign key (a 500), a missing overflow team would leave routing a dangling link.
async fn check_team_links(tx: &mut purser_store::Tx, t: &TeamInput) -> Result<()> {
    let missing = |e: purser_store::StoreError, field: &str, what: &str| match e {
        purser_store::StoreError::NotFound => AppError::field(field, what),
        other => other.into(),
    };
    if let Some(id) = t.calendar_id {
        sla::calendar(tx, id)
            .await
            .map_err(|e| missing(e, "calendar_id", "names no calendar"))?;
    }
    if let Some(id) = t.overflow_team_id {
        teams::get(tx, id)
            .await
            .map_err(|e| missing(e, "overflow_team_id", "names no team"))?;
    }
    Ok(())
}

pub async fn create_team(store: &Store, ctx: &Ctx, input: TeamInput) -> Result<Team> {
    require(is_supervisor(ctx))?;
    check_team(&input)?;
    let mut tx = store.begin().await?;
    check_team_links(&mut tx, &input).await?;
    let t = teams::insert(&mut tx, &input).await?;
    Audit::that(ctx)
        .did("create")
        .on("team", t.id)
        .after(&t)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(t)
}

pub async fn update_team(
    store: &Store,
    ctx: &Ctx,
    id: Uuid,
    if_match: Option<i64>,
    input: TeamInput,
) -> Result<Team> {
    require(is_supervisor(ctx))?;
    check_team(&input)?;
    let mut tx = store.begin().await?;
    let before = teams::get(&mut tx, id).await?;
    check_team_links(&mut tx, &input).await?;
    let after = teams::update(&mut tx, id, if_match, &input).await?;
    Audit::that(ctx)
        .did("update")
        .on("team", id)
        .before(&before)
        .after(&after)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(after)
}

/// The busy-period switch: while on, routing widens to the overflow team.
pub async fn set_busy(store: &Store, ctx: &Ctx, id: Uuid, busy: bool) -> Result<Team> {
    require(is_supervisor(ctx))?;
    let mut tx = store.begin().await?;
    let before = teams::get(&mut tx, id).await?;
    let after = teams::set_busy(&mut tx, id, busy).await?;
    Audit::that(ctx)
        .did("update")
        .on("team", id)
        .before(&before)
        .after(&after)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(after)
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TeamView {
    #[serde(flatten)]
    pub team: Team,
    pub members: Vec<Uuid>,
}

pub async fn list_teams(store: &Store, ctx: &Ctx) -> Result<Vec<TeamView>> {
    require(is_desk(ctx))?;
    // the teams and all their members in two statements, not one more per team
    let mut db = store.reader().await?;
    let all = teams::all(&mut db).await?;
    let members = teams::all_members(&mut db).await?;
    Ok(all
        .into_iter()
        .map(|team| TeamView {
            members: members
                .iter()
                .filter(|(t, _)| *t == team.id)
                .map(|(_, u)| *u)
                .collect(),
            team,
        })
        .collect())
}

pub async fn set_member(
    store: &Store,
    ctx: &Ctx,
    team_id: Uuid,
    user_id: Uuid,
    member: bool,
) -> Result<()> {
    require(is_supervisor(ctx))?;
    let mut tx = store.begin().await?;
    teams::get(&mut tx, team_id).await?;
    // the path names the user: one that is not there is 404, like the team
    let u = users::get(&mut tx, user_id).await?;
    // joining asks the role; leaving does not (a user who cannot join is simply no member)
    if member && !u.role.as_str().eq("agent") && !u.role.as_str().eq("supervisor") {
        return Err(AppError::field(
            "user_id",
            "only agents and supervisors join teams",
        ));
    }
    if member {
        teams::add_member(&mut tx, team_id, user_id).await?;
    } else {
        teams::remove_member(&mut tx, team_id, user_id).await?;
    }
    let action = if member {
        "add_member"
    } else {
        "remove_member"
    };
    Audit::that(ctx)
        .did(action)
        .on("team", team_id)
        .after(&serde_json::json!({ "user_id": user_id }))
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileInput {
    pub status: AgentStatus,
    #[schema(minimum = 0, maximum = 500)]
    pub capacity: i64,
    #[serde(default)]
    pub languages: Vec<Language>,
    #[serde(default)]
    pub lanes: Vec<String>,
    #[serde(default)]
    pub case_types: Vec<CaseType>,
}

pub async fn profile(store: &Store, ctx: &Ctx, user: Uuid) -> Result<AgentProfile> {
    require(is_desk(ctx))?;
    let mut db = store.clone();
    users::get(&mut db, user).await?;
    Ok(teams::profiles(&mut db, &[user]).await?.remove(0))
}

pub async fn set_profile(
    store: &Store,
    ctx: &Ctx,
    user: Uuid,
    input: ProfileInput,
) -> Result<AgentProfile> {
    require(is_supervisor(ctx))?;
    let most = i64::from(purser_domain::cases::routing::MAX_CAPACITY);
    if !(0..=most).contains(&input.capacity) {
        return Err(AppError::field("capacity", &format!("must be 0 to {most}")));
    }
    let mut tx = store.begin().await?;
    users::get(&mut tx, user).await?;
    let before = teams::profiles(&mut tx, &[user]).await?.remove(0);
    let after = AgentProfile {
        user_id: user,
        status: input.status,
        capacity: input.capacity,
        languages: input.languages,
        lanes: input
            .lanes
            .iter()
            .map(|l| l.trim().to_uppercase())
            .collect(),
        case_types: input.case_types,
        last_assigned_at: before.last_assigned_at,
        updated_at: now_micros(),
    };
    teams::save_profile(&mut tx, &after).await?;
    Audit::that(ctx)
        .did("update")
        .on("agent_profile", user)
        .before(&before)
        .after(&after)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(after)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarInput {
    pub name: String,
    #[serde(flatten)]
    pub spec: CalendarSpec,
    /// An iCalendar file's text whose events are added as holidays.
    #[serde(default)]
    pub holidays_ics: Option<String>,
}

fn checked_spec(input: &CalendarInput) -> Result<CalendarSpec> {
    let mut spec = input.spec.clone();
    if let Some(ics) = &input.holidays_ics {
        let more = holidays_from_ics(ics).map_err(|e| AppError::field("holidays_ics", &e))?;
        for h in more {
            if !spec.holidays.iter().any(|x| x.date == h.date) {
                spec.holidays.push(h);
            }
        }
    }
    spec.holidays.sort_by(|a, b| a.date.cmp(&b.date));
    let mut p = Problems::new();
    p.text("name", &input.name, true, 80);
    if let Err(mut more) = BusinessCalendar::from_spec(&spec) {
        p.0.append(&mut more.0);
    }
    p.into_result()?;
    Ok(spec)
}

pub async fn create_calendar(store: &Store, ctx: &Ctx, input: CalendarInput) -> Result<Calendar> {
    require(is_supervisor(ctx))?;
    let spec = checked_spec(&input)?;
    let mut tx = store.begin().await?;
    let c = sla::insert_calendar(&mut tx, &input.name, &spec).await?;
    Audit::that(ctx)
        .did("create")
        .on("calendar", c.id)
        .after(&c)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(c)
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CalendarEdit {
    pub calendar: Calendar,
    /// Cases whose deadlines were computed again.
    pub recomputed: u64,
}

/// Changes a calendar and recomputes the deadlines of every case with a live clock.
pub async fn update_calendar(
    store: &Store,
    ctx: &Ctx,
    id: Uuid,
    if_match: Option<i64>,
    input: CalendarInput,
) -> Result<CalendarEdit> {
    require(is_supervisor(ctx))?;
    let spec = checked_spec(&input)?;
    let mut tx = store.begin().await?;
    let before = sla::calendar(&mut tx, id).await?;
    let after = sla::update_calendar(&mut tx, id, if_match, &input.name, &spec).await?;
    Audit::that(ctx)
        .did("update")
        .on("calendar", id)
        .before(&before)
        .after(&after)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    let recomputed = recompute_all(store).await?;
    Ok(CalendarEdit {
        calendar: after,
        recomputed,
    })
}

/// Reads every live clock again (after a calendar or policy edit), in batches of 2,000 cases
/// per transaction so writers are never held up for long; writes only what changed, and
/// notes the recompute in the SLA history of the cases whose deadline moved. Returns how
/// many cases were read.
pub async fn recompute_all(store: &Store) -> Result<u64> {
    let now = now_micros();
    let mut after = None;
    let mut n = 0;
    let mut cals: std::collections::HashMap<(Option<Uuid>, Option<Uuid>), (BusinessCalendar, u8)> =
        Default::default();
    loop {
        let ids = sla::cases_with_live_clocks(&mut store.clone(), after, 2000).await?;
        let Some(last) = ids.last().copied() else {
            break;
        };
        let mut tx = store.begin().await?;
        // one read of the batch's cases and clocks, the arithmetic in memory, few writes
        let batch = cases::clock_keys(&mut tx, &ids).await?;
        let mut by_case: std::collections::HashMap<Uuid, Vec<sla::ClockRow>> = Default::default();
        for c in sla::clocks_of(&mut tx, &ids).await? {
            by_case.entry(c.case_id).or_default().push(c);
        }
        let (mut rows, mut deadlines, mut ended) = (Vec::new(), Vec::new(), Vec::new());
        for case in &batch {
            let key = (case.sla_policy_id, case.team_id);
            if let std::collections::hash_map::Entry::Vacant(e) = cals.entry(key) {
                e.insert(clocks::calendar_for(&mut tx, key.0, key.1).await?);
            }
            let (cal, warn) = &cals[&key];
            let before = by_case.remove(&case.id).unwrap_or_default();
            let (read, done, d) = clocks::read_clocks(before.clone(), cal, *warn, now);
            // only what the edit changed is written
            rows.extend(read.into_iter().filter(|c| !before.contains(c)));
            ended.extend(done.into_iter().map(|(t, s)| (case.id, t, s)));
            let unchanged = case.due_at == Some(d.due)
                && case.warn_at == Some(d.warn_at)
                && case.sla_state == d.worst;
            if !unchanged {
                deadlines.push((case.id, d.due, d.warn_at, d.worst));
            }
        }
        sla::save_clocks(&mut tx, &rows).await?;
        sla::set_deadlines(&mut tx, &deadlines).await?;
        for (id, target, state) in ended {
            sla::record(&mut tx, id, target.as_str(), state.as_str(), "").await?;
        }
        let moved: Vec<Uuid> = deadlines.iter().map(|d| d.0).collect();
        sla::record_many(&mut tx, &moved, "all", "recomputed", "calendar changed").await?;
        tx.commit().await?;
        n += ids.len() as u64;
        after = Some(last);
    }
    Ok(n)
}

pub async fn list_calendars(store: &Store, ctx: &Ctx) -> Result<Vec<Calendar>> {
    require(is_desk(ctx))?;
    Ok(sla::calendars(&mut store.clone()).await?)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyInput {
    pub name: String,
    #[serde(default)]
    pub position: i64,
    #[serde(default)]
    pub tier: Option<Tier>,
    #[serde(default)]
    pub contract_id: Option<Uuid>,
    #[serde(default)]
    pub case_type: Option<CaseType>,
    #[serde(default)]
    pub priority: Option<purser_domain::cases::Priority>,
    /// Business minutes, 1 to a year's.
    #[schema(minimum = 1, maximum = 525600)]
    pub first_response_mins: Option<i64>,
    #[schema(minimum = 1, maximum = 525600)]
    pub next_response_mins: Option<i64>,
    #[schema(minimum = 1, maximum = 525600)]
    pub resolution_mins: Option<i64>,
    #[serde(default = "default_warn")]
    #[schema(minimum = 1, maximum = 100)]
    pub warn_percent: i64,
    #[serde(default)]
    pub calendar_id: Option<Uuid>,
    #[serde(default)]
    pub escalate_raise_priority: bool,
    #[serde(default)]
    pub escalate_to_team_id: Option<Uuid>,
}

fn default_warn() -> i64 {
    75
}

fn policy_row(input: &PolicyInput) -> Result<Policy> {
    let mut p = Problems::new();
    p.text("name", &input.name, true, 80);
    for (field, v) in [
        ("first_response_mins", input.first_response_mins),
        ("next_response_mins", input.next_response_mins),
        ("resolution_mins", input.resolution_mins),
    ] {
        if v.is_some_and(|m| !(1..=525_600).contains(&m)) {
            p.add(field, "must be 1 minute to 1 year");
        }
    }
    if !(1..=100).contains(&input.warn_percent) {
        p.add("warn_percent", "must be 1 to 100");
    }
    p.into_result()?;
    Ok(Policy {
        id: Uuid::nil(),
        name: input.name.clone(),
        position: input.position,
        tier: input.tier.map(|t| t.as_str().to_string()),
        contract_id: input.contract_id,
        case_type: input.case_type.map(|t| t.as_str().to_string()),
        priority: input.priority.map(|t| t.as_str().to_string()),
        first_response_mins: input.first_response_mins,
        next_response_mins: input.next_response_mins,
        resolution_mins: input.resolution_mins,
        warn_percent: input.warn_percent,
        calendar_id: input.calendar_id,
        escalate_raise_priority: input.escalate_raise_priority,
        escalate_to_team_id: input.escalate_to_team_id,
        created_at: 0,
        updated_at: 0,
        version: 0,
    })
}

async fn check_policy_refs(tx: &mut purser_store::Tx, p: &Policy) -> Result<()> {
    // a contract that does not exist was a foreign-key failure, answered as a 500
    if let Some(c) = p.contract_id
        && !purser_store::contracts::exists(tx, c).await?
    {
        return Err(AppError::field("contract_id", "no such contract"));
    }
    if let Some(c) = p.calendar_id {
        sla::calendar(tx, c)
            .await
            .map_err(|_| AppError::field("calendar_id", "no such calendar"))?;
    }
    if let Some(t) = p.escalate_to_team_id {
        teams::get(tx, t)
            .await
            .map_err(|_| AppError::field("escalate_to_team_id", "no such team"))?;
    }
    Ok(())
}

pub async fn create_policy(store: &Store, ctx: &Ctx, input: PolicyInput) -> Result<Policy> {
    require(is_supervisor(ctx))?;
    let row = policy_row(&input)?;
    let mut tx = store.begin().await?;
    check_policy_refs(&mut tx, &row).await?;
    let p = sla::insert_policy(&mut tx, &row).await?;
    Audit::that(ctx)
        .did("create")
        .on("sla_policy", p.id)
        .after(&p)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(p)
}

pub async fn update_policy(
    store: &Store,
    ctx: &Ctx,
    id: Uuid,
    if_match: Option<i64>,
    input: PolicyInput,
) -> Result<Policy> {
    require(is_supervisor(ctx))?;
    let row = policy_row(&input)?;
    let mut tx = store.begin().await?;
    check_policy_refs(&mut tx, &row).await?;
    let before = sla::policy(&mut tx, id).await?;
    let after = sla::update_policy(&mut tx, id, if_match, &row).await?;
    Audit::that(ctx)
        .did("update")
        .on("sla_policy", id)
        .before(&before)
        .after(&after)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(after)
}

pub async fn list_policies(store: &Store, ctx: &Ctx) -> Result<Vec<Policy>> {
    require(is_desk(ctx))?;
    Ok(sla::policies(&mut store.clone()).await?)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateInput {
    pub name: String,
    pub language: Language,
    #[serde(default)]
    pub subject: String,
    pub body: String,
}

/// A reply template; an unknown variable is refused with its name.
pub async fn create_template(
    store: &Store,
    ctx: &Ctx,
    input: TemplateInput,
) -> Result<ReplyTemplate> {
    require(is_supervisor(ctx))?;
    let mut p = Problems::new();
    p.text("name", &input.name, true, 80);
    p.text("body", &input.body, true, 20_000);
    // optional, but when given no control characters (the document's pattern says so)
    p.text("subject", &input.subject, false, 20_000);
    p.check("subject", templates::check(&input.subject));
    p.check("body", templates::check(&input.body));
    p.into_result()?;
    let mut tx = store.begin().await?;
    let t = reply_templates::insert(
        &mut tx,
        &input.name,
        input.language,
        input.subject.trim(),
        &input.body,
    )
    .await?;
    Audit::that(ctx)
        .did("create")
        .on("reply_template", t.id)
        .after(&t)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(t)
}

pub async fn list_templates(store: &Store, ctx: &Ctx) -> Result<Vec<ReplyTemplate>> {
    require(is_desk(ctx))?;
    Ok(reply_templates::all(&mut store.clone()).await?)
}

/// Which target names exist (for forms).
pub fn targets() -> &'static [Target] {
    Target::ALL
}
