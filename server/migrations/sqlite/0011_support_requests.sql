-- Issue 15: the vendor's side of the support ticket. Operators are the platform's own
-- support staff, outside every company: their accounts and sessions are tables of their
-- own, so no company session can be taken for theirs, nor theirs for a company user's.
CREATE TABLE operators (
    id            INTEGER PRIMARY KEY,
    username      TEXT   NOT NULL UNIQUE,
    display_name  TEXT   NOT NULL,
    email         TEXT   NOT NULL,
    password_hash TEXT   NOT NULL,
    created_at    BIGINT NOT NULL
);

CREATE TABLE operator_sessions (
    token_hash   TEXT   PRIMARY KEY,
    operator_id  BIGINT NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
    csrf_token   TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX operator_sessions_by_operator ON operator_sessions (operator_id);

-- A request filed where the console says "submit a support ticket". email is the email the
-- user it is about signs in with, as it was when filed; never a password. diagnosis is
-- what the console said. One open request per company, cause and user.
CREATE TABLE support_requests (
    id                   INTEGER PRIMARY KEY,
    company_id           BIGINT NOT NULL REFERENCES companies (id),
    cause                TEXT   NOT NULL CHECK (cause IN ('no_admin', 'trial_ended', 'locked_out')),
    about_user_id        BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    filed_by_user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email                TEXT   NOT NULL,
    diagnosis            TEXT   NOT NULL,
    state                TEXT   NOT NULL CHECK (state IN ('open', 'answered')),
    filed_at             BIGINT NOT NULL,
    answered_at          BIGINT,
    answer               TEXT,
    answered_by_operator BIGINT REFERENCES operators (id)
);
CREATE UNIQUE INDEX support_requests_one_open ON support_requests (company_id, cause, about_user_id)
    WHERE state = 'open';
CREATE INDEX support_requests_by_state ON support_requests (state, filed_at);
CREATE INDEX support_requests_by_filer ON support_requests (filed_by_user_id, filed_at);

-- The pass a trial-ended sign-in hands out (its password was right, but it gets no
-- session): only its hash, one per user, good for minutes.
CREATE TABLE support_passes (
    token_hash TEXT   PRIMARY KEY,
    user_id    BIGINT NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    expires_at BIGINT NOT NULL
);

-- An operator's change is audited in the company's log with the request it answered.
ALTER TABLE audit_log ADD COLUMN actor_operator_id BIGINT REFERENCES operators (id);
ALTER TABLE audit_log ADD COLUMN support_request_id BIGINT REFERENCES support_requests (id);
