"""The Voluntary Principles as validated data, and the pages made from it.

Plain Python with no dependency on MkDocs: `load` turns data/*.yaml into the frozen `model`, `site` turns
the model into generated pages through the Jinja templates in `templates/`. The MkDocs hook
(hooks/generate.py) and the macros module (macros.py) are thin adapters around it.
"""
