"""The rest of the benchmark corpus's vocabulary (bench/gen_corpus.py): audiences' names, page
kinds and owners, sentences for each audience, sentences with slots, headings, titles, summaries,
link sentences, footnotes, notes, tables and code blocks, and the picker that draws a page's
sentences from them. Every sentence here was written for the generator, and the corpus is made
from them: a change here changes every corpus generated after it.
"""

import re

from corpus_topics import TOPICS

AUDIENCE_PHRASE = {
    "parents": "parents and carers",
    "children-8-10": "children",
    "young-people": "young people",
    "professionals": "professionals",
    "schools": "schools and settings",
}
AUDIENCE_FALLBACK_NAMES = {
    "parents": "Parents and carers",
    "children-8-10": "Children aged 8 to 10",
    "young-people": "Young people aged 11 to 18",
    "professionals": "Professionals and volunteers",
    "schools": "Schools and settings",
}
KINDS = {  # audience -> (kind, weight)
    "parents": [("guide", 50), ("page", 30), ("tips", 20)],
    "children-8-10": [("tips", 45), ("page", 40), ("guide", 15)],
    "young-people": [("guide", 40), ("page", 35), ("tips", 25)],
    "professionals": [("guide", 55), ("page", 35), ("tips", 10)],
    "schools": [("guide", 55), ("page", 35), ("tips", 10)],
}
OWNERS = [
    "Online safety lead",
    "Designated safeguarding lead",
    "Partnership business manager",
    "Education safeguarding adviser",
    "Communications officer",
    "Training coordinator",
]

AUDIENCE_SENTENCES = {
    "parents": [
        "You know your child best, and you are often the first to notice when something has changed.",
        "Keep talking little and often, in the car or while cooking, rather than saving it for one big conversation.",
        "Controls and filters help, but they work best alongside an open relationship.",
        "Let your child know they can come to you whatever has happened, and that you will stay calm.",
        "Other parents are often facing the same questions, so it can help to agree rules together.",
        "If you are worried, your child's school can offer advice and may already know about an issue.",
        "You do not need to be an expert in every app to keep your child safe.",
        "Review settings together every few months, because apps and your child both change.",
        "Praise your child when they tell you about something that went wrong online.",
        "Carers and grandparents who look after your child may need to know the family rules too.",
        "The NSPCC helpline on 0808 800 5000 is there for adults worried about a child.",
        "Try asking what your child enjoys online before asking what worries them.",
    ],
    "young-people": [
        "Most of what you do online is good, and this guide is about keeping it that way.",
        "You have the right to feel safe online, and to ask for help when you do not.",
        "Talking to someone you trust is not snitching, it is looking after yourself.",
        "Childline is free and confidential for anyone under 19, by phone or online chat.",
        "If you are 13 or over, Report Harmful Content can help once you have reported to the platform.",
        "You can change your settings at any time, and you do not have to explain why.",
        "Friends sometimes need help too, so know where to point them.",
        "It is okay to block people, even people you know.",
        "Nobody has the right to pressure you into anything online.",
        "Looking after your mental health includes how you use your phone.",
        "If something goes wrong, it can be sorted, and you do not have to deal with it alone.",
        "Trust your instincts, because if something feels off, it probably is.",
    ],
    "children-8-10": [
        "The internet can be a fun place to play, learn and chat.",
        "Always tell a grown-up you trust if something online makes you feel worried.",
        "Keep your name, school and home address private.",
        "Be kind to others online, just like you would be in real life.",
        "You will not be in trouble for telling someone.",
        "If something pops up that you do not like, close the screen and tell a grown-up.",
        "Ask before you download a new app or game.",
        "Not everyone online is who they say they are.",
        "You can talk to Childline on 0800 1111 at any time.",
        "It is okay to say no online.",
        "Take breaks and play away from screens too.",
        "Your grown-up can help you set up your games and apps safely.",
        "Only chat with people you know in real life.",
        "Passwords are secret, so only share them with your parent or carer.",
    ],
    "professionals": [
        "Follow your organisation's safeguarding procedures and speak to the designated safeguarding lead without delay.",
        "Record concerns factually, in the child's own words where possible, with the date and time.",
        "Online and offline harm are often linked, so consider the whole picture of a child's life.",
        "The Professionals Online Safety Helpline offers advice on weekdays on 0344 381 4772.",
        "Working Together to Safeguard Children 2023 sets out how the three safeguarding partners lead local arrangements.",
        "Concerns about an adult who works with children should be referred to the local authority designated officer.",
        "Avoid promising confidentiality, but explain who you will need to tell and why.",
        "Practitioners should keep their own social media private and never contact children through personal accounts.",
        "Multi-agency working means sharing information proportionately and recording the reasons.",
        "Training should be refreshed regularly so that staff recognise new and emerging online harms.",
        "Children with special educational needs and disabilities can be at greater risk online and may need tailored support.",
        "Supervision offers a space to reflect on difficult online safety cases.",
    ],
    "schools": [
        "KCSIE is updated every September, so policies should be reviewed against the new edition.",
        "The designated safeguarding lead takes lead responsibility for online safety, including filtering and monitoring.",
        "The DfE filtering and monitoring standards expect a named senior leader and governor to be responsible.",
        "Filtering and monitoring provision should be reviewed at least once a year.",
        "Filtering should block harmful and inappropriate content without unreasonably affecting teaching and learning.",
        "An acceptable use agreement helps pupils, staff and visitors understand what is expected.",
        "Online safety should be taught across the curriculum, not only in computing lessons.",
        "Education for a Connected World sets out what pupils should know at each age band.",
        "Governors should ask for regular reports on online safety incidents and trends.",
        "Staff training should include how to respond to a disclosure about nude image sharing.",
        "Parents value clear communication from the school about the apps and risks pupils are talking about.",
        "Incidents should be logged in the school's safeguarding system so that patterns can be spotted.",
    ],
}

CHILD_EXTRA = [
    "A grown-up you trust could be a parent, a carer, a teacher or an older cousin.",
    "Some games let you chat with other players, and some do not.",
    "You can turn the sound off or close the game if it gets scary.",
    "Nobody should ask you to keep a secret from your family.",
    "If a message makes your tummy feel funny, that is a sign to tell someone.",
    "Good friends online are kind and do not ask for pictures.",
    "You can say stop, log off and walk away.",
    "Pop-ups that say you have won a prize are usually tricks.",
    "Ask your grown-up to help you make a strong password.",
    "A nickname is safer than your real name in games.",
    "Everyone makes mistakes online, and you can always put things right.",
    "Being online should feel fun, not worrying.",
    "If a friend is being picked on, you can tell a grown-up for them.",
    "Screens off an hour before bed helps you sleep well.",
    "You can ask your teacher about anything that worried you online.",
    "Some videos are made for grown-ups and are not meant for you.",
    "You do not have to answer questions about where you live.",
    "Buying things in games costs real money, so always ask first.",
    "If you see something you did not want to see, it is not your fault.",
    "Making a list of people you trust means you always know who to ask.",
]
CHILD_BULLETS = [
    "Tell a grown-up you trust", "Keep your password secret", "Use a nickname, not your real name",
    "Ask before you download", "Only chat to people you know", "Be kind to others",
    "Take breaks from screens", "Close the screen if you feel worried", "Never share your address",
    "Ask before you buy anything", "Block and report mean players", "Call Childline on 0800 1111",
]

PARENT_SHORT = [
    "Stay calm and listen.",
    "Ask open questions.",
    "Keep the door open.",
    "Thank your child for telling you.",
    "You are not alone in this.",
    "Small steps help.",
    "Check the settings together.",
    "Agree the rules as a family.",
    "Keep devices in shared rooms when you can.",
    "Talk about it often.",
    "Your child needs to know they can tell you.",
    "It is never too late to start.",
    "Take a screenshot first.",
    "Then block and report.",
    "Ask the school for help.",
    "Most children are fine online.",
    "Be curious, not cross.",
    "Set a good example with your own phone.",
    "Look at the app together.",
    "Try it yourself first.",
]

GENERAL_ADULT = [
    "Online safety is about skills and relationships as well as settings.",
    "If a child is in immediate danger, call 999.",
    "Platforms change their features often, so check settings again after updates.",
    "Every child is different, and what suits one family or setting may not suit another.",
    "Small, regular conversations build the trust needed for bigger ones.",
    "Children learn most from seeing adults handle problems calmly.",
    "Reporting tools work better when people know where to find them before they need them.",
    "Harm online can be just as serious as harm offline.",
    "When in doubt, seek advice rather than waiting to see what happens.",
    "Young people often turn to friends first, so peer support matters.",
    "The Online Safety Act 2023 places duties on platforms, which Ofcom enforces.",
    "Check the official guidance, because details change over time.",
    "A calm response makes it more likely that a child will speak up again.",
    "Technology moves quickly, but the principles of keeping children safe stay the same.",
    "Use the report button on the platform as well as telling someone who can help.",
]

# Sentences with slots, filled per use so that pages differ more than the fixed pools allow.
ADULT_TEMPLATES = [
    "On a {device}, the {settings} are usually in the settings menu, sometimes behind a PIN.",
    "If a child uses {app}, check who can contact them and what they can see.",
    "{Role} may be the first person a child tells, so it helps to know the local procedures.",
    "Children aged {age} often start using {app}, sometimes before they reach the minimum age.",
    "Try agreeing a time, such as {time}, when devices go off for the night.",
    "Write down the date, time and username whenever something worrying happens on {app}.",
    "A new {device} is a good moment to agree the rules before it is switched on.",
    "Ask the child to show you how {app} works, and listen to what they like about it.",
]
CHILD_TEMPLATES = [
    "If you play on a {device}, ask a grown-up to help you set it up.",
    "When you use {app}, only talk to people you know.",
    "If something on {app} makes you sad, tell a grown-up you trust.",
    "Ask before you use a {device} in your bedroom.",
]
SLOTS = {
    "device": ["games console", "tablet", "smartphone", "laptop", "smart speaker", "smart TV",
               "family computer", "handheld console", "smartwatch"],
    "settings": ["family settings", "parental controls", "screen time settings", "privacy settings",
                 "content restrictions"],
    "app": ["a video-sharing app", "a messaging app", "an online game", "a social network",
            "a live-streaming site", "a group chat", "a photo-sharing app", "a forum", "a chatbot"],
    "Role": ["A teacher", "A sports coach", "A youth worker", "A school nurse", "A childminder",
             "A health visitor", "A librarian", "A foster carer", "A grandparent"],
    "age": [str(a) for a in range(8, 17)],
    "time": ["7.30pm", "8pm", "8.30pm", "9pm", "9.30pm"],
}
OPENERS = ["In practice, ", "Often, ", "As a rule, ", "Remember that ", "It is worth knowing that ",
           "In many cases, ", "Bear in mind that "]
OPENER_OK_FIRST = {"Most", "Many", "Some", "Children", "Young", "A", "An", "Groomers", "Scam",
                   "Online", "Viewers", "Influencers", "Filters", "Deepfake", "Disappearing", "Live",
                   "Shared", "Default", "Adults", "Schools", "Parents", "Platforms", "Harm",
                   "Location", "Group", "Gift", "Competitive", "Extremist", "Endless", "Outdoor"}

GENERIC_H2 = [
    "What to do next", "Where to get help", "Talking about it", "Why it matters", "Questions to ask",
    "Keeping a record", "Reporting a concern", "Building good habits", "Agreeing the rules",
    "If something goes wrong", "Checking in regularly", "Planning ahead", "Quick checklist",
    "Key points", "Common worries", "Settings to check", "Useful tools", "Supporting recovery",
    "Further reading", "A note for carers",
]
CHILD_H2 = ["What you can do", "Who can help", "Staying safe", "Being kind online", "If you feel worried",
            "Top tips", "Fun and safe"]
H3 = [
    "On phones and tablets", "On games consoles", "On a family computer", "At home", "At school",
    "In clubs and groups", "First steps", "After a few weeks", "When to escalate", "What to say",
    "What not to say", "For younger children", "For teenagers", "In an emergency",
    "Keeping evidence safe", "Getting support for yourself", "Following up", "A worked example",
    "Before you start", "Useful phrases",
]
CHILD_H3 = ["On a tablet", "In a game", "At home", "At school", "Ask a grown-up", "Good to know"]

TITLE_SUFFIX = {
    "parents": ["", "", ": a guide for parents", " at home", ": questions and answers"],
    "children-8-10": ["", "", " for kids", ": top tips"],
    "young-people": ["", "", ": what you need to know", ": straight answers"],
    "professionals": ["", "", ": guidance for practitioners", ": a briefing"],
    "schools": ["", "", ": guidance for schools", " in school"],
}
# When a title is already taken within an audience (safeguide's `check` warns about duplicates), the
# page gets a qualifier and/or a format prefix, so titles stay unique per audience.
TITLE_QUALIFIERS = {
    "parents": [" for families with younger children", " for foster carers", " for grandparents", " on holiday",
                " over the summer", " at Christmas", " after getting a new phone", " with teenagers",
                " with primary-age children", " for kinship carers", " at bedtime", " in the school holidays",
                " for separated parents", " when your child starts secondary school"],
    "children-8-10": [" at home", " at school", " on holiday", " with friends", " on a tablet",
                      " on a games console", " at a sleepover", " at after-school club", " on a phone",
                      " in the car", " at the weekend", " with your family"],
    "young-people": [" at college", " in sixth form", " at work", " in a relationship", " with friends",
                     " on a new phone", " over the summer", " when you start secondary school", " on holiday",
                     " at a party", " in group chats", " when you turn 13", " when you turn 16", " at 18"],
    "professionals": [" in youth clubs", " in sports clubs", " for children with SEND", " in faith settings",
                      " in children's homes", " for social workers", " for school nurses", " in football clubs",
                      " in uniformed groups", " for childminders", " in libraries", " for health visitors",
                      " for early help teams", " for foster carers", " in residential care"],
    "schools": [" in early years settings", " in primary schools", " in secondary schools", " in colleges",
                " for new staff", " for governors", " in special schools", " in alternative provision",
                " for supply staff", " for the DSL", " across a trust", " in boarding schools",
                " for teaching assistants", " for parents' evenings"],
}
TITLE_FORMATS = {
    "children-8-10": ["", "", "Top tips: ", "Quick guide: "],
}
DEFAULT_TITLE_FORMATS = ["", "", "A checklist: ", "Questions and answers: ", "Quick guide: ", "Step by step: ",
                         "Briefing: ", "Fact sheet: ", "Explainer: "]

SUMMARIES = [
    "{topic} for {aud}: what to look out for and what to do.",
    "Practical steps {aud} can take on {topic_lc}.",
    "How to spot problems with {topic_lc} and where to get help.",
    "A short guide to {topic_lc}, with settings to check and routes for reporting.",
    "What {aud} need to know about {topic_lc}, in plain English.",
]
CHILD_SUMMARIES = ["Easy tips about {topic_lc}.", "How to stay safe and have fun: {topic_lc}.",
                   "What to do if {topic_lc} goes wrong."]

LINK_SENTENCES = [
    "See [{t}]({h}) for more.",
    "There is more about this in [{t}]({h}).",
    "Our page on [{t}]({h}) explains the next steps.",
    "You may also find [{t}]({h}) useful.",
    "Read [{t}]({h}) if you need the details.",
]
FOOTNOTES = [
    "Keeping Children Safe in Education 2025, in force from 1 September 2025.",
    "Online Safety Act 2023; the new offences came into force on 31 January 2024.",
    "UKCIS, Sharing nudes and semi-nudes: advice for education settings, updated 2024.",
    "Ofcom's Protection of Children Codes apply from 25 July 2025.",
    "Childline is free on 0800 1111 for anyone under 19.",
    "UKCIS, Education for a Connected World, 2020 edition.",
    "Working Together to Safeguard Children 2023.",
    "DfE filtering and monitoring standards for schools and colleges, updated 2024.",
    "RSHE statutory guidance, July 2025, in force from September 2026.",
]
NOTES = [
    "If a child is in immediate danger, call 999.",
    "This page gives general guidance. Follow your own safeguarding procedures where you have them.",
    "Settings move between app updates, so the names in this guide may differ slightly on your device.",
    "You do not have to sort this out alone. Helplines are there to talk things through.",
    "Keep a note of what happened and when, in case you need it later.",
]
CHILD_NOTES = ["A grown-up you trust can always help.", "You will not be in trouble for asking for help.",
               "Childline is free on 0800 1111."]

TABLES = {
    "routes": (["Route", "Who it is for", "How to reach it"], [
        ["CEOP Safety Centre", "Under-18s worried about online sexual abuse or grooming", "Online report form"],
        ["Internet Watch Foundation", "Anyone who finds sexual images of children online", "Anonymous online report"],
        ["Report Remove", "Under-18s who want a nude image taken down", "Through Childline"],
        ["Report Harmful Content", "People aged 13 and over, after reporting to the platform", "Online form"],
        ["Childline", "Children and young people up to 19", "0800 1111"],
        ["NSPCC helpline", "Adults worried about a child", "0808 800 5000"],
        ["Professionals Online Safety Helpline", "People who work with children", "0344 381 4772 on weekdays"],
        ["Police", "Immediate danger, or a crime to report", "999 or 101"],
    ]),
    "settings": (["Device", "Where to find the setting", "What it controls"], [
        ["Games console", "Family settings in the console menu", "Chat, spending and age ratings"],
        ["Smartphone", "Screen time or digital wellbeing settings", "App limits and downtime"],
        ["Tablet", "Restrictions in the settings app", "Downloads, purchases and content"],
        ["Home broadband", "The provider's app or account page", "Filtering for every device at home"],
        ["Smart TV", "The profile or kids mode settings", "Programmes and apps by age"],
        ["Laptop", "The family account for the operating system", "Websites, apps and time limits"],
        ["Mobile network", "The network's account settings", "Adult content on mobile data"],
    ]),
    "four-cs": (["Area of risk", "Example", "A first step"], [
        ["Content", "Violent or hateful videos", "Use filters and talk about what was seen"],
        ["Contact", "An adult posing as a child", "Limit chat and report to CEOP"],
        ["Conduct", "Sharing a nude image", "Stay calm and follow the procedure"],
        ["Commerce", "Scams and gambling-style features", "Remove saved cards and set limits"],
    ]),
    "ages": (["Age", "What is common", "What helps"], [
        ["8 to 10", "A first tablet and games with chat", "Shared spaces and family settings"],
        ["11 to 13", "A first phone and group chats", "Agreed rules and regular check-ins"],
        ["14 to 16", "Social media and online friendships", "Trust, privacy settings and open talk"],
        ["17 to 18", "Independence, money and relationships", "Knowing where to get help"],
    ]),
    "actions": (["When", "Who", "What to do"], [
        ["At once", "Anyone", "Call 999 if a child is in immediate danger"],
        ["The same day", "Designated safeguarding lead", "Record and assess the concern"],
        ["Within 24 hours", "DSL or deputy", "Decide on a referral to children's services"],
        ["Within a week", "Online safety lead", "Check whether settings or filters need changing"],
        ["At the next review", "Governors or trustees", "Look at trends across incidents"],
    ]),
}
TABLE_CHOICE = {
    "parents": ["routes", "settings", "four-cs", "ages"],
    "children-8-10": ["routes", "settings", "ages"],
    "young-people": ["routes", "settings", "four-cs"],
    "professionals": ["routes", "four-cs", "actions", "ages"],
    "schools": ["routes", "four-cs", "actions", "settings"],
}


def code_block(rng, audience):
    """One fenced code block: yaml, bash or json, with a few varied values."""
    choice = rng.choice(["yaml", "bash", "json"])
    if choice == "yaml" and audience in ("schools", "professionals"):
        month = rng.randint(1, 12)
        return "yaml", [
            "# annual filtering and monitoring review",
            "review:",
            f"  date: 2026-{month:02d}-{rng.randint(1, 28):02d}",
            f"  senior_leader: {rng.choice(['Deputy headteacher', 'Headteacher', 'Business manager'])}",
            f"  governor: {rng.choice(['Safeguarding governor', 'Chair of governors', 'Trustee for safeguarding'])}",
            "  checks:",
            "    - name: illegal content is blocked",
            "      result: pass",
            f"    - name: {rng.choice(['generative AI sites are filtered', 'search is in safe mode', 'guest Wi-Fi is filtered'])}",
            f"      result: {rng.choice(['pass', 'partly', 'action needed'])}",
            f"  next_review: 2027-{month:02d}-01",
        ]
    if choice == "yaml":
        bed = rng.choice(["20:00", "20:30", "21:00", "21:30"])
        return "yaml", [
            "# our family's online agreement",
            "screen_time:",
            f"  school_days: {rng.choice(['1h', '90m', '2h'])}",
            f"  weekends: {rng.choice(['2h', '3h', '4h'])}",
            f'devices_off_at: "{bed}"',
            "phones_charge_in: kitchen",
            f"new_apps_need_permission: {rng.choice(['true', 'true', 'false'])}",
            "trusted_adults:",
            f"  - {rng.choice(['Mum', 'Dad', 'Gran', 'Grandad'])}",
            f"  - {rng.choice(['Aunt Sam', 'Uncle Dev', 'Mr Okafor at school', 'Ms Lee at school'])}",
        ]
    if choice == "bash":
        host = rng.choice(["adult-content", "gambling", "malware-test", "proxy-test"])
        return "bash", [
            "# check that the filter blocks a test category (run on the filtered network)",
            f"curl -sI https://{host}.example.org/ | head -n 1",
            "# a blocked request should show the filter's block page, not 200 OK",
            "nslookup example.org",
        ]
    answer = rng.choice(["Yes", "No", "Partly"])
    return "json", [
        "{",
        f'  "question": "{rng.choice(["Is there an acceptable use policy for staff?", "Are filtering reports reviewed each week?", "Do pupils know how to report a concern?", "Has the online safety policy been reviewed this year?"])}",',
        f'  "answer": "{answer}",',
        f'  "action": "{rng.choice(["Review before September", "Add to the next governors meeting", "No action needed", "Ask the DSL to follow up"])}",',
        f'  "owner": "{rng.choice(OWNERS)}"',
        "}",
    ]


def check_vocabulary():
    """Headings must give the same id under safeguide's rule and Hugo's GitHub-style rule."""
    pools = [GENERIC_H2, CHILD_H2, H3, CHILD_H3] + [t["headings"] for t in TOPICS]
    for pool in pools:
        for h in pool:
            assert re.fullmatch(r"[A-Za-z0-9]+( [A-Za-z0-9]+|-[A-Za-z0-9]+)*", h), h
    for pool in [t["adult"] + t["you"] for t in TOPICS] + list(AUDIENCE_SENTENCES.values()) + [CHILD_EXTRA, PARENT_SHORT]:
        for s in pool:
            assert "{{" not in s and "[" not in s, s


def fill(rng, template):
    return re.sub(r"\{(\w+)\}", lambda m: rng.choice(SLOTS[m.group(1)]), template)


class SentencePicker:
    """Draws sentences for one page without repeating until the pool is used up."""

    def __init__(self, rng, audience, topic):
        self.rng = rng
        self.child = audience == "children-8-10"
        if self.child:
            fixed = topic["you"] + AUDIENCE_SENTENCES[audience] + CHILD_EXTRA
            self.templates = CHILD_TEMPLATES
        elif audience == "young-people":
            fixed = topic["you"] + AUDIENCE_SENTENCES[audience] + topic["adult"][:6] + GENERAL_ADULT[:6]
            self.templates = ADULT_TEMPLATES[:3]
        elif audience == "parents":
            fixed = topic["adult"] + AUDIENCE_SENTENCES[audience] + GENERAL_ADULT[:8] + PARENT_SHORT
            self.templates = ADULT_TEMPLATES
        else:
            fixed = topic["adult"] + AUDIENCE_SENTENCES[audience] + GENERAL_ADULT
            self.templates = ADULT_TEMPLATES
        self.fixed = fixed
        self.bag = []

    def one(self):
        rng = self.rng
        if rng.random() < 0.18:
            return fill(rng, rng.choice(self.templates))
        if not self.bag:
            self.bag = list(self.fixed)
            rng.shuffle(self.bag)
        s = self.bag.pop()
        if not self.child and rng.random() < 0.15 and s.split(" ", 1)[0] in OPENER_OK_FIRST:
            s = rng.choice(OPENERS) + s[0].lower() + s[1:]
        return s

    def paragraph(self, lo=3, hi=5):
        d = 1 if self.child else 0
        n = self.rng.randint(max(1, lo - d), max(1, hi - d))
        return " ".join(self.one() for _ in range(n))
