"""Synonyms of the demo responsibilities: the words people really type.

Keywords say what a duty covers and are shown in the register; synonyms are only
searched (docs/organisation.md). So they hold the everyday and colloquial words, the
abbreviations and the English terms a colleague might use instead of the title.
"""

from __future__ import annotations

DUTY_SYNONYMS: dict[str, tuple[str, ...]] = {
    "reisekosten": ("Reiseabrechnung", "Spesenabrechnung", "Fahrtkosten", "Hotelrechnung",
                    "Bahnticket", "Dienstfahrt", "travel expenses", "expense report"),
    "urlaub": ("Ferien", "freie Tage", "Urlaubstage", "Brückentag", "Auszeit",
               "leave request", "vacation"),
    "it_support": ("Notebook", "Rechner", "Computer", "PC", "Bildschirm", "Monitor",
                   "Kennwort", "WLAN", "Internet", "EDV", "helpdesk", "password reset",
                   "IT support"),
    "bestellungen": ("BANF", "Beschaffung", "bestellen", "Material", "Papier", "Toner",
                     "purchase order", "purchasing", "procurement"),
    "arbeitssicherheit": ("Schutzausrüstung", "Sicherheitsschuhe", "Arbeitsunfall",
                          "Beinaheunfall", "Gehörschutz", "work safety",
                          "occupational safety"),
    "datenschutz": ("DS-GVO", "Datenpanne", "Einwilligung", "Löschung", "data protection",
                    "GDPR", "privacy"),
    "schluessel": ("Chip", "Badge", "Türöffner", "Karte verloren", "Zugang", "key",
                   "access card"),
    "firmenwagen": ("Auto", "Firmenauto", "PKW", "Leasing", "Fahrtenbuch", "company car",
                    "fleet"),
    "parken": ("Stellplatz", "Parkhaus", "Ladestation", "Wallbox", "Fahrrad", "parking"),
    "betriebsrat": ("Arbeitnehmervertretung", "Interessenvertretung", "works council"),
    "ersthelfer": ("Verletzung", "Pflaster", "Sanitäter", "Notarzt", "first aid"),
    "brandschutz": ("Feuer", "Brand", "Feueralarm", "Fluchtweg", "Notausgang",
                    "Rauchmelder", "fire safety"),
    "gehalt": ("Gehaltszettel", "Entgelt", "Vergütung", "Verdienstabrechnung", "Bezüge",
               "payroll", "salary"),
    "zeiterfassung": ("Arbeitszeit", "Stunden", "Stempelkarte", "Zeitbuchung",
                      "Minusstunden", "time tracking"),
    "weiterbildung": ("Kurs", "Lehrgang", "Workshop", "Qualifizierung", "Webinar",
                      "training"),
    "poststelle": ("Brief", "Sendung", "Päckchen", "Versand", "Briefmarke", "mail room",
                   "parcel"),
    "reklamation": ("Beschwerde", "Mangel", "Retoure", "Rückläufer", "Gewährleistung",
                    "complaint"),
    "zoll": ("Ausfuhranmeldung", "Präferenz", "Embargo", "Lieferantenerklärung", "customs",
             "export"),
    "mobilfunk": ("Smartphone", "Telefon", "Mobiltelefon", "SIM", "Handyvertrag",
                  "mobile phone"),
    "angebote": ("Kostenvoranschlag", "Preisangebot", "Offerte", "Kalkulation", "quotation",
                 "quote"),
    "messen": ("Ausstellung", "Messeauftritt", "Expo", "Messebau", "trade fair"),
}
