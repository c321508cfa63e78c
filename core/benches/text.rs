//! Throughput of Vietnamese normalisation + lexicon matching, and hostile inputs.
//!
//! ```text
//! cargo bench -p ungxu --bench text -- --warm-up-time 1 --measurement-time 3
//! UNGXU_BENCH_CORPUS=$PWD/../shared/data/vihos/train.csv cargo bench -p ungxu --bench text
//! UNGXU_BENCH_LEXICONS=$PWD/spec/lexicons cargo bench -p ungxu --bench text
//! ```
//!
//! The corpus defaults to a built-in set of realistic comments; `UNGXU_BENCH_CORPUS` names a
//! ViHOS-style CSV to use instead. The lexicon defaults to one written here;
//! `UNGXU_BENCH_LEXICONS` names a folder of lexicon TOML files to use instead. Cargo runs
//! benchmarks from `core/`, so give absolute paths.
//!
//! The built-in corpus is small (3.5 kB) and repeats, so the CPU's branch predictor learns it;
//! a large corpus (ViHOS, 600 kB) gives the lower, more realistic figure.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;
use ungxu::detect::score::parse_vihos_csv;
use ungxu::detect::{Lexicon, LexiconMatcher};
use ungxu::text::NormalizedText;

/// Realistic comments (clean and offensive, with and without diacritics, teencode, emoji,
/// separators, stretched letters, one NFD line), written for this benchmark.
const COMMENTS: &[&str] = &[
    "Dừa lắm :))",
    "Bấp bênh vl thế",
    "Chắc cũng biết ko tồn tại đc bao lâu nữa nên cố gắng vét",
    "Thấy chán ad page này kiến thức thì nông cạn cái gì cũng sủa, nói chung là dốt",
    "đcm 😒 sau có con cho hút cỏ chữa bệnh chứ đéo đưa đi bệnh viện 😒",
    "Chụp cái ảnh thôi làm đéo gì đâu mà phiền",
    "Tăng theo giờ 😭😭😭",
    "Cực kì thuyết phục :c",
    "Thằng chó này nói chuyện như cc",
    "Loại nghiện game + săm trổ k có tương lai đâu nha",
    "toàn tin vớ vẩn ... khi nào có nguồn chính thức thì hãy share nhé mọi người",
    "Hôm nay trời đẹp quá, đi cà phê với bạn bè thôi 😍☕",
    "Ai biết quán phở nào ngon ở quận 3 không ạ? Cho mình xin địa chỉ với",
    "du ma may noi cai gi vay, ngu vl",
    "đ.m thằng này láo vãi l",
    "nguuuuu như bò ấy",
    "Shop ơi áo này còn size M không ạ? Giá bao nhiêu vậy shop",
    "Video hay quá, cảm ơn bạn đã chia sẻ ❤️❤️❤️",
    "thg ml này sủa nhiều thế nhỉ, block cho nhanh",
    "Mấy đứa óc chó bình luận không suy nghĩ gì cả",
    "Chúc mừng năm mới cả nhà, an khang thịnh vượng 🎉🧧",
    "Cái đồ mất dạy, về nhà mà dạy lại con cái đi",
    "Nhìn mặt là biết loại lừa đảo rồi, mọi người cẩn thận nha",
    "vcl đỉnh thật sự, ai làm clip này vậy",
    "Đẹp trai quá anh ơi, cho em xin in4 đi 🥰",
    "M bị điên à? Nói chuyện kiểu gì vậy",
    "Đọc comment mà cười đau bụng 🤣🤣🤣",
    "Thằng này ăn nói như đầu đường xó chợ",
    "Hàng về rồi nha mọi người, inbox để được tư vấn ạ",
    "Bọn phản động lúc nào cũng xuyên tạc, đừng tin",
    "Tôi thấy bài viết này phân tích khá hợp lý, cảm ơn tác giả",
    "Ngu như chó mà bày đặt dạy đời",
    "Mẹ kiếp, kẹt xe cả tiếng đồng hồ",
    "hahaha đúng là đồ điên mà",
    "Con này xấu như ma mà còn đăng ảnh",
    "Bạn ơi cho mình hỏi thủ tục làm căn cước ở đâu vậy",
    "Ủa rồi sao nữa? Kể tiếp đi chứ",
    "D-M cuộc đời, sao khổ thế này",
    "Đi làm về mệt quá, nằm xem phim thôi",
    "Nói thật chứ cái loại này không đáng làm người",
    "Trường mình năm nay tổ chức văn nghệ hoành tráng lắm",
    "Mua bộ đồ ngủ mới cho con, vải mềm lắm",
    "Uống một lon bia cho mát rồi đi ngủ",
    "Cho tôi một ly cà phê sữa đá",
    "Giá vàng hôm nay tăng mạnh, 1 chỉ lên 7tr5 rồi",
    "Liên hệ 0912345678 để đặt hàng, giao hàng toàn quốc",
    "Đu\u{323} ma\u{301} thằng nà\u{300}y",
    "ĐỒ NGU, BIẾN ĐI",
    "Thanh niên nghiêm túc đấy, tôn trọng nhé",
    "Hay quá xá luôn, xem đi xem lại mấy lần",
    "Cmt dạo: ai xem đến đây thì like nhé",
    "Chính quyền xã làm việc chậm quá, mong sớm cải thiện",
    "Dm lại là cái trò mèo này",
    "Hóng phần 2 quá ad ơi",
    "Học hành thì không lo, suốt ngày chơi game",
    "Thương anh bộ đội quá, giữ gìn sức khỏe nha anh",
    "Bác sĩ ở đây tận tình lắm, cảm ơn bệnh viện",
    "Lũ súc vật, đánh cả người già",
    "Sao mà khổ thế, trời ơi là trời",
    "Nhà mình có nuôi con chó con dễ thương lắm",
    "Tml nói ít thôi",
    "Xinh đẹp tuyệt vời ông mặt trời 😘",
    "Đm cái thời tiết nóng như đổ lửa",
    "Cái clip này xem hoài không chán",
    "ad ơi cho xin link tải với",
    "Bố láo, ai cho mày nói thế",
    "Ngày mai đi học rồi, buồn ghê",
    "Quá đỉnh, 10 điểm không có nhưng",
    "Cẩn thận bị lừa nha mọi người, bên này không uy tín",
    "Vãi cả l, đùa nhau à",
];

/// A lexicon of the size and shape the real one will have (written for this benchmark).
fn bench_lexicon() -> Lexicon {
    let mut toml = String::from(
        "[lexicon]\nid = \"bench\"\nlanguage = \"vi\"\n\
         description = \"Benchmark lexicon\"\nsource = \"Written for the benchmark\"\n",
    );
    let terms: &[(&str, &str, &str, bool)] = &[
        ("đụ má", "offensive_language", "high", true),
        ("địt mẹ", "offensive_language", "high", true),
        ("địt", "offensive_language", "high", true),
        ("đéo", "offensive_language", "medium", true),
        ("đù má", "offensive_language", "medium", true),
        ("vãi lồn", "offensive_language", "high", true),
        ("vãi cả lồn", "offensive_language", "high", true),
        ("lồn", "offensive_language", "high", true),
        ("cặc", "offensive_language", "high", true),
        ("buồi", "offensive_language", "high", true),
        ("mẹ kiếp", "offensive_language", "medium", true),
        ("con mẹ mày", "offensive_language", "high", true),
        ("đồ ngu", "insult", "medium", true),
        ("ngu", "insult", "low", true),
        ("ngu như bò", "insult", "medium", true),
        ("ngu như chó", "insult", "medium", true),
        ("óc chó", "insult", "medium", true),
        ("thằng chó", "insult", "medium", true),
        ("con chó", "insult", "medium", false),
        ("chó", "insult", "medium", false),
        ("mất dạy", "insult", "medium", true),
        ("đồ điên", "insult", "low", true),
        ("bố láo", "insult", "low", true),
        ("súc vật", "insult", "high", true),
        ("lũ súc vật", "insult", "high", true),
        ("đầu đường xó chợ", "insult", "medium", true),
        ("không đáng làm người", "insult", "high", true),
        ("xấu như ma", "insult", "low", true),
        ("óc lợn", "insult", "medium", true),
        ("đồ khốn", "insult", "medium", true),
        ("khốn nạn", "insult", "medium", true),
        ("thằng điên", "insult", "low", true),
        ("sủa", "insult", "low", false),
        ("dốt", "insult", "low", true),
        ("bắc kỳ", "hate_discrimination", "high", true),
        ("nam kỳ", "hate_discrimination", "high", false),
        ("parky", "hate_discrimination", "high", true),
        ("giết hết", "incitement_violence", "critical", true),
        ("đánh chết", "incitement_violence", "high", true),
        ("lô đề", "illegal_advertising", "medium", true),
        ("cá độ", "illegal_advertising", "medium", true),
        ("bán ma tuý", "illegal_advertising", "critical", true),
        ("làm giả giấy tờ", "illegal_advertising", "high", true),
        ("vay nóng", "illegal_advertising", "medium", true),
        ("phò", "insult", "high", true),
        ("đĩ", "insult", "high", true),
        ("con đĩ", "insult", "high", true),
        ("cave", "insult", "medium", true),
        ("phản động", "insult", "low", false),
    ];
    for (term, category, severity, folded) in terms {
        toml.push_str(&format!(
            "\n[[terms]]\nterm = \"{term}\"\ncategory = \"{category}\"\n\
             severity = \"{severity}\"\nfolded = {folded}\n"
        ));
    }
    for safe in [
        "đồ ngủ",
        "lon bia",
        "lon nước",
        "cho tôi",
        "đi mà",
        "con chó con",
    ] {
        toml.push_str(&format!("\n[[safe]]\nterm = \"{safe}\"\n"));
    }
    for (short, long) in [
        ("dm", "địt mẹ"),
        ("đm", "địt mẹ"),
        ("dcm", "địt mẹ"),
        ("đcm", "địt mẹ"),
        ("dmm", "địt mẹ"),
        ("vl", "vãi lồn"),
        ("vcl", "vãi cả lồn"),
        ("cc", "cặc"),
        ("ml", "con mẹ mày"),
        ("tml", "con mẹ mày"),
        ("clm", "con mẹ mày"),
        ("dkm", "địt mẹ"),
    ] {
        toml.push_str(&format!(
            "\n[[abbreviations]]\nshort = \"{short}\"\nlong = \"{long}\"\n"
        ));
    }
    for (from, to, position) in [
        ("ph", "f", "onset"),
        ("d", "z", "onset"),
        ("gi", "j", "onset"),
        ("ng", "g", "coda"),
        ("c", "k", "onset"),
        ("i", "j", "coda"),
    ] {
        toml.push_str(&format!(
            "\n[[spellings]]\nfrom = \"{from}\"\nto = \"{to}\"\nposition = \"{position}\"\n"
        ));
    }
    Lexicon::from_toml_str(&toml).expect("the benchmark lexicon is valid")
}

fn lexicons() -> Vec<Lexicon> {
    if let Ok(dir) = std::env::var("UNGXU_BENCH_LEXICONS") {
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("UNGXU_BENCH_LEXICONS={dir}: {e}"))
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        let lexicons: Vec<Lexicon> = files
            .iter()
            .map(|p| {
                let text = std::fs::read_to_string(p).expect("readable lexicon");
                Lexicon::from_toml_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
            })
            .collect();
        if !lexicons.is_empty() {
            return lexicons;
        }
    }
    vec![bench_lexicon()]
}

fn corpus() -> (String, Vec<String>) {
    if let Ok(path) = std::env::var("UNGXU_BENCH_CORPUS") {
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("UNGXU_BENCH_CORPUS={path}: {e}"));
        let rows = parse_vihos_csv(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        return (path, rows.into_iter().map(|r| r.content).collect());
    }
    (
        "built-in comments".into(),
        COMMENTS.iter().map(|s| (*s).to_owned()).collect(),
    )
}

fn throughput(c: &mut Criterion) {
    let matcher = LexiconMatcher::new(&lexicons()).expect("lexicons compile");
    let (name, comments) = corpus();
    let bytes: usize = comments.iter().map(String::len).sum();
    let found: usize = comments.iter().map(|t| matcher.find_str(t).len()).sum();
    eprintln!(
        "corpus: {name}: {} comments, {bytes} bytes; {} terms, {} patterns; {found} matches",
        comments.len(),
        matcher.term_count(),
        matcher.pattern_count()
    );
    let mut group = c.benchmark_group("comments");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("normalize", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for t in &comments {
                n += NormalizedText::new(black_box(t)).canonical().len();
            }
            n
        })
    });
    group.bench_function("normalize+match", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for t in &comments {
                n += matcher.find(&NormalizedText::new(black_box(t))).len();
            }
            n
        })
    });
    group.finish();
}

fn hostile(c: &mut Criterion) {
    let matcher = LexiconMatcher::new(&[bench_lexicon()]).expect("lexicon compiles");
    let inputs: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("1MB_one_letter", "a".repeat(1 << 20)),
        (
            "100k_marks_one_letter",
            format!("a{}", "\u{301}".repeat(100_000)),
        ),
        ("1MB_nul", "\0".repeat(1 << 20)),
        ("bidi_overrides", "\u{202E}đ\u{202D}m ".repeat(50_000)),
        ("lone_emoji_modifiers", "\u{1F3FB}\u{1F3FF}".repeat(50_000)),
        ("zero_width_between_letters", "đ\u{200B}".repeat(100_000)),
        ("separator_chain", "đ.m.".repeat(100_000)),
        ("abbreviation_every_word", "dm ".repeat(100_000)),
        ("leet_words", "ng0 d1t ".repeat(50_000)),
    ];
    let mut group = c.benchmark_group("hostile");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    for (name, input) in &inputs {
        group.throughput(Throughput::Bytes(input.len().max(1) as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), input, |b, input| {
            b.iter(|| matcher.find(&NormalizedText::new(black_box(input))).len())
        });
    }
    group.finish();
}

criterion_group!(benches, throughput, hostile);
criterion_main!(benches);
