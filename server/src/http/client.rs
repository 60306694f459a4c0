//! The client's address, for per-client throttles and security logs.
//!
//! The TCP peer, unless it is one of the configured trusted proxies (a load balancer):
//! then the nearest address in X-Forwarded-For that is not a trusted proxy. A client can
//! put anything in X-Forwarded-For, so it is read only from proxies we trust.

use super::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::convert::Infallible;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl ClientAddr {
    /// The throttle key: an IPv6 client is its /64, since one host can hold a whole /64.
    pub fn key(self) -> String {
        match self.0 {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => {
                let s = v6.segments();
                Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0).to_string() + "/64"
            }
        }
    }
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        Ok(ClientAddr(client_ip(peer, &parts.headers, &state.settings.trusted_proxies)))
    }
}

/// The client of a request, for middleware (handlers extract `ClientAddr`).
pub fn client_of(request: &axum::extract::Request, state: &AppState) -> ClientAddr {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    ClientAddr(client_ip(peer, request.headers(), &state.settings.trusted_proxies))
}

fn client_ip(peer: Option<IpAddr>, headers: &axum::http::HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    // Without a socket (a router tested in-process) there is no peer.
    let Some(peer) = peer else { return IpAddr::from([0, 0, 0, 0]) };
    if !trusted.contains(&peer) {
        return peer;
    }
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse::<IpAddr>().ok())
        .collect::<Vec<_>>();
    forwarded.into_iter().rev().find(|ip| !trusted.contains(ip)).unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderMap, HeaderValue};

    #[test]
    fn forwarded_for_counts_only_behind_a_trusted_proxy() {
        let proxy: IpAddr = "10.0.0.5".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_static("1.2.3.4, 203.0.113.9"));
        let peer: IpAddr = "198.51.100.7".parse().unwrap();
        assert_eq!(client_ip(Some(peer), &headers, &[proxy]), peer, "an untrusted peer's header is ignored");
        assert_eq!(client_ip(Some(proxy), &headers, &[proxy]), "203.0.113.9".parse::<IpAddr>().unwrap());
        assert_eq!(client_ip(Some(proxy), &HeaderMap::new(), &[proxy]), proxy);
    }

    #[test]
    fn ipv6_clients_are_keyed_by_their_64() {
        let a = ClientAddr("2001:db8:1:2:aaaa::1".parse().unwrap());
        let b = ClientAddr("2001:db8:1:2:bbbb::9".parse().unwrap());
        assert_eq!(a.key(), b.key());
        assert_eq!(ClientAddr("192.0.2.1".parse().unwrap()).key(), "192.0.2.1");
    }
}
