-- Issue 16 (as sqlite/0013): one row per person and cause with the time of their latest
-- failure, kept by triggers in the attempt's own transaction, so that the Overview's
-- "who could not get in today, by cause" walks one index instead of sorting a day of
-- attempts. Purged a day old with the attempts. `subject_id` is a user (kind 'console')
-- or a contact (kind 'contact'); neither is ever deleted, and a company's go with it.
CREATE TABLE recent_failures (
    company_id BIGINT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    kind       TEXT COLLATE "C" NOT NULL CHECK (kind IN ('console', 'contact')),
    subject_id BIGINT NOT NULL,
    -- The stored outcome, except a contact's lost session from a VPN or data centre: 'vpn'.
    cause      TEXT COLLATE "C" NOT NULL,
    last_at    BIGINT NOT NULL,
    PRIMARY KEY (kind, subject_id, cause)
);
CREATE INDEX recent_failures_by_company ON recent_failures (company_id, kind, cause, last_at, subject_id);

-- Once per statement; grouped, because one upsert may not touch a row twice. Unknown
-- usernames name no company, so they count nowhere.
CREATE FUNCTION recent_failures_console() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO recent_failures (company_id, kind, subject_id, cause, last_at)
    SELECT u.company_id, 'console', n.user_id, n.outcome, MAX(n.at)
    FROM new_rows n JOIN users u ON u.id = n.user_id
    WHERE n.outcome <> 'success'
    GROUP BY u.company_id, n.user_id, n.outcome
    ON CONFLICT (kind, subject_id, cause) DO UPDATE SET last_at = GREATEST(recent_failures.last_at, excluded.last_at);
    RETURN NULL;
END $$;
CREATE TRIGGER recent_failures_console AFTER INSERT ON console_sign_in_attempts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION recent_failures_console();

CREATE FUNCTION recent_failures_contact() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO recent_failures (company_id, kind, subject_id, cause, last_at)
    SELECT c.company_id, 'contact', n.contact_id, n.cause, MAX(n.at)
    FROM (SELECT contact_id, at,
                 CASE WHEN outcome = 'session_lost' AND network IS NOT NULL THEN 'vpn' ELSE outcome END AS cause
          FROM new_rows WHERE outcome <> 'success') n
    JOIN contacts c ON c.id = n.contact_id
    GROUP BY c.company_id, n.contact_id, n.cause
    ON CONFLICT (kind, subject_id, cause) DO UPDATE SET last_at = GREATEST(recent_failures.last_at, excluded.last_at);
    RETURN NULL;
END $$;
CREATE TRIGGER recent_failures_contact AFTER INSERT ON contact_login_attempts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION recent_failures_contact();

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
