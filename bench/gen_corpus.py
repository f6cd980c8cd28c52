#!/usr/bin/env python3
"""Generate a deterministic online-safety corpus for benchmarking safeguide against Hugo.

    python3 bench/gen_corpus.py N OUTDIR [--seed S] [--shape default|long]

Writes the same N pages twice:

    OUTDIR/safeguide/   a safeguide site: site.yaml + content/ (one section per audience,
                        topic subsections, numbered sub-subsections when a topic is large)
    OUTDIR/hugo/        a Hugo site: hugo.toml, content/ (same Markdown, Hugo front matter,
                        links as plain /section/page/ URLs), layouts/, static/

Every page has YAML front matter, 600-1,200 words of prose, ## and ### headings, bullet and
numbered lists, a table, 2-4 internal links (to pages and headings that exist), a fenced code
block, a footnote and a > [!NOTE] callout. Standard library only. The output depends only on N
and the seed: run it twice and the files are byte-identical.

--shape long makes another kind of site (issue #23: the speed gap to Hugo depends on the corpus):
four audiences (no children's section), 1,000-1,600 words a page, 3 or 4 code blocks, 2 or 3
tables, 2 to 4 footnotes and 5 to 9 cross-links a page. The default shape is unchanged by it.
"""

import argparse
import datetime
import json
import math
import os
import random
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_SITE_YAML = os.path.join(os.path.dirname(HERE), "site.yaml")
MARKER = ".safeguide-bench-corpus"
SHAPES = ("default", "long")
SHAPE = "default"  # set from --shape in main()
MAX_PER_DIR = 400  # pages per folder; a topic with more is split into set-01, set-02, ...

AUDIENCES = ["parents", "children-8-10", "young-people", "professionals", "schools"]
AUDIENCE_WEIGHTS = [28, 14, 20, 20, 18]
LONG_AUDIENCES = [a for a in AUDIENCES if a != "children-8-10"]
LONG_AUDIENCE_WEIGHTS = [w for a, w in zip(AUDIENCES, AUDIENCE_WEIGHTS) if a != "children-8-10"]
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

# ---------------------------------------------------------------------------------------------
# Vocabulary. Every sentence here was written for this generator.
# ---------------------------------------------------------------------------------------------

TOPICS = [
    {
        "id": "gaming",
        "name": "Gaming",
        "tags": ["gaming", "parental controls"],
        "titles": [
            "Parental controls on games consoles", "Chat in online games",
            "Loot boxes and in-game spending", "Age ratings for games", "Playing games with strangers",
            "Gaming and sleep", "Streaming your own gameplay", "Setting up a new console safely",
            "Voice chat settings", "Handling toxic players",
        ],
        "headings": [
            "Console settings", "In-game chat", "Spending and loot boxes", "Age ratings explained",
            "Playing with friends", "Muting and blocking players", "Family gaming time",
            "Gifts of game currency",
        ],
        "adult": [
            "Most consoles let you set up a child account that is managed from a parent account on your phone.",
            "PEGI ratings tell you about the content of a game, but they do not cover what other players say in chat.",
            "Voice chat can usually be limited to friends only, or switched off completely, in the console's privacy settings.",
            "Loot boxes and card packs work like a lucky dip, and children may not see them as spending real money.",
            "Ask your child to show you the games they play, and play a round with them if you can.",
            "Set a spending limit, or remove saved card details, before a birthday brings new games and gift cards.",
            "Some players offer free in-game currency in exchange for personal details, photos or a move to a private app.",
            "A child who is suddenly secretive about a gaming friend may need a calm conversation, not a ban.",
            "Many games let players report abusive behaviour directly from the match results screen.",
            "Competitive games can be intense, so agree a way to stop that does not mean losing progress.",
            "Online gaming is a big part of friendship for many children, and most of it is positive.",
            "Check whether a game includes open chat with strangers before you agree that it is suitable.",
        ],
        "you": [
            "You can mute or block any player who makes you feel uncomfortable, and they will not be told.",
            "If someone offers you free skins or coins for a photo, that is a trick, and you should tell someone.",
            "Keep your real name, school and address out of your gamer tag and profile.",
            "Only add people you know in real life to your friends list.",
            "It is fine to take a break from a game when it stops being fun.",
            "If a player asks you to move to a different app to chat, say no and tell a trusted adult.",
            "Ask before you spend money in a game, even if it is only a small amount.",
            "Reporting a player helps keep the game safer for everyone.",
        ],
        "bullets": [
            "Turn on the console's family settings", "Limit chat to friends you know",
            "Remove saved payment cards", "Check the PEGI rating and content descriptors",
            "Agree how long a gaming session lasts", "Show your child how to mute and report",
            "Keep consoles in shared rooms where you can", "Talk about gift cards and in-game currency",
        ],
    },
    {
        "id": "social-media",
        "name": "Social media",
        "tags": ["social media", "privacy"],
        "titles": [
            "Minimum ages on social media apps", "Privacy settings on social media",
            "Dealing with comments and likes", "Group chats", "Disappearing messages",
            "Social media and self-esteem", "Influencers and advertising",
            "Setting up a first social media account", "Public and private profiles",
            "Posting about your child",
        ],
        "headings": [
            "Privacy settings", "Who can see your posts", "Comments and likes", "Group chats",
            "Influencers", "Disappearing messages", "First accounts", "Location sharing",
        ],
        "adult": [
            "Most social media apps have a minimum age of 13 in their terms, and some features are restricted until 16 or 18.",
            "A private account limits who can see posts, but friends can still screenshot and share them.",
            "Location sharing on maps and stories can show exactly where a child lives or goes to school.",
            "Group chats can grow quickly, and children may end up in conversations with people they do not know.",
            "Disappearing messages give a false sense of safety, because anything on a screen can be recorded.",
            "Children often compare their lives with carefully edited posts, which can affect how they feel about themselves.",
            "Influencers are often paid to promote products, and the advert label can be easy to miss.",
            "Sit down together to go through the privacy and safety settings when an account is first set up.",
            "Think about what you post about your child, because it may still be online when they are older.",
            "Most apps let users restrict who can comment, send messages or tag them in photos.",
            "Young people say that being told to delete an app rarely works, but being helped to use it safely does.",
            "Algorithms learn from what a child watches, so a few clicks can change everything they are shown.",
        ],
        "you": [
            "You can make your account private so only people you approve can see your posts.",
            "Turn off location sharing so people cannot see where you are.",
            "If a group chat turns nasty, you can leave it, and you can screenshot anything that worries you.",
            "Remember that people often post only the best bits of their lives.",
            "You do not have to reply to every message straight away.",
            "If you see something upsetting, you can report it and talk to someone you trust.",
            "Think before you post, because a screenshot can last for ever.",
            "You can mute or unfollow accounts that make you feel bad about yourself.",
        ],
        "bullets": [
            "Set the account to private", "Turn off location sharing", "Review who can message and tag",
            "Check the follower list together", "Mute words and accounts",
            "Talk about adverts and sponsored posts", "Agree what is okay to post",
            "Know where the report button is",
        ],
    },
    {
        "id": "sharing-images",
        "name": "Nudes and image sharing",
        "tags": ["nudes", "reporting"],
        "titles": [
            "Nude image sharing: what adults need to know", "Getting a nude image taken down",
            "Sextortion and blackmail", "Responding to a disclosure about nudes",
            "Pressure to send pictures", "Deepfakes and fake nude images", "The law on sharing images",
            "Support after an image is shared",
        ],
        "headings": [
            "What the law says", "Getting images removed", "Sextortion", "Responding calmly",
            "Pressure and consent", "Fake images", "What not to do", "Support afterwards",
        ],
        "adult": [
            "Making, sharing or possessing an indecent image of anyone under 18 is an offence, even when the young people are the same age.",
            "Report Remove, run by Childline and the Internet Watch Foundation, helps under-18s get a nude image taken down.",
            "Sextortion is when someone threatens to share an image unless they are paid or sent more pictures.",
            "Never pay a blackmailer, because paying rarely stops the demands.",
            "Do not view, copy or forward an image, even to collect evidence; note where it is instead.",
            "UKCIS advice for education settings uses the term sharing nudes and semi-nudes, which replaces the older word sexting.",
            "A young person who tells you about an image needs to hear that they are not in trouble for asking for help.",
            "Fake nude images made with AI tools can cause the same distress as real ones and should be reported in the same way.",
            "Police can record an incident without criminalising a young person where there are no aggravating factors.",
            "Shame keeps many young people silent, so talk about this topic before anything goes wrong.",
            "If an adult has asked a child for images, contact CEOP, or call 999 if the child is in immediate danger.",
            "Blocking the blackmailer and keeping a note of their username helps the police.",
        ],
        "you": [
            "If someone is pressuring you to send a nude, it is not your fault, and you can say no.",
            "If a nude of you has been shared, Report Remove can help get it taken down.",
            "If someone threatens to share a picture unless you pay, do not pay, and tell an adult you trust.",
            "You will not be in trouble for asking for help.",
            "Childline is free and private on 0800 1111.",
            "Do not forward pictures that other people send you, even as a joke.",
            "Fake pictures made with apps can still be reported and removed.",
            "Someone who really likes you will not pressure you.",
        ],
        "bullets": [
            "Stay calm and listen", "Do not view or forward the image", "Use Report Remove for under-18s",
            "Block the account but keep a note of the username", "Never pay a blackmailer",
            "Tell the designated safeguarding lead", "Report adult contact to CEOP", "Offer ongoing support",
        ],
    },
    {
        "id": "scams",
        "name": "Scams and fraud",
        "tags": ["scams", "privacy"],
        "titles": [
            "Spotting phishing messages", "Scams in games and apps", "Money mules", "Fake giveaways",
            "Shopping online safely", "Protecting accounts from hackers", "Gambling-style features",
            "Romance and friendship scams",
        ],
        "headings": [
            "Signs of a scam", "Phishing", "Money mules", "Fake giveaways", "Protecting accounts",
            "If money has been lost", "Shopping safely", "Gambling risks",
        ],
        "adult": [
            "Scam messages often create a sense of urgency, such as an account that will be closed within hours.",
            "Young people are targeted to act as money mules, letting criminals move money through their bank accounts.",
            "A giveaway that asks for a small payment or bank details up front is almost always a scam.",
            "Two-step verification stops most account takeovers, even when a password has been stolen.",
            "If money has been lost, contact the bank straight away and report the scam to Action Fraud.",
            "KCSIE lists commerce as one of the four areas of online risk, covering gambling, advertising, phishing and scams.",
            "Children may not recognise that free game currency offers are designed to steal logins.",
            "Check the web address carefully, because fake sites often copy the look of real shops.",
            "Using a different password for each account means one leak does not unlock everything.",
            "Adverts for jobs that pay a lot for little work can be a route into money laundering.",
            "Gift cards are a favourite payment method for scammers, because the money is hard to trace.",
            "Talking openly about scams makes it easier for a child to admit they have been caught out.",
        ],
        "you": [
            "If a message says you must act right now, stop and check with someone first.",
            "Never share your password, even with friends.",
            "Turn on two-step verification so nobody else can get into your account.",
            "If an offer sounds too good to be true, it probably is.",
            "If someone asks to use your bank account to move money, say no, because it is a crime.",
            "You can always ask a grown-up before you click on a link.",
            "Websites that promise free coins and skins often steal accounts.",
            "If you have been scammed, tell someone quickly so they can help.",
        ],
        "bullets": [
            "Check the sender", "Do not click links in unexpected messages",
            "Turn on two-step verification", "Use a password manager", "Never share codes sent by text",
            "Report scams to Action Fraud", "Contact the bank quickly", "Talk about money mule offers",
        ],
    },
    {
        "id": "bullying",
        "name": "Online bullying",
        "tags": ["bullying", "wellbeing"],
        "titles": [
            "Online bullying: signs and support", "When a child is being bullied online",
            "When a child is the one bullying", "Bullying in group chats",
            "Keeping evidence of online bullying", "Working with school on bullying",
            "Hate and harassment online", "Support after bullying",
        ],
        "headings": [
            "Signs to look for", "Keeping evidence", "Working with school", "Blocking and reporting",
            "If your child is bullying", "Group chat bullying", "Hate and harassment",
            "Rebuilding confidence",
        ],
        "adult": [
            "Online bullying can follow a child home, so there may be no safe place away from it.",
            "Changes in mood, sleep or appetite, or suddenly avoiding devices, can be signs that something is wrong.",
            "Screenshots with dates and usernames are useful evidence when you speak to the school or the platform.",
            "Schools are expected to have a behaviour policy that covers bullying that happens online and off site.",
            "Resist the urge to reply to the bully or their parents online, because it often makes things worse.",
            "A child who has been bullying others may also be struggling, and needs clear boundaries and support.",
            "Being left out of group chats is a common form of bullying that adults can easily miss.",
            "Threats, hate crime and the sharing of intimate images can be crimes and may need reporting to the police.",
            "Reassure your child that telling you will not mean losing their phone.",
            "Bystanders can make a real difference by reporting posts and checking in with the person targeted.",
            "Keep the school informed, even if the bullying started outside school hours.",
            "Recovery takes time, and small steps back into online activity can help rebuild confidence.",
        ],
        "you": [
            "If someone is being mean to you online, it is not your fault.",
            "Take a screenshot, then block and report the person.",
            "Tell an adult you trust, like a parent, carer or teacher.",
            "Do not reply to nasty messages, because that is what bullies want.",
            "If you see someone being bullied, you can help by reporting it and being kind to them.",
            "You can talk to Childline any time about bullying.",
            "Leaving a group chat that makes you feel bad is okay.",
            "Being kind online matters just as much as being kind in the playground.",
        ],
        "bullets": [
            "Listen and stay calm", "Save screenshots with dates", "Block and report the accounts",
            "Contact the school", "Agree next steps together", "Check in again after a few days",
            "Consider the police for threats", "Look after wellbeing",
        ],
    },
    {
        "id": "wellbeing",
        "name": "Screen time and wellbeing",
        "tags": ["wellbeing"],
        "titles": [
            "Balancing screen time", "Sleep and devices", "Family media plans", "Doomscrolling and low mood",
            "Online content about self-harm", "Body image online", "Taking a break from social media",
            "Healthy habits for new phone owners",
        ],
        "headings": [
            "Balance not just hours", "Sleep", "Family media plan", "Low mood", "Harmful content",
            "Body image", "Taking breaks", "Healthy habits",
        ],
        "adult": [
            "What children do online matters more than the exact number of hours they spend there.",
            "Charging phones outside the bedroom at night is one of the simplest ways to protect sleep.",
            "A family media plan agreed together is more likely to stick than rules set in a hurry.",
            "Endless scrolling can leave young people feeling flat, even when nothing bad has happened.",
            "Encouraging serious self-harm online is a criminal offence under the Online Safety Act 2023.",
            "If a child talks about self-harm or suicide, take it seriously and seek help the same day.",
            "Adults model habits too, so agree phone-free times that apply to everyone.",
            "Filters and editing apps can make unrealistic bodies look normal.",
            "Most platforms have tools to limit time, hide like counts or take a break.",
            "Noticing how an app makes you feel is a useful habit for children and adults alike.",
            "Outdoor activity, sport and time with friends help balance time on screens.",
            "Ofcom's Protection of Children Codes require platforms to reduce children's exposure to harmful content.",
        ],
        "you": [
            "Notice how you feel after using an app, and take a break if it makes you feel worse.",
            "Keeping your phone out of your bedroom at night helps you sleep better.",
            "Pictures online are often edited, so do not compare yourself with them.",
            "If you see posts about hurting yourself, talk to someone you trust or call Childline.",
            "You can turn off notifications so your phone does not keep buzzing.",
            "It is good to do things without a screen, like playing outside or reading.",
            "You can tell an app that you are not interested in a type of post.",
            "Asking for help when you feel low is a strong thing to do.",
        ],
        "bullets": [
            "Charge devices outside bedrooms", "Switch off non-essential notifications",
            "Agree screen-free meal times", "Use built-in time limits", "Talk about edited images",
            "Plan offline activities", "Watch for changes in mood", "Know where to get help",
        ],
    },
    {
        "id": "privacy-and-security",
        "name": "Privacy and security",
        "tags": ["privacy", "parental controls"],
        "titles": [
            "Strong passwords and passphrases", "Two-step verification explained", "Location settings on phones",
            "Apps and permissions", "Smart speakers and connected toys", "Keeping personal information private",
            "Secure home Wi-Fi", "What to do after a hack",
        ],
        "headings": [
            "Passwords", "Two-step verification", "Location settings", "App permissions", "Connected toys",
            "Personal information", "Home Wi-Fi", "After a hack",
        ],
        "adult": [
            "Three random words make a password that is easy to remember and hard to guess.",
            "Check which apps can use the camera, microphone and location, and remove what is not needed.",
            "Connected toys and smart speakers may record voices, so check the settings and the privacy policy.",
            "Router-level family filters can block adult content on every device connected to the home Wi-Fi.",
            "Mobile networks offer content filters that apply whenever a phone uses mobile data.",
            "Updating devices promptly closes security holes that criminals use.",
            "Children often give away personal information in small pieces that add up to a full picture.",
            "A school uniform or street sign in the background of a photo can reveal where a child lives.",
            "After a hack, change the password, sign out of other devices and turn on two-step verification.",
            "Shared family devices should have separate accounts so the settings suit each user.",
            "Default settings on a new device are rarely the safest ones.",
            "Teach children to check that a website is genuine before they enter a password.",
        ],
        "you": [
            "Use three random words to make a strong password.",
            "Keep your home address, school and phone number private.",
            "Check what an app wants to access before you say yes.",
            "Turn off location on apps that do not need it.",
            "If you think someone has got into your account, tell an adult and change your password.",
            "Do not use the same password for everything.",
            "Photos can show more than you think, like your school badge or your street.",
            "Update your apps when asked, because updates fix problems.",
        ],
        "bullets": [
            "Use three random words", "Turn on two-step verification", "Review app permissions",
            "Switch off location where it is not needed", "Set up router filters", "Keep devices updated",
            "Use separate accounts on shared devices", "Check photos before posting",
        ],
    },
    {
        "id": "ai-and-misinformation",
        "name": "AI and misinformation",
        "tags": ["ai", "misinformation"],
        "titles": [
            "AI chatbots and children", "Spotting misinformation", "Deepfake videos",
            "Conspiracy theories online", "Misogynistic influencers", "Using AI for homework",
            "Fact-checking together", "AI companions and friendship apps",
        ],
        "headings": [
            "AI chatbots", "Checking facts", "Deepfakes", "Conspiracy theories", "Harmful influencers",
            "Homework and AI", "Trusted sources", "AI companions",
        ],
        "adult": [
            "AI chatbots can give confident answers that are simply wrong, so children need to check important facts.",
            "KCSIE 2025 names misinformation, disinformation and conspiracy theories as part of content risk.",
            "The RSHE guidance in force from September 2026 covers deepfakes, AI chatbots and misogynistic influencers.",
            "Some AI companion apps are designed to keep users talking, and may not be suitable for children.",
            "Ask who made a post, what they want you to believe, and what evidence they show.",
            "Deepfake videos can make anyone appear to say or do things they never did.",
            "Influencers who push hatred of women often mix it with advice on fitness, money or confidence.",
            "Talking about why a video is persuasive is more useful than simply banning it.",
            "Generative AI is within the scope of the DfE filtering and monitoring standards for schools.",
            "Schools should be clear about when pupils may use AI tools and how they must say so.",
            "Reverse image searches can reveal when a photo has been taken out of context.",
            "Children are more likely to believe false content when it comes from someone they admire.",
        ],
        "you": [
            "Chatbots can make mistakes, so check important facts in a trusted place.",
            "Just because a video looks real does not mean it is.",
            "Ask yourself who made a post and why they want you to share it.",
            "If a post makes you very angry or scared, stop before you share it.",
            "Tell a grown-up if an AI app says something that worries you.",
            "Ask your teacher before using AI for homework.",
            "Some people online try to make you hate others, and that is never okay.",
            "Looking at a few different websites helps you find out what is true.",
        ],
        "bullets": [
            "Check the source", "Look for the same story elsewhere", "Watch for emotional language",
            "Use a reverse image search", "Know the school's AI rules", "Talk about who profits",
            "Report hateful content", "Keep chatbots in shared spaces",
        ],
    },
    {
        "id": "contact-and-grooming",
        "name": "Contact and grooming",
        "tags": ["grooming", "reporting"],
        "titles": [
            "Online grooming: the warning signs", "Talking to strangers online", "Reporting to CEOP",
            "Trusted adults", "Secrets and gifts", "Radicalisation online",
            "When a child meets an online friend", "Responding to a grooming concern",
        ],
        "headings": [
            "Warning signs", "Secrets and gifts", "Reporting to CEOP", "Trusted adults",
            "Meeting online friends", "Radicalisation", "Responding to a concern", "Contact risk",
        ],
        "adult": [
            "Groomers often build trust slowly, with compliments, gifts and attention before any request is made.",
            "A request to keep a friendship secret is a warning sign that should never be ignored.",
            "CEOP accepts reports from under-18s, or from adults on their behalf, about online sexual abuse or grooming.",
            "Contact risk, one of the 4Cs, covers harmful interaction with other users, including adults posing as children.",
            "Children may not see a groomer as a stranger, because they feel they know them well.",
            "Extremist groups use gaming and chat platforms to find and recruit young people.",
            "If a child plans to meet someone they know only online, they should never go alone.",
            "Keep any messages as evidence, but do not confront the adult yourself.",
            "Sudden new belongings, money or phone credit can be a sign that someone is grooming a child.",
            "Concerns about radicalisation can be discussed with the local Prevent team or the police.",
            "A child who has been groomed is a victim and needs reassurance that they are not to blame.",
            "Professionals should follow their organisation's safeguarding procedures and speak to the DSL.",
        ],
        "you": [
            "If someone online asks you to keep a secret from your family, tell a trusted adult.",
            "People online are not always who they say they are.",
            "You can report anything that worries you to CEOP.",
            "Never meet someone you only know online without a parent or carer.",
            "A real friend will not ask you for photos or ask you to lie.",
            "If someone sends you gifts or money online, talk to a grown-up about it.",
            "It is never your fault if someone tries to trick you.",
            "Call 999 if you are in danger right now.",
        ],
        "bullets": [
            "Requests for secrecy", "Gifts, money or phone credit", "Moving chat to private apps",
            "Asking for photos", "Flattery and special attention", "Trying to isolate the child",
            "Report to CEOP", "Call 999 in an emergency",
        ],
    },
    {
        "id": "live-streaming",
        "name": "Live streaming and video",
        "tags": ["live streaming", "privacy"],
        "titles": [
            "Live streaming safely", "Video chat with friends", "Going live on social media",
            "Gifts and tips on live streams", "Watching streamers", "Video calls with people you don't know",
            "Setting up a family video channel", "Random video chat sites",
        ],
        "headings": [
            "Going live", "Comments during streams", "Gifts and tips", "Video chat", "Random chat sites",
            "Privacy on camera", "Watching streamers", "Ending a stream",
        ],
        "adult": [
            "Live streams happen in real time, so there is no chance to edit out mistakes or personal details.",
            "Viewers can send gifts or tips that come with requests, and this can be used to pressure children.",
            "Random video chat sites pair users with strangers and are not suitable for children.",
            "Check what can be seen in the background before a child goes live, including windows and school uniform.",
            "Many platforms set a minimum age for going live that is higher than the age for an account.",
            "Comments on a stream can be filtered, or turned off, to reduce abuse.",
            "Viewers can capture recordings of live streams and share them elsewhere without consent.",
            "Agree that live streaming happens in a shared room, at least at first.",
            "Streamers that children admire can shape the language and attitudes they bring home.",
            "Video calls with unknown people can be recorded and used for blackmail.",
            "Ending a stream quickly is always an option when something feels wrong.",
            "Talk with your child about how they would handle a rude or worrying comment while live.",
        ],
        "you": [
            "Before you go live, check what is behind you, like your school badge or house number.",
            "You can end a live stream at any time if something feels wrong.",
            "Turn comments off or filter them if people are being mean.",
            "If a viewer asks you to do something you do not want to do, stop the stream and tell someone.",
            "Remember that viewers can record your stream.",
            "Random video chat sites are not safe, so stay away from them.",
            "Only video chat with people you know in real life.",
            "Gifts from viewers can come with strings attached.",
        ],
        "bullets": [
            "Check the background", "Use a shared room", "Filter or switch off comments",
            "Know how to end a stream", "Turn off gifts and tips", "Avoid random video chat",
            "Keep streams friends-only", "Talk about recordings",
        ],
    },
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


# ---------------------------------------------------------------------------------------------

def heading_id(text):
    """safeguide's rule: lowercase, non-alphanumerics to '-', collapse repeats, trim."""
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]", "-", text.lower())).strip("-")


def slugify(text, max_words=6):
    words = heading_id(text.replace("'", "")).split("-")
    return "-".join(words[:max_words])


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


def words(text):
    return len(text.split())


class Page:
    __slots__ = ("idx", "audience", "audiences", "topic", "kind", "title", "summary", "slug", "dir",
                 "h2", "h3", "ids", "weight", "date", "updated", "review_by", "owner", "tags")

    @property
    def rel(self):  # path relative to content/
        return f"{self.dir}/{self.slug}.md"

    @property
    def url(self):
        return f"/{self.dir}/{self.slug}/"


def unique_title(rng, p, base, taken):
    """A title not yet used by any page for any of this page's audiences."""
    def free(t):
        return all((a, t) not in taken for a in p.audiences)

    title = base + rng.choice(TITLE_SUFFIX[p.audience])
    formats = TITLE_FORMATS.get(p.audience, DEFAULT_TITLE_FORMATS)
    for _ in range(40):
        if free(title):
            break
        fmt = rng.choice(formats)
        t = base + rng.choice(TITLE_QUALIFIERS[p.audience])
        title = fmt + (t[0].lower() + t[1:] if fmt and not t[:2].isupper() else t)
    k = 2
    while not free(title):  # the combinations are used up: number the parts
        title = f"{base}, part {k}"
        k += 1
    taken.update((a, title) for a in p.audiences)
    return title


def plan_pages(n, seed):
    """Decide every page's metadata and headings first, so that links can point at real anchors."""
    pages = []
    taken = set()
    for i in range(n):
        rng = random.Random(f"{seed}:plan:{i}")
        p = Page()
        p.idx = i
        if SHAPE == "long":
            # four audiences: long pages with code and tables are not written for children
            p.audience = rng.choices(LONG_AUDIENCES, weights=LONG_AUDIENCE_WEIGHTS)[0]
        else:
            p.audience = rng.choices(AUDIENCES, weights=AUDIENCE_WEIGHTS)[0]
        p.audiences = [p.audience]
        if p.audience in ("parents", "professionals", "schools") and rng.random() < 0.2:
            extra = rng.choice([a for a in ("parents", "professionals", "schools") if a != p.audience])
            p.audiences.append(extra)
        p.topic = rng.choice(TOPICS)
        kinds, kw = zip(*KINDS[p.audience])
        p.kind = rng.choices(kinds, weights=kw)[0]
        base = rng.choice(p.topic["titles"])
        p.title = unique_title(rng, p, base, taken)
        tvars = {"topic": p.topic["name"], "topic_lc": p.topic["name"].lower(),
                 "aud": AUDIENCE_PHRASE[p.audience]}
        if p.audience == "children-8-10":
            p.summary = rng.choice(CHILD_SUMMARIES).format(**tvars)
        else:
            p.summary = rng.choice(SUMMARIES).format(**tvars)
        p.slug = f"{slugify(base)}-{i:05d}"
        child = p.audience == "children-8-10"
        n_h2 = rng.randint(4, 5)
        topic_h2 = rng.sample(p.topic["headings"], rng.randint(2, 3))
        generic = CHILD_H2 if child else GENERIC_H2
        p.h2 = topic_h2 + rng.sample(generic, n_h2 - len(topic_h2))
        rng.shuffle(p.h2)
        p.h3 = rng.sample(CHILD_H3 if child else H3, rng.randint(1, 3))
        # ids: generated from the text, or (a third of ## headings) an explicit {#id}
        p.ids = {}
        used = {heading_id(h) for h in p.h2 + p.h3}
        assert len(used) == len(p.h2) + len(p.h3)
        for h in p.h2 + p.h3:
            hid = heading_id(h)
            if h in p.h2 and rng.random() < 0.33:
                short = hid.split("-")[0] + "-" + str(rng.randint(1, 9))
                if short not in used:
                    used.add(short)
                    hid = short
            p.ids[h] = hid
        p.weight = rng.randint(1, 100)
        d0 = datetime.date(2024, 6, 1) + datetime.timedelta(days=rng.randint(0, 500))
        p.date = d0
        p.updated = d0 + datetime.timedelta(days=rng.randint(0, 300))
        p.review_by = datetime.date(2027, 6, 1) + datetime.timedelta(days=rng.randint(0, 900))
        p.owner = rng.choice(OWNERS)
        tags = list(p.topic["tags"])
        if rng.random() < 0.4:
            tags.append(rng.choice(["reporting", "wellbeing", "privacy", "policy" if p.audience == "schools" else "talking"]))
        p.tags = list(dict.fromkeys(tags))
        pages.append(p)
    assign_dirs(pages, seed)
    return pages


def assign_dirs(pages, seed):
    rng = random.Random(f"{seed}:dirs")
    buckets = {}
    for p in pages:
        sub = None if rng.random() < 0.05 else p.topic["id"]
        buckets.setdefault((p.audience, sub), []).append(p)
    for (aud, sub), plist in list(buckets.items()):
        if sub is None and len(plist) > MAX_PER_DIR:  # overflow from the section root into a topic
            for p in plist[MAX_PER_DIR:]:
                buckets.setdefault((aud, p.topic["id"]), []).append(p)
            del plist[MAX_PER_DIR:]
    for (aud, sub), plist in sorted(buckets.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        base = aud if sub is None else f"{aud}/{sub}"
        if len(plist) <= MAX_PER_DIR or sub is None:
            for p in plist:
                p.dir = base
        else:
            nsets = math.ceil(len(plist) / MAX_PER_DIR)
            per = math.ceil(len(plist) / nsets)
            for k, p in enumerate(plist):
                p.dir = f"{base}/set-{k // per + 1:02d}"


# ---------------------------------------------------------------------------------------------

def yaml_str(s):
    return json.dumps(s, ensure_ascii=False)


def yaml_list(items):
    return "[" + ", ".join(yaml_str(x) if not re.fullmatch(r"[a-z0-9-]+", x) else x for x in items) + "]"


def build_body(p, pages, by_audience, seed):
    """The Markdown body with link placeholders \\x00k\\x00, and the link targets [(page, anchor)]."""
    rng = random.Random(f"{seed}:body:{p.idx}")
    child = p.audience == "children-8-10"
    pick = SentencePicker(rng, p.audience, p.topic)
    target_words = rng.randint(650, 1030)

    # link targets: half within the same audience, half anywhere; never the page itself
    links = []
    for _ in range(rng.randint(2, 4)):
        for _attempt in range(20):
            pool = by_audience[p.audience] if rng.random() < 0.5 else pages
            t = rng.choice(pool)
            if t is not p and all(t is not q for q, _ in links):
                break
        else:
            continue
        anchor = None
        if rng.random() < 0.6:
            anchor = t.ids[rng.choice(t.h2 + t.h3)]
        links.append((t, anchor))
    # The long shape's additions come from a random stream of their own, after everything the
    # default shape draws, so the default shape's pages stay byte-identical.
    xr = random.Random(f"{seed}:long:{p.idx}") if SHAPE == "long" else None
    if xr:
        target_words += xr.randint(380, 520)
        for _ in range(xr.randint(3, 5)):
            t = xr.choice(by_audience[p.audience] if xr.random() < 0.5 else pages)
            if t is p or any(t is q for q, _ in links):
                continue
            links.append((t, t.ids[xr.choice(t.h2 + t.h3)] if xr.random() < 0.6 else None))

    def heading(level, text):
        hid = p.ids[text]
        if hid != heading_id(text):
            return f"{'#' * level} {text} {{#{hid}}}"
        return f"{'#' * level} {text}"

    # sections: list of [heading_line, blocks...]; the first section has no heading (intro)
    sections = [[None, pick.paragraph(2, 4)]]
    for h in p.h2:
        sections.append([heading(2, h), pick.paragraph()])
    n2 = len(p.h2)

    bullets_src = CHILD_BULLETS if child else p.topic["bullets"]
    bl = rng.sample(bullets_src, rng.randint(3, 6))
    sections[1].append("\n".join(f"- {b}" for b in bl))

    numbered = rng.sample(bullets_src, rng.randint(3, 5))
    items = [f"{k + 1}. **{b}.** {pick.one()}" for k, b in enumerate(numbered)]
    sec_num = 2 if p.kind != "tips" else 1
    sections[sec_num].append("\n".join(items))

    note = rng.choice(CHILD_NOTES if child else NOTES)
    sections[rng.randint(1, n2)].append(f"> [!NOTE]\n> {note}")
    if not child and rng.random() < 0.3:
        sections[rng.randint(1, n2)].append(f"> [!WARNING]\n> {pick.one()}")

    cols, rows = TABLES[rng.choice(TABLE_CHOICE[p.audience])]
    rows = rng.sample(rows, min(len(rows), rng.randint(3, 5)))
    table = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    table += ["| " + " | ".join(r) + " |" for r in rows]
    sections[3].append(pick.paragraph(1, 2))
    sections[3].append("\n".join(table))

    lang, code = code_block(rng, p.audience)
    sections[n2].append(pick.paragraph(1, 2))
    sections[n2].append(f"```{lang}\n" + "\n".join(code) + "\n```")

    if xr:
        for _ in range(xr.randint(2, 3)):
            lang, code = code_block(xr, p.audience)
            s = sections[xr.randint(1, n2)]
            s.append(pick.paragraph(1, 2))
            s.append(f"```{lang}\n" + "\n".join(code) + "\n```")
        for _ in range(xr.randint(1, 2)):
            cols, rows = TABLES[xr.choice(TABLE_CHOICE[p.audience])]
            rows = xr.sample(rows, min(len(rows), xr.randint(3, 5)))
            t = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
            t += ["| " + " | ".join(r) + " |" for r in rows]
            s = sections[xr.randint(1, n2)]
            s.append(pick.paragraph(1, 2))
            s.append("\n".join(t))

    # ### subsections, each under a random ## section
    for h in p.h3:
        s = sections[rng.randint(1, n2)]
        s.append(heading(3, h))
        s.append(pick.paragraph(2, 4))

    # footnote reference in some paragraph after the intro
    fn = rng.sample(FOOTNOTES, 1 if rng.random() < 0.7 else 2)
    if xr:
        fn += xr.sample([f for f in FOOTNOTES if f not in fn], xr.randint(1, 2))

    def count():
        return sum(words(b) for s in sections for b in s[1:] if not b.startswith("```"))

    while count() < target_words:
        s = sections[rng.randint(0, n2)]
        pos = rng.randint(2, len(s))  # after the section's first paragraph
        if s[pos - 1].startswith("###"):
            pos += 1  # do not separate a ### heading from its own paragraph
        s.insert(pos, pick.paragraph())

    paras = [(si, bi) for si, s in enumerate(sections) for bi, b in enumerate(s)
             if bi > 0 and b and b[0].isalpha() and not b.startswith("|")]
    for k in range(len(fn)):
        si, bi = rng.choice([x for x in paras if x[0] > 0])
        sections[si][bi] += f"[^{k + 1}]"
    for k in range(len(links)):
        si, bi = rng.choice(paras)
        sections[si][bi] += " " + rng.choice(LINK_SENTENCES).replace("{t}", f"\x00t{k}\x00").replace(
            "{h}", f"\x00h{k}\x00")

    out = []
    for s in sections:
        if s[0]:
            out.append(s[0])
        out.extend(s[1:])
    for k, f in enumerate(fn):
        out.append(f"[^{k + 1}]: {f}")
    return "\n\n".join(out) + "\n", links


def render_links(body, links, href):
    for k, (t, anchor) in enumerate(links):
        body = body.replace(f"\x00t{k}\x00", t.title).replace(f"\x00h{k}\x00", href(t, anchor))
    assert "\x00" not in body
    return body


def sg_href_for(p, rng):
    def href(t, anchor):
        if rng.random() < 0.5:
            h = "@/" + t.rel
        else:
            h = os.path.relpath(t.rel, p.dir).replace(os.sep, "/")
        return h + (f"#{anchor}" if anchor else "")
    return href


def hugo_href(t, anchor):
    return t.url + (f"#{anchor}" if anchor else "")


def sg_front(p):
    return "\n".join([
        "---",
        f"title: {yaml_str(p.title)}",
        f"summary: {yaml_str(p.summary)}",
        f"kind: {p.kind}",
        f"audience: {yaml_list(p.audiences)}",
        f"weight: {p.weight}",
        f"date: {p.date.isoformat()}",
        f"updated: {p.updated.isoformat()}",
        f"review_by: {p.review_by.isoformat()}",
        f"owner: {yaml_str(p.owner)}",
        f"tags: {yaml_list(p.tags)}",
        "---",
        "",
    ])


def hugo_front(p):
    return "\n".join([
        "---",
        f"title: {yaml_str(p.title)}",
        f"summary: {yaml_str(p.summary)}",
        f"pagekind: {p.kind}",
        f"audience: {yaml_list(p.audiences)}",
        f"weight: {p.weight}",
        f"date: {p.date.isoformat()}",
        f"lastmod: {p.updated.isoformat()}",
        f"review_by: {p.review_by.isoformat()}",
        f"owner: {yaml_str(p.owner)}",
        f"tags: {yaml_list(p.tags)}",
        "---",
        "",
    ])


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def read_repo_site_yaml():
    """Top-level blocks of the repository's site.yaml, by key, as text (no YAML library needed)."""
    with open(REPO_SITE_YAML, encoding="utf-8") as f:
        lines = f.read().splitlines()
    blocks, key = {}, None
    for line in lines:
        m = re.match(r"^([A-Za-z_][\w-]*):", line)
        if m:
            key = m.group(1)
            blocks[key] = [line]
        elif key is not None:
            blocks[key].append(line)
    for k in blocks:  # drop trailing blank lines and comments that belong to the next block
        while blocks[k] and (not blocks[k][-1].strip() or blocks[k][-1].lstrip().startswith("#")):
            blocks[k].pop()
    return {k: "\n".join(v) for k, v in blocks.items()}


def parse_simple_list(block):
    """Parse a YAML block that is a list of flat mappings (audiences:, report:) into dicts."""
    items = []
    for line in block.splitlines()[1:]:
        m = re.match(r"^\s*(- )?\s*([\w-]+):\s*(.*)$", line)
        if not m:
            continue
        if m.group(1):
            items.append({})
        if not items:
            continue
        val = m.group(3).strip()
        if val.startswith('"') and val.endswith('"'):
            val = json.loads(val)
        elif val.startswith("'") and val.endswith("'"):
            val = val[1:-1].replace("''", "'")
        items[-1][m.group(2)] = val
    return items


def toml_str(s):
    return json.dumps(s, ensure_ascii=False)


# ---------------------------------------------------------------------------------------------
# Hugo layouts: the same page furniture as safeguide's default theme, roughly.

HUGO_BASEOF = """<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ site.Title }}</title>
<meta name="description" content="{{ with .Params.summary }}{{ . }}{{ else }}{{ site.Params.description }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
<link rel="stylesheet" href="{{ "css/site.css" | relURL }}">
<link rel="stylesheet" href="{{ "css/syntax.css" | relURL }}">
<link rel="stylesheet" href="{{ "css/print.css" | relURL }}" media="print">
{{ with site.Home.OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}" title="{{ site.Title }}">{{ end }}
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <a class="site-title" href="{{ "/" | relURL }}">{{ site.Title }}</a>
  <form class="site-search" action="{{ "/search/" | relURL }}" role="search"><label for="q">Search</label><input id="q" name="q" type="search"></form>
</header>
<nav class="audiences" aria-label="Audiences"><ul>
{{- range site.Params.audiences }}<li><a href="{{ printf "/%s/" .id | relURL }}">{{ .name }}</a></li>{{ end -}}
</ul></nav>
{{ if not .IsHome }}<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>
{{- range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end -}}
<li aria-current="page">{{ .Title }}</li></ol></nav>{{ end }}
<main id="main">
{{ block "main" . }}{{ end }}
</main>
<aside class="report-panel" aria-labelledby="report-heading">
<h2 id="report-heading">Report a concern</h2>
<ul>{{ range site.Params.report }}<li>{{ with .url }}<a href="{{ . }}">{{ else }}<strong>{{ end }}{{ .label }}{{ if .url }}</a>{{ else }}</strong>{{ end }}{{ with .description }} <span>{{ . }}</span>{{ end }}</li>{{ end }}</ul>
<p><a href="{{ "/report/" | relURL }}">All the ways to report</a></p>
</aside>
<footer class="site-footer">
<p>{{ site.Title }}</p>
<p><a href="{{ "/search/" | relURL }}">Search</a> · <a href="{{ "/report/" | relURL }}">Report a concern</a> · <a href="{{ "/sitemap.xml" | relURL }}">Sitemap</a></p>
</footer>
</body>
</html>
"""

HUGO_SINGLE = """{{ define "main" }}
<article class="page kind-{{ .Params.pagekind | default "page" }}">
<h1>{{ .Title }}</h1>
{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
<dl class="page-meta">
<dt>For</dt><dd>{{ range $i, $a := .Params.audience }}{{ if $i }}, {{ end }}<a href="{{ printf "/%s/" $a | relURL }}">{{ $a }}</a>{{ end }}</dd>
<dt>Updated</dt><dd><time datetime="{{ .Lastmod.Format "2006-01-02" }}">{{ .Lastmod.Format "2 January 2006" }}</time></dd>
{{ with .Params.review_by }}<dt>Review by</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.owner }}<dt>Owner</dt><dd>{{ . }}</dd>{{ end }}
</dl>
{{ with .TableOfContents }}<nav class="toc" aria-label="On this page"><h2>On this page</h2>{{ . }}</nav>{{ end }}
<div class="content">{{ .Content }}</div>
{{ with .GetTerms "tags" }}<ul class="tags">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
</article>
{{ end }}
"""

HUGO_LIST = """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
{{ .Content }}
{{ if and .IsSection .Parent.IsHome }}
{{ range (.RegularPagesRecursive.GroupByParam "pagekind") }}
<section class="listing-group"><h2>{{ .Key | humanize }}</h2>
<ul class="listing">{{ range .Pages.ByWeight }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}</li>{{ end }}</ul></section>
{{ end }}
{{ else }}
<ul class="listing">{{ range .Pages.ByWeight }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}</li>{{ end }}</ul>
{{ end }}
{{ end }}
"""

HUGO_INDEX = """{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{ .Content }}
<ul class="audience-cards">{{ range site.Params.audiences }}<li><a href="{{ printf "/%s/" .id | relURL }}"><h2>{{ .name }}</h2><p>{{ .description }}</p></a></li>{{ end }}</ul>
<section class="recent"><h2>Recently updated</h2><ul>
{{ range first 20 site.RegularPages.ByLastmod.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Lastmod.Format "2 January 2006" }}</time></li>{{ end }}
</ul></section>
{{ end }}
"""

HUGO_INDEX_JSON = """[
{{- range $i, $p := site.RegularPages -}}
{{- if $i }},{{ end -}}
{{- dict "title" $p.Title "url" $p.RelPermalink "summary" $p.Params.summary "audience" $p.Params.audience "kind" $p.Params.pagekind "body" $p.Plain | jsonify -}}
{{- end -}}
]
"""

HUGO_404 = """{{ define "main" }}
<h1>Page not found</h1>
<p>The page you were looking for is not here. Try the <a href="{{ "/search/" | relURL }}">search</a>.</p>
{{ end }}
"""

HUGO_CSS = """body{font:1.05rem/1.6 system-ui,sans-serif;margin:0;color:#1b1b1b}
.site-header,.audiences,.breadcrumbs,main,.report-panel,.site-footer{max-width:48rem;margin:0 auto;padding:0 1rem}
.audiences ul,.breadcrumbs ol{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;padding:0}
.summary{font-size:1.2rem;color:#444}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem}
blockquote{border-left:4px solid #1d70b8;margin:1rem 0;padding:.5rem 1rem;background:#f3f8fc}
.skip-link{position:absolute;left:-999px}.skip-link:focus{left:1rem}
"""
HUGO_PRINT_CSS = """nav,.site-search,.report-panel,.skip-link{display:none}a::after{content:" (" attr(href) ")"}
"""
HUGO_SYNTAX_CSS = """.chroma{background:#f7f7f7}.chroma .k,.chroma .kd,.chroma .nt{color:#005cc5}
.chroma .s,.chroma .s1,.chroma .s2,.chroma .sd{color:#032f62}.chroma .c,.chroma .c1{color:#6a737d}
.chroma .m,.chroma .mi,.chroma .mf{color:#e36209}.chroma .nb,.chroma .nv{color:#6f42c1}
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of pages")
    ap.add_argument("outdir")
    ap.add_argument("--seed", default="safeguide-bench-1")
    ap.add_argument("--shape", choices=SHAPES, default="default",
                    help="default: the project's shape; long: longer pages with more code, tables, links")
    args = ap.parse_args()
    global SHAPE
    SHAPE = args.shape
    if args.n < 10:
        ap.error("N must be at least 10")
    check_vocabulary()

    blocks = read_repo_site_yaml()
    for k in ("audiences", "report"):
        if k not in blocks:
            sys.exit(f"gen_corpus: {REPO_SITE_YAML} has no top-level '{k}:' block")
    audiences_meta = parse_simple_list(blocks["audiences"])
    ids = [a.get("id") for a in audiences_meta]
    missing = [a for a in AUDIENCES if a not in ids]
    if missing:
        sys.exit(f"gen_corpus: {REPO_SITE_YAML} lacks audiences {missing}")
    report_meta = parse_simple_list(blocks["report"])

    out = os.path.abspath(args.outdir)
    sg_root = os.path.join(out, "safeguide")
    hugo_root = os.path.join(out, "hugo")
    # Replace only what this script writes; anything else in these folders (a built public/, say) stays.
    generated = {sg_root: ["content", "site.yaml"],
                 hugo_root: ["content", "layouts", "static", "hugo.toml"]}
    for d, names in generated.items():
        if os.path.exists(d):
            if not os.path.exists(os.path.join(d, MARKER)):
                sys.exit(f"gen_corpus: {d} exists and was not made by gen_corpus.py; not touching it")
            for name in names:
                p = os.path.join(d, name)
                if os.path.isdir(p):
                    shutil.rmtree(p)
                elif os.path.exists(p):
                    os.remove(p)
        os.makedirs(d, exist_ok=True)
        write(os.path.join(d, MARKER), f"generated by bench/gen_corpus.py {args.n} (seed {args.seed})"
              + (f" shape {args.shape}" if args.shape != "default" else "") + "\n")

    pages = plan_pages(args.n, args.seed)
    by_audience = {a: [p for p in pages if p.audience == a] for a in AUDIENCES}
    # a section needs at least one page for half-local links; fall back to all pages
    for a in AUDIENCES:
        if not by_audience[a]:
            by_audience[a] = pages

    site_title = f"Benchmark Safeguarding Children Partnership, online safety ({args.n} pages)"
    base_url = "https://bench.example.org/"
    description = "A generated benchmark corpus of online safety guidance."

    # --- safeguide site.yaml: repo's audiences and report, no placeholders
    sg_yaml = [
        f"# Generated by bench/gen_corpus.py {args.n} (seed {args.seed}). Do not edit.",
        f"title: {yaml_str(site_title)}",
        f"description: {yaml_str(description)}",
        f"base_url: {base_url}",
        "language: en-GB",
        "theme: default",
        "",
        blocks["audiences"],
        "",
        blocks["report"],
        "",
        # The report routes name local values (issue #31): declared, as the repository's are.
        blocks.get("local", ""),
        "",
        blocks.get("search", "search:\n  enabled: true"),
        "",
    ]
    write(os.path.join(sg_root, "site.yaml"), "\n".join(sg_yaml))

    # --- hugo.toml
    ht = [
        f"# Generated by bench/gen_corpus.py {args.n} (seed {args.seed}). Do not edit.",
        f'baseURL = "{base_url}"',
        'languageCode = "en-GB"',
        f"title = {toml_str(site_title)}",
        "enableRobotsTXT = true",
        "",
        "[params]",
        f"description = {toml_str(description)}",
        "",
        "[taxonomies]",
        'tag = "tags"',
        'audience = "audience"',
        "",
        "[outputs]",
        'home = ["HTML", "RSS", "JSON"]',
        'section = ["HTML"]',
        'taxonomy = ["HTML"]',
        'term = ["HTML"]',
        "",
        "[services.rss]",
        "limit = 100",
        "",
        "[markup.highlight]",
        "noClasses = false",
        "",
        "[markup.goldmark.renderer]",
        "unsafe = false",
        "",
        "[minify]",
        "minifyOutput = true",
        "",
    ]
    for a in audiences_meta:
        ht += ["[[params.audiences]]", f"id = {toml_str(a['id'])}",
               f"name = {toml_str(a.get('name', AUDIENCE_FALLBACK_NAMES.get(a['id'], a['id'])))}",
               f"description = {toml_str(a.get('description', ''))}", ""]
    for r in report_meta:
        ht += ["[[params.report]]", f"label = {toml_str(r.get('label', ''))}"]
        if r.get("url"):
            ht.append(f"url = {toml_str(r['url'])}")
        if r.get("description"):
            ht.append(f"description = {toml_str(r['description'])}")
        ht.append("")
    write(os.path.join(hugo_root, "hugo.toml"), "\n".join(ht))
    lay = os.path.join(hugo_root, "layouts")
    write(os.path.join(lay, "_default", "baseof.html"), HUGO_BASEOF)
    write(os.path.join(lay, "_default", "single.html"), HUGO_SINGLE)
    write(os.path.join(lay, "_default", "list.html"), HUGO_LIST)
    write(os.path.join(lay, "index.html"), HUGO_INDEX)
    write(os.path.join(lay, "index.json"), HUGO_INDEX_JSON)
    write(os.path.join(lay, "404.html"), HUGO_404)
    write(os.path.join(hugo_root, "static", "css", "site.css"), HUGO_CSS)
    write(os.path.join(hugo_root, "static", "css", "print.css"), HUGO_PRINT_CSS)
    write(os.path.join(hugo_root, "static", "css", "syntax.css"), HUGO_SYNTAX_CSS)

    # --- section pages (same Markdown in both trees; front matter differs)
    def both(rel, sg_fm, hugo_fm, body):
        write(os.path.join(sg_root, "content", rel), sg_fm + "\n" + body)
        write(os.path.join(hugo_root, "content", rel), hugo_fm + "\n" + body)

    home_body = ("This site is a generated benchmark corpus: online safety guidance for parents and carers, "
                 "children, young people, professionals and schools. Choose who you are from the menu, or "
                 "search the guidance.\n")
    both("_index.md", f"---\ntitle: {yaml_str('Online safety')}\nsummary: {yaml_str(description)}\n---\n",
         f"---\ntitle: {yaml_str('Online safety')}\nsummary: {yaml_str(description)}\n---\n", home_body)
    hugo_extra = {"search.md": ("Search", "Search all the guidance on this site."),
                  "report.md": ("Report a concern", "Every way to report a concern, in one place.")}
    for rel, (t, s) in hugo_extra.items():
        write(os.path.join(hugo_root, "content", rel),
              f"---\ntitle: {yaml_str(t)}\nsummary: {yaml_str(s)}\n---\n\n{s}\n")

    names = {a["id"]: a.get("name", AUDIENCE_FALLBACK_NAMES.get(a["id"], a["id"])) for a in audiences_meta}
    dirs = sorted({p.dir for p in pages})
    section_dirs = set()
    for d in dirs:
        parts = d.split("/")
        for k in range(1, len(parts) + 1):
            section_dirs.add("/".join(parts[:k]))
    topic_names = {t["id"]: t["name"] for t in TOPICS}
    for d in sorted(section_dirs):
        parts = d.split("/")
        rng = random.Random(f"{args.seed}:section:{d}")
        aud = parts[0]
        if len(parts) == 1:
            title = names.get(aud, aud)
            summary = f"Online safety guidance for {AUDIENCE_PHRASE[aud]}."
            sg_extra = f"audience: [{aud}]\nweight: {AUDIENCES.index(aud) + 1}\n"
        elif len(parts) == 2:
            title = topic_names[parts[1]]
            summary = f"{title}: guidance for {AUDIENCE_PHRASE[aud]}."
            sg_extra = f"weight: {rng.randint(1, 50)}\n"
        else:
            title = f"{topic_names[parts[1]]}, part {int(parts[2].split('-')[1])}"
            summary = f"More guidance on {topic_names[parts[1]].lower()} for {AUDIENCE_PHRASE[aud]}."
            sg_extra = f"weight: {int(parts[2].split('-')[1])}\n"
        pick = SentencePicker(rng, aud, rng.choice(TOPICS))
        body = pick.paragraph() + "\n\n" + pick.paragraph() + "\n"
        both(f"{d}/_index.md",
             f"---\ntitle: {yaml_str(title)}\nsummary: {yaml_str(summary)}\n{sg_extra}---\n",
             f"---\ntitle: {yaml_str(title)}\nsummary: {yaml_str(summary)}\n{sg_extra.replace('audience:', 'audience_section:')}---\n",
             body)

    # --- pages
    for p in pages:
        body, links = build_body(p, pages, by_audience, args.seed)
        lrng = random.Random(f"{args.seed}:links:{p.idx}")
        sg_body = render_links(body, links, sg_href_for(p, lrng))
        hugo_body = render_links(body, links, hugo_href)
        assert "{{" not in sg_body
        write(os.path.join(sg_root, "content", p.rel), sg_front(p) + "\n" + sg_body)
        write(os.path.join(hugo_root, "content", p.rel), hugo_front(p) + "\n" + hugo_body)

    print(f"gen_corpus: {args.n} pages in {len(section_dirs)} sections -> {sg_root} and {hugo_root}")


if __name__ == "__main__":
    main()
