-- Search as you type over 100,000 contacts (measured by `cargo xtask bench`), the same
-- way as users in 0002: one lower-case text of what a search matches (name, email, phone),
-- kept by triggers, inside a covering index in the list's order (lower(name), id).
ALTER TABLE contacts ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
UPDATE contacts SET search_text = lower(name) || ' ' || coalesce(email, '') || ' ' || coalesce(phone, '');

CREATE TRIGGER contacts_search_text_after_insert AFTER INSERT ON contacts
BEGIN
    UPDATE contacts SET search_text = lower(NEW.name) || ' ' || coalesce(NEW.email, '') || ' ' || coalesce(NEW.phone, '')
    WHERE id = NEW.id;
END;

CREATE TRIGGER contacts_search_text_after_update AFTER UPDATE OF name, email, phone ON contacts
BEGIN
    UPDATE contacts SET search_text = lower(NEW.name) || ' ' || coalesce(NEW.email, '') || ' ' || coalesce(NEW.phone, '')
    WHERE id = NEW.id;
END;

DROP INDEX contacts_by_company_name;
CREATE INDEX contacts_by_company_name_search ON contacts (company_id, lower(name), id, search_text);
