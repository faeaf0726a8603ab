//! Mailbox files for migration: a single `.eml`, an mbox file (messages separated by
//! `From ` lines, `>From` unescaped), or a Maildir (`cur/` and `new/`). Messages are read
//! one at a time, so a mailbox of any size streams in flat memory.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Where messages come from.
pub enum Source {
    Eml(PathBuf),
    Mbox(BufReader<File>),
    Maildir(std::vec::IntoIter<PathBuf>),
}

impl Source {
    /// Opens a path, deciding by what it is: a folder is a Maildir (or a folder of .eml
    /// files), a file starting with `From ` is mbox, anything else one message.
    pub fn open(path: &Path) -> std::io::Result<Source> {
        if path.is_dir() {
            let mut files = Vec::new();
            for sub in ["cur", "new"] {
                let d = path.join(sub);
                if d.is_dir() {
                    for e in std::fs::read_dir(d)? {
                        files.push(e?.path());
                    }
                }
            }
            if files.is_empty() {
                for e in std::fs::read_dir(path)? {
                    let p = e?.path();
                    if p.is_file() {
                        files.push(p);
                    }
                }
            }
            files.sort();
            return Ok(Source::Maildir(files.into_iter()));
        }
        let mut f = File::open(path)?;
        let mut head = [0u8; 5];
        let n = f.read(&mut head)?;
        if &head[..n] == b"From " {
            return Ok(Source::Mbox(BufReader::with_capacity(
                1 << 20,
                File::open(path)?,
            )));
        }
        Ok(Source::Eml(path.to_path_buf()))
    }

    /// Bytes read so far and in all (for a progress bar), where knowable cheaply.
    pub fn size_hint(path: &Path) -> u64 {
        if path.is_dir() {
            0
        } else {
            std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
        }
    }
}

impl Iterator for Source {
    type Item = std::io::Result<Vec<u8>>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Source::Eml(p) => {
                let p = std::mem::take(p);
                if p.as_os_str().is_empty() {
                    None
                } else {
                    Some(std::fs::read(p))
                }
            }
            Source::Maildir(files) => files.next().map(std::fs::read),
            Source::Mbox(r) => next_mbox(r).transpose(),
        }
    }
}

/// The next message of an mbox: lines up to the next `From ` separator, with the mboxrd
/// escape (`>From `, `>>From `…) undone by one level.
fn next_mbox(r: &mut BufReader<File>) -> std::io::Result<Option<Vec<u8>>> {
    let mut msg = Vec::new();
    let mut line = Vec::new();
    let mut started = false;
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        if started && buf.starts_with(b"From ") {
            break;
        }
        line.clear();
        r.read_until(b'\n', &mut line)?;
        if !started {
            started = true;
            if line.starts_with(b"From ") {
                continue;
            }
        }
        let quoted = line.iter().take_while(|b| **b == b'>').count();
        if quoted > 0 && line[quoted..].starts_with(b"From ") {
            msg.extend_from_slice(&line[1..]);
        } else {
            msg.extend_from_slice(&line);
        }
    }
    if !started {
        return Ok(None);
    }
    Ok(Some(msg))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn an_mbox_splits_into_its_messages_with_from_lines_unescaped() {
        let dir = std::env::temp_dir().join(format!("purser-mbox-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("box.mbox");
        let mut f = File::create(&p).unwrap();
        write!(f, "From a@x Mon Nov  2 09:00:00 2026\nSubject: one\n\n>From the desk\n\nFrom b@x Mon Nov  2 10:00:00 2026\nSubject: two\n\nbody\n").unwrap();
        drop(f);
        let msgs: Vec<Vec<u8>> = Source::open(&p).unwrap().map(Result::unwrap).collect();
        assert_eq!(msgs.len(), 2);
        assert_eq!(
            String::from_utf8_lossy(&msgs[0]),
            "Subject: one\n\nFrom the desk\n\n"
        );
        assert!(String::from_utf8_lossy(&msgs[1]).starts_with("Subject: two"));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
