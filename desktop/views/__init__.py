"""The screens, one package each (start, feed, spaces, people, who, org, me), and the
widget packages they share (posts, common). Screens never import each other (an
import-linter contract checks it): they move between one another only through
ViewContext.navigator.navigate()."""
