"""The ECCP sanitiser keeps only p, h2, h3, ul, ol, li, a, strong, em and blockquote."""

import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from feeds.eccp.sanitise import ECCP_TAGS, eccp_html


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs = set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs += [(tag, name, value) for name, value in attrs]


def parse(html):
    collector = _Collector()
    collector.feed(html)
    return collector


def test_scripts_and_styles_go_with_their_content():
    out = eccp_html('<p>Hi</p><script>alert("x")</script><style>p{color:red}</style>'
                    '<noscript>no</noscript><p>there</p>')
    assert out == "<p>Hi</p><p>there</p>"


def test_event_handlers_style_and_class_attributes_are_stripped():
    out = eccp_html('<p style="color:red" onclick="steal()" class="lead" id="x">'
                    '<a href="https://example.org/" onmouseover="steal()" style="x" '
                    'target="_blank" rel="opener">link</a></p>')
    assert out == '<p><a href="https://example.org/">link</a></p>'


def test_images_iframes_and_figures_are_removed():
    out = eccp_html('<p>Before<img src="/media/a.png" alt="A" onerror="x()"></p>'
                    '<figure><img src="/b.png"><figcaption>Caption</figcaption></figure>'
                    '<iframe src="https://tracker.example/"></iframe><p>After</p>')
    assert out == "<p>Before</p><p>After</p>"


def test_dangerous_and_relative_links():
    out = eccp_html('<p><a href="javascript:alert(1)">js</a> <a href="data:text/html,x">d</a> '
                    '<a href="/news/x/">rel</a> <a href="#top">top</a> '
                    '<a href="mailto:info@example.org">mail</a></p>')
    assert out == ('<p>js d <a href="http://testserver/news/x/">rel</a> top '
                   '<a href="mailto:info@example.org">mail</a></p>')


def test_formatting_is_kept_in_the_allowed_tags():
    out = eccp_html("<h4>Sub</h4><p><b>bold</b> <i>it</i> <span>s</span> <u>u</u></p>"
                    "<div><ul><li>one</li></ul><ol><li>two</li></ol></div>"
                    "<blockquote>q</blockquote><h2>H2</h2><h3>H3</h3>")
    assert out == ("<h3>Sub</h3><p><strong>bold</strong> <em>it</em> s u</p>"
                   "<ul><li>one</li></ul><ol><li>two</li></ol>"
                   "<blockquote>q</blockquote><h2>H2</h2><h3>H3</h3>")


_TAGS = ["p", "a", "img", "script", "style", "div", "span", "b", "i", "h1", "h4", "iframe",
         "svg", "li", "ul", "table", "strong", "em", "blockquote"]
_ATTRS = ['onclick="x()"', 'style="color:red"', 'href="javascript:x()"', 'src="/a.png"',
          'href="/rel"', "onerror=x()", 'class="c"', 'href="https://ok.example/"']


@st.composite
def html_soup(draw):
    parts = []
    for _ in range(draw(st.integers(1, 12))):
        tag = draw(st.sampled_from(_TAGS))
        attrs = " ".join(draw(st.lists(st.sampled_from(_ATTRS), max_size=3)))
        text = draw(st.text(alphabet="ab <>&\"'=/", max_size=8))
        parts.append(f"<{tag} {attrs}>{text}</{tag}>" if draw(st.booleans())
                     else f"<{tag} {attrs}>{text}")
    return "".join(parts)


@settings(max_examples=200, deadline=None)
@given(html_soup())
def test_output_never_holds_anything_but_the_allowed_subset(soup):
    out = eccp_html(soup)
    parsed = parse(out)
    assert parsed.tags <= ECCP_TAGS
    for tag, name, value in parsed.attrs:
        assert (tag, name) == ("a", "href")
        assert re.match(r"^(https?://|mailto:)", value)
    assert "javascript:" not in out.lower()
    assert eccp_html(out) == out  # stable: sanitising twice changes nothing
