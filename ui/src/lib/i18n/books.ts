// What the books say — refusals and errors made in Rust — in the UI's languages. Rust sends
// each message as a key with arguments (see IpcError); the keys and the English wording come
// from Rust too (`bookTexts` in the generated bindings), so English is never written twice.
// TypeScript checks that German has a text for every key; a test checks that each German
// text uses only placeholders its English one has.
import type { bookTexts } from '../api/bindings';

export type BookTextKey = keyof typeof bookTexts;

const writeLike = '; schreiben Sie einen positiven Betrag in {currency}, etwa {small} oder {large}';

export const deBooks: Record<BookTextKey, string> = {
  'amount.empty': 'Kein Betrag angegeben' + writeLike,
  'amount.negative':
    '„{text}“ ist negativ; Beträge sind immer positiv (um Geld zurückzunehmen, stornieren Sie die Buchung)' + writeLike,
  'amount.zero': '„{text}“ ist null' + writeLike,
  'amount.exponent': '„{text}“ enthält einen Exponenten' + writeLike,
  'amount.not_a_number': '„{text}“ ist keine Zahl' + writeLike,
  'amount.space': '„{text}“ enthält ein Leerzeichen' + writeLike,
  'amount.character': '„{text}“ enthält „{character}“' + writeLike,
  'amount.malformed': '„{text}“ ist kein gültiger Betrag' + writeLike,
  'amount.ambiguous':
    '„{text}“ ist mehrdeutig: für Tausender schreiben Sie {digits} oder {padded}, für Nachkommastellen „{separator}“' +
    writeLike,
  'amount.one_decimal': '„{text}“ hat eine Nachkommastelle, {currency} hat keine' + writeLike,
  'amount.decimals': '„{text}“ hat {found} Nachkommastellen, {currency} hat {places}' + writeLike,
  'amount.too_large': '„{text}“ ist mehr als der höchste Einzelbetrag von {max} {currency}' + writeLike,
  'amount.file_comma':
    '„{text}“ enthält ein Komma; Beträge in Dateien haben einen Punkt und keine Tausendertrennzeichen, etwa 1234.50',

  'locale.malformed': '„{text}“ ist keine Sprachangabe; schreiben Sie etwa en, en-GB, de-DE oder fr-FR',
  'locale.unsupported': 'Die Sprache von „{text}“ wird nicht unterstützt; unterstützt werden: {languages}',
  'currency.unknown': '„{text}“ ist kein ISO-4217-Währungscode; schreiben Sie drei Buchstaben wie EUR, CHF oder JPY',
  'currency.not_money': '{text} hat keine Untereinheiten und kann keine Geldbeträge führen',
  'iban.country':
    '„{text}“ ist keine gültige IBAN: kein Land verwendet das Kürzel „{country}“; vergleichen Sie sie mit einem Kontoauszug',
  'iban.format':
    '„{text}“ ist keine gültige IBAN: erwartet werden zwei Buchstaben, zwei Prüfziffern und das Konto; vergleichen Sie sie mit einem Kontoauszug',
  'iban.checksum':
    '„{text}“ ist keine gültige IBAN: die Prüfziffern stimmen nicht, ein Zeichen ist falsch; vergleichen Sie sie mit einem Kontoauszug',
  'iban.account':
    '„{text}“ ist keine gültige IBAN: der Kontoteil hat nicht die Form, die {country} vorschreibt; vergleichen Sie sie mit einem Kontoauszug',
  'bic.shape':
    '„{text}“ ist keine BIC: schreiben Sie 8 oder 11 Buchstaben und Ziffern, etwa GENODEF1M04 (Bank, Land, Ort, optional Filiale)',
  'creditor.too_long': 'Der Name des Zahlungsempfängers hat {count} Zeichen; Zahlcodes erlauben höchstens 70',
  'language.unknown': '„{text}“ ist keine dieser Sprachen: {languages}',
  'settings.disclosure_threshold': '„{text}“ ist keine Zahl von Spendenden zwischen 1 und 1000',
  'folder.missing': 'Den Ordner {path} gibt es nicht',

  'channel.unknown': '„{text}“ ist kein Zahlungsweg; möglich sind: {words}',
  'status.unknown': '„{text}“ ist kein Projektstand; möglich sind: {words}',
  'kind.unknown': '„{text}“ ist keine Buchungsart; möglich sind: {words}',

  'weights.unknown': '„{text}“ ist keine Gewichtungsregel; möglich sind: {words}',
  'weights.malformed': 'Die Gewichtungsregel ist ungültig: {reason}',
  'weights.window': 'Der Zeitraum umfasst 1 bis {max} Monate',
  'participation.self_reported': '{member} kann die eigene Mitwirkung nicht selbst buchen; das tut jemand anderes',
  'meeting.no_attendees': 'Nennen Sie mindestens ein anwesendes Mitglied',
  'meeting.attendee_twice': '{member} ist doppelt genannt',
  'decision.method_unknown': '„{text}“ ist kein Verfahren; möglich sind: {words}',
  'decision.needs': 'Eine Entscheidung nach dem Verfahren {method} braucht diese Angabe',
  'decision.not_for_method': 'Eine Entscheidung nach dem Verfahren {method} nimmt diese Angabe nicht',
  'decision.share': '„{text}“ ist kein Anteil zwischen 0 und 1, etwa 0.5 oder 50%',
  'decision.threshold': '„{text}“ ist keine Mehrheit; möglich sind simple oder two-thirds',
  'decision.general_fund': 'Die allgemeine Kasse kann keine Option sein; nennen Sie Projekte',
  'decision.option_twice': 'Das Projekt „{reference}“ ist doppelt genannt',
  'decision.no_options':
    'Es gibt nichts zur Auswahl: nennen Sie die Projekte oder öffnen Sie zuerst welche für Spenden',
  'report.period': 'Der Zeitraum endet ({to}), bevor er beginnt ({from})',
  'report.year': '„{text}“ ist kein Jahr; schreiben Sie vier Ziffern wie 2026',
  'report.ballot_count': 'Drucken Sie 1 bis {max} Stimmzettel, nicht {count}',
  'report.no_ballots':
    'Eine quadratische Verdopplungsrunde entscheiden die Beiträge; sie hat keine Stimmzettel zum Drucken',
  'report.general_fund':
    'Die allgemeine Kasse hat keinen eigenen Bericht und kein Plakat; nennen Sie einen Projektcode',
  'decision.not_found': 'Keine Entscheidung mit der Kennung „{reference}“',
  'decision.ambiguous': '„{reference}“ passt zu mehreren Entscheidungen; geben Sie mehr Zeichen der Kennung an',
  'decision.already_open': 'Die Abstimmung über diese Entscheidung ist schon eröffnet',
  'decision.not_open': 'Die Abstimmung über diese Entscheidung ist noch nicht eröffnet',
  'decision.not_yet_open': 'Die Abstimmung beginnt am {at}',
  'decision.closed': 'Die Abstimmung über diese Entscheidung ist abgeschlossen',
  'ballot.twice': '{member} hat über diese Entscheidung schon abgestimmt',
  'ballot.not_entitled': '{member} wurde nach Eröffnung der Abstimmung aufgenommen und hat hier keine Stimme',
  'ballot.for_matching': 'Eine Runde mit quadratischer Verdopplung zählt Spenden, keine Stimmzettel',
  'ballot.unknown_option': '„{reference}“ steht bei dieser Entscheidung nicht zur Wahl; zur Wahl stehen {options}',
  'paper.number': '„{text}“ ist keine Stimmzettelnummer: bis zu 32 Zeichen ohne Leerzeichen',
  'paper.pass': 'Die Erfassung ist 1 (erste Person) oder 2 (zweite Person)',
  'paper.pass_taken': 'Stimmzettel {paper} hat seine Erfassung {pass} schon',
  'paper.cast': 'Stimmzettel {paper} ist schon gezählt',
  'paper.unknown': 'Kein Papierstimmzettel {paper} ist bei dieser Entscheidung erfasst',
  'paper.unsettled':
    '{count} Papierstimmzettel ({papers}) warten auf ihre zweite Erfassung oder weichen ab; klären Sie sie zuerst',
  'ballot.choice_missing': 'Der Stimmzettel trifft keine Wahl: Ja, Nein, Enthaltung oder die gebilligten Optionen',
  'ballot.wants_motion': 'Über einen Antrag wird mit Ja, Nein oder Enthaltung abgestimmt',
  'ballot.wants_approval': 'Bei dieser Entscheidung kreuzt man die befürworteten Projekte an',

  'text.empty': 'Darf nicht leer sein',
  'text.too_long': 'Ist länger als {max} Zeichen',
  'text.control': 'Enthält Steuerzeichen',
  'email.malformed': '„{text}“ ist keine E-Mail-Adresse wie name@example.org',
  'date.malformed': '„{text}“ ist kein Datum; schreiben Sie JJJJ-MM-TT, etwa 2026-03-14',
  'moment.malformed':
    '„{text}“ ist kein Datum und keine Uhrzeit; schreiben Sie JJJJ-MM-TT oder JJJJ-MM-TTTHH:MM, etwa 2026-03-14T10:30',
  'moment.future': '{when} liegt in der Zukunft',
  'id.malformed': '„{text}“ ist keine Kennung (eine UUID wie 0190e4c2-7a3b-7c4d-8e5f-0123456789ab)',
  'id.nil': 'Die Null-UUID kann keine Buchung bezeichnen',

  'member.number_shape': '„{number}“ darf höchstens 32 Zeichen ohne Leerzeichen haben',
  'member.number_taken': 'Die Mitgliedsnummer „{number}“ ist schon vergeben',
  'member.not_found': 'Kein Mitglied mit der Nummer oder Kennung „{reference}“',
  'member.ambiguous': '„{reference}“ passt zu mehreren Mitgliedern; geben Sie mehr Zeichen der Kennung oder die Mitgliedsnummer an',

  'project.code_shape':
    '„{code}“ ist kein Projektkürzel: 2 bis 24 Buchstaben, Ziffern oder Bindestriche, beginnend mit einem Buchstaben',
  'project.code_general': '„{code}“ steht für die allgemeine Kasse',
  'project.code_taken': 'Das Projektkürzel „{code}“ ist schon vergeben',
  'project.not_found': 'Kein Projekt mit dem Kürzel oder der Kennung „{reference}“ („{general}“ ist die allgemeine Kasse)',
  'project.ambiguous': '„{reference}“ passt zu mehreren Projekten; geben Sie das Projektkürzel an',
  'project.cancelled': 'Das Projekt „{project}“ ist abgesagt und nimmt keine Spenden an',
  'project.general_fund_status': 'Die allgemeine Kasse hat keinen Stand',
  'project.general_fund_details': 'Die allgemeine Kasse hat keine Angaben, die sich ändern ließen',
  'expense.needs_project': 'Ausgaben gehören zu einem Projekt; geben Sie sein Kürzel an',

  'entry.not_found': 'Keine Buchung mit der Kennung „{reference}“',
  'entry.ambiguous': '„{reference}“ passt zu mehreren Buchungen; geben Sie mehr Zeichen der Kennung an',
  'entry.conflict': 'Die Spende {id} ist schon mit anderem Inhalt gebucht ({fields}); nichts wurde geändert',
  'entry.id_taken': '{id} ist schon die Kennung einer anderen Buchung',
  'reversal.of_reversal': '{id} ist selbst ein Storno und kann nicht storniert werden; buchen Sie den Eintrag stattdessen neu',
  'reversal.already': 'Die Buchung {id} wurde bereits durch {by} storniert',

  'collection.not_found': 'Keine Barsammlung mit der Kennung „{reference}“',
  'collection.ambiguous': '„{reference}“ passt zu mehreren Sammlungen; geben Sie mehr Zeichen der Kennung an',
  'collection.closed': 'Die Sammlung am Ort {place} ist abgeschlossen; beginnen Sie eine neue',
  'collection.closed_meanwhile': 'Die Sammlung wurde inzwischen abgeschlossen; beginnen Sie eine neue',
  'collection.already_closed': 'Diese Sammlung ist schon abgeschlossen',
  'collection.undo_closed': 'Die Sammlung ist abgeschlossen; stornieren Sie Buchungen in den Buchungen',
  'collection.undo_nothing': 'In dieser Sammlung ist nichts mehr rückgängig zu machen',
  'collection.count_shape': '„{text}“ ist nicht STÜCKELUNG=ANZAHL, etwa 20=3 oder 0,50=4',
  'collection.count_not_whole': '„{count}“ in „{text}“ ist keine ganze Zahl von Scheinen oder Münzen',
  'collection.count_too_large': 'Das gezählte Bargeld ergibt mehr als {max}; prüfen Sie die Zählung',
  'collection.not_denomination': '{value} ist kein Schein und keine Münze in {currency}',
  'collection.difference':
    'Gezählt {counted}, eingegeben {entered}, eine Differenz von {difference}; erklären Sie sie in einer Notiz, um die Sammlung abzuschließen',

  'file.taken': '{path} enthält schon den Verein „{name}“; wählen Sie eine andere Datei',
  'file.demo_exists': '{path} gibt es schon; wählen Sie eine neue Datei für den Beispielverein',
  'demo.too_few_members': 'Der Beispielverein braucht mindestens {min} Mitglieder',
  'demo.too_many_contributions': 'Höchstens {max}',
  'io.create_folder': 'Der Ordner {path} kann nicht angelegt werden: {reason}',
  'io.too_large': '{path} ist größer als {limit} MB, größer als jede echte Datei dieser Art; nichts wurde gelesen',
  'io.inflates_too_large': '{path} entpackt sich zu mehr als {limit} MB, mehr als jedes echte Paket oder Set; nichts wurde gelesen',
  'io.read': '{path} kann nicht gelesen werden: {reason}',
  'io.write': '{path} kann nicht geschrieben werden: {reason}',
  'io.move': 'Die Datei kann nicht nach {path} verschoben werden: {reason}',
  'output.is_books':
    '{path} ist die Buchhaltungsdatei selbst (oder eine der SQLite-Dateien daneben); nennen Sie eine andere Datei zum Schreiben',
  'output.folder': '{path} ist ein Ordner; nennen Sie eine Datei zum Schreiben',
  'output.link':
    '{path} ist eine symbolische Verknüpfung; nennen Sie die Datei selbst, damit nichts an anderer Stelle geschrieben wird',
  'output.special': '{path} ist keine gewöhnliche Datei (ein Gerät, eine Pipe oder ein Socket); nennen Sie eine Datei',
  'output.other_kind':
    '{path} enthält etwas anderes, keine {kind}-Datei; sie wird nicht ersetzt, nichts wurde geschrieben: wählen Sie einen neuen Dateinamen',
  'output.backup_over_other':
    '{path} enthält die Buchhaltung von „{found}“, nicht von „{name}“, und wird nicht ersetzt; nennen Sie eine neue Datei',

  'import.line': 'Zeile {line}, Feld {field}: {problem}; nichts wurde eingelesen',
  'import.header': 'Erwartet „{expected}“, gefunden „{found}“',
  'import.field_count': 'Hat {found} Felder, erwartet {expected}',
  'import.unreadable': '{detail}',
  'import.not_utf8': 'Ist kein UTF-8-Text; speichern Sie die Datei als UTF-8',
  'import.cancelled': 'Das Projekt „{project}“ ist abgesagt',
  'import.conflict': '{id} ist schon mit anderem Inhalt gebucht ({fields})',
  'import.id_twice': '{id} kommt in dieser Datei zweimal vor',

  'sync.not_bundle': '{path} ist kein Commonpot-Paket',
  'sync.is_kit': '{path} ist ein Helfer-Set, kein Paket; öffnen Sie es auf dem Laptop der Helferin oder des Helfers',
  'sync.not_kit': '{path} ist kein Commonpot-Helfer-Set',
  'sync.newer':
    '{path} stammt von einem neueren Commonpot (Format {found}, diese Version liest bis {known}); aktualisieren Sie Commonpot, um es zu lesen',
  'sync.damaged':
    '{path} ist beschädigt oder unvollständig (die Prüfsumme stimmt nicht); nichts wurde eingelesen; kopieren Sie es noch einmal vom Laptop, der es erstellt hat',
  'sync.unreadable': '{path} kann nicht gelesen werden: {detail}; nichts wurde eingelesen',
  'sync.other_association': '{path} gehört zum Verein „{name}“, nicht zu diesem; nichts wurde eingelesen',
  'sync.tampered': '{path} wurde nach dem Erstellen verändert (die Signatur stimmt nicht); nichts wurde eingelesen',
  'sync.own_device': '{path} stammt aus dieser Datei (oder einer Kopie davon); nichts wurde eingelesen',
  'sync.bad_entry': '{path}, Eintrag {index} ({kind} {id}): {problem}; nichts wurde eingelesen',
  'sync.volunteer_import':
    'Ein Helfer-Laptop nimmt keine Pakete an; Änderungen des Vorstands kommen als neues Helfer-Set',
  'sync.organiser_only': 'Dies ist ein Helfer-Laptop; {what} geschieht auf dem Laptop des Vorstands',
  'sync.kit_on_organiser':
    '{path} enthält die Bücher des Vorstands; öffnen Sie das Helfer-Set in einer neuen Datei auf dem Helfer-Laptop',
  'sync.kit_other_association': '{path} enthält den Verein „{name}“; dieses Helfer-Set ist für „{kit}“',
  'sync.volunteer_number':
    'Mitgliedsnummern vergibt der Vorstand; tragen Sie das Mitglied ohne Nummer ein',
  'sync.conflict_content': '{kind} {id} ist hier mit anderem Inhalt gebucht; die Fassung des Laptops wurde nicht übernommen',
  'sync.conflict_seq': '„{device}“ hat zwei Einträge mit der Nummer {seq} ({id} und {other}); der zweite wurde nicht übernommen',
  'sync.conflict_member': 'Mitglied {member}: „{kept}“ aus dieser Datei bleibt; der Laptop hatte „{lost}“',
  'sync.conflict_number':
    'Mitglied {member} bringt die Nummer {number} mit, die hier ein anderes Mitglied hat; nicht übernommen',
  'sync.conflict_project': 'Projekt {code}: die Angaben dieser Datei bleiben; der Laptop hatte „{lost}“',
  'sync.conflict_close':
    'Die Sammlung {collection} ist hier mit einer anderen Zählung abgeschlossen; diese Zählung wurde nicht übernommen',
  'sync.refused_member': 'Nennt ein Mitglied, das diese Datei nicht kennt ({member})',
  'sync.refused_project': 'Nennt ein Projekt, das diese Datei nicht kennt ({project})',
  'sync.refused_collection': 'Wurde in einer Sammlung erfasst, die diese Datei nicht hat ({collection})',
  'sync.refused_cancelled': 'Eine Spende von {amount}, erhalten {received}, für {project}, das am {since} abgesagt wurde',
  'sync.refused_target': 'Storniert {target}, das diese Datei nicht hat',
  'sync.refused_reversed': 'Storniert {target}, das schon durch {by} storniert ist',
  'sync.refused_ballot_twice': 'Ein zweiter Stimmzettel von {member} für „{decision}“; der erste zählt',
  'sync.refused_ballot_closed': 'Ein Stimmzettel von {member} für „{decision}“, abgeschlossen am {closed}',
  'sync.refused_decision': 'Ein Stimmzettel für eine Abstimmung, die diese Datei nicht hat ({decision})',
  'sync.refused_not_entitled': '{member} ist bei „{decision}“ nicht stimmberechtigt',
  'sync.gap': 'Die Einträge {from}–{to} vom Laptop „{device}“ fehlen',

  'bank.problem': '{problem}',
  'bank.profile': '{problem}',
  'bank.profile_taken': 'Ein CSV-Profil „{name}“ ist schon gespeichert; wählen Sie einen anderen Namen',
  'bank.profile_unknown': 'Es gibt kein CSV-Profil „{name}“ (gespeichert: {names}); legen Sie eines an',
  'bank.refused_currency': 'in {currency}; die Bücher führen {books}',
  'bank.refused_amount': '{amount} ist kein Betrag in {currency}',
  'bank.line_not_found': 'Es gibt keine Bankzeile {line}',
  'bank.line_above_max':
    'Die Bankzeile {line} beträgt {amount}, mehr als der Höchstbetrag je Zahlung von {max}; nichts wurde zugeordnet (stimmt der Betrag, erhöhen Sie zuerst den Höchstbetrag in den Einstellungen)',
  'bank.line_done': 'Die Bankzeile {line} ist schon Eintrag {entry}; stornieren Sie ihn, um die Zeile neu zuzuordnen',
  'bank.debit_needs_project': 'Eine Abbuchung wird eine Ausgabe eines Projekts; wählen Sie das Projekt',
  'bank.reference_unknown': 'Kein Projekt und kein Mitglied heißt „{reference}“',
  'bank.general_needs_member': 'Die Referenz des allgemeinen Topfs gehört einem Mitglied; wählen Sie das Mitglied',
  'bank.no_iban': 'Kein Zahlungscode: Die IBAN des Vereins ist nicht eingetragen (Einstellungen)',
  'bank.not_euro': 'Kein Zahlungscode: Zahlungscodes gibt es nur für Konten in Euro',
  'bank.code_problem': 'Kein Zahlungscode: {problem}',
  'bank.image_format': '{path}: Der Dateiname muss auf .png oder .svg enden',
  'bank.why_reference': 'Referenz {detail}',
  'bank.why_iban': 'Konto {detail}, früher bestätigt',
  'bank.why_name': '„{detail}“ ist der Name eines Mitglieds',
  'bank.why_near_name': '„{detail}“ ähnelt dem Namen eines Mitglieds, ist aber nicht gleich; bitte prüfen',
  'bank.why_several': 'Mehrere Referenzen: {detail}',
  'bank.why_project_closed': 'Das Projekt {detail} ist abgesagt',
  'bank.why_reversal': 'Die Bank hat eine frühere Buchung storniert',
  'bank.why_debit': 'Abbuchung; als Ausgabe eines Projekts erfassen',
  'bank.why_none': 'Keine Referenz, kein bekanntes Konto, kein Mitgliedsname',
  'bank.why_assigned': 'Von Hand zugeordnet',
  'bank.why_above_max': 'Über dem Höchstbetrag je Zahlung von {detail}; prüfen Sie den Betrag, bevor Sie die Zeile zuordnen',
  'bank.why_entry_reversed': 'Ihr Eintrag wurde storniert; bitte neu zuordnen',
  'erase.confirm': 'Das Löschen von {member} ersetzt Name und Kontaktdaten endgültig und kann nicht rückgängig gemacht werden; bitte bestätigen',
  'backup.kept': '„{text}“ ist keine Zahl aufzubewahrender Sicherungen (1 bis 365)',
  'restore.same': '{path} ist die Vereinsdatei selbst; nennen Sie eine Sicherungskopie',
  'restore.unverified': '{path} besteht die Prüfung nicht ({problems} Probleme, das erste: {first}); nichts wurde wiederhergestellt',
  'restore.other': '{path} enthält den Verein „{found}“, diese Datei „{name}“; nichts wurde wiederhergestellt (in eine neue Datei wiederherstellen)',
  'store.nothing_open': 'Kein Verein ist geöffnet; legen Sie einen an oder öffnen Sie eine Datei',
  'store.missing': '{path} gibt es nicht; legen Sie zuerst einen Verein an oder wählen Sie eine andere Datei',
  'store.not_sqlite': '{path} ist keine Commonpot-Datei (keine SQLite-Datenbank)',
  'store.locked': '{path} ist mit einer Passphrase geschützt (oder keine Commonpot-Datei); geben Sie die Passphrase an',
  'store.wrong_passphrase': 'Die Passphrase öffnet {path} nicht (oder es ist keine Commonpot-Datei); nichts wurde geändert',
  'store.in_use': '{path} ist in einem anderen Fenster oder Programm geöffnet; schließen Sie es dort und versuchen Sie es erneut',
  'store.disk_full': 'Der Datenträger ist voll; von dieser Änderung wurde nichts gespeichert. Schaffen Sie Platz und versuchen Sie es erneut',
  'store.io': 'Der Datenträger meldet einen Fehler ({detail}); von dieser Änderung wurde nichts gespeichert',
  'sync.kit_needs_passphrase': 'Dieser Verein ist mit einer Passphrase geschützt, also sind es auch seine Sets: Geben Sie dem Set eine Passphrase (mindestens 8 Zeichen) und nennen Sie sie der Helferin oder dem Helfer',
  'sync.kit_locked': 'Das Set {path} ist mit einer Passphrase geschützt; geben Sie sie an (der Vorstand, der das Set gemacht hat, kennt sie)',
  'sync.kit_wrong_passphrase': 'Die Passphrase öffnet das Set {path} nicht; nichts wurde geändert',
  'passphrase.already_set': '{path} ist bereits mit einer Passphrase geschützt; verwenden Sie „passphrase change“ oder „passphrase remove“',
  'passphrase.not_set': '{path} ist nicht mit einer Passphrase geschützt',
  'passphrase.too_short': 'Eine Passphrase braucht mindestens {min} Zeichen; nichts wurde geändert',
  'passphrase.same': 'Die neue Passphrase ist die alte; nichts wurde geändert',
  'passphrase.mismatch': 'Die beiden eingegebenen Passphrasen unterscheiden sich; nichts wurde geändert',
  'passphrase.needed': '{what} wird gebraucht: geben Sie sie im Terminal ein oder setzen Sie {variable} für ein Skript',
  'restore.protection': '{path} und diese Datei unterscheiden sich im Passphrase-Schutz; nichts wurde wiederhergestellt (in eine neue Datei wiederherstellen, dann die Passphrase setzen oder entfernen)',
  'store.foreign_tables': 'Diese Datei ist keine Commonpot-Datei (sie enthält Tabellen, die nicht von Commonpot stammen)',
  'store.too_new':
    'Diese Datei stammt von einem neueren Commonpot (Schema {found}, diese Version kennt bis {known}); aktualisieren Sie Commonpot, um sie zu öffnen',
  'store.no_association': 'Diese Datei enthält noch keinen Verein; legen Sie zuerst einen an',
  'store.read_only':
    '{path} ist schreibgeschützt (eine Sicherung auf einem schreibgeschützten Datenträger?): Sie kann gelesen, zusammengefasst und geprüft, aber nicht geändert werden; kopieren Sie sie an einen beschreibbaren Ort, um darin zu arbeiten',
  'store.already_initialised': 'Diese Datei enthält schon den Verein „{name}“',
  'store.amount_out_of_bounds':
    'Ein Betrag dieser Änderung ist null, negativ oder größer als {max} ganze Einheiten, was kein Verein annimmt; nichts von dieser Änderung wurde gespeichert',
  'store.total_out_of_bounds':
    'Diese Änderung würde die Einnahmen oder Ausgaben über {max} kleinste Einheiten bringen, mehr als die Bücher fassen können; nichts von dieser Änderung wurde gespeichert',
  'store.unknown_reference': 'Kein {what} in dieser Datei',
  'store.damaged': 'Die gespeicherten Daten sind beschädigt: {detail}; prüfen Sie die Datei mit „verify“',
  'store.sqlite': '{detail}',
};
