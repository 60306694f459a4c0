//! The page's view lives in its URL: a link reopens the same view and Back returns to the
//! previous one. One hook for every list page: the view, read from the URL, and a way to
//! show another.

use crate::links;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

/// A page's view as the query part of its URL.
pub trait UrlView: Clone + PartialEq + Send + Sync + 'static {
    /// The view a query string (without `?`) names; anything it does not understand is
    /// left at its default.
    fn parse(search: &str) -> Self;
    /// The query string (without `?`) that names this view; empty for the default one.
    fn to_query(&self) -> String;
}

/// The view of the page at `path`, and `show` to go to another.
pub struct UrlState<V: UrlView> {
    pub view: Memo<V>,
    /// Shows a view: a new history entry, or (`replace`, for keystrokes) in place, so that
    /// Back goes to the previous search rather than to each letter.
    pub show: Callback<(V, bool)>,
}

impl<V: UrlView> Clone for UrlState<V> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<V: UrlView> Copy for UrlState<V> {}

impl<V: UrlView> UrlState<V> {
    /// The current view, changed by `change`, shown as a new history entry.
    pub fn go(self, change: impl FnOnce(&mut V)) {
        let mut view = self.view.get_untracked();
        change(&mut view);
        self.show.run((view, false));
    }
}

/// Reads the page's view from the URL, for a page at `path`.
pub fn use_url_state<V: UrlView>(path: &'static str) -> UrlState<V> {
    let location = use_location();
    let navigate = use_navigate();
    let view = Memo::new(move |_| V::parse(&location.search.get()));
    let show = Callback::new(move |(v, replace): (V, bool)| {
        navigate(
            &links::with_query(path, &v.to_query()),
            NavigateOptions { replace, scroll: false, ..Default::default() },
        );
    });
    UrlState { view, show }
}

impl UrlView for switchboard_wire::ContactQuery {
    fn parse(search: &str) -> Self {
        Self::parse(search)
    }
    fn to_query(&self) -> String {
        self.to_query()
    }
}

impl UrlView for switchboard_wire::AuditQuery {
    fn parse(search: &str) -> Self {
        Self::parse(search)
    }
    fn to_query(&self) -> String {
        self.to_query()
    }
}
