#!/usr/bin/env python3
"""Writes support-chat.jsonl: a labelled corpus of customer-support chat messages in English and
Indonesian with planted personal values and hard negatives, for measuring PiiDetector.

The templates and value generators here are written from the public formats of each kind (operators'
numbering plans, ISO/IEC 7812 and Luhn, ISO 13616 IBAN with mod-97, SSA, HMRC, Dukcapil NIK and DJP NPWP
layouts, the Spanish, Italian, French, German, Dutch and Polish identity-number rules, ICAO passport
numbers, RFC 5321 addresses, RFC 4291 IPv6 text forms) and from how people write in support chats; they
share nothing with the detector or its own benchmark corpus.

One JSON object per line: id, language (en|id), category (the kind planted, or the confusable sort for a
message with no personal value), text, and spans: [{kind, start, end, value}] with end exclusive, offsets
in UTF-16 code units (all text here is in the Basic Multilingual Plane, so they equal Python offsets).

Run from this directory: python3 support-chat.py > support-chat.jsonl
"""
import json
import random
import string

rng = random.Random(61206)
records = []


def emit(lang, category, parts):
    """parts: strings, or (kind, value) tuples for planted values."""
    text, spans = "", []
    for part in parts:
        if isinstance(part, tuple):
            kind, value = part
            spans.append({"kind": kind, "start": len(text), "end": len(text) + len(value), "value": value})
            text += value
        else:
            text += part
    records.append({"language": lang, "category": category, "text": text, "spans": spans})


def fill(lang, category, template, **values):
    """template holds {name} slots; a value given as (kind, text) is a planted span, a str is plain text."""
    parts, rest = [], template
    while "{" in rest:
        head, tail = rest.split("{", 1)
        name, rest = tail.split("}", 1)
        parts.append(head)
        parts.append(values[name])
    parts.append(rest)
    emit(lang, category, parts)


def pick(seq):
    return rng.choice(seq)


def digits(n):
    return "".join(rng.choice(string.digits) for _ in range(n))


def luhn_digit(body):
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def group(s, sizes, sep):
    out, i = [], 0
    for size in sizes:
        out.append(s[i:i + size])
        i += size
    if i < len(s):
        out.append(s[i:])
    return sep.join(out)


# ---------------------------------------------------------------- people and places
FIRST_EN = ["Sarah", "Daniel", "Emily", "James", "Olivia", "Michael", "Chloe", "Thomas", "Hannah", "Ryan", "Grace",
            "Liam", "Megan", "Oliver", "Priya", "Mohammed", "Aisha", "Connor", "Fiona", "Gareth", "Sophie",
            "Nathan", "Rebecca", "Marcus", "Isabel", "Kevin", "Laura", "Declan", "Zoe", "Patrick"]
LAST_EN = ["Mitchell", "Thompson", "Clarke", "O'Brien", "Patel", "Nguyen", "Robinson", "Hughes", "Fletcher",
           "Donovan", "McAllister", "Whitaker", "Kowalski", "Ramirez", "Okafor", "Bennett", "Harrington",
           "Sullivan", "Fitzgerald", "Lindqvist", "Chandler", "Morrison", "Adeyemi", "Van der Berg", "Walsh"]
FIRST_ID = ["Budi", "Siti", "Dewi", "Agus", "Rina", "Andi", "Wahyu", "Putri", "Fajar", "Indah", "Rizky", "Ayu",
            "Joko", "Sri", "Bambang", "Nur", "Eko", "Yuni", "Hendra", "Lestari", "Dimas", "Nadia", "Teguh",
            "Fitri", "Arif", "Ratna", "Yusuf", "Wulan", "Gilang", "Maya", "Ketut", "Made", "Ni Luh", "Stefanus"]
LAST_ID = ["Santoso", "Wulandari", "Pratama", "Saputra", "Hidayat", "Kurniawan", "Setiawan", "Lestari",
           "Nugroho", "Siregar", "Nasution", "Hutapea", "Sihombing", "Wijaya", "Halim", "Gunawan", "Permana",
           "Rahmawati", "Susanti", "Purnomo", "Syahputra", "Ramadhan", "Maharani", "Aritonang", "Suryadi"]
CITIES_ID = [("Bandung", "40162"), ("Surabaya", "60241"), ("Jakarta Selatan", "12430"), ("Yogyakarta", "55281"),
             ("Semarang", "50241"), ("Medan", "20112"), ("Makassar", "90231"), ("Denpasar", "80234"),
             ("Malang", "65145"), ("Bekasi", "17141"), ("Depok", "16424"), ("Palembang", "30126"),
             ("Bogor", "16143"), ("Tangerang Selatan", "15412"), ("Sleman", "55581"), ("Balikpapan", "76114")]
STREETS_ID = ["Merdeka", "Sudirman", "Diponegoro", "Gajah Mada", "Ahmad Yani", "Pahlawan", "Kenanga",
              "Melati", "Cempaka Putih", "Raya Bogor", "Dr. Setiabudi", "Kaliurang", "Veteran", "Imam Bonjol",
              "Mawar", "Anggrek", "Pemuda", "Teuku Umar", "Kartini", "Hayam Wuruk", "Sisingamangaraja"]
KEL = ["Sukajadi", "Cikutra", "Menteng", "Tegalsari", "Kemang", "Sidoarum", "Panjer", "Lowokwaru", "Ciputat",
       "Kebayoran Lama", "Caturtunggal", "Dago", "Pasar Minggu", "Gubeng", "Sumur Batu"]
KEC = ["Sukasari", "Cibeunying Kidul", "Menteng", "Tegalsari", "Mampang Prapatan", "Godean", "Denpasar Selatan",
       "Lowokwaru", "Ciputat Timur", "Depok", "Coblong", "Gubeng", "Bantar Gebang", "Medan Baru"]
STREETS_EN = ["Elm Street", "Maple Avenue", "Oak Lane", "High Street", "Station Road", "Church Lane",
              "Victoria Road", "Park Avenue", "Willow Crescent", "King's Road", "Sunset Boulevard", "Pine Drive",
              "Mill Lane", "Chestnut Close", "Broadway", "Harbour View Road", "Queen Street", "Cedar Court"]
TOWNS_US = [("Springfield", "IL", "62704"), ("Austin", "TX", "78701"), ("Portland", "OR", "97205"),
            ("Columbus", "OH", "43215"), ("Denver", "CO", "80203"), ("Raleigh", "NC", "27601"),
            ("Boise", "ID", "83702"), ("Madison", "WI", "53703"), ("Tampa", "FL", "33602")]
TOWNS_UK = [("London", "SW1A 2AA"), ("Manchester", "M1 4BT"), ("Leeds", "LS1 5DL"), ("Bristol", "BS1 6QA"),
            ("Glasgow", "G2 8DL"), ("Cardiff", "CF10 1EP"), ("Norwich", "NR2 4SQ"), ("York", "YO1 7HH")]


def name_en():
    return pick(FIRST_EN) + " " + pick(LAST_EN)


def name_id():
    r = rng.random()
    if r < 0.3:
        return pick(FIRST_ID)
    if r < 0.85:
        return pick(FIRST_ID) + " " + pick(LAST_ID)
    return pick(FIRST_ID) + " " + pick(FIRST_ID) + " " + pick(LAST_ID)


# ---------------------------------------------------------------- value generators
ID_MOBILE = ["811", "812", "813", "821", "822", "823", "851", "852", "853", "814", "815", "816", "855", "856",
             "857", "858", "817", "818", "819", "859", "877", "878", "831", "832", "838", "895", "896", "897",
             "898", "899", "881", "882", "887", "888"]


def phone_id():
    prefix = pick(ID_MOBILE)
    rest = digits(rng.choice([7, 8, 8, 8]))
    national = "0" + prefix + rest
    shape = rng.randrange(11)
    if shape == 0:
        return group(national, [4, 4], "-")
    if shape == 1:
        return group(national, [4, 4], " ")
    if shape in (2, 3):
        return national
    if shape == 4:
        return "+62 " + group(prefix + rest, [3, 4], "-")
    if shape == 5:
        return "+62 " + group(prefix + rest, [3, 4], " ")
    if shape == 6:
        return "+62" + prefix + rest
    if shape == 7:
        return "62" + prefix + rest
    if shape == 8:
        return "(+62) " + group(prefix + rest, [3, 4], " ")
    if shape == 9:
        return "+62-" + group(prefix + rest, [3, 4], "-")
    return group(national, [4, 4], ".")


US_AREAS = ["212", "415", "312", "617", "206", "512", "303", "404", "713", "646", "702", "503", "919", "614"]


def phone_us():
    area = pick(US_AREAS)
    exchange = str(rng.randint(2, 9)) + digits(2)
    while exchange[1:] == "11" or exchange == "555":
        exchange = str(rng.randint(2, 9)) + digits(2)
    line = digits(4)
    shape = rng.randrange(6)
    return [f"({area}) {exchange}-{line}", f"{area}-{exchange}-{line}", f"{area}.{exchange}.{line}",
            f"+1 {area} {exchange} {line}", f"+1 ({area}) {exchange}-{line}", f"+1-{area}-{exchange}-{line}"][shape]


def phone_uk():
    body = "7" + pick(["400", "500", "700", "711", "723", "734", "747", "751", "766", "777", "788", "799", "852",
                       "912", "931", "956", "968", "983"]) + digits(6)
    shape = rng.randrange(5)
    if shape == 0:
        return "0" + body[:4] + " " + body[4:]
    if shape == 1:
        return "+44 " + body[:4] + " " + body[4:]
    if shape == 2:
        return "0" + body
    if shape == 3:
        return "+44 (0)" + body[:4] + " " + body[4:7] + " " + body[7:]
    return "+44" + body


def phone_other():
    return pick(["+61 4" + digits(2) + " " + digits(3) + " " + digits(3),
                 "+65 " + pick("89") + digits(3) + " " + digits(4),
                 "+60 12-" + digits(3) + " " + digits(4),
                 "+44 20 7" + digits(3) + " " + digits(4),
                 "+62 21 " + digits(4) + " " + digits(4),
                 "+62 22 " + digits(3) + " " + digits(4)])


def card():
    kind = rng.randrange(5)
    if kind == 0:
        body, layout = "4" + digits(14), [4, 4, 4, 4]
    elif kind == 1:
        body, layout = str(rng.randint(51, 55)) + digits(13), [4, 4, 4, 4]
    elif kind == 2:
        body, layout = pick(["34", "37"]) + digits(12), [4, 6, 5]
    elif kind == 3:
        body, layout = str(rng.randint(3528, 3589)) + digits(11), [4, 4, 4, 4]
    else:
        body, layout = "6011" + digits(11), [4, 4, 4, 4]
    number = body + luhn_digit(body)
    shape = rng.randrange(3)
    if shape == 0:
        return number
    return group(number, layout, " " if shape == 1 else "-")


def card_failing():
    number = card().replace(" ", "").replace("-", "")
    last = int(number[-1])
    number = number[:-1] + str((last + rng.randint(1, 9)) % 10)
    return group(number, [4, 4, 4, 4], pick([" ", "-", ""])) if len(number) == 16 else number


IBAN_BBAN = {
    "DE": lambda: digits(18),
    "GB": lambda: pick(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + digits(14),
    "NL": lambda: pick(["ABNA", "RABO", "INGB", "SNSB"]) + digits(10),
    "FR": lambda: digits(23),
    "ES": lambda: digits(20),
    "IT": lambda: pick(string.ascii_uppercase) + digits(22),
    "BE": lambda: digits(12),
    "AT": lambda: digits(16),
    "CH": lambda: digits(17),
}


def iban_check(country, bban):
    rearranged = bban + country + "00"
    numeric = "".join(str(int(c, 36)) for c in rearranged)
    return f"{98 - int(numeric) % 97:02d}"


def iban(valid=True):
    country = pick(list(IBAN_BBAN))
    bban = IBAN_BBAN[country]()
    check = iban_check(country, bban)
    if not valid:
        check = f"{(int(check) + rng.randint(1, 90)) % 97 + 2:02d}"
        if check == iban_check(country, bban):
            check = f"{(int(check) + 1) % 97 + 2:02d}"
    compact = country + check + bban
    return compact if rng.random() < 0.4 else group(compact, [4] * 8, " ")


PROVINCES = ["11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32", "33", "34", "35", "36",
             "51", "52", "53", "61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76", "81", "82", "91",
             "92"]


REGENCIES = {"31": ["01", "71", "72", "73", "74", "75"], "32": [f"{n:02d}" for n in range(1, 19)] + ["71", "73"],
             "33": [f"{n:02d}" for n in range(1, 30)] + ["71", "74"],
             "35": [f"{n:02d}" for n in range(1, 30)] + ["71", "78"]}


def nik():
    province = pick(PROVINCES)
    regency = pick(REGENCIES.get(province, ["01", "02", "03", "04", "71"]))
    day = rng.randint(1, 28) + (40 if rng.random() < 0.5 else 0)
    value = (province + regency + f"{rng.randint(1, 9):02d}" + f"{day:02d}"
             + f"{rng.randint(1, 12):02d}" + f"{rng.randint(0, 99):02d}" + f"{rng.randint(1, 2999):04d}")
    shape = rng.randrange(6)
    if shape <= 2:
        return value
    if shape == 3:
        return group(value, [4, 4, 4, 4], " ")
    if shape == 4:
        return group(value, [4, 4, 4, 4], "-")
    return group(value, [6, 6, 4], " ")


def npwp():
    head = pick(["01", "02", "03", "04", "05", "06", "07", "08", "09", "21", "24", "25", "31", "34", "35", "36",
                 "47", "48", "49", "54", "55", "57", "58", "59", "66", "71", "72", "73", "74", "75", "76", "77",
                 "78", "79", "80", "81", "82", "83"]) + digits(6)
    body = head + luhn_digit(head) + digits(3) + f"{rng.randint(0, 2):03d}"
    shape = rng.randrange(5)
    if shape <= 2:
        return f"{body[:2]}.{body[2:5]}.{body[5:8]}.{body[8]}-{body[9:12]}.{body[12:]}"
    if shape == 3:
        return body
    return f"{body[:2]} {body[2:5]} {body[5:8]} {body[8]} {body[9:12]} {body[12:]}"


def ssn():
    area = rng.randint(1, 899)
    while area == 666:
        area = rng.randint(1, 899)
    value = f"{area:03d}", f"{rng.randint(1, 99):02d}", f"{rng.randint(1, 9999):04d}"
    return value


NINO_FIRST = [c for c in string.ascii_uppercase if c not in "DFIQUV"]
NINO_SECOND = [c for c in string.ascii_uppercase if c not in "DFIOQUV"]


def nino():
    prefix = pick(NINO_FIRST) + pick(NINO_SECOND)
    while prefix in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
        prefix = pick(NINO_FIRST) + pick(NINO_SECOND)
    d = digits(6)
    suffix = pick("ABCD")
    return pick([f"{prefix} {d[:2]} {d[2:4]} {d[4:]} {suffix}", f"{prefix}{d}{suffix}", f"{prefix} {d} {suffix}"])


def dni():
    letters = "TRWAGMYFPDXBNJZSQVHLCKE"
    if rng.random() < 0.7:
        n = digits(8)
        return n + letters[int(n) % 23]
    lead = pick("XYZ")
    n = digits(7)
    return lead + n + letters[int(str("XYZ".index(lead)) + n) % 23]


CF_ODD = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                  [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8,
                   12, 14, 16, 10, 22, 25, 24, 23]))


def codice_fiscale():
    cons = "BCDFGLMNPRSTVZ"
    body = ("".join(pick(cons) for _ in range(3)) + "".join(pick(cons) for _ in range(3))
            + f"{rng.randint(50, 99):02d}" + pick("ABCDEHLMPRST") + f"{rng.randint(1, 28) + pick([0, 40]):02d}"
            + pick(["H501", "F205", "L219", "A662", "G273", "D612", "C351"]))
    total = 0
    for i, ch in enumerate(body):
        if i % 2 == 0:
            total += CF_ODD[ch]
        else:
            total += int(ch) if ch.isdigit() else ord(ch) - ord("A")
    return body + chr(ord("A") + total % 26)


def nir():
    body = (pick("12") + f"{rng.randint(50, 99):02d}" + f"{rng.randint(1, 12):02d}" + f"{rng.randint(1, 95):02d}"
            + f"{rng.randint(1, 999):03d}" + f"{rng.randint(1, 999):03d}")
    key = f"{97 - int(body) % 97:02d}"
    if rng.random() < 0.5:
        return body + key
    return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key}"


def steuer_id():
    while True:
        pool = list(string.digits)
        rng.shuffle(pool)
        ten = pool[:9]
        ten.insert(rng.randrange(1, 10), pick(ten))
        if ten[0] == "0":
            continue
        product = 10
        for ch in ten:
            s = (int(ch) + product) % 10
            if s == 0:
                s = 10
            product = (s * 2) % 11
        check = 11 - product
        if check == 10:
            check = 0
        value = "".join(ten) + str(check)
        return pick([value, f"{value[:2]} {value[2:5]} {value[5:8]} {value[8:]}"])


def bsn():
    while True:
        eight = str(rng.randint(1, 9)) + digits(7)
        total = sum(int(c) * w for c, w in zip(eight, range(9, 1, -1)))
        last = total % 11
        if last < 10:
            return eight + str(last)


def pesel():
    year = rng.randint(50, 99)
    body = f"{year:02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}" + digits(4)
    total = sum(int(c) * w for c, w in zip(body, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]))
    return body + str((10 - total % 10) % 10)


def passport_number():
    kind = rng.randrange(7)
    if kind <= 1:
        return pick("ABCEX") + digits(7)
    if kind == 2:
        return pick(["5", "6"]) + digits(8)
    if kind == 3:
        return "1" + digits(8)
    if kind == 4:
        allowed = "CFGHJKLMNPRTVWXYZ0123456789"
        return pick("CFGHJK") + "".join(pick(allowed) for _ in range(8))
    if kind == 5:
        return digits(2) + "".join(pick(string.ascii_uppercase) for _ in range(2)) + digits(5)
    return pick(["YA", "YB", "AA"]) + digits(7)


def passport_id():
    return pick("ABCEX") + (" " if rng.random() < 0.15 else "") + digits(7)


def email(first, last):
    f, l = first.lower().replace(" ", "").replace("'", ""), last.lower().replace(" ", "").replace("'", "")
    local = pick([f"{f}.{l}", f"{f}{l}{rng.randint(1, 99)}", f"{f}_{l}", f"{f[0]}{l}", f"{f}.{l}{rng.randint(70, 99)}",
                  f"{f}+shop", f"{l}.{f}", f"{f}{rng.randint(1980, 2005)}"])
    domain = pick(["gmail.com", "yahoo.com", "yahoo.co.id", "outlook.com", "hotmail.com", "icloud.com",
                   "proton.me", "ymail.com", "mail.ugm.ac.id", "student.itb.ac.id", "kantorku.co.id",
                   "btinternet.com", "live.co.uk", "fastmail.fm", "gmx.de"])
    value = local + "@" + domain
    return value.upper() if rng.random() < 0.08 else value


def ipv4():
    first = pick([36, 39, 103, 110, 114, 118, 125, 139, 180, 182, 202, 203, 8, 24, 66, 73, 81, 86, 151, 185])
    return f"{first}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def ipv6():
    groups = [pick(["2400", "2404", "2001", "2a02", "2600", "2406", "2402"]), f"{rng.randint(0, 0xffff):x}",
              f"{rng.randint(0, 0xffff):x}", f"{rng.randint(0, 0xffff):x}"] + [f"{rng.randint(0, 0xffff):x}"
                                                                                for _ in range(4)]
    shape = rng.randrange(4)
    if shape == 0:
        return ":".join(groups)
    if shape == 1:
        return ":".join(groups[:4]) + "::" + groups[7]
    if shape == 2:
        return ":".join(g.zfill(4) for g in groups)
    return (":".join(groups[:3]) + "::" + ":".join(groups[6:])).upper()


MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
             "November", "Desember"]


def birth_date(lang):
    y, m, d = rng.randint(1948, 2006), rng.randint(1, 12), rng.randint(1, 28)
    shape = rng.randrange(7)
    months = MONTHS_EN if lang == "en" else MONTHS_ID
    if shape == 0:
        return f"{d:02d}/{m:02d}/{y}"
    if shape == 1:
        return f"{d}-{m}-{y}" if lang == "id" else f"{m}/{d}/{y}"
    if shape == 2:
        return f"{y}-{m:02d}-{d:02d}"
    if shape == 3:
        return f"{d} {months[m - 1]} {y}"
    if shape == 4:
        return f"{months[m - 1]} {d}, {y}" if lang == "en" else f"{d:02d}-{m:02d}-{y}"
    if shape == 5:
        return f"{d} {months[m - 1][:3]} {y}"
    return f"{d:02d}.{m:02d}.{y}"


def address_id():
    city, postcode = pick(CITIES_ID)
    shape = rng.randrange(8)
    no = str(rng.randint(1, 250)) + pick(["", "", "", "A", "B"])
    rt, rw = f"{rng.randint(1, 15):03d}", f"{rng.randint(1, 12):03d}"
    street = pick(STREETS_ID)
    if shape == 0:
        return f"Jl. {street} No. {no}, RT {rt}/RW {rw}, Kel. {pick(KEL)}, Kec. {pick(KEC)}, {city} {postcode}"
    if shape == 1:
        return f"Jl {street} no {no} {city}"
    if shape == 2:
        return f"Jalan {street} Nomor {no}, {city}"
    if shape == 3:
        return f"jl. {street.lower()} no.{no} rt.{rt[1:]}/rw.{rw[1:]} {city.lower()}"
    if shape == 4:
        return f"Jl. {street} Gg. {pick(['Mawar', 'Kelinci', 'Buntu', 'Sawo', 'Masjid'])} No. {no}, {city}"
    if shape == 5:
        return f"JL. {street.upper()} NO. {no} RT {rt} RW {rw} {city.upper()} {postcode}"
    if shape == 6:
        return f"Jl. {street} No.{no}, Kec. {pick(KEC)}, {city}, {postcode}"
    return f"Jl. Raya {street} Km. {rng.randint(2, 30)} No. {no}, {city}"


def address_en():
    shape = rng.randrange(6)
    num = str(rng.randint(1, 2999))
    street = pick(STREETS_EN)
    if shape == 0:
        town, state, zipc = pick(TOWNS_US)
        return f"{num} {street}, {town}, {state} {zipc}"
    if shape == 1:
        town, pc = pick(TOWNS_UK)
        return f"{rng.randint(1, 180)} {street}, {town} {pc}"
    if shape == 2:
        town, state, zipc = pick(TOWNS_US)
        return f"{num} {street}, Apt {rng.randint(1, 30)}{pick('ABCD')}, {town}, {state} {zipc}"
    if shape == 3:
        town, pc = pick(TOWNS_UK)
        return f"Flat {rng.randint(1, 24)}, {rng.randint(1, 120)} {street}, {town}, {pc}"
    if shape == 4:
        return f"{num} {street}"
    town, state, zipc = pick(TOWNS_US)
    return f"{num} {street.lower()} {town.lower()} {state.lower()} {zipc}"


def secret():
    alnum = string.ascii_letters + string.digits
    kind = rng.randrange(8)
    if kind == 0:
        return "sk-proj-" + "".join(pick(alnum + "_-") for _ in range(48))
    if kind == 1:
        return "ghp_" + "".join(pick(alnum) for _ in range(36))
    if kind == 2:
        return "AKIA" + "".join(pick(string.ascii_uppercase + "234567") for _ in range(16))
    if kind == 3:
        return "AIza" + "".join(pick(alnum + "_-") for _ in range(35))
    if kind == 4:
        return "xoxb-" + digits(12) + "-" + digits(13) + "-" + "".join(pick(alnum) for _ in range(24))
    if kind == 5:
        return "sk_live_" + "".join(pick(alnum) for _ in range(24))
    if kind == 6:
        payload = "".join(pick(alnum + "_-") for _ in range(rng.randint(40, 90)))
        return ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ" + payload + "."
                + "".join(pick(alnum + "_-") for _ in range(43)))
    return "github_pat_" + "".join(pick(alnum) for _ in range(22)) + "_" + "".join(pick(alnum) for _ in range(59))


def password():
    word = pick(["Sunflower", "mawar", "Bandung", "rahasia", "Qwerty", "dragon", "Kucing", "Jakarta", "Blue",
                 "sayang", "Garuda", "london"])
    return word + pick(["123", "#2024", "@88", "!9", "1990", "_77", "$$", "2023!", ""]) + pick(["", "x", "Z"])



# ---------------------------------------------------------------- positives: templates per kind and language
def ssn_value():
    a, g, s = ssn()
    return pick([f"{a}-{g}-{s}", f"{a}-{g}-{s}", f"{a} {g} {s}", f"{a}{g}{s}"])


def national_id_value():
    which = rng.randrange(8)
    labels = {
        0: (["SSN", "social security number", "Social Security #", "ssn"], ssn_value),
        1: (["NI number", "National Insurance number", "NINO", "NI no."], nino),
        2: (["DNI", "NIE", "DNI/NIE"], dni),
        3: (["codice fiscale", "CF"], codice_fiscale),
        4: (["numéro de sécurité sociale", "NIR", "French social security number"], nir),
        5: (["Steuer-ID", "Steueridentifikationsnummer", "German tax ID"], steuer_id),
        6: (["BSN", "burgerservicenummer"], bsn),
        7: (["PESEL"], pesel),
    }[which]
    return pick(labels[0]), labels[1]()


POSITIVE = {
    "phone": {
        "en": [
            "Hi, you can reach me on {v} anytime after 5pm",
            "my number is {v}",
            "{v} - that's my mobile, please text rather than call",
            "Can the courier call me at {v} when he's outside?",
            "Phone: {v}",
            "Please update my contact number to {v}. The old one is disconnected.",
            "whatsapp me on {v} thanks",
            "Tel {v} (mobile)",
            "My wife's number is {v} if I don't pick up",
            "The delivery guy should ring {v}, not the landline",
            "Contact no.: {v}",
            "I called from {v} earlier but got cut off",
        ],
        "id": [
            "Kak, nomor HP saya {v} ya",
            "no hp: {v}",
            "Tolong hubungi saya di {v} kalau paketnya sudah sampai",
            "{v} ini nomor WA saya kak",
            "Nomor telepon penerima {v} (atas nama istri saya)",
            "kurirnya bisa telpon ke {v} aja min",
            "Ganti nomor ya gan, yang baru {v}",
            "WA: {v}",
            "Nomor saya yang terdaftar {v}, tapi OTP tidak masuk",
            "min tlg cek, sy sudah chat dari nomor {v}",
            "Kalau tidak bisa dihubungi, coba ke nomor suami saya {v}.",
            "HP/WA {v}",
        ],
    },
    "email": {
        "en": [
            "My email is {v}",
            "Please send the invoice to {v}.",
            "{v} is the address on the account",
            "Can you change my login email to {v}? Thanks",
            "email: {v}",
            "I never got the receipt at {v}",
            "Reply to me here or at <{v}>",
            "contact me on {v} please, not my work address",
            "Registered under {v} (personal account)",
            "Send the return label to {v}",
        ],
        "id": [
            "Email saya {v} kak",
            "Tolong kirim invoice ke email {v}",
            "email: {v}",
            "akun saya pakai {v}, tapi tidak bisa login",
            "Sudah saya kirim dari {v} ya min",
            "Alamat email terdaftar: {v}.",
            "Gan, ganti email ke {v} bisa?",
            "{v} <- ini email yang benar",
            "Mohon konfirmasi ke surel {v}",
            "email buat e-tiket: {v}",
        ],
    },
    "card": {
        "en": [
            "I was charged twice on my card {v}",
            "Card number: {v}",
            "Can you refund to {v} instead? The other card is cancelled",
            "The payment failed with card {v} exp 09/27",
            "{v} is the card I used",
            "My Visa ({v}) keeps getting declined",
            "please charge {v}",
            "used my credit card ending... actually the full number is {v}",
        ],
        "id": [
            "Kartu kredit saya {v} kena double charge",
            "No kartu: {v}",
            "Pembayaran pakai kartu {v} gagal terus kak",
            "Tolong refund ke kartu {v} ya",
            "{v} itu kartu yang saya pakai",
            "nomor kartu kredit {v}, berlaku s/d 08/28",
            "Sudah coba bayar dengan CC ({v}) tapi ditolak",
            "min kartu debit saya {v} kepotong tapi pesanan belum masuk",
        ],
    },
    "iban": {
        "en": [
            "Please refund to IBAN {v}",
            "My IBAN is {v}",
            "Bank details: {v} (Sparkasse)",
            "Can you send the money back to {v}?",
            "IBAN: {v}",
            "I've changed banks, new account {v}",
            "refund to {v} pls",
        ],
        "id": [
            "Refund ke rekening luar negeri saya, IBAN {v}",
            "IBAN: {v}",
            "Saya tinggal di Belanda, IBAN saya {v}",
            "Tolong transfer pengembalian dana ke {v}",
            "Rekening saya di Jerman: {v}",
            "iban {v} atas nama saya sendiri",
            "Untuk refund bisa ke IBAN ({v}) ya kak",
        ],
    },
    "nik": {
        "en": [
            "My NIK is {v}",
            "NIK: {v}",
            "KTP number {v}",
            "For the verification, my Indonesian ID (NIK) is {v}",
            "{v} is my NIK, the app says it's already registered",
            "ID card no. {v}",
            "I entered NIK {v} but the KYC failed",
        ],
        "id": [
            "NIK saya {v}",
            "NIK: {v}",
            "No KTP {v}",
            "nik {v} kak, tolong dicek",
            "Nomor KTP saya ({v}) katanya sudah terdaftar di akun lain",
            "{v} itu NIK saya min",
            "Nomor Induk Kependudukan: {v}",
            "verifikasi gagal padahal NIK sudah benar {v}",
            "No. KTP: {v}.",
            "nik istri saya {v}",
        ],
    },
    "npwp": {
        "en": [
            "My NPWP is {v}",
            "NPWP: {v}",
            "Please put my tax number (NPWP {v}) on the invoice",
            "The tax invoice needs NPWP {v}",
            "NPWP no. {v} - personal, not company",
        ],
        "id": [
            "NPWP saya {v}",
            "NPWP: {v}",
            "Tolong cantumkan NPWP {v} di faktur pajak",
            "no npwp {v}",
            "Nomor Pokok Wajib Pajak: {v}",
            "untuk faktur, NPWP pribadi saya {v} ya kak",
            "NPWP ({v}) atas nama saya sendiri",
        ],
    },
    "passport": {
        "en": [
            "My passport number is {v}",
            "Passport no. {v}",
            "passport: {v}",
            "The booking has the wrong passport number, it should be {v}",
            "Passport No: {v}, expires 2029",
            "For the visa form: passport {v}",
            "Updated my passport, new number {v}",
        ],
        "id": [
            "Nomor paspor saya {v}",
            "No. Paspor: {v}",
            "paspor {v} kak",
            "Nomor paspor di tiket salah, harusnya {v}",
            "Paspor saya yang baru nomornya {v}",
            "no paspor: {v}, berlaku sampai 2031",
            "Untuk data umroh, paspor ({v}) atas nama ibu saya",
        ],
    },
    "ip-address": {
        "en": [
            "My IP is {v} if that helps",
            "The login came from {v}, that wasn't me",
            "I'm connecting from {v}",
            "Blocked IP: {v}",
            "Your site says my address {v} is banned",
            "Please whitelist {v} for the API",
            "ip {v}",
            "the suspicious sign-in was from {v} (not my location)",
        ],
        "id": [
            "IP saya {v} kak",
            "Ada login dari IP {v}, itu bukan saya",
            "Alamat IP: {v}",
            "Tolong whitelist IP {v} untuk akses API",
            "kenapa IP {v} diblokir ya min?",
            "Saya akses dari {v}",
            "ip publik rumah saya {v}",
            "Coba cek log dari {v}, saya gagal login terus",
        ],
    },
    "date-of-birth": {
        "en": [
            "My date of birth is {v}",
            "DOB: {v}",
            "I was born on {v}",
            "born {v}",
            "D.O.B {v}",
            "The form has my birthday wrong, it's {v}",
            "Date of birth: {v}. Please fix it on the account",
            "my dob is {v} so I'm definitely over 18",
            "Birth date {v}",
        ],
        "id": [
            "Tanggal lahir saya {v}",
            "tgl lahir: {v}",
            "Saya lahir {v}",
            "TTL: Bandung, {v}",
            "Tempat/tgl lahir: Surabaya, {v}",
            "lahir tanggal {v} kak",
            "Tanggal lahir di akun salah, harusnya {v}",
            "tgl lahir {v}",
            "Tempat, Tanggal Lahir: Medan, {v}",
        ],
    },
    "address": {
        "en": [
            "Please ship it to {v}",
            "My address is {v}",
            "Address: {v}",
            "I moved, new address is {v}.",
            "deliver to {v} please, leave it with the neighbour",
            "{v} - that's where it should go",
            "The parcel went to my old place instead of {v}",
            "billing address {v}",
        ],
        "id": [
            "Tolong kirim ke {v}",
            "Alamat saya {v}",
            "Alamat: {v}",
            "alamat pengiriman {v} ya kak",
            "Saya sudah pindah, alamat baru {v}.",
            "{v} (rumah pagar hitam)",
            "Paketnya nyasar, harusnya ke {v}",
            "alamat lengkap: {v}",
        ],
    },
    "secret": {
        "en": [
            "My API key is {v}, is it still active?",
            "I'm getting 401 with key {v}",
            "Authorization: Bearer {v}",
            "here's the token: {v}",
            "api key: {v}",
            "we rotated to {v} yesterday but the webhook still fails",
        ],
        "id": [
            "API key saya {v}, kok ditolak ya?",
            "token: {v}",
            "Authorization: Bearer {v}",
            "kak ini api key nya {v}",
            "Saya pakai key {v} tapi error 401",
            "Tolong cek token {v} sudah aktif belum",
        ],
    },
    "person-name": {
        "en": [
            "Hi, my name is {v} and I ordered a jacket last week",
            "This is {v}, I spoke to one of your agents yesterday",
            "I'm {v}, the account holder",
            "Name: {v}",
            "Could you put it under Mr. {v}?",
            "Please address the parcel to Ms. {v}",
            "The order is in my husband's name, {v}",
            "Thanks, {v}",
            "Dr. {v} will pick it up",
            "my name's {v}",
            "Full name: {v}",
            "Hello, {v} here. Still waiting for my refund.",
            "Recipient: {v}",
        ],
        "id": [
            "Halo kak, nama saya {v}",
            "Saya {v}, yang kemarin komplain soal paket",
            "Nama: {v}",
            "Atas nama {v} ya kak",
            "a.n. {v}",
            "Penerima: {v}",
            "Tolong kirim ke Ibu {v}",
            "Nanti yang ambil Pak {v}",
            "nama lengkap: {v}",
            "Terima kasih, {v}",
            "Dengan Bapak {v}, bisa dibantu?",
            "Kak, aku {v}, mau tanya soal refund",
            "Nama penerima {v}",
            "Mbak {v} tadi sudah bantu saya",
        ],
    },
}


def planted(kind, lang):
    if kind == "phone":
        if lang == "id":
            return phone_id() if rng.random() < 0.9 else phone_other()
        return pick([phone_us, phone_uk, phone_uk, phone_us, phone_id, phone_other])()
    if kind == "email":
        return email(*((pick(FIRST_EN), pick(LAST_EN)) if lang == "en" or rng.random() < 0.1
                       else (pick(FIRST_ID), pick(LAST_ID))))
    if kind == "card":
        return card()
    if kind == "iban":
        return iban()
    if kind == "nik":
        return nik()
    if kind == "npwp":
        return npwp()
    if kind == "passport":
        return passport_number() if lang == "en" else (passport_id() if rng.random() < 0.75
                                                        else passport_number())
    if kind == "ip-address":
        return ipv4() if rng.random() < 0.7 else ipv6()
    if kind == "date-of-birth":
        return birth_date(lang)
    if kind == "address":
        if lang == "id":
            return address_id() if rng.random() < 0.9 else address_en()
        return address_en() if rng.random() < 0.85 else address_id()
    if kind == "secret":
        return secret()
    if kind == "person-name":
        if lang == "en":
            return pick(FIRST_EN) if rng.random() < 0.2 else name_en()
        return name_id()
    raise ValueError(kind)


NATIONAL_ID = {
    "en": [
        "My {label} is {v}",
        "{label}: {v}",
        "For the tax form, {label} {v}",
        "The {label} on file is wrong, it's {v}",
        "{label} {v} (please don't share it)",
        "I typed {label} {v} but the form rejects it",
    ],
    "id": [
        "{label} saya {v}",
        "{label}: {v}",
        "Saya kerja di luar negeri, {label} saya {v}",
        "Untuk formulir pajak, {label} {v}",
        "{label} di data saya salah, harusnya {v}",
        "no {label} {v} kak",
    ],
}

PASSWORD = {
    "en": [
        "my password is {v}",
        "password: {v}",
        "I reset it to {v} but still can't log in",
        "Login: my email, pw {v}",
        "passcode {v}",
    ],
    "id": [
        "password saya {v}",
        "kata sandi: {v}",
        "sandinya {v} kak",
        "Passwordnya {v}, tapi tetap gagal login",
        "pw: {v}",
        "kata sandi akun saya {v}",
    ],
}

PER_KIND = 48
for lang in ("en", "id"):
    for kind, templates in POSITIVE.items():
        for i in range(PER_KIND):
            if kind == "secret" and i % 3 == 2:
                fill(lang, kind, pick(PASSWORD[lang]), v=(kind, password()))
                continue
            value = planted(kind, lang)
            if kind == "person-name" and lang == "id" and rng.random() < 0.12:
                value = value.lower()
            fill(lang, kind, pick(templates[lang]), v=(kind, value))
    for i in range(PER_KIND):
        label, value = national_id_value()
        fill(lang, "national-id", pick(NATIONAL_ID[lang]), label=label, v=("national-id", value))

# order forms people paste into a shop's chat: several values in one message
FORMS = {
    "en": ["Name: {name}\nPhone: {phone}\nAddress: {address}", "Ship to: {name} / {address} / tel {phone}"],
    "id": ["Nama: {name}\nNo HP: {phone}\nAlamat: {address}", "Format order:\nNama : {name}\nHP : {phone}\n"
           "Alamat lengkap : {address}", "nama {name}, hp {phone}, alamat {address}",
           "Penerima: {name} ({phone})\n{address}"],
}
for lang in ("en", "id"):
    for i in range(16):
        fill(lang, "order-form", pick(FORMS[lang]), name=("person-name", planted("person-name", lang)),
             phone=("phone", planted("phone", lang)), address=("address", planted("address", lang)))


# ---------------------------------------------------------------- hard negatives: no personal value in them
def order_no():
    return pick([f"ORD-{rng.randint(2022, 2026)}-{digits(6)}", f"#{digits(9)}", f"{rng.randint(22, 26)}"
                 f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{''.join(pick(string.ascii_uppercase + string.digits) for _ in range(8))}",
                 f"INV/{rng.randint(2023, 2026)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}/MPL/{digits(10)}",
                 f"SO{digits(8)}", f"{digits(12)}", f"PO-{digits(5)}-{pick(string.ascii_uppercase)}"])


def resi():
    return pick([f"JP{digits(10)}", f"JD{digits(10)}", f"00{digits(10)}", f"SPXID0{digits(11)}",
                 f"1000{digits(10)}", f"CGK{pick(['AA', 'AB', 'FC'])}{digits(10)}", f"1Z{digits(3)}"
                 f"{''.join(pick(string.ascii_uppercase) for _ in range(3))}{digits(10)}",
                 f"RR{digits(9)}GB", f"LX{digits(9)}CN"])


def price(lang):
    thousands = rng.randint(15, 99999) * 1000
    rp = f"{thousands:,}".replace(",", ".")
    if lang == "id":
        return pick([f"Rp {rp}", f"Rp{rp}", f"Rp {rp},00", f"IDR {rp}", f"{rp} rupiah", f"Rp. {rp}"])
    return pick([f"${rng.randint(5, 4999)}.{rng.randint(0, 99):02d}", f"${rng.randint(1, 9)},{digits(3)}.00",
                 f"£{rng.randint(5, 999)}.{rng.randint(0, 99):02d}", f"Rp {rp}", f"USD {rng.randint(10, 9999)}"])


def version():
    return pick([f"{rng.randint(1, 20)}.{rng.randint(0, 9)}.{rng.randint(0, 30)}.{rng.randint(1, 999)}",
                 f"v{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}.{rng.randint(0, 99)}",
                 f"{rng.randint(1, 5)}.{rng.randint(0, 9)}.{rng.randint(0, 99)}"])


NEGATIVE = {
    "order-number": (lambda lang: order_no(), {
        "en": ["Where is my order {n}?", "Order {n} still says processing", "{n} - can I cancel this one?",
               "I paid for {n} but it shows unpaid", "Order number: {n}"],
        "id": ["Pesanan {n} belum dikirim kak", "No. pesanan: {n}", "min, order {n} kok dibatalkan?",
               "{n} ini sudah dibayar ya", "Invoice {n} belum masuk"],
    }),
    "tracking-code": (lambda lang: resi(), {
        "en": ["Tracking number {n} hasn't moved in 4 days", "The tracking code is {n}", "tracking: {n}",
               "{n} shows delivered but I got nothing"],
        "id": ["Resi {n} belum update dari kemarin", "no resi: {n}", "Kak resinya {n} kok tidak bisa dilacak?",
               "Paket dengan resi {n} statusnya retur"],
    }),
    "price": (price, {
        "en": ["It was {n} on the website but I was charged more", "Total came to {n}", "Is {n} the final price?",
               "You still owe me {n}"],
        "id": ["Harganya {n} kan kak?", "Total bayar {n}", "saya sudah transfer {n} tadi pagi",
               "Kok ongkirnya {n}?", "Refund {n} belum masuk"],
    }),
    "version": (lambda lang: version(), {
        "en": ["The app is on version {n} and keeps crashing", "firmware {n} broke the wifi",
               "After updating to {n} I can't log in", "build {n}", "Running MIUI {n}, is that supported?"],
        "id": ["Aplikasinya versi {n} masih error", "Firmware {n} bikin wifi putus", "udah update ke {n} tapi sama aja",
               "Versi aplikasi: {n}", "HP saya MIUI {n} kak"],
    }),
    "hotline": (lambda lang: pick(["1500-888", "14045", "1500 888", "0800-1-500-888", "0-800-1-234-567", "14000",
                                   "1-800-275-2273", "1-888-555-0100", "0800 800 150", "1500 046", "157"]), {
        "en": ["I already called your hotline {n} twice", "The call center ({n}) put me on hold for an hour",
               "Is {n} the right customer service number?", "toll-free {n} doesn't work from abroad"],
        "id": ["Sudah telepon call center {n} tapi tidak diangkat", "Hotline {n} sibuk terus", "CS di {n} suruh chat sini",
               "Apakah nomor layanan {n} resmi?"],
    }),
    "masked-value": (lambda lang: pick([f"0812-****-{digits(4)}", f"+62 8** **** {digits(4)}", f"**** **** **** {digits(4)}",
                                        f"{pick('abdrs')}****{pick('aio')}@gmail.com", f"{digits(4)}********{digits(4)}",
                                        f"XXX-XX-{digits(4)}", f"ending in {digits(4)}", f"08xx-xxxx-{digits(4)}",
                                        f"{digits(6)}**********"]), {
        "en": ["The app shows {n}, is that my account?", "It says {n} on the confirmation",
               "The receipt only shows {n}", "{n} is what I see in my profile"],
        "id": ["Di aplikasi muncul {n}, itu punya saya?", "Yang tertera {n} kak", "Di struk cuma ada {n}",
               "Di profil saya tertulis {n}"],
    }),
    "payment-reference": (lambda lang: pick([f"8077{digits(12)}", f"8808{digits(12)}", f"7007{digits(12)}",
                                             f"88{digits(4)} {digits(4)} {digits(4)} {digits(2)}", f"3901{digits(12)}",
                                             f"{rng.randint(2023, 2026)}{rng.randint(1, 12):02d}{rng.randint(10, 28)}{digits(8)}",
                                             f"TRX{digits(13)}", f"8{digits(15)}"]), {
        "en": ["I transferred to virtual account {n}", "Payment reference: {n}", "The VA number {n} expired",
               "transaction id {n}"],
        "id": ["Sudah transfer ke VA {n}", "Nomor virtual account {n} kok expired?", "Kode bayar: {n}",
               "ID transaksi {n} belum terverifikasi", "no referensi {n}"],
    }),
    "other-date": (lambda lang: pick([f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2023, 2026)}",
                                      f"{rng.randint(1, 28)} {pick(MONTHS_EN if lang == 'en' else MONTHS_ID)} {rng.randint(2024, 2026)}",
                                      f"{rng.randint(2023, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} "
                                      f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}",
                                      f"{rng.randint(1, 12):02d}/{rng.randint(26, 30)}"]), {
        "en": ["I ordered it on {n} and still nothing", "Delivery was promised for {n}", "Card expires {n}",
               "The promo ends {n}, right?", "Charged on {n}", "My subscription renews {n}"],
        "id": ["Pesan tanggal {n} belum sampai", "Estimasi tiba {n}", "Promo berlaku sampai {n} kan kak?",
               "Transaksi tanggal {n} gagal", "masa berlaku kartu {n}", "Jadwal pengiriman {n}"],
    }),
    "street-without-number": (lambda lang: pick(["Jalan Sudirman", "Jl. Gatot Subroto", "Oxford Street", "Main Street",
                                                 "Jalan Malioboro", "Jl. Thamrin", "Baker Street", "Jalan Braga",
                                                 "Jl. Asia Afrika", "Orchard Road", "Fifth Avenue"]), {
        "en": ["Is there a store on {n}?", "Your branch near {n} was closed today", "I work around {n}",
               "The traffic on {n} delayed the courier, fine"],
        "id": ["Ada cabang di {n} gak kak?", "Toko yang di {n} tutup ya?", "Saya kerja di sekitar {n}",
               "Kurirnya kejebak macet di {n}"],
    }),
    "title-without-name": (lambda lang: "", {
        "en": ["Dear Sir or Madam, I'd like to complain.", "Hi team, my order is late", "Thank you Sir!",
               "I bought Dr. Martens boots in size 8", "Hello Customer Service,", "Dear Madam, the item is broken",
               "I'm not happy with this", "I'm Looking For a refund", "Name of the product: Classic Denim Jacket",
               "ok thanks Mr. Postman lol", "Name: (left blank)", "I'm Sure I ordered the blue one"],
        "id": ["Bapak/Ibu, mohon bantuannya", "Kak, mau tanya dong", "Ibu Kota Nusantara kapan bisa kirim?",
               "atas nama PT Sinar Jaya Abadi", "Nama produk: Kaos Polos Hitam", "Pak RT sudah tanda tangan",
               "Mas kurirnya ramah banget", "Ibu-ibu di grup juga komplain", "Nama toko: Berkah Jaya Store",
               "Terima kasih Kak!", "Dengan Bapak/Ibu siapa saya bicara?", "a.n. CV Maju Bersama"],
    }),
    "product-code": (lambda lang: pick([f"SKU-{digits(6)}", f"TSH-BLK-{pick(['S', 'M', 'L', 'XL'])}-{digits(4)}",
                                        f"SM-A{digits(3)}F", f"B0{''.join(pick(string.ascii_uppercase + string.digits) for _ in range(8))}",
                                        f"{pick(['RTX', 'GTX'])} {rng.randint(1, 4)}0{rng.randint(5, 9)}0", f"EAN {digits(13)}",
                                        f"IMEI {digits(15)}"]), {
        "en": ["Do you have {n} in stock?", "The product code is {n}", "{n} arrived damaged", "Item {n} is missing"],
        "id": ["Kode produk {n} ready gak kak?", "Barang {n} rusak", "Stok {n} kapan ada lagi?", "yang {n} warna apa aja?"],
    }),
    "failing-check": (lambda lang: pick([card_failing(), iban(valid=False), card_failing()]), {
        "en": ["Is {n} a valid test number for your sandbox?", "Your docs list {n} as an example",
               "The form rejected {n}, I think I mistyped it", "test value {n}"],
        "id": ["Nomor {n} ini buat testing sandbox kan?", "Contoh di dokumentasi {n}", "Form menolak {n}, kayaknya salah ketik",
               "pakai {n} untuk uji coba"],
    }),
    "identifier": (lambda lang: pick([f"{rng.getrandbits(128):032x}", f"{rng.getrandbits(160):040x}",
                                      "-".join(f"{rng.getrandbits(b):0{b // 4}x}" for b in (32, 16, 16, 16, 48)),
                                      f"/products/kaos-polos-{pick(['hitam', 'putih'])}-cotton-combed-30s",
                                      f"req_{''.join(pick(string.ascii_lowercase + string.digits) for _ in range(14))}"]), {
        "en": ["Request id {n} failed with 500", "Error reference: {n}", "The link {n} is broken",
               "commit {n} broke the checkout"],
        "id": ["Request id {n} error 500", "Kode error: {n}", "Link {n} tidak bisa dibuka", "ID sesi {n} kak"],
    }),
    "build-number": (lambda lang: pick([f"Windows 10.0.{rng.randint(19041, 22631)}.{rng.randint(1000, 4000)}",
                                        f"MIUI {rng.randint(12, 14)}.0.{rng.randint(1, 20)}.0",
                                        f"firmware {rng.randint(1, 9)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}"
                                        f".{rng.randint(10, 99)}"]), {
        "en": ["I'm on {n}", "the update to {n} failed", "Still broken after {n}", "{n} here, same problem"],
        "id": ["HP saya {n}", "update ke {n} gagal", "Masih error di {n}", "{n}, masalahnya sama kak"],
    }),
    "dotted-amount": (lambda lang: pick([f"IDR {rng.randint(1, 99)}.{digits(3)}.{digits(3)}.{digits(3)}",
                                         f"Rp {rng.randint(1, 9)}.{digits(3)}.{digits(3)}.{digits(3)}"]), {
        "en": ["The quote was {n} for the whole fleet", "Contract value {n}"],
        "id": ["Nilai kontraknya {n}", "Total tagihan proyek {n} kak"],
    }),
    "clock-time": (lambda lang: f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}", {
        "en": ["It happened at {n} this morning", "the log says {n} UTC"],
        "id": ["Kejadiannya jam {n} tadi pagi", "di log tercatat {n} WIB"],
    }),
    "secret-like-text": (lambda lang: "", {
        "en": ["I forgot my password, can you send a reset link?", "The password must be at least 8 characters?",
               "password reset email never arrived", "Where do I find my API key in the dashboard?",
               "My token expired, how do I get a new one?", "Bearer token auth isn't working on your sandbox"],
        "id": ["Saya lupa kata sandi kak", "Link reset password tidak masuk", "kata sandi minimal berapa karakter?",
               "API key nya dimana ya di dashboard?", "Token saya expired, gimana caranya minta lagi?",
               "password saya sudah diganti tapi masih gagal"],
    }),
    "image-file": (lambda lang: pick(["logo@2x.png", "icon@3x.png", "banner@2x.jpg", "hero@2x.webp"]), {
        "en": ["The image {n} looks blurry on the site", "file {n} is missing from the zip"],
        "id": ["Gambar {n} buram kak", "file {n} tidak ada di zip"],
    }),
    "social-handle": (lambda lang: pick(["@tokokita_official", "@budi_santoso", "@sarah.m", "@kopi.kenangan"]), {
        "en": ["I tagged you at {n} on Instagram", "DM'd {n} already"],
        "id": ["udah mention {n} di IG", "sudah DM ke {n} kak"],
    }),
    "id-document-word": (lambda lang: "", {
        "en": ["My passport expired, can I still use the booking?", "Do you need a copy of my passport?",
               "What's the passport photo size you need?", "Can I use my KTP instead of a passport?",
               "Where do I put my NPWP on the form?", "Born in the 90s and never seen service this slow",
               "I was born and raised in Surabaya", "The NIK field won't accept my number, what format is it?"],
        "id": ["Paspor saya hilang, bagaimana?", "Perlu fotokopi paspor gak kak?", "Ukuran foto paspor berapa?",
               "Bisa pakai KTP saja?", "Kolom NPWP diisi apa kalau tidak punya?", "Saya lahir dan besar di Medan",
               "Tanggal lahir di KTP beda dengan di akun, gimana?", "NIK wajib diisi ya kak?"],
    }),
    "non-personal-number": (lambda lang: pick([f"{rng.randint(2, 9)} {pick(['pcs', 'pieces', 'unit'])}",
                                               f"{rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}",
                                               f"{digits(3)}-{digits(2)}-{digits(3)}",
                                               f"{rng.randint(100, 999)} {rng.randint(10, 99)} {digits(3)}",
                                               f"{rng.randint(1, 9)}{digits(6)}"]), {
        "en": ["Part no. {n} is the wrong size", "Case {n} was closed without a reply", "Ticket {n}", "model {n}"],
        "id": ["Nomor part {n} ukurannya salah", "Tiket keluhan {n} ditutup", "Nomor komplain {n}", "tipe {n}"],
    }),
}

NEGATIVES_PER_CATEGORY = 28
SMALL = {"dotted-amount": 14, "clock-time": 14, "image-file": 14, "social-handle": 14}
for lang in ("en", "id"):
    for category, (make, templates) in NEGATIVE.items():
        for i in range(SMALL.get(category, NEGATIVES_PER_CATEGORY)):
            fill(lang, "negative:" + category, pick(templates[lang]), n=make(lang))

counts = {}
for record in records:
    key = (record["language"], record["category"])
    counts[key] = counts.get(key, 0) + 1
    record_id = f"{record['language']}-{record['category'].replace('negative:', 'neg-')}-{counts[key]:03d}"
    ordered = {"id": record_id, "language": record["language"], "category": record["category"],
               "text": record["text"], "spans": record["spans"]}
    print(json.dumps(ordered, ensure_ascii=False))
