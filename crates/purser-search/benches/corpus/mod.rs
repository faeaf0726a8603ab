//! A generated desk: cases, messages (most of the volume), customers, contacts, containers
//! and articles, in English and Traditional Chinese mixed as agents write them, with
//! references, owners, departments and visibilities. Deterministic (a fixed-seed
//! generator), so every run indexes the same text.

use jiff::Timestamp;
use purser_search::{Kind, SearchDoc, Visibility};
use uuid::Uuid;

pub const CUSTOMERS: u64 = 2_000;
pub const DEPARTMENTS: [&str; 4] = ["sales", "logistics", "operations", "finance"];

const TRADE: [&str; 48] = [
    "container",
    "vessel",
    "booking",
    "shipment",
    "delay",
    "rollover",
    "cutoff",
    "release",
    "telex",
    "demurrage",
    "detention",
    "invoice",
    "freight",
    "amendment",
    "discharge",
    "loading",
    "customs",
    "inspection",
    "reefer",
    "temperature",
    "damage",
    "claim",
    "surcharge",
    "schedule",
    "voyage",
    "port",
    "terminal",
    "consignee",
    "shipper",
    "notify",
    "manifest",
    "weight",
    "verified",
    "gross",
    "mass",
    "hazardous",
    "cargo",
    "seal",
    "pickup",
    "delivery",
    "empty",
    "return",
    "free",
    "time",
    "waiver",
    "payment",
    "transship",
    "berth",
];
const CJK: &str = "提單貨櫃碼頭船期延誤放貨電放滯港費滯箱費發票運費修改卸貨裝船海關查驗冷凍溫度損壞索賠附加費航次港口收貨人託運人通知重量核實危險品封條提貨交貨空櫃歸還免費時間減免付款轉運泊位請確認已經今天明天客戶公司高雄基隆台中上海香港新加坡";
const SYLLABLES: [&str; 16] = [
    "ka", "lo", "mi", "ter", "san", "po", "ri", "gen", "vel", "dor", "na", "ex", "qui", "bra",
    "tum", "os",
];

/// xorshift64*: small, fast, and the same everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// Skewed towards 0, as word frequencies are.
    fn zipf(&mut self, n: u64) -> u64 {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64) * u * u * u) as u64
    }
}

fn filler_word(rng: &mut Rng) -> String {
    let mut n = rng.zipf(20_000) + 1;
    let mut word = String::new();
    while n > 0 {
        word.push_str(SYLLABLES[(n % 16) as usize]);
        n /= 16;
    }
    word
}

fn cjk_phrase(rng: &mut Rng) -> String {
    let chars: Vec<char> = CJK.chars().collect();
    let start = rng.zipf(chars.len() as u64 - 6) as usize;
    let len = 2 + rng.below(4) as usize;
    chars[start..start + len].iter().collect()
}

/// Text of about `words` words: trade words, filler, and Chinese phrases.
pub fn text(rng: &mut Rng, words: usize) -> String {
    let mut out = String::with_capacity(words * 7);
    for _ in 0..words {
        if !out.is_empty() {
            out.push(' ');
        }
        match rng.below(10) {
            0..=2 => out.push_str(TRADE[rng.zipf(TRADE.len() as u64) as usize]),
            3..=4 => out.push_str(&cjk_phrase(rng)),
            _ => out.push_str(&filler_word(rng)),
        }
    }
    out
}

pub fn container_number(i: u64) -> String {
    format!("MSKU {:06}-{}", i % 1_000_000, i % 10)
}

pub fn customer_id(n: u64) -> Uuid {
    Uuid::from_u128(0xC000_0000 + u128::from(n))
}

/// The `i`-th document of the desk.
pub fn document(i: u64) -> SearchDoc {
    let mut rng = Rng::new(i.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xDEAD_BEEF);
    let case_no = i / 6;
    let customer = customer_id(rng.zipf(CUSTOMERS));
    let (kind, visibility) = match i % 12 {
        0 | 6 => (Kind::CASE, Visibility::Customer),
        1 => (Kind::MESSAGE, Visibility::Staff), // internal note
        11 if i % 24 == 11 => (Kind::ARTICLE, Visibility::Public),
        11 => (Kind::CONTAINER, Visibility::Customer),
        10 if i % 120 == 10 => (Kind::CUSTOMER, Visibility::Customer),
        _ => (Kind::MESSAGE, Visibility::Customer),
    };
    let mut doc = SearchDoc::new(kind.clone(), Uuid::from_u128(u128::from(i) + 1), visibility);
    doc.case_id = Some(Uuid::from_u128(0xCA5E_0000_0000 + u128::from(case_no)));
    doc.customer_id = (kind != Kind::ARTICLE).then_some(customer);
    doc.title = text(&mut rng, 6);
    let body_words = if kind == Kind::MESSAGE {
        40 + rng.below(120) as usize
    } else {
        10 + rng.below(30) as usize
    };
    doc.body = text(&mut rng, body_words);
    doc.references = vec![format!("CS-2026-{case_no:06}"), container_number(case_no)];
    doc.status = Some(["open", "pending", "resolved", "closed"][rng.below(4) as usize].to_string());
    doc.team_id = Some(Uuid::from_u128(0x7EA0 + u128::from(rng.below(8))));
    doc.date = Timestamp::from_second(1_767_225_600 + (i as i64) * 60).ok();
    if kind == Kind::MESSAGE {
        doc.from = Some(format!(
            "ops{}@customer{}.example",
            rng.below(5),
            customer.as_u128() & 0xFFFF
        ));
    }
    if rng.below(5) == 0 {
        doc.departments = vec![DEPARTMENTS[rng.below(4) as usize].to_string()];
    }
    doc
}

/// Bytes of searchable text in a document (what "index size ≤ raw text" compares with).
pub fn raw_bytes(doc: &SearchDoc) -> u64 {
    (doc.title.len() + doc.body.len() + doc.references.iter().map(String::len).sum::<usize>())
        as u64
}
