//! The customer book in and out as CSV or XLSX, one row per contact (a customer without
//! contacts is one row with empty contact columns). Import checks every row with the same
//! rules as the API and reports each bad row and why; a dry run changes nothing; a real
//! run writes the good rows through the ordinary use cases, so each is audited.

use crate::{AppError, Ctx, Result, book, children};
use purser_domain::book::{Address, ContactInput, CustomerInput};
use purser_domain::customers::{Channel, Language, Tier};
use purser_domain::roles::CustomerScope;
use purser_domain::validation::Problems;
use purser_store::customers::{self, ListQuery};
use purser_store::{Store, bulk, contacts};
use serde_json::json;
use std::collections::HashMap;
use std::path::Path;
use uuid::Uuid;

/// The columns, in order, of an export and of an import file (import accepts any order).
pub const COLUMNS: &[&str] = &[
    "customer_number",
    "legal_name",
    "local_name",
    "tax_id",
    "registration_id",
    "main_office",
    "tier",
    "key_account",
    "language",
    "preferred_channel",
    "time_zone",
    "service_requirements",
    "address_line_1",
    "address_line_2",
    "address_city",
    "address_country",
    "contact_name",
    "contact_role",
    "contact_email",
    "contact_phone",
    "contact_language",
];

/// One bad row: its line in the file (header = 1) and every reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: usize,
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub rows: usize,
    pub customers_created: usize,
    pub customers_updated: usize,
    pub contacts_created: usize,
    pub bad_rows: Vec<RowError>,
}

/// Reads a `.csv` or `.xlsx` file into header-keyed rows.
pub fn read_rows(path: &Path) -> Result<Vec<HashMap<String, String>>> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_lowercase();
    let grid: Vec<Vec<String>> = match ext.as_str() {
        "csv" => {
            let mut r = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_path(path)
                .map_err(io)?;
            r.records()
                .map(|rec| {
                    rec.map(|r| r.iter().map(str::to_string).collect())
                        .map_err(io)
                })
                .collect::<Result<_>>()?
        }
        "xlsx" | "xls" | "ods" => {
            use calamine::Reader;
            let mut wb = calamine::open_workbook_auto(path).map_err(io)?;
            let range = wb
                .worksheet_range_at(0)
                .ok_or_else(|| AppError::field("file", "has no sheet"))?
                .map_err(io)?;
            range
                .rows()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect()
        }
        _ => return Err(AppError::field("file", "must end in .csv or .xlsx")),
    };
    let mut it = grid.into_iter();
    let header: Vec<String> = it
        .next()
        .unwrap_or_default()
        .into_iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
        .collect();
    if !header.iter().any(|h| h == "legal_name") {
        return Err(AppError::field(
            "file",
            "needs a header row with at least legal_name",
        ));
    }
    Ok(it
        .map(|row| {
            header
                .iter()
                .cloned()
                .zip(row.into_iter().chain(std::iter::repeat(String::new())))
                .collect()
        })
        .collect())
}

fn io(e: impl std::fmt::Display) -> AppError {
    AppError::field("file", &e.to_string())
}

/// A row's customer and contact, or every reason it is bad.
pub fn parse_row(
    row: &HashMap<String, String>,
) -> std::result::Result<(Option<String>, CustomerInput, Option<ContactInput>), Vec<String>> {
    let get = |k: &str| row.get(k).map(|s| s.trim().to_string()).unwrap_or_default();
    let opt = |k: &str| Some(get(k)).filter(|s| !s.is_empty());
    let mut reasons = Vec::new();
    let mut enumerated = |field: &str, parsed: Option<()>| {
        if parsed.is_none() {
            reasons.push(format!("{field}: '{}' is not a known value", get(field)));
        }
    };
    let tier = opt("tier").map_or(Some(Tier::Bronze), |t| Tier::parse(&t.to_lowercase()));
    enumerated("tier", tier.map(|_| ()));
    let language = opt("language").map_or(Some(Language::En), |l| Language::parse(&l));
    enumerated("language", language.map(|_| ()));
    let channel = opt("preferred_channel")
        .map_or(Some(Channel::Email), |c| Channel::parse(&c.to_lowercase()));
    enumerated("preferred_channel", channel.map(|_| ()));
    let key_account = match get("key_account").to_lowercase().as_str() {
        "" | "false" | "no" | "0" | "n" => Some(false),
        "true" | "yes" | "1" | "y" => Some(true),
        _ => None,
    };
    enumerated("key_account", key_account.map(|_| ()));
    let lines: Vec<String> = [get("address_line_1"), get("address_line_2")]
        .into_iter()
        .filter(|l| !l.is_empty())
        .collect();
    let addresses = if lines.is_empty() && get("address_country").is_empty() {
        vec![]
    } else {
        vec![Address {
            kind: "office".into(),
            lines,
            city: get("address_city"),
            postal_code: None,
            country: get("address_country").to_uppercase(),
        }]
    };
    let customer = CustomerInput {
        legal_name: get("legal_name"),
        local_name: opt("local_name"),
        addresses,
        registration_id: opt("registration_id"),
        tax_id: opt("tax_id"),
        main_office: opt("main_office"),
        tier: tier.unwrap_or(Tier::Bronze),
        key_account: key_account.unwrap_or(false),
        account_owner_id: None,
        sales_owner_id: None,
        language: language.unwrap_or_default(),
        preferred_channel: channel.unwrap_or_default(),
        time_zone: opt("time_zone").unwrap_or_else(|| "Asia/Taipei".into()),
        service_requirements: get("service_requirements"),
        status: Default::default(),
    };
    let push = |reasons: &mut Vec<String>, r: std::result::Result<(), Problems>, prefix: &str| {
        if let Err(p) = r {
            reasons.extend(
                p.0.into_iter()
                    .map(|e| format!("{prefix}{}: {}", e.field, e.message)),
            );
        }
    };
    push(&mut reasons, customer.validate(), "");
    let contact = opt("contact_name").map(|name| ContactInput {
        name,
        role_title: get("contact_role"),
        emails: opt("contact_email").into_iter().collect(),
        phones: opt("contact_phone").into_iter().collect(),
        language: Language::parse(&get("contact_language")).unwrap_or(customer.language),
        preferred_channel: if get("contact_email").is_empty() {
            Channel::Phone
        } else {
            Channel::Email
        },
        notifications: Default::default(),
        portal_access: false,
    });
    if let Some(c) = &contact {
        push(&mut reasons, c.validate(), "contact_");
    } else if !get("contact_email").is_empty() || !get("contact_phone").is_empty() {
        reasons.push("contact_name: is required when a contact e-mail or phone is given".into());
    }
    if reasons.is_empty() {
        Ok((opt("customer_number"), customer.normalised(), contact))
    } else {
        Err(reasons)
    }
}

/// Imports rows; with `dry_run` only checks them. `progress(done, total)` after each row.
pub async fn import_customers(
    store: &Store,
    ctx: &Ctx,
    rows: &[HashMap<String, String>],
    dry_run: bool,
    progress: &dyn Fn(usize, usize),
) -> Result<ImportReport> {
    let mut report = ImportReport {
        rows: rows.len(),
        ..Default::default()
    };
    // rows of one customer share its number, or its legal name when new
    let mut seen: HashMap<String, Uuid> = HashMap::new();
    let mut stats = bulk::StatsAsLoadGrows::default();
    for (i, row) in rows.iter().enumerate() {
        let line = i + 2;
        match parse_row(row) {
            Err(reasons) => report.bad_rows.push(RowError { line, reasons }),
            Ok(_) if dry_run => {}
            Ok((number, customer, contact)) => {
                let key = number
                    .clone()
                    .unwrap_or_else(|| purser_domain::names::company_key(&customer.legal_name));
                let id = match seen.get(&key) {
                    Some(id) => Some(*id),
                    None => {
                        match import_customer(store, ctx, number.as_deref(), customer, &mut report)
                            .await
                        {
                            Ok(id) => {
                                seen.insert(key, id);
                                Some(id)
                            }
                            Err(e) => {
                                report.bad_rows.push(RowError {
                                    line,
                                    reasons: reasons_of(e),
                                });
                                None
                            }
                        }
                    }
                };
                if let (Some(id), Some(contact)) = (id, contact) {
                    match children::create::<children::Contacts>(store, ctx, id, contact).await {
                        Ok(_) => report.contacts_created += 1,
                        Err(e) => report.bad_rows.push(RowError {
                            line,
                            reasons: reasons_of(e),
                        }),
                    }
                }
            }
        }
        let written = report.customers_created + report.contacts_created;
        stats
            .after(&mut store.clone(), written, bulk::BOOK_TABLES)
            .await?;
        progress(i + 1, rows.len());
    }
    Ok(report)
}

fn reasons_of(e: AppError) -> Vec<String> {
    match e {
        AppError::Invalid(p) => {
            p.0.into_iter()
                .map(|f| format!("{}: {}", f.field, f.message))
                .collect()
        }
        other => vec![other.to_string()],
    }
}

/// Updates the customer with this number if it exists, otherwise creates one.
async fn import_customer(
    store: &Store,
    ctx: &Ctx,
    number: Option<&str>,
    c: CustomerInput,
    report: &mut ImportReport,
) -> Result<Uuid> {
    if let Some(n) = number {
        let existing = customers::by_number(&mut store.clone(), n).await?;
        if let Some(existing) = existing {
            let mut patch =
                serde_json::to_value(&c).map_err(|e| AppError::Internal(e.to_string()))?;
            // ownership and status are not in the file; keep what the book says
            for k in ["account_owner_id", "sales_owner_id", "status"] {
                patch[k] = json!(
                    serde_json::to_value(existing.input())
                        .map_err(|e| AppError::Internal(e.to_string()))?[k]
                );
            }
            let updated = book::update_customer(store, ctx, existing.id, None, &patch).await?;
            report.customers_updated += 1;
            return Ok(updated.id);
        }
    }
    let created = book::create_customer(store, ctx, c).await?;
    report.customers_created += 1;
    Ok(created.id)
}

/// The book as rows (header first), one per active contact; customers the actor may see.
pub async fn export_rows(
    store: &Store,
    ctx: &Ctx,
    progress: &dyn Fn(usize),
) -> Result<Vec<Vec<String>>> {
    if !ctx.actor.is_staff() {
        return Err(AppError::Forbidden);
    }
    let scope: CustomerScope = ctx.actor.customer_scope();
    let mut out = vec![COLUMNS.iter().map(|c| c.to_string()).collect::<Vec<_>>()];
    let mut lq = ListQuery {
        limit: 500,
        ..Default::default()
    };
    let mut db = store.clone();
    let mut done = 0;
    loop {
        let (page, next) = customers::list(&mut db, &scope, &lq).await?;
        for c in &page {
            let people = contacts::list(&mut db, c.id, false).await?;
            let a = c.addresses.first();
            let base = vec![
                c.number.clone(),
                c.legal_name.clone(),
                c.local_name.clone().unwrap_or_default(),
                c.tax_id.clone().unwrap_or_default(),
                c.registration_id.clone().unwrap_or_default(),
                c.main_office.clone().unwrap_or_default(),
                c.tier.to_string(),
                c.key_account.to_string(),
                c.language.to_string(),
                c.preferred_channel.to_string(),
                c.time_zone.clone(),
                c.service_requirements.clone(),
                a.and_then(|a| a.lines.first().cloned()).unwrap_or_default(),
                a.and_then(|a| a.lines.get(1).cloned()).unwrap_or_default(),
                a.map(|a| a.city.clone()).unwrap_or_default(),
                a.map(|a| a.country.clone()).unwrap_or_default(),
            ];
            if people.is_empty() {
                let mut row = base.clone();
                row.extend(std::iter::repeat_n(String::new(), 5));
                out.push(row);
            }
            for p in people {
                let mut row = base.clone();
                row.extend([
                    p.name,
                    p.role_title,
                    p.emails.first().cloned().unwrap_or_default(),
                    p.phones.first().cloned().unwrap_or_default(),
                    p.language.to_string(),
                ]);
                out.push(row);
            }
        }
        done += page.len();
        progress(done);
        match next {
            Some(n) => lq.after = Some(n),
            None => break,
        }
    }
    Ok(out)
}

/// Writes rows to `.csv` (UTF-8 with BOM, so spreadsheet programs read Chinese right) or `.xlsx`.
pub fn write_rows(path: &Path, rows: &[Vec<String>]) -> Result<()> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_lowercase();
    match ext.as_str() {
        "csv" => {
            let mut file = std::fs::File::create(path).map_err(io)?;
            std::io::Write::write_all(&mut file, "\u{feff}".as_bytes()).map_err(io)?;
            let mut w = csv::Writer::from_writer(file);
            for r in rows {
                w.write_record(r).map_err(io)?;
            }
            w.flush().map_err(io)?;
            Ok(())
        }
        "xlsx" => {
            let mut wb = rust_xlsxwriter::Workbook::new();
            let ws = wb.add_worksheet();
            ws.set_name("customers").map_err(io)?;
            for (r, row) in rows.iter().enumerate() {
                for (c, v) in row.iter().enumerate() {
                    ws.write_string(r as u32, c as u16, v).map_err(io)?;
                }
            }
            wb.save(path).map_err(io)?;
            Ok(())
        }
        _ => Err(AppError::field("file", "must end in .csv or .xlsx")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_good_row_gives_a_customer_and_a_contact() {
        let (n, c, p) = parse_row(&row(&[
            ("legal_name", "Acer Inc."),
            ("local_name", "宏碁股份有限公司"),
            ("main_office", "TW TPE"),
            ("tier", "Gold"),
            ("key_account", "yes"),
            ("contact_name", "林美玲"),
            ("contact_email", "mei@acer.com"),
        ]))
        .unwrap();
        assert_eq!(
            (n, c.main_office.as_deref(), c.tier, c.key_account),
            (None, Some("TWTPE"), Tier::Gold, true)
        );
        assert_eq!(p.unwrap().emails, ["mei@acer.com"]);
    }

    #[test]
    fn a_bad_row_lists_every_reason() {
        let reasons = parse_row(&row(&[
            ("legal_name", ""),
            ("main_office", "XX1"),
            ("tier", "diamond"),
            ("key_account", "maybe"),
            ("contact_email", "x@y.z"),
        ]))
        .unwrap_err();
        let fields: Vec<&str> = reasons
            .iter()
            .map(|r| r.split(':').next().unwrap())
            .collect();
        assert_eq!(
            fields,
            [
                "tier",
                "key_account",
                "legal_name",
                "main_office",
                "contact_name"
            ]
        );
    }

    #[test]
    fn csv_and_xlsx_round_trip() {
        let dir = std::env::temp_dir().join(format!("purser-import-{}", Uuid::now_v7().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let rows = vec![
            COLUMNS.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
            COLUMNS
                .iter()
                .map(|c| {
                    if *c == "legal_name" {
                        "長榮海運, \"Evergreen\"".to_string()
                    } else {
                        String::new()
                    }
                })
                .collect(),
        ];
        for name in ["book.csv", "book.xlsx"] {
            let path = dir.join(name);
            write_rows(&path, &rows).unwrap();
            let back = read_rows(&path).unwrap();
            assert_eq!(back.len(), 1, "{name}");
            assert_eq!(back[0]["legal_name"], "長榮海運, \"Evergreen\"", "{name}");
        }
        assert!(read_rows(&dir.join("book.txt")).is_err());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
