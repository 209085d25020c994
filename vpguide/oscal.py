"""The guidance as an OSCAL 1.1 catalog, for governance, risk and compliance tools.

Themes are groups, principles are controls, measures are parts. The catalog is a pure function of the
model: the same data gives the same file, byte for byte (fixed UUIDs, `last-modified` from the changelog).

- Group: `id` the theme id, `title` its official heading, an `overview` part with this site's summary.
- Control: `id` `p1` to `p11`, `title` this site's short title, props `label` (`P1`) and `sort-id`
  (`p01`); a `statement` part (`p1_smt`), the official statement, and a `guidance` part (`p1_gdn`), the
  official context, both word for word; links `related` to the related principles.
- Measure: a `guidance` part of the principle it mainly serves, `id` the measure id (`P1-03`), `class` its
  tier (`baseline` or `enhanced`), props `label` (`P1-03`) and `sort-id` (`p01-03`); its prose is what to
  do, then why, how, the evidence to keep and the notes per service type. Links: `alternate` to the
  measure on the combined checklist, then on the checklist of each service type it applies to (the link
  text names the service type); `related` to the other principles it serves; `reference` to what it cites.

The tier for each service type is in the text of the measure's `alternate` link to that service type's
checklist ("Livestreaming: baseline"), since a tier can differ by service type. Only names, props and
classes that OSCAL defines are used: a prop of our own would need a namespace (`ns`) at an address of the
site's, which is not fixed before deployment.
"""

from __future__ import annotations

import datetime
import json
import re
import uuid

from . import addresses as a
from .model import Measure, Model, Principle, Theme

CATALOG = a.OSCAL_CATALOG
OSCAL_VERSION = "1.1.2"
# Fixed for good: every UUID in the catalog is derived from it, so they never change between builds.
NAMESPACE = uuid.UUID("332f867e-db51-4b01-883a-4bdce6818885")
# Where the site's root is, seen from the catalog, when the site's address is not known: a relative
# `href` resolves against the document that contains it.
SITE_ROOT_FROM_CATALOG = "../../"


def stable_uuid(name: str) -> str:
    """A UUID (version 5) that depends only on `name`."""
    return str(uuid.uuid5(NAMESPACE, name))


def control_id(number: int) -> str:
    return f"p{number}"


def _site(site_url: str) -> str:
    return site_url or SITE_ROOT_FROM_CATALOG


def _sort_id(measure_id: str) -> str:
    """`P1-03` -> `p01-03`, so that P2 sorts before P10."""
    number, serial = re.fullmatch(r"P(\d+)-(\d+)", measure_id).groups()
    return f"p{int(number):02d}-{serial}"


def _prop(name: str, value: str) -> dict:
    return {"name": name, "value": value}


def _prose(model: Model, m: Measure) -> str:
    blocks = [m.what, f"**Why.** {m.why}", "**How.**", m.how, "**Evidence to keep**"]
    blocks.append("\n".join(f"- {e}" for e in m.evidence))
    for service_id, note in m.service_notes:
        blocks.append(f"**For {model.service_type(service_id).name.lower()}.** {note}")
    return "\n\n".join(blocks)


def _measure(model: Model, m: Measure, site_url: str) -> dict:
    site = _site(site_url)
    links = [
        {
            "href": a.permalink(site, a.COMBINED_CHECKLIST, m.id),
            "rel": "alternate",
            "media-type": "text/html",
            "text": f"{m.id} on the combined checklist",
        }
    ]
    links += [
        {
            "href": a.measure_permalink(site, s, m.id),
            "rel": "alternate",
            "media-type": "text/html",
            "text": f"{model.service_type(s).name}: {m.tier_for(s)}",
        }
        for s in m.service_types
    ]
    links += [{"href": f"#{control_id(n)}", "rel": "related"} for n in m.principles[1:]]
    links += [
        {"href": model.reference(r).url, "rel": "reference", "text": model.reference(r).name}
        for r in m.references
    ]
    return {
        "id": m.id,
        "name": "guidance",
        "class": m.tier,
        "title": m.title,
        "props": [_prop("label", m.id), _prop("sort-id", _sort_id(m.id))],
        "prose": _prose(model, m),
        "links": links,
    }


def _control(model: Model, p: Principle, site_url: str) -> dict:
    cid = control_id(p.number)
    parts = [
        {"id": f"{cid}_smt", "name": "statement", "prose": p.statement},
        {"id": f"{cid}_gdn", "name": "guidance", "title": "Context", "prose": p.context},
    ]
    parts += [
        _measure(model, m, site_url)
        for m in model.measures_for(principle=p.number)
        if m.principles[0] == p.number
    ]
    links = [
        {
            "href": a.permalink(_site(site_url), a.principle_uri(p.number)),
            "rel": "alternate",
            "media-type": "text/html",
            "text": f"Principle {p.number}",
        }
    ]
    links += [{"href": f"#{control_id(n)}", "rel": "related"} for n in p.related]
    return {
        "id": cid,
        "title": p.title,
        "props": [_prop("label", f"P{p.number}"), _prop("sort-id", f"p{p.number:02d}")],
        "links": links,
        "parts": parts,
    }


def _group(model: Model, theme: Theme, site_url: str) -> dict:
    return {
        "id": theme.id,
        "title": theme.heading,
        "parts": [
            {"id": f"{theme.id}_ovw", "name": "overview", "title": theme.title, "prose": theme.summary}
        ],
        "controls": [_control(model, p, site_url) for p in model.principles_of(theme.id)],
    }


def _remarks(model: Model) -> str:
    return "\n\n".join(
        [
            "Each control is a principle. Its `statement` part and its `guidance` part titled Context are "
            "the official text, word for word. Every other part is this site's guidance, not part of the "
            "official text and not legal advice: the groups' overviews, the controls' titles, and the "
            "implementation measures, one `guidance` part each, identified by the measure id (`id` and "
            "`label`), with the tier as `class` (`baseline` for every provider of that kind, `enhanced` for "
            "higher-risk or larger services), links `alternate` to the measure on the combined checklist and "
            "on the checklist of each service type it applies to, and links `reference` to what it cites.",
            model.publication.attribution,
        ]
    )


def catalog(model: Model, site_url: str = "") -> dict:
    """The OSCAL catalog document (with its root key, `catalog`) for `model`."""
    date = model.versions[0].date if model.versions else model.publication.launched
    pub = model.publication
    published = datetime.date.fromisoformat(pub.date[:7] + "-01").strftime("%B %Y")
    metadata = {
        "title": f"{pub.title}: principles and implementation checklists",
        "last-modified": f"{date}T00:00:00Z",
        "version": model.version,
        "oscal-version": OSCAL_VERSION,
        "links": [
            {"href": _site(site_url), "rel": "alternate", "media-type": "text/html", "text": "This site"},
            *({"href": s.url, "rel": "reference", "text": s.title} for s in pub.sources),
        ],
        "parties": [
            {
                "uuid": stable_uuid(f"party:{government}"),
                "type": "organization",
                "name": government,
                "remarks": f"Its government is one of the {len(pub.governments)} that published the "
                f"{pub.short_title} in {published}.",
            }
            for government in pub.governments
        ],
        "remarks": _remarks(model),
    }
    return {
        "catalog": {
            # A catalog's UUID changes when the document is revised: one per version of the data.
            "uuid": stable_uuid(f"catalog:{model.version}"),
            "metadata": metadata,
            "groups": [_group(model, t, site_url) for t in model.themes],
        }
    }


def catalog_json(model: Model, site_url: str = "") -> str:
    return json.dumps(catalog(model, site_url), ensure_ascii=False, indent=2) + "\n"
