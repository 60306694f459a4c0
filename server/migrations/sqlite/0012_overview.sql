-- Issue 16: the Overview counts a day of failures; these partial indexes hold only the
-- failures (a small part of the attempts), with what the counts read, so a count walks
-- the day's failures and nothing else.
CREATE INDEX agent_refusals_by_company ON agent_sign_in_attempts (company_id, at, outcome) WHERE outcome <> 'success';
CREATE INDEX console_failures_by_at ON console_sign_in_attempts (at, user_id, outcome) WHERE outcome <> 'success';
CREATE INDEX contact_login_failures_by_at ON contact_login_attempts (at, contact_id, outcome, network)
    WHERE outcome <> 'success';
-- "For Admin Access Only" today: the company's Users who signed in since a time.
CREATE INDEX users_by_company_status_sign_in ON users (company_id, status, last_sign_in_at);
