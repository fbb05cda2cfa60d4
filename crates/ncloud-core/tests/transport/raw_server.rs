//! A raw HTTP/1.1 server on 127.0.0.1 for what httpmock cannot do: announce a body it never sends,
//! stream without end, trickle, drop the connection after reading the request. It records every
//! request it read in full, so a test can say exactly what reached the server.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does once it has read a request.
#[derive(Debug, Clone)]
pub(crate) enum Script {
    /// Writes these bytes (a whole response) and closes.
    Answer(String),
    /// Writes `head`, then `chunk` forever (until the client goes away).
    Endless { head: String, chunk: Vec<u8> },
    /// Writes `head`, then one byte every `every` (on tokio's clock), never finishing.
    Trickle { head: String, every: Duration },
    /// Closes the connection without a byte of answer.
    Drop,
    /// Never answers, keeping the connection open.
    Hang,
}

/// A request as the server read it.
#[derive(Debug, Clone)]
pub(crate) struct Received {
    pub(crate) head: String,
    pub(crate) body: Vec<u8>,
}

#[derive(Debug, Clone)]
pub(crate) struct RawServer {
    pub(crate) base: String,
    received: Arc<Mutex<Vec<Received>>>,
    written: Arc<Mutex<usize>>,
}

impl RawServer {
    /// Serves each connection with `script(n)`, `n` counting connections from 0.
    pub(crate) async fn start(script: impl Fn(usize) -> Script + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        Self::serve(listener, script)
    }

    /// Serves on an already bound listener.
    pub(crate) fn serve(
        listener: TcpListener,
        script: impl Fn(usize) -> Script + Send + Sync + 'static,
    ) -> Self {
        let server = Self {
            base: format!("http://{}", listener.local_addr().unwrap()),
            received: Arc::default(),
            written: Arc::default(),
        };
        let script = Arc::new(script);
        let state = server.clone();
        tokio::spawn(async move {
            let mut n = 0;
            while let Ok((socket, _)) = listener.accept().await {
                let (script, state) = (script.clone(), state.clone());
                let which = script(n);
                n += 1;
                tokio::spawn(async move { state.handle(socket, which).await });
            }
        });
        server
    }

    /// Every request read in full, in order.
    pub(crate) fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// Bytes of answer written so far.
    pub(crate) fn written(&self) -> usize {
        *self.written.lock().unwrap()
    }

    async fn handle(&self, mut socket: TcpStream, script: Script) {
        let Some(request) = read_request(&mut socket).await else {
            return;
        };
        self.received.lock().unwrap().push(request);
        match script {
            Script::Answer(bytes) => {
                let _ = self.write(&mut socket, bytes.as_bytes()).await;
            }
            Script::Endless { head, chunk } => {
                if self.write(&mut socket, head.as_bytes()).await.is_ok() {
                    while self.write(&mut socket, &chunk).await.is_ok() {}
                }
            }
            Script::Trickle { head, every } => {
                if self.write(&mut socket, head.as_bytes()).await.is_ok() {
                    loop {
                        tokio::time::sleep(every).await;
                        if self.write(&mut socket, b"x").await.is_err() {
                            break;
                        }
                    }
                }
            }
            Script::Drop => drop(socket),
            Script::Hang => {
                let mut rest = Vec::new();
                let _ = socket.read_to_end(&mut rest).await;
            }
        }
    }

    async fn write(&self, socket: &mut TcpStream, bytes: &[u8]) -> std::io::Result<()> {
        socket.write_all(bytes).await?;
        *self.written.lock().unwrap() += bytes.len();
        Ok(())
    }
}

/// Reads one request: the head up to the blank line, then `Content-Length` bytes of body.
async fn read_request(socket: &mut TcpStream) -> Option<Received> {
    let mut data = Vec::new();
    let mut buf = [0u8; 8192];
    let end = loop {
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        let n = socket.read(&mut buf).await.ok().filter(|&n| n > 0)?;
        data.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&data[..end]).into_owned();
    let length = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    let mut body = data[end..].to_vec();
    while body.len() < length {
        let n = socket.read(&mut buf).await.ok().filter(|&n| n > 0)?;
        body.extend_from_slice(&buf[..n]);
    }
    Some(Received { head, body })
}

/// A complete JSON answer with `status`.
pub(crate) fn json_answer(status: u16, body: &str) -> String {
    format!(
        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         connection: close\r\n\r\n{body}",
        body.len()
    )
}
