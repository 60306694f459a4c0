-- Issue 15: causes the articles name, recorded so that they can be told apart.
-- Refused agent log-ons: a wrong passcode of an agent of this service, an agent number that
-- is not of this service, and the company's trial having ended ('wrong_credentials' stays,
-- for rows written before). Contact logins: the network the platform saw them come from
-- (a VPN, a data centre; NULL for an ordinary one), and a login that failed after its code
-- was accepted. SQLite cannot change a CHECK, so both tables are rebuilt as they were.
CREATE TABLE agent_sign_in_attempts_new (
    id           INTEGER PRIMARY KEY,
    company_id   BIGINT NOT NULL REFERENCES companies (id),
    agent_id     BIGINT REFERENCES agents (id),
    agent_number TEXT   NOT NULL,
    station      TEXT   NOT NULL,
    outcome      TEXT   NOT NULL CHECK (outcome IN
                   ('success', 'already_logged_on', 'station_in_use', 'wrong_credentials',
                    'wrong_passcode', 'unknown_number', 'trial_ended')),
    at           BIGINT NOT NULL
);
INSERT INTO agent_sign_in_attempts_new (id, company_id, agent_id, agent_number, station, outcome, at)
    SELECT id, company_id, agent_id, agent_number, station, outcome, at FROM agent_sign_in_attempts;
DROP TABLE agent_sign_in_attempts;
ALTER TABLE agent_sign_in_attempts_new RENAME TO agent_sign_in_attempts;
CREATE INDEX agent_sign_in_attempts_by_company ON agent_sign_in_attempts (company_id, at);
CREATE INDEX agent_sign_in_attempts_by_at ON agent_sign_in_attempts (at);

CREATE TABLE contact_login_attempts_new (
    id         INTEGER PRIMARY KEY,
    contact_id BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    channel    TEXT   NOT NULL CHECK (channel IN ('email', 'sms')),
    device_id  BIGINT REFERENCES contact_devices (id),
    message_id BIGINT REFERENCES messages (id),
    outcome    TEXT   NOT NULL CHECK (outcome IN
                 ('success', 'code_superseded', 'code_wrong', 'not_published', 'opted_out', 'no_code_received',
                  'session_lost')),
    network    TEXT CHECK (network IN ('vpn', 'data_centre')),
    at         BIGINT NOT NULL
);
INSERT INTO contact_login_attempts_new (id, contact_id, channel, device_id, message_id, outcome, at)
    SELECT id, contact_id, channel, device_id, message_id, outcome, at FROM contact_login_attempts;
DROP TABLE contact_login_attempts;
ALTER TABLE contact_login_attempts_new RENAME TO contact_login_attempts;
CREATE INDEX contact_login_attempts_by_contact ON contact_login_attempts (contact_id, at);
