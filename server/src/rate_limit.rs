//! Per-client token buckets, so nobody can walk the registry by trying tax codes in
//! bulk: each client may look up `per_minute` codes in a burst, then one every
//! `60 / per_minute` seconds.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

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
    clients: Mutex<HashMap<IpAddr, Bucket>>,
}

impl RateLimiter {
    pub fn new(per_minute: u32) -> RateLimiter {
        RateLimiter {
            per_minute,
            clients: Mutex::new(HashMap::new()),
        }
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
        let limiter = RateLimiter::new(3);
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
    fn zero_means_unlimited() {
        let limiter = RateLimiter::new(0);
        let t0 = Instant::now();
        for _ in 0..1000 {
            assert!(limiter.check_at(ip(1), t0).is_ok());
        }
    }

    #[test]
    fn the_map_stays_bounded() {
        let limiter = RateLimiter::new(30);
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
