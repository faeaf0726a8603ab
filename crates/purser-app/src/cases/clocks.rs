//! SLA clocks of cases: which policy applies, starting, pausing and stopping the clocks as a
//! case moves, reading them in the policy's business calendar, and writing the earliest
//! deadline onto the case so inboxes sort by it. The arithmetic is the domain's.

use crate::Result;
use jiff::{SignedDuration, Timestamp};
use purser_domain::cases::calendar::BusinessCalendar;
use purser_domain::cases::sla::{self as rules, ClockState, Target};
use purser_domain::cases::{CaseType, Priority};
use purser_domain::customers::Tier;
use purser_store::cases::{Case, NO_DEADLINE};
use purser_store::sla::{self, ClockRow, Policy};
use purser_store::{Db, teams};
use uuid::Uuid;

pub(crate) fn ts(micros: i64) -> Timestamp {
    Timestamp::from_microsecond(micros).unwrap_or(Timestamp::MAX)
}

/// The most specific policy for a case (contract, type, priority, tier), if any matches.
pub(crate) fn choose_policy(
    all: &[Policy],
    tier: Option<Tier>,
    contract_id: Option<Uuid>,
    case_type: CaseType,
    priority: Priority,
) -> Option<Policy> {
    let rules_view: Vec<rules::SlaPolicy> = all
        .iter()
        .map(|p| rules::SlaPolicy {
            id: p.id,
            tier: p.tier.as_deref().and_then(Tier::parse),
            contract_id: p.contract_id,
            case_type: p.case_type.as_deref().and_then(CaseType::parse),
            priority: p.priority.as_deref().and_then(Priority::parse),
        })
        .collect();
    let chosen = rules::choose_policy(&rules_view, tier, contract_id, case_type, priority);
    chosen.and_then(|c| all.iter().find(|p| p.id == c.id).cloned())
}

/// The calendar a case's clocks count in: its policy's, else its team's, else always open.
pub(crate) async fn calendar_of(db: &mut impl Db, case: &Case) -> Result<(BusinessCalendar, u8)> {
    calendar_for(db, case.sla_policy_id, case.team_id).await
}

/// The calendar and warning share of a case with this policy and team: the policy's
/// calendar, else the team's, else round the clock.
pub(crate) async fn calendar_for(
    db: &mut impl Db,
    sla_policy_id: Option<Uuid>,
    team_id: Option<Uuid>,
) -> Result<(BusinessCalendar, u8)> {
    let policy = match sla_policy_id {
        Some(id) => Some(sla::policy(db, id).await?),
        None => None,
    };
    let warn = policy
        .as_ref()
        .map_or(75, |p| p.warn_percent.clamp(1, 100) as u8);
    let mut cal_id = policy.as_ref().and_then(|p| p.calendar_id);
    if cal_id.is_none()
        && let Some(team) = team_id
    {
        cal_id = teams::get(db, team).await.ok().and_then(|t| t.calendar_id);
    }
    let cal = match cal_id {
        Some(id) => {
            let row = sla::calendar(db, id).await?;
            BusinessCalendar::from_spec(&row.spec).unwrap_or_else(|_| {
                tracing::warn!(calendar = %id, "stored calendar no longer valid; counting 24x7");
                BusinessCalendar::always_open()
            })
        }
        None => BusinessCalendar::always_open(),
    };
    Ok((cal, warn))
}

fn target_mins(p: &Policy, t: Target) -> Option<i64> {
    match t {
        Target::FirstResponse => p.first_response_mins,
        Target::NextResponse => p.next_response_mins,
        Target::Resolution => p.resolution_mins,
    }
    .filter(|m| *m > 0)
}

/// Starts a clock for `target` if the case's policy sets one (restarting a stopped one).
pub(crate) async fn start(db: &mut impl Db, case: &Case, target: Target, at: i64) -> Result<()> {
    let Some(pid) = case.sla_policy_id else {
        return Ok(());
    };
    let policy = sla::policy(db, pid).await?;
    let Some(mins) = target_mins(&policy, target) else {
        return Ok(());
    };
    let row = ClockRow {
        case_id: case.id,
        target,
        started_at: at,
        target_mins: mins,
        pauses: if case.status.pauses_clock() {
            vec![(at, None)]
        } else {
            vec![]
        },
        stopped_at: None,
        due_at: None,
        warn_at: None,
        state: ClockState::Running,
        warned_at: None,
        breached_at: None,
    };
    sla::save_clock(db, &row).await?;
    sla::record(
        db,
        case.id,
        target.as_str(),
        "started",
        &format!("target {} business minutes ({})", mins, policy.name),
    )
    .await?;
    Ok(())
}

/// A new clock of `case` for `target` under `policy`, or None when the policy sets no
/// target for it.
fn new_clock(case: &Case, policy: &Policy, target: Target, at: i64) -> Option<ClockRow> {
    let mins = target_mins(policy, target)?;
    Some(ClockRow {
        case_id: case.id,
        target,
        started_at: at,
        target_mins: mins,
        pauses: if case.status.pauses_clock() {
            vec![(at, None)]
        } else {
            vec![]
        },
        stopped_at: None,
        due_at: None,
        warn_at: None,
        state: ClockState::Running,
        warned_at: None,
        breached_at: None,
    })
}

/// A new case's policy and first clocks (first response and resolution), read at the
/// start in its calendar, with the deadline summary its row is written with — what
/// [`start`] twice and a [`refresh`] would write — before anything is written.
pub(crate) struct NewClocks {
    events: Vec<(&'static str, &'static str, String)>,
    rows: Vec<ClockRow>,
    pub deadline: Deadline,
}

/// [`NewClocks`] of `case` under `policy` (pure).
pub(crate) fn plan_new(
    case: &Case,
    policy: &Policy,
    cal: &BusinessCalendar,
    warn: u8,
    at: i64,
) -> NewClocks {
    let fresh: Vec<ClockRow> = [Target::FirstResponse, Target::Resolution]
        .into_iter()
        .filter_map(|t| new_clock(case, policy, t, at))
        .collect();
    let mut events: Vec<(&'static str, &'static str, String)> =
        vec![("all", "policy", policy.name.clone())];
    events.extend(fresh.iter().map(|c| {
        (
            c.target.as_str(),
            "started",
            format!(
                "target {} business minutes ({})",
                c.target_mins, policy.name
            ),
        )
    }));
    let (rows, ended, deadline) = read_clocks(fresh, cal, warn, at);
    events.extend(
        ended
            .into_iter()
            .map(|(t, state)| (t.as_str(), state.as_str(), String::new())),
    );
    NewClocks {
        events,
        rows,
        deadline,
    }
}

impl NewClocks {
    /// Records the policy and the started clocks (deferred writes: after the case's row).
    pub(crate) async fn write(&self, db: &mut impl Db, case_id: Uuid) -> Result<()> {
        sla::record_each(db, case_id, &self.events).await?;
        sla::save_clocks(db, &self.rows).await?;
        Ok(())
    }
}

/// Stops a running clock (met or missed is decided when it is read).
pub(crate) async fn stop(db: &mut impl Db, case_id: Uuid, target: Target, at: i64) -> Result<()> {
    for mut c in sla::clocks(db, case_id).await? {
        if c.target == target && c.stopped_at.is_none() {
            c.stopped_at = Some(at);
            close_pause(&mut c, at);
            sla::save_clock(db, &c).await?;
        }
    }
    Ok(())
}

fn close_pause(c: &mut ClockRow, at: i64) {
    if let Some(last) = c.pauses.last_mut()
        && last.1.is_none()
    {
        last.1 = Some(at);
    }
}

/// Opens (`paused`) or closes a pause on every running clock of a case.
pub(crate) async fn set_paused(
    db: &mut impl Db,
    case_id: Uuid,
    paused: bool,
    at: i64,
) -> Result<()> {
    for mut c in sla::clocks(db, case_id).await? {
        if c.stopped_at.is_some() {
            continue;
        }
        let open = c.pauses.last().is_some_and(|p| p.1.is_none());
        if paused && !open {
            c.pauses.push((at, None));
            sla::save_clock(db, &c).await?;
            sla::record(
                db,
                case_id,
                c.target.as_str(),
                "paused",
                "waiting on the customer",
            )
            .await?;
        } else if !paused && open {
            close_pause(&mut c, at);
            sla::save_clock(db, &c).await?;
            sla::record(db, case_id, c.target.as_str(), "resumed", "").await?;
        }
    }
    Ok(())
}

/// A reopened case's resolution clock runs on; the time it spent resolved does not count.
pub(crate) async fn reopen(db: &mut impl Db, case_id: Uuid, at: i64) -> Result<()> {
    for mut c in sla::clocks(db, case_id).await? {
        if c.target == Target::Resolution
            && let Some(stopped) = c.stopped_at.take()
        {
            c.pauses.push((stopped, Some(at)));
            c.state = ClockState::Running;
            sla::save_clock(db, &c).await?;
            sla::record(db, case_id, c.target.as_str(), "resumed", "case reopened").await?;
        }
    }
    Ok(())
}

pub(crate) fn to_clock(c: &ClockRow) -> rules::Clock {
    rules::Clock {
        started: ts(c.started_at),
        target: SignedDuration::from_mins(c.target_mins),
        pauses: c.pauses.iter().map(|(a, b)| (ts(*a), b.map(ts))).collect(),
        stopped: c.stopped_at.map(ts),
    }
}

/// The case-level summary of its clocks: earliest deadline, warning time, worst state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Deadline {
    pub due: i64,
    pub warn_at: i64,
    pub worst: &'static str,
}

/// Reads clocks at `now` (pure): the updated rows, the targets that just ended met or
/// missed, and the case's deadline summary.
pub(crate) fn read_clocks(
    clocks: Vec<ClockRow>,
    cal: &BusinessCalendar,
    warn: u8,
    now: i64,
) -> (Vec<ClockRow>, Vec<(Target, ClockState)>, Deadline) {
    let mut out = Vec::with_capacity(clocks.len());
    let mut ended = Vec::new();
    let mut d = Deadline {
        due: NO_DEADLINE,
        warn_at: NO_DEADLINE,
        worst: "ok",
    };
    for mut c in clocks {
        let r = to_clock(&c).read(cal, warn, ts(now));
        let was = c.state;
        c.state = r.state;
        c.due_at = r.due_at.map(|t| t.as_microsecond());
        c.warn_at = r.warn_at.map(|t| t.as_microsecond());
        if was != r.state && matches!(r.state, ClockState::Met | ClockState::Missed) {
            ended.push((c.target, r.state));
        }
        if c.stopped_at.is_none() {
            d.due = Ord::min(d.due, c.due_at.unwrap_or(NO_DEADLINE));
            d.warn_at = Ord::min(d.warn_at, c.warn_at.unwrap_or(NO_DEADLINE));
            d.worst = match (d.worst, r.state) {
                (_, ClockState::Breached) | ("breached", _) => "breached",
                (_, ClockState::Warning) | ("warning", _) => "warning",
                (_, ClockState::Paused) | ("paused", _) => "paused",
                _ => "ok",
            };
        }
        out.push(c);
    }
    (out, ended, d)
}

/// Reads every clock of a case at `now`, stores the readings, records met/missed, and
/// writes the case's earliest deadline, warning time and worst state.
pub(crate) async fn refresh(
    db: &mut impl Db,
    case: &Case,
    cal: &BusinessCalendar,
    warn: u8,
    now: i64,
) -> Result<Vec<ClockRow>> {
    let (out, ended, d) = read_clocks(sla::clocks(db, case.id).await?, cal, warn, now);
    for (target, state) in ended {
        sla::record(db, case.id, target.as_str(), state.as_str(), "").await?;
    }
    for c in &out {
        sla::save_clock(db, c).await?;
    }
    sla::set_deadlines(db, &[(case.id, d.due, d.warn_at, d.worst)]).await?;
    Ok(out)
}
