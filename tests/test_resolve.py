"""Name resolution: id, name or alias, any case; ambiguity and did-you-mean."""

import pytest

from careergraph.errors import UnknownNode
from careergraph.queries.resolve import resolve


@pytest.mark.parametrize("text", ["pmp", "PMP", "Professional cert", "professional CERT", " pmp "])
def test_resolves_by_id_name_or_alias_in_any_case(mini, text):
    assert resolve(mini, text).id == "pmp"


def test_ambiguous_alias_lists_the_candidates(mini):
    with pytest.raises(UnknownNode) as caught:
        resolve(mini, "tpm")
    assert caught.value.ambiguous
    assert caught.value.candidates == ["Program Manager (pgm)", "Project Manager (pm)"]
    assert "ambiguous" in str(caught.value)


def test_unknown_name_suggests_the_closest(mini):
    with pytest.raises(UnknownNode) as caught:
        resolve(mini, "Projct Managr")
    assert not caught.value.ambiguous
    assert caught.value.candidates[0] == "Project Manager (pm)"
    assert "did you mean" in str(caught.value)


def test_an_id_beats_another_nodes_alias(tmp_path):
    from careergraph.graph.networkx_backend import NetworkxBackend
    from careergraph.loaders import load_dataset

    path = tmp_path / "d.yaml"
    src = "sources: ['https://e.org']"
    path.write_text(
        f"nodes:\n  - {{id: lead, kind: Role, name: Lead, {src}}}\n"
        f"  - {{id: other, kind: Role, name: Other, aliases: [lead], {src}}}\n"
    )
    assert resolve(NetworkxBackend(load_dataset([path])), "LEAD").id == "lead"
