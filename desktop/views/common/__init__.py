"""Widgets and dialogs more than one screen uses: links, text helpers, choosers, the
absence, job contact, settings and sign-in dialogs, and the global search popup.

Nothing here imports a screen package (an import contract checks it), so any screen
may use it without pulling in another screen."""
