"""Who changed jobs when: rotations, vacancies left behind, new hires and retirements.

All consistent: at any date a person holds exactly one position, and a position's history
says who held it from when to when. A few events are placed on purpose around the demo
user, so the organisation screens have something true to show her: a new hire in her
team, and a job contact of hers whose seat changed hands a few days ago.
"""

from __future__ import annotations

import datetime as dt
import random

from server_stub.demo import names as nm
from server_stub.demo.model import Event, Org
from sync import protocol as p


class _Planner:
    def __init__(self, org: Org, hired: list[dt.date], demo_slot: int, admin_slot: int) -> None:
        self.org, self.hired, self.demo_slot = org, hired, demo_slot
        self.touched = {demo_slot, admin_slot}

    def pick(self, candidates: list[int]) -> int | None:
        for _ in range(50):
            choice = self.org.rng.choice(candidates)
            if choice not in self.touched:
                self.touched.add(choice)
                return choice
        return None

    def swap(self, a: int, b: int, date: dt.date, rng: random.Random) -> None:
        """The holders of a and b trade seats on date; both seats get a done handover."""
        org, hired, slots = self.org, self.hired, self.org.slots
        pa, pb = slots[a].holder, slots[b].holder
        assert pa is not None and pb is not None
        for person in (pa, pb):
            hired[person] = min(hired[person], date - dt.timedelta(days=rng.randint(200, 3000)))
        ida, idb = org.person_ids[pa], org.person_ids[pb]
        slots[a].history = [p.HolderSpell(idb, hired[pb], date), p.HolderSpell(ida, date)]
        slots[b].history = [p.HolderSpell(ida, hired[pa], date), p.HolderSpell(idb, date)]
        org.events += [Event("rotation", a, pb, pa, date, "done"),
                       Event("rotation", b, pa, pb, date, "done")]

    def rotations(self, members: list[int], wanted: int) -> None:
        slots = self.org.slots
        for _ in range(20 * wanted):
            if len(self.org.events) >= 2 * wanted:
                break
            a, b = self.pick(members), self.pick(members)
            if a is None or b is None or slots[a].unit == slots[b].unit:
                continue
            date = self.org.today - dt.timedelta(days=self.org.rng.randint(20, 400))
            self.swap(a, b, date, self.org.rng)

    def vacancies_left_behind(self, members: list[int]) -> None:
        org, rng, slots = self.org, self.org.rng, self.org.slots
        vacant = [i for i, s in enumerate(slots) if s.holder is None]
        for v in vacant[: len(vacant) // 2]:  # the former holder moved on inside the company
            q = self.pick(members)
            if q is None:
                continue
            x = slots[q].holder
            assert x is not None
            date = org.today - dt.timedelta(days=rng.randint(10, 200))
            self.hired[x] = min(self.hired[x], date - dt.timedelta(days=rng.randint(100, 3000)))
            slots[v].history = [p.HolderSpell(org.person_ids[x], self.hired[x], date)]
            slots[q].history = [p.HolderSpell(org.person_ids[x], date)]

    def hires(self, members: list[int], admin_slot: int) -> None:
        org, slots = self.org, self.org.slots
        demo_team = [i for i in org.units[slots[self.demo_slot].unit].slots
                     if not slots[i].lead and not slots[i].vacant and i != admin_slot]
        for n in range(max(2, len(org.person_ids) // 150)):
            h = self.pick(demo_team if n == 0 and demo_team else members)
            if h is None:
                continue
            x = slots[h].holder
            assert x is not None
            self.hired[x] = org.today - dt.timedelta(days=org.rng.randint(1, 13))
            org.events.append(Event("hire", h, None, x, self.hired[x], "done"))
            if n == 0 and demo_team:
                org.demo_hire = h

    def counterpart_rotation(self, team_leads: list[int]) -> None:
        """A team lead the demo user works with swapped seats a few days ago, so her
        contacts show a fresh "who is it now" update (the job link is made in social).

        Planned last and drawn from org.aside, so everyone else's data stays what the
        same seed always gave (profiles that screenshots and tests show)."""
        org, slots, units, rng = self.org, self.org.slots, self.org.units, self.org.aside
        mine = units[slots[self.demo_slot].unit]
        partners = nm.DEPARTMENT_BY_KEY[mine.dept].partners
        free = [i for i in team_leads if i not in self.touched
                and units[slots[i].unit].site == mine.site]
        near = [i for i in free if units[slots[i].unit].dept in partners]
        if not near:
            return
        counterpart = rng.choice(near)
        dept = units[slots[counterpart].unit].dept
        others = [i for i in free if i != counterpart]
        same_dept = [i for i in others if units[slots[i].unit].dept == dept]
        if not (same_dept or others):
            return
        other = rng.choice(same_dept or others)
        self.touched |= {counterpart, other}
        date = org.today - dt.timedelta(days=rng.randint(3, 12))
        self.swap(counterpart, other, date, rng)
        for seat in (slots[counterpart], slots[other]):
            if seat.absent and seat.absent[0] < date:
                seat.absent = None  # a handover ends the absence of the seat it moves
        org.counterpart = counterpart

    def retirements(self, team_leads: list[int]) -> None:
        org, slots = self.org, self.org.slots
        wanted, scheduled = max(1, len(org.person_ids) // 400), 0
        for _ in range(20 * wanted):
            if scheduled == wanted:
                break
            lead = self.pick(team_leads)
            deputy = slots[lead].deputy if lead is not None else None
            if (lead is None or deputy is None or deputy in self.touched
                    or slots[deputy].holder is None):
                continue
            self.touched.add(deputy)
            old, new = slots[lead].holder, slots[deputy].holder
            assert old is not None and new is not None
            date = org.today + dt.timedelta(days=org.rng.randint(7, 60))
            org.events.append(Event("retire", lead, old, new, date, "scheduled"))
            scheduled += 1


def plan_events(org: Org, hired: list[dt.date], demo_slot: int, admin_slot: int) -> None:
    """Fills org.events and every position's history; hired[person] is moved back where
    an earlier spell needs room, or forward to the start date of a new hire."""
    rng, slots = org.rng, org.slots
    planner = _Planner(org, hired, demo_slot, admin_slot)
    members = [i for i, s in enumerate(slots) if not s.lead and s.holder is not None]
    planner.rotations(members, max(1, len(org.person_ids) // 250))
    planner.vacancies_left_behind(members)
    planner.hires(members, admin_slot)
    team_leads = [i for i, s in enumerate(slots)
                  if s.lead and org.units[s.unit].kind == "team" and s.deputy is not None]
    planner.retirements(team_leads)
    for s in slots:
        if s.holder is not None and s.history is None:
            s.history = [p.HolderSpell(org.person_ids[s.holder], hired[s.holder])]
        if s.holder is not None and rng.random() < 0.02:
            start = org.today - dt.timedelta(days=rng.randint(0, 7))
            s.absent = (start, start + dt.timedelta(days=rng.randint(3, 21)))
    planner.counterpart_rotation(team_leads)
