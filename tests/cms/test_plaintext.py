from cms.plaintext import html_to_text


def test_inline_tags_keep_the_spaces_around_them():
    html = '<p>Read <a href="https://example.org/more">more</a> and <strong>now</strong> please.</p>'
    assert html_to_text(html) == "Read more <https://example.org/more> and now please."


def test_paragraphs_lists_and_breaks():
    html = "<p>One</p><p>Two<br>lines</p><ol><li>first</li><li>second</li></ol><ul><li>dot</li></ul>"
    assert html_to_text(html) == "One\n\nTwo\nlines\n\n1. first\n2. second\n\n- dot"


def test_mailto_links_show_only_their_text_and_entities_are_decoded():
    html = '<p>Write to <a href="mailto:ella@example.org">ella@example.org</a> &amp; co.</p>'
    assert html_to_text(html) == "Write to ella@example.org & co."
