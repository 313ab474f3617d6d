"""User-facing messages as data: an English template plus its values.

The model layer is Qt-free, so it cannot translate; it says what happened as a
``Message("the name '{name}' is already used", name=name)``. A Message *is* the formatted
English text (a ``str``), so logs, the command line, ``--json`` output and code that compares or
searches the text keep working unchanged; the view reads ``.template`` and ``.args`` and
translates the template (Qt context ``model``, ``explorer.view.i18n.tr_message``).
``tools/extract_model_messages.py`` collects every ``Message("...")`` literal for the .ts file.

Values that are messages themselves (a wrapped error) stay Messages, so they are translated in
turn; an exception given as a value contributes its message. Every other value is kept as the
text it prints as: names and numbers are never translated.

``str(message)`` returns the Message itself, not a plain copy, so
``str(SomeError(message))`` and ``f"{message}"`` still carry the template to the view.
"""
from __future__ import annotations

from typing import Any


class Message(str):
    """English text that remembers the template and values it was made from."""

    template: str
    args: dict[str, Any]

    def __new__(cls, template: str, /, **args: Any) -> "Message":
        values = {name: _value(v) for name, v in args.items()}
        self = super().__new__(cls, template.format(**values))
        self.template = template
        self.args = values
        return self

    def __str__(self) -> "Message":
        # str() of a str subclass would make a plain copy and lose the template; exceptions
        # (BaseException.__str__ calls str(args[0])) and f"{message}" go through here.
        return self

    def __repr__(self) -> str:
        return f"Message({self.template!r}{''.join(f', {k}={v!r}' for k, v in self.args.items())})"

    def __reduce__(self) -> tuple:
        # a str subclass with extra state: pickled (a run in a worker process) as its parts
        return (_rebuild, (self.template, self.args))


def _rebuild(template: str, args: dict[str, Any]) -> Message:
    return Message(template, **args)


def _value(value: Any) -> Any:
    """A placeholder's value: a Message as is, anything else as the text it prints as."""
    if isinstance(value, Message):
        return value
    if isinstance(value, str):
        return str.__str__(value)   # a plain str (a str subclass other than Message is copied)
    if isinstance(value, BaseException):
        return message_of(value)
    if isinstance(value, (int, float)):
        return format(value, "")
    text = value.__str__()          # an object whose __str__ returns a Message keeps it
    return text if isinstance(text, Message) else format(value, "")


def message_of(value: Any) -> str:
    """The Message an error (or any object) carries, else its plain text.

    An exception's Message is found in its text (``__str__``), its first argument or its
    ``message`` attribute, whichever gives the whole text the exception prints: a frame the
    exception's ``__str__`` adds ("line 3, column 1: ...") is not dropped."""
    if isinstance(value, Message):
        return value
    if value is None:
        return ""
    if isinstance(value, str):
        return str.__str__(value)
    text = value.__str__()
    if isinstance(text, Message) or not isinstance(value, BaseException):
        return text
    for candidate in (*value.args[:1], value.__dict__.get("message")):
        if isinstance(candidate, Message) and candidate == text:
            return candidate
    return text
