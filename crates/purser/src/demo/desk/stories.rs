//! Demo desk stories: the cases of the demo, each a short script of what the customer wrote
//! and what the desk did, in English or Traditional Chinese.
//!
//! Like the customer book, generation is pure: [`story`]`(seed, index, accounts, today)`
//! draws one [`Story`] from its own SplitMix64 stream, so a seed gives the same desk on a
//! given day and the tests need no database. [`crate::demo::desk`] plays the stories through the
//! use cases. References are real-looking: B/L and booking numbers of the line, container
//! numbers with a valid ISO 6346 check digit.

use crate::demo::book::{Rng, Stream, pick_of};
use jiff::Span;
use jiff::civil::Date;
use purser_domain::cases::complaint::{ComplaintStep, GoodwillKind};
use purser_domain::cases::refs::RefKind;
use purser_domain::cases::state::CaseStatus;
use purser_domain::cases::{CaseChannel, CaseType, Priority};
use purser_domain::customers::{Language, Tier};
use purser_domain::ids::iso6346_check_digit;
use purser_domain::roles::Department;

/// Stories played through the use cases, at every scale.
pub const STORIES: usize = 320;

/// A customer as the stories need it: who writes, in which language, on which lanes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub tier: Tier,
    pub language: Language,
    /// (port of loading, port of discharge) UN/LOCODEs of the customer's contract lanes.
    pub lanes: Vec<(String, String)>,
    pub contacts: Vec<Person>,
    /// Currency of the customer's contract (goodwill is granted in it).
    pub currency: String,
    /// The customer's shipments in track and trace: a story about a box names one of them,
    /// so the case can be worked end to end (empty: the story draws references of its own).
    pub shipments: Vec<Shipped>,
}

/// A shipment of the customer as a story names it, read off the track-and-trace plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shipped {
    pub booking: String,
    pub bl: String,
    pub container: String,
    pub vessel: String,
    pub voyage: String,
    /// UN/LOCODEs of the ports of loading and discharge.
    pub pol: String,
    pub pod: String,
    /// The day the story's time is nearest to: sailing from the port of loading.
    pub sails: Date,
    /// Arrival at the port of discharge as planned, and as the vessel now runs.
    pub arrives: Date,
    pub expected: Date,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub language: Language,
}

/// One case of the demo desk: how it was opened and what happened since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Story {
    /// Position in the accounts given to [`story`].
    pub account: usize,
    /// Position in the account's contacts of the person who wrote.
    pub contact: Option<usize>,
    pub language: Language,
    pub case_type: CaseType,
    pub priority: Priority,
    pub channel: CaseChannel,
    /// `TW-US`: the countries of the ports of loading and discharge.
    pub lane: Option<String>,
    pub tags: Vec<String>,
    pub refs: Vec<(RefKind, String)>,
    pub subject: String,
    /// The customer's first message.
    pub opening: String,
    pub age: Age,
    pub steps: Vec<Step>,
}

/// When the story began.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Age {
    /// A live case, opened this share (percent) of its first-response target ago in
    /// business time: under the warning share it is fine, past 100 it has breached.
    Recent { share_percent: u32 },
    /// History: opened `days` ago at this local office time; the steps then followed at a
    /// working pace, each `pace` per mille of the time its SLA target allows.
    Past { days: u32, hour: i8, minute: i8 },
}

/// What happened on the case after it was opened, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The customer writes again (e-mail).
    Customer(String),
    /// The owner answers in public, then moves the case to `status` if given.
    Reply {
        body: String,
        status: Option<CaseStatus>,
    },
    /// An internal note; `@sam` style handles in it notify colleagues.
    Note(String),
    Call {
        summary: String,
        minutes: u32,
    },
    Ask {
        department: Department,
        question: String,
    },
    /// The department answers the last question asked.
    Answer(String),
    /// A follow-up promised to the customer, due `hours` after it is made.
    Promise {
        action: String,
        hours: u32,
    },
    /// The last promise is kept, with this outcome.
    Keep(String),
    Complaint {
        step: ComplaintStep,
        note: String,
    },
    Goodwill {
        kind: GoodwillKind,
        amount: u32,
        currency: String,
        reason: String,
    },
    Status(CaseStatus),
    /// The customer rates the answer in the portal.
    Rate {
        score: u8,
        comment: String,
    },
}

impl Step {
    /// Whether the step adds an entry to the conversation others than Purser wrote.
    pub fn is_message(&self) -> bool {
        matches!(
            self,
            Step::Customer(_)
                | Step::Reply { .. }
                | Step::Note(_)
                | Step::Call { .. }
                | Step::Answer(_)
        )
    }
}

impl Story {
    /// Messages people wrote: the opening and every message step.
    pub fn messages(&self) -> usize {
        1 + self.steps.iter().filter(|s| s.is_message()).count()
    }

    /// Whether the case is still open at the end of the story.
    pub fn is_active(&self) -> bool {
        !self.steps.iter().any(|s| {
            matches!(
                s,
                Step::Status(CaseStatus::Resolved | CaseStatus::Closed)
                    | Step::Reply {
                        status: Some(CaseStatus::Resolved),
                        ..
                    }
            )
        })
    }

    /// The status the story leaves the case in.
    #[cfg(test)]
    pub fn final_status(&self) -> CaseStatus {
        let mut status = CaseStatus::New;
        for s in &self.steps {
            status = match s {
                Step::Reply { status: to, .. } => match (status, to) {
                    (_, Some(to)) => *to,
                    (CaseStatus::New, None) => CaseStatus::Open,
                    (s, None) => s,
                },
                Step::Customer(_) => match status {
                    CaseStatus::WaitingOnCustomer | CaseStatus::Resolved => CaseStatus::Open,
                    s => s,
                },
                Step::Ask { .. } => CaseStatus::WaitingOnInternal,
                Step::Answer(_) if status == CaseStatus::WaitingOnInternal => CaseStatus::Open,
                Step::Status(to) => *to,
                _ => status,
            };
        }
        status
    }
}

/// How a story stands now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// Nobody has answered yet; the share is of the first-response target.
    Unanswered(u32),
    WaitingOnCustomer,
    WaitingOnInternal,
    /// Answered, and the customer wrote back: the next-response clock runs.
    Open,
    OnHold,
    Resolved,
    Closed,
}

/// The story at `index` of the demo desk of `seed`, over `accounts` (at least one), with
/// dates in its texts relative to `today`.
pub fn story(seed: u64, index: usize, accounts: &[Account], today: Date) -> Story {
    assert!(!accounts.is_empty(), "stories need customers");
    let mut rng = Rng::new(seed, Stream::Case, index);
    let drawn = rng.below(accounts.len());
    // the first account is the portal user's company: it gets every 50th story
    let account_index = if index % 50 == 7 { 0 } else { drawn };
    let account = &accounts[account_index];
    let contact = (!account.contacts.is_empty()).then(|| rng.below(account.contacts.len()));
    let language = contact.map_or(account.language, |c| account.contacts[c].language);
    let zh = language == Language::ZhTw;
    let script: &Script = rng.weighted(&SCRIPTS.map(|s| (s, s.weight)));
    let end = rng.weighted(&[
        (End::Closed, 30),
        (End::Resolved, 18),
        (End::Unanswered(0), 20),
        (End::WaitingOnCustomer, 10),
        (End::WaitingOnInternal, 8),
        (End::Open, 9),
        (End::OnHold, 5),
    ]);
    let shares = [rng.range(5, 60), rng.range(80, 97), rng.range(110, 400)];
    let end = match end {
        End::Unanswered(_) => {
            End::Unanswered(rng.weighted(&[(shares[0], 5), (shares[1], 3), (shares[2], 3)]))
        }
        End::WaitingOnInternal if script.department.is_none() => End::WaitingOnCustomer,
        other => other,
    };
    let age = match end {
        End::Unanswered(share) => Age::Recent {
            share_percent: share,
        },
        End::Resolved | End::Closed => Age::Past {
            days: rng.range(1, 75),
            hour: rng.range(9, 16) as i8,
            minute: rng.range(0, 59) as i8,
        },
        // answered live cases came in recently enough to be answered in time
        _ => Age::Recent {
            share_percent: rng.range(5, 50),
        },
    };
    let days_ago = match age {
        Age::Past { days, .. } => days,
        Age::Recent { .. } => 0,
    };
    let mut lane = (!account.lanes.is_empty()).then(|| pick_of(&mut rng, &account.lanes).clone());
    let shipped = shipment_near(account, today, days_ago);
    if let Some(s) = shipped {
        lane = Some((s.pol.clone(), s.pod.clone()));
    }
    let mut vars = Vars::draw(
        &mut rng,
        account,
        contact,
        lane.as_ref(),
        zh,
        today,
        days_ago,
    );
    if let Some(s) = shipped {
        vars.name(s, zh);
    }
    let t = |pair: Text| vars.fill(if zh { pair.1 } else { pair.0 });
    let steps = if script.case_type == CaseType::Complaint {
        complaint_steps(&mut rng, script, end, account, &vars, zh)
    } else {
        steps(&mut rng, script, end, &account.currency, &t)
    };
    let priority = match script.case_type {
        CaseType::Complaint => Priority::High,
        CaseType::CargoClaim if rng.percent(40) => Priority::Urgent,
        CaseType::RateRequest => Priority::Low,
        _ if account.tier == Tier::Platinum && rng.percent(30) => Priority::High,
        _ => Priority::Normal,
    };
    let channel = rng.weighted(&[
        (CaseChannel::Email, 80),
        (CaseChannel::Phone, 8),
        (CaseChannel::Chat, 7),
        (CaseChannel::Portal, 5),
    ]);
    // the portal user files some of their company's cases themselves
    let channel = if index % 100 == 7 {
        CaseChannel::Portal
    } else {
        channel
    };
    let refs = script
        .refs
        .iter()
        .map(|k| {
            let v = match k {
                RefKind::Container => vars.container.clone(),
                RefKind::BillOfLading => vars.bl.clone(),
                _ => vars.booking.clone(),
            };
            (*k, v)
        })
        .collect();
    Story {
        account: account_index,
        contact,
        language,
        case_type: script.case_type,
        priority,
        channel,
        lane: lane.map(|(from, to)| format!("{}-{}", &from[..2], &to[..2])),
        tags: script.tags.iter().map(|t| t.to_string()).collect(),
        refs,
        subject: t(script.subject),
        opening: t(script.opening),
        age,
        steps,
    }
}

/// The steps of an ordinary story up to where it stands now; at most 7 of them write a
/// message, so a case holds 2 to 8 messages with its opening.
fn steps(
    rng: &mut Rng,
    s: &Script,
    end: End,
    currency: &str,
    t: &dyn Fn(Text) -> String,
) -> Vec<Step> {
    let mut out = Vec::new();
    let reply = |body: Text, status: Option<CaseStatus>| Step::Reply {
        body: t(body),
        status,
    };
    match end {
        End::Unanswered(_) => {
            let chase = rng.percent(60);
            if chase {
                out.push(Step::Customer(t(s.chase)));
            }
            if !chase || rng.percent(40) {
                out.push(Step::Note(t(NOTE_UNANSWERED)));
            }
        }
        End::WaitingOnCustomer => {
            if rng.percent(30) {
                out.push(Step::Note(t(s.note)));
            }
            out.push(reply(s.ack, Some(CaseStatus::WaitingOnCustomer)));
        }
        End::WaitingOnInternal => {
            let (department, question, _) = s.department.expect("a department script");
            out.push(reply(s.ack, None));
            out.push(Step::Ask {
                department,
                question: t(question),
            });
            if rng.percent(50) {
                out.push(Step::Promise {
                    action: t(s.promise),
                    hours: rng.range(4, 48),
                });
            }
        }
        End::Open => {
            out.push(reply(s.ack, Some(CaseStatus::WaitingOnCustomer)));
            out.push(Step::Customer(t(s.more)));
            if rng.percent(40) {
                out.push(Step::Note(t(s.note)));
            }
        }
        End::OnHold => {
            out.push(reply(s.ack, None));
            out.push(Step::Promise {
                action: t(s.promise),
                hours: rng.range(24, 96),
            });
            out.push(Step::Status(CaseStatus::OnHold));
        }
        End::Resolved | End::Closed => {
            if rng.percent(25) {
                out.push(Step::Note(t(s.note)));
            }
            let waiting = rng.percent(50);
            let status = waiting.then_some(CaseStatus::WaitingOnCustomer);
            out.push(reply(s.ack, status));
            if waiting {
                out.push(Step::Customer(t(s.more)));
            }
            if let Some((department, question, answer)) = s.department
                && rng.percent(75)
            {
                out.push(Step::Ask {
                    department,
                    question: t(question),
                });
                out.push(Step::Answer(t(answer)));
            }
            if rng.percent(20) {
                out.push(Step::Call {
                    summary: t(s.call),
                    minutes: rng.range(2, 15),
                });
            }
            if rng.percent(20) {
                out.push(Step::Promise {
                    action: t(s.promise),
                    hours: rng.range(2, 24),
                });
                out.push(Step::Keep(t(s.kept)));
            }
            if let Some(amount) = s.goodwill
                && rng.percent(35)
            {
                out.push(Step::Goodwill {
                    kind: GoodwillKind::FeeWaiver,
                    amount: amount * rng.range(1, 3) * currency_factor(currency),
                    currency: currency.to_string(),
                    reason: t(GOODWILL_REASON),
                });
            }
            out.push(reply(s.answer, Some(CaseStatus::Resolved)));
            if end == End::Closed {
                out.push(Step::Status(CaseStatus::Closed));
            }
            if rng.percent(45) {
                let score = rng.weighted(&[(5, 50), (4, 30), (3, 12), (2, 5), (1, 3)]);
                out.push(Step::Rate {
                    score,
                    comment: t(RATING_COMMENTS[(5 - score) as usize]),
                });
            }
        }
    }
    out
}

/// Amounts are set in US dollars; a New Taiwan dollar is worth about a thirtieth of one.
fn currency_factor(currency: &str) -> u32 {
    if currency == "TWD" { 30 } else { 1 }
}

/// A complaint follows the procedure step by step; a live one stops part-way.
fn complaint_steps(
    rng: &mut Rng,
    s: &Script,
    end: End,
    account: &Account,
    vars: &Vars,
    zh: bool,
) -> Vec<Step> {
    let t = |pair: Text| vars.fill(if zh { pair.1 } else { pair.0 });
    let (department, question, answer) = s.department.expect("complaints ask operations");
    let note = |step, pair: Text| Step::Complaint {
        step,
        note: t(pair),
    };
    let mut all = vec![
        Step::Reply {
            body: t(s.ack),
            status: None,
        },
        note(ComplaintStep::Acknowledge, COMPLAINT_NOTES[0]),
        Step::Ask {
            department,
            question: t(question),
        },
        Step::Answer(t(answer)),
        note(ComplaintStep::Investigate, COMPLAINT_NOTES[1]),
        Step::Goodwill {
            kind: GoodwillKind::Credit,
            amount: s.goodwill.unwrap_or(100)
                * rng.range(1, 4)
                * currency_factor(&account.currency),
            currency: account.currency.clone(),
            reason: t(GOODWILL_REASON),
        },
        Step::Reply {
            body: t(s.answer),
            status: Some(CaseStatus::WaitingOnCustomer),
        },
        note(ComplaintStep::Propose, COMPLAINT_NOTES[2]),
        Step::Customer(t(s.more)),
        note(ComplaintStep::Agree, COMPLAINT_NOTES[3]),
        note(ComplaintStep::Act, COMPLAINT_NOTES[4]),
        note(ComplaintStep::ConfirmSatisfaction, COMPLAINT_NOTES[5]),
        Step::Reply {
            body: t(s.kept),
            status: Some(CaseStatus::Resolved),
        },
    ];
    let keep = match end {
        End::Unanswered(_) => 0,
        End::WaitingOnCustomer => 2,
        End::WaitingOnInternal => 3,
        End::OnHold => 5,
        End::Open => 9,
        End::Resolved | End::Closed => all.len(),
    };
    all.truncate(keep);
    match end {
        End::Unanswered(_) => all.push(Step::Customer(t(s.chase))),
        End::WaitingOnCustomer => all.push(Step::Reply {
            body: t(COMPLAINT_MORE_INFO),
            status: Some(CaseStatus::WaitingOnCustomer),
        }),
        End::OnHold => all.push(Step::Status(CaseStatus::OnHold)),
        End::Closed => all.push(Step::Status(CaseStatus::Closed)),
        _ => {}
    }
    if matches!(end, End::Resolved | End::Closed) && rng.percent(60) {
        let score = rng.weighted(&[(5, 30), (4, 35), (3, 20), (2, 10), (1, 5)]);
        all.push(Step::Rate {
            score,
            comment: t(RATING_COMMENTS[(5 - score) as usize]),
        });
    }
    all
}

// ---------------------------------------------------------------------------------------
// References and the words filled into the texts

/// The account's shipment sailing nearest to the day the story starts, if it has any.
fn shipment_near(account: &Account, today: Date, days_ago: u32) -> Option<&Shipped> {
    let start = today
        .checked_sub(Span::new().days(i64::from(days_ago)))
        .unwrap_or(today);
    account
        .shipments
        .iter()
        .min_by_key(|s| (s.sails - start).get_days().abs())
}

/// The values a story's texts name, drawn once per story.
struct Vars {
    contact: String,
    container: String,
    bl: String,
    booking: String,
    vessel: String,
    voyage: String,
    pol: String,
    pod: String,
    eta: String,
    new_eta: String,
    lfd: String,
    free: u32,
    qty: u32,
    equipment: &'static str,
    rate: String,
    invoice: String,
    charge: String,
}

impl Vars {
    fn draw(
        rng: &mut Rng,
        account: &Account,
        contact: Option<usize>,
        lane: Option<&(String, String)>,
        zh: bool,
        today: Date,
        days_ago: u32,
    ) -> Vars {
        let (pol, pod) = lane.cloned().unwrap_or(("TWKHH".into(), "USLAX".into()));
        let contact = match contact {
            Some(c) => account.contacts[c].name.clone(),
            None if zh => "客戶".into(),
            None => "Sir or Madam".into(),
        };
        // texts of a past case speak of the dates around it
        let back = i64::from(days_ago);
        let day = |offset: i64| {
            let d = today
                .checked_add(Span::new().days(offset - back))
                .unwrap_or(today);
            format_date(d, zh)
        };
        let sail = rng.range(3, 12) as i64;
        let free = rng.range(5, 14);
        let eastbound = &pod[..2] == "US" || &pol[..2] == "US";
        let bound = if eastbound { 'E' } else { 'W' };
        let equipment = *pick_of(rng, &["40HC", "40HC", "20GP", "40GP", "40RF"]);
        let per_box = rng.range(14, 46) * 50 + if eastbound { 800 } else { 400 };
        let pol_code = &pol[2..];
        let charge = rng.range(3, 40) * 25;
        Vars {
            contact,
            container: container_number(rng),
            bl: format!("PSRL{}{}", &pol_code, rng.digits("##########")),
            booking: format!("{pol_code}{}", rng.digits("#########")),
            vessel: pick_of(rng, VESSELS).to_string(),
            voyage: format!("{:04}{bound}", rng.range(100, 999)),
            eta: day(sail),
            new_eta: day(sail + rng.range(1, 4) as i64),
            lfd: day(sail + free as i64),
            free,
            qty: rng.range(1, 12),
            equipment,
            rate: format!("USD {},{:03}", per_box / 1000, per_box % 1000),
            invoice: format!("INV-{pol_code}-{}", rng.digits("######")),
            charge: format!("{} {}", account.currency, charge * 10),
            pol: port_word(&pol, zh),
            pod: port_word(&pod, zh),
        }
    }

    /// Names a real shipment of the customer instead of the drawn references: its booking,
    /// B/L, first container, vessel, voyage, ports and arrival.
    fn name(&mut self, s: &Shipped, zh: bool) {
        self.booking = s.booking.clone();
        self.bl = s.bl.clone();
        self.container = s.container.clone();
        self.vessel = s.vessel.clone();
        self.voyage = s.voyage.clone();
        self.pol = port_word(&s.pol, zh);
        self.pod = port_word(&s.pod, zh);
        self.eta = format_date(s.arrives, zh);
        let later = |days: i64| {
            s.arrives
                .checked_add(Span::new().days(days))
                .unwrap_or(s.arrives)
        };
        // a story about a delay names the vessel's real estimate when it runs late
        self.new_eta = format_date(s.expected.max(later(1)), zh);
        self.lfd = format_date(later(i64::from(self.free)), zh);
    }

    /// The text with every `{name}` replaced by its value.
    fn fill(&self, text: &str) -> String {
        let values: [(&str, String); 17] = [
            ("{contact}", self.contact.clone()),
            ("{container}", self.container.clone()),
            ("{bl}", self.bl.clone()),
            ("{booking}", self.booking.clone()),
            ("{vessel}", self.vessel.clone()),
            ("{voyage}", self.voyage.clone()),
            ("{pol}", self.pol.clone()),
            ("{pod}", self.pod.clone()),
            ("{eta}", self.eta.clone()),
            ("{new_eta}", self.new_eta.clone()),
            ("{lfd}", self.lfd.clone()),
            ("{free}", self.free.to_string()),
            ("{qty}", self.qty.to_string()),
            ("{equipment}", self.equipment.to_string()),
            ("{rate}", self.rate.clone()),
            ("{invoice}", self.invoice.clone()),
            ("{charge}", self.charge.clone()),
        ];
        let mut out = text.to_string();
        for (name, value) in &values {
            if out.contains(name) {
                out = out.replace(name, value);
            }
        }
        out
    }
}

/// A container of a common owner prefix with its ISO 6346 check digit.
pub fn container_number(rng: &mut Rng) -> String {
    let owner = pick_of(rng, OWNERS);
    let stem = format!("{owner}{}", rng.digits("######"));
    format!("{stem}{}", iso6346_check_digit(&stem))
}

fn format_date(d: Date, zh: bool) -> String {
    if zh {
        let weekday = ["一", "二", "三", "四", "五", "六", "日"]
            [d.weekday().to_monday_zero_offset() as usize];
        format!("{}月{}日（週{weekday}）", d.month(), d.day())
    } else {
        d.strftime("%a %-d %b").to_string()
    }
}

/// A port as the story's language names it.
fn port_word(code: &str, zh: bool) -> String {
    let (en, local) = port_name(code);
    if zh { local } else { en }.to_string()
}

fn port_name(code: &str) -> (&'static str, &'static str) {
    PORTS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or(("the port", "港口"), |(_, en, zh)| (*en, *zh))
}

const PORTS: &[(&str, &str, &str)] = &[
    ("TWKHH", "Kaohsiung", "高雄港"),
    ("TWTXG", "Taichung", "台中港"),
    ("TWTPE", "Taipei", "台北港"),
    ("CNSHA", "Shanghai", "上海"),
    ("CNNGB", "Ningbo", "寧波"),
    ("CNSZX", "Shenzhen", "深圳"),
    ("HKHKG", "Hong Kong", "香港"),
    ("SGSIN", "Singapore", "新加坡"),
    ("USLAX", "Los Angeles", "洛杉磯"),
    ("USLGB", "Long Beach", "長堤"),
    ("USNYC", "New York", "紐約"),
    ("USSEA", "Seattle", "西雅圖"),
    ("NLRTM", "Rotterdam", "鹿特丹"),
    ("DEHAM", "Hamburg", "漢堡"),
    ("BEANR", "Antwerp", "安特衛普"),
];

/// Owner codes of lines and lessors whose boxes the line carries.
const OWNERS: &[&str] = &[
    "PSRU", "PSRU", "PSRU", "TGHU", "TCNU", "TEMU", "FCIU", "SEGU", "BMOU", "CAIU", "TRHU", "GESU",
];

const VESSELS: &[&str] = &[
    "Purser Aurora",
    "Purser Harmony",
    "Formosa Pride",
    "Pacific Lantern",
    "Jade Horizon",
    "Ocean Magnolia",
    "Island Crane",
    "Purser Fidelity",
    "Northern Camellia",
    "Eastern Beacon",
];

// ---------------------------------------------------------------------------------------
// Scripts: the texts of each kind of case, (English, 繁體中文)

type Text = (&'static str, &'static str);

struct Script {
    weight: u32,
    case_type: CaseType,
    tags: &'static [&'static str],
    refs: &'static [RefKind],
    subject: Text,
    opening: Text,
    /// The customer asks again before anyone answered.
    chase: Text,
    /// The first answer; it asks the customer for something.
    ack: Text,
    /// The customer's answer to it.
    more: Text,
    /// The answer that resolves the case.
    answer: Text,
    note: Text,
    call: Text,
    promise: Text,
    kept: Text,
    department: Option<(Department, Text, Text)>,
    /// Goodwill this kind of case may earn, per step of the amount.
    goodwill: Option<u32>,
}

const NOTE_UNANSWERED: Text = (
    "Picking this up after the current batch. @sam FYI, the customer is waiting on this one.",
    "處理完手上案件後接手。@sam 提醒：客戶在等這件的回覆。",
);

const GOODWILL_REASON: Text = (
    "Goodwill for a long-standing account; the delay was on our side.",
    "長期客戶之善意補償；延誤責任在我方。",
);

const COMPLAINT_MORE_INFO: Text = (
    "Dear {contact},\n\nTo investigate we need the delivery order and the photos taken at \
     pick-up. Could you send them to us?\n\nBest regards",
    "{contact} 您好：\n\n為進行調查，請提供提貨單及提櫃時拍攝的照片，謝謝。\n\n敬祝 商祺",
);

const COMPLAINT_NOTES: [Text; 6] = [
    (
        "Complaint logged and acknowledged to the customer.",
        "已登錄客訴並回覆客戶確認收到。",
    ),
    (
        "Operations confirmed the root cause; see their answer above.",
        "營運部已確認原因，詳見上方回覆。",
    ),
    (
        "Proposed a credit on the next invoice and a priority loading guarantee.",
        "已提出下期帳單折讓及優先裝載保證。",
    ),
    ("Customer accepted the proposal.", "客戶已接受提案。"),
    (
        "Credit note issued by Finance; priority flag set on the next three bookings.",
        "財務已開立折讓單，後續三筆訂艙已設定優先裝載。",
    ),
    (
        "Customer confirmed they are satisfied with the outcome.",
        "客戶確認對處理結果滿意。",
    ),
];

const RATING_COMMENTS: [Text; 5] = [
    (
        "Fast and clear answer, thank you!",
        "回覆迅速又清楚，謝謝！",
    ),
    ("Good service.", "服務很好。"),
    (
        "OK in the end, but it took a while.",
        "最後有解決，但花了一點時間。",
    ),
    ("Too slow; we had to chase twice.", "太慢了，我們催了兩次。"),
    ("The problem was not really solved.", "問題並沒有真正解決。"),
];

static SCRIPTS: [&Script; 7] = [&ETA, &BL, &RATE, &COMPLAINT, &INVOICE, &CLAIM, &ROLLOVER];

static ETA: Script = Script {
    weight: 30,
    case_type: CaseType::Inquiry,
    tags: &["eta"],
    refs: &[RefKind::Container, RefKind::Booking],
    subject: (
        "ETA of container {container} (booking {booking})",
        "貨櫃 {container} 預計到港時間（訂艙 {booking}）",
    ),
    opening: (
        "Dear Customer Service,\n\nCould you please confirm the current ETA of container \
         {container} (booking {booking}, B/L {bl}) at {pod}? Our consignee needs to book a \
         trucker for the pick-up.\n\nThank you,\n{contact}",
        "客服您好：\n\n請協助確認貨櫃 {container}（訂艙號 {booking}，提單 {bl}）目前預計抵達\
         {pod}的時間，收貨人需要預約拖車提櫃。\n\n謝謝！\n{contact}",
    ),
    chase: (
        "Hello, any news on this? The trucker is waiting for the ETA.\n\n{contact}",
        "您好，請問有進一步消息嗎？拖車行在等到港時間。\n\n{contact}",
    ),
    ack: (
        "Dear {contact},\n\nContainer {container} is on board {vessel} voyage {voyage}, \
         expected at {pod} on {eta}. Could you confirm the consignee's pick-up address so we \
         can check the rail or truck cut-off?\n\nBest regards",
        "{contact} 您好：\n\n貨櫃 {container} 已裝載於 {vessel} 航次 {voyage}，預計 {eta} 抵達\
         {pod}。請提供收貨人提櫃地址，以便我們確認鐵路或拖車結關時間。\n\n敬祝 商祺",
    ),
    more: (
        "Thanks. Delivery is to our warehouse near {pod}. What is the last free day at the \
         terminal? We want to avoid demurrage.\n\n{contact}",
        "謝謝。貨物送到{pod}附近的倉庫。請問碼頭免費堆存期到哪一天？我們想避免產生延滯費。\
         \n\n{contact}",
    ),
    answer: (
        "Dear {contact},\n\n{vessel} now arrives at {pod} on {new_eta}. Free time is {free} \
         days from discharge, so the last free day is {lfd}. We will tell you at once if the \
         schedule changes again.\n\nBest regards",
        "{contact} 您好：\n\n{vessel} 更新後預計 {new_eta} 抵達{pod}。卸櫃後免費堆存 {free} \
         天，最後免費日為 {lfd}。如船期再有變動會立即通知您。\n\n敬祝 商祺",
    ),
    note: (
        "Schedule shows {vessel} about a day behind at {pol} (berth congestion). @sam FYI in \
         case more customers on this service ask.",
        "船期顯示 {vessel} 在{pol}因塞港約延誤一天。@sam 供參考，同航線客戶可能也會詢問。",
    ),
    call: (
        "Customer called for the ETA; read out the vessel schedule and the last free day.",
        "客戶來電詢問到港時間，已告知船期及最後免費日。",
    ),
    promise: (
        "confirm the berthing time of {vessel} at {pod}",
        "確認 {vessel} 在{pod}的靠泊時間",
    ),
    kept: (
        "{vessel} berthed at {pod}; container {container} is discharged and available for \
         pick-up.",
        "{vessel} 已在{pod}靠泊，貨櫃 {container} 已卸櫃，可以提領。",
    ),
    department: None,
    goodwill: None,
};

static BL: Script = Script {
    weight: 15,
    case_type: CaseType::BlAmendment,
    tags: &["bl-amendment", "documentation"],
    refs: &[RefKind::BillOfLading, RefKind::Booking],
    subject: (
        "B/L amendment {bl}: consignee address",
        "提單 {bl} 更正：收貨人地址",
    ),
    opening: (
        "Hello,\n\nPlease amend the consignee address on B/L {bl} (booking {booking}): the \
         street number should be 1280, not 1208. The original B/L has not been released yet.\
         \n\nRegards,\n{contact}",
        "您好：\n\n提單 {bl}（訂艙號 {booking}）的收貨人地址門牌有誤，應為 1280 號而非 1208 \
         號，正本提單尚未放單，麻煩協助更正。\n\n{contact}",
    ),
    chase: (
        "Could you confirm you received this? The L/C bank needs the corrected B/L.\n\n\
         {contact}",
        "請確認是否已收到此更正申請？押匯銀行需要更正後的提單。\n\n{contact}",
    ),
    ack: (
        "Dear {contact},\n\nWe can amend B/L {bl} before release. Please send the amendment \
         request on your company letterhead, signed and stamped.\n\nBest regards",
        "{contact} 您好：\n\n提單 {bl} 尚未放單，可以更正。請提供蓋有公司大小章的更正申請函。\
         \n\n敬祝 商祺",
    ),
    more: (
        "Attached is the signed amendment request. Please send us the revised draft.\n\n\
         {contact}",
        "已附上用印的更正申請函，請提供更正後的提單草稿。\n\n{contact}",
    ),
    answer: (
        "Dear {contact},\n\nB/L {bl} has been amended; the revised draft is in the portal. \
         Please check it before we print the originals.\n\nBest regards",
        "{contact} 您好：\n\n提單 {bl} 已完成更正，更正後草稿已上傳至客戶入口網站，請於列印\
         正本前確認。\n\n敬祝 商祺",
    ),
    note: (
        "Amendment after cut-off: the fee applies unless waived. @sam OK to waive for this \
         account?",
        "截止後更正需收費，@sam 這個客戶是否可以免收？",
    ),
    call: (
        "Called the shipper to confirm the corrected address word by word.",
        "致電託運人逐字確認更正後地址。",
    ),
    promise: (
        "send the revised B/L draft for {bl}",
        "提供提單 {bl} 更正後草稿",
    ),
    kept: (
        "Revised draft of {bl} sent to the shipper.",
        "提單 {bl} 更正草稿已寄給託運人。",
    ),
    department: Some((
        Department::Operations,
        (
            "Please amend the consignee address on B/L {bl} (street number 1280). Originals \
             not yet printed.",
            "請更正提單 {bl} 收貨人地址（門牌 1280 號），正本尚未列印。",
        ),
        (
            "Amended in the documentation system; revised draft generated.",
            "已於文件系統完成更正並產生新草稿。",
        ),
    )),
    goodwill: Some(50),
};

static RATE: Script = Script {
    weight: 12,
    case_type: CaseType::RateRequest,
    tags: &["rate"],
    refs: &[],
    subject: (
        "Rate request {qty}x{equipment} {pol} to {pod}",
        "詢價：{pol}至{pod} {equipment} {qty} 櫃",
    ),
    opening: (
        "Hi,\n\nPlease quote {qty}x{equipment} from {pol} to {pod}, cargo ready in two weeks \
         (general cargo, about 18 tons per box). All-in rate and transit time, please.\n\n\
         Thanks,\n{contact}",
        "您好：\n\n請報價{pol}到{pod}，{equipment} {qty} 櫃，兩週後出貨（一般貨，每櫃約 18 噸）\
         ，請提供全包運價及航程天數。\n\n謝謝\n{contact}",
    ),
    chase: (
        "Following up on the quote; our customer decides tomorrow.\n\n{contact}",
        "追蹤一下報價，我們客戶明天要決定。\n\n{contact}",
    ),
    ack: (
        "Dear {contact},\n\nThank you for the enquiry. Could you confirm the commodity (HS \
         code) and whether the cargo is stackable? Our pricing team will then quote.\n\n\
         Best regards",
        "{contact} 您好：\n\n感謝詢價。請提供貨品品名（HS code）並確認是否可堆疊，我們的\
         報價團隊隨即報價。\n\n敬祝 商祺",
    ),
    more: (
        "HS 9403.60, wooden furniture, stackable.\n\n{contact}",
        "HS 9403.60，木製家具，可堆疊。\n\n{contact}",
    ),
    answer: (
        "Dear {contact},\n\nOur all-in rate is {rate} per {equipment}, valid until the end of \
         the month, transit time about 16 days. Shall we book space?\n\nBest regards",
        "{contact} 您好：\n\n全包運價為每櫃 {rate}（{equipment}），有效至月底，航程約 16 天\
         。是否需要為您訂艙？\n\n敬祝 商祺",
    ),
    note: (
        "Repeat lane for this customer; last quote was close to the tariff. @ben for pricing.",
        "此客戶常走這條航線，上次報價接近公告運價。@ben 請協助報價。",
    ),
    call: (
        "Discussed volume: customer expects {qty} boxes a month if the rate holds.",
        "與客戶討論貨量：若運價維持，每月約 {qty} 櫃。",
    ),
    promise: (
        "send the quote for {qty}x{equipment} {pol}-{pod}",
        "提供{pol}至{pod} {equipment} {qty} 櫃報價",
    ),
    kept: ("Quote sent.", "報價已寄出。"),
    department: Some((
        Department::Sales,
        (
            "Customer asks for an all-in rate, {qty}x{equipment} {pol} to {pod}, cargo ready in \
             two weeks, HS 9403.60 furniture.",
            "客戶詢價{pol}至{pod} {equipment} {qty} 櫃，兩週後出貨，品名家具 HS 9403.60，請提供\
             全包運價。",
        ),
        (
            "{rate} per {equipment} all-in, valid to month end. Approved.",
            "全包每櫃 {rate}（{equipment}），有效至月底，已核准。",
        ),
    )),
    goodwill: None,
};

static COMPLAINT: Script = Script {
    weight: 10,
    case_type: CaseType::Complaint,
    tags: &["complaint", "rollover"],
    refs: &[RefKind::Booking, RefKind::Container],
    subject: (
        "Complaint: booking {booking} rolled without notice",
        "客訴：訂艙 {booking} 未經通知被甩櫃",
    ),
    opening: (
        "To whom it may concern,\n\nOur container {container} on booking {booking} was rolled \
         to the next vessel without any notice. We found out from the terminal. Our customer \
         in {pod} now misses a production slot. This is the second time this quarter.\n\n\
         {contact}",
        "您好：\n\n我們訂艙 {booking} 的貨櫃 {container} 在沒有任何通知的情況下被甩到下一\
         航次，我們是從碼頭才得知。{pod}的客戶因此錯過生產排程，這已經是本季第二次。\n\n\
         {contact}",
    ),
    chase: (
        "We have not heard back on our complaint. Please escalate this.\n\n{contact}",
        "客訴至今沒有回覆，請協助升級處理。\n\n{contact}",
    ),
    ack: (
        "Dear {contact},\n\nWe are sorry that booking {booking} was rolled without notice. We \
         have opened a complaint and are investigating with our operations team; you will \
         hear from us within one business day.\n\nBest regards",
        "{contact} 您好：\n\n訂艙 {booking} 未經通知即被甩櫃，我們深感抱歉。已立案並與營運\
         部門調查，一個工作天內回覆您。\n\n敬祝 商祺",
    ),
    more: (
        "Thank you. We accept the credit and the priority loading.\n\n{contact}",
        "謝謝，我們接受折讓及優先裝載的安排。\n\n{contact}",
    ),
    answer: (
        "Dear {contact},\n\nThe vessel was overbooked at {pol} and the roll notice was not \
         sent: our mistake. We propose a credit on your next invoice and priority loading on \
         your next three bookings. Is this acceptable?\n\nBest regards",
        "{contact} 您好：\n\n{pol}當航次超額訂艙，且甩櫃通知未發出，是我方疏失。我們提議\
         於下期帳單折讓，並保證後續三筆訂艙優先裝載，請問是否同意？\n\n敬祝 商祺",
    ),
    note: ("", ""),
    call: ("", ""),
    promise: ("", ""),
    kept: (
        "Dear {contact},\n\nThe credit note has been issued and the priority flag is set on \
         your next three bookings. Thank you for your patience.\n\nBest regards",
        "{contact} 您好：\n\n折讓單已開立，後續三筆訂艙已設定優先裝載。感謝您的耐心。\n\n\
         敬祝 商祺",
    ),
    department: Some((
        Department::Operations,
        (
            "Why was booking {booking} ({container}) rolled at {pol} and why did the roll \
             notice not go out?",
            "訂艙 {booking}（{container}）為何在{pol}被甩櫃？甩櫃通知為何沒有發出？",
        ),
        (
            "Vessel overbooked by 40 TEU at {pol}; the notice job failed for this booking. \
             Fixed.",
            "{pol}當航次超訂 40 TEU，此訂艙的通知作業失敗，已修正。",
        ),
    )),
    goodwill: Some(150),
};

static INVOICE: Script = Script {
    weight: 12,
    case_type: CaseType::Request,
    tags: &["demurrage", "invoice"],
    refs: &[RefKind::Container, RefKind::BillOfLading],
    subject: (
        "Demurrage invoice {invoice} disputed",
        "延滯費帳單 {invoice} 有誤",
    ),
    opening: (
        "Dear team,\n\nInvoice {invoice} charges {charge} demurrage on container {container} \
         (B/L {bl}), but our contract gives {free} free days and the box was returned in time. \
         Please check and credit.\n\nBest regards,\n{contact}",
        "您好：\n\n帳單 {invoice} 針對貨櫃 {container}（提單 {bl}）收取延滯費 {charge}，但合\
         約免費期為 {free} 天，我們已準時還櫃，請查明並更正。\n\n{contact}",
    ),
    chase: (
        "Any update on the invoice? Our accounts team is holding payment.\n\n{contact}",
        "請問帳單有更新嗎？我們會計部暫緩付款中。\n\n{contact}",
    ),
    ack: (
        "Dear {contact},\n\nWe are checking invoice {invoice} with Finance. Could you send the \
         gate-in receipt of the empty return?\n\nBest regards",
        "{contact} 您好：\n\n我們正與財務部核對帳單 {invoice}。請提供空櫃還櫃的進場收據。\n\n\
         敬祝 商祺",
    ),
    more: (
        "Gate-in receipt attached.\n\n{contact}",
        "已附上還櫃進場收據。\n\n{contact}",
    ),
    answer: (
        "Dear {contact},\n\nYou are right: the contract's {free} free days were not applied. \
         A credit note for {charge} is on its way and the invoice is cancelled.\n\nBest \
         regards",
        "{contact} 您好：\n\n經查合約 {free} 天免費期未套用，我們將開立 {charge} 的折讓單並\
         作廢原帳單。\n\n敬祝 商祺",
    ),
    note: (
        "Contract free time not loaded in billing for this customer. @fiona can you check \
         other open invoices too?",
        "帳務系統未載入此客戶的合約免費期。@fiona 可以一併檢查其他未結帳單嗎？",
    ),
    call: (
        "Customer's accounts payable called; explained the credit note timing.",
        "客戶應付帳款人員來電，已說明折讓單作業時間。",
    ),
    promise: (
        "send the credit note for {invoice}",
        "寄送帳單 {invoice} 的折讓單",
    ),
    kept: ("Credit note sent.", "折讓單已寄出。"),
    department: Some((
        Department::Finance,
        (
            "Please review invoice {invoice}: contract free time is {free} days, customer \
             returned the empty in time.",
            "請複核帳單 {invoice}：合約免費期 {free} 天，客戶已準時還櫃。",
        ),
        (
            "Confirmed; credit note for {charge} raised.",
            "確認無誤，已開立 {charge} 折讓單。",
        ),
    )),
    goodwill: Some(100),
};

static CLAIM: Script = Script {
    weight: 6,
    case_type: CaseType::CargoClaim,
    tags: &["claim", "reefer"],
    refs: &[RefKind::Container, RefKind::BillOfLading],
    subject: (
        "Cargo damage {container}: reefer temperature",
        "貨損 {container}：冷凍櫃溫度異常",
    ),
    opening: (
        "Hello,\n\nThe consignee in {pod} found the cargo in reefer {container} (B/L {bl}) \
         partly thawed. Please send the temperature log for the voyage; we are filing a \
         claim.\n\n{contact}",
        "您好：\n\n{pod}收貨人發現冷凍櫃 {container}（提單 {bl}）內貨物部分解凍，請提供航程\
         溫度紀錄，我們將提出理賠。\n\n{contact}",
    ),
    chase: (
        "Please treat this as urgent; the surveyor is coming tomorrow.\n\n{contact}",
        "請緊急處理，公證行明天會到場。\n\n{contact}",
    ),
    ack: (
        "Dear {contact},\n\nWe have asked for the reefer log. Please send photos and the \
         surveyor's preliminary report when you have them.\n\nBest regards",
        "{contact} 您好：\n\n已申請冷凍櫃溫度紀錄，請於取得後提供照片及公證初步報告。\n\n\
         敬祝 商祺",
    ),
    more: (
        "Photos and the preliminary survey report attached.\n\n{contact}",
        "已附上照片及公證初步報告。\n\n{contact}",
    ),
    answer: (
        "Dear {contact},\n\nThe log shows a power interruption of 9 hours at transhipment. \
         Your claim is registered with our claims department, who will contact you about \
         the settlement.\n\nBest regards",
        "{contact} 您好：\n\n溫度紀錄顯示轉運時斷電 9 小時。您的理賠已登錄，理賠部門會與您\
         聯繫後續處理。\n\n敬祝 商祺",
    ),
    note: (
        "Reefer log requested from the terminal. @sam possible claim, high value cargo.",
        "已向碼頭申請冷凍紀錄。@sam 可能理賠，貨值高。",
    ),
    call: (
        "Surveyor called; agreed joint survey at the consignee's warehouse.",
        "公證行來電，同意於收貨人倉庫會同公證。",
    ),
    promise: (
        "send the reefer temperature log of {container}",
        "提供冷凍櫃 {container} 溫度紀錄",
    ),
    kept: ("Temperature log sent.", "溫度紀錄已寄出。"),
    department: Some((
        Department::Operations,
        (
            "Please pull the reefer log of {container} for the whole voyage.",
            "請調閱冷凍櫃 {container} 全程溫度紀錄。",
        ),
        (
            "Log attached: power off 9 h during transhipment.",
            "紀錄如附：轉運期間斷電 9 小時。",
        ),
    )),
    goodwill: None,
};

static ROLLOVER: Script = Script {
    weight: 15,
    case_type: CaseType::Request,
    tags: &["booking-change"],
    refs: &[RefKind::Booking],
    subject: (
        "Move booking {booking} to next week's vessel",
        "訂艙 {booking} 改下週船",
    ),
    opening: (
        "Dear Customer Service,\n\nOur cargo for booking {booking} ({qty}x{equipment}, {pol} \
         to {pod}) will not be ready in time. Please move it to next week's sailing.\n\n\
         Thank you,\n{contact}",
        "客服您好：\n\n訂艙 {booking}（{equipment} {qty} 櫃，{pol}至{pod}）貨物來不及，麻煩\
         改到下週船。\n\n謝謝\n{contact}",
    ),
    chase: (
        "Please confirm the change, the CY cut-off is tomorrow.\n\n{contact}",
        "請確認改船，明天就是結關日。\n\n{contact}",
    ),
    ack: (
        "Dear {contact},\n\nNext week's {vessel} voyage {voyage} has space. Please confirm the \
         new cargo-ready date so we can move the booking.\n\nBest regards",
        "{contact} 您好：\n\n下週 {vessel} 航次 {voyage} 尚有艙位，請確認新的備貨日期，我們\
         即可改訂。\n\n敬祝 商祺",
    ),
    more: (
        "Cargo ready on {eta}.\n\n{contact}",
        "備貨日為 {eta}。\n\n{contact}",
    ),
    answer: (
        "Dear {contact},\n\nBooking {booking} is moved to {vessel} voyage {voyage}, ETA {pod} \
         {new_eta}. The updated booking confirmation is in the portal.\n\nBest regards",
        "{contact} 您好：\n\n訂艙 {booking} 已改至 {vessel} 航次 {voyage}，預計 {new_eta} 抵達\
         {pod}，新的訂艙確認書已上傳至客戶入口網站。\n\n敬祝 商祺",
    ),
    note: (
        "Space is tight next week. @sam please approve if we have to overbook by one box.",
        "下週艙位吃緊，@sam 若需超訂一櫃請核准。",
    ),
    call: (
        "Customer called to confirm the new sailing; confirmed verbally.",
        "客戶來電確認新船期，已口頭確認。",
    ),
    promise: (
        "confirm space on {vessel} for booking {booking}",
        "確認 {vessel} 航次可裝載訂艙 {booking}",
    ),
    kept: ("Space confirmed.", "艙位已確認。"),
    department: Some((
        Department::Operations,
        (
            "Can booking {booking} ({qty}x{equipment}) move to {vessel} voyage {voyage}?",
            "訂艙 {booking}（{equipment} {qty} 櫃）可否改裝 {vessel} 航次 {voyage}？",
        ),
        ("Yes, space allocated.", "可以，已分配艙位。"),
    )),
    goodwill: None,
};

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::demo::book;
    use purser_domain::cases::refs::normalise_ref;
    use purser_domain::ids::ContainerNumber;

    /// The accounts of the demo book of `seed`, as the seeding reads them from the store.
    pub(crate) fn accounts(seed: u64) -> Vec<Account> {
        (0..book::company_count(1))
            .map(|i| book::company(seed, i))
            .map(|b| Account {
                tier: b.customer.tier,
                language: b.customer.language,
                lanes: b
                    .contracts
                    .last()
                    .map(|k| {
                        k.lanes
                            .iter()
                            .map(|l| (l.from.clone(), l.to.clone()))
                            .collect()
                    })
                    .unwrap_or_default(),
                contacts: b
                    .contacts
                    .iter()
                    .map(|c| Person {
                        name: c.name.clone(),
                        language: c.language,
                    })
                    .collect(),
                currency: b
                    .contracts
                    .last()
                    .map_or("USD".into(), |k| k.authority_limits.currency.clone()),
                shipments: Vec::new(),
            })
            .collect()
    }

    fn desk(seed: u64) -> Vec<Story> {
        let accounts = accounts(seed);
        let today = jiff::civil::date(2026, 11, 23);
        (0..STORIES)
            .map(|i| story(seed, i, &accounts, today))
            .collect()
    }

    #[test]
    fn the_same_seed_tells_the_same_stories_and_another_seed_others() {
        let a = desk(42);
        assert_eq!(a, desk(42));
        let b = desk(43);
        let same = a.iter().zip(&b).filter(|(x, y)| x == y).count();
        assert!(same < 5, "{same} stories did not change with the seed");
    }

    #[test]
    fn every_story_holds_two_to_eight_messages_and_valid_references() {
        for seed in [1, 42, u64::MAX] {
            for s in desk(seed) {
                assert!((2..=8).contains(&s.messages()), "{} {s:?}", s.messages());
                for (kind, value) in &s.refs {
                    assert_eq!(normalise_ref(*kind, value).as_deref(), Ok(value.as_str()));
                    if *kind == RefKind::Container {
                        ContainerNumber::parse(value).unwrap();
                    }
                }
                assert!(!s.subject.is_empty() && s.subject.chars().count() <= 200);
                let texts =
                    std::iter::once(&s.opening).chain(s.steps.iter().filter_map(|st| match st {
                        Step::Customer(t) | Step::Note(t) | Step::Answer(t) => Some(t),
                        Step::Reply { body, .. } => Some(body),
                        _ => None,
                    }));
                for t in texts {
                    assert!(!t.trim().is_empty(), "{s:?}");
                    assert!(!t.contains('{'), "unfilled variable in {t}");
                }
            }
        }
    }

    #[test]
    fn the_desk_mixes_states_languages_and_kinds_like_a_real_one() {
        let d = desk(42);
        let count = |f: &dyn Fn(&Story) -> bool| d.iter().filter(|s| f(s)).count();
        let closed = count(&|s| s.final_status() == CaseStatus::Closed);
        let resolved = count(&|s| s.final_status() == CaseStatus::Resolved);
        let waiting = count(&|s| {
            matches!(
                s.final_status(),
                CaseStatus::WaitingOnCustomer | CaseStatus::WaitingOnInternal
            )
        });
        let fresh = count(&|s| s.final_status() == CaseStatus::New);
        let breached =
            count(&|s| matches!(s.age, Age::Recent { share_percent } if share_percent > 100));
        let at_risk = count(
            &|s| matches!(s.age, Age::Recent { share_percent } if (78..=100).contains(&share_percent)),
        );
        assert!(closed > 60 && resolved > 30, "{closed} {resolved}");
        assert!(waiting > 20 && fresh > 30, "{waiting} {fresh}");
        assert!(breached > 5 && at_risk > 5, "{breached} {at_risk}");
        assert_eq!(
            count(&|s| s.is_active()),
            count(&|s| s.final_status().is_active())
        );
        let chinese = count(&|s| s.language == Language::ZhTw);
        assert!(chinese > 60 && chinese < 260, "{chinese}");
        for t in [
            CaseType::Inquiry,
            CaseType::BlAmendment,
            CaseType::RateRequest,
            CaseType::Complaint,
            CaseType::Request,
            CaseType::CargoClaim,
        ] {
            assert!(count(&|s| s.case_type == t) > 5, "{t}");
        }
        let complaints_done = d
            .iter()
            .filter(|s| s.case_type == CaseType::Complaint && !s.is_active())
            .all(|s| {
                s.steps
                    .iter()
                    .filter(|st| matches!(st, Step::Complaint { .. }))
                    .count()
                    == ComplaintStep::ALL.len()
            });
        assert!(complaints_done);
    }

    #[test]
    fn container_numbers_carry_their_check_digit() {
        let mut rng = Rng::new(7, Stream::Case, 0);
        for _ in 0..1000 {
            ContainerNumber::parse(&container_number(&mut rng)).unwrap();
        }
    }
}
