"""The demo user's corner of the company, arranged so the organisation screens show her
something true on first sign-in.

Her seat works with a counterpart whose seat changed hands a few days ago (events.py
plans that rotation), so her contacts carry a fresh "who is it now" update. Her new hire
starts with job contacts of their own and inherits a duty whose how-to is pinned in the
team room. The team's empty seat owns a duty nobody covers, so she sees it needs an owner.
"""

from __future__ import annotations

from server_stub.demo import content as ct
from server_stub.demo import names as nm
from server_stub.demo.model import Org

MIN_CONTACTS = 4  # job contacts her seat has at least, each with its note


def demo_job_links(org: Org, pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The job links (from slot, to slot) to add on top of pairs, the ones made so far."""
    mine = org.person_slot[org.demo]
    linked = sorted({b if a == mine else a for a, b in pairs if mine in (a, b)})
    out: list[tuple[int, int]] = []
    if org.counterpart >= 0:
        if org.counterpart not in linked:
            out.append((mine, org.counterpart))
        linked = [org.counterpart, *(x for x in linked if x != org.counterpart)]
    unit = org.units[org.slots[mine].unit]
    partners = nm.DEPARTMENT_BY_KEY[unit.dept].partners
    more = [u.lead for u in org.units if u.kind == "team" and u.site == unit.site
            and u.dept in partners and u.lead not in linked]
    for lead in org.aside.sample(more, max(0, min(len(more), MIN_CONTACTS - len(linked)))):
        out.append((mine, lead))
        linked.append(lead)
    if org.demo_hire < 0:
        return out
    for lead in linked[:2]:  # a colleague in the teams her team works with most
        theirs = [s for s in org.units[org.slots[lead].unit].slots
                  if not org.slots[s].lead and org.slots[s].holder is not None]
        out.append((org.demo_hire, org.aside.choice(theirs) if theirs else lead))
    return out


def demo_team_duties(org: Org) -> list[tuple[ct.DutyTemplate, int]]:
    """Team duties and their owner slots: the new hire's (or hers) and the empty seat's."""
    mine = org.person_slot[org.demo]
    team = org.units[org.slots[mine].unit]
    vacant = [s for s in team.slots if org.slots[s].holder is None]
    owners = [org.demo_hire if org.demo_hire >= 0 else mine, vacant[0] if vacant else -1]
    return [(duty, owner) for duty, owner in zip(ct.TEAM_DUTIES, owners, strict=True)
            if owner >= 0]
