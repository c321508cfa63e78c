//! The pattern detectors (personal data, children, sources, impersonation) on realistic
//! Vietnamese text: what they must find, what they must never find, masking, and — by
//! property tests — that they never panic and every range lies on char boundaries.

use proptest::prelude::*;
use ungxu::detect::children::ChildrenDetector;
use ungxu::detect::impersonation::{ImpersonationDetector, ImpersonationKind};
use ungxu::detect::patterns::{
    Author, DetectorDataErrorKind, SignalDetectors, SignalKind, SignalMatch, CHILDREN_TOML,
    IMPERSONATION_TOML, PERSONAL_TOML, SOURCES_TOML,
};
use ungxu::detect::personal::PersonalDetector;
use ungxu::detect::sources::{LinkClass, SourcesDetector};

use std::sync::OnceLock;

fn all() -> &'static SignalDetectors {
    static D: OnceLock<SignalDetectors> = OnceLock::new();
    D.get_or_init(|| SignalDetectors::embedded().expect("embedded detector data is valid"))
}

fn personal() -> &'static PersonalDetector {
    all().personal()
}

fn children() -> &'static ChildrenDetector {
    all().children()
}

fn sources() -> &'static SourcesDetector {
    all().sources()
}

fn imp() -> &'static ImpersonationDetector {
    all().impersonation()
}

/// (kind, evidence text) of each personal match.
fn found(text: &str) -> Vec<(SignalKind, &str)> {
    personal()
        .detect(text)
        .into_iter()
        .map(|m| (m.kind, &text[m.range]))
        .collect()
}

fn only(text: &str, kind: SignalKind) -> SignalMatch {
    let m = personal().detect(text);
    assert_eq!(m.len(), 1, "expected one match in {text:?}, got {m:#?}");
    assert_eq!(m[0].kind, kind, "in {text:?}: {m:#?}");
    m[0].clone()
}

// ---------------------------------------------------------------------------------------------
// Phones
// ---------------------------------------------------------------------------------------------

#[test]
fn every_common_phone_writing_is_found() {
    for (text, evidence) in [
        ("Liên hệ 0912 345 678 nhé", "0912 345 678"),
        ("sđt: 0912.345.678", "0912.345.678"),
        ("gọi 0912-345-678 gặp Lan", "0912-345-678"),
        ("0912345678", "0912345678"),
        ("zalo +84 912345678", "+84 912345678"),
        ("+84912345678 (chính chủ)", "+84912345678"),
        ("Hotline 84-912-345-678", "84-912-345-678"),
        ("ĐT (+84) 912 345 678.", "(+84) 912 345 678"),
        ("call 091 234 5678", "091 234 5678"),
        ("số mới 0387 654 321 nha", "0387 654 321"),
        ("bán xe lh 0983.12.34.56", "0983.12.34.56"),
        ("+84 0912 345 678", "+84 0912 345 678"),
    ] {
        let m = only(text, SignalKind::Phone);
        assert_eq!(&text[m.range.clone()], evidence, "in {text:?}");
        assert_eq!(m.detector, "personal.phone");
        assert!(m.masked.starts_with("0") && m.masked.len() == 10, "{m:?}");
        assert!(m.confidence >= 0.6 && m.confidence <= 1.0);
    }
}

#[test]
fn phone_masks_and_context() {
    let m = only("SĐT của nó là 0912345678", SignalKind::Phone);
    assert_eq!(m.masked, "09******78");
    assert!(m.context.is_some());
    let without = only("0912345678", SignalKind::Phone);
    assert!(m.confidence > without.confidence);
    assert_eq!(m.detail.as_deref(), Some("Vinaphone"));
}

#[test]
fn invalid_prefixes_are_not_phones() {
    for text in [
        "0951234567",      // 095: no network
        "0112345678",      // 011
        "0012345678",      // 00
        "+84 112 345 678", // 011
        "0912 345 67",     // nine digits
        "09123456789",     // eleven digits, not 02…
        "+1 912 345 6789", // foreign
    ] {
        assert!(found(text).is_empty(), "{text:?}: {:?}", found(text));
    }
}

#[test]
fn landlines_are_optional_and_weaker() {
    let m = only("Tổng đài 024 3825 1234", SignalKind::Landline);
    assert_eq!(m.masked, "02*******34");
    assert_eq!(m.detector, "personal.landline");
    assert!(m.confidence < 0.9);
}

#[test]
fn several_numbers_in_one_post() {
    let f = found("Anh Nam 0912345678 0987654321, chị Hoa 0388.123.456");
    assert_eq!(f.len(), 3, "{f:?}");
    assert!(f.iter().all(|(k, _)| *k == SignalKind::Phone));
}

// ---------------------------------------------------------------------------------------------
// Citizen identity numbers
// ---------------------------------------------------------------------------------------------

#[test]
fn citizen_id_needs_a_valid_province_code() {
    for (text, evidence, province) in [
        ("CCCD 001203004567", "001203004567", "Hà Nội"),
        (
            "số căn cước: 079 190 012 345",
            "079 190 012 345",
            "TP Hồ Chí Minh",
        ),
        (
            "037.301.004.567 là số định danh",
            "037.301.004.567",
            "Ninh Bình",
        ),
        ("mã 0372 0100 4567", "0372 0100 4567", "Ninh Bình"),
    ] {
        let m = only(text, SignalKind::CitizenId);
        assert_eq!(&text[m.range.clone()], evidence);
        assert_eq!(
            m.detail.as_deref(),
            Some(format!("province code: {province}").as_str())
        );
    }
    // 003, 100, 999 are not province codes: not a match even next to "CCCD".
    for text in [
        "CCCD 003203004567",
        "CCCD: 100203004567",
        "căn cước 999 203 004 567",
    ] {
        assert!(found(text).is_empty(), "{text:?}: {:?}", found(text));
    }
}

#[test]
fn citizen_id_context_raises_confidence_and_masks() {
    let with = only("CCCD: 001203004567", SignalKind::CitizenId);
    let without = only("001203004567", SignalKind::CitizenId);
    assert!(with.confidence > without.confidence);
    assert_eq!(with.masked, "001*******67");
    // Tone-less context still counts.
    let folded = only("so can cuoc 001203004567", SignalKind::CitizenId);
    assert!(folded.context.is_some());
    assert!(folded.via_folding);
}

#[test]
fn citizen_id_grouping_must_be_even() {
    // 12 digits split unevenly are not a CCCD.
    assert!(found("001 2030045 67").is_empty());
}

#[test]
fn nine_digit_id_only_with_context() {
    let m = only("CMND số 123456789 cấp năm 2010", SignalKind::LegacyId);
    assert_eq!(m.masked, "12*****89");
    assert_eq!(
        only("chứng minh thư: 012 345 678", SignalKind::LegacyId).detector,
        "personal.legacy_id"
    );
    assert!(found("mã 123456789").is_empty());
    assert!(found("đã có 123456789 lượt xem").is_empty());
}

// ---------------------------------------------------------------------------------------------
// Bank accounts
// ---------------------------------------------------------------------------------------------

#[test]
fn bank_accounts_need_a_bank_or_account_word() {
    for (text, evidence) in [
        ("STK 1903 5678 9012 34 Techcombank", "1903 5678 9012 34"),
        (
            "Vietcombank 0071000123456 chủ TK Nguyễn Văn A",
            "0071000123456",
        ),
        ("số tài khoản: 123456789", "123456789"),
        ("ck vào tk 19035678901234 nhé", "19035678901234"),
        ("MB Bank 0912345678", "0912345678"),
        ("so tai khoan 12345678901", "12345678901"),
    ] {
        let m = only(text, SignalKind::BankAccount);
        assert_eq!(&text[m.range.clone()], evidence, "{text:?}");
        assert!(m.masked.starts_with("**"), "{m:?}");
    }
    let m = only("STK 19035678901234", SignalKind::BankAccount);
    assert_eq!(m.masked, "************34");
    // Without a bank name or account word: nothing (not a phone, not a CCCD).
    assert!(found("mã 19035678901234").is_empty());
    assert!(found("1903 5678 9012 34").is_empty());
}

#[test]
fn bank_context_does_not_swallow_nearby_amounts() {
    // An amount with a unit is never an account, even next to "tk".
    assert!(found("chuyển 25000000đ vào tk").is_empty());
    assert!(found("tk Vietcombank còn 12.500.000 VND").is_empty());
}

// ---------------------------------------------------------------------------------------------
// E-mail and addresses
// ---------------------------------------------------------------------------------------------

#[test]
fn emails() {
    let m = only("Gửi CV về nguyenvana.hr@gmail.com nhé", SignalKind::Email);
    assert_eq!(m.masked, "n***@gmail.com");
    let m = only("Email:lan_tran@cty.com.vn", SignalKind::Email);
    assert_eq!(m.masked, "l***@cty.com.vn");
    // A phone-like local part is an e-mail, not a phone.
    let m = only("0912345678@gmail.com", SignalKind::Email);
    assert_eq!(m.kind, SignalKind::Email);
}

#[test]
fn addresses_need_a_house_number_and_a_place_word() {
    for (text, evidence, masked) in [
        (
            "Nhà ở số 12 ngõ 34 phố Huế, phường Phố Huế, quận Hai Bà Trưng",
            "số 12 ngõ 34 phố Huế, phường Phố Huế, quận Hai Bà Trưng",
            "số ** ngõ ** phố Huế, phường Phố Huế, quận Hai Bà Trưng",
        ),
        (
            "giao 123 đường Lê Lợi, Quận 1",
            "123 đường Lê Lợi, Quận 1",
            "*** đường Lê Lợi, Quận 1",
        ),
        (
            "địa chỉ 45/7 hẻm 12 Nguyễn Trãi",
            "45/7 hẻm 12 Nguyễn Trãi",
            "**/* hẻm ** Nguyễn Trãi",
        ),
        (
            "số 12 Lê Lợi, phường Bến Nghé",
            "số 12 Lê Lợi, phường Bến Nghé",
            "số ** Lê Lợi, phường Bến Nghé",
        ),
        (
            "kiệt 23 Hùng Vương, phường Phú Hội",
            "kiệt 23 Hùng Vương, phường Phú Hội",
            "kiệt ** Hùng Vương, phường Phú Hội",
        ),
        (
            "số nhà 5A, tổ 3, xã Ninh Hải, huyện Hoa Lư",
            "số nhà 5A, tổ 3, xã Ninh Hải, huyện Hoa Lư",
            "số nhà *A, tổ 3, xã Ninh Hải, huyện Hoa Lư",
        ),
        (
            "so 8 ngo 15 pho Hue",
            "so 8 ngo 15 pho Hue",
            "so * ngo ** pho Hue",
        ),
    ] {
        let m = only(text, SignalKind::Address);
        assert_eq!(&text[m.range.clone()], evidence, "{text:?}");
        assert_eq!(m.masked, masked);
    }
    // Place words without a house number, and numbers of places, are not addresses.
    for text in [
        "Lũ quét 3 xã của huyện Mường Lát",
        "phường 7, quận 5",
        "tôi ở phường Phố Huế",
        "có 2 đường đi",
        "số 5 là số đẹp",
        "thôn 3 xã Ninh Hải",
    ] {
        assert!(found(text).is_empty(), "{text:?}: {:?}", found(text));
    }
}

// ---------------------------------------------------------------------------------------------
// No false positives
// ---------------------------------------------------------------------------------------------

#[test]
fn no_false_positives_on_numbers_that_are_not_personal() {
    for text in [
        // Prices.
        "giá 150.000đ",
        "Giá chỉ 2.500.000 VND thôi",
        "15k một ly",
        "lương 3tr/tháng",
        "bán 1.500.000.000 đồng",
        "xe giá 0912345678 đ",
        "tầm 120.000.000.000 vnđ",
        // Dates and times.
        "ngày 17/06/2021",
        "2021-06-17",
        "17.06.2021 lúc 10:30",
        "từ 1990 đến 2025",
        "năm 2019 2020 2021",
        // Percentages, versions, decimals.
        "tăng 35,5% so với 2020",
        "cập nhật v1.2.3 và 10.0.19041",
        "tỉ lệ 0,912345678",
        // Order and tax numbers.
        "Mã đơn hàng: 0912345678",
        "MST 0312345678",
        "mã vận đơn 079123456789",
        "đơn #0987654321 đã giao",
        // 12-digit numbers with an invalid province code.
        "123456789012",
        "999 888 777 666",
        // URLs.
        "https://example.com/p/0912345678?id=001203004567",
        "xem facebook.com/groups/0912345678",
        "www.shop.vn/item/079123456789",
        // Phone-like numbers with an invalid prefix.
        "0951234567",
        // Attached to letters.
        "SN0912345678X",
    ] {
        assert!(found(text).is_empty(), "{text:?}: {:?}", found(text));
    }
}

#[test]
fn masking_never_reveals_more_than_the_ends() {
    let texts = [
        "SĐT 0912345678, CCCD 001203004567, CMND 123456789, STK 19035678901234 VCB",
        "zalo +84 912 345 678, landline 024 3825 1234",
        "Vietcombank 0071000123456",
    ];
    for text in texts {
        let ms = personal().detect(text);
        assert!(!ms.is_empty(), "{text:?}: {ms:?}");
        for m in ms {
            let digits: String = m
                .masked
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '*')
                .collect();
            let revealed_start = digits.chars().take_while(|c| *c != '*').count();
            let revealed_end = digits.chars().rev().take_while(|c| *c != '*').count();
            assert!(revealed_start <= 3, "{m:?}");
            assert!(revealed_end <= 2, "{m:?}");
            assert!(digits.contains('*'), "{m:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Children
// ---------------------------------------------------------------------------------------------

fn child(text: &str) -> Vec<(SignalKind, &str)> {
    let p = personal().detect(text);
    children()
        .detect(text, &p)
        .into_iter()
        .map(|m| (m.kind, &text[m.range]))
        .collect()
}

#[test]
fn child_indicator_with_name() {
    assert_eq!(
        child("Mọi người giúp tìm bé Nguyễn Văn An, mặc áo đỏ"),
        [(SignalKind::ChildName, "Nguyễn Văn An")]
    );
    assert_eq!(
        child("con gái tôi tên là Trần Bảo Ngọc"),
        [(SignalKind::ChildName, "Trần Bảo Ngọc")]
    );
    let m = children().detect("Cháu bé Lê Minh Khôi bị lạc", &[]);
    assert_eq!(m[0].masked, "L. M. K.");
    assert_eq!(m[0].detector, "children.name");
    assert!(m[0].context.is_some());
}

#[test]
fn child_indicator_with_school_and_class() {
    assert_eq!(
        child("con tôi học trường Tiểu học Kim Đồng lớp 3A"),
        [(
            SignalKind::ChildSchoolClass,
            "trường Tiểu học Kim Đồng lớp 3A"
        )]
    );
    assert_eq!(
        child("Học sinh THCS Nguyễn Du bị bạn đánh"),
        [(SignalKind::ChildSchoolClass, "THCS Nguyễn Du")]
    );
    assert_eq!(
        child("bé nhà mình học lớp 2A1 rồi"),
        [(SignalKind::ChildSchoolClass, "lớp 2A1")]
    );
}

#[test]
fn child_indicator_with_age_and_several_elements() {
    let text = "Bé Phạm Gia Huy, 7 tuổi, học lớp 2B trường Tiểu học Ninh Khánh, nhà ở số 5 ngõ 12 đường Lê Hồng Phong. Ai thấy gọi 0912345678";
    let m = {
        let p = personal().detect(text);
        children().detect(text, &p)
    };
    let kinds: Vec<SignalKind> = m.iter().map(|m| m.kind).collect();
    for k in [
        SignalKind::ChildName,
        SignalKind::ChildAge,
        SignalKind::ChildSchoolClass,
        SignalKind::ChildAddress,
        SignalKind::ChildPhone,
    ] {
        assert!(kinds.contains(&k), "{k:?} missing in {m:#?}");
    }
    // Several kinds together: confidence above a lone element's.
    let lone = children().detect("Bé Phạm Gia Huy đáng yêu quá", &[]);
    let name = m.iter().find(|m| m.kind == SignalKind::ChildName).unwrap();
    assert!(name.confidence > lone[0].confidence);
    let phone = m.iter().find(|m| m.kind == SignalKind::ChildPhone).unwrap();
    assert_eq!(phone.masked, "09******78");
}

#[test]
fn child_age_and_photo() {
    assert_eq!(
        child("Con trai tôi 5 tuổi rồi"),
        [(SignalKind::ChildAge, "5 tuổi")]
    );
    assert_eq!(
        child("đăng ảnh con gái mình lên đây"),
        [(SignalKind::ChildPhoto, "ảnh")]
    );
    assert_eq!(
        child("Nguyễn Hoàng Nam (8 tuổi) mất tích"),
        [
            (SignalKind::ChildName, "Nguyễn Hoàng Nam"),
            (SignalKind::ChildAge, "8 tuổi")
        ]
    );
}

#[test]
fn indicator_alone_is_not_a_match() {
    for text in [
        "Bé ơi ngủ ngoan",
        "con tôi hôm nay đi học",
        "Trẻ em cần được bảo vệ trên mạng",
        "học sinh lớp 5 được nghỉ học",
        "anh ấy 35 tuổi, tên Nguyễn Văn Bình",
        "Trường Tiểu học Kim Đồng khai giảng năm học mới",
        "Nguyễn Văn An gọi 0912345678",
        "anh ơi cho em xem ảnh",
        "Trường THPT Chuyên Lương Văn Tụy tuyển sinh lớp 10 năm học 2024-2025",
        "du học sinh Nguyễn Văn Nam về nước",
        "@Bé Hoan Banana ơi ra đây",
        "CON CHÁU ÔNG CHẮC HÃNH DIỄN LẮM",
    ] {
        assert!(child(text).is_empty(), "{text:?}: {:?}", child(text));
    }
}

// ---------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------

#[test]
fn links_are_classified_on_label_boundaries() {
    for (host, class) in [
        ("mic.gov.vn", LinkClass::Official),
        ("gov.vn", LinkClass::Official),
        ("ninhbinh.gov.vn", LinkClass::Official),
        ("chinhphu.vn", LinkClass::Official),
        ("xaydungchinhsach.chinhphu.vn", LinkClass::Official),
        ("evilgov.vn", LinkClass::Unknown),
        ("notchinhphu.vn", LinkClass::Unknown),
        ("vnexpress.net", LinkClass::Press),
        ("e.vnexpress.net", LinkClass::Press),
        ("vnexpress.net.example.com", LinkClass::Unknown),
        ("baoninhbinh.org.vn", LinkClass::Press),
        ("bit.ly", LinkClass::Shortener),
        ("t.co", LinkClass::Shortener),
        ("dichvucong.gov.vn.abc.xyz", LinkClass::Suspicious),
        ("dichvucong-gov.vn", LinkClass::Suspicious),
        ("chinhphu-vn.com", LinkClass::Suspicious),
        ("vn-gov.net", LinkClass::Suspicious),
        ("congan.gov.com", LinkClass::Suspicious),
        ("example.com", LinkClass::Unknown),
    ] {
        assert_eq!(sources().classify_host(host).0, class, "{host}");
    }
}

#[test]
fn links_in_text() {
    let text = "Nguồn: https://baochinhphu.vn/abc-102.htm, xem thêm tại www.tuoitre.vn/x và thanhnien.vn. Link rút gọn: bit.ly/abc?x=1; trang lạ http://chinhphu-vn.com/khao-sat";
    let links = sources().links(text);
    let got: Vec<(&str, LinkClass)> = links
        .iter()
        .map(|l| (&text[l.range.clone()], l.class))
        .collect();
    assert_eq!(
        got,
        [
            ("https://baochinhphu.vn/abc-102.htm", LinkClass::Official),
            ("www.tuoitre.vn/x", LinkClass::Press),
            ("thanhnien.vn", LinkClass::Press),
            ("bit.ly/abc?x=1", LinkClass::Shortener),
            ("http://chinhphu-vn.com/khao-sat", LinkClass::Suspicious),
        ]
    );
    let ms = sources().detect(text);
    assert!(ms
        .iter()
        .any(|m| m.detector == "sources.official" && m.masked == "baochinhphu.vn"));
}

#[test]
fn sensational_phrases_with_and_without_tones() {
    let text = "TIN NÓNG!!! Chia se gap truoc khi bi xoa";
    let ms = sources().detect(text);
    let got: Vec<(&str, SignalKind, bool)> = ms
        .iter()
        .map(|m| (&text[m.range.clone()], m.kind, m.via_folding))
        .collect();
    assert_eq!(
        got,
        [
            ("TIN NÓNG", SignalKind::SensationalUnsourced, false),
            ("Chia se gap", SignalKind::SensationalUnsourced, true),
            ("truoc khi bi xoa", SignalKind::SensationalUnsourced, true),
        ]
    );
    for m in &ms {
        assert!(m.confidence <= 0.4);
        assert_eq!(m.detail.as_deref(), Some("unsourced"));
        assert_eq!(m.detector, "sources.unsourced");
    }
    // Exact tones score above folded ones.
    assert!(ms[0].confidence > ms[1].confidence);
}

#[test]
fn sensational_with_an_official_source_is_weaker() {
    let text = "Tin khẩn: xem thông báo tại https://moh.gov.vn/tin-tuc";
    let ms = sources().detect(text);
    let s = ms
        .iter()
        .find(|m| m.kind == SignalKind::Sensational)
        .unwrap();
    assert_eq!(s.detail.as_deref(), Some("sourced: moh.gov.vn"));
    assert!(s.confidence < 0.2);
    assert!(s.context.is_some());
}

#[test]
fn sensational_phrase_that_folds_to_innocent_words_needs_tones() {
    // "sốc" is matched only with its tones; "con sóc" (squirrel) and "soc" are not.
    assert!(sources().detect("con sóc dễ thương, soc").is_empty());
    assert_eq!(sources().detect("Sốc với giá vàng").len(), 1);
    // Whole syllables only.
    assert!(sources().detect("tin nóngg").is_empty());
}

// ---------------------------------------------------------------------------------------------
// Impersonation
// ---------------------------------------------------------------------------------------------

#[test]
fn impersonation_verified_vs_not() {
    for (name, kind, phrase) in [
        (
            "Công an tỉnh Ninh Bình",
            SignalKind::ImpersonatesStateBody,
            "Công an",
        ),
        (
            "UBND phường Đông Thành",
            SignalKind::ImpersonatesStateBody,
            "UBND",
        ),
        (
            "Cổng thông tin điện tử tỉnh",
            SignalKind::ImpersonatesStateBody,
            "Cổng thông tin điện tử",
        ),
        ("Sở Y tế Hà Nội", SignalKind::ImpersonatesStateBody, "Sở"),
        ("Báo Tuổi Trẻ", SignalKind::ImpersonatesPress, "Báo"),
        ("VTV Tin Mới 24h", SignalKind::ImpersonatesPress, "VTV"),
        (
            "Đài Truyền hình Việt Nam",
            SignalKind::ImpersonatesPress,
            "Đài",
        ),
        (
            "VnExpress Official",
            SignalKind::ImpersonatesPress,
            "VnExpress",
        ),
        (
            "Uỷ ban nhân dân xã",
            SignalKind::ImpersonatesStateBody,
            "Uỷ ban nhân dân",
        ),
    ] {
        let ms = imp().check_author(name, false);
        assert!(!ms.is_empty(), "{name}");
        assert_eq!(&name[ms[0].range.clone()], phrase, "{name}: {ms:?}");
        assert_eq!(ms[0].kind, kind, "{name}");
        assert!(imp().check_author(name, true).is_empty(), "{name} verified");
    }
    for name in [
        "Nguyễn Văn Bộ",
        "Bộ sưu tập áo dài",
        "Hàng Đài Loan chính hãng",
        "thanh niên nghiêm túc",
        "Mẹ bỉm sữa",
        "Sở thích nấu ăn",
        "báo thủ",
    ] {
        let ms = imp().check_author(name, false);
        assert!(ms.is_empty(), "{name}: {ms:?}");
    }
}

#[test]
fn impersonating_domains() {
    assert_eq!(
        imp().check_domain("bocongan-gov.vn").map(|x| x.0),
        Some(ImpersonationKind::StateBody)
    );
    assert_eq!(
        imp().check_domain("tuoitre-online.xyz").map(|x| x.0),
        Some(ImpersonationKind::PressOutlet)
    );
    assert_eq!(imp().check_domain("mygovernment.com"), None);
    let text =
        "Đăng ký nhận hỗ trợ tại http://dichvucong-gov.vn/dang-ky và https://dichvucong.gov.vn";
    let links = sources().links(text);
    let ms = imp().check_links(&links);
    assert_eq!(ms.len(), 1, "{ms:?}");
    assert_eq!(
        &text[ms[0].range.clone()],
        "http://dichvucong-gov.vn/dang-ky"
    );
    assert_eq!(ms[0].detector, "impersonation.state_body");
}

// ---------------------------------------------------------------------------------------------
// Bundle and data errors
// ---------------------------------------------------------------------------------------------

#[test]
fn bundle_checks_a_post_and_its_author() {
    let post = "TIN NÓNG: bé Nguyễn Thị Mai lớp 4A mất tích, ai thấy gọi 0912 345 678. Chi tiết: bit.ly/abc";
    let s = all().check_post(
        post,
        Some(Author {
            name: "Công an Hà Nội",
            verified: false,
        }),
    );
    let ids: Vec<&str> = s.text.iter().map(|m| m.detector).collect();
    for id in [
        "sources.unsourced",
        "children.name",
        "children.school_class",
        "children.phone",
        "personal.phone",
        "sources.shortener",
    ] {
        assert!(ids.contains(&id), "{id} missing: {ids:?}");
    }
    assert_eq!(s.author.len(), 1);
    assert!(s
        .text
        .windows(2)
        .all(|w| w[0].range.start <= w[1].range.start));
    // Serialises (the engine embeds these in reports).
    let json = serde_json::to_string(&s).unwrap();
    assert!(json.contains("\"detector\":\"personal.phone\""));
    assert!(!json.contains("0912 345 678"));
}

#[test]
fn data_errors_name_the_field_and_line() {
    let bad = PERSONAL_TOML.replacen("prefix = \"032\"", "prefix = \"32\"", 1);
    let e = PersonalDetector::from_toml(&bad).unwrap_err();
    assert_eq!(e.field, "phone.mobile_prefixes[0].prefix");
    assert!(e.line.is_some());
    assert!(e.to_string().starts_with("personal.toml:"), "{e}");

    let bad = PERSONAL_TOML.replacen("code = \"002\"", "code = \"001\"", 1);
    let e = PersonalDetector::from_toml(&bad).unwrap_err();
    assert_eq!(e.kind, DetectorDataErrorKind::Duplicate("001".into()));
    assert_eq!(e.field, "citizen_id.provinces[1].code");

    let bad = SOURCES_TOML.replacen(
        "unsourced_confidence = 0.35",
        "unsourced_confidence = 0.9",
        1,
    );
    let e = SourcesDetector::from_toml(&bad).unwrap_err();
    assert_eq!(e.field, "sensational.unsourced_confidence");

    let bad = CHILDREN_TOML.replacen("max_age = 15", "max_age = 15\nmax_agee = 3", 1);
    let e = ChildrenDetector::from_toml(&bad).unwrap_err();
    assert!(matches!(e.kind, DetectorDataErrorKind::Shape(_)), "{e}");
    assert!(e.line.is_some());

    let e = ImpersonationDetector::from_toml("[detector\n").unwrap_err();
    assert!(matches!(e.kind, DetectorDataErrorKind::Syntax(_)), "{e}");
    assert_eq!(e.line, Some(1));

    let _ = IMPERSONATION_TOML;
}

#[test]
fn nfd_input_gives_ranges_into_the_original() {
    use unicode_normalization::UnicodeNormalization;
    let nfc = "Tin nóng: bé Nguyễn Văn An, số căn cước 001203004567";
    let nfd: String = nfc.nfd().collect();
    let s = all().check_post(&nfd, None);
    let kinds: Vec<SignalKind> = s.text.iter().map(|m| m.kind).collect();
    assert!(
        kinds.contains(&SignalKind::SensationalUnsourced),
        "{kinds:?}"
    );
    assert!(kinds.contains(&SignalKind::ChildName), "{kinds:?}");
    assert!(kinds.contains(&SignalKind::CitizenId), "{kinds:?}");
    for m in &s.text {
        assert!(nfd.is_char_boundary(m.range.start) && nfd.is_char_boundary(m.range.end));
        // A span never cuts a letter from its combining marks.
        let after = &nfd[m.range.end..];
        assert!(
            !after.starts_with(|c: char| ('\u{300}'..='\u{36f}').contains(&c)),
            "{m:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

fn check_ranges(text: &str, ms: &[SignalMatch]) {
    for m in ms {
        assert!(m.range.start < m.range.end, "{m:?}");
        assert!(m.range.end <= text.len(), "{m:?}");
        assert!(text.is_char_boundary(m.range.start), "{m:?}");
        assert!(text.is_char_boundary(m.range.end), "{m:?}");
        if let Some(c) = &m.context {
            assert!(
                c.end <= text.len()
                    && text.is_char_boundary(c.start)
                    && text.is_char_boundary(c.end)
            );
        }
        assert!((0.0..=1.0).contains(&m.confidence), "{m:?}");
        assert_eq!(m.detector, m.kind.detector_id());
    }
}

/// Strings biased towards the shapes the detectors look at.
fn post_like() -> impl Strategy<Value = String> {
    let atoms = prop_oneof![
        Just("0912 345 678".to_string()),
        Just("+84".to_string()),
        Just("(+84)".to_string()),
        Just("001203004567".to_string()),
        Just("CCCD".to_string()),
        Just("stk".to_string()),
        Just("VCB".to_string()),
        Just("bé".to_string()),
        Just("Nguyễn Văn An".to_string()),
        Just("lớp 3A".to_string()),
        Just("7 tuổi".to_string()),
        Just("số 12 ngõ 34 phố Huế".to_string()),
        Just("phường".to_string()),
        Just("https://x.gov.vn/a".to_string()),
        Just("bit.ly/".to_string()),
        Just("a@b.vn".to_string()),
        Just("tin nóng".to_string()),
        Just("ảnh".to_string()),
        Just("o\u{302}\u{301}".to_string()),
        Just("\u{301}".to_string()),
        "[0-9 .\\-+()/]{1,20}",
        "\\PC{0,12}",
        "[ \t\n,.:;!?]{1,3}",
    ];
    prop::collection::vec(atoms, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_and_ranges_are_on_char_boundaries(text in "\\PC{0,80}") {
        let s = all().check_post(&text, Some(Author { name: &text, verified: false }));
        check_ranges(&text, &s.text);
        check_ranges(&text, &s.author);
    }

    #[test]
    fn never_panics_on_post_like_text(text in post_like()) {
        let s = all().check_post(&text, Some(Author { name: &text, verified: false }));
        check_ranges(&text, &s.text);
        check_ranges(&text, &s.author);
        for l in sources().links(&text) {
            prop_assert!(text.is_char_boundary(l.range.start) && text.is_char_boundary(l.range.end));
        }
    }

    #[test]
    fn any_bytes_as_lossy_utf8(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let s = all().check_post(&text, None);
        check_ranges(&text, &s.text);
    }
}
