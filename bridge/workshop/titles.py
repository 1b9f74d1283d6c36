"""The words of job titles and organisation names that tell a participant's role.

A registration form asks for a job title and an organisation, rarely for a role. The
role is read from them in this order, first match wins:

1. `TITLE_RULES`, in order: words of the job title, some only at an organisation of
   given sectors ("Policy Manager" at a platform is Trust & Safety, at a ministry a
   policymaker);
2. the sector of the organisation (`SECTOR_ROLES`): its catalogue record's sector when
   the catalogue knows it, else the first sector its name's words suggest
   (`ORGANISATION_WORDS`: "University" is academia, "Police" law enforcement);
3. the role vocabulary's own labels and synonyms anywhere in the job title.

Words are matched whole, without regard to case, accents or punctuation ("Trust &
Safety" and "trust and safety" both match). Sectors are the catalogue's, plus
`education` for schools.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TitleRule:
    """Job-title words that mean a role; with `sectors`, only at organisations of them."""

    role: str
    words: tuple[str, ...]
    sectors: frozenset[str] = frozenset()


TECH = frozenset({"tech-industry"})
FUNDERS = frozenset({"funder"})

TITLE_RULES: tuple[TitleRule, ...] = (
    TitleRule(
        "trust-safety",
        ("trust & safety", "trust and safety", "t & s", "content moderation",
         "content moderator", "moderator", "moderation", "content policy", "integrity"),
    ),
    TitleRule(
        "law-enforcement",
        ("detective", "police", "policing", "constable", "sergeant", "superintendent",
         "investigator", "investigations officer", "victim identification", "prosecutor",
         "special agent", "law enforcement", "cybercrime", "cyber crime"),
    ),
    TitleRule(
        "helpline",
        ("helpline", "hotline", "counsellor", "counselor", "counselling", "counseling",
         "case worker", "caseworker", "social worker", "frontline", "call handler",
         "support worker", "outreach worker"),
    ),
    TitleRule(
        "researcher",
        ("lecturer", "professor", "phd", "ph d", "doctoral", "postdoctoral", "postdoc",
         "research fellow", "researcher", "research associate", "research assistant",
         "research officer", "research scientist", "head of research", "research director",
         "research lead", "reader in", "scientist", "academic", "criminologist"),
    ),
    TitleRule(
        "educator",
        ("teacher", "headteacher", "head teacher", "deputy head", "head of year",
         "educator", "education officer", "education lead", "trainer", "curriculum",
         "e safety", "school"),
    ),
    TitleRule(
        "funder",
        ("grants", "grant manager", "grantmaking", "grant making", "philanthropy",
         "philanthropic"),
    ),
    TitleRule(
        "funder",
        ("programme officer", "program officer", "programme manager", "program manager",
         "portfolio", "investment", "investments"),
        FUNDERS,
    ),
    TitleRule(
        "trust-safety",
        ("policy", "safety", "trust", "risk", "wellbeing", "well being", "protection",
         "abuse", "harms", "investigations", "enforcement"),
        TECH,
    ),
    TitleRule(
        "policymaker",
        ("member of parliament", "mp", "senator", "legislator", "minister", "civil servant",
         "parliamentary", "regulator", "commissioner"),
    ),
)  # fmt: skip

# The role of a person at an organisation of each sector, when the job title says nothing
# more particular.
SECTOR_ROLES = {
    "tech-industry": "tech-industry",
    "civil-society": "civil-society",
    "academia": "researcher",
    "government": "policymaker",
    "law-enforcement": "law-enforcement",
    "un-agency": "policymaker",
    "funder": "funder",
    "helpline-hotline": "helpline",
    "multi-stakeholder": "civil-society",
    "education": "educator",
}

# Words of an organisation's name and the sector each suggests, most telling first.
# "Foundation" suggests civil society first, then a funder: a programme officer at one
# reads as a funder, anyone else as civil society.
ORGANISATION_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("law-enforcement", ("police", "policing", "constabulary", "gendarmerie", "crime agency",
                         "law enforcement", "europol", "interpol", "sheriff")),
    ("helpline-hotline", ("helpline", "hotline", "childline", "child line", "lifeline")),
    ("education", ("school", "schools", "primary", "secondary", "academy", "high school",
                   "grammar school", "kindergarten")),
    ("academia", ("university", "universidad", "universidade", "universite", "universitat",
                  "universiteit", "college", "polytechnic", "institute of technology",
                  "research centre", "research center", "research institute")),
    ("un-agency", ("unicef", "unodc", "unesco", "unhcr", "undp", "unfpa", "un women",
                   "united nations", "itu")),
    ("government", ("ministry", "ministerio", "ministere", "department of",
                    "department for", "government", "parliament", "senate", "commission",
                    "commissioner", "regulator", "regulatory", "authority", "home office",
                    "cabinet office", "office of the")),
    ("tech-industry", ("technologies", "technology", "tech", "software", "platform",
                       "platforms", "app", "apps", "games", "gaming", "messaging", "cloud",
                       "inc", "corp", "corporation", "llc", "gmbh")),
    ("civil-society", ("ngo", "charity", "foundation", "society", "association",
                       "alliance", "coalition", "network", "initiative", "campaign",
                       "movement", "ecpat", "save the children", "world vision",
                       "plan international", "terre des hommes", "child rights",
                       "children s", "for children")),
    ("funder", ("foundation", "fund", "funds", "philanthropies", "philanthropy",
                "endowment", "grantmakers")),
)  # fmt: skip
