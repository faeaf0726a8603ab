//! References a case carries to other objects: shipments, bookings, B/Ls, containers and
//! quotes. Free text for now; a container reference must carry a valid ISO 6346 check digit.

use crate::ids::ContainerNumber;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RefKind {
    Shipment,
    Booking,
    BillOfLading,
    Container,
    Quote,
}
text_enum!(RefKind {
    Shipment = "shipment",
    Booking = "booking",
    BillOfLading = "bill_of_lading",
    Container = "container",
    Quote = "quote"
});

/// A checked reference: upper-cased, trimmed, and for containers check-digit valid.
pub fn normalise_ref(kind: RefKind, value: &str) -> Result<String, String> {
    let v: String = value.trim().to_uppercase();
    if v.is_empty() {
        return Err("is required".into());
    }
    if v.chars().count() > 40 {
        return Err("is longer than 40 characters".into());
    }
    if !v
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.' | ' '))
    {
        return Err("may hold only letters, digits, '-', '/', '.' and spaces".into());
    }
    match kind {
        RefKind::Container => ContainerNumber::parse(&v)
            .map(|c| c.to_string())
            .map_err(|e| e.to_string()),
        _ => Ok(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containers_need_their_check_digit() {
        assert_eq!(
            normalise_ref(RefKind::Container, " csqu3054383 ").unwrap(),
            "CSQU3054383"
        );
        assert!(normalise_ref(RefKind::Container, "CSQU3054384").is_err());
        assert_eq!(
            normalise_ref(RefKind::BillOfLading, "evgl 123456").unwrap(),
            "EVGL 123456"
        );
        assert!(normalise_ref(RefKind::Booking, "").is_err());
        assert!(normalise_ref(RefKind::Booking, "<script>").is_err());
    }
}
