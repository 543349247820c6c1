"""One site's share of a demo company whose sites each run their own server.

Every site's server generates the same company (same people, seed, number of sites and
shared ids) and keeps only the records whose home is its site, so the federation
(docs/federation.md) joins them into one company network, each record held by one
writer. Home sites:

- a person and an org unit: their site; the company root: the head office (the first
  site, München);
- a position and a unit's checklist: the unit's site; a responsibility: its owner
  position's; a handover: its position's; a job contact: its "from" position's;
- a space: its unit's site; a company-wide space without a unit: the head office;
- what a person does: a membership, a post, a comment, a reaction, a personal contact,
  a ticked checklist step: the person's site. A membership is the member's record
  because joining is written by the member's own server (services/spaces.py), which
  is also where they leave again.

Members-only and site-only spaces never leave their site, so what the split would make
invisible is left out: members from another site, what they wrote or reacted in such a
space, posts there that mention them, and the comments and reactions on anything left
out; a duty whose how-to was left out (written into another site's own space by an
owner from elsewhere) keeps its description and loses the link.
"""

from __future__ import annotations

from dataclasses import replace

import msgspec

from server_stub.demo.generator import DEMO_USER, DemoCompany
from sync import protocol as p

CLOSED = ("members", "site")  # space visibilities that stay on the space's own site


class _Homes:
    """Where each record of the whole company lives."""

    def __init__(self, company: DemoCompany) -> None:
        self.sites = [u.site for u in company.org_units if u.unit_kind == "site"]
        self.head = self.sites[0]
        self.person = {x.id: x.site for x in company.people}
        self.unit = {u.id: u.site or self.head for u in company.org_units}
        self.position = {x.id: self.unit[x.org_unit_id] for x in company.positions}
        self.space = {s.id: self.unit[s.org_unit_id] if s.org_unit_id else self.head
                      for s in company.spaces}
        self.closed = {s.id for s in company.spaces if s.visibility in CLOSED}

    def belongs(self, space_id: str, *people: str) -> bool:
        """Whether these people can all see the space after the split."""
        return space_id not in self.closed or all(
            self.person[x] == self.space[space_id] for x in people)


def split_company(company: DemoCompany, site: str) -> DemoCompany:
    """The records whose home is `site` (a site name of the company, e.g. "Hamburg")."""
    home = _Homes(company)
    if site not in home.sites:
        raise ValueError(f"the demo company has no site {site!r} "
                         f"(its sites: {', '.join(home.sites)})")
    lost_posts = {x.id for x in company.posts
                  if not home.belongs(x.space_id, x.author_id, *x.mentions)}
    lost = lost_posts | {c.id for c in company.comments if c.post_id in lost_posts
                         or not home.belongs(c.space_id, c.author_id, *c.mentions)}

    def mine(person_id: str) -> bool:
        return home.person[person_id] == site

    people = [x for x in company.people if mine(x.id)]
    site_lead = next(u.lead_position_id for u in company.org_units
                     if u.unit_kind == "site" and u.site == site)
    lead_holder = next(x.holder_id for x in company.positions if x.id == site_lead)
    admin = company.site_admins.get(site) or lead_holder or people[0].id
    return replace(
        company,
        people=people,
        org_units=[u for u in company.org_units if home.unit[u.id] == site],
        positions=[x for x in company.positions if home.position[x.id] == site],
        responsibilities=[_without(r, lost) for r in company.responsibilities
                          if home.position[r.owner_position_id] == site],
        connections=[c for c in company.connections
                     if (home.position[c.from_id] if c.connection_kind == "job"
                         else home.person[c.from_id]) == site],
        spaces=[s for s in company.spaces if home.space[s.id] == site],
        memberships=[m for m in company.memberships
                     if mine(m.person_id) and home.belongs(m.space_id, m.person_id)],
        posts=[x for x in company.posts if mine(x.author_id) and x.id not in lost],
        comments=[c for c in company.comments if mine(c.author_id) and c.id not in lost],
        reactions=[r for r in company.reactions if mine(r.person_id)
                   and r.target_id not in lost and home.belongs(r.space_id, r.person_id)],
        handovers=[h for h in company.handovers if home.position[h.position_id] == site],
        checklist_items=[i for i in company.checklist_items if home.unit[i.org_unit_id] == site],
        checklist_checks=[c for c in company.checklist_checks if mine(c.person_id)],
        usernames={pid: name for pid, name in company.usernames.items() if mine(pid)},
        admin_person_id=admin,
    )


def _without(duty: p.Responsibility, lost: set[str]) -> p.Responsibility:
    if duty.howto_post_id in lost:
        return msgspec.structs.replace(duty, howto_post_id=None)
    return duty


def first_user(company: DemoCompany) -> str:
    """Whom to sign in as on a site's server: the demo user at hers, else the lead of the
    site's first team (like her, someone with a team, duties and contacts to show)."""
    if DEMO_USER in company.usernames.values():
        return DEMO_USER
    leads = [u.lead_position_id for u in company.org_units if u.unit_kind == "team"]
    leads += [u.lead_position_id for u in company.org_units if u.unit_kind == "site"]
    holders = {x.id: x.holder_id for x in company.positions if x.holder_id}
    lead = next((holders[x] for x in leads if x in holders), None)
    return company.usernames[lead] if lead else next(iter(company.usernames.values()))
