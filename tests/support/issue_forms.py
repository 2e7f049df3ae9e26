"""The edit form data of an IssuePage, as the admin's editor would post it."""

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield


def issue_form_data(issue, *, sections=None, **fields):
    """Form data reproducing ``issue``; ``fields`` replace its plain fields (title,
    subject, ...), ``sections`` (a list of its StreamField children) its sections."""
    chosen = []
    for section in issue.sections if sections is None else sections:
        value = {"title": section.value["title"]}
        if section.block_type != "about":
            items = section.value["items"]
            value["intro"] = rich_text(section.value["intro"].source if section.value["intro"]
                                       else "")
            value["items"] = {"count": len(items), **{
                str(i): {"value": item.pk, "id": "", "deleted": "", "order": i}
                for i, item in enumerate(items)}}
        chosen.append((section.block_type, value))
    return nested_form_data({
        "title": issue.title, "slug": issue.slug, "issue_date": issue.issue_date.isoformat(),
        "subject": issue.subject, "preheader": issue.preheader,
        "intro": rich_text(issue.intro), "sections": streamfield(chosen), **fields,
    })
