#!/usr/bin/env python3
"""Django's command-line utility for clusterpost.

Run with any Python 3.11+: when a project virtual environment is needed it is
created in .venv (see cms/bootstrap.py) and the command re-runs inside it.
"""

import os
import sys


def main():
    from cms.bootstrap import ensure_venv

    ensure_venv(sys.argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
