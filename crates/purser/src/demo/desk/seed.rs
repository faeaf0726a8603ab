//! Files the demo desk's cases through the use cases: each [`Story`] is opened, answered,
//! noted, asked about, promised and resolved by the people of the demo, exactly as in the
//! console, so every case has its real conversation, SLA clocks, events and audit trail.
//!
//! Time is the one thing the use cases do not take: they stamp "now". Live cases are
//! therefore opened in the past (`open_case` takes the instant) at the share of their
//! first-response target their story asks for, so the SLA watcher finds some at risk and
//! some breached; what the agents did on them happened just now. Finished cases are played
//! at once and then moved back in time as a whole ([`crate::demo::desk::time`]).

use crate::demo::desk::stories::{self, Account, Age, Person, Step, Story};
use crate::demo::desk::time::{Targets, Timeline, business_ago, pace, past_timeline};
use crate::demo::desk::{Desk, Staff};
use anyhow::Context;
use jiff::{SignedDuration, Timestamp};
use purser_app::cases::conversation::{self, CallInput, NoteInput, RatingInput, ReplyInput};
use purser_app::cases::work::{
    self, AnswerInput, DecisionInput, FollowUpDone, FollowUpInput, GoodwillInput, StepInput,
    TaskInput,
};
use purser_app::cases::{self as app_cases, CaseInput, RefInput, sla_watch};
use purser_app::{AppError, Ctx};
use purser_domain::cases::calendar::BusinessCalendar;
use purser_domain::cases::complaint::GoodwillState;
use purser_domain::cases::sla::{SlaPolicy, choose_policy};
use purser_domain::cases::{CaseChannel, CaseType, Direction, Priority};
use purser_domain::customers::{CustomerStatus, Tier};
use purser_domain::roles::{Actor, CustomerScope, Role};
use purser_store::customers::ListQuery;
use purser_store::sea_query::{Expr, Query};
use purser_store::{Db, Store, Tx, contacts, contracts, customers, now_micros};
use uuid::Uuid;

/// How many customers of the book the stories draw from.
const ACCOUNTS: usize = 200;

/// The customers the stories are about, as [`super::stories`] sees them and as the store knows them.
pub struct Book {
    pub accounts: Vec<Account>,
    pub customers: Vec<Customer>,
}

pub struct Customer {
    pub id: Uuid,
    /// (contact id, e-mail) in the order of [`Account::contacts`].
    pub contacts: Vec<(Uuid, String)>,
}

/// Reads the first customers of the book by name, `first` (the portal user's company) first.
pub async fn read_book(store: &Store, first: Option<Uuid>) -> anyhow::Result<Book> {
    let mut db = store.clone();
    let (mut list, _) = customers::list(
        &mut db,
        &CustomerScope::All,
        &ListQuery {
            status: Some(CustomerStatus::Active),
            limit: ACCOUNTS as u64,
            ..Default::default()
        },
    )
    .await?;
    if let Some(id) = first {
        list.retain(|c| c.id != id);
        list.insert(0, customers::get(&mut db, id, &CustomerScope::All).await?);
    }
    let mut book = Book {
        accounts: Vec::new(),
        customers: Vec::new(),
    };
    for c in list {
        let people = contacts::list(&mut db, c.id, false).await?;
        let current = contracts::list(&mut db, c.id).await?.into_iter().next();
        book.accounts.push(Account {
            tier: c.tier,
            language: c.language,
            lanes: current
                .as_ref()
                .map(|k| {
                    k.lanes
                        .iter()
                        .map(|l| (l.from.clone(), l.to.clone()))
                        .collect()
                })
                .unwrap_or_default(),
            contacts: people
                .iter()
                .map(|p| Person {
                    name: p.name.clone(),
                    language: p.language,
                })
                .collect(),
            currency: current.map_or("USD".into(), |k| k.authority_limits.currency),
            shipments: Vec::new(),
        });
        book.customers.push(Customer {
            id: c.id,
            contacts: people
                .into_iter()
                .map(|p| (p.id, p.emails.into_iter().next().unwrap_or_default()))
                .collect(),
        });
    }
    anyhow::ensure!(!book.accounts.is_empty(), "the desk needs customers");
    Ok(book)
}

/// What seeding the desk made.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DeskSummary {
    pub cases: usize,
    pub active: usize,
    pub messages: usize,
    pub breached: u32,
    pub warned: u32,
}

/// The portal user of the demo, who files some of their company's cases themselves.
pub struct PortalUser {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub customer_id: Uuid,
}

/// Files [`stories::STORIES`] cases, oldest first, then lets the SLA watcher catch up.
pub async fn seed(
    store: &Store,
    desk: &Desk,
    book: &Book,
    portal: Option<&PortalUser>,
    seed: u64,
) -> anyhow::Result<DeskSummary> {
    let today = jiff::Zoned::now().date();
    let mut stories: Vec<(usize, Story)> = (0..stories::STORIES)
        .map(|i| (i, stories::story(seed, i, &book.accounts, today)))
        .collect();
    // numbers are handed out in filing order: file the oldest first
    stories.sort_by_key(|(i, s)| (std::cmp::Reverse(age_key(s)), *i));
    let mut summary = DeskSummary::default();
    let mut aged = Vec::new();
    for (index, story) in &stories {
        let played = play(store, desk, book, portal, seed, *index, story)
            .await
            .with_context(|| format!("demo case {index} ({})", story.subject))?;
        summary.cases += 1;
        summary.messages += story.messages();
        summary.active += usize::from(story.is_active());
        aged.push(played);
    }
    let mut tx = store.begin().await?;
    for p in &aged {
        p.timeline.apply(&mut tx, p.case_id, p.past).await?;
    }
    mark_replies_sent(&mut tx).await?;
    tx.commit().await?;
    // the watcher warns and escalates what the clocks say is due, as it will every 10 s
    for _ in 0..20 {
        let r = sla_watch::tick(store, now_micros())
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        summary.breached += r.breached;
        summary.warned += r.warned;
        if r.warned + r.breached + r.reminded + r.overdue == 0 {
            break;
        }
    }
    Ok(summary)
}

/// Older stories sort higher: finished ones by days ago, then live ones by the share of
/// their first-response target already gone.
fn age_key(s: &Story) -> u64 {
    match s.age {
        Age::Past { days, .. } => u64::from(days) * 24 * 60 + 24 * 60,
        Age::Recent { share_percent } => u64::from(share_percent),
    }
}

fn fail(e: AppError) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

/// A story played: the case it made and how to move its stamps into the past.
struct Played {
    case_id: Uuid,
    timeline: Timeline,
    /// Finished in the past: every stamp moves, clocks included.
    past: bool,
}

/// The SLA policy routing will pick for the story and the calendar its clocks count in.
struct Terms {
    targets: Targets,
    calendar: BusinessCalendar,
}

/// Predicts the case's policy (the domain's own choice over the desk's policies) and its
/// team's calendar (the desk's teams by lane and tier, as routing scores them). A wrong
/// guess only shifts the mix of SLA states; the clocks themselves are always the app's.
fn terms(desk: &Desk, tier: Tier, story: &Story) -> Terms {
    let view: Vec<SlaPolicy> = desk
        .policies
        .iter()
        .map(|p| SlaPolicy {
            id: p.id,
            tier: p.tier.as_deref().and_then(Tier::parse),
            contract_id: p.contract_id,
            case_type: p.case_type.as_deref().and_then(CaseType::parse),
            priority: p.priority.as_deref().and_then(Priority::parse),
        })
        .collect();
    let policy = choose_policy(&view, Some(tier), None, story.case_type, story.priority)
        .and_then(|c| desk.policies.iter().find(|p| p.id == c.id));
    let lane = story.lane.as_deref();
    let team = desk
        .teams
        .iter()
        .filter_map(|t| {
            let lane_hit = lane.is_some_and(|l| t.lanes.iter().any(|x| x == l));
            let tier_hit = t.tiers.contains(&tier);
            let miss = (!t.lanes.is_empty() && !lane_hit) || (!t.tiers.is_empty() && !tier_hit);
            (!miss).then_some((i32::from(lane_hit) * 2 + i32::from(tier_hit), t))
        })
        .max_by_key(|(score, t)| (*score, std::cmp::Reverse(t.name.clone())))
        .map(|(_, t)| t);
    let calendar = policy
        .and_then(|p| p.calendar_id)
        .or(team.and_then(|t| t.calendar_id))
        .and_then(|id| desk.calendar(id))
        .and_then(|c| BusinessCalendar::from_spec(&c.spec).ok())
        .unwrap_or_else(BusinessCalendar::always_open);
    Terms {
        targets: Targets {
            first: policy.and_then(|p| p.first_response_mins),
            next: policy.and_then(|p| p.next_response_mins),
            resolution: policy.and_then(|p| p.resolution_mins),
        },
        calendar,
    }
}

fn customer_ctx(name: &str, email: &str, customer_id: Uuid) -> Ctx {
    Ctx {
        actor: Actor {
            user_id: Uuid::nil(),
            role: Role::Customer,
            department: None,
            customer_id: Some(customer_id),
        },
        label: format!("{name} <{email}>"),
        request_id: None,
    }
}

async fn play(
    store: &Store,
    desk: &Desk,
    book: &Book,
    portal: Option<&PortalUser>,
    seed: u64,
    index: usize,
    story: &Story,
) -> anyhow::Result<Played> {
    let account = &book.accounts[story.account];
    let customer = &book.customers[story.account];
    let terms = terms(desk, account.tier, story);
    let now = Timestamp::now();
    let opened_at = match story.age {
        Age::Recent { share_percent } => {
            let target = SignedDuration::from_mins(terms.targets.first.unwrap_or(240));
            let business = target * i32::try_from(share_percent).unwrap_or(100) / 100;
            business_ago(&terms.calendar, now, business)
        }
        Age::Past { .. } => now,
    };
    let (contact_name, contact_email) = match story.contact {
        Some(k) => (
            account.contacts[k].name.clone(),
            customer.contacts[k].1.clone(),
        ),
        None => ("Customer".to_string(), String::new()),
    };
    let writer = customer_ctx(&contact_name, &contact_email, customer.id);
    let by_portal = story.channel == CaseChannel::Portal
        && portal.is_some_and(|p| p.customer_id == customer.id);
    let opener = match portal.filter(|_| by_portal) {
        Some(p) => Ctx {
            actor: Actor {
                user_id: p.id,
                role: Role::Customer,
                department: None,
                customer_id: Some(p.customer_id),
            },
            label: format!("{} <{}>", p.name, p.email),
            request_id: None,
        },
        None => Ctx::system(match story.channel {
            CaseChannel::Phone => "phone line",
            CaseChannel::Chat => "chat",
            _ => "mail intake",
        }),
    };
    let input = CaseInput {
        subject: story.subject.clone(),
        case_type: story.case_type,
        channel: Some(story.channel),
        priority: story.priority,
        customer_id: Some(customer.id),
        contact_id: story
            .contact
            .filter(|_| !by_portal)
            .map(|k| customer.contacts[k].0),
        team_id: None,
        tags: story.tags.clone(),
        lane: story.lane.clone(),
        refs: story
            .refs
            .iter()
            .map(|(kind, value)| RefInput {
                kind: *kind,
                value: value.clone(),
            })
            .collect(),
        message: Some(story.opening.clone()),
    };
    // stamps from here on belong to this story (a finished one is opened at `now`)
    let mut marks = vec![now.as_microsecond()];
    let mut tx = store.begin().await?;
    let case = app_cases::open_case(
        &mut tx,
        &opener,
        &input,
        &story.refs,
        opened_at.as_microsecond(),
    )
    .await
    .map_err(fail)?;
    tx.commit().await?;
    let id = case.id;
    let owner: &Staff = case
        .assignee_id
        .and_then(|a| desk.staff.iter().find(|s| s.id == a))
        .unwrap_or_else(|| desk.supervisor());
    let agent = owner.ctx();
    let mut task = None;
    let mut promise = None;
    for (n, step) in story.steps.iter().enumerate() {
        marks.push(now_micros());
        match step {
            Step::Customer(body) => {
                let at = match story.age {
                    // a live case nobody answered: the customer chased it in between
                    Age::Recent { .. } if n == 0 => {
                        let opened = opened_at.as_microsecond();
                        opened + (now.as_microsecond() - opened) * 2 / 3
                    }
                    _ => now_micros(),
                };
                let mut tx = store.begin().await?;
                let current = purser_store::cases::get(&mut tx, id, &CustomerScope::All).await?;
                conversation::inbound(
                    &mut tx,
                    &writer,
                    &current,
                    &contact_name,
                    body,
                    serde_json::json!({}),
                    at,
                )
                .await
                .map_err(fail)?;
                tx.commit().await?;
            }
            Step::Reply { body, status } => {
                let input = ReplyInput {
                    body: body.clone(),
                    status: *status,
                    attachments: vec![],
                    cc: vec![],
                    bcc: vec![],
                };
                conversation::reply(store, &agent, id, input)
                    .await
                    .map_err(fail)?;
            }
            Step::Note(body) => {
                let input = NoteInput {
                    body: body.clone(),
                    mentions: vec![],
                    attachments: vec![],
                };
                conversation::note(store, &agent, id, input)
                    .await
                    .map_err(fail)?;
            }
            Step::Call { summary, minutes } => {
                let input = CallInput {
                    direction: Direction::Outbound,
                    duration_secs: minutes * 60,
                    summary: summary.clone(),
                };
                conversation::log_call(store, &agent, id, input)
                    .await
                    .map_err(fail)?;
            }
            Step::Ask {
                department,
                question,
            } => {
                let due = Timestamp::now() + SignedDuration::from_hours(24);
                let input = TaskInput {
                    department: *department,
                    question: question.clone(),
                    due_at: due.to_string(),
                };
                let t = work::ask_department(store, &agent, id, input)
                    .await
                    .map_err(fail)?;
                task = Some((t.id, *department));
            }
            Step::Answer(answer) => {
                let (task_id, department) = task.take().context("an answer needs a question")?;
                let by = desk.department_user(department).unwrap_or(owner);
                let input = AnswerInput {
                    answer: answer.clone(),
                };
                work::answer_task(store, &by.ctx(), task_id, input)
                    .await
                    .map_err(fail)?;
            }
            Step::Promise { action, hours } => {
                let due = Timestamp::now() + SignedDuration::from_hours(i64::from(*hours));
                let input = FollowUpInput {
                    action: action.clone(),
                    due_at: due.to_string(),
                    remind_mins: 30,
                };
                let f = work::promise(store, &agent, id, input)
                    .await
                    .map_err(fail)?;
                promise = Some(f.id);
            }
            Step::Keep(outcome) => {
                let f = promise.take().context("keeping needs a promise")?;
                let input = FollowUpDone {
                    outcome: outcome.clone(),
                    tell_customer: false,
                };
                work::keep_promise(store, &agent, id, f, input)
                    .await
                    .map_err(fail)?;
            }
            Step::Complaint { step, note } => {
                let input = StepInput {
                    step: *step,
                    note: note.clone(),
                };
                work::complaint_step(store, &agent, id, input)
                    .await
                    .map_err(fail)?;
            }
            Step::Goodwill {
                kind,
                amount,
                currency,
                reason,
            } => {
                let input = GoodwillInput {
                    kind: *kind,
                    amount: format!("{amount}.00"),
                    currency: currency.clone(),
                    reason: reason.clone(),
                };
                let g = work::request_goodwill(store, &agent, id, input)
                    .await
                    .map_err(fail)?;
                // the supervisor decided long ago on finished cases; live ones still wait
                if g.state == GoodwillState::AwaitingApproval
                    && matches!(story.age, Age::Past { .. })
                {
                    let sam = desk.supervisor().ctx();
                    work::decide_goodwill(store, &sam, id, g.id, DecisionInput { approve: true })
                        .await
                        .map_err(fail)?;
                }
            }
            Step::Status(to) => {
                app_cases::change_status(store, &agent, id, None, *to)
                    .await
                    .map_err(fail)?;
            }
            Step::Rate { score, comment } => {
                let input = RatingInput {
                    score: *score,
                    comment: comment.clone(),
                };
                conversation::rate(store, &writer, id, input)
                    .await
                    .map_err(fail)?;
            }
        }
    }
    marks.push(now_micros());
    let timeline = match story.age {
        Age::Recent { .. } => Timeline {
            // only what opening the case stamped moves back to when it was opened
            segments: vec![(marks[0], opened_at.as_microsecond()), (marks[1], marks[1])],
        },
        Age::Past { days, hour, minute } => {
            let pace = pace(seed, index, story, terms.targets);
            past_timeline(&marks, &pace, days, hour, minute, &terms.calendar)
        }
    };
    Ok(Played {
        case_id: id,
        timeline,
        past: matches!(story.age, Age::Past { .. }),
    })
}

/// The demo's replies went to invented addresses: they count as sent, so no mail worker
/// ever delivers them.
async fn mark_replies_sent(tx: &mut Tx) -> anyhow::Result<()> {
    use purser_store::sea_query::ExprTrait;
    let jobs = Query::select()
        .column("outbox_id")
        .from("case_messages")
        .and_where(Expr::col("outbox_id").is_not_null())
        .take();
    let q = Query::update()
        .table("outbox")
        .value("done_at", Expr::col("created_at"))
        .and_where(Expr::col("id").in_subquery(jobs))
        .take();
    tx.execute(&q).await?;
    let q = Query::update()
        .table("case_messages")
        .value("delivery", "sent")
        .and_where(Expr::col("outbox_id").is_not_null())
        .take();
    tx.execute(&q).await?;
    Ok(())
}
