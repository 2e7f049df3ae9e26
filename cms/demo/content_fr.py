"""The French translation of the demo: the issue (subject, preheader, intro, section
titles), the interview, one success story (Mind the Byte), one gateway news (Adelaide),
the home and index pages and the partnership settings.

Each value mirrors the English one in ``content`` field by field and paragraph by
paragraph (links in the same places), so that the loader can pair every string that
wagtail-localize extracts from the English page with its French translation. Whatever is
not here (the other articles, the SME tools) falls back to English, marked as such.
"""

from . import content

LANGUAGE = "fr"

PARTNERSHIP = dict(
    tagline="Quatre clusters européens des sciences de la vie à l’international, ensemble",
    about=(
        "<p>Le projet d’internationalisation bioXclusters plus prolonge l’alliance "
        "bioXclusters (2012-2013). Il est porté conjointement par quatre grands clusters "
        "européens des sciences de la vie et de la santé : Lyonbiopole (Auvergne-Rhône-Alpes), "
        "Biocat (Catalogne), BioM (Bavière) et bioPmed (Piémont).</p>"
        "<p>L’alliance ambitionne de devenir le méta-cluster le plus compétitif d’Europe, "
        "capable de relever les défis de la santé et de favoriser la croissance des PME du "
        "secteur, en mettant particulièrement l’accent sur la médecine personnalisée comme "
        "réponse à l’avenir de la santé mondiale dans les prochaines années.</p>"
        "<p>Renforcer sa position internationale, consolider les relations avec les marchés "
        "déjà explorés (États-Unis, Chine et Brésil), ouvrir de nouveaux marchés (Japon, "
        "Australie et d’autres), proposer des outils sur mesure pour l’internationalisation "
        "des entreprises, identifier des domaines d’échange technologique et de collaboration "
        "avec d’autres biorégions : tels sont les principaux axes d’action de bioXclusters "
        "plus.</p>"
        "<p>bioXclusters plus est financé par le programme de l’Union européenne pour la "
        "compétitivité des entreprises et des petites et moyennes entreprises (COSME). "
        "L’alliance représente 3 300 PME européennes actives dans le domaine de la santé "
        "personnalisée, ainsi que 200 grandes entreprises des secteurs biotechnologique et "
        "pharmaceutique. Elle rassemble 23 000 chercheurs du secteur public et plus de "
        "358 000 emplois dans les secteurs privé et public.</p>"
        f'<p><a href="{content.DEMO_SITE}/about">En savoir plus.</a></p>'
    ),
    funding_disclaimer=(
        "Le contenu de cette lettre d’information n’engage que son auteur, qui en assume "
        "seul la responsabilité ; il ne peut être considéré comme reflétant l’avis de "
        "l’Agence exécutive pour les petites et moyennes entreprises ni d’aucun autre organe "
        "de l’Union européenne. La Commission européenne et l’Agence déclinent toute "
        "responsabilité quant à l’usage qui pourrait être fait des informations qu’il "
        "contient."
    ),
    social_links=[("Site web", content.DEMO_SITE), ("LinkedIn", f"{content.DEMO_SITE}/linkedin")],
    welcome_subject="Bienvenue dans la lettre d’information de bioXclusters plus",
    welcome_text=(
        "<p>Merci d’avoir confirmé votre abonnement. Environ une fois par mois, quatre "
        "clusters européens des sciences de la vie, Lyonbiopole, Biocat, BioM et bioPmed, "
        "vous racontent leur travail pour accompagner les PME sur les marchés "
        "internationaux.</p>"
        "<p>Chaque numéro réunit des entretiens avec des entrepreneurs, des réussites de "
        "PME, des nouvelles de nos portes d’entrée au Japon, au Canada et aux États-Unis, "
        "ainsi que les salons et missions à venir.</p>"
        "<p>Vous avez une nouvelle à partager ? Répondez simplement à ce message.</p>"
    ),
)

HOME_INTRO = (
    "<p>Actualités, réussites et événements de bioXclusters plus, le partenariat de quatre "
    "clusters européens des sciences de la vie : Lyonbiopole, Biocat, BioM et bioPmed.</p>"
)

# index slug -> (title, intro)
INDEXES = {
    "newsletters": ("Lettres d’information",
                    "<p>Tous les numéros de la lettre d’information de bioXclusters plus.</p>"),
    "interviews": ("Entretiens", ""),
    "success-stories": ("Réussites de PME", ""),
    "gateways": ("Passerelles internationales", ""),
}

INTERVIEW = dict(
    title="Entretien avec José Freitas",
    interviewee_role="Chargé de mission",
    interviewee_organisation="Commission européenne, DG Marché intérieur, industrie, "
                             "entrepreneuriat et PME",
    summary="M. José Freitas, de la DG Marché intérieur, industrie, entrepreneuriat et PME "
            "(CE), nous parle des clusters et de la politique européenne des clusters, et "
            "donne de précieux conseils aux partenariats de clusters. Il revient aussi sur "
            "les progrès de bioXclusters plus.",
    body=[
        ("qa", "Quels sont les principaux objectifs de la politique européenne des clusters ?",
         "<p>La politique de l’UE en matière de clusters a pour objectif principal d’aider "
         "les régions et les États membres à développer des clusters de classe mondiale en y "
         "ajoutant une dimension européenne qui renforce la compétitivité de l’industrie "
         "européenne. Nous voulons renforcer les clusters dans toute l’Europe en créant de la "
         "valeur grâce à la collaboration transfrontalière et intersectorielle. Encourager la "
         "collaboration transfrontalière ne concurrence pas les clusters régionaux et "
         "nationaux : elle les rend plus forts.</p>"
         "<p>Les programmes COSME et Horizon 2020 favorisent cette coopération entre clusters "
         "au niveau de l’UE en facilitant l’innovation le long des chaînes de valeur, en "
         "accélérant la transformation industrielle et en soutenant l’internationalisation "
         "des PME par l’intermédiaire des clusters. C’est de là que viennent la croissance et "
         "l’emploi. Les organisations de clusters servent de passerelles et d’accélérateurs "
         "pour leurs entreprises, afin qu’elles puissent adapter leur stratégie et bénéficier "
         "du soutien financier des programmes européens en faveur des clusters.</p>"),
        ("qa", "Quels sont les objectifs des partenariats stratégiques européens de clusters "
               "pour l’internationalisation (« Going International ») ?",
         "<p>Les « partenariats stratégiques européens de clusters – Going International » "
         "sont des partenariats transnationaux de clusters, soutenus au niveau de l’UE, qui "
         "élaborent et mettent en œuvre une stratégie d’internationalisation commune pour "
         "accompagner les PME dans des pays hors d’Europe. Ils incitent les organisations de "
         "clusters de toute l’Europe à travailler en étroite collaboration pour exploiter "
         "leurs synergies et mener des actions communes dans le cadre d’un plan de "
         "coopération à long terme, dont le but est de mieux soutenir leurs PME membres en "
         "les aidant à trouver des partenaires internationaux et à accéder aux chaînes de "
         "valeur mondiales.</p>"
         "<p>Ces partenariats sont soutenus par l’action « Clusters Go International » du "
         "programme COSME et labellisés par la DG Croissance de la Commission européenne. "
         "Lors du dernier appel à propositions « Clusters Go International », 26 partenariats "
         "stratégiques européens de clusters – Going International ont été créés ; ils "
         "réunissent environ 150 organisations de clusters de 23 pays européens. Ensemble, "
         "ils peuvent soutenir plus de 17 000 PME européennes en les aidant à accéder aux "
         "chaînes de valeur mondiales pour y conquérir une position de premier plan.</p>"),
        ("qa", "Quelles sont les principales recommandations et quels outils les partenariats "
               "de clusters devraient-ils prendre en compte pour atteindre ces objectifs ?",
         "<p>La recommandation générale découle d’une lecture attentive de l’appel à "
         "propositions et de sa formulation : la justification, les objectifs, les "
         "principales activités, la planification ainsi que les indicateurs de performance "
         "et d’impact y sont généralement essentiels, tant pour les propositions que pour "
         "l’atteinte des objectifs. Une étude intéressante fournit des lignes directrices et "
         "des recommandations précises sur les compétences d’internationalisation des "
         "gestionnaires de clusters, ainsi que sur les facteurs clés de succès pour gérer et "
         "promouvoir ces partenariats stratégiques paneuropéens de clusters tournés vers "
         "l’international. Ce rapport souligne avant tout que, pour élaborer une stratégie "
         "d’internationalisation commune à plusieurs clusters, il est indispensable de "
         "parvenir à un consensus clair sur les objectifs, les pays cibles et les "
         "responsabilités de chacun dans le suivi de chaque action. Cela suppose aussi une "
         "bonne compréhension des conditions de marché, des priorités technologiques et des "
         "obstacles propres aux pays cibles, ainsi qu’une identification précise des "
         "compétences complémentaires des clusters sur les marchés étrangers. C’est pourquoi "
         "il est essentiel d’associer les PME membres à la définition et à la mise en œuvre "
         "de la stratégie, afin qu’elles se l’approprient davantage et que le partenariat "
         "réponde à leurs besoins spécifiques.</p>"
         "<p>Une stratégie de marque bien définie et des outils de communication sont "
         "également importants pour créer une identité commune et promouvoir efficacement le "
         "partenariat auprès de ses membres et de ses partenaires sur les marchés "
         "internationaux visés. Informer les autorités régionales et/ou nationales des "
         "progrès et des réalisations du partenariat est un autre aspect important de sa "
         "pérennité, pour qu’il se poursuive au-delà de la fin du projet. Enfin, partager "
         "régulièrement sur la plateforme européenne de collaboration entre clusters (ECCP) "
         "les résultats, les actualités, les événements passés et à venir du partenariat, "
         "ainsi que des témoignages sur ses réussites, ses échecs ou les difficultés "
         "rencontrées, permet à tous les partenariats de clusters d’apprendre et de "
         "progresser, et aide notamment ceux qui font face à des défis similaires. Un forum "
         "dédié aux partenariats a été conçu sur l’ECCP précisément à cette fin.</p>"),
        ("qa", "Comment bioXclusters plus a-t-il progressé dans ce cadre ?",
         "<p>Bien que bioXclusters plus n’en soit qu’à la moitié de son partenariat, il a "
         "déjà beaucoup progressé : il recherche en continu des compétences complémentaires "
         "entre ses quatre clusters membres et développe une approche intégrée de la "
         "médecine personnalisée pour des marchés cibles précis, dont le Japon, les "
         "États-Unis, la Chine et le Brésil. C’est déjà une réussite importante, dont les "
         "membres du partenariat pourront tirer parti sur le long terme. Il sera certainement "
         "intéressant d’approfondir la réflexion sur une stratégie de sortie et sur un modèle "
         "économique durable, pour que le partenariat coopère au-delà du projet. À plus long "
         "terme, bioXclusters plus pourrait contribuer de manière décisive à consolider un "
         "segment des chaînes de valeur européennes de la médecine personnalisée, grâce à un "
         "processus qui se renforce lui-même, afin de mieux saisir les opportunités "
         "d’affaires internationales au bénéfice des PME européennes concernées.</p>"),
    ],
)

MIND_THE_BYTE_QUOTE = (
    "C’est notre troisième voyage au Japon, et les rendez-vous de cette semaine montrent "
    "que la persévérance et la confiance sont essentielles ; nous sommes bien loin de notre "
    "première approche, il y a un an et demi"
)
SUCCESS_STORY = dict(
    slug="mind-the-byte",
    city="Barcelone",
    sector="Bioinformatique",
    summary="Grâce à la mission commerciale au Japon, l’entreprise biotechnologique catalane "
            "Mind the Byte a signé un accord de distribution avec la société japonaise Filgen "
            "et prévoit un chiffre d’affaires de 1,2 million d’euros sur le marché japonais "
            "en 2020.",
    outcome="Accord de distribution signé avec Filgen ; 1,2 M€ de chiffre d’affaires "
            "attendus au Japon en 2020",
    quote_text=MIND_THE_BYTE_QUOTE,
    quote_role="Fondateur et PDG",
    body=[("p", "<p>Grâce à la mission commerciale au Japon, l’entreprise biotechnologique "
                "catalane Mind the Byte a signé un accord de distribution avec la société "
                "japonaise Filgen et prévoit un chiffre d’affaires de 1,2 million d’euros sur "
                "le marché japonais en 2020.</p>"),
          ("p", f"<p>« {MIND_THE_BYTE_QUOTE} », explique le fondateur et PDG de l’entreprise, "
                "Alfons Nonell-Canals. Il se réjouit de cette nouvelle étape, car il considère "
                "le Japon comme un pays clé du secteur. « Le marché mondial de la "
                "bioinformatique au Japon devrait croître de 21 % d’ici 2020 », "
                "ajoute-t-il.</p>"),
          ("image", "mind_the_byte",
           "L’équipe Commerce et investissement ACCIÓ Tokyo-Catalogne. 2ᵉ en partant de la "
           "gauche : Yuko Kijimoto (directrice d’ACCIÓ Tokyo-Catalonia Trade & Investment). "
           "3ᵉ en partant de la gauche : Alfons Nonell-Canals, PDG et fondateur de Mind the "
           "Byte, entreprise catalane de bioinformatique."),
          ("p", f'<p><a href="{content.DEMO_SITE}/news/mind-the-byte-filgen">En savoir '
                "plus.</a></p>")],
)

GATEWAY_NEWS = dict(
    slug="mou-signed-with-adelaide",
    title="Protocole d’accord signé avec Adélaïde (Australie)",
    agreement_kind="Accord de développement commercial",
    summary="En juin 2016, bioXclusters plus a signé un accord de développement commercial "
            "avec deux organisations australiennes de la santé et des sciences de la vie : "
            "BioSA et Health Industries South Australia.",
    body=[("p", "<p>En juin 2016, bioXclusters plus a signé un accord de développement "
                "commercial avec deux organisations australiennes de la santé et des sciences "
                "de la vie : BioSA et Health Industries South Australia. L’accord, signé lors "
                "de la BIO International Convention, le plus grand salon des biotechnologies "
                "au monde, aidera à nouer des alliances entre entreprises, centres de "
                "recherche et hôpitaux des deux continents. Il contribuera aussi à accélérer "
                "les résultats commerciaux des entreprises et à résoudre un problème commun "
                "aux PME : s’implanter sur de nouveaux marchés.</p>"),
          ("p", "<p>Les deux organisations australiennes représentent plus de 100 entreprises "
                "et organismes de recherche à Adélaïde, une ville dont le secteur de la santé "
                "et des sciences de la vie connaît une croissance rapide. Le pôle santé et "
                "sciences de la vie d’Adélaïde, BioMed City, est d’ailleurs l’un des plus "
                "grands de l’hémisphère Sud et bénéficie de plus de 3,6 milliards de dollars "
                "australiens d’investissements.</p>"),
          ("image", "adelaide",
           "De gauche à droite : Florence Agostino (directrice générale de Lyonbiopole), "
           "Fabrizio Conicella (vice-président du cluster bioPmed), Dr Albert Barberá "
           "(directeur général de Biocat, BioRegion de Catalogne), Marco Baccanti (directeur "
           "général de Health Industries South Australia), Pr Dr Horst Domdey (directeur "
           "général de BioM).")],
)

ISSUE = dict(
    title="Lettre d’information de janvier 2017",
    subject="Lettre d’information bioXclusters plus, janvier 2017 : José Freitas sur la "
            "politique européenne des clusters",
    preheader="Entretien avec José Freitas, réussites de PME au Japon, nouveaux accords avec "
              "nos passerelles et prochaines activités.",
    intro="<p>Dans ce numéro, M. José Freitas, de la DG Marché intérieur, industrie, "
          "entrepreneuriat et PME (CE), nous parle des clusters et de la politique européenne "
          "des clusters. Nous vous présentons aussi nos outils pour les PME, l’actualité de "
          "nos activités, des réussites de PME issues de la mission commerciale au Japon, les "
          "nouveaux accords avec nos passerelles internationales et nos prochaines "
          "activités.</p>",
    # the English sections' (title, intro html), in the same order
    sections=[
        ("Entretien", ""),
        ("Outils pour les PME",
         "<p>Pour soutenir leur développement international, bioXclusters plus propose à ses "
         "PME et aux partenaires des clusters un ensemble d’outils, dont une plateforme "
         "d’apprentissage en ligne, un outil linguistique en ligne et un guide de "
         "recommandations.</p>"),
        ("Actualité de nos activités", ""),
        ("Réussites de PME lors de la mission commerciale au Japon", ""),
        ("Nouveaux accords avec nos passerelles internationales",
         "<p>À la suite des accords signés en 2016, bioXclusters plus souhaite partager "
         "quelques activités menées par nos passerelles.</p>"),
        ("Prochaines activités", ""),
        ("À propos de bioXclusters plus", ""),
    ],
)
