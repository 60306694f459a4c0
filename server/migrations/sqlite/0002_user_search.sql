-- Search as you type over 100,000 users of one company (measured by `cargo xtask bench`).
-- One lower-case text of everything a search matches (name, username, email, phone), kept
-- by triggers whatever writes the row, so that a search reads one compact covering index
-- instead of every row of the table. (A VIRTUAL generated column would be simpler, but
-- SQLite's planner does not treat an index on one as covering, and scans the table.)
ALTER TABLE users ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
UPDATE users SET search_text = lower(display_name) || ' ' || username || ' ' || email || ' ' || coalesce(phone, '');

CREATE TRIGGER users_search_text_after_insert AFTER INSERT ON users
BEGIN
    UPDATE users SET search_text = lower(NEW.display_name) || ' ' || NEW.username || ' ' || NEW.email || ' ' || coalesce(NEW.phone, '')
    WHERE id = NEW.id;
END;

CREATE TRIGGER users_search_text_after_update AFTER UPDATE OF display_name, username, email, phone ON users
BEGIN
    UPDATE users SET search_text = lower(NEW.display_name) || ' ' || NEW.username || ' ' || NEW.email || ' ' || coalesce(NEW.phone, '')
    WHERE id = NEW.id;
END;

-- Covering indexes in the default order (name): the first page of a search stops after
-- 25 matches, and counting the matches never touches the table.
DROP INDEX users_by_company_name;
DROP INDEX users_by_company_status;
CREATE INDEX users_by_company_name_search ON users (company_id, lower(display_name), id, search_text);
CREATE INDEX users_by_company_status_search ON users (company_id, status, lower(display_name), id, search_text);

-- One index per other sort order, with the exact expressions the list orders by.
CREATE INDEX users_by_company_username ON users (company_id, username, id);
CREATE INDEX users_by_company_email ON users (company_id, email, id);
CREATE INDEX users_by_company_phone ON users (company_id, (phone IS NULL), phone, id);
CREATE INDEX users_by_company_status_rank
    ON users (company_id, (CASE status WHEN 'admin' THEN 0 WHEN 'support' THEN 1 ELSE 2 END), id);
CREATE INDEX users_by_company_last_sign_in ON users (company_id, (last_sign_in_at IS NULL), last_sign_in_at, id);
