-- Issue 15: a log-on from a phone or station its agent has never used, or from one another
-- agent usually logs on from, is flagged on the Status page; the note is made at log-on.
ALTER TABLE agent_sessions ADD COLUMN station_note TEXT;
-- What that note looks up (successful log-ons at a station), and the refused log-ons'
-- filter by agent number, newest first.
CREATE INDEX agent_sign_in_attempts_by_station ON agent_sign_in_attempts (company_id, station, outcome);
CREATE INDEX agent_sign_in_attempts_by_number ON agent_sign_in_attempts (company_id, agent_number, id);
