-- Settings for printed statements: the smallest group whose counts and sums a public document
-- may show, and the text printed on a member's statement when it serves as a donation receipt.
ALTER TABLE association ADD COLUMN disclosure_threshold INTEGER NOT NULL DEFAULT 5
    CHECK (disclosure_threshold BETWEEN 1 AND 1000);
ALTER TABLE association ADD COLUMN receipt_text TEXT;
