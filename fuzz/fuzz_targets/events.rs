#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ungxu_fuzz::events(data));
