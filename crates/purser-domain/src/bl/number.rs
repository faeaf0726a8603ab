//! DCSA sends amounts, weights and volumes as JSON numbers. Purser keeps them as exact
//! decimals so that sums of cargo weights compare exactly with a VGM and charges stay money;
//! the crate's `rust_decimal` reads only strings (`serde-str`), so these adapters read a
//! JSON number (or a numeric string) and write a JSON number back.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};
use std::fmt;
use std::str::FromStr;

struct DecimalNumber;

impl Visitor<'_> for DecimalNumber {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    /// A float is read through its shortest decimal spelling, so `12000.5` stays `12000.5`
    /// rather than the binary neighbour the float really holds.
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        if !v.is_finite() {
            return Err(E::custom("a finite number"));
        }
        Decimal::from_str(&v.to_string())
            .or_else(|_| Decimal::from_scientific(&format!("{v:e}")))
            .map_err(E::custom)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        Decimal::from_str(v.trim()).map_err(E::custom)
    }
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    d.deserialize_any(DecimalNumber)
}

pub fn serialize<S: Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    if v.fract().is_zero()
        && let Some(i) = v.to_i64()
    {
        return s.serialize_i64(i);
    }
    s.serialize_f64(v.to_f64().unwrap_or_default())
}

/// The same for an optional number.
pub mod option {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Wrap(#[serde(deserialize_with = "super::deserialize")] Decimal);

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        Ok(Option::<Wrap>::deserialize(d)?.map(|w| w.0))
    }

    pub fn serialize<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => super::serialize(v, s),
            None => s.serialize_none(),
        }
    }
}
