"""The Ministry's wide layout of results by commune, as the test files write it."""

from __future__ import annotations


def commune_header(lists: int) -> list[object]:
    """Header of a results-by-commune table with ``lists`` blocks of list columns."""
    head: list[object] = [
        "Code du département",
        "Libellé du département",
        "Code de la commune",
        "Libellé de la commune",
        "Inscrits",
        "Abstentions",
        "Votants",
        "Blancs",
        "Nuls",
        "Exprimés",
    ]
    for i in range(1, lists + 1):
        head += [
            f"N°Liste {i}",
            f"Nuance Liste {i}",
            f"Libellé Abrégé Liste {i}",
            f"Libellé Etendu Liste {i}",
            f"Nom Tête de Liste {i}",
            f"Voix {i}",
        ]
    return head
