//! Rate data: tariffs and customer contracts as the engine reads them. A sheet is one
//! published version of a tariff or a contract; its lines price the base freight of a lane
//! and mode, its surcharges add the rest, each with its own validity, currency and payment
//! term, and each remembers the sheet cell it came from so a price can be traced back to
//! the carrier's file.

use super::charges::ChargeCode;
use super::equipment::SizeType;
use super::lanes::{Lane, Route};
use super::money::Currency;
use super::validity::Validity;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;
use thiserror::Error;
use uuid::Uuid;

/// How the cargo moves; each mode has its own base-rate basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    SeaFcl,
    SeaLcl,
    Air,
    Express,
}
text_enum!(Mode { SeaFcl = "sea_fcl", SeaLcl = "sea_lcl", Air = "air", Express = "express" });

/// Who pays where: prepaid at origin by the shipper, collect at destination (DCSA PRE/COL).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Payment {
    Prepaid,
    Collect,
}
text_enum!(Payment { Prepaid = "prepaid", Collect = "collect" });

/// The cell of an imported file a rate came from, so "why this price" can point at it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetCell {
    pub file: String,
    pub sheet: String,
    /// 1-based, as the spreadsheet shows it.
    pub row: u32,
    /// The column letter as the spreadsheet shows it, e.g. "F".
    pub column: String,
}

/// The kind of agreement behind a contract sheet: a carrier's service contract (SC) or a
/// named account (NAC) rate; its number is the sheet's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Agreement {
    ServiceContract,
    NamedAccount,
}
text_enum!(Agreement { ServiceContract = "service_contract", NamedAccount = "named_account" });

/// Public tariff or one customer's contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum SheetKind {
    Tariff,
    /// A service contract or named-account (NAC) rate for one customer.
    Contract {
        customer: Uuid,
        agreement: Agreement,
    },
}

/// Contract or tariff, as a line's source states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Tariff,
    Contract,
}
text_enum!(SourceKind { Tariff = "tariff", Contract = "contract" });

/// Where a priced line or a reason comes from: the sheet, its version and, for imported
/// sheets, the cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateSource {
    pub kind: SourceKind,
    /// The tariff's name or the contract number (service contract or NAC number).
    pub name: String,
    pub version: u32,
    pub cell: Option<SheetCell>,
}

impl fmt::Display for RateSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} v{}", self.kind, self.name, self.version)?;
        if let Some(c) = &self.cell {
            write!(
                f,
                " ({} / {} / row {} column {})",
                c.file, c.sheet, c.row, c.column
            )?;
        }
        Ok(())
    }
}

/// Which commodities a rate covers: freight all kinds, or an HS code prefix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Commodity {
    /// Freight all kinds: any cargo.
    Fak,
    /// HS codes starting with these digits (2 to 10).
    HsPrefix(String),
}

impl Commodity {
    /// How specifically this fits the shipment's HS code (longer prefix wins), or `None`.
    pub fn fit(&self, hs: Option<&str>) -> Option<usize> {
        match (self, hs) {
            (Commodity::Fak, _) => Some(0),
            (Commodity::HsPrefix(p), Some(h)) if h.starts_with(p.as_str()) => Some(p.len()),
            _ => None,
        }
    }
}

/// A container column's price on a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerPrice {
    pub equipment: SizeType,
    pub amount: Decimal,
    pub cell: Option<SheetCell>,
}

/// An IATA quantity break: from `from_kg` on, `rate` per kg (Q45, Q100, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeightBreak {
    pub from_kg: Decimal,
    pub rate: Decimal,
}

/// Air or express rates by weight class: M (minimum charge), N (normal rate below the
/// first break) and the quantity breaks. Built only by [`WeightBreaks::new`] (deserialising
/// too), which keeps the breaks ascending so the engine can rely on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "WeightBreaksData", into = "WeightBreaksData")]
pub struct WeightBreaks {
    minimum: Decimal,
    normal: Decimal,
    breaks: Vec<WeightBreak>,
}

/// The stored shape of [`WeightBreaks`], checked on the way in.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WeightBreaksData {
    pub minimum: Decimal,
    pub normal: Decimal,
    pub breaks: Vec<WeightBreak>,
}

impl TryFrom<WeightBreaksData> for WeightBreaks {
    type Error = RateDataError;
    fn try_from(d: WeightBreaksData) -> Result<WeightBreaks, RateDataError> {
        WeightBreaks::new(d.minimum, d.normal, d.breaks)
    }
}

impl From<WeightBreaks> for WeightBreaksData {
    fn from(w: WeightBreaks) -> WeightBreaksData {
        WeightBreaksData {
            minimum: w.minimum,
            normal: w.normal,
            breaks: w.breaks,
        }
    }
}

/// Rate data the engine refuses to hold, named by field so an import can point at it.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum RateDataError {
    #[error("{field} must be greater than zero")]
    NotPositive { field: &'static str },
    #[error("{field} must not be negative")]
    Negative { field: &'static str },
    #[error("weight breaks must rise strictly: {previous} kg then {next} kg")]
    BreaksNotAscending { previous: Decimal, next: Decimal },
}

impl WeightBreaks {
    /// `minimum` is the M charge, `normal` the N rate per kg, `breaks` the Q classes.
    pub fn new(
        minimum: Decimal,
        normal: Decimal,
        breaks: Vec<WeightBreak>,
    ) -> Result<WeightBreaks, RateDataError> {
        if minimum.is_sign_negative() {
            return Err(RateDataError::Negative { field: "minimum" });
        }
        if normal <= Decimal::ZERO {
            return Err(RateDataError::NotPositive { field: "normal" });
        }
        let mut previous = Decimal::ZERO;
        for b in &breaks {
            if b.rate <= Decimal::ZERO {
                return Err(RateDataError::NotPositive { field: "rate" });
            }
            if b.from_kg <= previous {
                return Err(RateDataError::BreaksNotAscending {
                    previous,
                    next: b.from_kg,
                });
            }
            previous = b.from_kg;
        }
        Ok(WeightBreaks {
            minimum,
            normal,
            breaks,
        })
    }

    /// The M charge: no shipment costs less.
    pub fn minimum(&self) -> Decimal {
        self.minimum
    }

    /// The N rate per kg below the first quantity break.
    pub fn normal(&self) -> Decimal {
        self.normal
    }

    /// The Q classes, ascending by weight.
    pub fn breaks(&self) -> &[WeightBreak] {
        &self.breaks
    }
}

/// How a line prices the base freight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BaseRate {
    /// Sea FCL: one column per equipment type.
    PerContainer(Vec<ContainerPrice>),
    /// Sea LCL: per revenue ton, W/M = max(weight / kg_per_cbm, cbm), at least `minimum_wm`.
    /// `kg_per_cbm` is 1000 on most lanes (W/M = max(tonnes, cbm)); some use 500.
    PerWm {
        rate: Decimal,
        minimum_wm: Decimal,
        kg_per_cbm: Decimal,
    },
    /// Air and express: per chargeable kg by weight class.
    PerChargeableKg(WeightBreaks),
    /// A flat price per shipment (e.g. an express envelope).
    PerShipment(Decimal),
}

/// One rate line: the base freight of a lane, mode and commodity within a window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateLine {
    pub lane: Lane,
    pub mode: Mode,
    pub commodity: Commodity,
    pub validity: Validity,
    pub currency: Currency,
    pub payment: Payment,
    pub base: BaseRate,
    pub cell: Option<SheetCell>,
}

/// What a surcharge adds for each unit it applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Per {
    /// Per container (FCL), per W/M (LCL), per chargeable kg (air, express).
    Unit,
    /// Once per bill of lading (or air waybill).
    Bl,
}
text_enum!(Per { Unit = "unit", Bl = "bl" });

/// A fixed amount in the surcharge's own currency, or a percentage of named charges
/// (CAF as a percentage of ocean freight), charged in the currency of those charges.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurchargeAmount {
    Fixed {
        amount: Decimal,
        currency: Currency,
        per: Per,
    },
    Percent {
        percent: Decimal,
        of: Vec<ChargeCode>,
    },
}

/// A surcharge or fee with its own validity. A GRI is a surcharge coded
/// [`ChargeCode::Gri`] whose window starts on the GRI date; of several surcharges with one
/// code on a sheet, the one that fits best and started last applies, so a later GRI states
/// the whole increase, not the step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Surcharge {
    pub code: ChargeCode,
    /// `None`: every lane the sheet rates, or every lane on a sheet of surcharges only.
    pub lane: Option<Lane>,
    /// Empty: every mode.
    pub modes: Vec<Mode>,
    /// `None`: every equipment type.
    pub equipment: Option<SizeType>,
    pub validity: Validity,
    pub payment: Payment,
    pub amount: SurchargeAmount,
    pub cell: Option<SheetCell>,
}

impl Surcharge {
    /// How specifically this surcharge fits, or `None` when it does not apply on the date.
    pub fn fit(
        &self,
        route: &Route,
        mode: Mode,
        equipment: Option<SizeType>,
        date: jiff::civil::Date,
    ) -> Option<(u8, u8, jiff::civil::Date)> {
        if !self.validity.contains(date) || !(self.modes.is_empty() || self.modes.contains(&mode)) {
            return None;
        }
        let equip = match (self.equipment, equipment) {
            (None, _) => 0,
            (Some(a), Some(b)) if a == b => 1,
            _ => return None,
        };
        let lane = match &self.lane {
            None => 0,
            Some(l) => l.fit(route)? + 1,
        };
        Some((equip, lane, self.validity.from))
    }
}

/// One published version of a tariff or contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateSheet {
    pub kind: SheetKind,
    /// The tariff's name or the contract number; versions of one sheet share it.
    pub name: String,
    pub version: u32,
    pub validity: Validity,
    pub lines: Vec<RateLine>,
    pub surcharges: Vec<Surcharge>,
    /// Charges a contract's all-in rate already includes: the tariff's are not added.
    #[serde(default)]
    pub includes: Vec<ChargeCode>,
    /// The contract promises never to charge more than the tariff for a charge both price
    /// (a "lower of contract or tariff" clause).
    #[serde(default)]
    pub capped_at_tariff: bool,
}

impl RateSheet {
    /// Contract or tariff.
    pub fn source_kind(&self) -> SourceKind {
        match self.kind {
            SheetKind::Tariff => SourceKind::Tariff,
            SheetKind::Contract { .. } => SourceKind::Contract,
        }
    }

    /// The source of something on this sheet, with its cell when imported.
    pub fn source(&self, cell: Option<&SheetCell>) -> RateSource {
        RateSource {
            kind: self.source_kind(),
            name: self.name.clone(),
            version: self.version,
            cell: cell.cloned(),
        }
    }

    /// The customer a contract belongs to; `None` for a tariff.
    pub fn customer(&self) -> Option<Uuid> {
        match self.kind {
            SheetKind::Tariff => None,
            SheetKind::Contract { customer, .. } => Some(customer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn weight_breaks_must_rise_and_be_positive() {
        let q = |kg: &str, r: &str| WeightBreak {
            from_kg: d(kg),
            rate: d(r),
        };
        assert!(
            WeightBreaks::new(d("85"), d("6.20"), vec![q("45", "4.80"), q("100", "4.10")]).is_ok()
        );
        assert_eq!(
            WeightBreaks::new(d("85"), d("6.20"), vec![q("100", "4.80"), q("45", "4.10")]),
            Err(RateDataError::BreaksNotAscending {
                previous: d("100"),
                next: d("45")
            })
        );
        assert_eq!(
            WeightBreaks::new(d("85"), d("0"), vec![]),
            Err(RateDataError::NotPositive { field: "normal" })
        );
        assert_eq!(
            WeightBreaks::new(d("-1"), d("1"), vec![]),
            Err(RateDataError::Negative { field: "minimum" })
        );
    }

    #[test]
    fn deserialised_weight_breaks_are_checked_too() {
        let bad = r#"{"minimum":"85","normal":"6.2","breaks":[{"from_kg":"100","rate":"4"},{"from_kg":"45","rate":"5"}]}"#;
        let err = serde_json::from_str::<WeightBreaks>(bad).unwrap_err();
        assert!(err.to_string().contains("must rise strictly"), "{err}");
        let good = r#"{"minimum":"85","normal":"6.2","breaks":[{"from_kg":"45","rate":"4.8"}]}"#;
        let w: WeightBreaks = serde_json::from_str(good).unwrap();
        assert_eq!((w.minimum(), w.breaks().len()), (d("85"), 1));
    }

    #[test]
    fn commodity_prefers_the_longest_hs_prefix() {
        let hs = Some("940360");
        assert_eq!(Commodity::Fak.fit(hs), Some(0));
        assert_eq!(Commodity::HsPrefix("94".into()).fit(hs), Some(2));
        assert_eq!(Commodity::HsPrefix("9403".into()).fit(hs), Some(4));
        assert_eq!(Commodity::HsPrefix("85".into()).fit(hs), None);
        assert_eq!(Commodity::HsPrefix("94".into()).fit(None), None);
    }

    #[test]
    fn a_source_names_its_cell() {
        let s = RateSource {
            kind: SourceKind::Tariff,
            name: "ASIA-NEUR".into(),
            version: 3,
            cell: Some(SheetCell {
                file: "rates.xlsx".into(),
                sheet: "FCL".into(),
                row: 12,
                column: "F".into(),
            }),
        };
        assert_eq!(
            s.to_string(),
            "tariff ASIA-NEUR v3 (rates.xlsx / FCL / row 12 column F)"
        );
    }
}
