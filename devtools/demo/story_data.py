"""The script of the demo's last 90 days (played by devtools/demo/story.py): who did what, when.

Everything here is an example: names, organisations, companies and titles say « (exemple) ». Days
are counted back from today; hours are Paris time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ML_LENS = ("mission_locale", "Mission Locale de Lens (exemple)")
ML_PARIS = ("mission_locale", "Mission Locale de Paris (exemple)")
ML_LYON = ("mission_locale", "Mission Locale de Lyon (exemple)")
ARML_NATIONAL = ("arml", "Union des Missions Locales (exemple)")
OPCO_HDF = ("opcommerce", "Opcommerce Hauts-de-France (exemple)")
OPCO_IDF = ("opcommerce", "Opcommerce Île-de-France (exemple)")
OPCO_AURA = ("opcommerce", "Opcommerce Auvergne-Rhône-Alpes (exemple)")
OPCO = ("opcommerce", "Opcommerce (exemple)")


@dataclass(frozen=True)
class Staff:
    """An example member of staff (a role), by key: chat id, name, role kind, region, organiser."""

    chat_id: int
    name: str
    kind: str
    region: str | None
    organiser: tuple[str, str]


STAFF = {
    "lens": Staff(180001, "Claire (exemple)", "advisor", "32", ML_LENS),
    "paris": Staff(180002, "Julien (exemple)", "advisor", "11", ML_PARIS),
    "lyon": Staff(180003, "Sophie (exemple)", "advisor", "84", ML_LYON),
    "national": Staff(180004, "Marc (exemple)", "national", None, OPCO),
}

#: Where the example young people live, by region: (departement, first names).
PEOPLE = {
    "32": ("59", ["Amine", "Léa", "Kevin", "Sarah", "Dylan", "Manon", "Bilal", "Chloé", "Enzo", "Jade", "Rayan", "Lina",
                  "Théo", "Océane", "Mehdi", "Anaïs", "Lucas", "Zoé"]),
    "11": ("75", ["Moussa", "Clara", "Hugo", "Aïcha", "Nathan", "Emma", "Samy", "Louise", "Adam", "Inaya", "Tom", "Maëlys",
                  "Yanis", "Camille"]),
    "84": ("69", ["Karim", "Julie", "Maxime", "Nour", "Axel", "Lou", "Ilyes", "Romane"]),
}


@dataclass(frozen=True)
class Action:
    """A past action: when (days ago, hour, hours), what, where, who registered and what came of it.

    ``people``: (region, first index, how many) of :data:`PEOPLE` registering (in this order; beyond
    ``capacity`` they wait); ``curious``: how many more opened the card without registering.
    ``results``: (present, apprenticeship, CEJ, job, training), None while not closed yet;
    ``absent``: the companies that did not come; ``feedback``: answers (bien, moyen, pas bien).
    """

    key: str
    staff: str
    days_ago: int
    hour: int
    hours: int
    kind: str
    title: str
    place: dict
    organisers: list
    companies: list[str]
    branches: list[str]
    people: list[tuple[str, int, int]]
    curious: int
    results: tuple[int, int, int, int, int] | None
    absent: list[str] = field(default_factory=list)
    feedback: tuple[int, int, int] = (0, 0, 0)
    capacity: int | None = None


ACTIONS = [
    Action("lens-jobdating", "lens", 75, 14, 3, "job_dating", "Job dating grande distribution à Lens (exemple)",
           {"address": "Mission Locale", "city": "Lens", "departement": "62"}, [ML_LENS, OPCO_HDF],
           ["Hyper du Bassin (exemple)", "Drive Express (exemple)", "Primeurs du Nord (exemple)"],
           ["alimentaire-non-specialise"], [("32", 0, 7)], 4, (6, 2, 1, 1, 0), ["Primeurs du Nord (exemple)"], (3, 1, 0)),
    Action("paris-forum", "paris", 52, 10, 6, "forum", "Forum de l'alternance dans le commerce (exemple)",
           {"address": "Halle des métiers", "city": "Paris", "departement": "75"}, [ML_PARIS, OPCO_IDF],
           ["Boutique Mode (exemple)", "Optique Lumière (exemple)", "Supermarché du Centre (exemple)", "Librairie des Quais (exemple)"],
           ["habillement", "grands-magasins"], [("11", 0, 8)], 5, (7, 3, 0, 1, 1), [], (4, 2, 0)),
    Action("rencontres-nationales", "national", 40, 9, 8, "forum", "Rencontres nationales des métiers du commerce (exemple)",
           {"address": "Parc des expositions", "city": "Paris", "scope": "national"}, [ARML_NATIONAL, OPCO],
           ["Grand Magasin du Centre (exemple)", "Boutique Mode (exemple)", "Sport Plus (exemple)"],
           [], [("11", 8, 3), ("32", 7, 2), ("84", 0, 1)], 6, (5, 1, 1, 0, 1), ["Sport Plus (exemple)"], (3, 0, 1)),
    Action("webinaire-cej", "national", 20, 17, 1, "atelier", "Webinaire : le CEJ et l'alternance dans le commerce (exemple)",
           {"online_url": "https://example.org/webinaire-cej", "scope": "online"}, [OPCO],
           [], [], [("32", 9, 3), ("11", 11, 3)], 4, (5, 0, 2, 0, 1), [], (3, 1, 0)),
    Action("lyon-visite", "lyon", 12, 9, 3, "visite", "Visite d'un magasin de sport à Lyon (exemple)",
           {"address": "Zone commerciale", "city": "Lyon", "departement": "69"}, [ML_LYON, OPCO_AURA],
           ["Sport Plus (exemple)", "Cycles du Rhône (exemple)"], ["sports-loisirs"], [("84", 1, 6)], 3,
           (5, 1, 0, 1, 0), [], (3, 1, 0)),
    Action("lens-atelier", "lens", 6, 14, 2, "atelier", "Atelier CV et entretien en magasin (exemple)",
           {"address": "Mission Locale", "city": "Lens", "departement": "62"}, [ML_LENS, OPCO_HDF],
           ["Hyper du Bassin (exemple)", "Jardinerie des Flandres (exemple)"], ["grands-magasins"], [("32", 10, 8)], 2,
           (6, 2, 1, 0, 1), [], (4, 1, 1), capacity=7),
    Action("paris-jobdating", "paris", 3, 14, 3, "job_dating", "Job dating e-commerce (exemple)",
           {"address": "Mission Locale", "city": "Paris", "departement": "75"}, [ML_PARIS, OPCO_IDF],
           ["Colis Rapide (exemple)", "Entrepôt Malin (exemple)"], ["commerce-a-distance"], [("11", 3, 4)], 2, None),
]


@dataclass(frozen=True)
class Communication:
    """An announcement of an action (key of :data:`ACTIONS`), sent ``days_ago`` by ``staff`` to a region (None: all)."""

    days_ago: int
    staff: str
    action: str
    region: str | None


COMMUNICATIONS = [
    Communication(47, "national", "rencontres-nationales", None),
    Communication(17, "lyon", "lyon-visite", "84"),
    Communication(11, "lens", "lens-atelier", "32"),
]

#: (days ago, staff, text) of the adaptations and innovations recorded with /innovation.
INNOVATIONS = [
    (33, "paris", "Forum en deux temps (exemple) : une matinée d'entretiens, puis une après-midi de visites chez les commerçants "
                  "du quartier pour les jeunes qui n'avaient pas osé se présenter."),
    (9, "lens", "Atelier CV fait directement en magasin (exemple) : les managers du rayon corrigent les CV et font passer "
                "un entretien d'essai sur place."),
]

#: Questions to advisors: (days ago, region and index of the person in :data:`PEOPLE`, staff who answers,
#: question, answer, closed by the young person afterwards).
QUESTIONS = [
    (27, "32", 2, "lens", "Bonjour, il faut un diplôme pour être employé de rayon ? (exemple)",
     "Non, ce n'est pas obligatoire : beaucoup de magasins recrutent sans diplôme et forment sur place. (exemple)", True),
    (13, "11", 5, "paris", "Est-ce qu'on est payé pendant une alternance ? (exemple)",
     "Oui : un salaire chaque mois, selon ton âge et ton année de contrat. Passe nous voir pour en parler. (exemple)", True),
    (2, "84", 3, "lyon", "Je peux venir à la prochaine visite avec une amie ? (exemple)",
     "Bien sûr, qu'elle s'inscrive aussi depuis la fiche de l'action. (exemple)", False),
]

#: (days after the action, how many of its people) turn their alerts off after the action.
ALERTS_OFF = (4, 1)
