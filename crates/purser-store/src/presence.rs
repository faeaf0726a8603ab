//! Presence beyond routing: the time zone a user reads times in (their own, else their
//! team's), and the marks of who has a case open or is replying on it right now.

use crate::Result;
use crate::db::Db;
use purser_domain::cases::presence::{self, Mark, PresenceMode};
use sea_query::{Expr, ExprTrait, OnConflict, Order, Query};
use uuid::Uuid;

/// Sets (or with `None` clears) a user's own time zone. A display preference: the user
/// record's version and time stay (the audit says who changed it and when).
pub async fn set_user_zone(db: &mut impl Db, user_id: Uuid, zone: Option<&str>) -> Result<()> {
    let q = Query::update()
        .table("users")
        .value("time_zone", Expr::val(zone.map(str::to_string)))
        .and_where(Expr::col("id").eq(user_id))
        .take();
    db.execute(&q).await?;
    Ok(())
}

/// Sets (or clears) a team's time zone: its members' times default to it.
pub async fn set_team_zone(db: &mut impl Db, team_id: Uuid, zone: Option<&str>) -> Result<()> {
    // a team is versioned (its ETag): this is an update like any other
    crate::rows::update_versioned(
        db,
        "teams",
        team_id,
        None,
        vec![("time_zone", Expr::val(zone.map(str::to_string)))],
    )
    .await?;
    Ok(())
}

/// A user's own zone setting and the zone of their first team (by name) that has one.
pub async fn zones_of(db: &mut impl Db, user_id: Uuid) -> Result<(Option<String>, Option<String>)> {
    let own = Query::select()
        .column("time_zone")
        .from("users")
        .and_where(Expr::col("id").eq(user_id))
        .take();
    let own: Option<(Option<String>,)> = db.fetch_optional(&own).await?;
    let team = Query::select()
        .column(("t", "time_zone"))
        .from_as("team_members", "m")
        .join_as(
            sea_query::JoinType::InnerJoin,
            "teams",
            "t",
            Expr::col(("t", "id")).equals(("m", "team_id")),
        )
        .and_where(Expr::col(("m", "user_id")).eq(user_id))
        .and_where(Expr::col(("t", "time_zone")).is_not_null())
        .order_by(("t", "name"), Order::Asc)
        .limit(1)
        .take();
    let team: Option<(Option<String>,)> = db.fetch_optional(&team).await?;
    Ok((own.and_then(|r| r.0), team.and_then(|r| r.0)))
}

/// A heartbeat of `user` on a case: the mark is renewed, its start kept while the mode is
/// unchanged and the mark fresh (see [`presence::since_after_beat`]).
pub async fn beat(
    db: &mut impl Db,
    case_id: Uuid,
    user_id: Uuid,
    mode: PresenceMode,
    now: i64,
) -> Result<()> {
    let prev = Query::select()
        .columns(["mode", "since", "seen_at"])
        .from("case_presence")
        .and_where(Expr::col("case_id").eq(case_id))
        .and_where(Expr::col("user_id").eq(user_id))
        .take();
    let prev: Option<(String, i64, i64)> = db.fetch_optional(&prev).await?;
    let prev = prev.and_then(|(m, s, seen)| PresenceMode::parse(&m).map(|m| (m, s, seen)));
    let since = presence::since_after_beat(prev, mode, now);
    let q = Query::insert()
        .into_table("case_presence")
        .columns(["case_id", "user_id", "mode", "since", "seen_at"])
        .values_panic([
            Expr::val(case_id),
            Expr::val(user_id),
            Expr::val(mode.as_str()),
            Expr::val(since),
            Expr::val(now),
        ])
        .on_conflict(
            OnConflict::columns(["case_id", "user_id"])
                .update_columns(["mode", "since", "seen_at"])
                .to_owned(),
        )
        .take();
    db.execute(&q).await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct MarkRow {
    user_id: Uuid,
    name: String,
    mode: String,
    since: i64,
    seen_at: i64,
}

/// The fresh marks on a case other than `viewer`'s, those replying first.
pub async fn others_on(
    db: &mut impl Db,
    case_id: Uuid,
    viewer: Uuid,
    now: i64,
) -> Result<Vec<Mark>> {
    let q = Query::select()
        .column(("p", "user_id"))
        .column(("u", "name"))
        .column(("p", "mode"))
        .column(("p", "since"))
        .column(("p", "seen_at"))
        .from_as("case_presence", "p")
        .join_as(
            sea_query::JoinType::InnerJoin,
            "users",
            "u",
            Expr::col(("u", "id")).equals(("p", "user_id")),
        )
        .and_where(Expr::col(("p", "case_id")).eq(case_id))
        .and_where(Expr::col(("p", "seen_at")).gt(now - presence::FRESH_SECS * 1_000_000))
        .take();
    let rows: Vec<MarkRow> = db.fetch_all(&q).await?;
    let marks = rows
        .into_iter()
        .filter_map(|r| {
            Some(Mark {
                mode: PresenceMode::parse(&r.mode)?,
                user_id: r.user_id,
                name: r.name,
                since: r.since,
                seen_at: r.seen_at,
            })
        })
        .collect();
    Ok(presence::others(marks, viewer, now))
}

/// Absences not yet over, soonest first (the supervisor's list).
pub async fn upcoming_absences(
    db: &mut impl Db,
    now: i64,
    limit: u64,
) -> Result<Vec<crate::teams::Absence>> {
    let q = Query::select()
        .column(sea_query::Asterisk)
        .from("absences")
        .and_where(Expr::col("ends_at").gt(now))
        .order_by("starts_at", Order::Asc)
        .limit(limit)
        .take();
    db.fetch_all(&q).await
}
