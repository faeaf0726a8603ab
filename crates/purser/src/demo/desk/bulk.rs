//! Years of desk history in minutes: cases, their conversations, references and live SLA
//! clocks generated row by row and written through `purser_store::bulk`, for large demos
//! (`purser demo --scale N`) and load tests (`purser bench seed-cases`).
//!
//! The shape is a busy line's: most cases closed, the newest few percent still open and
//! spread over the teams' members (some left in the queue), each open case with the clocks
//! its SLA policy starts, read by the domain's own clock arithmetic in its team's calendar,
//! so the inboxes, the at-risk view and a later recompute all agree with what is stored.
//! Case `i` of a seed is always the same case (apart from ids and stamps relative to now).

use crate::demo::book::{Rng, Stream, pick_of};
use crate::demo::desk::stories::container_number;
use anyhow::Context;
use jiff::{SignedDuration, Timestamp};
use purser_domain::cases::calendar::BusinessCalendar;
use purser_domain::cases::refs::RefKind;
use purser_domain::cases::sla::{self as rules, ClockState, SlaPolicy, Target};
use purser_domain::cases::state::CaseStatus;
use purser_domain::cases::{CaseChannel, CaseType, Direction, MessageKind, Priority, case_number};
use purser_domain::customers::{Language, Tier};
use purser_store::bulk::{self, CaseRow, MessageRow, Party, RefRow};
use purser_store::cases::NO_DEADLINE;
use purser_store::sla::{ClockRow, Policy};
use purser_store::{Store, new_id, sla, teams, users};
use std::collections::BTreeMap;
use uuid::Uuid;

/// Loaded cases per unit of demo scale above 1 (scale 500: about a million).
pub const CASES_PER_SCALE: usize = 2_000;
/// Cases generated and written together; a transaction holds [`PER_COMMIT`] of them.
const CHUNK: usize = 5_000;
const PER_COMMIT: usize = 50_000;
/// Customers the cases are spread over, at most.
const PARTIES: u64 = 200_000;

const MINUTE: i64 = 60_000_000;
const DAY: i64 = 24 * 60 * MINUTE;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub seed: u64,
    pub cases: usize,
    pub messages_per_case: usize,
    /// Share of the cases still open (the newest ones).
    pub active_percent: u32,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Loaded {
    pub cases: usize,
    pub active: usize,
    pub messages: usize,
    pub clocks: usize,
    pub refs: usize,
}

/// A team as loading needs it: its members and the calendar its clocks count in.
struct Queue {
    id: Uuid,
    name: String,
    lanes: Vec<String>,
    members: Vec<(Uuid, String)>,
    calendar: BusinessCalendar,
}

/// What the generator draws from: the desk as configured, the customers, and now.
pub struct World {
    queues: Vec<Queue>,
    policies: Vec<Policy>,
    rules: Vec<SlaPolicy>,
    parties: Vec<Party>,
    now: i64,
}

impl World {
    pub async fn read(store: &Store) -> anyhow::Result<World> {
        let mut db = store.clone();
        let parties = bulk::parties(&mut db, PARTIES).await?;
        anyhow::ensure!(
            !parties.is_empty(),
            "no customers to load cases for: run `purser demo` first"
        );
        let calendars = sla::calendars(&mut db).await?;
        let calendar_of = |id: Option<Uuid>| {
            id.and_then(|id| calendars.iter().find(|c| c.id == id))
                .and_then(|c| BusinessCalendar::from_spec(&c.spec).ok())
                .unwrap_or_else(BusinessCalendar::always_open)
        };
        let mut queues = Vec::new();
        for t in teams::all(&mut db).await? {
            let mut members = Vec::new();
            for u in teams::members(&mut db, t.id).await? {
                members.push((u, users::get(&mut db, u).await?.name));
            }
            queues.push(Queue {
                id: t.id,
                name: t.name,
                lanes: t.lanes,
                members,
                calendar: calendar_of(t.calendar_id),
            });
        }
        anyhow::ensure!(
            queues.iter().any(|q| !q.members.is_empty()),
            "no team has members: run `purser demo` first"
        );
        let policies = sla::policies(&mut db).await?;
        let rules = policies
            .iter()
            .map(|p| SlaPolicy {
                id: p.id,
                tier: p.tier.as_deref().and_then(Tier::parse),
                contract_id: p.contract_id,
                case_type: p.case_type.as_deref().and_then(CaseType::parse),
                priority: p.priority.as_deref().and_then(Priority::parse),
            })
            .collect();
        Ok(World {
            queues,
            policies,
            rules,
            parties,
            now: Timestamp::now().as_microsecond(),
        })
    }
}

/// One generated case and everything written with it.
pub struct Generated {
    pub case: CaseRow,
    pub messages: Vec<MessageRow>,
    pub refs: Vec<RefRow>,
    pub clocks: Vec<ClockRow>,
    /// The year its number counts in.
    pub year: i16,
}

/// Writes `plan.cases` cases after those already numbered, oldest first, in big
/// transactions; `progress(done, total)` after each chunk.
pub async fn load(
    store: &Store,
    plan: &Plan,
    progress: &dyn Fn(usize, usize),
) -> anyhow::Result<Loaded> {
    let world = World::read(store).await?;
    let mut counters: BTreeMap<i16, i64> = BTreeMap::new();
    let mut loaded = Loaded::default();
    let mut tx = store.begin().await?;
    let mut in_tx = 0;
    for start in (0..plan.cases).step_by(CHUNK) {
        let end = (start + CHUNK).min(plan.cases);
        let (mut cases, mut messages, mut refs, mut clocks) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for i in start..end {
            let mut g = generate(&world, plan, i);
            let next = match counters.get(&g.year) {
                Some(n) => n + 1,
                None => bulk::counter(&mut tx, &format!("case-{}", g.year)).await? + 1,
            };
            counters.insert(g.year, next);
            g.case.number = case_number(g.year, next);
            loaded.active += usize::from(g.case.status.is_active());
            cases.push(g.case);
            messages.extend(g.messages);
            refs.extend(g.refs);
            clocks.extend(g.clocks);
        }
        bulk::insert_cases(&mut tx, &cases).await?;
        bulk::insert_messages(&mut tx, &messages).await?;
        bulk::insert_refs(&mut tx, &refs).await?;
        bulk::insert_clocks(&mut tx, &clocks).await?;
        loaded.cases += cases.len();
        loaded.messages += messages.len();
        loaded.refs += refs.len();
        loaded.clocks += clocks.len();
        in_tx += cases.len();
        if in_tx >= PER_COMMIT {
            for (year, n) in &counters {
                bulk::raise_counter(&mut tx, &format!("case-{year}"), *n).await?;
            }
            tx.commit().await?;
            tx = store.begin().await?;
            in_tx = 0;
        }
        progress(end, plan.cases);
    }
    for (year, n) in &counters {
        bulk::raise_counter(&mut tx, &format!("case-{year}"), *n).await?;
    }
    tx.commit().await?;
    bulk::analyze(&mut store.clone(), bulk::DESK_TABLES)
        .await
        .context("refreshing the planner's statistics")?;
    Ok(loaded)
}

/// Case `i` of the plan: pure apart from fresh ids.
pub fn generate(world: &World, plan: &Plan, i: usize) -> Generated {
    let mut rng = Rng::new(plan.seed, Stream::BulkCase, i);
    let active_from = plan.cases - plan.cases * plan.active_percent.min(100) as usize / 100;
    let active = i >= active_from;
    // closed history spreads over two years; open cases came in over the last ten days
    let created = if active {
        let n = (plan.cases - active_from).max(1) as i64;
        world.now - 10 * DAY + (i - active_from) as i64 * (10 * DAY - 30 * MINUTE) / n
    } else {
        let n = active_from.max(1) as i64;
        world.now - 730 * DAY + i as i64 * (720 * DAY) / n
    } + rng.below(20) as i64 * MINUTE;
    let party = pick_of(&mut rng, &world.parties).clone();
    let kind = *pick_of(&mut rng, KINDS);
    let queue = loop {
        let q = pick_of(&mut rng, &world.queues);
        if !q.members.is_empty() {
            break q;
        }
    };
    let lane = (!queue.lanes.is_empty()).then(|| pick_of(&mut rng, &queue.lanes).clone());
    let priority = match kind.0 {
        CaseType::Complaint => Priority::High,
        CaseType::RateRequest => Priority::Low,
        _ if rng.percent(5) => Priority::Urgent,
        _ if rng.percent(15) => Priority::High,
        _ => Priority::Normal,
    };
    let status = if active {
        rng.weighted(&[
            (CaseStatus::New, 25),
            (CaseStatus::Open, 35),
            (CaseStatus::WaitingOnCustomer, 20),
            (CaseStatus::WaitingOnInternal, 12),
            (CaseStatus::OnHold, 8),
        ])
    } else if i + plan.cases / 50 >= active_from {
        CaseStatus::Resolved
    } else {
        CaseStatus::Closed
    };
    let assignee = if active && rng.percent(10) {
        None
    } else {
        Some(pick_of(&mut rng, &queue.members).clone())
    };
    let zh = party.language == Language::ZhTw;
    let container = container_number(&mut rng);
    let booking = format!("KHH{}", rng.digits("#########"));
    let id = new_id();
    let n = plan.messages_per_case.max(1);
    // the conversation: customer and agent in turn, an internal note in the middle
    let mut at = created;
    let mut messages = Vec::with_capacity(n);
    let mut first_response = None;
    for seq in 1..=n {
        // customer first, then agent and customer in turn with a note every fourth; the last
        // word is the customer's on a new or reopened case, the desk's otherwise
        let customer = match status {
            _ if seq == 1 => true,
            CaseStatus::New | CaseStatus::Open if seq == n => true,
            CaseStatus::New => seq % 4 != 0,
            _ if seq == n => false,
            _ => seq % 2 == 1,
        };
        let (kind_, direction) = if customer {
            (MessageKind::Public, Direction::Inbound)
        } else if seq % 4 == 0 {
            (MessageKind::Note, Direction::Outbound)
        } else {
            (MessageKind::Public, Direction::Outbound)
        };
        let agent = kind_ != MessageKind::Public || direction == Direction::Outbound;
        if agent && kind_ == MessageKind::Public && first_response.is_none() {
            first_response = Some(at);
        }
        let (author_id, author_name) = match (agent, &assignee) {
            (true, Some((u, name))) => (Some(*u), name.clone()),
            (true, None) => (None, queue.name.clone()),
            (false, _) => (None, "Customer".to_string()),
        };
        messages.push(MessageRow {
            id: new_id(),
            case_id: id,
            seq: seq as i64,
            kind: kind_,
            direction,
            author_id,
            author_name,
            body: body(&mut rng, kind.0, kind_, direction, zh, &container, &booking),
            created_at: at,
        });
        let step = if active {
            rng.below(90) as i64 + 5
        } else {
            rng.below(600) as i64 + 10
        };
        at = (at + step * MINUTE).min(world.now - MINUTE);
    }
    let last_message_at = messages.last().map_or(created, |m| m.created_at);
    let policy_id =
        rules::choose_policy(&world.rules, Some(party.tier), None, kind.0, priority).map(|p| p.id);
    let policy = policy_id.and_then(|p| world.policies.iter().find(|x| x.id == p));
    let resolved_at = (!active).then_some(last_message_at + 5 * MINUTE);
    let (clocks, due_at, warn_at, sla_state) = match policy {
        Some(p) if active => clocks(
            id,
            p,
            &queue.calendar,
            status,
            created,
            first_response,
            last_message_at,
            world.now,
        ),
        _ => (vec![], NO_DEADLINE, NO_DEADLINE, "ok"),
    };
    let (subject_en, subject_zh) = kind.1;
    let subject = if zh { subject_zh } else { subject_en }
        .replace("{container}", &container)
        .replace("{booking}", &booking);
    let mut refs = vec![RefRow {
        case_id: id,
        kind: RefKind::Container,
        value: container.clone(),
    }];
    if rng.percent(40) {
        refs.push(RefRow {
            case_id: id,
            kind: RefKind::Booking,
            value: booking.clone(),
        });
    }
    let updated = resolved_at.unwrap_or(last_message_at).min(world.now);
    let year = Timestamp::from_microsecond(created)
        .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).year())
        .unwrap_or(2026);
    Generated {
        case: CaseRow {
            id,
            number: String::new(),
            subject,
            case_type: kind.0,
            channel: if rng.percent(85) {
                CaseChannel::Email
            } else {
                CaseChannel::Portal
            },
            status,
            priority,
            language: party.language,
            customer_id: Some(party.customer_id),
            contact_id: party.contact_id,
            team_id: Some(queue.id),
            assignee_id: assignee.as_ref().map(|a| a.0),
            assign_reason: match &assignee {
                Some(_) => format!("{} — least loaded available agent", queue.name),
                None => format!("{} — no available agent with capacity", queue.name),
            },
            tags: vec![kind.2.to_string()],
            lane,
            sla_policy_id: policy_id,
            first_response_at: first_response,
            resolved_at,
            due_at,
            warn_at,
            sla_state,
            last_message_at,
            message_count: n as i64,
            rating: (!active && rng.percent(20)).then(|| rng.range(3, 5) as i64),
            created_at: created,
            updated_at: updated,
        },
        messages,
        refs,
        clocks,
        year,
    }
}

/// The clocks of an open case as the use cases would have left them, read at `now`:
/// first response (stopped once answered), next response (running after the customer's
/// latest message when answered before) and resolution (paused while waiting on the
/// customer). Returns them with the case's earliest deadline, warning and worst state.
#[allow(clippy::too_many_arguments)]
fn clocks(
    case_id: Uuid,
    policy: &Policy,
    cal: &BusinessCalendar,
    status: CaseStatus,
    created: i64,
    first_response: Option<i64>,
    last_message: i64,
    now: i64,
) -> (Vec<ClockRow>, i64, i64, &'static str) {
    let ts = |v: i64| Timestamp::from_microsecond(v).unwrap_or(Timestamp::MAX);
    let warn = policy.warn_percent.clamp(1, 100) as u8;
    // (target, minutes, started, stopped, pauses)
    type Planned = (Target, i64, i64, Option<i64>, Vec<(i64, Option<i64>)>);
    let mut plan: Vec<Planned> = Vec::new();
    if let Some(m) = policy.first_response_mins {
        plan.push((Target::FirstResponse, m, created, first_response, vec![]));
    }
    if let (Some(m), Some(_), CaseStatus::Open) =
        (policy.next_response_mins, first_response, status)
    {
        plan.push((Target::NextResponse, m, last_message, None, vec![]));
    }
    if let Some(m) = policy.resolution_mins {
        let pauses = if status == CaseStatus::WaitingOnCustomer {
            vec![(last_message, None)]
        } else {
            vec![]
        };
        plan.push((Target::Resolution, m, created, None, pauses));
    }
    let (mut due, mut warn_at, mut worst) = (NO_DEADLINE, NO_DEADLINE, "ok");
    let mut rows = Vec::with_capacity(plan.len());
    for (target, mins, started, stopped, pauses) in plan {
        let clock = rules::Clock {
            started: ts(started),
            target: SignedDuration::from_mins(mins),
            pauses: pauses.iter().map(|(a, b)| (ts(*a), b.map(ts))).collect(),
            stopped: stopped.map(ts),
        };
        let r = clock.read(cal, warn, ts(now));
        let row = ClockRow {
            case_id,
            target,
            started_at: started,
            target_mins: mins,
            pauses,
            stopped_at: stopped,
            due_at: r.due_at.map(|t| t.as_microsecond()),
            warn_at: r.warn_at.map(|t| t.as_microsecond()),
            state: r.state,
            // the watcher has seen what is past: warnings and breaches are recorded
            warned_at: match r.state {
                ClockState::Warning | ClockState::Breached => r.warn_at.map(|t| t.as_microsecond()),
                _ => None,
            },
            breached_at: match r.state {
                ClockState::Breached => r.due_at.map(|t| t.as_microsecond()),
                _ => None,
            },
        };
        if stopped.is_none() {
            due = due.min(row.due_at.unwrap_or(NO_DEADLINE));
            warn_at = warn_at.min(row.warn_at.unwrap_or(NO_DEADLINE));
            worst = match (worst, r.state) {
                (_, ClockState::Breached) | ("breached", _) => "breached",
                (_, ClockState::Warning) | ("warning", _) => "warning",
                (_, ClockState::Paused) | ("paused", _) => "paused",
                _ => "ok",
            };
        }
        rows.push(row);
    }
    (rows, due, warn_at, worst)
}

/// (type, subject in English and Chinese, tag)
type Kind = (CaseType, (&'static str, &'static str), &'static str);

const KINDS: &[Kind] = &[
    (
        CaseType::Inquiry,
        ("ETA of container {container}", "貨櫃 {container} 到港時間"),
        "eta",
    ),
    (
        CaseType::Inquiry,
        ("ETA of container {container}", "貨櫃 {container} 到港時間"),
        "eta",
    ),
    (
        CaseType::BlAmendment,
        (
            "B/L amendment for booking {booking}",
            "訂艙 {booking} 提單更正",
        ),
        "bl-amendment",
    ),
    (
        CaseType::RateRequest,
        (
            "Rate request, booking {booking}",
            "詢價（參考訂艙 {booking}）",
        ),
        "rate",
    ),
    (
        CaseType::Request,
        (
            "Demurrage invoice for {container}",
            "貨櫃 {container} 延滯費帳單",
        ),
        "demurrage",
    ),
    (
        CaseType::Request,
        (
            "Move booking {booking} to the next vessel",
            "訂艙 {booking} 改下一航次",
        ),
        "booking-change",
    ),
    (
        CaseType::Complaint,
        (
            "Complaint: {container} rolled over",
            "客訴：貨櫃 {container} 被甩櫃",
        ),
        "complaint",
    ),
    (
        CaseType::CargoClaim,
        ("Damaged cargo in {container}", "貨櫃 {container} 貨損"),
        "claim",
    ),
];

fn body(
    rng: &mut Rng,
    case_type: CaseType,
    kind: MessageKind,
    direction: Direction,
    zh: bool,
    container: &str,
    booking: &str,
) -> String {
    let table: &[(&str, &str)] = match (kind, direction) {
        (MessageKind::Note, _) => NOTES,
        (_, Direction::Outbound) => ANSWERS,
        _ if case_type == CaseType::Complaint => COMPLAINTS,
        _ => QUESTIONS,
    };
    let (en, local) = *pick_of(rng, table);
    if zh { local } else { en }
        .replace("{container}", container)
        .replace("{booking}", booking)
}

const QUESTIONS: &[(&str, &str)] = &[
    (
        "Hello,\n\nCould you confirm the current ETA of container {container} (booking \
         {booking})? The consignee needs to arrange trucking.\n\nThank you",
        "您好：\n\n請確認貨櫃 {container}（訂艙 {booking}）目前預計到港時間，收貨人需要安排拖車。\n\n謝謝",
    ),
    (
        "Dear team,\n\nPlease amend the notify party on the B/L for booking {booking}; the \
         corrected details are below.\n\nRegards",
        "您好：\n\n訂艙 {booking} 的提單通知方需要更正，正確資料如下。\n\n謝謝",
    ),
    (
        "Hi,\n\nWe received a demurrage invoice for {container} but returned the box within \
         the free time. Please check.\n\nBest regards",
        "您好：\n\n我們收到貨櫃 {container} 的延滯費帳單，但已於免費期內還櫃，請查明。\n\n謝謝",
    ),
    (
        "Any update on this, please? Our customer keeps asking.",
        "請問有進一步消息嗎？我們客戶一直在追。",
    ),
];

const COMPLAINTS: &[(&str, &str)] = &[(
    "Container {container} was rolled again without notice. This is not acceptable; please \
     escalate.",
    "貨櫃 {container} 又在未通知的情況下被甩櫃，無法接受，請升級處理。",
)];

const ANSWERS: &[(&str, &str)] = &[
    (
        "Dear customer,\n\nContainer {container} is on board and expected at the port of \
         discharge within five days. We will let you know of any change.\n\nBest regards",
        "您好：\n\n貨櫃 {container} 已裝船，預計五天內抵達卸貨港，如有變動會再通知。\n\n敬祝 商祺",
    ),
    (
        "Dear customer,\n\nThe amendment for booking {booking} is done; the revised draft is \
         in the portal.\n\nBest regards",
        "您好：\n\n訂艙 {booking} 的更正已完成，新草稿已上傳至客戶入口網站。\n\n敬祝 商祺",
    ),
    (
        "Dear customer,\n\nWe are checking with the terminal and will come back to you \
         today.\n\nBest regards",
        "您好：\n\n我們正與碼頭確認中，今天內回覆您。\n\n敬祝 商祺",
    ),
];

const NOTES: &[(&str, &str)] = &[
    (
        "Checked the vessel schedule; one day behind at the transhipment port.",
        "已查船期，轉運港延誤一天。",
    ),
    (
        "Asked operations to confirm; waiting for their answer.",
        "已請營運部確認，等待回覆。",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use purser_domain::cases::calendar::CalendarSpec;
    use purser_domain::ids::ContainerNumber;

    fn world() -> World {
        let cal = BusinessCalendar::from_spec(&CalendarSpec {
            time_zone: "Asia/Taipei".into(),
            weekly: (0..7)
                .map(|d| {
                    if d < 5 {
                        vec!["09:00-18:00".into()]
                    } else {
                        vec![]
                    }
                })
                .collect(),
            holidays: vec![],
        })
        .unwrap();
        let policy = Policy {
            id: Uuid::from_u128(9),
            name: "Gold".into(),
            position: 0,
            tier: None,
            contract_id: None,
            case_type: None,
            priority: None,
            first_response_mins: Some(120),
            next_response_mins: Some(240),
            resolution_mins: Some(1080),
            warn_percent: 75,
            calendar_id: None,
            escalate_raise_priority: false,
            escalate_to_team_id: None,
            created_at: 0,
            updated_at: 0,
            version: 0,
        };
        World {
            queues: (0..4)
                .map(|t| Queue {
                    id: Uuid::from_u128(100 + t),
                    name: format!("Team {t}"),
                    lanes: vec!["TW-US".into()],
                    members: (0..10)
                        .map(|m| (Uuid::from_u128(1000 + t * 10 + m), format!("Agent {m}")))
                        .collect(),
                    calendar: cal.clone(),
                })
                .collect(),
            rules: vec![SlaPolicy {
                id: policy.id,
                tier: None,
                contract_id: None,
                case_type: None,
                priority: None,
            }],
            policies: vec![policy],
            parties: (0..50)
                .map(|c| Party {
                    customer_id: Uuid::from_u128(5000 + c),
                    tier: Tier::Gold,
                    language: if c % 3 == 0 {
                        Language::ZhTw
                    } else {
                        Language::En
                    },
                    contact_id: Some(Uuid::from_u128(9000 + c)),
                })
                .collect(),
            now: "2026-11-23T06:00:00Z"
                .parse::<Timestamp>()
                .unwrap()
                .as_microsecond(),
        }
    }

    fn plan() -> Plan {
        Plan {
            seed: 42,
            cases: 2_000,
            messages_per_case: 5,
            active_percent: 5,
        }
    }

    #[test]
    fn a_seed_gives_the_same_cases_and_the_planned_counts() {
        let (w, p) = (world(), plan());
        let a: Vec<Generated> = (0..p.cases).map(|i| generate(&w, &p, i)).collect();
        let b: Vec<Generated> = (0..p.cases).map(|i| generate(&w, &p, i)).collect();
        let strip = |g: &Generated| {
            (
                g.case.subject.clone(),
                g.case.status,
                g.case.assignee_id,
                g.case.due_at,
                g.messages
                    .iter()
                    .map(|m| m.body.clone())
                    .collect::<Vec<_>>(),
            )
        };
        assert!(a.iter().zip(&b).all(|(x, y)| strip(x) == strip(y)));
        assert_eq!(a.iter().filter(|g| g.case.status.is_active()).count(), 100);
        assert!(a.iter().all(|g| g.messages.len() == 5));
        for g in &a {
            let seqs: Vec<i64> = g.messages.iter().map(|m| m.seq).collect();
            assert_eq!(seqs, vec![1, 2, 3, 4, 5]);
            assert!(
                g.messages
                    .windows(2)
                    .all(|m| m[0].created_at <= m[1].created_at)
            );
            ContainerNumber::parse(&g.refs[0].value).unwrap();
        }
    }

    #[test]
    fn open_cases_carry_live_clocks_and_closed_ones_no_deadline() {
        let (w, p) = (world(), plan());
        let all: Vec<Generated> = (0..p.cases).map(|i| generate(&w, &p, i)).collect();
        for g in &all {
            if g.case.status.is_active() {
                assert!(!g.clocks.is_empty());
                let running = g.clocks.iter().filter(|c| c.stopped_at.is_none());
                let earliest = running
                    .filter_map(|c| c.due_at)
                    .min()
                    .unwrap_or(NO_DEADLINE);
                assert_eq!(g.case.due_at, earliest);
                if g.case.status == CaseStatus::New {
                    assert_eq!(g.case.first_response_at, None);
                }
            } else {
                assert!(g.clocks.is_empty());
                assert_eq!((g.case.due_at, g.case.warn_at), (NO_DEADLINE, NO_DEADLINE));
            }
        }
        let states: std::collections::BTreeSet<&str> = all
            .iter()
            .filter(|g| g.case.status.is_active())
            .map(|g| g.case.sla_state)
            .collect();
        assert!(
            states.contains("breached") && states.contains("paused"),
            "{states:?}"
        );
        let owners: std::collections::BTreeSet<Uuid> =
            all.iter().filter_map(|g| g.case.assignee_id).collect();
        assert!(owners.len() >= 30, "{} owners", owners.len());
    }
}
