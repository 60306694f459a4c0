-- Issue 16: the Overview counts a day of contact logins by their time; the other attempt
-- tables have an index on theirs already (0005, 0008).
CREATE INDEX contact_login_attempts_by_at ON contact_login_attempts (at);
