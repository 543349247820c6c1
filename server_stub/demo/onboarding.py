"""Onboarding checklists of the demo company, and the ticks its new hires have made.

Every team keeps its own list (checklist_item records on the team unit): the steps every
newcomer takes anywhere in the firm, plus a few that only make sense in that department.
The lists differ a little from team to team, the way lead-kept lists do. A new hire has
ticked the first steps, more the longer they have been here, so "Start here" shows real
progress rather than an empty or a finished list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from server_stub.demo.model import DAY_MS, Org
from sync import protocol as p

HOUR_MS = 3_600_000

# (title, description); every list starts with FIRST, then draws from COMMON.
FIRST: tuple[tuple[str, str], ...] = (
    ("Zugang zu SAP beantragen",
     "Antrag im IT-Portal stellen; die Führungskraft gibt frei. Dauert etwa zwei Werktage."),
    ("Sicherheitsunterweisung",
     "Pflicht vor dem ersten Einsatz: Lernmodul im Lernportal, danach Begehung mit der "
     "Fachkraft für Arbeitssicherheit."),
    ("Patenschaft: Ersten Termin mit Pate vereinbaren",
     "Deine Patin oder dein Pate zeigt dir in den ersten Wochen Abläufe und Ansprechpartner."),
)
COMMON: tuple[tuple[str, str], ...] = (
    ("Zutrittskarte und Schlüssel abholen",
     "Bei der Schlüsselverwaltung am Standort, Personalausweis mitbringen."),
    ("Zeiterfassung einrichten",
     "Ausweis an der Stempeluhr registrieren und die Gleitzeitregelung lesen."),
    ("Datenschutzschulung (DSGVO) abschließen",
     "Lernmodul im Lernportal, etwa 30 Minuten."),
    ("Profil in Kontor vervollständigen",
     "Foto, Sprachen und Kenntnisse eintragen, damit Kolleginnen und Kollegen dich finden."),
    ("Vorstellungsrunde im Team",
     "Im nächsten Teammeeting kurz vorstellen: woher du kommst, woran du arbeitest."),
    ("Rundgang über das Werksgelände",
     "Kantine, Erste-Hilfe-Räume, Sammelplätze und die Nachbarabteilungen kennenlernen."),
)
BY_DEPARTMENT: dict[str, tuple[tuple[str, str], ...]] = {
    "vertrieb": (("CRM-Zugang (Salesforce) einrichten", "Lizenz über das IT-Portal anfordern."),
                 ("Produktschulung Maschinenprogramm", "Zwei Tage mit der Entwicklung."),
                 ("Kundenbesuch begleiten", "Mit einer erfahrenen Kollegin mitfahren.")),
    "einkauf": (("Einführung SAP MM", "Bestellanforderungen und Freigaben im System."),
                ("Rahmenverträge durchgehen", "Die zehn wichtigsten Lieferanten kennen.")),
    "personal": (("Zugang DATEV Lohn beantragen", "Nur mit unterschriebener Verpflichtung."),
                 ("Verschwiegenheitserklärung unterschreiben", "Liegt im Personalbüro.")),
    "it": (("Admin-Konto und Passwortmanager einrichten", "Nie das persönliche Konto nutzen."),
           ("Rufbereitschaftsplan lesen", "Wer wann erreichbar sein muss.")),
    "produktion": (("Persönliche Schutzausrüstung abholen", "Schuhe, Brille, Gehörschutz."),
                   ("Einweisung an der Maschine", "Durch die Schichtführung, mit Unterschrift."),
                   ("Schichtplan und Schichtübergabe kennenlernen", "Eine Übergabe begleiten.")),
    "buchhaltung": (("Zugang SAP FI beantragen", "Rolle nach Aufgabengebiet."),
                    ("Kontierungsrichtlinie lesen", "Im Laufwerk Finanzen.")),
    "qualitaet": (("Einweisung Prüfmittel", "Messmittel, Kalibrierung, Prüfpläne."),
                  ("QM-Handbuch lesen", "Kapitel 1 bis 4 genügen für den Anfang.")),
    "logistik": (("Staplerschein vorlegen", "Kopie an die Teamleitung."),
                 ("Gefahrgutunterweisung", "Vor dem ersten Versand.")),
    "entwicklung": (("CAD-Lizenz beantragen", "SolidWorks oder CATIA, je nach Team."),
                    ("Einführung PDM-System", "Freigabeprozess für Zeichnungen.")),
    "service": (("Servicefahrzeug und Werkzeugkoffer übernehmen", "Übergabeprotokoll."),
                ("Fernwartungszugang einrichten", "VPN und Kundenzugänge.")),
    "marketing": (("Corporate-Design-Handbuch lesen", "Logos, Farben, Vorlagen."),
                  ("Zugang zum Pressebereich", "Über die Kommunikation.")),
}


@dataclass
class Checklists:
    items: list[p.ChecklistItem] = field(default_factory=list)
    checks: list[p.ChecklistCheck] = field(default_factory=list)


def _steps(org: Org, dept: str) -> list[tuple[str, str]]:
    """5-8 steps: the first three everywhere, then the department's and some common."""
    rng = org.rng
    own = list(BY_DEPARTMENT.get(dept, ()))
    total = rng.randint(5, 8)
    own = rng.sample(own, min(len(own), rng.randint(1, 2)))
    rest = rng.sample(COMMON, max(0, total - len(FIRST) - len(own)))
    return [*FIRST, *own, *rest]


def _start_ms(day: dt.date) -> int:
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp() * 1000)


def build_checklists(org: Org) -> Checklists:
    """One list per team; every new hire's first steps are ticked, never the whole list."""
    out = Checklists()
    base = org.now - 90 * DAY_MS
    by_unit: dict[int, list[p.ChecklistItem]] = {}
    for index, unit in enumerate(org.units):
        if unit.kind != "team":
            continue
        for rank, (title, description) in enumerate(_steps(org, unit.dept), 1):
            item = p.ChecklistItem(
                id=org.ids.at(base), origin=org.origin, version=1, updated_at=base,
                org_unit_id=unit.id, title=title, description=description, rank=10 * rank)
            by_unit.setdefault(index, []).append(item)
            out.items.append(item)
    for event in org.events:
        items = by_unit.get(org.slots[event.slot].unit, [])
        if event.kind != "hire" or not items:
            continue
        days = (org.today - event.date).days
        done_at = _start_ms(event.date) + 9 * HOUR_MS
        for item in items[: max(2, min(len(items) - 2, 1 + days // 3))]:
            done_at = min(org.now - HOUR_MS, done_at + org.rng.randint(HOUR_MS, 20 * HOUR_MS))
            out.checks.append(p.ChecklistCheck(
                id=org.ids.at(done_at), origin=org.origin, version=1, updated_at=done_at,
                item_id=item.id, person_id=org.person_ids[event.new], done_at=done_at))
    return out
