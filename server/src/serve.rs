//! Serving connections with the limits `axum::serve` lacks: a client must send its
//! request's headers in time, a kept-alive connection waiting for its next request is
//! closed when idle too long, and only so many connections are open at once (when full,
//! the server stops accepting until one closes). Without them, a few hundred silent or
//! slow connections held open forever exhaust the server.

use axum::Router;
use axum::body::{Body, Bytes, HttpBody};
use http_body::{Frame, SizeHint};
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore, watch};
use tokio::time::Instant;
use tower::ServiceExt;

/// How long connections may take, and how many may be open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServeLimits {
    /// From accepting a connection to the end of its first request's headers, and from
    /// the first byte of a later request to the end of its headers.
    pub header_read: Duration,
    /// How long a kept-alive connection may wait for its next request.
    pub idle: Duration,
    /// Connections open at once; more wait in the listen queue.
    pub max_connections: u32,
}

impl Default for ServeLimits {
    fn default() -> Self {
        ServeLimits { header_read: Duration::from_secs(10), idle: Duration::from_secs(60), max_connections: 1024 }
    }
}

/// How long a stopping server waits for the requests in flight (the request timeout is 30 s).
const DRAIN: Duration = Duration::from_secs(35);

type Builder = auto::Builder<TokioExecutor>;

/// Serves `app` on `listener` until `shutdown` completes, then stops accepting, lets the
/// requests in flight finish (up to [`DRAIN`]) and returns.
pub async fn serve(listener: TcpListener, app: Router, limits: ServeLimits, shutdown: impl Future<Output = ()>) {
    let slots = Arc::new(Semaphore::new(limits.max_connections as usize));
    let (stop, stopping) = watch::channel(false);
    let builder = Arc::new(builder(limits));
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            () = &mut shutdown => break,
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
        };
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    wait_after_accept_error(e).await;
                    continue;
                }
            },
        };
        tokio::spawn(connection(stream, peer, app.clone(), builder.clone(), limits, stopping.clone(), slot));
    }
    drop(listener);
    stop.send_replace(true);
    // Every open connection holds a slot: all slots back means all connections closed.
    if tokio::time::timeout(DRAIN, slots.acquire_many(limits.max_connections)).await.is_err() {
        tracing::warn!("stopped with requests still in flight");
    }
}

fn builder(limits: ServeLimits) -> Builder {
    let mut builder = Builder::new(TokioExecutor::new());
    // The connection watch is what enforces both limits: hyper's header timer starts
    // only once the version has been sniffed from the first bytes (never, for a client
    // that sends nothing) and also runs while a kept-alive connection waits (so it would
    // cut idle connections at the header limit). It stays as a backstop for HTTP/1.
    builder.http1().timer(TokioTimer::new()).header_read_timeout(limits.header_read.max(limits.idle)).keep_alive(true);
    builder.http2().timer(TokioTimer::new());
    builder
}

/// A failed accept: a client that gave up is nothing; anything else (out of file
/// descriptors) is logged and waited out rather than retried in a busy loop.
async fn wait_after_accept_error(e: std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(e.kind(), ConnectionAborted | ConnectionRefused | ConnectionReset) {
        return;
    }
    tracing::error!(error = %e, "cannot accept connections");
    tokio::time::sleep(Duration::from_secs(1)).await;
}

/// Drives one connection under its watch until it ends or a limit closes it.
async fn connection(
    stream: TcpStream,
    peer: std::net::SocketAddr,
    app: Router,
    builder: Arc<Builder>,
    limits: ServeLimits,
    mut stopping: watch::Receiver<bool>,
    _slot: OwnedSemaphorePermit,
) {
    let watch = Arc::new(Watch::new(Instant::now()));
    let io = TokioIo::new(Watched { stream, watch: watch.clone() });
    let service = hyper::service::service_fn({
        let watch = watch.clone();
        move |req: hyper::Request<Incoming>| {
            let busy = Busy::begin(watch.clone());
            let app = app.clone();
            async move {
                let mut req = req.map(Body::new);
                // The client's address, for the sign-up rate limits.
                req.extensions_mut().insert(axum::extract::ConnectInfo(peer));
                let res = app.oneshot(req).await.unwrap_or_else(|never: Infallible| match never {});
                Ok::<_, Infallible>(res.map(|body| Tracked { body, _busy: busy }))
            }
        }
    });
    let conn = builder.serve_connection(io, service);
    let mut conn = std::pin::pin!(conn);
    let (mut closing_since, mut stopped) = (None, false);
    loop {
        let deadline = match closing_since {
            // Told to close but still open: no more waiting.
            Some(since) => Some((since + limits.header_read, Expiry::Drop)),
            None => watch.deadline(&limits),
        };
        let expiry = async {
            match deadline {
                Some((at, expiry)) => {
                    tokio::time::sleep_until(at).await;
                    expiry
                }
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            ended = conn.as_mut() => {
                if let Err(e) = ended {
                    tracing::debug!(error = %e, "connection ended with an error");
                }
                return;
            }
            () = watch.changed.notified() => {}
            expiry = expiry => match expiry {
                Expiry::Close => {
                    conn.as_mut().graceful_shutdown();
                    closing_since = Some(Instant::now());
                }
                Expiry::Drop => return,
            },
            _ = stopping.changed(), if !stopped => {
                stopped = true;
                conn.as_mut().graceful_shutdown();
            }
        }
    }
}

/// What to do with a connection whose time is up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expiry {
    /// Idle between requests: close it the polite way.
    Close,
    /// Too slow sending a request: drop it.
    Drop,
}

/// What a connection is doing, seen from its bytes and its requests.
#[derive(Clone, Copy, Debug)]
struct Activity {
    accepted: Instant,
    /// Requests whose response has not been fully sent.
    in_flight: usize,
    /// Whether a request has arrived yet.
    served: bool,
    /// When the last response was sent.
    idle_since: Instant,
    /// The first byte after the last response: a next request is arriving.
    next_request_since: Option<Instant>,
}

impl Activity {
    /// When this connection's time is up, if it can be.
    fn deadline(&self, limits: &ServeLimits) -> Option<(Instant, Expiry)> {
        if self.in_flight > 0 {
            // A handler running is bounded by the request timeout, not here.
            None
        } else if !self.served {
            Some((self.accepted + limits.header_read, Expiry::Drop))
        } else if let Some(since) = self.next_request_since {
            Some((since + limits.header_read, Expiry::Drop))
        } else {
            Some((self.idle_since + limits.idle, Expiry::Close))
        }
    }
}

/// One connection's activity, updated by its socket and its requests and read by its
/// driver, which `changed` wakes.
struct Watch {
    activity: Mutex<Activity>,
    changed: Notify,
}

impl Watch {
    fn new(accepted: Instant) -> Watch {
        let activity = Activity { accepted, in_flight: 0, served: false, idle_since: accepted, next_request_since: None };
        Watch { activity: Mutex::new(activity), changed: Notify::new() }
    }

    fn deadline(&self, limits: &ServeLimits) -> Option<(Instant, Expiry)> {
        self.update(|_| false).deadline(limits)
    }

    /// Applies `change`; wakes the driver when it says the deadline moved.
    fn update(&self, change: impl FnOnce(&mut Activity) -> bool) -> Activity {
        let mut activity = self.activity.lock().unwrap_or_else(PoisonError::into_inner);
        if change(&mut activity) {
            // A single waiter: a stored permit means no change is missed between polls.
            self.changed.notify_one();
        }
        *activity
    }

    fn bytes_read(&self) {
        self.update(|a| {
            let starts_next_request = a.served && a.in_flight == 0 && a.next_request_since.is_none();
            if starts_next_request {
                a.next_request_since = Some(Instant::now());
            }
            starts_next_request
        });
    }
}

/// A request being answered, from its headers to the last byte of its response.
struct Busy(Arc<Watch>);

impl Busy {
    fn begin(watch: Arc<Watch>) -> Busy {
        watch.update(|a| {
            a.in_flight += 1;
            a.served = true;
            a.next_request_since = None;
            true
        });
        Busy(watch)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.update(|a| {
            a.in_flight -= 1;
            if a.in_flight == 0 {
                a.idle_since = Instant::now();
                a.next_request_since = None;
            }
            true
        });
    }
}

/// A response body that keeps its request counted as in flight until hyper has sent it
/// all (hyper drops a body once it has ended).
struct Tracked {
    body: Body,
    _busy: Busy,
}

impl HttpBody for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// The socket, telling the watch when bytes of a next request arrive.
struct Watched {
    stream: TcpStream,
    watch: Arc<Watch>,
}

impl AsyncRead for Watched {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.stream).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.watch.bytes_read();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(mut self: Pin<&mut Self>, cx: &mut Context<'_>, bufs: &[std::io::IoSlice<'_>]) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: ServeLimits = ServeLimits { header_read: Duration::from_secs(10), idle: Duration::from_secs(60), max_connections: 4 };

    fn at(start: Instant, secs: u64) -> Instant {
        start + Duration::from_secs(secs)
    }

    #[test]
    fn a_new_connection_has_the_header_limit_to_send_its_request() {
        let t = Instant::now();
        let watch = Watch::new(t);
        assert_eq!(watch.deadline(&LIMITS), Some((at(t, 10), Expiry::Drop)));
        // Bytes before the first request do not buy more time.
        watch.bytes_read();
        assert_eq!(watch.deadline(&LIMITS), Some((at(t, 10), Expiry::Drop)));
    }

    #[test]
    fn a_request_in_flight_has_no_deadline_here_and_idle_starts_after_its_response() {
        let watch = Arc::new(Watch::new(Instant::now()));
        let busy = Busy::begin(watch.clone());
        assert_eq!(watch.deadline(&LIMITS), None);
        watch.bytes_read();
        assert_eq!(watch.deadline(&LIMITS), None, "request bodies and pipelining are not a next request");
        drop(busy);
        let (idle_until, expiry) = watch.deadline(&LIMITS).unwrap();
        assert_eq!(expiry, Expiry::Close);
        assert!(idle_until >= Instant::now() + Duration::from_secs(59));
    }

    #[test]
    fn the_first_byte_of_a_next_request_starts_the_header_limit() {
        let watch = Arc::new(Watch::new(Instant::now()));
        drop(Busy::begin(watch.clone()));
        watch.bytes_read();
        let (until, expiry) = watch.deadline(&LIMITS).unwrap();
        assert_eq!(expiry, Expiry::Drop);
        assert!(until <= Instant::now() + Duration::from_secs(10));
        // Its headers complete: in flight again.
        let busy = Busy::begin(watch.clone());
        assert_eq!(watch.deadline(&LIMITS), None);
        drop(busy);
        assert_eq!(watch.deadline(&LIMITS).unwrap().1, Expiry::Close);
    }

    #[test]
    fn changes_that_move_the_deadline_wake_the_driver() {
        let watch = Arc::new(Watch::new(Instant::now()));
        watch.bytes_read();
        let notified = watch.changed.notified();
        let mut notified = std::pin::pin!(notified);
        assert!(!notified.as_mut().enable(), "bytes before the first request change nothing");
        drop(Busy::begin(watch.clone()));
        assert!(notified.as_mut().enable());
    }
}
