//! Who wrote a message: a person, an auto-responder (out of office, vacation), a bulk or
//! list sender, or a mail system reporting a bounce. Only people get an acknowledgement,
//! so two auto-responders can never talk to each other forever.

/// What an incoming message is, decided from its headers and subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Person,
    AutoReply,
    Bulk,
    Bounce,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Person => "person",
            Origin::AutoReply => "auto_reply",
            Origin::Bulk => "bulk",
            Origin::Bounce => "bounce",
        }
    }

    /// Whether an automatic acknowledgement may answer it.
    pub fn may_acknowledge(self) -> bool {
        self == Origin::Person
    }
}

/// The header facts the decision needs (names lower-cased).
#[derive(Debug, Clone, Default)]
pub struct HeaderFacts<'a> {
    pub headers: Vec<(&'a str, &'a str)>,
    pub subject: &'a str,
    pub from_address: &'a str,
    /// The top-level content type, e.g. `multipart/report; report-type=delivery-status`.
    pub content_type: &'a str,
}

pub fn classify(f: &HeaderFacts<'_>) -> Origin {
    let header = |name: &'static str| {
        f.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_lowercase())
    };
    let ct = f.content_type.to_lowercase();
    let from = f.from_address.to_lowercase();
    let local = from.split('@').next().unwrap_or("");
    if (ct.starts_with("multipart/report") && ct.contains("delivery-status"))
        || local == "mailer-daemon"
        || local == "postmaster"
        || f.from_address.is_empty() && header("return-path").any(|v| v == "<>")
    {
        return Origin::Bounce;
    }
    if header("auto-submitted").any(|v| v != "no")
        || header("x-autoreply").next().is_some()
        || header("x-autorespond").next().is_some()
        || header("x-auto-response-suppress").any(|v| v.contains("all") || v.contains("oof"))
    {
        return Origin::AutoReply;
    }
    let subject = f.subject.to_lowercase();
    const AUTO_SUBJECTS: &[&str] = &[
        "out of office",
        "automatic reply",
        "auto reply",
        "autoreply",
        "auto-reply",
        "vacation",
        "自動回覆",
        "自动回复",
        "休假",
        "不在辦公室",
    ];
    if AUTO_SUBJECTS.iter().any(|s| subject.contains(s)) {
        return Origin::AutoReply;
    }
    if header("precedence").any(|v| matches!(v.as_str(), "bulk" | "junk" | "list"))
        || header("list-id").next().is_some()
        || header("list-unsubscribe").next().is_some()
        || local.starts_with("noreply")
        || local.starts_with("no-reply")
        || local.starts_with("do-not-reply")
    {
        return Origin::Bulk;
    }
    Origin::Person
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(
        headers: Vec<(&'a str, &'a str)>,
        subject: &'a str,
        from: &'a str,
        ct: &'a str,
    ) -> HeaderFacts<'a> {
        HeaderFacts {
            headers,
            subject,
            from_address: from,
            content_type: ct,
        }
    }

    #[test]
    fn machines_are_told_apart_from_people() {
        assert_eq!(
            classify(&facts(vec![], "ETA?", "wei@a.tw", "text/plain")),
            Origin::Person
        );
        assert_eq!(
            classify(&facts(
                vec![("Auto-Submitted", "auto-replied")],
                "Re: ETA",
                "wei@a.tw",
                "text/plain"
            )),
            Origin::AutoReply
        );
        assert_eq!(
            classify(&facts(
                vec![("Auto-Submitted", "no")],
                "Re: ETA",
                "wei@a.tw",
                "text/plain"
            )),
            Origin::Person
        );
        assert_eq!(
            classify(&facts(vec![], "自動回覆: 休假中", "wei@a.tw", "text/plain")),
            Origin::AutoReply
        );
        assert_eq!(
            classify(&facts(
                vec![],
                "Undelivered",
                "MAILER-DAEMON@mx.a.tw",
                "text/plain"
            )),
            Origin::Bounce
        );
        assert_eq!(
            classify(&facts(
                vec![],
                "Delivery Status Notification",
                "postmaster@x.com",
                "multipart/report; report-type=delivery-status; boundary=x"
            )),
            Origin::Bounce
        );
        assert_eq!(
            classify(&facts(
                vec![("Precedence", "bulk")],
                "News",
                "news@x.com",
                "text/html"
            )),
            Origin::Bulk
        );
        assert!(!Origin::AutoReply.may_acknowledge() && Origin::Person.may_acknowledge());
    }
}
