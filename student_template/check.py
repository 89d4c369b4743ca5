#!/usr/bin/env python3
"""Auto-vérification du devoir 3 : les cas publics, exécutés sur votre code.

Utilisation (dans le dossier du devoir) :

    python check.py                     toutes les questions
    python check.py 1e                  une seule question (ou plusieurs : python check.py 1e 2a)
    python check.py --fichier devoir3.ipynb   vérifier ce fichier-là

Sans --fichier, le fichier vérifié est devoir3.py, ou devoir3.ipynb si c'est
le seul des deux que vous avez modifié (le plus récent si vous avez modifié
les deux). Seul numpy est nécessaire.

Seuls les cas publics sont exécutés ici. Sur Gradescope, des cas cachés, sur
d'autres entrées, comptent aussi dans la note : réussir ici ne garantit pas
tous les points.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import importlib
import io
import json
import signal
import sys
import threading
import time
import types
import warnings
from pathlib import Path
from typing import Any, Callable, Iterator

HERE = Path(__file__).resolve().parent
CASES_FILE = HERE / "verification" / "cases.json"
LOAD_TIMEOUT = 10.0  # seconds per top-level statement (or notebook cell) of the student's file
REPEAT = 0.25  # seconds between two alarms once the time limit is reached
USAGE = "Utilisation : python check.py [QUESTION ...] [--fichier devoir3.py|devoir3.ipynb]"


class Misuse(Exception):
    """A wrong command line: the message is French, the exit code 2."""


class _Timeout(BaseException):
    """Raised by the alarm in the student's code; a BaseException so that `except Exception` lets it through."""


# ---------------------------------------------------------------------------
# Running the student's code in this process, with a time limit per call
# ---------------------------------------------------------------------------


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise _Timeout in the block after ``seconds`` (POSIX main thread only; elsewhere no limit)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def on_alarm(_signum: int, _frame: Any) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    # Re-armed every REPEAT seconds: code that swallows the first alarm (a bare `except:`) gets the next one.
    signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def quiet(printed: list[str]) -> Iterator[None]:
    """Capture what the student's code prints (kept in ``printed``) and silence warnings."""
    buffer = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
        warnings.simplefilter("ignore")
        try:
            yield
        finally:
            if buffer.getvalue():
                printed.append(buffer.getvalue())


def describe(error: BaseException) -> str:
    """``Type: message``, short."""
    text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return text if len(text) <= 300 else text[:297] + "..."


def code_blocks(path: Path, text: str) -> tuple[list[tuple[str, Any]], list[str]]:
    """The pieces of the file to execute in order, as (label, code object), cut exactly as the grader cuts them."""
    from verification.pieces import module_statements, notebook_cells

    if path.suffix == ".ipynb":
        try:
            cells = notebook_cells(text)
        except ValueError:
            return [], [f"{path.name} n'est pas un notebook Jupyter lisible : réenregistrez-le depuis Jupyter."]
        pieces = [(f"la cellule de code {number}", f"{path.name}, cellule {number}", code) for number, code in cells]
        problems: list[str] = []
    else:
        statements, problems = module_statements(text)
        pieces = [(f"l'instruction de la ligne {start}", str(path), code) for start, code in statements]
    blocks: list[tuple[str, Any]] = []
    for label, filename, code in pieces:
        try:
            blocks.append((label, compile(code, filename, "exec")))
        except SyntaxError as error:
            problems.append(f"Erreur de syntaxe dans {label} (ligne {error.lineno}) : {error.msg}. Ignorée.")
    return blocks, problems


def load_student(path: Path, printed: list[str]) -> tuple[dict[str, Any], list[str]]:
    """Execute the student's file piece by piece, as the grader does: a failing piece is skipped."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError:
        return {}, [f"Le fichier {path.name} est introuvable."]
    except UnicodeDecodeError:
        return {}, [f"{path.name} n'est pas un texte UTF-8 : enregistrez-le en UTF-8."]
    blocks, problems = code_blocks(path, text)
    module = types.ModuleType("devoir3")
    module.__file__ = str(path)
    sys.modules["devoir3"] = module
    for label, code in blocks:
        try:
            with quiet(printed), time_limit(LOAD_TIMEOUT):
                exec(code, module.__dict__)
        except _Timeout:
            problems.append(f"{label[0].upper()}{label[1:]} ne s'est pas terminée en {LOAD_TIMEOUT:g} s "
                            "(boucle infinie ?) : ignorée.")
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # the student's error, whatever it is (SystemExit included)
            problems.append(f"{label[0].upper()}{label[1:]} a échoué : {describe(error)}. La suite est exécutée "
                            "quand même.")
    return module.__dict__, problems


def make_caller(namespace: dict[str, Any], printed: list[str]) -> Callable[..., Any]:
    """The ``caller`` of a Trial: the student's function by name, on copies of the inputs, time-limited."""
    limit = {"seconds": 3.0}

    def caller(name: str, *args: Any, **kwargs: Any) -> Any:
        function = namespace.get(name)
        if not callable(function):
            raise LookupError(f"la fonction {name} n'est pas définie dans votre fichier")
        args, kwargs = copy.deepcopy(args), copy.deepcopy(kwargs)
        try:
            with quiet(printed), time_limit(limit["seconds"]):
                return function(*args, **kwargs)
        except _Timeout:
            raise TimeoutError(f"{name} n'a pas répondu en {limit['seconds']:g} s "
                               "(boucle infinie ou calcul trop long ?)") from None
        except (SystemExit, GeneratorExit) as error:
            raise RuntimeError(f"{name} a tenté d'arrêter le programme ({type(error).__name__})") from None

    caller.limit = limit  # type: ignore[attr-defined]
    return caller


# ---------------------------------------------------------------------------
# Choosing the file, running the cases, printing the report
# ---------------------------------------------------------------------------


def code_fingerprint(path: Path) -> str | None:
    """A hash of the code only (for a notebook, its code cells), to tell a file apart from the one handed out."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    if path.suffix == ".ipynb":
        try:
            cells = json.loads(text)["cells"]
            text = "\n".join("".join(c["source"]) if isinstance(c["source"], list) else str(c["source"])
                             for c in cells if isinstance(c, dict) and c.get("cell_type") == "code")
        except (ValueError, KeyError, TypeError):
            return "unreadable"
    return hashlib.sha256(text.replace("\r\n", "\n").encode()).hexdigest()


def choose_file(spec: dict[str, Any]) -> tuple[Path, str]:
    """devoir3.py, unless only the notebook was changed (or it was changed last); and why."""
    script, notebook = HERE / "devoir3.py", HERE / "devoir3.ipynb"
    handed_out = spec.get("handed_out", {})
    changed = [p for p in (script, notebook) if p.exists() and code_fingerprint(p) != handed_out.get(p.name)]
    if notebook in changed and (script not in changed or notebook.stat().st_mtime > script.stat().st_mtime):
        return notebook, "le notebook est le fichier que vous avez modifié en dernier"
    if not script.exists() and notebook.exists():
        return notebook, "devoir3.py est absent"
    return script, ""


def feedback(failure: Any) -> list[str]:
    """Rationale, expected values and hint of a failed public case."""
    lines = [str(failure.rationale)]
    if failure.reference:
        lines.append(str(failure.reference))
    if failure.hint:
        lines.append(f"Piste : {failure.hint}")
    return lines


def run_case(checking: Any, function: Callable[..., None], caller: Callable[..., Any], seed: int) -> list[str]:
    """Run one public case: [] when it passes, else the lines of feedback."""
    import numpy as np

    trial = checking.Trial(caller, np.random.default_rng(seed), public=True)
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            function(trial)
    except checking.Failure as failure:
        return feedback(failure)
    except KeyboardInterrupt:
        raise
    except Exception as error:
        return [f"Le résultat renvoyé n'a pas pu être vérifié (type ou forme inattendus : {describe(error)})."]
    return []


def pts(value: float) -> str:
    """Points without a useless decimal: 2, 0.5, 1.5."""
    return f"{value:g}"


def indent(lines: list[str], prefix: str) -> list[str]:
    return [prefix + line for text in lines for line in str(text).splitlines() or [""]]


def parse_arguments(argv: list[str]) -> tuple[list[str], Path | None, bool]:
    """(question ids, file to check or None, help wanted)."""
    questions: list[str] = []
    chosen: Path | None = None
    items = list(argv)
    while items:
        item = items.pop(0)
        if item in ("-h", "--help", "--aide"):
            return [], None, True
        if item == "--fichier" or item.startswith("--fichier="):
            value = item.split("=", 1)[1] if "=" in item else (items.pop(0) if items else "")
            if not value:
                raise Misuse("--fichier attend un nom de fichier (devoir3.py ou devoir3.ipynb).")
            chosen = Path(value)
        elif item.startswith("-"):
            raise Misuse(f"Option inconnue : {item}.")
        else:
            questions.append(item.strip().lower())
    return questions, chosen, False


def main(argv: list[str]) -> int:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="replace")  # type: ignore[attr-defined]
    try:
        wanted, chosen, wants_help = parse_arguments(argv)
    except Misuse as error:
        print(f"{error}\n{USAGE}", file=sys.stderr)
        return 2
    if wants_help:
        print(__doc__)
        return 0
    try:
        import numpy  # noqa: F401
    except ImportError:
        print("numpy n'est pas installé : installez-le d'abord (python -m pip install numpy).", file=sys.stderr)
        return 2
    try:
        spec = json.loads(CASES_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        print("Le dossier verification/ est absent ou abîmé : retéléchargez le dossier du devoir "
              "(gardez check.py et verification/ à côté de votre devoir3.py).", file=sys.stderr)
        return 2
    known = [q["id"] for q in spec["questions"]]
    unknown = [q for q in wanted if q not in known]
    if unknown:
        print(f"Question inconnue : {', '.join(unknown)}. Les questions du devoir sont : {', '.join(known)}.\n"
              f"{USAGE}", file=sys.stderr)
        return 2
    questions = [q for q in spec["questions"] if not wanted or q["id"] in wanted]

    if chosen is not None:
        path, why = (chosen if chosen.is_absolute() else Path.cwd() / chosen), "choisi avec --fichier"
        if path.suffix not in (".py", ".ipynb"):
            print(f"{chosen} n'est ni un fichier .py ni un notebook .ipynb.\n{USAGE}", file=sys.stderr)
            return 2
    else:
        path, why = choose_file(spec)

    sys.path.insert(0, str(HERE))
    checking = importlib.import_module("verification.checking")
    printed: list[str] = []
    started = time.monotonic()
    print(f"Auto-vérification — {spec['assignment']}")
    print(f"Fichier vérifié : {path.name}" + (f" ({why})" if why else ""))
    print("Seuls les cas publics sont exécutés ici.\n")

    namespace, problems = load_student(path, printed)
    for problem in problems:
        print(f"Attention : {problem}")
    if problems:
        print()
    caller = make_caller(namespace, printed)

    secured = at_stake = 0.0
    for question in questions:
        caller.limit["seconds"] = float(question.get("timeout", 3))  # type: ignore[attr-defined]
        earned = public = 0.0
        failures: list[str] = []
        for case in question["cases"]:
            module = importlib.import_module(f"verification.{case['module']}")
            lines = run_case(checking, getattr(module, case["name"]), caller, int(case["seed"]))
            public += case["points"]
            if lines:
                failures += [f"- cas {case['name']} ({pts(case['points'])} pt) :"] + indent(lines, "  ")
            else:
                earned += case["points"]
        secured += earned
        at_stake += public
        status = "réussi" if not failures else ("partiel" if earned > 0 else "échec")
        print(f"{question['id']:<3} {status:<8} cas publics : {pts(earned):>3} / {pts(public):<3} pt, "
              f"question sur {pts(question['points'])} pt — {question['title']}")
        for line in indent(failures, "      "):
            print(line)

    if printed:
        print("\nVotre code a affiché du texte pendant la vérification (masqué ici).")
    scope = "" if not wanted else f" (question{'s' if len(questions) > 1 else ''} {', '.join(wanted)})"
    print(f"\nTotal — points assurés par les cas publics{scope} : {pts(secured)} / {pts(at_stake)} "
          f"(le devoir est noté sur {pts(spec['total'])}).")
    hidden = spec["total"] - spec["public_total"]
    print(f"Rappel : les cas cachés comptent aussi ({pts(hidden)} points sur {pts(spec['total'])}). Ils sont "
          "exécutés sur Gradescope avec d'autres entrées : réussir les cas publics ne garantit pas tous les points.")
    print(f"Déposez sur Gradescope un seul fichier : devoir3.py ou devoir3.ipynb. "
          f"({time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
