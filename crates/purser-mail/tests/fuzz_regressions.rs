//! Inputs the `parse_and_thread` fuzz target once crashed on: parsing them must neither
//! panic nor lose the promises `Parsed` makes.

#[test]
fn a_quoted_printable_part_ending_in_a_soft_break_before_its_boundary_does_not_panic() {
    let raw = include_bytes!("fuzz-regressions/qp-soft-break-before-boundary.eml");
    if let Some(p) = purser_mail::parse(raw) {
        assert!(p.text.is_char_boundary(p.quote_at));
    }
    // the smallest form of it
    let small = b"From: a@b.tw\r\nContent-Type: multipart/mixed; boundary=X\r\n\r\n--X\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=\n--X--\r\n";
    let _ = purser_mail::parse(small);
}
