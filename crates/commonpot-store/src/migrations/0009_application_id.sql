-- Marks the file as Commonpot's books in SQLite's header ("CPOT"), so that any version can tell
-- books from another application's database before writing to it. Must equal APPLICATION_ID.
PRAGMA application_id = 1129336660;
