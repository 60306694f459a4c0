//! The server's HTTP tests, one module per resource, in one test binary: each binary links
//! the whole server, so one keeps the build small and quick (zero2prod's `tests/api`).

mod common;
mod contract;
mod copy_data;
mod denied;

mod agent_service;
mod agents;
mod audit;
mod contacts;
mod errors;
mod exports;
mod hardening;
mod instances;
mod linked_agents;
mod lists;
mod logs;
mod openapi;
mod operators;
mod overview;
mod router;
mod session;
mod simulation;
mod static_files;
mod storage;
mod support_requests;
mod throttling;
mod users;
