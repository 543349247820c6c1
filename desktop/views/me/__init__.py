"""Me: my profile, connections and job contacts, absence, settings, signing out."""
