#!/usr/bin/env python3
"""Writes the post conformance corpus, tests/cases/posts/*.json.

Each case is written here once, by hand: the request, and the parts of the answer that matter.
Spans are computed in this script, independently of the Rust code, from the evidence text
(Python's own UTF-8, code-point and UTF-16 lengths), so the corpus cross-checks the core.

    python3 tools/cases/make_post_cases.py      # rewrites tests/cases/posts/
"""
import json
import os
import unicodedata

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "cases", "posts")
CASES = []


def span(text, evidence, nth=0):
    """Byte, scalar and UTF-16 offsets of the nth occurrence of evidence in text."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(evidence, start + 1)
    end = start + len(evidence)
    b = lambda s: len(s.encode("utf-8"))
    u = lambda s: len(s.encode("utf-16-le")) // 2
    return {
        "byte_start": b(text[:start]), "byte_end": b(text[:end]),
        "char_start": start, "char_end": end,
        "utf16_start": u(text[:start]), "utf16_end": u(text[:end]),
    }


def case(name, description, text, expect_report=None, role="individual", as_of="2025-06-01",
         author=None, error=None, **request_extra):
    post = {"text": text, "author": dict(author or {}, role=role)}
    for k in ("links", "audience", "id"):
        if k in request_extra:
            post[k] = request_extra.pop(k)
    request = {"post": post, "as_of": as_of}
    request.update(request_extra)
    if error is not None:
        expect = {"ok": False, "error": error}
    else:
        expect = {"ok": True, "report": expect_report}
    CASES.append((name, {"description": description, "request": request, "expect": expect}))


def f(rule_id, category, **kw):
    d = {"rule_id": rule_id, "category": category}
    d.update(kw)
    return d


# --- offensive language (Art. 4.6) -------------------------------------------------------
t = "vcl cái app này lag quá"
case("offensive-abbreviation-vcl", "Teencode abbreviation 'vcl' is offensive language, matched as a whole word.",
     t, {"verdict": "review", "findings": [f("qd874.4.6.offensive", "offensive_language", detector="lexicon.abbreviation", spans=[span(t, "vcl")])]})
t = "du ma may, noi lai xem nao"
case("offensive-no-tones", "A vulgar phrase typed without tones matches in the folded view with lower confidence.",
     t, {"verdict": "review", "findings": [f("qd874.4.6.offensive", "offensive_language", detector="lexicon.folded", confidence=0.6, normalization=["folded"])]})
t = "đ.m thằng này"
case("offensive-separator-dot", "Separators inside a word ('đ.m') are removed before matching; the span covers the original.",
     t, {"findings": [f("qd874.4.6.offensive", "offensive_language", spans=[span(t, "đ.m")], evidence="đ.m")]})
t = "d-m luôn"
case("offensive-separator-dash", "'d-m' is the same abbreviation with a dash.", t,
     {"findings": [f("qd874.4.6.offensive", "offensive_language", evidence="d-m")]})
t = "đ_m cái thời tiết"
case("offensive-separator-underscore", "'đ_m' with an underscore.", t,
     {"findings": [f("qd874.4.6.offensive", "offensive_language", evidence="đ_m")]})
t = "admin ơi cho em hỏi"
case("offensive-no-match-inside-word", "'dm' never matches inside 'admin': terms match whole syllables.", t,
     {"verdict": "allow", "findings": []})
t = "ĐM thằng kia"
case("offensive-upper-case", "Upper case is folded before matching.", t,
     {"findings": [f("qd874.4.6.offensive", "offensive_language", evidence="ĐM", spans=[span(t, "ĐM")])]})
t = "Đ\u200bM thằng kia"
case("offensive-zero-width-inside", "A zero-width space inside the word is removed; the span covers it.", t,
     {"findings": [f("qd874.4.6.offensive", "offensive_language", spans=[span(t, "Đ\u200bM")])]})
t = "vl thật sự"
case("offensive-abbreviation-vl", "'vl' (vãi lồn) abbreviation.", t,
     {"findings": [f("qd874.4.6.offensive", "offensive_language")]})

# --- insults (Art. 4.6) ------------------------------------------------------------------
t = "Thằng chủ tịch xã ngu như bò, ngồi đó ăn hại."
case("insult-official-dehumanising", "Insulting language about an official is an insult (criticism alone is not).", t,
     {"verdict": "restrict", "findings": [f("qd874.4.6.insult", "insult", evidence="ngu như bò", related_rules=["anm.16.insult", "nb.1.org_individual.4.insult"])]})
t = "Chủ tịch xã làm việc chậm quá, đơn nộp từ tháng trước mà chưa ai trả lời."
case("insult-criticism-is-clean", "Criticism of an official without insulting words is not a finding.", t,
     {"verdict": "allow", "findings": []})
t = "Chính sách thu phí này chưa hợp lý, đề nghị Quốc hội xem xét lại."
case("political-opinion-never-detected", "Political opinion has no detector: criticism of a policy is clean.", t,
     {"verdict": "allow", "findings": []})
t = "Mày là thằng mất dạy"
case("insult-mat-day", "'thằng mất dạy' is an insult.", t,
     {"findings": [f("qd874.4.6.insult", "insult", evidence="thằng mất dạy", spans=[span(t, "thằng mất dạy")])]})
t = "😡😡 đồ óc chó"
case("insult-after-emoji", "Emoji before the span: UTF-16 offsets count each emoji as two units.", t,
     {"findings": [f("qd874.4.6.insult", "insult", spans=[span(t, "đồ óc chó")])]})
t = unicodedata.normalize("NFD", "Đồ khốn nạn")
case("insult-nfd-input", "Decomposed (NFD) input matches; the span is in the original NFD code points.", t,
     {"findings": [f("qd874.4.6.insult", "insult", spans=[span(t, t)], evidence=t)]})
t = "Đồ khốn nạn"
case("insult-nfc-input", "The same insult in NFC.", t,
     {"findings": [f("qd874.4.6.insult", "insult", spans=[span(t, t)])]})
t = "nguuuuu thế không biết"
case("insult-stretched", "Stretched letters collapse: 'nguuuuu' is 'ngu'; a low-severity word goes to review at most.", t,
     {"verdict": "review", "findings": [f("qd874.4.6.insult", "insult", severity="low", action="review", spans=[span(t, "nguuuuu")], normalization=["stretch"])]})
t = "Hôm nay tôi đi ngủ sớm"
case("insult-collision-ngu-ngu", "'ngủ' (sleep) loses its tone to 'ngu' (stupid) but is not flagged.", t,
     {"findings": []})
t = "Ăn sữa chua với hạt óc chó rất tốt cho sức khoẻ"
case("insult-collision-walnut", "'hạt óc chó' is the walnut, not the insult.", t, {"findings": []})
t = "Cuối tuần bố mẹ mình đi du lịch Đà Lạt"
case("insult-collision-bo-me", "'bố mẹ' (parents) and 'du lịch' contain tone-less forms of vulgar words; nothing is flagged.", t,
     {"verdict": "allow", "findings": []})
t = "đồ ngủ này đẹp quá"
case("insult-collision-do-ngu", "'đồ ngủ' (pyjamas) is not 'đồ ngu'.", t, {"findings": []})
t = "Lũ bò đỏ lại vào bênh rồi"
case("insult-political-slur", "A slur aimed at a political camp is an insult, the same for every side.", t,
     {"findings": [f("qd874.4.6.insult", "insult")]})
t = "bọn ba que lại xuyên tạc"
case("insult-political-slur-other-side", "The same treatment for the slur of the other side.", t,
     {"findings": [f("qd874.4.6.insult", "insult", evidence="ba que")]})

# --- hatred and discrimination (Art. 4.5) ------------------------------------------------
t = "Bọn bắc kỳ đi đâu cũng lừa đảo"
case("hate-region", "Regional discrimination is hatred under Art. 4.5.", t,
     {"verdict": "remove", "findings": [f("qd874.4.5", "hate_discrimination", subcategory="region", severity="high", action="remove")]})
t = "Đàn bà biết gì mà nói"
case("hate-gender", "Gender discrimination.", t,
     {"findings": [f("qd874.4.5", "hate_discrimination", subcategory="gender")]})
t = "bọn tàu khựa cút về nước"
case("hate-ethnicity", "An ethnic slur.", t, {"findings": [{"category": "hate_discrimination", "subcategory": "ethnicity"}, {"category": "insult"}]})
t = "Chùa Bái Đính đón hàng nghìn du khách dịp đầu xuân."
case("hate-religion-neutral-mention", "A neutral mention of a religious place is clean.", t, {"findings": []})
t = "Thời Pháp thuộc, Nam Kỳ là thuộc địa."
case("hate-region-history", "A history sentence naming 'Nam Kỳ' is not a slur.", t, {"findings": []})

# --- incitement to violence (Art. 4.5) ---------------------------------------------------
t = "Thằng tài xế đó phải đánh chết nó đi"
case("violence-incitement", "Incitement to violence is critical/high and removed.", t,
     {"verdict": "remove", "findings": [f("qd874.4.5.violence", "incitement_violence", action="remove", related_rules=["anm.16.violence"])]})
t = "ai biết nhà nó thì đốt nhà nó luôn"
case("violence-arson", "Calling to burn someone's house.", t,
     {"findings": [f("qd874.4.5.violence", "incitement_violence", severity="critical")]})
t = "Anh ấy bị đánh chết trong vụ cướp năm ngoái"
case("violence-news-report", "A news report of past violence is not incitement.", t, {"findings": []})

# --- illegal advertising (Art. 4.6) ------------------------------------------------------
t = "Nhà cái uy tín số 1, cá độ bóng đá, nạp 100k tặng 200k"
case("ads-gambling", "Gambling advertising.", t,
     {"verdict": "remove", "findings": [f("qd874.4.6.advertising", "illegal_advertising", subcategory="gambling"), f("qd874.4.6.advertising", "illegal_advertising", subcategory="gambling")]},
     role="organization")
t = "Bán cỏ mỹ, kẹo ke, ship tận nơi"
case("ads-drugs", "Drug sales.", t,
     {"findings": [f("qd874.4.6.advertising", "illegal_advertising", subcategory="drugs"), f("qd874.4.6.advertising", "illegal_advertising", subcategory="drugs")]})
t = "Nhận làm giấy tờ giả các loại"
case("ads-forged-documents", "Forged documents.", t,
     {"findings": [f("qd874.4.6.advertising", "illegal_advertising", subcategory="forged_documents")]})
t = "Cho vay nặng lãi, vay nóng trong ngày"
case("ads-loan-sharking", "Loan sharking.", t,
     {"findings": [{"subcategory": "loan_sharking"}, {"subcategory": "loan_sharking"}]})
t = "Bán data khách hàng bất động sản giá rẻ"
case("ads-personal-data-sale", "Sale of personal data is illegal advertising.", t,
     {"findings": [f("qd874.4.6.advertising", "illegal_advertising", subcategory="personal_data_sale")]}, role="organization")
t = "Bán súng hơi giá rẻ, giao hàng toàn quốc"
case("ads-weapons", "Weapons.", t, {"findings": [{"category": "illegal_advertising", "subcategory": "weapons"}]})
t = "Giá chỉ 1.250.000đ, khuyến mãi đến 17/06/2025"
case("ads-plain-price-clean", "A price and a date are neither ads for illegal goods nor personal data.", t,
     {"verdict": "allow", "findings": []}, role="organization")

# --- personal data (Decree 13; before it, Cybersecurity Law Art. 17) ----------------------
for name, text, ev, masked, det in [
    ("phone-spaces", "Liên hệ 0912 345 678 nhé", "0912 345 678", "09******78", "personal.phone"),
    ("phone-dots", "sđt 0912.345.678", "0912.345.678", "09******78", "personal.phone"),
    ("phone-plain", "gọi 0912345678 ngay", "0912345678", "09******78", "personal.phone"),
    ("phone-plus84", "call +84 912345678", "+84 912345678", None, "personal.phone"),
    ("phone-84-dashes", "sđt: 84-912-345-678", "84-912-345-678", None, "personal.phone"),
    ("email", "mail cho mình: nguyen.van.a@gmail.com", "nguyen.van.a@gmail.com", None, "personal.email"),
]:
    case(f"personal-{name}", f"Personal data ({det}), masked by default.", text,
         {"verdict": "restrict", "findings": [f("nd13.11", "personal_data", detector=det, evidence_masked=True, spans=[span(text, ev)], **({"evidence": masked} if masked else {}))]})
t = "CCCD của nó là 001203004567"
case("personal-cccd-valid", "A 12-digit citizen ID with a real province code (001 Hà Nội).", t,
     {"findings": [f("nd13.11", "personal_data", detector="personal.citizen_id", evidence="001*******67", evidence_masked=True)]})
t = "mã số 999203004567 là của ai"
case("personal-cccd-invalid-province", "A 12-digit number with an invalid province code is not a citizen ID.", t, {"findings": []})
t = "mã đơn 123456789012 đã giao"
case("personal-order-number", "An order number is not personal data.", t, {"findings": []}, role="organization")
t = "số 123456789 trúng thưởng"
case("personal-9-digit-without-context", "An old 9-digit ID number counts only next to a context word.", t, {"findings": []})
t = "CMND số 123456789 của tôi bị mất"
case("personal-9-digit-with-context", "With 'CMND' it is an ID number.", t,
     {"findings": [f("nd13.11", "personal_data", detector="personal.legacy_id")]})
t = "stk Vietcombank 0123456789012 chủ tk Nguyễn Văn A"
case("personal-bank-account", "A bank account number next to a bank name.", t,
     {"findings": [f("nd13.11", "personal_data", detector="personal.bank_account", evidence_masked=True)]})
t = "nhà số 12 ngõ 34 phố Hàng Bạc, phường Hàng Bạc, quận Hoàn Kiếm"
case("personal-address", "A street address with a house number and ward/district words.", t,
     {"findings": [f("nd13.11", "personal_data", detector="personal.address")]})
t = "Liên hệ 0912 345 678 nhé"
case("personal-raw-evidence", "raw_evidence shows the number unmasked.", t,
     {"findings": [f("nd13.11", "personal_data", evidence="0912 345 678", evidence_masked=False)]}, raw_evidence=True)
case("personal-before-decree-13", "Before Decree 13 (1 Jul 2023) the same phone falls under the Cybersecurity Law.", t,
     {"findings": [f("anm.17.privacy", "personal_data")]}, as_of="2023-06-30")
case("personal-decree-13-first-day", "On 1 Jul 2023 Decree 13 is in force.", t,
     {"findings": [f("nd13.11", "personal_data")]}, as_of="2023-07-01")
case("personal-decree-13-last-day", "31 Dec 2025 is Decree 13's last day.", t,
     {"findings": [f("nd13.11", "personal_data")]}, as_of="2025-12-31")
case("personal-pdp-law", "From 1 Jan 2026 the Personal Data Protection Law replaces Decree 13.", t,
     {"findings": [f("bvdlcn.consent", "personal_data")]}, as_of="2026-01-01")

# --- children's private information (Law on Children Art. 6.11) -------------------------
t = "Bé Nguyễn Minh An 8 tuổi học lớp 3A trường Tiểu học Kim Đồng bị bạn bắt nạt"
case("child-name-age-school", "A child's name, age and school in one post.", t,
     {"verdict": "remove", "findings": [
         f("ltre.6.11", "child_privacy", detector="children.name", evidence_masked=True, spans=[span(t, "Nguyễn Minh An")]),
         f("ltre.6.11", "child_privacy", detector="children.age"),
         f("ltre.6.11", "child_privacy", detector="children.school_class"),
         f("ltre.6.11", "child_privacy", detector="children.school_class")]})
t = "Bé nhà mình hôm nay đi học vui lắm"
case("child-indicator-alone", "A child mentioned without identifying data is not a finding.", t, {"findings": []})
t = "cháu Trần Gia Huy 10 tuổi đi lạc, ai thấy gọi 0903 111 222"
case("child-with-phone", "A child's name and age with a phone number: child privacy and personal data.", t,
     {"findings": [{"detector": "children.name"}, {"detector": "children.age"}, {"detector": "children.phone"}, {"detector": "personal.phone", "rule_id": "nd13.11"}]})

# --- sources (Art. 4.4; Art. 5; Art. 6.3) ------------------------------------------------
t = "Tin nóng: mai cắt điện toàn tỉnh, chia sẻ gấp!"
case("sources-unsourced-individual", "Sensational framing without a source: a low-confidence notice for an individual (Art. 4.4).", t,
     {"verdict": "notice", "severity": "low", "findings": [f("qd874.4.4", "official_sources", detector="sources.unsourced", action="notice")]})
case("sources-unsourced-civil-servant", "The same text from a civil servant falls under Art. 5 (the agency's posting rules), medium.", t,
     {"verdict": "notice", "severity": "medium", "findings": [f("qd874.5.1", "official_sources", related_rules=["nb.1.civil_servant.1", "qd874.4.4"])]}, role="civil_servant")
case("sources-unsourced-state-agency", "The same text from a state agency falls under Art. 6.3 (consistency with official media).", t,
     {"findings": [f("qd874.6.3", "official_sources", severity="medium")]}, role="state_agency")
case("sources-unsourced-dic", "The Department inherits the state agency rule.", t,
     {"findings": [f("qd874.6.3", "official_sources")]}, role="dic")
case("sources-unsourced-with-official-link", "An attached official link makes the framing sourced: no finding.", t,
     {"findings": []}, links=["https://ninhbinh.gov.vn/thong-bao"])
t = "Tin nóng: lịch cắt điện theo https://ninhbinh.gov.vn/thong-bao"
case("sources-official-link-in-text", "A link to a .gov.vn site in the text is a source.", t, {"findings": []}, role="state_agency")
t = "Xem thông báo tại https://chinhphu-vn.top/thong-bao"
case("sources-lookalike-domain", "A lookalike of an official domain is flagged.", t,
     {"findings": [{"category": "impersonation", "detector": "impersonation.state_body"}, {"category": "fake_news", "detector": "sources.suspicious"}]})

# --- impersonation (Cybersecurity Law Art. 18) -------------------------------------------
t = "Thông báo: người dân nộp phạt nguội qua số tài khoản bên dưới."
case("impersonation-unverified-police", "An unverified account named like the provincial police.", t,
     {"findings": [f("anm.18.impersonation", "impersonation", detector="impersonation.state_body", evidence="Công an tỉnh Ninh Bình", spans=[])]},
     author={"display_name": "Công an tỉnh Ninh Bình", "verified": False})
case("impersonation-verified-police", "The verified official account is not impersonation.", t,
     {"findings": []}, role="provincial_police", author={"display_name": "Công an tỉnh Ninh Bình", "verified": True, "official": True})
case("impersonation-press", "An unverified account named like a newspaper.", "Tin mới nhất hôm nay",
     {"findings": [f("anm.18.impersonation", "impersonation", detector="impersonation.press_outlet")]},
     author={"display_name": "Báo Tuổi Trẻ", "verified": False})
case("impersonation-ordinary-name", "An ordinary person's name is not a claim.", "Chào cả nhà",
     {"findings": []}, author={"display_name": "Nguyễn Thị Hoa"})

# --- roles ---------------------------------------------------------------------------------
t = "Mày là thằng mất dạy"
for role in ["organization", "civil_servant", "state_agency", "press_agency", "sns_provider", "dic", "provincial_police", "provincial_body"]:
    case(f"role-{role}-insult", f"Art. 4.6 binds every role through individual/organization: {role}.", t,
         {"role": role, "findings": [f("qd874.4.6.insult", "insult")]}, role=role)
case("role-unknown", "An unknown role is an input error naming the field.", t, None, role="citizen",
     error={"code": "input", "field": "post.author.role"})
case("checker-provider-duties", "A provider checking a post gets its own Art. 7 duties.", t,
     {"findings": [{"category": "insult"}], "duties": [{"rule_id": "qd874.7.1"}, {"rule_id": "qd874.7.2"}, {"rule_id": "qd874.7.3"}, {"rule_id": "qd874.7.4"}, {"rule_id": "anm.26.2"}, {"rule_id": "nd147.35.7"}, {"rule_id": "nb.5.1"}, {"rule_id": "nb.5.2"}, {"rule_id": "nb.5.3"}, {"rule_id": "nb.5.4"}]},
     checker_role="sns_provider")
case("checker-no-duties-when-clean", "No findings, no duties.", "Chúc mọi người một ngày vui vẻ", {"findings": []}, checker_role="sns_provider")

# --- validity dates ------------------------------------------------------------------------
t = "Mày là thằng mất dạy"
case("date-before-code", "The day before Decision 874: the insult falls under the Cybersecurity Law only.", t,
     {"findings": [f("anm.16.insult", "insult", citation={"instrument": "luat-anm-2018"})]}, as_of="2021-06-16")
case("date-code-first-day", "17 Jun 2021, the Code's first day; the Ninh Bình letter is not yet in force.", t,
     {"findings": [f("qd874.4.6.insult", "insult", related_rules=["anm.16.insult"])]}, as_of="2021-06-17")
case("date-ninh-binh-first-day", "From 1 Sep 2021 the Ninh Bình letter restates the rule.", t,
     {"findings": [f("qd874.4.6.insult", "insult", related_rules=["anm.16.insult", "nb.1.org_individual.4.insult"])]}, as_of="2021-09-01")
case("date-before-cybersecurity-law", "Before 2019 no rule of the packs covers insults.", t,
     {"verdict": "allow", "findings": []}, as_of="2018-12-31")

# --- audience, errors ---------------------------------------------------------------------
t = "vcl cái app này lag quá"
case("audience-children-escalates", "Aimed at children, offensive language rises one severity level.", t,
     {"findings": [f("qd874.4.6.offensive", "offensive_language", severity="high")]}, audience="children")
case("audience-general", "The same text for a general audience keeps its severity.", t,
     {"findings": [f("qd874.4.6.offensive", "offensive_language", severity="medium")]}, audience="general")
case("empty-text", "An empty post is clean.", "", {"verdict": "allow", "findings": []})
case("only-whitespace-and-emoji", "Whitespace and emoji only.", "   😀\n\t👍🏽  ", {"findings": []})
case("nul-and-bidi", "NUL bytes and bidi overrides do not hide a term.", "\u0000đ\u202em\u202c thằng này",
     {"findings": [{"category": "offensive_language"}]})


def write():
    os.makedirs(OUT, exist_ok=True)
    for fn in os.listdir(OUT):
        if fn.endswith(".json"):
            os.remove(os.path.join(OUT, fn))
    names = set()
    for name, body in CASES:
        assert name not in names, name
        names.add(name)
        with open(os.path.join(OUT, name + ".json"), "w", encoding="utf-8") as fh:
            json.dump(body, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
    print(f"{len(CASES)} cases written to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    write()
