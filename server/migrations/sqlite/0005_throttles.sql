-- Anti-automation (domain/throttle.rs): failed sign-ins counted per key, with the time
-- from which the key may try again. One row a key, updated by one atomic upsert, so a
-- burst of parallel attempts is counted as exactly as a sequence, and several server
-- instances sharing the database share the counts.
CREATE TABLE throttles (
    scope         TEXT   NOT NULL CHECK (scope IN
                    ('agent_number', 'agent_client', 'console_username', 'console_client', 'console_device')),
    key           TEXT   NOT NULL,
    -- The company whose administrators see and clear it (agent numbers, usernames).
    company_id    BIGINT REFERENCES companies (id) ON DELETE CASCADE,
    -- What people are shown: the agent number or the username (never a client's secret).
    label         TEXT   NOT NULL,
    failures      BIGINT NOT NULL,
    blocked_until BIGINT NOT NULL,
    last_at       BIGINT NOT NULL,
    PRIMARY KEY (scope, key)
);
-- The Status page's "throttled agent numbers": live blocks of one company.
CREATE INDEX throttles_blocked_by_company ON throttles (company_id, scope, blocked_until);
-- The purge of rows not touched for a day.
CREATE INDEX throttles_by_last_at ON throttles (last_at);

-- Browsers recognised as a user's own: a sign-in with the right password from one of
-- them is not held up by failures that strangers caused (only its own failures count).
-- token_hash is the SHA-256 of the device cookie; one browser may be several users'.
CREATE TABLE known_devices (
    token_hash   TEXT   NOT NULL,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT NOT NULL,
    PRIMARY KEY (token_hash, user_id)
);
CREATE INDEX known_devices_by_last_used ON known_devices (last_used_at);

-- The retention purge deletes attempt rows by age.
CREATE INDEX console_sign_in_attempts_by_at ON console_sign_in_attempts (at);
CREATE INDEX agent_sign_in_attempts_by_at ON agent_sign_in_attempts (at);
