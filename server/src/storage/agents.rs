//! The agents' phone service: agents, their sessions, and every login attempt.

use super::Store;
use crate::domain::outcomes::{AgentLoginOutcome, SessionEnd};
use switchboard_wire::AgentState;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Agent {
    pub id: i64,
    pub name: String,
    pub agent_number: String,
    pub passcode_hash: String,
}

/// A session found by its token, live or ended.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AgentSessionRow {
    pub id: i64,
    pub company_id: i64,
    pub state: String,
    pub ended_at: Option<i64>,
    #[sqlx(rename = "end_reason")]
    end_reason_text: Option<String>,
    pub ended_by: Option<String>,
    pub started_at: i64,
    pub last_activity_at: i64,
}

impl AgentSessionRow {
    /// Why the session ended, if it did.
    pub fn end_reason(&self) -> Option<SessionEnd> {
        self.end_reason_text.as_deref().and_then(SessionEnd::parse)
    }
}

/// Why a login that had the right credentials was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginRefusal {
    AlreadyLoggedOn,
    StationInUse,
}

/// Which refused log-ons to list: empty strings and None filter nothing.
#[derive(Debug, Clone, Default)]
pub struct RefusedFilter {
    pub agent_number: String,
    /// As stored: E.164 for a phone number.
    pub station: String,
    pub reason: Option<switchboard_wire::RefusalReason>,
    /// Only ids below this one.
    pub before: Option<i64>,
}

impl Store {
    pub async fn company_by_slug(&self, slug: &str) -> sqlx::Result<Option<super::companies::Company>> {
        on_pool!(self, pool => sqlx::query_as("SELECT id, name, slug, trial_ends_at, country FROM companies WHERE slug = $1")
            .bind(slug)
            .fetch_optional(pool)
            .await)
    }

    pub async fn agent_by_number(&self, company_id: i64, number: &str) -> sqlx::Result<Option<Agent>> {
        on_pool!(self, pool => sqlx::query_as(
            "SELECT id, name, agent_number, passcode_hash FROM agents WHERE company_id = $1 AND agent_number = $2",
        )
        .bind(company_id)
        .bind(number)
        .fetch_optional(pool)
        .await)
    }

    /// Starts the agent's session. The partial unique indexes of agent_sessions decide a
    /// race: of two logins of one agent (or onto one station) at the same moment, exactly
    /// one insert succeeds.
    pub async fn start_agent_session(
        &self,
        company_id: i64,
        agent_id: i64,
        station: &str,
        token_hash: &str,
        now: i64,
    ) -> sqlx::Result<Result<i64, LoginRefusal>> {
        // Made before this log-on is recorded as a success: "never before" means before this one.
        let note = self.station_note(company_id, agent_id, station).await?;
        let inserted: Result<i64, _> = on_pool!(self, pool => sqlx::query_scalar(
            "INSERT INTO agent_sessions (agent_id, company_id, station, state, state_since, started_at,
                                         last_activity_at, token_hash, station_note)
             VALUES ($1, $2, $3, 'available', $4, $4, $4, $5, $6) RETURNING id",
        )
        .bind(agent_id)
        .bind(company_id)
        .bind(station)
        .bind(now)
        .bind(token_hash)
        .bind(&note)
        .fetch_one(pool)
        .await);
        match inserted {
            Ok(id) => Ok(Ok(id)),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                let agent_live: i64 = on_pool!(self, pool => sqlx::query_scalar("SELECT COUNT(*) FROM agent_sessions WHERE agent_id = $1 AND ended_at IS NULL")
                        .bind(agent_id)
                        .fetch_one(pool)
                        .await)?;
                Ok(Err(if agent_live > 0 { LoginRefusal::AlreadyLoggedOn } else { LoginRefusal::StationInUse }))
            }
            Err(e) => Err(e),
        }
    }

    pub async fn record_agent_attempt(
        &self,
        company_id: i64,
        agent_id: Option<i64>,
        agent_number: &str,
        station: &str,
        outcome: AgentLoginOutcome,
        now: i64,
    ) -> sqlx::Result<()> {
        on_pool!(self, pool => sqlx::query(
            "INSERT INTO agent_sign_in_attempts (company_id, agent_id, agent_number, station, outcome, at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(company_id)
        .bind(agent_id)
        .bind(agent_number)
        .bind(station)
        .bind(outcome.as_str())
        .bind(now)
        .execute(pool)
        .await.map(|done| done.rows_affected()))
        .map(|_| ())
    }

    pub async fn agent_session_by_token(&self, token_hash: &str) -> sqlx::Result<Option<AgentSessionRow>> {
        on_pool!(self, pool => sqlx::query_as(
            "SELECT s.id, s.company_id, s.state, s.ended_at, s.end_reason, u.display_name AS ended_by,
                    s.started_at, s.last_activity_at
             FROM agent_sessions s LEFT JOIN users u ON u.id = s.ended_by_user_id
             WHERE s.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(pool)
        .await)
    }

    /// A heartbeat, or a new state: the session shows activity. Only a live session changes.
    pub async fn agent_activity(&self, session_id: i64, state: Option<AgentState>, now: i64) -> sqlx::Result<bool> {
        // One statement either way: a new state restarts its clock only when it changed.
        let result = on_pool!(self, pool => sqlx::query(
            "UPDATE agent_sessions SET last_activity_at = $1,
                    state_since = CASE WHEN $2 = '' OR state = $2 THEN state_since ELSE $1 END,
                    state = CASE WHEN $2 = '' THEN state ELSE $2 END
             WHERE id = $3 AND ended_at IS NULL",
        )
        .bind(now)
        .bind(state.map_or("", AgentState::as_str))
        .bind(session_id)
        .execute(pool)
        .await.map(|done| done.rows_affected()))?;
        Ok(result == 1)
    }

    /// Ends a live session; false when it had already ended.
    pub async fn end_agent_session(
        &self,
        session_id: i64,
        reason: SessionEnd,
        by_user: Option<i64>,
        now: i64,
    ) -> sqlx::Result<bool> {
        let result = on_pool!(self, pool => sqlx::query(
            "UPDATE agent_sessions SET ended_at = $1, end_reason = $2, ended_by_user_id = $3
             WHERE id = $4 AND ended_at IS NULL",
        )
        .bind(now)
        .bind(reason.as_str())
        .bind(by_user)
        .bind(session_id)
        .execute(pool)
        .await.map(|done| done.rows_affected()))?;
        Ok(result == 1)
    }
}

#[derive(sqlx::FromRow)]
struct LiveRow {
    session_id: i64,
    name: String,
    agent_number: String,
    station: String,
    state: String,
    state_since: i64,
    started_at: i64,
    last_activity_at: i64,
    station_note: Option<String>,
}

/// A live or ended session of the company, for Force Logout.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionOfCompany {
    pub id: i64,
    pub agent_name: String,
    pub station: String,
    pub started_at: i64,
    pub ended_at: Option<i64>,
}

impl Store {
    /// The company's logged-on agents, by name; or only the session `only`.
    pub async fn live_agents(
        &self,
        company_id: i64,
        only: Option<i64>,
        now: i64,
        stale_after_ms: i64,
    ) -> sqlx::Result<Vec<switchboard_wire::LiveAgent>> {
        let rows: Vec<LiveRow> = on_pool!(self, pool => sqlx::query_as(
            "SELECT s.id AS session_id, a.name, a.agent_number, s.station, s.state, s.state_since, s.started_at,
                    s.last_activity_at, s.station_note
             FROM agent_sessions s JOIN agents a ON a.id = s.agent_id
             WHERE s.company_id = $1 AND s.ended_at IS NULL AND ($2 = 0 OR s.id = $2) ORDER BY lower(a.name), s.id",
        )
        .bind(company_id)
        .bind(only.unwrap_or(0))
        .fetch_all(pool)
        .await)?;
        Ok(rows
            .into_iter()
            .map(|r| switchboard_wire::LiveAgent {
                session_id: r.session_id,
                name: r.name,
                agent_number: r.agent_number,
                station: r.station,
                state: AgentState::parse(&r.state).unwrap_or(AgentState::Available),
                state_since: switchboard_wire::Timestamp(r.state_since),
                started_at: switchboard_wire::Timestamp(r.started_at),
                stale: now - r.last_activity_at > stale_after_ms,
                last_activity_at: switchboard_wire::Timestamp(r.last_activity_at),
                station_note: r.station_note,
            })
            .collect())
    }

    /// What is unusual about agent `agent_id` logging on from `station`, from the successful
    /// log-ons before: another agent usually logs on there, or this one never has.
    async fn station_note(&self, company_id: i64, agent_id: i64, station: &str) -> sqlx::Result<Option<String>> {
        let usual: Option<(i64, String, String)> = on_pool!(self, pool => sqlx::query_as(
            "SELECT a.id, a.agent_number, a.name FROM agent_sign_in_attempts t JOIN agents a ON a.id = t.agent_id
             WHERE t.company_id = $1 AND t.station = $2 AND t.outcome = 'success'
             GROUP BY a.id, a.agent_number, a.name ORDER BY COUNT(*) DESC, MAX(t.id) DESC LIMIT 1",
        )
        .bind(company_id)
        .bind(station)
        .fetch_optional(pool)
        .await)?;
        let used_before: Option<i64> = on_pool!(self, pool => sqlx::query_scalar(
            "SELECT id FROM agent_sign_in_attempts
             WHERE company_id = $1 AND station = $2 AND outcome = 'success' AND agent_id = $3 LIMIT 1",
        )
        .bind(company_id)
        .bind(station)
        .bind(agent_id)
        .fetch_optional(pool)
        .await)?;
        Ok(match usual {
            Some((usual, number, name)) if usual != agent_id => Some(format!(
                "usually agent {number}'s ({name}) phone or station{}: check that nobody logged on with a colleague's number.",
                if used_before.is_none() { "; this agent has not logged on from it before" } else { "" }
            )),
            _ if used_before.is_none() => Some("this agent has not logged on from this phone or station before.".into()),
            _ => None,
        })
    }

    /// The newest refused log-ons of the company (the Status page's board).
    pub async fn refused_agent_logins(&self, company_id: i64) -> sqlx::Result<Vec<switchboard_wire::RefusedLogin>> {
        Ok(self.refused_agent_logins_page(company_id, &RefusedFilter::default(), 50).await?.0)
    }

    /// A page of refused log-ons, newest first, and the cursor of the next (older) one.
    pub async fn refused_agent_logins_page(
        &self,
        company_id: i64,
        filter: &RefusedFilter,
        limit: usize,
    ) -> sqlx::Result<(Vec<switchboard_wire::RefusedLogin>, Option<i64>)> {
        let rows: Vec<(i64, i64, String, Option<String>, String, String)> = on_pool!(self, pool => sqlx::query_as(
            "SELECT t.id, t.at, t.agent_number, a.name, t.station, t.outcome FROM agent_sign_in_attempts t
             LEFT JOIN agents a ON a.id = t.agent_id
             WHERE t.company_id = $1 AND t.outcome <> 'success'
               AND ($2 = '' OR t.agent_number = $2) AND ($3 = '' OR t.station = $3) AND ($4 = '' OR t.outcome = $4)
               AND t.id < $5
             ORDER BY t.id DESC LIMIT $6",
        )
        .bind(company_id)
        .bind(&filter.agent_number)
        .bind(&filter.station)
        .bind(filter.reason.map(|r| r.as_str()).unwrap_or(""))
        .bind(filter.before.unwrap_or(i64::MAX))
        .bind(limit as i64 + 1)
        .fetch_all(pool)
        .await)?;
        let more = rows.len() > limit;
        let refused: Vec<switchboard_wire::RefusedLogin> = rows
            .into_iter()
            .take(limit)
            .map(|(id, at, agent_number, agent_name, station, outcome)| {
                let outcome = AgentLoginOutcome::parse(&outcome).unwrap_or(AgentLoginOutcome::WrongCredentials);
                switchboard_wire::RefusedLogin {
                    id,
                    at: switchboard_wire::Timestamp(at),
                    agent_number,
                    agent_name,
                    station,
                    kind: outcome.refusal().unwrap_or(switchboard_wire::RefusalReason::WrongCredentials),
                    reason: outcome.words().to_string(),
                }
            })
            .collect();
        let next_before = if more { refused.last().map(|r| r.id) } else { None };
        Ok((refused, next_before))
    }

    pub async fn agent_session_of_company(
        &self,
        company_id: i64,
        session_id: i64,
    ) -> sqlx::Result<Option<SessionOfCompany>> {
        on_pool!(self, pool => sqlx::query_as(
            "SELECT s.id, a.name AS agent_name, s.station, s.started_at, s.ended_at
             FROM agent_sessions s JOIN agents a ON a.id = s.agent_id WHERE s.id = $1 AND s.company_id = $2",
        )
        .bind(session_id)
        .bind(company_id)
        .fetch_optional(pool)
        .await)
    }

    /// Ends the session as forced by `actor` and audits it, in one transaction; false when
    /// it had already ended (nothing is written then).
    pub async fn force_agent_logout(
        &self,
        company_id: i64,
        actor_id: i64,
        session: &SessionOfCompany,
        now: i64,
    ) -> sqlx::Result<bool> {
        let mut tx = self.begin().await?;
        let ended = on_tx!(tx, conn => sqlx::query(
            "UPDATE agent_sessions SET ended_at = $1, end_reason = 'forced', ended_by_user_id = $2
             WHERE id = $3 AND company_id = $4 AND ended_at IS NULL",
        )
        .bind(now)
        .bind(actor_id)
        .bind(session.id)
        .bind(company_id)
        .execute(conn)
        .await.map(|done| done.rows_affected()))?
            == 1;
        if ended {
            let before = format!("logged on at {}", session.station);
            super::audit::insert_audit(
                &mut tx,
                super::audit::AuditRecord {
                    company_id,
                    actor: super::audit::Actor::User(actor_id),
                    action: switchboard_wire::AuditAction::AgentForcedLogout,
                    target_type: "agent_session",
                    target_id: session.id,
                    target_label: &session.agent_name,
                    before: Some(&before),
                    after: Some("logged out"),
                    at: now,
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(ended)
    }
}
