//! The browser end-to-end tests are in `tests/`: the real server, started in-process on
//! port 0, serving the release front end (`dist/`), driven in headless Chromium. A crate of
//! their own, so that the front end's manifest does not depend on the server and sqlx.
