//! Totals per currency and in a target currency at the recorded rate of the rate date,
//! each line converted and rounded on its own, with the rate it used.

use super::fcl::line;
use super::fixtures::*;
use super::lcl::{intra_asia_lcl, lcl_request};
use crate::rating::charges::ChargeCode::*;
use crate::rating::money::Currency;
use crate::rating::price;
use crate::rating::reasons::Reason;
use jiff::civil::date;

#[test]
fn a_target_currency_converts_each_line_at_the_rate_of_the_date() {
    // USD lines at 32.45 (recorded 2026-04-01): 5882.00 → 190,870.90; EUR 690.00 at 35.20
    // (2026-03-30) → 24,288.00; TWD 21,100.00 as it is. Total 236,258.90.
    let mut req = fcl_request(None, &[("40HC", 2), ("20GP", 1)], date(2026, 4, 2));
    req.target = Some(Currency::TWD);
    let p = price(&book(vec![asia_neur_tariff()]), &fx(), &req).unwrap();
    assert_eq!(p.target_total.unwrap().amount, d("236258.90"));
    let ofr = line(&p, OceanFreight, Some("40HC"))
        .converted
        .as_ref()
        .unwrap();
    assert_eq!(ofr.amount.amount, d("120065.00"));
    assert_eq!(
        ofr.fx.unwrap().to_string(),
        "1 USD = 32.45 TWD on 2026-04-01"
    );
    let doc = line(&p, Documentation, None).converted.as_ref().unwrap();
    assert_eq!(
        (doc.amount.amount, doc.fx),
        (d("1500.00"), None),
        "already TWD: no rate"
    );
    assert_eq!(
        p.total_in(Currency::USD).unwrap().amount,
        d("5882.00"),
        "own-currency totals stay"
    );
}

#[test]
fn the_rate_recorded_on_or_before_the_date_is_used() {
    let mut req = fcl_request(None, &[("40HC", 2), ("20GP", 1)], date(2026, 3, 31));
    req.target = Some(Currency::TWD);
    let p = price(&book(vec![asia_neur_tariff()]), &fx(), &req).unwrap();
    assert_eq!(
        p.target_total.unwrap().amount,
        d("234200.20"),
        "USD at 32.10 of 2026-03-01"
    );
}

#[test]
fn a_missing_exchange_rate_is_a_reason_not_a_guess() {
    let mut req = fcl_request(None, &[("40HC", 1)], date(2026, 4, 2));
    req.target = Some(Currency::JPY);
    let n = price(&book(vec![asia_neur_tariff()]), &fx(), &req).unwrap_err();
    assert_eq!(
        n.reasons,
        vec![
            Reason::NoExchangeRate {
                from: Currency::TWD,
                to: Currency::JPY,
                on_or_before: date(2026, 4, 2)
            },
            Reason::NoExchangeRate {
                from: Currency::EUR,
                to: Currency::JPY,
                on_or_before: date(2026, 4, 2)
            },
        ]
    );
}

#[test]
fn yen_lines_round_to_whole_yen_and_dinar_lines_to_three_decimals() {
    // 91.20 × 151.37 = 13,804.944 → 13,805; 14.40 → 2,179.728 → 2,180; 35 → 5,297.95 → 5,298.
    let mut req = lcl_request("SGSIN", "2400", "1.8");
    req.rate_date = date(2026, 4, 2);
    req.target = Some(Currency::JPY);
    let p = price(&intra_asia_lcl(), &fx(), &req).unwrap();
    assert_eq!(p.target_total.unwrap().amount.to_string(), "21283");
    let baf = line(&p, Baf, None).converted.as_ref().unwrap();
    assert_eq!(
        baf.rounding.to_string(),
        "2179.728 rounded half-up to 0 decimals (JPY)"
    );
    // KWD: 28.01664 → 28.017; 4.42368 → 4.424; 10.752.
    req.target = Some(Currency::KWD);
    let p = price(&intra_asia_lcl(), &fx(), &req).unwrap();
    assert_eq!(p.target_total.unwrap().amount.to_string(), "43.193");
}

#[test]
fn totals_are_the_sum_of_the_lines_in_each_currency() {
    let p = price(
        &book(vec![asia_neur_tariff()]),
        &fx(),
        &fcl_request(None, &[("40HC", 3), ("20GP", 2)], date(2026, 5, 2)),
    )
    .unwrap();
    for t in &p.totals {
        let sum: rust_decimal::Decimal = p
            .lines
            .iter()
            .filter(|l| l.amount.currency == t.currency)
            .map(|l| l.amount.amount)
            .sum();
        assert_eq!(sum, t.amount, "{}", t.currency);
    }
    // 3 × 1850 + 2 × 1200 + 5 × (250 + 12 + 300) + 4 % of 7950 = 11,078.00
    assert_eq!(p.total_in(Currency::USD).unwrap().amount, d("11078.00"));
}
