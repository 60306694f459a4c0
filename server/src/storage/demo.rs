//! Demo data: realistic companies, users, agents and contacts in every state the support
//! articles describe. The same generator makes the large data set of the benchmarks.

use super::batch::{bind_values, insert_sql, Value, MAX_ROWS};
use super::{Store, Tx};
use crate::domain::clock::{DAY_MS, MINUTE_MS};
use crate::domain::{password, token};

/// The password of every demo console user.
pub const DEMO_PASSWORD: &str = "switchboard-demo";
/// The passcode of every demo agent.
pub const DEMO_AGENT_PASSCODE: &str = "2468";
/// The logged-on demo agent whose phone stopped sending heartbeats 25 minutes before the
/// data was made (of each company that has it logged on): the Status page shows a stale
/// session from the first start, and its agent gets "That agent is already logged on."
pub const STALE_AGENT: &str = "1003";

/// The console sign-ins worth knowing, printed by `cargo xtask run`.
pub const DEMO_SIGN_INS: [(&str, &str); 5] = [
    ("ngarcia", "Admin of Northwind Contact Center"),
    ("sbrooks", "Support at Northwind Contact Center"),
    ("tnguyen", "User at Northwind: sees \"For Admin Access Only\""),
    ("kpatel", "Admin of Bluebird Outreach, whose trial has expired"),
    ("lwhite", "User at Lakeside Dental Group, which has no admin"),
];

/// The demo operator (Switchboard's own support staff), who signs in at `/operator`.
pub const DEMO_OPERATOR: (&str, &str) = ("mrivera", "Maya Rivera, Switchboard support: answers support requests");

/// How much to generate in the main company (Northwind).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub users: usize,
    pub agents: usize,
    pub logged_in_agents: usize,
    pub contacts: usize,
    /// A day of sign-in and login attempts (agents', console users', contacts'), spread over
    /// the 24 hours before the data is made: what the Overview counts.
    pub day_of_attempts: bool,
}

impl Shape {
    /// What `cargo xtask run` serves.
    pub const DEMO: Shape =
        Shape { users: 300, agents: 36, logged_in_agents: 12, contacts: 120, day_of_attempts: false };
    /// What `cargo xtask bench` measures.
    pub const LARGE: Shape =
        Shape { users: 100_000, agents: 2_000, logged_in_agents: 0, contacts: 1_000_000, day_of_attempts: true };
}

const FIRST: [&str; 40] = [
    "Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "James", "Isabella", "Lucas", "Mia", "Mateo", "Amara",
    "Kenji", "Fatima", "Diego", "Ingrid", "Tariq", "Mei", "Samuel", "Zara", "Andre", "Leila", "Hugo", "Nina", "Omar",
    "Chloe", "Ravi", "Sofia", "Ethan", "Yara", "Felix", "Maya", "Jonah", "Aiko", "Bruno", "Clara", "Dev", "Esme",
    "Gabriel",
];
const LAST: [&str; 40] = [
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Thomas", "Taylor",
    "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker",
    "Young", "Allen", "King", "Wright", "Scott", "Torres", "Hill", "Green", "Adams", "Baker", "Nelson", "Carter",
    "Mitchell", "Perez", "Roberts", "Turner", "Phillips", "Campbell",
];

/// A small deterministic generator, so every demo database is the same.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

struct Seeder {
    tx: Tx,
    now: i64,
    rng: Rng,
    password_hash: String,
    passcode_hash: String,
}

struct NewUser<'a> {
    username: &'a str,
    email: &'a str,
    phone: Option<&'a str>,
    name: &'a str,
    status: &'a str,
    last_sign_in_days_ago: Option<i64>,
}

/// Contact data for a named demo contact.
struct NewContact<'a> {
    name: &'a str,
    email: Option<&'a str>,
    phone: Option<&'a str>,
}

impl Store {
    /// Loads the demo data into an empty database; does nothing if any company exists,
    /// so a second start keeps what was changed. Returns whether it loaded anything.
    pub async fn load_demo_data(&self, shape: Shape, now: i64) -> anyhow::Result<bool> {
        if self.company_count().await? > 0 {
            return Ok(false);
        }
        let mut seeder = Seeder {
            tx: self.begin().await?,
            now,
            rng: Rng(0x5eed_5eed_1234_5678),
            // One hash per secret: hashing hundreds of thousands of demo users separately
            // would take hours, and every demo user has the same password anyway.
            password_hash: password::hash(DEMO_PASSWORD),
            passcode_hash: password::hash(DEMO_AGENT_PASSCODE),
        };
        seeder.northwind(shape).await?;
        seeder.bluebird().await?;
        seeder.lakeside().await?;
        seeder.operator().await?;
        seeder.tx.commit().await?;
        self.refresh_statistics().await?;
        Ok(true)
    }
}

/// The columns of a generated user, in the order `generated_users` gives them.
const USER_COLUMNS: [&str; 9] = [
    "company_id",
    "username",
    "email",
    "phone",
    "display_name",
    "status",
    "password_hash",
    "last_sign_in_at",
    "created_at",
];

/// The columns of a generated contact.
const CONTACT_COLUMNS: [&str; 7] =
    ["company_id", "name", "email", "phone", "created_at", "sms_opted_out_at", "sms_opt_out_source"];

impl Seeder {
    /// `values`, row after row of `columns`, in as few statements as the limits allow.
    async fn insert_rows(&mut self, table: &str, columns: &[&str], values: Vec<Value>) -> sqlx::Result<()> {
        let rows = values.len() / columns.len();
        if rows == 0 {
            return Ok(());
        }
        let sql = insert_sql(table, columns, rows);
        on_tx!(self.tx, conn => bind_values!(sqlx::query(&sql), values).execute(conn).await.map(|_| ()))
    }

    async fn company(&mut self, name: &str, slug: &str, trial_ends_at: Option<i64>) -> sqlx::Result<i64> {
        on_tx!(self.tx, conn => sqlx::query_scalar(
            "INSERT INTO companies (name, slug, trial_ends_at, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(name)
        .bind(slug)
        .bind(trial_ends_at)
        .bind(self.now - 400 * DAY_MS)
        .fetch_one(conn)
        .await)
    }

    async fn user(&mut self, company_id: i64, u: NewUser<'_>) -> sqlx::Result<i64> {
        on_tx!(self.tx, conn => sqlx::query_scalar(
            "INSERT INTO users (company_id, username, email, phone, display_name, status, password_hash,
                                last_sign_in_at, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(company_id)
        .bind(u.username)
        .bind(u.email)
        .bind(u.phone)
        .bind(u.name)
        .bind(u.status)
        .bind(&self.password_hash)
        .bind(u.last_sign_in_days_ago.map(|d| self.now - d * DAY_MS - 7 * MINUTE_MS))
        .bind(self.now - 300 * DAY_MS)
        .fetch_one(conn)
        .await)
    }

    async fn generated_users(
        &mut self,
        company_id: i64,
        domain: &str,
        count: usize,
        first_index: usize,
    ) -> sqlx::Result<()> {
        // Many rows a statement: the large set has 100,000 users.
        let mut rows = Vec::new();
        for i in first_index..first_index + count {
            let (first, last) = (FIRST[self.rng.below(40)], LAST[self.rng.below(40)]);
            let username = format!("{}{}{i:04}", first[..1].to_lowercase(), last.to_lowercase());
            let email = format!("{}.{}{i}@{domain}", first.to_lowercase(), last.to_lowercase());
            let phone = format!("+1555{:07}", 2_000_000 + i);
            // About 3% admins and 7% support staff, as in a real contact center.
            let status = match i % 100 {
                0..=2 => "admin",
                3..=9 => "support",
                _ => "user",
            };
            let last_sign_in = (i % 7 != 0).then_some((i % 60) as i64);
            let with_phone = i % 5 != 0;
            rows.extend([
                Value::Int(Some(company_id)),
                Value::Text(Some(username)),
                Value::Text(Some(email)),
                Value::Text(with_phone.then_some(phone)),
                Value::Text(Some(format!("{first} {last}"))),
                Value::Text(Some(status.to_string())),
                Value::Text(Some(self.password_hash.clone())),
                Value::Int(last_sign_in.map(|d| self.now - d * DAY_MS - 7 * MINUTE_MS)),
                Value::Int(Some(self.now - 300 * DAY_MS)),
            ]);
            if rows.len() == USER_COLUMNS.len() * MAX_ROWS {
                self.insert_rows("users", &USER_COLUMNS, std::mem::take(&mut rows)).await?;
            }
        }
        self.insert_rows("users", &USER_COLUMNS, rows).await?;
        Ok(())
    }

    async fn agents(
        &mut self,
        company_id: i64,
        count: usize,
        logged_in: usize,
        first_number: usize,
    ) -> sqlx::Result<()> {
        const STATES: [&str; 4] = ["available", "on_call", "wrap_up", "break"];
        for i in 0..count {
            let name = format!("{} {}", FIRST[self.rng.below(40)], LAST[self.rng.below(40)]);
            let agent_id: i64 = on_tx!(self.tx, conn => sqlx::query_scalar(
                "INSERT INTO agents (company_id, agent_number, passcode_hash, name, created_at)
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(company_id)
            .bind((first_number + i).to_string())
            .bind(&self.passcode_hash)
            .bind(&name)
            .bind(self.now - 200 * DAY_MS)
            .fetch_one(conn)
            .await)?;
            if i < logged_in {
                let started = self.now - (20 + 9 * i as i64) * MINUTE_MS;
                let state_since = self.now - (1 + (i as i64 % 11)) * MINUTE_MS;
                on_tx!(self.tx, conn => sqlx::query(
                    "INSERT INTO agent_sessions (agent_id, company_id, station, state, state_since,
                                                 started_at, last_activity_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(agent_id)
                .bind(company_id)
                .bind(format!("+1555{:07}", 4_000_000 + i))
                .bind(STATES[i % 4])
                .bind(state_since)
                .bind(started)
                .bind(if (first_number + i).to_string() == STALE_AGENT { self.now - 25 * MINUTE_MS } else { self.now - 20_000 })
                .execute(conn)
                .await.map(|done| done.rows_affected()))?;
            }
        }
        Ok(())
    }

    /// The Ternio article's checks 2 and 3: Tom Nguyen is the person behind agent 1003, whose
    /// phone went away with its session open; agent 1002 is logged on with Daniel Okafor's
    /// phone number.
    async fn people_behind_agents(&mut self, company_id: i64) -> sqlx::Result<()> {
        on_tx!(self.tx, conn => sqlx::query(
            "UPDATE users SET agent_id = (SELECT id FROM agents WHERE company_id = $1 AND agent_number = $2)
             WHERE company_id = $1 AND username = 'tnguyen'",
        )
        .bind(company_id)
        .bind(STALE_AGENT)
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        on_tx!(self.tx, conn => sqlx::query(
            "UPDATE agent_sessions SET station = (SELECT phone FROM users WHERE company_id = $1 AND username = 'dokafor')
             WHERE company_id = $1 AND ended_at IS NULL
               AND agent_id = (SELECT id FROM agents WHERE company_id = $1 AND agent_number = '1002')",
        )
        .bind(company_id)
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    async fn contact(&mut self, company_id: i64, c: NewContact<'_>) -> sqlx::Result<i64> {
        on_tx!(self.tx, conn => sqlx::query_scalar(
            "INSERT INTO contacts (company_id, name, email, phone, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(company_id)
        .bind(c.name)
        .bind(c.email)
        .bind(c.phone)
        .bind(self.now - 120 * DAY_MS)
        .fetch_one(conn)
        .await)
    }

    async fn opt_out(&mut self, contact_id: i64, channel: &str, days_ago: i64, source: &str) -> sqlx::Result<()> {
        let sql = match channel {
            "sms" => "UPDATE contacts SET sms_opted_out_at = $1, sms_opt_out_source = $2 WHERE id = $3",
            _ => "UPDATE contacts SET email_opted_out_at = $1, email_opt_out_source = $2 WHERE id = $3",
        };
        on_tx!(self.tx, conn => sqlx::query(sql)
            .bind(self.now - days_ago * DAY_MS)
            .bind(source)
            .bind(contact_id)
            .execute(conn)
            .await.map(|done| done.rows_affected()))
        .map(|_| ())
    }

    async fn device(
        &mut self,
        contact_id: i64,
        label: &str,
        first_days_ago: i64,
        last_days_ago: i64,
    ) -> sqlx::Result<i64> {
        on_tx!(self.tx, conn => sqlx::query_scalar(
            "INSERT INTO contact_devices (contact_id, label, first_seen_at, last_seen_at)
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(contact_id)
        .bind(label)
        .bind(self.now - first_days_ago * DAY_MS)
        .bind(self.now - last_days_ago * DAY_MS)
        .fetch_one(conn)
        .await)
    }

    /// A code sent `minutes_ago`; only its hash is stored, of a random code nobody knows.
    async fn code(
        &mut self,
        contact_id: i64,
        channel: &str,
        minutes_ago: i64,
        used: bool,
        device: Option<i64>,
    ) -> sqlx::Result<()> {
        let sent = self.now - minutes_ago * MINUTE_MS;
        on_tx!(self.tx, conn => sqlx::query(
            "INSERT INTO confirmation_codes (contact_id, channel, code_hash, device_id, sent_at, used_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(contact_id)
        .bind(channel)
        .bind(token::token_hash(&token::random_token()))
        .bind(device)
        .bind(sent)
        .bind(used.then_some(sent + 2 * MINUTE_MS))
        .execute(conn)
        .await.map(|done| done.rows_affected()))
        .map(|_| ())
    }

    /// A contact's login attempt of `minutes_ago`, through a message and a device if it
    /// came from one, from a VPN or data centre if `network` says so.
    async fn login_attempt(
        &mut self,
        contact_id: i64,
        channel: &str,
        outcome: &str,
        (message, device): (Option<i64>, Option<i64>),
        network: Option<&str>,
        minutes_ago: i64,
    ) -> sqlx::Result<()> {
        on_tx!(self.tx, conn => sqlx::query(
            "INSERT INTO contact_login_attempts (contact_id, channel, device_id, message_id, outcome, network, at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(contact_id)
        .bind(channel)
        .bind(device)
        .bind(message)
        .bind(outcome)
        .bind(network)
        .bind(self.now - minutes_ago * MINUTE_MS)
        .execute(conn)
        .await.map(|done| done.rows_affected()))
        .map(|_| ())
    }

    async fn message(&mut self, company_id: i64, title: &str, days_ago: i64) -> sqlx::Result<i64> {
        on_tx!(self.tx, conn => sqlx::query_scalar("INSERT INTO messages (company_id, title, created_at) VALUES ($1, $2, $3) RETURNING id")
            .bind(company_id)
            .bind(title)
            .bind(self.now - days_ago * DAY_MS)
            .fetch_one(conn)
            .await)
    }

    async fn publish(&mut self, message_id: i64, contact_id: i64) -> sqlx::Result<()> {
        on_tx!(self.tx, conn => sqlx::query("INSERT INTO message_recipients (message_id, contact_id, published_at) VALUES ($1, $2, $3)")
            .bind(message_id)
            .bind(contact_id)
            .bind(self.now - 3 * DAY_MS)
            .execute(conn)
            .await.map(|done| done.rows_affected()))
            .map(|_| ())
    }

    async fn northwind(&mut self, shape: Shape) -> sqlx::Result<()> {
        let company = self.company("Northwind Contact Center", "northwind", None).await?;
        let named = [
            ("ngarcia", "nora.garcia@northwind.example", "Nora Garcia", "admin", Some(0)),
            ("dokafor", "daniel.okafor@northwind.example", "Daniel Okafor", "admin", Some(2)),
            ("sbrooks", "sam.brooks@northwind.example", "Sam Brooks", "support", Some(1)),
            ("tnguyen", "tom.nguyen@northwind.example", "Tom Nguyen", "user", Some(5)),
            ("rmorales", "rosa.morales@northwind.example", "Rosa Morales", "user", None),
        ];
        for (i, (username, email, name, status, days)) in named.into_iter().enumerate() {
            let phone = format!("+1555010{:04}", 1000 + i);
            let id = self
                .user(
                    company,
                    NewUser { username, email, phone: Some(&phone), name, status, last_sign_in_days_ago: days },
                )
                .await?;
            if username == "rmorales" {
                // She keeps typing her email where the username is required (the Ternio article).
                for minutes in [50, 48, 45] {
                    on_tx!(self.tx, conn => sqlx::query(
                        "INSERT INTO console_sign_in_attempts (identifier, user_id, outcome, at)
                         VALUES ($1, $2, 'used_email', $3)",
                    )
                    .bind(email)
                    .bind(id)
                    .bind(self.now - minutes * MINUTE_MS)
                    .execute(conn)
                    .await.map(|done| done.rows_affected()))?;
                }
            }
        }
        let generated = shape.users.saturating_sub(named.len());
        self.generated_users(company, "northwind.example", generated, 0).await?;
        self.agents(company, shape.agents, shape.logged_in_agents, 1001).await?;
        self.people_behind_agents(company).await?;
        self.northwind_contacts(company, shape.contacts).await?;
        if shape.day_of_attempts {
            self.day_of_attempts(company).await?;
        }
        Ok(())
    }

    /// A day of attempts, each statement a set over the company's own rows: five log-ons an
    /// agent (one in twenty a wrong passcode, some already logged on), a fifth of the users
    /// signing in (a tenth of those with a wrong password, some with their email), and one
    /// contact in twenty logging in (some with an older code, some lost on a VPN).
    async fn day_of_attempts(&mut self, company: i64) -> sqlx::Result<()> {
        let statements = [
            "INSERT INTO agent_sign_in_attempts (company_id, agent_id, agent_number, station, outcome, at)
             SELECT a.company_id, a.id, a.agent_number, '+1555700' || a.agent_number,
                    CASE WHEN (a.id + r.k) % 20 = 0 THEN 'wrong_passcode'
                         WHEN (a.id + r.k) % 45 = 0 THEN 'already_logged_on'
                         WHEN (a.id + r.k) % 97 = 0 THEN 'unknown_number' ELSE 'success' END,
                    $2 - ((a.id * 5 + r.k) * 7919) % 86400000
             FROM agents a, (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) r
             WHERE a.company_id = $1",
            "INSERT INTO console_sign_in_attempts (identifier, user_id, outcome, at)
             SELECT username, id,
                    CASE WHEN id % 50 = 0 THEN 'wrong_password' WHEN id % 85 = 0 THEN 'used_email' ELSE 'success' END,
                    $2 - (id * 4327) % 86400000
             FROM users WHERE company_id = $1 AND id % 5 = 0",
            "INSERT INTO contact_login_attempts (contact_id, channel, outcome, network, at)
             SELECT id, 'email',
                    CASE WHEN id % 140 = 0 THEN 'code_superseded' WHEN id % 260 = 0 THEN 'session_lost'
                         WHEN id % 300 = 0 THEN 'opted_out' ELSE 'success' END,
                    CASE WHEN id % 260 = 0 THEN 'vpn' END,
                    $2 - (id * 7919) % 86400000
             FROM contacts WHERE company_id = $1 AND id % 20 = 0",
        ];
        for sql in statements {
            on_tx!(self.tx, conn => sqlx::query(sql).bind(company).bind(self.now).execute(conn).await.map(|_| ()))?;
        }
        Ok(())
    }

    /// The contacts of the contact-card article, one per state it describes, then ordinary ones.
    async fn northwind_contacts(&mut self, company: i64, count: usize) -> sqlx::Result<()> {
        let newsletter = self.message(company, "November schedule", 6).await?;
        let benefits = self.message(company, "Q3 benefits update", 4).await?;

        let priya = self
            .contact(
                company,
                NewContact { name: "Priya Shah", email: Some("priya.shah@mail.example"), phone: Some("+15550100101") },
            )
            .await?;
        let laptop = self.device(priya, "Chrome on Windows", 90, 1).await?;
        self.code(priya, "email", 60 * 24, true, Some(laptop)).await?;
        self.login_attempt(priya, "email", "success", (Some(newsletter), Some(laptop)), None, 60 * 24 - 3).await?;

        let marcus =
            self.contact(company, NewContact { name: "Marcus Lee", email: None, phone: Some("+15550100102") }).await?;
        self.device(marcus, "Safari on iPhone", 60, 2).await?;

        let elena = self
            .contact(
                company,
                NewContact { name: "Elena Petrova", email: Some("elena.petrova@mail.example"), phone: None },
            )
            .await?;
        self.device(elena, "Firefox on macOS", 30, 3).await?;

        let jonas = self
            .contact(
                company,
                NewContact { name: "Jonas Berg", email: Some("jonas.berg@mail.example"), phone: Some("+15550100199") },
            )
            .await?;
        self.opt_out(jonas, "sms", 21, "Replied STOP to a code text").await?;
        self.login_attempt(jonas, "sms", "opted_out", (None, None), None, 30).await?;

        let aisha = self
            .contact(
                company,
                NewContact {
                    name: "Aisha Bello",
                    email: Some("aisha.bello@mail.example"),
                    phone: Some("+15550100104"),
                },
            )
            .await?;
        self.opt_out(aisha, "email", 45, "Unsubscribe link in an email").await?;
        self.login_attempt(aisha, "email", "opted_out", (None, None), None, 90).await?;

        let carlos = self
            .contact(
                company,
                NewContact {
                    name: "Carlos Mendes",
                    email: Some("carlos.mendes@mail.example"),
                    phone: Some("+15550100105"),
                },
            )
            .await?;
        let carlos_phone = self.device(carlos, "Chrome on Android", 40, 0).await?;
        for minutes in [40, 25, 12, 4] {
            self.code(carlos, "sms", minutes, false, Some(carlos_phone)).await?;
        }
        self.login_attempt(carlos, "sms", "code_superseded", (Some(newsletter), Some(carlos_phone)), None, 3).await?;

        let hannah = self
            .contact(
                company,
                NewContact { name: "Hannah Kim", email: Some("hannah.kim@mail.example"), phone: Some("+15550100106") },
            )
            .await?;
        let hannah_laptop = self.device(hannah, "Edge on Windows", 70, 0).await?;
        self.code(hannah, "email", 15, true, Some(hannah_laptop)).await?;
        self.login_attempt(hannah, "email", "not_published", (Some(benefits), Some(hannah_laptop)), None, 12).await?;

        let oliver = self
            .contact(
                company,
                NewContact {
                    name: "Oliver Wright",
                    email: Some("oliver.wright@mail.example"),
                    phone: Some("+15550100107"),
                },
            )
            .await?;
        for days in [9, 7, 5, 3, 1] {
            let device = self.device(oliver, "Chrome on Windows (no saved cookie)", days, days).await?;
            self.code(oliver, "email", days * 24 * 60, true, Some(device)).await?;
        }

        let grace = self
            .contact(
                company,
                NewContact { name: "Grace Liu", email: Some("grace.liu@mail.example"), phone: Some("+15550100108") },
            )
            .await?;
        for minutes in [35, 20] {
            self.login_attempt(grace, "email", "no_code_received", (None, None), None, minutes).await?;
        }

        self.contact(company, NewContact { name: "Tomás Rivera", email: None, phone: None }).await?;

        // On a VPN: codes accepted, logins that did not hold.
        let sven = self
            .contact(
                company,
                NewContact { name: "Sven Lindqvist", email: Some("sven.lindqvist@mail.example"), phone: None },
            )
            .await?;
        let sven_laptop = self.device(sven, "Firefox on Windows", 120, 0).await?;
        self.login_attempt(sven, "email", "success", (Some(newsletter), Some(sven_laptop)), None, 60 * 24 * 30).await?;
        self.code(sven, "email", 50, true, Some(sven_laptop)).await?;
        for minutes in [48, 12] {
            self.login_attempt(
                sven,
                "email",
                "session_lost",
                (Some(newsletter), Some(sven_laptop)),
                Some("vpn"),
                minutes,
            )
            .await?;
        }

        for contact in [priya, marcus, elena, jonas, aisha, carlos, oliver, grace, sven] {
            self.publish(newsletter, contact).await?;
            self.publish(benefits, contact).await?;
        }
        self.publish(newsletter, hannah).await?;

        const NAMED: usize = 11;
        let generated = count.saturating_sub(NAMED);
        // Many rows a statement: the large set has 1,000,000 contacts.
        let mut rows = Vec::new();
        for i in 0..generated {
            if i > 0 && i % 100_000 == 0 {
                tracing::info!("demo data: {i} of {generated} contacts");
            }
            let (first, last) = (FIRST[self.rng.below(40)], LAST[self.rng.below(40)]);
            let email = format!("{}.{}.{i}@mail.example", first.to_lowercase(), last.to_lowercase());
            let phone = format!("+1555{:07}", 3_000_000 + i);
            let opted_out = i % 25 == 0;
            rows.extend([
                Value::Int(Some(company)),
                Value::Text(Some(format!("{first} {last}"))),
                Value::Text((i % 9 != 0).then_some(email)),
                Value::Text((i % 4 != 0).then_some(phone)),
                Value::Int(Some(self.now - 120 * DAY_MS)),
                Value::Int(opted_out.then(|| self.now - ((i % 30) as i64 + 1) * DAY_MS)),
                Value::Text(opted_out.then(|| "Replied STOP to a code text".to_string())),
            ]);
            if rows.len() == CONTACT_COLUMNS.len() * MAX_ROWS {
                self.insert_rows("contacts", &CONTACT_COLUMNS, std::mem::take(&mut rows)).await?;
            }
        }
        self.insert_rows("contacts", &CONTACT_COLUMNS, rows).await?;
        Ok(())
    }

    async fn bluebird(&mut self) -> sqlx::Result<()> {
        let expired = Some(self.now - 30 * DAY_MS);
        let company = self.company("Bluebird Outreach", "bluebird", expired).await?;
        self.user(
            company,
            NewUser {
                username: "kpatel",
                email: "kiran.patel@bluebird.example",
                phone: Some("+15550102001"),
                name: "Kiran Patel",
                status: "admin",
                last_sign_in_days_ago: Some(31),
            },
        )
        .await?;
        self.generated_users(company, "bluebird.example", 24, 9_000_000).await?;
        self.agents(company, 6, 0, 1001).await?;
        for (name, email) in [("Ruth Evans", "ruth.evans@mail.example"), ("Ahmed Saleh", "ahmed.saleh@mail.example")] {
            self.contact(company, NewContact { name, email: Some(email), phone: None }).await?;
        }
        Ok(())
    }

    async fn operator(&mut self) -> sqlx::Result<()> {
        on_tx!(self.tx, conn => sqlx::query(
            "INSERT INTO operators (username, display_name, email, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(DEMO_OPERATOR.0)
        .bind("Maya Rivera")
        .bind("maya.rivera@switchboard.example")
        .bind(&self.password_hash)
        .bind(self.now)
        .execute(conn)
        .await
        .map(|_| ()))
    }

    async fn lakeside(&mut self) -> sqlx::Result<()> {
        let company = self.company("Lakeside Dental Group", "lakeside", None).await?;
        let people = [
            ("lwhite", "laura.white@lakeside.example", "Laura White"),
            ("pcho", "peter.cho@lakeside.example", "Peter Cho"),
            ("bokoye", "bola.okoye@lakeside.example", "Bola Okoye"),
        ];
        for (username, email, name) in people {
            self.user(
                company,
                NewUser { username, email, phone: None, name, status: "user", last_sign_in_days_ago: Some(3) },
            )
            .await?;
        }
        self.agents(company, 4, 1, 1001).await
    }
}
