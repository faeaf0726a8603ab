//! `purser import mail PATH` (migration from an old mailbox: .eml, mbox or Maildir, with a
//! progress bar and a summary) and `purser bench mail` (a generated mbox of realistic
//! shipping mail imported against the clock, with the process's memory sampled).

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use purser_mail::mailbox::Source;
use purser_store::Store;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

/// Imports a mailbox file or folder into `store` as mail to `mailbox`.
pub async fn import(
    store: &Store,
    mailbox: &str,
    path: &Path,
    quiet: bool,
) -> anyhow::Result<purser_app::mail::ImportSummary> {
    let source = Source::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let total = Source::size_hint(path);
    let bar = if total > 0 {
        ProgressBar::new(total).with_style(ProgressStyle::with_template(
            "{bar:40} {bytes}/{total_bytes} {msg} ({eta})",
        )?)
    } else {
        ProgressBar::new_spinner().with_style(ProgressStyle::with_template(
            "{spinner} {pos} messages {msg}",
        )?)
    };
    if quiet {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let summary = purser_app::mail::import(store, mailbox, source, |s, bytes| {
        if total > 0 {
            bar.inc(bytes as u64);
        } else {
            bar.inc(1);
        }
        if s.read % 100 == 0 {
            bar.set_message(format!(
                "{} messages, {} new cases, {} failed",
                s.read, s.new_cases, s.failed
            ));
        }
    })
    .await?;
    bar.finish_and_clear();
    Ok(summary)
}

pub fn print_summary(s: &purser_app::mail::ImportSummary) {
    println!(
        "read {} · filed {} ({} new cases) · already there {} · machine mail set aside {} · kept but unreadable {} · unreadable files {}",
        s.read, s.ingested, s.new_cases, s.duplicate, s.ignored, s.failed, s.unreadable
    );
}

/// SplitMix64: the same seed writes the same mailbox.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A valid ISO 6346 container number from a serial.
fn container(owner: &str, serial: u64) -> String {
    let base = format!("{owner}U{:06}", serial % 1_000_000);
    (0..10)
        .map(|d| format!("{base}{d}"))
        .find(|c| purser_domain::ids::ContainerNumber::parse(c).is_ok())
        .unwrap_or(base)
}

fn b64(bytes: &[u8]) -> String {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + bytes.len() / 57 * 2 + 4);
    for (i, c) in bytes.chunks(3).enumerate() {
        if i > 0 && i % 19 == 0 {
            out.push_str("\r\n");
        }
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        for k in 0..4 {
            out.push(if k <= c.len() {
                T[(n >> (18 - 6 * k) & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    out
}

/// Writes `n` realistic messages to an mbox: English, Traditional Chinese in Big5 and UTF-8,
/// Simplified Chinese in GB18030; two in five replies (threaded by In-Reply-To, by the case
/// number or only by a B/L number), one in five with a PDF attachment, a few out-of-office
/// replies and bounces.
pub fn write_mbox(path: &Path, n: usize, seed: u64) -> anyhow::Result<()> {
    let mut w = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    let mut r = Rng(seed);
    let owners = ["EGHU", "TGHU", "CSQU", "MSKU", "OOLU", "YMLU"];
    let domains: Vec<String> = (0..400).map(|i| format!("shipper{i:03}.example")).collect();
    for i in 0..n {
        let dom = &domains[r.below(domains.len() as u64) as usize];
        let from = format!("user{}@{dom}", r.below(5));
        let c = container(owners[r.below(6) as usize], r.next());
        let bl = format!("EGLV{:012}", r.below(1_000_000_000_000));
        let id = format!("m{i}.{seed}@{dom}");
        let kind = r.below(100);
        let mut headers = format!(
            "From: {from}\r\nTo: tpac@purser.test\r\nMessage-ID: <{id}>\r\nDate: Mon, 2 Nov 2026 09:{:02}:00 +0800\r\nMIME-Version: 1.0\r\n",
            i % 60
        );
        if i > 10 && kind < 25 {
            headers.push_str(&format!(
                "In-Reply-To: <m{}.{seed}@{dom}>\r\n",
                i - 1 - r.below(10) as usize
            ));
        }
        let (charset, subject_hdr, body): (&str, String, Vec<u8>) = match r.below(4) {
            0 => {
                let text =
                    format!("您好，\r\n請問貨櫃 {c} 的到港時間？提單號碼 {bl}。\r\n謝謝\r\n");
                let subj = format!(
                    "=?Big5?B?{}?=",
                    b64(&encoding_rs::BIG5.encode(&format!("到港查詢 {c}")).0)
                );
                ("big5", subj, encoding_rs::BIG5.encode(&text).0.into_owned())
            }
            1 => {
                let text = format!("您好，提单 {bl} 的收货人需要更改，请确认费用。\r\n");
                let subj = format!(
                    "=?GB18030?B?{}?=",
                    b64(&encoding_rs::GB18030.encode("提单更改").0)
                );
                (
                    "gb18030",
                    subj,
                    encoding_rs::GB18030.encode(&text).0.into_owned(),
                )
            }
            2 => {
                let text = format!(
                    "您好，訂艙 {} 請問是否已確認？\r\n",
                    2_600_000_000 + r.below(99_999_999)
                );
                (
                    "utf-8",
                    format!("=?UTF-8?B?{}?=", b64("訂艙確認".as_bytes())),
                    text.into_bytes(),
                )
            }
            _ => {
                let text = format!(
                    "Hello team,\r\n\r\nCould you confirm the ETA of {c} at Los Angeles? Our B/L is {bl}.\r\n\r\nBest regards\r\n\r\nOn Fri, Desk wrote:\r\n> The vessel departed Kaohsiung on Monday.\r\n"
                );
                ("utf-8", format!("ETA of {c}"), text.into_bytes())
            }
        };
        let subject_hdr = if kind == 97 {
            "Automatic reply: out of office".to_string()
        } else {
            subject_hdr
        };
        if kind == 97 {
            headers.push_str("Auto-Submitted: auto-replied\r\n");
        }
        let with_attachment = r.below(5) == 0;
        writeln!(w, "From {from} Mon Nov  2 09:00:00 2026")?;
        let mut msg = Vec::with_capacity(body.len() + 1024);
        msg.extend(headers.as_bytes());
        msg.extend(format!("Subject: {subject_hdr}\r\n").as_bytes());
        if with_attachment {
            let size = 8_000 + r.below(40_000) as usize;
            let pdf: Vec<u8> = (0..size)
                .map(|k| (k as u64 * 31 + i as u64) as u8)
                .collect();
            msg.extend(b"Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n");
            msg.extend(format!("Content-Type: text/plain; charset={charset}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n").as_bytes());
            msg.extend(&body);
            msg.extend(format!("\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"BL-{bl}.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n--b--\r\n", b64(&pdf)).as_bytes());
        } else {
            msg.extend(format!("Content-Type: text/plain; charset={charset}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n").as_bytes());
            msg.extend(&body);
        }
        // mboxrd: a body line starting with "From " is escaped
        for line in msg.split_inclusive(|b| *b == b'\n') {
            let q = line.iter().take_while(|b| **b == b'>').count();
            if line[q..].starts_with(b"From ") {
                w.write_all(b">")?;
            }
            w.write_all(line)?;
        }
        w.write_all(b"\n")?;
    }
    w.flush()?;
    Ok(())
}

/// Imports a generated mailbox and reports messages per second and peak memory.
pub async fn bench(store: &Store, path: &Path, messages: usize, seed: u64) -> anyhow::Result<()> {
    if !path.exists() {
        let t = Instant::now();
        write_mbox(path, messages, seed)?;
        println!(
            "wrote {} messages to {} in {:.1} s",
            messages,
            path.display(),
            t.elapsed().as_secs_f64()
        );
    }
    let pid = std::process::id();
    let rss_before = crate::bench::rss_kib(pid).map(|x| x.0).unwrap_or(0);
    let t = Instant::now();
    let mut samples = Vec::new();
    let source = Source::open(path)?;
    let summary = purser_app::mail::import(store, "tpac@purser.test", source, |s, _| {
        if s.read % 10_000 == 0 {
            let rss = crate::bench::rss_kib(pid).map(|x| x.0).unwrap_or(0);
            let rate = s.read as f64 / t.elapsed().as_secs_f64();
            println!(
                "  {:>7} messages · {:>6.0} msg/s · RSS {} MiB",
                s.read,
                rate,
                rss / 1024
            );
            samples.push(rss);
        }
    })
    .await?;
    let secs = t.elapsed().as_secs_f64();
    let (rss, hwm) = crate::bench::rss_kib(pid).unwrap_or((0, 0));
    print_summary(&summary);
    println!(
        "{} messages in {:.1} s = {:.0} messages/s; RSS before {} MiB, after {} MiB, peak {} MiB; {} backend",
        summary.read,
        secs,
        summary.read as f64 / secs,
        rss_before / 1024,
        rss / 1024,
        hwm / 1024,
        match store.backend() {
            purser_store::Backend::Sqlite => "SQLite",
            purser_store::Backend::Postgres => "PostgreSQL",
        }
    );
    Ok(())
}
