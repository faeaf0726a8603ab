//! Demo data: a realistic customer book for trying Purser out and for load tests.
//!
//! Taiwanese, Chinese, Hong Kong, Singapore, US and European shippers, consignees and
//! forwarders, each with contacts, service contracts and a year of relationship activities.
//!
//! Generation is pure and per company: [`company`]`(seed, index)` builds one
//! [`CompanyBundle`] from its own SplitMix64 stream, so a seed always gives the same data,
//! 100,000 companies stream without being held in memory, and the tests need no database.
//! [`seed`] writes the bundles through the store functions, one transaction per batch.
//! Dates are relative to the fixed day [`ANCHOR`], not to today, so every run is identical.
//!
//! Counts are exact: per company on average 3 contacts, 3 contracts and 4 activities, so
//! scale 1 is 200 companies and scale 500 is 100,000 companies with 300,000 contacts.
//! English and local names are distinct up to scale 500; beyond, some names repeat (and are
//! flagged as possible duplicates, as real look-alike companies are).

use jiff::Span;
use jiff::civil::{Date, date};
use purser_domain::book::{
    ActivityInput, Address, AuthorityLimits, ContactInput, ContractInput, CustomerInput, FreeTime,
    Lane, NotificationPrefs, ServiceLevels,
};
use purser_domain::customers::{ActivityKind, Channel, CustomerStatus, Language, Tier};
use purser_domain::validation::Problems;
use purser_store::{
    Db, Store, StoreError, activities, bulk, contacts, contracts, customers, new_id,
};
use rust_decimal::Decimal;
use std::sync::LazyLock;
use uuid::Uuid;

/// Companies per unit of `scale`.
pub const COMPANIES_PER_SCALE: usize = 200;
/// Contacts, contracts and activities of each run of five companies: 3, 3 and 4 on average.
const CONTACTS_PER_FIVE: [usize; 5] = [1, 2, 3, 4, 5];
const CONTRACTS_PER_FIVE: [usize; 5] = [2, 2, 3, 4, 4];
const ACTIVITIES_PER_FIVE: [usize; 5] = [2, 3, 4, 5, 6];
/// Companies written per transaction.
const BATCH: usize = 500;
/// The day the demo book is "as of": current contracts run across it, activities precede it.
pub const ANCHOR: Date = date(2026, 11, 1);

/// How many rows [`seed`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub customers: usize,
    pub contacts: usize,
    pub contracts: usize,
    pub activities: usize,
}

/// One generated company and everything that belongs to it, ready to insert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyBundle {
    /// `account_owner_id` is left empty; [`seed`] assigns the owners it is given.
    pub customer: CustomerInput,
    pub contacts: Vec<ContactInput>,
    pub contracts: Vec<ContractInput>,
    pub activities: Vec<ActivityDraft>,
}

/// An activity and the position in [`CompanyBundle::contacts`] of the person it was with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityDraft {
    pub input: ActivityInput,
    pub contact: Option<usize>,
}

/// Writes `200 × scale` demo companies. Deterministic for a seed: same seed and scale give
/// identical data (names, numbers, fields), apart from row ids and timestamps.
/// Active customers get `owners` round-robin; `actor` is recorded as the user of every
/// activity; `progress(done, total)` is called after each batch of companies.
///
/// Contract references are unique within one run, so seed a book without demo data: a
/// second run into the same database stops with [`StoreError::Conflict`]. As
/// `progress` is not `Sync` the future is not `Send`: await it, do not `tokio::spawn` it.
pub async fn seed(
    store: &Store,
    seed: u64,
    scale: u32,
    owners: &[Uuid],
    actor: Uuid,
    progress: &dyn Fn(usize, usize),
) -> Result<DemoSummary, StoreError> {
    let total = company_count(scale);
    let mut summary = DemoSummary::default();
    let mut stats = bulk::StatsAsLoadGrows::default();
    for start in (0..total).step_by(BATCH) {
        let end = (start + BATCH).min(total);
        let mut tx = store.begin().await?;
        for index in start..end {
            let owner = (!owners.is_empty()).then(|| owners[index % owners.len()]);
            write(&mut tx, company(seed, index), owner, actor, &mut summary).await?;
        }
        tx.commit().await?;
        stats
            .after(&mut store.clone(), end, bulk::BOOK_TABLES)
            .await?;
        progress(end, total);
    }
    bulk::analyze(&mut store.clone(), bulk::BOOK_TABLES).await?;
    Ok(summary)
}

async fn write(
    db: &mut impl Db,
    bundle: CompanyBundle,
    owner: Option<Uuid>,
    actor: Uuid,
    summary: &mut DemoSummary,
) -> Result<(), StoreError> {
    let mut input = bundle.customer;
    if input.status == CustomerStatus::Active {
        input.account_owner_id = owner;
    }
    let customer = customers::insert(db, new_id(), &input).await?;
    let mut contact_ids = Vec::with_capacity(bundle.contacts.len());
    for contact in &bundle.contacts {
        let id = new_id();
        contacts::insert(db, id, customer.id, contact).await?;
        contact_ids.push(id);
    }
    for contract in &bundle.contracts {
        contracts::insert(db, new_id(), customer.id, contract).await?;
    }
    for draft in &bundle.activities {
        let a = ActivityInput {
            contact_id: draft.contact.map(|i| contact_ids[i]),
            ..draft.input.clone()
        };
        activities::insert(db, new_id(), customer.id, actor, &a).await?;
    }
    summary.customers += 1;
    summary.contacts += contact_ids.len();
    summary.contracts += bundle.contracts.len();
    summary.activities += bundle.activities.len();
    Ok(())
}

pub fn company_count(scale: u32) -> usize {
    COMPANIES_PER_SCALE * scale as usize
}

/// The company at `index` of the demo book of `seed`; every input it holds validates.
pub fn company(seed: u64, index: usize) -> CompanyBundle {
    let (region, style_index) = placement(seed, index);
    let mut rng = Rng::new(seed, Stream::Company, index);
    let office = &region.offices[rng.below(region.offices.len())];
    let name = company_name(seed, region.style, style_index, office, &mut rng);
    // Asia mostly exports and the US and Europe mostly import
    let exporters = if ASIA_PORTS.contains(&office.locode) {
        85
    } else {
        20
    };
    let kind = match name.trade {
        Trade::Forwarder => Kind::Forwarder,
        _ if rng.percent(exporters) => Kind::Shipper,
        _ => Kind::Consignee,
    };
    let tier = rng.weighted(&[
        (Tier::Platinum, 3),
        (Tier::Gold, 12),
        (Tier::Silver, 30),
        (Tier::Bronze, 55),
    ]);
    let key_account = match tier {
        Tier::Platinum => true,
        Tier::Gold => rng.percent(50),
        Tier::Silver => rng.percent(3),
        Tier::Bronze => false,
    };
    let c = Company {
        office,
        language: region.language,
        kind,
        tier,
        domain: name.domain.clone(),
        index,
    };
    let customer = customer(&c, name, key_account, &mut rng);

    let n = per_company(seed, Stream::ContactCount, index, CONTACTS_PER_FIVE);
    let mut taken = Vec::new();
    let contacts: Vec<ContactInput> = (0..n)
        .map(|i| contact(&c, i, &mut taken, &mut rng))
        .collect();
    let n = per_company(seed, Stream::ContractCount, index, CONTRACTS_PER_FIVE);
    let contracts = service_contracts(&c, n, &mut rng);
    let n = per_company(seed, Stream::ActivityCount, index, ACTIVITIES_PER_FIVE);
    let activities = (0..n).map(|_| activity(&c, &contacts, &mut rng)).collect();

    let bundle = CompanyBundle {
        customer,
        contacts,
        contracts,
        activities,
    };
    bundle.check(index);
    bundle
}

impl CompanyBundle {
    /// A generated input that fails its own validation is a bug in this generator.
    fn check(&self, index: usize) {
        fn ok(what: &str, index: usize, r: Result<(), Problems>) {
            if let Err(p) = r {
                panic!("demo data bug: the {what} of company {index} is invalid: {p}");
            }
        }
        ok("customer", index, self.customer.validate());
        self.contacts
            .iter()
            .for_each(|c| ok("contact", index, c.validate()));
        self.contracts
            .iter()
            .for_each(|c| ok("contract", index, c.validate()));
        self.activities
            .iter()
            .for_each(|a| ok("activity", index, a.input.validate()));
    }
}

// ---------------------------------------------------------------------------------------
// Companies

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// English name plus a Traditional Chinese local name.
    Chinese,
    /// English name only.
    Western,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Shipper,
    Consignee,
    Forwarder,
}

/// What an industry word says about the company: makers take "Industrial Co., Ltd.".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trade {
    Maker,
    Trader,
    Forwarder,
}

struct Region {
    style: Style,
    language: Language,
    offices: &'static [Office],
}

/// What the rest of the generation needs to know about the company being built.
struct Company {
    office: &'static Office,
    language: Language,
    kind: Kind,
    tier: Tier,
    domain: String,
    index: usize,
}

/// Each run of 20 companies holds 8 Taiwanese, 4 Chinese, 2 Hong Kong, 1 Singapore,
/// 3 US and 2 European ones, in an order shuffled per run.
static SLOTS: [&Region; 20] = [
    &TAIWAN, &TAIWAN, &TAIWAN, &TAIWAN, &TAIWAN, &TAIWAN, &TAIWAN, &TAIWAN, &CHINA, &CHINA, &CHINA,
    &CHINA, &HONG_KONG, &HONG_KONG, &SINGAPORE, &USA, &USA, &USA, &EUROPE, &EUROPE,
];

/// The region of company `index` and its position among the companies of its naming style,
/// from which its name is drawn without repeats.
fn placement(seed: u64, index: usize) -> (&'static Region, usize) {
    let run = index / SLOTS.len();
    let mut order: [usize; 20] = std::array::from_fn(|i| i);
    Rng::new(seed, Stream::Slots, run).shuffle(&mut order);
    let slot = order[index % SLOTS.len()];
    let region = SLOTS[slot];
    let per_run = SLOTS.iter().filter(|r| r.style == region.style).count();
    let rank = SLOTS[..slot]
        .iter()
        .filter(|r| r.style == region.style)
        .count();
    (region, run * per_run + rank)
}

struct CompanyName {
    legal: String,
    local: Option<String>,
    domain: String,
    trade: Trade,
}

/// Prefix × modifier × industry, visited in a seed-dependent order that never repeats
/// within a style, then the office's legal form (and, in China, the city).
fn company_name(
    seed: u64,
    style: Style,
    style_index: usize,
    office: &Office,
    rng: &mut Rng,
) -> CompanyName {
    let words = &*WORDS;
    let (prefixes, modifiers, industries) = match style {
        Style::Chinese => (
            &words.cjk_prefixes,
            &words.cjk_modifiers,
            &words.cjk_industries,
        ),
        Style::Western => (
            &words.west_prefixes,
            &words.west_modifiers,
            &words.west_industries,
        ),
    };
    let (np, nm, ni) = (prefixes.len(), modifiers.len(), industries.len());
    let combo = scatter(seed, style_index, np * nm * ni);
    let (p, m, i) = (
        &prefixes[combo / (nm * ni)],
        &modifiers[combo / ni % nm],
        &industries[combo % ni],
    );
    let forms: Vec<Word> = items(office.legal_forms).map(word).collect();
    let form = match i.trade {
        Trade::Maker => &forms[rng.below(forms.len())],
        _ => &forms[0],
    };
    let (city_en, city_zh) = if office.country == "CN" {
        (format!("{} ", office.city), office.city_zh)
    } else {
        (String::new(), "")
    };
    let label: String = format!("{}{}{}", p.en, m.en, i.en)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase();
    CompanyName {
        legal: format!("{city_en}{} {} {} {}", p.en, m.en, i.en, form.en),
        local: (style == Style::Chinese)
            .then(|| format!("{city_zh}{}{}{}{}", p.zh, m.zh, i.zh, form.zh)),
        domain: format!("{label}.{}", office.tld),
        trade: i.trade,
    }
}

/// A bijection of `0..n` (an affine map with a stride coprime to `n`), so that consecutive
/// companies get unrelated names but no name repeats before all `n` are used.
fn scatter(seed: u64, i: usize, n: usize) -> usize {
    let n = n as u64;
    let mut rng = Rng::new(seed, Stream::Names, n as usize);
    let offset = rng.next_u64() % n;
    let mut stride = n / 3 + rng.next_u64() % (n / 3);
    while gcd(stride, n) != 1 {
        stride += 1;
    }
    ((i as u64 % n * stride + offset) % n) as usize
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

fn customer(c: &Company, name: CompanyName, key_account: bool, rng: &mut Rng) -> CustomerInput {
    let office = c.office;
    let (registration_id, tax_id) = company_ids(office.country, rng);
    let mut addresses = vec![address(office, "office", rng)];
    if rng.percent(30) {
        let kind = if c.kind == Kind::Forwarder {
            "billing"
        } else {
            "warehouse"
        };
        addresses.push(address(office, kind, rng));
    }
    CustomerInput {
        legal_name: name.legal,
        local_name: name.local,
        addresses,
        registration_id,
        tax_id,
        main_office: Some(office.locode.into()),
        tier: c.tier,
        key_account,
        account_owner_id: None,
        sales_owner_id: None,
        language: c.language,
        preferred_channel: rng.weighted(&[
            (Channel::Email, 70),
            (Channel::Phone, 12),
            (Channel::Portal, 10),
            (Channel::Chat, 5),
            (Channel::Webhook, 3),
        ]),
        time_zone: office.time_zone.into(),
        service_requirements: service_requirements(c, rng),
        status: if rng.percent(4) {
            CustomerStatus::Prospect
        } else {
            CustomerStatus::Active
        },
    }
}

fn address(office: &Office, kind: &str, rng: &mut Rng) -> Address {
    let (district, postal) = pick(rng, office.districts)
        .split_once('=')
        .unwrap_or_default();
    let street = pick(rng, office.streets);
    let (n, floor, unit) = (rng.range(1, 699), rng.range(2, 28), rng.range(1, 20));
    let parts = match office.address_form {
        AddressForm::Taiwan => vec![format!("{floor}F, No. {n}"), street.into(), district.into()],
        AddressForm::China => vec![
            format!("Room {floor}{unit:02}, No. {n}"),
            street.into(),
            district.into(),
        ],
        AddressForm::HongKong => vec![
            format!("Unit {floor}{unit:02}, {floor}/F"),
            format!("{n} {street}"),
            district.into(),
        ],
        AddressForm::Singapore => vec![format!("{n} {street}"), format!("#{floor:02}-{unit:02}")],
        AddressForm::UnitedStates => {
            vec![format!("{n} {street}"), format!("Suite {floor}{unit:02}")]
        }
        AddressForm::Europe => vec![format!("{street} {n}")],
    };
    Address {
        kind: kind.into(),
        lines: pack_lines(parts),
        city: office.city.into(),
        postal_code: (!postal.is_empty()).then(|| postal.into()),
        country: office.country.into(),
    }
}

/// Joins address parts into as few lines of at most 35 characters as a B/L allows.
fn pack_lines(parts: Vec<String>) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for part in parts.into_iter().filter(|p| !p.is_empty()) {
        match lines.last_mut() {
            Some(last) if last.chars().count() + 2 + part.chars().count() <= 35 => {
                last.push_str(", ");
                last.push_str(&part);
            }
            _ => lines.push(part),
        }
    }
    lines
}

/// (registration id, tax id) in the shape each country prints them.
fn company_ids(country: &str, rng: &mut Rng) -> (Option<String>, Option<String>) {
    match country {
        "TW" => (None, Some(rng.digits("########"))),
        "CN" => {
            let code = format!("91{}", rng.code(16, "0123456789ABCDEFGHJKLMNPQRTUWXY"));
            (Some(code.clone()), Some(code))
        }
        "HK" => (Some(rng.digits("#######")), Some(rng.digits("BR ########"))),
        "SG" => {
            let year = rng.range(1995, 2024);
            let uen = format!(
                "{year}{}{}",
                rng.digits("#####"),
                rng.code(1, "CDEGHKMNRWZ")
            );
            (Some(uen), None)
        }
        "US" => (None, Some(rng.digits("##-#######"))),
        "NL" => (
            Some(rng.digits("KvK ########")),
            Some(rng.digits("NL#########B01")),
        ),
        "DE" => (
            Some(rng.digits("HRB ######")),
            Some(rng.digits("DE#########")),
        ),
        _ => {
            let n = rng.digits("0#########");
            let dotted = format!("{}.{}.{}", &n[..4], &n[4..7], &n[7..]);
            (Some(dotted), Some(format!("BE{n}")))
        }
    }
}

fn service_requirements(c: &Company, rng: &mut Rng) -> String {
    let chinese = c.language == Language::ZhTw && rng.percent(60);
    let table = if chinese {
        REQUIREMENTS_ZH
    } else {
        REQUIREMENTS_EN
    };
    let all: Vec<&str> = items(table).collect();
    let mut chosen: Vec<&str> = Vec::new();
    for _ in 0..rng.range(1, 3) {
        let r = all[rng.below(all.len())];
        if !chosen.contains(&r) {
            chosen.push(r);
        }
    }
    chosen.join("\n")
}

// ---------------------------------------------------------------------------------------
// Contacts

fn contact(c: &Company, i: usize, taken: &mut Vec<String>, rng: &mut Rng) -> ContactInput {
    let (name, local_part) = person(c.office.country, rng);
    let mut emails = vec![format!("{}@{}", unique(local_part, taken), c.domain)];
    if rng.percent(15) {
        let shared = pick(rng, "shipping|docs|cs|import|export|logistics|ops|accounts");
        if !taken.iter().any(|t| t == shared) {
            taken.push(shared.into());
            emails.push(format!("{shared}@{}", c.domain));
        }
    }
    let mut phones = vec![rng.digits(c.office.phone)];
    if rng.percent(30) {
        phones[0].push_str(&format!(" ext. {}", rng.range(100, 399)));
    }
    if rng.percent(50) {
        phones.push(rng.digits(c.office.mobile));
    }
    let language = match c.office.country {
        "HK" if rng.percent(30) => Language::En,
        _ => c.language,
    };
    let preferred_channel = rng.weighted(&[
        (Channel::Email, 70),
        (Channel::Phone, 15),
        (Channel::Chat, 10),
        (Channel::Portal, 5),
    ]);
    ContactInput {
        name,
        role_title: role_title(c, i, rng),
        emails,
        phones,
        language,
        preferred_channel,
        notifications: NotificationPrefs {
            delays: rng.percent(95),
            documents: rng.percent(90),
            invoices: rng.percent(70),
            marketing: rng.percent(15),
        },
        portal_access: preferred_channel == Channel::Portal || rng.percent(20),
    }
}

/// A display name and the e-mail local part the person would have.
fn person(country: &str, rng: &mut Rng) -> (String, String) {
    let words = &*WORDS;
    let surname = &words.surnames[rng.below(words.surnames.len())];
    let given = &words.given_names[rng.below(words.given_names.len())];
    let chinese = format!("{}{}", surname.zh, given.zh);
    let english = match given.female {
        true => pick(rng, ENGLISH_NAMES_FEMALE),
        false => pick(rng, ENGLISH_NAMES_MALE),
    };
    match country {
        "TW" if rng.percent(50) => (chinese, format!("{english}.{}", surname.taiwan)),
        "TW" => (chinese, format!("{}.{}", given.taiwan, surname.taiwan)),
        "CN" => (chinese, format!("{}.{}", given.pinyin, surname.pinyin)),
        "HK" if rng.percent(50) => (chinese, format!("{english}.{}", surname.cantonese)),
        "HK" => (
            format!("{english} {}", surname.cantonese),
            format!("{english}.{}", surname.cantonese),
        ),
        _ => {
            let (first, last) = match country {
                "SG" => (english, pick(rng, SG_SURNAMES)),
                "NL" => (pick(rng, NL_FIRST), pick(rng, NL_LAST)),
                "DE" => (pick(rng, DE_FIRST), pick(rng, DE_LAST)),
                "BE" => (pick(rng, BE_FIRST), pick(rng, BE_LAST)),
                _ => (pick(rng, US_FIRST), pick(rng, US_LAST)),
            };
            (format!("{first} {last}"), format!("{first}.{last}"))
        }
    }
}

/// The local part as an ASCII mailbox name, numbered if a colleague already has it.
fn unique(local_part: String, taken: &mut Vec<String>) -> String {
    let base: String = local_part
        .to_lowercase()
        .replace('ü', "ue")
        .replace('ö', "oe")
        .replace('ä', "ae")
        .replace('ß', "ss")
        .replace('ë', "e")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{base}{n}");
        n += 1;
    }
    taken.push(candidate.clone());
    candidate
}

/// The first contact holds the role customer service deals with most.
fn role_title(c: &Company, i: usize, rng: &mut Rng) -> String {
    let chinese = c.language == Language::ZhTw && rng.percent(60);
    let table = match (c.kind, chinese) {
        (Kind::Shipper, false) => ROLES_SHIPPER_EN,
        (Kind::Shipper, true) => ROLES_SHIPPER_ZH,
        (Kind::Consignee, false) => ROLES_CONSIGNEE_EN,
        (Kind::Consignee, true) => ROLES_CONSIGNEE_ZH,
        (Kind::Forwarder, false) => ROLES_FORWARDER_EN,
        (Kind::Forwarder, true) => ROLES_FORWARDER_ZH,
    };
    let roles: Vec<&str> = items(table).collect();
    let role = if i == 0 {
        roles[0]
    } else {
        roles[rng.below(roles.len())]
    };
    role.into()
}

// ---------------------------------------------------------------------------------------
// Contracts

const ASIA_PORTS: [&str; 8] = [
    "TWKHH", "TWTXG", "TWTPE", "CNSHA", "CNNGB", "CNSZX", "HKHKG", "SGSIN",
];
const WEST_PORTS: [&str; 7] = [
    "USLAX", "USLGB", "USNYC", "USSEA", "NLRTM", "DEHAM", "BEANR",
];

/// `n` consecutive yearly contracts ending with the one in force on [`ANCHOR`]; the lanes
/// grew over the years, so older contracts cover fewer of them.
fn service_contracts(c: &Company, n: usize, rng: &mut Rng) -> Vec<ContractInput> {
    assert!(
        n <= 4,
        "contract references reserve four serials per company"
    );
    let month = rng.weighted(&[(1, 40), (4, 15), (5, 35), (7, 10)]);
    let current_year = if month <= ANCHOR.month() {
        ANCHOR.year()
    } else {
        ANCHOR.year() - 1
    };
    let lanes = lanes(c, rng);
    let (service_levels, free_time, limit) = terms(c, rng);
    (0..n)
        .map(|k| {
            let year = current_year - (n - 1 - k) as i16;
            let from = date(year, month, 1);
            let to = date(year + 1, month, 1).yesterday().expect("a valid date");
            let lane_count = lanes.len().saturating_sub(n - 1 - k).max(1);
            ContractInput {
                reference: format!(
                    "SC-{year}-{}-{:05}",
                    &c.office.locode[2..],
                    c.index * 4 + k + 1
                ),
                valid_from: from.to_string(),
                valid_to: to.to_string(),
                lanes: lanes[..lane_count].to_vec(),
                service_levels,
                free_time,
                authority_limits: limit.clone(),
                notes: if rng.percent(40) {
                    let table = if c.language == Language::ZhTw {
                        NOTES_ZH
                    } else {
                        NOTES_EN
                    };
                    pick(rng, table).into()
                } else {
                    String::new()
                },
            }
        })
        .collect()
}

/// Distinct lanes in the direction the company's cargo moves.
fn lanes(c: &Company, rng: &mut Rng) -> Vec<Lane> {
    let home = c.office.locode;
    let asian = ASIA_PORTS.contains(&home);
    let count = match c.tier {
        Tier::Platinum => rng.range(3, 4),
        Tier::Gold => rng.range(2, 3),
        Tier::Silver => rng.range(1, 2),
        Tier::Bronze => 1,
    };
    let mut lanes: Vec<Lane> = Vec::new();
    while lanes.len() < count as usize {
        let asia = *pick_of(rng, &ASIA_PORTS);
        let west = *pick_of(rng, &WEST_PORTS);
        let (from, to) = match (c.kind, asian) {
            (Kind::Shipper, true) => (home, west),
            (Kind::Shipper, false) => (home, asia),
            (Kind::Consignee, true) => (west, home),
            (Kind::Consignee, false) => (asia, home),
            (Kind::Forwarder, _) if rng.percent(75) => (asia, west),
            (Kind::Forwarder, _) => (west, asia),
        };
        let lane = Lane {
            from: from.into(),
            to: to.into(),
        };
        if !lanes.contains(&lane) {
            lanes.push(lane);
        }
    }
    lanes
}

/// Service levels, free time and waiver authority by tier, in the customer's currency.
fn terms(c: &Company, rng: &mut Rng) -> (ServiceLevels, FreeTime, AuthorityLimits) {
    let (first, next, resolution, free, waiver) = match c.tier {
        Tier::Platinum => (4, 8, 24, 14, 1000),
        Tier::Gold => (8, 12, 48, 10, 500),
        Tier::Silver => (8, 24, 72, 7, 250),
        Tier::Bronze => (24, 24, 120, 5, 100),
    };
    let (currency, factor) = match c.office.country {
        "TW" => ("TWD", 30),
        "NL" | "DE" | "BE" => ("EUR", 1),
        _ => ("USD", 1),
    };
    (
        ServiceLevels {
            first_response_hours: Some(first),
            next_response_hours: Some(next),
            resolution_hours: rng.percent(80).then_some(resolution),
        },
        FreeTime {
            demurrage_days: free + rng.range(0, 3),
            detention_days: free + rng.range(0, 7),
        },
        AuthorityLimits {
            currency: currency.into(),
            agent_waiver_limit: Decimal::new(waiver * factor * 100, 2),
        },
    )
}

// ---------------------------------------------------------------------------------------
// Activities

fn activity(c: &Company, contacts: &[ContactInput], rng: &mut Rng) -> ActivityDraft {
    let kind = rng.weighted(&[
        (ActivityKind::Call, 40),
        (ActivityKind::Meeting, 20),
        (ActivityKind::Visit, 12),
        (ActivityKind::Survey, 10),
        (ActivityKind::Gift, 6),
        (ActivityKind::Event, 12),
    ]);
    let chinese = c.language == Language::ZhTw && rng.percent(70);
    let (subjects, notes) = match kind {
        ActivityKind::Call => (CALLS, NOTES_CALL),
        ActivityKind::Meeting => (MEETINGS, NOTES_MEETING),
        ActivityKind::Visit => (VISITS, NOTES_MEETING),
        ActivityKind::Survey => (SURVEYS, NOTES_SURVEY),
        ActivityKind::Gift => (GIFTS, &[][..]),
        ActivityKind::Event => (EVENTS, NOTES_MEETING),
    };
    let pair = subjects[rng.below(subjects.len())];
    let subject = if chinese { pair.1 } else { pair.0 };
    let city = if chinese {
        c.office.city_zh
    } else {
        c.office.city
    };
    let mut note = match notes {
        [] => String::new(),
        _ if rng.percent(50) => {
            let n = notes[rng.below(notes.len())];
            (if chinese { n.1 } else { n.0 }).into()
        }
        _ => String::new(),
    };
    if kind == ActivityKind::Survey {
        note = format!(
            "CSAT {}/5. {note}",
            rng.weighted(&[(5, 40), (4, 35), (3, 15), (2, 7), (1, 3)])
        );
    }
    let day = match kind {
        ActivityKind::Gift => gift_day(pair.0, rng),
        _ => days_before(rng.range(0, 364)),
    };
    let local = day.at(rng.range(9, 17) as i8, [0, 15, 30, 45][rng.below(4)], 0, 0);
    let at = local
        .in_tz(c.office.time_zone)
        .expect("a known time zone")
        .timestamp();
    ActivityDraft {
        input: ActivityInput {
            kind,
            occurred_at: Some(at.to_string()),
            subject: subject.replace("{city}", city),
            notes: note.trim().into(),
            contact_id: None,
        },
        contact: (!contacts.is_empty() && rng.percent(80)).then(|| rng.below(contacts.len())),
    }
}

/// Gifts go out in the fortnight before their festival.
fn gift_day(gift: &str, rng: &mut Rng) -> Date {
    let festival = match gift {
        g if g.starts_with("Lunar") => date(2026, 2, 17),
        g if g.starts_with("Dragon") => date(2026, 6, 19),
        g if g.starts_with("Mid-Autumn") => date(2026, 9, 25),
        _ => date(2025, 12, 24),
    };
    festival
        .checked_sub(Span::new().days(rng.range(1, 14)))
        .expect("a valid date")
}

fn days_before(days: u32) -> Date {
    ANCHOR
        .checked_sub(Span::new().days(i64::from(days) + 1))
        .expect("a valid date")
}

// ---------------------------------------------------------------------------------------
// Randomness

/// Separate streams, so that changing one part of the generator leaves the others alone.
#[derive(Clone, Copy)]
pub(crate) enum Stream {
    Slots = 1,
    Company,
    Names,
    ContactCount,
    ContractCount,
    ActivityCount,
    /// The desk's case stories ([`crate::demo::desk::stories`]).
    Case,
    /// The working pace of finished stories ([`crate::demo::desk::seed`]).
    Pace,
    /// Bulk-loaded cases ([`crate::demo::desk::bulk`]).
    BulkCase,
}

/// SplitMix64: tiny, fast and plenty for demo data.
pub(crate) struct Rng(u64);

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    pub(crate) fn new(seed: u64, stream: Stream, index: usize) -> Self {
        Rng(mix(
            mix(seed ^ (stream as u64).wrapping_mul(GOLDEN)) ^ index as u64
        ))
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        mix(self.0)
    }

    /// Uniform in `0..n` (n below 2³²).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    pub(crate) fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi - lo + 1) as usize) as u32
    }

    pub(crate) fn percent(&mut self, p: u32) -> bool {
        self.below(100) < p as usize
    }

    pub(crate) fn weighted<T: Copy>(&mut self, choices: &[(T, u32)]) -> T {
        let total: u32 = choices.iter().map(|c| c.1).sum();
        let mut roll = self.below(total as usize) as u32;
        for &(value, weight) in choices {
            if roll < weight {
                return value;
            }
            roll -= weight;
        }
        choices[choices.len() - 1].0
    }

    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }

    /// The pattern with every `#` replaced by a random digit and every `%` by one from 2 to 9.
    pub(crate) fn digits(&mut self, pattern: &str) -> String {
        pattern
            .chars()
            .map(|c| match c {
                '#' => char::from(b'0' + self.below(10) as u8),
                '%' => char::from(b'2' + self.below(8) as u8),
                c => c,
            })
            .collect()
    }

    pub(crate) fn code(&mut self, len: usize, alphabet: &str) -> String {
        let chars: Vec<char> = alphabet.chars().collect();
        (0..len).map(|_| chars[self.below(chars.len())]).collect()
    }
}

/// Spreads a fixed total over each run of five companies (the pattern, shuffled), so the
/// counts of a scale are known exactly while each company's count looks random.
fn per_company(seed: u64, stream: Stream, index: usize, mut pattern: [usize; 5]) -> usize {
    Rng::new(seed, stream, index / 5).shuffle(&mut pattern);
    pattern[index % 5]
}

pub(crate) fn items(table: &'static str) -> impl Iterator<Item = &'static str> {
    table.split('|')
}

pub(crate) fn pick(rng: &mut Rng, table: &'static str) -> &'static str {
    let all: Vec<&str> = items(table).collect();
    all[rng.below(all.len())]
}

pub(crate) fn pick_of<'a, T>(rng: &mut Rng, all: &'a [T]) -> &'a T {
    &all[rng.below(all.len())]
}

// ---------------------------------------------------------------------------------------
// Word lists. Tables are `|`-separated; a name word is "English 中文" (Chinese optional),
// an industry ends with M (maker), T (trader) or F (forwarder).

struct Word {
    en: &'static str,
    zh: &'static str,
    trade: Trade,
}

/// Splits "Golden Dragon 金龍" into its English and Chinese parts, and a trailing M/T/F.
fn word(s: &'static str) -> Word {
    let (s, trade) = match s.rsplit_once(' ') {
        Some((rest, "M")) => (rest, Trade::Maker),
        Some((rest, "T")) => (rest, Trade::Trader),
        Some((rest, "F")) => (rest, Trade::Forwarder),
        _ => (s, Trade::Trader),
    };
    match s.rsplit_once(' ') {
        Some((en, zh)) if !zh.is_ascii() => Word { en, zh, trade },
        _ => Word {
            en: s,
            zh: "",
            trade,
        },
    }
}

struct Surname {
    zh: &'static str,
    taiwan: &'static str,
    pinyin: &'static str,
    cantonese: &'static str,
}

struct GivenName {
    zh: &'static str,
    taiwan: &'static str,
    female: bool,
    pinyin: &'static str,
}

struct Words {
    cjk_prefixes: Vec<Word>,
    cjk_modifiers: Vec<Word>,
    cjk_industries: Vec<Word>,
    west_prefixes: Vec<Word>,
    west_modifiers: Vec<Word>,
    west_industries: Vec<Word>,
    surnames: Vec<Surname>,
    given_names: Vec<GivenName>,
}

static WORDS: LazyLock<Words> = LazyLock::new(|| {
    let words = |t: &'static str| items(t).map(word).collect();
    let fields = |s: &'static str| -> Vec<&'static str> { s.split(' ').collect() };
    Words {
        cjk_prefixes: words(CJK_PREFIXES),
        cjk_modifiers: words(CJK_MODIFIERS),
        cjk_industries: words(CJK_INDUSTRIES),
        west_prefixes: words(WEST_PREFIXES),
        west_modifiers: words(WEST_MODIFIERS),
        west_industries: words(WEST_INDUSTRIES),
        surnames: items(SURNAMES)
            .map(fields)
            .map(|f| Surname {
                zh: f[0],
                taiwan: f[1],
                pinyin: f[2],
                cantonese: f[3],
            })
            .collect(),
        given_names: items(GIVEN_NAMES)
            .map(fields)
            .map(|f| GivenName {
                zh: f[0],
                taiwan: f[1],
                pinyin: f[2],
                female: f[3] == "F",
            })
            .collect(),
    }
});

const CJK_PREFIXES: &str = "Formosa 福爾摩沙|Golden Dragon 金龍|Jade Mountain 玉山|Sunrise 旭日|\
    Grand Ocean 大洋|Ocean Star 海星|Great Wall 長城|Phoenix 鳳凰|Lotus 蓮花|Orchid 蘭花|\
    Harvest 豐收|Prosperity 興隆|Everwin 永勝|Ever Rich 永豐|Kingstone 金石|Silver Crane 銀鶴|\
    Crystal 水晶|Rainbow 彩虹|Unicorn 麒麟|Dragon Gate 龍門|Heng Tai 恆泰|Sheng Da 盛達|\
    Tai Hsing 泰興|Hua Mei 華美|Yung Fu 永福|Chung Hsing 中興|Kuo Hua 國華|Tung Yang 東陽|\
    Lien Hwa 聯華|Hsin Yuan 鑫源|Da Feng 大豐|Jin Yang 金陽|Hong Yuan 宏源|Fu Tai 富泰|\
    Chia Hsin 嘉新|Ming Tai 明泰|Ruey Fong 瑞豐|Sheng Mao 盛茂|Tian Yu 天宇|Wan Li 萬利|\
    Bright Pearl 明珠|Red Plum 紅梅|Pine Crest 松峰|Blue Whale 藍鯨|Morning Star 晨星|\
    Twin Lions 雙獅|Three Rings 三環|Five Stars 五星|Eight Treasures 八寶|Nine Rivers 九江|\
    Long Spring 長春|East Wind 東風|South Sea 南海|North Star 北辰|West Lake 西湖|\
    Peach Blossom 桃源|Cloud Peak 雲峰|Silk Road 絲路|Tai Ping 太平|Everlight 永光";

const CJK_MODIFIERS: &str = "Precision 精密|Advanced 先進|United 聯合|Global 環球|\
    Asia Pacific 亞太|International 國際|Technology 科技|Century 世紀|Pioneer 先鋒|Smart 智慧|\
    Green 綠能|Royal 皇家|Metro 都會|Summit 巔峰|Crown 皇冠|Supreme 至尊|Excel 卓越|Vision 遠見|\
    Trans-Asia 泛亞|Continental 洲際|New Era 新紀元|Victory 勝利|Oriental 東方|Allied 聯盟|\
    Universal 萬國|Dynamic 動力|Elite 菁英|Concord 協和|Mega 宏大|Premier 首席";

const CJK_INDUSTRIES: &str = "Electronics 電子 M|Optoelectronics 光電 M|Semiconductor 半導體 M|\
    Machinery 機械 M|Plastics 塑膠 M|Textile 紡織 M|Chemical 化學 M|Bicycle 自行車 M|\
    Auto Parts 汽車零件 M|Steel 鋼鐵 M|Hardware 五金 M|Paper 紙業 M|Food 食品 M|Furniture 家具 M|\
    Footwear 鞋業 M|Garment 成衣 M|Lighting 照明 M|Ceramics 陶瓷 M|Glass 玻璃 M|Rubber 橡膠 M|\
    Packaging 包裝 M|Toys 玩具 M|Medical Devices 醫療器材 M|Pharmaceutical 製藥 M|\
    Cosmetics 化妝品 M|Tools 工具 M|Fasteners 扣件 M|Valves 閥門 M|Cable 電纜 M|\
    Solar Energy 太陽能 M|Battery 電池 M|Home Appliances 家電 M|Sporting Goods 運動用品 M|\
    Tea 茶業 T|Seafood 水產 T|Trading 貿易 T|Logistics 物流 F|Freight 貨運 F|Shipping 航運 F|\
    Transport 運輸 F|Express 快遞 F|Customs Brokerage 報關 F";

const WEST_PREFIXES: &str = "Harbor|Bayside|Pioneer|Liberty|Eagle|Golden Gate|Cascade|Redwood|\
    Sierra|Meridian|Northstar|Keystone|Lakeshore|Ironwood|Silverline|Blue Ridge|Hudson|Columbia|\
    Seaboard|Coastal|Hanse|Nordic|Rhine|Elbe|Scheldt|Delta|Orion|Polaris|Horizon|Sterling|Apex|\
    Vanguard|Beacon|Anchor|Compass|Tradewind|Westport|Eastgate|Highland|Oakridge|Riverside|\
    Granite|Lion City|Merlion|Tulip|Windmill|Atlas|Falcon|Mariner|Brightwater";

const WEST_MODIFIERS: &str = "Global|International|Premier|United|Trans|Allied|Consolidated|\
    Direct|Quality|Prime|Select|General|Standard|Royal|Integrated|Modern|Classic|Pacific|\
    Atlantic|Continental";

const WEST_INDUSTRIES: &str = "Home Furnishings M|Electronics M|Consumer Products T|Apparel M|\
    Footwear M|Auto Parts M|Machinery M|Chemicals M|Foods M|Beverages M|Toys T|Sporting Goods T|\
    Medical Supply T|Industrial Supply T|Hardware T|Lighting M|Appliances M|Packaging M|\
    Paper Products M|Plastics M|Steel M|Tools M|Furniture M|Cosmetics M|Garden Products T|\
    Pet Supplies T|Office Supplies T|Bicycles T|Solar M|Batteries M|Textiles M|Outdoor Gear T|\
    Kitchenware T|Trading T|Imports T|Distribution T|Logistics F|Freight Forwarding F|Shipping F|\
    Supply Chain F";

const TW_FORMS: &str = "Co., Ltd. 股份有限公司|Corp. 股份有限公司|\
    Industrial Co., Ltd. 工業股份有限公司|Enterprise Co., Ltd. 企業股份有限公司";
const CN_FORMS: &str =
    "Co., Ltd. 有限公司|Industrial Co., Ltd. 實業有限公司|Manufacturing Co., Ltd. 製造有限公司";
const HK_FORMS: &str =
    "Limited 有限公司|(Hong Kong) Limited (香港)有限公司|Company Limited 有限公司";

/// Chinese, Taiwanese romanisation, pinyin, Cantonese romanisation.
const SURNAMES: &str = "陳 Chen Chen Chan|林 Lin Lin Lam|黃 Huang Huang Wong|張 Chang Zhang Cheung|\
    李 Lee Li Lee|王 Wang Wang Wong|吳 Wu Wu Ng|劉 Liu Liu Lau|蔡 Tsai Cai Choi|楊 Yang Yang Yeung|\
    許 Hsu Xu Hui|鄭 Cheng Zheng Cheng|謝 Hsieh Xie Tse|郭 Kuo Guo Kwok|洪 Hung Hong Hung|\
    曾 Tseng Zeng Tsang|邱 Chiu Qiu Yau|廖 Liao Liao Liu|賴 Lai Lai Lai|周 Chou Zhou Chow|\
    徐 Hsu Xu Tsui|蘇 Su Su So|葉 Yeh Ye Yip|莊 Chuang Zhuang Chong|呂 Lu Lyu Lui|\
    江 Chiang Jiang Kong|何 Ho He Ho|蕭 Hsiao Xiao Siu|羅 Lo Luo Law|高 Kao Gao Ko";

/// Chinese, Taiwanese romanisation, pinyin, F(emale) or M(ale).
const GIVEN_NAMES: &str = "美玲 Mei-Ling Meiling F|志明 Chih-Ming Zhiming M|淑芬 Shu-Fen Shufen F|\
    建宏 Chien-Hung Jianhong M|雅婷 Ya-Ting Yating F|家豪 Chia-Hao Jiahao M|怡君 Yi-Chun Yijun F|\
    俊傑 Chun-Chieh Junjie M|淑惠 Shu-Hui Shuhui F|宗翰 Tsung-Han Zonghan M|\
    佳穎 Chia-Ying Jiaying F|冠宇 Kuan-Yu Guanyu M|詩涵 Shih-Han Shihan F|承恩 Cheng-En Chengen M|\
    欣怡 Hsin-Yi Xinyi F|彥廷 Yen-Ting Yanting M|郁婷 Yu-Ting Yuting F|柏翰 Po-Han Bohan M|\
    惠如 Hui-Ju Huiru F|文雄 Wen-Hsiung Wenxiong M|麗華 Li-Hua Lihua F|國強 Kuo-Chiang Guoqiang M|\
    秀英 Hsiu-Ying Xiuying F|明輝 Ming-Hui Minghui M|靜怡 Ching-Yi Jingyi F|子豪 Tzu-Hao Zihao M";

/// English names Asian colleagues go by, by the gender of their Chinese given name.
const ENGLISH_NAMES_FEMALE: &str = "Amy|Vivian|Grace|Cindy|Irene|Winnie|Joyce|Peggy|Sandy|Tina|\
    Wendy|Ivy|Sharon|Annie|Karen|Michelle|Angela|Jenny";
const ENGLISH_NAMES_MALE: &str = "Kevin|Jason|Eric|Jerry|Tony|Kelvin|Alan|Steven|Michael|David|\
    Frank|Leo|Ray|Vincent|Jack|Allen|Sam|Johnny";
const SG_SURNAMES: &str = "Tan|Lim|Lee|Ng|Goh|Ong|Wong|Chua|Koh|Teo|Low|Yeo";
const US_FIRST: &str = "James|Mary|Robert|Jennifer|John|Linda|Michael|Patricia|David|Elizabeth|\
    Chris|Sarah|Daniel|Jessica|Matthew|Ashley|Brian|Emily|Kevin|Laura|Carlos|Maria|Andrew|Megan";
const US_LAST: &str = "Smith|Johnson|Williams|Brown|Jones|Garcia|Miller|Davis|Rodriguez|\
    Martinez|Anderson|Taylor|Thomas|Moore|Jackson|Martin|Thompson|White|Harris|Clark|Lewis|\
    Walker|Hall|Young|Nguyen|Kim|Patel|O'Brien";
const NL_FIRST: &str = "Jan|Pieter|Sanne|Lotte|Daan|Eva|Bram|Femke|Joost|Marieke";
const NL_LAST: &str =
    "de Vries|Jansen|Bakker|Visser|Smit|Meijer|de Jong|van Dijk|Mulder|Bos|van den Berg|Dekker";
const DE_FIRST: &str = "Lukas|Anna|Jonas|Lena|Felix|Julia|Stefan|Katrin|Thomas|Sabine";
const DE_LAST: &str =
    "Müller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Hoffmann|Schulz|Krüger|Böhm";
const BE_FIRST: &str = "Wout|Lien|Jens|Elke|Pieter|Sofie|Thomas|Ann|Koen|Els";
const BE_LAST: &str = "Peeters|Janssens|Maes|Jacobs|Mertens|Willems|Claes|Goossens|Wouters|De Smet";

/// The first role of each table goes to a company's first contact.
const ROLES_SHIPPER_EN: &str = "Shipping Specialist|Export Manager|Logistics Manager|\
    Export Coordinator|Documentation Officer|Finance Officer|Sales Assistant|General Manager";
const ROLES_SHIPPER_ZH: &str = "船務專員|船務主管|出口專員|物流經理|文件專員|財務專員|總經理特助";
const ROLES_CONSIGNEE_EN: &str = "Import Coordinator|Logistics Manager|Supply Chain Director|\
    Customs Specialist|Accounts Payable Clerk|Purchasing Manager|Warehouse Manager";
const ROLES_CONSIGNEE_ZH: &str = "進口專員|物流經理|報關專員|採購經理|會計|倉儲主管";
const ROLES_FORWARDER_EN: &str = "Operations Manager|Customer Service Executive|Pricing Manager|\
    Documentation Officer|Branch Manager|Finance Officer|Overseas Agent Coordinator";
const ROLES_FORWARDER_ZH: &str =
    "操作主管|客服專員|報價專員|文件專員|分公司經理|財務專員|海外代理窗口";

const REQUIREMENTS_EN: &str = "Pre-alert with B/L copy and ETA 48 hours before arrival.|\
    Send B/L drafts to the documentation mailbox; approval within 24 hours.|\
    Notify vessel delays and roll-overs by phone as well as e-mail.|\
    Invoices in USD with a monthly statement to finance.|\
    Reefer cargo: temperature logs on request.|\
    Dangerous goods declarations checked before cut-off.|\
    Telex release only after full payment is confirmed.|\
    Weekly shipment status report every Monday.|\
    Quote the customer's PO number on all documents.|\
    VGM reminder 24 hours before cut-off.|\
    Quarterly business review with the account owner.|\
    Sea waybill preferred; no original B/Ls.";
const REQUIREMENTS_ZH: &str = "提單草稿請寄至船務信箱，24小時內確認。|船期延誤或甩櫃請先電話通知。|\
    每週一提供貨況報表。|發票請開立新台幣，月結。|冷凍櫃請附溫度紀錄。|危險品申報須於結關前確認。|\
    電放須待全額付款後辦理。|所有文件須註明客戶訂單號碼。|結關前24小時提醒提交VGM。";

const NOTES_EN: &str = "Includes 2 extra free days at destination for reefer.|\
    BAF floating quarterly; rates per annex A.|Peak season surcharge waived June to September.|\
    Up to 3 B/L corrections per month free of charge.|Named account for transpacific eastbound.|\
    Minimum quantity commitment 200 FEU per year.";
const NOTES_ZH: &str = "冷凍櫃目的港免費堆存另加2天。|燃油附加費每季調整，運價詳附件A。|\
    6至9月免收旺季附加費。|每月3次以內提單更正免費。|年度最低承諾量200個40呎櫃。";

const CALLS: &[(&str, &str)] = &[
    ("Follow-up on vessel delay", "船期延誤追蹤"),
    (
        "Roll-over notice for next week's booking",
        "下週訂艙甩櫃通知",
    ),
    ("Freight rate inquiry", "運價詢問"),
    ("B/L amendment request", "提單更正需求"),
    ("Invoice dispute follow-up", "發票爭議追蹤"),
    ("Demurrage waiver request", "貨櫃延滯費減免申請"),
    ("Introduction call with new account owner", "新窗口介紹電話"),
    ("Space allocation for peak season", "旺季艙位安排"),
];
const MEETINGS: &[(&str, &str)] = &[
    ("Quarterly business review", "季度業務檢討會議"),
    ("Contract renewal discussion", "合約續約討論"),
    ("Service improvement plan", "服務改善計畫會議"),
    ("Annual volume forecast", "年度貨量預估會議"),
];
const VISITS: &[(&str, &str)] = &[
    ("Visit to the {city} office", "拜訪{city}辦公室"),
    ("Warehouse visit in {city}", "{city}倉庫參訪"),
    ("Courtesy visit with sales", "與業務同仁禮貌性拜訪"),
];
const SURVEYS: &[(&str, &str)] = &[
    ("Customer satisfaction survey", "客戶滿意度調查"),
    ("Post-complaint follow-up survey", "客訴後滿意度追蹤"),
    ("Annual service review survey", "年度服務評估問卷"),
];
const GIFTS: &[(&str, &str)] = &[
    ("Lunar New Year gift box", "春節禮盒"),
    ("Dragon Boat Festival zongzi", "端午節粽子禮盒"),
    ("Mid-Autumn Festival mooncakes", "中秋節月餅禮盒"),
    ("Christmas hamper", "聖誕禮籃"),
];
const EVENTS: &[(&str, &str)] = &[
    (
        "Customer appreciation dinner in {city}",
        "{city}客戶感恩餐會",
    ),
    ("Year-end banquet invitation", "尾牙餐會邀請"),
    (
        "Shipping seminar: emission control areas",
        "航運研討會：排放控制區新規",
    ),
    ("Meeting at trade show booth", "展覽攤位會面"),
];
const NOTES_CALL: &[(&str, &str)] = &[
    (
        "Customer informed; new ETA confirmed.",
        "已通知客戶並確認新ETA。",
    ),
    ("Agreed to follow up within two days.", "約定兩天內回覆。"),
    ("Escalated to supervisor for approval.", "已轉主管核准。"),
    ("No further action needed.", "無需後續處理。"),
];
const NOTES_MEETING: &[(&str, &str)] = &[
    (
        "Customer asked for a weekly status report.",
        "客戶要求每週提供貨況報表。",
    ),
    (
        "Raised concern about transit time.",
        "客戶反映航程時間過長。",
    ),
    (
        "Sales colleague joined; next review next quarter.",
        "業務同仁一同出席，下季再檢討。",
    ),
    (
        "Shared the rate outlook for next season.",
        "說明下一季運價走勢。",
    ),
];
const NOTES_SURVEY: &[(&str, &str)] = &[
    ("Praised the proactive delay notices.", "肯定主動通知延誤。"),
    (
        "Wants faster B/L draft turnaround.",
        "希望提單草稿更快完成。",
    ),
    (
        "Invoices too late for month-end close.",
        "發票太晚，影響月底結帳。",
    ),
];

// ---------------------------------------------------------------------------------------
// Offices. Districts are "name=postal code"; in a phone pattern `#` is any digit
// and `%` a digit from 2 to 9, as local numbers do not start with 0 or 1.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AddressForm {
    Taiwan,
    China,
    HongKong,
    Singapore,
    UnitedStates,
    Europe,
}

struct Office {
    locode: &'static str,
    city: &'static str,
    city_zh: &'static str,
    country: &'static str,
    time_zone: &'static str,
    tld: &'static str,
    phone: &'static str,
    mobile: &'static str,
    legal_forms: &'static str,
    address_form: AddressForm,
    districts: &'static str,
    streets: &'static str,
}

static TAIWAN: Region = Region {
    style: Style::Chinese,
    language: Language::ZhTw,
    offices: &[
        Office {
            locode: "TWTPE",
            city: "Taipei",
            city_zh: "台北",
            country: "TW",
            time_zone: "Asia/Taipei",
            tld: "com.tw",
            phone: "+886 2 %###-####",
            mobile: "+886 9##-###-###",
            legal_forms: TW_FORMS,
            address_form: AddressForm::Taiwan,
            districts: "Zhongshan Dist.=104|Da'an Dist.=106|Songshan Dist.=105|Xinyi Dist.=110|\
                Neihu Dist.=114",
            streets: "Sec. 2, Minsheng E. Rd.|Sec. 4, Zhongxiao E. Rd.|Sec. 1, Dunhua S. Rd.|\
                Sec. 3, Nanjing E. Rd.|Sec. 5, Xinyi Rd.|Sec. 2, Fuxing N. Rd.|Ruiguang Rd.",
        },
        Office {
            locode: "TWKHH",
            city: "Kaohsiung",
            city_zh: "高雄",
            country: "TW",
            time_zone: "Asia/Taipei",
            tld: "com.tw",
            phone: "+886 7 %##-####",
            mobile: "+886 9##-###-###",
            legal_forms: TW_FORMS,
            address_form: AddressForm::Taiwan,
            districts: "Qianzhen Dist.=806|Lingya Dist.=802|Xiaogang Dist.=812|Gushan Dist.=804|\
                Xinxing Dist.=800|Nanzi Dist.=811",
            streets: "Zhongshan 2nd Rd.|Chenggong 2nd Rd.|Minzu 2nd Rd.|Sizhi Rd.|\
                Kaixuan 4th Rd.|Linhai 2nd Rd.|Zhonghua 5th Rd.",
        },
        Office {
            locode: "TWTXG",
            city: "Taichung",
            city_zh: "台中",
            country: "TW",
            time_zone: "Asia/Taipei",
            tld: "com.tw",
            phone: "+886 4 %###-####",
            mobile: "+886 9##-###-###",
            legal_forms: TW_FORMS,
            address_form: AddressForm::Taiwan,
            districts: "Xitun Dist.=407|Nantun Dist.=408|Wuqi Dist.=435|Taiping Dist.=411|\
                Dali Dist.=412",
            streets: "Sec. 2, Taiwan Blvd.|Wenxin Rd.|Gongyequ 1st Rd.|Sec. 3, Zhongqing Rd.|\
                Lingang Rd.|Sec. 1, Huizhong Rd.",
        },
    ],
};

static CHINA: Region = Region {
    style: Style::Chinese,
    language: Language::En,
    offices: &[
        Office {
            locode: "CNSHA",
            city: "Shanghai",
            city_zh: "上海",
            country: "CN",
            time_zone: "Asia/Shanghai",
            tld: "com.cn",
            phone: "+86 21 %### ####",
            mobile: "+86 13# #### ####",
            legal_forms: CN_FORMS,
            address_form: AddressForm::China,
            districts: "Pudong New Area=200120|Huangpu District=200002|Jing'an District=200040|\
                Minhang District=201100|Baoshan District=201900",
            streets: "Century Ave.|Lujiazui Ring Rd.|Yanggao North Rd.|Zhongshan East 1st Rd.|\
                Nanjing West Rd.|Huaxia Rd.",
        },
        Office {
            locode: "CNNGB",
            city: "Ningbo",
            city_zh: "寧波",
            country: "CN",
            time_zone: "Asia/Shanghai",
            tld: "com.cn",
            phone: "+86 574 %### ####",
            mobile: "+86 15# #### ####",
            legal_forms: CN_FORMS,
            address_form: AddressForm::China,
            districts: "Beilun District=315800|Yinzhou District=315100|Haishu District=315000|\
                Jiangbei District=315020",
            streets: "Mingzhou Rd.|Xinda Rd.|Taishan Rd.|Siming Middle Rd.|Zhongshan East Rd.",
        },
        Office {
            locode: "CNSZX",
            city: "Shenzhen",
            city_zh: "深圳",
            country: "CN",
            time_zone: "Asia/Shanghai",
            tld: "com.cn",
            phone: "+86 755 %### ####",
            mobile: "+86 18# #### ####",
            legal_forms: CN_FORMS,
            address_form: AddressForm::China,
            districts: "Nanshan District=518052|Futian District=518048|Bao'an District=518101|\
                Yantian District=518081|Longgang District=518116",
            streets: "Shennan Blvd.|Binhe Ave.|Shekou Industrial 8th Rd.|Yantian Port Rd.|\
                Keyuan Rd.",
        },
    ],
};

static HONG_KONG: Region = Region {
    style: Style::Chinese,
    language: Language::ZhTw,
    offices: &[Office {
        locode: "HKHKG",
        city: "Hong Kong",
        city_zh: "香港",
        country: "HK",
        time_zone: "Asia/Hong_Kong",
        tld: "com.hk",
        phone: "+852 %### ####",
        mobile: "+852 9### ####",
        legal_forms: HK_FORMS,
        address_form: AddressForm::HongKong,
        districts: "Central=|Sheung Wan=|Tsim Sha Tsui=|Kwun Tong=|Kwai Chung=|Wan Chai=",
        streets: "Des Voeux Rd. Central|Queen's Rd. Central|Nathan Rd.|Canton Rd.|Hoi Bun Rd.|\
            Kwai Chung Rd.|Gloucester Rd.",
    }],
};

static SINGAPORE: Region = Region {
    style: Style::Western,
    language: Language::En,
    offices: &[Office {
        locode: "SGSIN",
        city: "Singapore",
        city_zh: "新加坡",
        country: "SG",
        time_zone: "Asia/Singapore",
        tld: "com.sg",
        phone: "+65 6### ####",
        mobile: "+65 9### ####",
        legal_forms: "Pte. Ltd.",
        address_form: AddressForm::Singapore,
        districts: "=079903|=118523|=609937|=068914|=119963|=239920",
        streets: "Anson Rd.|Pasir Panjang Rd.|Jurong Port Rd.|Alexandra Rd.|Tanjong Pagar Rd.|\
            Cecil St.|Keppel Rd.",
    }],
};

static USA: Region = Region {
    style: Style::Western,
    language: Language::En,
    offices: &[
        Office {
            locode: "USLAX",
            city: "Los Angeles, CA",
            city_zh: "洛杉磯",
            country: "US",
            time_zone: "America/Los_Angeles",
            tld: "com",
            phone: "+1 213-555-01##",
            mobile: "+1 310-555-01##",
            legal_forms: US_FORMS,
            address_form: AddressForm::UnitedStates,
            districts: "=90017|=90071|=90021|=90058",
            streets: "W. 6th St.|S. Figueroa St.|Wilshire Blvd.|E. 7th St.|S. Alameda St.",
        },
        Office {
            locode: "USLGB",
            city: "Long Beach, CA",
            city_zh: "長堤",
            country: "US",
            time_zone: "America/Los_Angeles",
            tld: "com",
            phone: "+1 562-555-01##",
            mobile: "+1 562-555-01##",
            legal_forms: US_FORMS,
            address_form: AddressForm::UnitedStates,
            districts: "=90802|=90810|=90813",
            streets: "W. Ocean Blvd.|E. Carson St.|Pine Ave.|W. Anaheim St.|Harbor Plaza",
        },
        Office {
            locode: "USNYC",
            city: "New York, NY",
            city_zh: "紐約",
            country: "US",
            time_zone: "America/New_York",
            tld: "com",
            phone: "+1 212-555-01##",
            mobile: "+1 917-555-01##",
            legal_forms: US_FORMS,
            address_form: AddressForm::UnitedStates,
            districts: "=10004|=10005|=10016|=10038|=10001",
            streets: "Broadway|Water St.|Park Ave. S.|Wall St.|W. 34th St.|Varick St.",
        },
        Office {
            locode: "USSEA",
            city: "Seattle, WA",
            city_zh: "西雅圖",
            country: "US",
            time_zone: "America/Los_Angeles",
            tld: "com",
            phone: "+1 206-555-01##",
            mobile: "+1 425-555-01##",
            legal_forms: US_FORMS,
            address_form: AddressForm::UnitedStates,
            districts: "=98101|=98104|=98134|=98119",
            streets: "Alaskan Way|4th Ave.|E. Marginal Way S.|Elliott Ave. W.|1st Ave. S.",
        },
    ],
};

const US_FORMS: &str = "Inc.|LLC|Corp.|Co.";

static EUROPE: Region = Region {
    style: Style::Western,
    language: Language::En,
    offices: &[
        Office {
            locode: "NLRTM",
            city: "Rotterdam",
            city_zh: "鹿特丹",
            country: "NL",
            time_zone: "Europe/Amsterdam",
            tld: "nl",
            phone: "+31 10 %## ####",
            mobile: "+31 6 %### ####",
            legal_forms: "B.V.",
            address_form: AddressForm::Europe,
            districts: "=3011 TA|=3089 JB|=3013 AK|=3199 LC|=3072 AP",
            streets: "Blaak|Weena|Coolsingel|Waalhaven Z.z.|Europaweg|Wilhelminakade|Boompjes",
        },
        Office {
            locode: "DEHAM",
            city: "Hamburg",
            city_zh: "漢堡",
            country: "DE",
            time_zone: "Europe/Berlin",
            tld: "de",
            phone: "+49 40 %### ####",
            mobile: "+49 171 #######",
            legal_forms: "GmbH|GmbH & Co. KG",
            address_form: AddressForm::Europe,
            districts: "=20457|=22767|=20095|=21129|=20354",
            streets: "Am Sandtorkai|Große Elbstraße|Ballindamm|Hohe Bleichen|Waltershofer Damm|\
                Ost-West-Straße|Am Kaiserkai",
        },
        Office {
            locode: "BEANR",
            city: "Antwerp",
            city_zh: "安特衛普",
            country: "BE",
            time_zone: "Europe/Brussels",
            tld: "be",
            phone: "+32 3 %## ## ##",
            mobile: "+32 47# ## ## ##",
            legal_forms: "NV|BV",
            address_form: AddressForm::Europe,
            districts: "=2030|=2000|=2018|=2040",
            streets: "Noorderlaan|Meir|Italiëlei|Kattendijkdok-Westkaai|Brouwersvliet|\
                Leopold de Waelplaats",
        },
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use purser_domain::names::company_key;
    use std::collections::HashSet;

    fn book(seed: u64, scale: u32) -> Vec<CompanyBundle> {
        (0..company_count(scale))
            .map(|i| company(seed, i))
            .collect()
    }

    #[test]
    fn the_same_seed_gives_the_same_book_and_another_seed_another() {
        let a = book(7, 1);
        assert_eq!(a, book(7, 1));
        let b = book(8, 1);
        assert_ne!(a, b);
        let same_names = a
            .iter()
            .zip(&b)
            .filter(|(x, y)| x.customer.legal_name == y.customer.legal_name)
            .count();
        assert!(same_names < 5, "{same_names} companies kept their name");
    }

    #[test]
    fn every_generated_input_validates_and_is_already_normalised() {
        for seed in [0, 1, u64::MAX] {
            for b in book(seed, 1) {
                let name = &b.customer.legal_name;
                assert_eq!(b.customer.validate(), Ok(()), "{name}");
                assert_eq!(b.customer.clone().normalised(), b.customer);
                for c in &b.contacts {
                    assert_eq!(c.validate(), Ok(()), "{name}: {c:?}");
                    assert_eq!(&c.clone().normalised(), c);
                }
                for k in &b.contracts {
                    assert_eq!(k.validate(), Ok(()), "{name}: {k:?}");
                    assert_eq!(&k.clone().normalised(), k);
                }
                for a in &b.activities {
                    assert_eq!(a.input.validate(), Ok(()), "{name}: {a:?}");
                    assert!(a.contact.is_none_or(|i| i < b.contacts.len()));
                    let at: jiff::Timestamp =
                        a.input.occurred_at.as_ref().unwrap().parse().unwrap();
                    let day = at.to_zoned(jiff::tz::TimeZone::UTC).date();
                    assert!(day < ANCHOR && day > date(2025, 10, 30), "{at}");
                }
            }
        }
        // a larger sample reaches the rarer branches; `company` panics on any invalid input
        (0..5_000).for_each(|i| drop(company(42, i)));
    }

    #[test]
    fn scale_one_meets_the_minimums_and_scale_500_is_100k_companies_with_300k_contacts() {
        let b = book(1, 1);
        let count = |f: fn(&CompanyBundle) -> usize| b.iter().map(f).sum::<usize>();
        assert_eq!(
            (
                b.len(),
                count(|c| c.contacts.len()),
                count(|c| c.contracts.len()),
                count(|c| c.activities.len())
            ),
            (200, 600, 600, 800)
        );
        assert_eq!(company_count(500), 100_000);
        let contacts: usize = (0..100_000)
            .map(|i| per_company(9, Stream::ContactCount, i, CONTACTS_PER_FIVE))
            .sum();
        assert_eq!(contacts, 300_000);
    }

    #[test]
    fn names_emails_and_contract_references_are_unique() {
        let b = book(3, 5);
        let unique = |items: Vec<String>| {
            let n = items.len();
            let set: HashSet<String> = items.into_iter().collect();
            assert_eq!(set.len(), n, "duplicates among {n}");
        };
        unique(
            b.iter()
                .map(|c| company_key(&c.customer.legal_name))
                .collect(),
        );
        unique(
            b.iter()
                .filter_map(|c| c.customer.local_name.as_deref().map(company_key))
                .collect(),
        );
        unique(
            b.iter()
                .flat_map(|c| c.contacts.iter().flat_map(|p| p.emails.clone()))
                .collect(),
        );
        unique(
            b.iter()
                .flat_map(|c| c.contracts.iter().map(|k| k.reference.clone()))
                .collect(),
        );
    }

    #[test]
    fn the_name_space_covers_scale_500_without_repeats() {
        let w = &*WORDS;
        let chinese = w.cjk_prefixes.len() * w.cjk_modifiers.len() * w.cjk_industries.len();
        let western = w.west_prefixes.len() * w.west_modifiers.len() * w.west_industries.len();
        // 14 of every 20 companies are named in the Chinese style, 6 in the Western one
        assert!(
            chinese >= 70_000 && western >= 30_000,
            "{chinese} {western}"
        );
        for n in [chinese, western] {
            let hit: HashSet<usize> = (0..n).map(|i| scatter(5, i, n)).collect();
            assert_eq!(hit.len(), n, "scatter is a bijection of 0..{n}");
        }
        for list in [&w.cjk_prefixes, &w.cjk_modifiers, &w.cjk_industries] {
            let en: HashSet<&str> = list.iter().map(|x| x.en).collect();
            let zh: HashSet<&str> = list.iter().map(|x| x.zh).collect();
            assert_eq!((en.len(), zh.len()), (list.len(), list.len()));
            assert!(list.iter().all(|x| !x.en.is_empty() && !x.zh.is_empty()));
        }
    }

    #[test]
    fn the_mix_looks_like_a_shipping_lines_book() {
        let b = book(11, 5);
        let n = b.len();
        let tier = |t: Tier| b.iter().filter(|c| c.customer.tier == t).count();
        let (p, g, s, z) = (
            tier(Tier::Platinum),
            tier(Tier::Gold),
            tier(Tier::Silver),
            tier(Tier::Bronze),
        );
        assert!(p > 0 && p < g && g < s && s < z, "{p} {g} {s} {z}");
        let key = b.iter().filter(|c| c.customer.key_account).count();
        assert!(
            (n * 6 / 100..n * 14 / 100).contains(&key),
            "{key} key accounts of {n}"
        );
        let offices = "TWKHH TWTPE TWTXG CNSHA CNNGB CNSZX HKHKG SGSIN NLRTM DEHAM BEANR USLAX \
            USLGB USNYC USSEA";
        for c in &b {
            let office = c.customer.main_office.as_deref().unwrap();
            assert!(offices.contains(office));
            let chinese_script = c.customer.local_name.is_some();
            assert_eq!(chinese_script, matches!(&office[..2], "TW" | "CN" | "HK"));
            let zh = matches!(&office[..2], "TW" | "HK");
            assert_eq!(c.customer.language == Language::ZhTw, zh, "{office}");
            for k in &c.contracts {
                assert!(k.reference.starts_with("SC-20"), "{}", k.reference);
                assert!(
                    k.lanes
                        .iter()
                        .all(|l| offices.contains(&l.from) && offices.contains(&l.to))
                );
                assert!(matches!(
                    k.service_levels.first_response_hours,
                    Some(4 | 8 | 24)
                ));
            }
        }
        let taiwanese = b
            .iter()
            .filter(|c| c.customer.addresses[0].country == "TW")
            .count();
        assert_eq!(taiwanese, n * 8 / 20);
        let forwarders = b
            .iter()
            .filter(|c| c.customer.legal_name.contains("Logistics"))
            .count();
        assert!(forwarders > 0);
        let portal = b
            .iter()
            .flat_map(|c| &c.contacts)
            .filter(|p| p.portal_access)
            .count();
        assert!(portal > 0);
    }
}
