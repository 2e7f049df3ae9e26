"""The demo content: the bioXclusters plus newsletter of January 2017.

The wording is the seed's (../shared/seed/bioxclusters-plus-newsletter-2017-01.txt);
only line-break hyphenation and the PDF's page-continuation marks were removed.
Editorial fixes, all of them deliberate:

- the Barcelona workshop (3–6 April) and the clinical-trials webinar (24 January) say
  2016 in the seed's "Upcoming" section of a January 2017 issue: they are 2017;
- the stray "in the fields of biotechnology, pharmacy and medical science." pasted
  after the Barcelona sentence (a layout leftover from the CBF paragraph) is dropped;
- "opporunities" in the trade mission's photo caption is spelt "opportunities";
- "More information here." links, whose targets the seed does not give, point to the
  related page on this site or to a clearly fictitious bioxclusters.example address.

Everything the seed does not say (exact signing days, webinar end time, summaries,
outcome lines, the postal address) is marked ``# demo:`` where it is set.

Rich text may link to other demo pages with ``href="page:<index slug>/<slug>"``; the
loader turns those into Wagtail page links.
"""

from datetime import date, datetime, time

DEMO_SITE = "https://bioxclusters.example"

# --- images: key -> how to draw it and what it shows ------------------------------------
# ``alt`` is the image description (alt text); ``caption`` the seed's photo caption.
IMAGES = {
    "logo": dict(
        title="bioXclusters plus logo (demo)", text="bioXclusters plus",
        alt="bioXclusters plus", credit="bioXclusters plus", palette="brand", size=(800, 240)),
    "interview": dict(
        title="José Freitas, DG GROW (demo illustration)", text="Interview · José Freitas",
        alt="Illustration for the interview with José Freitas, Policy Officer at the "
            "European Commission's DG for Internal Market, Industry, Entrepreneurship and SMEs",
        credit="Illustration: clusterpost demo", palette="blue"),
    "collaboration_platform": dict(
        title="Collaboration Platform (demo illustration)", text="Collaboration Platform",
        alt="Illustration of connected nodes for the bioXclusters plus Collaboration Platform",
        credit="Illustration: clusterpost demo", palette="teal"),
    "bio_europe": dict(
        title="EU-Japan Cluster Matchmaking at BIO-Europe 2016 (demo illustration)",
        text="EU-Japan Cluster Matchmaking · Cologne",
        alt="Illustration for the EU-Japan Cluster Matchmaking Event at BIO-Europe 2016 "
            "in Cologne",
        credit="Illustration: clusterpost demo", palette="violet"),
    "osaka_mission": dict(
        title="Trade Mission to Japan 2016 (demo illustration)",
        text="Working together for partnerships and opportunities",
        alt="Illustration for the trade mission to Osaka and BioJapan 2016",
        caption="Working together for partnerships and opportunities.",
        credit="Illustration: clusterpost demo", palette="red"),
    "mind_the_byte": dict(
        title="Mind the Byte in Tokyo (demo illustration)", text="Mind the Byte · Tokyo",
        alt="Illustration standing in for the photo of the ACCIÓ Tokyo-Catalonia Trade & "
            "Investment Team with Yuko Kijimoto and Alfons Nonell-Canals",
        caption="ACCIÓ Tokyo-Catalonia Trade & Investment Team. 2nd from left: Yuko "
                "Kijimoto (Director ACCIÓ Tokyo-Catalonia Trade & Investment). 3rd from "
                "left: Alfons Nonell-Canals CEO and Founder of Mind the Byte, Catalonian "
                "Bioinformatics company).",
        credit="Illustration: clusterpost demo", palette="orange"),
    "leukocare": dict(
        title="LEUKOCARE AG (demo illustration)", text="LEUKOCARE AG · Martinsried",
        alt="Illustration for the LEUKOCARE AG success story",
        credit="Illustration: clusterpost demo", palette="green"),
    "medigene": dict(
        title="Medigene AG (demo illustration)", text="Medigene AG · Osaka",
        alt="Illustration for the Medigene AG success story",
        credit="Illustration: clusterpost demo", palette="blue"),
    "adelaide": dict(
        title="Agreement with BioSA and Health Industries South Australia (demo illustration)",
        text="bioXclusters plus · Adelaide",
        alt="Illustration standing in for the photo of the cluster leaders and Marco "
            "Baccanti at the signing of the agreement with South Australia",
        caption="From left to right: Florence Agostino (Lyonbiopole Managing Director), "
                "Fabrizio Conicella (Vice President bioPmed cluster), Dr. Albert Barberá "
                "(Director General - CEO at Biocat, BioRegion of Catalonia), Marco Baccanti "
                "(Health Industries South Australia Chief Executive), Prof. Dr. Horst "
                "Domdey (Managing Director, BioM).",
        credit="Illustration: clusterpost demo", palette="teal"),
    "korea": dict(
        title="Agreement with the Chuncheon Bioindustry Foundation (demo illustration)",
        text="bioXclusters plus · Chuncheon",
        alt="Illustration for the cooperation agreement with the Chuncheon Bioindustry "
            "Foundation, South Korea",
        credit="Illustration: clusterpost demo", palette="violet"),
    "osaka_mou": dict(
        title="MoU with Osaka Bio Headquarters (demo illustration)",
        text="bioXclusters plus · Osaka",
        alt="Illustration for the memorandum of understanding with Osaka Bio Headquarters",
        credit="Illustration: clusterpost demo", palette="red"),
    "toronto": dict(
        title="Toronto Health Innovation Week (demo illustration)",
        text="Toronto Health Innovation Week",
        alt="Illustration for Toronto Health Innovation Week, 3 to 7 April 2017",
        credit="Illustration: clusterpost demo", palette="blue"),
    "webinar": dict(
        title="Marco Baccanti (demo illustration)", text="Clinical Trials Webinar",
        alt="Illustration standing in for the portrait of Marco Baccanti, Health "
            "Industries South Australia Chief Executive",
        caption="Marco Baccanti, Health Industries South Australia Chief Executive.",
        credit="Illustration: clusterpost demo", palette="green"),
    "barcelona": dict(
        title="BIO-Europe Spring 2017, Barcelona (demo illustration)",
        text="Canada-Europe Cluster Matchmaking · Barcelona",
        alt="Illustration for the Canada-Europe cluster matchmaking at BIO-Europe Spring "
            "2017 in Barcelona",
        credit="Illustration: clusterpost demo", palette="orange"),
    "new_mous": dict(
        title="New MoUs to be signed (demo illustration)", text="New MoUs in 2017",
        alt="Illustration for the memoranda of understanding planned for 2017",
        credit="Illustration: clusterpost demo", palette="teal"),
}
for _key, _name in (("lyonbiopole", "Lyonbiopole"), ("biocat", "Biocat"), ("biom", "BioM"),
                    ("biopmed", "bioPmed")):
    IMAGES[f"logo_{_key}"] = dict(title=f"{_name} logo (demo)", text=_name,
                                  alt=f"{_name} logo", credit=_name, palette="brand",
                                  size=(600, 300))

# --- the partnership ------------------------------------------------------------------
PARTNERSHIP = dict(
    name="bioXclusters plus",
    tagline="Four European life-science clusters going international together",  # demo:
    logo="logo",
    about=(
        "<p>The bioXclusters plus internationalisation project is the continuation of the "
        "bioXclusters alliance (2012 to 2013). The project is jointly promoted by four leading "
        "European life sciences and healthcare clusters: Lyonbiopole (Auvergne-Rhône-Alpes), "
        "Biocat (Catalonia), BioM (Bavaria) and bioPmed (Piemonte).</p>"
        "<p>The alliance aims to become the most competitive meta-cluster in Europe, capable "
        "of addressing health-related challenges and promoting the growth of SMEs in the "
        "sector, with particular emphasis on personalised medicine as a tool for responding "
        "to the future of global health over the next few years.</p>"
        "<p>Improving the international position, strengthening relationships with already "
        "explored markets (USA, China and Brazil), opening new markets (Japan, Australia and "
        "others), providing customised tools for promoting the internationalisation of "
        "companies, identifying areas of technological exchange and collaboration with other "
        "bioregions are the main areas of action that bioXclusters plus is involved in.</p>"
        "<p>bioXclusters plus receives funds from the European Union programme’s "
        "Competitiveness of Enterprises and Small and Medium-sized Enterprises (COSME). The "
        "alliance represents 3,300 European SMEs operating in the area of personalised "
        "healthcare. It also represents 200 large companies in the biotechnology and "
        "pharmaceutical sectors. It brings together 23,000 researchers in the public sector "
        "and more than 358,000 job positions in both the private and public sectors.</p>"
        f'<p><a href="{DEMO_SITE}/about">More information here.</a></p>'
    ),
    funding_disclaimer=(
        "The content of this Newsletter represents the views of the author only and is "
        "his/her sole responsibility; it cannot be considered to reflect the views of the "
        "Executive Agency for Small and Medium-sized Enterprises or any other body of the "
        "European Union. The European Commission and the Agency do not accept any "
        "responsibility for use that may be made of the information it contains."
    ),
    # demo: a fictitious address, clearly marked as such.
    postal_address="bioXclusters plus (demo address)\nc/o Demo Cluster Office\n"
                   "1 Example Street\n69007 Lyon\nFrance",
    sender_name="bioXclusters plus",
    sender_email="newsletter@bioxclusters.example",
    social_links=[("Website", DEMO_SITE), ("LinkedIn", f"{DEMO_SITE}/linkedin")],
    welcome_enabled=True,
    welcome_subject="Welcome to the bioXclusters plus newsletter",
    welcome_text=(
        "<p>Thank you for confirming your subscription. About once a month you will hear "
        "from four European life-science clusters, Lyonbiopole, Biocat, BioM and bioPmed, "
        "about their work to take SMEs to international markets.</p>"
        "<p>Each issue brings interviews with entrepreneurs, SME success stories, news from "
        "our gateways in Japan, Canada and the USA, and the trade fairs and missions "
        "coming up.</p>"
        "<p>If you have news to share, simply reply to this email.</p>"
    ),
)

MEMBER_CLUSTERS = [
    dict(name="Lyonbiopole", region="Auvergne-Rhône-Alpes", country="FR",
         url="https://www.lyonbiopole.com/", logo="logo_lyonbiopole"),
    dict(name="Biocat", region="Catalonia", country="ES", url="https://www.biocat.cat/",
         logo="logo_biocat"),
    dict(name="BioM", region="Bavaria", country="DE", url="https://www.bio-m.org/",
         logo="logo_biom"),
    dict(name="bioPmed", region="Piemonte", country="IT", url="https://www.biopmed.eu/",
         logo="logo_biopmed"),
]

SME_TOOLS_INTRO = (
    "<p>To support international development, bioXclusters plus offers its SMEs and cluster "
    "partners a range of tools including an e-learning platform, an online language system "
    "and a handbook of recommendations.</p>"
)

SME_TOOLS = [
    dict(name="eLSI platform", url=f"{DEMO_SITE}/elsi", description=(
        "For a company in the early stages of its internationalisation strategy, the eLSI "
        "platform is invaluable. This e-learning platform provides companies with key "
        "information for successful market entry into eight strategic life science markets: "
        "Australia, Brazil, China, India, Japan, South Korea, The Middle East and USA. The "
        "platform contains market reports, interviews with experts, information on key "
        "country players, regulatory needs, tips on how to negotiate and much more.")),
    dict(name="EasySpeak", url=f"{DEMO_SITE}/easyspeak", description=(
        "EasySpeak is an online communication tool developed specifically for life science "
        "and healthcare companies who wish to expand internationally. Financed by the EU as "
        "part of the Erasmus+ programme, it allows users to read and listen to a broad "
        "selection of words and phrases needed for everyday communication in business abroad "
        "with life science specific glossaries.")),
    dict(name="Handbook of recommendations", url=f"{DEMO_SITE}/handbook", description=(
        "SMEs can also access the Handbook of recommendations for internationalisation and "
        "best practices, a comprehensive guide to help SMEs successfully expand into new "
        "geographical markets. Created by the 4 bioXclusters partners in conjunction with the "
        "ERAI agency between 2012 and 2013, this manual pools together key learnings from the "
        "1st bioXclusters initiative. With a particular focus on Brazil, China and the United "
        "States, this essential manual contains advice and knowledge that are paramount to "
        "successful SME expansion.")),
    dict(name="Country reports", url=f"{DEMO_SITE}/country-reports", description=(
        "In addition to the information published in the Handbook, bioXclusters plus is "
        "preparing a series of country reports on its strategically defined markets that can "
        "be found on the bioXclusters plus website.")),
]

# --- index pages (children of the home page): slug -> (class name, title, intro) ---------
INDEXES = {
    "newsletters": ("IssueIndexPage", "Newsletters",
                    "<p>Every issue of the bioXclusters plus newsletter.</p>"),
    "interviews": ("InterviewIndexPage", "Interviews", ""),
    "success-stories": ("SuccessStoryIndexPage", "SME success stories", ""),
    "gateways": ("GatewayNewsIndexPage", "International gateways", ""),
    "news": ("ActivityNewsIndexPage", "News about our activities", ""),
    "events": ("EventIndexPage", "Events", ""),
}


def _at(y, m, d, hh=9, mm=0):
    """A publication moment (Brussels time) for first/last_published_at."""
    from zoneinfo import ZoneInfo

    return datetime(y, m, d, hh, mm, tzinfo=ZoneInfo("Europe/Brussels"))


# --- events -----------------------------------------------------------------------------
# Every page dict: slug, title, summary, published (first), updated (last), image, body,
# plus its type's own fields. Body items: ("p", html) | ("h", text) | ("qa", q, html)
# | ("quote", text, attribution) | ("image", key, caption).
EVENTS = [
    dict(
        slug="eu-japan-cluster-matchmaking-bio-europe-2016",
        title="EU-Japan Cluster Matchmaking Event at BIO-Europe 2016",
        event_kind="matchmaking",
        start_date=date(2016, 11, 8), start_time=None, end_date=None, end_time=None,
        timezone="Europe/Berlin", venue="Koelnmesse", city="Cologne", country="DE",
        organiser="bioXclusters plus with the Council of European BioRegions (CEBR)",
        audience=["SMEs", "Cluster organisations", "Large companies"],
        summary="A Cluster-to-Cluster workshop and networking session for European and "
                "Japanese clusters under the framework of BIO-Europe 2016 in Cologne.",
        image="bio_europe", countries=["DE", "JP"],
        published=_at(2016, 10, 3), updated=_at(2016, 11, 2),
        body=[("p", "<p>Under the framework of BIO-Europe 2016 in Cologne, on 8 November, "
                    "bioXclusters plus organises a Cluster-to-Cluster workshop and a networking "
                    "session for representatives from European and Japanese clusters, in "
                    "collaboration with the Council of European BioRegions (CEBR) and with the "
                    "kind support of the EBD Group and the EU-Japan Centre.</p>")],
    ),
    dict(
        slug="trade-mission-japan-osaka-biojapan-2016",
        title="Trade Mission to Japan, Osaka and BioJapan 2016",
        event_kind="trade_mission",
        start_date=date(2016, 10, 10), start_time=None, end_date=date(2016, 10, 13),
        end_time=None, timezone="Asia/Tokyo", venue="Senri Life Science Center",
        city="Osaka", country="JP",
        organiser="bioXclusters plus and the EU-Japan Centre",
        audience=["SMEs", "Cluster organisations"],
        summary="A joint mission to Osaka and Yokohama: industry conferences, the European "
                "Biotech & Pharma Partnering Conference in Osaka and BioJapan 2016.",
        image="osaka_mission", countries=["JP"],
        published=_at(2016, 9, 1), updated=_at(2016, 10, 1),
        body=[("p", "<p>A joint mission to Osaka and Yokohama organised by bioXclusters plus "
                    "and the EU-Japan Centre: industry conferences on 10 and 11 October, the "
                    "European Biotech &amp; Pharma Partnering Conference at the Senri-Life "
                    "Science Center in Osaka on 11 October, co-organised by Osaka Bio "
                    "Headquarters and bioXclusters plus, then BioJapan 2016 and the Bio "
                    "Cluster summit of the Japan Bioindustry Association (JBA) on "
                    "13 October.</p>")],
    ),
    dict(
        slug="canada-europe-cluster-matchmaking-bio-europe-spring-2017",
        title="Canada cluster matchmaking event in BES 2017, Barcelona",
        event_kind="matchmaking",
        start_date=date(2017, 4, 3), start_time=None, end_date=date(2017, 4, 6),
        end_time=None, timezone="Europe/Madrid", venue="", city="Barcelona", country="ES",
        organiser="bioXclusters plus",
        audience=["SMEs", "Cluster organisations"],
        registration_url=f"{DEMO_SITE}/events/canada-europe-bes-2017",
        summary="A Canada-Europe Cluster to Cluster workshop about regenerative medicine "
                "during the BIO-Europe Spring convention 2017 in Barcelona, 3–6 April 2017.",
        image="barcelona", countries=["ES", "CA"], emerging_industries=["Biopharmaceuticals"],
        published=_at(2017, 1, 9), updated=_at(2017, 1, 12),
        body=[("p", "<p>Cluster representatives and SMEs are invited to join the upcoming "
                    "Canada-Europe Cluster to Cluster workshop about regenerative medicine, "
                    "that will take place during the BIO-Europe Spring convention 2017, in "
                    "Barcelona (3–6 April, 2017).</p>")],
    ),
    dict(
        slug="toronto-health-innovation-week-2017",
        title="Toronto Health Innovation Week",
        event_kind="conference",
        start_date=date(2017, 4, 3), start_time=None, end_date=date(2017, 4, 7),
        end_time=None, timezone="America/Toronto", venue="", city="Toronto", country="CA",
        organiser="TO Health!",
        audience=["SMEs", "Cluster organisations", "Investors", "Large companies"],
        contact="Ella Korets-Smith, Executive Director, TO Health! "
                "<ella.korets-smith@tohealth.ca>",
        registration_url="http://www.tohealth.ca",
        summary="The first-ever Toronto Health Innovation Week, organised by TO Health!, "
                "3–7 April 2017: early-stage investors, global companies and innovative CEOs "
                "doing business in the healthcare sector.",
        image="toronto", countries=["CA"],
        published=_at(2017, 1, 10), updated=_at(2017, 1, 12),
        body=[("p", "<p>Running from 3-7 April 2017, it will host hundreds of early-stage "
                    "investors, global companies, innovative CEOs, ecosystem support players "
                    "and policymakers, focused on doing business in the healthcare sector. "
                    "This will be an opportunity to discover investors, healthcare customers "
                    "or industry partners at Toronto.</p>"),
              ("p", "<p>If your cluster organisation would like to organise a delegation to "
                    "attend the event 3-7 April 2017, please contact Ella Korets-Smith, "
                    "Executive Director, TO Health! at "
                    '<a href="mailto:ella.korets-smith@tohealth.ca">'
                    "ella.korets-smith@tohealth.ca</a>.</p>")],
    ),
    dict(
        slug="clinical-trials-webinar-south-australia-2017",
        title="Clinical Trials Webinar (South Australia)",
        event_kind="webinar",
        # demo: the seed gives the start (9am GMT); the one-hour length is ours.
        start_date=date(2017, 1, 24), start_time=time(9, 0), end_date=date(2017, 1, 24),
        end_time=time(10, 0), timezone="Europe/London", venue="", city="", country="AU",
        online_url=f"{DEMO_SITE}/webinars/clinical-trials-south-australia",
        registration_url=f"{DEMO_SITE}/webinars/clinical-trials-south-australia/register",
        organiser="Health Industries South Australia",
        audience=["SMEs", "Research and technology organisations"],
        summary="Health Industries South Australia's webinar on Clinical Trials, "
                "24 January 2017 at 9am (GMT): financial incentives, ethics approval process "
                "and Adelaide’s life sciences ecosystem.",
        image="webinar", countries=["AU"],
        published=_at(2017, 1, 10, 10), updated=_at(2017, 1, 12),
        body=[("p", "<p>On 24 January 2017, at 9am (GMT), Health Industries South Australia "
                    "is organising a webinar on Clinical Trials. Marco Baccanti, Health "
                    "Industries South Australia Chief Executive, will talk about financial "
                    "incentives, ethics approval process and Adelaide’s life sciences "
                    "ecosystem.</p>")],
    ),
]

# --- news about our activities ---------------------------------------------------------
ACTIVITIES = [
    dict(
        slug="collaboration-platform-launch",
        title="Launching of bioXclusters plus’ Collaboration Platform",
        activity_kind="platform_launch", location="", event=None,
        summary="Bioxclusters plus’s Collaboration Platform is a internal new platform to "
                "facilitate our SME’s collaboration with Gateways stakeholders and other "
                "partners on a global level.",
        image="collaboration_platform",
        published=_at(2016, 12, 14), updated=_at(2016, 12, 14),
        body=[("p", "<p>Bioxclusters plus’s Collaboration Platform is a internal new platform "
                    "to facilitate our SME’s collaboration with Gateways stakeholders and other "
                    "partners on a global level.</p>"),
              ("p", f'<p><a href="{DEMO_SITE}/collaboration-platform">More information '
                    "here.</a></p>")],
    ),
    dict(
        slug="eu-japan-cluster-matchmaking-bio-europe-2016",
        title="EU-Japan Cluster Matchmaking Event at BIO-Europe 2016, Cologne, Germany",
        activity_kind="matchmaking", location="Cologne, Germany",
        event="eu-japan-cluster-matchmaking-bio-europe-2016",
        summary="On 8 November, bioXclusters plus organised a Cluster-to-Cluster workshop and "
                "a networking session at BIO-Europe 2016 that brought together more than 50 "
                "representatives from European and Japanese clusters.",
        image="bio_europe", countries=["DE", "JP"],
        published=_at(2016, 11, 22), updated=_at(2016, 12, 5),
        body=[("p", "<p>Under the framework of BIO-Europe 2016 in Cologne, on 8 November, "
                    "bioXclusters plus organised a Cluster-to-Cluster workshop and a networking "
                    "session that brought together more than 50 representatives from European "
                    "and Japanese clusters. This session, put together in collaboration with "
                    "the Council of European BioRegions (CEBR) and with the kind support of the "
                    "EBD Group and the EU-Japan Centre, aimed to foster knowledge sharing "
                    "through contact between regions in Europe and Japan and their initiatives "
                    "in the healthcare and life sciences sector.</p>"),
              ("p", "<p>During the workshop, José Freitas − Policy Officer at the European "
                    "Commission, DG for Internal Market, Industry, Entrepreneurship and SMEs "
                    "(EC) − introduced the European Commission’s clusters policy to the "
                    "representatives of Japanese clusters, and several Japanese associations "
                    "and entities talked about the vibrant life science sector in Japan, in "
                    "particular regarding regenerative medicine.</p>"),
              ("p", '<p><a href="page:events/eu-japan-cluster-matchmaking-bio-europe-2016">'
                    "More information here.</a></p>")],
    ),
    dict(
        slug="trade-mission-japan-osaka-biojapan-2016",
        title="Trade Mission to Japan, Osaka and BioJapan 2016",
        activity_kind="trade_mission", location="Osaka and Yokohama, Japan",
        event="trade-mission-japan-osaka-biojapan-2016",
        summary="Around 60 participants from nine European countries joined the bioXclusters "
                "plus and EU-Japan Centre mission to Osaka and Yokohama: 288 B2B meetings with "
                "97 Japanese companies and organisations.",
        image="osaka_mission", countries=["JP"],
        published=_at(2016, 11, 8), updated=_at(2016, 12, 5),
        body=[("p", "<p>Thanks to an exceptional and mutual collaboration between "
                    "bioXclusters plus and the EU-Japan Centre, around 60 participants from "
                    "nine different European countries (Austria, France, Germany, Greece, "
                    "Italy, Netherlands, Spain, Sweden and UK) participated in a joint mission "
                    "to Osaka and Yokohama.</p>"),
              ("p", "<p>On 10 &amp; 11 October 2016, companies attended specific industry "
                    "conferences in Japan to discuss business opportunities and regulatory "
                    "issues. On 11 October, they joined the European Biotech &amp; Pharma "
                    "Partnering Conference in Osaka, co-organised by Osaka Bio Headquarters "
                    "and bioXclusters plus. This conference took place at the Senri-Life "
                    "Science Center in Osaka, once again with the support of the EU Japan "
                    "Centre. A total of 288 B2B meetings were held with 97 Japanese companies "
                    "and organisations representatives from the Kansai region.</p>"),
              ("p", "<p>During the last three days of the mission, the joint delegation "
                    "attended the 18th edition of BioJapan, the major fair for the sector in "
                    "Asia. Finally, on 13 October, the bioXclusters plus partners introduced "
                    "their initiative to Japan in the Bio Cluster summit organised by the "
                    "Japan Bioindustry Association (JBA).</p>"),
              ("p", "<p>This major action realised by bioXclusters plus in 2016 builds a "
                    "direct gateway to Japan for its European SMEs in order to help facilitate "
                    "their market access and to foster business relationships.</p>"),
              ("image", "osaka_mission",
               "Working together for partnerships and opportunities."),
              ("p", '<p><a href="page:events/trade-mission-japan-osaka-biojapan-2016">'
                    "More information here.</a></p>")],
    ),
]

# --- SME success stories ---------------------------------------------------------------
MIND_THE_BYTE_QUOTE = (
    "This is our third time travelling to Japan, and the meetings we had this week show "
    "that perseverance and trust are key; it’s a far cry from the first approach we made a "
    "year and a half ago"
)
SUCCESS_STORIES = [
    dict(
        slug="mind-the-byte",
        title="Mind the Byte",
        company="Mind the Byte", city="Barcelona", country="ES", sector="Bioinformatics",
        summary="Thanks to the Japan trade mission, the Catalan biotech firm Mind the Byte was "
                "able to sign a distribution agreement with Japanese firm Filgen and expects "
                "a revenue of 1.2 million euros in 2020 from the Japanese market.",
        outcome="Distribution agreement signed with Filgen; expects €1.2M revenue from Japan "
                "in 2020",
        quote_text=MIND_THE_BYTE_QUOTE, quote_name="Alfons Nonell-Canals",
        quote_role="Founder and CEO", quote_organisation="Mind the Byte",
        related="events/trade-mission-japan-osaka-biojapan-2016",
        image="mind_the_byte", countries=["ES", "JP"], sectors=["Bioinformatics"],
        published=_at(2016, 12, 12), updated=_at(2016, 12, 12),
        body=[("p", "<p>Thanks to the Japan trade mission, the Catalan biotech firm Mind the "
                    "Byte was able to sign a distribution agreement with Japanese firm Filgen "
                    "and expects a revenue of 1.2 million euros in 2020 from the Japanese "
                    "market.</p>"),
              ("p", f"<p>“{MIND_THE_BYTE_QUOTE}”, said the firm’s founder and CEO, Alfons "
                    "Nonell-Canals. He is celebrating this new milestone as he considers Japan "
                    "to be a key country in the sector. “The global bioinformatics market in "
                    "Japan is expected to grow 21% by 2020”, he adds.</p>"),
              ("image", "mind_the_byte", IMAGES["mind_the_byte"]["caption"]),
              ("p", f'<p><a href="{DEMO_SITE}/news/mind-the-byte-filgen">More information '
                    "here.</a></p>")],
    ),
    dict(
        slug="leukocare-ag",
        title="LEUKOCARE AG",
        company="LEUKOCARE AG", city="Martinsried, Munich", country="DE", sector="Biotech",
        summary="LEUKOCARE is exploring new collaborations with one of the biggest Japanese "
                "pharma players, which it met at the trade mission to Japan organised by "
                "bioXclusters plus.",
        # demo: the one-line outcome is ours, from the seed's text.
        outcome="A major Japanese pharma company visited LEUKOCARE in November 2016 to "
                "discuss its SPS® formulation technology platform",
        related="events/trade-mission-japan-osaka-biojapan-2016",
        image="leukocare", countries=["DE", "JP"], sectors=["Biotech"],
        published=_at(2016, 12, 13), updated=_at(2016, 12, 13),
        body=[("p", "<p>The biotech company LEUKOCARE – a biotech company headquartered in "
                    "Martinsried, Munich, Germany – is exploring new collaborations with one of "
                    "the biggest Japanese pharma players. They met at the trade mission to "
                    "Japan organised by bioXclusters plus and, as a result, in November 2016 "
                    "the Japanese pharma visited the LEUKOCARE facilities to discuss how "
                    "LEUKOCARE´s SPS® formulation technology platform could be used to "
                    "stabilise the biologics of the Japanese pharma company.</p>")],
    ),
    dict(
        slug="medigene-ag",
        title="Medigene AG",
        company="Medigene AG", city="Martinsried, near Munich", country="DE",
        sector="Biotech",
        summary="Medigene AG joined the trade mission to Japan organised by bioXclusters plus "
                "to meet regional Japanese experts, and came back with valuable new contacts.",
        # demo: the one-line outcome is ours, from the seed's text.
        outcome="Valuable new contacts with Japanese pharma companies interested in its "
                "vaccines",
        related="events/trade-mission-japan-osaka-biojapan-2016",
        image="medigene", countries=["DE", "JP"], sectors=["Biotech"],
        published=_at(2016, 12, 13, 11), updated=_at(2016, 12, 13, 11),
        body=[("p", "<p>Medigene AG, a publicly listed biotechnology company headquartered in "
                    "Martinsried, near Munich, Germany, wanted to meet regional Japanese "
                    "experts interested in particular fields, so they joined the trade mission "
                    "to Japan organised by bioXclusters plus.</p>"),
              ("p", "<p>In Osaka, the company representative Dr. Kalhammer reported on several "
                    "successful meetings where he was able to speak to the regional "
                    "representatives of Japanese pharma companies who had a particular "
                    "interest in the vaccines Medigene develops. Dr. Kalhammer came back to "
                    "Germany with valuable new contacts, which could become the basis for "
                    "future long-term cooperation.</p>")],
    ),
]

# --- gateway news ----------------------------------------------------------------------
GATEWAY_NEWS = [
    dict(
        slug="mou-signed-with-adelaide",
        title="MoU signed with Adelaide (Australia)",
        news_kind="agreement",
        gateway_organisations=["BioSA", "Health Industries South Australia"],
        country="AU", region="Adelaide", agreement_kind="Business development agreement",
        signed_on=date(2016, 6, 8),  # demo: the seed says "In June 2016"
        duration="",
        summary="In June 2016, bioXclusters plus signed a business development agreement with "
                "two Australian organisations in the healthcare and life sciences arena: "
                "BioSA and Health Industries South Australia.",
        image="adelaide", countries=["AU"],
        published=_at(2016, 12, 15), updated=_at(2016, 12, 15),
        body=[("p", "<p>In June 2016, bioXclusters plus signed a business development "
                    "agreement with two Australian organisations in the healthcare and life "
                    "sciences arena: BioSA and Health Industries South Australia. The "
                    "agreement − signed at the BIO International Convention, the largest "
                    "biotechnology fair in the world – will help forge alliances between "
                    "companies, research centres and hospitals on the two continents. "
                    "Moreover, it will also help accelerate companies’ business results and "
                    "resolve a common problem for SMEs: landing in new markets.</p>"),
              ("p", "<p>The two Australian organisations, represent more than 100 companies "
                    "and research bodies in Adelaide, a city with a quickly growing healthcare "
                    "and life sciences sector. In fact, the Adelaide healthcare and life "
                    "sciences sector, BioMed City, is one of the largest in the southern "
                    "hemisphere and receives more than AU$3.6 billions in investment.</p>"),
              ("image", "adelaide", IMAGES["adelaide"]["caption"])],
    ),
    dict(
        slug="mou-signed-with-south-korea",
        title="MoU signed with South Korea",
        news_kind="agreement",
        gateway_organisations=["Chuncheon Bioindustry Foundation (CBF)"],
        country="KR", region="Chuncheon, Gangwon Province",
        agreement_kind="Cooperation agreement",
        signed_on=date(2016, 11, 15),  # demo: the seed says "in November 2016"
        duration="two years",
        summary="A two-year cooperation agreement was signed in November 2016 with the "
                "Chuncheon Bioindustry Foundation (CBF), a South Korean government funded "
                "organisation.",
        image="korea", countries=["KR"],
        published=_at(2016, 12, 15, 11), updated=_at(2016, 12, 15, 11),
        body=[("p", "<p>A two-year cooperation agreement was signed in November 2016 with "
                    "the Chuncheon Bioindustry Foundation (CBF), a South Korean government "
                    "funded organisation, which contributes to the improvement of local and "
                    "national bioindustries.</p>"),
              ("p", "<p>CBF provides systematic support for biotech businesses and represents "
                    "member companies and research organisations located in the Gangwon "
                    "Province of South Korea which work in the fields of biotechnology, "
                    "pharmacy and medical science.</p>")],
    ),
    dict(
        slug="mou-with-osaka",
        title="MoU with Osaka, Japan",
        news_kind="agreement",
        gateway_organisations=["Osaka Bio Headquarters"],
        country="JP", region="Osaka", agreement_kind="MoU",
        signed_on=date(2016, 11, 8),  # the matchmaking event at BIO-Europe 2016
        duration="",
        summary="During the EU-Japan Cluster Matchmaking Event at BIO-Europe 2016, the "
                "bioXclusters plus alliance signed a MoU with the Osaka Bio Headquarters, the "
                "management organisation of the Osaka cluster.",
        image="osaka_mou", countries=["JP"],
        published=_at(2016, 12, 16), updated=_at(2016, 12, 16),
        body=[("p", "<p>During the EU-Japan Cluster Matchmaking Event at BIO-Europe 2016 in "
                    "November 2016, the bioXclusters plus alliance signed a MoU with the Osaka "
                    "Bio Headquarters, the management organisation of the Osaka cluster. Both "
                    "parties agreed to work closely together to support SMEs interested in "
                    "their respective regions.</p>")],
    ),
    dict(
        slug="new-mous-to-be-signed",
        title="New MoUs to be signed",
        news_kind="planned_agreement",
        gateway_organisations=["TO Health!"],
        country="CA", region="Toronto", agreement_kind="MoU", signed_on=None, duration="",
        summary="In 2017, a new MoU will be signed with TOHealth! (Canada).",
        image="new_mous", countries=["CA"],
        published=_at(2017, 1, 11), updated=_at(2017, 1, 11),
        body=[("p", "<p>In 2017, a new MoU will be signed with TOHealth! (Canada). Further "
                    "activities will also be proposed in the course of 2017 related to "
                    "Brazilian, Chinese and US markets.</p>")],
    ),
    dict(
        slug="toronto-health-innovation-week",
        title="Toronto Health Innovation Week (Canada)",
        news_kind="gateway_activity",
        gateway_organisations=["TO Health!"],
        country="CA", region="Toronto", agreement_kind="", signed_on=None, duration="",
        event="toronto-health-innovation-week-2017",
        summary="TO Health! organises the first-ever Toronto Health Innovation Week, 3-7 "
                "April 2017, and invites companies and clusters to join them.",
        image="toronto", countries=["CA"],
        published=_at(2017, 1, 11, 11), updated=_at(2017, 1, 11, 11),
        body=[("p", "<p>Building on the success of Redefining Early Stage Investment "
                    "conference in 2016, which hosted over 200 investors and nearly 800 "
                    "investor-company meetings, TO Health! organises the first-ever Toronto "
                    "Health Innovation Week. Running from 3-7 April 2017, it will host hundreds "
                    "of early-stage investors, global companies, innovative CEOs, ecosystem "
                    "support players and policymakers, focused on doing business in the "
                    "healthcare sector. This will be an opportunity to discover investors, "
                    "healthcare customers or industry partners at Toronto.</p>"),
              ("p", "<p>TO Health! invite companies and clusters to join them at the Toronto "
                    "Health Innovation Week, they will build a programme for the interested "
                    "companies, including opportunities to showcase their cluster, participate "
                    "in conferences throughout the week, hold individual meetings and "
                    "participate in networking receptions. If your cluster organisation would "
                    "like to organise a delegation to attend the event 3-7 April 2017, please "
                    "contact Ella Korets-Smith, Executive Director, TO Health! at "
                    '<a href="mailto:ella.korets-smith@tohealth.ca">'
                    "ella.korets-smith@tohealth.ca</a>.</p>"),
              ("p", "<p>Toronto region is the single largest Canadian healthcare market at the "
                    "centre of the greatest concentration of research, commercialisation, "
                    "innovation and healthcare delivery assets in Canada. To find out more "
                    "about the incredible assets and opportunities available in the region, "
                    f'watch a <a href="{DEMO_SITE}/videos/toronto-region">video here</a> or '
                    'visit <a href="http://www.tohealth.ca">http://www.tohealth.ca</a>.</p>')],
    ),
    dict(
        slug="clinical-trials-webinar-south-australia",
        title="Clinical Trials Webinar (South Australia)",
        news_kind="gateway_activity",
        gateway_organisations=["Health Industries South Australia"],
        country="AU", region="Adelaide", agreement_kind="", signed_on=None, duration="",
        event="clinical-trials-webinar-south-australia-2017",
        summary="On 24 January 2017, at 9am (GMT), Health Industries South Australia is "
                "organising a webinar on Clinical Trials.",
        image="webinar", countries=["AU"],
        published=_at(2017, 1, 11, 12), updated=_at(2017, 1, 11, 12),
        body=[("p", "<p>On 24 January 2017, at 9am (GMT), Health Industries South Australia "
                    "is organising a webinar on Clinical Trials. Marco Baccanti, Health "
                    "Industries South Australia Chief Executive, will talk about financial "
                    "incentives, ethics approval process and Adelaide’s life sciences "
                    "ecosystem. You can see more information and register "
                    '<a href="page:events/clinical-trials-webinar-south-australia-2017">'
                    "here</a>.</p>"),
              ("p", "<p>Health Industries South Australia offers to reimburse 43.5% of R&amp;D "
                    "costs in cash to eligible companies with an aggregated annual turnover of "
                    "less than A$20 million (around US$15 million). A 38.5% tax offset is "
                    "offered to all other eligible entities.</p>"),
              ("p", "<p>Adelaide features one of Australia’s largest and most experienced "
                    "Phase 1 clinical trials units with a database of more than 13,000 active "
                    "volunteers. Also available for research is a large, world-class animal "
                    "research facility and a range of established facilities for Phase 2 and "
                    "Phase 3 trials.</p>"),
              ("image", "webinar", IMAGES["webinar"]["caption"])],
    ),
]

# --- the interview ---------------------------------------------------------------------
INTERVIEW = dict(
    slug="jose-freitas-eu-cluster-policy",
    title="Interview with José Freitas",
    interviewee_name="José Freitas",
    interviewee_role="Policy Officer",
    interviewee_organisation="European Commission, DG for Internal Market, Industry, "
                             "Entrepreneurship and SMEs",
    summary="Mr. José Freitas from the DG for Internal Market, Industry, Entrepreneurship and "
            "SMEs (EC) talks to us about clusters and cluster policy in Europe as well as "
            "giving some valuable tips for cluster partnerships. Moreover, he speaks to us "
            "about the progress of bioXclusters plus.",
    image="interview", portrait="interview",
    published=_at(2017, 1, 12), updated=_at(2017, 1, 13),
    body=[
        ("qa", "What are the key objectives of EU cluster policy?",
         "<p>The main objectives of the EU’s cluster policy is to support regions and Member "
         "States in their efforts to develop world-class clusters by adding a European "
         "dimension to reinforce the competitiveness of European industry. Our aim is to "
         "strengthen clusters across Europe by adding value through cross-border and "
         "cross-sectoral collaboration. Fostering cross-border collaboration does not compete "
         "with regional and national clusters; it just makes them stronger.</p>"
         "<p>The COSME and Horizon 2020 programs promote such cluster cooperation at EU level "
         "by facilitating value chain innovation, accelerating industrial transformation and "
         "supporting SME internationalisation through clusters. That’s where growth and jobs "
         "come from. Cluster organisations are used as a bridge-builder and booster for their "
         "companies so that they can adapt their strategy and benefit from the financial "
         "support of the European cluster programs.</p>"),
        ("qa", "What are the objectives of the European Strategic Cluster Partnerships – "
               "Going international?",
         "<p>The “European Strategic Cluster Partnerships – Going International” are "
         "transnational, cluster partnerships supported at EU level that develop and "
         "implement a joint internationalisation strategy to support SME internationalisation "
         "in countries beyond Europe. They encourage cluster organisations across Europe to "
         "work closely together to exploit synergies and develop common actions as part of a "
         "long-term cooperation plan whose aim is to better support their SME members by "
         "helping them find international partners and giving them access to global value "
         "chains.</p>"
         "<p>These Partnerships are supported through the “Clusters Go International” action "
         "under COSME and are labelled by DG Growth of the European Commission. In the last "
         "“Clusters Go International” call for proposals, 26 European Strategic Cluster "
         "Partnerships – Going International have been established bringing together about "
         "150 cluster organisation across 23 European countries. Together, they offer "
         "potential support to more than 17,000 European SMEs by helping them access global "
         "value chains to obtain a leading global position.</p>"),
        ("qa", "What are the main recommendations and tools that cluster partnerships should "
               "take into consideration to achieve these objectives?",
         "<p>The general recommendation comes from the careful reading of the Call for "
         "Proposals and its wording where typically rationale, objectives, main activities, "
         "planning, performance and impact indicators are key to proposals and the fulfilment "
         "of the objectives. An interesting research paper provides specific guidelines and "
         "recommendations on cluster management internationalisation skills as well as the "
         "key success factors for managing and promoting such pan-European Strategic Cluster "
         "Partnerships for going international. This report underlines above all that when "
         "developing a joint internationalisation strategy with different clusters, it is "
         "essential to reach a clear consensus on the objectives, the countries to be targeted "
         "and the individual responsibilities to follow up on each of the specific actions. It "
         "also requires a sound understanding of the market conditions, technology priorities, "
         "barriers within the target countries and a good identification of complementary "
         "competences by the clusters in the foreign markets. To this end, the involvement of "
         "SME members in the definition and implementation of the strategy is crucial to "
         "ensure greater ownership and to address specific SME needs across the "
         "partnership.</p>"
         "<p>A well-defined branding strategy and communication tools are also important for "
         "creating a common identity to effectively promote the partnership to its members "
         "and partners in the targeted international markets. Liaising with regional and/or "
         "national authorities about the partnership’s progress and achievements is another "
         "important aspect for the sustainability of the partnership to foster its "
         "continuation after the project end. Finally, constant sharing on the European "
         "Cluster Collaboration Platform (ECCP) of the the partnership’s results, news, past "
         "and planned events, testimonials on successes, failures and/or the difficulties "
         "encountered facilitate learnings and improvements for all the cluster partnerships "
         "and notably help those facing similar challenges. A dedicated partnership forum on "
         "the ECCP has been designed for this very purpose.</p>"),
        ("qa", "How has bioXclusters plus progressed under this framework?",
         "<p>Although bioXclusters plus is only half-way through its partnership, it has "
         "already made substantial progress in promoting a continuous search for complementary "
         "competences between its four cluster members and in developing an integrated "
         "approach in personalised medicine for specific target markets, which include Japan, "
         "USA, China and Brazil. This is already a significant achievement that partner "
         "members will be able to capitalize on in the long-term. Consideration of an exit "
         "strategy and a sustainable business model for the partnership for longer term "
         "cooperation will certainly be interesting to elaborate on further. In the longer "
         "term, bioXclusters plus could be instrumental in consolidating a segment in the "
         "European value-chains with regards to personalised medicine through a "
         "self-reinforcing process to take better advantage of international business "
         "opportunities for the benefit of the European SMEs involved.</p>"),
    ],
)

# --- the issue -------------------------------------------------------------------------
ISSUE = dict(
    slug="newsletter-january-2017",
    title="Newsletter January 2017",
    issue_date=date(2017, 1, 16),
    subject="bioXclusters plus newsletter, January 2017: José Freitas on EU cluster policy",
    preheader="Interview with José Freitas, SME success stories from Japan, new gateway "
              "agreements and upcoming activities.",
    intro="<p>In this issue, Mr. José Freitas from the DG for Internal Market, Industry, "
          "Entrepreneurship and SMEs (EC) talks to us about clusters and cluster policy in "
          "Europe. We also present our SME tools, news about our activities, SME success "
          "stories from the Japan Trade Mission, new agreements with International Gateways "
          "and our upcoming activities.</p>",
    published=_at(2017, 1, 16, 10), updated=_at(2017, 1, 16, 10),
    # (block type, title, intro html, items): items are "index/slug" pages or
    # "tool:<name>" snippets.
    sections=[
        ("interview", "Interview", "", ["interviews/jose-freitas-eu-cluster-policy"]),
        ("sme_tools", "SME tools", SME_TOOLS_INTRO,
         [f"tool:{tool['name']}" for tool in SME_TOOLS]),
        ("activities", "News about our activities", "",
         ["news/collaboration-platform-launch",
          "news/eu-japan-cluster-matchmaking-bio-europe-2016",
          "news/trade-mission-japan-osaka-biojapan-2016"]),
        ("success_stories", "SME success stories from the Japan Trade Mission", "",
         ["success-stories/mind-the-byte", "success-stories/leukocare-ag",
          "success-stories/medigene-ag"]),
        ("gateways", "New agreements with International Gateways",
         "<p>In relation to the agreements signed during 2016, bioXclusters plus wants to "
         "share some activities held by our gateways.</p>",
         ["gateways/mou-signed-with-adelaide", "gateways/mou-signed-with-south-korea",
          "gateways/mou-with-osaka", "gateways/new-mous-to-be-signed",
          "gateways/toronto-health-innovation-week",
          "gateways/clinical-trials-webinar-south-australia"]),
        ("upcoming", "Upcoming activities", "",
         ["events/clinical-trials-webinar-south-australia-2017",
          "events/canada-europe-cluster-matchmaking-bio-europe-spring-2017",
          "events/toronto-health-innovation-week-2017"]),
        ("about", "About bioXclusters plus", "", []),
    ],
)
