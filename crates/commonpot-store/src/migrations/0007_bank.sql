-- Money through the bank. Saved CSV column profiles; each imported statement with its
-- balances; each bank line once, under its stable identity, with what became of it; and the
-- counterparty accounts the organiser confirmed, so the next transfer from them matches.
-- Bank lines are records of the bank's files, not ledger entries: a queued line is assigned
-- later (its state and entry change); the contribution it becomes is an ordinary ledger
-- entry, undone by reversal like any other (the line then shows in the queue again).

CREATE TABLE bank_profile (
    name        TEXT PRIMARY KEY COLLATE NOCASE,
    delimiter   TEXT NOT NULL,
    decimal     TEXT NOT NULL CHECK (decimal IN (',', '.')),
    date_format TEXT NOT NULL,
    encoding    TEXT NOT NULL CHECK (encoding IN ('utf-8', 'windows-1252')),
    columns     TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE bank_statement (
    key           INTEGER PRIMARY KEY,
    imported_at   TEXT NOT NULL,
    file          TEXT NOT NULL,
    -- 'camt' or 'csv:' and the profile's name.
    format        TEXT NOT NULL,
    statement_id  TEXT NOT NULL,
    account       TEXT NOT NULL,
    opening_minor INTEGER,
    opening_date  TEXT,
    closing_minor INTEGER,
    closing_date  TEXT,
    lines         INTEGER NOT NULL,
    new_lines     INTEGER NOT NULL
) STRICT;

CREATE TABLE bank_line (
    key               INTEGER PRIMARY KEY,
    identity          TEXT NOT NULL UNIQUE,
    statement_key     INTEGER NOT NULL REFERENCES bank_statement (key),
    position          TEXT NOT NULL,
    booking_date      TEXT NOT NULL,
    amount_minor      INTEGER NOT NULL CHECK (amount_minor > 0),
    credit            INTEGER NOT NULL CHECK (credit IN (0, 1)),
    reversal          INTEGER NOT NULL CHECK (reversal IN (0, 1)),
    counterparty      TEXT NOT NULL,
    counterparty_iban TEXT NOT NULL,
    remittance        TEXT NOT NULL,
    bank_reference    TEXT NOT NULL,
    -- matched: became a contribution on import; queued: waits for a person; assigned: a
    -- person made it a contribution or expense.
    state             TEXT NOT NULL CHECK (state IN ('matched', 'queued', 'assigned')),
    -- Why it was matched or queued: 'reference', 'iban', 'name', 'near_name', 'several',
    -- 'project_closed', 'reversal', 'debit', 'none', 'assigned'; `detail` says with what.
    reason            TEXT NOT NULL,
    detail            TEXT NOT NULL DEFAULT '',
    suggested_project INTEGER REFERENCES project (key),
    suggested_member  INTEGER REFERENCES member (key),
    -- The contribution or expense it became.
    entry_id          BLOB CHECK (entry_id IS NULL OR length(entry_id) = 16),
    CHECK ((state = 'queued') = (entry_id IS NULL))
) STRICT;
CREATE INDEX bank_line_queued ON bank_line (key) WHERE state = 'queued';
CREATE INDEX bank_line_by_entry ON bank_line (entry_id) WHERE entry_id IS NOT NULL;

CREATE TABLE bank_counterparty (
    iban         TEXT PRIMARY KEY,
    member_key   INTEGER REFERENCES member (key),
    project_key  INTEGER REFERENCES project (key),
    confirmed_at TEXT NOT NULL,
    line_key     INTEGER REFERENCES bank_line (key)
) STRICT, WITHOUT ROWID;
