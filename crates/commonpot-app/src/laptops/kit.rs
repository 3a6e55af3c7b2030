//! A volunteer's kit: made on the organiser's laptop, opened on the volunteer's.

use super::*;

impl Books {
    /// Writes a volunteer's kit: the association's settings and signing key, the projects
    /// that take gifts (and those decisions choose among), every member with id, name and
    /// number only, and the decisions with their frozen weights.
    ///
    /// With a passphrase the kit is encrypted under it (and the laptop opened from it is
    /// protected by it); a protected association's kits need one, since a kit carries the
    /// members' names and the association's key.
    pub fn export_kit(
        &mut self,
        volunteer: &str,
        out: &Path,
        passphrase: Option<&Passphrase>,
    ) -> Result<KitSummary> {
        self.organiser_only("making a kit")?;
        if self.store().is_protected() && passphrase.is_none() {
            return Err(AppError::invalid(
                Field::NewPassphrase,
                Text::new(Key::SyncKitNeedsPassphrase),
            ));
        }
        if let Some(p) = passphrase {
            crate::check_new(p, None)?;
        }
        let volunteer = input::required_line(Field::Volunteer, volunteer)?;
        self.check_output(Field::OutputFile, out, OutputKind::Kit)?;
        let a = self.association().clone();
        let conn = self.store().conn();
        let mut tables = Vec::new();
        let mut decisions = 0;
        for table in sync_store::KIT_TABLES {
            let rows = sync_store::copy_rows(conn, table)?;
            if *table == "decision" {
                decisions = rows.len() as u64;
            }
            tables.push(WireTable {
                table: table.to_string(),
                rows: rows
                    .iter()
                    .map(|r| r.iter().map(|(c, v)| (c.clone(), to_value(v))).collect())
                    .collect(),
            });
        }
        let chosen: HashSet<ProjectId> = store::decisions::option_projects(conn)?
            .into_iter()
            .collect();
        let projects: Vec<WireProject> = store::projects(conn, a.currency)?
            .into_iter()
            .map(|p| p.project)
            .filter(|p| {
                matches!(p.status, ProjectStatus::Open | ProjectStatus::Funded)
                    || chosen.contains(&p.id)
            })
            .map(|p| wire_project(&p, a.currency))
            .collect();
        let members: Vec<WireMember> = sync_store::members_for_laptops(conn, None)?
            .iter()
            .map(|m| wire_member(m, None))
            .collect();
        let devices = sync_store::devices(conn)?
            .into_iter()
            .map(|d| WireDevice {
                id: d.id.uuid(),
                name: d.name,
            })
            .collect();
        let now = self.now();
        let kit = Kit {
            association: WireAssociation {
                id: a.id,
                name: a.name.clone(),
                currency: a.currency.code().to_string(),
                locale: a.locale.to_string(),
                max_amount_minor: a.max_amount.to_minor(a.currency),
                created_at: instant_text(a.created_at),
                settings: wire_settings(&a.settings),
            },
            sync_key: hex::encode(sync_store::sync_key(self.store().conn())?),
            volunteer: volunteer.clone(),
            made_at: instant_text(now),
            devices,
            projects,
            members,
            tables,
        };
        let payload = serde_json::to_vec(&kit).expect("a kit serialises");
        let sealed = match passphrase {
            None => seal(KIT_MAGIC, 1, &payload, None),
            Some(p) => {
                let salt = cipher::random_salt();
                let lock = KitLock {
                    kdf: "pbkdf2-hmac-sha256".into(),
                    rounds: cipher::KIT_ROUNDS,
                    salt: hex::encode(salt),
                };
                let lock_line = serde_json::to_vec(&lock).expect("a lock serialises");
                let key = cipher::passphrase_key(p.as_str(), &salt, lock.rounds);
                let mut locked = lock_line.clone();
                locked.push(b'\n');
                locked.extend(cipher::seal_box(&key, &lock_line, &gzip(&payload)));
                seal(KIT_MAGIC, KIT_FORMAT, &locked, None)
            }
        };
        self.write_output(Field::OutputFile, out, OutputKind::Kit, &sealed)?;
        Ok(KitSummary {
            association: a.name,
            volunteer,
            projects: kit.projects.len() as u64,
            members: kit.members.len() as u64,
            decisions,
            updated: false,
        })
    }

    /// Opens a kit at `db`: a new volunteer's laptop with its own device, or, where this
    /// association's volunteer laptop is already, its refresh (the organiser's version of
    /// every project and member wins; what the laptop made stays).
    pub fn open_kit(db: &Path, kit_path: &Path, env: Env) -> Result<(Books, KitSummary)> {
        let opened = open_sealed(kit_path, KIT_MAGIC, KIT_FORMAT)?;
        let locked = opened.version >= 2;
        let payload = opened.inflate(kit_path)?;
        let payload = if locked {
            unlock_kit(kit_path, &payload, env.passphrase.as_ref())?
        } else {
            payload
        };
        let kit: Kit = serde_json::from_slice(&payload).map_err(|e| unreadable(kit_path, e))?;
        let wa = &kit.association;
        let currency = commonpot_core::Currency::from_code(&wa.currency)
            .map_err(|e| unreadable(kit_path, e.text()))?;
        let locale = Locale::parse(&wa.locale).map_err(|e| unreadable(kit_path, e.text()))?;
        let reader = Reader {
            currency,
            max_minor: wa.max_amount_minor,
        };
        let max_amount = reader
            .up_to_ceiling("max_amount_minor", wa.max_amount_minor, false)
            .map_err(|e| unreadable(kit_path, e))?;
        let association = Association {
            id: wa.id,
            name: reader
                .line("name", &wa.name)
                .map_err(|e| unreadable(kit_path, e))?,
            currency,
            locale,
            max_amount,
            created_at: reader
                .instant("created_at", &wa.created_at)
                .map_err(|e| unreadable(kit_path, e))?,
            settings: kit_settings(kit_path, &wa.settings)?,
        };
        let key: [u8; 32] = unhex(&kit.sync_key)
            .and_then(|k| k.try_into().ok())
            .ok_or_else(|| unreadable(kit_path, "sync_key"))?;
        let projects = kit
            .projects
            .iter()
            .map(|p| reader.project(p))
            .collect::<Checked<Vec<_>>>()
            .map_err(|e| unreadable(kit_path, e))?;
        let members = kit
            .members
            .iter()
            .map(|m| reader.member(m))
            .collect::<Checked<Vec<_>>>()
            .map_err(|e| unreadable(kit_path, e))?;
        let mut kit = kit;
        kit.volunteer = reader
            .line("volunteer", &kit.volunteer)
            .map_err(|e| unreadable(kit_path, e))?;
        for d in &mut kit.devices {
            d.name = reader
                .line("device", &d.name)
                .map_err(|e| unreadable(kit_path, e))?;
        }
        let mut tables = Vec::new();
        for t in &kit.tables {
            if !sync_store::KIT_TABLES.contains(&t.table.as_str()) {
                return Err(unreadable(kit_path, format!("table {}", t.table)));
            }
            let mut rows = Vec::new();
            for row in &t.rows {
                let mut copied = Vec::new();
                for (column, value) in row {
                    if !column.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                        return Err(unreadable(kit_path, format!("column {column}")));
                    }
                    let value = from_value(value)
                        .ok_or_else(|| unreadable(kit_path, format!("column {column}")))?;
                    copied.push((column.clone(), value));
                }
                rows.push(copied);
            }
            tables.push((t.table.clone(), rows));
        }

        let shown = db.display().to_string();
        let existing = db.exists() && std::fs::metadata(db).map(|m| m.len() > 0).unwrap_or(false);
        let mut env = env;
        let now = (env.now)();
        let (mut store, updated) = if existing {
            let store = Store::open_with(db, false, env.passphrase.as_ref())?;
            let here = store.association()?;
            if sync_store::role(store.conn())? == Role::Organiser {
                return Err(AppError::refused(
                    Text::new(Key::SyncKitOnOrganiser).arg("path", &shown),
                ));
            }
            if here.id != association.id {
                return Err(AppError::refused(
                    Text::new(Key::SyncKitOtherAssociation)
                        .arg("path", &shown)
                        .arg("name", &here.name)
                        .arg("kit", &association.name),
                ));
            }
            (store, true)
        } else {
            if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .map_err(|e| AppError::io(Key::CannotCreateFolder, dir, e))?;
            }
            // A laptop opened from an encrypted kit is protected by the kit's passphrase from
            // its first byte.
            let passphrase = env.passphrase.as_ref().filter(|_| locked);
            (Store::open_with(db, true, passphrase)?, false)
        };
        let device = DeviceId::from_uuid((env.new_id)(now));
        store.write(|w: &mut Write<'_>| -> Result<()> {
            if updated {
                // The settings each laptop keeps for itself are not in the kit, so they stay.
                w.update_association(&association)?;
            } else {
                w.init_association(&association, device, &kit.volunteer)?;
                w.become_volunteer(&key)?;
            }
            for d in &kit.devices {
                w.ensure_device(DeviceId::from_uuid(d.id), &d.name)?;
            }
            let organiser = kit
                .devices
                .first()
                .map(|d| DeviceId::from_uuid(d.id))
                .unwrap_or(device);
            for p in &projects {
                if store::project_code(w, p.id)?.is_some() {
                    w.refresh_project(p, now)?;
                } else {
                    w.insert_project(p, now)?;
                }
            }
            for m in &members {
                if store::member(w, m.id)?.is_some() {
                    w.refresh_member(m)?;
                } else {
                    w.insert_member_from(m, now, organiser)?;
                }
            }
            for (table, rows) in &tables {
                for row in rows {
                    w.insert_copied_row(table, row)?;
                }
            }
            Ok(())
        })?;
        let decisions = tables
            .iter()
            .find(|(t, _)| t == "decision")
            .map_or(0, |(_, r)| r.len() as u64);
        let books = Books::open(db, env)?;
        Ok((
            books,
            KitSummary {
                association: association.name,
                volunteer: kit.volunteer,
                projects: projects.len() as u64,
                members: members.len() as u64,
                decisions,
                updated,
            },
        ))
    }
}

/// The settings a kit carries: those that do not stay on each laptop.
fn wire_settings(settings: &Settings) -> BTreeMap<String, WireValue> {
    Setting::ALL
        .iter()
        .filter(|setting| !setting.spec().per_laptop)
        .filter_map(|setting| {
            let column = setting.spec().column;
            let value = match settings.get(column)? {
                SettingValue::Absent => WireValue::Null(()),
                SettingValue::Number(n) => WireValue::Integer(*n),
                SettingValue::Text(t) => WireValue::Text(t.clone()),
            };
            Some((column.to_string(), value))
        })
        .collect()
}

/// The settings a kit carries, each checked as if typed: a kit from an older Commonpot that
/// lacks one leaves it at its default, a setting that stays on each laptop is not taken.
fn kit_settings(kit_path: &Path, wire: &BTreeMap<String, WireValue>) -> Result<Settings> {
    let mut settings = Settings::default();
    for setting in Setting::ALL.iter().filter(|s| !s.spec().per_laptop) {
        let column = setting.spec().column;
        let value = match wire.get(column) {
            None => continue,
            Some(WireValue::Null(())) => SettingValue::Absent,
            Some(WireValue::Integer(n)) => SettingValue::Number(*n),
            Some(WireValue::Text(t)) => SettingValue::Text(t.clone()),
            Some(WireValue::Blob { .. }) => return Err(unreadable(kit_path, column)),
        };
        let checked = setting.check(&value).map_err(|e| {
            AppError::refused(
                Text::new(Key::SyncKitSetting)
                    .arg("path", kit_path.display())
                    .arg("setting", setting.name())
                    .problem(e.text()),
            )
        })?;
        settings.set(column, checked);
    }
    Ok(settings)
}
