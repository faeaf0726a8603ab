//! Which sheets may price a request, in the order they are asked: the customer's valid
//! contracts first, then the tariffs. Of each sheet's versions, the highest valid on the
//! rate date is used; a contract of another customer is never used, and when the agent
//! named one, the answer says so. A sheet that rates other lanes only has nothing to say
//! about this one (not even its lane-less surcharges); a sheet of surcharges only (local
//! charges) is always asked.

use super::book::{RateBook, SheetRef};
use super::lanes::Route;
use super::price::PriceRequest;
use super::rates::{Mode, RateSheet, SheetKind};
use super::reasons::Reason;
use super::validity::OutsideWindow;

/// The sheets to ask, contracts first, and reasons about sheets that were left out.
pub(super) struct Sources<'a> {
    pub sheets: Vec<SheetRef<'a>>,
    /// Why a sheet that rates this lane was not used (expired, not yet valid).
    pub left_out: Vec<Reason>,
    /// Why the contract the agent named was not used.
    pub contract_notes: Vec<Reason>,
}

/// Whether any line of the sheet rates this lane and mode, on any date.
pub(super) fn rates_lane(sheet: SheetRef<'_>, route: &Route, mode: Mode) -> bool {
    sheet
        .lines_near(route)
        .any(|l| l.mode == mode && l.lane.fit(route).is_some())
}

pub(super) fn select<'a>(book: &'a RateBook, req: &PriceRequest) -> Sources<'a> {
    let own = |s: &RateSheet| matches!(s.kind, SheetKind::Contract { customer, .. } if Some(customer) == req.customer);
    let mut contract_notes = Vec::new();
    let mut named_only = false;
    if let Some(n) = &req.contract {
        let named = |s: &&RateSheet| s.name == *n && matches!(s.kind, SheetKind::Contract { .. });
        if book.sheets().iter().filter(named).any(&own) {
            named_only = true;
        } else if book.sheets().iter().any(|s| named(&s)) {
            contract_notes.push(Reason::ContractOfAnotherCustomer {
                contract: n.clone(),
            });
        } else {
            contract_notes.push(Reason::UnknownContract {
                contract: n.clone(),
            });
        }
    }
    let contracts = book
        .entries()
        .filter(|s| own(s) && (!named_only || req.contract.as_deref() == Some(s.name.as_str())));
    let tariffs = book.entries().filter(|s| s.kind == SheetKind::Tariff);
    let mut sheets = Vec::new();
    let mut left_out = Vec::new();
    for group in [contracts.collect::<Vec<_>>(), tariffs.collect()] {
        let mut names: Vec<&str> = Vec::new();
        for s in &group {
            if !names.contains(&s.name.as_str()) {
                names.push(&s.name);
            }
        }
        for name in names {
            let versions: Vec<SheetRef<'a>> =
                group.iter().copied().filter(|s| s.name == name).collect();
            match versions
                .iter()
                .filter(|s| s.validity.contains(req.rate_date))
                .max_by_key(|s| s.version)
            {
                Some(s) if s.lines.is_empty() || rates_lane(*s, &req.route, req.mode) => {
                    sheets.push(*s)
                }
                Some(_) => {}
                None => {
                    if let Some(r) = why_no_version(&versions, req) {
                        left_out.push(r);
                    }
                }
            }
        }
    }
    Sources {
        sheets,
        left_out,
        contract_notes,
    }
}

/// The reason a sheet with no valid version is out: the latest version that began is
/// expired; failing that, the earliest is not yet valid. `None` when it never rated the lane.
fn why_no_version(versions: &[SheetRef<'_>], req: &PriceRequest) -> Option<Reason> {
    let relevant: Vec<&SheetRef<'_>> = versions
        .iter()
        .filter(|s| rates_lane(**s, &req.route, req.mode))
        .collect();
    let began = relevant
        .iter()
        .filter(|s| s.validity.from <= req.rate_date)
        .max_by_key(|s| (s.validity.from, s.version));
    let pick = began.or_else(|| relevant.iter().min_by_key(|s| (s.validity.from, s.version)))?;
    Some(outside(
        pick.source(None),
        pick.validity.check(req.rate_date).err()?,
        req,
    ))
}

/// A reason from a window the rate date is outside of.
pub(super) fn outside(
    source: super::rates::RateSource,
    why: OutsideWindow,
    req: &PriceRequest,
) -> Reason {
    match why {
        OutsideWindow::Expired { last_day } => Reason::Expired {
            source,
            last_day,
            rate_date: req.rate_date,
        },
        OutsideWindow::NotYetValid { first_day } => Reason::NotYetValid {
            source,
            first_day,
            rate_date: req.rate_date,
        },
    }
}
