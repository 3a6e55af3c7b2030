-- Association settings beyond the first schema: bank details for payment codes, the folder
-- backups go to, and a language chosen for the app regardless of the locale.
ALTER TABLE association ADD COLUMN iban TEXT;
ALTER TABLE association ADD COLUMN bic TEXT;
ALTER TABLE association ADD COLUMN creditor TEXT;
ALTER TABLE association ADD COLUMN backup_folder TEXT;
ALTER TABLE association ADD COLUMN language TEXT;
