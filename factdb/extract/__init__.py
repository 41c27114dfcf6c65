"""Extractors: pure functions from an Article to dataclasses with spans, one module per kind."""
from __future__ import annotations

import dataclasses


def maker(cls):
    """A function that takes what `cls(...)` takes and returns an equal object (same fields, in the same order
    in its __dict__), in half the time, for the records an article makes by the dozen. A frozen dataclass's
    __init__ sets each field through object.__setattr__; this one fills the new object's __dict__ directly.
    Only for frozen dataclasses without __post_init__, slots, default factories or keyword-only fields.
    (The function is generated, as dataclasses generates __init__.)"""
    fields = dataclasses.fields(cls)
    if hasattr(cls, "__post_init__") or hasattr(cls, "__slots__") or not cls.__dataclass_params__.frozen \
            or any(f.default_factory is not dataclasses.MISSING or not f.init or f.kw_only for f in fields):
        raise TypeError(f"maker: {cls.__name__} is not a plain frozen dataclass")
    defaults = {f"_{f.name}": f.default for f in fields if f.default is not dataclasses.MISSING}
    params = ", ".join(f.name if f"_{f.name}" not in defaults else f"{f.name}=_{f.name}" for f in fields)
    body = "".join(f"    d[{f.name!r}] = {f.name}\n" for f in fields)
    namespace = {"_new": object.__new__, "_cls": cls, **defaults}
    exec(f"def make_{cls.__name__}({params}):\n"
         f"    obj = _new(_cls)\n    d = obj.__dict__\n{body}    return obj\n", namespace)
    return namespace[f"make_{cls.__name__}"]
