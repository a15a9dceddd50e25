//! Limits on what a client or a person can make Orka do: sign-in starts and returns and opens
//! of shared plan links per client address, feedback on guidance (stored without a name, so
//! nobody could tell who filled the editors' list) and other changes per signed-in person.
//! Each is a GCRA bucket (`governor`) that refills evenly, so a person who clicks fast is never
//! stopped while a script is after a few seconds.
//! A refused request gets 429 with `Retry-After` and costs no database work.
//!
//! The buckets live in this instance's memory: behind a load balancer with several instances,
//! each counts on its own, so a client can reach up to the instances' number times a limit
//! (the README says how to set them). Behind a reverse proxy the client is taken from
//! `X-Forwarded-For`, but only when the connection comes from a proxy named in
//! `--trusted-proxies`; anyone else could write that header.

use crate::config::LimitSettings;
use app::i18n::Msg;
use app::server::{RequestLang, SignedIn};
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use domain::ids::PersonId;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};
use ipnet::IpNet;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// What a request counts against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    /// Starting or finishing a sign-in: each writes a row before anyone is known.
    SignIn,
    /// Opening a shared plan link, where a guess at a token would be tried.
    SharedLink,
    /// Feedback on guidance, by the person (or, not signed in, the client) who sends it.
    Feedback(Who),
    /// A change by a signed-in person.
    PersonWrite(PersonId),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Who {
    Person(PersonId),
    Client(IpAddr),
}

/// Which class a request falls in, by the route it matched (never the path, which carries
/// tokens), its method and who is signed in; `None` for reads that cost little.
fn classify(
    route: &str,
    method: &Method,
    person: Option<PersonId>,
    client: IpAddr,
) -> Option<Class> {
    if matches!(
        route,
        "/auth/login/{slug}" | "/auth/callback/{slug}" | "/auth/demo"
    ) {
        return Some(Class::SignIn);
    }
    if route.starts_with("/shared/")
        || route.starts_with("/api/v1/shared/")
        || route.starts_with("/talk/")
        || route.starts_with("/api/v1/talk/")
    {
        return Some(Class::SharedLink);
    }
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return None;
    }
    if route.ends_with("/guidance/{slug}/feedback") {
        return Some(Class::Feedback(
            person.map_or(Who::Client(client), Who::Person),
        ));
    }
    // Changes by nobody signed in are refused before any work.
    person.map(Class::PersonWrite)
}

/// The client a request comes from, as far as it can be known: the connection's address, or,
/// when that is a trusted proxy, the nearest address in `X-Forwarded-For` that is not one.
/// Walking from the right matters: everything left of the first untrusted hop was written by
/// the client itself and may be anything.
fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|n| n.contains(ip));
    let mut client = canonical(peer);
    if !is_trusted(&client) {
        return client;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    for hop in hops.iter().rev() {
        let hop = hop.trim();
        // Some proxies add the client's port.
        let Some(ip) = hop
            .parse::<IpAddr>()
            .ok()
            .or_else(|| hop.parse::<SocketAddr>().ok().map(|s| s.ip()))
        else {
            // A hop that is not an address: the last proxy we trust is all we know.
            return client;
        };
        client = canonical(ip);
        if !is_trusted(&client) {
            return client;
        }
    }
    client
}

/// One key per IPv4 address and per IPv6 /64: a single household or phone gets a whole /64
/// and could otherwise take a fresh address for every request.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
        v4 => v4,
    }
}

/// A count of refused requests per class, reported once a minute rather than one log line per
/// refusal, so a flood cannot flood the log too.
#[derive(Default)]
struct Refused {
    sign_in: AtomicU64,
    shared_link: AtomicU64,
    feedback: AtomicU64,
    person_write: AtomicU64,
}

pub struct Limits {
    sign_in: Option<DefaultKeyedRateLimiter<IpAddr>>,
    sign_in_all: Option<DefaultDirectRateLimiter>,
    shared_links: Option<DefaultKeyedRateLimiter<IpAddr>>,
    feedback: Option<DefaultKeyedRateLimiter<Who>>,
    person_writes: Option<DefaultKeyedRateLimiter<PersonId>>,
    trusted_proxies: Vec<IpNet>,
    clock: DefaultClock,
    refused: Refused,
}

impl Limits {
    pub fn new(s: &LimitSettings) -> Self {
        let minute = |n: Option<NonZeroU32>| n.map(Quota::per_minute);
        Self {
            sign_in: minute(s.sign_in).map(RateLimiter::keyed),
            sign_in_all: minute(s.sign_in_all).map(RateLimiter::direct),
            shared_links: minute(s.shared_links).map(RateLimiter::keyed),
            feedback: s.feedback.map(Quota::per_hour).map(RateLimiter::keyed),
            person_writes: minute(s.person_writes).map(RateLimiter::keyed),
            trusted_proxies: s.trusted_proxies.clone(),
            clock: DefaultClock::default(),
            refused: Refused::default(),
        }
    }

    /// `Err(wait)` when the request must wait that long.
    fn check(&self, class: Class, client: IpAddr) -> Result<(), Duration> {
        let now = self.clock.now();
        // A limit that is off lets everything through.
        fn keyed<K: std::hash::Hash + Eq + Clone>(
            l: &Option<DefaultKeyedRateLimiter<K>>,
            key: &K,
            now: <DefaultClock as Clock>::Instant,
        ) -> Result<(), Duration> {
            l.as_ref().map_or(Ok(()), |l| {
                l.check_key(key).map_err(|e| e.wait_time_from(now))
            })
        }
        let outcome = match class {
            Class::SignIn => keyed(&self.sign_in, &client, now).and_then(|()| {
                self.sign_in_all
                    .as_ref()
                    .map_or(Ok(()), |all| all.check().map_err(|e| e.wait_time_from(now)))
            }),
            Class::SharedLink => keyed(&self.shared_links, &client, now),
            Class::Feedback(who) => keyed(&self.feedback, &who, now),
            Class::PersonWrite(person) => keyed(&self.person_writes, &person, now),
        };
        if outcome.is_err() {
            let counter = match class {
                Class::SignIn => &self.refused.sign_in,
                Class::SharedLink => &self.refused.shared_link,
                Class::Feedback(_) => &self.refused.feedback,
                Class::PersonWrite(_) => &self.refused.person_write,
            };
            counter.fetch_add(1, Ordering::Relaxed);
        }
        outcome
    }

    /// Forgets clients whose buckets are full again (so memory follows the clients of the last
    /// minute, not every address ever seen) and logs what was refused since the last call.
    pub fn housekeeping(&self) {
        for l in [&self.sign_in, &self.shared_links].into_iter().flatten() {
            l.retain_recent();
            l.shrink_to_fit();
        }
        if let Some(l) = &self.feedback {
            l.retain_recent();
            l.shrink_to_fit();
        }
        if let Some(l) = &self.person_writes {
            l.retain_recent();
            l.shrink_to_fit();
        }
        let r = &self.refused;
        let counts = [
            ("sign_in", &r.sign_in),
            ("shared_link", &r.shared_link),
            ("feedback", &r.feedback),
            ("person_write", &r.person_write),
        ];
        for (limit, counter) in counts {
            let n = counter.swap(0, Ordering::Relaxed);
            if n > 0 {
                tracing::warn!(limit, refused = n, "requests refused by a limit");
            }
        }
    }

    /// Runs the housekeeping once a minute until the server stops.
    pub fn start(self: &Arc<Self>) -> tokio::task::JoinHandle<()> {
        let limits = self.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(60));
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                every.tick().await;
                limits.housekeeping();
            }
        })
    }
}

/// The middleware: inside `identify`, so it knows who is signed in and in which language to
/// answer.
pub async fn limit(State(limits): State<Arc<Limits>>, req: Request, next: Next) -> Response {
    let Some(route) = req.extensions().get::<MatchedPath>() else {
        return next.run(req).await;
    };
    let person = req.extensions().get::<SignedIn>().map(|s| s.0.id);
    // Served without connection info (never in Orka itself): one shared key, which only limits.
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
    let client = client_address(peer, req.headers(), &limits.trusted_proxies);
    let Some(class) = classify(route.as_str(), req.method(), person, client) else {
        return next.run(req).await;
    };
    match limits.check(class, client) {
        Ok(()) => next.run(req).await,
        Err(wait) => {
            let lang = req
                .extensions()
                .get::<RequestLang>()
                .map(|l| l.0)
                .unwrap_or_default();
            too_many(lang, wait, req.uri().path().starts_with("/api/"))
        }
    }
}

/// 429 with the whole seconds to wait, as a problem detail for the API and as a short page
/// for people (no menu: drawing it would cost the database reads the limit is there to spare).
fn too_many(lang: app::i18n::Lang, wait: Duration, api: bool) -> Response {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let secs = secs.max(1);
    let title = lang.t(Msg::ErrTooManyRequests);
    let detail = lang.tf(Msg::ErrTryAgainIn, &[&secs]);
    let mut response = if api {
        crate::api::problem::Problem::new(StatusCode::TOO_MANY_REQUESTS, "too-many-requests", title)
            .detail(detail)
            .into_response()
    } else {
        let page = format!(
            "<!doctype html><html lang=\"{code}\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{title} – Orka</title></head><body><main><h1>{title}</h1><p>{detail}</p>\
             <p><a href=\"/\">{home}</a></p></main></body></html>",
            code = lang.code(),
            home = lang.t(Msg::BackHome),
        );
        (StatusCode::TOO_MANY_REQUESTS, Html(page)).into_response()
    };
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter()
            .map(|s| crate::config::parse_proxy(s).unwrap())
            .collect()
    }

    fn xff(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn without_a_trusted_proxy_the_header_is_ignored() {
        let h = xff(&["203.0.113.9"]);
        assert_eq!(
            client_address(ip("198.51.100.7"), &h, &[]),
            ip("198.51.100.7")
        );
        // Trusted proxies named, but this connection is not one of them.
        let trusted = nets(&["10.0.0.0/8"]);
        assert_eq!(
            client_address(ip("198.51.100.7"), &h, &trusted),
            ip("198.51.100.7")
        );
    }

    #[test]
    fn behind_trusted_proxies_the_nearest_untrusted_hop_is_the_client() {
        let trusted = nets(&["10.0.0.0/8", "192.0.2.1"]);
        // The client wrote a fake address first; our proxies appended the real one and their own.
        let h = xff(&["1.2.3.4, 203.0.113.9", "10.1.1.1"]);
        assert_eq!(
            client_address(ip("192.0.2.1"), &h, &trusted),
            ip("203.0.113.9")
        );
        // A port after the address, as some proxies write it.
        let h = xff(&["203.0.113.9:51234"]);
        assert_eq!(
            client_address(ip("10.0.0.2"), &h, &trusted),
            ip("203.0.113.9")
        );
        // No header, or nothing but proxies: the outermost proxy known.
        assert_eq!(
            client_address(ip("10.0.0.2"), &HeaderMap::new(), &trusted),
            ip("10.0.0.2")
        );
        let h = xff(&["10.9.9.9, 10.0.0.3"]);
        assert_eq!(client_address(ip("10.0.0.2"), &h, &trusted), ip("10.9.9.9"));
        // Garbage in a hop stops the walk at the last trusted address.
        let h = xff(&["203.0.113.9, nonsense"]);
        assert_eq!(client_address(ip("10.0.0.2"), &h, &trusted), ip("10.0.0.2"));
    }

    #[test]
    fn an_ipv6_client_is_one_key_for_its_whole_64_and_mapped_ipv4_is_ipv4() {
        assert_eq!(
            canonical(ip("2001:db8:1:2:aaaa::1")),
            canonical(ip("2001:db8:1:2:bbbb::7"))
        );
        assert_ne!(
            canonical(ip("2001:db8:1:2::1")),
            canonical(ip("2001:db8:1:3::1"))
        );
        assert_eq!(canonical(ip("::ffff:203.0.113.9")), ip("203.0.113.9"));
    }

    #[test]
    fn routes_fall_in_the_classes_the_limits_name() {
        let p = PersonId::from_uuid(uuid::Uuid::nil());
        let ip = ip("203.0.113.9");
        let c = |route, method| classify(route, &method, None, ip);
        assert_eq!(c("/auth/login/{slug}", Method::GET), Some(Class::SignIn));
        assert_eq!(c("/auth/callback/{slug}", Method::GET), Some(Class::SignIn));
        assert_eq!(c("/auth/demo", Method::POST), Some(Class::SignIn));
        assert_eq!(c("/shared/{token}", Method::GET), Some(Class::SharedLink));
        assert_eq!(c("/talk/{token}", Method::GET), Some(Class::SharedLink));
        assert_eq!(
            c("/talk/{token}/contacted", Method::POST),
            Some(Class::SharedLink)
        );
        for api in [
            "/api/v1/shared/{token}",
            "/api/v1/shared/{token}/plan.pdf",
            "/api/v1/talk/{token}",
        ] {
            assert_eq!(c(api, Method::GET), Some(Class::SharedLink), "{api}");
        }
        assert_eq!(
            c("/api/v1/talk/{token}/contacted", Method::POST),
            Some(Class::SharedLink)
        );
        assert_eq!(
            c("/guidance/{slug}/feedback", Method::POST),
            Some(Class::Feedback(Who::Client(ip)))
        );
        assert_eq!(
            classify(
                "/api/v1/guidance/{slug}/feedback",
                &Method::POST,
                Some(p),
                ip
            ),
            Some(Class::Feedback(Who::Person(p)))
        );
        assert_eq!(c("/checkin", Method::GET), None);
        assert_eq!(c("/checkin", Method::POST), None);
        assert_eq!(
            classify("/api/v1/checkins/{week}", &Method::PUT, Some(p), ip),
            Some(Class::PersonWrite(p))
        );
    }

    #[test]
    fn a_full_bucket_refuses_with_the_wait_and_other_clients_are_not_touched() {
        let limits = Limits::new(&LimitSettings {
            sign_in: NonZeroU32::new(3),
            ..LimitSettings::off()
        });
        let a = ip("203.0.113.9");
        for _ in 0..3 {
            assert!(limits.check(Class::SignIn, a).is_ok());
        }
        let wait = limits.check(Class::SignIn, a).unwrap_err();
        // Three a minute: the next one is free within twenty seconds.
        assert!(wait > Duration::ZERO && wait <= Duration::from_secs(20));
        assert!(limits.check(Class::SignIn, ip("203.0.113.10")).is_ok());
        // Other classes have no limit here.
        assert!(limits.check(Class::SharedLink, a).is_ok());
        assert_eq!(limits.refused.sign_in.load(Ordering::Relaxed), 1);
        limits.housekeeping();
        assert_eq!(limits.refused.sign_in.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn the_installation_wide_sign_in_limit_holds_across_clients() {
        let limits = Limits::new(&LimitSettings {
            sign_in: NonZeroU32::new(100),
            sign_in_all: NonZeroU32::new(2),
            ..LimitSettings::off()
        });
        assert!(limits.check(Class::SignIn, ip("203.0.113.1")).is_ok());
        assert!(limits.check(Class::SignIn, ip("203.0.113.2")).is_ok());
        assert!(limits.check(Class::SignIn, ip("203.0.113.3")).is_err());
    }

    #[test]
    fn the_retry_after_is_whole_seconds_and_at_least_one() {
        let r = too_many(app::i18n::Lang::En, Duration::from_millis(1), true);
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.headers()[header::RETRY_AFTER], "1");
        let r = too_many(app::i18n::Lang::Sv, Duration::from_millis(2100), false);
        assert_eq!(r.headers()[header::RETRY_AFTER], "3");
    }
}
