//! Cancelling a request that is no longer wanted: when a search is typed further, the
//! answer to the previous term would only be thrown away, so its request is aborted and
//! the server and the network are spared it.

use web_sys::{AbortController, AbortSignal};

/// A request's cancel switch, held by whoever still wants the answer; the request is
/// aborted when this is dropped.
pub struct Cancel(Option<AbortController>);

/// What a request carries to be cancellable; holding it does not keep the request wanted.
#[derive(Clone)]
pub struct CancelSignal(Option<AbortSignal>);

impl Cancel {
    pub fn new() -> Cancel {
        Cancel(AbortController::new().ok())
    }

    pub fn signal(&self) -> CancelSignal {
        CancelSignal(self.0.as_ref().map(AbortController::signal))
    }
}

impl Default for Cancel {
    fn default() -> Self {
        Cancel::new()
    }
}

impl Drop for Cancel {
    fn drop(&mut self) {
        if let Some(controller) = &self.0 {
            controller.abort();
        }
    }
}

impl CancelSignal {
    pub(super) fn get(&self) -> Option<&AbortSignal> {
        self.0.as_ref()
    }
}
