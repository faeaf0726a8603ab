//! Log-in, sessions, API tokens and passwords. Passwords are Argon2id, hashed on one
//! dedicated thread, in memory it keeps and on CPU time no request wants, so a log-in never
//! stalls other requests; sessions and tokens are random secrets stored only as SHA-256
//! hashes; failures are throttled per account and address together, per address and per
//! account, before any hashing.

use crate::{AppError, Ctx, Result};
use argon2::password_hash::{self, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use purser_domain::roles::Actor;
use purser_store::users::{self, UserWithDepartment};
use purser_store::{Db, Store, audit, now_micros};
use sha2::{Digest, Sha256};

/// Failures allowed per account and address together in [`THROTTLE_WINDOW_MICROS`]: guesses
/// from one place stop there, and the account's owner elsewhere is not locked out by them.
pub const MAX_FAILURES: i64 = 5;
/// Failures allowed per address over every account (one place trying many accounts).
pub const MAX_ADDRESS_FAILURES: i64 = 20;
/// Failures allowed per account over every address (guessing spread over many places).
/// Past it only addresses the account has signed in from before are let try: the owner at
/// a usual place still gets in, a new place waits out the window.
pub const MAX_ACCOUNT_FAILURES: i64 = 30;
pub const THROTTLE_WINDOW_MICROS: i64 = 15 * 60 * 1_000_000;
pub const SESSION_TTL_MICROS: i64 = 12 * 3600 * 1_000_000;
/// How long a "signed in from here" mark keeps letting its account in from its address
/// while the account is under attack, counted from the last sign-in there.
pub const KNOWN_PLACE_KEPT_MICROS: i64 = 180 * 24 * 3600 * 1_000_000;

fn argon() -> Argon2<'static> {
    // OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane.
    Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(19 * 1024, 2, 1, None).expect("params"),
    )
}

type HashJob = Box<dyn FnOnce() + Send>;

/// Which queue a hash waits in. The hashing thread always takes a first attempt before a
/// retry, so someone guessing again and again (each guess within its limits) waits behind
/// everyone else's log-in instead of ahead of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    /// A new password, a password change, or a log-in with no failure before it.
    First,
    /// A log-in from an account and address that failed in the window.
    Retry,
}

#[derive(Default)]
struct Lanes {
    first: std::collections::VecDeque<HashJob>,
    retry: std::collections::VecDeque<HashJob>,
}

/// Argon2 runs on one dedicated thread, one computation at a time (19 MiB each): a burst
/// of log-ins queues here instead of taking the cores from the requests being served
/// (see [`yield_to_requests`]), and its working memory is that thread's, allocated once
/// (see [`argon2_output`]).
fn on_hashing_thread<T: Send + 'static>(
    lane: Lane,
    work: impl FnOnce() -> T + Send + 'static,
) -> tokio::sync::oneshot::Receiver<T> {
    type Queue = (std::sync::Mutex<Lanes>, std::sync::Condvar);
    static QUEUE: std::sync::OnceLock<std::sync::Arc<Queue>> = std::sync::OnceLock::new();
    let queue = QUEUE.get_or_init(|| {
        let queue: std::sync::Arc<Queue> = Default::default();
        let jobs = queue.clone();
        std::thread::Builder::new()
            .name("purser-argon2".into())
            .spawn(move || {
                yield_to_requests();
                let (lanes, ready) = &*jobs;
                loop {
                    let job = {
                        let mut l = lanes.lock().unwrap_or_else(|p| p.into_inner());
                        loop {
                            if let Some(job) = l.first.pop_front().or_else(|| l.retry.pop_front()) {
                                break job;
                            }
                            l = ready.wait(l).unwrap_or_else(|p| p.into_inner());
                        }
                    };
                    job();
                }
            })
            .expect("start the hashing thread");
        queue
    });
    let (done, result) = tokio::sync::oneshot::channel();
    let job: HashJob = Box::new(move || {
        let _ = done.send(work());
    });
    let (lanes, ready) = &**queue;
    let mut l = lanes.lock().unwrap_or_else(|p| p.into_inner());
    match lane {
        Lane::First => l.first.push_back(job),
        Lane::Retry => l.retry.push_back(job),
    }
    ready.notify_one();
    result
}

/// Puts the calling thread (the hashing thread) under `SCHED_IDLE`: it runs only on CPU
/// time no request thread wants, and a request thread that wakes takes the core from it at
/// once. With one client logging in back to back on 2 cores (a hash holds a core ~20 ms),
/// a customer search's p99 went from 9–12 ms to 8–10 ms, a page's from 12 to 7–9. `nice 10` had measured no
/// difference: a niced thread keeps its core until its slice ends. The cost falls on
/// log-ins alone, and only while the cores are saturated by requests.
fn yield_to_requests() {
    #[cfg(target_os = "linux")]
    {
        let param = libc::sched_param { sched_priority: 0 };
        // SAFETY: sets the policy of the calling thread (0) from a valid, initialised param
        let rc = unsafe { libc::sched_setscheduler(0, libc::SCHED_IDLE, &param) };
        if rc != 0 {
            tracing::warn!(
                error = %std::io::Error::last_os_error(),
                "the password-hashing thread keeps the normal priority"
            );
        }
    }
}

/// Argon2 `a` of `password` and `salt`, `len` bytes, in working memory that the calling
/// thread (the hashing thread) allocates once and reuses. Allocated per hash, the 19 MiB
/// were mapped, faulted in page by page and handed back to the OS at every log-in; with
/// one client logging in back to back, that churn took a customer search's p99 from 14 to
/// 27–55 ms on 2 cores (20 ms when the allocator was told to keep freed memory).
fn argon2_output(
    a: &Argon2<'_>,
    password: &[u8],
    salt: &[u8],
    len: usize,
) -> password_hash::Result<password_hash::Output> {
    thread_local! {
        static MEMORY: std::cell::RefCell<Vec<argon2::Block>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    MEMORY.with_borrow_mut(|memory| {
        let blocks = a.params().block_count();
        if memory.len() < blocks {
            memory.resize(blocks, argon2::Block::default());
        }
        password_hash::Output::init_with(len, |out| {
            a.hash_password_into_with_memory(password, salt, out, &mut memory[..blocks])
                .map_err(password_hash::Error::from)
        })
    })
}

pub async fn hash_password(password: &str) -> Result<String> {
    let password = password.to_string();
    on_hashing_thread(Lane::First, move || {
        let internal = |e: password_hash::Error| AppError::Internal(e.to_string());
        let raw = rand::random::<[u8; 16]>();
        let salt = SaltString::encode_b64(&raw).map_err(internal)?;
        let a = argon();
        let output = argon2_output(&a, password.as_bytes(), &raw, Params::DEFAULT_OUTPUT_LEN)
            .map_err(internal)?;
        Ok(PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(a.params()).map_err(internal)?,
            salt: Some(salt.as_salt()),
            hash: Some(output),
        }
        .to_string())
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
}

/// Whether `password` gives `hash` (a PHC string, with the parameters it was made with).
pub async fn verify_password(password: &str, hash: &str) -> bool {
    verify_password_in(Lane::First, password, hash).await
}

/// [`verify_password`], waiting in the given lane of the hashing thread.
pub async fn verify_password_in(lane: Lane, password: &str, hash: &str) -> bool {
    let (password, hash) = (password.to_string(), hash.to_string());
    on_hashing_thread(lane, move || {
        let check = || -> password_hash::Result<bool> {
            let parsed = PasswordHash::new(&hash)?;
            let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
                return Ok(false);
            };
            let version = parsed
                .version
                .map_or(Ok(Version::V0x13), Version::try_from)?;
            let a = Argon2::new(
                Algorithm::try_from(parsed.algorithm)?,
                version,
                Params::try_from(&parsed)?,
            );
            let mut raw = [0u8; 64];
            let raw = salt.decode_b64(&mut raw)?;
            let computed = argon2_output(&a, password.as_bytes(), raw, expected.len())?;
            // Output's equality is constant-time
            Ok(computed == expected)
        };
        check().unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// The rules a new password must meet; errors name the field `password`.
pub fn check_password_strength(password: &str) -> Result<()> {
    if password.chars().count() < 10 {
        return Err(AppError::field(
            "password",
            "must be at least 10 characters",
        ));
    }
    if password.len() > 1024 {
        return Err(AppError::field("password", "is too long"));
    }
    Ok(())
}

/// A new random secret, as sent to the client (64 hex characters after the prefix).
pub fn new_secret(prefix: &str) -> String {
    let bytes: [u8; 32] = rand::random();
    let mut s = String::with_capacity(prefix.len() + 64);
    s.push_str(prefix);
    for b in bytes {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// What is stored for a secret: its SHA-256, hex.
pub fn secret_hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn actor_of(u: &UserWithDepartment) -> Actor {
    Actor {
        user_id: u.user.id,
        role: u.user.role,
        department: u.department(),
        customer_id: u.user.customer_id,
    }
}

pub fn label_of(u: &users::User) -> String {
    format!("{} <{}>", u.name, u.email)
}

/// A signed-in browser session: the cookie's secret and the CSRF token of its forms.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub secret: String,
    pub csrf: String,
    pub user: UserWithDepartment,
}

/// Checks a password log-in, throttled before any hashing (see [`MAX_FAILURES`],
/// [`MAX_ADDRESS_FAILURES`], [`MAX_ACCOUNT_FAILURES`]): a refused attempt costs a few
/// index reads, never a turn on the hashing thread, so a flood of guesses cannot queue
/// ahead of other people's log-ins.
pub async fn login(
    store: &Store,
    email: &str,
    password: &str,
    address: &str,
) -> Result<NewSession> {
    let account = email.trim().to_lowercase();
    let pair_key = format!("pair:{account}|{address}");
    let account_key = format!("acct:{account}");
    let address_key = format!("addr:{address}");
    let known_key = format!("known:{account}|{address}");
    let since = now_micros() - THROTTLE_WINDOW_MICROS;
    let mut db = store.clone();
    // Count this attempt as a failure before checking it, so guesses sent in parallel
    // see each other; a right password takes it back.
    let mut tx = store.begin().await?;
    let at = users::record_login_failure(&mut tx, &pair_key).await?;
    for key in [&account_key, &address_key] {
        users::record_login_failure_at(&mut tx, key, at).await?;
    }
    tx.commit().await?;
    let pair_failures = users::login_failures_since(&mut db, &pair_key, since).await?;
    if pair_failures > MAX_FAILURES
        || users::login_failures_since(&mut db, &address_key, since).await? > MAX_ADDRESS_FAILURES
    {
        return Err(AppError::TooManyAttempts);
    }
    if users::login_failures_since(&mut db, &account_key, since).await? > MAX_ACCOUNT_FAILURES
        && users::login_failures_since(&mut db, &known_key, 0).await? == 0
    {
        return Err(AppError::TooManyAttempts);
    }
    let user = users::by_email(&mut db, email).await?;
    // Verify against a fixed hash when the user is unknown, so timing does not tell.
    let hash = user
        .as_ref()
        .map_or(DUMMY_HASH, |u| u.user.password_hash.as_str());
    // this attempt counts itself: more than one means this pair failed before
    let lane = if pair_failures > 1 {
        Lane::Retry
    } else {
        Lane::First
    };
    let ok = verify_password_in(lane, password, hash).await
        && user.as_ref().is_some_and(|u| u.user.active);
    let mut tx = store.begin().await?;
    let Some(user) = user.filter(|_| ok) else {
        tx.commit().await?;
        return Err(AppError::Unauthorized);
    };
    users::clear_login_failures(&mut tx, &pair_key).await?;
    for key in [&account_key, &address_key] {
        users::forget_login_failure(&mut tx, key, at).await?;
    }
    // the owner signs in from here: here stays let in when the account is under attack
    users::clear_login_failures(&mut tx, &known_key).await?;
    users::record_login_failure_at(&mut tx, &known_key, at).await?;
    let secret = new_secret("");
    let csrf = new_secret("");
    users::insert_session(
        &mut tx,
        &secret_hash(&secret),
        user.user.id,
        &csrf,
        SESSION_TTL_MICROS,
    )
    .await?;
    audit::record(
        &mut tx,
        audit::NewEntry {
            actor_id: Some(user.user.id),
            actor_label: &label_of(&user.user),
            action: "login",
            object_type: "user",
            object_id: user.user.id,
            customer_id: user.user.customer_id,
            before: None,
            after: None,
            request_id: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(NewSession { secret, csrf, user })
}

const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Bw0Z1a5y5l1m3WQ4Ck0yq3cKp1Z5oQe2yq6l0p0o0eE";

/// The user behind a session cookie, with the session's CSRF token.
pub async fn session_user(store: &Store, secret: &str) -> Result<(UserWithDepartment, String)> {
    let found = users::session_user(&mut store.clone(), &secret_hash(secret)).await?;
    let s = found
        .filter(|s| s.user.user.active)
        .ok_or(AppError::Unauthorized)?;
    Ok((s.user, s.csrf_token))
}

pub async fn logout(store: &Store, secret: &str) -> Result<()> {
    let mut tx = store.begin().await?;
    users::delete_session(&mut tx, &secret_hash(secret)).await?;
    tx.commit().await?;
    Ok(())
}

/// The user behind a bearer token; records when the token was last used.
pub async fn token_user(store: &Store, token: &str) -> Result<UserWithDepartment> {
    let mut db = store.clone();
    let t = users::token_by_hash(&mut db, &secret_hash(token))
        .await?
        .ok_or(AppError::Unauthorized)?;
    let user = users::get_with_department(&mut db, t.user_id).await?;
    if !user.user.active {
        return Err(AppError::Unauthorized);
    }
    // last-used is advisory: a write per request at most once a minute
    if t.last_used_at
        .is_none_or(|at| now_micros() - at > 60_000_000)
    {
        users::touch_token(&mut db, t.id).await?;
    }
    Ok(user)
}

/// Changes the actor's own password after checking the current one; ends other sessions.
pub async fn change_password(
    store: &Store,
    ctx: &Ctx,
    current: &str,
    new: &str,
    keep_session: Option<&str>,
) -> Result<()> {
    check_password_strength(new)?;
    let mut db = store.clone();
    let user = users::get(&mut db, ctx.actor.user_id).await?;
    if !verify_password(current, &user.password_hash).await {
        return Err(AppError::field(
            "current_password",
            "is not your current password",
        ));
    }
    let hash = hash_password(new).await?;
    let mut tx = store.begin().await?;
    users::set_password_hash(&mut tx, user.id, &hash).await?;
    users::delete_other_sessions(&mut tx, user.id, keep_session.map(secret_hash).as_deref())
        .await?;
    audit_user_event(&mut tx, ctx, "password_change", user.id).await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn audit_user_event(
    db: &mut impl Db,
    ctx: &Ctx,
    action: &str,
    user_id: uuid::Uuid,
) -> Result<()> {
    audit::record(
        db,
        audit::NewEntry {
            actor_id: ctx.actor_id(),
            actor_label: &ctx.label,
            action,
            object_type: "user",
            object_id: user_id,
            customer_id: None,
            before: None,
            after: None,
            request_id: ctx.request_id.as_deref(),
        },
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn hashing_runs_on_a_thread_that_only_takes_idle_cpu() {
        // SAFETY: reads the policy of the calling thread
        let policy = on_hashing_thread(Lane::First, || unsafe { libc::sched_getscheduler(0) })
            .await
            .unwrap();
        assert_eq!(policy, libc::SCHED_IDLE);
        // and the test's own thread is untouched (SAFETY: as above)
        assert_eq!(unsafe { libc::sched_getscheduler(0) }, libc::SCHED_OTHER);
    }

    #[tokio::test]
    async fn a_first_attempt_is_hashed_before_retries_queued_ahead_of_it() {
        // hold the hashing thread until both jobs below are queued
        let (release, held) = std::sync::mpsc::channel::<()>();
        let blocker = on_hashing_thread(Lane::First, move || held.recv().is_ok());
        let order = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = |what: &'static str| {
            let order = order.clone();
            move || order.lock().unwrap().push(what)
        };
        let retry = on_hashing_thread(Lane::Retry, log("retry"));
        let first = on_hashing_thread(Lane::First, log("first"));
        release.send(()).unwrap();
        assert!(blocker.await.unwrap());
        retry.await.unwrap();
        first.await.unwrap();
        assert_eq!(*order.lock().unwrap(), ["first", "retry"]);
    }

    #[tokio::test]
    async fn passwords_hash_with_argon2id_and_verify() {
        let h = hash_password("correct horse battery").await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &h).await);
        assert!(!verify_password("wrong horse battery", &h).await);
        assert!(!verify_password("x", "not a hash").await);
    }

    #[tokio::test]
    async fn hashes_are_standard_phc_strings_both_ways_whatever_their_parameters() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        // ours, checked by the argon2 crate's own verifier
        let ours = hash_password("correct horse battery").await.unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(
            argon()
                .verify_password(b"correct horse battery", &parsed)
                .is_ok()
        );
        // the crate's, with other parameters (a hash stored before a change of them), by ours
        let salt = SaltString::encode_b64(b"0123456789abcdef").unwrap();
        let other = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8 * 1024, 3, 1, None).unwrap(),
        );
        let theirs = other
            .hash_password(b"another password", &salt)
            .unwrap()
            .to_string();
        assert!(verify_password("another password", &theirs).await);
        assert!(!verify_password("another passwore", &theirs).await);
        // and ours again after the smaller one: the kept memory serves both sizes
        assert!(verify_password("correct horse battery", &ours).await);
    }

    #[test]
    fn the_unknown_user_hash_is_a_real_argon2id_hash_so_timing_does_not_tell() {
        let h = PasswordHash::new(DUMMY_HASH).expect("parses");
        assert_eq!(h.algorithm.as_str(), "argon2id");
    }

    #[test]
    fn secrets_are_random_and_hashes_stable() {
        let (a, b) = (new_secret("pst_"), new_secret("pst_"));
        assert_ne!(a, b);
        assert_eq!(a.len(), 68);
        assert_eq!(
            secret_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(check_password_strength("short").is_err());
        assert!(check_password_strength("long enough pw").is_ok());
    }
}
