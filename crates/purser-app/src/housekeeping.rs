//! What the server removes because nothing reads it any more: expired sessions, sign-in
//! attempts past the throttle's window, old "signed in from here" marks, and answers
//! remembered for idempotency keys past their day. The server runs it hourly.

use crate::Result;
use crate::auth::{KNOWN_PLACE_KEPT_MICROS, THROTTLE_WINDOW_MICROS};
use purser_store::{Store, idempotency, users};

/// One round at `now`, in one transaction; returns how many rows went.
pub async fn run(store: &Store, now: i64) -> Result<u64> {
    let mut tx = store.begin().await?;
    let sign_ins = users::prune_sign_ins(
        &mut tx,
        now,
        now - THROTTLE_WINDOW_MICROS,
        now - KNOWN_PLACE_KEPT_MICROS,
    )
    .await?;
    let keys = idempotency::prune(&mut tx, now - idempotency::KEPT_MICROS).await?;
    tx.commit().await?;
    Ok(sign_ins + keys)
}
