"""Vocabulary of the demo company: names, sites, departments, skills, languages.

Kept apart from the generator so the firm can be re-dressed (another industry, another
country) without touching the structure code. Names deliberately include umlauts, ß,
accents, hyphens and particles: the demo doubles as a test bed for search and for the
ASCII folding of user names.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

COMPANY_NAME = "Kontor Maschinenbau GmbH"
EMAIL_DOMAIN = "kontor-maschinenbau.de"

GIVEN_FEMALE = """
Anna Julia Lena Laura Sarah Katharina Lisa Sophie Marie Hannah Johanna Lea Carina Nina
Sabine Petra Andrea Claudia Stefanie Susanne Monika Birgit Ursula Renate Gabriele Heike
Kerstin Silke Anja Tanja Melanie Nicole Sandra Daniela Christina Jana Franziska Miriam
Bärbel Jutta Dörte Käthe Gülay Ayşe Elif Zeynep Małgorzata Agnieszka Ewa Chiara Giulia
Sofía Renée Anaïs Zoë Chloé Maja Jasmin Yvonne Ines Theresa Antje Friederike Mareike
Anna-Lena Marie-Luise Lotte Greta Frieda Svenja Björg Inès Dilara Natalia Olga Irina
""".split()

GIVEN_MALE = """
Thomas Michael Andreas Stefan Christian Markus Frank Jürgen Günther Jörg Uwe Klaus Dieter
Wolfgang Hans Peter Ralf Matthias Alexander Daniel Sebastian Tobias Jan Lukas Jonas Felix
Maximilian Florian Tim Niklas Philipp Moritz Björn Sören Jens Lars Sven Kai Holger Bernd
Horst Rüdiger Günter Jörn Mehmet Mustafa Ahmet Emre Can Murat Łukasz Piotr Tomasz Marco
Luca Giuseppe José Andrés Dimitrios Nikolaos André René Noël François Hans-Peter Karl-Heinz
Jan-Erik Ole Hauke Malte Fiete Henrik Matthäus Benedikt Korbinian Quirin Vincent Yusuf
""".split()

FAMILY_NAMES = """
Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch
Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann
Lange Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König
Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Schubert Vogel
Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht
Schuster Simon Ludwig Böhm Winter Kraus Martin Schumacher Krämer Vogt Stein Jäger Otto
Sommer Groß Seidel Heinrich Brandt Haas Schreiber Graf Schulte Dietrich Ziegler Kuhn Kühn
Pohl Engel Horn Busch Bergmann Thomas Voigt Sauer Arnold Wolff Pfeiffer Größer Straßer
Nußbaum Weißmann Blümel Grün Löffler Fröhlich Gärtner Würth Dürr Mößner Häußler Süß Öztürk
Özdemir Yılmaz Kaya Demir Şahin Çelik Aydın Arslan Doğan Kowalski Nowak Wiśniewski
Wójcik Kamiński Lewandowski Zieliński Rossi Russo Bianchi Esposito Romano Papadopoulos
Georgiou Nikolaidis García Fernández López Martínez Dubois Lefèvre Müller-Lüdenscheidt
Schmidt-Bräuer Lüdtke Jürgens Thießen Petersen Hansen Jensen Carstensen Andersen Eggers
Brüggemann Wöhler Thöne Ströbele Mühlbauer Obermüller Niederländer Kößler Rößler Fößel
""".split() + ["von Ahlen", "von der Heide", "zu Stolberg", "de Vries", "van Dijk", "Dell'Acqua"]

DEMO_GIVEN, DEMO_FAMILY = "Jana", "Schröder"
ADMIN_GIVEN, ADMIN_FAMILY = "Deniz", "Özdemir"


@dataclass(frozen=True)
class Site:
    name: str
    area_code: str
    exchange: str
    weight: float


SITES: tuple[Site, ...] = (
    Site("München", "89", "4711", 3.0),
    Site("Hamburg", "40", "3288", 2.0),
    Site("Stuttgart", "711", "9203", 1.5),
    Site("Leipzig", "341", "2146", 1.0),
    Site("Nürnberg", "911", "5520", 1.0),
    Site("Köln", "221", "7781", 1.0),
    Site("Bremen", "421", "6630", 0.8),
    Site("Dresden", "351", "4012", 0.8),
    Site("Hannover", "511", "8840", 0.8),
    Site("Düsseldorf", "211", "3310", 0.8),
    Site("Augsburg", "821", "2290", 0.7),
    Site("Regensburg", "941", "5031", 0.7),
    Site("Würzburg", "931", "7124", 0.6),
    Site("Ulm", "731", "1805", 0.6),
    Site("Görlitz", "3581", "4420", 0.5),
    Site("Lüneburg", "4131", "7700", 0.5),
)


@dataclass(frozen=True)
class Department:
    key: str
    name: str
    weight: float
    teams: tuple[str, ...]
    titles: tuple[str, ...]
    skills: tuple[str, ...]
    partners: tuple[str, ...]
    site_indices: tuple[int, ...] | None = None  # None: wherever it is big enough
    building: str = "Gebäude A"


DEPARTMENTS: tuple[Department, ...] = (
    Department(
        "vertrieb", "Vertrieb", 12,
        ("Vertriebsinnendienst", "Key Account", "Vertrieb Nord", "Vertrieb Süd", "Export",
         "Angebotswesen"),
        ("Vertriebsingenieur/in", "Sachbearbeiter/in Vertriebsinnendienst",
         "Key Account Manager/in", "Exportsachbearbeiter/in"),
        ("Angebotserstellung", "CRM", "Verhandlungsführung", "Salesforce", "Incoterms",
         "Messeorganisation"),
        ("produktion", "service", "buchhaltung", "entwicklung"), None, "Gebäude A",
    ),
    Department(
        "einkauf", "Einkauf", 6,
        ("Strategischer Einkauf", "Operativer Einkauf", "Lieferantenmanagement"),
        ("Einkäufer/in", "Strategische/r Einkäufer/in", "Sachbearbeiter/in Einkauf"),
        ("SAP MM", "Lieferantenbewertung", "Rahmenverträge", "Zollabwicklung", "Verhandlung"),
        ("buchhaltung", "produktion", "logistik"), (0, 1, 2), "Gebäude A",
    ),
    Department(
        "personal", "Personal", 4,
        ("Personalbetreuung", "Lohn und Gehalt", "Ausbildung", "Recruiting"),
        ("Personalreferent/in", "Lohnbuchhalter/in", "Ausbilder/in", "Recruiter/in"),
        ("Arbeitsrecht", "DATEV Lohn", "Bewerbermanagement", "Onboarding", "Coaching"),
        ("buchhaltung", "it"), None, "Gebäude A",
    ),
    Department(
        "it", "IT", 5,
        ("IT-Support", "Infrastruktur", "SAP-Team", "Anwendungsentwicklung"),
        ("Systemadministrator/in", "IT-Supporter/in", "SAP-Berater/in",
         "Softwareentwickler/in"),
        ("Linux", "Windows Server", "Netzwerktechnik", "SAP Basis", "Python",
         "Active Directory", "ITIL"),
        ("personal", "produktion", "buchhaltung"), None, "Gebäude C",
    ),
    Department(
        "produktion", "Produktion", 30,
        ("Montage", "Fertigung", "Zerspanung", "Schweißerei", "Lackiererei", "Instandhaltung",
         "Arbeitsvorbereitung"),
        ("Industriemechaniker/in", "Zerspanungsmechaniker/in", "Schweißer/in",
         "Mechatroniker/in", "Maschinenbediener/in", "Elektroniker/in für Betriebstechnik"),
        ("CNC-Programmierung", "WIG-Schweißen", "SPS", "Hydraulik", "Pneumatik",
         "Lean Management", "Staplerschein", "Kranschein"),
        ("qualitaet", "logistik", "einkauf", "entwicklung"), None, "Halle",
    ),
    Department(
        "buchhaltung", "Buchhaltung", 4,
        ("Kreditoren", "Debitoren", "Controlling", "Anlagenbuchhaltung"),
        ("Finanzbuchhalter/in", "Controller/in", "Bilanzbuchhalter/in"),
        ("DATEV", "SAP FI", "HGB", "Kostenrechnung", "Reisekostenrecht"),
        ("einkauf", "vertrieb", "personal"), (0, 1), "Gebäude A",
    ),
    Department(
        "qualitaet", "Qualität", 6,
        ("Qualitätssicherung", "Messtechnik", "Reklamationsmanagement"),
        ("Qualitätsprüfer/in", "QM-Beauftragte/r", "Messtechniker/in"),
        ("ISO 9001", "FMEA", "8D-Report", "Koordinatenmesstechnik", "Six Sigma"),
        ("produktion", "einkauf", "service"), None, "Gebäude B",
    ),
    Department(
        "logistik", "Logistik", 10,
        ("Wareneingang", "Versand", "Lager", "Disposition"),
        ("Fachkraft für Lagerlogistik", "Disponent/in", "Versandmitarbeiter/in"),
        ("Staplerschein", "SAP WM", "Gefahrgut", "Zollpapiere", "Tourenplanung"),
        ("produktion", "einkauf", "vertrieb"), None, "Halle",
    ),
    Department(
        "entwicklung", "Entwicklung", 14,
        ("Konstruktion", "Elektrokonstruktion", "Software", "Versuch", "Prototypenbau"),
        ("Konstrukteur/in", "Entwicklungsingenieur/in", "Softwareentwickler/in",
         "Versuchsingenieur/in"),
        ("SolidWorks", "CATIA", "FEM", "Python", "C++", "TwinCAT", "EPLAN"),
        ("produktion", "vertrieb", "qualitaet"), (0, 2), "Gebäude B",
    ),
    Department(
        "service", "Service", 8,
        ("Kundendienst", "Ersatzteile", "Inbetriebnahme"),
        ("Servicetechniker/in", "Sachbearbeiter/in Ersatzteile", "Inbetriebnehmer/in"),
        ("Fehlerdiagnose", "Fernwartung", "Kundenschulung", "Führerschein Klasse B"),
        ("vertrieb", "qualitaet", "logistik"), None, "Gebäude B",
    ),
    Department(
        "marketing", "Marketing", 2,
        ("Kommunikation", "Messen und Events"),
        ("Marketingreferent/in", "Grafiker/in"),
        ("Adobe InDesign", "Social Media", "Pressearbeit", "Fotografie"),
        ("vertrieb",), (0,), "Gebäude A",
    ),
)
DEPARTMENT_BY_KEY = {d.key: d for d in DEPARTMENTS}

LANGUAGES = ("Englisch", "Französisch", "Spanisch", "Italienisch", "Türkisch", "Polnisch",
             "Russisch", "Chinesisch", "Niederländisch", "Tschechisch", "Arabisch")
GENERAL_SKILLS = ("Excel", "SAP", "Projektmanagement", "Ersthelfer", "Moderation", "PowerPoint",
                  "Englisch verhandlungssicher", "Brandschutzhelfer", "Scrum", "Statistik")
HOBBIES = ("wandere ich gern in den Alpen", "spiele ich Handball im Verein",
           "fahre ich Rennrad", "koche ich für Freunde", "singe ich im Chor",
           "bin ich bei der Freiwilligen Feuerwehr", "gärtnere ich", "lese ich Krimis",
           "segle ich auf dem See", "trainiere ich eine Jugendmannschaft",
           "restauriere ich alte Motorräder", "spiele ich Schach", "backe ich Brot")
PREVIOUS_EMPLOYERS = ("einem Automobilzulieferer", "einem Ingenieurbüro", "der Bundeswehr",
                      "einem Familienbetrieb im Allgäu", "einer Spedition", "einer Bank",
                      "einem Start-up", "der Universität", "einem Stahlwerk", "Siemens")

# name, description, share of the staff that joins
TOPIC_SPACES: tuple[tuple[str, str, float], ...] = (
    ("Kantine", "Speiseplan, Lob und Kritik an die Küche", 0.18),
    ("Fahrgemeinschaften", "Mitfahrgelegenheiten zu allen Standorten", 0.06),
    ("Betriebssport", "Laufgruppe, Fußball, Firmenlauf und Yoga", 0.08),
    ("Flohmarkt", "Verschenken, verkaufen, suchen", 0.05),
    ("Ideen und Verbesserungen", "Kontinuierlicher Verbesserungsprozess (KVP)", 0.04),
)
MEMBERS_SPACES: tuple[tuple[str, str], ...] = (
    ("Projekt Phoenix", "Neue Fertigungslinie für Verpackungsmaschinen: vertraulich"),
    ("Führungskräfte", "Austausch der Führungskräfte aller Standorte"),
)

_FOLD = str.maketrans({
    "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l",
    "đ": "d", "ð": "d", "þ": "th", "ı": "i",
})
_DASHES = re.compile(r"-+")


@functools.lru_cache(maxsize=4096)  # a few hundred distinct names, folded 200,000 times
def ascii_fold(text: str) -> str:
    """Lowercase ASCII for log-in names: typable on any keyboard, German-style for umlauts."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_FOLD))
    kept = []
    for char in decomposed:
        if char in " -_":
            kept.append("-")
        elif char.isascii() and char.isalnum():
            kept.append(char)
    return _DASHES.sub("-", "".join(kept)).strip("-")


def make_usernames(names: list[tuple[str, str]]) -> list[str]:
    """first.last, numbered from 2 on collisions in list order (first come keeps the bare name)."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for given, family in names:
        base = f"{ascii_fold(given)}.{ascii_fold(family)}"
        count = seen.get(base, 0) + 1
        seen[base] = count
        out.append(base if count == 1 else f"{base}{count}")
    return out
