-- The company's country (ISO 3166-1 alpha-2): phone numbers of that country are shown in
-- its national format, all others in E.164 (switchboard_wire::phone::display).
ALTER TABLE companies ADD COLUMN country TEXT NOT NULL DEFAULT 'US'
    CHECK (length(country) = 2 AND country = upper(country));
