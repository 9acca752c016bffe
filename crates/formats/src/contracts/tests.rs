use super::*;

/// The store's rule (Luhn on the last ten digits), repeated here because
/// formats does not depend on the store; the web passes the store's function.
fn orgnr(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    if digits.len() != 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = digits
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                (d * 2) / 10 + (d * 2) % 10
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
        .then(|| format!("{}-{}", &digits[..6], &digits[6..]))
}

fn date(y: i32, m: u8, d: u8) -> Date {
    Date::new(y, m, d).unwrap()
}

/// A register as a Swedish finance office exports it from Excel: Windows-1252,
/// semicolons, decimal comma, thousands with spaces, "kr", a title line first.
fn swedish_cp1252() -> Vec<u8> {
    let text = "Avtalsregister Demo kommun 2026;;;;;;;;;\r\n\
Avtalsnummer;Benämning;Leverantör;Org.nr;Avtalsstart;Avtalsslut;Förlängning;Avtalsvärde (kr);CPV;Kategori\r\n\
KS 2024/101;Drivmedel och HVO100;Exempel Energi AB;556677-8899;2024-04-01;2026-03-31;1+1;4 250 000,00 kr;09134200-9;fuels\r\n\
KS 2023/88;Städtjänster skolor;Demo Städ AB;5566778899;20230901;2027-08-31;24 mån;12 500 000;90910000-9;Städ-, tvätt- och lokalvårdstjänster\r\n\
;Elavtal;Exempel Kraft AB;;2025-01-01;2026-12-31;2+1+1;;;electricity\r\n";
    text.chars()
        .map(|c| match c {
            'ä' => 0xe4,
            'å' => 0xe5,
            'ö' => 0xf6,
            'Ä' => 0xc4,
            c => u8::try_from(u32::from(c)).unwrap(),
        })
        .collect()
}

#[test]
fn reads_a_swedish_windows_1252_register() {
    let file = read_contracts("avtal.csv", &swedish_cp1252(), orgnr);
    assert!(file.errors.is_empty(), "{:?}", file.errors);
    assert!(file.is_ok());
    assert_eq!(file.kind, ContractFileKind::Csv);
    assert_eq!(file.header_line, 2);
    assert_eq!(file.rows.len(), 3);
    let fuel = &file.rows[0];
    assert_eq!(fuel.line, 3);
    assert_eq!(fuel.reference, "KS 2024/101");
    assert_eq!(fuel.title, "Drivmedel och HVO100");
    assert_eq!(fuel.supplier_orgnr, "556677-8899");
    assert_eq!(
        (fuel.start_date, fuel.end_date),
        (date(2024, 4, 1), date(2026, 3, 31))
    );
    assert_eq!(fuel.extension_months, 12);
    assert_eq!(fuel.options_note, "1+1");
    assert_eq!(fuel.value_ore, Some(425_000_000));
    assert_eq!(fuel.cpv, "09134200-9");
    assert_eq!(fuel.category, "fuels");
    let cleaning = &file.rows[1];
    assert_eq!(cleaning.title, "Städtjänster skolor");
    assert_eq!(cleaning.supplier_orgnr, "556677-8899");
    assert_eq!(cleaning.start_date, date(2023, 9, 1));
    assert_eq!(cleaning.extension_months, 24);
    assert_eq!(cleaning.value_ore, Some(1_250_000_000));
    assert_eq!(cleaning.category, "cleaning_services");
    let power = &file.rows[2];
    assert_eq!(power.reference, "");
    assert_eq!(power.supplier_orgnr, "");
    assert_eq!(power.extension_months, 24);
    assert_eq!(power.value_ore, None);
    assert_eq!(power.category, "electricity");
    assert!(
        file.columns
            .iter()
            .any(|(f, h)| *f == ContractField::Value && h == "Avtalsvärde (kr)")
    );
}

#[test]
fn english_comma_file_and_ignored_columns() {
    let csv = "Contract,Supplier,Start date,End date,Extension,Value,Comment\n\
Fleet leasing,Example Fleet Ltd,2025-01-01,2027-12-31,2 years,\"1,500,000.00\",x\n";
    let file = read_contracts("c.csv", csv.as_bytes(), orgnr);
    assert!(file.is_ok(), "{:?}", file.errors);
    assert_eq!(file.rows[0].extension_months, 24);
    assert_eq!(file.rows[0].value_ore, Some(150_000_000));
    assert_eq!(file.ignored, vec!["Comment".to_owned()]);
}

#[test]
fn every_bad_cell_is_reported_with_line_and_column() {
    let csv = "Avtal;Leverantör;Orgnr;Startdatum;Slutdatum;Förlängning;Värde;CPV;Kategori\n\
Bra avtal;Exempel AB;556677-8899;2025-01-01;2026-01-01;0;100;;\n\
;Exempel AB;556677-8898;2025-13-01;2026-01-01;tre år;-5;3411;okänd\n\
Bilar;;;2026-01-01;2025-01-01;;1,2345;;\n";
    let file = read_contracts("fel.csv", csv.as_bytes(), orgnr);
    assert!(!file.is_ok());
    // The good row is read; the import is refused anyway because of the errors.
    assert_eq!(file.rows.len(), 1);
    let where_: Vec<(Option<u64>, Option<&str>)> = file
        .errors
        .iter()
        .map(|e| (e.line, e.column.as_deref()))
        .collect();
    assert_eq!(
        where_,
        vec![
            (Some(3), Some("1 (Avtal)")),
            (Some(3), Some("3 (Orgnr)")),
            (Some(3), Some("4 (Startdatum)")),
            (Some(3), Some("6 (Förlängning)")),
            (Some(3), Some("7 (Värde)")),
            (Some(3), Some("8 (CPV)")),
            (Some(3), Some("9 (Kategori)")),
            (Some(4), Some("2 (Leverantör)")),
            (Some(4), Some("5 (Slutdatum)")),
            (Some(4), Some("7 (Värde)")),
        ]
    );
    assert_eq!(file.error_count, 10);
    let text = file.errors[2].to_string();
    assert!(
        text.starts_with("fel.csv, rad 3, kolumn 4 (Startdatum): \"2025-13-01\": "),
        "{text}"
    );
    assert!(
        text.contains(" / fel.csv, line 3, column 4 (Startdatum): Expected"),
        "{text}"
    );
}

#[test]
fn missing_columns_and_empty_files() {
    let file = read_contracts("x.csv", b"Namn;Belopp\nA;1\n", orgnr);
    assert_eq!(file.error_count, 1);
    let e = &file.errors[0];
    assert_eq!(e.line, Some(1));
    assert!(
        e.sv.contains("Leverantör") && e.sv.contains("Slutdatum"),
        "{}",
        e.sv
    );
    assert!(e.sv.contains("\"Namn\""), "{}", e.sv);
    for bytes in [&b""[..], b"\r\n;;\r\n", b"Avtal;Leverant\xf6r;Start;Slut\n"] {
        let file = read_contracts("t.csv", bytes, orgnr);
        assert!(!file.is_ok() && file.error_count == 1, "{:?}", file.errors);
        assert!(file.errors[0].line.is_none() || file.errors[0].line == Some(1));
    }
    let file = read_contracts(
        "q.csv",
        b"Avtal;Leverant\xf6r;Start;Slut\n\"a;b;2025-01-01;2026-01-01\n",
        orgnr,
    );
    assert_eq!(file.errors[0].line, Some(2));
    let file = read_contracts("old.xls", b"\xd0\xcf\x11\xe0rest", orgnr);
    assert!(file.errors[0].sv.contains(".xls"));
}

#[test]
fn errors_are_capped_but_counted() {
    let mut csv = String::from("Avtal;Leverantör;Start;Slut\n");
    for _ in 0..150 {
        csv.push_str("A;B;fel;2026-01-01\n");
    }
    let file = read_contracts("m.csv", csv.as_bytes(), orgnr);
    assert_eq!(file.errors.len(), MAX_LISTED_ERRORS);
    assert_eq!(file.error_count, 150);
}

#[test]
fn extension_forms() {
    for (text, months) in [
        ("", Some(0)),
        ("0", Some(0)),
        ("Nej", Some(0)),
        ("24", Some(24)),
        ("24 mån", Some(24)),
        ("18 månader", Some(18)),
        ("6 months", Some(6)),
        ("2 år", Some(24)),
        ("1 year", Some(12)),
        ("2+1+1", Some(24)),
        ("2 + 1 + 1 år", Some(24)),
        ("3+1", Some(12)),
        ("+1+1", Some(24)),
        ("4", Some(4)),
        ("tre", None),
        ("2+", None),
        ("2 mån+1", None),
        ("1,5 år", None),
        ("99999", None),
        ("-3", None),
    ] {
        assert_eq!(parse_extension(text), months, "{text:?}");
    }
}

fn sample_xlsx() -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime as XDate, Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let headers = [
        "Diarienummer",
        "Avtalsnamn",
        "Leverantör",
        "Organisationsnummer",
        "Startdatum",
        "Slutdatum",
        "Option",
        "Avtalsvärde",
        "Kategori",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "RS 2025/7").unwrap();
    ws.write_string(1, 1, "Möbler kontor").unwrap();
    ws.write_string(1, 2, "Demo Möbel AB").unwrap();
    ws.write_number(1, 3, 5566778899.0).unwrap();
    ws.write_datetime_with_format(1, 4, XDate::from_ymd(2025, 2, 1).unwrap(), &date_format)
        .unwrap();
    ws.write_datetime_with_format(1, 5, XDate::from_ymd(2027, 1, 31).unwrap(), &date_format)
        .unwrap();
    ws.write_number(1, 6, 12.0).unwrap();
    ws.write_number(1, 7, 875_000.5).unwrap();
    ws.write_string(1, 8, "Möbler och inredning").unwrap();
    // Row 3: an end date that is text and wrong.
    ws.write_string(2, 1, "IT-drift").unwrap();
    ws.write_string(2, 2, "Exempel IT AB").unwrap();
    ws.write_string(2, 4, "2025-01-01").unwrap();
    ws.write_string(2, 5, "snart").unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn reads_xlsx_with_dates_numbers_and_letters_in_errors() {
    let file = read_contracts("register.xlsx", &sample_xlsx(), orgnr);
    assert_eq!(file.kind, ContractFileKind::Xlsx);
    assert_eq!(file.rows.len(), 1);
    let r = &file.rows[0];
    assert_eq!(r.line, 2);
    assert_eq!(r.reference, "RS 2025/7");
    assert_eq!(r.supplier_orgnr, "556677-8899");
    assert_eq!(
        (r.start_date, r.end_date),
        (date(2025, 2, 1), date(2027, 1, 31))
    );
    assert_eq!(r.extension_months, 12);
    assert_eq!(r.value_ore, Some(87_500_050));
    assert_eq!(r.category, "furniture");
    assert_eq!(file.error_count, 1, "{:?}", file.errors);
    assert_eq!(file.errors[0].line, Some(3));
    assert_eq!(file.errors[0].column.as_deref(), Some("F (Slutdatum)"));
}

#[test]
fn categories_are_the_shipped_ones() {
    assert!(spend_categories().len() > 40);
    assert_eq!(
        find_category("EL").map(|c| c.id.as_str()),
        Some("electricity")
    );
    assert_eq!(
        find_category("vehicle_leasing").map(|c| c.id.as_str()),
        Some("vehicle_leasing")
    );
    assert!(find_category("").is_none());
}

/// xorshift64*: deterministic pseudo-random bytes without a dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn check_invariants(file: &ContractFile) {
    assert!(file.error_count >= file.errors.len());
    assert!(file.errors.len() <= MAX_LISTED_ERRORS);
    for e in &file.errors {
        assert!(!e.sv.is_empty() && !e.en.is_empty());
        assert!(e.column.is_none() || e.line.is_some());
        let _ = e.to_string();
    }
    for r in &file.rows {
        assert!(r.end_date >= r.start_date);
        assert!(r.extension_months <= MAX_EXTENSION_MONTHS);
        assert!(!r.title.is_empty() && !r.supplier_name.is_empty());
        assert!(r.value_ore.is_none_or(|v| v >= 0));
    }
}

/// The fuzz target's loop for machines without cargo-fuzz: mutated real
/// files (CSV and XLSX) and random bytes never panic and keep the invariants.
#[test]
fn mutated_and_random_inputs_never_panic() {
    let seeds: Vec<(&str, Vec<u8>)> = vec![
        ("a.csv", swedish_cp1252()),
        ("b.xlsx", sample_xlsx()),
        (
            "c.csv",
            b"Contract,Supplier,Start,End,Extension\nA,B,2025-01-01,2026-01-01,2+1+1\n".to_vec(),
        ),
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let alphabet = b";,\"\n\r+-0123456789 abkrm\xe5\xe4\xf6\xc3PK\x03\x04";
    for round in 0..3000 {
        let (name, seed) = &seeds[round % seeds.len()];
        let mut data = seed.clone();
        let edits = 1 + rng.below(8);
        for _ in 0..edits {
            match rng.below(4) {
                0 if !data.is_empty() => {
                    let i = rng.below(data.len());
                    data[i] = alphabet[rng.below(alphabet.len())];
                }
                1 if !data.is_empty() => {
                    let i = rng.below(data.len());
                    data.remove(i);
                }
                2 => {
                    let i = rng.below(data.len() + 1);
                    data.insert(i, alphabet[rng.below(alphabet.len())]);
                }
                _ => {
                    let cut = rng.below(data.len() + 1);
                    data.truncate(cut);
                }
            }
        }
        check_invariants(&read_contracts(name, &data, orgnr));
    }
    for _ in 0..500 {
        let len = rng.below(300);
        let data: Vec<u8> = (0..len)
            .map(|_| alphabet[rng.below(alphabet.len())])
            .collect();
        check_invariants(&read_contracts("r.csv", &data, orgnr));
    }
}
