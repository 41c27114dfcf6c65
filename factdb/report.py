"""Report data, then renderers."""
from __future__ import annotations


def extraction_text(doc: dict) -> str:
    """A readable summary of one `factdb extract` result."""
    src = doc["source"]
    lines = [f"{src['file']}: {src['title']}",
             f"  published {src['published'] or '?'}  publisher {src['publisher'] or '?'}  author {src['author'] or '?'}"]
    lines.append(f"quotes ({len(doc['quotes'])}):")
    lines += [f"  [{q['kind']}] {q['speaker'] or '?'} ({q['cue'] or '-'}): {q['text']}" for q in doc["quotes"]]
    lines.append(f"claims ({len(doc['claims'])}):")
    lines += [f"  [{c['kind']}] {c['subject']} / {c['property']} = {c['value']}{' ' + c['unit'] if c['unit'] else ''}"
              f"  «{c['evidence']}»" for c in doc["claims"]]
    lines.append(f"dates ({len(doc['dates'])}):")
    lines += [f"  {d['text']!r} = {d['value']}" for d in doc["dates"]]
    return "\n".join(lines)
