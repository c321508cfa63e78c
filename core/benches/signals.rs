//! Throughput of the pattern detectors (personal data, children, sources, impersonation) over
//! realistic Vietnamese comments.
//!
//! By default the corpus is the ~50 comments below. Set `UNGXU_BENCH_CORPUS` to a CSV file
//! with a `content` column (e.g. ViHOS `train.csv`) to measure on that instead:
//!
//! ```text
//! UNGXU_BENCH_CORPUS=../shared/data/vihos/train.csv cargo bench -p ungxu --bench signals
//! ```
//!
//! Throughput is reported in decimal MB/s of post text.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use ungxu::detect::patterns::{FoldedText, SignalDetectors};

/// Realistic comments: most are clean chatter, some carry the signals the detectors look for.
const COMMENTS: &[&str] = &[
    "Hôm nay trời đẹp quá, cả nhà đi chơi công viên thôi!",
    "Cho mình hỏi shop còn size M không ạ? Giá 150.000đ đúng không shop?",
    "Ai cần mua xe thì liên hệ em nhé, sđt 0912 345 678, chính chủ bán.",
    "Giá vàng hôm nay 17/06/2021 tăng mạnh, lên 57.500.000 VND/lượng.",
    "Bé Nguyễn Minh Anh 6 tuổi bị lạc ở chợ Đồng Xuân, ai thấy gọi 0987.654.321 giúp em với!!!",
    "TIN NÓNG: chia sẻ gấp trước khi bị xóa, báo chí không đưa tin đâu",
    "Nguồn: https://vnexpress.net/thoi-su/mua-lu-mien-trung-4213456.html",
    "Xem chi tiết tại bit.ly/3xYzAbc nhé mọi người",
    "Đăng ký nhận hỗ trợ Covid tại http://dichvucong-gov.vn/dang-ky ngay hôm nay",
    "Con tôi học trường Tiểu học Kim Đồng lớp 3A, cô giáo rất tận tâm.",
    "STK 1903 5678 9012 34 Techcombank chủ TK Nguyễn Văn A, ai ủng hộ thì chuyển giúp",
    "CCCD của em 001203004567 bị mất ở bến xe, ai nhặt được liên hệ em với",
    "Nhà ở số 12 ngõ 34 phố Huế, phường Phố Huế, quận Hai Bà Trưng, Hà Nội",
    "Mọi người ơi, nghe nói mai được nghỉ học phải không?",
    "Phim hay quá, xem 3 lần rồi mà vẫn khóc :((",
    "Đội tuyển Việt Nam thắng 2-0, quá đỉnh luôn anh em ơi!!!",
    "Gửi CV về email tuyendung.hr@congty.com.vn trước ngày 30/6",
    "Món này nấu kiểu gì vậy chị, chỉ em với, em cảm ơn nhiều ạ",
    "Cập nhật phiên bản 2.5.1 rồi mà vẫn lỗi, app dở thật sự",
    "Sáng nay kẹt xe ở ngã tư Hàng Xanh gần 1 tiếng, mệt mỏi quá",
    "Ủng hộ đồng bào miền Trung qua tài khoản Vietcombank 0071000123456",
    "Thông báo chính thức từ Bộ Y tế: https://moh.gov.vn/tin-tuc-noi-bat",
    "Cháu bé Lê Minh Khôi (5 tuổi) đã được tìm thấy, cảm ơn cả nhà",
    "Cực sốc: clip nóng đang lan truyền, xem ngay kẻo bị gỡ",
    "hôm qua t đi ăn phở ngon vl, 45k một bát mà đầy ụ",
    "Đơn hàng 0912345678 của chị đã giao thành công nhé",
    "Mã số thuế 0312345678 của công ty đã được cấp",
    "Trường THPT Chuyên Lương Văn Tụy tuyển sinh lớp 10 năm học 2024-2025",
    "Học sinh THCS Nguyễn Du bị bạn đánh, clip lan truyền trên mạng xã hội",
    "Xôn xao thông tin giá xăng tăng mạnh từ 15h chiều nay",
    "Liên hệ zalo +84 912345678 để được tư vấn miễn phí",
    "Hotline (+84) 28 3822 1234 hoặc 1900 1234",
    "con gái mình 3 tuổi rồi mà vẫn chưa chịu ăn rau, các mẹ có cách nào không",
    "giá chỉ 2tr5 thôi, bảo hành 12 tháng, ship toàn quốc",
    "Đẹp trai thế này ai mà chịu nổi hahaha",
    "Ninh Bình mùa lúa chín đẹp như tranh, ai đi Tam Cốc chưa?",
    "Đọc thêm tại tuoitre.vn/chinh-tri.htm và thanhnien.vn",
    "Tài khoản MB Bank 0912345678 chủ tk Trần Thị B",
    "Năm 2021 dân số tăng 0,94% so với năm 2020",
    "Chiều nay 15:30 họp lớp ở quán cũ nhé mọi người",
    "ảnh đẹp quá anh ơi, chụp ở đâu vậy",
    "Tin khẩn: UBND xã thông báo cắt điện từ 7h đến 17h ngày 20/7",
    "Đường Lê Lợi đoạn gần chợ Bến Thành đang sửa, mọi người đi đường khác nhé",
    "123 đường Lê Lợi, Quận 1 có quán cà phê mới mở nè",
    "Thằng này nói chuyện vô duyên thật sự, block luôn cho rồi",
    "Chúc mừng sinh nhật bé Bảo Ngọc, chúc con luôn mạnh khỏe và ngoan ngoãn",
    "CMND số 123456789 cấp năm 2010 tại Công an Ninh Bình",
    "Link đăng ký: https://forms.gle/AbCdEf123, hạn chót 25/12",
    "Vé máy bay Hà Nội - Sài Gòn chỉ 599.000đ, săn ngay kẻo lỡ",
    "Sản phẩm tốt, giao hàng nhanh, đóng gói cẩn thận, 5 sao cho shop",
];

/// Display names for the impersonation check.
const AUTHORS: &[&str] = &[
    "Nguyễn Văn An",
    "Công an tỉnh Ninh Bình",
    "Báo Tuổi Trẻ Online",
    "VTV Tin Mới",
    "Hóng Biến Showbiz",
    "UBND phường Đông Thành",
    "Mẹ Bỉm Sữa Hà Nội",
    "Cổng thông tin điện tử Chính phủ",
    "Shop Thời Trang Hàng Đài Loan",
    "Trần Thị Bích Ngọc",
];

fn corpus() -> (String, Vec<String>) {
    match std::env::var("UNGXU_BENCH_CORPUS") {
        Ok(path) if !path.is_empty() => {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("UNGXU_BENCH_CORPUS={path}: {e}"));
            let rows: Vec<String> = ungxu::detect::score::parse_vihos_csv(&text)
                .unwrap_or_else(|e| panic!("UNGXU_BENCH_CORPUS={path}: {e}"))
                .into_iter()
                .map(|r| r.content)
                .collect();
            (format!("csv:{} comments", rows.len()), rows)
        }
        _ => (
            format!("builtin:{} comments", COMMENTS.len()),
            COMMENTS.iter().map(|s| s.to_string()).collect(),
        ),
    }
}

fn signals(c: &mut Criterion) {
    let d = SignalDetectors::embedded().expect("embedded detector data is valid");
    let (name, posts) = corpus();
    let bytes: u64 = posts.iter().map(|p| p.len() as u64).sum();
    let author_bytes: u64 = AUTHORS.iter().map(|a| a.len() as u64).sum();
    eprintln!("corpus {name}, {bytes} bytes");

    let mut g = c.benchmark_group(format!("signals/{name}"));
    g.throughput(Throughput::BytesDecimal(bytes));
    g.bench_function("personal", |b| {
        b.iter(|| {
            posts
                .iter()
                .map(|p| d.personal().detect(black_box(p)).len())
                .sum::<usize>()
        })
    });
    g.bench_function("children", |b| {
        b.iter(|| {
            posts
                .iter()
                .map(|p| {
                    let ft = FoldedText::new(black_box(p));
                    let personal = d.personal().detect_folded(&ft);
                    d.children().detect_folded(&ft, &personal).len()
                })
                .sum::<usize>()
        })
    });
    g.bench_function("children_only", |b| {
        b.iter(|| {
            posts
                .iter()
                .map(|p| d.children().detect(black_box(p), &[]).len())
                .sum::<usize>()
        })
    });
    g.bench_function("sources", |b| {
        b.iter(|| {
            posts
                .iter()
                .map(|p| d.sources().detect(black_box(p)).len())
                .sum::<usize>()
        })
    });
    g.bench_function("impersonation_links", |b| {
        b.iter(|| {
            posts
                .iter()
                .map(|p| {
                    let links = d.sources().links(black_box(p));
                    d.impersonation().check_links(&links).len()
                })
                .sum::<usize>()
        })
    });
    g.bench_function("all_four", |b| {
        b.iter(|| {
            posts
                .iter()
                .map(|p| d.check_post(black_box(p), None).text.len())
                .sum::<usize>()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("signals/authors");
    g.throughput(Throughput::BytesDecimal(author_bytes));
    g.bench_function("impersonation_names", |b| {
        b.iter(|| {
            AUTHORS
                .iter()
                .map(|a| d.impersonation().check_author(black_box(a), false).len())
                .sum::<usize>()
        })
    });
    g.finish();

    c.bench_function("signals/compile_embedded", |b| {
        b.iter(|| SignalDetectors::embedded().expect("valid"))
    });
}

criterion_group!(benches, signals);
criterion_main!(benches);
