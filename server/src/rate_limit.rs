//! Per-client token buckets against automation: walking the registry or dossiers by
//! trying codes in bulk, filing or storing hand-offs by script, inflating the statistics.
//! Each client may make `per_minute` requests in a burst, then one every
//! `60 / per_minute` seconds. One limiter per kind of request, so a citizen who has
//! looked up many codes can still file.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::error::AppError;

/// What a limiter guards; it decides the words of the 429, so the person learns which
/// of their actions has to wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limited {
    /// Registry look-ups by tax code, dossier look-ups by code and phone.
    LookUps,
    /// New dossiers and supplements.
    Filings,
    /// Hand-offs stored or fetched by code.
    Handoffs,
    /// Funnel events from the app.
    Events,
    /// Content-Security-Policy violation reports from browsers.
    CspReports,
}

/// Clients tracked at once. Past this, buckets that have refilled are forgotten (they
/// would behave exactly like a new one), and if that is not enough, the longest idle.
const MAX_CLIENTS: usize = 10_000;

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

#[derive(Debug)]
pub struct RateLimiter {
    /// Tokens per minute and bucket size; 0 turns limiting off.
    per_minute: u32,
    what: Limited,
    clients: Mutex<HashMap<IpAddr, Bucket>>,
}

impl RateLimiter {
    pub fn new(per_minute: u32, what: Limited) -> RateLimiter {
        RateLimiter {
            per_minute,
            what,
            clients: Mutex::new(HashMap::new()),
        }
    }

    /// [`RateLimiter::check`] as the handlers need it: the 429 error with `Retry-After`.
    pub fn admit(&self, client: IpAddr) -> Result<(), AppError> {
        self.check(client).map_err(|wait| AppError::RateLimited {
            what: self.what,
            retry_after: retry_after_secs(wait),
        })
    }

    fn per_second(&self) -> f64 {
        f64::from(self.per_minute) / 60.0
    }

    /// Takes one token for `client`, or says how long until one is available.
    pub fn check(&self, client: IpAddr) -> Result<(), Duration> {
        self.check_at(client, Instant::now())
    }

    fn check_at(&self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let client = bucket_of(client);
        let capacity = f64::from(self.per_minute);
        let rate = self.per_second();
        // A panic elsewhere while holding the lock leaves counts that are still usable.
        let mut clients = self.clients.lock().unwrap_or_else(PoisonError::into_inner);
        if clients.len() >= MAX_CLIENTS && !clients.contains_key(&client) {
            evict(&mut clients, now, capacity, rate);
        }
        let bucket = clients.entry(client).or_insert(Bucket {
            tokens: capacity,
            last: now,
        });
        let elapsed = now.saturating_duration_since(bucket.last).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate).min(capacity);
        bucket.last = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / rate))
        }
    }
}

/// The bucket an address draws from. An IPv6 host is usually given a whole /64 and can
/// pick a fresh address in it per request, so the /64 is one client; an IPv4 address
/// that reaches a dual-stack listener as `::ffff:a.b.c.d` is the IPv4 client it is.
fn bucket_of(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & !((1u128 << 64) - 1))),
        },
    }
}

fn evict(clients: &mut HashMap<IpAddr, Bucket>, now: Instant, capacity: f64, rate: f64) {
    let full_after = Duration::from_secs_f64(capacity / rate);
    clients.retain(|_, b| now.saturating_duration_since(b.last) < full_after);
    if clients.len() >= MAX_CLIENTS {
        // Everyone is busy (or it is a flood of fresh addresses): drop the idlest tenth.
        let mut ages: Vec<(Instant, IpAddr)> =
            clients.iter().map(|(ip, b)| (b.last, *ip)).collect();
        ages.sort();
        for (_, ip) in ages.into_iter().take(MAX_CLIENTS / 10) {
            clients.remove(&ip);
        }
    }
}

/// Whole seconds for `Retry-After`, rounded up so a client that waits that long succeeds.
pub fn retry_after_secs(wait: Duration) -> u64 {
    let secs = wait.as_secs();
    if wait.subsec_nanos() > 0 {
        secs + 1
    } else {
        secs.max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    fn ip(n: u32) -> IpAddr {
        IpAddr::V4(Ipv4Addr::from(n))
    }

    #[test]
    fn burst_then_refill() {
        let limiter = RateLimiter::new(3, Limited::LookUps);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.check_at(ip(1), t0).is_ok());
        }
        let wait = limiter.check_at(ip(1), t0).expect_err("limited");
        assert!((20..=21).contains(&retry_after_secs(wait)), "{wait:?}");
        // Another client has its own bucket.
        assert!(limiter.check_at(ip(2), t0).is_ok());
        assert!(limiter
            .check_at(ip(1), t0 + Duration::from_secs(21))
            .is_ok());
        assert!(limiter
            .check_at(ip(1), t0 + Duration::from_secs(22))
            .is_err());
    }

    #[test]
    fn an_ipv6_slash_64_is_one_client() {
        let limiter = RateLimiter::new(1, Limited::LookUps);
        let t0 = Instant::now();
        let v6 = |s: &str| s.parse::<IpAddr>().expect("address");
        assert!(limiter.check_at(v6("2001:db8:1:2::1"), t0).is_ok());
        assert!(limiter.check_at(v6("2001:db8:1:2:ffff::9"), t0).is_err());
        assert!(limiter.check_at(v6("2001:db8:1:3::1"), t0).is_ok());
        assert!(limiter.check_at(v6("192.0.2.7"), t0).is_ok());
        assert!(limiter.check_at(v6("::ffff:192.0.2.7"), t0).is_err());
    }

    #[test]
    fn zero_means_unlimited() {
        let limiter = RateLimiter::new(0, Limited::LookUps);
        let t0 = Instant::now();
        for _ in 0..1000 {
            assert!(limiter.check_at(ip(1), t0).is_ok());
        }
    }

    #[test]
    fn the_map_stays_bounded() {
        let limiter = RateLimiter::new(30, Limited::LookUps);
        let t0 = Instant::now();
        for n in 0..(MAX_CLIENTS as u32 * 2) {
            assert!(limiter.check_at(ip(n), t0).is_ok());
        }
        let len = limiter.clients.lock().map(|c| c.len()).unwrap_or(0);
        assert!(len <= MAX_CLIENTS, "{len}");
        // Buckets idle long enough to be full again are forgotten.
        let mut clients = limiter
            .clients
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        evict(&mut clients, t0 + Duration::from_secs(120), 30.0, 0.5);
        assert!(clients.is_empty());
    }
}
