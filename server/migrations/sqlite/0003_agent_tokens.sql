-- The agent's phone holds a bearer token for its session (heartbeat, state, logout);
-- only its hash is stored. Sessions that ended keep theirs, so that a phone forced out
-- learns why on its next heartbeat.
ALTER TABLE agent_sessions ADD COLUMN token_hash TEXT;
CREATE UNIQUE INDEX agent_sessions_by_token ON agent_sessions (token_hash);
