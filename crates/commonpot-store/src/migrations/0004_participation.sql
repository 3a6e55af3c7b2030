-- Participation and decisions. Like the ledger, every row is a fact that is never changed or
-- deleted: a decision is opened and closed by adding rows, not by updating it.

-- A meeting and who attended it.
CREATE TABLE meeting (
    id           BLOB PRIMARY KEY CHECK (length(id) = 16),
    device_key   INTEGER NOT NULL REFERENCES device (key),
    device_seq   INTEGER NOT NULL CHECK (device_seq > 0),
    recorded_at  TEXT NOT NULL,
    held_on      TEXT NOT NULL,
    title        TEXT NOT NULL,
    recorded_by  INTEGER REFERENCES member (key)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX meeting_by_device ON meeting (device_key, device_seq);

CREATE TABLE attendance (
    meeting_id  BLOB NOT NULL REFERENCES meeting (id),
    member_key  INTEGER NOT NULL REFERENCES member (key),
    PRIMARY KEY (meeting_id, member_key)
) STRICT, WITHOUT ROWID;
CREATE INDEX attendance_by_member ON attendance (member_key);

-- A volunteer shift, booked by someone other than the volunteer when the booker is named.
CREATE TABLE shift (
    id           BLOB PRIMARY KEY CHECK (length(id) = 16),
    device_key   INTEGER NOT NULL REFERENCES device (key),
    device_seq   INTEGER NOT NULL CHECK (device_seq > 0),
    recorded_at  TEXT NOT NULL,
    member_key   INTEGER NOT NULL REFERENCES member (key),
    worked_on    TEXT NOT NULL,
    what         TEXT NOT NULL,
    recorded_by  INTEGER REFERENCES member (key) CHECK (recorded_by IS NOT member_key)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX shift_by_device ON shift (device_key, device_seq);
CREATE INDEX shift_by_member ON shift (member_key, worked_on);

-- A decision as created: its question, method, parameters and weight rule.
CREATE TABLE decision (
    id             BLOB PRIMARY KEY CHECK (length(id) = 16),
    device_key     INTEGER NOT NULL REFERENCES device (key),
    device_seq     INTEGER NOT NULL CHECK (device_seq > 0),
    recorded_at    TEXT NOT NULL,
    title          TEXT NOT NULL,
    method         TEXT NOT NULL CHECK (method IN ('motion', 'greedy', 'equal-shares', 'quadratic')),
    budget         TEXT,
    pool           TEXT,
    cap            TEXT,
    quorum         TEXT,
    threshold      TEXT,
    rule           TEXT NOT NULL,
    window_months  INTEGER NOT NULL CHECK (window_months > 0)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX decision_by_device ON decision (device_key, device_seq);

-- The projects a budget or matching decision chooses among, in the order written.
CREATE TABLE decision_option (
    decision_id  BLOB NOT NULL REFERENCES decision (id),
    position     INTEGER NOT NULL CHECK (position >= 0),
    project_key  INTEGER NOT NULL REFERENCES project (key),
    cost         TEXT,
    PRIMARY KEY (decision_id, position),
    UNIQUE (decision_id, project_key)
) STRICT, WITHOUT ROWID;

-- Voting opens once; the weights are frozen with it.
CREATE TABLE decision_open (
    decision_id  BLOB PRIMARY KEY REFERENCES decision (id),
    device_key   INTEGER NOT NULL REFERENCES device (key),
    device_seq   INTEGER NOT NULL CHECK (device_seq > 0),
    recorded_at  TEXT NOT NULL,
    opened_at    TEXT NOT NULL,
    window_from  TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE decision_weight (
    decision_id    BLOB NOT NULL REFERENCES decision_open (decision_id),
    member_key     INTEGER NOT NULL REFERENCES member (key),
    meetings       INTEGER NOT NULL CHECK (meetings >= 0),
    shifts         INTEGER NOT NULL CHECK (shifts >= 0),
    giving_months  INTEGER NOT NULL CHECK (giving_months >= 0),
    weight         TEXT NOT NULL,
    PRIMARY KEY (decision_id, member_key)
) STRICT, WITHOUT ROWID;

-- One ballot per member per decision. choice: yes, no, abstain, or the approved options'
-- positions separated by ';' (empty: approves none). paper: the number of the paper ballot it
-- was typed from, when it was.
CREATE TABLE ballot (
    id           BLOB PRIMARY KEY CHECK (length(id) = 16),
    device_key   INTEGER NOT NULL REFERENCES device (key),
    device_seq   INTEGER NOT NULL CHECK (device_seq > 0),
    recorded_at  TEXT NOT NULL,
    decision_id  BLOB NOT NULL REFERENCES decision_open (decision_id),
    member_key   INTEGER NOT NULL REFERENCES member (key),
    choice       TEXT NOT NULL,
    source       TEXT NOT NULL CHECK (source IN ('laptop', 'paper', 'import')),
    paper        TEXT,
    UNIQUE (decision_id, member_key)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX ballot_by_device ON ballot (device_key, device_seq);
CREATE UNIQUE INDEX ballot_by_paper ON ballot (decision_id, paper) WHERE paper IS NOT NULL;

-- Paper ballots typed twice, by two volunteers. Each pass is kept as typed; when both agree the
-- ballot is cast, when they differ the organiser settles it before the result can be closed.
CREATE TABLE paper_entry (
    id           BLOB PRIMARY KEY CHECK (length(id) = 16),
    device_key   INTEGER NOT NULL REFERENCES device (key),
    device_seq   INTEGER NOT NULL CHECK (device_seq > 0),
    recorded_at  TEXT NOT NULL,
    decision_id  BLOB NOT NULL REFERENCES decision_open (decision_id),
    paper        TEXT NOT NULL,
    pass         INTEGER NOT NULL CHECK (pass IN (1, 2)),
    member_key   INTEGER NOT NULL REFERENCES member (key),
    choice       TEXT NOT NULL,
    UNIQUE (decision_id, paper, pass)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX paper_entry_by_device ON paper_entry (device_key, device_seq);

-- Closing freezes the result.
CREATE TABLE decision_close (
    decision_id  BLOB PRIMARY KEY REFERENCES decision_open (decision_id),
    device_key   INTEGER NOT NULL REFERENCES device (key),
    device_seq   INTEGER NOT NULL CHECK (device_seq > 0),
    recorded_at  TEXT NOT NULL,
    closed_at    TEXT NOT NULL,
    result       TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TRIGGER meeting_append_only_update BEFORE UPDATE ON meeting
BEGIN SELECT RAISE(ABORT, 'participation records are append-only'); END;
CREATE TRIGGER meeting_append_only_delete BEFORE DELETE ON meeting
BEGIN SELECT RAISE(ABORT, 'participation records are append-only'); END;
CREATE TRIGGER attendance_append_only_update BEFORE UPDATE ON attendance
BEGIN SELECT RAISE(ABORT, 'participation records are append-only'); END;
CREATE TRIGGER attendance_append_only_delete BEFORE DELETE ON attendance
BEGIN SELECT RAISE(ABORT, 'participation records are append-only'); END;
CREATE TRIGGER shift_append_only_update BEFORE UPDATE ON shift
BEGIN SELECT RAISE(ABORT, 'participation records are append-only'); END;
CREATE TRIGGER shift_append_only_delete BEFORE DELETE ON shift
BEGIN SELECT RAISE(ABORT, 'participation records are append-only'); END;
CREATE TRIGGER decision_append_only_update BEFORE UPDATE ON decision
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
CREATE TRIGGER decision_append_only_delete BEFORE DELETE ON decision
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
CREATE TRIGGER decision_option_append_only_update BEFORE UPDATE ON decision_option
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
CREATE TRIGGER decision_option_append_only_delete BEFORE DELETE ON decision_option
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
CREATE TRIGGER decision_open_append_only_update BEFORE UPDATE ON decision_open
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
CREATE TRIGGER decision_open_append_only_delete BEFORE DELETE ON decision_open
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
CREATE TRIGGER decision_weight_append_only_update BEFORE UPDATE ON decision_weight
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
CREATE TRIGGER decision_weight_append_only_delete BEFORE DELETE ON decision_weight
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
CREATE TRIGGER ballot_append_only_update BEFORE UPDATE ON ballot
BEGIN SELECT RAISE(ABORT, 'ballots are append-only'); END;
CREATE TRIGGER ballot_append_only_delete BEFORE DELETE ON ballot
BEGIN SELECT RAISE(ABORT, 'ballots are append-only'); END;
CREATE TRIGGER paper_entry_append_only_update BEFORE UPDATE ON paper_entry
BEGIN SELECT RAISE(ABORT, 'ballots are append-only'); END;
CREATE TRIGGER paper_entry_append_only_delete BEFORE DELETE ON paper_entry
BEGIN SELECT RAISE(ABORT, 'ballots are append-only'); END;
CREATE TRIGGER decision_close_append_only_update BEFORE UPDATE ON decision_close
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
CREATE TRIGGER decision_close_append_only_delete BEFORE DELETE ON decision_close
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
