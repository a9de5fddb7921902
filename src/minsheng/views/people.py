"""The people a project names (责任领导, 项目责任人) and units' 联系人, as view data.

Phones are personal: every text here comes in two forms, ``internal`` (with phones, for the
office's own outputs: status, export, the default bulletin) and ``public`` (without them, for
anything made for the public).
"""

from __future__ import annotations

from ..models import Project, Registry
from ..models.dimensions import Person
from ..records import frozen


@frozen
class PersonView:
    name: str
    post: str | None
    role: str | None
    phone: str | None

    def text(self, *, public: bool) -> str:
        """ "张三（副县长）", or with the phone for internal use: "张三（副县长，电话 139…）"."""
        notes = [x for x in (self.post,) if x]
        if not public and self.phone:
            notes.append(f"电话 {self.phone}")
        return self.name + (f"（{'，'.join(notes)}）" if notes else "")

    @property
    def internal(self) -> str:
        return self.text(public=False)

    @property
    def public(self) -> str:
        return self.text(public=True)


def person_view(person: Person) -> PersonView:
    return PersonView(person.name, person.post, person.role, person.phone)


@frozen
class ProjectPeople:
    """A project's leaders (by role) and its responsible person."""

    leaders: tuple[PersonView, ...]
    responsible: PersonView | None

    def text(self, *, public: bool) -> str:
        """ "牵头领导：张三（副县长）；项目责任人：李四（局长，电话 …）"."""
        parts = [
            f"{leader.role or '责任领导'}：{leader.text(public=public)}" for leader in self.leaders
        ]
        if self.responsible is not None:
            parts.append(f"项目责任人：{self.responsible.text(public=public)}")
        return "；".join(parts)

    @property
    def internal(self) -> str:
        return self.text(public=False)

    @property
    def public(self) -> str:
        return self.text(public=True)

    @property
    def leader_names(self) -> str:
        """ "张三（副县长）、王五（县政协副主席）": the leaders without roles or phones."""
        return "、".join(x.public for x in self.leaders)


def people_of(project: Project) -> ProjectPeople | None:
    if not project.leaders and project.responsible is None:
        return None
    return ProjectPeople(
        tuple(person_view(p) for p in project.leaders),
        person_view(project.responsible) if project.responsible is not None else None,
    )


def unit_contact(registry: Registry, unit: str) -> PersonView | None:
    """A unit's 联系人 as registered, or None."""
    for u in registry.units:
        if u.name == unit:
            return person_view(u.contact) if u.contact is not None else None
    return None
