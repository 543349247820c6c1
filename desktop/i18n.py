"""Translations: German and English, following the system locale unless chosen."""

from __future__ import annotations

from desktop.context import RESOURCES
from desktop.qt import QApplication, QCoreApplication, QLibraryInfo, QLocale, QTranslator
from sync.protocol.records import set_former_colleague_label

LANGUAGES = ("de", "en")


def pick_language(setting: str) -> str:
    if setting in LANGUAGES:
        return setting
    system = QLocale.system().name().split("_")[0]
    return system if system in LANGUAGES else "en"


def install_translations(app: QApplication, setting: str) -> str:
    """Load Kontor's and Qt's own catalogue for the language; returns the language."""
    language = pick_language(setting)
    QLocale.setDefault(QLocale(language))
    translators = []
    ours = QTranslator(app)
    if ours.load(str(RESOURCES / "i18n" / f"kontor_{language}.qm")):
        translators.append(ours)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        translators.append(qt)
    for translator in translators:
        app.installTranslator(translator)
    app.setProperty("kontor_language", language)
    # An anonymised leaver has no name on the wire, only a marker (docs/privacy.md).
    set_former_colleague_label(QCoreApplication.translate("Person", "Former colleague"))
    return language
