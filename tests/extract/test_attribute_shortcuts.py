"""speakers._with_speaker builds the Quote through maker(Quote), not dataclasses.replace: same object."""
from __future__ import annotations

import dataclasses

from factdb.extract.speakers import _with_speaker
from factdb.records import Quote


def test_with_speaker_is_replace():
    assert not hasattr(Quote, "__post_init__")  # the copy skips __init__: nothing else may happen there
    q = Quote(text="We are “united”", start=3, end=18, kind="direct", mention="İmamoğlu", mention_start=0,
              mention_end=8, cue="said")
    for speaker in ("Ekrem İmamoğlu", None):
        new, ref = _with_speaker(q, speaker), dataclasses.replace(q, speaker=speaker)
        assert new == ref and repr(new) == repr(ref) and list(new.__dict__) == list(ref.__dict__)
        assert hash(new) == hash(ref) and dataclasses.asdict(new) == dataclasses.asdict(ref)
    assert _with_speaker(q, None) is q
