//! The watcher that turns time into actions: SLA warnings and breaches (notify, raise the
//! priority, move to another team as the policy says) and follow-up reminders and overdue
//! promises. Run every few seconds by the server; each run is idempotent.

use super::{clocks, event, feed, routing};
use crate::{Ctx, Result};
use purser_domain::cases::sla::ClockState;
use purser_domain::roles::{CustomerScope, Role};
use purser_store::cases::{self, Case};
use purser_store::{Store, Tx, follow_ups, notifications, sea_query::Expr, sla, users};
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct TickReport {
    pub warned: u32,
    pub breached: u32,
    pub reminded: u32,
    pub overdue: u32,
}

async fn supervisors(tx: &mut Tx) -> Result<Vec<Uuid>> {
    Ok(users::list(tx)
        .await?
        .into_iter()
        .filter(|u| u.active && u.role == Role::Supervisor)
        .map(|u| u.id)
        .collect())
}

async fn tell(tx: &mut Tx, who: &[Uuid], kind: &str, title: &str, case: &Case) -> Result<()> {
    for u in who {
        notifications::insert(
            tx,
            *u,
            kind,
            title,
            &case.subject,
            &format!("/cases/{}", case.id),
        )
        .await?;
    }
    Ok(())
}

/// One pass over everything due at `now`.
pub async fn tick(store: &Store, now: i64) -> Result<TickReport> {
    let ctx = Ctx::system("sla watcher");
    let mut report = TickReport::default();
    let mut changed = Vec::new();
    let due = sla::due_clocks(&mut store.clone(), now, 200).await?;
    let mut case_ids: Vec<Uuid> = due.iter().map(|c| c.case_id).collect();
    case_ids.sort();
    case_ids.dedup();
    for id in case_ids {
        let mut tx = store.begin().await?;
        let case = cases::get(&mut tx, id, &CustomerScope::All).await?;
        let (cal, warn) = clocks::calendar_of(&mut tx, &case).await?;
        for mut c in clocks::refresh(&mut tx, &case, &cal, warn, now).await? {
            if c.stopped_at.is_some() {
                continue;
            }
            let mut to = case.assignee_id.into_iter().collect::<Vec<_>>();
            if c.state == ClockState::Warning && c.warned_at.is_none() {
                c.warned_at = Some(now);
                sla::save_clock(&mut tx, &c).await?;
                sla::record(&mut tx, case.id, c.target.as_str(), "warning", "").await?;
                if to.is_empty() {
                    to = supervisors(&mut tx).await?;
                }
                let title = format!(
                    "{}: {} is at risk",
                    case.number,
                    c.target.as_str().replace('_', " ")
                );
                tell(&mut tx, &to, "sla_warning", &title, &case).await?;
                event(&mut tx, case.id, &title, now).await?;
                report.warned += 1;
            }
            if c.state == ClockState::Breached && c.breached_at.is_none() {
                c.breached_at = Some(now);
                c.warned_at = c.warned_at.or(Some(now));
                sla::save_clock(&mut tx, &c).await?;
                let detail = escalate(&mut tx, &ctx, &case, now).await?;
                sla::record(&mut tx, case.id, c.target.as_str(), "breached", &detail).await?;
                let title = format!(
                    "{}: {} target breached",
                    case.number,
                    c.target.as_str().replace('_', " ")
                );
                to.extend(supervisors(&mut tx).await?);
                to.dedup();
                tell(&mut tx, &to, "sla_breach", &title, &case).await?;
                event(&mut tx, case.id, &format!("{title}; {detail}"), now).await?;
                report.breached += 1;
            }
        }
        tx.commit().await?;
        changed.push(case);
    }
    let mut tx = store.begin().await?;
    for f in follow_ups::reminders_due(&mut tx, now, 500).await? {
        follow_ups::mark(&mut tx, f.id, "reminded_at", now).await?;
        let case = cases::get(&mut tx, f.case_id, &CustomerScope::All).await?;
        let title = format!(
            "{}: promised \"{}\" by {}",
            case.number,
            f.action,
            clocks::ts(f.due_at)
        );
        tell(&mut tx, &[f.agent_id], "follow_up_reminder", &title, &case).await?;
        report.reminded += 1;
    }
    for f in follow_ups::overdue(&mut tx, now, 500).await? {
        follow_ups::mark(&mut tx, f.id, "escalated_at", now).await?;
        let case = cases::get(&mut tx, f.case_id, &CustomerScope::All).await?;
        let title = format!("{}: promise \"{}\" is overdue", case.number, f.action);
        let mut to = vec![f.agent_id];
        to.extend(supervisors(&mut tx).await?);
        tell(&mut tx, &to, "follow_up_overdue", &title, &case).await?;
        event(&mut tx, case.id, &title, now).await?;
        report.overdue += 1;
        changed.push(case);
    }
    tx.commit().await?;
    for c in changed {
        feed::publish(c.id, &c.number, "sla");
    }
    Ok(report)
}

/// What a breach does, by the case's policy: raise the priority, move to a team.
async fn escalate(tx: &mut Tx, ctx: &Ctx, case: &Case, now: i64) -> Result<String> {
    let Some(pid) = case.sla_policy_id else {
        return Ok("supervisors notified".into());
    };
    let policy = sla::policy(tx, pid).await?;
    let mut done = vec!["supervisors notified".to_string()];
    if policy.escalate_raise_priority && case.priority.raised() != case.priority {
        let p = case.priority.raised();
        cases::update(tx, case.id, None, vec![("priority", Expr::val(p.as_str()))]).await?;
        done.push(format!("priority raised to {p}"));
    }
    if let Some(team) = policy
        .escalate_to_team_id
        .filter(|t| case.team_id != Some(*t))
    {
        let moved = cases::update(tx, case.id, None, vec![("team_id", Expr::val(team))]).await?;
        let routed = routing::route_case(tx, ctx, moved, None, now).await?;
        done.push(format!(
            "moved to team {}",
            purser_store::teams::get(tx, team).await?.name
        ));
        let _ = routed;
    }
    Ok(done.join("; "))
}
