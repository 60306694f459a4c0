-- Issue 15 (as sqlite/0009): the person behind an agent number. A user can be linked to one agent of their
-- own company (the store checks the company), so that "Why can't they sign in?" can see
-- their open agent session and who else is logged on with their phone number.
ALTER TABLE users ADD COLUMN agent_id BIGINT REFERENCES agents (id);
CREATE UNIQUE INDEX users_one_per_agent ON users (agent_id) WHERE agent_id IS NOT NULL;
