"""Schemas of the content files (branches, jobs, regions, contacts), checked with pydantic."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator, model_validator

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$"
ROME_PATTERN = re.compile(r"^[A-N][0-9]{4}$")

#: The interest tags the quiz scores against. A job's ``interets`` use only these.
INTEREST_TAGS: dict[str, str] = {
    "contact": "être avec les gens",
    "coulisses": "travailler en coulisses",
    "conseil": "conseiller, expliquer",
    "produits": "manipuler des produits",
    "chiffres": "les chiffres et les stocks",
    "mode": "la mode",
    "alimentation": "l'alimentation et le goût",
    "sport": "le sport",
    "tech": "la technologie",
    "nature": "les plantes et les animaux",
    "management": "animer une équipe",
    "numerique": "travailler en ligne",
    "creativite": "créer, décorer, mettre en valeur",
    "international": "l'international et les langues",
    "logistique": "organiser, préparer, livrer",
    "maison": "la maison, le bricolage, la déco",
}

DIPLOMA_TYPES = (
    "CAP",
    "Bac pro",
    "BP",
    "BTS",
    "BUT",
    "Licence pro",
    "Master",
    "Titre pro",
    "CQP",
    "Certificat",
    "Aucun",
)


#: Structured facts that matter when applying (labels for people: templates/discovery/facts.html).
PERMITS = ("permis-b", "caces", "habilitation-electrique", "acaced", "hygiene-alimentaire")
PHYSICAL = ("station-debout", "port-de-charges", "horaires-decales", "week-end", "froid", "deplacements", "ecran")
CONTRACTS = ("cdi", "cdd", "apprentissage", "professionnalisation", "interim", "saisonnier", "temps-partiel")


class Strict(BaseModel):
    """A content block: unknown keys are errors, strings are trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Source(Strict):
    titre: str = Field(min_length=3)
    #: The page of the fiche itself; a site's home page proves nothing and is refused.
    url: HttpUrl | None = None

    @field_validator("url")
    @classmethod
    def _not_a_home_page(cls, value: HttpUrl | None) -> HttpUrl | None:
        if value is not None and (value.path or "/").strip("/") in ("", "metierscope"):
            raise ValueError(f"« {value} » est une page d'accueil : citer la page de la fiche elle-même (ou seulement le titre)")
        return value


class Titre(Strict):
    masculin: str = Field(min_length=2, max_length=80)
    feminin: str = Field(min_length=2, max_length=80)
    #: Short, gender-inclusive label for buttons (a phone cuts them after ~32 characters).
    court: str | None = Field(default=None, min_length=2, max_length=32)


class Rome(Strict):
    code: str
    verifie: bool = True

    @field_validator("code")
    @classmethod
    def _format(cls, value: str) -> str:
        if not ROME_PATTERN.match(value):
            raise ValueError(f"code ROME mal formé « {value} » (attendu : une lettre A-N et 4 chiffres, ex. D1106)")
        return value


class Acces(Strict):
    diplome: str = Field(min_length=2)
    type: Literal[DIPLOMA_TYPES]  # type: ignore[valid-type]
    niveau: int | None = Field(default=None, ge=3, le=8)
    duree: str | None = None
    alternance: bool = False


class Salaire(Strict):
    """Starting pay at full time (35 h a week), per month, in euros, with its source and year."""

    #: smic: starts around the SMIC; plancher: only the SMIC floor is certain (management jobs usually
    #: earn more, per the branch grid); grille: the branch's minimum grid; enquete: a public survey.
    repere: Literal["smic", "plancher", "grille", "enquete"]
    brut: tuple[int, int]
    net: tuple[int, int]
    source: str = Field(min_length=3)
    url: HttpUrl | None = None
    annee: int = Field(ge=2000, le=2100)

    @field_validator("brut", "net")
    @classmethod
    def _range(cls, value: tuple[int, int]) -> tuple[int, int]:
        if value[0] > value[1]:
            raise ValueError(f"fourchette à l'envers : {value[0]} est plus grand que {value[1]}")
        if not 500 <= value[0] <= 20000:
            raise ValueError(f"montant mensuel improbable pour un temps plein : {value[0]} €")
        return value


class Metier(Strict):
    id: str = Field(pattern=ID_PATTERN)
    titre: Titre
    synonymes: list[str] = []
    rome: list[Rome] = []
    accroche: str = Field(min_length=10, max_length=300)
    quotidien: list[str] = Field(min_length=2)
    qualites: list[str] = Field(min_length=2)
    conditions: str = Field(min_length=10)
    acces: list[Acces] = Field(min_length=1)
    #: true only when one ``acces`` entry has type « Aucun » (how one starts without a diploma), and back
    sans_diplome: bool
    evolutions: list[str] = Field(min_length=1)
    #: jobs close to this one (same skills, another branch or level); shown both ways
    metiers_proches: list[str] = []
    #: licences and certificates asked or useful (may be empty, but the key is required)
    permis_certificats: list[Literal[PERMITS]]  # type: ignore[valid-type]
    exigences_physiques: list[Literal[PHYSICAL]] = Field(min_length=1)  # type: ignore[valid-type]
    contrats: list[Literal[CONTRACTS]] = Field(min_length=1)  # type: ignore[valid-type]
    interets: list[str] = Field(min_length=1)
    salaire: Salaire
    sources: list[Source] = Field(min_length=1)
    revise_le: dt.date

    @model_validator(mode="after")
    def _no_diploma_rule(self) -> "Metier":
        aucun = any(a.type == "Aucun" for a in self.acces)
        if self.sans_diplome and not aucun:
            raise ValueError("sans_diplome: true demande une entrée d'accès de type « Aucun » qui dit comment on commence sans diplôme")
        if aucun and not self.sans_diplome:
            raise ValueError("une entrée d'accès de type « Aucun » demande sans_diplome: true")
        return self

    @field_validator("interets")
    @classmethod
    def _known_tags(cls, value: list[str]) -> list[str]:
        unknown = [tag for tag in value if tag not in INTEREST_TAGS]
        if unknown:
            raise ValueError(f"centres d'intérêt inconnus : {', '.join(unknown)} (connus : {', '.join(INTEREST_TAGS)})")
        return value


class Branche(Strict):
    id: str = Field(pattern=ID_PATTERN)
    nom: str = Field(min_length=3, max_length=120)
    nom_court: str = Field(min_length=3, max_length=40)
    idcc: str = Field(pattern=r"^[0-9]{4}$")
    idcc_statut: Literal["confirme", "probable", "non_verifie"]
    #: what is known about the number, with its certainty (e.g. a convention that replaced an older one)
    idcc_precision: str | None = None
    emoji: str = Field(min_length=1, max_length=8)
    accroche: str = Field(min_length=10, max_length=300)
    presentation: str = Field(min_length=40, max_length=900)
    tags: list[str] = []
    sources: list[Source] = Field(min_length=1)
    revise_le: dt.date


class BrancheFile(Strict):
    """One file of ``content/metiers/``: a branch and its jobs."""

    branche: Branche
    #: at least 4 jobs per branch (issue 15): a branch page is never thin
    metiers: list[Metier] = Field(min_length=4)


class Smic(Strict):
    horaire_brut: float = Field(gt=0)
    mensuel_brut: float = Field(gt=0)
    mensuel_net: float = Field(gt=0)
    depuis: dt.date
    certitude: Literal["confirme", "probable", "non_verifie"]
    source: Source


class Bareme(Strict):
    age: str
    #: share of the SMIC (%) in the 1st, 2nd and 3rd year of the contract
    parts: tuple[int, int, int]
    precision: str | None = None


class Apprentissage(Strict):
    explication: str = Field(min_length=20)
    regle: str
    source: Source
    baremes: list[Bareme] = Field(min_length=1)
    a_savoir: list[str] = []


class AlternanceFile(Strict):
    """``content/alternance.yaml``: the SMIC and the apprentice pay rule, written once for every job."""

    smic: Smic
    apprentissage: Apprentissage

    def apprentice_pay(self, share: int) -> int:
        """Gross monthly pay (euros, rounded) for a share of the SMIC."""
        return round(self.smic.mensuel_brut * share / 100)


class Departement(Strict):
    code: str = Field(pattern=r"^([0-9]{2}|2A|2B|97[1-6])$")
    nom: str


class Region(Strict):
    code: str = Field(pattern=r"^[0-9]{2}$")
    nom: str
    #: Other ways of writing it (« PACA », « IDF », old regions), understood when typed.
    alias: list[str] = []
    departements: list[Departement] = Field(min_length=1)


class RegionsFile(Strict):
    regions: list[Region]


class Contact(Strict):
    reseau: Literal["ARML", "Opcommerce"]
    nom: str
    role: str | None = None
    telephone: str | None = None
    email: str | None = None
    site: HttpUrl | None = None
    exemple: bool = False


class RegionContacts(Strict):
    region: str = Field(pattern=r"^[0-9]{2}$")
    contacts: list[Contact] = []


class ContactsFile(Strict):
    trouver_ma_mission_locale: str
    lien_annuaire: HttpUrl
    regions: list[RegionContacts] = []


class MissionLocale(Strict):
    """One Mission Locale of the directory (``content/missions_locales.yaml``)."""

    id: str = Field(pattern=ID_PATTERN)
    nom: str = Field(min_length=3, max_length=160)
    region: str = Field(pattern=r"^[0-9]{2}$")
    adresse: str | None = Field(default=None, max_length=300)
    code_postal: str = Field(pattern=r"^[0-9]{5}$")
    commune: str = Field(min_length=1, max_length=120)
    telephone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=200)
    site: HttpUrl | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    #: The postal codes the Mission Locale covers (empty: unknown, the nearest one is chosen).
    codes_postaux: list[str] = []
    #: The INSEE codes of the communes it covers, as published by the directory (informative).
    communes: list[str] = []
    exemple: bool = False

    @field_validator("codes_postaux")
    @classmethod
    def _postal_codes(cls, value: list[str]) -> list[str]:
        wrong = [code for code in value if not re.fullmatch(r"[0-9]{5}", code)]
        if wrong:
            raise ValueError(f"codes postaux mal formés : {', '.join(wrong)} (attendu : 5 chiffres, entre guillemets)")
        return value

    @field_validator("communes")
    @classmethod
    def _insee_codes(cls, value: list[str]) -> list[str]:
        wrong = [code for code in value if not re.fullmatch(r"[0-9]{2}[0-9AB][0-9]{2}|97[0-9]{3}", code)]
        if wrong:
            raise ValueError(f"codes INSEE de communes mal formés : {', '.join(wrong)}")
        return value


class MissionsLocalesFile(Strict):
    source: str | None = None
    missions_locales: list[MissionLocale] = []


#: Where an intent leads (templates ``bot/templates/intents/<screen>.html``, or a feature's screen).
INTENT_SCREENS = (
    "detresse", "secours", "arret", "contact", "aide", "menu", "alternance", "stage", "cv", "salaire", "sans_diplome",
    "offres", "indecis", "bonjour", "merci", "au_revoir", "bavardage", "branche",
    "quiz", "favoris", "evenements", "inscriptions", "alertes",  # a feature's own screen (bot/screens.py)
)


class Intention(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,38}[a-z0-9]$")
    ecran: Literal[INTENT_SCREENS]  # type: ignore[valid-type]
    branche: str | None = None
    #: Phrasings found anywhere in a message (even a long one).
    partout: list[str] = []
    #: Phrasings that must be the whole message (small words aside).
    seul: list[str] = []

    @field_validator("partout", "seul")
    @classmethod
    def _phrases(cls, value: list[str]) -> list[str]:
        for phrase in value:
            if not phrase.split() or not all(any(c.isalnum() for c in alt) for slot in phrase.split() for alt in slot.split("|")):
                raise ValueError(f"expression « {phrase} » : chaque mot doit contenir une lettre ou un chiffre")
        return value


class Lieux(Strict):
    #: Beginnings removed before looking for a place (« j'habite à »).
    avant: list[str] = []


class IntentionsFile(Strict):
    """``content/intentions.yaml``: what young people write, and where it leads."""

    abreviations: dict[str, str] = {}
    mots_vides: list[str] = []
    intentions: list[Intention] = Field(min_length=1)
    lieux: Lieux = Lieux()


class Lien(Strict):
    id: str = Field(pattern=ID_PATTERN)
    libelle: str = Field(min_length=3, max_length=40)
    #: With the person's département (``{departement}``), and without it.
    url: str
    url_sans_lieu: str
    #: With only the person's region known (``{region}``, its INSEE code); absent: ``url_sans_lieu``.
    url_region: str | None = None
    #: The label when only the region is known / when no place is known (absent: ``libelle``).
    libelle_region: str | None = Field(default=None, min_length=3, max_length=40)
    libelle_sans_lieu: str | None = Field(default=None, min_length=3, max_length=40)


class Campagne(Strict):
    #: the ``<campagne>`` of a ``src_<campagne>`` link or poster QR code (as ``passerelle qr`` prints it)
    id: str
    libelle: str = Field(min_length=3, max_length=80)

    @field_validator("id")
    @classmethod
    def _key(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z0-9_-]{1,40}", value):
            raise ValueError(f"clé de campagne « {value} » : minuscules, chiffres, « - » ou « _ », 40 caractères au plus (comme dans src_<campagne>)")
        return value


class CampagnesFile(Strict):
    """``content/campagnes.yaml``: the campaigns the statistics name even when few people came by them."""

    campagnes: list[Campagne] = []


class OrdreBranchesFile(Strict):
    """``content/ordre_branches.yaml``: the order of the branch list (biggest employers first)."""

    branches: list[str] = []


class LiensFile(Strict):
    """``content/liens.yaml``: the next-step links of a job card."""

    liens: list[Lien] = Field(min_length=1)
