-- How many automatic backups (taken when the app closes, at most one a day) are kept.
ALTER TABLE association ADD COLUMN backups_kept INTEGER NOT NULL DEFAULT 10
    CHECK (backups_kept BETWEEN 1 AND 365);
