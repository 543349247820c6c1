"""German texts of the demo company, built from templates.

Real-sounding everyday content matters for a demo: people judge search, the feed and the
"who is responsible for..." lookup by whether it answers questions they would really ask.
Every function takes the caller's Random so the whole company stays reproducible.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from server_stub.demo.synonyms import DUTY_SYNONYMS

WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag")
EMOJI = ("👍", "👍", "👍", "🎉", "❤️", "👏", "🙏", "😂", "💡", "😮")


@dataclass(frozen=True)
class DutyTemplate:
    """An everyday responsibility; instantiated per company, site or department."""

    key: str
    title: str
    scope: Literal["company", "site", "department", "team"]
    department: str
    keywords: tuple[str, ...]
    description: str
    howto: tuple[str, ...] = ()

    @property
    def synonyms(self) -> tuple[str, ...]:
        """Other words people search with (docs/organisation.md): demo/synonyms.py."""
        return DUTY_SYNONYMS.get(self.key, ())


DUTIES: tuple[DutyTemplate, ...] = (
    DutyTemplate(
        "reisekosten", "Reisekostenabrechnung", "site", "buchhaltung",
        ("Reisekosten", "Spesen", "Dienstreise", "Kilometergeld", "Verpflegungspauschale"),
        "Prüft und erstattet Reisekosten, Spesen und Kilometergeld.",
        ("Reise vorab im Reiseportal beantragen und genehmigen lassen.",
         "Belege sammeln (Hotel, Bahn, Taxi); Bewirtungsbelege mit Anlass und Teilnehmern.",
         "Abrechnung spätestens 3 Monate nach der Reise im Portal einreichen.",
         "Die Erstattung kommt mit der nächsten Gehaltsabrechnung."),
    ),
    DutyTemplate(
        "urlaub", "Urlaubsanträge", "site", "personal",
        ("Urlaub", "Urlaubsantrag", "Resturlaub", "Abwesenheit", "Sonderurlaub"),
        "Beantwortet Fragen zu Urlaubsanspruch, Resturlaub und Sonderurlaub.",
        ("Antrag im Zeiterfassungssystem stellen, mindestens zwei Wochen vorher.",
         "Die Führungskraft genehmigt; die Vertretung wird automatisch informiert.",
         "Resturlaub verfällt am 31. März des Folgejahres.",
         "Sonderurlaub (Umzug, Hochzeit) bitte direkt bei der Personalabteilung beantragen."),
    ),
    DutyTemplate(
        "it_support", "IT-Support", "site", "it",
        ("IT", "Passwort", "Drucker", "Laptop", "VPN", "Headset"),
        "Erste Anlaufstelle für Hardware, Passwörter, Drucker und VPN.",
        ("Ticket im IT-Portal anlegen (Durchwahl 555 nur bei Notfällen).",
         "Passwort vergessen? Selbst zurücksetzen unter Einstellungen > Konto.",
         "Neue Hardware über die Führungskraft anfordern.",
         "Defekte Geräte im IT-Büro abgeben, Leihgeräte gibt es sofort."),
    ),
    DutyTemplate(
        "bestellungen", "Bestellungen und Einkauf", "site", "einkauf",
        ("Bestellung", "Bestellanforderung", "Büromaterial", "Lieferant", "Angebot"),
        "Nimmt Bestellanforderungen entgegen und bestellt bei freigegebenen Lieferanten.",
        ("Bestellanforderung (BANF) in SAP anlegen, Kostenstelle angeben.",
         "Ab 1.000 EUR zwei Vergleichsangebote beifügen.",
         "Büromaterial jeden Dienstag über den Sammelauftrag bestellen.",
         "Lieferstatus im SAP-Beleg verfolgen oder beim Einkauf nachfragen."),
    ),
    DutyTemplate(
        "arbeitssicherheit", "Arbeitssicherheit", "site", "qualitaet",
        ("Arbeitsschutz", "Sicherheitsunterweisung", "PSA", "Schutzbrille", "Unfall",
         "Gefährdungsbeurteilung"),
        "Fachkraft für Arbeitssicherheit: Unterweisungen, Begehungen, Unfallmeldungen.",
        ("Jährliche Sicherheitsunterweisung im Lernportal abschließen.",
         "Persönliche Schutzausrüstung gibt es am Werkzeugausgabeschalter.",
         "Jeden Unfall, auch Beinahe-Unfälle, noch am selben Tag melden.",
         "Verbandbuch liegt an jedem Erste-Hilfe-Kasten."),
    ),
    DutyTemplate(
        "datenschutz", "Datenschutz", "company", "it",
        ("DSGVO", "Datenschutzbeauftragter", "personenbezogene Daten", "Auskunftsersuchen"),
        "Datenschutzbeauftragte/r: Verzeichnis der Verarbeitungstätigkeiten, Datenpannen.",
        ("Datenpanne? Sofort melden: Meldefrist an die Behörde sind 72 Stunden.",
         "Neue Software mit personenbezogenen Daten vorher prüfen lassen.",
         "Auskunftsersuchen von Kunden unverändert weiterleiten."),
    ),
    DutyTemplate(
        "schluessel", "Schlüsselverwaltung", "site", "logistik",
        ("Schlüssel", "Zutrittskarte", "Transponder", "Ausweis"),
        "Gibt Schlüssel und Zutrittskarten aus und sperrt verlorene Karten.",
    ),
    DutyTemplate(
        "firmenwagen", "Firmenwagen und Fuhrpark", "company", "logistik",
        ("Dienstwagen", "Fuhrpark", "Poolfahrzeug", "Tankkarte", "Führerscheinkontrolle"),
        "Verwaltet Dienst- und Poolfahrzeuge, Tankkarten und Führerscheinkontrollen.",
        ("Poolfahrzeug im Buchungskalender reservieren.",
         "Schlüssel und Fahrtenbuch am Empfang abholen.",
         "Schäden sofort mit Foto melden; Tankkarte nur für das gebuchte Fahrzeug."),
    ),
    DutyTemplate(
        "parken", "Parkplätze", "site", "logistik",
        ("Parkplatz", "Parkausweis", "Tiefgarage", "E-Ladesäule", "Fahrradstellplatz"),
        "Vergibt Parkausweise, Stellplätze und Zeiten an den Ladesäulen.",
    ),
    DutyTemplate(
        "betriebsrat", "Betriebsrat", "site", "produktion",
        ("Betriebsrat", "Mitbestimmung", "Betriebsversammlung", "Sprechstunde"),
        "Vorsitz des Betriebsrats am Standort; Sprechstunde jeden Donnerstag.",
    ),
    DutyTemplate(
        "ersthelfer", "Ersthelfer", "department", "",
        ("Erste Hilfe", "Ersthelfer", "Verbandskasten", "Notfall"),
        "Ersthelfer/in der Abteilung; Verbandskasten und Notfallnummern.",
    ),
    DutyTemplate(
        "brandschutz", "Brandschutz", "site", "qualitaet",
        ("Brandschutzhelfer", "Feuerlöscher", "Evakuierung", "Räumungsübung"),
        "Brandschutzbeauftragte/r: Räumungsübungen, Feuerlöscher, Fluchtwege.",
    ),
    DutyTemplate(
        "gehalt", "Gehaltsabrechnung", "company", "personal",
        ("Lohn", "Gehalt", "Lohnabrechnung", "Steuerklasse", "Lohnsteuerbescheinigung"),
        "Lohn- und Gehaltsabrechnung, Änderungen von Steuerklasse und Bankverbindung.",
        ("Änderungen (Steuerklasse, Bankverbindung, Adresse) bis zum 10. des Monats melden.",
         "Die Abrechnung liegt ab dem 25. im Mitarbeiterportal.",
         "Lohnsteuerbescheinigung kommt im Februar automatisch."),
    ),
    DutyTemplate(
        "zeiterfassung", "Zeiterfassung", "site", "personal",
        ("Stempeluhr", "Gleitzeit", "Überstunden", "Zeitkonto", "Zeitkorrektur"),
        "Korrigiert Buchungen und beantwortet Fragen zu Gleitzeit und Zeitkonto.",
    ),
    DutyTemplate(
        "weiterbildung", "Weiterbildung", "company", "personal",
        ("Schulung", "Seminar", "Fortbildung", "Bildungsurlaub"),
        "Organisiert Schulungen und Seminare, berät zu Bildungsurlaub.",
    ),
    DutyTemplate(
        "poststelle", "Poststelle und Pakete", "site", "logistik",
        ("Post", "Paket", "Kurier", "DHL", "Einschreiben"),
        "Eingehende und ausgehende Post, Kuriere und Pakete.",
    ),
    DutyTemplate(
        "reklamation", "Reklamationen", "site", "qualitaet",
        ("Reklamation", "8D-Report", "Kundenbeschwerde", "Rücksendung"),
        "Bearbeitet Kundenreklamationen und koordiniert 8D-Reports.",
    ),
    DutyTemplate(
        "zoll", "Zoll und Exportkontrolle", "company", "vertrieb",
        ("Zoll", "Ausfuhr", "Exportkontrolle", "Ursprungszeugnis"),
        "Ausfuhranmeldungen, Exportkontrolle und Ursprungszeugnisse.",
    ),
    DutyTemplate(
        "mobilfunk", "Diensthandys", "company", "it",
        ("Handy", "Diensthandy", "SIM-Karte", "Mobilfunk"),
        "Verträge, SIM-Karten und Geräte für Diensthandys.",
    ),
)


# The demo user's own team (Vertrieb): one duty with a pinned how-to, handed to her new
# hire, and one whose owner's seat is empty and has no deputy: it waits for an owner.
TEAM_DUTIES: tuple[DutyTemplate, ...] = (
    DutyTemplate(
        "angebote", "Angebote und CRM-Pflege", "team", "vertrieb",
        ("Angebot", "Angebotsfreigabe", "CRM", "Salesforce", "Rabatt", "Preisliste"),
        "Erstellt Standardangebote aus dem CRM, holt Freigaben ein und pflegt den Status.",
        ("Angebot im CRM aus der passenden Vorlage anlegen, nie aus einer alten Word-Datei.",
         "Ab 10 % Rabatt oder Sonderlieferzeit gibt die Teamleitung frei.",
         "Freigegebenes Angebot als PDF aus dem CRM versenden.",
         "Nach 7 Tagen nachfassen und den Status im CRM aktualisieren."),
    ),
    DutyTemplate(
        "messen", "Messeplanung Vertrieb", "team", "vertrieb",
        ("Messe", "Messestand", "Hannover Messe", "AMB", "Standdienst"),
        "Plant Messeauftritte mit dem Marketing: Standdienst, Exponate, Kundentermine.",
    ),
)


def howto_text(duty: DutyTemplate, place: str, contact: str | None) -> str:
    """A pinned-worthy how-to; the contact is written as a mention when there is one."""
    steps = "\n".join(f"{i}. {step}" for i, step in enumerate(duty.howto, 1))
    lines = [f"So geht's: {duty.title} ({place})", "", steps, ""]
    if contact:
        lines.append(f"Fragen beantwortet gern @{contact}.")
    return "\n".join(lines)


_DISHES = ("Käsespätzle", "Schweinebraten mit Knödel", "Linsen mit Spätzle",
           "Currywurst mit Pommes", "Gemüselasagne", "Fischfilet mit Kartoffelsalat",
           "Kaiserschmarrn", "Chili sin Carne", "Maultaschen in der Brühe")
_SPORTS = ("Fußball", "Volleyball", "eine Laufrunde", "Yoga", "Tischtennis", "Radfahren")
_ITEMS = ("ein Kinderfahrrad", "einen Schreibtischstuhl", "Winterreifen 205/55 R16",
          "eine Kaffeemaschine", "Umzugskartons", "ein Zelt für vier Personen")
_CUSTOMERS = ("Brauerei Aying", "Molkerei Berchtesgadener Land", "Nordsee Logistik",
              "Schwarzwald Pharma", "Hansa Verpackung", "Allgäuer Käserei")
_MACHINES = ("Bearbeitungszentrum", "Laserschneidanlage", "Biegemaschine", "Prüfstand",
             "Roboterzelle", "Drehmaschine")

_TEMPLATES: dict[str, tuple[str, ...]] = {
    "announcements": (
        "Liebe Kolleginnen und Kollegen, die Betriebsversammlung findet am {weekday}, "
        "den {day}. um {hour} Uhr in der Kantine {site} statt.",
        "Wir haben den Auftrag von {customer} gewonnen! Danke an alle Beteiligten.",
        "Am {weekday} wird zwischen {hour} und {hour2} Uhr das ERP-System aktualisiert. "
        "Bitte vorher alle Buchungen abschließen.",
        "Die neue Reiserichtlinie gilt ab dem {day}. des Monats. Die wichtigsten Änderungen "
        "stehen im Intranet.",
        "Herzlichen Glückwunsch an alle Jubilarinnen und Jubilare dieses Quartals!",
        "Sommerfest am {weekday} in {site}: Anmeldung bis Ende der Woche.",
    ),
    "site": (
        "Der Parkplatz P2 in {site} ist am {weekday} wegen Markierungsarbeiten gesperrt.",
        "Die Heizung im Gebäude B wird am {weekday} gewartet; ab {hour} Uhr wird es kühl.",
        "Feueralarmprobe am {weekday} um {hour} Uhr. Bitte die Sammelplätze beachten.",
        "Der Aufzug in Gebäude A ist bis {weekday} außer Betrieb.",
        "Blutspende-Termin in {site} am {weekday}, {hour} bis {hour2} Uhr.",
    ),
    "team": (
        "Kurze Info: Das {machine} in Halle {n} läuft ab {weekday} wieder.",
        "Teammeeting diese Woche ausnahmsweise am {weekday} um {hour} Uhr.",
        "Die Unterlagen für {customer} liegen jetzt im Teamordner.",
        "Wer kann am {weekday} die Frühschicht übernehmen?",
        "Danke für den Einsatz bei der Abnahme mit {customer}!",
        "Erinnerung: Bitte die Stunden bis {weekday} im System buchen.",
        "Neue Version der Checkliste für {team} ist online.",
    ),
    "Kantine": (
        "Heute gibt es {dish}. Sehr zu empfehlen!",
        "Könnte es öfter vegetarische Gerichte geben? Die {dish} war super.",
        "Die Kantine {site} schließt am {weekday} schon um {hour2} Uhr.",
    ),
    "Fahrgemeinschaften": (
        "Suche Mitfahrgelegenheit nach {site}, Schichtbeginn {hour} Uhr.",
        "Biete Fahrgemeinschaft ab {weekday}, Abfahrt {hour}:15 Uhr, zwei Plätze frei.",
    ),
    "Betriebssport": (
        "Wer hat Lust auf {sport} am {weekday} nach Feierabend?",
        "Anmeldung zum Firmenlauf in {site} ist offen, wir brauchen noch {n} Leute.",
    ),
    "Flohmarkt": (
        "Verschenke {item}, abzuholen in {site}.",
        "Suche {item}, gern gebraucht.",
    ),
    "Ideen und Verbesserungen": (
        "Vorschlag: Werkzeugwagen an jeder Linie beschriften, spart Suchzeit.",
        "Idee: Sammelbestellung für Büromaterial nur noch einmal im Monat.",
        "Könnten wir die Schichtübergabe digital protokollieren?",
    ),
    "members": (
        "Zwischenstand: Das Layout der neuen Linie ist abgestimmt, Termin mit {customer} "
        "am {weekday}.",
        "Bitte die Kostenschätzung bis {weekday} ergänzen.",
        "Protokoll der Runde vom {day}. liegt im Ordner.",
        "Vertraulich: Personalplanung für das nächste Quartal, bitte Rückmeldung bis {weekday}.",
    ),
}

_COMMENTS = ("Danke für die Info!", "Super, bin dabei 👍", "Gibt es dazu schon einen Termin?",
             "Sehr gut, danke!", "Ist das auch für {site} relevant?", "Klingt gut.",
             "Ich kümmere mich darum.", "Bin leider im Urlaub, bitte ohne mich.",
             "Top, vielen Dank!", "Können wir das am {weekday} besprechen?",
             "Das hat bei uns gut funktioniert.", "Wer ist dafür zuständig?")
_MENTION = ("@{name}, kannst du dir das bitte ansehen?", "Danke an @{name} für die Hilfe!",
            "Details hat @{name}.", "@{name} weiß mehr dazu.", "Was meinst du, @{name}?")
_PERSONAL_NOTES = ("Kennen uns aus dem Projekt {customer}.", "Fahrgemeinschaft nach {site}.",
                   "Ehemalige/r Kollege/in aus {site}.", "Hat mir beim Onboarding geholfen.",
                   "Gute Ansprechperson für Excel-Fragen.", "Laufgruppe am {weekday}.",
                   "Gemeinsame Schulung zu {skill}.", "")
_JOB_NOTES = ("Abstimmung {a} und {b}: Freigaben und Rückfragen.",
              "Schnittstelle {a}/{b}, wöchentlicher Jour fixe am {weekday}.",
              "Kurzer Draht bei Eilaufträgen.", "Übergabe offener Vorgänge an {b}.",
              "Eskalationen aus {a} landen hier.")


_DRAWS: dict[str, Callable[[random.Random], int | str]] = {
    "weekday": lambda rng: rng.choice(WEEKDAYS),
    "day": lambda rng: rng.randint(1, 28),
    "hour": lambda rng: rng.randint(7, 15),
    "n": lambda rng: rng.randint(1, 9),
    "dish": lambda rng: rng.choice(_DISHES),
    "sport": lambda rng: rng.choice(_SPORTS),
    "item": lambda rng: rng.choice(_ITEMS),
    "customer": lambda rng: rng.choice(_CUSTOMERS),
    "machine": lambda rng: rng.choice(_MACHINES),
}


class _Blanks(dict[str, int | str]):
    """Draws a value only for the placeholders a template really has: a quarter of a
    million contact notes would otherwise pay for a dozen unused random draws each."""

    def __init__(self, rng: random.Random, given: dict[str, str]) -> None:
        super().__init__(given)
        self.rng = rng

    def __missing__(self, key: str) -> int | str:
        if key == "hour2":
            value: int | str = int(self["hour"]) + 2
        else:
            value = _DRAWS[key](self.rng)
        self[key] = value
        return value


def _fill(rng: random.Random, template: str, site: str, team: str = "", skill: str = "",
          a: str = "", b: str = "") -> str:
    given = {"site": site, "team": team, "skill": skill, "a": a, "b": b}
    return template.format_map(_Blanks(rng, given))


def post_text(rng: random.Random, theme: str, site: str, team: str = "") -> str:
    """theme: a space kind ("team", "site", ...), "members" or a topic space's name."""
    return _fill(rng, rng.choice(_TEMPLATES.get(theme, _TEMPLATES["team"])), site, team)


def comment_text(rng: random.Random, site: str) -> str:
    return _fill(rng, rng.choice(_COMMENTS), site)


def mention_phrase(rng: random.Random, name: str) -> str:
    return rng.choice(_MENTION).format(name=name)


def welcome_text(name: str, team: str) -> str:
    return f"Herzlich willkommen im Team {team}, @{name}! Schön, dass du da bist 🎉"


def personal_note(rng: random.Random, site: str, skill: str) -> str:
    return _fill(rng, rng.choice(_PERSONAL_NOTES), site, skill=skill)


def job_note(rng: random.Random, a: str, b: str) -> str:
    return _fill(rng, rng.choice(_JOB_NOTES), "", a=a, b=b)


def about_text(previous: str, hobby: str, since: int) -> str:
    return f"Seit {since} bei Kontor, vorher bei {previous}. In meiner Freizeit {hobby}."


def handover_note(kind: str, old: str, new: str) -> str:
    if kind == "rotation":
        return f"Jobrotation: {old} übergibt an {new}. Offene Vorgänge sind dokumentiert."
    if kind == "hire":
        return f"Neueinstellung: {new} startet, Einarbeitung durch die Vertretung."
    return (f"{old} geht in den Ruhestand; {new} übernimmt. Übergabegespräche laufen, "
            "Zuständigkeiten und Kontakte gehen mit der Stelle über.")
