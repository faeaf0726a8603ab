//! The code lists of DCSA TNT 2.2 that Purser reasons about, and SMDG delay reasons in words.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventKind {
    Shipment,
    Transport,
    Equipment,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Shipment => "SHIPMENT",
            EventKind::Transport => "TRANSPORT",
            EventKind::Equipment => "EQUIPMENT",
        }
    }
    pub fn parse(s: &str) -> Option<EventKind> {
        match s {
            "SHIPMENT" => Some(EventKind::Shipment),
            "TRANSPORT" => Some(EventKind::Transport),
            "EQUIPMENT" => Some(EventKind::Equipment),
            _ => None,
        }
    }
    /// The event type codes the specification allows for this kind.
    pub fn codes(self) -> &'static [&'static str] {
        match self {
            EventKind::Transport => &["ARRI", "DEPA"],
            EventKind::Equipment => &[
                "LOAD", "DISC", "GTIN", "GTOT", "STUF", "STRP", "PICK", "DROP", "INSP", "RSEA",
                "RMVD",
            ],
            EventKind::Shipment => &[
                "RECE", "DRFT", "PENA", "PENU", "REJE", "APPR", "ISSU", "SURR", "SUBM", "VOID",
                "CONF", "REQS", "CMPL", "HOLD", "RELS",
            ],
        }
    }
}

/// PLN (planned) < EST (estimated) < ACT (actual): a later rank supersedes an earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Classifier {
    Pln,
    Est,
    Act,
}

impl Classifier {
    pub fn as_str(self) -> &'static str {
        match self {
            Classifier::Pln => "PLN",
            Classifier::Est => "EST",
            Classifier::Act => "ACT",
        }
    }
    pub fn parse(s: &str) -> Option<Classifier> {
        match s {
            "PLN" => Some(Classifier::Pln),
            "EST" => Some(Classifier::Est),
            "ACT" => Some(Classifier::Act),
            _ => None,
        }
    }
}

/// A delay reason code in words, in English and Traditional Chinese, for notices.
pub fn delay_reason(code: &str) -> (&'static str, &'static str) {
    match code {
        "WEA" | "WTH" => ("bad weather", "天候不佳"),
        "CGT" | "CON" => ("port congestion", "港口壅塞"),
        "STR" => ("strike", "罷工"),
        "MEC" | "TEC" => ("technical problems on the vessel", "船舶技術問題"),
        "CAN" => ("canal transit delay", "運河通行延誤"),
        "BER" => ("no berth available", "無可用泊位"),
        "OMI" | "OMT" => ("port call omitted", "取消靠港"),
        "ROT" => ("change of port rotation", "靠港順序變更"),
        "CUS" => ("customs inspection", "海關查驗"),
        _ => ("operational reasons", "作業因素"),
    }
}
