"""Reading the upload and writing the results: file names, links, line breaks, sizes, notebooks, floods of notes.

Each attack is what an upload can hold, hostile or only unusual; its twin is
the same answers in a plain devoir3.py (or, for what must be refused, a file
with no answer at all).
"""

from __future__ import annotations

import json

from tests.hostile.catalogue import WRONG_RELU, Attack

NOTHING = b"# aucune reponse\n"


def notebook(*cells: object, metadata: object = None) -> bytes:
    """A notebook whose code cells hold ``cells`` as their source, whatever they are."""
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": metadata or {}, "cells": [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": c}
        for c in cells]}).encode()


DEEP = b'{"cells": [], "metadata": ' + b'{"a": ' * 100_000 + b"1" + b"}" * 100_000 + b"}"

CATALOGUE = [
    # Results: any text the student controls must reach results.json, which is always written.
    Attack("lone_surrogate_in_exception", WRONG_RELU.replace("return np.abs(x)", 'raise ValueError("\\ud800")'),
           WRONG_RELU.replace("return np.abs(x)", "raise ValueError('non')")),
    Attack("lone_surrogate_in_load_error_and_output",
           '\nprint("\\udcff")\nraise ValueError("\\ud800 \\udfff")\n', '\nprint("x")\nraise ValueError("non")\n'),
    Attack("file_name_not_utf8", "", upload="devoir3\udcff.py"),
    Attack("notebook_with_lone_surrogates", "", raw=notebook("x = '\\ud800'", 'raise ValueError("\\udc80")'),
           upload="devoir3.ipynb"),
    # Only a regular file inside the upload is read.
    Attack("symlink_to_the_reference", "", raw=b"", link="../source/solutions/devoir3.py"),
    Attack("symlink_to_a_system_file", "", raw=b"", link="/etc/passwd"),
    Attack("symlink_to_the_reference_folder", "", raw=b"", upload="dossier", link="../source/solutions"),
    # Python's own lines: a form feed or a U+2028 pasted from a PDF changes nothing.
    Attack("form_feed_and_line_separators", "# collé d'un PDF :\u2028\u2029\x85\x0b\x1c fin\n\x0c\n\r\n", first=True),
    # Sizes: every step is linear, and many statements are graded as any others.
    Attack("eight_thousand_statements_after", "".join(f"\nv{i} = {i}" for i in range(8000)) + "\n"),
    Attack("eight_thousand_statements_before", "".join(f"v{i} = abs(-{i})\n" for i in range(8000)), first=True),
    Attack("short_statements_480_kb", "x = 1\n" * 80_000, first=True),
    Attack("syntax_errors_24_kb_before", "def broken(x:\n" * 1800, first=True),
    Attack("syntax_errors_24_kb_after", "\nx = = 1\n" * 3000),
    Attack("three_thousand_failing_statements", "".join(f"\nint('pas un nombre {i}')" for i in range(3000)) + "\n"),
    # The notebook reader is total: what is not a notebook is refused in French.
    Attack("notebook_source_holds_a_number", "", raw=notebook(["x = 1\n", 2]), upload="devoir3.ipynb"),
    Attack("notebook_metadata_nested_100000_deep", "", raw=DEEP, upload="devoir3.ipynb"),
    Attack("notebook_cells_not_objects", "", raw=b'{"cells": [1, "x", null, [], {"cell_type": 3}]}',
           upload="devoir3.ipynb"),
    Attack("notebook_cells_not_a_list", "", raw=b'{"cells": {"cell_type": "code"}}', upload="devoir3.ipynb"),
]
