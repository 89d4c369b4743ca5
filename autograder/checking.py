"""The check API: what every grading case of every assignment is written with.

A case author imports it as ``from autograder.checking import Trial, ...``.

A case is a function ``case(t: Trial) -> None``: it calls the student's
functions through ``t.call`` and states what the result must be with the
fluent methods of :class:`Result`. The first unmet expectation raises a
:class:`Failure` that carries a rationale and hint for the student; the
generic ones of this module come from autograder.messages, in the language of
the :class:`Trial` (the otter notebook embeds them with this module's code).

Types are part of the answer: where real numbers are asked, text, complex
numbers with an imaginary part, None or objects that merely convert to a
number fail with a hint naming what came back. A float32 answer is compared
at float32's own precision, except in the checks a case marks ``precise``
(docs/tolerances.md).

This module is shipped to students with the public cases: it holds no
answer. It needs only numpy, and never imports the student's module: the
``caller`` given to :class:`Trial` decides where the student code runs (a
sandboxed child process for grading, the student's own process for the
self-check).
"""

from __future__ import annotations

import copy
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

import numpy as np

from .messages import DEFAULT_LANGUAGE, message

Caller = Callable[..., Any]
"""``caller(name, *args, **kwargs)`` runs the student's function (or class) ``name``; ``caller.method(ref, method,
*args, **kwargs)`` and ``caller.attribute(ref, name)`` reach an object it returned as an :class:`ObjectRef`. A caller
that runs the code elsewhere may also offer ``caller.seed(value)`` (the random state of the next call) and
``caller.watch()`` (report the arguments the next call changes in place, read back through ``Trial.changes``)."""

PREVIEW_ITEMS = 8
EPS = float(np.finfo(float).eps)
NARROW = np.dtype(np.float32)
"""The one narrower float type whose answers are graded at their own precision (docs/tolerances.md)."""
NARROW_COUNT = 64.0
"""Units of the answer's own epsilon a float32 evaluation of a moderate formula stays within."""
SHOWN_DIGITS = 6


@dataclass
class Failure(Exception):
    """An unmet expectation, told to the student.

    ``reference`` holds expected values: it is shown for public cases only.
    """

    rationale: str
    hint: str = ""
    reference: str = ""

    def __str__(self) -> str:
        return self.rationale


class Unanswered(Failure):
    """The student's function raised, is missing, timed out or crashed."""


class WrongType(Exception):
    """A returned value of a type the contract does not allow; ``key`` names the hint that says which."""

    def __init__(self, key: str, **fields: Any) -> None:
        super().__init__(key)
        self.key, self.fields = key, fields

    def hint(self, language: str) -> str:
        return message(self.key, language, **self.fields)


def preview(value: Any, language: str = DEFAULT_LANGUAGE, digits: int = SHOWN_DIGITS) -> str:
    """A short, readable rendering of a value for feedback; ``digits`` >= 17 shows every float exactly."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, np.ndarray):
        if value.size > PREVIEW_ITEMS:
            return message("check.array_shape", language, shape=value.shape)
        if digits >= 17:
            values = np.array2string(value, separator=", ", floatmode="unique")
        else:
            values = np.array2string(value, precision=digits, separator=", ")
        return message("check.array", language, values=values)
    if isinstance(value, float):
        return repr(value) if digits >= 17 else f"{value:.{digits}g}"
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def previews(got: Any, want: Any, language: str = DEFAULT_LANGUAGE) -> tuple[str, str]:
    """``got`` and ``want`` rendered with enough digits to differ: never two equal numbers for a failure."""
    shown = preview(got, language), preview(want, language)
    if shown[0] == shown[1]:
        shown = preview(got, language, 17), preview(want, language, 17)
    return shown


def relative_difference(got: Any, want: Any) -> float:
    """``max |got - want| / max |want|``: NaN when it means nothing (a non-finite or all-zero expected value)."""
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    with np.errstate(all="ignore"):
        difference = np.max(np.abs(got - want), initial=0.0) / np.max(np.abs(want), initial=0.0)
    return float(difference) if np.isfinite(difference) else float("nan")


def agree_when_shown(got: Any, want: Any) -> bool:
    """Both render the same at the usual precision: a feedback must say what differs."""
    if np.shape(got) != np.shape(want) or np.size(got) > PREVIEW_ITEMS:
        return False
    return preview(np.asarray(got, dtype=float)) == preview(np.asarray(want, dtype=float))


PLAIN_TYPES = (type(None), bool, int, float, complex, str, list, tuple, dict, np.ndarray, np.generic)
"""What crosses the sandbox boundary as data; any other returned value stays where it was made, behind a handle."""


def is_plain(value: Any) -> bool:
    """Whether ``value`` is data rather than an object to keep: decided on ``type()``, which no student class
    can make lie (``isinstance`` would ask the object's own ``__class__``)."""
    return issubclass(type(value), PLAIN_TYPES)


class ObjectRef:
    """An object of the student's, named but never read by the judge: an id in the sandbox's child, the object
    itself in-process. Copying a ref copies nothing (the Trial copies arguments; the object is not one)."""

    __slots__ = ("key",)

    def __init__(self, key: Any) -> None:
        self.key = key

    def __deepcopy__(self, memo: dict[int, Any]) -> ObjectRef:
        return self

    def __repr__(self) -> str:
        return "<objet>"


def as_answer(value: Any) -> Any:
    """In-process: a returned value as the sandbox gives it back, data as it is and an object behind a ref."""
    return value if is_plain(value) else ObjectRef(value)


def as_object(value: Any) -> Any:
    """In-process: an argument as the student's code receives it, the object behind a ref."""
    return value.key if type(value) is ObjectRef else value


def call_seed(seed: int, index: int) -> int:
    """The seed of the ``index``-th call of a case seeded with ``seed``: the same wherever the case runs (a hash,
    32 bits as ``np.random.seed`` takes; a microsecond where a SeedSequence costs several)."""
    import hashlib  # here: the fork server loads this module for its children, which never hash (3 ms a start)

    return int.from_bytes(hashlib.blake2b(f"{seed}:{index}".encode(), digest_size=4).digest(), "big")


def seed_student(seed: int) -> None:
    """Seed the random state the student's code reads (numpy's global, ``random``, ``default_rng()`` without a
    seed) for one call, in the process it runs in; a seed the student gives explicitly still wins.

    The sequence lives on the wrapper itself: otter's cells each embed this function, and must all reach the
    wrapper the first one installed (and that a file's ``from numpy.random import default_rng`` holds)."""
    import random

    np.random.seed(seed)
    random.seed(seed)
    if not getattr(np.random.default_rng, "seeded_per_call", False):
        original = np.random.default_rng

        def default_rng(seed: Any = None) -> np.random.Generator:
            return original(default_rng.sequence.spawn(1)[0] if seed is None else seed)  # type: ignore[attr-defined]

        default_rng.seeded_per_call = True  # type: ignore[attr-defined]
        np.random.default_rng = default_rng
    np.random.default_rng.sequence = np.random.SeedSequence(seed)  # type: ignore[attr-defined]


class Handle:
    """An instance of the student's class, living where the student's code runs: the case calls its methods
    and reads its attributes, and may pass it back as an argument."""

    def __init__(self, trial: Trial, ref: ObjectRef, name: str) -> None:
        self.trial, self.ref, self.name = trial, ref, name

    def call(self, method: str, *args: Any, label: str | None = None, unchanged: bool = False,
             **kwargs: Any) -> Result:
        """Call the object's ``method``: a Result as :meth:`Trial.call` gives (an object comes back as a Handle)."""
        shown = Shown(f"{self.name}.{method}", args, label, self.trial.language)
        return self.trial.exchange(shown, method, lambda *a, **k: self.trial.caller.method(self.ref, method, *a, **k),
                                   args, kwargs, unchanged)

    def get(self, attribute: str) -> Result:
        """The object's ``attribute``, as plain data (or a Handle for an object)."""
        shown = Shown(f"{self.name}.{attribute}", (), f"{self.name}.{attribute}", self.trial.language)
        return self.trial.exchange(shown, attribute, lambda: self.trial.caller.attribute(self.ref, attribute),
                                   (), {}, False)

    def __repr__(self) -> str:
        return self.name


@dataclass
class Trial:
    """What a case needs: the way to call the student, its random inputs, its visibility.

    ``changes``, when given, tells which arguments the last call changed (the
    sandbox compares them on its side); without it, each call receives
    copies of the arguments, which the trial compares with the originals
    itself (the student's own process: check.py, otter, the sweeps).
    """

    caller: Caller
    rng: np.random.Generator
    public: bool = True
    language: str = DEFAULT_LANGUAGE  # of the generic feedback: the assignment's
    calls: list[str] = field(default_factory=list)  # names called, in order
    changes: Callable[[], tuple[int | str, ...]] | None = None
    seed: int | None = None  # the case's: each call seeds the student's random state from it (``call_seed``)
    exchanges: int = 0  # calls, methods and attributes so far: the index of the next one's seed
    files: Callable[[str], bytes] | None = None  # reads the assignment's data files (grading.yaml ``data:``)

    def data(self, path: str) -> bytes:
        """The bytes of the assignment's data file ``path`` (hidden ones included when grading), read by the
        judge: a case passes them, or what it makes of them, as arguments. Without a reader (check.py, otter),
        the file at ``path`` from the working folder, where they are handed out."""
        if self.files is not None:
            return self.files(path)
        with open(path, "rb") as file:
            return file.read()

    def call(self, name: str, *args: Any, label: str | None = None, unchanged: bool = False,
             **kwargs: Any) -> Result:
        """Call the student's function ``name``; any error becomes an :class:`Unanswered`.

        With ``unchanged=True`` the contract forbids changing the arguments in
        place: a call that changes one fails, naming it.
        """
        shown = Shown(name, args, label, self.language)
        self.calls.append(name)
        return self.exchange(shown, name, lambda *a, **k: self.caller(name, *a, **k), args, kwargs, unchanged)

    def new(self, name: str, *args: Any, label: str | None = None, **kwargs: Any) -> Handle:
        """Construct an instance of the student's class ``name``: a :class:`Handle` on it, which lives as long as
        the process the student's code runs in."""
        shown = Shown(name, args, label, self.language)
        self.calls.append(name)
        result = self.exchange(shown, name, lambda *a, **k: self.caller(name, *a, **k), args, kwargs, False)
        if not isinstance(result.value, Handle):
            raise result.fail(message("check.object", self.language, name=name),
                              hint=message("check.object_hint", self.language, name=name))
        result.value.name = label or name
        return result.value

    def exchange(self, shown: Shown, name: str, send: Callable[..., Any], args: tuple[Any, ...],
                 kwargs: dict[str, Any], unchanged: bool) -> Result:
        """One call through ``send`` (a function, a class, a method, an attribute): handles go as refs, an object
        comes back as a Handle, and any error becomes an :class:`Unanswered`."""
        args = tuple(a.ref if isinstance(a, Handle) else a for a in args)
        kwargs = {k: v.ref if isinstance(v, Handle) else v for k, v in kwargs.items()}
        sent_args, sent_kwargs = (args, kwargs) if self.changes is not None else copy.deepcopy((args, kwargs))
        self.exchanges += 1
        if self.seed is not None and hasattr(self.caller, "seed"):
            self.caller.seed(call_seed(self.seed, self.exchanges - 1))
        if unchanged and hasattr(self.caller, "watch"):
            self.caller.watch()
        try:
            value = send(*sent_args, **sent_kwargs)
        except NotImplementedError:
            raise Unanswered(message("check.unimplemented", self.language, name=name),
                             hint=message("check.unimplemented_hint", self.language, name=name)) from None
        except Exception as error:  # the student's error, whatever its type
            missing = getattr(error, "kind", "") == "missing"  # no such function: running the call shows nothing
            raise Unanswered(message("check.call_failed", self.language, call=shown, error=describe_error(error)),
                             hint=message("check.missing_hint" if missing else "check.call_failed_hint",
                                          self.language, name=name)) from None
        if unchanged:
            changed = (tuple(self.changes()) if self.changes is not None
                       else changed_arguments(args, kwargs, sent_args, sent_kwargs))
            if changed:
                raise Failure(message("check.changed", self.language, call=shown,
                                      arguments=", ".join(argument_name(key, self.language) for key in changed)),
                              hint=message("check.changed_hint", self.language))
        if isinstance(value, ObjectRef):
            value = Handle(self, value, str(shown))
        return Result(value, shown, self.language)


def changed_arguments(args: tuple[Any, ...], kwargs: dict[str, Any], after_args: tuple[Any, ...],
                      after_kwargs: dict[str, Any]) -> tuple[int | str, ...]:
    """Positions and names of the arguments whose copies the call changed, as the sandbox reports them."""
    return (*(i for i, (a, b) in enumerate(zip(args, after_args)) if not same_data(a, b)),
            *(k for k in kwargs if not same_data(kwargs[k], after_kwargs.get(k))))


def same_data(a: Any, b: Any) -> bool:
    """Equal as plain data: same container types, lengths, keys, array dtypes and shapes, values (NaN equal to NaN)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.dtype == b.dtype
                and a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")))
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(same_data(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) or isinstance(b, dict):
        return (isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys()
                and all(same_data(a[k], b[k]) for k in a))
    try:
        return bool(a == b) or (a != a and b != b)
    except (TypeError, ValueError):
        return a is b


def argument_name(key: int | str, language: str = DEFAULT_LANGUAGE) -> str:
    """How feedback names an argument: by its position (from 1) or its keyword."""
    if isinstance(key, int):
        return message("check.changed_position", language, position=key + 1)
    return message("check.changed_keyword", language, name=key)


@dataclass(frozen=True)
class Shown:
    """How a call reads in feedback; formatted only when a failure needs it."""

    name: str
    args: tuple[Any, ...]
    label: str | None = None
    language: str = DEFAULT_LANGUAGE

    def __str__(self) -> str:
        return self.label or f"{self.name}({', '.join(preview(a, self.language) for a in self.args)})"


@dataclass(frozen=True)
class Element:
    """How one element of a call's result reads in feedback; formatted only when a failure needs it."""

    of: object  # a Shown, an Element or a label (not named: otter cells define this class in a function)
    key: Any

    def __str__(self) -> str:
        return f"{self.of}[{self.key!r}]"


def describe_error(error: BaseException) -> str:
    """``Type: message`` of an error, kept short (an error that carries the student's own type says it itself)."""
    if getattr(error, "self_described", False):
        text = str(error)
    else:
        text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return text if len(text) <= 300 else text[:297] + "..."


def type_name(value: Any) -> str:
    """The type of a returned value as a student wrote it: ``str``, ``Fraction``, ``ndarray (object)``..."""
    if isinstance(value, np.ndarray):
        return f"ndarray ({value.dtype})"
    return type(value).__name__


def reals(value: Any) -> np.ndarray:
    """``value`` as an array of real numbers, or :class:`WrongType` saying what it is instead.

    Accepted: Python and numpy numbers, arrays and (nested) lists of them,
    booleans (as 0 and 1). float32 stays float32 (its precision decides the
    tolerance); every other type becomes float64. Refused: None, text,
    complex numbers (even with an imaginary part of 0, which is rounding luck:
    an FFT's noise may vanish on one input and not on the next), objects that
    only convert to a number, ragged lists.
    """
    if value is None:
        raise WrongType("check.type.none")
    if isinstance(value, (str, bytes)):
        raise WrongType("check.type.text")
    if isinstance(value, np.ndarray):
        array = value
    else:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                array = np.asarray(value)
        except (ValueError, TypeError, OverflowError):
            raise WrongType("check.type.ragged") from None
    kind = array.dtype.kind
    if kind == "c":
        raise WrongType("check.type.complex")
    if kind in "biu":
        return array.astype(float)
    if kind == "f":
        return array if array.dtype.itemsize < 8 else array.astype(float)
    if kind in "US":
        raise WrongType("check.type.text")
    if kind == "O":
        odd = next((v for v in array.flat if not isinstance(v, (int, float, np.number)) or isinstance(v, bool)),
                   array)
        if odd is None:
            raise WrongType("check.type.none")
        if isinstance(odd, (str, bytes)):
            raise WrongType("check.type.text")
        if isinstance(odd, (list, tuple)) or odd is not array and isinstance(odd, np.ndarray):
            raise WrongType("check.type.ragged")
        raise WrongType("check.type.other", type=type_name(odd))
    raise WrongType("check.type.other", type=type_name(array))


def narrow_eps(array: np.ndarray) -> float:
    """The epsilon of a float type narrower than float64 that an answer came in, else 0."""
    dtype = np.asarray(array).dtype
    return float(np.finfo(dtype).eps) if dtype.kind == "f" and dtype.itemsize < 8 else 0.0


@dataclass
class Result:
    """A value returned by the student, with fluent expectations on it.

    A case that builds one itself passes ``t.language`` on, so that its feedback speaks the assignment's language.
    """

    value: Any
    call: Shown | Element | str
    language: str = DEFAULT_LANGUAGE

    def say(self, key: str, **fields: Any) -> str:
        """A generic text of the check API, in this result's language."""
        return message(key, self.language, **fields)

    def derived(self, value: Any, call: Shown | Element | str | None = None) -> Result:
        """Another value of the same call (or of ``call``), in the same language."""
        return Result(value, self.call if call is None else call, self.language)

    def fail(self, expected: str, *, hint: str = "", reference: Any = None) -> Failure:
        """The failure "for this call, ``expected`` was expected, this came back"; never two equal numbers."""
        got, want = preview(self.value, self.language), ""
        if reference is not None:
            got, want = previews(self.value, reference, self.language)
        return Failure(self.say("check.expected", call=self.call, expected=expected, got=got),
                       hint=hint or self.say("check.hint.check"),
                       reference="" if reference is None else self.say("check.reference", value=want))

    def wrong_type(self, expected: str, problem: WrongType) -> Failure:
        """The failure "this kind of value was expected", with the hint that names the type returned."""
        return self.fail(expected, hint=problem.hint(self.language))

    def typed(self, expected: str) -> np.ndarray:
        """The value as reals (:func:`reals`), or the failure that names its type."""
        try:
            return reals(self.value)
        except WrongType as problem:
            raise self.wrong_type(expected, problem) from None

    def number(self) -> Result:
        """A real number: a Python or numpy scalar, or a one-element array (a float32 one stays float32)."""
        expected = self.say("check.real")
        value = self.value
        if isinstance(value, (bool, np.bool_)) or isinstance(value, np.ndarray) and value.dtype.kind == "b":
            raise self.wrong_type(expected, WrongType("check.type.bool"))
        if isinstance(value, (list, tuple, dict)):
            raise self.fail(expected, hint=self.say("check.hint.shape_scalar"))
        array = self.typed(expected)
        if array.size != 1:
            raise self.fail(expected, hint=self.say("check.hint.shape_scalar"))
        scalar = array.reshape(())[()]
        return self.derived(scalar if narrow_eps(array) else float(scalar))

    def integer(self) -> Result:
        """A whole number: an int, a numpy integer, an integral float, or a one-element array of one."""
        expected = self.say("check.integer")
        value = self.value
        if isinstance(value, (bool, np.bool_)) or isinstance(value, np.ndarray) and value.dtype.kind == "b":
            raise self.wrong_type(expected, WrongType("check.type.bool"))
        if isinstance(value, (list, tuple, dict)):
            raise self.fail(expected, hint=self.say("check.hint.shape_scalar"))
        if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "iu":
            value = value.reshape(()).item()
        if isinstance(value, (int, np.integer)):
            return self.derived(int(value))
        array = self.typed(expected)
        if array.size != 1:
            raise self.fail(expected, hint=self.say("check.hint.shape_scalar"))
        number = float(array.reshape(()))
        if not np.isfinite(number):
            raise self.fail(expected, hint=non_finite_hint(np.asarray(number), self.language))
        if not number.is_integer():
            raise self.fail(expected, hint=self.say("check.type.fraction"))
        return self.derived(int(number))

    def array(self, shape: tuple[int, ...] | None = None) -> Result:
        """A numeric numpy array (lists are accepted), of the given shape if one is named; float32 stays float32."""
        array = self.typed(self.say("check.numbers"))
        if shape is not None and array.shape != tuple(shape):
            raise self.wrong_shape(array.shape, tuple(shape))
        return self.derived(array)

    def wrong_shape(self, got: tuple[int, ...], want: tuple[int, ...]) -> Failure:
        """The failure "this shape instead of that one", with the likely cause."""
        expected = self.say("check.shaped", shape=want) if want else self.say("check.scalar")
        arguments = self.call.args if isinstance(self.call, Shown) else ()
        return Failure(self.say("check.expected", call=self.call, expected=expected,
                                got=self.say("check.shaped", shape=got)),
                       hint=shape_hint(got, want, self.language, tuple(np.shape(a) for a in arguments
                                                                       if isinstance(a, np.ndarray))))

    def finite(self) -> Result:
        """No NaN nor infinity: what a numerically stable formula gives."""
        got = self.typed(self.say("check.finite"))
        if not np.all(np.isfinite(got)):
            hint = non_finite_hint(got, self.language) + narrow_note(got, self.language)
            raise self.fail(self.say("check.finite"), hint=hint)
        return self

    def close_to(self, expected: Any, *, rtol: float = 1e-6, atol: Any = 1e-9, what: str | None = None,
                 hint: str = "", factors: Mapping[str, float] | None = None,
                 mistakes: Iterable[tuple[Any, str]] = (), inputs: Any = None, overflow: str = "",
                 precise: bool = False) -> Result:
        """Real numbers within ``atol + rtol |expected|`` of ``expected``, element by element.

        ``what`` says what the values are (default: "the expected values").
        ``atol`` may be an array (one tolerance per element, see :func:`ulps`).
        A float32 answer may also be off by what float32 rounding gives
        (:func:`tolerance`), unless the check is ``precise``: one that grades
        range or precision (stability at extreme inputs), which float32 loses
        with a hint that names it.

        A failure shows the whole result when it is short, else the first
        element that disagrees; with ``inputs`` (the input of each element,
        for elementwise functions) it names the input at fault, which teaches
        more than a count.

        The hint of a failure is chosen from what differs (:func:`explain`):
        a known mistake of ``mistakes`` (pairs of the value a mistake gives and
        its hint), ``overflow`` for a NaN or an infinity where a finite value
        was expected, what the observation shows (a sign, a factor 2 or one of
        ``factors`` such as ``{"n": n}``, a transposition, NaN or overflow),
        the case's own ``hint``, and at least a sentence saying what to check.
        When two causes fit the observation, the hint says so instead of
        choosing one.
        """
        got = self.typed(what or self.say("check.expected_values"))
        want = np.asarray(expected, dtype=float)
        if got.shape != want.shape:
            raise self.wrong_shape(got.shape, want.shape)
        inputs = None if inputs is None else np.asarray(inputs)
        own = narrow_eps(got)
        single = float(np.finfo(NARROW).eps) if float32_answer(got) else 0.0
        graded = tolerance(want, rtol, atol, 0.0 if precise else single, inputs)
        bad = ~agreeing(got, want, *graded)
        if not bad.any():
            return self
        if own and close(got, want, *tolerance(want, rtol, atol, own, inputs)):
            advice = self.say("check.hint.narrow", dtype=got.dtype.name)  # right up to its own rounding
        else:
            advice = explain(got, want, *graded, factors or {}, mistakes, self.language, overflow=overflow,
                             hint=hint) + narrow_note(got, self.language)
        rtol, atol = graded
        what = what or self.say("check.expected_values")
        if inputs is None and got.size <= PREVIEW_ITEMS:
            shown = self.derived(got[()] if got.ndim == 0 else got)  # as compared, whatever container came back
            failure = shown.fail(what, hint=advice, reference=want[()] if want.ndim == 0 else want)
            failure.rationale += differing_count(got, want, rtol, atol, self.language)
            if agree_when_shown(got, want):
                failure.rationale += self.say("check.relative", difference=f"{relative_difference(got, want):.1e}")
            raise failure
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        if inputs is not None and inputs.shape == got.shape:
            where = self.say("check.at_input", input=preview(inputs[index], self.language))
        elif index:
            where = self.say("check.at_index", index=index[0] if len(index) == 1 else index)
        else:
            where = ","
        shown_got, shown_want = previews(got[index], want[index], self.language)
        rationale = self.say("check.expected_at", call=self.call, expected=what, where=where, got=shown_got)
        if agree_when_shown(got[index], want[index]):
            rationale += self.say("check.relative", difference=f"{relative_difference(got[index], want[index]):.1e}")
        raise Failure(rationale + differing_count(got, want, rtol, atol, self.language), hint=advice,
                      reference=self.say("check.reference_at", value=shown_want))

    def equals(self, expected: Any, *, what: str | None = None, hint: str = "",
               mistakes: Iterable[tuple[Any, str]] = ()) -> Result:
        """Exactly ``expected`` (integers, tuples of integers, strings, booleans), of the same kind.

        A boolean is not a number here, nor a string a number: a value of
        another kind fails with a hint naming its type. The hint is otherwise
        that of a known mistake of ``mistakes`` (pairs of the value it gives
        and its hint), else what differs (an order, a sign, a factor), else
        ``hint``: as for :meth:`close_to`.
        """
        got, want = normalise(self.value), normalise(expected)
        what = what or self.say("check.other_value")
        problem = kind_mismatch(got, want)
        if problem is not None:
            raise self.wrong_type(what, problem)
        if got != want:
            known = [text for value, text in mistakes if normalise(value) == got]
            advice = known[0] if len(set(known)) == 1 else several(known, self.language) if known else ""
            raise self.fail(what, hint=advice or exact_diagnosis(got, want, self.language) or hint
                            or self.say("check.hint.exact"), reference=expected)
        return self

    def satisfies(self, predicate: Callable[[Any], bool], expected: str, *, hint: str = "") -> Result:
        """``predicate(value)`` holds; ``expected`` describes the property in the assignment's language."""
        try:
            holds = bool(predicate(self.value))
        except (TypeError, ValueError, IndexError, ArithmeticError):
            holds = False
        if not holds:
            raise self.fail(expected, hint=hint or self.say("check.hint.property"))
        return self

    def item(self, key: Any, label: str | None = None) -> Result:
        """One element of a returned tuple, list or dict, to check on its own."""
        try:
            value = self.value[key]
        except (TypeError, KeyError, IndexError):
            element = repr(key)
            raise self.fail(self.say("check.element", element=element),
                            hint=self.say("check.hint.element", element=element)) from None
        return self.derived(value, label or Element(self.call, key))


def tolerance(want: np.ndarray, rtol: float, atol: Any, eps: float, inputs: np.ndarray | None = None
              ) -> tuple[float, Any]:
    """``rtol`` and ``atol`` widened, for an answer of epsilon ``eps`` (0: float64), by what its rounding gives.

    docs/tolerances.md: a float32 evaluation of a moderate formula is off by a
    few of its own ulps of the magnitudes it goes through: the element itself
    and the largest expected element, and the element's input when the case
    names inputs — but no more of the input than the case's ``atol`` allows
    for float64 (rescaled to ``eps``), since the case's ``atol`` says how
    large the intermediates are (``ulps(scale)``): sigma(k x) never goes
    through x = 4000.
    """
    if not eps:
        return rtol, atol
    magnitude = np.abs(want)
    widening = NARROW_COUNT * eps * (magnitude + np.max(magnitude[np.isfinite(magnitude)], initial=0.0))
    atol = np.asarray(atol, dtype=float)
    if inputs is not None and inputs.shape == want.shape and inputs.dtype.kind in "biuf":
        widening = widening + np.minimum(NARROW_COUNT * eps * np.abs(inputs.astype(float)), atol * (eps / EPS))
    return rtol, atol + widening


def close(got: np.ndarray, want: np.ndarray, rtol: float, atol: Any) -> bool:
    """``np.allclose`` without NaN equality, at a fraction of its cost (it runs hundreds of times per grading)."""
    return bool(np.all(agreeing(got, want, rtol, atol)))


def agreeing(got: np.ndarray, want: np.ndarray, rtol: float, atol: Any) -> np.ndarray:
    """Elementwise: equal, or both finite and within ``atol + rtol |want|``."""
    with np.errstate(invalid="ignore", over="ignore"):
        finite = np.isfinite(got) & np.isfinite(want)
        return (got == want) | (finite & (np.abs(got - want) <= atol + rtol * np.abs(want)))


def matches(got: np.ndarray, value: np.ndarray, rtol: float, atol: Any) -> bool:
    """``got`` is ``value`` (same shape, close): how a known mistake is recognised."""
    return got.shape == value.shape and close(got, value, rtol, atol)


def ulps(scale: Any, count: float = 16.0) -> Any:
    """An absolute tolerance of ``count`` units in the last place of ``scale`` (elementwise).

    ``scale`` is the magnitude of the largest input or intermediate a correct
    formula goes through, by any route a careful student may take, e.g.
    ``np.abs(x)`` for ``x - logaddexp(0, x)`` or ``np.abs(W) @ np.abs(x) +
    np.abs(b)`` for ``W @ x + b``; ``count`` covers the operations on the way
    (docs/tolerances.md).
    """
    return count * EPS * np.abs(np.asarray(scale, dtype=float))


def log_route(*factors: Any) -> Any:
    """``1 + sum |ln |f|||`` elementwise: how many times its own ulp a product of ``factors`` may be off by.

    A careful route to ``k * x`` that must not overflow goes through logs:
    ``exp(ln|k| + ln|x|)`` is off by about ulps of ``ln|k| + ln|x|``, up to
    745 for a float64, relative to the product. A result ``f(k x)`` then
    carries ``|f'(k x) k x| * log_route(k, x)`` ulps (docs/tolerances.md).
    Zeros and infinities count 0: their products are exact.
    """
    total = np.ones(np.broadcast_shapes(*(np.shape(f) for f in factors)))
    for factor in factors:
        magnitude = np.abs(np.asarray(factor, dtype=float))
        usable = (magnitude > 0) & np.isfinite(magnitude)
        total = total + np.abs(np.log(np.where(usable, magnitude, 1.0)))
    return total


# Hints are chosen from what differs (messages "check.hint.*"): they name the kind of mistake, never an expected
# value, and only a kind that the observation singles out.


def explain(got: np.ndarray, want: np.ndarray, rtol: float, atol: Any, factors: Mapping[str, float],
            mistakes: Iterable[tuple[Any, str]] = (), language: str = DEFAULT_LANGUAGE, *, overflow: str = "",
            hint: str = "") -> str:
    """The hint of a failed comparison (same shapes): the first of these that applies.

    1. The known mistake of ``mistakes`` whose value ``got`` is, unless a
       simple transformation of ``want`` (a sign, a factor, a transposition)
       gives it too, which the next step then names; when several known
       mistakes fit, a hint that lists them all.
    2. ``overflow``, for a NaN or an infinity where ``want`` is finite.
    3. What the observation shows (:func:`diagnosis`).
    4. float64 values that are float32 values within float32's rounding.
    5. A difference in the 7th digit or beyond: no case hint about a
       mistake can fit it.
    6. ``hint``, the case's own; else a sentence saying what to check.
    """
    known = list(dict.fromkeys(text for value, text in mistakes
                               if matches(got, np.asarray(value, dtype=float), rtol, atol)))
    if len(known) > 1:
        return several(known, language)
    if known and not transformations(got, want, rtol, atol, factors, language):
        return known[0]
    if overflow and not np.all(np.isfinite(got[np.isfinite(want)])):
        return overflow
    found = diagnosis(got, want, rtol, atol, factors, language)
    if found:
        return found
    if float32_rounding(got, want):
        return message("check.hint.float32_digits", language)
    if relative_difference(got, want) < 1e-6:
        return message("check.hint.tiny", language)
    return hint or message("check.hint.check", language)


def several(causes: list[str], language: str = DEFAULT_LANGUAGE) -> str:
    """One hint for an observation that more than one cause explains: all of them, none chosen."""
    return message("check.hint.several", language, causes=" ".join(f"({i}) {c}" for i, c in enumerate(causes, 1)))


def narrow_note(got: np.ndarray, language: str = DEFAULT_LANGUAGE) -> str:
    """A sentence for an answer in a float type narrower than float64, else ""."""
    return message("check.hint.narrow_note", language, dtype=got.dtype.name) if narrow_eps(got) else ""


def float32_answer(value: Any) -> bool:
    """Whether an answer was computed in float32: float32 values, or float64 ones that all are float32 values
    (``float()`` of a float32 result). Its checks allow float32's rounding unless they grade precision."""
    array = np.asarray(value)
    return array.dtype == NARROW or float32_values(array)


def float32_allowance(value: Any, scale: Any) -> Any:
    """What float32 rounding adds to a check's ``atol`` for an answer computed in float32 (else 0): its own
    ulps of ``scale``, the magnitude of the intermediates, which the check itself only knows from the result."""
    return NARROW_COUNT * float(np.finfo(NARROW).eps) * np.abs(np.asarray(scale, dtype=float)) \
        if float32_answer(value) else 0.0


def float32_values(got: np.ndarray) -> bool:
    """float64 values that are all float32 values, and not all float16 ones: what ``float()`` of a float32
    computation gives (``return float(loss)``), graded at float32's precision like a float32 array."""
    if got.dtype != np.float64 or not got.size:
        return False
    first = float(got.flat[0])  # most float64 answers fail on their first element: no array work for them
    if abs(first) < 3e38 and float(np.float32(first)) != first:
        return False
    if not np.all(np.isfinite(got)):
        return False
    with np.errstate(over="ignore"):
        return bool(np.all(got.astype(np.float32) == got) and np.any(got.astype(np.float16) != got))


def float32_rounding(got: np.ndarray, want: np.ndarray) -> bool:
    """float64 values that are all float32 values, within float32 rounding of ``want``: a float32 computation."""
    if not float32_values(got) or not np.all(np.isfinite(want)):
        return False
    scale = np.abs(want) + np.max(np.abs(want), initial=0.0)
    return bool(np.all(np.abs(got - want) <= NARROW_COUNT * float(np.finfo(np.float32).eps) * scale))


def transformations(got: np.ndarray, want: np.ndarray, rtol: float, atol: Any, factors: Mapping[str, float],
                    language: str = DEFAULT_LANGUAGE) -> list[str]:
    """The hints of every simple transformation of ``want`` that gives ``got``: a sign, a factor, a transposition.

    A factor that several names give (``n = 2`` and 2) is named by its value.
    None when ``want`` is all but zero (any factor fits) or not finite.
    """
    if not np.all(np.isfinite(got)) or not np.all(np.isfinite(want)):
        return []
    found = []
    if got.ndim == 2 and got.shape[0] == got.shape[1] and not matches(want, want.T, rtol, atol) \
            and matches(got, want.T, rtol, atol):
        found.append(message("check.hint.transposed", language))
    if not np.any(np.abs(want) > 2 * np.max(np.broadcast_to(atol, want.shape), initial=0.0)):
        return found
    names: dict[float, list[str]] = {-1.0: []}
    for name, value in {"2": 2.0, **factors}.items():
        for k in (float(value), 1.0 / float(value)) if value and abs(float(value)) != 1.0 else ():
            for signed in (k, -k):
                names.setdefault(signed, [])
                if name not in names[signed]:
                    names[signed].append(name)
    for k, named in names.items():
        if matches(got, k * want, rtol, np.abs(k) * np.asarray(atol)):
            if k == -1.0:
                found.append(message("check.hint.sign", language))
            else:
                value = abs(k) if abs(k) >= 1 else 1.0 / abs(k)
                name = named[0] if len(named) == 1 else f"{value:g}"
                found.append(factor_hint(name, k, language))
    return found


def diagnosis(got: np.ndarray, want: np.ndarray, rtol: float, atol: Any, factors: Mapping[str, float],
              language: str = DEFAULT_LANGUAGE) -> str:
    """The kind of mistake that turns ``want`` into ``got`` (same shapes), or "" when none clearly shows."""
    bad = ~np.isfinite(got) & np.isfinite(want)
    if bad.any():
        return non_finite_hint(got[bad], language)
    found = transformations(got, want, rtol, atol, factors, language)
    if len(found) > 1:
        return several(found, language)
    if found:
        return found[0]
    if not np.any(np.abs(want) > 2 * np.max(np.broadcast_to(atol, want.shape), initial=0.0)):
        return ""
    if matches(np.abs(got), np.abs(want), rtol, atol):
        return message("check.hint.some_signs", language)
    if proportional(got, want, atol):
        return message("check.hint.proportional", language)
    return ""


def factor_hint(name: str, k: float, language: str = DEFAULT_LANGUAGE) -> str:
    """"Your result is ``name`` times the expected one", for ``k`` = ±``name`` or ±1/``name``."""
    fields = {"minus": "-" if k < 0 else "", "name": name,
              "and_sign": message("check.hint.and_sign", language) if k < 0 else ""}
    if abs(k) >= 1:
        return message("check.hint.factor_extra", language, **fields)
    return message("check.hint.factor_missing", language, **fields)


def proportional(got: np.ndarray, want: np.ndarray, atol: Any) -> bool:
    """At least two elements, and ``got / want`` one constant other than 0 and 1 wherever ``want`` is not negligible.

    A ratio of 0 (an all-zero result) is no missing factor: it would mislead the student.
    """
    atol = np.broadcast_to(np.asarray(atol, dtype=float), want.shape)
    significant = np.abs(want) > 1e3 * np.maximum(atol, 1e-300)
    if significant.sum() < 2 or np.any(np.abs(got[~significant]) > 1e3 * np.maximum(atol[~significant], 1e-300)):
        return False
    ratios = got[significant] / want[significant]
    return bool(ratios[0] != 0.0 and np.ptp(ratios) <= 1e-9 * np.abs(ratios).max()
                and np.abs(ratios[0] - 1.0) > 1e-6)


def where_wrong(got: Any, want: np.ndarray, inputs: np.ndarray, default: str, *, rtol: float = 1e-6,
                atol: float = 1e-9, language: str = DEFAULT_LANGUAGE) -> str:
    """A hint from where an elementwise result is wrong: only at negative inputs (a branch or an absolute
    value), or only in (-1, 1) (the condition choosing the branch); else ``default``.

    Each is said only when the inputs where the result is right include the
    other side (a non-negative input, an input outside (-1, 1)): otherwise
    nothing singles the region out.
    """
    try:
        got = reals(got)
    except WrongType:
        return default
    if got.shape != want.shape:
        return default
    wrong = ~agreeing(got, want, rtol, atol)
    right = inputs[~wrong]
    if wrong.any() and np.all(inputs[wrong] < 0) and np.any(right >= 0):
        return message("check.hint.wrong_negative", language)
    inside = (np.abs(inputs) < 1) & (inputs != 0)
    if wrong.any() and np.all(inside[wrong]) and np.any(~inside[~wrong]):
        return message("check.hint.wrong_inside_one", language)
    return default


def non_finite_hint(got: np.ndarray, language: str = DEFAULT_LANGUAGE) -> str:
    """Which non-finite value came back says which accidents are possible: overflow or division by 0, log of 0, 0/0."""
    if np.any(got == np.inf):
        return message("check.hint.overflow", language)
    if np.any(got == -np.inf):
        return message("check.hint.log_of_zero", language)
    return message("check.hint.nan", language)


def shape_hint(got: tuple[int, ...], want: tuple[int, ...], language: str = DEFAULT_LANGUAGE,
               inputs: tuple[tuple[int, ...], ...] = ()) -> str:
    """The cause of a wrong shape that the shapes single out, else what to check.

    Broadcasting only when ``got`` is what broadcasting ``want`` against
    another shape gives; a reduction on the wrong axis only when ``got`` is an
    input's shape with axes removed (``inputs``: the shapes of the array
    arguments) or a single number.
    """
    if not want:
        return message("check.hint.shape_scalar", language)
    if len(got) == len(want) == 2 and got == want[::-1]:
        return message("check.hint.shape_transposed", language)
    size, wanted = int(np.prod(got)), int(np.prod(want))
    if size == wanted:
        if tuple(n for n in got if n != 1) == tuple(n for n in want if n != 1):
            return message("check.hint.shape_reshaped", language)
        return message("check.hint.shape_other", language)
    if got and any(removes_axes(shape, got) for shape in inputs):
        return message("check.hint.shape_axis", language)
    if size > wanted:
        if broadcasts(want, got):
            return message("check.hint.shape_too_many", language)
        return message("check.hint.shape_more", language)
    if not got:
        return message("check.hint.shape_too_few", language)
    return message("check.hint.shape_fewer", language)


def broadcasts(small: tuple[int, ...], large: tuple[int, ...]) -> bool:
    """``large`` is a broadcast of ``small`` with another shape (so a broadcasting slip can give it)."""
    try:
        return np.broadcast_shapes(small, large) == tuple(large) and tuple(large) != tuple(small)
    except ValueError:
        return False


def removes_axes(shape: tuple[int, ...], got: tuple[int, ...]) -> bool:
    """``got`` is ``shape`` with one or more axes removed, in order (what a reduction gives)."""
    if len(got) >= len(shape):
        return False
    position = 0
    for n in shape:
        if position < len(got) and got[position] == n:
            position += 1
    return position == len(got)


def differing_count(got: np.ndarray, want: np.ndarray, rtol: float, atol: Any,
                    language: str = DEFAULT_LANGUAGE) -> str:
    """`` (k of n elements differ)`` for an array of which only some elements are wrong."""
    wrong = int(np.size(got) - np.count_nonzero(agreeing(got, want, rtol, atol)))
    if np.size(got) < 2 or wrong == np.size(got):
        return ""
    return message("check.differ_many" if wrong > 1 else "check.differ_one", language, count=wrong,
                   size=np.size(got))


def kind_mismatch(got: Any, want: Any) -> WrongType | None:
    """The type problem of an exact answer: a value of another kind than the expected one, anywhere inside it.

    Integers accept integral floats; booleans, text and numbers are not interchangeable.
    """
    if isinstance(want, bool):
        return None if isinstance(got, bool) else WrongType("check.type.expected", want="bool", got=type_name(got))
    if isinstance(want, (int, float)):
        if isinstance(got, bool) or not isinstance(got, (int, float)):
            return WrongType("check.type.expected", want=type(want).__name__, got=type_name(got))
        return None
    if isinstance(want, str):
        return None if isinstance(got, str) else WrongType("check.type.expected", want="str", got=type_name(got))
    if isinstance(want, tuple) and isinstance(got, tuple) and len(got) == len(want):
        return next((p for p in map(kind_mismatch, got, want) if p is not None), None)
    if isinstance(want, dict) and isinstance(got, dict):
        return next((p for p in (kind_mismatch(got[k], want[k]) for k in want if k in got) if p is not None), None)
    return None


def exact_diagnosis(got: Any, want: Any, language: str = DEFAULT_LANGUAGE) -> str:
    """The kind of mistake for an exact answer: the right values in another order, a sign, a factor."""
    if isinstance(got, tuple) and isinstance(want, tuple) and got != want and len(got) == len(want) \
            and sorted(map(repr, got)) == sorted(map(repr, want)):
        return message("check.hint.order", language)
    numbers = (int, float)
    if isinstance(got, numbers) and isinstance(want, numbers) and not isinstance(got, bool) \
            and not isinstance(want, bool) and want:
        return diagnosis(np.asarray(float(got)), np.asarray(float(want)), 0.0, 0.0, {}, language)
    return ""


def normalise(value: Any) -> Any:
    """Plain Python values, so that (3,) == [3] and np.int64(3) == 3 compare as a student expects."""
    if isinstance(value, np.ndarray):
        return normalise(value.tolist())
    if isinstance(value, (list, tuple)):
        return tuple(normalise(v) for v in value)
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    return value


def numeric_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central finite differences of a scalar function, the shape of ``x``."""
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[index] = eps
        grad[index] = (f(x + step) - f(x - step)) / (2 * eps)
    return grad


def numeric_jacobian(f: Callable[[np.ndarray], np.ndarray], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central finite differences of a vector function: ``J[i, j] = d f_i / d x_j``."""
    x = np.asarray(x, dtype=float)
    columns = []
    for j in range(x.size):
        step = np.zeros_like(x)
        step.flat[j] = eps
        columns.append((np.asarray(f(x + step)) - np.asarray(f(x - step))).ravel() / (2 * eps))
    return np.stack(columns, axis=1)

