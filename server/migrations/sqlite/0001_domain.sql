-- The whole domain of the three support articles (../shared/seeds), modelled once.
-- Portable on purpose: times are BIGINT milliseconds since the epoch (UTC), flags are
-- nullable times rather than booleans, text enums carry CHECKs, and uniqueness rules that
-- must hold under concurrency are partial unique indexes, which PostgreSQL also has.
-- Only the id columns are SQLite-specific (INTEGER PRIMARY KEY); a PostgreSQL migration
-- set beside this one will use identity columns.

-- Tenants. trial_ends_at NULL means an active (paid) account.
CREATE TABLE companies (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL,
    slug          TEXT    NOT NULL UNIQUE,
    trial_ends_at BIGINT,
    created_at    BIGINT  NOT NULL,
    -- Bumped by every change to the company's admins: writers take this row first, which
    -- serialises them (the "never leave a company without an admin" rule).
    admin_epoch   BIGINT  NOT NULL DEFAULT 0
);

-- Console users. username is the contact-center username, which is not the email;
-- sign-in is by username alone, so it is unique across companies.
CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    company_id      BIGINT  NOT NULL REFERENCES companies (id),
    username        TEXT    NOT NULL UNIQUE,
    email           TEXT    NOT NULL,
    phone           TEXT,
    display_name    TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('user', 'support', 'admin')),
    password_hash   TEXT    NOT NULL,
    last_sign_in_at BIGINT,
    version         BIGINT  NOT NULL DEFAULT 1,
    created_at      BIGINT  NOT NULL
);
CREATE INDEX users_by_company_status ON users (company_id, status);
CREATE INDEX users_by_company_name ON users (company_id, display_name);
CREATE INDEX users_by_email ON users (email);

-- Console sessions. Only a hash of the cookie's token is stored.
CREATE TABLE console_sessions (
    token_hash   TEXT   PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token   TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX console_sessions_by_user ON console_sessions (user_id);

-- Every console sign-in attempt, accepted or refused. identifier is what was typed
-- (lower-cased); user_id is whom it named, by username or (outcome used_email) by email.
CREATE TABLE console_sign_in_attempts (
    id         INTEGER PRIMARY KEY,
    identifier TEXT   NOT NULL,
    user_id    BIGINT REFERENCES users (id) ON DELETE SET NULL,
    outcome    TEXT   NOT NULL CHECK (outcome IN
                 ('success', 'wrong_password', 'unknown_username', 'used_email', 'trial_expired', 'locked')),
    at         BIGINT NOT NULL
);
CREATE INDEX console_sign_in_attempts_by_identifier ON console_sign_in_attempts (identifier, at);
CREATE INDEX console_sign_in_attempts_by_user ON console_sign_in_attempts (user_id, at);

-- Agents of a company's contact-center phone service. Agent numbers are per service.
CREATE TABLE agents (
    id            INTEGER PRIMARY KEY,
    company_id    BIGINT NOT NULL REFERENCES companies (id),
    agent_number  TEXT   NOT NULL,
    passcode_hash TEXT   NOT NULL,
    name          TEXT   NOT NULL,
    created_at    BIGINT NOT NULL,
    UNIQUE (company_id, agent_number)
);

-- An agent's logged-on session on the phone service. ended_at NULL means logged on.
CREATE TABLE agent_sessions (
    id               INTEGER PRIMARY KEY,
    agent_id         BIGINT NOT NULL REFERENCES agents (id),
    company_id       BIGINT NOT NULL REFERENCES companies (id),
    station          TEXT   NOT NULL,
    state            TEXT   NOT NULL CHECK (state IN ('available', 'on_call', 'wrap_up', 'break')),
    state_since      BIGINT NOT NULL,
    started_at       BIGINT NOT NULL,
    last_activity_at BIGINT NOT NULL,
    ended_at         BIGINT,
    end_reason       TEXT CHECK (end_reason IN ('logout', 'forced', 'stale')),
    ended_by_user_id BIGINT REFERENCES users (id)
);
-- "That agent is already logged on.": one live session per agent, enforced by the database.
CREATE UNIQUE INDEX agent_sessions_one_live_per_agent ON agent_sessions (agent_id) WHERE ended_at IS NULL;
-- One logged-on agent per phone or station within a company.
CREATE UNIQUE INDEX agent_sessions_one_live_per_station ON agent_sessions (company_id, station) WHERE ended_at IS NULL;
CREATE INDEX agent_sessions_live_by_company ON agent_sessions (company_id, ended_at);

-- Every agent login attempt, accepted or refused, with its reason.
CREATE TABLE agent_sign_in_attempts (
    id           INTEGER PRIMARY KEY,
    company_id   BIGINT NOT NULL REFERENCES companies (id),
    agent_id     BIGINT REFERENCES agents (id),
    agent_number TEXT   NOT NULL,
    station      TEXT   NOT NULL,
    outcome      TEXT   NOT NULL CHECK (outcome IN
                   ('success', 'already_logged_on', 'station_in_use', 'wrong_credentials')),
    at           BIGINT NOT NULL
);
CREATE INDEX agent_sign_in_attempts_by_company ON agent_sign_in_attempts (company_id, at);

-- Contacts of a company's platform. Either email or phone may be missing; phone is
-- normalised to E.164 ("+15550100199") so any typed format finds it.
-- Opt-out is per channel, with when and how it was set.
CREATE TABLE contacts (
    id                   INTEGER PRIMARY KEY,
    company_id           BIGINT NOT NULL REFERENCES companies (id),
    name                 TEXT   NOT NULL,
    email                TEXT,
    phone                TEXT,
    email_opted_out_at   BIGINT,
    email_opt_out_source TEXT,
    sms_opted_out_at     BIGINT,
    sms_opt_out_source   TEXT,
    created_at           BIGINT NOT NULL
);
CREATE INDEX contacts_by_company_name ON contacts (company_id, name);
CREATE INDEX contacts_by_company_email ON contacts (company_id, email);
CREATE INDEX contacts_by_company_phone ON contacts (company_id, phone);

-- Devices or browsers a contact was recognised on (a saved cookie). A device with no
-- cookie kept (incognito, cookie deletion) shows up as many short-lived devices.
CREATE TABLE contact_devices (
    id            INTEGER PRIMARY KEY,
    contact_id    BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    label         TEXT   NOT NULL,
    first_seen_at BIGINT NOT NULL,
    last_seen_at  BIGINT NOT NULL
);
CREATE INDEX contact_devices_by_contact ON contact_devices (contact_id);

-- Confirmation codes sent to a contact. Only a hash of the code is kept.
CREATE TABLE confirmation_codes (
    id         INTEGER PRIMARY KEY,
    contact_id BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    channel    TEXT   NOT NULL CHECK (channel IN ('email', 'sms')),
    code_hash  TEXT   NOT NULL,
    device_id  BIGINT REFERENCES contact_devices (id),
    sent_at    BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX confirmation_codes_by_contact ON confirmation_codes (contact_id, sent_at);

-- Messages of the platform, and to whom each is published.
CREATE TABLE messages (
    id         INTEGER PRIMARY KEY,
    company_id BIGINT NOT NULL REFERENCES companies (id),
    title      TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE TABLE message_recipients (
    message_id   BIGINT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    contact_id   BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    published_at BIGINT NOT NULL,
    PRIMARY KEY (message_id, contact_id)
);
CREATE INDEX message_recipients_by_contact ON message_recipients (contact_id);

-- A contact's attempts to log in, and what they tried to open.
CREATE TABLE contact_login_attempts (
    id         INTEGER PRIMARY KEY,
    contact_id BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    channel    TEXT   NOT NULL CHECK (channel IN ('email', 'sms')),
    device_id  BIGINT REFERENCES contact_devices (id),
    message_id BIGINT REFERENCES messages (id),
    outcome    TEXT   NOT NULL CHECK (outcome IN
                 ('success', 'code_superseded', 'code_wrong', 'not_published', 'opted_out', 'no_code_received')),
    at         BIGINT NOT NULL
);
CREATE INDEX contact_login_attempts_by_contact ON contact_login_attempts (contact_id, at);

-- Every change an admin makes: who, what, to whom, before, after, when.
-- before/after are JSON text.
CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    company_id    BIGINT NOT NULL REFERENCES companies (id),
    actor_user_id BIGINT REFERENCES users (id),
    action        TEXT   NOT NULL,
    target_type   TEXT   NOT NULL,
    target_id     BIGINT NOT NULL,
    target_label  TEXT   NOT NULL,
    before_value  TEXT,
    after_value   TEXT,
    at            BIGINT NOT NULL
);
CREATE INDEX audit_log_by_company ON audit_log (company_id, at);
