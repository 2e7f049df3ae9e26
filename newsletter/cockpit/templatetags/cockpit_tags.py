"""``{% cockpit_alerts %}``: the cockpit's warnings on any admin page (the campaign page)."""

from django import template

from newsletter.sesevents.admin_views import can_view_reports

from ..alerts import all_alerts

register = template.Library()


@register.inclusion_tag("cockpit/alerts.html", takes_context=True)
def cockpit_alerts(context):
    request = context["request"]
    return {"alerts": all_alerts(include_account=can_view_reports(request.user))}
