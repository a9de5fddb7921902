"""``records.frozen`` behaves as ``dataclass(frozen=True, slots=True)`` does, in every way the
tool relies on, and the tool's value types are built with it."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import subprocess
import sys
from typing import ClassVar

import pytest

from minsheng.records import frozen
from tests.conftest import ROOT


@frozen
class Point:
    """A point."""

    x: int
    y: int = 0
    tags: tuple[str, ...] = dataclasses.field(default_factory=tuple)
    LIMIT: ClassVar[int] = 10


@dataclasses.dataclass(frozen=True, slots=True)
class Reference:
    """The same class, made by the standard library."""

    x: int
    y: int = 0
    tags: tuple[str, ...] = dataclasses.field(default_factory=tuple)
    LIMIT: ClassVar[int] = 10


@frozen(kw_only=True)
class Named:
    name: str
    size: int = 1


@frozen
class Base:
    a: int


@frozen
class Derived(Base):
    b: str = "b"


@frozen
class Checked:
    value: int
    double: int = 0

    def __post_init__(self) -> None:
        if self.value < 0:
            raise ValueError("negative")
        object.__setattr__(self, "double", self.value * 2)


def test_construction_equality_hash_and_repr_match_the_standard_library():
    ours, theirs = Point(1, 2, ("a",)), Reference(1, 2, ("a",))
    assert (ours.x, ours.y, ours.tags) == (theirs.x, theirs.y, theirs.tags)
    assert repr(ours) == repr(theirs).replace("Reference", "Point")
    assert ours == Point(1, 2, ("a",))
    assert ours != Point(1, 3, ("a",))
    assert ours != theirs  # type: ignore[comparison-overlap]  # never equal, as with dataclasses
    assert hash(ours) == hash(theirs) == hash((1, 2, ("a",)))
    assert Point(1) == Point(x=1, y=0, tags=())
    assert Point(1).tags == ()
    assert {Point(1), Point(1), Point(2)} == {Point(1), Point(2)}


def test_instances_are_frozen_and_slotted():
    p = Point(1)
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'x'"):
        p.x = 2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field 'x'"):
        del p.x
    with pytest.raises((AttributeError, TypeError)):
        p.other = 1  # type: ignore[attr-defined]
    assert not hasattr(p, "__dict__")
    assert Point.__slots__ == ("x", "y", "tags")  # type: ignore[attr-defined]
    assert Point.LIMIT == 10
    assert Point.__match_args__ == ("x", "y", "tags")


def test_the_standard_library_sees_a_dataclass():
    p = Point(1, 2)
    assert dataclasses.is_dataclass(Point)
    assert [f.name for f in dataclasses.fields(Point)] == ["x", "y", "tags"]
    assert dataclasses.replace(p, y=5) == Point(1, 5)  # type: ignore[call-arg]
    assert dataclasses.asdict(p) == {"x": 1, "y": 2, "tags": ()}
    assert copy.copy(p) == p
    assert copy.deepcopy(p) == p
    assert pickle.loads(pickle.dumps(p)) == p


def test_keyword_only_inheritance_and_post_init():
    assert Named(name="a") == Named(name="a", size=1)
    with pytest.raises(TypeError):
        Named("a")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]
    d = Derived(1)
    assert (d.a, d.b) == (1, "b")
    assert d != Base(1)
    assert repr(d) == "Derived(a=1, b='b')"
    assert Checked(3).double == 6
    with pytest.raises(ValueError, match="negative"):
        Checked(-1)


def test_a_class_defining_what_frozen_provides_is_refused():
    class Own:
        x: int

        def __eq__(self, other: object) -> bool:
            return True

    with pytest.raises(TypeError, match="defines __eq__"):
        frozen(Own)


def test_pydantic_validates_a_record():
    from pydantic import TypeAdapter, ValidationError

    from minsheng.models import Stage

    adapter = TypeAdapter(Stage)
    stage = adapter.validate_python({"name": "开工", "weight": 30})
    assert isinstance(stage, Stage)
    assert (stage.name, stage.weight) == ("开工", 30)
    with pytest.raises(ValidationError):
        adapter.validate_python({"name": "开工", "weight": 30, "unknown": 1})


def test_no_value_type_of_the_tool_uses_the_slow_decorator():
    """Every frozen value type is made by ``records.frozen`` (``@dataclass(frozen=True)``
    compiles six methods a class; the tool defines about 160 classes at start-up)."""
    slow = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "src" / "minsheng").rglob("*.py"))
        if path.name != "records.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.lstrip().startswith("@dataclass(frozen=True")
        or "dataclasses.dataclass(frozen=True" in line
    ]
    assert slow == []


def test_defining_the_tools_classes_costs_far_less_than_with_dataclasses():
    """Counted, not timed: ``frozen`` compiles one method per class where dataclasses
    compiles about six, across every class a warm ``status`` defines."""
    code = (
        "import builtins, dataclasses\n"
        "made = []\n"
        "real = dataclasses._create_fn\n"
        "def counting(name, *args, **kwargs):\n"
        "    made.append(name)\n"
        "    return real(name, *args, **kwargs)\n"
        "dataclasses._create_fn = counting\n"
        "import minsheng.records as r\n"
        "import minsheng.compute.status, minsheng.render.status, minsheng.load.folder\n"
        "print(len(made))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    # Only classes that are not frozen records (the loader's mutable ones) still compile
    # their methods through dataclasses.
    assert int(out.stdout) < 40, out.stdout
