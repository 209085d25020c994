"""The Voluntary Principles as validated data, and the site made from it (ARCHITECTURE.md).

Plain Python that imports neither generator: `load` turns data/*.yaml into the frozen `model`, `site` turns
the model into pages through the Jinja templates in `templates/`, `render` writes what a generator builds,
`csp` finishes the built pages. Nothing is imported here: the generators load `vpguide.mdext` alone.
"""
