-- Issue 16: the Overview's "who could not get in today, by cause" must stay cheap however
-- many attempts a day brings. Counting distinct people over a day of attempts sorts them
-- (tens of milliseconds at 13,000 failed contact logins); instead one row per person and
-- cause keeps the time of their latest failure, written by triggers in the transaction
-- of the attempt itself, whatever writes it. A count is then a walk of one index in its
-- own order. Rows a day old are purged with the attempts (purge_old_records).
-- `subject_id` is a user (kind 'console') or a contact (kind 'contact'); neither is ever
-- deleted, and a company's go with it.
CREATE TABLE recent_failures (
    company_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('console', 'contact')),
    subject_id INTEGER NOT NULL,
    -- The stored outcome, except a contact's lost session from a VPN or data centre: 'vpn'.
    cause      TEXT NOT NULL,
    last_at    INTEGER NOT NULL,
    PRIMARY KEY (kind, subject_id, cause)
) WITHOUT ROWID;
CREATE INDEX recent_failures_by_company ON recent_failures (company_id, kind, cause, last_at, subject_id);

-- Unknown usernames name no company, so they count nowhere.
CREATE TRIGGER recent_failures_console AFTER INSERT ON console_sign_in_attempts
WHEN NEW.outcome <> 'success' AND NEW.user_id IS NOT NULL
BEGIN
    INSERT INTO recent_failures (company_id, kind, subject_id, cause, last_at)
    SELECT u.company_id, 'console', NEW.user_id, NEW.outcome, NEW.at FROM users u WHERE u.id = NEW.user_id
    ON CONFLICT (kind, subject_id, cause) DO UPDATE SET last_at = max(recent_failures.last_at, excluded.last_at);
END;

CREATE TRIGGER recent_failures_contact AFTER INSERT ON contact_login_attempts
WHEN NEW.outcome <> 'success'
BEGIN
    INSERT INTO recent_failures (company_id, kind, subject_id, cause, last_at)
    SELECT c.company_id, 'contact', NEW.contact_id,
           CASE WHEN NEW.outcome = 'session_lost' AND NEW.network IS NOT NULL THEN 'vpn' ELSE NEW.outcome END, NEW.at
    FROM contacts c WHERE c.id = NEW.contact_id
    ON CONFLICT (kind, subject_id, cause) DO UPDATE SET last_at = max(recent_failures.last_at, excluded.last_at);
END;

-- The failures already recorded.
INSERT INTO recent_failures (company_id, kind, subject_id, cause, last_at)
SELECT u.company_id, 'console', a.user_id, a.outcome, MAX(a.at)
FROM console_sign_in_attempts a JOIN users u ON u.id = a.user_id
WHERE a.outcome <> 'success'
GROUP BY u.company_id, a.user_id, a.outcome;
INSERT INTO recent_failures (company_id, kind, subject_id, cause, last_at)
SELECT c.company_id, 'contact', l.contact_id, l.cause, MAX(l.at)
FROM (SELECT contact_id, at,
             CASE WHEN outcome = 'session_lost' AND network IS NOT NULL THEN 'vpn' ELSE outcome END AS cause
      FROM contact_login_attempts WHERE outcome <> 'success') l
JOIN contacts c ON c.id = l.contact_id
GROUP BY c.company_id, l.contact_id, l.cause;

-- They served only the counts this table now answers.
DROP INDEX console_failures_by_at;
DROP INDEX contact_login_failures_by_at;

-- The users list filtered to "locked out now" finds each throttled username's user by the
-- throttle's key, the lower-cased username.
CREATE INDEX users_by_lower_username ON users (lower(username));
