-- The first schema: the association, the devices, members, projects, and the append-only
-- ledger of contributions, expenses and reversals with the figures derived from it.
--
-- Money is INTEGER minor units of the association's currency. Instants are UTC text
-- 'YYYY-MM-DDTHH:MM:SSZ', dates 'YYYY-MM-DD'. Ids are UUIDv7 as 16-byte BLOBs; devices,
-- members and projects also have a small local INTEGER key that entries refer to, which
-- keeps the entry tables and their indexes small. Keys never leave this file: the ids do.

CREATE TABLE association (
    singleton        INTEGER PRIMARY KEY CHECK (singleton = 1),
    id               BLOB NOT NULL CHECK (length(id) = 16),
    name             TEXT NOT NULL CHECK (length(trim(name)) > 0),
    currency         TEXT NOT NULL CHECK (length(currency) = 3),
    minor_units      INTEGER NOT NULL CHECK (minor_units BETWEEN 0 AND 4),
    locale           TEXT NOT NULL,
    max_amount_minor INTEGER NOT NULL CHECK (max_amount_minor > 0),
    created_at       TEXT NOT NULL
) STRICT;

-- This database's own device (is_local = 1) and, later, the peers it has merged from.
CREATE TABLE device (
    key       INTEGER PRIMARY KEY,
    id        BLOB NOT NULL UNIQUE CHECK (length(id) = 16),
    name      TEXT NOT NULL,
    is_local  INTEGER NOT NULL CHECK (is_local IN (0, 1)),
    last_seq  INTEGER NOT NULL DEFAULT 0 CHECK (last_seq >= 0)
) STRICT;
CREATE UNIQUE INDEX device_one_local ON device (is_local) WHERE is_local = 1;

-- Personal data lives here and only here; entries refer to a member by key.
CREATE TABLE member (
    key        INTEGER PRIMARY KEY,
    id         BLOB NOT NULL UNIQUE CHECK (length(id) = 16),
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    email      TEXT,
    number     TEXT UNIQUE,
    joined_on  TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX member_by_name ON member (name COLLATE NOCASE);

CREATE TABLE project (
    key         INTEGER PRIMARY KEY,
    id          BLOB NOT NULL UNIQUE CHECK (length(id) = 16),
    code        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    description TEXT NOT NULL DEFAULT '',
    goal_minor  INTEGER NOT NULL CHECK (goal_minor > 0),
    deadline    TEXT,
    status      TEXT NOT NULL CHECK (status IN ('proposed', 'open', 'funded', 'done', 'cancelled')),
    created_at  TEXT NOT NULL
) STRICT;

-- Ledger entries. Each carries its id, the device that created it, that device's sequence
-- number and the content hash of what it says. Triggers below refuse UPDATE and DELETE.
CREATE TABLE contribution (
    id            BLOB PRIMARY KEY CHECK (length(id) = 16),
    device_key    INTEGER NOT NULL REFERENCES device (key),
    device_seq    INTEGER NOT NULL CHECK (device_seq > 0),
    recorded_at   TEXT NOT NULL,
    content_hash  BLOB NOT NULL CHECK (length(content_hash) = 32),
    project_key   INTEGER REFERENCES project (key),
    member_key    INTEGER REFERENCES member (key),
    amount_minor  INTEGER NOT NULL CHECK (amount_minor > 0),
    -- No CHECK on channel: it halves the bulk insert rate. The store writes only the words of
    -- commonpot_core::Channel, and `verify` reports any other value.
    channel       TEXT NOT NULL,
    received_at   TEXT NOT NULL,
    collector_key INTEGER REFERENCES member (key),
    note          TEXT NOT NULL DEFAULT ''
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX contribution_by_device ON contribution (device_key, device_seq);
-- Partial: the general fund and anonymous gifts (most cash) need no index entry.
CREATE INDEX contribution_by_project ON contribution (project_key) WHERE project_key IS NOT NULL;
CREATE INDEX contribution_by_member ON contribution (member_key) WHERE member_key IS NOT NULL;

CREATE TABLE expense (
    id           BLOB PRIMARY KEY CHECK (length(id) = 16),
    device_key   INTEGER NOT NULL REFERENCES device (key),
    device_seq   INTEGER NOT NULL CHECK (device_seq > 0),
    recorded_at  TEXT NOT NULL,
    content_hash BLOB NOT NULL CHECK (length(content_hash) = 32),
    project_key  INTEGER NOT NULL REFERENCES project (key),
    payee        TEXT NOT NULL CHECK (length(trim(payee)) > 0),
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    paid_on      TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT ''
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX expense_by_device ON expense (device_key, device_seq);
CREATE INDEX expense_by_project ON expense (project_key);

-- A reversal cancels one contribution or expense; UNIQUE keeps it to once per entry.
CREATE TABLE reversal (
    id            BLOB PRIMARY KEY CHECK (length(id) = 16),
    device_key    INTEGER NOT NULL REFERENCES device (key),
    device_seq    INTEGER NOT NULL CHECK (device_seq > 0),
    recorded_at   TEXT NOT NULL,
    content_hash  BLOB NOT NULL CHECK (length(content_hash) = 32),
    reversed_id   BLOB NOT NULL UNIQUE CHECK (length(reversed_id) = 16),
    reversed_kind TEXT NOT NULL CHECK (reversed_kind IN ('contribution', 'expense')),
    reason        TEXT NOT NULL CHECK (length(trim(reason)) > 0)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX reversal_by_device ON reversal (device_key, device_seq);

CREATE TRIGGER reversal_target_exists BEFORE INSERT ON reversal
WHEN CASE NEW.reversed_kind
         WHEN 'contribution' THEN NOT EXISTS (SELECT 1 FROM contribution WHERE id = NEW.reversed_id)
         ELSE NOT EXISTS (SELECT 1 FROM expense WHERE id = NEW.reversed_id)
     END
BEGIN
    SELECT RAISE(ABORT, 'the reversed entry does not exist');
END;

CREATE TRIGGER contribution_append_only_update BEFORE UPDATE ON contribution
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: reverse the entry instead'); END;
CREATE TRIGGER contribution_append_only_delete BEFORE DELETE ON contribution
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: reverse the entry instead'); END;
CREATE TRIGGER expense_append_only_update BEFORE UPDATE ON expense
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: reverse the entry instead'); END;
CREATE TRIGGER expense_append_only_delete BEFORE DELETE ON expense
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: reverse the entry instead'); END;
CREATE TRIGGER reversal_append_only_update BEFORE UPDATE ON reversal
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: reverse the entry instead'); END;
CREATE TRIGGER reversal_append_only_delete BEFORE DELETE ON reversal
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: reverse the entry instead'); END;

-- Figures derived from the entries, kept up to date in the transaction that adds an entry so
-- that summaries cost the same at ten entries and at ten million. `verify` recomputes them.
-- project_key 0 is the general fund; member_key 0 means anonymous.
CREATE TABLE contribution_total (
    project_key  INTEGER NOT NULL,
    channel      TEXT NOT NULL,
    raised_minor INTEGER NOT NULL,
    live_count   INTEGER NOT NULL,
    PRIMARY KEY (project_key, channel)
) STRICT, WITHOUT ROWID;

CREATE TABLE expense_total (
    project_key INTEGER PRIMARY KEY,
    spent_minor INTEGER NOT NULL,
    live_count  INTEGER NOT NULL
) STRICT;

CREATE TABLE contributor (
    project_key INTEGER NOT NULL,
    member_key  INTEGER NOT NULL,
    live_count  INTEGER NOT NULL,
    PRIMARY KEY (project_key, member_key)
) STRICT, WITHOUT ROWID;

-- The running ledger digest (see commonpot_core::digest) and the entry count.
CREATE TABLE ledger_state (
    singleton      INTEGER PRIMARY KEY CHECK (singleton = 1),
    entry_count    INTEGER NOT NULL,
    digest_state   BLOB NOT NULL,
    digest_last_id BLOB NOT NULL
) STRICT;
