<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Kontor</source>
        <translation>Über Kontor</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>The company network that stays inside the company.</source>
        <translation>Das Firmennetzwerk, das in der Firma bleibt.</translation>
    </message>
    <message>
        <source>Updates: %1</source>
        <translation>Aktualisierungen: %1</translation>
    </message>
    <message>
        <source>Some settings are managed by your IT department (%1).</source>
        <translation>Einige Einstellungen verwaltet Ihre IT-Abteilung (%1).</translation>
    </message>
</context>
<context>
    <name>AbsenceButton</name>
    <message>
        <source>Mark &amp;absent…</source>
        <translation>&amp;Abwesend melden…</translation>
    </message>
    <message>
        <source>Mark the selected position absent</source>
        <translation>Abwesenheit für die ausgewählte Stelle eintragen</translation>
    </message>
</context>
<context>
    <name>AbsenceDialog</name>
    <message>
        <source>Absence</source>
        <translation>Abwesenheit</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Stelle</translation>
    </message>
    <message>
        <source>First day away</source>
        <translation>Erster Tag der Abwesenheit</translation>
    </message>
    <message>
        <source>Last day away</source>
        <translation>Letzter Tag der Abwesenheit</translation>
    </message>
    <message>
        <source>&amp;Position:</source>
        <translation>&amp;Stelle:</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;Von:</translation>
    </message>
    <message>
        <source>&amp;To (last day):</source>
        <translation>&amp;Bis (letzter Tag):</translation>
    </message>
    <message>
        <source>Mark away</source>
        <translation>Abwesend melden</translation>
    </message>
    <message>
        <source>&amp;Back: clear absence</source>
        <translation>&amp;Wieder da: Abwesenheit aufheben</translation>
    </message>
    <message>
        <source>Clear the absence</source>
        <translation>Abwesenheit aufheben</translation>
    </message>
    <message>
        <source>vacant</source>
        <translation>unbesetzt</translation>
    </message>
    <message>
        <source>There is no position to mark.</source>
        <translation>Es gibt keine Stelle, für die Sie eine Abwesenheit eintragen können.</translation>
    </message>
    <message>
        <source>The last day is before the first day.</source>
        <translation>Der letzte Tag liegt vor dem ersten Tag.</translation>
    </message>
    <message>
        <source>Not marked away.</source>
        <translation>Nicht als abwesend gemeldet.</translation>
    </message>
    <message>
        <source>Away from %1.</source>
        <translation>Abwesend ab %1.</translation>
    </message>
    <message>
        <source>Away from %1 to %2.</source>
        <translation>Abwesend vom %1 bis %2.</translation>
    </message>
    <message>
        <source>(waiting to be sent)</source>
        <translation>(wartet auf das Senden)</translation>
    </message>
    <message>
        <source>(the last change was refused)</source>
        <translation>(die letzte Änderung wurde abgelehnt)</translation>
    </message>
</context>
<context>
    <name>AnswerCard</name>
    <message>
        <source>Responsible:</source>
        <translation>Zuständig:</translation>
    </message>
    <message>
        <source>Responsible: %1</source>
        <translation>Zuständig: %1</translation>
    </message>
    <message>
        <source>Deputy:</source>
        <translation>Vertretung:</translation>
    </message>
    <message>
        <source>Deputy: %1</source>
        <translation>Vertretung: %1</translation>
    </message>
    <message>
        <source>How-to: %1</source>
        <translation>Anleitung: %1</translation>
    </message>
    <message>
        <source>Open the how-to</source>
        <translation>Anleitung öffnen</translation>
    </message>
    <message>
        <source>Ask this person today</source>
        <translation>Heute diese Person fragen</translation>
    </message>
    <message>
        <source>vacant — ask the deputy</source>
        <translation>unbesetzt – bitte an die Vertretung wenden</translation>
    </message>
    <message>
        <source>vacant</source>
        <translation>unbesetzt</translation>
    </message>
    <message>
        <source>absent — ask the deputy</source>
        <translation>abwesend – bitte an die Vertretung wenden</translation>
    </message>
    <message>
        <source>absent</source>
        <translation>abwesend</translation>
    </message>
</context>
<context>
    <name>CommentsPanel</name>
    <message>
        <source>Write a comment…</source>
        <translation>Kommentar schreiben…</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Kommentar</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Send comment</source>
        <translation>Kommentar senden</translation>
    </message>
    <message>
        <source>Only members of this space can comment.</source>
        <translation>Nur Mitglieder dieses Bereichs können kommentieren.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Wird gesendet…</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Nicht gesendet: %1</translation>
    </message>
</context>
<context>
    <name>ComposeBox</name>
    <message>
        <source>New post</source>
        <translation>Neuer Beitrag</translation>
    </message>
    <message>
        <source>Share something with your colleagues… (Ctrl+Enter sends)</source>
        <translation>Teilen Sie etwas mit Ihren Kolleginnen und Kollegen… (Strg+Eingabe sendet)</translation>
    </message>
    <message>
        <source>Post &amp;in:</source>
        <translation>Beitrag &amp;in:</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>&amp;Post</source>
        <translation>&amp;Veröffentlichen</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>Veröffentlichen</translation>
    </message>
    <message>
        <source>Post (Ctrl+Enter)</source>
        <translation>Veröffentlichen (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>You are not a member of any space yet.</source>
        <translation>Sie sind noch in keinem Bereich Mitglied.</translation>
    </message>
    <message>
        <source>Only members can post here; in announcement spaces only moderators.</source>
        <translation>Hier können nur Mitglieder schreiben, in Ankündigungsbereichen nur die Moderation.</translation>
    </message>
    <message>
        <source>Write to %1… (Ctrl+Enter sends)</source>
        <translation>In %1 schreiben … (Strg+Eingabe sendet)</translation>
    </message>
    <message>
        <source>Write something first</source>
        <translation>Erst etwas schreiben</translation>
    </message>
    <message>
        <source>Post in %1 (Ctrl+Enter)</source>
        <translation>In %1 veröffentlichen (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Not posted: %1</source>
        <translation>Nicht veröffentlicht: %1</translation>
    </message>
</context>
<context>
    <name>DatePage</name>
    <message>
        <source>Date and note</source>
        <translation>Datum und Notiz</translation>
    </message>
    <message>
        <source>Handover date</source>
        <translation>Übergabedatum</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>&amp;Datum:</translation>
    </message>
    <message>
        <source>Handover note</source>
        <translation>Übergabenotiz</translation>
    </message>
    <message>
        <source>What the successor should know first (optional)</source>
        <translation>Was Ihr/e Nachfolger/in zuerst wissen sollte (optional)</translation>
    </message>
    <message>
        <source>N&amp;ote for the successor:</source>
        <translation>N&amp;otiz für Nachfolger/in:</translation>
    </message>
    <message>
        <source>Everyone in the company can read this note.</source>
        <translation>Alle im Unternehmen können diese Notiz lesen.</translation>
    </message>
</context>
<context>
    <name>DigestWidget</name>
    <message>
        <source>Handover: %1</source>
        <translation>Übergabe: %1</translation>
    </message>
    <message>
        <source>Spaces</source>
        <translation>Bereiche</translation>
    </message>
    <message>
        <source>Open space %1</source>
        <translation>Bereich %1 öffnen</translation>
    </message>
    <message>
        <source>How-tos to read</source>
        <translation>Anleitungen zum Lesen</translation>
    </message>
    <message>
        <source>Open how-to %1</source>
        <translation>Anleitung %1 öffnen</translation>
    </message>
    <message>
        <source>Newly filled, from %2</source>
        <translation>Neu besetzt ab %2</translation>
    </message>
    <message>
        <source>Newly filled since %2</source>
        <translation>Neu besetzt seit %2</translation>
    </message>
    <message>
        <source>From %1, scheduled for %2</source>
        <translation>Von %1, geplant zum %2</translation>
    </message>
    <message>
        <source>From %1 since %2</source>
        <translation>Von %1, seit %2</translation>
    </message>
    <message>
        <source>Key contacts</source>
        <translation>Wichtige Kontakte</translation>
    </message>
    <message>
        <source>No job contacts recorded.</source>
        <translation>Keine dienstlichen Kontakte eingetragen.</translation>
    </message>
    <message>
        <source>vacant</source>
        <translation>unbesetzt</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>%1 öffnen</translation>
    </message>
    <message>
        <source>Responsibilities</source>
        <translation>Zuständigkeiten</translation>
    </message>
    <message>
        <source>None recorded.</source>
        <translation>Keine eingetragen.</translation>
    </message>
    <message>
        <source>None.</source>
        <translation>Keine.</translation>
    </message>
</context>
<context>
    <name>DigestWindow</name>
    <message>
        <source>Handover: %1</source>
        <translation>Übergabe: %1</translation>
    </message>
</context>
<context>
    <name>FeedView</name>
    <message>
        <source>Feed</source>
        <translation>Neuigkeiten</translation>
    </message>
    <message>
        <source>That post is no longer available.</source>
        <translation>Dieser Beitrag ist nicht mehr verfügbar.</translation>
    </message>
</context>
<context>
    <name>HandoverWizard</name>
    <message>
        <source>Scheduled: the handover will take effect on %1.</source>
        <translation>Geplant: Die Übergabe wird am %1 wirksam.</translation>
    </message>
    <message>
        <source>The handover takes effect today, as soon as it reaches the server.</source>
        <translation>Die Übergabe wird heute wirksam, sobald sie den Server erreicht.</translation>
    </message>
    <message>
        <source>Hand over a position</source>
        <translation>Stelle übergeben</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>&amp;Weiter</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>&amp;Zurück</translation>
    </message>
    <message>
        <source>&amp;Hand over</source>
        <translation>&amp;Übergeben</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>JobContactDialog</name>
    <message>
        <source>Edit job contact note</source>
        <translation>Notiz zum dienstlichen Kontakt bearbeiten</translation>
    </message>
    <message>
        <source>Add job contact</source>
        <translation>Dienstlichen Kontakt hinzufügen</translation>
    </message>
    <message>
        <source>My position</source>
        <translation>Meine Stelle</translation>
    </message>
    <message>
        <source>Type a title, a name or a unit</source>
        <translation>Bezeichnung, Name oder Einheit eingeben</translation>
    </message>
    <message>
        <source>Their position</source>
        <translation>Andere Stelle</translation>
    </message>
    <message>
        <source>Note for your successor</source>
        <translation>Notiz für Nachfolger/in</translation>
    </message>
    <message>
        <source>What should the next holder know about this contact? e.g. weekly call on Mondays</source>
        <translation>Was sollte Ihr/e Nachfolger/in über diesen Kontakt wissen? z. B. montags wöchentliches Telefonat</translation>
    </message>
    <message>
        <source>&amp;From my position:</source>
        <translation>&amp;Von meiner Stelle:</translation>
    </message>
    <message>
        <source>&amp;To their position:</source>
        <translation>&amp;Zur anderen Stelle:</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Notiz:</translation>
    </message>
    <message>
        <source>Save note</source>
        <translation>Notiz speichern</translation>
    </message>
    <message>
        <source>Add contact</source>
        <translation>Kontakt hinzufügen</translation>
    </message>
    <message>
        <source>vacant</source>
        <translation>unbesetzt</translation>
    </message>
    <message numerus="yes">
        <source>%n character(s) left</source>
        <translation>
            <numerusform>Noch %n Zeichen frei</numerusform>
            <numerusform>Noch %n Zeichen frei</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose a position on each side.</source>
        <translation>Wählen Sie auf beiden Seiten eine Stelle.</translation>
    </message>
    <message>
        <source>A job contact links two different positions.</source>
        <translation>Ein dienstlicher Kontakt verbindet zwei verschiedene Stellen.</translation>
    </message>
    <message>
        <source>These positions are job contacts already; edit the note in your job contacts on the Me screen.</source>
        <translation>Zwischen diesen Stellen besteht bereits ein dienstlicher Kontakt; die Notiz bearbeiten Sie unter „Ich“ bei Ihren dienstlichen Kontakten.</translation>
    </message>
</context>
<context>
    <name>JobContactsWidget</name>
    <message>
        <source>My job contacts</source>
        <translation>Meine dienstlichen Kontakte</translation>
    </message>
    <message>
        <source>No job contacts yet. Add one from a colleague&apos;s card.</source>
        <translation>Noch keine dienstlichen Kontakte. Fügen Sie einen über die Profilkarte einer Person hinzu.</translation>
    </message>
    <message>
        <source>&amp;Edit note…</source>
        <translation>N&amp;otiz bearbeiten…</translation>
    </message>
    <message>
        <source>Edit the note of the job contact</source>
        <translation>Notiz des dienstlichen Kontakts bearbeiten</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>&amp;Kontakt entfernen</translation>
    </message>
    <message>
        <source>Remove the job contact</source>
        <translation>Dienstlichen Kontakt entfernen</translation>
    </message>
    <message>
        <source>&amp;Job contacts of my position</source>
        <translation>&amp;Dienstliche Kontakte meiner Stelle</translation>
    </message>
    <message>
        <source>vacant</source>
        <translation>unbesetzt</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 ↔ %2</source>
        <translation>%1 ↔ %2</translation>
    </message>
    <message>
        <source>(waiting to be sent)</source>
        <translation>(wartet auf das Senden)</translation>
    </message>
    <message>
        <source>(being removed: waiting to be sent)</source>
        <translation>(wird entfernt: wartet auf das Senden)</translation>
    </message>
    <message>
        <source>(refused: %1)</source>
        <translation>(abgelehnt: %1)</translation>
    </message>
    <message>
        <source>(added by the other side: their note)</source>
        <translation>(von der anderen Stelle angelegt, mit deren Notiz)</translation>
    </message>
    <message>
        <source>Remove job contact</source>
        <translation>Dienstlichen Kontakt entfernen</translation>
    </message>
    <message>
        <source>Remove the job contact with %1? Its note is removed too, also for whoever holds your position next.</source>
        <translation>Dienstlichen Kontakt zu %1 entfernen? Die Notiz wird mit entfernt – auch für Ihre/n Nachfolger/in.</translation>
    </message>
</context>
<context>
    <name>Kontor</name>
    <message>
        <source>Kontor</source>
        <translation>Kontor</translation>
    </message>
    <message>
        <source>Your local data is downloaded again from the server. Your unsent posts and your sign-in were kept.</source>
        <translation>Ihre lokalen Daten werden neu vom Server geladen. Ihre nicht gesendeten Beiträge und Ihre Anmeldung sind erhalten geblieben.</translation>
    </message>
    <message>
        <source>Kontor started afresh with a new key. Please sign in again.</source>
        <translation>Kontor hat mit einem neuen Schlüssel neu begonnen. Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>The file with your unsent posts and your sign-in was kept as %1; only the old key opens it.</source>
        <translation>Die Datei mit Ihren nicht gesendeten Beiträgen und Ihrer Anmeldung wurde als %1 aufbewahrt; nur der alte Schlüssel öffnet sie.</translation>
    </message>
</context>
<context>
    <name>LeadSection</name>
    <message>
        <source>vacant</source>
        <translation>unbesetzt</translation>
    </message>
    <message numerus="yes">
        <source>%n more positions in the units below yours: use the handover wizard to find one.</source>
        <translation>
            <numerusform>%n weitere Stelle in untergeordneten Einheiten: Sie finden sie über „Stelle übergeben…“.</numerusform>
            <numerusform>%n weitere Stellen in untergeordneten Einheiten: Sie finden sie über „Stelle übergeben…“.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Hand over a position…</source>
        <translation>Stelle &amp;übergeben…</translation>
    </message>
    <message>
        <source>Hand over a position</source>
        <translation>Stelle übergeben</translation>
    </message>
    <message>
        <source>Responsibilities without an owner</source>
        <translation>Zuständigkeiten ohne Verantwortliche</translation>
    </message>
    <message>
        <source>%1: %2 is vacant and has no deputy</source>
        <translation>%1: %2 ist unbesetzt und hat keine Vertretung</translation>
    </message>
    <message numerus="yes">
        <source>%n more responsibilities without an owner: the register in Who does what lists them all.</source>
        <translation>
            <numerusform>%n weitere Zuständigkeit ohne Verantwortliche: Das Register unter „Wer macht was“ führt alle auf.</numerusform>
            <numerusform>%n weitere Zuständigkeiten ohne Verantwortliche: Das Register unter „Wer macht was“ führt alle auf.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: handover to %2 scheduled for %3</source>
        <translation>%1: Übergabe an %2 am %3 geplant</translation>
    </message>
    <message>
        <source>Cancel handover</source>
        <translation>Übergabe absagen</translation>
    </message>
    <message>
        <source>Cancel the handover of %1</source>
        <translation>Übergabe der Stelle %1 absagen</translation>
    </message>
    <message>
        <source>Cancelling a handover: waiting to be sent</source>
        <translation>Absage einer Übergabe: wartet auf das Senden</translation>
    </message>
    <message>
        <source>Handover of %1 to %2 on %3: waiting to be sent</source>
        <translation>Übergabe der Stelle %1 an %2 am %3: wartet auf das Senden</translation>
    </message>
    <message>
        <source>%1 — refused: %2</source>
        <translation>%1 – abgelehnt: %2</translation>
    </message>
    <message>
        <source>Checklist for newcomers in %1</source>
        <translation>Checkliste für neue Mitarbeitende – %1</translation>
    </message>
    <message>
        <source>Checklist item %1</source>
        <translation>Checklistenpunkt %1</translation>
    </message>
    <message>
        <source>waiting to be sent</source>
        <translation>wartet auf das Senden</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Remove checklist item %1</source>
        <translation>Checklistenpunkt %1 entfernen</translation>
    </message>
    <message>
        <source>New checklist item</source>
        <translation>Neuer Checklistenpunkt</translation>
    </message>
    <message>
        <source>A new item, e.g. Meet your mentor</source>
        <translation>Ein neuer Punkt, z. B. Mentor/in kennenlernen</translation>
    </message>
    <message>
        <source>&amp;Add item</source>
        <translation>Punkt &amp;hinzufügen</translation>
    </message>
    <message>
        <source>Add checklist item</source>
        <translation>Checklistenpunkt hinzufügen</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Sign in to Kontor</source>
        <translation>Bei Kontor anmelden</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Serveradresse</translation>
    </message>
    <message>
        <source>Set by your IT department</source>
        <translation>Von Ihrer IT-Abteilung festgelegt</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>first.last</source>
        <translation>vorname.nachname</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Sign-in message</source>
        <translation>Hinweis zur Anmeldung</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>Please fill in server, user name and password.</source>
        <translation>Bitte geben Sie Server, Benutzername und Passwort an.</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Anmeldung läuft…</translation>
    </message>
    <message>
        <source>The user name or the password is wrong.</source>
        <translation>Benutzername oder Passwort ist falsch.</translation>
    </message>
    <message>
        <source>The server cannot be reached. Check the address and your network connection.</source>
        <translation>Der Server ist nicht erreichbar. Bitte prüfen Sie die Adresse und Ihre Netzwerkverbindung.</translation>
    </message>
    <message>
        <source>Too many failed attempts. Wait a minute and try again.</source>
        <translation>Zu viele Fehlversuche. Bitte warten Sie eine Minute und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>This device was signed out by your administrator.</source>
        <translation>Dieses Gerät wurde von Ihrer IT-Administration abgemeldet.</translation>
    </message>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation>Ihre Sitzung ist beendet. Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not trusted, so Kontor did not send your password.</source>
        <translation>Dem Zertifikat des Servers wird nicht vertraut, daher hat Kontor Ihr Passwort nicht gesendet.</translation>
    </message>
    <message>
        <source>This account is disabled. Please contact your IT department.</source>
        <translation>Dieses Konto ist gesperrt. Bitte wenden Sie sich an Ihre IT-Abteilung.</translation>
    </message>
    <message>
        <source>Signing in failed: %1</source>
        <translation>Anmeldung fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Navigation</source>
        <translation>Navigation</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Kontor</source>
        <translation>Über &amp;Kontor</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation>Noch nicht synchronisiert</translation>
    </message>
    <message>
        <source>Sync progress</source>
        <translation>Fortschritt der Synchronisierung</translation>
    </message>
    <message>
        <source>%v of %m</source>
        <translation>%v von %m</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Wird synchronisiert…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbindung wird hergestellt…</translation>
    </message>
    <message>
        <source>Offline: showing saved data</source>
        <translation>Offline: gespeicherte Daten</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>Abgemeldet</translation>
    </message>
    <message>
        <source>This device was signed out by your administrator</source>
        <translation>Dieses Gerät wurde von Ihrer IT-Administration abgemeldet</translation>
    </message>
    <message>
        <source>Disk full: free some space, then syncing goes on</source>
        <translation>Datenträger voll: Geben Sie Speicherplatz frei, dann geht der Abgleich weiter</translation>
    </message>
    <message>
        <source>Last sync %1</source>
        <translation>Letzte Synchronisierung %1</translation>
    </message>
    <message numerus="yes">
        <source>%n pending</source>
        <translation>
            <numerusform>%n ausstehend</numerusform>
            <numerusform>%n ausstehend</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n fehlgeschlagen</numerusform>
            <numerusform>%n fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message>
        <source>Data from %1 may be out of date</source>
        <translation>Daten vom Standort %1 sind möglicherweise nicht aktuell</translation>
    </message>
    <message>
        <source>Kontor was updated while it was running: restart Kontor to open %1.</source>
        <translation>Kontor wurde während des Betriebs aktualisiert: Starten Sie Kontor neu, um „%1“ zu öffnen.</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
</context>
<context>
    <name>MeView</name>
    <message>
        <source>About me</source>
        <translation>Über mich</translation>
    </message>
    <message>
        <source>Skills, separated by commas</source>
        <translation>Fähigkeiten, durch Kommas getrennt</translation>
    </message>
    <message>
        <source>e.g. SAP, Excel, forklift licence</source>
        <translation>z. B. SAP, Excel, Staplerschein</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>Raum</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>Gebäude</translation>
    </message>
    <message>
        <source>Languages, separated by commas</source>
        <translation>Sprachen, durch Kommas getrennt</translation>
    </message>
    <message>
        <source>e.g. Deutsch, English</source>
        <translation>z. B. Deutsch, Englisch</translation>
    </message>
    <message>
        <source>&amp;Save profile</source>
        <translation>Profil s&amp;peichern</translation>
    </message>
    <message>
        <source>Save profile</source>
        <translation>Profil speichern</translation>
    </message>
    <message>
        <source>&amp;Try again</source>
        <translation>&amp;Erneut versuchen</translation>
    </message>
    <message>
        <source>Try sending the profile again</source>
        <translation>Profil erneut senden</translation>
    </message>
    <message>
        <source>&amp;Discard change</source>
        <translation>Änderung &amp;verwerfen</translation>
    </message>
    <message>
        <source>Discard the refused profile change</source>
        <translation>Abgelehnte Profiländerung verwerfen</translation>
    </message>
    <message>
        <source>&amp;About me:</source>
        <translation>Über &amp;mich:</translation>
    </message>
    <message>
        <source>S&amp;kills:</source>
        <translation>&amp;Fähigkeiten:</translation>
    </message>
    <message>
        <source>P&amp;hones:</source>
        <translation>&amp;Telefon:</translation>
    </message>
    <message>
        <source>&amp;Room:</source>
        <translation>&amp;Raum:</translation>
    </message>
    <message>
        <source>&amp;Building:</source>
        <translation>&amp;Gebäude:</translation>
    </message>
    <message>
        <source>&amp;Languages:</source>
        <translation>&amp;Sprachen:</translation>
    </message>
    <message>
        <source>My profile</source>
        <translation>Mein Profil</translation>
    </message>
    <message>
        <source>My connections</source>
        <translation>Meine Kontakte</translation>
    </message>
    <message>
        <source>No connections yet. Add people from their profile card.</source>
        <translation>Noch keine Kontakte. Vernetzen Sie sich über die Profilkarte einer Person.</translation>
    </message>
    <message>
        <source>Setti&amp;ngs…</source>
        <translation>Einstellu&amp;ngen…</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>&amp;Abmelden</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Abmelden</translation>
    </message>
    <message>
        <source>Your saved data stays on this computer.</source>
        <translation>Ihre gespeicherten Daten bleiben auf diesem Computer.</translation>
    </message>
    <message>
        <source>Me</source>
        <translation>Ich</translation>
    </message>
    <message>
        <source>Your profile change was refused: %1</source>
        <translation>Ihre Profiländerung wurde abgelehnt: %1</translation>
    </message>
    <message>
        <source>Saved on this computer; waiting to be sent…</source>
        <translation>Auf diesem Computer gespeichert; wartet auf das Senden…</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Nicht gespeicherte Änderungen</translation>
    </message>
    <message>
        <source>Your profile is up to date.</source>
        <translation>Ihr Profil ist auf dem neuesten Stand.</translation>
    </message>
    <message>
        <source>(vacant)</source>
        <translation>(unbesetzt)</translation>
    </message>
    <message>
        <source>Personal connection: only you see it and your note.</source>
        <translation>Persönlicher Kontakt: Nur Sie sehen ihn und Ihre Notiz.</translation>
    </message>
    <message>
        <source>Please check your entries: “%1” is too long or has too many entries.</source>
        <translation>Bitte prüfen Sie Ihre Eingaben: „%1“ ist zu lang oder hat zu viele Einträge.</translation>
    </message>
</context>
<context>
    <name>MentionCompleter</name>
    <message>
        <source>People to mention</source>
        <translation>Personen zum Erwähnen</translation>
    </message>
    <message>
        <source>Mention %1 (%2 of %3): Enter inserts, Esc closes</source>
        <translation>%1 erwähnen (%2 von %3): Eingabe fügt ein, Esc schließt</translation>
    </message>
</context>
<context>
    <name>MyAbsenceRow</name>
    <message>
        <source>I&apos;m a&amp;way…</source>
        <translation>Ich bin a&amp;bwesend…</translation>
    </message>
    <message>
        <source>Mark yourself away</source>
        <translation>Eigene Abwesenheit eintragen</translation>
    </message>
</context>
<context>
    <name>MyPhotoBox</name>
    <message>
        <source>My photo</source>
        <translation>Mein Foto</translation>
    </message>
    <message>
        <source>Change &amp;photo…</source>
        <translation>Foto &amp;wechseln…</translation>
    </message>
    <message>
        <source>Change photo</source>
        <translation>Foto ändern</translation>
    </message>
    <message>
        <source>Remo&amp;ve photo</source>
        <translation>Foto &amp;löschen</translation>
    </message>
    <message>
        <source>Remove photo</source>
        <translation>Foto entfernen</translation>
    </message>
    <message>
        <source>Choose a photo</source>
        <translation>Foto auswählen</translation>
    </message>
    <message>
        <source>Pictures (*.jpg *.jpeg *.png *.webp)</source>
        <translation>Bilder (*.jpg *.jpeg *.png *.webp)</translation>
    </message>
    <message>
        <source>This picture is too large (more than 40 megapixels).</source>
        <translation>Dieses Bild ist zu groß (mehr als 40 Megapixel).</translation>
    </message>
    <message>
        <source>This file is not a picture Kontor can read.</source>
        <translation>Diese Datei ist kein Bild, das Kontor lesen kann.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Wird gesendet…</translation>
    </message>
    <message>
        <source>Removing…</source>
        <translation>Wird entfernt…</translation>
    </message>
    <message>
        <source>Your photo is saved; colleagues see it after their next sync.</source>
        <translation>Ihr Foto ist gespeichert; Kolleginnen und Kollegen sehen es nach ihrem nächsten Abgleich.</translation>
    </message>
    <message>
        <source>The server cannot be reached; a photo needs it. Nothing was changed.</source>
        <translation>Der Server ist nicht erreichbar; ein Foto braucht ihn. Es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>This picture is too large for the server.</source>
        <translation>Dieses Bild ist für den Server zu groß.</translation>
    </message>
    <message>
        <source>The server could not use this picture.</source>
        <translation>Der Server konnte dieses Bild nicht verwenden.</translation>
    </message>
    <message>
        <source>The photo was not saved: %1</source>
        <translation>Das Foto wurde nicht gespeichert: %1</translation>
    </message>
</context>
<context>
    <name>NameBook</name>
    <message>
        <source>Unknown person</source>
        <translation>Unbekannte Person</translation>
    </message>
</context>
<context>
    <name>OrgChartView</name>
    <message>
        <source>As &amp;list</source>
        <translation>Als &amp;Liste</translation>
    </message>
    <message>
        <source>Show the chart as a list</source>
        <translation>Das Organigramm als Liste zeigen</translation>
    </message>
    <message>
        <source>Seats in %1</source>
        <translation>Stellen in %1</translation>
    </message>
    <message>
        <source>Org chart</source>
        <translation>Organigramm</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Unternehmen</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Standort</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Abteilung</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Find a unit, position or person</source>
        <translation>Einheit, Stelle oder Person suchen</translation>
    </message>
    <message>
        <source>Unit, position or name…</source>
        <translation>Einheit, Stelle oder Name…</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Suchergebnisse</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>Einheiten</translation>
    </message>
    <message>
        <source>Arrow keys move between boxes, Enter opens a box, Space opens the holder&apos;s card, Ctrl+plus and Ctrl+minus zoom</source>
        <translation>Pfeiltasten wechseln zwischen den Feldern, Eingabe öffnet ein Feld, Leertaste öffnet die Profilkarte der Person auf der Stelle, Strg+Plus und Strg+Minus zoomen</translation>
    </message>
    <message>
        <source>&amp;Up</source>
        <translation>&amp;Nach oben</translation>
    </message>
    <message>
        <source>Show the unit above</source>
        <translation>Übergeordnete Einheit anzeigen</translation>
    </message>
    <message>
        <source>Export &amp;PNG…</source>
        <translation>&amp;PNG exportieren…</translation>
    </message>
    <message>
        <source>Export as PNG image</source>
        <translation>Als PNG-Bild exportieren</translation>
    </message>
    <message>
        <source>Export P&amp;DF…</source>
        <translation>PD&amp;F exportieren…</translation>
    </message>
    <message>
        <source>Export as PDF</source>
        <translation>Als PDF exportieren</translation>
    </message>
    <message>
        <source>P&amp;rint…</source>
        <translation>&amp;Drucken…</translation>
    </message>
    <message>
        <source>Print the chart</source>
        <translation>Organigramm drucken</translation>
    </message>
    <message>
        <source>&amp;Find:</source>
        <translation>&amp;Suchen:</translation>
    </message>
    <message>
        <source>U&amp;nits:</source>
        <translation>&amp;Einheiten:</translation>
    </message>
    <message>
        <source>%1: chain of command and direct reports</source>
        <translation>%1: Berichtslinie und direkt unterstellte Stellen</translation>
    </message>
    <message>
        <source>No organisation data yet. It appears after the first sync.</source>
        <translation>Noch keine Organisationsdaten. Sie erscheinen nach der ersten Synchronisierung.</translation>
    </message>
    <message>
        <source>Vacant</source>
        <translation>Unbesetzt</translation>
    </message>
    <message>
        <source>Nothing found</source>
        <translation>Nichts gefunden</translation>
    </message>
    <message>
        <source>Print org chart</source>
        <translation>Organigramm drucken</translation>
    </message>
    <message>
        <source>Export as PNG</source>
        <translation>Als PNG exportieren</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>%1 konnte nicht gespeichert werden.</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+minus)</source>
        <translation>Verkleinern (Strg+Minus)</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl+plus)</source>
        <translation>Vergrößern (Strg+Plus)</translation>
    </message>
    <message>
        <source>Fit &amp;width</source>
        <translation>&amp;Breite anpassen</translation>
    </message>
    <message>
        <source>Fit to the width (Ctrl+0)</source>
        <translation>An die Breite anpassen (Strg+0)</translation>
    </message>
</context>
<context>
    <name>OrgScene</name>
    <message>
        <source>Vacant</source>
        <translation>Unbesetzt</translation>
    </message>
    <message>
        <source>Covered by %1</source>
        <translation>Vertreten durch %1</translation>
    </message>
    <message>
        <source>Open %1&apos;s card</source>
        <translation>Profilkarte von %1 öffnen</translation>
    </message>
    <message>
        <source>Absent</source>
        <translation>Abwesend</translation>
    </message>
    <message>
        <source>Absent — ask the deputy:</source>
        <translation>Abwesend – Vertretung:</translation>
    </message>
    <message>
        <source>Lead vacant</source>
        <translation>Leitung unbesetzt</translation>
    </message>
    <message>
        <source>Double-click to open %1</source>
        <translation>Doppelklicken, um %1 zu öffnen</translation>
    </message>
    <message>
        <source>Sub-units</source>
        <translation>Untereinheiten</translation>
    </message>
</context>
<context>
    <name>PeopleView</name>
    <message>
        <source>Search people</source>
        <translation>Personen suchen</translation>
    </message>
    <message>
        <source>Name, skill, position, room…</source>
        <translation>Name, Fähigkeit, Stelle, Raum…</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Standort</translation>
    </message>
    <message>
        <source>Team or department</source>
        <translation>Team oder Abteilung</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Personen</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>&amp;Suchen:</translation>
    </message>
    <message>
        <source>S&amp;ite:</source>
        <translation>Stan&amp;dort:</translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation>&amp;Team:</translation>
    </message>
    <message>
        <source>All sites</source>
        <translation>Alle Standorte</translation>
    </message>
    <message>
        <source>All teams</source>
        <translation>Alle Teams</translation>
    </message>
    <message numerus="yes">
        <source>%n people</source>
        <translation>
            <numerusform>%n Person</numerusform>
            <numerusform>%n Personen</numerusform>
        </translation>
    </message>
    <message>
        <source>No one matches</source>
        <translation>Niemand gefunden</translation>
    </message>
</context>
<context>
    <name>Person</name>
    <message>
        <source>Former colleague</source>
        <translation>Ehemaliges Teammitglied</translation>
    </message>
</context>
<context>
    <name>PersonCard</name>
    <message>
        <source>Manager: %1</source>
        <translation>Führungskraft: %1</translation>
    </message>
    <message>
        <source>Connects the company:</source>
        <translation>Verbindet das Unternehmen:</translation>
    </message>
    <message>
        <source>Person details</source>
        <translation>Angaben zur Person</translation>
    </message>
    <message>
        <source>Show in &amp;org chart</source>
        <translation>Im &amp;Organigramm zeigen</translation>
    </message>
    <message>
        <source>Show this position in the org chart</source>
        <translation>Diese Stelle im Organigramm zeigen</translation>
    </message>
    <message>
        <source>Deputy</source>
        <translation>Vertretung</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Führungskraft</translation>
    </message>
    <message>
        <source>Manager:</source>
        <translation>Führungskraft:</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Mitarbeitende</translation>
    </message>
    <message>
        <source>Reports:</source>
        <translation>Mitarbeitende:</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>Telefon:</translation>
    </message>
    <message>
        <source>Phone (%1): %2</source>
        <translation>Telefon (%1): %2</translation>
    </message>
    <message>
        <source>Phone: %2</source>
        <translation>Telefon: %2</translation>
    </message>
    <message>
        <source>Call %1</source>
        <translation>%1 anrufen</translation>
    </message>
    <message>
        <source>E-mail: %1</source>
        <translation>E-Mail: %1</translation>
    </message>
    <message>
        <source>Write an e-mail to %1</source>
        <translation>E-Mail an %1 schreiben</translation>
    </message>
    <message>
        <source>E-mail:</source>
        <translation>E-Mail:</translation>
    </message>
    <message>
        <source>Office:</source>
        <translation>Arbeitsplatz:</translation>
    </message>
    <message>
        <source>Site:</source>
        <translation>Standort:</translation>
    </message>
    <message>
        <source>Skills:</source>
        <translation>Fähigkeiten:</translation>
    </message>
    <message>
        <source>Languages:</source>
        <translation>Sprachen:</translation>
    </message>
    <message>
        <source>Responsible for:</source>
        <translation>Zuständig für:</translation>
    </message>
    <message>
        <source>About:</source>
        <translation>Über mich:</translation>
    </message>
    <message>
        <source>Note for this connection</source>
        <translation>Notiz zu diesem Kontakt</translation>
    </message>
    <message>
        <source>Note (optional): how you know them</source>
        <translation>Notiz (optional): Woher kennen Sie die Person?</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Vernetzen</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Vernetzen</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>Vernetzung &amp;aufheben</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Vernetzung aufheben</translation>
    </message>
    <message>
        <source>Add &amp;job contact…</source>
        <translation>Dienstlichen &amp;Kontakt hinzufügen…</translation>
    </message>
    <message>
        <source>Add a job contact</source>
        <translation>Dienstlichen Kontakt hinzufügen</translation>
    </message>
    <message>
        <source>A contact between your position and theirs, with a note for whoever holds the job next</source>
        <translation>Ein Kontakt zwischen Ihrer Stelle und der dieser Person, mit einer Notiz für Ihre/n Nachfolger/in</translation>
    </message>
    <message>
        <source>Nobody selected</source>
        <translation>Niemand ausgewählt</translation>
    </message>
    <message>
        <source>This person is not in your saved data.</source>
        <translation>Diese Person ist nicht in Ihren gespeicherten Daten.</translation>
    </message>
    <message>
        <source>%1 (left the company)</source>
        <translation>%1 (ausgeschieden)</translation>
    </message>
    <message>
        <source>Absent until %1 – deputy:</source>
        <translation>Abwesend bis %1 – Vertretung:</translation>
    </message>
    <message>
        <source>Absent until %1</source>
        <translation>Abwesend bis %1</translation>
    </message>
    <message>
        <source>Absent – deputy:</source>
        <translation>Abwesend – Vertretung:</translation>
    </message>
    <message>
        <source>Absent</source>
        <translation>Abwesend</translation>
    </message>
    <message>
        <source>Deputy: %1</source>
        <translation>Vertretung: %1</translation>
    </message>
    <message>
        <source>Report: %1</source>
        <translation>Mitarbeitende Person: %1</translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>und %n weitere</numerusform>
            <numerusform>und %n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>Connecting… (sent when online)</source>
        <translation>Wird vernetzt… (wird gesendet, sobald Sie online sind)</translation>
    </message>
    <message>
        <source>Disconnecting… (sent when online)</source>
        <translation>Vernetzung wird aufgehoben… (wird gesendet, sobald Sie online sind)</translation>
    </message>
    <message>
        <source>Connected: %1</source>
        <translation>Vernetzt: %1</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Vernetzt</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Nicht vernetzt</translation>
    </message>
    <message>
        <source>The server refused the last change: %1</source>
        <translation>Der Server hat die letzte Änderung abgelehnt: %1</translation>
    </message>
</context>
<context>
    <name>PhotoCropDialog</name>
    <message>
        <source>Choose your photo&apos;s square</source>
        <translation>Bildausschnitt für Ihr Foto wählen</translation>
    </message>
    <message>
        <source>Photo with the chosen square</source>
        <translation>Foto mit dem gewählten Ausschnitt</translation>
    </message>
    <message>
        <source>Size of the square</source>
        <translation>Größe des Ausschnitts</translation>
    </message>
    <message>
        <source>&amp;Size:</source>
        <translation>&amp;Größe:</translation>
    </message>
    <message>
        <source>Drag the square (or move it with the arrow keys) to the part of the picture you want.</source>
        <translation>Ziehen Sie das Quadrat (oder bewegen Sie es mit den Pfeiltasten) auf den gewünschten Teil des Bildes.</translation>
    </message>
    <message>
        <source>&amp;Use this photo</source>
        <translation>Dieses Foto &amp;verwenden</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>PhoneRows</name>
    <message>
        <source>Add &amp;phone</source>
        <translation>Telefonnummer &amp;hinzufügen</translation>
    </message>
    <message>
        <source>Add phone</source>
        <translation>Telefonnummer hinzufügen</translation>
    </message>
    <message>
        <source>Phone %1 label</source>
        <translation>Bezeichnung von Telefon %1</translation>
    </message>
    <message>
        <source>Label, e.g. Mobile</source>
        <translation>Bezeichnung, z. B. Mobil</translation>
    </message>
    <message>
        <source>Phone %1 number</source>
        <translation>Nummer von Telefon %1</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Remove phone %1</source>
        <translation>Telefon %1 entfernen</translation>
    </message>
</context>
<context>
    <name>PositionPage</name>
    <message>
        <source>Position</source>
        <translation>Stelle</translation>
    </message>
    <message>
        <source>&amp;Which position is handed over?</source>
        <translation>Welche &amp;Stelle wird übergeben?</translation>
    </message>
    <message>
        <source>Positions you lead</source>
        <translation>Stellen, die Sie führen</translation>
    </message>
    <message>
        <source>Type a title, a name or a unit</source>
        <translation>Bezeichnung, Name oder Einheit eingeben</translation>
    </message>
    <message>
        <source>vacant</source>
        <translation>unbesetzt</translation>
    </message>
    <message>
        <source>Only the first %1 are shown; type more to narrow them down.</source>
        <translation>Nur die ersten %1 werden angezeigt; geben Sie mehr ein, um die Auswahl einzugrenzen.</translation>
    </message>
    <message>
        <source>No position you lead matches.</source>
        <translation>Keine Stelle, die Sie führen, passt dazu.</translation>
    </message>
    <message>
        <source>You lead no positions that could be handed over.</source>
        <translation>Sie führen keine Stellen, die übergeben werden könnten.</translation>
    </message>
    <message>
        <source>Already scheduled: to %1 on %2. Cancel that one first (Start here).</source>
        <translation>Bereits geplant: an %1 am %2. Sagen Sie diese Übergabe zuerst ab (Hier starten).</translation>
    </message>
</context>
<context>
    <name>PostCard</name>
    <message>
        <source>Post by %1, %2</source>
        <translation>Beitrag von %1, %2</translation>
    </message>
    <message>
        <source>Edit post text</source>
        <translation>Text des Beitrags bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>Änderungen speichern</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancel editing</source>
        <translation>Bearbeiten abbrechen</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Erneut senden</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>Erneut senden</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>&amp;Verwerfen</translation>
    </message>
    <message>
        <source>Discard unsent change</source>
        <translation>Nicht gesendete Änderung verwerfen</translation>
    </message>
    <message>
        <source>React with %1</source>
        <translation>Mit %1 reagieren</translation>
    </message>
    <message>
        <source>Show comments</source>
        <translation>Kommentare anzeigen</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>Edit post</source>
        <translation>Beitrag bearbeiten</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Delete post</source>
        <translation>Beitrag löschen</translation>
    </message>
    <message>
        <source>Author: %1</source>
        <translation>Verfasst von %1</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>in %1</translation>
    </message>
    <message>
        <source>Open space %1</source>
        <translation>Bereich %1 öffnen</translation>
    </message>
    <message>
        <source> (edited)</source>
        <translation> (bearbeitet)</translation>
    </message>
    <message numerus="yes">
        <source>%n comment(s)</source>
        <translation>
            <numerusform>%n Kommentar</numerusform>
            <numerusform>%n Kommentare</numerusform>
        </translation>
    </message>
    <message>
        <source>Deleting…</source>
        <translation>Wird gelöscht…</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Wird gesendet…</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>Nicht gesendet</translation>
    </message>
    <message>
        <source>The server refused this: %1</source>
        <translation>Der Server hat dies abgelehnt: %1</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>ohne Begründung</translation>
    </message>
    <message>
        <source>Your reaction “%1” was not taken back: %2</source>
        <translation>Ihre Reaktion „%1“ wurde nicht zurückgenommen: %2</translation>
    </message>
    <message>
        <source>Your reaction “%1” was not sent: %2</source>
        <translation>Ihre Reaktion „%1“ wurde nicht gesendet: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n reaction(s)</source>
        <translation>
            <numerusform>%n Reaktion</numerusform>
            <numerusform>%n Reaktionen</numerusform>
        </translation>
    </message>
    <message>
        <source>Hide comments</source>
        <translation>Kommentare ausblenden</translation>
    </message>
    <message>
        <source>Delete this post for everyone?</source>
        <translation>Diesen Beitrag für alle löschen?</translation>
    </message>
</context>
<context>
    <name>PostListView</name>
    <message>
        <source>Posts</source>
        <translation>Beiträge</translation>
    </message>
    <message>
        <source>No posts yet.</source>
        <translation>Noch keine Beiträge.</translation>
    </message>
    <message>
        <source>Load &amp;more</source>
        <translation>&amp;Weitere laden</translation>
    </message>
    <message>
        <source>Load older posts</source>
        <translation>Ältere Beiträge laden</translation>
    </message>
</context>
<context>
    <name>RecordChooser</name>
    <message>
        <source>Clear</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Clear: %1</source>
        <translation>Entfernen: %1</translation>
    </message>
    <message>
        <source>Find: %1</source>
        <translation>Suchen: %1</translation>
    </message>
    <message>
        <source>Type to search…</source>
        <translation>Suchbegriff eingeben…</translation>
    </message>
    <message>
        <source>Matches: %1</source>
        <translation>Treffer: %1</translation>
    </message>
</context>
<context>
    <name>RecoveryNote</name>
    <message>
        <source>The local copy of your data was damaged; it was set aside as %1. It is downloaded again from the server. Your unsent posts and your sign-in are not affected.</source>
        <translation>Die lokale Kopie Ihrer Daten war beschädigt; sie wurde als %1 beiseitegelegt. Sie wird neu vom Server geladen. Ihre nicht gesendeten Beiträge und Ihre Anmeldung sind nicht betroffen.</translation>
    </message>
    <message>
        <source>The file with your unsent posts and your sign-in was missing or empty.</source>
        <translation>Die Datei mit Ihren nicht gesendeten Beiträgen und Ihrer Anmeldung fehlte oder war leer.</translation>
    </message>
    <message>
        <source>The file with your unsent posts and your sign-in was damaged; it was set aside as %1.</source>
        <translation>Die Datei mit Ihren nicht gesendeten Beiträgen und Ihrer Anmeldung war beschädigt; sie wurde als %1 beiseitegelegt.</translation>
    </message>
    <message>
        <source>Unsent items kept, to be sent: %1.</source>
        <translation>Erhaltene nicht gesendete Einträge, die noch gesendet werden: %1.</translation>
    </message>
    <message>
        <source>None of the unsent items could be read.</source>
        <translation>Keiner der nicht gesendeten Einträge konnte gelesen werden.</translation>
    </message>
    <message>
        <source>Please sign in again.</source>
        <translation>Bitte melden Sie sich erneut an.</translation>
    </message>
</context>
<context>
    <name>RegisterModel</name>
    <message>
        <source>Responsibility</source>
        <translation>Zuständigkeit</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Zuständig</translation>
    </message>
    <message>
        <source>Deputy</source>
        <translation>Vertretung</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Einheit</translation>
    </message>
    <message>
        <source>Keywords</source>
        <translation>Stichwörter</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>Gültigkeit</translation>
    </message>
    <message>
        <source>unknown position</source>
        <translation>unbekannte Stelle</translation>
    </message>
    <message>
        <source>vacant, nobody to ask</source>
        <translation>unbesetzt, niemand ansprechbar</translation>
    </message>
    <message>
        <source>vacant</source>
        <translation>unbesetzt</translation>
    </message>
    <message>
        <source>%1 (absent)</source>
        <translation>%1 (abwesend)</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>change pending</source>
        <translation>Änderung ausstehend</translation>
    </message>
    <message>
        <source>deletion pending</source>
        <translation>Löschung ausstehend</translation>
    </message>
    <message>
        <source>not yet in force (from %1)</source>
        <translation>noch nicht gültig (ab %1)</translation>
    </message>
    <message>
        <source>no longer in force (until %1)</source>
        <translation>nicht mehr gültig (bis %1)</translation>
    </message>
    <message>
        <source>until %1</source>
        <translation>bis %1</translation>
    </message>
    <message>
        <source>Refused by the server: %1</source>
        <translation>Vom Server abgelehnt: %1</translation>
    </message>
    <message>
        <source>The owner position is vacant and no deputy holds a seat: nobody can be asked about this.</source>
        <translation>Die zuständige Stelle ist unbesetzt und keine Vertretung ist besetzt: Niemand kann dazu gefragt werden.</translation>
    </message>
</context>
<context>
    <name>RegisterPanel</name>
    <message>
        <source>Show responsibilities of</source>
        <translation>Zuständigkeiten anzeigen von</translation>
    </message>
    <message>
        <source>My positions</source>
        <translation>Meine Stellen</translation>
    </message>
    <message>
        <source>My unit(s)</source>
        <translation>Meine Einheit(en)</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Filter responsibilities</source>
        <translation>Zuständigkeiten filtern</translation>
    </message>
    <message>
        <source>Filter by title, keyword, synonym, position or name</source>
        <translation>Nach Titel, Stichwort, Synonym, Stelle oder Name filtern</translation>
    </message>
    <message>
        <source>Sho&amp;w:</source>
        <translation>&amp;Anzeigen:</translation>
    </message>
    <message>
        <source>Responsibilities</source>
        <translation>Zuständigkeiten</translation>
    </message>
    <message>
        <source>&amp;New…</source>
        <translation>&amp;Neu…</translation>
    </message>
    <message>
        <source>New responsibility</source>
        <translation>Neue Zuständigkeit</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>Edit the selected responsibility</source>
        <translation>Ausgewählte Zuständigkeit bearbeiten</translation>
    </message>
    <message>
        <source>De&amp;lete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <source>Delete selected responsibility</source>
        <translation>Ausgewählte Zuständigkeit löschen</translation>
    </message>
    <message>
        <source>Re&amp;try</source>
        <translation>&amp;Erneut senden</translation>
    </message>
    <message>
        <source>Send the refused change again</source>
        <translation>Abgelehnte Änderung erneut senden</translation>
    </message>
    <message>
        <source>Edit &amp;again…</source>
        <translation>&amp;Überarbeiten…</translation>
    </message>
    <message>
        <source>Edit the refused change</source>
        <translation>Abgelehnte Änderung bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>&amp;Verwerfen</translation>
    </message>
    <message>
        <source>Discard the refused change</source>
        <translation>Abgelehnte Änderung verwerfen</translation>
    </message>
    <message numerus="yes">
        <source>%n responsibilities</source>
        <translation>
            <numerusform>%n Zuständigkeit</numerusform>
            <numerusform>%n Zuständigkeiten</numerusform>
        </translation>
    </message>
    <message>
        <source>A change was refused: %1</source>
        <translation>Eine Änderung wurde abgelehnt: %1</translation>
    </message>
    <message numerus="yes">
        <source>(%n more)</source>
        <translation>
            <numerusform>(%n weitere)</numerusform>
            <numerusform>(%n weitere)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RelativeTime</name>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s) ago</source>
        <translation>
            <numerusform>vor %n Minute</numerusform>
            <numerusform>vor %n Minuten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s) ago</source>
        <translation>
            <numerusform>vor %n Stunde</numerusform>
            <numerusform>vor %n Stunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>vor %n Tag</numerusform>
            <numerusform>vor %n Tagen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ResponsibilityEditor</name>
    <message>
        <source>Delete responsibility</source>
        <translation>Zuständigkeit löschen</translation>
    </message>
    <message>
        <source>Delete “%1” for everyone?</source>
        <translation>„%1“ für alle löschen?</translation>
    </message>
    <message>
        <source>New responsibility</source>
        <translation>Neue Zuständigkeit</translation>
    </message>
    <message>
        <source>Edit responsibility</source>
        <translation>Zuständigkeit bearbeiten</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Keywords</source>
        <translation>Stichwörter</translation>
    </message>
    <message>
        <source>What it covers, shown in the register; e.g. Reisekosten, Spesen</source>
        <translation>Was dazugehört, im Register angezeigt; z. B. Reisekosten, Spesen</translation>
    </message>
    <message>
        <source>Owner position</source>
        <translation>Zuständige Stelle</translation>
    </message>
    <message>
        <source>Type a title, a name or a unit</source>
        <translation>Bezeichnung, Name oder Einheit eingeben</translation>
    </message>
    <message>
        <source>No deputy of its own (the owner position&apos;s deputy stands in)</source>
        <translation>Keine eigene Vertretung (die Vertretung der zuständigen Stelle springt ein)</translation>
    </message>
    <message>
        <source>Deputy position</source>
        <translation>Stelle der Vertretung</translation>
    </message>
    <message>
        <source>No how-to</source>
        <translation>Keine Anleitung</translation>
    </message>
    <message>
        <source>How-to post</source>
        <translation>Beitrag mit Anleitung</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>&amp;Ab</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>Gültig ab</translation>
    </message>
    <message>
        <source>&amp;Until</source>
        <translation>B&amp;is</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Gültig bis</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Beschreibung:</translation>
    </message>
    <message>
        <source>&amp;Keywords:</source>
        <translation>&amp;Stichwörter:</translation>
    </message>
    <message>
        <source>&amp;Owner position:</source>
        <translation>&amp;Zuständige Stelle:</translation>
    </message>
    <message>
        <source>De&amp;puty:</source>
        <translation>&amp;Vertretung:</translation>
    </message>
    <message>
        <source>&amp;How-to:</source>
        <translation>A&amp;nleitung:</translation>
    </message>
    <message>
        <source>Valid:</source>
        <translation>Gültig:</translation>
    </message>
    <message>
        <source>Save the responsibility</source>
        <translation>Zuständigkeit speichern</translation>
    </message>
    <message>
        <source>De&amp;lete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <source>Delete the responsibility</source>
        <translation>Zuständigkeit löschen</translation>
    </message>
    <message>
        <source>vacant</source>
        <translation>unbesetzt</translation>
    </message>
    <message>
        <source>A responsibility needs a title.</source>
        <translation>Eine Zuständigkeit braucht einen Titel.</translation>
    </message>
    <message>
        <source>Choose the owner position from the list.</source>
        <translation>Wählen Sie die zuständige Stelle aus der Liste.</translation>
    </message>
    <message>
        <source>You hold no position whose duties you may change.</source>
        <translation>Sie haben keine Stelle inne, deren Zuständigkeiten Sie ändern dürfen.</translation>
    </message>
    <message>
        <source>“Until” lies before “From”.</source>
        <translation>„Bis“ liegt vor „Ab“.</translation>
    </message>
    <message numerus="yes">
        <source>The description is %n character(s) too long.</source>
        <translation>
            <numerusform>Die Beschreibung ist %n Zeichen zu lang.</numerusform>
            <numerusform>Die Beschreibung ist %n Zeichen zu lang.</numerusform>
        </translation>
    </message>
    <message>
        <source>At most %1 keywords, please.</source>
        <translation>Bitte höchstens %1 Stichwörter.</translation>
    </message>
    <message>
        <source>At most %1 synonyms, please.</source>
        <translation>Bitte höchstens %1 Synonyme.</translation>
    </message>
    <message>
        <source>S&amp;ynonyms:</source>
        <translation>S&amp;ynonyme:</translation>
    </message>
    <message>
        <source>A keyword may have at most %1 characters.</source>
        <translation>Ein Stichwort darf höchstens %1 Zeichen lang sein.</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Review</source>
        <translation>Überprüfen</translation>
    </message>
    <message>
        <source>Passes to the successor with the job:</source>
        <translation>Geht mit der Stelle an Nachfolger/in über:</translation>
    </message>
    <message>
        <source>nobody (vacant)</source>
        <translation>niemand (unbesetzt)</translation>
    </message>
    <message>
        <source>%1 passes from %2 to %3.</source>
        <translation>%1 geht von %2 an %3 über.</translation>
    </message>
    <message>
        <source>Stays with %1: their personal connections and everything they wrote.</source>
        <translation>Bleibt bei %1: persönliche Kontakte und alle eigenen Beiträge und Kommentare.</translation>
    </message>
</context>
<context>
    <name>SynonymList</name>
    <message>
        <source>New synonym</source>
        <translation>Neues Synonym</translation>
    </message>
    <message>
        <source>Another word people search with, e.g. Rechner</source>
        <translation>Ein anderes Wort, mit dem gesucht wird, z. B. Rechner</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>Add the synonym</source>
        <translation>Synonym hinzufügen</translation>
    </message>
    <message>
        <source>Synonyms</source>
        <translation>Synonyme</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Remove the selected synonym</source>
        <translation>Ausgewähltes Synonym entfernen</translation>
    </message>
    <message>
        <source>Synonyms are only searched: “Rechner” finds the duty “Laptop”. Keywords are shown in the register.</source>
        <translation>Synonyme werden nur gesucht: „Rechner“ findet die Zuständigkeit „Laptop“. Stichwörter zeigt das Register.</translation>
    </message>
</context>
<context>
    <name>SearchChooser</name>
    <message>
        <source>Find: %1</source>
        <translation>Suchen: %1</translation>
    </message>
    <message>
        <source>Only the first %1 are shown; type more to narrow them down.</source>
        <translation>Nur die ersten %1 werden angezeigt; geben Sie mehr ein, um die Auswahl einzugrenzen.</translation>
    </message>
    <message>
        <source>Nothing matches.</source>
        <translation>Nichts gefunden.</translation>
    </message>
</context>
<context>
    <name>SearchPopup</name>
    <message>
        <source>Search</source>
        <translation>Suche</translation>
    </message>
    <message>
        <source>Search everything</source>
        <translation>Alles durchsuchen</translation>
    </message>
    <message>
        <source>People, positions, responsibilities, posts…</source>
        <translation>Personen, Stellen, Zuständigkeiten, Beiträge…</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Suchergebnisse</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Personen</translation>
    </message>
    <message>
        <source>Positions</source>
        <translation>Stellen</translation>
    </message>
    <message>
        <source>Responsibilities</source>
        <translation>Zuständigkeiten</translation>
    </message>
    <message>
        <source>Posts</source>
        <translation>Beiträge</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>Kommentare</translation>
    </message>
    <message>
        <source>Nothing found for “%1”.</source>
        <translation>Nichts gefunden für „%1“.</translation>
    </message>
    <message>
        <source>This position is vacant.</source>
        <translation>Diese Stelle ist unbesetzt.</translation>
    </message>
    <message>
        <source>This is no longer in your saved data.</source>
        <translation>Das ist nicht mehr in Ihren gespeicherten Daten.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Kontor settings</source>
        <translation>Kontor-Einstellungen</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>A new language applies after Kontor restarts.</source>
        <translation>Eine neue Sprache gilt nach dem nächsten Start von Kontor.</translation>
    </message>
    <message>
        <source>Start &amp;minimised</source>
        <translation>&amp;Minimiert starten</translation>
    </message>
    <message>
        <source>Start minimised</source>
        <translation>Minimiert starten</translation>
    </message>
    <message>
        <source>Show &amp;notifications for mentions and replies</source>
        <translation>&amp;Benachrichtigungen bei Erwähnungen und Antworten anzeigen</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Benachrichtigungen</translation>
    </message>
    <message>
        <source>Set by your IT department</source>
        <translation>Von Ihrer IT-Abteilung festgelegt</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Darstellung</translation>
    </message>
    <message>
        <source>Like the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>&amp;Appearance:</source>
        <translation>&amp;Darstellung:</translation>
    </message>
</context>
<context>
    <name>SpacesView</name>
    <message>
        <source>Spaces</source>
        <translation>Bereiche</translation>
    </message>
    <message>
        <source>Choose a space on the left.</source>
        <translation>Wählen Sie links einen Bereich.</translation>
    </message>
    <message>
        <source>members only</source>
        <translation>nur für Mitglieder</translation>
    </message>
    <message numerus="yes">
        <source>%n unread</source>
        <translation>
            <numerusform>%n ungelesen</numerusform>
            <numerusform>%n ungelesen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StartHereView</name>
    <message>
        <source>Start here</source>
        <translation>Hier starten</translation>
    </message>
    <message>
        <source>Hand over a position…</source>
        <translation>Stelle übergeben…</translation>
    </message>
    <message>
        <source>Hand over a position</source>
        <translation>Stelle übergeben</translation>
    </message>
    <message>
        <source>Contact updates</source>
        <translation>Geänderte Kontakte</translation>
    </message>
    <message>
        <source>Handed over to you</source>
        <translation>An Sie übergeben</translation>
    </message>
    <message>
        <source>Your responsibilities</source>
        <translation>Ihre Zuständigkeiten</translation>
    </message>
    <message>
        <source>Your team</source>
        <translation>Ihr Team</translation>
    </message>
    <message>
        <source>People to meet</source>
        <translation>Personen zum Kennenlernen</translation>
    </message>
    <message>
        <source>How-tos</source>
        <translation>Anleitungen</translation>
    </message>
    <message>
        <source>Your checklist</source>
        <translation>Ihre Checkliste</translation>
    </message>
    <message>
        <source>Your team: positions you lead</source>
        <translation>Ihr Team: Stellen, die Sie führen</translation>
    </message>
    <message>
        <source>Checklist progress</source>
        <translation>Fortschritt der Checkliste</translation>
    </message>
    <message>
        <source>Your colleagues and spaces are arriving…</source>
        <translation>Ihre Kolleginnen, Kollegen und Räume werden geladen …</translation>
    </message>
    <message>
        <source>Good morning, %1</source>
        <translation>Guten Morgen, %1</translation>
    </message>
    <message>
        <source>Hello, %1</source>
        <translation>Guten Tag, %1</translation>
    </message>
    <message>
        <source>Good evening, %1</source>
        <translation>Guten Abend, %1</translation>
    </message>
    <message>
        <source>Welcome to %1! You started as %2.</source>
        <translation>Willkommen bei %1! Sie haben als %2 angefangen.</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>%1 öffnen</translation>
    </message>
    <message>
        <source>Nobody</source>
        <translation>Niemand</translation>
    </message>
    <message>
        <source>vacant</source>
        <translation>unbesetzt</translation>
    </message>
    <message>
        <source>%1 is now your contact for %2 (successor of %3)</source>
        <translation>%1 ist jetzt Ihr Kontakt für %2 (zuvor: %3)</translation>
    </message>
    <message>
        <source>How-to for %1</source>
        <translation>Anleitung zu %1</translation>
    </message>
    <message>
        <source>Open the how-to for %1</source>
        <translation>Anleitung zu %1 öffnen</translation>
    </message>
    <message>
        <source>%1 (unit lead)</source>
        <translation>%1 (Leitung)</translation>
    </message>
    <message>
        <source>Job contact: “%1”</source>
        <translation>Dienstlicher Kontakt: „%1“</translation>
    </message>
    <message>
        <source>Job contact</source>
        <translation>Dienstlicher Kontakt</translation>
    </message>
    <message>
        <source>Your unit lead</source>
        <translation>Leitung Ihrer Einheit</translation>
    </message>
    <message>
        <source>In your team</source>
        <translation>In Ihrem Team</translation>
    </message>
    <message>
        <source>Open how-to %1</source>
        <translation>Anleitung %1 öffnen</translation>
    </message>
    <message>
        <source>%1 of %2 done</source>
        <translation>%1 von %2 erledigt</translation>
    </message>
    <message>
        <source>%1 (waiting to be sent)</source>
        <translation>%1 (wartet auf das Senden)</translation>
    </message>
    <message>
        <source>%1 (not saved: %2)</source>
        <translation>%1 (nicht gespeichert: %2)</translation>
    </message>
</context>
<context>
    <name>SuccessorPage</name>
    <message>
        <source>Successor</source>
        <translation>Nachfolger/in</translation>
    </message>
    <message>
        <source>&amp;Who takes it over?</source>
        <translation>Wer über&amp;nimmt die Stelle?</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Personen</translation>
    </message>
    <message>
        <source>Type a name</source>
        <translation>Namen eingeben</translation>
    </message>
    <message>
        <source>Nobody found.</source>
        <translation>Niemand gefunden.</translation>
    </message>
    <message>
        <source>People in the position&apos;s unit; type to find others.</source>
        <translation>Personen aus der Einheit der Stelle; für andere einen Namen eingeben.</translation>
    </message>
</context>
<context>
    <name>TrayNotifier</name>
    <message>
        <source>&amp;Open Kontor</source>
        <translation>Kontor ö&amp;ffnen</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>Jetzt &amp;synchronisieren</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Someone</source>
        <translation>Jemand</translation>
    </message>
    <message numerus="yes">
        <source>%n new mentions and replies</source>
        <translation>
            <numerusform>%n neue Erwähnung oder Antwort</numerusform>
            <numerusform>%n neue Erwähnungen und Antworten</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 mentioned you</source>
        <translation>%1 hat Sie erwähnt</translation>
    </message>
    <message>
        <source>%1 replied to your post</source>
        <translation>%1 hat auf Ihren Beitrag geantwortet</translation>
    </message>
    <message>
        <source>You now hold %1</source>
        <translation>Sie haben %1 übernommen</translation>
    </message>
    <message>
        <source>a new position</source>
        <translation>eine neue Stelle</translation>
    </message>
    <message>
        <source>Handed over by %1. Open to see your key contacts.</source>
        <translation>Von %1 übergeben. Öffnen, um Ihre wichtigen Kontakte zu sehen.</translation>
    </message>
    <message>
        <source>Open to see your key contacts.</source>
        <translation>Öffnen, um Ihre wichtigen Kontakte zu sehen.</translation>
    </message>
    <message>
        <source>%1 is now your contact for %2 (successor of %3)</source>
        <translation>%1 ist jetzt Ihr Kontakt für %2 (zuvor: %3)</translation>
    </message>
    <message>
        <source>Someone new</source>
        <translation>Jemand Neues</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>niemand</translation>
    </message>
    <message numerus="yes">
        <source>%n job contacts changed hands</source>
        <translation>
            <numerusform>%n dienstlicher Kontakt neu besetzt</numerusform>
            <numerusform>%n dienstliche Kontakte neu besetzt</numerusform>
        </translation>
    </message>
    <message>
        <source>Your job contact changed</source>
        <translation>Ihr dienstlicher Kontakt ist neu besetzt</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Kontor: your local data</source>
        <translation>Kontor: Ihre lokalen Daten</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>Repeat the passphrase</source>
        <translation>Passphrase wiederholen</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation>&amp;Passphrase:</translation>
    </message>
    <message>
        <source>&amp;Repeat:</source>
        <translation>&amp;Wiederholen:</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Start &amp;afresh</source>
        <translation>&amp;Neu beginnen</translation>
    </message>
    <message>
        <source>Download your data again from the server. Unsent posts and your sign-in are kept where this passphrase still opens them.</source>
        <translation>Ihre Daten werden neu vom Server geladen. Nicht gesendete Beiträge und Ihre Anmeldung bleiben erhalten, soweit diese Passphrase sie noch öffnet.</translation>
    </message>
    <message>
        <source>Choose a new passphrase for your local data and type it twice. Kontor then downloads your data again from the server.</source>
        <translation>Wählen Sie eine neue Passphrase für Ihre lokalen Daten und geben Sie sie zweimal ein. Kontor lädt Ihre Daten dann neu vom Server.</translation>
    </message>
    <message>
        <source>Start afresh</source>
        <translation>Neu beginnen</translation>
    </message>
    <message>
        <source>No keyring is available on this computer. Choose a passphrase that protects your local Kontor data and type it twice. You will need it every time Kontor starts.</source>
        <translation>Auf diesem Computer ist kein Schlüsselbund verfügbar. Wählen Sie eine Passphrase, die Ihre lokalen Kontor-Daten schützt, und geben Sie sie zweimal ein. Sie brauchen sie bei jedem Start von Kontor.</translation>
    </message>
    <message>
        <source>Protect</source>
        <translation>Schützen</translation>
    </message>
    <message>
        <source>Enter the passphrase that protects your local Kontor data.</source>
        <translation>Geben Sie die Passphrase ein, die Ihre lokalen Kontor-Daten schützt.</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Entsperren</translation>
    </message>
    <message>
        <source>The key of your local Kontor data is no longer available: the keyring that held it was changed or emptied. Switch back to that keyring and start Kontor again, or start afresh: Kontor downloads your data again from the server, and you sign in again.</source>
        <translation>Der Schlüssel Ihrer lokalen Kontor-Daten ist nicht mehr verfügbar: Der Schlüsselbund, der ihn enthielt, wurde gewechselt oder geleert. Wechseln Sie zu diesem Schlüsselbund zurück und starten Sie Kontor erneut, oder beginnen Sie neu: Kontor lädt Ihre Daten neu vom Server, und Sie melden sich erneut an.</translation>
    </message>
    <message>
        <source>No keyring is available now: choose a new passphrase and type it twice.</source>
        <translation>Jetzt ist kein Schlüsselbund verfügbar: Wählen Sie eine neue Passphrase und geben Sie sie zweimal ein.</translation>
    </message>
    <message>
        <source>Please enter a passphrase.</source>
        <translation>Bitte geben Sie eine Passphrase ein.</translation>
    </message>
    <message>
        <source>The two passphrases differ. Please type them again.</source>
        <translation>Die beiden Passphrasen stimmen nicht überein. Bitte geben Sie sie erneut ein.</translation>
    </message>
    <message>
        <source>Please enter your passphrase.</source>
        <translation>Bitte geben Sie Ihre Passphrase ein.</translation>
    </message>
    <message>
        <source>This passphrase does not open your local data. Please try again.</source>
        <translation>Diese Passphrase öffnet Ihre lokalen Daten nicht. Bitte versuchen Sie es erneut.</translation>
    </message>
</context>
<context>
    <name>WhoView</name>
    <message>
        <source>Who to ask</source>
        <translation>Wen fragen</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Ansicht</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>&amp;Register</source>
        <translation>&amp;Register</translation>
    </message>
    <message>
        <source>Who handles a topic today</source>
        <translation>Wer sich heute um ein Thema kümmert</translation>
    </message>
    <message>
        <source>All responsibilities: browse, check, change</source>
        <translation>Alle Zuständigkeiten: durchsehen, prüfen, ändern</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Thema</translation>
    </message>
    <message>
        <source>A topic, e.g. travel expenses, VPN, holiday</source>
        <translation>Ein Thema, z. B. Reisekosten, VPN, Urlaub</translation>
    </message>
    <message>
        <source>&amp;Who handles…</source>
        <translation>&amp;Wer kümmert sich um…</translation>
    </message>
    <message>
        <source>Nobody is listed for “%1”. Try another word.</source>
        <translation>Für „%1“ ist niemand eingetragen. Versuchen Sie ein anderes Wort.</translation>
    </message>
    <message>
        <source>Who does what</source>
        <translation>Wer macht was</translation>
    </message>
    <message>
        <source>Type what you need help with, and Kontor shows who handles it today.</source>
        <translation>Geben Sie ein, wobei Sie Hilfe brauchen – Kontor zeigt, wer heute dafür zuständig ist.</translation>
    </message>
</context>
<context>
    <name>HubsView</name>
    <message>
        <source>%1 units</source>
        <translation>%1 Bereiche</translation>
    </message>
    <message>
        <source>%1 of its units lack contact with a neighbour</source>
        <translation>%1 seiner Bereiche fehlt der Kontakt zu einem Nachbarn</translation>
    </message>
    <message>
        <source>The map groups %1 units into %2 parts of the organisation.</source>
        <translation>Die Karte fasst %1 Bereiche zu %2 Teilen der Organisation zusammen.</translation>
    </message>
    <message>
        <source>Hubs</source>
        <translation>Hubs</translation>
    </message>
    <message>
        <source>Information hubs</source>
        <translation>Informationsknoten</translation>
    </message>
    <message>
        <source>Only colleagues who agreed are named. Others appear to their unit leads and to community managers as “a colleague in” their unit. No unit smaller than five people is shown.</source>
        <translation>Namentlich erscheint nur, wer zugestimmt hat. Alle anderen sehen nur ihre Bereichsleitungen und die Community-Manager, als „eine Kollegin oder ein Kollege in“ ihrem Bereich. Kein Bereich mit weniger als fünf Personen wird gezeigt.</translation>
    </message>
    <message>
        <source>Map of units and their links</source>
        <translation>Karte der Bereiche und ihrer Verbindungen</translation>
    </message>
    <message>
        <source>Ctrl+wheel or the buttons zoom; orange units hold hubs, red ones are cut off</source>
        <translation>Strg+Mausrad oder die Schaltflächen zoomen; orange Bereiche haben Knoten, rote sind abgeschnitten</translation>
    </message>
    <message>
        <source>Hubs and bridges</source>
        <translation>Knoten und Brücken</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>Braucht Aufmerksamkeit</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <source>&amp;Fit</source>
        <translation>&amp;Einpassen</translation>
    </message>
    <message>
        <source>Show the whole map</source>
        <translation>Die ganze Karte zeigen</translation>
    </message>
    <message>
        <source>Export &amp;PNG…</source>
        <translation>Als &amp;PNG exportieren…</translation>
    </message>
    <message>
        <source>Export the map as PNG</source>
        <translation>Die Karte als PNG exportieren</translation>
    </message>
    <message>
        <source>Export P&amp;DF…</source>
        <translation>Als P&amp;DF exportieren…</translation>
    </message>
    <message>
        <source>Export the map as PDF</source>
        <translation>Die Karte als PDF exportieren</translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation>Als &amp;CSV exportieren…</translation>
    </message>
    <message>
        <source>Export the table as CSV</source>
        <translation>Die Tabelle als CSV exportieren</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Warum</translation>
    </message>
    <message>
        <source>No results yet. The server computes them every night.</source>
        <translation>Noch keine Ergebnisse. Der Server berechnet sie jede Nacht.</translation>
    </message>
    <message>
        <source>As of %1, from the last %2 days.</source>
        <translation>Stand %1, aus den letzten %2 Tagen.</translation>
    </message>
    <message>
        <source>a colleague in %1</source>
        <translation>eine Kollegin oder ein Kollege in %1</translation>
    </message>
    <message>
        <source>Unanswered for %1 days: %2</source>
        <translation>Seit %1 Tagen unbeantwortet: %2</translation>
    </message>
    <message>
        <source>Quiet for %1 days: %2</source>
        <translation>Seit %1 Tagen still: %2</translation>
    </message>
    <message>
        <source>Export as PNG</source>
        <translation>Als PNG exportieren</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>Export as PDF</source>
        <translation>Als PDF exportieren</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <source>Export as CSV</source>
        <translation>Als CSV exportieren</translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation>CSV-Tabelle (*.csv)</translation>
    </message>
    <message>
        <source>hubs</source>
        <translation>informationsknoten</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>%1 konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Cut off: no contact with any other unit</source>
        <translation>Abgeschnitten: kein Kontakt zu einem anderen Bereich</translation>
    </message>
    <message>
        <source>No contact with: %1</source>
        <translation>Kein Kontakt mit: %1</translation>
    </message>
</context>
<context>
    <name>HubReasons</name>
    <message>
        <source>another unit</source>
        <translation>ein anderer Bereich</translation>
    </message>
    <message>
        <source>answers questions from %1 units (most: %2)</source>
        <translation>beantwortet Fragen aus %1 Bereichen (am meisten: %2)</translation>
    </message>
    <message>
        <source>the only job connection between %1 and %2</source>
        <translation>die einzige Arbeitsverbindung zwischen %1 und %2</translation>
    </message>
    <message>
        <source>in regular contact with %1 units (most: %2)</source>
        <translation>in regelmäßigem Kontakt mit %1 Bereichen (am meisten: %2)</translation>
    </message>
    <message>
        <source>links parts of the company that are otherwise far apart (%1)</source>
        <translation>verbindet Teile der Firma, die sonst weit auseinanderliegen (%1)</translation>
    </message>
    <message>
        <source>keeps a how-to that %1 units use</source>
        <translation>pflegt eine Anleitung, die %1 Bereiche nutzen</translation>
    </message>
    <message>
        <source>Bridge</source>
        <translation>Brücke</translation>
    </message>
    <message>
        <source>Hub</source>
        <translation>Knoten</translation>
    </message>
</context>
<context>
    <name>HubConsentBox</name>
    <message>
        <source>Information hubs</source>
        <translation>Informationsknoten</translation>
    </message>
    <message>
        <source>Show me as a &amp;hub</source>
        <translation>Mich als &amp;Knoten zeigen</translation>
    </message>
    <message>
        <source>With this on, the hub results name you to everyone; without it you appear only to your leads and community managers, as a colleague in your unit.</source>
        <translation>Eingeschaltet nennen die Ergebnisse Sie allen mit Namen; sonst erscheinen Sie nur Ihren Leitungen und den Community-Managern, als Kollegin oder Kollege in Ihrem Bereich.</translation>
    </message>
    <message>
        <source>&lt;b&gt;How I connect the company&lt;/b&gt;</source>
        <translation>&lt;b&gt;Wie ich die Firma verbinde&lt;/b&gt;</translation>
    </message>
    <message>
        <source>The latest results do not list you as a hub.</source>
        <translation>Die neuesten Ergebnisse führen Sie nicht als Knoten.</translation>
    </message>
    <message>
        <source>No results yet. The server computes them every night.</source>
        <translation>Noch keine Ergebnisse. Der Server berechnet sie jede Nacht.</translation>
    </message>
</context>
<context>
    <name>CommunityView</name>
    <message>
        <source>Needs attention</source>
        <translation>Braucht Aufmerksamkeit</translation>
    </message>
    <message>
        <source>Community</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>Figures of groups only, never of a person, and no group smaller than five people. Only community managers see this screen.</source>
        <translation>Nur Zahlen von Gruppen, nie von einer Person, und keine Gruppe mit weniger als fünf Personen. Nur Community-Manager sehen diese Ansicht.</translation>
    </message>
    <message>
        <source>Whose figures</source>
        <translation>Wessen Zahlen</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Zeigen:</translation>
    </message>
    <message>
        <source>Use of the network per week</source>
        <translation>Nutzung des Netzwerks pro Woche</translation>
    </message>
    <message>
        <source>People active per week, by site</source>
        <translation>Aktive Personen pro Woche, nach Standort</translation>
    </message>
    <message>
        <source>Use of the network by unit</source>
        <translation>Nutzung des Netzwerks nach Einheit</translation>
    </message>
    <message>
        <source>Unanswered questions</source>
        <translation>Unbeantwortete Fragen</translation>
    </message>
    <message>
        <source>Quiet spaces</source>
        <translation>Stille Bereiche</translation>
    </message>
    <message>
        <source>Outdated how-tos</source>
        <translation>Veraltete Anleitungen</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Einheit</translation>
    </message>
    <message>
        <source>Last week</source>
        <translation>Letzte Woche</translation>
    </message>
    <message>
        <source>Per week</source>
        <translation>Pro Woche</translation>
    </message>
    <message>
        <source>People active in the last whole week</source>
        <translation>Aktive Personen in der letzten vollen Woche</translation>
    </message>
    <message>
        <source>People active per week, on average</source>
        <translation>Aktive Personen pro Woche, im Durchschnitt</translation>
    </message>
    <message>
        <source>Posts over the weeks shown</source>
        <translation>Beiträge in den gezeigten Wochen</translation>
    </message>
    <message>
        <source>Comments and answers over the weeks shown</source>
        <translation>Kommentare und Antworten in den gezeigten Wochen</translation>
    </message>
    <message>
        <source>Posts</source>
        <translation>Beiträge</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>Kommentare</translation>
    </message>
    <message>
        <source>No figures yet. The server computes them every night.</source>
        <translation>Noch keine Zahlen. Der Server berechnet sie jede Nacht.</translation>
    </message>
    <message>
        <source>As of %1: the last %2 weeks.</source>
        <translation>Stand %1: die letzten %2 Wochen.</translation>
    </message>
    <message>
        <source>The whole company</source>
        <translation>Die ganze Firma</translation>
    </message>
    <message>
        <source>Site %1</source>
        <translation>Standort %1</translation>
    </message>
    <message>
        <source>People active</source>
        <translation>Aktive Personen</translation>
    </message>
    <message>
        <source>Comments and answers</source>
        <translation>Kommentare und Antworten</translation>
    </message>
    <message>
        <source>Unanswered questions (%1)</source>
        <translation>Unbeantwortete Fragen (%1)</translation>
    </message>
    <message>
        <source>Quiet spaces (%1)</source>
        <translation>Stille Bereiche (%1)</translation>
    </message>
    <message>
        <source>Outdated how-tos (%1)</source>
        <translation>Veraltete Anleitungen (%1)</translation>
    </message>
</context>
<context>
    <name>HubAttention</name>
    <message>
        <source>Unanswered for %1 days: %2</source>
        <translation>Seit %1 Tagen unbeantwortet: %2</translation>
    </message>
    <message>
        <source>Not edited for %1 days: %2</source>
        <translation>Seit %1 Tagen nicht bearbeitet: %2</translation>
    </message>
    <message>
        <source>Quiet for %1 days: %2</source>
        <translation>Seit %1 Tagen still: %2</translation>
    </message>
</context>
<context>
    <name>Reaction</name>
    <message>
        <source>Thumbs up</source>
        <translation>Daumen hoch</translation>
    </message>
    <message>
        <source>Celebrate</source>
        <translation>Feiern</translation>
    </message>
    <message>
        <source>Heart</source>
        <translation>Herz</translation>
    </message>
    <message>
        <source>Laugh</source>
        <translation>Lachen</translation>
    </message>
</context>
<context>
    <name>StatusText</name>
    <message>
        <source>The server cannot be reached: it did not answer in time.</source>
        <translation>Der Server ist nicht erreichbar: Er hat nicht rechtzeitig geantwortet.</translation>
    </message>
    <message>
        <source>The server cannot be reached: its name was not found. Check the address and your network connection.</source>
        <translation>Der Server ist nicht erreichbar: Sein Name wurde nicht gefunden. Prüfen Sie die Adresse und Ihre Netzwerkverbindung.</translation>
    </message>
    <message>
        <source>The server cannot be reached: the connection was refused.</source>
        <translation>Der Server ist nicht erreichbar: Die Verbindung wurde abgelehnt.</translation>
    </message>
    <message>
        <source>The server cannot be reached: the proxy refused the connection.</source>
        <translation>Der Server ist nicht erreichbar: Der Proxy hat die Verbindung abgelehnt.</translation>
    </message>
    <message>
        <source>The connection to the server broke; Kontor tries again.</source>
        <translation>Die Verbindung zum Server ist abgebrochen; Kontor versucht es erneut.</translation>
    </message>
    <message>
        <source>The server cannot be reached. Check your network connection.</source>
        <translation>Der Server ist nicht erreichbar. Prüfen Sie Ihre Netzwerkverbindung.</translation>
    </message>
    <message>
        <source>The server's certificate is not trusted; Kontor does not connect.</source>
        <translation>Dem Zertifikat des Servers wird nicht vertraut; Kontor verbindet sich nicht.</translation>
    </message>
    <message>
        <source>The server could not answer; Kontor tries again later.</source>
        <translation>Der Server konnte nicht antworten; Kontor versucht es später erneut.</translation>
    </message>
    <message>
        <source>The server sent data Kontor could not read; it tries again later.</source>
        <translation>Der Server hat Daten geschickt, die Kontor nicht lesen konnte; Kontor versucht es später erneut.</translation>
    </message>
    <message>
        <source>The server's data was restored from a backup; syncing everything again.</source>
        <translation>Die Daten des Servers wurden aus einer Sicherung wiederhergestellt; alles wird neu abgeglichen.</translation>
    </message>
    <message>
        <source>This device was signed out by your administrator.</source>
        <translation>Dieses Gerät wurde von Ihrer IT-Administration abgemeldet.</translation>
    </message>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation>Ihre Sitzung ist beendet. Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>The data saved on this computer is damaged; Kontor checks it at the next start.</source>
        <translation>Die auf diesem Computer gespeicherten Daten sind beschädigt; Kontor prüft sie beim nächsten Start.</translation>
    </message>
</context>
<context>
    <name>WriteOp</name>
    <message>
        <source>The change could not be saved.</source>
        <translation>Die Änderung konnte nicht gespeichert werden.</translation>
    </message>
    <message>
        <source>The disk is full, so this was not saved. Free some space and try again; nothing saved before is lost.</source>
        <translation>Der Datenträger ist voll, daher wurde dies nicht gespeichert. Geben Sie Speicherplatz frei und versuchen Sie es erneut; nichts zuvor Gespeichertes geht verloren.</translation>
    </message>
</context>
<context>
    <name>ExternalLink</name>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
</context>
</TS>
