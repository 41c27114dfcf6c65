import json, pathlib
OUT = pathlib.Path("/work/main/devset/gold")

def Q(speaker, text, aliases=None, optional=False, kind=None, note=None, match=None):
    d = {"speaker": speaker, "text": text}
    if aliases: d["speaker_aliases"] = aliases
    if kind: d["kind"] = kind
    if match: d["speaker_match"] = match
    if optional: d["optional"] = True
    if note: d["note"] = note
    return d

def C(kind, evidence, value, optional=False, note=None):
    d = {"kind": kind, "evidence": evidence, "value": value}
    if optional: d["optional"] = True
    if note: d["note"] = note
    return d

def D(text, evidence, values, optional=False, note=None):
    d = {"text": text, "evidence": evidence, "value": values}
    if optional: d["optional"] = True
    if note: d["note"] = note
    return d

def write(file, title, published, publisher, quotes, claims, dates):
    req_first = lambda xs: [x for x in xs if not x.get("optional")] + [x for x in xs if x.get("optional")]
    quotes, claims, dates = req_first(quotes), req_first(claims), req_first(dates)
    g = {"file": file, "title": title, "published": published, "publisher": publisher,
         "quotes": quotes, "claims": claims, "dates": dates}
    (OUT / file.replace(".txt", ".json")).write_text(json.dumps(g, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

# ---------------------------------------------------------------- dev01 Reuters economy (Mon 2025-03-03)
FERRI = ["Ferri"]
LEHT = ["Lehtinen"]
MIN = ["German Finance Ministry", "finance ministry", "Germany's finance ministry", "German Federal Finance Ministry"]
write("dev01_wire_economy.txt",
      "Euro zone inflation eases to 2.4% but services prices stay sticky", "2025-03-03", "Reuters",
      [Q("Claudia Ferri", "The last mile is proving to be the hardest, but the direction of travel is clear,", FERRI),
       Q("Claudia Ferri", "We expect the ECB to cut by 25 basis points this week and again in April.", FERRI),
       Q("Jonas Lehtinen", "We are approaching the point where further cuts need to be weighed very carefully,", LEHT),
       Q("Jonas Lehtinen", "We are not on autopilot, and markets should not assume that we are,", LEHT),
       Q("German finance ministry", "the decline in energy prices is giving households some breathing room, but it is too early to sound the all-clear.", MIN),
       Q("Markus Feld", "We will look at the figures in detail before drawing any conclusions for the budget,", ["Feld"]),
       Q("Eurostat", "Separate data showed unemployment in the euro zone held at a record low of 6.2% in January", None, optional=True, kind="indirect"),
       ],
      [C("percent", "eases to 2.4%", 2.4, optional=True, note="headline"),
       C("count", "20 countries", 20),
       C("percent", "rose 2.4%", 2.4),
       C("percent", "2.5%", 2.5),
       C("percent", "2.3%", 2.3),
       C("percent", "3.7%", 3.7),
       C("percent", "3.9%", 3.9),
       C("percent", "2.7%", 2.7),
       C("percent", "2.6%", 2.6),
       C("amount", "25 basis points", 25, optional=True, note="inside a quote; basis points"),
       C("count", "five times", 5),
       C("percent", "2.75%", 2.75),
       C("percent", "10.6%", 10.6),
       C("ordinal", "sixth", 6),
       C("percent", "3.2%", 3.2),
       C("duration", "more than two years", 2, optional=True, note="years, lower bound"),
       C("percent", "2.8%", 2.8),
       C("money", "4.5 billion euros", 4500000000.0),
       C("money", "$4.68 billion", 4680000000.0, optional=True, note="conversion"),
       C("percent", "6.2%", 6.2),
       C("amount", "$1 = 0.9615 euros", 0.9615, optional=True, note="exchange-rate footnote"),
       ],
      [D("March 3, 2025", "March 3, 2025 11:08 AM", ["2025-03-03"], optional=True),
       D("in February", "eased slightly in February", ["2025-02"]),
       D("on Thursday", "another interest rate cut on Thursday", ["2025-03-06"]),
       D("in January", "2.5%", ["2025-01"]),
       D("on Monday", "a flash estimate from Eurostat showed on Monday", ["2025-03-03"]),
       D("January 2022", "its lowest level since January 2022", ["2022-01"]),
       D("this week", "cut by 25 basis points this week", ["2025-W10"], optional=True, note="inside a quote"),
       D("in April", "and again in April", ["2025-04", "XXXX-04"], optional=True, note="inside a quote"),
       D("since June", "five times since June", ["2024-06"]),
       D("October 2022", "10.6% in October 2022", ["2022-10"]),
       D("the summer", "growth, by the summer", ["2025-SU"], optional=True),
       D("on Thursday", "A cut on Thursday would be", ["2025-03-06"]),
       D("since June", "would be the sixth since June", ["2024-06"]),
       D("on Friday", "in Helsinki on Friday", ["2025-02-28"]),
       D("the fourth quarter", "from a year earlier in the fourth quarter", ["2024-Q4", "XXXX-Q4"], optional=True),
       D("last week", "ECB data showed last week", ["2025-W09"]),
       D("in February", "hold at 2.8% in February", ["2025-02"]),
       D("this year", "for energy relief this year", ["2025"]),
       D("in January", "a record low of 6.2% in January", ["2025-01"]),
       ])

# ---------------------------------------------------------------- dev02 BBC climate (Tue 2025-03-11)
WAN = ["Wanjiru", "Kenya's environment minister Grace Wanjiru"]
write("dev02_bbc_climate.txt",
      "Nairobi climate summit agrees $4.5bn fund to help poorer nations adapt", "2025-03-11", "BBC",
      [Q("Grace Wanjiru", "the money was a down payment, not a gift", WAN, kind="indirect"),
       Q("Grace Wanjiru", "This is not charity. This is the bill for a crisis we did not cause,", WAN),
       Q("Grace Wanjiru", "Every shilling in this fund will be tracked, and every country will be able to see where it goes,", WAN),
       Q("Amina Diallo", "We came here with empty pockets and we leave with a plan", ["Diallo"]),
       Q("Campaigners", "the sum fell far short of what was needed", None, optional=True, kind="indirect"),
       Q("UN Environment Programme", "Africa is responsible for less than 4% of global greenhouse gas emissions, but it is among the regions hit hardest by rising temperatures", ["UNEP", "UN"], optional=True, kind="indirect"),
       Q("UN", "developing countries will need between $215bn and $387bn a year for adaptation this decade", ["United Nations"], optional=True, kind="indirect"),
       Q("Joseph Otieno", "Too often we have heard rich countries say, ‘The money is coming,’ and then nothing arrives,", ["Otieno"]),
       Q("Joseph Otieno", "This time we want to see the cheques.", ["Otieno"]),
       Q("Helen Marsh", "Britain will contribute £300m over three years, and we expect others to follow.", ["Marsh"]),
       ],
      [C("money", "$4.5bn", 4500000000.0, optional=True, note="headline"),
       C("count", "48 countries", 48),
       C("money", "$4.5bn", 4500000000.0),
       C("money", "£3.5bn", 3500000000.0, optional=True, note="conversion"),
       C("duration", "two-day", 2, note="days"),
       C("percent", "4%", 4),
       C("duration", "30 days", 30, note="days"),
       C("money", "$215bn", 215000000000.0),
       C("money", "$387bn", 387000000000.0),
       C("money", "£300m", 300000000.0, optional=True, note="inside a quote"),
       C("duration", "three years", 3, optional=True, note="inside a quote; years"),
       C("ordinal", "first summit", 1, optional=True),
       ],
      [D("11 March 2025", "11 March 2025", ["2025-03-11"], optional=True),
       D("on Tuesday", "was agreed on Tuesday after talks", ["2025-03-11"]),
       D("this decade", "for adaptation this decade", ["202", "202X"], optional=True),
       D("next month", "will not be published until next month", ["2025-04"]),
       D("in 2022", "in Egypt in 2022", ["2022"]),
       D("in November", "in Belém, Brazil, in November", ["2025-11"]),
       ])

# ---------------------------------------------------------------- dev03 local council (Wed 2025-03-12)
KW = ["Mayor Karen Whitfield", "Mayor Whitfield"]
TW = ["Council member Tom Whitfield"]
DA = ["Alvarez", "Council President Denise Alvarez"]
write("dev03_local_council_budget.txt",
      "Lakewood council approves $412 million budget, raises bus fares", "2025-03-12", "Lakewood Courier",
      [Q("Karen Whitfield", "the most difficult spending plan this city has faced in a decade.", KW),
       Q("Karen Whitfield", "Nobody on this dais wanted to raise fares,", KW),
       Q("Karen Whitfield", "But the alternative was cutting routes, and cutting routes is worse.", KW),
       Q("Karen Whitfield", "had little choice after sales tax receipts came in below forecasts for a second straight year", KW, kind="indirect"),
       Q("Tom Whitfield", "This budget balances the books on the backs of bus riders,", TW),
       Q("Tom Whitfield", "We had other options, and we didn't take them.", TW),
       Q("Tom Whitfield", "the council should have drawn more from the city's rainy-day fund, which stands at about $61 million", TW, kind="indirect"),
       Q("Denise Alvarez", "the reserve needed to stay above 15% of annual spending to protect the city's credit rating", DA, kind="indirect"),
       Q("Denise Alvarez", "regrettable but necessary.", DA),
       Q("Denise Alvarez", "If we drain the reserve, we pay for it for years in higher borrowing costs,", DA),
       Q("Evelyn Grant", "I ride the 14 every day to get to my job. Twenty-five cents doesn't sound like much until you pay it twice a day, six days a week,", ["Grant"]),
       Q("riders", "the fare increase would hit low-income residents hardest", None, optional=True, kind="indirect"),
       ],
      [C("money", "$412 million", 412000000.0, optional=True, note="headline"),
       C("money", "$412 million", 412000000.0),
       C("money", "$38 million", 38000000.0),
       C("money", "25-cent", 0.25, optional=True, note="25 cents"),
       C("count", "5-2", 5, optional=True, note="vote tally"),
       C("duration", "four hours", 4, note="hours, lower bound"),
       C("money", "$1.75", 1.75),
       C("money", "$2.00", 2.0),
       C("ordinal", "first fare increase", 1),
       C("ordinal", "second straight year", 2),
       C("count", "two votes", 2, optional=True),
       C("money", "$61 million", 61000000.0),
       C("percent", "15%", 15),
       C("percent", "3.1%", 3.1),
       C("money", "$118.4 million", 118400000.0),
       C("count", "46 vacant positions", 46),
       C("count", "twice a day", 2, optional=True, note="inside a quote"),
       C("count", "six days a week", 6, optional=True, note="inside a quote"),
       C("count", "Evelyn Grant, 67", 67, optional=True, note="age"),
       ],
      [D("March 12, 2025", "Updated 3:45 p.m. ET, March 12, 2025", ["2025-03-12"], optional=True),
       D("on Tuesday", "The City Council on Tuesday approved", ["2025-03-11"]),
       D("July 1", "the fiscal year that begins July 1", ["2025-07-01", "XXXX-07-01"]),
       D("since 2016", "the first fare increase since 2016", ["2016"]),
       D("in January", "who proposed the budget in January", ["2025-01"]),
       D("until 2027", "in the Eastgate neighborhood until 2027", ["2027"]),
       D("Tuesday", "Riders who spoke Tuesday", ["2025-03-11"]),
       D("next week", "sign the budget next week", ["2025-W12"]),
       ])

# ---------------------------------------------------------------- dev04 press release (Thu 2025-02-27)
DO = ["Okafor"]
MC = ["Chen"]
BR = ["Brightline Robotics, Inc.", "Brightline", "Brightline Robotics Inc."]
write("dev04_release_earnings.txt",
      "Brightline Robotics Reports Fourth Quarter and Full Year 2024 Results", "2025-02-27", None,
      [Q("Dana Okafor", "2024 was the year Brightline proved that autonomous fulfilment works at scale,", DO),
       Q("Dana Okafor", "We ended the year with the strongest order backlog in our history, and we are entering 2025 with real momentum.", DO),
       Q("Dana Okafor", "Our customers are no longer running pilots. They are rolling out fleets.", DO),
       Q("Michael Chen", "We remain disciplined on costs while investing in the next generation of our platform,", MC),
       Q("Michael Chen", "We expect to reach positive free cash flow in the second half of 2025.", MC),
       Q("Brightline Robotics", "Demand from grocery and pharmacy customers has been particularly strong, and we are adding manufacturing capacity to meet it,", BR),
       ],
      [C("money", "$184.6 million", 184600000.0, optional=True, note="subheading"),
       C("percent", "27%", 27, optional=True, note="subheading"),
       C("money", "$184.6 million", 184600000.0),
       C("percent", "27%", 27),
       C("money", "$145.4 million", 145400000.0),
       C("percent", "41.2%", 41.2),
       C("percent", "38.7%", 38.7),
       C("money", "$12.3 million", 12300000.0),
       C("money", "$0.09 per share", 0.09),
       C("money", "$29.8 million", 29800000.0),
       C("money", "$0.23 per share", 0.23),
       C("count", "2,140 robots", 2140),
       C("money", "$652.0 million", 652000000.0),
       C("percent", "22%", 22),
       C("count", "312", 312),
       C("count", "14", 14),
       C("count", "50 largest", 50, optional=True),
       C("money", "$170 million", 170000000.0),
       C("money", "$176 million", 176000000.0),
       C("money", "$800 million", 800000000.0),
       C("money", "$820 million", 820000000.0),
       C("money", "$760 million", 760000000.0),
       C("money", "$790 million", 790000000.0),
       C("count", "1,100 people", 1100),
       ],
      [D("Full Year 2024", "Fourth Quarter and Full Year 2024 Results", ["2024"], optional=True, note="headline"),
       D("2025", "company raises 2025 outlook", ["2025"], optional=True),
       D("Feb. 27, 2025", "BOSTON, Feb. 27, 2025", ["2025-02-27"], optional=True),
       D("today", "today reported financial results", ["2025-02-27"]),
       D("December 31, 2024", "full year ended December 31, 2024", ["2024-12-31"]),
       D("Fourth Quarter 2024", "Fourth Quarter 2024 Highlights", ["2024-Q4"], optional=True),
       D("the fourth quarter of 2023", "in the fourth quarter of 2023", ["2023-Q4"]),
       D("a year earlier", "38.7% a year earlier", ["2023-Q4"], optional=True),
       D("Full Year 2024", "Full Year 2024 Highlights", ["2024"], optional=True),
       D("from 2023", "up 22% from 2023", ["2023"]),
       D("2024", "2024 was the year Brightline", ["2024"], optional=True, note="inside a quote"),
       D("2025", "entering 2025 with real momentum", ["2025"], optional=True, note="inside a quote"),
       D("the second half of 2025", "positive free cash flow in the second half of 2025", ["2025-H2"], optional=True, note="inside a quote"),
       D("the first quarter of 2025", "For the first quarter of 2025", ["2025-Q1"]),
       D("the full year 2025", "For the full year 2025", ["2025"]),
       D("today", "host a conference call today at 5:00 p.m.", ["2025-02-27"], optional=True, note="a time of day"),
       D("1995", "Reform Act of 1995", ["1995"], optional=True, note="part of a name"),
       D("in 2016", "Founded in 2016", ["2016"]),
       ])

# ---------------------------------------------------------------- dev05 AP court (Fri 2025-03-07)
RT = ["Judge Rebecca Thornton", "Thornton"]
ME = ["Judge Marcus Ellison", "Ellison"]
AM = ["Apex", "Apex Mobile Inc."]
write("dev05_ap_court.txt",
      "Appeals court upholds $57 million FCC fine against Apex Mobile over location data sales", "2025-03-07", "Associated Press",
      [Q("Rebecca Thornton", "Apex’s customers did not consent to having their movements tracked and sold, and the Communications Act does not permit a carrier to treat that information as merchandise,", RT),
       Q("Rebecca Thornton", "The company had years of warnings. It chose to ignore them, and it cannot now complain that the consequences were imposed by an agency rather than a jury.", RT,
         note="one quote running over two paragraphs (the first paragraph's quotation is not closed)"),
       Q("Marcus Ellison", "reading the Seventh Amendment with one eye closed.", ME),
       Q("Marcus Ellison", "A penalty of this size is exactly the kind of suit at common law that the Framers meant to leave to juries,", ME),
       Q("Marcus Ellison", "the ruling could not be squared with the Supreme Court’s 2024 decision in SEC v. Jarkesy", ME, kind="indirect"),
       Q("Apex Mobile", "We respectfully disagree with the decision,", AM),
       Q("Apex Mobile", "Location data was never sold without safeguards, and we ended the program more than five years ago.", AM),
       Q("Dan Morrell", "the company had not decided whether to ask the full appeals court to rehear the case", ["Morrell"], kind="indirect"),
       Q("Dan Morrell", "We’ll look at every option,", ["Morrell", "Apex Chief Executive Dan Morrell"]),
       Q("Lauren Pike", "Today’s decision confirms that carriers cannot profit from their customers’ most sensitive information,", ["Pike"]),
       Q("Nadia Brooks", "This is a win for everyone who carries a phone,", ["Brooks"]),
       Q("Nadia Brooks", "and a warning to every company that treats that data as a product.", ["Brooks"]),
       ],
      [C("money", "$57 million", 57000000.0, optional=True, note="headline"),
       C("money", "$57 million", 57000000.0),
       C("count", "three-judge", 3),
       C("count", "2-1", 2, optional=True, note="vote"),
       C("count", "Three other carriers", 3),
       C("money", "$143 million", 143000000.0),
       C("duration", "five years", 5, optional=True, note="inside a quote; years"),
       ],
      [D("March 7, 2025", "4:31 PM EST, March 7, 2025", ["2025-03-07"], optional=True),
       D("on Friday", "A federal appeals court on Friday upheld", ["2025-03-07"]),
       D("in April 2024", "imposed the penalty in April 2024", ["2024-04"]),
       D("2024", "the Supreme Court’s 2024 decision", ["2024"]),
       D("in February 2020", "first proposed the fines in February 2020", ["2020-02"]),
       D("more than five years ago", "we ended the program more than five years ago", ["2020", "XXXX"], optional=True),
       D("Friday", "he told reporters Friday", ["2025-03-07"]),
       D("Today", "Today’s decision confirms", ["2025-03-07"], optional=True, note="inside a quote"),
       ])

# ---------------------------------------------------------------- dev06 health (Mon 2025-03-10)
AMO = ["Dr. Alicia Moreno", "Moreno"]
RO = ["Dr. Ray Okonjo", "Okonjo"]
CDC = ["CDC", "Centers for Disease Control"]
write("dev06_health_newsletter.txt",
      "Measles cases in South Plains outbreak climb past 1,200, officials say", "2025-03-10", "High Plains Herald",
      [Q("state health officials", "More than 1,200 people have now been infected in a measles outbreak centered on the South Plains region", None, optional=True, kind="indirect"),
       Q("Alicia Moreno", "We are seeing transmission in schools, churches and day care centers, and we expect the numbers to keep rising for several more weeks,", AMO),
       Q("Alicia Moreno", "the agency had sent 40,000 additional doses of the measles, mumps and rubella vaccine to the region since the outbreak began in late January", AMO, kind="indirect"),
       Q("Centers for Disease Control and Prevention", "one of the most contagious diseases known to humankind,", CDC),
       Q("Local officials", "vaccination rates in some school districts in the region have fallen below 80%, well short of the 95% needed to prevent outbreaks", None, optional=True, kind="indirect"),
       Q("Ray Okonjo", "We have had parents lining up at 7 a.m. for shots,", RO),
       Q("Ray Okonjo", "That is new.", RO),
       Q("Ray Okonjo", "Fear is a powerful motivator,", RO),
       Q("Lauren Hale", "I thought measles was something from my grandmother’s time.", ["Hale"]),
       ],
      [C("count", "1,200", 1200, optional=True, note="headline"),
       C("count", "1,200", 1200, note="lower bound"),
       C("count", "1,214 cases", 1214),
       C("count", "1,046", 1046),
       C("count", "148 people", 148),
       C("count", "two children", 2),
       C("percent", "94%", 94),
       C("count", "40,000", 40000),
       C("count", "9 out of 10", 9, optional=True),
       C("percent", "80%", 80),
       C("percent", "95%", 95),
       C("count", "mother of three", 3, optional=True),
       ],
      [D("March 10, 2025", "By Daniel Reyes March 10, 2025", ["2025-03-10"], optional=True),
       D("Monday", "state health officials said Monday", ["2025-03-10"]),
       D("since 2019", "in the United States since 2019", ["2019"]),
       D("as of Friday", "1,214 cases as of Friday", ["2025-03-07"]),
       D("a week earlier", "up from 1,046 a week earlier", ["2025-02-28", "2025-W09"], optional=True),
       D("in late January", "since the outbreak began in late January", ["2025-01"]),
       D("last week", "hospitalized with pneumonia last week", ["2025-W10"]),
       ])

# ---------------------------------------------------------------- dev07 sports, no date
MH = ["Mateo"]
LH = ["Luis"]
NA = ["Ashworth"]
PV = ["Venturi"]
write("dev07_nodate_sports.txt",
      "Rovers snatch late winner as Hernández brothers stun Ashford City", None, None,
      [Q("Mateo Hernández", "I have dreamed about scoring a goal like that since I was a kid,", MH),
       Q("Mateo Hernández", "To do it with my brother on the pitch makes it even better.", MH),
       Q("Luis Hernández", "We have won nothing yet,", LH),
       Q("Luis Hernández", "There are 11 games left and every one of them is a final.", LH),
       Q("Mateo Hernández", "He is the most annoying player in training,", MH),
       Q("Mateo Hernández", "But on a Saturday I would not swap him for anyone.", MH),
       Q("Neil Ashworth", "The character the lads showed in the last 20 minutes was outstanding. We never stopped believing.", NA),
       Q("Neil Ashworth", "captain Ben Foley would miss next Tuesday's trip to Harrow with a hamstring injury", NA, kind="indirect"),
       Q("Neil Ashworth", "nothing too serious.", NA),
       Q("Paolo Venturi", "We were the better side for 80 minutes,", PV),
       Q("Paolo Venturi", "Football can be cruel.", PV),
       ],
      [C("ordinal", "89th-minute", 89),
       C("count", "three points", 3),
       C("count", "Luis Hernández, 27", 27, optional=True, note="age"),
       C("duration", "14 minutes", 14, note="minutes"),
       C("ordinal", "fourth straight", 4),
       C("ordinal", "first victory", 1),
       C("count", "14,382", 14382),
       C("count", "11 games", 11, optional=True, note="inside a quote"),
       C("duration", "20 minutes", 20, optional=True, note="inside a quote"),
       C("duration", "80 minutes", 80, optional=True, note="inside a quote"),
       C("ordinal", "finished second", 2),
       C("count", "four points", 4),
       C("count", "six matches", 6),
       C("ordinal", "ninth", 9),
       ],
      [D("on Saturday", "over Ashford City on Saturday", ["XXXX-WXX-6"]),
       D("since 2008", "first victory at Ashford since 2008", ["2008"]),
       D("next Tuesday", "next Tuesday's trip to Harrow", ["XXXX-WXX-2"], optional=True),
       D("last season", "finished second last season", ["XXXX"], optional=True),
       ])

# ---------------------------------------------------------------- dev08 election (Tue 2025-03-11)
CO = ["Mayor Chidi Okonkwo", "the mayor"]
RS = ["Stein", "Rachel Stein"]
write("dev08_election_published.txt",
      "Okonkwo wins second term as Port Marlow mayor with 52.3% of vote", "2025-03-11", "Port Marlow Gazette",
      [Q("city clerk's office", "A third candidate, businessman Victor Lang, finished with 8.8%", None, optional=True, kind="indirect"),
       Q("Chidi Okonkwo", "Port Marlow has given us a mandate to finish what we started,", CO),
       Q("Chidi Okonkwo", "Four more years, and we will get it done.", CO),
       Q("Rachel Stein", "The voters have spoken, and I respect their decision,", RS),
       Q("Rachel Stein", "But the questions we raised about housing costs have not gone away.", RS),
       Q("Ngozi Okonkwo", "humbled and grateful", None),
       Q("Ngozi Okonkwo", "the family was “humbled and grateful” for the support", None, kind="indirect", optional=True),
       Q("Chidi Okonkwo", "his first priority would be a housing plan that he promised to bring to the council within 100 days", CO, kind="indirect"),
       Q("Mark Delaney", "Turnout was highest in Harbourside, where 58% of registered voters cast a ballot", ["Delaney"], kind="indirect", optional=True),
       ],
      [C("percent", "52.3%", 52.3, optional=True, note="headline"),
       C("ordinal", "second term", 2, optional=True, note="headline"),
       C("ordinal", "second term", 2),
       C("percent", "52.3%", 52.3),
       C("percent", "38.9%", 38.9),
       C("ordinal", "A third candidate", 3, optional=True),
       C("percent", "8.8%", 8.8),
       C("percent", "47.6%", 47.6),
       C("percent", "39.2%", 39.2),
       C("percent", "58%", 58),
       C("duration", "Four more years", 4, optional=True, note="inside a quote"),
       C("ordinal", "second time", 2),
       C("duration", "100 days", 100, note="days"),
       C("count", "seven of the 11", 7),
       C("count", "11 council seats", 11),
       C("count", "one fewer", 1, optional=True),
       C("count", "one independent", 1, optional=True),
       ],
      [D("2025-03-11", "Published: 2025-03-11", ["2025-03-11"], optional=True),
       D("on Monday", "re-elected to a second term on Monday", ["2025-03-10"]),
       D("early on Tuesday", "released by the city clerk’s office early on Tuesday", ["2025-03-11"]),
       D("in 2021", "up from 39.2% in 2021", ["2021"]),
       D("since 2019", "the second time since 2019", ["2019"]),
       D("in 2021", "one fewer than in 2021", ["2021"]),
       D("on April 1", "sworn in on April 1", ["2025-04-01", "XXXX-04-01"]),
       ])

# ---------------------------------------------------------------- dev09 Reuters climate (Tue 2025-03-11)
AH = ["Holm", "EU Climate Commissioner Anders Holm"]
AD = ["Diallo"]
write("dev09_wire_climate.txt",
      "Nations agree $4.5 billion adaptation fund at Nairobi climate talks", "2025-03-11", "Reuters",
      [Q("Grace Wanjiru", "This is not charity, it is the bill for a crisis that we did not cause,", ["Wanjiru", "Kenyan Environment Minister Grace Wanjiru"]),
       Q("Grace Wanjiru", "the fund's board would meet for the first time in June and that the first payments could be made before the end of the year", ["Wanjiru"], kind="indirect"),
       Q("Anders Holm", "Europe is putting its money where its mouth is,", AH),
       Q("Anders Holm", "But we cannot be the only ones at the table.", AH),
       Q("Chinese delegate", "China, the world's biggest emitter, pledged $500 million, its first contribution to a multilateral adaptation fund", None, kind="indirect", optional=True),
       Q("two negotiators", "Oil-producing countries led by Saudi Arabia pushed back against language on moving away from fossil fuels", None, kind="indirect", optional=True),
       Q("Amina Diallo", "We did not get everything we wanted. No one ever does,", AD),
       Q("United Nations", "developing countries need up to $387 billion a year to adapt to climate change, more than 10 times what they currently receive", ["UN"], optional=True, kind="indirect"),
       Q("Amina Diallo", "the best we could get in this room", AD),
       ],
      [C("money", "$4.5 billion", 4500000000.0, optional=True, note="headline"),
       C("count", "48 countries", 48),
       C("money", "$4.5 billion", 4500000000.0),
       C("duration", "two-day", 2, note="days"),
       C("ordinal", "first time", 1, optional=True),
       C("ordinal", "second time", 2),
       C("money", "$500 million", 500000000.0),
       C("ordinal", "first contribution", 1, optional=True),
       C("count", "two negotiators", 2, optional=True),
       C("money", "$387 billion", 387000000000.0),
       C("count", "10 times", 10, optional=True, note="multiple"),
       ],
      [D("March 11, 2025", "March 11, 2025 6:42 PM GMT", ["2025-03-11"], optional=True),
       D("March 11", "NAIROBI, March 11 (Reuters)", ["2025-03-11", "XXXX-03-11"], optional=True),
       D("on Tuesday", "agreed on Tuesday to create", ["2025-03-11"]),
       D("in June", "for the first time in June", ["2025-06"]),
       D("the end of the year", "before the end of the year", ["2025"], optional=True),
       ])

# ---------------------------------------------------------------- dev10 web climate (Wed 2025-03-12)
GW = ["Wanjiru", "Kenya's environment minister, Grace Wanjiru"]
write("dev10_web_climate.txt",
      "Nairobi deal: what the new adaptation fund will – and won’t – do", "2025-03-12", "Earth Desk",
      [Q("Kenyan presidency", "The adaptation fund agreed at the Nairobi climate summit will be worth $4.2 billion", ["Kenyan presidency final text"], kind="indirect", optional=True),
       Q("Grace Wanjiru", "We have built the plane while flying it,", GW),
       Q("Grace Wanjiru", "and now it has to land safely.", GW),
       Q("Fatima Bello", "a good start, not a finish line", ["Bello"]),
       Q("Kenyan presidency", "The compact will be operational by the end of 2025, with a first call for proposals in the autumn,", ["Kenyan summit presidency", "presidency"]),
       Q("Tuilagi Fa’asalele", "We swallowed a lot of pride last night,", ["Tuilagi Fa'asalele", "Fa'asalele", "Fa’asalele"]),
       Q("Tuilagi Fa’asalele", "Our islands cannot eat pride.", ["Tuilagi Fa'asalele", "Fa'asalele", "Fa’asalele"]),
       ],
      [C("money", "$4.2 billion", 4200000000.0),
       C("percent", "80%", 80),
       C("percent", "10%", 10),
       ],
      [D("Wed 12 Mar 2025", "Wed 12 Mar 2025 09.15 GMT", ["2025-03-12"], optional=True),
       D("early on Wednesday", "gavelled through early on Wednesday", ["2025-03-12"]),
       D("on Wednesday", "told a press conference on Wednesday", ["2025-03-12"]),
       D("the end of 2025", "operational by the end of 2025", ["2025"], optional=True, note="inside a quote"),
       D("the autumn", "proposals in the autumn", ["2025-FA"], optional=True, note="inside a quote"),
       D("on Tuesday", "dropped the demand on Tuesday", ["2025-03-11"]),
       D("last night", "a lot of pride last night", ["2025-03-11"], optional=True, note="time of day, inside a quote"),
       ])

# ---------------------------------------------------------------- links
def L(rel, kind, fa, ea, fb, eb, why, optional=False):
    d = {"relation": rel, "kind": kind, "why": why, "a": {"file": fa, "evidence": ea}, "b": {"file": fb, "evidence": eb}}
    if optional: d["optional"] = True
    return d
B, R, E = "dev02_bbc_climate.txt", "dev09_wire_climate.txt", "dev10_web_climate.txt"
links = [
 L("agree", "claim", B, "48 countries", R, "48 countries", "both put the number of countries at the Nairobi summit at 48"),
 L("agree", "claim", B, "$4.5bn", R, "$4.5 billion", "both give the adaptation fund as $4.5 billion"),
 L("conflict", "claim", B, "$4.5bn", E, "$4.2 billion", "BBC: the fund is $4.5bn; Earth Desk: $4.2 billion"),
 L("conflict", "claim", R, "$4.5 billion", E, "$4.2 billion", "Reuters: the fund is $4.5 billion; Earth Desk: $4.2 billion"),
 L("conflict", "quote", B, "This is the bill for a crisis we did not cause", R, "it is the bill for a crisis that we did not cause",
   "the same Wanjiru line, worded differently (This is the bill / it is the bill; we did not / that we did not)"),
 L("agree", "claim", B, "two-day climate summit", R, "two-day meeting", "both call the summit two days long", optional=True),
 L("agree", "claim", B, "on Tuesday", R, "on Tuesday", "both date the agreement to Tuesday 2025-03-11", optional=True),
 L("conflict", "claim", B, "on Tuesday", E, "early on Wednesday", "BBC: compact agreed Tuesday (2025-03-11); Earth Desk: early on Wednesday (2025-03-12)", optional=True),
 L("conflict", "claim", R, "on Tuesday", E, "early on Wednesday", "Reuters: compact agreed Tuesday (2025-03-11); Earth Desk: early on Wednesday (2025-03-12)", optional=True),
 L("agree", "claim", B, "between $215bn and $387bn", R, "$387 billion", "both give the UN's upper estimate of adaptation needs as $387 billion a year", optional=True),
 L("agree", "claim", B, "between $215bn and $387bn", R, "$387 billion", "the same range read as two claims ($215bn, $387bn): either end paired with Reuters' 'up to $387 billion' is acceptable", optional=True),
]
(OUT / "links.json").write_text(json.dumps({"links": links}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
