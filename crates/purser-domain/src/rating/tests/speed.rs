//! How fast the engine prices against a large tariff. Ignored in the normal run because a
//! timing means nothing in a debug build or on a busy machine; run it with
//! `cargo test -p purser-domain --release rating::tests::speed -- --ignored --nocapture`.

use super::fixtures::*;
use crate::rating::fx::FxTable;
use crate::rating::money::Currency;
use crate::rating::price;
use crate::rating::rates::SheetKind;
use jiff::civil::date;
use std::time::Instant;

fn code(country: &str, n: usize) -> String {
    let l = |i: usize| char::from(b'A' + (i % 26) as u8);
    format!("{country}{}{}{}", l(n / 676), l(n / 26), l(n))
}

#[test]
#[ignore = "timing: run in release with --ignored"]
fn a_tariff_of_200_000_lanes_prices_tens_of_thousands_a_second() {
    let h1 = h1_2026();
    let (origins, destinations) = (450, 450);
    let mut lines = Vec::with_capacity(origins * destinations);
    for o in 0..origins {
        for d in 0..destinations {
            lines.push(fcl_line(
                &code("TW", o),
                &code("NL", d),
                h1,
                Currency::USD,
                &[("20GP", "1200"), ("40GP", "1700"), ("40HC", "1850")],
            ));
        }
    }
    let surcharges = asia_neur_tariff().surcharges;
    let b = book(vec![sheet(
        SheetKind::Tariff,
        "BIG",
        1,
        h1,
        lines,
        surcharges,
    )]);
    let fx = FxTable::default();
    let n = 20_000;
    let mut seed: usize = 7;
    let start = Instant::now();
    for _ in 0..n {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let mut req = fcl_request(None, &[("40HC", 2), ("20GP", 1)], date(2026, 4, 20));
        req.route = route(
            &code("TW", (seed >> 20) % origins),
            &code("NL", (seed >> 40) % destinations),
        );
        let p = price(&b, &fx, &req).unwrap();
        assert_eq!(p.total_in(Currency::USD).unwrap().amount, d("6782.00"));
    }
    let per_second = f64::from(n) / start.elapsed().as_secs_f64();
    eprintln!("{per_second:.0} prices/s (3 container types, 8 surcharge codes, 202,500 lanes)");
    assert!(per_second > 20_000.0, "{per_second:.0} prices/s");
}
