"""Admin forms for the content model."""

from wagtail.admin.forms import WagtailAdminPageForm


class ArticlePageForm(WagtailAdminPageForm):
    """Images without alt text block publishing, not saving a draft: the errors go on the
    image field or on the very image block of the body."""

    def clean(self):
        cleaned_data = super().clean()
        # The model's clean() leaves alt text to this form (see ArticlePage.clean).
        self.instance._alt_text_checked = True
        if not self.is_deferred_validation:  # publishing, or submitting for moderation
            fields = {name: cleaned_data[name] for name in (*self.instance.image_fields, "body")
                      if name in cleaned_data}
            for name, error in self.instance.alt_text_errors(fields).items():
                if name in self.fields:
                    self.add_error(name, error)
        return cleaned_data
