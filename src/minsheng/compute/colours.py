"""预警颜色: the colour of an item by an ordered rule list (first match wins), the named
presets an office selects, how a project's and a unit's colour follow from their
indicators', and each colour's display name and colour.

The ``default`` preset is the tool's original rule, comparing unrounded figures as it
always did; every other rule compares gaps and completion as shown, to one decimal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import field
from datetime import date

from ..dates import Period, add_months
from ..models import Plan
from ..models.conditions import Conditions
from ..models.office import Aggregate, ColourRule, Office, StateStyle
from ..records import frozen
from .schedule import STATUS_ORDER, Status


@frozen
class Facts:
    """What the rules look at: one indicator, item, project or unit at one date."""

    day: date
    completion: float
    expected: float
    done: bool
    overdue: bool
    accepted: bool = False
    justified: bool = False
    started: bool = True
    planned_start: date | None = None
    behind_periods: int = 0  # consecutive period ends behind 序时进度, the latest included
    made_up: bool = False  # behind at that period end, caught up since


def shown(value: float) -> float:
    """A figure as printed to one decimal (92.04 → 92.0): what the rules compare."""
    return float(f"{value:.1f}")


def behind(completion: float, expected: float) -> bool:
    """Behind 序时进度 as shown (a gap that prints as 0.0 is not behind)."""
    return shown(expected - completion) > 0


def matches(rule: Conditions, f: Facts, exact: bool = False) -> bool:
    """Whether every condition the rule states holds (a rule stating none always matches)."""
    gap, completion = f.expected - f.completion, f.completion
    if not exact:
        gap, completion = shown(gap), shown(completion)
    unstarted = rule.not_started_months
    return all(
        (
            rule.done is None or rule.done == f.done,
            rule.accepted is None or rule.accepted == f.accepted,
            rule.overdue is None or rule.overdue == f.overdue,
            rule.justified is None or rule.justified == f.justified,
            rule.started is None or rule.started == f.started,
            rule.gap_above is None or gap > rule.gap_above,
            rule.gap_at_least is None or gap >= rule.gap_at_least,
            rule.gap_below is None or gap < rule.gap_below,
            rule.gap_at_most is None or gap <= rule.gap_at_most,
            rule.completion_below is None or completion < rule.completion_below,
            rule.completion_at_least is None or completion >= rule.completion_at_least,
            rule.behind_periods is None or f.behind_periods >= rule.behind_periods,
            unstarted is None
            or (
                not f.started
                and f.planned_start is not None
                and add_months(f.planned_start, unstarted) <= f.day
            ),
            rule.made_up is None or rule.made_up == f.made_up,
            rule.since is None or f.day >= rule.since,
            rule.expected_at_least is None or shown(f.expected) >= rule.expected_at_least,
        )
    )


# ---- display: names and colours ------------------------------------------------------------


@frozen
class Shade:
    """One colour as every output draws it."""

    key: str
    name: str
    colour: str  # CSS, "#rrggbb"
    fill: str  # workbook cell fill, "RRGGBB"
    ink: str  # workbook font colour
    bold: bool
    style: str  # terminal (rich) style
    mark: str


# The tool's own presentation of each key (the HTML bulletin's colours, templates/_style.css.j2).
SHADES: dict[str, Shade] = {
    "done": Shade("done", "已完成", "#1d5fa6", "1D5FA6", "FFFFFF", True, "bold blue", "✔"),
    "blue": Shade("blue", "已验收", "#0d47a1", "0D47A1", "FFFFFF", True, "bold blue", "★"),
    "green": Shade("green", "正常推进", "#2e7d32", "E8F5E9", "2E7D32", False, "green", "●"),
    "yellow": Shade("yellow", "轻微滞后", "#c27c0e", "FFF1D0", "7A4C00", False, "yellow", "▲"),
    "orange": Shade(
        "orange", "较大滞后", "#e65100", "FFE0CC", "A33A00", True, "bold dark_orange", "◆"
    ),
    "red": Shade("red", "严重滞后", "#c62828", "FDE7E7", "A31515", True, "bold red", "✖"),
}
PENDING_ACCEPTANCE = "已完成（待验收）"


def custom_shade(base: Shade, style: StateStyle) -> Shade:
    """A shade with the office's name and colour; fills and inks follow from the colour."""
    if style.colour is None:
        return Shade(base.key, style.name or base.name, *_rest(base))
    hex6 = style.colour.lstrip("#").upper()
    tint = _mix(hex6, "FFFFFF", 0.85)
    bold = base.key in ("red", "orange", "done", "blue")
    return Shade(
        base.key,
        style.name or base.name,
        f"#{hex6.lower()}",
        tint,
        _mix(hex6, "000000", 0.25),
        bold,
        f"{'bold ' if bold else ''}#{hex6.lower()}",
        base.mark,
    )


def _rest(base: Shade) -> tuple[str, str, str, bool, str, str]:
    return base.colour, base.fill, base.ink, base.bold, base.style, base.mark


def _mix(hex6: str, other: str, share: float) -> str:
    """``hex6`` moved ``share`` of the way to ``other`` (white for a tint, black for an ink)."""
    out = ""
    for i in (0, 2, 4):
        a, b = int(hex6[i : i + 2], 16), int(other[i : i + 2], 16)
        out += f"{round(a + (b - a) * share):02X}"
    return out


@frozen
class Palette:
    """The colours a rule set can give, in display order, with their names and colours."""

    shades: tuple[Shade, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.shades)

    @property
    def is_default(self) -> bool:
        """Today's four states as the tool always drew them: templates add no CSS of their own."""
        return self.shades == DEFAULT_PALETTE.shades

    def shade(self, key: str) -> Shade:
        return next((s for s in self.shades if s.key == key), SHADES[key])

    def name(self, key: str) -> str:
        return self.shade(key).name


DEFAULT_KEYS = ("done", "green", "yellow", "red")
DEFAULT_PALETTE = Palette(tuple(SHADES[k] for k in DEFAULT_KEYS))
DISPLAY_ORDER = ("blue", "done", "green", "yellow", "orange", "red")


# ---- presets ---------------------------------------------------------------------------------


def _rule(colour: str, **conditions: object) -> ColourRule:
    return ColourRule(colour=colour, **conditions)  # type: ignore[arg-type]


@frozen
class Preset:
    """A named practice: its rules, how groups aggregate, what its colours are called."""

    rules: tuple[ColourRule, ...]
    aggregate: Aggregate
    names: dict[str, str]
    exact: bool = False


def preset(name: str, plan: Plan) -> Preset:
    """The preset ``name`` (see docs/rules.md for the practice each encodes)."""
    if name == "default":
        return Preset(
            (
                _rule("done", name="已完成", done=True),
                _rule("red", name="逾期未完成", overdue=True),
                _rule("green", name="不低于序时进度", gap_at_most=0),
                _rule("yellow", name="落后不到分界", gap_below=plan.thresholds.behind),
                _rule("red", name="落后达到分界"),
            ),
            Aggregate(),
            {},
            exact=True,
        )
    if name == "bands":
        return Preset(
            (
                _rule("done", name="已完成", done=True),
                _rule("red", name="逾期未完成", overdue=True),
                _rule("green", name="落后不到10个百分点", gap_below=10),
                _rule("yellow", name="落后10至30个百分点（含）", gap_at_most=30),
                _rule("red", name="落后超过30个百分点"),
            ),
            Aggregate(),
            {"green": "绿灯", "yellow": "黄灯", "red": "红灯"},
        )
    if name == "five_colour":
        return Preset(
            (
                _rule("blue", name="完工并验收", done=True, accepted=True),
                _rule("done", name="已完成（未验收）", done=True),
                _rule("red", name="逾期未完成", overdue=True),
                _rule("green", name="落后不到10个百分点", gap_below=10),
                _rule("yellow", name="落后10至20个百分点", gap_below=20),
                _rule("orange", name="落后20至30个百分点（含）", gap_at_most=30),
                _rule("red", name="落后超过30个百分点"),
            ),
            Aggregate(),
            {
                "blue": "蓝色（已验收）",
                "green": "绿色",
                "yellow": "黄色",
                "orange": "橙色",
                "red": "红色",
            },
        )
    if name == "monthly":
        return Preset(
            (
                _rule("done", name="已完成", done=True),
                _rule("green", name="达到当期节点", gap_at_most=0),
                _rule("yellow", name="当期未达节点、之后已补齐", made_up=True),
                _rule("red", name="未达到当期节点"),
            ),
            Aggregate(mode="worst"),
            {"green": "绿灯", "yellow": "黄灯", "red": "红灯"},
        )
    return Preset((), Aggregate(), {})  # "none": the office's rules alone


# ---- a rule set ------------------------------------------------------------------------------


@frozen
class RuleSet:
    """The rules in force: (rule, exact) in order, the aggregation, the palette."""

    name: str
    rules: tuple[tuple[ColourRule, bool], ...]
    aggregate: Aggregate
    palette: Palette
    acceptance: bool = False
    floor: dict[Status, Status] = field(default_factory=dict)

    @property
    def needs_history(self) -> bool:
        """Whether a colour depends on earlier period ends (counters, re-colouring)."""
        return any(r.behind_periods is not None or r.made_up is not None for r, _ in self.rules)

    def colour(self, facts: Facts) -> Status:
        for rule, exact in self.rules:
            if matches(rule, facts, exact):
                return Status(rule.colour)
        return Status.GREEN  # a list without a catch-all is reported by check

    def group(self, facts: Facts, members: Sequence[Status]) -> Status:
        """A project's or unit's colour: the worst member's, or the rules on its own figures
        held to the floor its members set ("a red indicator keeps its project yellow")."""
        if self.aggregate.mode == "worst" and members:
            return worst(members)
        colour = self.colour(facts)
        for member in members:
            floor = self.floor.get(member)
            if floor is not None and STATUS_ORDER[colour] > STATUS_ORDER[floor]:
                colour = floor
        return colour


def worst(colours: Iterable[Status]) -> Status:
    return min(colours, key=STATUS_ORDER.__getitem__)


DEFAULT_ACCEPTED = _rule("blue", name="已验收", done=True, accepted=True)


def rule_set(plan: Plan, office: Office | None) -> RuleSet:
    """The office's rules: its own first, then its preset's; the default preset without one."""
    colours = office.colours if office is not None else None
    chosen = preset(colours.preset if colours is not None else "default", plan)
    own = tuple((r, False) for r in (colours.rules if colours is not None else ()))
    rules = own + tuple((r, chosen.exact) for r in chosen.rules)
    acceptance = office is not None and office.acceptance
    if acceptance and not any(r.accepted is not None for r, _ in rules):
        rules = ((DEFAULT_ACCEPTED, False), *rules)
    aggregate = (colours.aggregate if colours is not None else None) or chosen.aggregate
    return RuleSet(
        colours.preset if colours is not None else "default",
        rules,
        aggregate,
        _palette(rules, aggregate, chosen, office),
        acceptance,
        {Status(k): Status(v) for k, v in aggregate.floor.items()},
    )


def _palette(
    rules: tuple[tuple[ColourRule, bool], ...],
    aggregate: Aggregate,
    chosen: Preset,
    office: Office | None,
) -> Palette:
    used = {r.colour for r, _ in rules} | set(aggregate.floor.values())
    names = dict(chosen.names)
    if office is not None and office.acceptance:
        names.setdefault("done", PENDING_ACCEPTANCE)
    styles = office.colours.states if office is not None else {}
    shades = []
    for key in DISPLAY_ORDER if used - set(DEFAULT_KEYS) else DEFAULT_KEYS:
        if key not in used:
            continue
        base = SHADES[key]
        if key in names:
            base = Shade(key, names[key], *_rest(base))
        shades.append(custom_shade(base, styles[key]) if key in styles else base)
    return Palette(tuple(shades))


@frozen
class ColourHistory:
    """颜色历史: each indicator's, checklist item's, project's and unit's colour at every
    period end up to the statistics date, as known at that date (earlier colours revised)."""

    periods: tuple[Period, ...]
    indicators: dict[str, tuple[Status, ...]]
    items: dict[tuple[str, str], tuple[Status, ...]]
    projects: dict[int, tuple[Status, ...]]
    units: dict[str, tuple[Status, ...]]
