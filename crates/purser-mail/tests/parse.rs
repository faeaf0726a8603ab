//! Real-world messages in every charset the desk meets, built byte for byte here: Big5 and
//! GB18030 bodies, ISO-2022-JP, RFC 2047 and 2231 headers, quoted-printable and base64, an
//! out-of-office, a DSN bounce, a forwarded chain and a broken MIME tree.

use purser_domain::mail::auto::Origin;
use purser_mail::parse;

fn b64(bytes: &[u8]) -> String {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= c.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn encode(enc: &'static encoding_rs::Encoding, s: &str) -> Vec<u8> {
    enc.encode(s).0.into_owned()
}

#[test]
fn a_big5_body_with_an_rfc2047_subject_reads_as_traditional_chinese() {
    let body = "您好，請問貨櫃 CSQU3054383 的到港時間？\n謝謝";
    let subject = format!(
        "=?Big5?B?{}?=",
        b64(&encode(encoding_rs::BIG5, "到港時間查詢"))
    );
    let mut raw = format!(
        "From: =?UTF-8?B?{}?= <Wei@Formosa.TW>\r\nTo: tpac@line.test\r\nSubject: {subject}\r\nMessage-ID: <big5-1@formosa.tw>\r\nDate: Mon, 2 Nov 2026 09:30:00 +0800\r\nContent-Type: text/plain; charset=big5\r\nContent-Transfer-Encoding: 8bit\r\n\r\n",
        b64("陳偉".as_bytes())
    )
    .into_bytes();
    raw.extend(encode(encoding_rs::BIG5, body));
    let p = parse(&raw).unwrap();
    assert_eq!(p.subject, "到港時間查詢");
    assert_eq!(p.from_name, "陳偉");
    assert_eq!(p.from_address, "wei@formosa.tw");
    assert_eq!(p.message_id.as_deref(), Some("big5-1@formosa.tw"));
    assert!(p.text.contains("請問貨櫃 CSQU3054383"), "{}", p.text);
    assert_eq!(p.origin, Origin::Person);
    assert!(p.date.is_some());
}

#[test]
fn a_gb18030_quoted_printable_body_and_an_rfc2231_filename() {
    let text = "您好，提单 EGLV149602581234 需要更改收货人。";
    let qp: String = encode(encoding_rs::GB18030, text)
        .iter()
        .map(|b| format!("={b:02X}"))
        .collect();
    let raw = format!(
        "From: li@shanghai-trade.cn\r\nSubject: =?GB18030?Q?{}?=\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=GB18030\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{qp}\r\n--b1\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename*=UTF-8''%E6%8F%90%E5%8D%95.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n--b1--\r\n",
        encode(encoding_rs::GB18030, "提单更改")
            .iter()
            .map(|b| format!("={b:02X}"))
            .collect::<String>(),
        b64(b"%PDF-1.4 test")
    );
    let p = parse(raw.as_bytes()).unwrap();
    assert_eq!(p.subject, "提单更改");
    assert!(p.text.contains("EGLV149602581234"), "{}", p.text);
    assert_eq!(p.attachments.len(), 1);
    assert_eq!(p.attachments[0].filename, "提单.pdf");
    assert_eq!(p.attachments[0].content_type, "application/pdf");
    assert_eq!(p.attachments[0].data, b"%PDF-1.4 test");
}

#[test]
fn iso_2022_jp_and_windows_1252_bodies_decode() {
    let mut raw = b"From: tanaka@nippon.jp\r\nSubject: test\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n\r\n".to_vec();
    raw.extend(encode(encoding_rs::ISO_2022_JP, "コンテナの件"));
    assert!(parse(&raw).unwrap().text.contains("コンテナの件"));
    let mut raw = b"From: m@hamburg.de\r\nSubject: x\r\nContent-Type: text/plain; charset=windows-1252\r\n\r\n".to_vec();
    raw.extend(encode(encoding_rs::WINDOWS_1252, "Grüße – €"));
    assert!(parse(&raw).unwrap().text.contains("Grüße – €"));
}

#[test]
fn html_is_sanitised_and_quoted_history_is_kept_apart() {
    let raw = "From: ops@acme.com\r\nSubject: Re: [CS-2026-000042] ETA\r\nIn-Reply-To: <out-1@purser>\r\nReferences: <a@x> <out-1@purser>\r\nContent-Type: multipart/alternative; boundary=z\r\n\r\n--z\r\nContent-Type: text/plain\r\n\r\nGreat, thanks.\r\n\r\nOn Mon, 2 Nov 2026, Desk wrote:\r\n> The vessel arrives Friday.\r\n--z\r\nContent-Type: text/html\r\n\r\n<p onmouseover=\"x()\">Great, thanks.<script>alert(1)</script></p>\r\n--z--\r\n";
    let p = parse(raw.as_bytes()).unwrap();
    assert_eq!(p.fresh_text(), "Great, thanks.");
    assert!(
        p.text.contains("The vessel arrives Friday."),
        "history kept"
    );
    let html = p.html.unwrap();
    assert!(
        html.contains("Great, thanks.")
            && !html.contains("script")
            && !html.contains("onmouseover"),
        "{html}"
    );
    assert_eq!(p.in_reply_to, ["out-1@purser"]);
    assert_eq!(p.references, ["a@x", "out-1@purser"]);
}

#[test]
fn an_out_of_office_and_a_dsn_bounce_are_recognised() {
    let ooo = "From: wei@formosa.tw\r\nSubject: Automatic reply: ETA\r\nAuto-Submitted: auto-replied\r\n\r\nI am out of the office until Monday.\r\n";
    assert_eq!(parse(ooo.as_bytes()).unwrap().origin, Origin::AutoReply);
    let dsn = "From: MAILER-DAEMON@mx.formosa.tw\r\nSubject: Undelivered Mail Returned to Sender\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=r\r\n\r\n--r\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n--r\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.formosa.tw\r\n\r\nFinal-Recipient: rfc822; gone@formosa.tw\r\nAction: failed\r\nStatus: 5.1.1\r\n--r--\r\n";
    let p = parse(dsn.as_bytes()).unwrap();
    assert_eq!(p.origin, Origin::Bounce);
    assert_eq!(p.bounced, ["gone@formosa.tw"]);
}

#[test]
fn a_forwarded_chain_keeps_every_layer() {
    let raw = "From: amy@forwarder.hk\r\nSubject: Fwd: Fwd: booking 2603310552\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease see below.\r\n\r\n---------- Forwarded message ---------\r\nFrom: Li <li@shanghai-trade.cn>\r\nSubject: Fwd: booking\r\n\r\nForwarding.\r\n\r\n---------- Forwarded message ---------\r\nFrom: carrier@line.test\r\n\r\nBooking 2603310552 confirmed for CSQU3054383.\r\n";
    let p = parse(raw.as_bytes()).unwrap();
    assert_eq!(p.fresh_text(), "Please see below.");
    assert!(p.text.contains("confirmed for CSQU3054383"));
}

#[test]
fn a_broken_mime_tree_still_yields_what_can_be_read() {
    // unterminated multipart, a part with a bogus charset and bad base64, a missing boundary
    let raw = "From: x@y.com\r\nSubject: broken\r\nContent-Type: multipart/mixed; boundary=\"nope\r\n\r\n--nope\r\nContent-Type: text/plain; charset=x-unknown-9\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!\r\n--nope\r\nContent-Type: text/plain\r\n\r\nreadable part\r\n";
    let p = parse(raw.as_bytes()).expect("a message, however broken");
    assert_eq!(p.subject, "broken");
    assert_eq!(p.from_address, "x@y.com");
    assert!(parse(b"").is_none(), "nothing is not a message");
}
