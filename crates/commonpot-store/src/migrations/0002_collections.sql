-- Cash collections: a volunteer's session at a stall, opened and closed as ledger entries.
-- Contributions entered in a collection name it.

CREATE TABLE collection (
    id            BLOB PRIMARY KEY CHECK (length(id) = 16),
    device_key    INTEGER NOT NULL REFERENCES device (key),
    device_seq    INTEGER NOT NULL CHECK (device_seq > 0),
    recorded_at   TEXT NOT NULL,
    content_hash  BLOB NOT NULL CHECK (length(content_hash) = 32),
    collector_key INTEGER NOT NULL REFERENCES member (key),
    place         TEXT NOT NULL,
    project_key   INTEGER REFERENCES project (key),
    opened_at     TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX collection_by_device ON collection (device_key, device_seq);

-- The counted cash box. UNIQUE: a collection is closed once.
CREATE TABLE collection_close (
    id            BLOB PRIMARY KEY CHECK (length(id) = 16),
    device_key    INTEGER NOT NULL REFERENCES device (key),
    device_seq    INTEGER NOT NULL CHECK (device_seq > 0),
    recorded_at   TEXT NOT NULL,
    content_hash  BLOB NOT NULL CHECK (length(content_hash) = 32),
    collection_id BLOB NOT NULL UNIQUE REFERENCES collection (id),
    counts        TEXT NOT NULL,
    counted_minor INTEGER NOT NULL CHECK (counted_minor >= 0),
    entered_minor INTEGER NOT NULL CHECK (entered_minor >= 0),
    note          TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX collection_close_by_device ON collection_close (device_key, device_seq);

ALTER TABLE contribution ADD COLUMN collection_id BLOB REFERENCES collection (id);
CREATE INDEX contribution_by_collection ON contribution (collection_id) WHERE collection_id IS NOT NULL;

CREATE TRIGGER collection_append_only_update BEFORE UPDATE ON collection
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: reverse the entry instead'); END;
CREATE TRIGGER collection_append_only_delete BEFORE DELETE ON collection
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: reverse the entry instead'); END;
CREATE TRIGGER collection_close_append_only_update BEFORE UPDATE ON collection_close
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: reverse the entry instead'); END;
CREATE TRIGGER collection_close_append_only_delete BEFORE DELETE ON collection_close
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: reverse the entry instead'); END;
