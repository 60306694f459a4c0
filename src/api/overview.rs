//! The Overview's figures.

use super::client::{json, send, ApiError};
use gloo_net::http::Request;
use switchboard_wire::paths::OVERVIEW;
use switchboard_wire::Overview;

pub async fn overview() -> Result<Overview, ApiError> {
    json(send(Request::get(OVERVIEW).build()).await?).await
}
