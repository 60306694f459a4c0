-- Issue 15 (as sqlite/0008): refused agent log-ons told apart, the network of a contact's
-- login, and a login that failed after its code was accepted.
ALTER TABLE agent_sign_in_attempts DROP CONSTRAINT agent_sign_in_attempts_outcome_check;
ALTER TABLE agent_sign_in_attempts ADD CONSTRAINT agent_sign_in_attempts_outcome_check CHECK (outcome IN
    ('success', 'already_logged_on', 'station_in_use', 'wrong_credentials',
     'wrong_passcode', 'unknown_number', 'trial_ended'));
ALTER TABLE contact_login_attempts DROP CONSTRAINT contact_login_attempts_outcome_check;
ALTER TABLE contact_login_attempts ADD CONSTRAINT contact_login_attempts_outcome_check CHECK (outcome IN
    ('success', 'code_superseded', 'code_wrong', 'not_published', 'opted_out', 'no_code_received',
     'session_lost'));
ALTER TABLE contact_login_attempts ADD COLUMN network TEXT COLLATE "C" CHECK (network IN ('vpn', 'data_centre'));
