"""Writes microsoft-forms.xlsx: a workshop registration as Microsoft Forms exports it (ID,
Start time, Completion time, Email, Name, Last modified time, then one column per
question; several choices joined by `;` with one at the end). Every person, organisation,
address and number is made up. Run from anywhere: `python tests/data/registration/make_xlsx.py`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
HEADERS = [
    "ID",
    "Start time",
    "Completion time",
    "Email",
    "Name",
    "Last modified time",
    "Organisation name",
    "What is your job title?",
    "Which country are you based in?",
    "Which topics are you most interested in?",
    "What would you like to get out of the workshop?",
    "Mobile number (optional)",
]
GROOMING, SEXTORTION, CSAM = "Online grooming", "Sextortion", "Child sexual abuse material"
LIVE, SELF = "Livestreamed child sexual abuse", "Self-generated sexual material"
AI, TRAFFICKING = "AI-generated sexual material", "Trafficking for sexual exploitation"
SAFETY = "Online harms and safety"
# name, organisation, job title, country, topics, hopes, mobile
PEOPLE = [
    ("Aroha Ngata", "Tuatara Apps Ltd", "Head of Trust & Safety", "New Zealand",
     [SEXTORTION, SELF], "How other platforms handle reports of sextortion", "+64 555 0101"),
    ("Samira Haddad", "Levant University", "Assistant Professor of Computer Science",
     "Lebanon", [AI, CSAM], "Partners for research on detecting synthetic material", ""),
    ("Raj Patel", "Mumbai City Police", "Detective Inspector, Cyber Crime Cell", "India",
     [CSAM, LIVE], "Faster data requests to platforms", "+91 555 010 1002"),
    ("Lindiwe Khumalo", "Ubuntu Child Line", "Counselling Team Lead", "South Africa",
     [GROOMING, SEXTORTION], "Referral routes for children who report online abuse", ""),
    ("Marco Bianchi", "Italian Ministry for Families", "Legal Advisor", "Italy",
     [AI, SAFETY], "What regulation of deepfakes looks like elsewhere", "+39 555 010 1004"),
    ("Park Ji-ho", "Hangang Institute of Technology", "Postdoctoral Researcher",
     "Korea (Republic of)", [SELF, SAFETY], "Data on how young people share images", ""),
    ("Emma Johansson", "Fjord Video AB", "Content Policy Specialist", "Sweden",
     [CSAM, SAFETY], "Shared hash lists and policy wording", "+46 555 010 1006"),
    ("Olumide Adeyemi", "Naija Safe Kids Initiative", "Founder and CEO", "Nigeria",
     [SEXTORTION], "Funding and partners for a campaign on financial sextortion", ""),
    ("Sophie Laurent", "Saint-Exupéry High School", "Teacher of Computing", "France",
     [GROOMING, SELF], "Lesson material on online grooming for 12 to 14 year olds",
     "+33 555 01 10 08"),
    ("Hiroshi Sato", "Sakura Social Network Inc.", "Safety Policy Manager", "Japan",
     [GROOMING, AI], "How others design safety features for teens", ""),
    ("Catherine Njoroge", "Kenya Child Welfare Society", "Case Worker", "Kenya",
     [GROOMING, TRAFFICKING], "Better links with police and platforms", "+254 555 010 110"),
    ("Ana Lucía Rojas", "Safe Childhood Foundation Peru", "Programme Director", "Peru",
     [LIVE, TRAFFICKING], "Evidence on livestreamed abuse in Latin America", ""),
    ("David Levy", "Trustline Philanthropies", "Program Officer", "Israel",
     [SAFETY], "Where funding would make the biggest difference", "+972 555 010 112"),
    ("Yusuf Demir", "Anatolia Tech", "Backend Developer", "Türkiye",
     [SAFETY, AI], "Safety by design in practice", ""),
    ("Nadia Rahman", "Dhaka Institute of Public Health", "Research Officer", "Bangladesh",
     [TRAFFICKING, LIVE], "Contacts for a study of trafficking and online recruitment",
     "+880 555 010 114"),
    ("Patrick Byrne", "Dublin Metropolitan Police", "Sergeant, Online Child Exploitation Unit",
     "Ireland", [CSAM, SEXTORTION], "Victim identification work across borders", ""),
    ("Lucie Novak", "Czech Safer Internet Hotline", "Report Analyst", "Czech Republic",
     [CSAM], "How other hotlines classify reports", "+420 555 010 116"),
    ("Ibrahim Diallo", "Sahel Children's Rights Coalition", "Advocacy Officer", "Senegal",
     [GROOMING, SAFETY], "Policy change on child online protection in West Africa", ""),
    ("Hana Kovač", "Croatian Ministry of Justice", "Senior Policy Officer", "Croatia",
     [SEXTORTION, AI], "Laws on sexual extortion and synthetic images", "+385 555 010 118"),
    ("Michael Brown", "Westbrook Academy", "Designated Safeguarding Lead", "UK",
     [GROOMING, SELF], "Advice for parents and staff", ""),
    ("Priscilla Boateng", "Accra Girls' Secondary School", "ICT Teacher", "Ghana",
     [GROOMING, SEXTORTION], "Classroom resources", "+233 555 010 120"),
    ("Leila Ahmadi", "Caspian Messaging Platforms", "Trust and Safety Analyst", "Azerbaijan",
     [SEXTORTION, GROOMING], "Signals of grooming in private messages", ""),
    ("Gustavo Lima", "Protect Children Network Brazil", "Hotline Coordinator", "Brazil",
     [CSAM, SELF], "Cooperation with hotlines abroad", "+55 555 0101 22"),
    ("Yuki Watanabe", "Kansai College of Social Sciences", "Research Assistant", "Japan",
     [SELF], "Methods for surveys of children", ""),
    ("Olga Petrenko", "Kyiv Child Rights Centre", "Psychologist", "Ukraine",
     [GROOMING, TRAFFICKING], "Support for displaced children online", "+380 555 010 124"),
    ("Erik Andersen", "Danish Online Safety Authority", "Head of Regulatory Policy", "Denmark",
     [SAFETY, CSAM], "What platforms find workable in regulation", ""),
    ("Mwajuma Said", "Zanzibar Youth Helpline", "Volunteer Counsellor", "Tanzania",
     [GROOMING, SEXTORTION], "Training for counsellors on sextortion", "+255 555 010 126"),
    ("Arjun Mehta", "Chai Chat Technologies", "Senior Product Manager, Teen Safety", "India",
     [SEXTORTION, SELF], "Design patterns that protect teens", ""),
    ("Zainab Kamara", "Freetown Children's Network", "Programme Coordinator", "Sierra Leone",
     [TRAFFICKING, GROOMING], "Partners for community awareness work", "+232 555 010 128"),
    ("Tran Van Minh", "Mekong Child Protection Foundation", "Grants Officer", "Viet Nam",
     [LIVE, TRAFFICKING], "Which projects in the Mekong region need funding", ""),
    ("Isabella Rossi", "University of the Alps", "Lecturer in Law", "Switzerland",
     [AI, CSAM], "How the law treats child pornography made with AI", "+41 555 010 130"),
    ("Kofi Mensah", "Abidjan Police Cybercrime Platform", "Intelligence Analyst",
     "Côte d'Ivoire", [SEXTORTION, CSAM], "Links to platforms' law enforcement teams", ""),
    ("Rebecca Taylor", "Northland Children's Commissioner Office", "Policy Adviser",
     "Australia", [SAFETY, SELF], "What young people ask of regulators", "+61 555 010 132"),
    ("Sebastián Vargas", "Andes Games Studio", "Community Moderator", "Chile",
     [GROOMING], "Tools that help moderators spot grooming in games chat", ""),
    ("Nomvula Sithole", "Johannesburg Institute for Child Studies", "Senior Researcher",
     "South Africa", [SEXTORTION, TRAFFICKING], "Data sharing with helplines", "+27 555 010 134"),
    ("Amir Karimi", "Hope for Children Charity", "Fundraising Manager", "United Kingdom",
     [SAFETY], "Which programmes donors are funding", ""),
    ("Elif Yilmaz", "Bosphorus University of Technology", "PhD Researcher", "Turkey",
     [AI, SELF], "Datasets for research on deepfakes", "+90 555 010 136"),
    ("Mateo García", "Ministry of Women and Children", "Deputy Minister", "Guatemala",
     [TRAFFICKING, SEXTORTION], "Regional cooperation in Central America", ""),
    ("Sara Lindgren", "Northern Lights Foundation", "Investment Director", "",
     [SAFETY, GROOMING], "Co-funding work across the Nordic countries, Finland first",
     "+358 555 010 138"),
    ("Noah Williams", "Bluebird Video Platform", "Software Engineer", "Canada",
     [CSAM, LIVE], "Detecting livestreamed abuse at scale", ""),
]  # fmt: skip


def email(name: str) -> str:
    local = ".".join(name.lower().replace("'", "").split())
    return f"{local}@example.net"


def rows() -> list[list[object]]:
    started = dt.datetime(2025, 4, 7, 9, 0, 0)
    table: list[list[object]] = []
    for number, (name, org, title, country, topics, hopes, mobile) in enumerate(PEOPLE, 1):
        start = started + dt.timedelta(hours=5 * number, minutes=7 * number)
        done = start + dt.timedelta(minutes=3, seconds=11 * number % 60)
        choices = "".join(f"{topic};" for topic in topics)
        cells = [number, start, done, email(name), name, done, org, title, country or None]
        table.append(cells + [choices, hopes, mobile or None])
    return table


def main() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(HEADERS)
    for row in rows():
        sheet.append(row)
    for column in ("B", "C", "F"):
        for cell in sheet[column][1:]:
            cell.number_format = "m/d/yy h:mm:ss"
    fixed = dt.datetime(2025, 4, 30, 12, 0, 0)
    book.properties.creator = "Microsoft Forms"
    book.properties.created = book.properties.modified = fixed
    book.save(HERE / "microsoft-forms.xlsx")


if __name__ == "__main__":
    main()
