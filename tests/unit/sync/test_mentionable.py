"""Who "@Ma" may mean: names alone, every typed word beginning a word of the name,
people who left not offered, each with the position and unit that tell namesakes apart."""

from __future__ import annotations

from sync.cache.db import Cache
from sync.cache.read.mentionable import mentionable
from sync.cache.write.apply import apply_page
from tests.unit.sync import factories as f


def test_names_alone_match_in_directory_order_with_position_and_unit(cache: Cache) -> None:
    unit = f.org_unit("Vertrieb Nord")
    max_mueller = f.person("Max", "Müller", skills=["Marketing"])
    martina = f.person("Martina", "Albers")
    manager = f.person("Jonas", "Becker", skills=["Marketing"], about="Mag Maschinen")
    left = f.person("Marta", "Zander", status="left")
    pos = f.position("Sachbearbeiter/in", unit.id, holder_id=max_mueller.id)
    apply_page(cache, f.puts(unit, max_mueller, martina, manager, left, pos), "c")

    found = mentionable(cache, "Ma")
    assert [m.person.display_name for m in found] == ["Martina Albers", "Max Müller"]
    assert found[1].detail == "Sachbearbeiter/in · Vertrieb Nord"
    assert found[0].detail == ""
    assert [m.person.id for m in mentionable(cache, "max mue")] == [max_mueller.id]
    assert [m.person.id for m in mentionable(cache, "Max ")] == [max_mueller.id]
    assert mentionable(cache, "Max kommst") == []
    assert len(mentionable(cache, "Ma", limit=1)) == 1
