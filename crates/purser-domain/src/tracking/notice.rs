//! The words of a proactive notice: what changed, the new times in the reader's time zone,
//! the delay reason in words, every shipment of the reader's company that it touches and
//! the sailings that could carry them instead — in English or Traditional Chinese, as
//! plain text and as HTML made from the same blocks, so both always say the same thing.
//!
//! ```
//! use purser_domain::customers::Language;
//! use purser_domain::tracking::changes::Change;
//! use purser_domain::tracking::notice::{compose, Call, Facts, Listed};
//! use jiff::{SignedDuration, Timestamp};
//!
//! let from: Timestamp = "2026-03-05T06:00:00Z".parse().unwrap();
//! let change = Change::EtaSlip { from, to: from + SignedDuration::from_hours(30), by: SignedDuration::from_hours(30) };
//! let facts = Facts {
//!     change: &change,
//!     call: Some(Call { vessel: "EVER ACE".into(), vessel_imo: "9893890".into(), voyage: "0123W".into(), port: "NLRTM".into() }),
//!     other_vessel: None,
//!     reason_code: Some("WEA".into()),
//!     greeting: "Amy Lin".into(),
//!     shipments: vec![Listed { reference: "EGLV123".into(), booking: "BK1".into(), from: "TWKHH".into(), to: "NLRTM".into() }],
//!     alternatives: vec![],
//!     time_zone: "Asia/Taipei".into(),
//! };
//! let n = compose(&facts, Language::En);
//! assert!(n.text.contains("EGLV123") && n.text.contains("bad weather"));
//! ```

use super::changes::Change;
use super::codes::delay_reason;
use crate::customers::Language;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

/// One shipment a notice lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// Transport document (B/L) reference.
    pub reference: String,
    pub booking: String,
    /// Port of loading and of discharge (UN/LOCODE).
    pub from: String,
    pub to: String,
}

/// The vessel call a change is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The vessel's name (its IMO number when the name is unknown).
    pub vessel: String,
    pub vessel_imo: String,
    pub voyage: String,
    pub port: String,
}

/// A sailing that could carry the cargo instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sailing {
    pub vessel: String,
    pub vessel_imo: String,
    pub voyage: String,
    pub departure: Timestamp,
    pub arrival: Timestamp,
}

impl Sailing {
    /// Whole days port to port, rounded, at least one.
    pub fn transit_days(&self) -> i64 {
        let secs = self.arrival.duration_since(self.departure).as_secs();
        ((secs + 43_200) / 86_400).max(1)
    }
}

/// The alternatives of one lane (port of loading → port of discharge).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lane {
    pub from: String,
    pub to: String,
    pub sailings: Vec<Sailing>,
}

/// Everything a notice says, gathered by the caller.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts<'a> {
    pub change: &'a Change,
    /// The vessel call that changed; none for a document hold.
    pub call: Option<Call>,
    /// For a roll-over, the vessel the cargo went on instead (by name), if known.
    pub other_vessel: Option<String>,
    /// SMDG delay reason code, when the publisher gave one.
    pub reason_code: Option<String>,
    /// Whom the notice greets: the contact's (or the company's) name.
    pub greeting: String,
    pub shipments: Vec<Listed>,
    /// Sailings per lane of the listed shipments (slips, roll-overs and omissions).
    pub alternatives: Vec<Lane>,
    /// IANA zone the reader's times are shown in; UTC when unknown.
    pub time_zone: String,
}

/// A notice ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The `change_kind` a notice is filed under.
pub fn kind(change: &Change) -> &'static str {
    match change {
        Change::EtaSlip { .. } => "eta_slip",
        Change::RolledOver { .. } => "rolled_over",
        Change::PortOmitted { .. } => "port_omitted",
        Change::CutOffChanged { .. } => "cut_off_changed",
        Change::DocumentHold => "document_hold",
    }
}

/// Whether a contact hears of it through the document preference (holds) rather than the
/// delays one (everything about vessels and sailings).
pub fn is_about_documents(change: &Change) -> bool {
    matches!(change, Change::DocumentHold)
}

/// Whether the notice offers other sailings.
pub fn offers_alternatives(change: &Change) -> bool {
    matches!(
        change,
        Change::EtaSlip { .. } | Change::RolledOver { .. } | Change::PortOmitted { .. }
    )
}

/// The part of a notice both renderings are made from.
enum Block {
    Para(Vec<String>),
    Heading(String),
    Items(Vec<String>),
}

/// Words in the reader's language.
struct Say {
    zh: bool,
    tz: TimeZone,
    zone: String,
}

impl Say {
    fn new(language: Language, time_zone: &str) -> Say {
        let (tz, zone) = match TimeZone::get(time_zone) {
            Ok(tz) => (tz, time_zone.to_string()),
            Err(_) => (TimeZone::UTC, "UTC".to_string()),
        };
        Say {
            zh: language == Language::ZhTw,
            tz,
            zone,
        }
    }

    fn pick<'a>(&self, en: &'a str, zh: &'a str) -> &'a str {
        if self.zh { zh } else { en }
    }

    /// A time in the reader's zone, with the zone: "2026-03-05 14:00 (Asia/Taipei)".
    fn time(&self, t: Timestamp) -> String {
        let local = t.to_zoned(self.tz.clone()).strftime("%Y-%m-%d %H:%M");
        if self.zh {
            format!("{local}（{}）", self.zone)
        } else {
            format!("{local} ({})", self.zone)
        }
    }

    fn duration(&self, by: SignedDuration) -> String {
        let hours = (by.as_secs().abs() + 1_800) / 3_600;
        let (d, h) = (hours / 24, hours % 24);
        match (self.zh, hours < 48) {
            (false, true) => format!("{hours} hour{}", if hours == 1 { "" } else { "s" }),
            (false, false) if h == 0 => format!("{d} days"),
            (false, false) => format!("{d} days {h} hour{}", if h == 1 { "" } else { "s" }),
            (true, true) => format!("{hours} 小時"),
            (true, false) if h == 0 => format!("{d} 天"),
            (true, false) => format!("{d} 天 {h} 小時"),
        }
    }

    fn count(&self, n: usize) -> String {
        match (self.zh, n) {
            (true, n) => format!("{n} 票貨"),
            (false, 1) => "1 shipment".into(),
            (false, n) => format!("{n} shipments"),
        }
    }

    fn cut_off(&self, code: &str) -> String {
        let (en, zh) = match code {
            "DCO" => ("documentation", "文件（截單）"),
            "VCO" => ("VGM", "VGM"),
            "FCO" => ("FCL delivery", "整櫃進櫃"),
            "LCO" => ("LCL delivery", "併櫃進倉"),
            other => (other, other),
        };
        self.pick(en, zh).to_string()
    }

    fn voyage(&self, c: &Call) -> String {
        if self.zh {
            format!("{}（IMO {}）航次 {}", c.vessel, c.vessel_imo, c.voyage)
        } else {
            format!("{} (IMO {}) voyage {}", c.vessel, c.vessel_imo, c.voyage)
        }
    }
}

/// Writes the notice in `language`.
pub fn compose(f: &Facts<'_>, language: Language) -> Composed {
    let say = Say::new(language, &f.time_zone);
    let subject = subject(f, &say);
    let blocks = blocks(f, &say);
    Composed {
        subject,
        text: text_of(&blocks),
        html: html_of(&subject_html(f, &say), &blocks),
    }
}

fn subject(f: &Facts<'_>, say: &Say) -> String {
    let n = say.count(f.shipments.len());
    let (vessel, port) = match &f.call {
        Some(c) => (format!("{} {}", c.vessel, c.voyage), c.port.clone()),
        None => (String::new(), String::new()),
    };
    match (f.change, say.zh) {
        (Change::EtaSlip { by, .. }, false) => format!(
            "Delay: {vessel} arrives at {port} {} later ({n})",
            say.duration(*by)
        ),
        (Change::EtaSlip { by, .. }, true) => {
            format!(
                "【延誤通知】{vessel} 抵達 {port} 延後 {}（{n}）",
                say.duration(*by)
            )
        }
        (Change::RolledOver { .. }, false) => {
            format!("Roll-over: cargo not loaded on {vessel} at {port} ({n})")
        }
        (Change::RolledOver { .. }, true) => {
            format!("【甩櫃通知】貨物未能裝上 {vessel}（{port}）（{n}）")
        }
        (Change::PortOmitted { port }, false) => {
            format!("Port omission: {vessel} will not call at {port} ({n})")
        }
        (Change::PortOmitted { port }, true) => {
            format!("【跳港通知】{vessel} 將不靠泊 {port}（{n}）")
        }
        (Change::CutOffChanged { kind, .. }, false) => format!(
            "Cut-off changed: {} cut-off for {vessel} at {port} ({n})",
            say.cut_off(kind)
        ),
        (Change::CutOffChanged { kind, .. }, true) => format!(
            "【截止時間變更】{vessel}（{port}）{}截止時間變更（{n}）",
            say.cut_off(kind)
        ),
        (Change::DocumentHold, false) => format!("Document hold on your shipment ({n})"),
        (Change::DocumentHold, true) => format!("【文件暫扣通知】（{n}）"),
    }
}

fn subject_html(f: &Facts<'_>, say: &Say) -> String {
    escape(&subject(f, say))
}

fn blocks(f: &Facts<'_>, say: &Say) -> Vec<Block> {
    let mut out = Vec::new();
    out.push(Block::Para(vec![if say.zh {
        format!("{} 您好：", f.greeting)
    } else {
        format!("Dear {},", f.greeting)
    }]));
    out.push(Block::Para(what_changed(f, say)));
    if let Some(code) = &f.reason_code {
        let (en, zh) = delay_reason(code);
        out.push(Block::Para(vec![if say.zh {
            format!("原因：{zh}（{code}）")
        } else {
            format!("Reason: {en} ({code})")
        }]));
    }
    out.push(Block::Heading(if say.zh {
        format!("受影響的貨物（{}）：", say.count(f.shipments.len()))
    } else {
        format!("Your shipments affected ({}):", f.shipments.len())
    }));
    out.push(Block::Items(
        f.shipments
            .iter()
            .map(|s| {
                if say.zh {
                    format!(
                        "提單 {}（訂艙 {}），{} → {}",
                        s.reference, s.booking, s.from, s.to
                    )
                } else {
                    format!(
                        "B/L {} (booking {}), {} → {}",
                        s.reference, s.booking, s.from, s.to
                    )
                }
            })
            .collect(),
    ));
    if offers_alternatives(f.change) {
        out.push(Block::Heading(
            say.pick("Alternative sailings:", "其他可選航班：").into(),
        ));
        if f.alternatives.iter().all(|l| l.sailings.is_empty()) {
            out.push(Block::Para(vec![
                say.pick(
                    "The current schedules show no other sailing on your routes; we will let you know as soon as one opens.",
                    "目前船期表中沒有其他可選航班；一有新航班，我們會立即通知您。",
                )
                .into(),
            ]));
        }
        for lane in f.alternatives.iter().filter(|l| !l.sailings.is_empty()) {
            out.push(Block::Para(vec![format!("{} → {}", lane.from, lane.to)]));
            out.push(Block::Items(
                lane.sailings
                    .iter()
                    .map(|s| {
                        let d = s.transit_days();
                        if say.zh {
                            format!(
                                "{} 航次 {}：開航 {}，抵達 {}，航程 {} 天",
                                s.vessel,
                                s.voyage,
                                say.time(s.departure),
                                say.time(s.arrival),
                                d
                            )
                        } else {
                            format!(
                                "{} voyage {}: departs {}, arrives {}, transit {} day{}",
                                s.vessel,
                                s.voyage,
                                say.time(s.departure),
                                say.time(s.arrival),
                                d,
                                if d == 1 { "" } else { "s" }
                            )
                        }
                    })
                    .collect(),
            ));
        }
    }
    out.push(Block::Para(vec![
        say.pick(
            "If you would like to move cargo to another sailing or have any question, please contact your customer service team.",
            "如需改配其他航班或有任何疑問，請與您的客服團隊聯繫。",
        )
        .into(),
    ]));
    out.push(Block::Para(vec![
        say.pick("Kind regards,", "敬祝 商祺").into(),
        say.pick("Customer Service", "客服部").into(),
    ]));
    out
}

fn what_changed(f: &Facts<'_>, say: &Say) -> Vec<String> {
    let voyage = f.call.as_ref().map(|c| say.voyage(c)).unwrap_or_default();
    let port = f.call.as_ref().map(|c| c.port.as_str()).unwrap_or("");
    match (f.change, say.zh) {
        (Change::EtaSlip { from, to, by }, false) => vec![
            format!(
                "The arrival of {voyage} at {port} is delayed by {}.",
                say.duration(*by)
            ),
            format!("Previously expected: {}", say.time(*from)),
            format!("Now expected: {}", say.time(*to)),
        ],
        (Change::EtaSlip { from, to, by }, true) => vec![
            format!("{voyage} 抵達 {port} 的時間延後 {}。", say.duration(*by)),
            format!("原預計抵達：{}", say.time(*from)),
            format!("最新預計抵達：{}", say.time(*to)),
        ],
        (Change::RolledOver { .. }, false) => vec![
            format!("Your cargo was not loaded on {voyage} at {port} as planned."),
            match &f.other_vessel {
                Some(v) => format!("It was loaded on {v} instead."),
                None => "It will travel on a later sailing; we will confirm which.".into(),
            },
        ],
        (Change::RolledOver { .. }, true) => vec![
            format!("您的貨物未能如期在 {port} 裝上 {voyage}。"),
            match &f.other_vessel {
                Some(v) => format!("貨物已改裝 {v}。"),
                None => "貨物將改配後續航班，確認後將再通知您。".into(),
            },
        ],
        (Change::PortOmitted { port }, false) => vec![format!(
            "{voyage} will not call at {port} (port omitted from the schedule)."
        )],
        (Change::PortOmitted { port }, true) => {
            vec![format!("{voyage} 將取消靠泊 {port}（船期跳港）。")]
        }
        (Change::CutOffChanged { kind, from, to }, false) => vec![
            format!(
                "The {} cut-off for {voyage} at {port} has changed.",
                say.cut_off(kind)
            ),
            format!("Previous cut-off: {}", say.time(*from)),
            format!("New cut-off: {}", say.time(*to)),
        ],
        (Change::CutOffChanged { kind, from, to }, true) => vec![
            format!("{voyage} 於 {port} 的{}截止時間已變更。", say.cut_off(kind)),
            format!("原截止時間：{}", say.time(*from)),
            format!("新截止時間：{}", say.time(*to)),
        ],
        (Change::DocumentHold, false) => vec![
            "The documents of the shipment below have been put on hold.".into(),
            "Our team will contact you about what is needed to release them.".into(),
        ],
        (Change::DocumentHold, true) => vec![
            "以下貨物的文件已被暫扣（HOLD）。".into(),
            "我們的團隊將與您聯繫，說明放行所需的文件或手續。".into(),
        ],
    }
}

fn text_of(blocks: &[Block]) -> String {
    let mut out = String::new();
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 && !matches!(b, Block::Items(_)) {
            out.push('\n');
        }
        match b {
            Block::Para(lines) => {
                for l in lines {
                    out.push_str(l);
                    out.push('\n');
                }
            }
            Block::Heading(h) => {
                out.push_str(h);
                out.push('\n');
            }
            Block::Items(items) => {
                for it in items {
                    out.push_str("- ");
                    out.push_str(it);
                    out.push('\n');
                }
            }
        }
    }
    out
}

fn html_of(title: &str, blocks: &[Block]) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head><body>\n"
    );
    for b in blocks {
        match b {
            Block::Para(lines) => {
                let lines: Vec<String> = lines.iter().map(|l| escape(l)).collect();
                out.push_str(&format!("<p>{}</p>\n", lines.join("<br>\n")));
            }
            Block::Heading(h) => out.push_str(&format!("<h3>{}</h3>\n", escape(h))),
            Block::Items(items) => {
                out.push_str("<ul>\n");
                for it in items {
                    out.push_str(&format!("<li>{}</li>\n", escape(it)));
                }
                out.push_str("</ul>\n");
            }
        }
    }
    out.push_str("</body></html>\n");
    out
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn slip() -> Change {
        Change::EtaSlip {
            from: at("2026-03-05T06:00:00Z"),
            to: at("2026-03-06T12:00:00Z"),
            by: SignedDuration::from_hours(30),
        }
    }

    fn call() -> Call {
        Call {
            vessel: "EVER ACE".into(),
            vessel_imo: "9893890".into(),
            voyage: "0123W".into(),
            port: "NLRTM".into(),
        }
    }

    fn listed(r: &str) -> Listed {
        Listed {
            reference: r.into(),
            booking: format!("BK-{r}"),
            from: "TWKHH".into(),
            to: "NLRTM".into(),
        }
    }

    fn facts<'a>(change: &'a Change, shipments: Vec<Listed>) -> Facts<'a> {
        Facts {
            change,
            call: Some(call()),
            other_vessel: None,
            reason_code: Some("WEA".into()),
            greeting: "Amy Lin".into(),
            shipments,
            alternatives: vec![Lane {
                from: "TWKHH".into(),
                to: "NLRTM".into(),
                sailings: vec![Sailing {
                    vessel: "EVER ALP".into(),
                    vessel_imo: "9893905".into(),
                    voyage: "0125W".into(),
                    departure: at("2026-03-08T02:00:00Z"),
                    arrival: at("2026-04-09T10:00:00Z"),
                }],
            }],
            time_zone: "Asia/Taipei".into(),
        }
    }

    #[test]
    fn an_english_slip_notice_says_what_changed_when_why_and_what_else_sails() {
        let c = slip();
        let n = compose(
            &facts(&c, vec![listed("EGLV1"), listed("EGLV2")]),
            Language::En,
        );
        assert_eq!(
            n.subject,
            "Delay: EVER ACE 0123W arrives at NLRTM 30 hours later (2 shipments)"
        );
        for want in [
            "Dear Amy Lin,",
            "The arrival of EVER ACE (IMO 9893890) voyage 0123W at NLRTM is delayed by 30 hours.",
            // 06:00Z and 12:00Z are 14:00 and 20:00 in Taipei
            "Previously expected: 2026-03-05 14:00 (Asia/Taipei)",
            "Now expected: 2026-03-06 20:00 (Asia/Taipei)",
            "Reason: bad weather (WEA)",
            "- B/L EGLV1 (booking BK-EGLV1), TWKHH → NLRTM",
            "- B/L EGLV2 (booking BK-EGLV2), TWKHH → NLRTM",
            "TWKHH → NLRTM",
            "- EVER ALP voyage 0125W: departs 2026-03-08 10:00 (Asia/Taipei), arrives 2026-04-09 18:00 (Asia/Taipei), transit 32 days",
        ] {
            assert!(n.text.contains(want), "missing {want:?} in\n{}", n.text);
        }
        assert!(
            n.html
                .contains("<li>B/L EGLV1 (booking BK-EGLV1), TWKHH → NLRTM</li>")
        );
        assert!(n.html.contains("Reason: bad weather (WEA)"));
    }

    #[test]
    fn a_traditional_chinese_slip_notice_reads_in_chinese_with_the_same_facts() {
        let c = slip();
        let n = compose(&facts(&c, vec![listed("EGLV1")]), Language::ZhTw);
        assert_eq!(
            n.subject,
            "【延誤通知】EVER ACE 0123W 抵達 NLRTM 延後 30 小時（1 票貨）"
        );
        for want in [
            "Amy Lin 您好：",
            "EVER ACE（IMO 9893890）航次 0123W 抵達 NLRTM 的時間延後 30 小時。",
            "原預計抵達：2026-03-05 14:00（Asia/Taipei）",
            "最新預計抵達：2026-03-06 20:00（Asia/Taipei）",
            "原因：天候不佳（WEA）",
            "- 提單 EGLV1（訂艙 BK-EGLV1），TWKHH → NLRTM",
            "其他可選航班：",
            "航程 32 天",
        ] {
            assert!(n.text.contains(want), "missing {want:?} in\n{}", n.text);
        }
        assert!(!n.text.contains("Dear"), "{}", n.text);
    }

    #[test]
    fn times_follow_the_readers_zone_and_an_unknown_zone_is_utc() {
        let c = slip();
        let mut f = facts(&c, vec![listed("A1")]);
        f.time_zone = "Europe/Amsterdam".into();
        assert!(
            compose(&f, Language::En)
                .text
                .contains("Now expected: 2026-03-06 13:00 (Europe/Amsterdam)")
        );
        f.time_zone = "Mars/Olympus".into();
        assert!(
            compose(&f, Language::En)
                .text
                .contains("Now expected: 2026-03-06 12:00 (UTC)")
        );
    }

    #[test]
    fn no_alternatives_is_said_and_holds_offer_none() {
        let c = slip();
        let mut f = facts(&c, vec![listed("A1")]);
        f.alternatives[0].sailings.clear();
        let n = compose(&f, Language::En);
        assert!(n.text.contains("show no other sailing"), "{}", n.text);

        let hold = Change::DocumentHold;
        let mut f = facts(&hold, vec![listed("A1")]);
        f.call = None;
        f.reason_code = None;
        let n = compose(&f, Language::ZhTw);
        assert!(n.subject.starts_with("【文件暫扣通知】"));
        assert!(!n.text.contains("其他可選航班"), "{}", n.text);
        assert!(n.text.contains("提單 A1"));
    }

    #[test]
    fn roll_overs_omissions_and_cut_offs_in_both_languages() {
        let roll = Change::RolledOver {
            planned_vessel: "9893890".into(),
            actual_vessel: Some("9893905".into()),
        };
        let mut f = facts(&roll, vec![listed("A1")]);
        f.other_vessel = Some("EVER ALP".into());
        f.reason_code = None;
        let en = compose(&f, Language::En);
        assert!(
            en.text.contains("was not loaded on EVER ACE"),
            "{}",
            en.text
        );
        assert!(en.text.contains("loaded on EVER ALP instead"));
        assert!(
            compose(&f, Language::ZhTw)
                .text
                .contains("貨物已改裝 EVER ALP")
        );

        let omit = Change::PortOmitted {
            port: "NLRTM".into(),
        };
        let f = facts(&omit, vec![listed("A1")]);
        assert!(
            compose(&f, Language::En)
                .subject
                .contains("will not call at NLRTM")
        );
        assert!(compose(&f, Language::ZhTw).text.contains("取消靠泊 NLRTM"));

        let cut = Change::CutOffChanged {
            kind: "DCO".into(),
            from: at("2026-03-01T00:00:00Z"),
            to: at("2026-02-28T00:00:00Z"),
        };
        let f = facts(&cut, vec![listed("A1")]);
        let en = compose(&f, Language::En);
        assert!(en.text.contains("documentation cut-off"), "{}", en.text);
        assert!(
            en.text
                .contains("New cut-off: 2026-02-28 08:00 (Asia/Taipei)")
        );
        assert!(!en.text.contains("Alternative sailings"));
        assert!(compose(&f, Language::ZhTw).text.contains("新截止時間"));
    }

    #[test]
    fn html_escapes_what_it_is_given() {
        let c = slip();
        let mut f = facts(&c, vec![listed("A<1>&")]);
        f.greeting = "<script>".into();
        let n = compose(&f, Language::En);
        assert!(n.html.contains("A&lt;1&gt;&amp;"));
        assert!(!n.html.contains("<script>"));
    }

    #[test]
    fn long_delays_read_in_days() {
        let say = Say::new(Language::En, "UTC");
        assert_eq!(say.duration(SignedDuration::from_hours(1)), "1 hour");
        assert_eq!(say.duration(SignedDuration::from_hours(47)), "47 hours");
        assert_eq!(say.duration(SignedDuration::from_hours(72)), "3 days");
        assert_eq!(
            say.duration(SignedDuration::from_hours(73)),
            "3 days 1 hour"
        );
        let zh = Say::new(Language::ZhTw, "UTC");
        assert_eq!(zh.duration(SignedDuration::from_hours(50)), "2 天 2 小時");
    }

    fn change() -> impl Strategy<Value = Change> {
        prop_oneof![
            Just(slip()),
            Just(Change::RolledOver {
                planned_vessel: "9893890".into(),
                actual_vessel: None
            }),
            Just(Change::PortOmitted {
                port: "NLRTM".into()
            }),
            Just(Change::CutOffChanged {
                kind: "VCO".into(),
                from: at("2026-03-01T00:00:00Z"),
                to: at("2026-03-02T00:00:00Z"),
            }),
            Just(Change::DocumentHold),
        ]
    }

    proptest! {
        #[test]
        fn the_notice_names_every_listed_shipment(
            c in change(),
            refs in proptest::collection::btree_set("[A-Z]{4}[0-9A-Z/-]{1,16}", 1..40),
            zh in any::<bool>(),
        ) {
            let shipments: Vec<Listed> = refs.iter().map(|r| listed(r)).collect();
            let language = if zh { Language::ZhTw } else { Language::En };
            let n = compose(&facts(&c, shipments), language);
            for r in &refs {
                let count = if zh { format!("提單 {r}（") } else { format!("B/L {r} (") };
                prop_assert!(n.text.contains(&count), "{} not in {}", r, n.text);
                prop_assert!(n.html.contains(&count), "{} not in html", r);
            }
            let counted = if zh { format!("（{} 票貨）", refs.len()) } else if refs.len() == 1 {
                "(1 shipment)".to_string()
            } else {
                format!("({} shipments)", refs.len())
            };
            prop_assert!(n.subject.ends_with(&counted), "{}", n.subject);
        }
    }
}
