//! Who else has a case open right now, so two agents do not answer the same customer twice.
//! A page beats every [`BEAT_SECS`] while open; a beat older than [`FRESH_SECS`] means the
//! tab was closed or the laptop slept, so the mark expires by itself (no "leave" needed).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// How often an open case page says it is still there.
pub const BEAT_SECS: i64 = 20;
/// A mark not renewed within this long is gone (three beats: one lost request is fine).
pub const FRESH_SECS: i64 = 3 * BEAT_SECS;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PresenceMode {
    /// Typing a reply: the one others must know about (listed first).
    Replying,
    Viewing,
}
text_enum!(PresenceMode {
    Replying = "replying",
    Viewing = "viewing"
});

/// One mark: who, doing what, since when (µs), last beat (µs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Mark {
    pub user_id: Uuid,
    pub name: String,
    pub mode: PresenceMode,
    pub since: i64,
    pub seen_at: i64,
}

/// When a mode began after a beat: a beat in the same mode keeps the old start ("replying
/// since 12:01" stays 12:01 while the agent types); a changed or expired mark starts now.
pub fn since_after_beat(
    previous: Option<(PresenceMode, i64, i64)>,
    mode: PresenceMode,
    now: i64,
) -> i64 {
    match previous {
        Some((m, since, seen_at)) if m == mode && is_fresh(seen_at, now) => since,
        _ => now,
    }
}

pub fn is_fresh(seen_at: i64, now: i64) -> bool {
    now - seen_at < FRESH_SECS * 1_000_000
}

/// The marks a viewer should see: fresh ones of other people, those replying first, then
/// the longest there.
pub fn others(marks: Vec<Mark>, viewer: Uuid, now: i64) -> Vec<Mark> {
    let mut out: Vec<Mark> = marks
        .into_iter()
        .filter(|m| m.user_id != viewer && is_fresh(m.seen_at, now))
        .collect();
    out.sort_by(|a, b| {
        a.mode
            .cmp(&b.mode)
            .then(a.since.cmp(&b.since))
            .then(a.name.cmp(&b.name))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const S: i64 = 1_000_000;

    fn mark(n: u128, mode: PresenceMode, since: i64, seen_at: i64) -> Mark {
        Mark {
            user_id: Uuid::from_u128(n),
            name: format!("u{n}"),
            mode,
            since,
            seen_at,
        }
    }

    #[test]
    fn typing_on_keeps_the_start_and_a_new_mode_or_a_stale_mark_starts_again() {
        use PresenceMode::*;
        let t = 1_000 * S;
        assert_eq!(
            since_after_beat(Some((Replying, t - 30 * S, t - 5 * S)), Replying, t),
            t - 30 * S
        );
        assert_eq!(
            since_after_beat(Some((Viewing, t - 30 * S, t - 5 * S)), Replying, t),
            t
        );
        assert_eq!(
            since_after_beat(
                Some((Replying, t - 300 * S, t - FRESH_SECS * S)),
                Replying,
                t
            ),
            t
        );
        assert_eq!(since_after_beat(None, Viewing, t), t);
    }

    #[test]
    fn the_viewer_never_sees_themself_and_the_one_replying_comes_first() {
        let t = 1_000 * S;
        let got = others(
            vec![
                mark(1, PresenceMode::Viewing, t - 50 * S, t),
                mark(2, PresenceMode::Replying, t - 10 * S, t - S),
                mark(3, PresenceMode::Replying, t - 5 * S, t),
            ],
            Uuid::from_u128(3),
            t,
        );
        let ids: Vec<u128> = got.iter().map(|m| m.user_id.as_u128()).collect();
        assert_eq!(ids, [2, 1]);
    }

    proptest! {
        /// Whatever the marks, what is shown is fresh, not the viewer's own, and ordered.
        #[test]
        fn shown_marks_are_fresh_foreign_and_ordered(
            raw in prop::collection::vec((0u128..5, any::<bool>(), 0i64..200, 0i64..200), 0..12),
            viewer in 0u128..5,
        ) {
            let now = 200 * S;
            let marks: Vec<Mark> = raw.iter().map(|(u, r, since, seen)| {
                let mode = if *r { PresenceMode::Replying } else { PresenceMode::Viewing };
                mark(*u, mode, since * S, seen * S)
            }).collect();
            let expected = marks.iter().filter(|m| m.user_id.as_u128() != viewer && now - m.seen_at < FRESH_SECS * S).count();
            let got = others(marks, Uuid::from_u128(viewer), now);
            prop_assert_eq!(got.len(), expected);
            for w in got.windows(2) {
                prop_assert!((w[0].mode, w[0].since) <= (w[1].mode, w[1].since));
            }
        }
    }
}
