-- Several laptops. A file is the organiser's books or a volunteer's laptop opened from a kit;
-- bundles between them are signed with the association's key. Every device's sequence ranges
-- that have arrived are kept, so that a missing range can be named. A member remembers the
-- device that registered them, a project when its status last changed (a gift received
-- after a project was cancelled is refused at import), and each import leaves its report.
ALTER TABLE association ADD COLUMN role TEXT NOT NULL DEFAULT 'organiser'
    CHECK (role IN ('organiser', 'volunteer'));
ALTER TABLE association ADD COLUMN sync_key BLOB CHECK (sync_key IS NULL OR length(sync_key) = 32);
UPDATE association SET sync_key = randomblob(32);

-- The last of this device's own sequence numbers handed over in a bundle.
ALTER TABLE device ADD COLUMN exported_seq INTEGER NOT NULL DEFAULT 0 CHECK (exported_seq >= 0);

-- Sequence ranges of other devices that have arrived, kept merged (bookkeeping of the
-- merge, not a ledger fact: ranges are joined as they arrive).
CREATE TABLE device_range (
    device_key INTEGER NOT NULL REFERENCES device (key),
    from_seq   INTEGER NOT NULL CHECK (from_seq > 0),
    to_seq     INTEGER NOT NULL,
    CHECK (to_seq >= from_seq),
    PRIMARY KEY (device_key, from_seq)
) STRICT, WITHOUT ROWID;

ALTER TABLE member ADD COLUMN registered_by INTEGER REFERENCES device (key);
UPDATE member SET registered_by = (SELECT key FROM device WHERE is_local = 1);

ALTER TABLE project ADD COLUMN status_since TEXT;
UPDATE project SET status_since = created_at;

CREATE TABLE import_log (
    key         INTEGER PRIMARY KEY,
    imported_at TEXT NOT NULL,
    file        TEXT NOT NULL,
    device_key  INTEGER NOT NULL REFERENCES device (key),
    report      TEXT NOT NULL
) STRICT;
