//! The change feed: a row per changed record (kind, id, upsert or delete), written by the
//! store's own write functions inside the caller's transaction, so it commits or rolls
//! back with the change and no write path can forget it. Consumers read it from their own
//! cursor with [`after`] and make it safe to follow with a [`Follower`].

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use crate::db::Db;
use crate::{Result, now_micros};
use sea_query::{Expr, ExprTrait, Func, Order, Query};
use uuid::Uuid;

/// Kinds of record the feed names. Strings, so a later record kind joins with a constant.
pub mod kinds {
    pub const CASE: &str = "case";
    pub const MESSAGE: &str = "message";
    pub const ATTACHMENT: &str = "attachment";
    pub const CUSTOMER: &str = "customer";
    pub const CONTACT: &str = "contact";
    pub const SHIPMENT: &str = "shipment";
    pub const ARTICLE: &str = "article";
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Created or changed: read the record again.
    Upsert,
    /// Gone.
    Delete,
}

impl Op {
    fn as_str(self) -> &'static str {
        match self {
            Op::Upsert => "upsert",
            Op::Delete => "delete",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Change {
    pub seq: i64,
    pub kind: String,
    pub record_id: Uuid,
    pub op: String,
    pub at: i64,
}

impl Change {
    pub fn is_delete(&self) -> bool {
        self.op == Op::Delete.as_str()
    }
}

/// Records that `kind` `id` changed, in the caller's transaction.
pub async fn record(db: &mut impl Db, kind: &str, id: Uuid, op: Op) -> Result<()> {
    record_many(db, kind, &[id], op).await
}

/// Records many changes of one kind in one statement (bulk imports).
pub async fn record_many(db: &mut impl Db, kind: &str, ids: &[Uuid], op: Op) -> Result<()> {
    let now = now_micros();
    for chunk in ids.chunks(500) {
        let mut q = Query::insert();
        q.into_table("change_feed")
            .columns(["kind", "record_id", "op", "at"]);
        for id in chunk {
            q.values_panic([
                Expr::val(kind),
                Expr::val(*id),
                Expr::val(op.as_str()),
                Expr::val(now),
            ]);
        }
        db.defer(&q).await?;
    }
    Ok(())
}

/// Up to `limit` changes with a sequence number above `seq`, in order.
pub async fn after(db: &mut impl Db, seq: i64, limit: u64) -> Result<Vec<Change>> {
    let q = Query::select()
        .columns(["seq", "kind", "record_id", "op", "at"])
        .from("change_feed")
        .and_where(Expr::col("seq").gt(seq))
        .order_by("seq", Order::Asc)
        .limit(limit)
        .take();
    db.fetch_all(&q).await
}

/// The changes with these sequence numbers (a follower's late arrivals).
pub async fn with_seqs(db: &mut impl Db, seqs: &[i64]) -> Result<Vec<Change>> {
    if seqs.is_empty() {
        return Ok(Vec::new());
    }
    let q = Query::select()
        .columns(["seq", "kind", "record_id", "op", "at"])
        .from("change_feed")
        .and_where(Expr::col("seq").is_in(seqs.iter().copied()))
        .order_by("seq", Order::Asc)
        .take();
    db.fetch_all(&q).await
}

/// The highest sequence number written so far (0 for an empty feed).
pub async fn head(db: &mut impl Db) -> Result<i64> {
    #[derive(sqlx::FromRow)]
    struct Head {
        head: Option<i64>,
    }
    let q = Query::select()
        .expr_as(Func::max(Expr::col("seq")), "head")
        .from("change_feed")
        .take();
    Ok(db.fetch_one::<Head, _>(&q).await?.head.unwrap_or(0))
}

/// How long a hole in the sequence is waited for before the follower moves past it.
pub const GAP_WAIT: Duration = Duration::from_secs(10);
/// How long a hole the follower moved past is still looked for (a very long transaction).
pub const LATE_WATCH: Duration = Duration::from_secs(600);

/// Follows the feed safely on PostgreSQL, where sequence numbers are taken when a row is
/// written but become visible when its transaction commits, so seq 7 can appear after
/// seq 8 was read. A cursor that jumped to 8 would miss 7 for ever. The follower keeps
/// its committed cursor at the last number below the first hole, applies what lies past
/// the hole at once (consumers are idempotent: they read the record again) and remembers
/// it, waits [`GAP_WAIT`] for each hole to fill, then moves past it (a rolled-back
/// transaction leaves a hole that never fills) but still looks for that number for
/// [`LATE_WATCH`] with one `seq IN (…)` query per poll. On SQLite (one writer, commits in
/// order) there are no holes and this is a plain cursor.
#[derive(Debug)]
pub struct Follower {
    /// Everything at or below this has been handed out (or given up on).
    cursor: i64,
    /// Handed out already, above the cursor (past a hole).
    seen: BTreeSet<i64>,
    /// Holes above the cursor and when they were first seen.
    holes: BTreeMap<i64, Instant>,
    /// Holes moved past, still watched for, until when.
    late: BTreeMap<i64, Instant>,
}

impl Follower {
    /// Starts after `cursor` (a consumer's stored position).
    pub fn new(cursor: i64) -> Follower {
        Follower {
            cursor,
            seen: BTreeSet::new(),
            holes: BTreeMap::new(),
            late: BTreeMap::new(),
        }
    }

    /// The position to store: every change at or below it has been handed out.
    pub fn cursor(&self) -> i64 {
        self.cursor
    }

    /// Reads the next changes to apply (at most about `limit`, late arrivals first).
    pub async fn poll(&mut self, db: &mut impl Db, limit: u64) -> Result<Vec<Change>> {
        let now = Instant::now();
        self.late.retain(|_, until| *until > now);
        let late: Vec<i64> = self.late.keys().take(200).copied().collect();
        let mut out = with_seqs(db, &late).await?;
        for c in &out {
            self.late.remove(&c.seq);
        }
        let read = after(db, self.cursor, limit + self.seen.len() as u64).await?;
        out.extend(self.take(read, now));
        Ok(out)
    }

    /// The pure part of [`Follower::poll`]: which of the rows read after the cursor are
    /// new, and how far the cursor may move.
    fn take(&mut self, read: Vec<Change>, now: Instant) -> Vec<Change> {
        let mut fresh = Vec::new();
        let mut expected = self.cursor + 1;
        for c in read {
            for hole in expected..c.seq {
                self.holes.entry(hole).or_insert(now);
            }
            expected = c.seq + 1;
            self.holes.remove(&c.seq);
            if self.seen.insert(c.seq) {
                fresh.push(c);
            }
        }
        // move the cursor over what is contiguous, and over holes waited for long enough
        loop {
            let next = self.cursor + 1;
            if self.seen.remove(&next) {
                self.cursor = next;
            } else if let Some(since) = self.holes.get(&next) {
                if now.duration_since(*since) < GAP_WAIT {
                    break;
                }
                self.holes.remove(&next);
                self.late.insert(next, now + LATE_WATCH);
                self.cursor = next;
            } else {
                break;
            }
        }
        fresh
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(seq: i64) -> Change {
        Change {
            seq,
            kind: kinds::CASE.into(),
            record_id: Uuid::nil(),
            op: "upsert".into(),
            at: 0,
        }
    }

    fn seqs(cs: &[Change]) -> Vec<i64> {
        cs.iter().map(|c| c.seq).collect()
    }

    #[test]
    fn a_contiguous_feed_moves_the_cursor_to_its_end() {
        let mut f = Follower::new(0);
        let got = f.take((1..=3).map(change).collect(), Instant::now());
        assert_eq!(seqs(&got), [1, 2, 3]);
        assert_eq!(f.cursor(), 3);
    }

    #[test]
    fn a_hole_holds_the_cursor_until_it_fills_and_nothing_is_handed_out_twice() {
        let t0 = Instant::now();
        let mut f = Follower::new(0);
        let got = f.take(vec![change(1), change(3)], t0);
        assert_eq!(seqs(&got), [1, 3]);
        assert_eq!(f.cursor(), 1, "2 may still commit");
        // the next read sees 3 again (it is after the cursor) and 2, committed late
        let got = f.take(vec![change(2), change(3), change(4)], t0);
        assert_eq!(seqs(&got), [2, 4]);
        assert_eq!(f.cursor(), 4);
    }

    #[test]
    fn a_hole_that_never_fills_is_passed_after_the_wait_and_watched_for() {
        let t0 = Instant::now();
        let mut f = Follower::new(0);
        f.take(vec![change(2)], t0);
        assert_eq!(f.cursor(), 0);
        f.take(vec![change(2)], t0 + GAP_WAIT / 2);
        assert_eq!(f.cursor(), 0);
        f.take(vec![change(2)], t0 + GAP_WAIT);
        assert_eq!(f.cursor(), 2);
        assert!(f.late.contains_key(&1));
    }
}
