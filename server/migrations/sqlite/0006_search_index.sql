-- Lists and searches that hold under load (storage/listing.rs says how they are used).
--
-- 1. search_text is now lower-case as a whole (emails and usernames included), so the
--    trigram index below can be case-sensitive and still agree with LIKE, which folds
--    ASCII only, exactly like lower() and the server's to_ascii_lowercase().
-- 2. A trigram index (FTS5, external content) over search_text, kept in step by triggers
--    in the writing transaction: "contains" searches of 3 or more characters read the
--    rows that hold the query's trigrams instead of scanning the company's list.
-- 3. Counts per company (and per status for users), kept by triggers, so the plain list
--    and the admin count never count rows.
-- 4. One index per sort order whose key is a single non-null expression (nulls last in
--    both directions by an ordering sentinel), so "next page after row X" is an index
--    range: key >= k AND (key, id) > (k, X).

DROP TRIGGER users_search_text_after_insert;
DROP TRIGGER users_search_text_after_update;
DROP TRIGGER contacts_search_text_after_insert;
DROP TRIGGER contacts_search_text_after_update;

CREATE TRIGGER users_search_text_after_insert AFTER INSERT ON users
BEGIN
    UPDATE users SET search_text = lower(NEW.display_name || ' ' || NEW.username || ' ' || NEW.email || ' ' || coalesce(NEW.phone, ''))
    WHERE id = NEW.id;
END;

CREATE TRIGGER users_search_text_after_update AFTER UPDATE OF display_name, username, email, phone ON users
BEGIN
    UPDATE users SET search_text = lower(NEW.display_name || ' ' || NEW.username || ' ' || NEW.email || ' ' || coalesce(NEW.phone, ''))
    WHERE id = NEW.id;
END;

CREATE TRIGGER contacts_search_text_after_insert AFTER INSERT ON contacts
BEGIN
    UPDATE contacts SET search_text = lower(NEW.name || ' ' || coalesce(NEW.email, '') || ' ' || coalesce(NEW.phone, ''))
    WHERE id = NEW.id;
END;

CREATE TRIGGER contacts_search_text_after_update AFTER UPDATE OF name, email, phone ON contacts
BEGIN
    UPDATE contacts SET search_text = lower(NEW.name || ' ' || coalesce(NEW.email, '') || ' ' || coalesce(NEW.phone, ''))
    WHERE id = NEW.id;
END;

UPDATE users SET search_text = lower(display_name || ' ' || username || ' ' || email || ' ' || coalesce(phone, ''));
UPDATE contacts SET search_text = lower(name || ' ' || coalesce(email, '') || ' ' || coalesce(phone, ''));

-- The trigram indexes. Every change of search_text (the triggers above make one for every
-- insert and every edit of a searched column) replaces the row's entry; a row's entry is
-- removed with the row. An empty search_text (the moment between INSERT and its trigger)
-- is never indexed, so the 'delete' of an old value always names what was indexed.
CREATE VIRTUAL TABLE users_fts USING fts5(
    search_text, content = 'users', content_rowid = 'id', tokenize = 'trigram case_sensitive 1');
CREATE VIRTUAL TABLE contacts_fts USING fts5(
    search_text, content = 'contacts', content_rowid = 'id', tokenize = 'trigram case_sensitive 1');
INSERT INTO users_fts (rowid, search_text) SELECT id, search_text FROM users WHERE search_text <> '';
INSERT INTO contacts_fts (rowid, search_text) SELECT id, search_text FROM contacts WHERE search_text <> '';

CREATE TRIGGER users_fts_after_update AFTER UPDATE OF search_text ON users
BEGIN
    INSERT INTO users_fts (users_fts, rowid, search_text)
        SELECT 'delete', OLD.id, OLD.search_text WHERE OLD.search_text <> '';
    INSERT INTO users_fts (rowid, search_text) SELECT NEW.id, NEW.search_text WHERE NEW.search_text <> '';
END;
CREATE TRIGGER users_fts_after_delete AFTER DELETE ON users
BEGIN
    INSERT INTO users_fts (users_fts, rowid, search_text)
        SELECT 'delete', OLD.id, OLD.search_text WHERE OLD.search_text <> '';
END;
CREATE TRIGGER contacts_fts_after_update AFTER UPDATE OF search_text ON contacts
BEGIN
    INSERT INTO contacts_fts (contacts_fts, rowid, search_text)
        SELECT 'delete', OLD.id, OLD.search_text WHERE OLD.search_text <> '';
    INSERT INTO contacts_fts (rowid, search_text) SELECT NEW.id, NEW.search_text WHERE NEW.search_text <> '';
END;
CREATE TRIGGER contacts_fts_after_delete AFTER DELETE ON contacts
BEGIN
    INSERT INTO contacts_fts (contacts_fts, rowid, search_text)
        SELECT 'delete', OLD.id, OLD.search_text WHERE OLD.search_text <> '';
END;

-- Counts. n is exact: every insert, delete and status change moves it in the same
-- transaction.
CREATE TABLE user_counts (
    company_id BIGINT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    status     TEXT   NOT NULL,
    n          BIGINT NOT NULL,
    PRIMARY KEY (company_id, status)
);
INSERT INTO user_counts (company_id, status, n) SELECT company_id, status, COUNT(*) FROM users GROUP BY company_id, status;

CREATE TRIGGER user_counts_after_insert AFTER INSERT ON users
BEGIN
    INSERT INTO user_counts (company_id, status, n) VALUES (NEW.company_id, NEW.status, 1)
        ON CONFLICT (company_id, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER user_counts_after_delete AFTER DELETE ON users
BEGIN
    UPDATE user_counts SET n = n - 1 WHERE company_id = OLD.company_id AND status = OLD.status;
END;
CREATE TRIGGER user_counts_after_update AFTER UPDATE OF status, company_id ON users
BEGIN
    UPDATE user_counts SET n = n - 1 WHERE company_id = OLD.company_id AND status = OLD.status;
    INSERT INTO user_counts (company_id, status, n) VALUES (NEW.company_id, NEW.status, 1)
        ON CONFLICT (company_id, status) DO UPDATE SET n = n + 1;
END;

CREATE TABLE contact_counts (
    company_id BIGINT NOT NULL PRIMARY KEY REFERENCES companies (id) ON DELETE CASCADE,
    n          BIGINT NOT NULL
);
INSERT INTO contact_counts (company_id, n) SELECT company_id, COUNT(*) FROM contacts GROUP BY company_id;

CREATE TRIGGER contact_counts_after_insert AFTER INSERT ON contacts
BEGIN
    INSERT INTO contact_counts (company_id, n) VALUES (NEW.company_id, 1)
        ON CONFLICT (company_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER contact_counts_after_delete AFTER DELETE ON contacts
BEGIN
    UPDATE contact_counts SET n = n - 1 WHERE company_id = OLD.company_id;
END;
CREATE TRIGGER contact_counts_after_update AFTER UPDATE OF company_id ON contacts
BEGIN
    UPDATE contact_counts SET n = n - 1 WHERE company_id = OLD.company_id;
    INSERT INTO contact_counts (company_id, n) VALUES (NEW.company_id, 1)
        ON CONFLICT (company_id) DO UPDATE SET n = n + 1;
END;

-- Sort orders with a nullable column: one index per direction, each with the sentinel
-- that puts "none" last (storage/listing.rs has the same expressions, which must match).
DROP INDEX users_by_company_phone;
DROP INDEX users_by_company_last_sign_in;
CREATE INDEX users_by_company_phone_asc ON users (company_id, coalesce(phone, '~'), id);
CREATE INDEX users_by_company_phone_desc ON users (company_id, coalesce(phone, ''), id);
CREATE INDEX users_by_company_last_sign_in_asc ON users (company_id, coalesce(last_sign_in_at, 9223372036854775807), id);
CREATE INDEX users_by_company_last_sign_in_desc ON users (company_id, coalesce(last_sign_in_at, -1), id);

-- A version of each company's list, moved by every write to it, in the writing
-- transaction: what a server instance remembers about a search (how many match) is
-- good while the version it was computed at is the current one.
CREATE TABLE list_versions (
    company_id BIGINT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    list       TEXT   NOT NULL CHECK (list IN ('users', 'contacts')),
    version    BIGINT NOT NULL,
    PRIMARY KEY (company_id, list)
);
INSERT INTO list_versions (company_id, list, version) SELECT id, 'users', 1 FROM companies;
INSERT INTO list_versions (company_id, list, version) SELECT id, 'contacts', 1 FROM companies;

CREATE TRIGGER list_versions_users_after_insert AFTER INSERT ON users
BEGIN
    INSERT INTO list_versions (company_id, list, version) VALUES (NEW.company_id, 'users', 1)
        ON CONFLICT (company_id, list) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER list_versions_users_after_update AFTER UPDATE ON users
BEGIN
    UPDATE list_versions SET version = version + 1 WHERE company_id IN (OLD.company_id, NEW.company_id) AND list = 'users';
END;
CREATE TRIGGER list_versions_users_after_delete AFTER DELETE ON users
BEGIN
    UPDATE list_versions SET version = version + 1 WHERE company_id = OLD.company_id AND list = 'users';
END;
CREATE TRIGGER list_versions_contacts_after_insert AFTER INSERT ON contacts
BEGIN
    INSERT INTO list_versions (company_id, list, version) VALUES (NEW.company_id, 'contacts', 1)
        ON CONFLICT (company_id, list) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER list_versions_contacts_after_update AFTER UPDATE ON contacts
BEGIN
    UPDATE list_versions SET version = version + 1 WHERE company_id IN (OLD.company_id, NEW.company_id) AND list = 'contacts';
END;
CREATE TRIGGER list_versions_contacts_after_delete AFTER DELETE ON contacts
BEGIN
    UPDATE list_versions SET version = version + 1 WHERE company_id = OLD.company_id AND list = 'contacts';
END;
