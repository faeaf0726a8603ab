//! The demo's service desk configuration: business calendars (Taipei with the Taiwan
//! holidays imported from an iCalendar file, Rotterdam), the teams and their members' routing
//! profiles, SLA policies by tier and case type, and reply templates in English and
//! Traditional Chinese. Everything goes through `purser_app::cases::setup`, as a supervisor
//! would set it up in the console; [`crate::demo::desk::seed`] then files the cases.

pub mod bulk;
pub mod seed;
pub mod stories;
pub mod time;

use anyhow::Context;
use purser_app::Ctx;
use purser_app::cases::routing::{self as app_routing, AbsenceInput};
use purser_app::cases::setup::{self, CalendarInput, PolicyInput, ProfileInput, TemplateInput};
use purser_domain::cases::calendar::{CalendarSpec, HolidaySpec};
use purser_domain::cases::{AgentStatus, CaseType, Priority};
use purser_domain::customers::{Language, Tier};
use purser_domain::roles::{Actor, Department, Role};
use purser_store::Store;
use purser_store::sla::{Calendar, Policy};
use purser_store::teams::{Team, TeamInput};
use uuid::Uuid;

/// A member of staff the demo acts as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub department: Option<Department>,
}

impl Staff {
    /// The context of a request this person makes, as the web layer would build it.
    pub fn ctx(&self) -> Ctx {
        Ctx {
            actor: Actor {
                user_id: self.id,
                role: self.role,
                department: self.department,
                customer_id: None,
            },
            label: format!("{} <{}>", self.name, self.email),
            request_id: None,
        }
    }
}

/// The configured desk, as the case seeding needs it.
#[derive(Debug, Clone)]
pub struct Desk {
    pub teams: Vec<Team>,
    /// In the order routing reads them (position, then id).
    pub policies: Vec<Policy>,
    pub calendars: Vec<Calendar>,
    pub staff: Vec<Staff>,
}

impl Desk {
    /// The supervisor who approves goodwill and picks up unowned cases.
    pub fn supervisor(&self) -> &Staff {
        self.staff
            .iter()
            .find(|s| s.role == Role::Supervisor)
            .expect("the demo has a supervisor")
    }

    /// The user who answers a department's questions (operations answers for logistics).
    pub fn department_user(&self, d: Department) -> Option<&Staff> {
        let d = if d == Department::Logistics {
            Department::Operations
        } else {
            d
        };
        self.staff
            .iter()
            .find(|s| s.role == Role::Department && s.department == Some(d))
    }

    pub fn calendar(&self, id: Uuid) -> Option<&Calendar> {
        self.calendars.iter().find(|c| c.id == id)
    }
}

pub const TAIPEI: &str = "Taipei office";
pub const ROTTERDAM: &str = "Rotterdam office";

/// Taiwan's public holidays of 2026 and 2027 as a government holiday feed publishes them:
/// the demo imports them through the calendar's iCalendar import. Days falling on a weekend
/// are observed on the nearest working day, as the Directorate-General announces.
pub const TAIWAN_HOLIDAYS_ICS: &str = "BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Purser demo//Taiwan public holidays//EN\r
X-WR-CALNAME:中華民國政府行政機關辦公日曆 Taiwan public holidays\r
BEGIN:VEVENT\r
UID:tw-2026-0101@purser.test\r
DTSTART;VALUE=DATE:20260101\r
SUMMARY:中華民國開國紀念日 Founding Day\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:tw-2026-lny@purser.test\r
DTSTART;VALUE=DATE:20260214\r
DTEND;VALUE=DATE:20260223\r
SUMMARY:農曆春節 Lunar New Year\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:tw-2026-0227@purser.test\r
DTSTART;VALUE=DATE:20260227\r
SUMMARY:和平紀念日（補假） Peace Memorial Day (observed)\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:tw-2026-0403@purser.test\r
DTSTART;VALUE=DATE:20260403\r
SUMMARY:兒童節（補假） Children's Day (observed)\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:tw-2026-0406@purser.test\r
DTSTART;VALUE=DATE:20260406\r
SUMMARY:民族掃墓節（補假） Tomb-Sweeping Day (observed)\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:tw-2026-0501@purser.test\r
DTSTART;VALUE=DATE:20260501\r
SUMMARY:勞動節 Labour Day\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:tw-2026-0619@purser.test\r
DTSTART;VALUE=DATE:20260619\r
SUMMARY:端午節 Dragon Boat Festival\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:tw-2026-0925@purser.test\r
DTSTART;VALUE=DATE:20260925\r
SUMMARY:中秋節 Mid-Autumn Festival\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:tw-2026-0928@purser.test\r
DTSTART;VALUE=DATE:20260928\r
SUMMARY:教師節 Teachers' Day\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:tw-2026-1009@purser.test\r
DTSTART;VALUE=DATE:20261009\r
SUMMARY:國慶日（補假） National Day (observed)\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:tw-2026-1026@purser.test\r
DTSTART;VALUE=DATE:20261026\r
SUMMARY:臺灣光復節（補假） Retrocession Day (observed)\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:tw-2026-1225@purser.test\r
DTSTART;VALUE=DATE:20261225\r
SUMMARY:行憲紀念日 Constitution Day\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:tw-2027-0101@purser.test\r
DTSTART;VALUE=DATE:20270101\r
SUMMARY:中華民國開國紀念日 Founding Day\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:tw-2027-lny@purser.test\r
DTSTART;VALUE=DATE:20270204\r
DTEND;VALUE=DATE:20270211\r
SUMMARY:農曆春節 Lunar New Year (小年夜 to 初三, with observed days)\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:tw-2027-0301@purser.test\r
DTSTART;VALUE=DATE:20270301\r
SUMMARY:和平紀念日（補假） Peace Memorial Day (observed)\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:tw-2027-0405@purser.test\r
DTSTART;VALUE=DATE:20270405\r
DTEND;VALUE=DATE:20270407\r
SUMMARY:民族掃墓節及兒童節 Tomb-Sweeping and Children's Day\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:tw-2027-0430@purser.test\r
DTSTART;VALUE=DATE:20270430\r
SUMMARY:勞動節（補假） Labour Day (observed)\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:tw-2027-0609@purser.test\r
DTSTART;VALUE=DATE:20270609\r
SUMMARY:端午節 Dragon Boat Festival\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:tw-2027-0915@purser.test\r
DTSTART;VALUE=DATE:20270915\r
SUMMARY:中秋節 Mid-Autumn Festival\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:tw-2027-0928@purser.test\r
DTSTART;VALUE=DATE:20270928\r
SUMMARY:教師節 Teachers' Day\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:tw-2027-1011@purser.test\r
DTSTART;VALUE=DATE:20271011\r
SUMMARY:國慶日（補假） National Day (observed)\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:tw-2027-1025@purser.test\r
DTSTART;VALUE=DATE:20271025\r
SUMMARY:臺灣光復節 Retrocession Day\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:tw-2027-1224@purser.test\r
DTSTART;VALUE=DATE:20271224\r
SUMMARY:行憲紀念日（補假） Constitution Day (observed)\r
END:VEVENT\r
END:VCALENDAR\r
";

/// Dutch public holidays the Rotterdam office closes for, typed in by hand.
const DUTCH_HOLIDAYS: &[(&str, &str)] = &[
    ("2026-01-01", "Nieuwjaarsdag"),
    ("2026-04-03", "Goede Vrijdag"),
    ("2026-04-06", "Tweede Paasdag"),
    ("2026-04-27", "Koningsdag"),
    ("2026-05-05", "Bevrijdingsdag"),
    ("2026-05-14", "Hemelvaartsdag"),
    ("2026-05-25", "Tweede Pinksterdag"),
    ("2026-12-25", "Eerste Kerstdag"),
    ("2026-12-26", "Tweede Kerstdag"),
    ("2027-01-01", "Nieuwjaarsdag"),
    ("2027-03-26", "Goede Vrijdag"),
    ("2027-03-29", "Tweede Paasdag"),
    ("2027-04-27", "Koningsdag"),
    ("2027-05-05", "Bevrijdingsdag"),
    ("2027-05-06", "Hemelvaartsdag"),
    ("2027-05-17", "Tweede Pinksterdag"),
    ("2027-12-25", "Eerste Kerstdag"),
    ("2027-12-26", "Tweede Kerstdag"),
];

fn weekdays(hours: &str) -> Vec<Vec<String>> {
    (0..7)
        .map(|d| {
            if d < 5 {
                vec![hours.to_string()]
            } else {
                vec![]
            }
        })
        .collect()
}

const ASIA: [&str; 4] = ["TW", "CN", "HK", "SG"];

/// Both directions between the Asian countries and each of `west`.
fn lanes(west: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for a in ASIA {
        for w in west {
            out.push(format!("{a}-{w}"));
            out.push(format!("{w}-{a}"));
        }
    }
    out
}

pub fn trans_pacific_lanes() -> Vec<String> {
    lanes(&["US"])
}

pub fn asia_europe_lanes() -> Vec<String> {
    lanes(&["NL", "DE", "BE"])
}

/// (team, e-mail, lanes, tiers, calendar, members by e-mail)
type TeamPlan = (
    &'static str,
    &'static str,
    Vec<String>,
    Vec<Tier>,
    &'static str,
    &'static [&'static str],
);

fn team_plans() -> Vec<TeamPlan> {
    let all = [trans_pacific_lanes(), asia_europe_lanes()].concat();
    vec![
        (
            "Overflow",
            "overflow@purser.test",
            vec![],
            vec![],
            TAIPEI,
            &["kevin@purser.test", "wei@purser.test"],
        ),
        (
            "Trans-Pacific",
            "tpac@purser.test",
            trans_pacific_lanes(),
            vec![],
            TAIPEI,
            &["amy@purser.test", "wei@purser.test"],
        ),
        (
            "Asia–Europe",
            "aeu@purser.test",
            asia_europe_lanes(),
            vec![],
            ROTTERDAM,
            &["sanne@purser.test", "joyce@purser.test"],
        ),
        (
            "Key Accounts",
            "keyaccounts@purser.test",
            all,
            vec![Tier::Platinum, Tier::Gold],
            TAIPEI,
            &["amy@purser.test", "joyce@purser.test", "sam@purser.test"],
        ),
    ]
}

/// (e-mail, capacity, languages, lanes, case types) of an agent's routing profile.
type ProfilePlan = (&'static str, i64, Vec<Language>, Vec<String>, Vec<CaseType>);

fn profiles() -> Vec<ProfilePlan> {
    use Language::{En, ZhTw};
    vec![
        ("amy@purser.test", 25, vec![En, ZhTw], vec![], vec![]),
        ("wei@purser.test", 20, vec![ZhTw], vec![], vec![]),
        ("joyce@purser.test", 20, vec![ZhTw, En], vec![], vec![]),
        (
            "sanne@purser.test",
            20,
            vec![En],
            asia_europe_lanes(),
            vec![],
        ),
        (
            "kevin@purser.test",
            15,
            vec![En, ZhTw],
            vec![],
            vec![
                CaseType::Inquiry,
                CaseType::Request,
                CaseType::BlAmendment,
                CaseType::RateRequest,
            ],
        ),
        ("sam@purser.test", 5, vec![En, ZhTw], vec![], vec![]),
    ]
}

/// (name, tier, case type, priority, first response, next response, resolution (business
/// minutes), warn %, raise priority on breach, escalate to Key Accounts on breach)
type PolicyPlan = (
    &'static str,
    Option<Tier>,
    Option<CaseType>,
    Option<Priority>,
    i64,
    i64,
    i64,
    i64,
    bool,
    bool,
);

/// A business day is nine hours (540 minutes) of the office calendar.
const DAY: i64 = 540;

const POLICIES: &[PolicyPlan] = &[
    (
        "Platinum complaints",
        Some(Tier::Platinum),
        Some(CaseType::Complaint),
        None,
        30,
        60,
        2 * DAY,
        70,
        true,
        true,
    ),
    (
        "Complaints",
        None,
        Some(CaseType::Complaint),
        None,
        120,
        240,
        4 * DAY,
        70,
        true,
        true,
    ),
    (
        "Urgent",
        None,
        None,
        Some(Priority::Urgent),
        30,
        60,
        DAY,
        75,
        false,
        true,
    ),
    (
        "B/L amendments",
        None,
        Some(CaseType::BlAmendment),
        None,
        60,
        120,
        DAY,
        75,
        true,
        false,
    ),
    (
        "Platinum",
        Some(Tier::Platinum),
        None,
        None,
        60,
        120,
        DAY,
        75,
        true,
        false,
    ),
    (
        "Gold",
        Some(Tier::Gold),
        None,
        None,
        120,
        240,
        2 * DAY,
        75,
        true,
        false,
    ),
    (
        "Silver",
        Some(Tier::Silver),
        None,
        None,
        240,
        480,
        4 * DAY,
        80,
        false,
        false,
    ),
    (
        "Bronze",
        Some(Tier::Bronze),
        None,
        None,
        DAY,
        DAY,
        5 * DAY,
        80,
        false,
        false,
    ),
];

/// (subject, body) of a template in one language.
type Wording = (&'static str, &'static str);

/// (name, English, Traditional Chinese)
const TEMPLATES: &[(&str, Wording, Wording)] = &[
    (
        "acknowledge",
        (
            "[{{case.number}}] {{case.subject}}",
            "Dear {{contact.name}},\n\nThank you for your message. We have registered it as \
             case {{case.number}}; {{agent.name}} of our {{team.name}} team is looking after \
             it and will come back to you shortly.\n\nBest regards,\n{{agent.name}}\n\
             {{team.name}}, Purser Line",
        ),
        (
            "[{{case.number}}] {{case.subject}}",
            "{{contact.name}} 您好：\n\n感謝您的來信，我們已建立案件 {{case.number}}，由\
             {{team.name}}的{{agent.name}}負責處理，將儘快回覆您。\n\n敬祝 商祺\n\
             {{agent.name}}\n{{team.name}}",
        ),
    ),
    (
        "request_documents",
        (
            "[{{case.number}}] Documents needed",
            "Dear {{contact.first_name}},\n\nTo proceed with case {{case.number}} we need the \
             following from you:\n\n- \n\nAs soon as we have them we will continue.\n\nBest \
             regards,\n{{agent.name}}",
        ),
        (
            "[{{case.number}}] 請提供文件",
            "{{contact.name}} 您好：\n\n為處理案件 {{case.number}}，請提供以下文件：\n\n- \n\n\
             收到後我們將立即處理。\n\n敬祝 商祺\n{{agent.name}}",
        ),
    ),
    (
        "eta_update",
        (
            "[{{case.number}}] ETA update {{shipment.reference}}",
            "Dear {{contact.name}},\n\nThe shipment {{shipment.reference}} is now expected to \
             arrive on {{shipment.eta}}. We will keep you informed of any further change.\n\n\
             Best regards,\n{{agent.name}}",
        ),
        (
            "[{{case.number}}] 到港時間更新 {{shipment.reference}}",
            "{{contact.name}} 您好：\n\n貨物 {{shipment.reference}} 更新後預計於 \
             {{shipment.eta}} 抵達，如有變動將再通知您。\n\n敬祝 商祺\n{{agent.name}}",
        ),
    ),
    (
        "bl_draft",
        (
            "[{{case.number}}] B/L draft {{bl.number}}",
            "Dear {{contact.name}},\n\nPlease find the draft of B/L {{bl.number}} in the \
             portal and confirm it, or send us your corrections, before the documentation \
             cut-off.\n\nBest regards,\n{{agent.name}}",
        ),
        (
            "[{{case.number}}] 提單草稿 {{bl.number}}",
            "{{contact.name}} 您好：\n\n提單 {{bl.number}} 草稿已上傳至客戶入口網站，請於文件\
             截止前確認或提供更正內容。\n\n敬祝 商祺\n{{agent.name}}",
        ),
    ),
    (
        "follow_up_promise",
        (
            "[{{case.number}}] We will come back to you",
            "Dear {{contact.name}},\n\nWe are still working on case {{case.number}} and will \
             come back to you by {{case.promised_at}}.\n\nBest regards,\n{{agent.name}}",
        ),
        (
            "[{{case.number}}] 後續回覆時間",
            "{{contact.name}} 您好：\n\n案件 {{case.number}} 仍在處理中，我們將於 \
             {{case.promised_at}} 前回覆您。\n\n敬祝 商祺\n{{agent.name}}",
        ),
    ),
    (
        "complaint_received",
        (
            "[{{case.number}}] Your complaint",
            "Dear {{contact.name}},\n\nWe are sorry for the trouble. Your complaint is \
             registered as {{case.number}}; we are investigating and will propose a solution \
             within one business day.\n\nBest regards,\n{{agent.name}}\n{{team.name}}",
        ),
        (
            "[{{case.number}}] 您的客訴",
            "{{contact.name}} 您好：\n\n造成您的困擾，我們深感抱歉。您的客訴已登錄為案件 \
             {{case.number}}，我們正在調查，並將於一個工作天內提出解決方案。\n\n敬祝 商祺\n\
             {{agent.name}}\n{{team.name}}",
        ),
    ),
    (
        "resolved",
        (
            "[{{case.number}}] Resolved: {{case.subject}}",
            "Dear {{contact.name}},\n\nWe consider case {{case.number}} resolved. If anything \
             is still open, simply reply to this e-mail and the case reopens.\n\nBest \
             regards,\n{{agent.name}}",
        ),
        (
            "[{{case.number}}] 已處理完成：{{case.subject}}",
            "{{contact.name}} 您好：\n\n案件 {{case.number}} 已處理完成。如仍有問題，直接回覆\
             此信件即可重新開啟案件。\n\n敬祝 商祺\n{{agent.name}}",
        ),
    ),
];

fn fail(e: purser_app::AppError) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

/// Sets up calendars, teams, members and their profiles, SLA policies and templates.
pub async fn configure(store: &Store, staff: Vec<Staff>) -> anyhow::Result<Desk> {
    let ctx = Ctx::system("demo");
    let taipei = setup::create_calendar(
        store,
        &ctx,
        CalendarInput {
            name: TAIPEI.into(),
            spec: CalendarSpec {
                time_zone: "Asia/Taipei".into(),
                weekly: weekdays("09:00-18:00"),
                holidays: vec![],
            },
            holidays_ics: Some(TAIWAN_HOLIDAYS_ICS.into()),
        },
    )
    .await
    .map_err(fail)?;
    let rotterdam = setup::create_calendar(
        store,
        &ctx,
        CalendarInput {
            name: ROTTERDAM.into(),
            spec: CalendarSpec {
                time_zone: "Europe/Amsterdam".into(),
                weekly: weekdays("08:30-17:30"),
                holidays: DUTCH_HOLIDAYS
                    .iter()
                    .map(|(date, name)| HolidaySpec {
                        date: (*date).into(),
                        name: (*name).into(),
                    })
                    .collect(),
            },
            holidays_ics: None,
        },
    )
    .await
    .map_err(fail)?;
    let calendars = vec![taipei, rotterdam];
    let calendar_id = |name: &str| calendars.iter().find(|c| c.name == name).map(|c| c.id);
    let staff_id = |email: &str| staff.iter().find(|s| s.email == email).map(|s| s.id);

    let mut teams: Vec<Team> = Vec::new();
    for (name, email, lanes, tiers, calendar, members) in team_plans() {
        let overflow = teams.iter().find(|t| t.name == "Overflow").map(|t| t.id);
        let team = setup::create_team(
            store,
            &ctx,
            TeamInput {
                name: name.into(),
                email: Some(email.into()),
                lanes,
                regions: vec![],
                tiers,
                overflow_team_id: overflow.filter(|_| name != "Overflow"),
                busy_period: false,
                calendar_id: calendar_id(calendar),
                // presence: the team reads times where it works (its calendar's zone)
                time_zone: Some(
                    if calendar == ROTTERDAM {
                        "Europe/Amsterdam"
                    } else {
                        "Asia/Taipei"
                    }
                    .into(),
                ),
            },
        )
        .await
        .map_err(fail)?;
        for m in members {
            let user = staff_id(m).with_context(|| format!("demo user {m}"))?;
            setup::set_member(store, &ctx, team.id, user, true)
                .await
                .map_err(fail)?;
        }
        teams.push(team);
    }
    // peak season on the Pacific: the overflow team helps out
    let tpac = teams
        .iter()
        .position(|t| t.name == "Trans-Pacific")
        .context("team")?;
    teams[tpac] = setup::set_busy(store, &ctx, teams[tpac].id, true)
        .await
        .map_err(fail)?;

    for (email, capacity, languages, lanes, case_types) in profiles() {
        let user = staff_id(email).with_context(|| format!("demo user {email}"))?;
        setup::set_profile(
            store,
            &ctx,
            user,
            ProfileInput {
                status: AgentStatus::Available,
                capacity,
                languages,
                lanes,
                case_types,
            },
        )
        .await
        .map_err(fail)?;
    }

    let key_accounts = teams
        .iter()
        .find(|t| t.name == "Key Accounts")
        .map(|t| t.id);
    for (position, p) in POLICIES.iter().enumerate() {
        let (name, tier, case_type, priority, first, next, resolution, warn, raise, escalate) = *p;
        setup::create_policy(
            store,
            &ctx,
            PolicyInput {
                name: name.into(),
                position: position as i64 * 10,
                tier,
                contract_id: None,
                case_type,
                priority,
                first_response_mins: Some(first),
                next_response_mins: Some(next),
                resolution_mins: Some(resolution),
                warn_percent: warn,
                // the team's office calendar counts
                calendar_id: None,
                escalate_raise_priority: raise,
                escalate_to_team_id: key_accounts.filter(|_| escalate),
            },
        )
        .await
        .map_err(fail)?;
    }

    for (name, (en_subject, en_body), (zh_subject, zh_body)) in TEMPLATES {
        for (language, subject, body) in [
            (Language::En, en_subject, en_body),
            (Language::ZhTw, zh_subject, zh_body),
        ] {
            setup::create_template(
                store,
                &ctx,
                TemplateInput {
                    name: (*name).into(),
                    language,
                    subject: (*subject).into(),
                    body: (*body).into(),
                },
            )
            .await
            .map_err(fail)?;
        }
    }

    // Kevin is away for a training next week; Wei covers his cases
    if let (Some(kevin), Some(wei)) = (staff_id("kevin@purser.test"), staff_id("wei@purser.test")) {
        let monday = next_monday(jiff::Zoned::now().date());
        let at = |d: jiff::civil::Date, h: i8| {
            d.at(h, 0, 0, 0)
                .in_tz("Asia/Taipei")
                .map(|z| z.timestamp().to_string())
        };
        let ends = monday.tomorrow()?.tomorrow()?;
        app_routing::add_absence(
            store,
            &ctx,
            AbsenceInput {
                user_id: kevin,
                starts_at: at(monday, 9)?,
                ends_at: at(ends, 18)?,
                substitute_id: Some(wei),
                reason: "Dangerous goods training / 危險品訓練".into(),
            },
        )
        .await
        .map_err(fail)?;
    }

    let policies = purser_store::sla::policies(&mut store.clone()).await?;
    Ok(Desk {
        teams,
        policies,
        calendars,
        staff,
    })
}

fn next_monday(d: jiff::civil::Date) -> jiff::civil::Date {
    let mut day = d.tomorrow().unwrap_or(d);
    while day.weekday() != jiff::civil::Weekday::Monday {
        day = day.tomorrow().unwrap_or(day);
    }
    day
}

#[cfg(test)]
mod tests {
    use super::*;
    use purser_domain::cases::calendar::{BusinessCalendar, holidays_from_ics};
    use purser_domain::cases::templates;

    #[test]
    fn the_taiwan_feed_holds_the_2027_lunar_new_year() {
        let holidays = holidays_from_ics(TAIWAN_HOLIDAYS_ICS).unwrap();
        let dates: Vec<&str> = holidays.iter().map(|h| h.date.as_str()).collect();
        for d in [
            "2027-02-04",
            "2027-02-05",
            "2027-02-08",
            "2027-02-10",
            "2026-02-17",
        ] {
            assert!(dates.contains(&d), "{d} missing");
        }
        assert!(!dates.contains(&"2027-02-11"));
        let spec = CalendarSpec {
            time_zone: "Asia/Taipei".into(),
            weekly: weekdays("09:00-18:00"),
            holidays,
        };
        let cal = BusinessCalendar::from_spec(&spec).unwrap();
        // Wednesday 3 Feb 2027, 17:00: one working hour, then the holiday runs to the 10th
        let start: jiff::Timestamp = "2027-02-03T09:00:00Z".parse().unwrap();
        let due = cal.add_business(start, jiff::SignedDuration::from_hours(2));
        assert_eq!(due.to_string(), "2027-02-11T02:00:00Z");
    }

    #[test]
    fn every_template_uses_known_variables_in_both_languages() {
        for (name, en, zh) in TEMPLATES {
            for (subject, body) in [en, zh] {
                assert_eq!(templates::check(subject), Ok(()), "{name}");
                assert_eq!(templates::check(body), Ok(()), "{name}");
            }
        }
    }

    #[test]
    fn policies_are_tighter_for_complaints_and_better_tiers() {
        let find = |n: &str| POLICIES.iter().find(|p| p.0 == n).unwrap();
        let (platinum, gold, bronze) = (find("Platinum"), find("Gold"), find("Bronze"));
        assert_eq!((platinum.4, platinum.5, platinum.6), (60, 120, DAY));
        assert!(platinum.4 < gold.4 && gold.4 < bronze.4);
        assert!(find("Platinum complaints").4 < platinum.4);
    }
}
