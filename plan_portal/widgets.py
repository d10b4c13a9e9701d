"""Form widgets shared by the apps' filter forms."""

from __future__ import annotations

import contextlib

from django import forms
from django.core.cache import cache
from django.forms.utils import flatatt
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from plan_portal.versioning import data_version


class FastSelect(forms.Select):
    """A <select> whose options are written in Python rather than through one template each.

    Django renders every <option> with its own template, about 0.1 ms apiece; a filter with
    hundreds of plans or agencies spent most of its page time there. Same HTML, same attributes.
    """

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        if self.allow_multiple_selected:
            return super().render(name, value, attrs, renderer)
        chosen = set(self.format_value(value))
        parts = []
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):  # option groups: rare, keep Django's rendering
                return super().render(name, value, attrs, renderer)
            code = "" if option_value is None else str(option_value)
            selected = " selected" if code in chosen else ""
            chosen.discard(code)  # only the first matching option is selected, as in Django
            parts.append(f'<option value="{escape(code)}"{selected}>{escape(label)}</option>')
        final_attrs = self.build_attrs(self.attrs, attrs)
        return mark_safe(f'<select name="{escape(name)}"{flatatt(final_attrs)}>{"".join(parts)}</select>')  # noqa: S308 - every part escaped above


OPTIONS_SECONDS = 300


def use_cached_choices(fields: dict[str, forms.ChoiceField]) -> None:
    """Give each field's <select> its options from the cache, under the data version.

    The keys name each list and its scope (whose plans); a plan or agency saved changes the
    version, so a list is never older than its rows. Nothing is read until a select is rendered
    (an export builds the same form and shows no options); validation still uses the queryset.
    """
    loaded: dict[str, list[tuple[str, str]]] = {}

    def load() -> None:
        prefix = f"options:{translation.get_language()}:{data_version()}:"
        try:
            found = cache.get_many([prefix + name for name in fields])
        except Exception:  # the cache is down: build the lists from the database
            found = {}
        for name, field in fields.items():
            choices = found.get(prefix + name)
            if choices is None:
                choices = [("" if value == "" else str(value), str(label)) for value, label in field.choices]
                with contextlib.suppress(Exception):  # the cache is down: built again next time
                    cache.set(prefix + name, choices, OPTIONS_SECONDS)
            loaded[name] = choices

    def choices_of(name: str):
        def choices() -> list[tuple[str, str]]:
            if not loaded:
                load()
            return loaded[name]

        return choices

    for name, field in fields.items():
        field.widget.choices = choices_of(name)
