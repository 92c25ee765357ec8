"""A browser without JavaScript, for the public-page tests: read a page's forms as HTML says, fill them,
and send them as the browser would (with the CSRF check on, the hidden fields as written, the action and
method of the form). Nothing runs but HTML."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)  # every control's name (buttons and radios included)


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", ""), a.get("method", "get").lower()))
        elif not self.forms:
            return
        elif tag in ("input", "select", "button") and a.get("name"):
            form, name = self.forms[-1], a["name"]
            form.names.add(name)
            kind = a.get("type", "text").lower()
            if tag == "input" and (kind in ("hidden", "text", "email", "tel", "date") or "checked" in a):
                form.fields[name] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self.forms[-1].names.add(a["name"])
            self._textarea = a["name"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None


def forms_of(html: str) -> list[Form]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def submit(client, page_url: str, response, index: int = 0, **values: str):
    """Send form `index` of `response` (a page at `page_url`) with `values` typed in."""
    form = forms_of(response.content.decode())[index]
    unknown = set(values) - form.names
    assert not unknown, f"the form has no field {unknown}"
    data = form.fields | values
    url = form.action or page_url
    return client.post(url, data) if form.method == "post" else client.get(url, data)
