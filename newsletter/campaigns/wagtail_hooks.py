"""Wagtail admin integration: audit-log actions, the campaign panel's header button on
issue pages, and the campaign admin views (see views.py)."""

from wagtail import hooks

from .actions import LOG_ACTIONS


@hooks.register("register_log_actions")
def register_campaign_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)
