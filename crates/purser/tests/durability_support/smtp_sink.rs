//! A mail server for the two-node test: real SMTP over TCP on one port per node, keeping
//! every message with the port it came in on. It can hold the first message it is given:
//! it keeps the data (as a server that has written the mail to disk would) but does not
//! answer `250`, and says so, so the test can kill the sending node at exactly that instant.

use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

#[derive(Debug, Clone)]
pub struct Received {
    /// The port it came in on: which node sent it.
    pub port: u16,
    pub message_id: String,
}

pub struct SmtpSink {
    pub ports: Vec<u16>,
    got: Arc<Mutex<Vec<Received>>>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

/// The held message: its port and Message-ID.
pub type Held = mpsc::UnboundedReceiver<Received>;

impl SmtpSink {
    /// Listens on `ports` free ports; the first message (on any port) is held unanswered.
    pub async fn start(ports: usize) -> (SmtpSink, Held) {
        let got = Arc::new(Mutex::new(Vec::new()));
        let (tell, held) = mpsc::unbounded_channel();
        let hold = Arc::new(Mutex::new(Some(tell)));
        let mut sink = SmtpSink {
            ports: vec![],
            got: got.clone(),
            tasks: vec![],
        };
        for _ in 0..ports {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            let port = listener.local_addr().unwrap().port();
            let (got, hold) = (got.clone(), hold.clone());
            sink.ports.push(port);
            sink.tasks.push(tokio::spawn(async move {
                while let Ok((stream, _)) = listener.accept().await {
                    tokio::spawn(session(stream, port, got.clone(), hold.clone()));
                }
            }));
        }
        (sink, held)
    }

    pub fn received(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

type Hold = Arc<Mutex<Option<mpsc::UnboundedSender<Received>>>>;

async fn session(stream: TcpStream, port: u16, got: Arc<Mutex<Vec<Received>>>, hold: Hold) {
    let (r, mut w) = stream.into_split();
    let mut r = BufReader::new(r);
    let _ = w.write_all(b"220 sink.test ESMTP\r\n").await;
    let mut line = String::new();
    loop {
        line.clear();
        if r.read_line(&mut line).await.unwrap_or(0) == 0 {
            return;
        }
        let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
        let reply = match verb.as_str() {
            "EHLO" => "250-sink.test\r\n250-8BITMIME\r\n250 SIZE 52428800\r\n",
            "HELO" | "NOOP" | "MAIL" | "RCPT" | "RSET" => "250 OK\r\n",
            "DATA" => {
                let _ = w.write_all(b"354 go on\r\n").await;
                let mut data = Vec::new();
                loop {
                    let mut l = Vec::new();
                    if r.read_until(b'\n', &mut l).await.unwrap_or(0) == 0 {
                        return;
                    }
                    if l == b".\r\n" {
                        break;
                    }
                    data.extend_from_slice(&l);
                }
                let message = Received {
                    port,
                    message_id: message_id(&data),
                };
                got.lock().unwrap().push(message.clone());
                let tell = hold.lock().unwrap().take();
                if let Some(tell) = tell {
                    // kept, never answered: the sender dies waiting for the 250
                    let _ = tell.send(message);
                    let mut rest = String::new();
                    while r.read_line(&mut rest).await.unwrap_or(0) > 0 {}
                    return;
                }
                "250 OK kept\r\n"
            }
            "QUIT" => {
                let _ = w.write_all(b"221 bye\r\n").await;
                return;
            }
            _ => "502 not here\r\n",
        };
        if w.write_all(reply.as_bytes()).await.is_err() {
            return;
        }
    }
}

/// The Message-ID header's value, without the angle brackets.
fn message_id(data: &[u8]) -> String {
    let text = String::from_utf8_lossy(data);
    text.lines()
        .take_while(|l| !l.is_empty())
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("message-id").then(|| {
                value
                    .trim()
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_string()
            })
        })
        .unwrap_or_default()
}
