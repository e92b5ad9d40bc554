//! Connection limits over real sockets: silent and slow clients are closed, idle kept-alive
//! connections are closed, and no more than the allowed connections are served at once.
//! Limits are small and the bounds generous, so a busy machine does not make these fail.

use axum::Router;
use axum::routing::get;
use server::serve::{ServeLimits, serve};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Notify;
use tokio::time::{Instant, timeout};

/// Far more than any limit below: a connection still open by then was never going to close.
const BOUND: Duration = Duration::from_secs(20);

/// How long the handler of `/slow` takes.
const SLOW: Duration = Duration::from_millis(2500);

/// `/` answers at once; `/slow` after [`SLOW`], telling `started` when it begins.
fn app(started: Arc<Notify>) -> Router {
    Router::new().route("/", get(|| async { "ok" })).route(
        "/slow",
        get(move || async move {
            started.notify_one();
            tokio::time::sleep(SLOW).await;
            "slow"
        }),
    )
}

fn limits(header_read_ms: u64, idle_ms: u64, max_connections: u32) -> ServeLimits {
    ServeLimits { header_read: Duration::from_millis(header_read_ms), idle: Duration::from_millis(idle_ms), max_connections }
}

async fn start(limits: ServeLimits) -> SocketAddr {
    start_until(limits, Arc::new(Notify::new()), std::future::pending()).await.0
}

async fn start_until(
    limits: ServeLimits,
    started: Arc<Notify>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> (SocketAddr, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    (addr, tokio::spawn(serve(listener, app(started), limits, shutdown)))
}

/// Waits for the server to close the connection (end of stream or reset), ignoring
/// anything it sends first; returns when that was.
async fn closed_by_server(stream: &mut (impl AsyncReadExt + Unpin)) -> Instant {
    let mut buf = [0u8; 1024];
    let closed = timeout(BOUND, async {
        while let Ok(n) = stream.read(&mut buf).await {
            if n == 0 {
                break;
            }
        }
    })
    .await;
    assert!(closed.is_ok(), "the server left the connection open for {BOUND:?}");
    Instant::now()
}

/// Sends `GET path` on a kept-alive connection and reads one whole response.
async fn get_on(stream: &mut TcpStream, path: &str) -> (String, String) {
    stream.write_all(format!("GET {path} HTTP/1.1\r\nHost: civico.test\r\n\r\n").as_bytes()).await.unwrap();
    read_response(stream).await
}

/// One response: its status line and body (the test routes send `Content-Length`).
async fn read_response(stream: &mut TcpStream) -> (String, String) {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let text = String::from_utf8_lossy(&data).to_string();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap()))
                .expect("a content-length");
            if data.len() >= end + 4 + length {
                let status = text.lines().next().unwrap().to_string();
                return (status, text[end + 4..end + 4 + length].to_string());
            }
        }
        let n = stream.read(&mut buf).await.unwrap();
        assert!(n > 0, "the connection closed mid-response: {text:?}");
        data.extend_from_slice(&buf[..n]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_that_sends_nothing_is_closed_at_the_header_limit() {
    let addr = start(limits(1000, 60_000, 16)).await;
    // Before connecting: the server's clock for this connection cannot start earlier.
    let connecting = Instant::now();
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let took = closed_by_server(&mut stream).await - connecting;
    assert!(took >= Duration::from_millis(1000), "not before the limit: {took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_a_header_is_closed_at_the_header_limit_even_sent_slowly() {
    let addr = start(limits(1000, 60_000, 16)).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(b"GET / HTTP/1.1\r\nHost: civico.test\r\n").await.unwrap();
    closed_by_server(&mut stream).await;
    // A header line every 200 ms does not keep it open either.
    let (mut reader, mut writer) = TcpStream::connect(addr).await.unwrap().into_split();
    let trickle = tokio::spawn(async move {
        let mut line: &[u8] = b"GET / HTTP/1.1\r\nHost: civico.test\r\n";
        while writer.write_all(line).await.is_ok() {
            line = b"X-Slow: yes\r\n";
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    });
    closed_by_server(&mut reader).await;
    trickle.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_kept_alive_connection_is_closed_after_the_idle_limit() {
    let addr = start(limits(30_000, 1000, 16)).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    assert_eq!(get_on(&mut stream, "/").await, ("HTTP/1.1 200 OK".to_string(), "ok".to_string()));
    // Before the last request: its response cannot end, and the idle time start, earlier.
    let asked = Instant::now();
    assert_eq!(get_on(&mut stream, "/").await.1, "ok", "kept alive between requests");
    let took = closed_by_server(&mut stream).await - asked;
    assert!(took >= Duration::from_millis(1000), "not before the limit: {took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_slower_than_the_limits_is_answered() {
    let addr = start(limits(500, 500, 16)).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    assert_eq!(get_on(&mut stream, "/slow").await, ("HTTP/1.1 200 OK".to_string(), "slow".to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_full_the_next_connection_waits_until_one_closes() {
    let addr = start(limits(30_000, 60_000, 2)).await;
    let mut first = TcpStream::connect(addr).await.unwrap();
    let mut second = TcpStream::connect(addr).await.unwrap();
    assert_eq!(get_on(&mut first, "/").await.1, "ok");
    assert_eq!(get_on(&mut second, "/").await.1, "ok");
    // The third connects (the kernel queues it) but is not served while both are open.
    let mut third = TcpStream::connect(addr).await.unwrap();
    third.write_all(b"GET / HTTP/1.1\r\nHost: civico.test\r\n\r\n").await.unwrap();
    let mut byte = [0u8; 1];
    assert!(timeout(Duration::from_millis(1500), third.read(&mut byte)).await.is_err(), "served a third connection");
    drop(first);
    let answered = timeout(BOUND, read_response(&mut third)).await.expect("served once a connection closed");
    assert_eq!(answered.1, "ok");
    assert_eq!(get_on(&mut second, "/").await.1, "ok", "the others are unaffected");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopping_finishes_the_requests_in_flight_then_returns() {
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let started = Arc::new(Notify::new());
    let (addr, server) = start_until(limits(10_000, 60_000, 16), started.clone(), async {
        let _ = stopped.await;
    })
    .await;
    let mut busy = TcpStream::connect(addr).await.unwrap();
    let mut idle = TcpStream::connect(addr).await.unwrap();
    assert_eq!(get_on(&mut idle, "/").await.1, "ok");
    busy.write_all(b"GET /slow HTTP/1.1\r\nHost: civico.test\r\n\r\n").await.unwrap();
    timeout(BOUND, started.notified()).await.expect("the slow request reached its handler");
    stop.send(()).unwrap();
    closed_by_server(&mut idle).await;
    assert_eq!(timeout(BOUND, read_response(&mut busy)).await.unwrap().1, "slow", "the request in flight is answered");
    timeout(BOUND, server).await.expect("serve returns once connections are done").unwrap();
    assert!(TcpStream::connect(addr).await.is_err(), "no longer listening");
}
