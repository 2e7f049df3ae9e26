"""The demo site: the bioXclusters plus newsletter of January 2017 (../shared/seed/).

``content`` holds the text (copied from the seed), ``images`` draws the pictures
locally with Pillow, and ``loader`` builds or updates the pages, snippets and
settings. ``python manage.py load_demo`` runs the loader.
"""
