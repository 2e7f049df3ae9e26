"""The email's colours and type, in one place. Contrast is at least 4.5:1 (WCAG AA)
for text on its background."""

FONT = "Helvetica, Arial, sans-serif"
BACKGROUND = "#eef2f4"
SURFACE = "#ffffff"
TEXT = "#1f2933"
MUTED = "#52606d"
HEADING = "#0b3d52"
BRAND = "#00576b"  # header band, section headings
BRAND_TEXT = "#ffffff"
ACCENT = "#b93d0b"  # buttons
LINK = "#00677f"
RULE = "#c9d6dc"
QUOTE_BACKGROUND = "#f0f6f8"
